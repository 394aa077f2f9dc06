from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from common import wa_content
from common.contracts import InboundMessage
from common.i18n import LANGUAGES, Language
from common.textnorm import as_menu_number
from router import replies, routing
from router.routing import route
from router.texts import CATALOGUE, PRIVACY_URL, TEXTS

TextMaker = Callable[..., InboundMessage]
ALL_LANGS = pytest.mark.parametrize("lang", LANGUAGES)


def test_catalogue_is_complete_in_every_language() -> None:
    assert CATALOGUE.missing() == []
    for key, by_lang in TEXTS.items():
        assert set(by_lang) == set(LANGUAGES), key


@ALL_LANGS
def test_list_and_button_texts_fit_whatsapp_limits_uncut(lang: Language) -> None:
    for row_id, key in replies.MAIN_MENU_ROWS:
        assert len(CATALOGUE.get(f"{key}_title", lang)) <= wa_content.ROW_TITLE_MAX, row_id
        assert len(CATALOGUE.get(f"{key}_desc", lang)) <= wa_content.ROW_DESCRIPTION_MAX, row_id
    assert len(CATALOGUE.get("menu_section", lang)) <= wa_content.ROW_TITLE_MAX
    for key in ("menu_button", "button_main_menu", "button_agent", "language_name_tr",
                "language_name_ar", "language_name_en"):
        assert len(CATALOGUE.get(key, lang)) <= wa_content.BUTTON_LABEL_MAX, key


def _interactive(content: dict[str, Any]) -> dict[str, Any]:
    assert content["type"] == "interactive"
    interactive: dict[str, Any] = content["interactive"]
    return interactive


def _assert_list_within_limits(content: dict[str, Any]) -> None:
    interactive = _interactive(content)
    assert interactive["type"] == "list"
    assert len(interactive["body"]["text"]) <= wa_content.LIST_BODY_MAX
    assert len(interactive["action"]["button"]) <= wa_content.BUTTON_LABEL_MAX
    rows = [row for s in interactive["action"]["sections"] for row in s["rows"]]
    assert 1 <= len(rows) <= 10
    for row in rows:
        assert len(row["title"]) <= wa_content.ROW_TITLE_MAX
        assert len(row.get("description", "")) <= wa_content.ROW_DESCRIPTION_MAX
        assert not row["title"].endswith("…")
        assert not row.get("description", "").endswith("…")


def _assert_buttons_within_limits(content: dict[str, Any]) -> None:
    interactive = _interactive(content)
    assert interactive["type"] == "button"
    assert len(interactive["body"]["text"]) <= wa_content.BUTTON_BODY_MAX
    titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
    assert 1 <= len(titles) <= 3
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert len(title) <= wa_content.BUTTON_TITLE_MAX
        assert not title.endswith("…")


@ALL_LANGS
@pytest.mark.parametrize("welcome", [True, False])
def test_main_menu_is_a_list_with_the_six_rows_in_order(lang: Language, welcome: bool) -> None:
    content = replies.main_menu(lang, welcome=welcome)
    _assert_list_within_limits(content)
    interactive = _interactive(content)
    rows = interactive["action"]["sections"][0]["rows"]
    assert tuple(row["id"] for row in rows) == routing.MAIN_MENU_IDS
    body = interactive["body"]["text"]
    assert (PRIVACY_URL in body) is welcome
    assert (CATALOGUE.get("welcome", lang) in body) is welcome


def test_welcome_names_the_service() -> None:
    for lang in LANGUAGES:
        assert "Kızılay" in CATALOGUE.get("welcome", lang)


@ALL_LANGS
def test_numbered_fallback_lines_pick_the_same_rows(lang: Language, make_text: TextMaker
                                                    ) -> None:
    body = _interactive(replies.main_menu(lang, welcome=False))["body"]["text"]
    lines = replies.numbered_menu(lang).splitlines()
    assert replies.numbered_menu(lang) in body
    assert len(lines) == len(routing.MAIN_MENU_IDS)
    for line, row_id in zip(lines, routing.MAIN_MENU_IDS, strict=True):
        number = as_menu_number(line.split(" ", 1)[0])
        assert number is not None
        tap = make_text(None, type="interactive", interactive_id=row_id)
        typed = make_text(str(number))
        assert route(typed, active_domain=None, active_recent=False, menu_shown=True) == route(
            tap, active_domain=None, active_recent=False, menu_shown=True)


