from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time
from typing import Any

import pytest
from common.contracts import DomainRequest, Location
from common.i18n import LANGUAGES, Language
from support.conversation import describe_hours, respond
from support.hours import DEFAULT_HOURS, SupportHours
from support.kinds import (
    ERASE_NO,
    ERASE_YES,
    MENU_FEEDBACK,
    MENU_HANDOFF,
    MENU_HELP,
    NEED_WORDS,
    Kind,
    opens_request,
)
from support.texts import TEXTS

from tests.domain_requests import button_ids, reply_text

RequestMaker = Callable[..., DomainRequest]
FixtureRequest = Callable[[str, str, str, Language], DomainRequest]
LimitCheck = Callable[[Sequence[dict[str, Any]]], None]

REF = "KZ-H-7Q4M2K"

# (intent, message type, kind the lead passes, follow-up)
CASES: tuple[tuple[str, str, Kind, bool], ...] = (
    ("handoff", "text", "handoff", False),
    (f"button:{MENU_HANDOFF}", "interactive", "handoff", False),
    ("feedback", "text", "feedback", False),
    ("feedback", "interactive", "feedback", False),
    ("help", "text", "help", False),
    ("privacy:erase", "text", "privacy", False),
    ("privacy:my_data", "text", "privacy", False),
    (f"button:{ERASE_YES}", "interactive", "privacy", False),
    (f"button:{ERASE_NO}", "interactive", "privacy", False),
    ("text", "text", "feedback", True),
    ("text", "image", "help", True),
    ("menu", "interactive", "handoff", False),
    (f"button:{MENU_FEEDBACK}", "interactive", "feedback", False),
    (f"button:{MENU_HELP}", "interactive", "help", False),
    ("button:support.v0.stale", "interactive", "handoff", False),
)


def test_catalogue_is_complete() -> None:
    assert TEXTS.missing() == []


def test_every_need_and_weekday_has_a_text() -> None:
    keys = set(TEXTS.keys())
    assert {f"need.{need}" for need in NEED_WORDS} <= keys
    assert {f"day.{day}" for day in range(7)} <= keys


@pytest.mark.parametrize("open_now", [True, False])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("intent", "message_type", "kind", "followup"), CASES)
def test_every_intent_answers_within_whatsapp_limits(
    make_request: RequestMaker, wa_limits: LimitCheck,
    intent: str, message_type: str, kind: Kind, followup: bool, language: Language, open_now: bool,
) -> None:
    req = make_request(intent, "çadır lazım, 5 kişiyiz, acil, Hatay", language=language, message_type=message_type)
    contents = respond(req, kind=kind, reference=REF, open_now=open_now, queue_position=3, followup=followup)
    wa_limits(contents)
    assert all(bid.startswith("support.") for bid in button_ids(contents))


@pytest.mark.parametrize("language", LANGUAGES)
def test_missed_messages_get_no_reply(make_request: RequestMaker, language: Language) -> None:
    req = make_request("missed", "merhaba", language=language, late=True)
    assert respond(req, kind="missed", reference=REF, open_now=True, queue_position=None) == []


# ---------------------------------------------------------------------------- hand-off

