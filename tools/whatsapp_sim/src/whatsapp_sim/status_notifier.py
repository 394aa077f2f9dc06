"""Reports what happened to accepted sends: sent → delivered → read, or failed (§2.4)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from whatsapp_sim.config import SimConfig
from whatsapp_sim.envelopes import Pricing, StatusName, status, status_webhook
from whatsapp_sim.gateway_client import GatewayPoster
from whatsapp_sim.graph_errors import GraphError
from whatsapp_sim.outbox import OutboxMessage

SERVICE_PRICING = Pricing(category="service", type="free_customer_service")


class StatusNotifier:
    def __init__(self, config: SimConfig, poster: GatewayPoster) -> None:
        self._config = config
        self._poster = poster
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        # The loop keeps only weak references to tasks; hold them until they finish.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def delivered(self, message: OutboxMessage, pricing: Pricing = SERVICE_PRICING) -> None:
        if self._config.status_webhooks:
            self._spawn(self._progress(message, pricing))

    def failed(self, message: OutboxMessage, error: GraphError) -> None:
        if self._config.status_webhooks:
            self._spawn(self._fail_later(message, error))

    async def _fail_later(self, message: OutboxMessage, error: GraphError) -> None:
        await asyncio.sleep(self._config.failed_delay_s)
        await self._post(message, "failed", None, error)

    async def _progress(self, message: OutboxMessage, pricing: Pricing) -> None:
        steps: list[tuple[StatusName, float, Pricing | None]] = [
            ("sent", self._config.sent_delay_s, pricing),
        ]
        # Meta reports only `sent` for reactions (REACT).
        if message.type != "reaction":
            steps.append(("delivered", self._config.delivered_delay_s, pricing))
            if self._config.read_receipts:
                steps.append(("read", self._config.read_delay_s, None))
        for name, delay, step_pricing in steps:
            await asyncio.sleep(delay)
            await self._post(message, name, step_pricing, None)

    async def _post(self, message: OutboxMessage, name: StatusName, pricing: Pricing | None,
                    error: GraphError | None) -> None:
        callback = message.body.get("biz_opaque_callback_data")
        entry = status(message.wamid, name, to=message.to, recipient=message.recipient,
                       pricing=pricing, error=error,
                       callback_data=callback if isinstance(callback, str) else None)
        await self._poster.deliver(status_webhook(self._config.business_number, [entry]))

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
