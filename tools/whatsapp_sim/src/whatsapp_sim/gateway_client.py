"""Posts signed webhooks to the helpline gateway, as Meta's delivery does."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from common.signature import sign

from whatsapp_sim.config import SimConfig
from whatsapp_sim.stats import Stats
from whatsapp_sim.wire import meta_json

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"


@dataclass(frozen=True)
class GatewayAnswer:
    status: int
    """HTTP status, or 0 when the gateway could not be reached."""
    body: str = ""
    error: str | None = None


class GatewayPoster:
    def __init__(self, config: SimConfig, stats: Stats) -> None:
        self._config = config
        self._stats = stats
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def signature(self, body: bytes, secret: str | None = None) -> str:
        return sign(body, self._config.app_secret if secret is None else secret)

    async def post(self, body: bytes, *, signature: str | None) -> GatewayAnswer:
        """One attempt, with whatever signature header the caller chose (None: no header)."""
        if self._session is None:
            raise RuntimeError("GatewayPoster.start() was not awaited")
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers[SIGNATURE_HEADER] = signature
        timeout = aiohttp.ClientTimeout(total=self._config.webhook_timeout_s)
        try:
            async with self._session.post(self._config.gateway_webhook_url, data=body,
                                          headers=headers, timeout=timeout) as response:
                return GatewayAnswer(response.status, await response.text())
        except (aiohttp.ClientError, TimeoutError) as exc:
            return GatewayAnswer(0, error=f"{type(exc).__name__}: {exc}")

    async def deliver(self, payload: dict[str, Any]) -> bool:
        """Posts a webhook signed with the app secret, retrying a few times like Meta.

        A gateway that is down must not take the simulator with it, so failures are only
        counted and logged.
        """
        body = meta_json(payload)
        attempts = max(1, self._config.webhook_attempts)
        for attempt in range(attempts):
            answer = await self.post(body, signature=self.signature(body))
            if answer.status == 200:
                self._stats.webhooks_posted += 1
                return True
            self._stats.webhook_failed_attempts += 1
            log.debug("webhook attempt %d failed: status=%s %s", attempt + 1, answer.status,
                      answer.error or "")
            if attempt + 1 < attempts:
                await asyncio.sleep(0.1 * 3**attempt)
        self._stats.webhooks_given_up += 1
        log.warning("gave up on a webhook after %d attempts", attempts)
        return False
