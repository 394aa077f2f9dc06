"""The sender against real RabbitMQ and the simulator: per-citizen order under retries and the
pair rate limit, halts that pause the number (visible and resumable under /admin), the
24-hour window (held messages and the reopen template, also for a late 131047 status),
delivery statuses reaching their origin, and two replicas sharing one budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import pytest
from common import topology
from common.contracts import DeliveryStatus, InboundActivity, OutboundMessage, Recipient
from common.privacy import PrivacyRequest
from common.service import Runtime
from sender.__main__ import HELD_KEY
from sender.parking import MemoryParking
from sender.records import MemoryRecords

from tests.integration.conftest import builder, start_helpline, stop_helpline
from tests.integration.harness import Helpline, new_number, queue_depth, settings_for

pytestmark = pytest.mark.integration

FAST = {"SENDER_RETRY_BASE_S": "0.2", "SENDER_FAILOVER_PAUSE_S": "0.2", "SENDER_WINDOW_SAFETY_S": "0"}


@pytest.fixture(autouse=True)
def fast_sender(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in FAST.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
async def sender_only(vhost: str, tokens: dict[str, str]) -> AsyncIterator[Helpline]:
    running = await start_helpline(vhost, tokens, services=("router", "sender"))
    try:
        yield running
    finally:
        await stop_helpline(running)


def outbound(to: str, n: int, *, lane: str = "reply", origin: str = "router", tag: str = "",
             content: dict[str, Any] | None = None) -> OutboundMessage:
    return OutboundMessage(id=f"t{tag}:{to}:{lane}:{n}", origin=origin, lane=lane,  # type: ignore[arg-type]
                           citizen=Recipient(citizen_id=f"cit-{to}", to=to),
                           content=content or {"type": "text", "text": {"body": f"{lane} {n}"}},
                           language="tr", created_at=datetime.now(UTC))


async def publish(helpline: Helpline, *messages: OutboundMessage) -> None:
    publisher = helpline.runtimes["sender"].publisher
    for message in messages:
        await publisher.publish(topology.OUTBOUND, message.lane, message, message_id=message.id)


async def fault(helpline: Helpline, **spec: object) -> None:
    async with helpline.http.post(f"{helpline.sim_url}/sim/faults", json=spec) as resp:
        assert resp.status in (200, 201), await resp.text()


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["body"]["text"]["body"] if m["body"]["type"] == "text" else m["body"]["template"]["name"]
            for m in messages]


async def test_retries_keep_a_citizens_order_and_do_not_hold_up_others(sender_only: Helpline) -> None:
    slow, other = new_number(), new_number()
    await fault(sender_only, code=131000, http_status=500, count=2, to=slow)
    await publish(sender_only, *[outbound(slow, n) for n in range(4)], outbound(other, 0))
    assert texts(await sender_only.replies(other, 1, within=10)) == ["reply 0"]
    assert texts(await sender_only.replies(slow, 4, within=20)) == [f"reply {n}" for n in range(4)]
    assert len(await sender_only.quiet(slow, 1.0)) == 4
    record = await sender_only.db("sender")["outbound"].find_one({"_id": f"t:{slow}:reply:0"})
    assert record["attempts"] == 3 and [e["code"] for e in record["errors"]] == [131000, 131000]


async def test_pair_rate_limit_delays_only_that_citizen_with_growing_waits(sender_only: Helpline) -> None:
    busy, other = new_number(), new_number()
    await fault(sender_only, code=131056, count=2, to=busy)
    started = time.monotonic()
    await publish(sender_only, outbound(busy, 0), outbound(busy, 1), outbound(other, 0))
    await sender_only.replies(other, 1, within=10)
    assert time.monotonic() - started < 3
    got = await sender_only.replies(busy, 2, within=20)
    assert texts(got) == ["reply 0", "reply 1"]
    assert time.monotonic() - started >= 1 + 4 - 0.5  # 4^0 s, then 4^1 s


async def test_halt_code_pauses_the_number_until_staff_resume(sender_only: Helpline, tokens: dict[str, str]) -> None:
    first, second = new_number(), new_number()
    await fault(sender_only, code=190, count=1, to=first)
    await publish(sender_only, outbound(first, 0))
    url = f"http://127.0.0.1:{sender_only.port('sender')}/admin/sender"
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    deadline = time.monotonic() + 10
    while True:
        async with sender_only.http.get(url, headers=admin) as resp:
            state = await resp.json()
        if state["paused"].get("paused"):
            break
        assert time.monotonic() < deadline, state
        await asyncio.sleep(0.2)
    assert "190" in state["pause"]["reason"]
    await publish(sender_only, outbound(second, 0), outbound(first, 1))
    assert await sender_only.quiet(second, 1.5) == []  # the queue is not burned while paused
    # ... nor held unacked for the whole pause (each reconnect would count a delivery towards the
    # quorum queue's limit): the lanes stop consuming and the messages wait in the broker.
    deadline = time.monotonic() + 5
    while await queue_depth(sender_only.vhost, topology.SENDER_REPLY_QUEUE) < 1:
        assert time.monotonic() < deadline, "lane messages still held by the paused sender"
        await asyncio.sleep(0.2)
    async with sender_only.http.post(f"{url}/resume", headers={"Authorization": f"Bearer {tokens['agent']}"}) as resp:
        assert resp.status == 403
    async with sender_only.http.post(f"{url}/resume", headers=admin) as resp:
        assert resp.status == 200
    assert texts(await sender_only.replies(first, 2, within=10)) == ["reply 0", "reply 1"]
    assert texts(await sender_only.replies(second, 1, within=10)) == ["reply 0"]


async def _activity(helpline: Helpline, to: str, at: datetime) -> None:
    await helpline.runtimes["sender"].publisher.publish(
        topology.EVENTS, "activity", InboundActivity(citizen_id=f"cit-{to}", wa_id=to, at=at))


async def test_closed_window_holds_the_message_sends_the_reopen_template_then_the_message(
        sender_only: Helpline) -> None:
    me = new_number()
    await _activity(sender_only, me, datetime.now(UTC) - timedelta(hours=25))
    await asyncio.sleep(0.5)
    await publish(sender_only, outbound(me, 0), outbound(me, 1))
    got = await sender_only.replies(me, 1, within=10)
    assert texts(got) == ["conversation_reopen"]
    assert got[0]["body"]["template"]["language"]["code"] == "tr"
    assert len(await sender_only.quiet(me, 1.0)) == 1  # held, not attempted blindly
    await _activity(sender_only, me, datetime.now(UTC))  # the citizen writes
    assert texts(await sender_only.replies(me, 3, within=10)) == ["conversation_reopen", "reply 0", "reply 1"]


@pytest.mark.parametrize("timing", [
    {"failed_delay_s": 0.5},  # the failed status comes after the send call returned
    {"response_delay_s": 0.7},  # ... before it returned (the record does not know the wamid yet)
], ids=["status-after-send", "status-before-send-returns"])
async def test_late_131047_failed_status_is_held_and_reopened(vhost: str, tokens: dict[str, str],
                                                             timing: dict[str, float]) -> None:
    helpline = await start_helpline(vhost, tokens, sim_overrides={"enforce_window": True, **timing})
    try:
        me = new_number()  # never wrote: WhatsApp (the simulator) says its window is closed
        await publish(helpline, outbound(me, 0))
        # WhatsApp accepted it, then reported 131047 in a failed status; the simulator's outbox
        # lists only what reached the phone, so the template comes first.
        got = await helpline.replies(me, 1, within=15)
        assert texts(got) == ["conversation_reopen"]
        records = helpline.db("sender")["outbound"]
        doc = await records.find_one({"_id": f"t:{me}:reply:0"})
        assert doc["state"] == "failed"
        # The citizen writes (the router tells the sender; the activity names the router's own
        # citizen id, which a real origin also uses): the held message goes out again.
        await helpline.citizen_says(me, "merhaba")
        windows = helpline.db("sender")["windows"]
        assert await _eventually_found(lambda: windows.find_one({"last_inbound_at": {"$exists": True}}))
        await _activity(helpline, me, datetime.now(UTC))
        deadline = time.monotonic() + 15
        while not any(m["body"].get("text", {}).get("body") == "reply 0" for m in await helpline.replies(me, 3)):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.2)
    finally:
        await stop_helpline(helpline)


async def test_an_origin_receives_the_statuses_of_its_own_messages(helpline: Helpline) -> None:
    connection = await aio_pika.connect(f"amqp://guest:guest@127.0.0.1:5672/{helpline.vhost}")
    async with connection:
        channel = await connection.channel()
        mine = await topology.declare_delivery_queue(channel, "testorigin")
        others = await topology.declare_delivery_queue(channel, "otherorigin")
        me = new_number()
        message = outbound(me, 0, origin="testorigin")
        await publish(helpline, message)
        queue = await channel.get_queue(mine)
        seen: list[str] = []
        deadline = time.monotonic() + 15
        while "read" not in seen:
            assert time.monotonic() < deadline, seen
            got = await queue.get(no_ack=True, fail=False)
            if got is None:
                await asyncio.sleep(0.1)
                continue
            event = DeliveryStatus.model_validate_json(got.body)
            assert event.outbound_id == message.id and event.origin == "testorigin"
            seen.append(event.status)
        assert seen[0] == "sent" and "delivered" in seen
        assert (await channel.get_queue(others)).declaration_result.message_count in (0, None)


async def test_a_privacy_notice_to_a_closed_window_fails_at_once_and_is_not_held(sender_only: Helpline) -> None:
    connection = await aio_pika.connect(f"amqp://guest:guest@127.0.0.1:5672/{sender_only.vhost}")
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(await topology.declare_delivery_queue(channel, "noticeorigin"))
        me = new_number()
        await _activity(sender_only, me, datetime.now(UTC) - timedelta(hours=25))
        await asyncio.sleep(0.5)
        notice = outbound(me, 0, origin="noticeorigin").model_copy(update={"correlation_id": "privacy:job-1"})
        await publish(sender_only, notice)
        deadline = time.monotonic() + 10
        while True:
            assert time.monotonic() < deadline, "no failed status for the notice"
            got = await queue.get(no_ack=True, fail=False)
            if got is None:
                await asyncio.sleep(0.1)
                continue
            event = DeliveryStatus.model_validate_json(got.body)
            if event.outbound_id == notice.id and event.status == "failed":
                break
        assert await sender_only.quiet(me, 1.0) == []  # neither the notice nor a reopen template
        parked = sender_only.db("sender")["parked"]
        assert await parked.find_one({}) is None  # nothing keeps the number waiting


async def _eventually_found(query: Any, within: float = 10.0) -> Any:
    deadline = time.monotonic() + within
    while (found := await query()) is None:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.1)
    return found


def _analyse(outbox: list[dict[str, Any]], arrivals: list[float]) -> dict[str, int]:
    from benchmarks.sender_throughput import max_in_window, order_violations

    ids = [m["body"]["text"]["body"] for m in outbox]
    sequences: dict[str, list[int]] = {}
    for out_id in dict.fromkeys(ids):
        citizen, n = out_id.rsplit(" ", 1)
        sequences.setdefault(citizen, []).append(int(n))
    return {"max_window": max_in_window(arrivals), "order": order_violations(sequences),
            "unique": len(set(ids)), "duplicates": len(ids) - len(set(ids))}


async def test_two_replicas_share_one_budget_with_rejections_and_a_fail_over(vhost: str,
                                                                            tokens: dict[str, str],
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark, scaled down: 2 replicas, budget 20/s, 20 % injected rejections, and the
    active replica stopped half-way (the standby takes over after its pause)."""
    monkeypatch.setenv("SENDER_MPS", "20")
    helpline = await start_helpline(vhost, tokens, services=("router",),
                                    sim_overrides={"mps": 20, "status_webhooks": False})
    settings = settings_for("sender", vhost, None, helpline.sim_url, tokens["file"])
    # One store for both, standing in for the MongoDB production replicas share: the parked
    # messages of the replica that stops are the new active one's to release.
    shared = (MemoryRecords(), MemoryParking())
    first: Runtime = builder("sender")(settings, clock=helpline.clock, stores=shared)
    await first.start()
    helpline.runtimes["sender"] = first
    second: Runtime = builder("sender")(settings, clock=helpline.clock, stores=shared)
    await second.start()
    try:
        p = 1 - 0.8 ** (1 / 3)
        for code, status in ((2, 503), (130429, 400), (131056, 400)):
            await fault(helpline, code=code, http_status=status, count=10**6, probability=p)
        citizens = [new_number() for _ in range(20)]
        messages = [OutboundMessage(id=f"s:{c}:{n}", origin="bench", lane="bulk" if i % 2 else "reply",
                                    citizen=Recipient(citizen_id=c, to=c),
                                    content={"type": "text", "text": {"body": f"{c} {n}"}},
                                    created_at=datetime.now(UTC))
                    for n in range(6) for i, c in enumerate(citizens)]
        await publish(helpline, *messages)
        deadline = time.monotonic() + 90
        stopped = False
        while True:
            stats = await helpline.sim("GET", "/sim/stats", params={"arrivals": "1"})
            if not stopped and stats["accepted"] >= len(messages) // 2:
                await first.stop()  # fail-over: the standby becomes active
                stopped = True
            outbox = (await helpline.sim("GET", "/sim/outbox", params={"after": "0"}))["messages"]
            if len({m["body"]["text"]["body"] for m in outbox}) >= len(messages) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)
        stats = await helpline.sim("GET", "/sim/stats", params={"arrivals": "1"})
        outbox = (await helpline.sim("GET", "/sim/outbox", params={"after": "0"}))["messages"]
        result = _analyse(outbox, stats["send_arrivals"])
        assert stopped
        assert result["unique"] == len(messages), result  # zero loss
        assert result["order"] == 0, result
        # Every request counts (the simulator enforces its limit on accepted ones only), and the
        # simulator's own limit never had to answer 130429 (injected ones are counted apart).
        assert result["max_window"] <= 20, result
        assert stats["rejections_by_code"].get("130429", 0) == 0, stats["rejections_by_code"]
        assert result["duplicates"] == 0, result
        assert sum(stats["injected_faults_by_code"].values()) > 0
    finally:
        await second.stop()
        helpline.runtimes.pop("sender", None)
        await stop_helpline(helpline)


