"""The sender's consumers besides the lanes, and its staff API.

Sending itself lives in `dispatcher.py`. Here: delivery statuses (records never move
backwards, duplicates are ignored, a status before the send is recorded is kept — records.py),
account-level errors, inbound activity (the 24-hour window), and `/admin`.

Duplicates: a message whose record says it was sent is never sent again. The one accepted
window is a crash (or a timeout) after WhatsApp accepted a send and before `mark_sent`: the
redelivered message finds state "sending" and is sent again; that case is counted.
"""

from __future__ import annotations

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common.auth import STAFF_KEY, require
from common.clock import Clock
from common.contracts import InboundActivity, StatusEvent, WebhookError
from common.jsonable import jsonable
from common.logging import get_logger
from common.privacy import is_privacy_notice
from prometheus_client import Counter

from sender.dispatcher import SEND_ERRORS, Dispatcher
from sender.records import Records

log = get_logger(__name__)

STATUSES = Counter("sender_statuses_total", "Status webhooks", ["status", "applied"])
WA_ERRORS = Counter("sender_whatsapp_errors_total", "value.errors webhooks", ["code"])
ACTIVITY = Counter("sender_inbound_activity_total", "Inbound activity events (24-hour windows)")


class SenderHandler:
    def __init__(self, records: Records, dispatcher: Dispatcher, clock: Clock) -> None:
        self._records = records
        self._dispatcher = dispatcher
        self._clock = clock
        dispatcher.status_handler = self.status
        dispatcher.error_handler = self.whatsapp_error
        dispatcher.activity_handler = self.activity

    async def status(self, delivery: AbstractIncomingMessage) -> None:
        event = StatusEvent.model_validate_json(delivery.body)
        changed, doc = await self._records.apply_status(
            event.wamid, event.status, event.timestamp, event.errors, self._clock.now(),
            recipient_id=event.recipient_id, recipient_user_id=event.recipient_user_id)
        STATUSES.labels(event.status, "yes" if changed else "no").inc()
        if event.status == "failed":
            codes = [e.get("code") for e in event.errors]
            log.warning("delivery_failed", codes=codes, outbound_id=doc.get("outbound_id"))
            if changed:
                for code in codes or [None]:
                    SEND_ERRORS.labels(str(code)).inc()  # asynchronous errors count with the synchronous
            if changed and 131047 in codes and doc.get("outbound_id"):
                outbound = await self._records.get(doc["outbound_id"])
                if outbound and outbound.get("message") and outbound["message"]["content"].get("type") != "template" \
                        and not is_privacy_notice(outbound.get("correlation_id")):
                    # Meta reports a closed window asynchronously: hold and reopen, as at send time.
                    await self._dispatcher.rehold(outbound)
                    return
        if changed and doc.get("outbound_id"):
            await self._dispatcher.notify_ids(event.status, doc["outbound_id"], doc["origin"],
                                              doc.get("correlation_id"), doc.get("citizen_id"), event.wamid,
                                              event.errors)

    async def whatsapp_error(self, delivery: AbstractIncomingMessage) -> None:
        event = WebhookError.model_validate_json(delivery.body)
        WA_ERRORS.labels(str(event.code)).inc()
        log.warning("whatsapp_account_error", code=event.code, title=event.title)
        await self._records.record_whatsapp_error(
            {"code": event.code, "title": event.title, "details": event.details}, self._clock.now())

    async def activity(self, delivery: AbstractIncomingMessage) -> None:
        event = InboundActivity.model_validate_json(delivery.body)
        ACTIVITY.inc()
        await self._records.note_activity(event.citizen_id, event.at)
        self._dispatcher.on_activity(event.citizen_id)

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/deliveries/failed", self._failed),
                web.get("/admin/sender", self._state),
                web.post("/admin/sender/resume", self._resume)]

    @require("staff", "supervisor")
    async def _failed(self, request: web.Request) -> web.StreamResponse:
        """Failed deliveries (async failures such as 131047, expired holds) and refused sends."""
        limit = min(int(request.query.get("limit", "50")), 500)
        return web.json_response(jsonable({
            "deliveries": await self._records.failed_deliveries(limit),
            "outbound": await self._records.failed_outbound(limit),
        }))

    @require("admin", "supervisor")
    async def _state(self, request: web.Request) -> web.StreamResponse:
        """Whether this replica sends, whether the number is paused and why, budget, rate, parking."""
        snapshot = self._dispatcher.snapshot()
        snapshot["pause"] = await self._records.pause_state()
        return web.json_response(jsonable(snapshot))

    @require("admin", "supervisor")
    async def _resume(self, request: web.Request) -> web.StreamResponse:
        """Resume after a halt code was fixed (token rotated, number registered, block lifted).

        Stored first, so the active replica picks it up even if this request reached a standby."""
        member = request.get(STAFF_KEY)
        by = member.name if member is not None else "staff"
        await self._records.resume(by, self._clock.now())
        if self._dispatcher.active:
            await self._dispatcher.resume()
        return web.json_response(jsonable({"resumed": True, "pause": await self._records.pause_state()}))
