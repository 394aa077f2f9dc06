"""Contracts between services, outbound content within WhatsApp's limits, catalogues, templates, clocks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from common import wa_content
from common.clock import FixedClock, OffsetClock, SystemClock, local
from common.contracts import (
    Citizen,
    DeliveryStatus,
    DomainRequest,
    InboundMessage,
    OutboundMessage,
    Recipient,
    derive_id,
)
from common.i18n import LANGUAGES, Catalogue
from common.templates import PARAM_COUNT_MISMATCH, TEMPLATE_NOT_FOUND, TEMPLATES, check_template
from pydantic import ValidationError

WAMID = "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgg0000000000000000A1B2C3D4E5F61EEF"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

# --- derive_id --------------------------------------------------------------------------------


def test_derive_id_is_stable() -> None:
    assert derive_id(WAMID, "welcome") == derive_id(WAMID, "welcome")
    assert derive_id(WAMID, "welcome").startswith("out_")
    assert len(derive_id(WAMID, "welcome")) == len("out_") + 32
    int(derive_id(WAMID, "welcome")[4:], 16)  # hex


def test_derive_id_differs_per_step_and_cause() -> None:
    other_wamid = WAMID[:-1] + "0"
    ids = {derive_id(WAMID, "welcome"), derive_id(WAMID, "menu"), derive_id(other_wamid, "welcome"),
           derive_id(other_wamid, "menu")}
    assert len(ids) == 4


def test_derive_id_does_not_confuse_where_cause_ends() -> None:
    assert derive_id("ab", "c") != derive_id("a", "bc")
    assert derive_id("alert:1", "donor:2") != derive_id("alert:1:donor", "2")


def test_derive_id_never_contains_the_wamid() -> None:
    out = derive_id(WAMID, "welcome")
    assert WAMID not in out
    assert "wamid" not in out
    # Not even a recognisable piece of it (wamids encode the phone number in base64).
    body = WAMID.removeprefix("wamid.")
    assert all(body[i:i + 8] not in out for i in range(len(body) - 8))
    assert "905321112233" not in derive_id("905321112233", "x")


# --- Recipient.of -----------------------------------------------------------------------------


def test_recipient_prefers_the_phone() -> None:
    r = Recipient.of(Citizen(id="c1", wa_id="905321112233", user_id="TR.1"))
    assert (r.citizen_id, r.to, r.recipient) == ("c1", "905321112233", None)


def test_recipient_uses_user_id_without_a_phone() -> None:
    r = Recipient.of(Citizen(id="c2", user_id="TR.13491208655302741918"))
    assert (r.citizen_id, r.to, r.recipient) == ("c2", None, "TR.13491208655302741918")


def test_recipient_of_a_citizen_with_no_address_has_none() -> None:
    r = Recipient.of(Citizen(id="c3"))
    assert (r.to, r.recipient) == (None, None)


# --- JSON round trips -------------------------------------------------------------------------


def outbound() -> OutboundMessage:
    return OutboundMessage(
        id=derive_id(WAMID, "welcome"), origin="router", lane="reply", correlation_id="corr-1",
        citizen=Recipient(citizen_id="c1", to="905321112233"), content=wa_content.text("Merhaba"),
        in_reply_to=WAMID, language="tr", created_at=AT,
    )


def inbound() -> InboundMessage:
    return InboundMessage(
        wamid=WAMID, partition_key="905321112233", wa_id="905321112233", phone_number_id="106540352242922",
        timestamp=AT, type="text", text="Merhaba", raw={"message": {"id": WAMID}}, received_at=AT,
    )


def test_outbound_round_trip_uses_the_schema_alias() -> None:
    message = outbound()
    wire = message.model_dump_json(by_alias=True)
    data = json.loads(wire)
    assert data["schema"] == "outbound.message.v1"
    assert "schema_" not in data
    back = OutboundMessage.model_validate_json(wire)
    assert back == message
    assert back.created_at == AT
    assert back.content == {"type": "text", "text": {"body": "Merhaba", "preview_url": False}}


def test_domain_request_round_trip() -> None:
    request = DomainRequest(domain="blood", intent="text", citizen=Citizen(id="c1", wa_id="905321112233"),
                            language="ar", message=inbound(), late=True)
    wire = request.model_dump_json(by_alias=True)
    data = json.loads(wire)
    assert data["schema"] == "domain.request.v1"
    assert data["message"]["schema"] == "inbound.message.v1"
    back = DomainRequest.model_validate_json(wire)
    assert back == request
    assert back.message.text == "Merhaba"
    assert back.late is True


def test_unknown_schema_version_is_refused() -> None:
    data = json.loads(outbound().model_dump_json(by_alias=True))
    data["schema"] = "outbound.message.v2"
    with pytest.raises(ValidationError):
        OutboundMessage.model_validate(data)


def test_missing_schema_defaults_to_the_current_version() -> None:
    data = json.loads(outbound().model_dump_json(by_alias=True))
    del data["schema"]
    assert OutboundMessage.model_validate(data).schema_ == "outbound.message.v1"


def test_unknown_extra_fields_are_carried() -> None:
    data = json.loads(outbound().model_dump_json(by_alias=True))
    data["added_by_a_newer_service"] = {"x": 1}
    back = OutboundMessage.model_validate(data)
    assert json.loads(back.model_dump_json(by_alias=True))["added_by_a_newer_service"] == {"x": 1}


@pytest.mark.parametrize("bad", [{"lane": "urgent"}, {"language": "de"}, {"citizen": {"to": "9053"}}])
def test_outbound_validation(bad: dict[str, object]) -> None:
    data = {**json.loads(outbound().model_dump_json(by_alias=True)), **bad}
    with pytest.raises(ValidationError):
        OutboundMessage.model_validate(data)


def test_delivery_status_round_trip() -> None:
    status = DeliveryStatus(outbound_id="out_1", origin="blood", status="failed", at=AT,
                            errors=[{"code": 131047}])
    back = DeliveryStatus.model_validate_json(status.model_dump_json(by_alias=True))
    assert back == status
    assert back.schema_ == "delivery.status.v1"


# --- wa_content -------------------------------------------------------------------------------


def rows(n: int) -> list[wa_content.Row]:
    return [wa_content.Row(f"r{i}", f"Row {i}") for i in range(n)]


def test_text_is_cut_to_4096() -> None:
    assert wa_content.text("kısa") == {"type": "text", "text": {"body": "kısa", "preview_url": False}}
    exact = "a" * 4096
    assert wa_content.text(exact)["text"]["body"] == exact
    body = wa_content.text("a" * 5000)["text"]["body"]
    assert len(body) == 4096
    assert body.endswith("…")
    assert wa_content.text("x", preview_url=True)["text"]["preview_url"] is True


@pytest.mark.parametrize("n", [0, 11, 20])
def test_list_rejects_0_or_more_than_10_rows(n: int) -> None:
    with pytest.raises(ValueError, match="1 to 10 rows"):
        wa_content.list_message("body", "Menü", rows(n))


@pytest.mark.parametrize("n", [1, 10])
def test_list_accepts_1_to_10_rows(n: int) -> None:
    content = wa_content.list_message("body", "Menü", rows(n))
    assert len(content["interactive"]["action"]["sections"][0]["rows"]) == n


def test_list_cuts_every_text_to_its_limit() -> None:
    content = wa_content.list_message(
        "b" * 5000, "Button label that is too long",
        [wa_content.Row("menu.blood", "Kan bağışı noktaları ve uygunluk", "d" * 100),
         wa_content.Row("menu.short", "Kısa", None)],
        section_title="Section title that is far too long", header="h" * 100, footer="f" * 100)
    interactive = content["interactive"]
    assert content["type"] == "interactive"
    assert interactive["type"] == "list"
    assert len(interactive["body"]["text"]) == 4096
    assert interactive["action"]["button"] == "Button label that i…"
    assert len(interactive["action"]["button"]) == 20
    section = interactive["action"]["sections"][0]
    assert len(section["title"]) == 24
    long_row, short_row = section["rows"]
    assert long_row == {"id": "menu.blood", "title": "Kan bağışı noktaları ve…", "description": "d" * 71 + "…"}
    assert len(long_row["title"]) == 24
    assert short_row == {"id": "menu.short", "title": "Kısa"}  # no empty description
    assert interactive["header"] == {"type": "text", "text": "h" * 59 + "…"}
    assert interactive["footer"] == {"text": "f" * 59 + "…"}


def test_list_without_optional_parts() -> None:
    interactive = wa_content.list_message("body", "Menü", rows(2))["interactive"]
    assert "header" not in interactive
    assert "footer" not in interactive
    assert "title" not in interactive["action"]["sections"][0]


def test_titles_at_the_limit_are_not_cut() -> None:
    content = wa_content.list_message("b", "x" * 20, [wa_content.Row("id", "t" * 24, "d" * 72)])
    row = content["interactive"]["action"]["sections"][0]["rows"][0]
    assert (row["title"], row["description"]) == ("t" * 24, "d" * 72)
    assert content["interactive"]["action"]["button"] == "x" * 20


@pytest.mark.parametrize("n", [0, 4])
def test_buttons_reject_0_or_4(n: int) -> None:
    with pytest.raises(ValueError, match="1 to 3 buttons"):
        wa_content.buttons("body", [(f"b{i}", f"B{i}") for i in range(n)])


def test_buttons_shape_and_limits() -> None:
    content = wa_content.buttons("q" * 2000, [("consent.yes", "Evet, kabul ediyorum tamamen"), ("consent.no", "Hayır")],
                                 footer="f" * 61)
    interactive = content["interactive"]
    assert interactive["type"] == "button"
    assert len(interactive["body"]["text"]) == 1024
    assert interactive["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "consent.yes", "title": "Evet, kabul ediyoru…"}},
        {"type": "reply", "reply": {"id": "consent.no", "title": "Hayır"}},
    ]
    assert all(len(b["reply"]["title"]) <= 20 for b in interactive["action"]["buttons"])
    assert len(interactive["footer"]["text"]) == 60
    assert len(wa_content.buttons("q", [("a", "A"), ("b", "B"), ("c", "C")])["interactive"]["action"]["buttons"]) == 3


def test_location_and_template() -> None:
    assert wa_content.location(39.92, 32.85) == {"type": "location",
                                                 "location": {"latitude": 39.92, "longitude": 32.85}}
    assert wa_content.location(1.0, 2.0, name="Kızılay", address="Ankara")["location"] == {
        "latitude": 1.0, "longitude": 2.0, "name": "Kızılay", "address": "Ankara"}
    assert wa_content.template("support_rating", "tr", ["R-1"]) == {"type": "template", "template": {
        "name": "support_rating", "language": {"code": "tr"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "R-1"}]}]}}
    assert wa_content.template("x", "en", [])["template"]["components"] == []


# --- Catalogue --------------------------------------------------------------------------------


def test_catalogue_missing_reports_absent_and_blank_texts() -> None:
    catalogue = Catalogue({
        "complete": {"tr": "Merhaba", "ar": "مرحبا", "en": "Hello"},
        "no_ar": {"tr": "Evet", "en": "Yes"},
        "blank_en": {"tr": "Hayır", "ar": "لا", "en": "   "},
        "empty": {},
    })
    assert catalogue.missing() == ["no_ar/ar", "blank_en/en", "empty/tr", "empty/ar", "empty/en"]
    assert Catalogue({"k": {"tr": "a", "ar": "b", "en": "c"}}).missing() == []
    assert catalogue.keys() == ["complete", "no_ar", "blank_en", "empty"]


def test_catalogue_get() -> None:
    catalogue = Catalogue({"ref": {"tr": "Referans: {ref}", "ar": "المرجع: {ref}", "en": "Reference: {ref}"},
                           "plain": {"tr": "{literal}", "ar": "x", "en": "y"}})
    assert catalogue.get("ref", "tr", ref="KZL-1") == "Referans: KZL-1"
    assert catalogue.get("ref", "ar", ref="KZL-1") == "المرجع: KZL-1"
    assert catalogue.get("plain", "tr") == "{literal}"  # no params: not formatted
    with pytest.raises(KeyError):
        catalogue.get("nope", "tr")
    assert LANGUAGES == ("tr", "ar", "en")


# --- templates --------------------------------------------------------------------------------

DOCUMENTED = {  # docs/whatsapp-templates.md
    "blood_need_alert": (4, ("ALERT_CAN_COME", "ALERT_CANNOT", "ALERT_STOP")),
    "volunteer_callout": (4, ("CALLOUT_YES", "CALLOUT_NO")),
    "conversation_reopen": (1, ("REOPEN",)),
    "support_rating": (1, ()),
    "donation_receipt_ready": (1, ()),
}


def test_templates_match_the_documented_list() -> None:
    assert {name: (t.param_count, t.quick_replies) for name, t in TEMPLATES.items()} == DOCUMENTED
    for template in TEMPLATES.values():
        assert template.category == "utility"
        assert template.languages == ("tr", "ar", "en")


@pytest.mark.parametrize(("name", "language", "params", "code"), [
    ("blood_need_alert", "tr", 4, None),
    ("blood_need_alert", "ar", 4, None),
    ("support_rating", "en", 1, None),
    ("blood_need_alert", "tr", 3, PARAM_COUNT_MISMATCH),
    ("blood_need_alert", "tr", 5, PARAM_COUNT_MISMATCH),
    ("support_rating", "tr", 0, PARAM_COUNT_MISMATCH),
    ("blood_need_alert", "de", 4, TEMPLATE_NOT_FOUND),
    ("blood_need_alert", "tr_TR", 4, TEMPLATE_NOT_FOUND),
    ("blood_alert", "tr", 4, TEMPLATE_NOT_FOUND),
    ("", "tr", 0, TEMPLATE_NOT_FOUND),
    ("unknown", "de", 9, TEMPLATE_NOT_FOUND),  # the name is checked before the count
])
def test_check_template(name: str, language: str, params: int, code: int | None) -> None:
    assert check_template(name, language, params) == code


def test_template_error_codes_are_metas() -> None:
    assert (TEMPLATE_NOT_FOUND, PARAM_COUNT_MISMATCH) == (132001, 132000)


# --- clocks -----------------------------------------------------------------------------------


def test_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(AT)
    assert clock.now() == AT
    assert clock.now() == AT
    clock.advance(timedelta(minutes=5))
    assert clock.now() == AT + timedelta(minutes=5)


def test_offset_and_system_clocks() -> None:
    before = datetime.now(UTC)
    shifted = OffsetClock(timedelta(hours=2)).now()
    plain = SystemClock().now()
    after = datetime.now(UTC)
    assert before <= plain <= after
    assert before + timedelta(hours=2) <= shifted <= after + timedelta(hours=2)
    assert plain.tzinfo is not None


def test_local_time_is_istanbul() -> None:
    shown = local(AT)
    assert (shown.hour, shown.utcoffset()) == (13, timedelta(hours=3))
    assert shown == AT
