"""The sender's decisions without a broker: budget, limiter, lanes, back-off, window, parking,
and the in-memory records (same behaviour as the MongoDB ones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from common.contracts import OutboundMessage, Recipient
from sender.parking import MemoryParking, ParkState, park_key
from sender.policy import LaneShare, PacedLimiter, budget, choose_lane, pair_delay, retry_delay, window_open
from sender.records import MemoryRecords

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


@pytest.mark.parametrize("cap", [5, 80, 1000])
def test_limiter_never_exceeds_the_budget_in_any_window_and_uses_it(cap: int) -> None:
    clock = FakeClock()
    limiter = PacedLimiter(cap, margin_s=0.01, clock=clock)
    sent: list[float] = []
    # A sender that is always ready, with timers that wake up to 3 ms late.
    for i in range(cap * 5):
        clock.t += limiter.delay() + (0.003 if i % 7 == 0 else 0.0)
        limiter.sent()
        sent.append(clock.t)
    assert max_in_window(sent) <= cap
    rate = (len(sent) - 1) / (sent[-1] - sent[0])
    assert rate >= cap * 0.97, rate


def test_limiter_does_not_burst_after_idling() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    for _ in range(80):
        clock.t += limiter.delay()
        limiter.sent()
    clock.t += 30.0
    times = []
    for _ in range(200):
        clock.t += limiter.delay()
        limiter.sent()
        times.append(clock.t)
    assert max_in_window(times) <= 80
    # At most the bounded catch-up goes back to back; the rest is evenly spaced, not all at once.
    burst = PacedLimiter.CATCH_UP_SLOTS + 1
    assert times[burst + 10] - times[0] >= 10 * limiter.interval - 1e-9


def test_limiter_budget_changes_apply() -> None:
    clock = FakeClock()
    limiter = PacedLimiter(80, clock=clock)
    limiter.set_budget(40)
    times = []
    for _ in range(200):
        clock.t += limiter.delay()
        limiter.sent()
        times.append(clock.t)
    assert max_in_window(times) <= 40


def test_replies_go_first_and_bulk_gets_its_minimum_share() -> None:
    assert choose_lane(True, True, 0.5, 0.1) == "reply"
    assert choose_lane(True, True, 0.05, 0.1) == "bulk"
    assert choose_lane(False, True, 0.9, 0.1) == "bulk"
    assert choose_lane(True, False, 0.0, 0.1) == "reply"
    assert choose_lane(False, False, 0.0, 0.1) is None
    share = LaneShare(0.1)
    picks = [share.choose(True, True) for _ in range(1000)]
    assert 0.09 <= picks.count("bulk") / 1000 <= 0.11  # never starves, never takes more
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
    assert await records.last_inbound("c1") is None
    await records.pause("WhatsApp error 190", 190, T0)
    assert (await records.pause_state())["paused"] is True
    await records.resume("ayse", T0)
    assert (await records.pause_state())["paused"] is False
