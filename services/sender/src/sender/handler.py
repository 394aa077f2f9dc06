"""The sender's behaviour: send each outbound message at most once, record every status.

Duplicates: a message whose record says it was sent is never sent again. One that failed
permanently was never accepted, so a replay from the dead-letter store may try it again. The one accepted
window is a crash after WhatsApp accepted a send and before `mark_sent`: the redelivered
message finds state "sending" and is sent again; that case is counted.
"""

from __future__ import annotations

from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common import topology
from common.auth import require
from common.broker import Publisher, Reject
from common.clock import Clock
from common.contracts import DeliveryStatus, OutboundMessage, StatusEvent, WebhookError
from common.jsonable import jsonable
from common.logging import get_logger
from prometheus_client import Counter

from sender.errors import Action, classify
from sender.graph import GraphClient, GraphError, request_body
from sender.records import SENT_STATES, Records

log = get_logger(__name__)

SENDS = Counter("sender_sends_total", "Send attempts by outcome", ["lane", "outcome"])
SEND_ERRORS = Counter("sender_send_errors_total", "Graph errors by code", ["code"])
DUPLICATES = Counter("sender_duplicates_dropped_total", "Redelivered messages not sent again")
RESENDS = Counter("sender_uncertain_resends_total", "Sends repeated after an unrecorded attempt (the accepted window)")
STATUSES = Counter("sender_statuses_total", "Status webhooks", ["status", "applied"])
WA_ERRORS = Counter("sender_whatsapp_errors_total", "value.errors webhooks", ["code"])


class SenderHandler:
    def __init__(self, records: Records, graph: GraphClient, publisher: Publisher, clock: Clock) -> None:
        self._records = records
        self._graph = graph
        self._publisher = publisher
        self._clock = clock

    async def send(self, delivery: AbstractIncomingMessage) -> None:
        message = OutboundMessage.model_validate_json(delivery.body)
        existing = await self._records.get(message.id)
        if existing and existing.get("state") in SENT_STATES:
            DUPLICATES.inc()
            log.info("outbound_duplicate_dropped", outbound_id=message.id)
            return
        if existing and existing.get("state") == "sending":
            RESENDS.inc()
        body = request_body(message)
        now = self._clock.now()
        await self._records.begin_attempt(message, now)
        try:
            wamid = await self._graph.send(body)
        except GraphError as exc:
            await self._on_error(message, exc)
            return
        delivery_doc = await self._records.mark_sent(message, wamid, self._clock.now())
        SENDS.labels(message.lane, "sent").inc()
        log.info("outbound_sent", outbound_id=message.id, origin=message.origin, type=message.content.get("type"))
        await self._notify(delivery_doc.get("status", "sent") if delivery_doc.get("rank", 0) > 0 else "sent",
                           message.id, message.origin, message.correlation_id, message.citizen.citizen_id, wamid,
                           delivery_doc.get("errors") or [])

    async def _on_error(self, message: OutboundMessage, exc: GraphError) -> None:
        SEND_ERRORS.labels(str(exc.code)).inc()
        error = {"code": exc.code, "http_status": exc.http_status, "details": exc.details, "fbtrace_id": exc.fbtrace_id}
        action = classify(exc.code, exc.http_status)
        now = self._clock.now()
        if action is Action.PERMANENT:
            SENDS.labels(message.lane, "failed").inc()
            await self._records.mark_failed(message, error, now)
            await self._notify("failed", message.id, message.origin, message.correlation_id,
                               message.citizen.citizen_id, None, [error])
            raise Reject(f"whatsapp rejected the message permanently: {exc}")
        await self._records.note_error(message, error, now)
        SENDS.labels(message.lane, "retry").inc()
        if action is Action.HALT:
            log.critical("sender_needs_attention", code=exc.code, details=exc.details[:200])
        # Transient (or a halt that a human must fix): the consumer retries through the delay
        # queues and dead-letters after the last attempt.
        raise exc

    async def _notify(self, status: str, outbound_id: str, origin: str, correlation_id: str | None,
                      citizen_id: str | None, wamid: str | None, errors: list[dict[str, Any]]) -> None:
        event = DeliveryStatus(outbound_id=outbound_id, origin=origin, correlation_id=correlation_id,
                               citizen_id=citizen_id, status=status, wamid=wamid, errors=errors, at=self._clock.now())
        await self._publisher.publish(topology.DELIVERY, origin, event, message_id=f"{outbound_id}:{status}")

    async def status(self, delivery: AbstractIncomingMessage) -> None:
        event = StatusEvent.model_validate_json(delivery.body)
        changed, doc = await self._records.apply_status(event.wamid, event.status, event.timestamp, event.errors,
                                                        self._clock.now())
        STATUSES.labels(event.status, "yes" if changed else "no").inc()
        if event.status == "failed":
            codes = [e.get("code") for e in event.errors]
            log.warning("delivery_failed", codes=codes, outbound_id=doc.get("outbound_id"))
        if changed and doc.get("outbound_id"):
            await self._notify(event.status, doc["outbound_id"], doc["origin"], doc.get("correlation_id"),
                               doc.get("citizen_id"), event.wamid, event.errors)

    async def whatsapp_error(self, delivery: AbstractIncomingMessage) -> None:
        event = WebhookError.model_validate_json(delivery.body)
        WA_ERRORS.labels(str(event.code)).inc()
        log.warning("whatsapp_account_error", code=event.code, title=event.title)
        await self._records.record_whatsapp_error(
            {"code": event.code, "title": event.title, "details": event.details}, self._clock.now())

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/deliveries/failed", self._failed)]

    @require("staff", "supervisor")
    async def _failed(self, request: web.Request) -> web.StreamResponse:
        """Failed deliveries (async failures such as 131047) and sends WhatsApp refused."""
        limit = min(int(request.query.get("limit", "50")), 500)
        return web.json_response(jsonable({
            "deliveries": await self._records.failed_deliveries(limit),
            "outbound": await self._records.failed_outbound(limit),
        }))
