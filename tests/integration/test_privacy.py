"""Privacy end to end (issue 4), real RabbitMQ with every service in-process.

With the in-memory MongoDB double (no MONGODB_URL, no Docker) each service's database lives in
its Runtime: the "stopped service catches up" test therefore checks the mechanism — the erase
event waits in the stopped holder's durable queue, is consumed by the new Runtime, confirmed,
and the job completes — not that the restarted service's (fresh) database was cleaned. On real
MongoDB the same test also checks that the seeded data is gone.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from common.privacy import privacy_key, pseudonym
from common.settings import Settings

from tests.integration.conftest import builder, start_helpline, stop_helpline
from tests.integration.harness import (
    SERVICES,
    Helpline,
    all_text,
    body_text,
    load_fixture,
    new_number,
    queue_depth,
)
from tests.integration.test_fixtures_end_to_end import _eventually

pytestmark = pytest.mark.integration

NAME = "Zeynep Gizlioğlu"


def _text(number: str, text: str, *, timestamp: int | None = None) -> dict[str, Any]:
    data = load_fixture("text_greeting_tr", number=number, timestamp=timestamp)
    value = data["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["profile"]["name"] = NAME
    value["messages"][0]["text"]["body"] = text
    return data


def _tap(number: str, button_id: str) -> dict[str, Any]:
    data = _text(number, "")
    msg = data["entry"][0]["changes"][0]["value"]["messages"][0]
    del msg["text"]
    msg.update(type="interactive", interactive={"type": "button_reply",
                                                "button_reply": {"id": button_id, "title": "Evet, sil"}})
    return data


async def _dump_everything(helpline: Helpline, services: tuple[str, ...] = SERVICES) -> str:
    """Every document of every collection of every service database, as one string."""
    parts: list[str] = []
    for service in services:
        runtime = helpline.runtimes[service]
        if runtime.database is None:
            continue
        for name in await runtime.db.db.list_collection_names():
            docs = await runtime.db[name].find({}).to_list()
            parts.append(f"## {service}.{name}\n" + json.dumps(docs, ensure_ascii=False, default=str))
    return "\n".join(parts)


async def _say(helpline: Helpline, number: str, text: str, expect: int) -> list[dict[str, Any]]:
    before = len(await helpline.replies(number, 0, within=0))
    assert await helpline.post(_text(number, text)) == 200
    replies = await helpline.replies(number, before + expect, within=45)
    assert len(replies) >= before + expect, all_text(replies)
    return replies[before:]


async def _erase(helpline: Helpline, number: str) -> None:
    question = await _say(helpline, number, "verilerimi sil", 1)
    assert question[0]["body"]["type"] == "interactive"
    assert await helpline.post(_tap(number, "privacy.v1.erase_yes")) == 200


async def test_my_data_then_erase_leaves_only_the_destruction_log(helpline: Helpline) -> None:
    me = new_number()
    first = _text(me, "Merhaba")
    assert await helpline.post(first) == 200
    await helpline.replies(me, 1)
    await _say(helpline, me, "canlı destek istiyorum, adım Zeynep, çadır lazım", 1)
    citizen = await helpline.db("router")["citizens"].find_one({"wa_ids": me})
    citizen_id = citizen["_id"]
    assert await helpline.db("support")["requests"].find_one({"citizen_id": citizen_id}) is not None

    summary = all_text(await _say(helpline, me, "verilerim", 1))
    assert "Hakkınızda tuttuğumuz veriler" in summary
    assert "Destek talepleri" in summary and "Profil" in summary and "Size gönderdiğimiz mesajlar" in summary
    assert "Diğer kayıtlar" not in summary, summary

    await _erase(helpline, me)
    replies = await helpline.replies(me, 6, within=45)
    assert "Verileriniz silindi" in all_text(replies), all_text(replies)

    log_col = helpline.db("router")["destruction_log"]
    entry = await _eventually(lambda: log_col.find_one({}))
    key = privacy_key(helpline.runtimes["router"].settings)
    assert entry["subject"] == pseudonym(key, citizen_id)
    assert set(entry["confirmed"]) == {"router", "support", "sender", "blood", "volunteer", "donation"}

    # The sweep of the coordinator's own notices runs once the last one was sent.
    sender_out = helpline.db("sender")["outbound"]
    await _eventually(lambda: _none_left(sender_out, {"correlation_id": {"$regex": "^privacy:"}}))
    await asyncio.sleep(1.0)  # late delivered/read statuses of the notices must not recreate records
    everything = await _dump_everything(helpline)
    for needle in (me, citizen_id, NAME, "Zeynep", "çadır lazım", first["entry"][0]["changes"][0]["value"][
            "messages"][0]["id"]):
        assert needle not in everything, f"{needle!r} still stored"
    assert pseudonym(key, citizen_id) in everything  # the destruction log

    # A WhatsApp redelivery of an old webhook, and a message written before the erase that
    # arrives late, are neither answered nor recreate the citizen.
    count = len(await helpline.replies(me, 0, within=0))
    assert await helpline.post(first) == 200
    assert await helpline.post(_text(me, "kan bağışı", timestamp=int(time.time()) - 120)) == 200
    assert len(await helpline.quiet(me, 2.0)) == count
    assert await helpline.db("router")["citizens"].find_one({"wa_ids": me}) is None

    # Writing again after the erase is a new conversation.
    assert await helpline.post(_text(me, "Merhaba")) == 200
    assert len(await helpline.replies(me, count + 1)) == count + 1


async def _none_left(col: Any, query: dict[str, Any]) -> bool | None:
    return True if await col.count_documents(query) == 0 else None


async def test_a_holder_that_was_down_catches_up_and_staff_are_alerted(vhost: str, tokens: dict[str, str]) -> None:
    helpline = await start_helpline(vhost, tokens, settings_overrides={
        "privacy_confirm_timeout_s": 1, "privacy_report_timeout_s": 1, "privacy_watchdog_interval_s": 0.3})
    try:
        me = new_number()
        await _say(helpline, me, "Merhaba", 1)
        await _say(helpline, me, "canlı destek istiyorum", 1)
        support = helpline.runtimes.pop("support")
        seeded = await support.db["requests"].count_documents({})
        assert seeded >= 1
        await support.stop()

        # "My data" does not wait for the service that is down: a partial answer, saying so.
        partial = all_text(await _say(helpline, me, "verilerim", 1))
        assert "Profil" in partial and "eksik olabilir" in partial, partial

        await _erase(helpline, me)
        jobs = helpline.db("router")["privacy_jobs"]
        job = await _eventually(lambda: jobs.find_one({"action": "erase", "overdue": ["support"]}), within=40)
        assert job["status"] == "running" and "support" not in job["confirmed"]
        assert await queue_depth(vhost, "privacy.support") >= 1
        url = f"http://127.0.0.1:{helpline.port('router')}/admin/privacy/jobs?overdue=1"
        async with helpline.http.get(url, headers={"Authorization": f"Bearer {tokens['staff']}"}) as resp:
            listed = (await resp.json())["items"]
        assert [j["_id"] for j in listed] == [job["_id"]]
        assert "citizen_id" not in listed[0] and "to" not in listed[0]

        restarted = builder("support")(support.settings, clock=helpline.clock)
        await restarted.start()
        helpline.runtimes["support"] = restarted
        done = await _eventually(lambda: jobs.find_one({"_id": job["_id"], "status": "done"}), within=40)
        assert "support" in done["confirmed"]
        assert "Verileriniz silindi" in all_text(await helpline.replies(me, 5, within=40))
        if restarted.db.kind == "mongodb":  # the double forgot the seed with the old Runtime
            assert await restarted.db["requests"].count_documents({}) == 0
    finally:
        await stop_helpline(helpline)


async def test_a_card_number_and_an_iban_appear_nowhere(helpline: Helpline, capfd: pytest.CaptureFixture[str]) -> None:
    me = new_number()
    card, iban = "4111 1111 1111 1111", "TR33 0006 1005 1978 6457 8413 26"
    replies = await _say(helpline, me, f"canlı destek, kartım {card} ve IBAN {iban}", 1)
    stored = await _eventually(lambda: helpline.db("support")["requests"].find_one({"wa_id": me}))
    assert "[kart numarası gizlendi]" in stored["messages"][0]["text"]
    assert "[IBAN gizlendi]" in stored["messages"][0]["text"]
    await asyncio.sleep(0.5)
    everything = await _dump_everything(helpline)
    outbox = json.dumps(await helpline.sim("GET", "/sim/outbox", params={"after": "0"}), ensure_ascii=False)
    logs = "".join(capfd.readouterr())
    for where in (everything, outbox, logs, all_text(replies)):
        for needle in (card, card.replace(" ", ""), iban, iban.replace(" ", ""), "1111 1111"):
            assert needle not in where


async def test_the_erase_question_can_be_declined(helpline: Helpline) -> None:
    me = new_number()
    await _say(helpline, me, "Merhaba", 1)
    await _say(helpline, me, "verilerimi sil", 1)
    assert await helpline.post(_tap(me, "privacy.v1.erase_no")) == 200
    replies = await helpline.replies(me, 3)
    assert "hiçbir şey silinmedi" in body_text(replies[-1])
    assert await helpline.db("router")["citizens"].find_one({"wa_ids": me}) is not None


async def test_stopping_alerts_records_the_withdrawal_and_erase_removes_it(helpline: Helpline) -> None:
    me = new_number()
    await _say(helpline, me, "Merhaba", 1)
    await _say(helpline, me, "DUR", 1)
    citizen = await helpline.db("router")["citizens"].find_one({"wa_ids": me})
    assert citizen is not None
    consents = helpline.db("blood")["consents"]
    record = await consents.find_one({"citizen_id": citizen["_id"], "purpose": "blood_alerts"})
    assert record is not None and record["status"] == "withdrawn"
    assert record["history"][-1]["message_key"]  # which message withdrew it, as a keyed hash
    assert me not in json.dumps(record, default=str)
    await _say(helpline, me, "verilerimi sil", 1)
    assert await helpline.post(_tap(me, "privacy.v1.erase_yes")) == 200
    await _eventually(lambda: _none(consents, citizen["_id"]))


async def _none(collection: Any, citizen_id: str) -> bool:
    return await collection.find_one({"citizen_id": citizen_id}) is None


def test_settings_carry_the_retention_periods() -> None:
    settings = Settings(retention_dead_letters_s=60)
    assert settings.retention_dead_letters_s == 60
    assert settings.retention_restricted_dead_letters_s == 7 * 86400
