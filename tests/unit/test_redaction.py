"""Gateway redaction: card numbers (Luhn, python-stdnum) and IBANs (schwifty) in citizens' text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from common.broker import Publisher
from common.clock import FixedClock
from common.settings import Settings
from gateway.handler import WebhookHandler, redact_parsed
from gateway.redaction import CARD_MASK, IBAN_MASK, redact_message_dict, redact_text
from gateway.webhook import parse_webhook
from prometheus_client import REGISTRY
from pydantic import BaseModel
from stdnum import luhn


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


# --- Separators, digit scripts and false positives --------------------------------------------------------------

ARABIC_CARD = "٤١١١ ١١١١ ١١١١ ١١١١"  # 4111 1111 1111 1111 in Arabic-Indic digits
PERSIAN_CARD = "۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱"  # the same in Extended Arabic-Indic (Persian) digits


@pytest.mark.parametrize("text", [
    "4111.1111.1111.1111",
    "3782.822463.10005",  # Amex, 4-6-5
    "4111  1111  1111  1111",
    "4111\u00a01111\u00a01111\u00a01111",  # no-break space
    "4111\u202f1111\u202f1111\u202f1111",  # narrow no-break space
    "4111 \u00a01111\t1111   1111",
    ARABIC_CARD,
    PERSIAN_CARD,
    "٤١١١.١١١١.١١١١.١١١١",
    "٤١١١١١١١١١١١١١١١",
])
def test_more_ways_of_writing_a_card_number_are_masked(text: str) -> None:
    assert redact_text(f"kartım {text} acil") == (f"kartım {CARD_MASK} acil", 1)


def test_arabic_digits_mask_the_original_span_only() -> None:
    assert redact_text(f"رقم بطاقتي {ARABIC_CARD} شكرا ٣ أطفال") == (f"رقم بطاقتي {CARD_MASK} شكرا ٣ أطفال", 1)


@pytest.mark.parametrize("text", [
    "TR33\u00a00006\u00a01005\u00a01978\u00a06457\u00a08413\u00a026",
    "TR33\u202f0006\u202f1005\u202f1978\u202f6457\u202f8413\u202f26",
    "TR33  0006  1005  1978  6457  8413  26",
    "TR٣٣ ٠٠٠٦ ١٠٠٥ ١٩٧٨ ٦٤٥٧ ٨٤١٣ ٢٦",
    "TR۳۳۰۰۰۶۱۰۰۵۱۹۷۸۶۴۵۷۸۴۱۳۲۶",
])
def test_more_ways_of_writing_an_iban_are_masked(text: str) -> None:
    assert redact_text(f"IBAN: {text} lütfen") == (f"IBAN: {IBAN_MASK} lütfen", 1)


@pytest.mark.parametrize("text", [
    "0532 123 45 67",
    "0532.123.45.67",
    "0532  123  45  67",
    "+90 532 123 4567",
    "+90\u00a0532\u00a0123\u00a04567",
    "٠٥٣٢ ١٢٣ ٤٥ ٦٧",
    "0532 100 45 67 0212 555 12 34",  # two phone numbers in a row
    "0532 123 4567  0212 555 1234",
    "12.05.2024",
    "12/05/2024 - 13/05/2024",
    "2024-05-01 2024-06-04",  # two ISO dates in a row
    "12.05.2024 13.05.2024",
    "2024.05.01 2024.06.04",
    "sipariş no 4111.1111.1111.1112",  # order ids failing Luhn
    "sipariş no ٤١١١ ١١١١ ١١١١ ١١١٢",
    "sipariş 2024051234567891",
    "tutar 1.250.000,50 TL",
    "kimlik no 12345678950",
])
def test_phone_numbers_dates_and_order_ids_are_untouched(text: str) -> None:
    assert redact_text(text) == (text, 0)


# --- Document file names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("filename", "expected"), [
    ("kart 4111 1111 1111 1111.pdf", f"kart {CARD_MASK}.pdf"),
    ("4111.1111.1111.1111.jpg", f"{CARD_MASK}.jpg"),
    ("dekont_TR330006100519786457841326.pdf", f"dekont_{IBAN_MASK}.pdf"),
    ("kart_4111111111111111_on.png", f"kart_{CARD_MASK}_on.png"),
    ("bagis-dekontu.pdf", "bagis-dekontu.pdf"),
    ("IMG_20240512_143000.jpg", "IMG_20240512_143000.jpg"),
])
def test_document_filenames_are_redacted(filename: str, expected: str) -> None:
    msg: dict[str, Any] = {"from": "905321234567", "id": "wamid.X", "type": "document",
                           "document": {"id": "4111111111111111", "filename": filename, "mime_type": "application/pdf"}}
    out, count = redact_message_dict(msg)
    assert out["document"] == {**msg["document"], "filename": expected}
    assert count == (expected != filename)


# --- Counting: each masked number once ---------------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 10, 0, 5, tzinfo=UTC)
CARD = "4111 1111 1111 1111"
IBAN_TEXT = "TR33 0006 1005 1978 6457 8413 26"


def _webhook(*messages: dict[str, Any]) -> bytes:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "106540352242922"},
             "contacts": [{"profile": {"name": "Ayşe"}, "wa_id": "905321112233"}],
             "messages": [{"from": "905321112233", "timestamp": "1795176000", **m} for m in messages]}
    return json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}).encode()


def test_a_card_in_a_text_message_is_counted_once() -> None:
    parsed = parse_webhook(_webhook({"id": "wamid.A", "type": "text", "text": {"body": f"kartım {CARD}"}}), NOW)
    assert redact_parsed(parsed) == 1
    assert parsed.messages[0].text == f"kartım {CARD_MASK}"
    assert parsed.messages[0].raw["message"]["text"]["body"] == f"kartım {CARD_MASK}"


def test_caption_and_filename_each_count_once() -> None:
    parsed = parse_webhook(_webhook(
        {"id": "wamid.A", "type": "image", "image": {"id": "1", "caption": f"kart {CARD}"}},
        {"id": "wamid.B", "type": "document",
         "document": {"id": "2", "caption": f"IBAN {IBAN_TEXT}", "filename": f"kart {CARD}.pdf"}},
    ), NOW)
    assert redact_parsed(parsed) == 3
    assert [m.text for m in parsed.messages] == [f"kart {CARD_MASK}", f"IBAN {IBAN_MASK}"]
    assert parsed.messages[1].raw["message"]["document"]["filename"] == f"kart {CARD_MASK}.pdf"


def test_a_rejected_message_and_its_batch_are_counted_once() -> None:
    parsed = parse_webhook(_webhook(
        {"id": "wamid.A", "type": "text", "text": {"body": f"kartım {CARD}"}},
        {"type": "text", "text": {"body": f"IBAN {IBAN_TEXT}"}},  # no id: rejected, kept with its whole batch
        {"type": "text", "text": {"body": "ve 5500 0000 0000 0004"}},  # rejected too, same batch
    ), NOW)
    assert len(parsed.messages) == 1 and len(parsed.rejected) == 2
    assert redact_parsed(parsed) == 3
    kept = json.dumps([item for _, item in parsed.rejected], ensure_ascii=False)
    assert "1111" not in kept and "8413" not in kept and "0004" not in kept


class _RecordingPublisher(Publisher):
    def __init__(self) -> None:
        super().__init__()
        self.published: list[object] = []

    async def publish(self, exchange: str, routing_key: str, payload: BaseModel | bytes | Mapping[str, Any], *,
                      message_id: str | None = None, headers: Mapping[str, Any] | None = None,
                      content_type: str = "application/json") -> None:
        self.published.append(payload)

    async def dead_letter(self, body: bytes, *, reason: str, error: str = "", **_: Any) -> None:
        self.published.append(body)


async def test_the_metric_counts_each_masked_number_once() -> None:
    handler = WebhookHandler(Settings(), _RecordingPublisher(), FixedClock(NOW))
    before = REGISTRY.get_sample_value("gateway_redacted_total") or 0.0
    body = _webhook({"id": "wamid.A", "type": "document",
                     "document": {"id": "2", "caption": f"kart {CARD}", "filename": "dekont.pdf"}})
    assert await handler._publish(body) == "accepted"
    assert (REGISTRY.get_sample_value("gateway_redacted_total") or 0.0) - before == 1


# --- Invisible characters, separators, suffixes (reviewer's shapes) ---------------------------------------------

FORMAT_CHARS = ["\u200e", "\u200f", "\u200b", "\u2066", "\u2067", "\u2068", "\u2069",
                "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u00a0", "\u202f"]


@pytest.mark.parametrize("char", FORMAT_CHARS, ids=[f"U+{ord(c):04X}" for c in FORMAT_CHARS])
def test_invisible_format_characters_inside_a_card_number_are_ignored(char: str) -> None:
    shapes = [f"4111{char} 1111 1111 1111", f"4111{char}1111{char}1111{char}1111"]
    if not char.isspace():  # an invisible character may even split a group; a visible space may not
        shapes.append(f"41{char}11 1111 1111 1111")
    for text in shapes:
        assert redact_text(f"kartım {text} acil") == (f"kartım {CARD_MASK} acil", 1), repr(text)


def test_bidi_marks_around_a_number_stay_and_still_separate_it_from_words() -> None:
    text = "رقم\u200f٤١١١ ١١١١ ١١١١ ١١١١\u200e شكرا"
    assert redact_text(text) == (f"رقم\u200f{CARD_MASK}\u200e شكرا", 1)


@pytest.mark.parametrize("text", [
    "4111 - 1111 - 1111 - 1111",
    "4111 -1111- 1111 -1111",
    "4111 1111-1111 1111",
    "4111-1111 1111\u00a01111",
    "4111\n1111\n1111\n1111",
    "4111 1111\r\n1111 1111",
    "4111 \n 1111 1111 1111",
    "4111–1111–1111–1111",  # en dash
    "4111 — 1111 — 1111 — 1111",  # em dash
    "4111\u20111111\u20111111\u20111111",  # non-breaking hyphen
    "3782 – 822463 – 10005",
])
def test_spaced_mixed_and_unicode_separators_are_masked(text: str) -> None:
    assert redact_text(f"kartım {text} acil") == (f"kartım {CARD_MASK} acil", 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("4111111111111111den aldım", f"{CARD_MASK}den aldım"),
    ("5555 5555 5555 4444ya yatırın", f"{CARD_MASK}ya yatırın"),
    ("4012-8888-8888-1881e", f"{CARD_MASK}e"),
    ("TR330006100519786457841326ya gönderin", f"{IBAN_MASK}ya gönderin"),
])
def test_a_turkish_suffix_without_apostrophe_does_not_hide_the_number(text: str, expected: str) -> None:
    assert redact_text(text) == (expected, 1)


@pytest.mark.parametrize("text", [
    "TR 33 0006 1005 1978 6457 8413 26",
    "TR 330006100519786457841326",
    "TR33.0006.1005.1978.6457.8413.26",
    "TR33-0006-1005-1978-6457-8413-26",
    "TR33\u200f 0006 1005 1978 6457 8413 26",
    "\u2066TR33 0006 1005\u200b 1978 6457 8413 26",
    "DE89.3704.0044.0532.0130.00",
])
def test_ibans_spaced_after_the_country_code_dotted_or_with_marks_are_masked(text: str) -> None:
    masked, count = redact_text(f"IBAN: {text} lütfen")
    assert count == 1 and masked.replace("\u2066", "") == f"IBAN: {IBAN_MASK} lütfen"


@pytest.mark.parametrize("text", [
    "Bağış tutarları: 1500 2500 3500 4500 TL",
    "1000 2000 3000 4000 TL topladık",
    "1500\n2500\n3500\n4500",
    "2023 2024 2025 2026 yılları",
    "2010-2011-2012-2013 arası",
    "1991 1992 1993 1994 doğumlular",
])
def test_lists_of_round_amounts_and_consecutive_years_are_not_cards(text: str) -> None:
    digits = "".join(ch for ch in text if ch.isdigit())
    assert luhn.is_valid(digits)  # they would pass the checksum, so only the list rule keeps them
    assert redact_text(text) == (text, 0)


@pytest.mark.parametrize("text", ["4111 1111 1111 1111", "5555 5555 5555 4444", "4012 8888 8888 1881",
                                  "3782 822463 10005", "5500 0000 0000 0004", "9792 0300 0000 0000"])
def test_the_list_rule_keeps_real_test_cards(text: str) -> None:
    assert redact_text(text) == (CARD_MASK, 1)


@pytest.mark.parametrize("text", [
    "0532 - 123 - 45 - 67",
    "0532 123-45-67",
    "2024-05-01\n2024-06-04",
    "12.05.2024 – 13.05.2024",
])
def test_mixed_separators_do_not_join_phone_numbers_and_dates(text: str) -> None:
    assert redact_text(text) == (text, 0)


def test_a_blank_line_ends_the_number() -> None:
    assert redact_text("4111 1111 1111 1111\n\n5") == (f"{CARD_MASK}\n\n5", 1)


# --- Locations --------------------------------------------------------------------------------------------------

LOCATION = {"latitude": 41.0, "longitude": 29.0, "name": f"kart {CARD}", "address": f"IBAN {IBAN_TEXT} Kadıköy"}


def test_location_name_and_address_are_redacted() -> None:
    msg: dict[str, Any] = {"from": "905321234567", "id": "wamid.X", "type": "location", "location": dict(LOCATION)}
    out, count = redact_message_dict(msg)
    assert count == 2
    assert out["location"] == {**LOCATION, "name": f"kart {CARD_MASK}", "address": f"IBAN {IBAN_MASK} Kadıköy"}


def test_a_parsed_location_is_redacted_and_counted_once() -> None:
    parsed = parse_webhook(_webhook({"id": "wamid.L", "type": "location", "location": dict(LOCATION)}), NOW)
    assert redact_parsed(parsed) == 2
    location = parsed.messages[0].location
    assert location is not None
    assert (location.name, location.address) == (f"kart {CARD_MASK}", f"IBAN {IBAN_MASK} Kadıköy")
    assert parsed.messages[0].raw["message"]["location"]["name"] == f"kart {CARD_MASK}"
    assert "1111" not in parsed.messages[0].model_dump_json()
