"""Support replies: hand-off, feedback, help requests, privacy requests and follow-ups.

The caller (the lead's handler) owns the state: it decides the request kind, issues the
reference, knows whether the message joins an open request and where the citizen is in the
queue. This module only words the answer, so it stays pure and testable.
"""

from __future__ import annotations

from typing import Any

from common import wa_content
from common.contracts import DomainRequest
from common.i18n import Language

from support.attachments import Action, media_of
from support.hours import DEFAULT_HOURS, SupportHours
from support.kinds import (
    ERASE_NO,
    ERASE_YES,
    MENU_FEEDBACK,
    MENU_HANDOFF,
    MENU_HELP,
    FeedbackType,
    HelpDetails,
    Kind,
    feedback_type,
    help_details,
    is_menu_choice,
    privacy_action,
)
from support.texts import TEXTS


def respond(
    req: DomainRequest,
    *,
    kind: Kind,
    reference: str | None,
    open_now: bool,
    queue_position: int | None,
    followup: bool = False,
    hours: SupportHours = DEFAULT_HOURS,
) -> list[dict[str, Any]]:
    """The messages to send for one support request.

    `kind` and `reference` name the request the message opened or joined (see
    `kinds.opens_request`); `followup` is True when it was added to the open request
    `reference`. Menus, prompts and the erase question need no reference. "missed" requests
    get no reply: they arrived after the 24-hour window, when WhatsApp accepts no free-form
    message, so staff see them instead. A late message needs no apology here: the router
    sends it before handing the request over.
    """
    lang = req.language
    intent = req.intent
    button = intent.removeprefix("button:") if intent.startswith("button:") else None
    if kind == "missed" or intent == "missed":
        return []
    if button == ERASE_YES:
        return [wa_content.text(TEXTS.get("erase.recorded", lang, ref=_required(reference)))]
    if button == ERASE_NO:
        return [wa_content.text(TEXTS.get("erase.cancelled", lang))]
    if followup:
        return [wa_content.text(TEXTS.get("followup", lang, ref=_required(reference)))]
    if button == MENU_FEEDBACK or (intent == "feedback" and is_menu_choice(req)):
        return [wa_content.text(TEXTS.get("prompt.feedback", lang))]
    if button == MENU_HELP:
        return [wa_content.text(TEXTS.get("prompt.help", lang))]
    action = privacy_action(intent)
    if action == "erase":
        return [_erase_question(lang)]
    if action == "my_data":
        return [wa_content.text(TEXTS.get("my_data.recorded", lang, ref=_required(reference)))]
    if intent == "menu" or (button is not None and button != MENU_HANDOFF):
        return [menu(lang)]
    if kind == "handoff":
        return [_handoff(req, _required(reference), open_now, queue_position, hours)]
    if kind == "feedback":
        return [_feedback(req, _required(reference))]
    if kind == "help":
        return [_help(req, _required(reference), help_details(req.message.text or ""))]
    return [menu(lang)]


def respond_to_media(req: DomainRequest, *, action: Action, reference: str | None) -> list[dict[str, Any]]:
    """The answer to a photo, document, video or voice message (see `attachments.decide`).

    "attach": it was added to the request `reference`; "open": it opened the feedback request
    `reference` (the citizen was asked to write one), so the citizen also gets the usual
    "recorded" answer and, without a caption, is asked for the text too; "decline": nothing to
    attach it to, so the kind reply: what the bot cannot do, and the support menu.
    """
    lang = req.language
    media = media_of(req.message)
    if action == "decline" or media is None:
        return [wa_content.buttons(TEXTS.get("attachment.declined", lang), _menu_buttons(lang))]
    ref = _required(reference)
    added = TEXTS.get(f"attachment.added.{media.type}", lang, ref=ref)
    if action == "attach":
        return [wa_content.text(added + "\n" + TEXTS.get("attachment.more", lang))]
    kind = _feedback_type(req)
    recorded = TEXTS.get(f"feedback.{kind}" if kind else "feedback.other", lang, ref=ref)
    ask = "feedback.read" if media.caption else "attachment.write"
    return [wa_content.text(recorded + "\n" + added + "\n\n" + TEXTS.get(ask, lang))]


