"""Gateway against real RabbitMQ: signatures, duplicates, bad bodies, broker outage."""

from __future__ import annotations

import asyncio
import json

from whatsapp_sim.wire import meta_json

from tests.integration.harness import (
    Helpline,
    all_text,
    load_fixture,
    new_number,
    queue_depth,
)
from tests.integration.test_fixtures_end_to_end import _eventually

WORK_QUEUES = ("router.inbound.0", "router.inbound.1", "sender.statuses", "sender.errors", "dead_letters")


async def _published_total(helpline: Helpline) -> int:
    return sum([await queue_depth(helpline.vhost, q) for q in WORK_QUEUES])


async def test_same_webhook_twice_yields_one_reply(helpline: Helpline) -> None:
    me = new_number()
    body = meta_json(load_fixture("text_greeting_tr", number=me))
    assert await helpline.post_webhook(body) == 200
    assert await helpline.post_webhook(body) == 200
    assert len(await helpline.replies(me)) == 1
    assert len(await helpline.quiet(me, 2.0)) == 1


async def test_unsigned_or_badly_signed_posts_publish_nothing(helpline: Helpline) -> None:
    for runtime in helpline.runtimes.values():
        if runtime.name != "gateway":
            await runtime.stop()  # nothing consumes: a publish would stay in a queue
    me = new_number()
    body = meta_json(load_fixture("text_greeting_tr", number=me))
    assert await helpline.post_webhook(body, signature=None) == 401
    assert await helpline.post_webhook(body, signature="sha256=" + "0" * 64) == 401
    assert await helpline.post_webhook(body, signature="sha1=abc") == 401
    assert await helpline.post_webhook(body, signature="sha256=zz\u00e7") == 401
    assert await helpline.post_webhook(body + b" ", signature=None) == 401
    await asyncio.sleep(0.3)
    assert await _published_total(helpline) == 0
    # The same body correctly signed is published: the check above could have failed.
    assert await helpline.post_webhook(body) == 200
    await asyncio.sleep(0.3)
    assert await _published_total(helpline) == 1
    helpline.runtimes = {"gateway": helpline.runtimes["gateway"]}


