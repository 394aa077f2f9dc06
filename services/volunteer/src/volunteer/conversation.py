"""Volunteer conversation: information, how to join, and honest answers to call-out replies.

Registration through WhatsApp does not exist yet, so every path ends at the official platform or
the nearest branch instead of collecting personal data here.
"""

from __future__ import annotations

from typing import Any

from common import wa_content
from common.contracts import DomainRequest
from common.i18n import Language

from volunteer.texts import PLATFORM_URL, TEXTS

BUTTON_PREFIX = "volunteer."
ABOUT = "volunteer.v1.about"
JOIN = "volunteer.v1.join"
REGISTER = "volunteer.v1.register"

CALLOUT_YES = "callout:CALLOUT_YES"
CALLOUT_NO = "callout:CALLOUT_NO"


def respond(req: DomainRequest) -> list[dict[str, Any]]:
    """The messages to send back for one request; never empty, so the citizen is never ignored.

    A late message needs no apology here: the router sends it before handing the request over.
    """
    return _answer(req.intent, req.language)


def _answer(intent: str, lang: Language) -> list[dict[str, Any]]:
    if intent == CALLOUT_YES:
        return [wa_content.text(TEXTS.get("callout.yes", lang, url=PLATFORM_URL))]
    if intent == CALLOUT_NO:
        return [wa_content.text(TEXTS.get("callout.no", lang, url=PLATFORM_URL))]
    if intent == "text":
        return [_overview(lang)]
    button = intent.removeprefix("button:") if intent.startswith("button:") else None
    if button == ABOUT:
        return [wa_content.text(TEXTS.get("about", lang)), _menu(lang)]
    if button == JOIN:
        return [_join(lang)]
    if button == REGISTER:
        return [wa_content.text(TEXTS.get("register.soon", lang, url=PLATFORM_URL))]
    # "menu", an unknown or stale button id, or an intent the router added later: the menu
    # is always a useful answer.
    return [_menu(lang)]


def _overview(lang: Language) -> dict[str, Any]:
    """A free-text question gets everything at once: people rarely tap through follow-ups."""
    parts = [
        TEXTS.get("about", lang),
        TEXTS.get("join", lang, url=PLATFORM_URL),
        TEXTS.get("register.soon", lang, url=PLATFORM_URL),
    ]
    return wa_content.text("\n\n".join(parts), preview_url=True)


def _join(lang: Language) -> dict[str, Any]:
    parts = [TEXTS.get("join", lang, url=PLATFORM_URL), TEXTS.get("register.soon", lang, url=PLATFORM_URL)]
    return wa_content.text("\n\n".join(parts), preview_url=True)


def _menu(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(
        TEXTS.get("menu.body", lang),
        [
            (ABOUT, TEXTS.get("button.about", lang)),
            (JOIN, TEXTS.get("button.join", lang)),
            (REGISTER, TEXTS.get("button.register", lang)),
        ],
    )
