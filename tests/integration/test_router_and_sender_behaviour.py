"""Router and sender behaviour against real RabbitMQ: replays after an outage, per-citizen
order across router replicas, retries, dead letters and replay, reconnects."""

from __future__ import annotations

import asyncio
import time

from common.textnorm import has_arabic_script, has_turkish_letters

from tests.integration.conftest import builder
from tests.integration.harness import (
    Helpline,
    all_text,
    body_text,
    load_fixture,
    new_number,
    settings_for,
)
from tests.integration.test_fixtures_end_to_end import _eventually


async def test_replayed_message_within_the_window_is_answered_with_an_apology(helpline: Helpline) -> None:
    me = new_number()
    ten_minutes_ago = int(time.time()) - 600
    assert await helpline.post(load_fixture("text_greeting_tr", number=me, timestamp=ten_minutes_ago)) == 200
    replies = await helpline.replies(me, 2)
    assert "gecikme" in body_text(replies[0]).lower() or "geç" in body_text(replies[0]).lower()
    assert "hoş geldiniz" in body_text(replies[1])


async def test_message_older_than_the_window_is_recorded_for_staff_not_answered(helpline: Helpline,
                                                                               tokens: dict[str, str]) -> None:
    me = new_number()
    a_day_and_more_ago = int(time.time()) - 25 * 3600
    assert await helpline.post(load_fixture("text_agent_tr", number=me, timestamp=a_day_and_more_ago)) == 200
    requests = helpline.db("support")["requests"]
    missed = await _eventually(lambda: requests.find_one({"kind": "missed", "wa_id": me}))
    assert missed["messages"][0]["text"].startswith("canlı destek")
    assert await helpline.quiet(me, 1.0) == []
    url = f"http://127.0.0.1:{helpline.port('support')}/admin/requests?kind=missed"
    async with helpline.http.get(url, headers={"Authorization": f"Bearer {tokens['agent']}"}) as resp:
        assert missed["_id"] in [r["_id"] for r in (await resp.json())["items"]]


def _language(text: str) -> str:
    if has_arabic_script(text):
        return "ar"
    return "tr" if has_turkish_letters(text) else "en"