async def test_messages_waiting_in_the_sender_are_not_sent_after_their_citizen_is_erased(
        vhost: str, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 4: an erase that completes while a citizen's replies wait behind the budget (buffered
    in the active sender, not in a queue the erase could purge) must stop them; nothing is sent
    and no record of them is recreated."""
    monkeypatch.setenv("SENDER_MPS", "2")
    helpline = await start_helpline(vhost, tokens, services=("router", "sender"),
                                    sim_overrides={"status_webhooks": False})
    try:
        other, me = new_number(), new_number()
        await publish(helpline, *[outbound(other, n) for n in range(6)], *[outbound(me, n) for n in range(3)])
        # One message per citizen at a time: each citizen's first went out at once, the rest
        # wait behind the budget of 2/s, buffered in the sender.
        assert len(await helpline.replies(me, 1, within=10)) == 1
        erase = PrivacyRequest(request_id="job-test-1", action="erase", citizen_id=f"cit-{me}", wa_ids=[me],
                               requested_at=datetime.now(UTC))
        await helpline.runtimes["sender"].publisher.publish(topology.PRIVACY, "req.erase.sender", erase,
                                                            message_id="job-test-1:erase")
        tombstones = helpline.db("sender")["privacy_tombstones"]
        await _eventually_found(lambda: tombstones.find_one({"kind": "citizen"}))
        assert len(await helpline.replies(other, 6, within=15)) == 6
        assert len(await helpline.quiet(me, 2.0)) == 1
        for name in ("outbound", "deliveries", "parked", "parked_keys", "windows"):
            found = await helpline.db("sender")[name].find_one({"$or": [{"citizen_id": f"cit-{me}"},
                                                                        {"message.citizen.to": me}]})
            assert found is None, name
    finally:
        await stop_helpline(helpline)


async def test_the_active_sender_keeps_its_leadership_across_token_refreshes(
        vhost: str, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """RabbitMQ would close a channel whose token stays unacked past consumer_timeout, so the
    active sender swaps its token regularly; it must stay active (and keep sending) across
    several swaps, with one token in circulation."""
    monkeypatch.setenv("SENDER_LEADER_REFRESH_S", "1")
    helpline = await start_helpline(vhost, tokens, services=("sender",), sim_overrides={"status_webhooks": False})
    try:
        held = helpline.runtimes["sender"].app[HELD_KEY]
        dispatcher = held["dispatcher"]
        await _eventually_found(lambda: _true_or_none(dispatcher.active))
        await asyncio.sleep(4.5)  # three or four refreshes
        assert dispatcher.active
        me = new_number()
        await publish(helpline, outbound(me, 0))
        assert len(await helpline.replies(me, 1, within=10)) == 1
        assert dispatcher.active
        assert await queue_depth(helpline.vhost, topology.SENDER_LEADER_QUEUE) == 0  # the one token is held
    finally:
        await stop_helpline(helpline)


async def _true_or_none(value: bool) -> bool | None:
    return True if value else None
