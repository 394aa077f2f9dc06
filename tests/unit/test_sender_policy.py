"""The sender's decisions without a broker: budget, limiter, lanes, back-off, window, parking,
and the in-memory records (same behaviour as the MongoDB ones)."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from common.contracts import OutboundMessage, Recipient
from sender.parking import MemoryParking, ParkState, park_key
from sender.policy import LaneShare, PacedLimiter, Slot, budget, choose_lane, pair_delay, retry_delay, window_open
from sender.records import WINDOW_CLOSED, MemoryRecords

T0 = datetime(2026, 2, 6, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def max_in_window(times: list[float], window: float = 1.0) -> int:
    best, left = 0, 0
    for right, t in enumerate(times):
        while times[left] <= t - window:
            left += 1
        best = max(best, right - left + 1)
    return best


def test_budget_keeps_the_larger_of_inbound_rate_and_headroom_free() -> None:
    assert budget(80, 0, 0) == 80
    assert budget(80, 12.2, 5) == 67
    assert budget(80, 2, 10) == 70
    assert budget(1000, 0, 0) == 1000
    assert budget(80, 500, 0) == 1  # never stops entirely


def drive(limiter: PacedLimiter, clock: FakeClock, count: int, rtt: Callable[[int], float],
          late: Callable[[int], float] = lambda _i: 0.0,
          arrive: Callable[[int], float] = lambda _i: 0.5) -> tuple[list[float], list[float]]:
    """A sender that is always ready, on a simulated clock: send i leaves when the limiter
    allows (plus a timer overshoot `late(i)`), its response comes `rtt(i)` later, and it
    reaches Meta at fraction `arrive(i)` of the way (0 = at once, 1 = just before answering).
    Returns (departure times, arrival times at Meta)."""
    pending: list[tuple[float, int, Slot]] = []  # (response time, i, slot)
    departures: list[float] = []
    arrivals: list[float] = []
    for i in range(count):
        while True:
            wait = limiter.delay()
            due = pending[0][0] if pending else None
            if due is not None and due <= clock.t + wait:
                clock.t = max(clock.t, due)
                _, _, slot = heapq.heappop(pending)
                slot.finish()
                continue
            if wait > 0:
                clock.t += wait
                continue
            break
        clock.t += late(i)
        slot = limiter.reserve()
        slot.sending()
        departures.append(clock.t)
        arrivals.append(clock.t + arrive(i) * rtt(i))
        heapq.heappush(pending, (clock.t + rtt(i), i, slot))
    return departures, sorted(arrivals)


@pytest.mark.parametrize("cap", [5, 80, 1000])
def test_limiter_keeps_every_arrival_window_within_the_budget_and_uses_it(cap: int) -> None:
    clock = FakeClock()
    limiter = PacedLimiter(cap, clock=clock)
    rng = random.Random(cap)
    # Round trips of 2-5 ms, one in 50 taking 200 ms; timers up to 3 ms late; each request
    # reaches Meta anywhere between leaving and being answered.
    rtts = [0.2 if rng.random() < 0.02 else rng.uniform(0.002, 0.005) for _ in range(cap * 6)]
    departures, arrivals = drive(limiter, clock, cap * 6, rtt=lambda i: rtts[i],
                                 late=lambda i: 0.003 if i % 7 == 0 else 0.0, arrive=lambda _i: rng.random())
    assert max_in_window(arrivals) <= cap
    rate = (len(departures) - 1) / (departures[-1] - departures[0])
    assert rate >= cap * 0.98, rate


def test_arrival_jitter_larger_than_any_margin_cannot_put_one_more_into_a_window() -> None:
    """The worst case for a departure-time limiter: early sends arrive just before their
    (slow) response, later ones at once. Counting each send until a window after its response
    still keeps Meta's window within the budget; pacing departures alone would not."""
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    slow = {i for i in range(400) if (i // 40) % 2 == 0}
    _, arrivals = drive(limiter, clock, 400, rtt=lambda i: 0.05 if i in slow else 0.001,
                        arrive=lambda i: 1.0 if i in slow else 0.0)
    assert max_in_window(arrivals) <= 80


def test_a_send_without_answer_holds_its_slot_longer_and_an_unused_one_is_given_back() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(2, clock=clock)
    first, second = limiter.reserve(), limiter.reserve()
    assert limiter.held == 2 and limiter.delay() > 0
    second.release()  # never sent (a duplicate, a held message): free at once
    assert limiter.held == 1
    first.sending()
    first.release()  # left, but no answer (timeout): it may still arrive, for two windows
    clock.t += 1.5
    assert limiter.held == 1
    clock.t += 0.6
    assert limiter.held == 0
    third = limiter.reserve()
    third.sending()
    third.finish()
    third.release()  # after finish, release changes nothing
    clock.t += 0.999
    assert limiter.held == 1
    clock.t += 0.002
    assert limiter.held == 0


def test_limiter_does_not_burst_after_idling() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    drive(limiter, clock, 80, rtt=lambda _i: 0.002)
    clock.t += 30.0
    times, _ = drive(limiter, clock, 200, rtt=lambda _i: 0.002)
    assert max_in_window(times) <= 80
    # At most the bounded catch-up goes back to back; the rest is evenly spaced, not all at once.
    burst = max(PacedLimiter.CATCH_UP_SLOTS, int(PacedLimiter.CATCH_UP_S * 80)) + 1
    assert times[burst + 10] - times[0] >= 10 * limiter.interval - 1e-9


def test_limiter_budget_changes_apply() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    drive(limiter, clock, 100, rtt=lambda _i: 0.002)
    limiter.set_budget(40)
    start = clock.t
    _, arrivals = drive(limiter, clock, 200, rtt=lambda _i: 0.002)
    assert max_in_window([t for t in arrivals if t > start + 1.01]) <= 40
    assert limiter.delay() >= 0


def test_replies_go_first_and_bulk_gets_its_minimum_share() -> None:
    assert choose_lane(True, True, 0.5, 0.1) == "reply"
    assert choose_lane(True, True, 0.05, 0.1) == "bulk"
    assert choose_lane(False, True, 0.9, 0.1) == "bulk"
    assert choose_lane(True, False, 0.0, 0.1) == "reply"
    assert choose_lane(False, False, 0.0, 0.1) is None
    share = LaneShare(0.1)
    picks = [share.choose(True, True) for _ in range(1000)]
    assert 0.09 <= picks.count("bulk") / 1000 <= 0.11  # never starves, never takes more
    after_replies_only = LaneShare(0.1)
    for _ in range(100):
        assert after_replies_only.choose(True, False) == "reply"
    contested = "".join(after_replies_only.choose(True, True) or "" for _ in range(30))
    assert "bulkbulk" not in contested  # bulk arriving later does not take slots in a row
    assert 2 <= contested.count("bulk") <= 4
    only_replies = LaneShare(0.0)
    assert all(only_replies.choose(True, True) == "reply" for _ in range(50))


def test_retry_delay_grows_with_jitter_and_is_capped() -> None:
    assert retry_delay(1, base_s=1, max_s=300, rand=lambda: 0.0) == 0.5
    assert retry_delay(1, base_s=1, max_s=300, rand=lambda: 1.0) == 1.0
    assert retry_delay(4, base_s=1, max_s=300, rand=lambda: 1.0) == 8.0
    assert retry_delay(30, base_s=1, max_s=300, rand=lambda: 1.0) == 300.0
    assert 150 <= retry_delay(30, base_s=1, max_s=300) <= 300


def test_pair_rate_limit_waits_four_to_the_x_seconds() -> None:
    assert [pair_delay(x, max_s=1024) for x in range(6)] == [1, 4, 16, 64, 256, 1024]
    assert pair_delay(9, max_s=1024) == 1024


def test_window_open_with_safety_margin_and_unknown() -> None:
    assert window_open(None, T0, window_s=86400, safety_s=300) is None
    assert window_open(T0 - timedelta(hours=23), T0, window_s=86400, safety_s=300) is True
    assert window_open(T0 - timedelta(hours=23, minutes=56), T0, window_s=86400, safety_s=300) is False
    assert window_open(T0 - timedelta(hours=25), T0, window_s=86400, safety_s=300) is False


async def test_parking_keeps_order_and_frees_the_citizen_when_empty() -> None:
    parking = MemoryParking()
    key = park_key("reply", "cit1")
    state = ParkState(key=key, lane="reply", citizen_id="cit1", until=T0, reason="retry:131000")
    for n in range(3):
        await parking.add(state, {"n": n}, T0)
    assert [e.body["n"] for e in await parking.entries(key)] == [0, 1, 2]
    assert list(await parking.load()) == [key]
    head = await parking.head(key)
    assert head is not None and head.body == {"n": 0}
    assert await parking.remove(head) is False
    for entry in await parking.entries(key):
        last = await parking.remove(entry)
    assert last is True and await parking.load() == {}


def _message(n: int = 0) -> OutboundMessage:
    return OutboundMessage(id=f"out_{n}", origin="router", citizen=Recipient(citizen_id="c1", to="905390000001"),
                           content={"type": "text", "text": {"body": "x"}}, created_at=T0)


async def test_memory_records_never_move_backwards_and_keep_early_statuses() -> None:
    records = MemoryRecords()
    changed, _ = await records.apply_status("wamid.A", "delivered", T0, [], T0)  # before the send is recorded
    assert changed
    await records.begin_attempt(_message(), T0)
    delivery = await records.mark_sent(_message(), "wamid.A", T0)
    assert delivery["status"] == "delivered"
    assert (await records.get("out_0"))["state"] == "delivered"  # type: ignore[index]
    assert (await records.apply_status("wamid.A", "sent", T0, [], T0))[0] is False
    assert (await records.apply_status("wamid.A", "delivered", T0, [], T0))[0] is False
    assert (await records.apply_status("wamid.A", "read", T0, [], T0))[0] is True


async def test_memory_records_windows_and_pause() -> None:
    records = MemoryRecords()
    await records.note_activity("c1", T0)
    await records.note_activity("c1", T0 - timedelta(hours=1))  # an older replay does not move it back
    assert await records.last_inbound("c1") == T0
    await records.close_window("c1", T0 + timedelta(seconds=1))
    assert await records.last_inbound("c1") == WINDOW_CLOSED  # known closed, not unknown
    assert window_open(WINDOW_CLOSED, T0, window_s=86400, safety_s=60) is False
    await records.close_window("c2", T0)  # a 131047 for a citizen never seen writing
    assert await records.last_inbound("c2") == WINDOW_CLOSED
    await records.note_activity("c1", T0 + timedelta(seconds=2))
    await records.close_window("c1", T0 + timedelta(seconds=1))  # they wrote since: the window is open
    assert await records.last_inbound("c1") == T0 + timedelta(seconds=2)
    await records.pause("WhatsApp error 190", 190, T0)
    assert (await records.pause_state())["paused"] is True
    await records.resume("ayse", T0)
    assert (await records.pause_state())["paused"] is False


async def test_a_message_parked_again_goes_before_the_citizens_later_ones() -> None:
    parking = MemoryParking()
    state = ParkState(key=park_key("reply", "c1"), lane="reply", citizen_id="c1", until=None, reason="window")

    def body(n: int) -> dict[str, object]:
        return {"id": f"o{n}", "created_at": (T0 + timedelta(seconds=n)).isoformat()}

    for n in (2, 3, 5):
        await parking.add(state, body(n), T0)
    await parking.add_in_order(state, body(1), T0)  # a late 131047 for an earlier message
    await parking.add_in_order(state, body(4), T0)
    await parking.add_in_order(state, body(6), T0)
    assert [e.body["id"] for e in await parking.entries(state.key)] == ["o1", "o2", "o3", "o4", "o5", "o6"]


def test_the_current_rate_counts_only_slots_that_were_used() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    used, given_back = limiter.reserve(), limiter.reserve()
    used.sending()
    used.finish()
    given_back.release()  # a duplicate or a held message: nothing was sent
    assert limiter.rate() == 1