async def test_one_citizens_messages_are_handled_in_order_across_router_replicas(helpline: Helpline) -> None:
    second_router = builder("router")(
        settings_for("router", helpline.vhost, None if helpline.db("router").kind == "double" else
                     helpline.runtimes["router"].settings.mongodb_url.get_secret_value()  # type: ignore[union-attr]
                     , helpline.sim_url, helpline.runtimes["router"].settings.staff_tokens_file),
        clock=helpline.clock)
    await second_router.start()
    try:
        me = new_number()
        choices = ["English", "Türkçe", "العربية", "English", "Türkçe", "العربية", "English", "Türkçe"]
        for choice in choices:
            data = load_fixture("text_greeting_tr", number=me)
            data["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = choice
            assert await helpline.post(data) == 200
        replies = await helpline.replies(me, 2 * len(choices), within=30)
        assert len(replies) == 2 * len(choices)
        confirmations = [body_text(m) for m in replies if m["body"]["type"] == "text"]
        assert [_language(t) for t in confirmations] == ["en", "tr", "ar", "en", "tr", "ar", "en", "tr"]
    finally:
        await second_router.stop()


async def _fault(helpline: Helpline, **fault: object) -> None:
    async with helpline.http.post(f"{helpline.sim_url}/sim/faults", json=fault) as resp:
        assert resp.status in (200, 201), await resp.text()


async def test_transient_send_failures_are_retried_and_delivered_once(helpline: Helpline) -> None:
    me = new_number()
    await _fault(helpline, code=131000, http_status=500, count=2, to=me)
    assert await helpline.post(load_fixture("text_greeting_tr", number=me)) == 200
    replies = await helpline.replies(me, 1, within=30)
    assert len(replies) == 1
    record = await helpline.db("sender")["outbound"].find_one({"citizen_id": {"$exists": True}, "state": {"$ne": "x"},
                                                                "errors.code": 131000})
    assert record is not None and record["attempts"] == 3
    assert len(await helpline.quiet(me, 1.0)) == 1


async def test_permanent_failure_is_dead_lettered_with_its_reason_and_can_be_replayed(
        helpline: Helpline, tokens: dict[str, str]) -> None:
    me = new_number()
    await _fault(helpline, code=131009, http_status=400, count=1, to=me, details="Parameter value is not valid")
    assert await helpline.post(load_fixture("text_greeting_tr", number=me)) == 200
    store = helpline.db("router")["dead_letters"]
    entry = await _eventually(lambda: store.find_one({"source_queue": "sender.reply"}))
    assert entry["reason"] == "Reject" and "131009" in entry["error"]
    assert await helpline.quiet(me, 0.5) == []
    url = f"http://127.0.0.1:{helpline.port('router')}/admin/dead-letters/{entry['_id']}/replay"
    async with helpline.http.post(url, headers={"Authorization": f"Bearer {tokens['staff']}"}) as resp:
        assert resp.status == 200, await resp.text()
    replies = await helpline.replies(me)
    assert "hoş geldiniz" in all_text(replies)
    assert (await store.find_one({"_id": entry["_id"]}))["status"] == "replayed"


async def test_timeout_after_acceptance_is_the_one_counted_duplicate_window(helpline: Helpline) -> None:
    me = new_number()
    await _fault(helpline, code=131000, count=1, to=me, timeout=True, delay_s=4.0, after_accept=True)
    assert await helpline.post(load_fixture("text_greeting_tr", number=me)) == 200
    replies = await helpline.replies(me, 2, within=30)
    # WhatsApp accepted the first try but the sender never learnt it: the documented window.
    assert len(replies) == 2
    record = await helpline.db("sender")["outbound"].find_one({"attempts": 2, "state": {"$in": ["sent", "delivered",
                                                                                               "read"]}})
    assert record is not None


async def test_services_reconnect_after_the_broker_drops_their_connections(helpline: Helpline) -> None:
    closer = await asyncio.create_subprocess_exec(
        "rabbitmqctl", "-q", "close_all_connections", "-p", helpline.vhost, "test: broker restart",
        stderr=asyncio.subprocess.PIPE)
    _, err = await closer.communicate()
    assert closer.returncode == 0, err
    me = new_number()
    deadline = time.monotonic() + 30
    while await helpline.post(load_fixture("text_greeting_tr", number=me)) != 200:
        assert time.monotonic() < deadline, "gateway did not reconnect"
        await asyncio.sleep(0.5)
    assert "hoş geldiniz" in all_text(await helpline.replies(me, within=30))


async def test_a_complaint_asked_for_is_recorded_even_when_it_mentions_a_keyword(helpline: Helpline) -> None:
    me = new_number()
    await helpline.citizen_says(me, "Merhaba")
    await helpline.replies(me, 1)
    await helpline.citizen_says(me, "4")
    prompt = await helpline.replies(me, 2)
    assert "KZ-" not in all_text(prompt[1:])
    await helpline.citizen_says(me, "kan bağışı merkezinde çok bekledim, temsilciniz de kaba davrandı")
    replies = await helpline.replies(me, 3)
    assert "KZ-F-" in all_text(replies[2:])
    requests = helpline.db("support")["requests"]
    recorded = await requests.find_one({"kind": "feedback", "wa_id": me})
    assert recorded is not None and "çok bekledim" in recorded["messages"][0]["text"]
    # A short command is still a command.
    await helpline.citizen_says(me, "menü")
    assert "1. Kan hizmetleri" in all_text((await helpline.replies(me, 4))[3:])


async def test_a_complaint_asked_for_about_personal_data_is_recorded_not_answered_with_my_data(
        helpline: Helpline) -> None:
    me = new_number()
    await helpline.citizen_says(me, "Merhaba")
    await helpline.replies(me, 1)
    await helpline.citizen_says(me, "4")
    await helpline.replies(me, 2)
    await helpline.citizen_says(me, "Kişisel verilerimin izinsiz paylaşıldığını düşünüyorum, bundan şikayetçiyim")
    replies = await helpline.replies(me, 3)
    assert "KZ-F-" in all_text(replies[2:])
    recorded = await helpline.db("support")["requests"].find_one({"kind": "feedback", "wa_id": me})
    assert recorded is not None and "izinsiz" in recorded["messages"][0]["text"]


async def test_one_citizens_requests_to_a_busy_domain_service_are_answered_in_order(helpline: Helpline) -> None:
    blood = helpline.runtimes["blood"]
    await blood.stop()  # requests queue up while it is down, then arrive together (prefetch > 1)
    me = new_number()
    cities = ["Ankara", "İzmir", "Konya", "Bursa", "Trabzon"]
    for city in cities:
        await helpline.citizen_says(me, f"kan bağışı {city}")
    await asyncio.sleep(0.5)
    restarted = builder("blood")(blood.settings, clock=helpline.clock)
    await restarted.start()
    helpline.runtimes["blood"] = restarted
    replies = await helpline.replies(me, 2 * len(cities), within=30)
    lists = [body_text(m) for m in replies if m["body"]["type"] == "text"]
    assert [next(c for c in cities if c in text) for text in lists] == cities
