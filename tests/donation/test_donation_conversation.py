from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

import pytest
from common.contracts import DomainRequest
from common.i18n import LANGUAGES, Language
from donation.content import EXAMPLE_RESOURCE, DonationContent, load_default_content, validate_content
from donation.conversation import PARTS, ROW_PREFIX, looks_like_card_data, part_for_text, respond
from donation.texts import TEXTS

RequestMaker = Callable[..., DomainRequest]
FixtureRequest = Callable[[str, str, str, Language], DomainRequest]
LimitCheck = Callable[[Sequence[dict[str, Any]]], None]

CONTENT = load_default_content()
INTENTS = ("menu", "text", *(f"button:{ROW_PREFIX}{part}" for part in PARTS), "button:donation.v0.old", "other")


def _body(content: dict[str, Any]) -> str:
    if content["type"] == "text":
        return str(content["text"]["body"])
    return str(content["interactive"]["body"]["text"])


def _row_ids(content: dict[str, Any]) -> list[str]:
    return [row["id"] for section in content["interactive"]["action"]["sections"] for row in section["rows"]]


def _largest_content() -> DonationContent:
    """Every free text at its limit, every list as long as validation lets it be."""
    data = json.loads(resources.files("donation").joinpath(EXAMPLE_RESOURCE).read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        body = data[lang]
        body["intro"] = "i" * 400
        body.update(kurban="k" * 1500, zakat="z" * 1500, receipts="r" * 1500)
        body["channels"] = [{"name": "n" * 80, "how": "h" * 400, "link": "l" * 80} for _ in range(5)]
        body["campaigns"] = [{"name": "c" * 80, "text": "t" * 400, "link": "l" * 80} for _ in range(5)]
    return validate_content(data)


def test_catalogue_is_complete() -> None:
    assert TEXTS.missing() == []


@pytest.mark.parametrize("content", [CONTENT, _largest_content()], ids=["example", "largest"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_answers_within_whatsapp_limits(
    make_request: RequestMaker, wa_limits: LimitCheck, intent: str, language: Language, content: DonationContent,
) -> None:
    replies = respond(make_request(intent, "bağış", language=language), content)
    wa_limits(replies)
    for reply in replies:
        if reply["type"] == "interactive":
            assert all(rid.startswith(ROW_PREFIX) for rid in _row_ids(reply))


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_gives_channels_overview_and_the_other_topics(make_request: RequestMaker, language: Language) -> None:
    (reply,) = respond(make_request("menu", None, language=language), CONTENT)
    body = CONTENT.for_language(language)
    assert body.intro in _body(reply)
    assert all(channel.name in _body(reply) for channel in body.channels)
    assert _row_ids(reply) == [f"{ROW_PREFIX}{p}" for p in ("campaigns", "kurban", "zakat", "receipt")]


def test_sample_content_is_flagged_to_the_citizen(make_request: RequestMaker) -> None:
    (reply,) = respond(make_request("menu", None), CONTENT)
    assert reply["interactive"]["footer"]["text"] == TEXTS.get("sample.note", "tr")
    approved = CONTENT.model_copy(update={"sample": False})
    (reply,) = respond(make_request("menu", None), approved)
    assert "footer" not in reply["interactive"]


def test_donation_fixture_gets_the_kurban_part(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_donation_tr", "donation", "text", "tr")
    (reply,) = respond(req, CONTENT)
    assert _body(reply).startswith(CONTENT.tr.kurban)
    assert f"{ROW_PREFIX}kurban" not in _row_ids(reply)


@pytest.mark.parametrize(("text", "part"), [
    ("Bağış yapmak istiyorum, kurban bağışı nasıl oluyor?", "kurban"),
    ("KURBANIMI vekaletle verebilir miyim", "kurban"),
    ("adak kurbanı", "kurban"),
    ("How do I give qurbani?", "kurban"),
    ("أريد التبرع بالأضحية", "kurban"),
    ("zekatımı nasıl veririm", "zakat"),
    ("Can I pay zakat online?", "zakat"),
    ("كيف أدفع الزكاة؟", "zakat"),
    ("bağışımın makbuzu gelmedi", "receipt"),
    ("param çekildi ama ödeme başarısız dedi", "receipt"),
    ("kurban bağışımın iadesini istiyorum", "receipt"),
    ("I need a receipt for my donation", "receipt"),
    ("my payment failed", "receipt"),
    ("أريد استرداد تبرعي", "receipt"),
    ("güncel kampanyalar neler", "campaigns"),
    ("bagis yapmak istiyorum", "channels"),
    ("How can I donate?", "channels"),
])
def test_text_picks_the_part(text: str, part: str) -> None:
    assert part_for_text(text) == part


@pytest.mark.parametrize("language", LANGUAGES)
def test_receipts_and_refunds_go_to_a_person(make_request: RequestMaker, language: Language) -> None:
    (reply,) = respond(make_request("text", "iade istiyorum", language=language), CONTENT)
    text = _body(reply)
    assert CONTENT.for_language(language).receipts in text
    assert TEXTS.get("handoff", language) in text
    assert ("agent" if language == "en" else "temsilci") in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_campaigns_say_so_honestly(make_request: RequestMaker, language: Language) -> None:
    (reply,) = respond(make_request(f"button:{ROW_PREFIX}campaigns", None, language=language), CONTENT)
    assert _body(reply).startswith(TEXTS.get("campaigns.empty", language, url="https://www.kizilay.org.tr/bagis"))


def test_campaigns_from_content_are_listed(make_request: RequestMaker) -> None:
    data = CONTENT.model_dump(mode="json")
    data["en"]["campaigns"] = [{"name": "Winter appeal", "text": "Heating for families.", "link": None}]
    (reply,) = respond(make_request(f"button:{ROW_PREFIX}campaigns", None, language="en"), validate_content(data))
    assert "Winter appeal" in _body(reply) and "Heating for families." in _body(reply)


@pytest.mark.parametrize("text", [
    "kart numaram 4111 1111 1111 1111 son kullanma 12/28",
    "4111-1111-1111-1111",
    "5500000000000004 ile ödeyeyim mi",
    "CVV kodunu da yazayım mı?",
    "my card number is 4111111111111111",
])
def test_card_data_is_warned_about_and_never_echoed(make_request: RequestMaker, text: str) -> None:
    replies = respond(make_request("text", text), CONTENT)
    assert looks_like_card_data(text)
    assert _body(replies[0]) == TEXTS.get("card.warning", "tr", url="https://www.kizilay.org.tr/bagis")
    everything = json.dumps(replies, ensure_ascii=False)
    for digits in ("4111", "5500000000000004", "12/28"):
        assert digits not in everything


@pytest.mark.parametrize("text", [
    "0532 111 22 33 numaradan arayın",
    "TC kimlik no 12345678901",
    "TR33 0006 1005 1978 6457 8413 26 hesabına yatırdım",
    "20.11.2026 tarihinde 500 TL bağışladım",
    "05321112233 05421112233",
])
def test_ordinary_numbers_are_not_card_data(text: str) -> None:
    assert not looks_like_card_data(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_button_gets_the_channels_overview(make_request: RequestMaker, language: Language) -> None:
    (reply,) = respond(make_request("button:donation.v1.nonsense", None, language=language), CONTENT)
    assert _body(reply).startswith(CONTENT.for_language(language).intro)