def menu(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(TEXTS.get("menu.body", lang), _menu_buttons(lang))


def _menu_buttons(lang: Language) -> list[tuple[str, str]]:
    return [
        (MENU_FEEDBACK, TEXTS.get("menu.feedback", lang)),
        (MENU_HANDOFF, TEXTS.get("menu.handoff", lang)),
        (MENU_HELP, TEXTS.get("menu.help", lang)),
    ]


def describe_hours(hours: SupportHours, lang: Language) -> str:
    """E.g. "her gün 08:00–22:00" or "Mon–Fri, 09:00–17:00"."""
    days = TEXTS.get("hours.every_day", lang) if hours.every_day else _day_ranges(hours.days, lang)
    if hours.opens == hours.closes:
        return TEXTS.get("hours.round_the_clock", lang, days=days)
    return TEXTS.get(
        "hours.span", lang, days=days, opens=hours.opens.strftime("%H:%M"), closes=hours.closes.strftime("%H:%M"),
    )


def _day_ranges(days: tuple[int, ...], lang: Language) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    names = []
    for run in runs:
        first = TEXTS.get(f"day.{run[0]}", lang)
        names.append(first if len(run) == 1 else f"{first}–{TEXTS.get(f'day.{run[-1]}', lang)}")
    return ", ".join(names)


def _zone_label(hours: SupportHours, lang: Language) -> str:
    if hours.timezone == "Europe/Istanbul":
        return TEXTS.get("hours.turkey_time", lang)
    return hours.timezone


def _handoff(
    req: DomainRequest, reference: str, open_now: bool, queue_position: int | None, hours: SupportHours,
) -> dict[str, Any]:
    lang = req.language
    lines = [TEXTS.get("handoff.queued", lang, ref=reference)]
    if open_now and queue_position is not None:
        lines.append(TEXTS.get("handoff.position", lang, position=queue_position))
    lines.append(TEXTS.get("handoff.hours", lang, hours=describe_hours(hours, lang), zone=_zone_label(hours, lang)))
    if not open_now:
        lines.append(TEXTS.get("handoff.closed", lang))
    # A citizen known only by a username has no phone number we could name.
    interim = "handoff.interim.phone" if req.citizen.wa_id else "handoff.interim.account"
    lines.append("")
    lines.append(TEXTS.get(interim, lang))
    lines.append(TEXTS.get("handoff.add", lang))
    return wa_content.text("\n".join(lines))


def _feedback(req: DomainRequest, reference: str) -> dict[str, Any]:
    lang = req.language
    kind = _feedback_type(req)
    key = f"feedback.{kind}" if kind else "feedback.other"
    return wa_content.text(TEXTS.get(key, lang, ref=reference) + "\n\n" + TEXTS.get("feedback.read", lang))


def _feedback_type(req: DomainRequest) -> FeedbackType | None:
    if req.intent in ("suggestion", "complaint"):
        return "suggestion" if req.intent == "suggestion" else "complaint"
    return feedback_type(req.message.text or "")


def _help(req: DomainRequest, reference: str, details: HelpDetails) -> dict[str, Any]:
    lang = req.language
    unknown = TEXTS.get("help.not_stated", lang)
    needs = ", ".join(TEXTS.get(f"need.{need}", lang) for need in details.needs) or unknown
    people = str(details.people) if details.people is not None else unknown
    place = details.province or (TEXTS.get("help.shared_location", lang) if req.message.location else unknown)
    lines = [
        TEXTS.get("help.recorded", lang, ref=reference),
        "",
        TEXTS.get("help.understood", lang),
        "• " + TEXTS.get("help.needs", lang, value=needs),
        "• " + TEXTS.get("help.people", lang, value=people),
        "• " + TEXTS.get("help.urgency", lang, value=TEXTS.get(f"urgency.{details.urgency}", lang)),
        "• " + TEXTS.get("help.place", lang, value=place),
        TEXTS.get("help.correct", lang),
        "",
        TEXTS.get("help.next", lang),
    ]
    return wa_content.text("\n".join(lines))


def _erase_question(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(
        TEXTS.get("erase.ask", lang),
        [(ERASE_YES, TEXTS.get("erase.yes", lang)), (ERASE_NO, TEXTS.get("erase.no", lang))],
    )


def _required(reference: str | None) -> str:
    if reference is None:
        raise ValueError("this reply names the request: pass its reference")
    return reference
