"""respond(): every intent, every language, within WhatsApp's limits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from blood.conversation import (
    DISTRICT_PREFIX,
    ELIGIBILITY,
    MAX_MESSAGES,
    NEXT_DATE,
    PROVINCE_PREFIX,
    WHERE,
    respond,
)
from blood.gazetteer import Gazetteer
from blood.points import POINTS_FORMAT, DonationPoint, parse_points_file
from blood.texts import CATALOGUE
from common import wa_content
from common.i18n import LANGUAGES, Language
from common.textnorm import has_arabic_script

MakeRequest = Callable[..., Any]


# ---- helpers ------------------------------------------------------------------------------------

def check_limits(contents: Sequence[dict[str, Any]]) -> None:
    """What the Graph API accepts, and that nothing we wrote was cut to get there."""
    assert 1 <= len(contents) <= MAX_MESSAGES
    for c in contents:
        kind = c["type"]
        if kind == "text":
            body = c["text"]["body"]
            assert 0 < len(body) <= wa_content.TEXT_MAX
        elif kind == "location":
            loc = c["location"]
            assert -90 <= loc["latitude"] <= 90 and -180 <= loc["longitude"] <= 180
        elif kind == "interactive":
            inter = c["interactive"]
            if inter["type"] == "button":
                assert len(inter["body"]["text"]) <= wa_content.BUTTON_BODY_MAX
                buttons = inter["action"]["buttons"]
                assert 1 <= len(buttons) <= 3
                titles = [b["reply"]["title"] for b in buttons]
                ids = [b["reply"]["id"] for b in buttons]
                assert len(set(titles)) == len(titles) and len(set(ids)) == len(ids)
                for title in titles:
                    assert len(title) <= wa_content.BUTTON_TITLE_MAX and not title.endswith("…")
                for cid in ids:
                    assert cid.startswith("blood.") and len(cid) <= 256
            elif inter["type"] == "list":
                assert len(inter["body"]["text"]) <= wa_content.LIST_BODY_MAX
                assert len(inter["action"]["button"]) <= wa_content.BUTTON_LABEL_MAX
                rows = [r for s in inter["action"]["sections"] for r in s["rows"]]
                assert 1 <= len(rows) <= 10
                for row in rows:
                    assert len(row["title"]) <= wa_content.ROW_TITLE_MAX
                    assert not row["title"].endswith("…")
                    assert row["id"].startswith("blood.") and len(row["id"]) <= 200
            else:
                pytest.fail(f"unexpected interactive type {inter['type']}")
            if "footer" in inter:
                assert len(inter["footer"]["text"]) <= wa_content.HEADER_FOOTER_MAX
        else:
            pytest.fail(f"unexpected content type {kind}")


def all_text(contents: Sequence[dict[str, Any]]) -> str:
    parts: list[str] = []
    for c in contents:
        if c["type"] == "text":
            parts.append(c["text"]["body"])
        elif c["type"] == "interactive":
            inter = c["interactive"]
            parts.append(inter["body"]["text"])
            for b in inter["action"].get("buttons", []):
                parts.append(b["reply"]["title"])
            for s in inter["action"].get("sections", []):
                parts.extend(r["title"] for r in s["rows"])
    return "\n".join(parts)


def ids_of(content: dict[str, Any]) -> list[str]:
    action = content["interactive"]["action"]
    if "buttons" in action:
        return [b["reply"]["id"] for b in action["buttons"]]
    return [r["id"] for s in action["sections"] for r in s["rows"]]


def run(make_request: MakeRequest, points: Sequence[DonationPoint], gazetteer: Gazetteer,
        intent: str, **kwargs: Any) -> list[dict[str, Any]]:
    out = respond(make_request(intent, **kwargs), points, gazetteer)
    check_limits(out)
    return out


def t(key: str, lang: Language, **params: object) -> str:
    return CATALOGUE.get(key, lang, **params)


# ---- where to donate: text ------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "lang", "plate", "province"), [
    ("text_blood_where_ankara", "tr", 6, "Ankara"),
    ("text_blood_upper_istanbul", "tr", 34, "İstanbul"),
    ("text_blood_ascii_izmir", "tr", 35, "İzmir"),
    ("text_arabic_blood", "ar", 27, "Gaziantep"),
])
def test_fixture_texts_get_points_of_their_province(
        make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
        webhook_text: Callable[[str], str], fixture: str, lang: Language, plate: int,
        province: str) -> None:
    out = run(make_request, points, gazetteer, "text", text=webhook_text(fixture), language=lang)
    assert [c["type"] for c in out] == ["text", "location"]
    body = out[0]["text"]["body"]
    assert province in body.splitlines()[0]
    assert t("sample_note", lang) in body
    names_in_province = [p.name for p in points if p.province_plate == plate]
    assert all(name in body for name in names_in_province)
    other = [p.name for p in points if p.province_plate != plate]
    assert not any(name in body for name in other)
    pin = out[1]["location"]
    assert pin["name"] in names_in_province
    if lang == "ar":
        assert has_arabic_script(body.splitlines()[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_menu_intent_with_a_place_shows_points(make_request: MakeRequest, points: list[DonationPoint],
                                               gazetteer: Gazetteer, lang: Language) -> None:
    out = run(make_request, points, gazetteer, "menu", text="Konak", language=lang)
    assert [c["type"] for c in out] == ["text", "location"]
    assert "Konak" in out[0]["text"]["body"].splitlines()[0]
    assert "Konak" in out[1]["location"]["name"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_district_without_points_falls_back_to_province(
        make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
        lang: Language) -> None:
    out = run(make_request, points, gazetteer, "text", text="Çeşme İzmir", language=lang)
    body = out[0]["text"]["body"]
    assert "Çeşme" in body.splitlines()[0]
    assert all(p.name in body for p in points if p.province_plate == 35)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ambiguous_district_asks_which(make_request: MakeRequest, points: list[DonationPoint],
                                       gazetteer: Gazetteer, lang: Language) -> None:
    out = run(make_request, points, gazetteer, "text", text="Gölbaşı", language=lang)
    assert len(out) == 1 and out[0]["interactive"]["type"] == "list"
    assert ids_of(out[0]) == [f"{DISTRICT_PREFIX}02.golbasi", f"{DISTRICT_PREFIX}06.golbasi"]
    assert "Ankara" in all_text(out) and "Adıyaman" in all_text(out)
    assert t("ambiguous", lang, district="Gölbaşı") in all_text(out)

    chosen = run(make_request, points, gazetteer, f"button:{DISTRICT_PREFIX}06.golbasi",
                 language=lang)
    assert chosen[0]["type"] == "text"
    assert "Gölbaşı" in chosen[0]["text"]["body"].splitlines()[0]
    assert chosen[1]["location"]["name"] in [p.name for p in points if p.province_plate == 6]


def test_every_ambiguous_name_fits_a_list(make_request: MakeRequest, points: list[DonationPoint],
                                          gazetteer: Gazetteer) -> None:
    for name in ("Yenişehir Diyarbakır", "Altınyayla", "Köprübaşı", "Kemalpaşa", "Aydıncık"):
        run(make_request, points, gazetteer, "text", text=name.split()[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typo_gets_suggestions_as_buttons(make_request: MakeRequest, points: list[DonationPoint],
                                          gazetteer: Gazetteer, lang: Language) -> None:
    out = run(make_request, points, gazetteer, "text", text="Ankra", language=lang)
    assert len(out) == 1 and out[0]["interactive"]["type"] == "button"
    assert f"{PROVINCE_PREFIX}06" in ids_of(out[0])
    assert t("unknown_place", lang, text="Ankra") in all_text(out)

    chosen = run(make_request, points, gazetteer, f"button:{PROVINCE_PREFIX}06", language=lang)
    assert chosen[1]["location"]["name"] in [p.name for p in points if p.province_plate == 6]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_short_reply_asks_again(make_request: MakeRequest, points: list[DonationPoint],
                                        gazetteer: Gazetteer, lang: Language) -> None:
    out = run(make_request, points, gazetteer, "text", text="Xyzabad", language=lang)
    body = out[0]["text"]["body"]
    assert t("unknown_place", lang, text="Xyzabad") in body
    assert t("unknown_place_retry", lang) in body


@pytest.mark.parametrize(("text", "lang"), [
    ("kan bağışı nerede", "tr"),
    ("kan vermek istiyorum, ne yapmalıyım?", "tr"),
    ("I saw your ad about donating", "en"),
    ("أين يمكنني التبرع بالدم", "ar"),
])
def test_text_without_place_explains_and_asks(
        make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
        text: str, lang: Language) -> None:
    out = run(make_request, points, gazetteer, "text", text=text, language=lang)
    assert len(out) == 1
    body = out[0]["text"]["body"]
    assert t("rules", lang) in body and t("ask_place", lang) in body


def test_ad_referral_fixture(make_request: MakeRequest, points: list[DonationPoint],
                             gazetteer: Gazetteer, webhook_text: Callable[[str], str]) -> None:
    out = run(make_request, points, gazetteer, "text", text=webhook_text("text_from_ad_referral"),
              language="en")
    assert "Giving blood" in out[0]["text"]["body"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_thanks(make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
                lang: Language) -> None:
    text = {"tr": "Teşekkürler", "ar": "شكرا لكم", "en": "thanks!"}[lang]
    out = run(make_request, points, gazetteer, "text", text=text, language=lang)
    assert out[0]["text"]["body"] == t("thanks_reply", lang)


# ---- where to donate: location -------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_location_shared_in_ankara(make_request: MakeRequest, points: list[DonationPoint],
                                   gazetteer: Gazetteer, webhook_message: Callable[[str], Any],
                                   lang: Language) -> None:
    loc = webhook_message("location_shared")["location"]
    out = run(make_request, points, gazetteer, "location", language=lang,
              location=(loc["latitude"], loc["longitude"]))
    assert [c["type"] for c in out] == ["text", "location"]
    body = out[0]["text"]["body"]
    assert body.splitlines()[0] == t("points_header_nearest", lang)
    listed = [p for p in points if p.name in body]
    assert len(listed) == 3 and all(p.province_plate == 6 for p in listed)
    unit = {"tr": "km", "en": "km", "ar": "كم"}[lang]
    assert body.count(unit) >= 2
    first_listed = next(line for line in body.splitlines() if line.startswith("*")).strip("*")
    assert out[1]["location"]["name"] == first_listed


def test_location_named_place_konak(make_request: MakeRequest, points: list[DonationPoint],
                                    gazetteer: Gazetteer,
                                    webhook_message: Callable[[str], Any]) -> None:
    loc = webhook_message("location_named_place")["location"]
    out = run(make_request, points, gazetteer, "location",
              location=(loc["latitude"], loc["longitude"]))
    body = out[0]["text"]["body"]
    assert "Konak" in out[1]["location"]["name"]
    assert re.search(r"1,\d km", body)  # Turkish decimal comma
    assert all(p.province_plate == 35 for p in points if p.name in body)


def test_distances_in_each_language(make_request: MakeRequest, points: list[DonationPoint],
                                    gazetteer: Gazetteer) -> None:
    en = all_text(run(make_request, points, gazetteer, "location", language="en",
                      location=(38.4237, 27.1428)))
    ar = all_text(run(make_request, points, gazetteer, "location", language="ar",
                      location=(38.4237, 27.1428)))
    assert re.search(r"1\.\d km away", en)
    assert re.search(r"1\.\d كم", ar)


def test_far_location_notes_mobile_teams(make_request: MakeRequest, points: list[DonationPoint],
                                         gazetteer: Gazetteer) -> None:
    ankara_only = [p for p in points if p.province_plate == 6]
    out = run(make_request, ankara_only, gazetteer, "location", language="en",
              location=(41.0, 29.0))
    assert "Call 168 to ask about mobile teams" in out[0]["text"]["body"]


def test_location_intent_without_location_asks(make_request: MakeRequest,
                                               points: list[DonationPoint],
                                               gazetteer: Gazetteer) -> None:
    out = run(make_request, points, gazetteer, "location")
    assert out[0]["text"]["body"] == t("ask_place", "tr")


def test_no_points_at_all(make_request: MakeRequest, gazetteer: Gazetteer) -> None:
    out = run(make_request, [], gazetteer, "location", location=(39.9, 32.8))
    assert out[0]["text"]["body"] == t("ask_place", "tr")
    out = run(make_request, [], gazetteer, "text", text="Ankara")
    assert out[0]["text"]["body"] == t("ask_place", "tr")


def test_province_without_points_lists_nearest(make_request: MakeRequest,
                                               points: list[DonationPoint],
                                               gazetteer: Gazetteer) -> None:
    ankara_only = [p for p in points if p.province_plate == 6]
    out = run(make_request, ankara_only, gazetteer, "text", text="Kırıkkale'de kan bağışı")
    body = out[0]["text"]["body"]
    assert body.startswith(t("points_none_in_province", "tr", province="Kırıkkale"))
    assert "km" in body


def test_real_points_have_no_sample_note(make_request: MakeRequest, gazetteer: Gazetteer) -> None:
    real = [p.model_copy(update={"sample": False}) for p in
            parse_points_file(_points_file_bytes())]
    body = run(make_request, real, gazetteer, "text", text="Ankara")[0]["text"]["body"]
    assert t("sample_note", "tr") not in body


def test_huge_records_stay_within_limits(make_request: MakeRequest, gazetteer: Gazetteer) -> None:
    huge = [DonationPoint(id=f"p{i}", name="N" * 200, kind="fixed_centre", province_plate=6,
                          province="Ankara", address="A" * 500, opening_hours="H" * 300,
                          phone="168", latitude=39.92, longitude=32.85, sample=True)
            for i in range(12)]
    out = run(make_request, huge, gazetteer, "text", text="Ankara")
    body = out[0]["text"]["body"]
    assert not body.endswith("…") and t("sample_note", "tr") in body
    assert "daha" in body  # "…ve N nokta daha"


# ---- blood-need appeals and alerts -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_forwarded_need(make_request: MakeRequest, points: list[DonationPoint],
                        gazetteer: Gazetteer, webhook_text: Callable[[str], str],
                        lang: Language) -> None:
    out = run(make_request, points, gazetteer, "need", text=webhook_text("text_forwarded"),
              language=lang)
    assert out[0]["text"]["body"] == t("need", lang)
    assert t("ask_place", lang) in out[1]["text"]["body"]


def test_need_with_a_place_lists_points(make_request: MakeRequest, points: list[DonationPoint],
                                        gazetteer: Gazetteer) -> None:
    out = run(make_request, points, gazetteer, "need",
              text="Acil 0 Rh- kan aranıyor, İzmir'de hastane")
    assert [c["type"] for c in out] == ["text", "text", "location"]
    assert "İzmir" in out[1]["text"]["body"].splitlines()[0]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("intent", "key"), [
    ("alert:ALERT_CAN_COME", "alert_can_come"),
    ("alert:ALERT_CANNOT", "alert_cannot"),
    ("alert:ALERT_STOP", "alert_stop"),
    ("alerts_stop", "alert_stop"),
    ("button:ALERT_CAN_COME", "alert_can_come"),
])
def test_alert_replies(make_request: MakeRequest, points: list[DonationPoint],
                       gazetteer: Gazetteer, lang: Language, intent: str, key: str) -> None:
    out = run(make_request, points, gazetteer, intent, language=lang)
    assert out == [wa_content.text(t(key, lang))]


def test_template_quick_reply_fixture(make_request: MakeRequest, points: list[DonationPoint],
                                      gazetteer: Gazetteer,
                                      webhook_message: Callable[[str], Any]) -> None:
    button = webhook_message("template_quick_reply_button")["button"]
    out = run(make_request, points, gazetteer, f"alert:{button['payload']}", msg_type="button",
              text=None, button_payload=button["payload"])
    assert out[0]["text"]["body"] == t("alert_can_come", "tr")


def test_unknown_alert_payload_gets_menu(make_request: MakeRequest, points: list[DonationPoint],
                                         gazetteer: Gazetteer) -> None:
    out = run(make_request, points, gazetteer, "alert:SOMETHING_ELSE")
    assert ids_of(out[0]) == [WHERE, ELIGIBILITY, NEXT_DATE]


# ---- menu and its buttons ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_menu(make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
              lang: Language) -> None:
    out = run(make_request, points, gazetteer, "menu", language=lang, text="1")
    assert len(out) == 1 and out[0]["interactive"]["type"] == "button"
    assert ids_of(out[0]) == [WHERE, ELIGIBILITY, NEXT_DATE]
    assert out[0]["interactive"]["body"]["text"] == t("menu_body", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("choice", "key"), [
    (WHERE, "ask_place"), (ELIGIBILITY, "eligibility_soon"), (NEXT_DATE, "next_date_soon"),
])
def test_menu_buttons(make_request: MakeRequest, points: list[DonationPoint],
                      gazetteer: Gazetteer, lang: Language, choice: str, key: str) -> None:
    for intent in (f"button:{choice}", f"list:{choice}"):
        out = run(make_request, points, gazetteer, intent, language=lang)
        body = out[0]["text"]["body"]
        assert body == t(key, lang, rules=t("rules", lang)) if key == "eligibility_soon" \
            else body == t(key, lang)
    # the router may also pass the id only in the message
    out = run(make_request, points, gazetteer, "button", language=lang, interactive_id=choice)
    assert out[0]["type"] == "text"


@pytest.mark.parametrize("intent", [
    "button:blood.v0.where", "button:menu.blood", "button:", f"button:{PROVINCE_PREFIX}99",
    f"button:{PROVINCE_PREFIX}xx", f"button:{DISTRICT_PREFIX}06.nowhere",
    f"button:{DISTRICT_PREFIX}", "something_new", "",
])
def test_unknown_ids_and_intents_get_the_menu(make_request: MakeRequest,
                                              points: list[DonationPoint],
                                              gazetteer: Gazetteer, intent: str) -> None:
    out = run(make_request, points, gazetteer, intent)
    assert ids_of(out[0]) == [WHERE, ELIGIBILITY, NEXT_DATE]


def test_direct_intents(make_request: MakeRequest, points: list[DonationPoint],
                        gazetteer: Gazetteer) -> None:
    assert run(make_request, points, gazetteer, "where")[0]["text"]["body"] == t("ask_place", "tr")
    assert "90" in run(make_request, points, gazetteer, "next_date")[0]["text"]["body"]


# ---- across everything --------------------------------------------------------------------------

ALL_CASES: list[tuple[str, dict[str, Any]]] = [
    ("text", {"text": "Ankara'da kan bağışı nerede yapabilirim?"}),
    ("text", {"text": "Gölbaşı"}),
    ("text", {"text": "Ankra"}),
    ("text", {"text": "kan bağışı nerede"}),
    ("text", {"text": "qwerty"}),
    ("location", {"location": (39.9207886, 32.8540497)}),
    ("menu", {}),
    ("need", {"text": "Acil A Rh+ kan aranıyor"}),
    ("alert:ALERT_CAN_COME", {}),
    ("alert:ALERT_CANNOT", {}),
    ("alert:ALERT_STOP", {}),
    ("alerts_stop", {}),
    (f"button:{ELIGIBILITY}", {}),
    (f"button:{NEXT_DATE}", {}),
    (f"button:{WHERE}", {}),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("intent", "kwargs"), ALL_CASES)
def test_every_reply_is_in_the_requested_language(
        make_request: MakeRequest, points: list[DonationPoint], gazetteer: Gazetteer,
        lang: Language, intent: str, kwargs: dict[str, Any]) -> None:
    out = run(make_request, points, gazetteer, intent, language=lang, **kwargs)
    text = all_text(out)
    if lang == "ar":
        assert has_arabic_script(text)
    else:
        assert not has_arabic_script(text)
        other: Language = "en" if lang == "tr" else "tr"
        for key in ("ask_place", "rules", "sample_note", "menu_body", "need"):
            assert t(key, other) not in text
    assert not re.search(r"\beligible\b", text, re.IGNORECASE)


def _points_file_bytes() -> bytes:
    return json.dumps({"format": POINTS_FORMAT, "sample": False, "note": "", "points": [{
        "id": "real-1", "name": "Kan Bağış Merkezi", "kind": "fixed_centre",
        "province_plate": 6, "province": "Ankara", "address": "Ankara",
        "opening_hours": "09:00-18:00", "phone": "168", "latitude": 39.92, "longitude": 32.85,
    }]}).encode()
