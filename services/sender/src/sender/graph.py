"""The only caller of the WhatsApp Cloud API (Graph `POST /{version}/{phone_number_id}/messages`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp
from common.contracts import OutboundMessage
from common.settings import Settings


@dataclass(frozen=True)
class GraphError(Exception):
    code: int | None
    http_status: int | None
    details: str
    fbtrace_id: str | None = None
    subcode: int | None = None

    def __str__(self) -> str:
        return f"graph error code={self.code} http={self.http_status}: {self.details[:300]}"


ADDRESS_KEYS = frozenset({"to", "recipient", "recipient_type", "messaging_product"})


def address(message: OutboundMessage) -> dict[str, str]:
    """Where the message goes: the phone when known, else the business-scoped user id."""
    if message.citizen.to:
        # Without "+", Meta prefixes the business number's country code and misdelivers.
        return {"to": "+" + message.citizen.to.lstrip("+")}
    if message.citizen.recipient:
        return {"recipient": message.citizen.recipient}
    raise ValueError("outbound message has neither `to` nor `recipient`")


def request_body(message: OutboundMessage) -> dict[str, Any]:
    # The content comes from the origin; the address only from the citizen, whom erasure, order
    # and the pair limit are keyed on: content cannot redirect a message.
    body: dict[str, Any] = {k: v for k, v in message.content.items() if k not in ADDRESS_KEYS}
    body.update(messaging_product="whatsapp", recipient_type="individual")
    body.update(address(message))
    return body


class GraphClient:
    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        base = settings.graph_api_base.rstrip("/")
        self._url = f"{base}/{settings.graph_api_version}/{settings.whatsapp_phone_number_id}/messages"
        self._token = settings.whatsapp_access_token.get_secret_value()
        self._timeout = aiohttp.ClientTimeout(total=settings.graph_timeout_s)
        self._session = session

    async def send(self, body: dict[str, Any]) -> str:
        """Returns the wamid of the accepted message; raises GraphError otherwise."""
        try:
            async with self._session.post(self._url, json=body, timeout=self._timeout,
                                          headers={"Authorization": f"Bearer {self._token}"}) as resp:
                status = resp.status
                try:
                    payload = await resp.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    payload = None
        except TimeoutError as exc:
            raise GraphError(None, None, f"timeout: {exc}") from exc
        except aiohttp.ClientError as exc:
            raise GraphError(None, None, f"transport: {type(exc).__name__}: {exc}") from exc
        if status == 200 and isinstance(payload, dict) and payload.get("messages"):
            return str(payload["messages"][0]["id"])
        error = (payload or {}).get("error", {}) if isinstance(payload, dict) else {}
        code = _integer(error.get("code"))
        details = str((error.get("error_data") or {}).get("details") or error.get("message") or f"HTTP {status}")
        raise GraphError(code, status, details, error.get("fbtrace_id"), _integer(error.get("error_subcode")))


def _integer(value: Any) -> int | None:
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None
