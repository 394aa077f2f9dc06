"""One conversation record per canonical citizen, found by any of their aliases.

The canonical id is ours; WhatsApp gives aliases: the phone-based `wa_id` and the
business-scoped `user_id`. A message carrying both links them; `user_changed_number` moves
the phone alias. Storage stays within what MongoDB and the double both support.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from common.contracts import Citizen, InboundMessage
from common.mongo import Database
from pymongo import IndexModel, ReturnDocument

COLLECTION = "citizens"
PROCESSED = "processed_messages"
INDEXES = {
    COLLECTION: [IndexModel("wa_ids"), IndexModel("user_ids"), IndexModel("last_inbound_at")],
    # WhatsApp redelivers for up to 7 days; keep the dedupe keys a little longer.
    PROCESSED: [IndexModel("at", expireAfterSeconds=8 * 86400)],
}


def wamid_key(wamid: str) -> str:
    # wamids encode phone numbers: the dedupe table keeps only a hash.
    return hashlib.sha256(wamid.encode()).hexdigest()


class CitizenStore:
    def __init__(self, database: Database) -> None:
        self._col = database[COLLECTION]
        self._processed = database[PROCESSED]

    async def already_handled(self, wamid: str) -> bool:
        return await self._processed.find_one({"_id": wamid_key(wamid)}) is not None

    async def mark_handled(self, wamid: str, now: datetime) -> None:
        await self._processed.update_one({"_id": wamid_key(wamid)}, {"$setOnInsert": {"at": now}}, upsert=True)

    async def resolve(self, msg: InboundMessage, now: datetime) -> dict[str, Any]:
        """The citizen's record, created on first contact; aliases linked when both appear."""
        clauses: list[dict[str, Any]] = []
        if msg.wa_id:
            clauses.append({"wa_ids": msg.wa_id})
        if msg.user_id:
            clauses.append({"user_ids": msg.user_id})
        if not clauses:
            raise ValueError("message carries neither wa_id nor user_id")
        add: dict[str, Any] = {}
        if msg.wa_id:
            add["wa_ids"] = msg.wa_id
        if msg.user_id:
            add["user_ids"] = msg.user_id
        found: dict[str, Any] | None = await self._col.find_one_and_update(
            {"$or": clauses},
            {"$addToSet": add, "$set": {"updated_at": now, **({"profile_name": msg.profile_name}
                                                               if msg.profile_name else {})}},
            return_document=ReturnDocument.AFTER)
        if found is not None:
            return found
        doc: dict[str, Any] = {
            "_id": "c_" + uuid.uuid4().hex,
            "wa_ids": [msg.wa_id] if msg.wa_id else [],
            "user_ids": [msg.user_id] if msg.user_id else [],
            "profile_name": msg.profile_name,
            "language": None,
            "language_explicit": False,
            "active_domain": None,
            "active_at": None,
            "menu_shown_at": None,
            "last_inbound_at": None,
            "created_at": now,
            "updated_at": now,
        }
        await self._col.insert_one(doc)
        return doc

    async def remember_message(self, citizen_id: str, wamid: str, *, keep: int = 100) -> None:
        """The processed-message keys of the citizen's recent messages: an erase turns them into
        keyed tombstones, so a WhatsApp redelivery after the erase is recognised."""
        await self._col.update_one({"_id": citizen_id},
                                   {"$push": {"processed_keys": {"$each": [wamid_key(wamid)], "$slice": -keep}}})

    async def update(self, citizen_id: str, changes: dict[str, Any]) -> None:
        await self._col.update_one({"_id": citizen_id}, {"$set": changes})

    async def note_inbound(self, citizen_id: str, at: datetime) -> None:
        """Latest inbound time, never moved backwards by a late (replayed) message."""
        await self._col.update_one({"_id": citizen_id, "$or": [{"last_inbound_at": None},
                                                               {"last_inbound_at": {"$lt": at}}]},
                                   {"$set": {"last_inbound_at": at}})

    async def change_number(self, old_wa_id: str, new_wa_id: str, now: datetime) -> bool:
        """Move the phone alias. Two single-document steps: a crash between them leaves both
        numbers linked, which the redelivered system message then completes."""
        result = await self._col.update_one({"wa_ids": old_wa_id},
                                            {"$addToSet": {"wa_ids": new_wa_id}, "$set": {"updated_at": now}})
        if not result.matched_count:
            return False
        await self._col.update_one({"wa_ids": new_wa_id}, {"$pull": {"wa_ids": old_wa_id}})
        return True

    async def get(self, citizen_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": citizen_id})
        return doc


def as_citizen(record: dict[str, Any], msg: InboundMessage) -> Citizen:
    """Address the citizen the way this message came: its wa_id, else the user id."""
    wa_id = msg.wa_id or (record["wa_ids"][-1] if record.get("wa_ids") else None)
    user_id = msg.user_id or (record["user_ids"][-1] if record.get("user_ids") else None)
    return Citizen(id=record["_id"], wa_id=wa_id, user_id=user_id, profile_name=record.get("profile_name"))
