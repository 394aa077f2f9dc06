"""Graph API errors the way Meta shapes them (whatsapp-cloud-api.md §7.1, §7.2)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

INVALID_PARAMETER = 100
ACCESS_TOKEN = 190
THROUGHPUT = 130429
UNKNOWN_ERROR = 131000
PARAMETER_VALUE_INVALID = 131009
REENGAGEMENT = 131047
PAIR_RATE_LIMIT = 131056
TEMPLATE_PARAM_COUNT = 132000
TEMPLATE_NOT_FOUND = 132001

TITLES: dict[int, str] = {
    0: "AuthException",
    1: "API Unknown",
    2: "API Service",
    3: "API Method",
    4: "Too many calls",
    10: "Permission Denied",
    33: "Parameter value is not valid",
    100: "Invalid parameter",
    190: "Access token has expired",
    368: "Temporarily blocked for policies violations",
    80007: "Rate limit issues",
    130429: "Rate limit hit",
    130472: "User's number is part of an experiment",
    131000: "Something went wrong",
    131005: "Access denied",
    131008: "Required parameter is missing",
    131009: "Parameter value is not valid",
    131016: "Service unavailable",
    131021: "Recipient cannot be sender",
    131026: "Message undeliverable",
    131031: "Account has been locked",
    131042: "Business eligibility payment issue",
    131045: "Incorrect certificate",
    131047: "Re-engagement message",
    131048: "Spam rate limit hit",
    131049: "Meta chose not to deliver",
    131051: "Unsupported message type",
    131053: "Media upload error",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    131057: "Account in maintenance mode",
    132000: "Number of parameters does not match the expected number of params",
    132001: "Template name does not exist in the translation",
    132005: "Translated text too long",
    132015: "Template is Paused",
    132016: "Template is Disabled",
    133004: "Server Temporarily Unavailable",
    133010: "Phone number Not Registered",
}

DEFAULT_DETAILS: dict[int, str] = {
    130429: "Cloud API message throughput has been reached.",
    131047: (
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number."
    ),
    131056: "Too many messages sent from the sender phone number to the same recipient phone "
    "number in a short period of time.",
    131000: "Something went wrong.",
}

# Meta's older table (§7.2); the current page mostly dropped it, and clients must not depend on
# it, but a faithful simulator still answers with these.
HTTP_STATUS: dict[int, int] = {
    0: 401,
    190: 401,
    10: 403,
    368: 403,
    131005: 403,
    131031: 403,
    132001: 404,
    1: 500,
    3: 500,
    131000: 500,
    131016: 500,
    131045: 500,
    131057: 500,
    133000: 500,
    2: 503,
    133004: 503,
}

ERROR_CODES_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"


def http_status_for(code: int) -> int:
    if 200 <= code <= 299:
        return 403
    return HTTP_STATUS.get(code, 400)


def fbtrace_id() -> str:
    return secrets.token_urlsafe(8)[:11]


@dataclass(frozen=True)
class GraphError:
    code: int
    details: str = ""
    title: str | None = None
    http_status: int | None = None
    type: str = "OAuthException"
    subcode: int | None = None

    @property
    def resolved_title(self) -> str:
        return self.title or TITLES.get(self.code, "Unknown error")

    @property
    def resolved_details(self) -> str:
        return self.details or DEFAULT_DETAILS.get(self.code, self.resolved_title)

    @property
    def status(self) -> int:
        return self.http_status if self.http_status is not None else http_status_for(self.code)

    def response_body(self) -> dict[str, Any]:
        """The synchronous error body of a Graph call."""
        error: dict[str, Any] = {
            "message": f"(#{self.code}) {self.resolved_title}",
            "type": self.type,
            "code": self.code,
            "error_data": {"messaging_product": "whatsapp", "details": self.resolved_details},
        }
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}

    def webhook_error(self) -> dict[str, Any]:
        """The error object inside a webhook (`statuses[].errors[]`): no `type`, has `href`."""
        return {
            "code": self.code,
            "title": self.resolved_title,
            "message": self.resolved_title,
            "error_data": {"details": self.resolved_details},
            "href": ERROR_CODES_HREF,
        }
