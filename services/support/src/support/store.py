"""Support requests (hand-offs, feedback, help requests, privacy requests, missed messages).

A request's reference is derived from the inbound message that opened it, so a redelivered
message finds its request instead of opening a second one. Photos and files the citizen adds
are kept in the request's `attachments` (media id, MIME type, caption, times; see
`support.attachments`), so they are reported, erased and expire with the request.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from common.contracts import DomainRequest
from common.mongo import Database
from pymongo import DESCENDING, IndexModel

from support.attachments import attachment_entry, media_of

COLLECTION = "requests"
PROMPTS = "prompts"
INDEXES = {
    COLLECTION: [
        IndexModel([("citizen_id", 1), ("status", 1), ("updated_at", DESCENDING)]),
        IndexModel([("kind", 1), ("status", 1), ("created_at", 1)]),
    ],
    PROMPTS: [IndexModel("at", expireAfterSeconds=86400)],
}
# A follow-up joins the citizen's open request if it was active this recently.
FOLLOWUP_WINDOW = timedelta(hours=24)
# After "please write your suggestion", the next message is that suggestion if it comes soon.
PROMPT_WINDOW = timedelta(hours=1)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _message_entry(req: DomainRequest, now: datetime) -> dict[str, Any]:
    msg = req.message
    return {
        "key": hashlib.sha256(msg.wamid.encode()).hexdigest(),
        "type": msg.type,
        "text": msg.text,
        "location": msg.location.model_dump() if msg.location else None,
        "sent_at": msg.timestamp,
        "received_at": now,
        "late": req.late,
    }


class RequestStore:
    def __init__(self, database: Database) -> None:
        self._col = database[COLLECTION]
        self._prompts = database[PROMPTS]

    async def open(self, reference: str, kind: str, req: DomainRequest, now: datetime,
                   details: dict[str, Any]) -> dict[str, Any]:
        """Create the request (idempotent: a redelivery returns the existing one)."""
        existing: dict[str, Any] | None = await self._col.find_one({"_id": reference})
        if existing is not None:
            return existing
        doc: dict[str, Any] = {
            "_id": reference,
            "kind": kind,
            "status": "open",
            "citizen_id": req.citizen.id,
            "wa_id": req.citizen.wa_id,
            "user_id": req.citizen.user_id,
            "profile_name": req.citizen.profile_name,
            "language": req.language,
            "details": details,
            "messages": [_message_entry(req, now)],
            # A request opened by a media message (a photo sent first, or one too old to answer)
            # keeps the media as its first attachment.
            "attachments": [attachment_entry(req, media, now)] if (media := media_of(req.message)) else [],
            "created_at": now,
            "updated_at": now,
        }
        await self._col.insert_one(doc)
        return doc

    async def open_request_of(self, citizen_id: str, now: datetime) -> dict[str, Any] | None:
        cursor = self._col.find({"citizen_id": citizen_id, "status": "open",
                                 "kind": {"$in": ["handoff", "feedback", "help"]},
                                 "updated_at": {"$gte": now - FOLLOWUP_WINDOW}}).sort("updated_at", DESCENDING).limit(1)
        found = await cursor.to_list()
        return found[0] if found else None

    async def add_message(self, reference: str, req: DomainRequest, now: datetime) -> None:
        entry = _message_entry(req, now)
        # The key guard keeps a redelivered follow-up from being added twice.
        await self._col.update_one({"_id": reference, "messages.key": {"$ne": entry["key"]}},
                                   {"$push": {"messages": entry}, "$set": {"updated_at": now}})

    async def attach(self, reference: str, req: DomainRequest, now: datetime) -> bool:
        """Add the media of `req` to the request; False when there is none to add or it is
        already there (a redelivery)."""
        media = media_of(req.message)
        if media is None:
            return False
        entry = attachment_entry(req, media, now)
        result = await self._col.update_one({"_id": reference, "attachments.key": {"$ne": entry["key"]}},
                                            {"$push": {"attachments": entry}, "$set": {"updated_at": now}})
        return bool(result.modified_count)

    async def expect(self, citizen_id: str, kind: str, now: datetime) -> None:
        """Remember that the citizen was asked to write a request of this kind next."""
        await self._prompts.replace_one({"_id": citizen_id}, {"_id": citizen_id, "kind": kind, "at": now}, upsert=True)

    async def expected(self, citizen_id: str, now: datetime) -> str | None:
        doc = await self._prompts.find_one_and_delete({"_id": citizen_id})
        if doc is None or now - _aware(doc["at"]) > PROMPT_WINDOW:
            return None
        return str(doc["kind"])

    async def peek_expected(self, citizen_id: str, now: datetime) -> str | None:
        """Like `expected`, without using the prompt up (a photo that is not the awaited
        request leaves it for the text)."""
        doc = await self._prompts.find_one({"_id": citizen_id})
        if doc is None or now - _aware(doc["at"]) > PROMPT_WINDOW:
            return None
        return str(doc["kind"])

    async def forget_expected(self, citizen_id: str) -> None:
        await self._prompts.delete_one({"_id": citizen_id})

    async def attachments_of(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """The requests matching `query`, with only their attachments (for "my data")."""
        return list(await self._col.find(query, {"attachments": 1}).to_list())

    async def queue_position(self, reference: str) -> int:
        doc = await self._col.find_one({"_id": reference})
        if doc is None:
            return 1
        ahead: int = await self._col.count_documents({"kind": "handoff", "status": "open",
                                                      "created_at": {"$lt": doc["created_at"]}})
        return ahead + 1

    async def list(self, *, kind: str | None, status: str | None, limit: int) -> list[dict[str, Any]]:
        query: dict[str, Any] = {}
        if kind:
            query["kind"] = kind
        if status:
            query["status"] = status
        return list(await self._col.find(query).sort("created_at", DESCENDING).limit(limit).to_list())

    async def get(self, reference: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": reference})
        return doc

    async def close(self, reference: str, by: str, now: datetime) -> bool:
        result = await self._col.update_one({"_id": reference, "status": "open"},
                                            {"$set": {"status": "closed", "closed_by": by, "closed_at": now,
                                                      "updated_at": now}})
        return bool(result.modified_count)
