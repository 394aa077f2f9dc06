"""The record of every outbound message and its delivery status.

`outbound` (keyed by the derived outbound id) is what keeps a redelivered message from being
sent twice; `deliveries` (keyed by wamid) takes statuses in any order: a status never moves a
delivery backwards, a duplicate changes nothing, and a status for a wamid whose send is not
recorded yet is kept until it is.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from common.contracts import OutboundMessage
from common.mongo import Database
from pymongo import DESCENDING, IndexModel, ReturnDocument

RANK = {"queued": 0, "sending": 0, "waiting": 0, "sent": 1, "delivered": 2, "read": 3, "played": 3, "failed": 4}
SENT_STATES = frozenset({"sent", "delivered", "read", "played"})


# "The citizen last wrote long ago": what a window known to be closed looks like.
WINDOW_CLOSED = datetime(1970, 1, 1, tzinfo=UTC)


def record_fields(message: OutboundMessage) -> dict[str, Any]:
    """What an outbound record holds about its message, whichever step creates it."""
    return {"origin": message.origin, "lane": message.lane, "citizen_id": message.citizen.citizen_id,
            "correlation_id": message.correlation_id, "created_at": message.created_at,
            "type": message.content.get("type"),
            # Kept so that a later 131047 failed status can hold and resend it.
            "message": message.model_dump(mode="json", by_alias=True)}


def _ids(recipient_id: str | None, recipient_user_id: str | None) -> dict[str, str]:
    return {k: v for k, v in (("recipient_id", recipient_id), ("recipient_user_id", recipient_user_id)) if v}


def state_after(error: dict[str, Any]) -> str:
    """An error with an HTTP answer is definite; without one the request may still have arrived."""
    return "waiting" if error.get("http_status") is not None else "sending"

INDEXES = {
    "outbound": [IndexModel("wamid", sparse=True), IndexModel([("state", 1), ("updated_at", DESCENDING)]),
                 IndexModel("citizen_id")],
    "deliveries": [IndexModel("outbound_id", sparse=True), IndexModel([("status", 1), ("updated_at", DESCENDING)])],
    "whatsapp_errors": [IndexModel([("at", DESCENDING)])],
    "windows": [],
    "control": [],
}


class Records:
    def __init__(self, database: Database) -> None:
        self._outbound = database["outbound"]
        self._deliveries = database["deliveries"]
        self._errors = database["whatsapp_errors"]
        self._windows = database["windows"]
        self._control = database["control"]

    async def get(self, outbound_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._outbound.find_one({"_id": outbound_id})
        return doc

    async def begin_attempt(self, message: OutboundMessage, now: datetime) -> dict[str, Any]:
        """Mark the message as being sent (the start of the accepted duplicate window)."""
        doc: dict[str, Any] = await self._outbound.find_one_and_update(
            {"_id": message.id},
            {"$setOnInsert": record_fields(message),
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
        if delivery.get("rank", 0) > RANK["sent"]:
            # Statuses came before the send call returned: the record shows the latest.
            await self._outbound.update_one({"_id": message.id}, {"$set": {"state": delivery["status"]}})
        return delivery

    async def forget(self, outbound_id: str, wamid: str | None) -> None:
        """Remove one message's records (its citizen was erased while it was being sent)."""
        await self._outbound.delete_one({"_id": outbound_id})
        if wamid:
            await self._deliveries.delete_one({"_id": wamid})

    async def mark_failed(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        # Upsert: a message can fail without any attempt (held for its window until it expired).
        await self._outbound.update_one({"_id": message.id},
                                        {"$setOnInsert": {**record_fields(message), "attempts": 0},
                                         "$set": {"state": "failed", "updated_at": now},
                                         "$push": {"errors": {**error, "at": now}}}, upsert=True)

    async def mark_waiting(self, message: OutboundMessage, state: str, now: datetime) -> None:
        """A message that waits before any attempt ("held" for its window, "parked" behind an
        earlier one of its citizen) has a record too; an existing one keeps its state's history."""
        await self._outbound.update_one({"_id": message.id},
                                        {"$setOnInsert": {**record_fields(message), "attempts": 0, "state": state,
                                                          "updated_at": now}}, upsert=True)

    async def note_error(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        """The message waits (parked or held) after an error. "waiting" says the last attempt is
        known not to have been accepted; after an error without an answer (timeout) it may have
        been, so the record stays "sending" and the next attempt counts as an uncertain resend."""
        await self._outbound.update_one({"_id": message.id}, {"$set": {"state": state_after(error), "updated_at": now},
                                                              "$push": {"errors": {**error, "at": now}}})

    async def apply_status(self, wamid: str, status: str, at: datetime, errors: list[dict[str, Any]],
                           now: datetime, recipient_id: str | None = None, recipient_user_id: str | None = None,
                           ) -> tuple[bool, dict[str, Any]]:
        """Apply a status webhook. Returns (changed, delivery); never moves backwards.
        The status's recipient ids tie a record the send never completed (a
        timeout after acceptance) to the citizen, so an erase finds it by their number."""
        rank = RANK.get(status, 0)
        await self._deliveries.update_one(
            {"_id": wamid},
            {"$setOnInsert": {"status": "unknown", "rank": -1, "created_at": now, "history": []},
             **({"$set": ids} if (ids := _ids(recipient_id, recipient_user_id)) else {})},
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

    async def note_activity(self, citizen_id: str, at: datetime) -> None:
        """The citizen wrote at `at` (their window runs from the latest such time)."""
        await self._windows.update_one({"_id": citizen_id}, {"$max": {"last_inbound_at": at, "updated_at": at}},
                                       upsert=True)

    async def last_inbound(self, citizen_id: str) -> datetime | None:
        doc = await self._windows.find_one({"_id": citizen_id})
        return doc.get("last_inbound_at") if doc else None

    async def close_window(self, citizen_id: str, before: datetime) -> None:
        """WhatsApp said the window is closed (131047): unless the citizen wrote since `before`,
        the window is known closed (not unknown, which would let the next free-form message go
        blindly) until they write again (`note_activity` raises it with `$max`)."""
        await self._windows.update_one({"_id": citizen_id}, {"$setOnInsert": {"last_inbound_at": WINDOW_CLOSED},
                                                             "$max": {"updated_at": before}}, upsert=True)
        await self._windows.update_one({"_id": citizen_id, "last_inbound_at": {"$lt": before}},
                                       {"$set": {"last_inbound_at": WINDOW_CLOSED}})

    async def pause(self, reason: str, code: int | None, now: datetime) -> None:
        await self._control.update_one({"_id": "pause"}, {"$set": {"paused": True, "reason": reason, "code": code,
                                                                   "at": now}}, upsert=True)

    async def resume(self, by: str, now: datetime) -> None:
        await self._control.update_one({"_id": "pause"}, {"$set": {"paused": False, "resumed_by": by,
                                                                   "resumed_at": now}}, upsert=True)

    async def pause_state(self) -> dict[str, Any]:
        doc: dict[str, Any] | None = await self._control.find_one({"_id": "pause"}, {"_id": 0})
        return doc or {"paused": False}


class MemoryRecords(Records):
    """The same records in plain dicts: dev runs and benchmarks (lost on restart, O(1) lookups)."""

    def __init__(self) -> None:
        self._out: dict[str, dict[str, Any]] = {}
        self._del: dict[str, dict[str, Any]] = {}
        self._win: dict[str, datetime] = {}
        self._ctl: dict[str, Any] = {"paused": False}
        self._errs: list[dict[str, Any]] = []

    async def get(self, outbound_id: str) -> dict[str, Any] | None:
        return self._out.get(outbound_id)

    async def begin_attempt(self, message: OutboundMessage, now: datetime) -> dict[str, Any]:
        doc = self._out.setdefault(message.id, {"_id": message.id, **record_fields(message), "attempts": 0})
        doc.update(state="sending", updated_at=now)
        doc["attempts"] += 1
        return doc

    async def mark_sent(self, message: OutboundMessage, wamid: str, now: datetime) -> dict[str, Any]:
        self._out[message.id].update(state="sent", wamid=wamid, updated_at=now)
        delivery = self._del.setdefault(wamid, {"_id": wamid, "status": "sent", "rank": RANK["sent"], "history": [],
                                                "created_at": now})
        delivery.update(outbound_id=message.id, origin=message.origin, citizen_id=message.citizen.citizen_id,
                        correlation_id=message.correlation_id)
        if delivery["rank"] > RANK["sent"]:
            self._out[message.id]["state"] = delivery["status"]
        return delivery

    async def mark_failed(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        doc = self._out.setdefault(message.id, {"_id": message.id, **record_fields(message), "attempts": 0})
        doc.update(state="failed", updated_at=now)
        doc.setdefault("errors", []).append({**error, "at": now})

    async def forget(self, outbound_id: str, wamid: str | None) -> None:
        self._out.pop(outbound_id, None)
        if wamid:
            self._del.pop(wamid, None)

    async def mark_waiting(self, message: OutboundMessage, state: str, now: datetime) -> None:
        self._out.setdefault(message.id, {"_id": message.id, **record_fields(message), "attempts": 0,
                                          "state": state, "updated_at": now})

    async def note_error(self, message: OutboundMessage, error: dict[str, Any], now: datetime) -> None:
        self._out[message.id].update(state=state_after(error), updated_at=now)
        self._out[message.id].setdefault("errors", []).append({**error, "at": now})

    async def apply_status(self, wamid: str, status: str, at: datetime, errors: list[dict[str, Any]],
                           now: datetime, recipient_id: str | None = None, recipient_user_id: str | None = None,
                           ) -> tuple[bool, dict[str, Any]]:
        rank = RANK.get(status, 0)
        delivery = self._del.setdefault(wamid, {"_id": wamid, "status": "unknown", "rank": -1, "created_at": now,
                                                "history": []})
        delivery.update(_ids(recipient_id, recipient_user_id))
        entry = {"status": status, "at": at}
        if entry not in delivery["history"]:
            delivery["history"].append(entry)
        if delivery["rank"] >= rank:
            return False, copy.copy(delivery)
        delivery.update(status=status, rank=rank, updated_at=now, status_at=at)
        if errors:
            delivery["errors"] = errors
        if delivery.get("outbound_id") in self._out:
            self._out[delivery["outbound_id"]].update(state=status, updated_at=now)
        return True, copy.copy(delivery)

    async def record_whatsapp_error(self, error: dict[str, Any], now: datetime) -> None:
        self._errs.append({**error, "at": now})

    async def failed_deliveries(self, limit: int) -> list[dict[str, Any]]:
        return [d for d in self._del.values() if d["status"] == "failed"][-limit:]

    async def failed_outbound(self, limit: int) -> list[dict[str, Any]]:
        return [d for d in self._out.values() if d.get("state") == "failed"][-limit:]

    async def note_activity(self, citizen_id: str, at: datetime) -> None:
        if citizen_id not in self._win or self._win[citizen_id] < at:
            self._win[citizen_id] = at

    async def last_inbound(self, citizen_id: str) -> datetime | None:
        return self._win.get(citizen_id)

    async def close_window(self, citizen_id: str, before: datetime) -> None:
        if citizen_id not in self._win or self._win[citizen_id] < before:
            self._win[citizen_id] = WINDOW_CLOSED

    async def pause(self, reason: str, code: int | None, now: datetime) -> None:
        self._ctl = {"paused": True, "reason": reason, "code": code, "at": now}

    async def resume(self, by: str, now: datetime) -> None:
        self._ctl = {**self._ctl, "paused": False, "resumed_by": by, "resumed_at": now}

    async def pause_state(self) -> dict[str, Any]:
        return dict(self._ctl)
