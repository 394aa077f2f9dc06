"""The sender's records on both stores (the MongoDB double and the in-process one): the state a
definite error leaves (so only the uncertain window counts as a resend), a status that arrived
before the send returned, and forgetting one message (a send that raced an erase)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from common.contracts import OutboundMessage, Recipient
from common.mongo import Database
from pymongo_async_mock import AsyncMongoMockClient
from sender.records import MemoryRecords, Records

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _mongo() -> Records:
    client = AsyncMongoMockClient(tz_aware=True)
    return Records(Database(client=client, db=client["unit"], kind="double", name="unit"))


STORES: list[Callable[[], Records]] = [_mongo, MemoryRecords]


def _message(n: int = 0) -> OutboundMessage:
    return OutboundMessage(id=f"o{n}", origin="router", lane="reply",
                           citizen=Recipient(citizen_id="c1", to="905550000001"),
                           content={"type": "text", "text": {"body": "x"}}, created_at=NOW)


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_a_definite_error_leaves_the_message_waiting_not_sending(make: Callable[[], Records]) -> None:
    records = make()
    await records.begin_attempt(_message(), NOW)
    assert (await records.get("o0") or {})["state"] == "sending"  # the uncertain window
    await records.note_error(_message(), {"code": 131056, "http_status": 400}, NOW)
    doc = await records.get("o0") or {}
    assert doc["state"] == "waiting" and doc["errors"][0]["code"] == 131056


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_an_error_without_an_answer_leaves_the_message_in_the_uncertain_window(
        make: Callable[[], Records]) -> None:
    records = make()
    await records.begin_attempt(_message(), NOW)
    await records.note_error(_message(), {"code": None, "http_status": None}, NOW)  # a timeout
    assert (await records.get("o0") or {})["state"] == "sending"


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_a_failed_status_before_the_send_returned_shows_on_the_record(make: Callable[[], Records]) -> None:
    records = make()
    await records.begin_attempt(_message(), NOW)
    changed, _ = await records.apply_status("wamid.A", "failed", NOW, [{"code": 131047}], NOW)
    assert changed
    delivery = await records.mark_sent(_message(), "wamid.A", NOW)
    assert delivery["status"] == "failed" and delivery["errors"][0]["code"] == 131047
    assert (await records.get("o0") or {})["state"] == "failed"


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_forget_removes_the_message_and_its_delivery(make: Callable[[], Records]) -> None:
    records = make()
    await records.begin_attempt(_message(0), NOW)
    await records.mark_sent(_message(0), "wamid.A", NOW)
    await records.begin_attempt(_message(1), NOW)
    await records.forget("o0", "wamid.A")
    assert await records.get("o0") is None and await records.get("o1") is not None
    _, delivery = await records.apply_status("wamid.A", "read", NOW, [], NOW)
    assert delivery.get("outbound_id") is None  # the old delivery is gone, not updated


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_a_message_that_fails_without_an_attempt_has_a_failed_record(make: Callable[[], Records]) -> None:
    records = make()
    await records.mark_waiting(_message(), "held", NOW)  # held for a closed window
    assert (await records.get("o0") or {})["state"] == "held"
    await records.mark_failed(_message(), {"code": 131047, "http_status": None}, NOW)
    doc = await records.get("o0") or {}
    assert doc["state"] == "failed" and doc["citizen_id"] == "c1" and doc["errors"][0]["code"] == 131047
    assert [d["_id"] for d in await records.failed_outbound(10)] == ["o0"]
    fresh = make()  # also when nothing recorded it before
    await fresh.mark_failed(_message(1), {"code": 131047, "http_status": None}, NOW)
    assert [d["_id"] for d in await fresh.failed_outbound(10)] == ["o1"]


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_waiting_does_not_overwrite_an_attempted_record(make: Callable[[], Records]) -> None:
    records = make()
    await records.begin_attempt(_message(), NOW)
    await records.mark_waiting(_message(), "parked", NOW)
    assert (await records.get("o0") or {})["state"] == "sending"


@pytest.mark.parametrize("make", STORES, ids=["double", "memory"])
async def test_a_status_ties_a_delivery_the_send_never_recorded_to_the_recipient(
        make: Callable[[], Records]) -> None:
    records = make()  # a timeout after acceptance: only statuses know this wamid
    _, delivery = await records.apply_status("wamid.T", "delivered", NOW, [], NOW,
                                             recipient_id="905550000001", recipient_user_id=None)
    assert delivery["recipient_id"] == "905550000001" and "recipient_user_id" not in delivery
