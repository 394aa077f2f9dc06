"""Shared helpers for the unit tests: the real-format webhook fixtures, read as raw bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "webhooks"
FIXTURE_NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def fixture_bytes(name: str) -> bytes:
    """The exact bytes of a fixture file, as they would arrive on the wire."""
    return (FIXTURES / f"{name}.json").read_bytes()


@pytest.fixture(params=FIXTURE_NAMES)
def fixture_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name
