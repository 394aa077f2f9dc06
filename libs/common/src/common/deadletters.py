"""The dead-letter store: every message that could not be handled, with its reason.

A consumer moves what reaches the `dead_letters` queue into a collection; staff list, inspect
and replay entries under `/admin/dead-letters`. Replay puts the message back at the head of
the queue it failed in, with its attempt counter reset.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from prometheus_client import Counter
from pymongo import DESCENDING, IndexModel

from common import topology
from common.auth import STAFF_KEY, require
from common.broker import (
    DL_ID_HEADER,
    ERROR_HEADER,
    FAILED_AT_HEADER,
    REASON_HEADER,
    SOURCE_EXCHANGE_HEADER,
    SOURCE_KEY_HEADER,
    SOURCE_QUEUE_HEADER,
    Publisher,
)
from common.jsonable import jsonable
from common.logging import get_logger
from common.mongo import Database

log = get_logger(__name__)

COLLECTION = "dead_letters"
STORED = Counter("helpline_dead_letters_stored_total", "Dead letters stored", ["reason"])
INDEXES = {
    COLLECTION: [
        IndexModel([("received_at", DESCENDING)]),
        IndexModel([("status", 1), ("reason", 1)]),
        IndexModel("expires_at", expireAfterSeconds=0),
    ]
}
# Raw webhook bodies hold everything a citizen sent: only admins read them, and they expire.
RESTRICTED_REASONS = frozenset({"unparseable_webhook", "unexpected_webhook_shape", "unreadable_webhook_item"})
HIDDEN = "<restricted: admin role required>"


def is_restricted(doc: dict[str, Any]) -> bool:
    return bool(doc.get("restricted")) or doc.get("reason") in RESTRICTED_REASONS


def for_role(doc: dict[str, Any], role: str) -> dict[str, Any]:
    """The entry as `role` may see it. A restricted entry's error text may quote the body it
    belongs to (older gateways stored exception texts that did), so whoever may not read the body
    reads neither the error nor any header copy of it."""
    if role == "admin" or not is_restricted(doc):
        return doc
    doc = dict(doc)
    if "body" in doc:
        doc["body"] = HIDDEN
    error = str(doc.get("error") or "")
    if "error" in doc:
        doc["error"] = HIDDEN
    headers = doc.get("headers")
    if isinstance(headers, dict):
        doc["headers"] = {
            key: HIDDEN if _may_hold_error(key, value, error) else value for key, value in headers.items()
        }
    return doc


def _may_hold_error(key: str, value: Any, error: str) -> bool:
    if key == ERROR_HEADER or "error" in key.lower() or "exception" in key.lower():
        return True
    text = value if isinstance(value, str) else str(value)
    return bool(error) and (error in text or (len(text) >= 16 and text in error))


class DeadLetterStore:
    def __init__(self, database: Database, publisher: Publisher, *, restricted_ttl_s: int = 7 * 86400) -> None:
        self._col = database[COLLECTION]
        self._publisher = publisher
        self._restricted_ttl = timedelta(seconds=restricted_ttl_s)

    async def consume(self, message: AbstractIncomingMessage) -> None:
        """Handler for the `dead_letters` queue. Idempotent on redelivery (keyed by AMQP
        delivery identity where possible, else a fresh id)."""
        headers = dict(message.headers or {})
        reason = str(headers.get(REASON_HEADER) or headers.get("x-first-death-reason") or "unknown")
        queue = str(headers.get(SOURCE_QUEUE_HEADER) or headers.get("x-first-death-queue") or "")
        now = datetime.now(UTC)
        try:
            body: str = message.body.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            body, encoding = base64.b64encode(message.body).decode(), "base64"
        restricted = reason in RESTRICTED_REASONS
        doc: dict[str, Any] = {
            "_id": str(headers.get(DL_ID_HEADER) or uuid.uuid4()),
            "received_at": now,
            "failed_at": str(headers.get(FAILED_AT_HEADER) or now.isoformat()),
            "reason": reason,
            "error": str(headers.get(ERROR_HEADER) or ""),
            "source_queue": queue,
            "source_exchange": str(headers.get(SOURCE_EXCHANGE_HEADER) or message.exchange or ""),
            "routing_key": str(headers.get(SOURCE_KEY_HEADER) or message.routing_key or ""),
            "message_id": message.message_id,
            "content_type": message.content_type,
            "headers": jsonable({k: v for k, v in headers.items() if k != "x-death"}),
            "body": body,
            "body_encoding": encoding,
            "restricted": restricted,
            "status": "open",
            "replays": [],
            "expires_at": now + self._restricted_ttl if restricted else None,
        }
        await self._col.replace_one({"_id": doc["_id"]}, doc, upsert=True)
        STORED.labels(reason).inc()
        log.warning("dead_letter_stored", reason=reason, source_queue=queue, id=doc["_id"])

    async def entries(self, *, status: str | None = None, reason: str | None = None,
                      limit: int = 50) -> list[dict[str, Any]]:
        query: dict[str, Any] = {}
        if status:
            query["status"] = status
        if reason:
            query["reason"] = reason
        cursor = self._col.find(query, {"body": 0}).sort("received_at", DESCENDING).limit(limit)
        return list(await cursor.to_list())

    async def get(self, entry_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": entry_id})
        return doc

    async def replay(self, entry_id: str, *, by: str) -> dict[str, Any]:
        """Republish to the head of the queue the message failed in, attempts reset."""
        doc = await self.get(entry_id)
        if doc is None:
            raise KeyError(entry_id)
        if not doc["source_queue"]:
            raise ValueError("this entry did not fail in a queue and cannot be replayed (inspect it instead)")
        body = base64.b64decode(doc["body"]) if doc["body_encoding"] == "base64" else doc["body"].encode()
        headers = {k: v for k, v in doc["headers"].items() if not k.startswith("x-helpline-")}
        headers[topology.ATTEMPTS_HEADER] = 0
        await self._publisher.publish(topology.REQUEUE, doc["source_queue"], body, headers=headers,
                                      message_id=doc.get("message_id"),
                                      content_type=doc.get("content_type") or "application/json")
        replay = {"at": datetime.now(UTC), "by": by}
        await self._col.update_one({"_id": entry_id}, {"$set": {"status": "replayed"}, "$push": {"replays": replay}})
        log.info("dead_letter_replayed", id=entry_id, source_queue=doc["source_queue"], by=by)
        return {"id": entry_id, "replayed_to": doc["source_queue"]}

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin/dead-letters", self._http_list),
            web.get("/admin/dead-letters/{id}", self._http_get),
            web.post("/admin/dead-letters/{id}/replay", self._http_replay),
        ]

    @require("staff")
    async def _http_list(self, request: web.Request) -> web.StreamResponse:
        limit = min(int(request.query.get("limit", "50")), 500)
        items = await self.entries(status=request.query.get("status"), reason=request.query.get("reason"), limit=limit)
        role = request[STAFF_KEY].role
        return web.json_response({"items": jsonable([for_role(item, role) for item in items])})

    @require("staff")
    async def _http_get(self, request: web.Request) -> web.StreamResponse:
        doc = await self.get(request.match_info["id"])
        if doc is None:
            raise web.HTTPNotFound()
        return web.json_response(jsonable(for_role(doc, request[STAFF_KEY].role)))

    @require("staff")
    async def _http_replay(self, request: web.Request) -> web.StreamResponse:
        try:
            result = await self.replay(request.match_info["id"], by=request[STAFF_KEY].name)
        except KeyError:
            raise web.HTTPNotFound() from None
        except ValueError as exc:
            raise web.HTTPConflict(reason=str(exc)) from None
        return web.json_response(result)
