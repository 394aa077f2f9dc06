"""The gateway's HTTP behaviour: WhatsApp's verification handshake and webhook POSTs.

A POST is answered 200 only after the broker confirmed every message it produced; while the
broker is unavailable the answer is 503 and WhatsApp delivers the webhook again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from typing import Any

from aiohttp import web
from common import topology
from common.broker import Publisher
from common.clock import Clock
from common.logging import get_logger
from common.settings import Settings
from common.signature import verify
from prometheus_client import Counter

from gateway.dead_letter_errors import dead_letter_error, rejected_item_error
from gateway.redaction import redact_message_dict, redact_text
from gateway.webhook import ParsedWebhook, UnparseableWebhook, parse_webhook

log = get_logger(__name__)

WEBHOOKS = Counter("gateway_webhooks_total", "Webhook POSTs by outcome", ["outcome"])
ITEMS = Counter("gateway_items_total", "Items published from webhooks", ["kind"])
IGNORED_FIELDS = Counter("gateway_ignored_fields_total", "Webhook changes of fields other than messages", ["field"])
WA_ERRORS = Counter("gateway_whatsapp_errors_total", "value.errors reported by WhatsApp", ["code"])

REDACTED = Counter("gateway_redacted_total", "Card numbers and IBANs masked in citizens' text")

PUBLISH_TIMEOUT_S = 10.0


def redact_parsed(parsed: ParsedWebhook) -> int:
    """Mask card numbers and IBANs in the text, captions and file names of everything about to leave
    the gateway (messages and unreadable items alike). Returns how many were masked, each counted once."""
    # One webhook message appears in several places (a rejected item carries its whole batch, valid
    # neighbours included), so each distinct message is redacted and counted once.
    done: dict[str, tuple[dict[str, Any], int]] = {}

    def redact(message: dict[str, Any]) -> dict[str, Any]:
        key = json.dumps(message, sort_keys=True, default=str)
        if key not in done:
            done[key] = redact_message_dict(message)
        return done[key][0]

    text_only = 0
    for msg in parsed.messages:
        raw_message = msg.raw.get("message")
        if msg.text:
            msg.text, n = redact_text(msg.text)
            # The text is a copy of the raw message's body or caption, which is counted there.
            text_only += 0 if isinstance(raw_message, dict) else n
        if msg.location is not None:
            # A location's name and address are typed by the citizen too; like the text, copies of the raw message's.
            for field in ("name", "address"):
                if value := getattr(msg.location, field):
                    masked, n = redact_text(value)
                    setattr(msg.location, field, masked)
                    text_only += 0 if isinstance(raw_message, dict) else n
        if isinstance(raw_message, dict):
            msg.raw["message"] = redact(raw_message)
    for index, (why, item) in enumerate(parsed.rejected):
        item = dict(item)
        if isinstance(item.get("message"), dict):
            item["message"] = redact(item["message"])
        value = item.get("value")
        if isinstance(value, dict) and isinstance(value.get("messages"), list):
            item["value"] = {**value, "messages": [redact(m) if isinstance(m, dict) else m for m in value["messages"]]}
        parsed.rejected[index] = (why, item)
    return text_only + sum(n for _, n in done.values())


class WebhookHandler:
    def __init__(self, settings: Settings, publisher: Publisher, clock: Clock) -> None:
        self._secret = settings.whatsapp_app_secret.get_secret_value()
        self._verify_token = settings.whatsapp_verify_token.get_secret_value()
        self._publisher = publisher
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/webhook", self.handshake), web.post("/webhook", self.receive)]

    async def handshake(self, request: web.Request) -> web.Response:
        mode = request.query.get("hub.mode", "")
        token = request.query.get("hub.verify_token", "")
        challenge = request.query.get("hub.challenge", "")
        if (mode == "subscribe" and self._verify_token
                and hmac.compare_digest(token.encode(), self._verify_token.encode())):
            return web.Response(text=challenge)
        return web.Response(status=403, text="verification failed")

    async def receive(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if not verify(raw, request.headers.get("X-Hub-Signature-256"), self._secret):
            WEBHOOKS.labels("bad_signature").inc()
            log.warning("webhook_bad_signature", bytes=len(raw))
            return web.Response(status=401, text="invalid signature")
        try:
            async with asyncio.timeout(PUBLISH_TIMEOUT_S):
                outcome = await self._publish(raw)
        except Exception as exc:  # broker down, nack, timeout: WhatsApp will retry the POST
            WEBHOOKS.labels("broker_unavailable").inc()
            log.error("webhook_publish_failed", error=f"{type(exc).__name__}: {exc}"[:300])
            return web.Response(status=503, text="temporarily unavailable")
        WEBHOOKS.labels(outcome).inc()
        return web.Response(text="ok")

    async def _publish(self, raw: bytes) -> str:
        try:
            parsed = parse_webhook(raw, self._clock.now())
        except Exception as exc:  # anything a signed body does to the parser is the body's fault
            # Answer 200 and keep it whole: a non-200 would make WhatsApp resend it for a week.
            reason = "unparseable_webhook" if isinstance(exc, UnparseableWebhook) else "unexpected_webhook_shape"
            await self._publisher.dead_letter(raw, reason=reason, error=dead_letter_error(exc),
                                              content_type="application/octet-stream")
            log.warning("webhook_dead_lettered", reason=reason, bytes=len(raw))
            return reason
        # Before anything is published, stored or logged (the raw-body dead letter above is the
        # documented exception: admin-only and expiring).
        masked = redact_parsed(parsed)
        if masked:
            REDACTED.inc(masked)
            log.info("webhook_redacted", count=masked)
        await self._publish_parsed(parsed)
        return "accepted"

    async def _publish_parsed(self, parsed: ParsedWebhook) -> None:
        jobs = [
            self._publisher.publish(topology.INBOUND, m.partition_key, m, message_id=m.wamid)
            for m in parsed.messages
        ]
        jobs += [self._publisher.publish(topology.EVENTS, "status", s, message_id=f"{s.wamid}:{s.status}")
                 for s in parsed.statuses]
        jobs += [self._publisher.publish(topology.EVENTS, "error", e) for e in parsed.errors]
        jobs += [
            self._publisher.dead_letter(json.dumps(item, ensure_ascii=False).encode(), reason="unreadable_webhook_item",
                                        error=rejected_item_error(why))
            for why, item in parsed.rejected
        ]
        # Every publish must be confirmed before the 200; one failure fails the whole POST.
        await asyncio.gather(*jobs)
        ITEMS.labels("message").inc(len(parsed.messages))
        ITEMS.labels("status").inc(len(parsed.statuses))
        ITEMS.labels("error").inc(len(parsed.errors))
        for err in parsed.errors:
            WA_ERRORS.labels(str(err.code)).inc()
            log.warning("whatsapp_reported_error", code=err.code, title=err.title)
        for field in parsed.ignored_fields:
            IGNORED_FIELDS.labels(field).inc()
            log.info("webhook_field_ignored", field=field)
