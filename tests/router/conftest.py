"""Turn the webhook fixtures into the InboundMessage the gateway would publish to the router."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from common.contracts import InboundMessage, Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "webhooks"
# Fixtures are dated 20 Nov 2026; a fixed receive time keeps tests independent of the clock.
RECEIVED_AT = datetime(2026, 11, 20, 9, 0, 5, tzinfo=UTC)


def _messages(body: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for entry in body.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value", {})
            for message in value.get("messages", []):
                yield value, message


def _profile_name(value: dict[str, Any], message: dict[str, Any]) -> str | None:
    sender = message.get("from") or message.get("from_user_id")
    for contact in value.get("contacts", []):
        if sender in (contact.get("wa_id"), contact.get("user_id")):
            name = contact.get("profile", {}).get("name")
            return name if isinstance(name, str) else None
    return None


def inbound_from(value: dict[str, Any], message: dict[str, Any]) -> InboundMessage:
    mtype = message["type"]
    text = (message.get("text") or {}).get("body")
    if text is None and mtype in ("image", "video", "document"):
        text = message[mtype].get("caption")
    reply: dict[str, Any] = {}
    if mtype == "interactive":
        interactive = message["interactive"]
        reply = interactive.get(interactive.get("type", ""), {}) or {}
    location = None
    if mtype == "location":
        loc = message["location"]
        location = Location(latitude=loc["latitude"], longitude=loc["longitude"],
                            name=loc.get("name"), address=loc.get("address"))
    metadata = value.get("metadata", {})
    return InboundMessage(
        wamid=message["id"],
        partition_key=message.get("from") or message["from_user_id"],
        wa_id=message.get("from"),
        user_id=message.get("from_user_id"),
        profile_name=_profile_name(value, message),
        phone_number_id=metadata.get("phone_number_id", ""),
        display_phone_number=metadata.get("display_phone_number"),
        timestamp=datetime.fromtimestamp(int(message["timestamp"]), UTC),
        type=mtype,
        text=text,
        interactive_id=reply.get("id"),
        interactive_title=reply.get("title"),
        button_payload=(message.get("button") or {}).get("payload"),
        location=location,
        context=message.get("context"),
        referral=message.get("referral"),
        system=message.get("system"),
        errors=message.get("errors", []),
        raw=message,
        received_at=RECEIVED_AT,
    )


def load_messages(name: str) -> list[InboundMessage]:
    """Every message of fixture `name` (without ".json"), in wire order."""
    body = json.loads((FIXTURES / f"{name}.json").read_bytes())
    return [inbound_from(value, message) for value, message in _messages(body)]


@pytest.fixture
def webhook() -> Callable[[str], InboundMessage]:
    """Loader for a fixture's first message."""
    def load(name: str) -> InboundMessage:
        return load_messages(name)[0]
    return load


@pytest.fixture
def webhook_all() -> Callable[[str], list[InboundMessage]]:
    return load_messages


@pytest.fixture
def make_text() -> Callable[..., InboundMessage]:
    """A text message from a Turkish number, with any field overridable."""
    def make(text: str | None, **fields: Any) -> InboundMessage:
        data: dict[str, Any] = {
            "wamid": "wamid.test", "partition_key": "905320000000", "wa_id": "905320000000",
            "phone_number_id": "106540352242922", "timestamp": RECEIVED_AT, "type": "text",
            "text": text, "raw": {}, "received_at": RECEIVED_AT,
        }
        data.update(fields)
        return InboundMessage(**data)
    return make
