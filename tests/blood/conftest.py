"""Shared fixtures for the blood service's pure domain tests (no broker, no database)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from blood.gazetteer import Gazetteer, load_gazetteer
from blood.points import DonationPoint, load_points
from common.contracts import Citizen, DomainRequest, InboundMessage, Location

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "webhooks"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fixture_message(name: str) -> dict[str, Any]:
    """The first `messages[]` element of a webhook fixture."""
    body = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    message: dict[str, Any] = body["entry"][0]["changes"][0]["value"]["messages"][0]
    return message


def fixture_text(name: str) -> str:
    text: str = fixture_message(name)["text"]["body"]
    return text


@pytest.fixture(scope="session")
def webhook_text() -> Callable[[str], str]:
    return fixture_text


@pytest.fixture(scope="session")
def webhook_message() -> Callable[[str], dict[str, Any]]:
    return fixture_message


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def points() -> list[DonationPoint]:
    return load_points()


MakeRequest = Callable[..., DomainRequest]


@pytest.fixture
def make_request() -> MakeRequest:
    def make(intent: str, *, text: str | None = None, language: str = "tr",
             location: tuple[float, float] | None = None, interactive_id: str | None = None,
             button_payload: str | None = None, msg_type: str | None = None) -> DomainRequest:
        kind = msg_type or ("location" if location else "text")
        message = InboundMessage(
            wamid="wamid.TEST", partition_key="905550000000", wa_id="905550000000",
            phone_number_id="106540352242922", timestamp=NOW, type=kind, text=text,
            interactive_id=interactive_id, button_payload=button_payload,
            location=Location(latitude=location[0], longitude=location[1]) if location else None,
            raw={}, received_at=NOW,
        )
        return DomainRequest(
            domain="blood", intent=intent,
            citizen=Citizen(id="c-1", wa_id="905550000000"),
            language=language,  # type: ignore[arg-type]
            message=message,
        )

    return make
