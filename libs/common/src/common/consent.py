"""Explicit consent (açık rıza) records, per purpose, in the database of the service that needs it.

KVKK (docs/domain.md §5): consent is specific (one purpose each, asked with its own button),
informed (we keep the exact text version shown), provable (time and the message that gave it —
the wamid only as a keyed hash, since wamids encode the phone number), and withdrawing it is as
easy as giving it: one call, effective at once (today: "stop" on a blood-need alert records an
opt-out of `blood_alerts`; a "withdraw" privacy request withdraws every consent a service holds).
A service checks `has_consent` before each processing step of that purpose, so a withdrawal
stops it.

Plain functions decide; `ConsentStore` stores (MongoDB and the double alike: single-document
updates only). Every service keeps its own records; erase removes them like any other data.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Literal

from common.mongo import Database

COLLECTION: Final = "consents"
# Purposes known today; a service adds its own here so that the "my data" summary can name it.
PURPOSES: Final = ("volunteer_registration", "health_precheck", "blood_alerts", "callouts")
Status = Literal["given", "withdrawn"]


def consent_id(citizen_id: str, purpose: str) -> str:
    return f"{citizen_id}:{purpose}"


def is_given(record: Mapping[str, Any] | None, *, current_version: str | None = None) -> bool:
    """Consent holds when the last act was "given" and, if the text changed materially since
    (a new `current_version`), it was given to that version."""
    if not record or record.get("status") != "given":
        return False
    return current_version is None or record.get("text_version") == current_version


def event(status: Status, text_version: str | None, message_key: str | None, at: datetime,
          channel: str) -> dict[str, Any]:
    return {"status": status, "text_version": text_version, "message_key": message_key, "at": at,
            "channel": channel}


class ConsentStore:
    def __init__(self, database: Database, key: bytes) -> None:
        self._col = database[COLLECTION]
        self._key = key

    def _message_key(self, wamid: str | None) -> str | None:
        return hmac.new(self._key, f"wamid:{wamid}".encode(), hashlib.sha256).hexdigest() if wamid else None

    async def give(self, citizen_id: str, purpose: str, *, text_version: str, wamid: str | None, now: datetime,
                   channel: str = "whatsapp") -> None:
        entry = event("given", text_version, self._message_key(wamid), now, channel)
        await self._col.update_one(
            {"_id": consent_id(citizen_id, purpose)},
            {"$set": {"citizen_id": citizen_id, "purpose": purpose, "status": "given", "text_version": text_version,
                      "given_at": now, "message_key": entry["message_key"], "updated_at": now},
             "$push": {"history": entry}},
            upsert=True)

    async def withdraw(self, citizen_id: str, purpose: str, *, wamid: str | None, now: datetime,
                       channel: str = "whatsapp") -> bool:
        """True when a given consent was withdrawn (False: there was none to withdraw)."""
        entry = event("withdrawn", None, self._message_key(wamid), now, channel)
        result = await self._col.update_one(
            {"_id": consent_id(citizen_id, purpose), "status": "given"},
            {"$set": {"status": "withdrawn", "withdrawn_at": now, "updated_at": now}, "$push": {"history": entry}})
        return bool(result.modified_count)

    async def opt_out(self, citizen_id: str, purpose: str, *, wamid: str | None, now: datetime,
                      channel: str = "whatsapp") -> None:
        """The citizen said stop (e.g. "no more alerts"): recorded as withdrawn whether or not a
        consent was on record here, so the refusal is provable and `has_consent` stays false."""
        entry = event("withdrawn", None, self._message_key(wamid), now, channel)
        await self._col.update_one(
            {"_id": consent_id(citizen_id, purpose)},
            {"$set": {"citizen_id": citizen_id, "purpose": purpose, "status": "withdrawn", "withdrawn_at": now,
                      "updated_at": now},
             "$push": {"history": entry}},
            upsert=True)

    async def withdraw_all(self, citizen_id: str, now: datetime, *, purpose: str | None = None) -> int:
        records = await self.of_citizen(citizen_id)
        count = 0
        for record in records:
            if purpose in (None, record["purpose"]) and await self.withdraw(citizen_id, record["purpose"],
                                                                           wamid=None, now=now):
                count += 1
        return count

    async def get(self, citizen_id: str, purpose: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._col.find_one({"_id": consent_id(citizen_id, purpose)})
        return doc

    async def has_consent(self, citizen_id: str, purpose: str, *, current_version: str | None = None) -> bool:
        return is_given(await self.get(citizen_id, purpose), current_version=current_version)

    async def of_citizen(self, citizen_id: str) -> Sequence[dict[str, Any]]:
        return list(await self._col.find({"citizen_id": citizen_id}).to_list())
