from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from common.contracts import DomainRequest
from common.i18n import LANGUAGES, Language
from volunteer.conversation import ABOUT, BUTTON_PREFIX, JOIN, REGISTER, respond
from volunteer.texts import PLATFORM_URL, TEXTS

from tests.domain_requests import button_ids, reply_text

RequestMaker = Callable[..., DomainRequest]
FixtureRequest = Callable[[str, str, str, Language], DomainRequest]
LimitCheck = Callable[[Sequence[dict[str, Any]]], None]

INTENTS = (
    "text", "menu", "callout:CALLOUT_YES", "callout:CALLOUT_NO",
    f"button:{ABOUT}", f"button:{JOIN}", f"button:{REGISTER}", "button:volunteer.v0.gone", "something_new",
)


def test_catalogue_is_complete() -> None:
    assert TEXTS.missing() == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_answers_within_whatsapp_limits(
    make_request: RequestMaker, wa_limits: LimitCheck, intent: str, language: Language,
) -> None:
    contents = respond(make_request(intent, "gönüllü", language=language))
    wa_limits(contents)
    assert all(bid.startswith(BUTTON_PREFIX) for bid in button_ids(contents))


@pytest.mark.parametrize("language", LANGUAGES)
def test_free_text_gets_areas_platform_impostor_warning_and_registration_note(
    make_request: RequestMaker, language: Language,
) -> None:
    body = reply_text(respond(make_request("text", "gönüllü olmak istiyorum", language=language)))
    assert PLATFORM_URL in body
    assert "168" in body
    assert TEXTS.get("about", language) in body
    assert TEXTS.get("register.soon", language, url=PLATFORM_URL) in body


def test_english_fixture_gets_english_volunteering_info(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_english_volunteer", "volunteer", "text", "en")
    body = reply_text(respond(req))
    assert "volunteer" in body.lower()
    assert "gonulluol.org.tr" in body
    assert "staff ID" in body
    assert "coming soon" in body


def test_username_only_citizen_gets_the_same_info(fixture_request: FixtureRequest) -> None:
    req = fixture_request("bsuid_username_without_phone", "volunteer", "text", "tr")
    assert req.citizen.wa_id is None
    assert "gonulluol.org.tr" in reply_text(respond(req))


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_offers_own_buttons(make_request: RequestMaker, language: Language) -> None:
    contents = respond(make_request("menu", None, language=language))
    assert button_ids(contents) == [ABOUT, JOIN, REGISTER]


@pytest.mark.parametrize("intent", ["callout:CALLOUT_YES", "callout:CALLOUT_NO"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_callout_answers_are_thanked_and_honest(make_request: RequestMaker, intent: str, language: Language) -> None:
    body = reply_text(respond(make_request(intent, None, language=language, message_type="button")))
    key = "callout.yes" if intent.endswith("YES") else "callout.no"
    assert body == TEXTS.get(key, language, url=PLATFORM_URL)


def test_callout_answer_does_not_pretend_it_reached_a_team(make_request: RequestMaker) -> None:
    body = reply_text(respond(make_request("callout:CALLOUT_YES", None, language="en")))
    assert "not active yet" in body


def test_unknown_button_gets_the_menu(make_request: RequestMaker) -> None:
    contents = respond(make_request("button:volunteer.v9.unknown", None))
    assert button_ids(contents) == [ABOUT, JOIN, REGISTER]


def test_join_button_names_platform_branch_and_168(make_request: RequestMaker) -> None:
    body = reply_text(respond(make_request(f"button:{JOIN}", None)))
    assert "gonulluol.org.tr" in body and "şube" in body and "168" in body


def test_late_flag_adds_nothing_since_the_router_apologises(make_request: RequestMaker) -> None:
    assert respond(make_request("text", "gönüllü", late=True)) == respond(make_request("text", "gönüllü"))
