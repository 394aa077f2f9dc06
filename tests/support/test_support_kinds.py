from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from common.contracts import DomainRequest
from common.i18n import Language
from support.kinds import (
    PROVINCES,
    HelpDetails,
    feedback_type,
    guess_kind,
    help_details,
    opens_request,
    privacy_action,
    province_in,
)

RequestMaker = Callable[..., DomainRequest]
FixtureRequest = Callable[[str, str, str, Language], DomainRequest]


def _fixture_text(name: str) -> str:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "webhooks" / f"{name}.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    return str(body["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"])


# ---------------------------------------------------------------------------- feedback

def test_suggestion_fixture_is_a_suggestion() -> None:
    assert feedback_type(_fixture_text("text_suggestion_tr")) == "suggestion"


@pytest.mark.parametrize(("text", "expected"), [
    ("Şikayetim var: personel kaba davrandı", "complaint"),
    ("SIKAYET etmek istiyorum", "complaint"),
    ("Personelden memnun değilim", "complaint"),
    ("I want to complain about the queue", "complaint"),
    ("لدي شكوى بخصوص الموظف", "complaint"),
    ("A suggestion: longer opening hours", "suggestion"),
    ("لدي اقتراح", "suggestion"),
    ("Önerim şu, şikayet değil", "suggestion"),
    ("Merhaba, teşekkürler", None),
])
def test_feedback_type(text: str, expected: str | None) -> None:
    assert feedback_type(text) == expected


# ---------------------------------------------------------------------------- help requests

def test_long_fixture_is_a_help_request_with_what_can_be_read() -> None:
    details = help_details(_fixture_text("text_long"))
    # "çadır kentte kalıyoruz": they live in a tent city; that is not a request for a tent.
    assert details == HelpDetails(needs=(), people=None, urgency="normal", province=None)
    assert guess_kind(_fixture_text("text_long")) == "help"


def test_journey_example() -> None:
    details = help_details("çadır kentteyiz, bebek maması lazım")
    assert details.needs == ("baby_food",)
    assert details.urgency == "urgent"


@pytest.mark.parametrize(("text", "needs"), [
    ("Çadır lazım, su ve battaniye de", ("tent", "water", "blanket")),
    ("CADIR yok, ILAC lazim", ("tent", "medicine")),
    ("ısıtıcı ve gıda kolisi", ("food", "heater")),
    ("We need a tent, baby food and medicine", ("tent", "baby_food", "medicine")),
    ("baby formula and diapers", ("baby_food", "diapers")),
    ("نحتاج خيمة وبطانيات وماء", ("tent", "water", "blanket")),
    ("نحتاج حليب الأطفال ودواء", ("baby_food", "medicine")),
    ("ağrı kesici lazım", ("medicine",)),
    ("sabun ve çocuk bezi", ("diapers", "hygiene")),
    ("mont ve giysi", ("clothes",)),
    ("susadık", ()),
    ("tent city", ()),
])
def test_needs(text: str, needs: tuple[str, ...]) -> None:
    assert help_details(text).needs == needs


@pytest.mark.parametrize(("text", "people"), [
    ("5 kişiyiz", 5),
    ("7 kişilik bir aileyiz", 7),
    ("biz beş kişiyiz", 5),
    ("We are 6 people", 6),
    ("four people here", 4),
    ("نحن ٦ أشخاص", 6),
    ("عددنا 3 افراد", 3),
    ("2 çadır lazım", None),
    ("0 kişi", None),
    ("ailemle birlikte", None),
])
def test_people(text: str, people: int | None) -> None:
    assert help_details(text).people == people


@pytest.mark.parametrize(("text", "urgency"), [
    ("ACİL su lazım", "urgent"),
    ("acil", "urgent"),
    ("yaşlı annem var", "urgent"),
    ("hasta var", "urgent"),
    ("bebeğimiz için mama", "urgent"),
    ("urgent: need water", "urgent"),
    ("مريض ونحتاج دواء", "urgent"),
    ("hastaneye gittik, battaniye lazım", "normal"),
    ("battaniye lazım", "normal"),
])
def test_urgency(text: str, urgency: str) -> None:
    assert help_details(text).urgency == urgency


@pytest.mark.parametrize(("text", "province"), [
    ("Hatay'da çadır kentteyiz", "Hatay"),
    ("HATAY", "Hatay"),
    ("Kahramanmaraş'tayız", "Kahramanmaraş"),
    ("kahramanmarasta kaliyoruz", "Kahramanmaraş"),
    ("İSTANBUL'dan yazıyorum", "İstanbul"),
    ("we are in Antakya", "Hatay"),
    ("نحن في غازي عنتاب", "Gaziantep"),
    ("نحن بأنطاكية", "Hatay"),
    ("Malatya'nın Yeşilyurt ilçesi", "Malatya"),
    ("Ağrı'dayız", "Ağrı"),
    ("başım ağrıyor, ağrı kesici lazım", None),
    ("ordu yardım getirdi", None),
    ("karşı tarafta kalıyoruz", None),
    ("وإن شاء الله", None),
    ("kan bağışı merkezi", None),
])
def test_province(text: str, province: str | None) -> None:
    assert province_in(text) == province


def test_all_81_provinces_are_found_by_their_turkish_name() -> None:
    assert len(PROVINCES) == 81
    for name, _ in PROVINCES:
        assert province_in(f"{name}'da kalıyoruz") == name, name


# ---------------------------------------------------------------------------- intents

@pytest.mark.parametrize(("intent", "message_type", "kind"), [
    ("handoff", "text", "handoff"),
    ("handoff", "interactive", "handoff"),
    ("button:support.v1.handoff", "interactive", "handoff"),
    ("feedback", "text", "feedback"),
    ("feedback", "image", "feedback"),
    ("feedback", "interactive", None),
    ("help", "text", "help"),
    ("missed", "text", "missed"),
    ("privacy:my_data", "text", "privacy"),
    ("privacy:erase", "text", None),
    ("button:support.v1.erase_yes", "interactive", "privacy"),
    ("button:support.v1.erase_no", "interactive", None),
    ("text", "text", None),
    ("menu", "interactive", None),
])
def test_opens_request(make_request: RequestMaker, intent: str, message_type: str, kind: str | None) -> None:
    assert opens_request(make_request(intent, "x", message_type=message_type)) == kind


def test_privacy_action() -> None:
    assert privacy_action("privacy:erase") == "erase"
    assert privacy_action("erase") == "erase"
    assert privacy_action("privacy:my_data") == "my_data"
    assert privacy_action("text") is None


@pytest.mark.parametrize(("text", "kind"), [
    ("çadır lazım", "help"),
    ("ihtiyaçlarımız var", "help"),
    ("öneri: daha çok stant", "feedback"),
    ("bir sorum var", "handoff"),
])
def test_guess_kind(text: str, kind: str) -> None:
    assert guess_kind(text) == kind
