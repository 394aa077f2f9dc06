"""Webhooks the simulator posts: Meta's envelope, wire bytes and signature."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from common.signature import verify
from whatsapp_sim.wire import meta_json

from tests.tools.sim_helpers import (
    AUTH,
    SECRET,
    SEND_PATH,
    Client,
    Delivery,
    FakeGateway,
    SimFactory,
    buttons_body,
    list_body,
    template_body,
    text_body,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"


def _message(delivery: Delivery) -> Any:
    return delivery.json["entry"][0]["changes"][0]["value"]["messages"][0]


def test_meta_json_reproduces_the_fixture_bytes() -> None:
    for path in sorted(FIXTURES.glob("*.json")):
        raw = path.read_bytes()
        assert meta_json(json.loads(raw)) == raw, path.name


async def test_status_webhooks_sent_delivered_read_signed(sim: Client,
                                                          fake_gateway: FakeGateway) -> None:
    response = await sim.post(SEND_PATH, json=text_body() | {"biz_opaque_callback_data": "j1"},
                              headers=AUTH)
    wamid = (await response.json())["messages"][0]["id"]
    deliveries = await fake_gateway.wait_for(3)
    for delivery in deliveries:
        assert verify(delivery.body, delivery.signature, SECRET)
        assert not verify(delivery.body, delivery.signature, "another-secret")
    assert [s["status"] for s in fake_gateway.statuses()] == ["sent", "delivered", "read"]
    sent, delivered, read = fake_gateway.statuses()
    assert sent["id"] == wamid and sent["recipient_id"] == "905321112233"
    assert sent["biz_opaque_callback_data"] == "j1"
    assert sent["pricing"] == {"billable": False, "pricing_model": "PMP",
                               "category": "service", "type": "free_customer_service"}
    assert "pricing" in delivered and "pricing" not in read
    envelope = deliveries[0].json
    assert envelope["object"] == "whatsapp_business_account"
    assert envelope["entry"][0]["id"] == "102290129340398"
    change = envelope["entry"][0]["changes"][0]
    assert change["field"] == "messages"
    assert change["value"]["metadata"] == {"display_phone_number": "905521501868",
                                           "phone_number_id": "106540352242922"}
    # Same key order as the statuses Meta sent in the fixture.
    assert list(sent) == ["id", "status", "timestamp", "recipient_id",
                          "biz_opaque_callback_data", "pricing"]
    assert list(read) == ["id", "status", "timestamp", "recipient_id",
                          "biz_opaque_callback_data"]
    assert list(envelope["entry"][0]["changes"][0]) == ["value", "field"]


async def test_reactions_only_get_sent(sim: Client, fake_gateway: FakeGateway) -> None:
    body = {"messaging_product": "whatsapp", "to": "905321112233", "type": "reaction",
            "reaction": {"message_id": "wamid.IN", "emoji": "🙏"}}
    await sim.post(SEND_PATH, json=body, headers=AUTH)
    await fake_gateway.wait_for(1)
    await sim.post(SEND_PATH, json=text_body(), headers=AUTH)
    await fake_gateway.wait_for(4)
    assert [s["status"] for s in fake_gateway.statuses()] == ["sent", "sent", "delivered", "read"]


async def test_template_status_pricing_is_utility(sim: Client, fake_gateway: FakeGateway) -> None:
    await sim.post(SEND_PATH, json=template_body(), headers=AUTH)
    await fake_gateway.wait_for(1)
    assert fake_gateway.statuses()[0]["pricing"]["category"] == "utility"


async def test_status_webhooks_can_be_switched_off(make_sim: SimFactory,
                                                   fake_gateway: FakeGateway) -> None:
    sim = await make_sim(status_webhooks=False)
    await sim.post(SEND_PATH, json=text_body(), headers=AUTH)
    await sim.post("/sim/messages", json={"from": "905321112233", "text": "x"})
    assert len(fake_gateway.deliveries) == 1  # only the citizen's message


async def test_non_ascii_and_slash_are_escaped_on_the_wire(sim: Client,
                                                            fake_gateway: FakeGateway) -> None:
    text = "Ayşe: kan bağışı / Kızılay 🙏 العربية"
    response = await sim.post("/sim/messages", json={
        "from": "905321112233", "profile_name": "Ayşe Yılmaz", "text": text})
    data = await response.json()
    assert data["gateway_status"] == 200
    [delivery] = fake_gateway.deliveries
    assert delivery.body.isascii()
    assert b"Ay\\u015fe" in delivery.body
    assert b" \\/ " in delivery.body
    assert b"\\ud83d\\ude4f" in delivery.body
    assert delivery.body == meta_json(delivery.json)  # compact: no spaces between tokens
    assert verify(delivery.body, delivery.signature, SECRET)
    message = _message(delivery)
    assert message["text"] == {"body": text}
    assert message["id"] == data["wamid"]
    assert message["from"] == "905321112233"
    assert message["type"] == "text"
    value = delivery.json["entry"][0]["changes"][0]["value"]
    assert value["contacts"] == [{"profile": {"name": "Ayşe Yılmaz"}, "wa_id": "905321112233"}]


async def test_citizen_text_matches_the_fixture_shape(sim: Client,
                                                      fake_gateway: FakeGateway) -> None:
    fixture = (FIXTURES / "text_greeting_tr.json").read_bytes()
    message = json.loads(fixture)["entry"][0]["changes"][0]["value"]["messages"][0]
    await sim.post("/sim/messages", json={
        "from": "905321112233", "profile_name": "Ayşe Yılmaz", "text": "Merhaba",
        "timestamp": int(message["timestamp"]), "wamid": message["id"]})
    assert fake_gateway.deliveries[0].body == fixture


async def test_taps_reply_to_the_last_interactive_or_template(sim: Client,
                                                              fake_gateway: FakeGateway) -> None:
    await sim.patch("/sim/config", json={"status_webhooks": False})
    list_wamid = (await (await sim.post(SEND_PATH, json=list_body(), headers=AUTH)).json()
                  )["messages"][0]["id"]
    template_wamid = (await (await sim.post(SEND_PATH, json=template_body(), headers=AUTH)
                             ).json())["messages"][0]["id"]
    await sim.post("/sim/messages", json={"from": "905321112233", "interactive": {
        "type": "list_reply", "id": "row.2", "title": "Row 2"}})
    await sim.post("/sim/messages", json={"from": "905321112233", "button": {
        "payload": "ALERT_CAN_COME", "text": "Gelebilirim"}})
    await sim.post("/sim/messages", json={"from": "905321112233", "reaction": "👍"})
    tap, button, reaction = (_message(d) for d in fake_gateway.deliveries)
    assert tap["interactive"] == {"type": "list_reply",
                                  "list_reply": {"id": "row.2", "title": "Row 2"}}
    assert tap["context"] == {"from": "905521501868", "id": list_wamid}
    assert button["button"] == {"payload": "ALERT_CAN_COME", "text": "Gelebilirim"}
    assert button["context"] == {"from": "905521501868", "id": template_wamid}
    assert reaction["reaction"] == {"message_id": template_wamid, "emoji": "👍"}


async def test_button_reply_location_and_bsuid(sim: Client, fake_gateway: FakeGateway) -> None:
    await sim.post("/sim/messages", json={"from": "447700900123", "interactive": {
        "type": "button_reply", "id": "consent.yes", "title": "I agree",
        "context_id": "wamid.OUT"}})
    await sim.post("/sim/messages", json={"from": "905427770011", "location": {
        "latitude": 38.4237, "longitude": 27.1428, "name": "Konak Meydanı"}})
    await sim.post("/sim/messages", json={"user_id": "TR.13491208655302741918",
                                          "profile_name": "Deniz", "text": "Merhaba"})
    button, location, bsuid = fake_gateway.deliveries
    assert _message(button)["context"] == {"from": "905521501868", "id": "wamid.OUT"}
    assert _message(location)["location"] == {"latitude": 38.4237, "longitude": 27.1428,
                                              "name": "Konak Meydanı"}
    assert "from" not in _message(bsuid)
    assert _message(bsuid)["from_user_id"] == "TR.13491208655302741918"
    contacts = bsuid.json["entry"][0]["changes"][0]["value"]["contacts"]
    assert contacts == [{"profile": {"name": "Deniz"}, "user_id": "TR.13491208655302741918"}]


async def test_raw_message_and_system_message(sim: Client, fake_gateway: FakeGateway) -> None:
    await sim.post("/sim/messages", json={"from": "905321112233", "message": {
        "type": "image", "image": {"id": "1", "mime_type": "image/jpeg", "caption": "Fatura"}}})
    await sim.post("/sim/messages", json={"from": "905321112233", "message": {
        "type": "system", "system": {"body": "changed", "type": "user_changed_number",
                                     "wa_id": "905329998877"}}})
    image, system = fake_gateway.deliveries
    assert _message(image)["image"]["caption"] == "Fatura"
    assert "contacts" not in system.json["entry"][0]["changes"][0]["value"]
    assert _message(system)["system"]["wa_id"] == "905329998877"


async def test_bad_citizen_requests_are_400(sim: Client) -> None:
    for body in ({"text": "no sender"}, {"from": "905321112233"},
                 {"from": "905321112233", "text": "a", "location": {"latitude": 1}},
                 {"from": "905321112233", "location": {"latitude": "x", "longitude": 1}}):
        response = await sim.post("/sim/messages", json=body)
        assert response.status == 400, body


async def test_gateway_status_is_reported(sim: Client, fake_gateway: FakeGateway) -> None:
    fake_gateway.status = 401
    data = await (await sim.post("/sim/messages", json={"from": "905321112233",
                                                         "text": "x"})).json()
    assert data["gateway_status"] == 401
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["inbound"] == {"forwarded": 1, "gateway_statuses": {"401": 1}}


async def test_unreachable_gateway_is_502_not_a_crash(make_sim: SimFactory) -> None:
    sim = await make_sim(gateway_webhook_url="http://127.0.0.1:9/webhook",
                         webhook_attempts=2)
    response = await sim.post("/sim/messages", json={"from": "905321112233", "text": "x"})
    assert response.status == 502
    assert (await response.json())["gateway_status"] == 0
    assert (await sim.post(SEND_PATH, json=text_body(), headers=AUTH)).status == 200
    assert (await sim.get("/healthz")).status == 200


async def test_failed_status_deliveries_are_retried_and_counted(
        make_sim: SimFactory, fake_gateway: FakeGateway) -> None:
    sim = await make_sim(read_receipts=False, webhook_attempts=2)
    fake_gateway.status = 500
    await sim.post(SEND_PATH, json=buttons_body(), headers=AUTH)
    await fake_gateway.wait_for(4)  # sent ×2 attempts, delivered ×2 attempts
    for _ in range(50):
        stats = await (await sim.get("/sim/stats")).json()
        if stats["webhooks"]["given_up"] == 2:
            break
        await fake_gateway.wait_for(len(fake_gateway.deliveries), within_s=0.1)
    assert stats["webhooks"] == {"posted": 0, "failed_attempts": 4, "given_up": 2}


async def test_raw_webhook_is_forwarded_byte_for_byte(sim: Client,
                                                      fake_gateway: FakeGateway) -> None:
    raw = (FIXTURES / "text_greeting_tr.json").read_bytes().replace(b",", b", ")
    data = await (await sim.post("/sim/webhook", data=raw)).json()
    assert data["gateway_status"] == 200
    await sim.post("/sim/webhook", data=raw, params={"sign": "false"})
    await sim.post("/sim/webhook", data=raw, params={"secret": "wrong"})
    await sim.post("/sim/webhook", data=b"{not json", params={"signature": "sha256=zz"})
    signed, unsigned, wrong, garbage = fake_gateway.deliveries
    assert signed.body == raw and verify(raw, signed.signature, SECRET)
    assert unsigned.signature is None
    assert wrong.signature is not None and not verify(raw, wrong.signature, SECRET)
    assert garbage.body == b"{not json" and garbage.signature == "sha256=zz"
