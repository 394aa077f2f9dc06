"""Outbound `content` for the router's own answers (menu, language, kind replies).

Every interactive message carries the product's own ids (router.routing), so whatever the
citizen taps comes back to a known route.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from common import wa_content
from common.i18n import Language
from common.wa_content import Row

from router import routing
from router.texts import CATALOGUE

# Row id -> catalogue key stem, in menu order (the number a citizen types is index + 1).
MAIN_MENU_ROWS: Final[tuple[tuple[str, str], ...]] = (
    (routing.MENU_BLOOD, "menu_blood"),
    (routing.MENU_DONATION, "menu_donation"),
    (routing.MENU_VOLUNTEER, "menu_volunteer"),
    (routing.MENU_FEEDBACK, "menu_feedback"),
    (routing.MENU_AGENT, "menu_agent"),
    (routing.MENU_LANGUAGE, "menu_language"),
)

LANGUAGE_CHOICES: Final[tuple[tuple[str, str], ...]] = (
    (routing.LANG_TR, "language_name_tr"),
    (routing.LANG_AR, "language_name_ar"),
    (routing.LANG_EN, "language_name_en"),
)


def _t(key: str, lang: Language) -> str:
    return CATALOGUE.get(key, lang)


def menu_rows(lang: Language) -> list[Row]:
    return [Row(row_id, _t(f"{key}_title", lang), _t(f"{key}_desc", lang))
            for row_id, key in MAIN_MENU_ROWS]


def numbered_menu(lang: Language) -> str:
    """The menu as numbered lines, for citizens whose WhatsApp cannot open lists."""
    return "\n".join(
        CATALOGUE.get("menu_line", lang, number=n, title=row.title)
        for n, row in enumerate(menu_rows(lang), start=1)
    )


def _menu(lang: Language, *preface: str) -> dict[str, Any]:
    body = "\n\n".join([*preface, f"{_t('menu_body', lang)}\n{numbered_menu(lang)}"])
    return wa_content.list_message(
        body, _t("menu_button", lang), menu_rows(lang), section_title=_t("menu_section", lang)
    )


def main_menu(lang: Language, *, welcome: bool) -> dict[str, Any]:
    if not welcome:
        return _menu(lang)
    return _menu(lang, f"{_t('welcome', lang)}\n{_t('privacy_note', lang)}")


def not_understood(lang: Language) -> dict[str, Any]:
    return _menu(lang, _t("not_understood", lang))


def cancelled(lang: Language) -> dict[str, Any]:
    """Short confirmation; the caller follows it with the menu."""
    return wa_content.text(_t("cancelled", lang))


def language_set(lang: Language) -> dict[str, Any]:
    """Confirmation in the newly chosen language; the caller follows it with the menu."""
    return wa_content.text(_t("language_set", lang))


def late_apology(lang: Language) -> dict[str, Any]:
    """Sent before the real answer when a message waited through an outage."""
    return wa_content.text(_t("late_prefix", lang))


def language_menu(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(
        _t("language_body", lang), [(cid, _t(key, lang)) for cid, key in LANGUAGE_CHOICES]
    )


def kind_reply(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(
        _t("kind_reply", lang),
        [(routing.MENU_OPEN, _t("button_main_menu", lang)),
         (routing.MENU_AGENT, _t("button_agent", lang))],
    )


def with_late_prefix(content: dict[str, Any], lang: Language) -> dict[str, Any]:
    """`content` opened with an apology, for answers sent after an outage.

    Only text and interactive bodies can carry it; other content (location, template) is
    returned unchanged rather than bent out of shape.
    """
    prefix = _t("late_prefix", lang)
    out = copy.deepcopy(content)
    if out.get("type") == "text":
        body = out["text"]
        body["body"] = _fit(f"{prefix}\n\n{body['body']}", wa_content.TEXT_MAX)
    elif out.get("type") == "interactive":
        interactive = out["interactive"]
        limit = (wa_content.LIST_BODY_MAX if interactive.get("type") == "list"
                 else wa_content.BUTTON_BODY_MAX)
        interactive["body"]["text"] = _fit(f"{prefix}\n\n{interactive['body']['text']}", limit)
    return out


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
