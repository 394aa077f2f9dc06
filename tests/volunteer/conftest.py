"""Requests and WhatsApp-limit checks for the volunteer tests (shared code: tests/domain_requests.py)."""

from __future__ import annotations

import pytest

from tests import domain_requests
from tests.domain_requests import RequestMaker, fixture_request, wa_limits

__all__ = ["fixture_request", "make_request", "wa_limits"]


@pytest.fixture
def make_request() -> RequestMaker:
    return domain_requests.request_maker("volunteer")
