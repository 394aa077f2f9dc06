"""The WhatsApp templates the helpline may assume are approved (docs/whatsapp-templates.md).

Kept in one place so the services that send them and the simulator that plays Meta agree on
names, languages, parameter counts and quick-reply payloads. Staff approve the wording with
Meta; this module only holds what the code depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from common.i18n import LANGUAGES, Language

Category = Literal["utility", "marketing", "authentication"]

# Graph error codes for a template Meta will not send (whatsapp-cloud-api.md §7.3).
TEMPLATE_NOT_FOUND = 132001
PARAM_COUNT_MISMATCH = 132000


@dataclass(frozen=True)
class Template:
    name: str
    category: Category
    body_params: tuple[str, ...]
    """What each positional body parameter holds, in order ({{1}}, {{2}}, ...)."""
    quick_replies: tuple[str, ...] = ()
    """Quick-reply button payloads, in button order; a tap comes back as a `button` message."""
    languages: tuple[Language, ...] = LANGUAGES
    purpose: str = ""

    @property
    def param_count(self) -> int:
        return len(self.body_params)


BLOOD_NEED_ALERT = Template(
    name="blood_need_alert",
    category="utility",
    body_params=("blood groups", "province", "centre name", "short note"),
    quick_replies=("ALERT_CAN_COME", "ALERT_CANNOT", "ALERT_STOP"),
    purpose="blood-need alert to opted-in donors",
)
VOLUNTEER_CALLOUT = Template(
    name="volunteer_callout",
    category="utility",
    body_params=("province", "task", "date/time", "meeting point"),
    quick_replies=("CALLOUT_YES", "CALLOUT_NO"),
    purpose="call-out to registered volunteers",
)
CONVERSATION_REOPEN = Template(
    name="conversation_reopen",
    category="utility",
    body_params=("topic",),
    quick_replies=("REOPEN",),
    purpose="a reply is waiting; the real message is sent once the citizen taps or writes",
)
SUPPORT_RATING = Template(
    name="support_rating",
    category="utility",
    body_params=("reference number",),
    purpose="asking for a 1-5 rating (answered as text) after the window closed",
)
DONATION_RECEIPT_READY = Template(
    name="donation_receipt_ready",
    category="utility",
    body_params=("reference number",),
    purpose="telling a citizen their receipt request was handled",
)

TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in (
        BLOOD_NEED_ALERT,
        VOLUNTEER_CALLOUT,
        CONVERSATION_REOPEN,
        SUPPORT_RATING,
        DONATION_RECEIPT_READY,
    )
}


def check_template(name: str, language: str, param_count: int) -> int | None:
    """The Graph error code Meta would answer for this template send, or None if it is fine."""
    template = TEMPLATES.get(name)
    if template is None or language not in template.languages:
        return TEMPLATE_NOT_FOUND
    if param_count != template.param_count:
        return PARAM_COUNT_MISMATCH
    return None
