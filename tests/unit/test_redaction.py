"""Gateway redaction: card numbers (Luhn, python-stdnum) and IBANs (schwifty) in citizens' text."""

from __future__ import annotations

from typing import Any

import pytest
from gateway.redaction import CARD_MASK, IBAN_MASK, redact_message_dict, redact_text


@pytest.mark.parametrize("text", [
    "4111111111111111",
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "378282246310005",  # Amex, 15 digits
    "6011 0009 9013 9424",
    "9792 0300 0000 0000",  # Troy-style prefix, Luhn-valid
])
def test_luhn_valid_card_numbers_are_masked(text: str) -> None:
    assert redact_text(f"kartım {text} acil") == (f"kartım {CARD_MASK} acil", 1)


@pytest.mark.parametrize("text", [
    "4111111111111112",  # Luhn-invalid
    "4111 1111 1111 1112",
    "123456789012",  # 12 digits: too short
    "+90 532 123 45 67",
    "905321234567",
    "+905321234567",
    "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgg0000000000000000A1B2C3D4E5F61EEF",
    "5 kişiyiz, 2 bebek",
    "TR330006100519786457841327",  # IBAN with a wrong check
    "TR33 0006 1005 1978",  # too short
])
def test_other_numbers_and_ids_are_untouched(text: str) -> None:
    assert redact_text(text) == (text, 0)


@pytest.mark.parametrize("text", [
    "TR330006100519786457841326",
    "TR33 0006 1005 1978 6457 8413 26",
    "tr33 0006 1005 1978 6457 8413 26",
    "DE89 3704 0044 0532 0130 00",
])
def test_valid_ibans_are_masked(text: str) -> None:
    assert redact_text(f"IBAN: {text} lütfen") == (f"IBAN: {IBAN_MASK} lütfen", 1)


def test_card_among_other_numbers_keeps_them() -> None:
    text = "kart 4111 1111 1111 1111 son kullanma 12 26 cvv 123"
    assert redact_text(text) == (f"kart {CARD_MASK} son kullanma 12 26 cvv 123", 1)


def test_two_cards_and_an_iban() -> None:
    masked, count = redact_text("5500 0000 0000 0004, 4111111111111111, TR330006100519786457841326")
    assert count == 3 and "0004" not in masked and "1111" not in masked and "8413" not in masked


def test_message_dict_redacts_body_and_caption_not_ids() -> None:
    msg: dict[str, Any] = {"from": "905321234567", "id": "wamid.X", "type": "image",
           "image": {"id": "4111111111111111", "caption": "4111111111111111"}}
    out, count = redact_message_dict(msg)
    assert count == 1 and out["image"] == {"id": "4111111111111111", "caption": CARD_MASK}
    assert msg["image"]["caption"] == "4111111111111111"  # the input is not changed
    text, n = redact_message_dict({"type": "text", "text": {"body": "TR33 0006 1005 1978 6457 8413 26"}})
    assert n == 1 and text["text"]["body"] == IBAN_MASK
