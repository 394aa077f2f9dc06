"""Versioned message contracts between services (pydantic v2).

Each contract names its version in `schema_`; a consumer rejects (dead-letters) a version it
does not know instead of guessing. Unknown extra fields are carried, not dropped, so an older
service can pass on what a newer one added.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.i18n import Language


class Contract(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Location(Contract):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


class InboundMessage(Contract):
    """One `messages[]` element of a webhook, as the gateway publishes it to the router."""

    schema_: Literal["inbound.message.v1"] = Field("inbound.message.v1", alias="schema")
    wamid: str
    partition_key: str
    wa_id: str | None = None
    user_id: str | None = None
    profile_name: str | None = None
    phone_number_id: str
    display_phone_number: str | None = None
    timestamp: datetime
    type: str
    text: str | None = None
    interactive_id: str | None = None
    interactive_title: str | None = None
    button_payload: str | None = None
    location: Location | None = None
    context: dict[str, Any] | None = None
    referral: dict[str, Any] | None = None
    system: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    raw: dict[str, Any]
    received_at: datetime


class StatusEvent(Contract):
    """One `statuses[]` element: a delivery status of a message the sender sent."""

    schema_: Literal["webhook.status.v1"] = Field("webhook.status.v1", alias="schema")
    wamid: str
    status: str
    timestamp: datetime
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    phone_number_id: str | None = None
    raw: dict[str, Any]


class WebhookError(Contract):
    """One `value.errors[]` element: an account- or app-level problem not tied to a message."""

    schema_: Literal["webhook.error.v1"] = Field("webhook.error.v1", alias="schema")
    code: int | None = None
    title: str | None = None
    details: str | None = None
    phone_number_id: str | None = None
    raw: dict[str, Any]


class Citizen(Contract):
    """The citizen as the router knows them: canonical id plus the addresses WhatsApp uses."""

    id: str
    wa_id: str | None = None
    user_id: str | None = None
    profile_name: str | None = None


class DomainRequest(Contract):
    """Router → domain service: one inbound message, already attributed to a domain."""

    schema_: Literal["domain.request.v1"] = Field("domain.request.v1", alias="schema")
    domain: str
    intent: str
    citizen: Citizen
    language: Language
    message: InboundMessage
    late: bool = False


class Recipient(Contract):
    citizen_id: str
    to: str | None = None
    recipient: str | None = None

    @classmethod
    def of(cls, citizen: Citizen) -> Recipient:
        """Send to the phone when known, else to the business-scoped user id."""
        return cls(citizen_id=citizen.id, to=citizen.wa_id, recipient=None if citizen.wa_id else citizen.user_id)


class OutboundMessage(Contract):
    """Any service → sender. `content` is the Graph API body without the addressing fields."""

    schema_: Literal["outbound.message.v1"] = Field("outbound.message.v1", alias="schema")
    id: str
    origin: str
    lane: Literal["reply", "bulk"] = "reply"
    correlation_id: str | None = None
    citizen: Recipient
    content: dict[str, Any]
    in_reply_to: str | None = None
    language: Language | None = None
    created_at: datetime


class DeliveryStatus(Contract):
    """Sender → origin service: what became of an outbound message."""

    schema_: Literal["delivery.status.v1"] = Field("delivery.status.v1", alias="schema")
    outbound_id: str
    origin: str
    correlation_id: str | None = None
    citizen_id: str | None = None
    status: str
    wamid: str | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)
    at: datetime


class InboundActivity(Contract):
    """Router → sender: a citizen wrote (their 24-hour customer-service window opened again).

    `at` is the inbound message's own timestamp (Meta's clock), from which the window is
    computed (whatsapp-cloud-api.md §6.4). Sent on `events` with routing key `activity`.
    """

    schema_: Literal["inbound.activity.v1"] = Field("inbound.activity.v1", alias="schema")
    citizen_id: str
    wa_id: str | None = None
    user_id: str | None = None
    at: datetime


def derive_id(cause: str, step: str) -> str:
    """A stable outbound id from what caused the message (e.g. inbound wamid) and the step.

    Hashed because wamids encode phone numbers; stable so that a repeat, however it arises,
    carries the same id and the sender drops it.
    """
    return "out_" + hashlib.sha256(f"{cause}\x1f{step}".encode()).hexdigest()[:32]


def utcnow() -> datetime:
    return datetime.now(UTC)
