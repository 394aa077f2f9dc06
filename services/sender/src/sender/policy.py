"""The sender's decisions as plain functions and small state machines, tested without a broker.

- `budget`: what the sender may use of the number's throughput (§6.1: inbound counts too).
- `PacedLimiter`: never more than the budget arriving in any sliding window, paced evenly.
- `choose_lane`: replies first, bulk a reserved minimum share.
- `retry_delay` / `pair_delay`: back-off with jitter; Meta's 4^X s recipe for 131056.
- `window_open`: the 24-hour customer-service window with a safety margin.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import random
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

Lane = Literal["reply", "bulk"]


def budget(cap: int, inbound_rate: float, headroom: int) -> int:
    """Meta counts inbound and outbound together: keep the larger of the observed inbound rate
    and the configured headroom free. Never below 1, so sending does not stop entirely."""
    reserved = max(headroom, math.ceil(inbound_rate))
    return max(1, cap - reserved)


class Slot:
    """One send's claim on the budget, from before the request leaves until `window_s` after its
    response came back (see `PacedLimiter`)."""

    __slots__ = ("_limiter", "_state", "reserved_at", "sent_at")

    def __init__(self, limiter: PacedLimiter, now: float) -> None:
        self._limiter = limiter
        self._state = "reserved"
        self.reserved_at = now
        self.sent_at = now

    def sending(self) -> float:
        """The request is about to leave: from now on only `finish` may release the slot.
        Returns how long the slot was held before (the caller's own preparation)."""
        self._state = "sending"
        self.sent_at = self._limiter._clock()
        return self.sent_at - self.reserved_at

    def finish(self, *, uncertain: bool = False) -> float:
        """The response (or an error response) came back. `uncertain`: no response at all (a
        timeout, a broken connection): the request may still reach Meta a little later.
        Returns the round trip."""
        if self._state != "done":
            self._state = "done"
            return self._limiter._finished(uncertain) - self.sent_at
        return 0.0

    def release(self) -> None:
        """The send is over, whatever happened: a slot never used is given back at once; one
        whose request left without `finish` being called counts as uncertain."""
        if self._state == "reserved":
            self._state = "done"
            self._limiter._cancelled(self.reserved_at)
        elif self._state == "sending":
            self.finish(uncertain=True)


class PacedLimiter:
    """Never more than `budget` sends *arriving at Meta* in any sliding `window_s`, paced evenly.

    The sender cannot see when a request arrives, only that it arrives after the request left
    and before its response came back. So every send holds a slot from before it leaves until
    `window_s` after its response (plus `margin_s`), and a new send may start only while fewer
    than `budget` slots are held. Proof sketch: if `budget + 1` arrivals fell into one window,
    the one that started last started within `window_s` of every other arrival, so each other
    send was still in flight or had answered less than `window_s` before: `budget` slots held.
    Unlike a margin on the departure times, this holds however late a response is, on a busy
    machine or a slow network, and costs only the round trip: the budget is used at
    `budget / (window_s + rtt)` per second. A request that got no response (timeout) keeps its
    slot one more window, as it may still arrive.

    Pacing spreads the sends evenly (one every `window_s / budget`), with a bounded catch-up
    after a late timer so that a busy event loop does not lose throughput, and no burst after
    idling. With one active sender this is the whole number's outbound budget.
    """

    CATCH_UP_SLOTS = 2
    CATCH_UP_S = 0.05  # at 1,000/s: 50 slots; never more than 50 ms worth of sends at once
    MAX_EXTRA_MARGIN_S = 0.08
    POLL_S = 0.001  # every slot is in flight: look again this soon

    def __init__(self, budget: int, *, window_s: float = 1.0, margin_s: float = 0.0,
                 clock: Callable[[], float]) -> None:
        self._budget = max(1, budget)
        self._window = window_s
        self._margin = margin_s
        self._extra = 0.0
        self._hold = window_s + margin_s
        self._clock = clock
        self._in_flight = 0
        self._released: list[float] = []  # heap: when finished slots become free again
        self._starts: deque[float] = deque()  # for the current-rate gauge only
        self._next = 0.0

    @property
    def budget(self) -> int:
        return self._budget

    @property
    def interval(self) -> float:
        return self._window / self._budget

    @property
    def held(self) -> int:
        """Slots held now: sends in flight and those answered within the last window."""
        self._trim(self._clock())
        return self._in_flight + len(self._released)

    def set_budget(self, value: int) -> None:
        self._budget = max(1, value)

    def throttled(self) -> None:
        """Meta answered 130429 although we kept to the budget: something else uses the number
        (inbound above the estimate, another client). Hold slots longer (bounded); `relax`
        narrows it again over time."""
        self._extra = min(self.MAX_EXTRA_MARGIN_S, self._extra + 0.01)
        self._hold = self._window + self._margin + self._extra

    def relax(self) -> None:
        """Called once a second without a 130429."""
        self._extra = max(0.0, self._extra - 0.005)
        self._hold = self._window + self._margin + self._extra

    def delay(self) -> float:
        """Seconds until the next send may start (0 when it may start now)."""
        now = self._clock()
        self._trim(now)
        earliest = max(now, self._next)
        over = self._in_flight + len(self._released) - self._budget + 1
        if over > 0:
            if over > len(self._released):
                return max(self.POLL_S, earliest - now)  # wait for a response
            free_at = self._released[0] if over == 1 else heapq.nsmallest(over, self._released)[-1]
            earliest = max(earliest, free_at)
        return max(0.0, earliest - now)

    def reserve(self) -> Slot:
        """Take a slot now (call when `delay()` is 0); the caller must `release` it."""
        now = self._clock()
        self._in_flight += 1
        self._starts.append(now)
        catch_up = max(self.CATCH_UP_SLOTS, int(self.CATCH_UP_S * self._budget)) * self.interval
        self._next = max(self._next, now - catch_up) + self.interval
        return Slot(self, now)

    def rate(self) -> int:
        """Sends started in the last second (the gauge `sender_current_rate_mps`)."""
        now = self._clock()
        while self._starts and self._starts[0] <= now - 1.0:
            self._starts.popleft()
        return len(self._starts)

    def _finished(self, uncertain: bool) -> float:
        now = self._clock()
        self._in_flight -= 1
        hold = self._hold + (self._window if uncertain else 0.0)
        heapq.heappush(self._released, now + hold)
        return now

    def _cancelled(self, reserved_at: float) -> None:
        self._in_flight -= 1
        with contextlib.suppress(ValueError):
            self._starts.remove(reserved_at)  # not sent: not part of the current rate

    def _trim(self, now: float) -> None:
        while self._released and self._released[0] <= now:
            heapq.heappop(self._released)


class LaneShare:
    """Replies go first; while both lanes wait, bulk gets at least `min_share` of the sends.

    Counted over the last `horizon` contested picks (both lanes had work), so a reply burst
    cannot starve bulk and bulk can never take more than its share from waiting replies; picks
    made while one lane was empty do not count, or bulk arriving after a replies-only spell
    would take ten slots in a row while replies wait.
    """

    def __init__(self, min_share: float, horizon: int = 100) -> None:
        self._min_share = min_share
        self._horizon = horizon
        self._recent: deque[Lane] = deque()
        self._bulk = 0  # bulk picks in `_recent`, so the share is O(1) at every slot

    def choose(self, reply_ready: bool, bulk_ready: bool) -> Lane | None:
        lane = choose_lane(reply_ready, bulk_ready, self.bulk_share(), self._min_share)
        if lane is not None and reply_ready and bulk_ready:
            self.record(lane)
        return lane

    def order(self) -> tuple[Lane, Lane]:
        """Which lane to try first when both may have work (the dispatcher tries both)."""
        first = choose_lane(True, True, self.bulk_share(), self._min_share)
        return ("bulk", "reply") if first == "bulk" else ("reply", "bulk")

    def record(self, lane: Lane) -> None:
        self._recent.append(lane)
        self._bulk += lane == "bulk"
        if len(self._recent) > self._horizon:
            self._bulk -= self._recent.popleft() == "bulk"

    def bulk_share(self) -> float:
        return self._bulk / len(self._recent) if self._recent else 0.0


def choose_lane(reply_ready: bool, bulk_ready: bool, bulk_share: float, min_share: float) -> Lane | None:
    if reply_ready and bulk_ready:
        return "bulk" if bulk_share < min_share else "reply"
    if reply_ready:
        return "reply"
    if bulk_ready:
        return "bulk"
    return None


def retry_delay(attempt: int, *, base_s: float, max_s: float, rand: Callable[[], float] = random.random) -> float:
    """Exponential back-off with full jitter on the upper half: base·2^(attempt-1), capped."""
    ceiling = min(max_s, base_s * 2.0 ** max(0, attempt - 1))
    return float(ceiling * (0.5 + rand() / 2))


def pair_delay(hits: int, *, max_s: float) -> float:
    """Meta's recipe for 131056: wait 4^X s, X = 0, 1, 2, … consecutive pair-limit hits."""
    return float(min(max_s, 4 ** max(0, hits)))


def window_open(last_inbound: datetime | None, now: datetime, *, window_s: int, safety_s: int) -> bool | None:
    """True/False when known; None when the sender has not seen the citizen write (then it
    sends, and Meta's 131047 failed status is the backstop)."""
    if last_inbound is None:
        return None
    return now < last_inbound + timedelta(seconds=window_s - safety_s)