async def test_signature_is_over_raw_bytes_not_a_reserialisation(helpline: Helpline) -> None:
    me = new_number()
    data = load_fixture("text_blood_upper_istanbul", number=me)
    # Raw UTF-8 and extra whitespace: bytes no JSON serialiser of ours would reproduce.
    body = ("  " + json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    assert await helpline.post_webhook(body) == 200
    assert "İstanbul" in all_text(await helpline.replies(me))


async def test_signed_unparseable_body_is_kept_in_the_dead_letter_store(helpline: Helpline,
                                                                      tokens: dict[str, str]) -> None:
    body = b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":'  # cut off
    assert await helpline.post_webhook(body) == 200
    store = helpline.db("router")["dead_letters"]
    entry = await _eventually(lambda: store.find_one({"reason": "unparseable_webhook"}))
    assert entry["body"] == body.decode()
    assert entry["restricted"] is True and entry["expires_at"] is not None
    base = f"http://127.0.0.1:{helpline.port('router')}/admin/dead-letters"
    async with helpline.http.get(f"{base}/{entry['_id']}", headers={"Authorization": f"Bearer {tokens['staff']}"}) as r:
        assert r.status == 200
        assert (await r.json())["body"].startswith("<restricted")
    async with helpline.http.get(f"{base}/{entry['_id']}", headers={"Authorization": f"Bearer {tokens['admin']}"}) as r:
        assert (await r.json())["body"] == body.decode()
    async with helpline.http.get(base) as r:
        assert r.status == 401
    async with helpline.http.get(base, headers={"Authorization": f"Bearer {tokens['agent']}"}) as r:
        assert r.status == 403


async def test_staff_see_no_input_value_of_a_restricted_entry_anywhere(helpline: Helpline,
                                                                       tokens: dict[str, str]) -> None:
    # The privacy review's repro: entry[0].id missing, the text ends with a card number; staff
    # once read it in the entry's `error` (pydantic's message quotes the input) and its header copy.
    me, card = new_number(), "4111111111111111"
    data = load_fixture("text_greeting_tr", number=me)
    del data["entry"][0]["id"]
    data["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = f"merhaba, kart no {card}"
    body = meta_json(data)
    assert await helpline.post_webhook(body) == 200
    store = helpline.db("router")["dead_letters"]
    entry = await _eventually(lambda: store.find_one({"reason": "unexpected_webhook_shape"}))
    assert "entry.0.id: Field required" in entry["error"] and card not in entry["error"]
    base = f"http://127.0.0.1:{helpline.port('router')}/admin/dead-letters"
    staff, admin = ({"Authorization": f"Bearer {tokens[who]}"} for who in ("staff", "admin"))
    # Defence in depth: an entry stored before the gateway stopped quoting input is hidden too.
    await store.update_one({"_id": entry["_id"]}, {"$set": {
        "error": f"entry.0.id Field required [input_value={{'body': '{card}'}}]",
        "headers.x-helpline-error": f"entry.0.id Field required [input_value={{'body': '{card}'}}]"}})
    for url in (base, f"{base}?reason=unexpected_webhook_shape", f"{base}/{entry['_id']}"):
        async with helpline.http.get(url, headers=staff) as r:
            assert r.status == 200
            seen = await r.text()
        assert entry["_id"] in seen
        for needle in (card, "4111 1111", me, "kart no"):
            assert needle not in seen, (needle, url, seen)
    async with helpline.http.get(f"{base}/{entry['_id']}", headers=staff) as r:
        shown = await r.json()
    assert shown["reason"] == "unexpected_webhook_shape" and shown["error"].startswith("<restricted")
    async with helpline.http.get(f"{base}/{entry['_id']}", headers=admin) as r:
        shown = await r.json()
    assert shown["body"] == body.decode() and card in shown["body"]
    assert card in shown["error"] and card in shown["headers"]["x-helpline-error"]


async def test_unexpected_shape_is_answered_200_and_kept(helpline: Helpline) -> None:
    body = meta_json({"object": "whatsapp_business_account", "entry": {"not": "a list"}})
    assert await helpline.post_webhook(body) == 200
    await _eventually(lambda: helpline.db("router")["dead_letters"].find_one({"reason": "unexpected_webhook_shape"}))


async def test_unknown_message_type_is_carried_and_answered_kindly(helpline: Helpline) -> None:
    me = new_number()
    data = load_fixture("text_greeting_tr", number=me)
    msg = data["entry"][0]["changes"][0]["value"]["messages"][0]
    msg.update(type="hologram", hologram={"id": "h1"}, brand_new_field=True)
    del msg["text"]
    assert await helpline.post(data) == 200
    assert "Ana menü" in all_text(await helpline.replies(me))


async def test_large_batch_up_to_three_megabytes(helpline: Helpline) -> None:
    numbers = [new_number() for _ in range(3)]
    data = load_fixture("text_greeting_tr", number=numbers[0])
    value = data["entry"][0]["changes"][0]["value"]
    template = value["messages"][0]
    for number in numbers[1:]:
        value["contacts"].append({"profile": {"name": "Test"}, "wa_id": number})
        value["messages"].append({**template, "from": number, "id": f"wamid.big{number}"})
    value["padding"] = "x" * (3 * 1024 * 1024 - 2000)  # unknown fields are carried, not rejected
    body = meta_json(data)
    assert len(body) > 3 * 1000 * 1000
    assert await helpline.post_webhook(body) == 200
    for number in numbers:
        assert await helpline.replies(number), number


async def test_verification_handshake(helpline: Helpline) -> None:
    url = helpline.gateway_url
    params = {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1158201444"}
    async with helpline.http.get(url, params=params) as resp:
        assert resp.status == 200 and await resp.text() == "1158201444"
    async with helpline.http.get(url, params={**params, "hub.verify_token": "wrong"}) as resp:
        assert resp.status == 403
    async with helpline.http.get(url, params={**params, "hub.mode": "unsubscribe"}) as resp:
        assert resp.status == 403


async def test_broker_unavailable_answers_503_so_whatsapp_retries(helpline: Helpline) -> None:
    me = new_number()
    body = meta_json(load_fixture("text_greeting_tr", number=me))
    gateway = helpline.runtimes["gateway"]
    assert gateway.connection is not None
    await gateway.connection.close()
    assert await helpline.post_webhook(body) == 503
    async with helpline.http.get(f"http://127.0.0.1:{gateway.port}/readyz") as resp:
        assert resp.status == 503


async def test_hostile_signed_bodies_are_answered_200_and_kept(helpline: Helpline) -> None:
    me = new_number()
    deep = b"[" * 100_000 + b"]" * 100_000
    long_sender = load_fixture("text_greeting_tr", number=me)
    long_sender["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = "9" * 5000
    huge_time = load_fixture("text_greeting_tr", number=me)
    huge_time["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = "9" * 400
    # A good message in the same batch as a bad one is still answered.
    mixed = load_fixture("text_greeting_tr", number=me)
    bad = dict(huge_time["entry"][0]["changes"][0]["value"]["messages"][0])
    mixed["entry"][0]["changes"][0]["value"]["messages"].append(bad)
    for body in (deep, meta_json(long_sender), meta_json(huge_time), meta_json(mixed)):
        assert await helpline.post_webhook(body) == 200
    assert len(await helpline.replies(me)) == 1
    store = helpline.db("router")["dead_letters"]
    entries = await _eventually(lambda: _at_least(store, 4))
    assert {e["reason"] for e in entries} <= {"unparseable_webhook", "unreadable_webhook_item",
                                              "unexpected_webhook_shape"}
    assert all(e["restricted"] for e in entries)


async def _at_least(collection: object, count: int) -> list[dict[str, object]] | None:
    found: list[dict[str, object]] = await collection.find({}).to_list()  # type: ignore[attr-defined]
    return found if len(found) >= count else None
