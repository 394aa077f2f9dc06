"""Parsing a WhatsApp webhook body into broker messages (pure; no I/O).

The envelope is validated; everything inside a message is carried, known or not, so that a
new WhatsApp message type reaches the router (which answers kindly) instead of being lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from common.contracts import InboundMessage, Location, StatusEvent, WebhookError
from pydantic import BaseModel, ConfigDict, ValidationError


class UnparseableWebhook(Exception):
    """Correctly signed, but not JSON."""


class UnexpectedShape(Exception):
    """JSON, but not the envelope WhatsApp sends."""


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Change(_Loose):
    field: str
    value: dict[str, Any]


class _Entry(_Loose):
    id: str
    changes: list[_Change]


class _Envelope(_Loose):
    object: str
    entry: list[_Entry]


@dataclass
class ParsedWebhook:
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusEvent] = field(default_factory=list)
    errors: list[WebhookError] = field(default_factory=list)
    ignored_fields: list[str] = field(default_factory=list)
    # Elements of a known field that could not be read: kept whole with the reason.
    rejected: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


MAX_ADDRESS_LENGTH = 160


def _ts(value: Any) -> datetime:
    return datetime.fromtimestamp(int(str(value)), UTC)


def _message(msg: dict[str, Any], value: dict[str, Any], received_at: datetime) -> InboundMessage:
    wa_id = msg.get("from")
    user_id = msg.get("from_user_id")
    partition_key = wa_id or user_id
    if not partition_key or not msg.get("id") or "timestamp" not in msg:
        raise ValueError("message without id, timestamp or sender")
    if len(str(partition_key)) > MAX_ADDRESS_LENGTH:
        # An AMQP routing key holds 255 bytes; no real wa_id or user_id comes near this.
        raise ValueError("sender address too long")
    contact = next(
        (c for c in value.get("contacts", []) or []
         if (wa_id and c.get("wa_id") == wa_id) or (user_id and c.get("user_id") == user_id)),
        None,
    )
    kind = str(msg.get("type", "unknown"))
    body = msg.get(kind) if isinstance(msg.get(kind), dict) else {}
    assert isinstance(body, dict)
    text = None
    if kind == "text":
        text = body.get("body")
    elif isinstance(body.get("caption"), str):
        text = body["caption"]
    interactive_id = interactive_title = None
    if kind == "interactive":
        reply = body.get(str(body.get("type")), {}) or {}
        interactive_id, interactive_title = reply.get("id"), reply.get("title")
    location = None
    if kind == "location" and "latitude" in body and "longitude" in body:
        location = Location.model_validate(body)
    metadata = value.get("metadata", {}) or {}
    return InboundMessage(
        wamid=str(msg["id"]),
        partition_key=str(partition_key),
        wa_id=wa_id,
        user_id=user_id or (contact or {}).get("user_id"),
        profile_name=((contact or {}).get("profile") or {}).get("name"),
        phone_number_id=str(metadata.get("phone_number_id", "")),
        display_phone_number=metadata.get("display_phone_number"),
        timestamp=_ts(msg["timestamp"]),
        type=kind,
        text=text,
        interactive_id=interactive_id,
        interactive_title=interactive_title,
        button_payload=body.get("payload") if kind == "button" else None,
        location=location,
        context=msg.get("context"),
        referral=msg.get("referral"),
        system=msg.get("system"),
        errors=msg.get("errors") or [],
        raw={"message": msg, "contact": contact},
        received_at=received_at,
    )


def _status(st: dict[str, Any], value: dict[str, Any]) -> StatusEvent:
    return StatusEvent(
        wamid=str(st["id"]),
        status=str(st["status"]),
        timestamp=_ts(st["timestamp"]),
        recipient_id=st.get("recipient_id"),
        recipient_user_id=st.get("recipient_user_id"),
        errors=st.get("errors") or [],
        phone_number_id=(value.get("metadata") or {}).get("phone_number_id"),
        raw=st,
    )


def _error(err: dict[str, Any], value: dict[str, Any]) -> WebhookError:
    code = err.get("code")
    return WebhookError(
        code=int(code) if isinstance(code, int | str) and str(code).isdigit() else None,
        title=err.get("title"),
        details=(err.get("error_data") or {}).get("details"),
        phone_number_id=(value.get("metadata") or {}).get("phone_number_id"),
        raw=err,
    )


def parse_webhook(raw: bytes, received_at: datetime) -> ParsedWebhook:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise UnparseableWebhook(str(exc)) from exc
    try:
        envelope = _Envelope.model_validate(data)
    except ValidationError as exc:
        raise UnexpectedShape(str(exc)) from exc
    if envelope.object != "whatsapp_business_account":
        raise UnexpectedShape(f"object is {envelope.object!r}")
    parsed = ParsedWebhook()
    for entry in envelope.entry:
        for change in entry.changes:
            if change.field != "messages":
                parsed.ignored_fields.append(change.field)
                continue
            value = change.value
            for key in ("messages", "statuses", "errors", "contacts"):
                if not isinstance(value.get(key, []) or [], list):
                    raise UnexpectedShape(f"value.{key} is not a list")
            for msg in value.get("messages", []) or []:
                if not isinstance(msg, dict):
                    parsed.rejected.append(("unreadable_message: not an object", {"message": msg}))
                    continue
                try:
                    parsed.messages.append(_message(msg, value, received_at))
                except Exception as exc:  # one unreadable element must not fail its whole batch
                    parsed.rejected.append((f"unreadable_message: {exc}", {"message": msg, "value": value}))
            for st in value.get("statuses", []) or []:
                try:
                    parsed.statuses.append(_status(st, value))
                except Exception as exc:  # one unreadable element must not fail its whole batch
                    parsed.rejected.append((f"unreadable_status: {exc}", {"status": st}))
            for err in value.get("errors", []) or []:
                try:
                    parsed.errors.append(_error(err, value))
                except Exception as exc:  # one unreadable element must not fail its whole batch
                    parsed.rejected.append((f"unreadable_error: {exc}", {"error": err}))
    return parsed