@ALL_LANGS
def test_every_id_the_router_sends_routes_somewhere_known(lang: Language,
                                                          make_text: TextMaker) -> None:
    contents = [
        replies.main_menu(lang, welcome=True), replies.language_menu(lang),
        replies.kind_reply(lang), replies.not_understood(lang),
    ]
    for content in contents:
        action = _interactive(content)["action"]
        ids = [row["id"] for s in action.get("sections", []) for row in s["rows"]]
        ids += [b["reply"]["id"] for b in action.get("buttons", [])]
        for cid in ids:
            tap = make_text(None, type="interactive", interactive_id=cid)
            routed = route(tap, active_domain=None, active_recent=False, menu_shown=False)
            assert routed.intent != "unknown", cid


@ALL_LANGS
def test_language_menu_offers_the_three_languages(lang: Language) -> None:
    content = replies.language_menu(lang)
    _assert_buttons_within_limits(content)
    buttons = _interactive(content)["action"]["buttons"]
    assert [b["reply"]["id"] for b in buttons] == [routing.LANG_TR, routing.LANG_AR,
                                                   routing.LANG_EN]
    assert [b["reply"]["title"] for b in buttons] == ["Türkçe", "العربية", "English"]


@ALL_LANGS
def test_kind_reply_offers_the_menu_and_a_person(lang: Language) -> None:
    content = replies.kind_reply(lang)
    _assert_buttons_within_limits(content)
    ids = [b["reply"]["id"] for b in _interactive(content)["action"]["buttons"]]
    assert ids == [routing.MENU_OPEN, routing.MENU_AGENT]
    assert _interactive(content)["body"]["text"] == CATALOGUE.get("kind_reply", lang)


@ALL_LANGS
def test_not_understood_is_the_menu_with_a_preface(lang: Language) -> None:
    content = replies.not_understood(lang)
    _assert_list_within_limits(content)
    body = _interactive(content)["body"]["text"]
    assert body.startswith(CATALOGUE.get("not_understood", lang))
    assert replies.numbered_menu(lang) in body


@ALL_LANGS
@pytest.mark.parametrize(("builder", "key"), [
    (replies.cancelled, "cancelled"),
    (replies.language_set, "language_set"),
    (replies.late_apology, "late_prefix"),
])
def test_short_confirmations_are_texts(builder: Callable[[Language], dict[str, Any]], key: str,
                                       lang: Language) -> None:
    assert builder(lang) == wa_content.text(CATALOGUE.get(key, lang))


def test_language_confirmation_wording() -> None:
    assert CATALOGUE.get("language_set", "en") == "From now on I will answer in English."
    assert "Türkçe" in CATALOGUE.get("language_set", "tr")
    assert "العربية" in CATALOGUE.get("language_set", "ar")


@ALL_LANGS
def test_late_prefix(lang: Language) -> None:
    prefix = CATALOGUE.get("late_prefix", lang)
    menu = replies.main_menu(lang, welcome=False)
    late_menu = replies.with_late_prefix(menu, lang)
    assert _interactive(late_menu)["body"]["text"].startswith(prefix)
    assert menu == replies.main_menu(lang, welcome=False)  # the original is untouched
    _assert_list_within_limits(late_menu)

    late_buttons = replies.with_late_prefix(replies.kind_reply(lang), lang)
    assert _interactive(late_buttons)["body"]["text"].startswith(prefix)
    _assert_buttons_within_limits(late_buttons)

    late_text = replies.with_late_prefix(wa_content.text("x" * 5000), lang)
    assert late_text["text"]["body"].startswith(prefix)
    assert len(late_text["text"]["body"]) <= wa_content.TEXT_MAX

    location = wa_content.location(39.92, 32.85)
    assert replies.with_late_prefix(location, lang) == location


def test_english_late_prefix_wording() -> None:
    assert CATALOGUE.get("late_prefix", "en") == (
        "Sorry for the late answer — our system was briefly unavailable.")


def test_kind_reply_says_what_the_bot_can_read() -> None:
    assert CATALOGUE.get("kind_reply", "en").startswith("I can read text, buttons and locations")


def test_menu_rows_follow_the_routing_ids() -> None:
    assert tuple(row_id for row_id, _ in replies.MAIN_MENU_ROWS) == routing.MAIN_MENU_IDS
