"""Webhook payloads in Meta's envelope (whatsapp-cloud-api.md §2), key order as on the wire."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from whatsapp_sim.graph_errors import GraphError

StatusName = Literal["sent", "delivered", "read", "failed"]


@dataclass(frozen=True)
class BusinessNumber:
    phone_number_id: str
    display_phone_number: str
    waba_id: str


@dataclass(frozen=True)
class Citizen:
    """Who writes: a phone-based `wa_id`, a business-scoped `user_id`, or both."""

    wa_id: str | None = None
    user_id: str | None = None
    profile_name: str | None = None
    username: str | None = None

    @property
    def address(self) -> str:
        address = self.wa_id or self.user_id
        if not address:
            raise ValueError("a citizen needs a wa_id or a user_id")
        return address


def envelope(number: BusinessNumber, value: dict[str, Any]) -> dict[str, Any]:
    head: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": number.display_phone_number,
            "phone_number_id": number.phone_number_id,
        },
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{
            "id": number.waba_id,
            "changes": [{"value": head | value, "field": "messages"}],
        }],
    }


def contact(citizen: Citizen) -> dict[str, Any]:
    profile: dict[str, Any] = {"name": citizen.profile_name or ""}
    if citizen.username:
        profile["username"] = citizen.username
    entry: dict[str, Any] = {"profile": profile}
    if citizen.wa_id:
        entry["wa_id"] = citizen.wa_id
    if citizen.user_id:
        entry["user_id"] = citizen.user_id
    return entry


def inbound_message(citizen: Citizen, wamid: str, timestamp: int, message_type: str,
                    content: Any, context: dict[str, Any] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {}
    if citizen.wa_id:
        message["from"] = citizen.wa_id
    if citizen.user_id:
        message["from_user_id"] = citizen.user_id
    message |= {"id": wamid, "timestamp": str(timestamp), "type": message_type,
                message_type: content}
    if context:
        message["context"] = context
    return message


def inbound_webhook(number: BusinessNumber, citizen: Citizen,
                    message: dict[str, Any]) -> dict[str, Any]:
    return envelope(number, {"contacts": [contact(citizen)], "messages": [message]})


@dataclass(frozen=True)
class Pricing:
    category: str
    type: str

    def as_json(self) -> dict[str, Any]:
        return {"billable": self.type == "regular", "pricing_model": "PMP",
                "category": self.category, "type": self.type}


def status(wamid: str, name: StatusName, *, to: str | None, recipient: str | None,
           pricing: Pricing | None = None, error: GraphError | None = None,
           timestamp: int | None = None,
           callback_data: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": wamid,
        "status": name,
        "timestamp": str(int(time.time()) if timestamp is None else timestamp),
    }
    if to:
        entry["recipient_id"] = to
    elif recipient:
        entry["recipient_user_id"] = recipient
    if callback_data is not None:
        entry["biz_opaque_callback_data"] = callback_data
    if pricing is not None:
        entry["pricing"] = pricing.as_json()
    if error is not None:
        entry["errors"] = [error.webhook_error()]
    return entry


def status_webhook(number: BusinessNumber, statuses: list[dict[str, Any]]) -> dict[str, Any]:
    return envelope(number, {"statuses": statuses})