def test_agent_fixture_gets_queue_hours_and_reference(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_agent_tr", "support", "handoff", "tr")
    assert opens_request(req) == "handoff"
    text = reply_text(respond(req, kind="handoff", reference=REF, open_now=True, queue_position=2))
    assert REF in text
    assert TEXTS.get("handoff.position", "tr", position=2) in text
    assert describe_hours(DEFAULT_HOURS, "tr") in text
    assert TEXTS.get("handoff.closed", "tr") not in text
    # Honest: live agents come later, the team follows up on this number.
    assert TEXTS.get("handoff.interim.phone", "tr") in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_handoff_outside_hours_says_when_we_answer(make_request: RequestMaker, language: Language) -> None:
    req = make_request("handoff", "temsilci", language=language)
    text = reply_text(respond(req, kind="handoff", reference=REF, open_now=False, queue_position=5))
    assert TEXTS.get("handoff.closed", language) in text
    assert describe_hours(DEFAULT_HOURS, language) in text
    # A queue place means little while nobody is working.
    assert TEXTS.get("handoff.position", language, position=5) not in text


def test_handoff_uses_configured_hours(make_request: RequestMaker) -> None:
    hours = SupportHours(opens=time(9), closes=time(18), days=(0, 1, 2, 3, 4))
    req = make_request("handoff", "agent", language="en")
    text = reply_text(respond(req, kind="handoff", reference=REF, open_now=True, queue_position=None, hours=hours))
    assert "Mon–Fri, 09:00–18:00" in text


def test_handoff_to_a_username_only_citizen_does_not_mention_a_phone(fixture_request: FixtureRequest) -> None:
    req = fixture_request("bsuid_username_without_phone", "support", "handoff", "tr")
    text = reply_text(respond(req, kind="handoff", reference=REF, open_now=True, queue_position=None))
    assert TEXTS.get("handoff.interim.account", "tr") in text
    assert "telefon" not in text


# ---------------------------------------------------------------------------- feedback

def test_suggestion_fixture_is_thanked_as_a_suggestion(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_suggestion_tr", "support", "feedback", "tr")
    assert opens_request(req) == "feedback"
    text = reply_text(respond(req, kind="feedback", reference=REF, open_now=True, queue_position=None))
    assert text.startswith(TEXTS.get("feedback.suggestion", "tr", ref=REF))
    assert TEXTS.get("feedback.read", "tr") in text


@pytest.mark.parametrize(("text", "key"), [
    ("Şikayetim var, saatlerce beklettiler", "feedback.complaint"),
    ("Merkezdeki personel çok ilgiliydi", "feedback.other"),
])
def test_feedback_wording_follows_the_text(make_request: RequestMaker, text: str, key: str) -> None:
    reply = reply_text(respond(make_request("feedback", text), kind="feedback", reference=REF, open_now=True,
                          queue_position=None))
    assert reply.startswith(TEXTS.get(key, "tr", ref=REF))


def test_feedback_menu_tap_asks_for_the_feedback(make_request: RequestMaker) -> None:
    req = make_request("feedback", None, message_type="interactive", interactive_id="menu.v1.feedback")
    assert opens_request(req) is None
    text = reply_text(respond(req, kind="feedback", reference=None, open_now=True, queue_position=None))
    assert text == TEXTS.get("prompt.feedback", "tr")


# ---------------------------------------------------------------------------- help requests

def test_long_fixture_is_recorded_with_next_steps(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_long", "support", "help", "tr")
    assert opens_request(req) == "help"
    text = reply_text(respond(req, kind="help", reference="KZ-Y-7Q4M2K", open_now=True, queue_position=None))
    assert "KZ-Y-7Q4M2K" in text
    assert "112" in text and "168" in text
    assert TEXTS.get("help.understood", "tr") in text
    assert TEXTS.get("help.needs", "tr", value=TEXTS.get("help.not_stated", "tr")) in text
    assert TEXTS.get("help.correct", "tr") in text
    # The citizen's long message is not repeated back.
    assert "Depremden sonra" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_shows_what_was_understood(make_request: RequestMaker, language: Language) -> None:
    req = make_request("help", "Hatay'da çadır kentteyiz, bebek maması ve battaniye lazım, 5 kişiyiz",
                       language=language)
    text = reply_text(respond(req, kind="help", reference=REF, open_now=True, queue_position=None))
    needs = ", ".join(TEXTS.get(f"need.{n}", language) for n in ("baby_food", "blanket"))
    assert TEXTS.get("help.needs", language, value=needs) in text
    assert TEXTS.get("help.people", language, value="5") in text
    assert TEXTS.get("help.urgency", language, value=TEXTS.get("urgency.urgent", language)) in text
    assert TEXTS.get("help.place", language, value="Hatay") in text
    assert TEXTS.get("help.next", language) in text


def test_help_with_a_shared_location(make_request: RequestMaker) -> None:
    req = make_request("help", None, message_type="location", location=Location(latitude=36.2, longitude=36.16))
    text = reply_text(respond(req, kind="help", reference=REF, open_now=True, queue_position=None))
    assert TEXTS.get("help.place", "tr", value=TEXTS.get("help.shared_location", "tr")) in text


def test_help_menu_button_asks_what_is_needed(make_request: RequestMaker) -> None:
    req = make_request(f"button:{MENU_HELP}", None, message_type="interactive")
    assert opens_request(req) is None
    text = reply_text(respond(req, kind="help", reference=None, open_now=True, queue_position=None))
    assert text == TEXTS.get("prompt.help", "tr")


# ---------------------------------------------------------------------------- privacy

@pytest.mark.parametrize("language", LANGUAGES)
def test_erase_asks_for_confirmation(make_request: RequestMaker, language: Language) -> None:
    req = make_request("privacy:erase", "verilerimi sil", language=language)
    contents = respond(req, kind="privacy", reference=None, open_now=True, queue_position=None)
    assert button_ids(contents) == [ERASE_YES, ERASE_NO]
    assert "30" in reply_text(contents)


def test_erase_fixture(fixture_request: FixtureRequest) -> None:
    req = fixture_request("text_erase_tr", "support", "privacy:erase", "tr")
    contents = respond(req, kind="privacy", reference=None, open_now=False, queue_position=None)
    assert button_ids(contents) == [ERASE_YES, ERASE_NO]
    assert "KVKK" in reply_text(contents)


@pytest.mark.parametrize("language", LANGUAGES)
def test_erase_confirmed_and_cancelled(make_request: RequestMaker, language: Language) -> None:
    yes = make_request(f"button:{ERASE_YES}", None, language=language, message_type="interactive")
    no = make_request(f"button:{ERASE_NO}", None, language=language, message_type="interactive")
    assert reply_text(respond(yes, kind="privacy", reference=REF, open_now=True, queue_position=None)) == TEXTS.get(
        "erase.recorded", language, ref=REF)
    assert reply_text(respond(no, kind="privacy", reference=None, open_now=True, queue_position=None)) == TEXTS.get(
        "erase.cancelled", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_data_is_recorded(make_request: RequestMaker, language: Language) -> None:
    req = make_request("privacy:my_data", "verilerim", language=language)
    text = reply_text(respond(req, kind="privacy", reference=REF, open_now=True, queue_position=None))
    assert text == TEXTS.get("my_data.recorded", language, ref=REF)
    assert "30" in text


# ---------------------------------------------------------------------------- follow-ups and menu

@pytest.mark.parametrize("language", LANGUAGES)
def test_followup_is_added_to_the_open_request(make_request: RequestMaker, language: Language) -> None:
    req = make_request("text", "bir de su lazım", language=language)
    text = reply_text(respond(req, kind="help", reference=REF, open_now=True, queue_position=None, followup=True))
    assert text == TEXTS.get("followup", language, ref=REF)


@pytest.mark.parametrize("intent", ["menu", "text", "button:support.v0.stale"])
def test_menu_and_unplaced_text(make_request: RequestMaker, intent: str) -> None:
    # "text" with no open request and no kind decided by the caller falls back to the menu.
    req = make_request(intent, "merhaba")
    contents = respond(req, kind="privacy", reference=None, open_now=True, queue_position=None)
    assert button_ids(contents) == [MENU_FEEDBACK, MENU_HANDOFF, MENU_HELP]


@pytest.mark.parametrize(("intent", "kind"), [("handoff", "handoff"), ("feedback", "feedback"), ("help", "help"),
                                              ("privacy:my_data", "privacy")])
def test_a_request_reply_without_reference_is_a_caller_bug(make_request: RequestMaker, intent: str,
                                                           kind: Kind) -> None:
    with pytest.raises(ValueError, match="reference"):
        respond(make_request(intent, "x"), kind=kind, reference=None, open_now=True, queue_position=None)


def test_late_flag_adds_nothing_since_the_router_apologises(make_request: RequestMaker) -> None:
    late = respond(make_request("handoff", "x", late=True), kind="handoff", reference=REF, open_now=True,
                   queue_position=None)
    on_time = respond(make_request("handoff", "x"), kind="handoff", reference=REF, open_now=True, queue_position=None)
    assert late == on_time
