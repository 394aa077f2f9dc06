"""Publishing with confirms and a consumer runner with manual acks, retries and dead letters.

Failure policy of every consumer:
- `Reject` (or a message that fails validation) is permanent: the message goes to the
  dead-letter store at once, with the reason.
- Any other exception is transient. In "delay" mode the message is republished to a TTL
  retry queue (waiting happens in the broker) with the attempt counter in our own header; in
  "requeue" mode (per-citizen ordered queues) the consumer backs off and returns it to the
  head of its queue, so nothing overtakes it. After `max_attempts` it is dead-lettered with
  the last error.
A message is acked only after everything it caused was confirmed by the broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
)
from prometheus_client import Counter, Histogram
from pydantic import BaseModel, ValidationError

from common import topology
from common.logging import get_logger

log = get_logger(__name__)

CONSUMED = Counter("helpline_messages_consumed_total", "Messages handled", ["queue", "outcome"])
PUBLISHED = Counter("helpline_messages_published_total", "Messages published (confirmed)", ["exchange"])
HANDLE_SECONDS = Histogram("helpline_handle_seconds", "Time to handle one message", ["queue"])

REASON_HEADER = "x-helpline-reason"
ERROR_HEADER = "x-helpline-error"
SOURCE_QUEUE_HEADER = "x-helpline-queue"
SOURCE_EXCHANGE_HEADER = "x-helpline-exchange"
SOURCE_KEY_HEADER = "x-helpline-routing-key"
FAILED_AT_HEADER = "x-helpline-failed-at"
# Keys the stored entry, so a redelivered dead letter does not become two entries.
DL_ID_HEADER = "x-helpline-dl-id"
# Messages carrying this header (the canonical citizen id) are handled one at a time per value
# within a consumer, so concurrent prefetch never answers one citizen out of order.
ORDER_KEY_HEADER = "helpline-order-key"


class Reject(Exception):
    """Permanent failure: the message can never succeed; dead-letter it with this reason."""


async def connect(url: str) -> AbstractRobustConnection:
    """A robust connection: it reconnects after a broker restart and re-declares what was
    declared on its channels, consumers included."""
    return await aio_pika.connect_robust(url, client_properties={"connection_name": "helpline"})


def _body(payload: BaseModel | bytes | Mapping[str, Any]) -> bytes:
    if isinstance(payload, BaseModel):
        return payload.model_dump_json(by_alias=True).encode()
    if isinstance(payload, bytes):
        return payload
    return json.dumps(payload, ensure_ascii=False, default=str).encode()


class Publisher:
    """Persistent, mandatory publishes; each `publish` returns once the broker confirmed it."""

    def __init__(self, channel: AbstractChannel | None = None) -> None:
        self._channel = channel
        self._exchanges: dict[str, AbstractExchange] = {}

    def bind(self, channel: AbstractChannel) -> None:
        """Handlers get their publisher when they are built; the channel comes at start-up."""
        self._channel = channel
        self._exchanges.clear()

    async def _exchange(self, name: str) -> AbstractExchange:
        if self._channel is None:
            raise RuntimeError("publisher is not connected yet")
        if name not in self._exchanges:
            self._exchanges[name] = await self._channel.get_exchange(name, ensure=False)
        return self._exchanges[name]

    async def publish(self, exchange: str, routing_key: str, payload: BaseModel | bytes | Mapping[str, Any], *,
                      message_id: str | None = None, headers: Mapping[str, Any] | None = None,
                      content_type: str = "application/json") -> None:
        message = aio_pika.Message(
            _body(payload),
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            content_type=content_type,
            message_id=message_id,
            headers=dict(headers or {}),
            timestamp=datetime.now(UTC),
        )
        ex = await self._exchange(exchange)
        # mandatory: an unroutable message is an error, not a silent drop.
        await ex.publish(message, routing_key=routing_key, mandatory=True)
        PUBLISHED.labels(exchange).inc()

    async def dead_letter(self, body: bytes, *, reason: str, error: str = "", queue: str = "",
                          exchange: str = "", routing_key: str = "", headers: Mapping[str, Any] | None = None,
                          message_id: str | None = None, content_type: str = "application/json") -> None:
        all_headers = dict(headers or {})
        all_headers.update({
            REASON_HEADER: reason,
            ERROR_HEADER: error[:2000],
            SOURCE_QUEUE_HEADER: queue,
            SOURCE_EXCHANGE_HEADER: exchange,
            SOURCE_KEY_HEADER: routing_key,
            FAILED_AT_HEADER: datetime.now(UTC).isoformat(),
            DL_ID_HEADER: uuid.uuid4().hex,
        })
        await self.publish(topology.DEAD, "", body, message_id=message_id, headers=all_headers,
                           content_type=content_type)


Handler = Callable[[AbstractIncomingMessage], Awaitable[None]]


def attempts_of(message: AbstractIncomingMessage) -> int:
    headers = message.headers or {}
    ours = headers.get(topology.ATTEMPTS_HEADER, 0)
    # Quorum queues count redeliveries themselves (crashes, requeues); take the larger.
    broker = headers.get("x-delivery-count", 0)
    try:
        return max(int(str(ours)), int(str(broker)))
    except ValueError:
        return 0


class Consumer:
    """Consumes one queue with bounded prefetch; drains in-flight work on `stop()`."""

    def __init__(self, channel: AbstractChannel, publisher: Publisher, queue: str, handler: Handler, *,
                 retry_mode: Literal["delay", "requeue"] = "delay", max_attempts: int = 5,
                 prefetch: int = 32, serial: bool = False) -> None:
        self._channel = channel
        self._publisher = publisher
        self.queue_name = queue
        self._handler = handler
        self._retry_mode = retry_mode
        self._max_attempts = max_attempts
        self._prefetch = 1 if serial else prefetch
        self._tag: str | None = None
        self._queue: aio_pika.abc.AbstractQueue | None = None
        self._inflight: set[asyncio.Task[None]] = set()
        self._order_locks: dict[str, asyncio.Lock] = {}
        self._stopping = False

    async def start(self) -> None:
        await self._channel.set_qos(prefetch_count=self._prefetch)
        # Declared (passively) through the robust channel so that the queue and this consumer
        # are restored after a reconnect; get_queue() would not be.
        self._queue = await self._channel.declare_queue(self.queue_name, passive=True)
        self._tag = await self._queue.consume(self._on_message, no_ack=False)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        key = (message.headers or {}).get(ORDER_KEY_HEADER)
        try:
            if key is None:
                await self._process(message)
            else:
                # One citizen's messages one after another, in delivery order (asyncio.Lock
                # wakes waiters first come, first served); other citizens run alongside.
                lock = self._order_locks.setdefault(str(key), asyncio.Lock())
                try:
                    async with lock:
                        await self._process(message)
                finally:
                    if not lock.locked() and not getattr(lock, "_waiters", None):
                        self._order_locks.pop(str(key), None)
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def _process(self, message: AbstractIncomingMessage) -> None:
        started = time.perf_counter()
        try:
            await self._handler(message)
        except (Reject, ValidationError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            await self._fail_permanently(message, type(exc).__name__, str(exc))
            CONSUMED.labels(self.queue_name, "dead_lettered").inc()
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
            raise
        except Exception as exc:
            await self._retry(message, exc)
        else:
            await message.ack()
            CONSUMED.labels(self.queue_name, "ok").inc()
        finally:
            HANDLE_SECONDS.labels(self.queue_name).observe(time.perf_counter() - started)

    async def _fail_permanently(self, message: AbstractIncomingMessage, reason: str, error: str) -> None:
        log.warning("message_dead_lettered", queue=self.queue_name, reason=reason, error=error[:300])
        try:
            await self._publisher.dead_letter(
                message.body, reason=reason, error=error, queue=self.queue_name,
                exchange=message.exchange or "", routing_key=message.routing_key or "",
                headers=_copy_headers(message), message_id=message.message_id,
                content_type=message.content_type or "application/json")
        except Exception:
            log.exception("dead_letter_publish_failed", queue=self.queue_name)
            await asyncio.sleep(1)
            await message.nack(requeue=True)
            return
        await message.ack()

    async def _retry(self, message: AbstractIncomingMessage, exc: Exception) -> None:
        attempt = attempts_of(message) + 1
        error = f"{type(exc).__name__}: {exc}"
        if attempt >= self._max_attempts:
            log.error("message_retries_exhausted", queue=self.queue_name, attempts=attempt, error=error[:300])
            await self._fail_permanently(message, "retries_exhausted", error)
            CONSUMED.labels(self.queue_name, "dead_lettered").inc()
            return
        CONSUMED.labels(self.queue_name, "retried").inc()
        log.warning("message_retry", queue=self.queue_name, attempt=attempt, error=error[:300])
        if self._retry_mode == "requeue":
            # Ordered queue: wait here, then put it back at the head so nothing overtakes it.
            await asyncio.sleep(min(30.0, 0.5 * 2 ** attempt) * (0.5 + random.random() / 2))
            await message.nack(requeue=True)
            return
        delay = topology.RETRY_DELAYS_S[min(attempt - 1, len(topology.RETRY_DELAYS_S) - 1)]
        headers = _copy_headers(message)
        headers[topology.ATTEMPTS_HEADER] = attempt
        headers[topology.RETRY_DELAY_HEADER] = str(delay)
        headers[ERROR_HEADER] = error[:2000]
        try:
            await self._publisher.publish(topology.RETRY, self.queue_name, message.body, headers=headers,
                                          message_id=message.message_id,
                                          content_type=message.content_type or "application/json")
        except Exception:
            log.exception("retry_publish_failed", queue=self.queue_name)
            await asyncio.sleep(1)
            await message.nack(requeue=True)
            return
        await message.ack()

    async def stop(self, drain_s: float) -> None:
        """Stop taking new messages, then let the in-flight ones finish (graceful drain)."""
        self._stopping = True
        if self._queue is not None and self._tag is not None:
            with contextlib.suppress(Exception):
                await self._queue.cancel(self._tag)
        if self._inflight:
            await asyncio.wait(set(self._inflight), timeout=drain_s)


def _copy_headers(message: AbstractIncomingMessage) -> dict[str, Any]:
    skip = {"x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
            "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason", "x-delivery-count"}
    return {k: v for k, v in (message.headers or {}).items() if k not in skip}
