"""The sender's decisions as plain functions and small state machines, tested without a broker.

- `budget`: what the sender may use of the number's throughput (§6.1: inbound counts too).
- `PacedLimiter`: never more than the budget in any sliding window, paced evenly.
- `choose_lane`: replies first, bulk a reserved minimum share.
- `retry_delay` / `pair_delay`: back-off with jitter; Meta's 4^X s recipe for 131056.
- `window_open`: the 24-hour customer-service window with a safety margin.
"""

from __future__ import annotations

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


class PacedLimiter:
    """At most `budget` sends in any `window_s + margin_s` interval, spaced evenly.

    Pacing follows an ideal timeline (one slot every span/budget): a task that wakes a little
    late is allowed to catch up, otherwise every timer overshoot would be lost throughput. The
    catch-up is bounded and the window check is absolute: it uses the times sends actually
    left (the caller reports them with `sent`), so no burst can exceed the budget. With one
    active sender this is the whole number's outbound budget.
    """

    CATCH_UP_SLOTS = 2
    CATCH_UP_S = 0.01  # at 1,000/s: 10 slots; never more than 10 ms worth of sends at once
    MAX_EXTRA_MARGIN_S = 0.08

    def __init__(self, budget: int, *, window_s: float = 1.0, margin_s: float = 0.01,
                 clock: Callable[[], float]) -> None:
        self._budget = max(1, budget)
        self._window = window_s
        self._margin = margin_s
        self._extra = 0.0
        self._span = window_s + margin_s
        self._clock = clock
        self._times: deque[float] = deque()
        self._next = 0.0

    @property
    def budget(self) -> int:
        return self._budget

    @property
    def interval(self) -> float:
        return self._span / self._budget

    def set_budget(self, value: int) -> None:
        self._budget = max(1, value)

    def throttled(self) -> None:
        """Meta answered 130429 although we kept to the budget: arrival jitter is larger than
        the margin. Widen the margin (bounded); `relax` narrows it again over time."""
        self._extra = min(self.MAX_EXTRA_MARGIN_S, self._extra + 0.01)
        self._span = self._window + self._margin + self._extra

    def relax(self) -> None:
        """Called once a second without a 130429."""
        self._extra = max(0.0, self._extra - 0.005)
        self._span = self._window + self._margin + self._extra

    def delay(self) -> float:
        """Seconds until the next send may leave (0 when it may leave now)."""
        now = self._clock()
        self._trim(now)
        earliest = max(now, self._next)
        if len(self._times) >= self._budget:
            earliest = max(earliest, self._times[-self._budget] + self._span)
        return max(0.0, earliest - now)

    def sent(self) -> None:
        now = self._clock()
        self._times.append(now)
        catch_up = max(self.CATCH_UP_SLOTS, int(self.CATCH_UP_S * self._budget)) * self.interval
        self._next = max(self._next, now - catch_up) + self.interval

    def rate(self) -> int:
        """Sends in the last second (the gauge `sender_current_rate_mps`)."""
        now = self._clock()
        self._trim(now)
        return sum(1 for t in self._times if t > now - 1.0)

    def _trim(self, now: float) -> None:
        keep = max(self._span, 1.0)
        while self._times and self._times[0] <= now - keep:
            self._times.popleft()


class LaneShare:
    """Replies go first; while both lanes wait, bulk gets at least `min_share` of the sends.

    Counted over the last `horizon` picks, so a reply burst cannot starve bulk and bulk can
    never take more than its share from waiting replies.
    """

    def __init__(self, min_share: float, horizon: int = 100) -> None:
        self._min_share = min_share
        self._recent: deque[Lane] = deque(maxlen=horizon)

    def choose(self, reply_ready: bool, bulk_ready: bool) -> Lane | None:
        lane = choose_lane(reply_ready, bulk_ready, self.bulk_share(), self._min_share)
        if lane is not None:
            self.record(lane)
        return lane

    def order(self) -> tuple[Lane, Lane]:
        """Which lane to try first when both may have work (the dispatcher tries both)."""
        first = choose_lane(True, True, self.bulk_share(), self._min_share)
        return ("bulk", "reply") if first == "bulk" else ("reply", "bulk")

    def record(self, lane: Lane) -> None:
        self._recent.append(lane)

    def bulk_share(self) -> float:
        return sum(1 for lane in self._recent if lane == "bulk") / len(self._recent) if self._recent else 0.0


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
