"""`gateway.webhook.parse_webhook` over every real-format fixture, and over malformed bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from common.contracts import InboundMessage
from gateway.webhook import ParsedWebhook, UnexpectedShape, UnparseableWebhook, parse_webhook

from tests.unit.conftest import FIXTURE_NAMES, fixture_bytes

NOW = datetime(2026, 11, 20, 10, 0, 5, tzinfo=UTC)
PHONE_NUMBER_ID = "106540352242922"
BUSINESS_NUMBER = "905521501868"
# Every inbound wamid in the fixtures shares this prefix; the tables below give the suffix.
IN = "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgg0000000000000000A1B2C3D4E5F"
OUT_AYSE = "wamid.HBgMOTA1MzIxMTEyMjMzFQIAERgSQjU0NEY3NEZGMzNBQjM1RjYxAA=="
T0 = 1795176000

AYSE = ("905321112233", "Ayşe Yılmaz")
MEHMET = ("905059998877", "Mehmet Demir")
HASAN = ("905427770011", "Hasan Çelik")
ZEYNEP = ("905551234000", "Zeynep Kaya")
EMMA = ("447700900123", "Emma Clarke")
OMAR = ("905346667788", "عمر الحلبي")
LONG_SENTENCE = "Depremden sonra ailemle birlikte çadır kentte kalıyoruz ve ihtiyaçlarımız var. "


def msg(suffix: str, who: tuple[str | None, str | None], kind: str, *, ts: int = T0, **fields: Any) -> dict[str, Any]:
    """The expected projection of one parsed message; fields not given must be empty."""
    wa_id, name = who
    expected: dict[str, Any] = {
        "wamid": IN + suffix, "partition_key": wa_id, "wa_id": wa_id, "user_id": None, "profile_name": name,
        "type": kind, "timestamp": datetime.fromtimestamp(ts, UTC),
        "text": None, "interactive_id": None, "interactive_title": None, "button_payload": None,
        "location": None, "context": None, "referral": None, "system": None, "errors": [],
    }
    expected.update(fields)
    return expected


def project(m: InboundMessage) -> dict[str, Any]:
    return {
        "wamid": m.wamid, "partition_key": m.partition_key, "wa_id": m.wa_id, "user_id": m.user_id,
        "profile_name": m.profile_name, "type": m.type, "timestamp": m.timestamp,
        "text": m.text, "interactive_id": m.interactive_id, "interactive_title": m.interactive_title,
        "button_payload": m.button_payload,
        "location": m.location.model_dump(exclude_none=True) if m.location else None,
        "context": m.context, "referral": m.referral, "system": m.system, "errors": m.errors,
    }


@dataclass(frozen=True)
class Status:
    wamid: str
    status: str
    ts: int
    recipient_id: str
    error_codes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Expected:
    messages: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    errors: list[int | None] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


EXPECTED: dict[str, Expected] = {
    "audio_voice_note": Expected([msg("8C779", OMAR, "audio")]),
    "batch_two_entries_mixed": Expected(
        [msg("9BEF1", AYSE, "text", ts=T0 + 3, text="Gönüllü olmak istiyorum"),
         msg("9DDE0", MEHMET, "text", ts=T0 + 3, text="1")],
        [Status(OUT_AYSE, "delivered", T0 + 4, AYSE[0])],
    ),
    "bsuid_username_without_phone": Expected([msg(
        "9FCCF", (None, "Deniz"), "text", ts=T0 + 30, partition_key="TR.13491208655302741918",
        user_id="TR.13491208655302741918", text="Merhaba, gönüllülük için yazıyorum")]),
    "contacts_card": Expected([msg("96224", HASAN, "contacts")]),
    "document_pdf": Expected([msg("90557", MEHMET, "document", text="Dekont")]),
    "field_template_status_update": Expected(ignored=["message_template_status_update"]),
    "image_with_caption": Expected([msg("8A88A", AYSE, "image", text="Kan bağışı kartım")]),
    "interactive_button_reply": Expected([msg(
        "82CCE", EMMA, "interactive", interactive_id="consent.yes", interactive_title="I agree",
        context={"from": BUSINESS_NUMBER, "id": "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSNTg1RTZEQkQ1RkNBQjRDRkI3AA=="})]),
    "interactive_list_reply": Expected([msg(
        "80DDF", AYSE, "interactive", interactive_id="menu.blood", interactive_title="Kan Hizmetleri",
        context={"from": BUSINESS_NUMBER, "id": "wamid.HBgMOTA1MzIxMTEyMjMzFQIAERgSMEFCQkM3QjhDMkM0MzcxQ0EzAA=="})]),
    "location_named_place": Expected([msg(
        "8899B", HASAN, "location",
        location={"latitude": 38.4237, "longitude": 27.1428, "name": "Konak Meydanı", "address": "Konak, İzmir",
                  "url": "https://maps.example.invalid/konak"})]),
    "location_shared": Expected([msg(
        "86AAC", ZEYNEP, "location", location={"latitude": 39.9207886, "longitude": 32.8540497})]),
    "reaction": Expected([msg("94335", AYSE, "reaction")]),
    "status_failed_window_closed": Expected(statuses=[Status(
        "wamid.HBgMOTA1MDU5OTk4ODc3FQIAERgSRDdCOUUwQTlGQzE5MDZFNzJEAA==", "failed", T0 + 5, MEHMET[0], (131047,))]),
    "statuses_sent_delivered_read": Expected(statuses=[
        Status(OUT_AYSE, "sent", T0 + 1, AYSE[0]),
        Status(OUT_AYSE, "delivered", T0 + 2, AYSE[0]),
        Status(OUT_AYSE, "read", T0 + 9, AYSE[0]),
    ]),
    "sticker": Expected([msg("92446", ZEYNEP, "sticker")]),
    "system_user_changed_number": Expected([msg(
        "9A002", (AYSE[0], None), "system", ts=T0 + 60,
        system={"body": "User A changed from 905321112233 to 905321112299", "wa_id": "905321112299",
                "type": "user_changed_number"})]),
    "template_quick_reply_button": Expected([msg(
        "84BBD", MEHMET, "button", button_payload="ALERT_CAN_COME",
        context={"from": BUSINESS_NUMBER, "id": "wamid.HBgMOTA1MDU5OTk4ODc3FQIAERgSOTk3RjQ1QjI0QUMxQjU5N0QzAA=="})]),
    "text_agent_tr": Expected([msg(
        "73556", HASAN, "text", text="canlı destek istiyorum, bir temsilciyle görüşmek istiyorum")]),
    "text_arabic_blood": Expected([msg("69AAB", OMAR, "text", text="مرحبا، أريد التبرع بالدم في غازي عنتاب")]),
    "text_blood_ascii_izmir": Expected([msg("67BBC", HASAN, "text", text="kan bagisi izmir")]),
    "text_blood_upper_istanbul": Expected([msg("65CCD", ZEYNEP, "text", text="KAN BAĞIŞI İSTANBUL")]),
    "text_blood_where_ankara": Expected([msg(
        "63DDE", MEHMET, "text", text="Ankara'da kan bağışı nerede yapabilirim?")]),
    "text_donation_tr": Expected([msg(
        "6F778", MEHMET, "text", text="Bağış yapmak istiyorum, kurban bağışı nasıl oluyor?")]),
    "text_emoji_only": Expected([msg("77334", ZEYNEP, "text", text="❤️🩸")]),
    "text_english_volunteer": Expected([msg(
        "6B99A", EMMA, "text", text="Hi, how can I volunteer with the Red Crescent?")]),
    "text_erase_tr": Expected([msg("75445", AYSE, "text", text="verilerimi sil")]),
    "text_forwarded": Expected([msg(
        "7D001", HASAN, "text", text="Acil A Rh+ kan aranıyor, Hacettepe Hastanesi", context={"forwarded": True})]),
    "text_from_ad_referral": Expected([msg(
        "7EEF0", EMMA, "text", text="I saw your ad about donating",
        referral={"source_url": "https://fb.me/3cr4Wqqkx", "source_id": "120201234567890", "source_type": "ad",
                  "body": "Kan ver, hayat kurtar", "headline": "Blood donation week", "media_type": "image",
                  "image_url": "https://scontent.example.invalid/ad.jpg",
                  "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-"
                               "ZABCDEF"})]),
    "text_greeting_tr": Expected([msg("61EEF", AYSE, "text", text="Merhaba")]),
    "text_long": Expected([msg("79223", MEHMET, "text", text=LONG_SENTENCE * 50)]),
    "text_menu_number": Expected([msg("6D889", AYSE, "text", text="2")]),
    "text_reply_with_context": Expected([msg(
        "7B112", AYSE, "text", text="Evet, bu merkez bana uygun",
        context={"from": BUSINESS_NUMBER, "id": "wamid.HBgMOTA1MzIxMTEyMjMzFQIAERgSQzlCRTg5N0I1RjUyQjhBRDQ0AA=="})]),
    "text_suggestion_tr": Expected([msg(
        "71667", ZEYNEP, "text", text="Öneri: kan bağışı merkezlerinin hafta sonu çalışma saatleri uzatılsın")]),
    "unsupported_poll": Expected([msg(
        "98113", EMMA, "unsupported",
        errors=[{"code": 131051, "title": "Message type unknown", "message": "Message type unknown",
                 "error_data": {"details": "Message type is currently not supported."}}])]),
    "value_errors_throughput": Expected(errors=[130429]),
    "video_with_caption": Expected([msg("8E668", EMMA, "video", text="Flooded street near the branch")]),
}


def parse(name: str) -> ParsedWebhook:
    return parse_webhook(fixture_bytes(name), NOW)


def raw_messages(name: str) -> list[dict[str, Any]]:
    """The `messages[]` elements of a fixture, in order, straight from the JSON."""
    data = json.loads(fixture_bytes(name))
    return [m for e in data["entry"] for c in e["changes"] for m in c["value"].get("messages", [])]


def test_every_fixture_has_expectations() -> None:
    assert len(FIXTURE_NAMES) >= 36
    assert set(EXPECTED) == set(FIXTURE_NAMES)


def test_counts(fixture_name: str) -> None:
    parsed = parse(fixture_name)
    expected = EXPECTED[fixture_name]
    assert len(parsed.messages) == len(expected.messages)
    assert len(parsed.statuses) == len(expected.statuses)
    assert [e.code for e in parsed.errors] == expected.errors
    assert parsed.ignored_fields == expected.ignored
    assert parsed.rejected == []


def test_messages(fixture_name: str) -> None:
    parsed = parse(fixture_name)
    assert [project(m) for m in parsed.messages] == EXPECTED[fixture_name].messages


def test_message_envelope_fields(fixture_name: str) -> None:
    parsed = parse(fixture_name)
    for message, raw in zip(parsed.messages, raw_messages(fixture_name), strict=True):
        assert message.phone_number_id == PHONE_NUMBER_ID
        assert message.display_phone_number == BUSINESS_NUMBER
        assert message.received_at == NOW
        assert message.schema_ == "inbound.message.v1"
        # The whole element is carried, known fields or not.
        assert message.raw["message"] == raw


def test_statuses(fixture_name: str) -> None:
    parsed = parse(fixture_name)
    got = [Status(s.wamid, s.status, int(s.timestamp.timestamp()), s.recipient_id or "",
                  tuple(e["code"] for e in s.errors)) for s in parsed.statuses]
    assert got == EXPECTED[fixture_name].statuses
    for status in parsed.statuses:
        assert status.phone_number_id == PHONE_NUMBER_ID
        assert status.raw["id"] == status.wamid


def test_contact_is_carried_with_the_message() -> None:
    [message] = parse("text_greeting_tr").messages
    assert message.raw["contact"] == {"profile": {"name": "Ayşe Yılmaz"}, "wa_id": "905321112233"}


def test_batch_matches_each_message_to_its_own_contact() -> None:
    ayse, mehmet = parse("batch_two_entries_mixed").messages
    assert (ayse.partition_key, ayse.profile_name) == ("905321112233", "Ayşe Yılmaz")
    assert (mehmet.partition_key, mehmet.profile_name) == ("905059998877", "Mehmet Demir")
    assert mehmet.raw["contact"]["wa_id"] == "905059998877"


def test_bsuid_message_is_keyed_on_user_id() -> None:
    [message] = parse("bsuid_username_without_phone").messages
    assert message.wa_id is None
    assert message.partition_key == message.user_id == "TR.13491208655302741918"
    assert message.raw["contact"]["profile"]["username"] == "deniz.gonullu"


def test_system_message_has_no_contact() -> None:
    [message] = parse("system_user_changed_number").messages
    assert message.raw["contact"] is None
    assert message.system is not None and message.system["wa_id"] == "905321112299"


def test_unknown_type_is_carried_not_dropped() -> None:
    [message] = parse("unsupported_poll").messages
    assert message.type == "unsupported"
    assert message.raw["message"]["unsupported"] == {"type": "poll_update"}
    assert [e["code"] for e in message.errors] == [131051]


def test_reaction_emoji_stays_in_raw() -> None:
    [message] = parse("reaction").messages
    assert message.raw["message"]["reaction"]["emoji"] == "🙏"
    assert message.text is None


def test_value_error_details() -> None:
    [error] = parse("value_errors_throughput").errors
    assert error.code == 130429
    assert error.title == "Rate limit hit"
    assert error.details == "Cloud API message throughput has been reached."
    assert error.phone_number_id == PHONE_NUMBER_ID


def test_failed_status_keeps_error_details() -> None:
    [status] = parse("status_failed_window_closed").statuses
    assert status.errors[0]["error_data"]["details"].startswith("Message failed to send because more than 24 hours")


def test_location_extra_fields_are_kept() -> None:
    [message] = parse("location_named_place").messages
    assert message.location is not None
    assert message.location.model_extra == {"url": "https://maps.example.invalid/konak"}


# --- malformed bodies -------------------------------------------------------------------------


def envelope(value: dict[str, Any], *, field_name: str = "messages") -> bytes:
    change = {"field": field_name, "value": value}
    return json.dumps({"object": "whatsapp_business_account",
                       "entry": [{"id": "102290129340398", "changes": [change]}]}).encode()


METADATA = {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": BUSINESS_NUMBER, "phone_number_id": PHONE_NUMBER_ID}}


def text_message(wamid: str, sender: str | None = "905320000001", body: str = "Merhaba") -> dict[str, Any]:
    m: dict[str, Any] = {"id": wamid, "timestamp": str(T0), "type": "text", "text": {"body": body}}
    if sender is not None:
        m["from"] = sender
    return m


@pytest.mark.parametrize("raw", [b"", b"not json", b"{\"object\":", b"\xff\xfe\x00", b"{'object': 1}"])
def test_not_json_is_unparseable(raw: bytes) -> None:
    with pytest.raises(UnparseableWebhook):
        parse_webhook(raw, NOW)


@pytest.mark.parametrize("body", [
    [],
    None,
    "whatsapp_business_account",
    {},
    {"object": "whatsapp_business_account"},
    {"object": "whatsapp_business_account", "entry": {"id": "1", "changes": []}},
    {"object": "whatsapp_business_account", "entry": "x"},
    {"object": "page", "entry": []},
    {"object": "instagram", "entry": [{"id": "1", "changes": []}]},
    {"object": "whatsapp_business_account", "entry": [{"id": "1"}]},
    {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages"}]}]},
    {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": []}]}]},
], ids=lambda b: json.dumps(b)[:60])
def test_wrong_envelope_is_unexpected_shape(body: Any) -> None:
    with pytest.raises(UnexpectedShape):
        parse_webhook(json.dumps(body).encode(), NOW)


@pytest.mark.parametrize("key", ["messages", "statuses", "errors", "contacts"])
@pytest.mark.parametrize("bad", [{"id": "x"}, "x", 3])
def test_value_lists_that_are_not_lists_are_unexpected_shape(key: str, bad: Any) -> None:
    with pytest.raises(UnexpectedShape):
        parse_webhook(envelope({**METADATA, key: bad}), NOW)


def test_empty_entry_list_is_accepted_and_yields_nothing() -> None:
    parsed = parse_webhook(b'{"object":"whatsapp_business_account","entry":[]}', NOW)
    assert parsed == ParsedWebhook()


def test_message_without_id_or_sender_is_rejected_and_the_rest_parsed() -> None:
    no_id = text_message("wamid.A")
    del no_id["id"]
    no_sender = text_message("wamid.B", sender=None)
    no_timestamp = text_message("wamid.C")
    del no_timestamp["timestamp"]
    good = text_message("wamid.GOOD", body="kan")
    parsed = parse_webhook(envelope({**METADATA, "messages": [no_id, no_sender, good, no_timestamp, "junk"]}), NOW)
    assert [m.wamid for m in parsed.messages] == ["wamid.GOOD"]
    assert parsed.messages[0].text == "kan"
    assert len(parsed.rejected) == 4
    assert all(why.startswith("unreadable_message") for why, _ in parsed.rejected)
    # Each rejected element is kept whole, so it can be inspected and replayed.
    assert [item["message"] for _, item in parsed.rejected] == [no_id, no_sender, no_timestamp, "junk"]


def test_message_with_unreadable_location_is_rejected_not_raised() -> None:
    bad = {**text_message("wamid.LOC"), "type": "location", "location": {"latitude": "north", "longitude": 1}}
    parsed = parse_webhook(envelope({**METADATA, "messages": [bad, text_message("wamid.OK")]}), NOW)
    assert [m.wamid for m in parsed.messages] == ["wamid.OK"]
    assert [item["message"]["id"] for _, item in parsed.rejected] == ["wamid.LOC"]


def test_status_and_error_elements_that_are_not_objects_are_rejected_and_the_rest_parsed() -> None:
    value = {**METADATA, "messages": [text_message("wamid.M")],
             "statuses": ["junk", {"id": "wamid.S", "status": "sent", "timestamp": str(T0)}, {"status": "read"}],
             "errors": ["junk", {"code": 131000, "title": "Something went wrong"}]}
    parsed = parse_webhook(envelope(value), NOW)
    assert [m.wamid for m in parsed.messages] == ["wamid.M"]
    assert [s.wamid for s in parsed.statuses] == ["wamid.S"]
    assert [e.code for e in parsed.errors] == [131000]
    reasons = sorted(why.split(":")[0] for why, _ in parsed.rejected)
    assert reasons == ["unreadable_error", "unreadable_status", "unreadable_status"]


def test_metadata_that_is_not_an_object_rejects_elements_instead_of_raising() -> None:
    value = {"metadata": "oops", "messages": [text_message("wamid.M")],
             "statuses": [{"id": "wamid.S", "status": "sent", "timestamp": str(T0)}],
             "errors": [{"code": 130429}]}
    parsed = parse_webhook(envelope(value), NOW)
    assert (parsed.messages, parsed.statuses, parsed.errors) == ([], [], [])
    reasons = sorted(why.split(":")[0] for why, _ in parsed.rejected)
    assert reasons == ["unreadable_error", "unreadable_message", "unreadable_status"]


def test_error_code_given_as_string_or_missing() -> None:
    value = {**METADATA, "errors": [{"code": "130429"}, {"title": "no code"}, {"code": "abc"}]}
    parsed = parse_webhook(envelope(value), NOW)
    assert [e.code for e in parsed.errors] == [130429, None, None]


def test_unknown_extra_fields_are_kept() -> None:
    message = {**text_message("wamid.X"), "from_parent_user_id": "TR.1", "brand_new": {"nested": [1, 2]}}
    contact = {"wa_id": "905320000001", "profile": {"name": "Ali"}, "identity_key_hash": "abc"}
    status = {"id": "wamid.S", "status": "sent", "timestamp": str(T0), "biz_opaque_callback_data": "cb"}
    error = {"code": 130429, "href": "https://example.invalid", "future": True}
    value = {**METADATA, "contacts": [contact], "messages": [message], "statuses": [status], "errors": [error]}
    raw = json.dumps({"object": "whatsapp_business_account", "unknown_top": 1,
                      "entry": [{"id": "1", "time": 5, "changes": [{"field": "messages", "value": value}]}]}).encode()
    parsed = parse_webhook(raw, NOW)
    [m] = parsed.messages
    assert m.raw == {"message": message, "contact": contact}
    assert m.profile_name == "Ali"
    assert parsed.statuses[0].raw == status
    assert parsed.errors[0].raw == error


def test_other_fields_are_ignored_beside_messages() -> None:
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "account_update", "value": {"event": "X"}},
        {"field": "messages", "value": {**METADATA, "messages": [text_message("wamid.Y")]}},
        {"field": "user_preferences", "value": {"anything": []}},
    ]}]}
    parsed = parse_webhook(json.dumps(body).encode(), NOW)
    assert parsed.ignored_fields == ["account_update", "user_preferences"]
    assert [m.wamid for m in parsed.messages] == ["wamid.Y"]


def test_contact_is_matched_by_sender_not_by_position() -> None:
    contacts = [{"wa_id": "905320000002", "profile": {"name": "Other"}},
                {"wa_id": "905320000001", "profile": {"name": "Sender"}}]
    parsed = parse_webhook(envelope({**METADATA, "contacts": contacts, "messages": [text_message("wamid.Z")]}), NOW)
    assert parsed.messages[0].profile_name == "Sender"


def test_user_id_is_taken_from_the_contact_when_both_are_present() -> None:
    contacts = [{"wa_id": "905320000001", "user_id": "TR.99", "profile": {"name": "Both"}}]
    parsed = parse_webhook(envelope({**METADATA, "contacts": contacts, "messages": [text_message("wamid.Q")]}), NOW)
    [m] = parsed.messages
    assert (m.partition_key, m.wa_id, m.user_id) == ("905320000001", "905320000001", "TR.99")


def test_interactive_flow_reply_has_no_id_or_title() -> None:
    nfm = {**text_message("wamid.F"), "type": "interactive",
           "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "response_json": "{}", "body": "Sent"}}}
    [m] = parse_webhook(envelope({**METADATA, "messages": [nfm]}), NOW).messages
    assert (m.interactive_id, m.interactive_title, m.text) == (None, None, None)
    assert m.raw["message"]["interactive"]["nfm_reply"]["name"] == "flow"
