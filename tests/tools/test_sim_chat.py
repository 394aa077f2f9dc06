"""The terminal chat: rendering bot messages, parsing commands, and a piped conversation."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from whatsapp_sim.chat import Conversation, parse_line
from whatsapp_sim.render import Choice, choices, describe

from tests.tools.sim_helpers import (
    AUTH,
    SEND_PATH,
    Delivery,
    FakeGateway,
    SimFactory,
    buttons_body,
    list_body,
    template_body,
)


def _outbox_message(body: dict[str, Any], wamid: str = "wamid.OUT") -> dict[str, Any]:
    return {"seq": 1, "wamid": wamid, "type": body.get("type", "text"), "body": body}


def test_list_is_rendered_with_numbered_rows_across_sections() -> None:
    message = _outbox_message(list_body(rows_per_section=(2, 1)))
    text = describe(message)
    assert "Size nasıl yardımcı olabiliriz?" in text
    assert "  1. Row 1 — d" in text and "  3. Row 3 — d" in text
    assert " Section 1" in text and "[Menü]" in text
    assert choices(message)[2] == Choice("list_reply", "row.3", "Row 3", "wamid.OUT")


def test_buttons_template_location_and_text() -> None:
    buttons = _outbox_message(buttons_body())
    assert "  1. Evet\n  2. Hayır" in describe(buttons)
    assert choices(buttons)[1].kind == "button_reply"

    template = _outbox_message(template_body())
    text = describe(template)
    assert "[template blood_need_alert (tr)]" in text
    assert "{{2}} = Ankara" in text
    assert "  1. ALERT_CAN_COME" in text
    assert [c.id for c in choices(template)] == ["ALERT_CAN_COME", "ALERT_CANNOT", "ALERT_STOP"]

    location = _outbox_message({"type": "location", "location": {
        "latitude": 39.92, "longitude": 32.85, "name": "Kızılay Kan Merkezi",
        "address": "Çankaya, Ankara"}})
    assert describe(location) == "[location]\nKızılay Kan Merkezi\nÇankaya, Ankara\n39.92, 32.85"
    assert describe(_outbox_message({"type": "text", "text": {"body": "Merhaba"}})) == "Merhaba"


def test_template_payload_overrides_are_what_a_tap_sends() -> None:
    body = template_body()
    body["template"]["components"].append({
        "type": "button", "sub_type": "quick_reply", "index": "0",
        "parameters": [{"type": "payload", "payload": "ALERT_CAN_COME:alert-42"}]})
    assert choices(_outbox_message(body))[0].id == "ALERT_CAN_COME:alert-42"


def test_commands() -> None:
    chat = Conversation(sim="http://x", wa_id="905321234567", user_id=None, name=None)
    assert parse_line("Merhaba", chat) == {"text": "Merhaba"}
    assert parse_line("/quit", chat) is None
    assert parse_line("/loc 39.9 32.8 Kızılay", chat) == {
        "location": {"latitude": 39.9, "longitude": 32.8, "name": "Kızılay"}}
    assert isinstance(parse_line("/loc x", chat), str)
    photo = parse_line("/photo Çadırın  fotoğrafı", chat)
    assert isinstance(photo, dict) and photo["message"]["type"] == "image"
    assert photo["message"]["image"]["caption"] == "Çadırın  fotoğrafı" and photo["message"]["image"]["id"].isdigit()
    bare = parse_line("/photo", chat)
    assert isinstance(bare, dict) and "caption" not in bare["message"]["image"]
    assert isinstance(parse_line("/tap 1", chat), str)  # nothing to tap yet
    chat.tappable = choices(_outbox_message(list_body()))
    assert parse_line("/tap 2", chat) == {"interactive": {
        "type": "list_reply", "id": "row.2", "title": "Row 2", "context_id": "wamid.OUT"}}
    chat.tappable = choices(_outbox_message(template_body()))
    assert parse_line("/tap 3", chat) == {"button": {
        "payload": "ALERT_STOP", "text": "ALERT_STOP", "context_id": "wamid.OUT"}}


MENU = list_body(rows_per_section=(2,), to="905321234567")
MENU["interactive"]["action"]["sections"][0]["rows"] = [
    {"id": "menu.blood", "title": "Kan Hizmetleri"},
    {"id": "menu.volunteer", "title": "Gönüllülük"},
]


async def test_piped_conversation(make_sim: SimFactory, fake_gateway: FakeGateway) -> None:
    """A tiny bot behind the fake gateway answers; the chat runs as a real process."""
    sim = await make_sim(status_webhooks=False)

    async def bot(delivery: Delivery) -> None:
        value = delivery.json["entry"][0]["changes"][0]["value"]
        for message in value.get("messages", []):
            to = message["from"]
            if message["type"] == "text":
                reply: dict[str, Any] = MENU
            elif message["type"] == "interactive":
                chosen = message["interactive"]["list_reply"]["id"]
                reply = {"messaging_product": "whatsapp", "to": to, "type": "text",
                         "text": {"body": f"Seçtiniz: {chosen}"}}
            else:
                reply = {"messaging_product": "whatsapp", "to": to, "type": "location",
                         "location": {"latitude": 39.93, "longitude": 32.86,
                                      "name": "Kızılay Kan Merkezi"}}
            asyncio.get_running_loop().create_task(
                sim.post(SEND_PATH, json=reply, headers=AUTH))

    fake_gateway.on_delivery = bot
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "whatsapp_sim.chat", "--as", "905321234567", "--name", "Test",
        "--sim", str(sim.make_url("")).rstrip("/"), "--linger", "0.5", "--reply-wait", "3", "--settle", "0.3",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(
        process.communicate(b"Merhaba\n/tap 2\n/loc 39.92 32.85\n"), timeout=30)
    output = stdout.decode()
    assert process.returncode == 0, stderr.decode()
    assert "you > Merhaba" in output
    assert "  2. Gönüllülük" in output
    assert "bot > Seçtiniz: menu.volunteer" in output
    assert "Kızılay Kan Merkezi" in output
    assert output.index("Gönüllülük") < output.index("you > /tap 2") < output.index("Seçtiniz")
