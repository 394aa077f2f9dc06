"""Dead-letter error texts hold no input values, and restricted entries hide them from non-admins
(privacy review: a card number reached staff through pydantic's validation message)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from common.broker import ERROR_HEADER, REASON_HEADER, Publisher
from common.clock import FixedClock
from common.deadletters import HIDDEN, for_role
from common.settings import Settings
from gateway.dead_letter_errors import dead_letter_error, rejected_item_error
from gateway.handler import WebhookHandler
from pydantic import BaseModel, ValidationError

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CARD = "4111111111111111"
PHONE = "905551234567"
SECRETS = (CARD, "4111 1111", "1111111111", PHONE, "5551234567", "kart no")


class _DeadLetters(Publisher):
    def __init__(self) -> None:
        super().__init__()
        self.dead: list[dict[str, Any]] = []

    async def publish(self, exchange: str, routing_key: str, payload: BaseModel | bytes | Mapping[str, Any], *,
                      message_id: str | None = None, headers: Mapping[str, Any] | None = None,
                      content_type: str = "application/json") -> None:
        pass

    async def dead_letter(self, body: bytes, *, reason: str, error: str = "", **_: Any) -> None:
        self.dead.append({"body": body, "reason": reason, "error": error})


def _webhook(message: dict[str, Any], *, entry_id: str | None = "1", obj: str = "whatsapp_business_account") -> bytes:
    entry: dict[str, Any] = {"changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"},
        "contacts": [{"profile": {"name": "Ayşe"}, "wa_id": PHONE}], "messages": [message]}}]}
    if entry_id is not None:
        entry["id"] = entry_id
    return json.dumps({"object": obj, "entry": [entry]}).encode()


def _text(body: str, **extra: Any) -> dict[str, Any]:
    return {"from": PHONE, "id": "wamid.X", "timestamp": "1740830400", "type": "text", "text": {"body": body},
            **extra}


async def _dead_letters_of(body: bytes) -> list[dict[str, Any]]:
    publisher = _DeadLetters()
    await WebhookHandler(Settings(), publisher, FixedClock(NOW))._publish(body)
    return publisher.dead


def _assert_clean(text: str) -> None:
    for needle in SECRETS:
        assert needle not in text, f"{needle!r} in {text!r}"


async def test_a_validation_error_names_the_field_but_holds_no_input_value() -> None:
    # The privacy review's repro: entry[0].id missing, the text ends with a card number.
    raw = _webhook(_text(f"kart no {CARD}"), entry_id=None)
    [dead] = await _dead_letters_of(raw)
    assert dead["reason"] == "unexpected_webhook_shape"
    assert "entry.0.id: Field required" in dead["error"]
    assert "input" not in dead["error"] and "pydantic.dev" not in dead["error"]
    _assert_clean(dead["error"])
    assert CARD.encode() in dead["body"]  # the raw body itself is kept whole (admin-only, expiring)


async def test_a_wrong_object_value_is_not_quoted() -> None:
    [dead] = await _dead_letters_of(_webhook(_text("merhaba"), obj=f"kart no {CARD}"))
    assert dead["reason"] == "unexpected_webhook_shape"
    assert dead["error"].startswith("UnexpectedShape: object is")
    _assert_clean(dead["error"])


@pytest.mark.parametrize("raw", [
    f'{{"object": "whatsapp_business_account", "text": "kart no {CARD}'.encode(),  # cut off
    f'{{"text": "kart no \\q{CARD}"}}'.encode(),  # bad escape
    b'{"text": "\xff' + CARD.encode() + b'"}',  # not UTF-8
    b"\xff\xfe" + f'"{CARD}'.encode("utf-16-le")[:-1],  # truncated UTF-16
    b"[" * 100_000 + b"]" * 100_000,
])
async def test_unparseable_bodies_are_described_by_position_only(raw: bytes) -> None:
    [dead] = await _dead_letters_of(raw)
    assert dead["reason"] == "unparseable_webhook"
    assert dead["error"].startswith("UnparseableWebhook: ")
    _assert_clean(dead["error"])
    assert "\\x" not in dead["error"] and "0xff" not in dead["error"]


@pytest.mark.parametrize("message", [
    _text(f"kart no {CARD}", timestamp=f"x{CARD}"),  # int() quotes the value
    _text(f"kart no {CARD}", timestamp=CARD + "0000"),  # "year … is out of range"
    {"from": PHONE, "id": "wamid.X", "timestamp": "1", "type": "location",
     "location": {"latitude": f"{CARD}x", "longitude": 1, "name": f"kart no {CARD}"}},  # pydantic, input_value=
    {"from": PHONE, "id": "wamid.X", "timestamp": "1", "type": "text", "text": {"body": [f"kart no {CARD}"]}},
])
async def test_rejected_items_are_described_without_their_values(message: dict[str, Any]) -> None:
    dead = await _dead_letters_of(_webhook(message))
    assert [d["reason"] for d in dead] == ["unreadable_webhook_item"]
    assert dead[0]["error"].startswith("unreadable_message: ")
    _assert_clean(dead[0]["error"])
    assert "input_value" not in dead[0]["error"]


def test_a_rejected_items_pydantic_reason_keeps_location_and_message() -> None:
    why = ("unreadable_message: 1 validation error for Location\nlatitude\n  Input should be a valid number, "
           f"unable to parse string as a number [type=float_parsing, input_value='{CARD}x', input_type=str]\n"
           "    For further information visit https://errors.pydantic.dev/2.14/v/float_parsing")
    text = rejected_item_error(why)
    assert text == ("unreadable_message: 1 validation error for Location / latitude / Input should be a valid "
                    "number, unable to parse string as a number")
    assert rejected_item_error("unreadable_message: sender address too long") == (
        "unreadable_message: sender address too long")
    assert rejected_item_error(f"unreadable_status: '{PHONE}'") == "unreadable_status: <value>"
    assert rejected_item_error(f"unreadable_status: year {CARD} is out of range") == (
        "unreadable_status: year <number> is out of range")
    assert rejected_item_error("unreadable_status: tel +90 555 123 45 67") == "unreadable_status: tel <number>"


def test_a_validation_error_is_described_from_its_errors() -> None:
    class Model(BaseModel):
        id: str
        count: int

    with pytest.raises(ValidationError) as caught:
        Model.model_validate({"count": f"kart {CARD}"})
    text = dead_letter_error(caught.value)
    assert text == ("ValidationError: id: Field required; "
                    "count: Input should be a valid integer, unable to parse string as an integer")


def test_other_exceptions_are_named_by_type_only() -> None:
    assert dead_letter_error(KeyError(CARD)) == "KeyError"
    assert dead_letter_error(TypeError(f"kart no {CARD}")) == "TypeError"


def _entry(reason: str, error: str, *, restricted: bool = True) -> dict[str, Any]:
    return {"_id": "e1", "reason": reason, "restricted": restricted, "error": error, "body": f"kart no {CARD}",
            "headers": {REASON_HEADER: reason, ERROR_HEADER: error, "x-helpline-queue": "",
                        "x-other-copy": f"failed: {error}"}}


def test_a_restricted_entrys_error_and_its_header_copies_are_hidden_from_staff() -> None:
    error = f"1 validation error for _Envelope\nentry.0.id\n  Field required [input_value={{'body': '{CARD}'}}]"
    doc = _entry("unexpected_webhook_shape", error)
    for role in ("staff", "supervisor", "agent"):
        seen = for_role(doc, role)
        assert CARD not in json.dumps(seen)
        assert seen["body"] == seen["error"] == HIDDEN
        assert seen["headers"][ERROR_HEADER] == seen["headers"]["x-other-copy"] == HIDDEN
        assert seen["headers"][REASON_HEADER] == "unexpected_webhook_shape"  # the reason is not the error
        assert seen["reason"] == "unexpected_webhook_shape"
    # The admin sees everything, and the stored document is not changed.
    assert for_role(doc, "admin") == doc
    assert doc["error"] == error and CARD in doc["body"]
    # Older entries with a restricted reason but no flag are hidden too; listed ones have no body.
    listed = {k: v for k, v in _entry("unparseable_webhook", error, restricted=False).items() if k != "body"}
    seen = for_role(listed, "staff")
    assert "body" not in seen and seen["error"] == HIDDEN and CARD not in json.dumps(seen)


def test_an_unrestricted_entry_is_shown_whole() -> None:
    doc = _entry("TimeoutError", "send timed out", restricted=False)
    assert for_role(doc, "staff") == doc
