"""The record of every outbound message and its delivery status.

`outbound` (keyed by the derived outbound id) is what keeps a redelivered message from being
sent twice; `deliveries` (keyed by wamid) takes statuses in any order: a status never moves a
delivery backwards, a duplicate changes nothing, and a status for a wamid whose send is not
recorded yet is kept until it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.contracts import OutboundMessage
from common.mongo import Database
from pymongo import DESCENDING, IndexModel, ReturnDocument

RANK = {"queued": 0, "sending": 0, "sent": 1, "delivered": 2, "read": 3, "played": 3, "failed": 4}
SENT_STATES = frozenset({"sent", "delivered", "read", "played"})

INDEXES = {
    "outbound": [IndexModel("wamid", sparse=True), IndexModel([("state", 1), ("updated_at", DESCENDING)]),
                 IndexModel("citizen_id")],
    "deliveries": [IndexModel("outbound_id", sparse=True), IndexModel([("status", 1), ("updated_at", DESCENDING)])],
    "whatsapp_errors": [IndexModel([("at", DESCENDING)])],
}


class Records:
    def __init__(self, database: Database) -> None:
        self._outbound = database["outbound"]
        self._deliveries = database["deliveries"]
        self._errors = database["whatsapp_errors"]

    async def get(self, outbound_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._outbound.find_one({"_id": outbound_id})
        return doc

    async def begin_attempt(self, message: OutboundMessage, now: datetime) -> dict[str, Any]:
        """Mark the message as being sent (the start of the accepted duplicate window)."""
        doc: dict[str, Any] = await self._outbound.find_one_and_update(
            {"_id": message.id},
            {"$setOnInsert": {"origin": message.origin, "lane": message.lane, "citizen_id": message.citizen.citizen_id,
                              "correlation_id": message.correlation_id, "created_at": message.created_at,
                              "type": message.content.get("type")},
             "$set": {"state": "sending", "updated_at": now},
             "$inc": {"attempts": 1}},
            upsert=True, return_document=ReturnDocument.AFTER)
        return doc

    async def mark_sent(self, message: OutboundMessage, wamid: str, now: datetime) -> dict[str, Any]:
        """Record acceptance; returns the delivery as it stands (statuses may have come first)."""
        await self._outbound.update_one({"_id": message.id},
                                        {"$set": {"state": "sent", "wamid": wamid, "updated_at": now}})
        await self._deliveries.update_one(
            {"_id": wamid},
            {"$setOnInsert": {"status": "sent", "rank": RANK["sent"], "history": [], "created_at": now},
             "$set": {"outbound_id": message.id, "origin": message.origin, "citizen_id": message.citizen.citizen_id,
                      "correlation_id": message.correlation_id}},
            upsert=True)
        delivery: dict[str, Any] = await self._deliveries.find_one({"_id": wamid})
        return delivery

    async def mark_failed(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        await self._outbound.update_one({"_id": message.id},
                                        {"$set": {"state": "failed", "updated_at": now},
                                         "$push": {"errors": {**error, "at": now}}})

    async def note_error(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        await self._outbound.update_one({"_id": message.id}, {"$push": {"errors": {**error, "at": now}}})

    async def apply_status(self, wamid: str, status: str, at: datetime, errors: list[dict[str, Any]],
                           now: datetime) -> tuple[bool, dict[str, Any]]:
        """Apply a status webhook. Returns (changed, delivery); never moves backwards."""
        rank = RANK.get(status, 0)
        await self._deliveries.update_one(
            {"_id": wamid},
            {"$setOnInsert": {"status": "unknown", "rank": -1, "created_at": now, "history": []}},
            upsert=True)
        entry = {"status": status, "at": at}
        await self._deliveries.update_one({"_id": wamid}, {"$addToSet": {"history": entry}})
        result = await self._deliveries.update_one(
            {"_id": wamid, "rank": {"$lt": rank}},
            {"$set": {"status": status, "rank": rank, "updated_at": now, "status_at": at,
                      **({"errors": errors} if errors else {})}})
        delivery: dict[str, Any] = await self._deliveries.find_one({"_id": wamid})
        if result.modified_count and delivery.get("outbound_id"):
            await self._outbound.update_one({"_id": delivery["outbound_id"]},
                                            {"$set": {"state": status, "updated_at": now}})
        return bool(result.modified_count), delivery

    async def record_whatsapp_error(self, error: dict[str, Any], now: datetime) -> None:
        await self._errors.insert_one({**error, "at": now})

    async def failed_deliveries(self, limit: int) -> list[dict[str, Any]]:
        cursor = self._deliveries.find({"status": "failed"}).sort("updated_at", DESCENDING).limit(limit)
        return list(await cursor.to_list())

    async def failed_outbound(self, limit: int) -> list[dict[str, Any]]:
        cursor = self._outbound.find({"state": "failed"}).sort("updated_at", DESCENDING).limit(limit)
        return list(await cursor.to_list())
