"""Turns a citizen action (`POST /sim/messages`) into the webhook Meta would post."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from whatsapp_sim.envelopes import (
    BusinessNumber,
    Citizen,
    envelope,
    inbound_message,
    inbound_webhook,
)
from whatsapp_sim.wire import inbound_wamid

KINDS = ("text", "interactive", "button", "location", "reaction", "message")

LastSent = Callable[[str, tuple[str, ...]], str | None]
"""(citizen address, message types) → wamid of the bot's latest such message to them."""


class CitizenInputError(ValueError):
    pass


@dataclass(frozen=True)
class Inbound:
    citizen: Citizen
    wamid: str
    payload: dict[str, Any]


def _str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise CitizenInputError(f"{key} must be a string")
    return str(value)


def _citizen(data: Mapping[str, Any]) -> Citizen:
    citizen = Citizen(wa_id=_str(data, "from"), user_id=_str(data, "user_id"),
                      profile_name=_str(data, "profile_name"), username=_str(data, "username"))
    if not citizen.wa_id and not citizen.user_id:
        raise CitizenInputError("give `from` (wa_id) or `user_id`")
    return citizen


def _timestamp(data: Mapping[str, Any], now: int) -> int:
    value = data.get("timestamp", now)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise CitizenInputError("timestamp must be Unix seconds") from exc


def _reply_context(number: BusinessNumber, wamid: str | None) -> dict[str, Any] | None:
    return {"from": number.display_phone_number, "id": wamid} if wamid else None


def build_inbound(data: Mapping[str, Any], *, number: BusinessNumber, now: int,
                  last_sent: LastSent) -> Inbound:
    """Raises CitizenInputError when the request does not describe one message."""
    citizen = _citizen(data)
    address = citizen.address
    kinds = [kind for kind in KINDS if kind in data]
    if len(kinds) != 1:
        raise CitizenInputError(f"give exactly one of {', '.join(KINDS)}")
    kind = kinds[0]
    wamid = _str(data, "wamid") or inbound_wamid(address)
    timestamp = _timestamp(data, now)
    context_id = _str(data, "context_id")
    context = _reply_context(number, context_id)
    if data.get("forwarded"):
        context = (context or {}) | {"forwarded": True}

    if kind == "message":
        return _raw_message(data["message"], citizen, wamid, timestamp, number)

    content: Any
    message_type = kind
    if kind == "text":
        text = data["text"]
        if not isinstance(text, str) or not text:
            raise CitizenInputError("text must be a non-empty string")
        content = {"body": text}
    elif kind == "interactive":
        content, tapped_id = _interactive(data["interactive"])
        context = context or _reply_context(
            number, tapped_id or last_sent(address, ("interactive",)))
    elif kind == "button":
        content, tapped_id = _template_button(data["button"])
        context = context or _reply_context(number, tapped_id or last_sent(address,
                                                                           ("template",)))
    elif kind == "location":
        content = _location(data["location"])
    else:
        content = _reaction(data["reaction"], address, last_sent)
    message = inbound_message(citizen, wamid, timestamp, message_type, content, context)
    return Inbound(citizen, wamid, inbound_webhook(number, citizen, message))


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CitizenInputError(f"{name} must be a JSON object")
    return value


def _interactive(value: Any) -> tuple[dict[str, Any], str | None]:
    spec = _mapping(value, "interactive")
    kind = spec.get("type", "button_reply")
    if kind not in ("list_reply", "button_reply"):
        raise CitizenInputError("interactive.type must be list_reply or button_reply")
    reply_id, title = _str(spec, "id"), _str(spec, "title")
    if not reply_id:
        raise CitizenInputError("interactive.id is required")
    reply: dict[str, Any] = {"id": reply_id, "title": title or reply_id}
    description = _str(spec, "description")
    if kind == "list_reply" and description:
        reply["description"] = description
    return {"type": kind, kind: reply}, _str(spec, "context_id")


def _template_button(value: Any) -> tuple[dict[str, Any], str | None]:
    spec = _mapping(value, "button")
    payload = _str(spec, "payload")
    if not payload:
        raise CitizenInputError("button.payload is required")
    return {"payload": payload, "text": _str(spec, "text") or payload}, _str(spec, "context_id")


def _location(value: Any) -> dict[str, Any]:
    spec = _mapping(value, "location")
    try:
        location: dict[str, Any] = {"latitude": float(spec["latitude"]),
                                    "longitude": float(spec["longitude"])}
    except (KeyError, TypeError, ValueError) as exc:
        raise CitizenInputError("location needs numeric latitude and longitude") from exc
    for key in ("name", "address", "url"):
        if spec.get(key):
            location[key] = str(spec[key])
    return location


def _reaction(value: Any, address: str, last_sent: LastSent) -> dict[str, Any]:
    spec: Mapping[str, Any] = {"emoji": value} if isinstance(value, str) else _mapping(
        value, "reaction")
    message_id = _str(spec, "message_id") or last_sent(address, ())
    if not message_id:
        raise CitizenInputError("reaction.message_id is required (nothing was sent to react to)")
    return {"message_id": message_id, "emoji": _str(spec, "emoji") or ""}


def _raw_message(value: Any, citizen: Citizen, wamid: str, timestamp: int,
                 number: BusinessNumber) -> Inbound:
    """Any other message type, given as the `messages[]` object; missing ids are filled in."""
    raw = dict(_mapping(value, "message"))
    if not isinstance(raw.get("type"), str):
        raise CitizenInputError("message.type is required")
    filled: dict[str, Any] = {}
    if citizen.wa_id:
        filled["from"] = citizen.wa_id
    if citizen.user_id:
        filled["from_user_id"] = citizen.user_id
    filled |= {"id": wamid, "timestamp": str(timestamp)}
    message = filled | raw
    # System messages (e.g. user_changed_number) come without a contacts array (§2.3).
    if raw["type"] == "system":
        payload = envelope(number, {"messages": [message]})
    else:
        payload = inbound_webhook(number, citizen, message)
    return Inbound(citizen, str(message["id"]), payload)
