"""Requests and WhatsApp-limit checks shared by the domain-service tests (volunteer, donation,
support). Each package's conftest re-exports the fixtures with its own domain."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from common import wa_content
from common.contracts import Citizen, DomainRequest, InboundMessage
from common.i18n import Language

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "webhooks"
NOW = datetime(2026, 11, 20, 9, 0, 5, tzinfo=UTC)

RequestMaker = Callable[..., DomainRequest]
FixtureRequest = Callable[[str, str, str, Language], DomainRequest]
LimitCheck = Callable[[Sequence[dict[str, Any]]], None]


def _request(intent: str, text: str | None = None, *, language: Language = "tr", domain: str = "donation",
             wa_id: str | None = "905551112233", user_id: str | None = None, message_type: str = "text",
             late: bool = False, **message: Any) -> DomainRequest:
    inbound = InboundMessage(
        wamid="wamid.TEST", partition_key=wa_id or user_id or "x", wa_id=wa_id, user_id=user_id,
        phone_number_id="106540352242922", timestamp=NOW, type=message_type, text=text, raw={},
        received_at=NOW, **message,
    )
    citizen = Citizen(id="citizen-1", wa_id=wa_id, user_id=user_id)
    return DomainRequest(domain=domain, intent=intent, citizen=citizen, language=language, message=inbound,
                         late=late)


def request_maker(domain: str) -> RequestMaker:
    """DomainRequests for `domain`: `intent` with `text`, as the router would publish them."""
    return functools.partial(_request, domain=domain)


@pytest.fixture
def fixture_request() -> FixtureRequest:
    """The first message of a webhook fixture, as a DomainRequest with the given intent."""

    def load(name: str, domain: str, intent: str, language: Language) -> DomainRequest:
        body = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        message = body["entry"][0]["changes"][0]["value"]["messages"][0]
        return _request(intent, message.get("text", {}).get("body"), language=language, domain=domain,
                        wa_id=message.get("from"), user_id=message.get("from_user_id"),
                        message_type=message["type"])

    return load


def _check_limits(contents: Sequence[dict[str, Any]]) -> None:
    assert contents, "the citizen must never be left without an answer"
    for content in contents:
        if content["type"] == "text":
            body = content["text"]["body"]
            assert body.strip() and len(body) <= wa_content.TEXT_MAX
            continue
        assert content["type"] == "interactive"
        interactive = content["interactive"]
        body = interactive["body"]["text"]
        assert "…" not in body, "a body was cut: shorten the text"
        if interactive["type"] == "button":
            assert len(body) <= wa_content.BUTTON_BODY_MAX
            titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
            assert 1 <= len(titles) <= 3 and len(set(titles)) == len(titles)
            for button in interactive["action"]["buttons"]:
                assert len(button["reply"]["title"]) <= wa_content.BUTTON_TITLE_MAX
                assert not button["reply"]["title"].endswith("…"), button
                assert len(button["reply"]["id"]) <= 256
        else:
            assert interactive["type"] == "list"
            assert len(body) <= wa_content.LIST_BODY_MAX
            assert len(interactive["action"]["button"]) <= wa_content.BUTTON_LABEL_MAX
            rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
            assert 1 <= len(rows) <= 10
            for row in rows:
                assert len(row["title"]) <= wa_content.ROW_TITLE_MAX and not row["title"].endswith("…"), row
                assert len(row.get("description", "")) <= wa_content.ROW_DESCRIPTION_MAX
                assert not row.get("description", "").endswith("…"), row
                assert len(row["id"]) <= 200
        if "footer" in interactive:
            footer = interactive["footer"]["text"]
            assert len(footer) <= wa_content.HEADER_FOOTER_MAX and not footer.endswith("…")


@pytest.fixture
def wa_limits() -> LimitCheck:
    """Asserts WhatsApp's limits, and that no text had to be cut to meet them."""
    return _check_limits


def reply_text(contents: Sequence[dict[str, Any]]) -> str:
    """The visible text of a service's replies: text bodies and interactive bodies, in order."""
    parts = []
    for content in contents:
        if content["type"] == "text":
            parts.append(content["text"]["body"])
        else:
            parts.append(content["interactive"]["body"]["text"])
    return "\n".join(parts)


def button_ids(contents: Sequence[dict[str, Any]]) -> list[str]:
    """The reply-button ids of a service's interactive replies, in order."""
    return [
        button["reply"]["id"]
        for content in contents if content["type"] == "interactive"
        for button in content["interactive"]["action"]["buttons"]
    ]
