"""Durable per-citizen parking: where a citizen's messages wait while one of them must wait.

When a message to a citizen must wait (retry back-off, pair rate limit, closed 24-hour window,
a paused number), it and every later message to that citizen in the same lane are parked here
and released in order (conventions: "park them per citizen durably"). A lane message is acked
only after it is parked, so parking is as durable as the store; with MongoDB it survives a
crash and a fail-over, the new active sender loads it on taking over.

A key is `<lane>:<citizen id>`; its state (until when, why, consecutive pair-limit hits) lives
with the entries. Entries of a key keep their order by a per-key sequence number.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from common.mongo import Database
from pymongo import ASCENDING, IndexModel

INDEXES = {"parked": [IndexModel([("key", ASCENDING), ("seq", ASCENDING)])]}


def park_key(lane: str, citizen_id: str) -> str:
    return f"{lane}:{citizen_id}"


@dataclass
class ParkState:
    key: str
    lane: str
    citizen_id: str
    until: datetime | None  # None: until something happens (the citizen writes, staff resume)
    reason: str
    pair_hits: int = 0
    since: datetime | None = None


@dataclass
class Entry:
    id: str
    key: str
    seq: float
    body: dict[str, Any]
    parked_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)


class Parking(Protocol):
    async def load(self) -> dict[str, ParkState]: ...
    async def add(self, state: ParkState, body: dict[str, Any], now: datetime) -> None: ...
    async def add_in_order(self, state: ParkState, body: dict[str, Any], now: datetime) -> None:
        """Parks a message that was already sent once (a late 131047) where its creation time puts
        it among the citizen's parked messages, not behind those produced after it."""
        ...
    async def set_state(self, state: ParkState) -> None: ...
    async def head(self, key: str) -> Entry | None: ...
    async def entries(self, key: str) -> list[Entry]: ...
    async def remove(self, entry: Entry) -> bool:
        """Removes the entry; True when the key has no entries left (the citizen is free)."""
        ...


class MemoryParking:
    """The same behaviour in process memory: dev runs and benchmarks (lost on restart)."""

    def __init__(self) -> None:
        self._states: dict[str, ParkState] = {}
        self._entries: dict[str, list[Entry]] = {}
        self._ids = itertools.count(1)

    async def load(self) -> dict[str, ParkState]:
        return {k: v for k, v in self._states.items() if self._entries.get(k)}

    async def add(self, state: ParkState, body: dict[str, Any], now: datetime) -> None:
        entries = self._entries.setdefault(state.key, [])
        seq = entries[-1].seq + 1 if entries else 0
        entries.append(Entry(str(next(self._ids)), state.key, seq, body, now))
        self._states[state.key] = state

    async def add_in_order(self, state: ParkState, body: dict[str, Any], now: datetime) -> None:
        entries = self._entries.setdefault(state.key, [])
        seq = seq_in_order([e.seq for e in entries], [e.body for e in entries], body)
        entries.append(Entry(str(next(self._ids)), state.key, seq, body, now))
        entries.sort(key=lambda e: e.seq)
        self._states[state.key] = state

    async def set_state(self, state: ParkState) -> None:
        self._states[state.key] = state

    async def head(self, key: str) -> Entry | None:
        entries = self._entries.get(key)
        return entries[0] if entries else None

    async def entries(self, key: str) -> list[Entry]:
        return list(self._entries.get(key, []))

    async def remove(self, entry: Entry) -> bool:
        entries = self._entries.get(entry.key, [])
        self._entries[entry.key] = [e for e in entries if e.id != entry.id]
        if not self._entries[entry.key]:
            self._entries.pop(entry.key, None)
            self._states.pop(entry.key, None)
            return True
        return False


class MongoParking:
    """`parked` holds entries; the key's state is repeated on a `_state` document per key."""

    def __init__(self, database: Database) -> None:
        self._col = database["parked"]
        self._states = database["parked_keys"]

    async def load(self) -> dict[str, ParkState]:
        states: dict[str, ParkState] = {}
        for doc in await self._states.find({}).to_list():
            if await self._col.find_one({"key": doc["_id"]}) is None:
                continue
            states[doc["_id"]] = ParkState(key=doc["_id"], lane=doc["lane"], citizen_id=doc["citizen_id"],
                                           until=doc.get("until"), reason=doc["reason"],
                                           pair_hits=doc.get("pair_hits", 0), since=doc.get("since"))
        return states

    async def add(self, state: ParkState, body: dict[str, Any], now: datetime) -> None:
        last = await self._col.find({"key": state.key}).sort("seq", -1).limit(1).to_list()
        seq = last[0]["seq"] + 1 if last else 0
        await self._col.insert_one({"_id": f"{state.key}:{seq}", "key": state.key, "seq": seq, "body": body,
                                    "parked_at": now})
        await self.set_state(state)

    async def add_in_order(self, state: ParkState, body: dict[str, Any], now: datetime) -> None:
        entries = await self.entries(state.key)
        seq = seq_in_order([e.seq for e in entries], [e.body for e in entries], body)
        await self._col.insert_one({"_id": f"{state.key}:{seq}", "key": state.key, "seq": seq, "body": body,
                                    "parked_at": now})
        await self.set_state(state)

    async def set_state(self, state: ParkState) -> None:
        await self._states.update_one({"_id": state.key}, {"$set": {
            "lane": state.lane, "citizen_id": state.citizen_id, "until": state.until, "reason": state.reason,
            "pair_hits": state.pair_hits, "since": state.since}}, upsert=True)

    async def head(self, key: str) -> Entry | None:
        docs = await self._col.find({"key": key}).sort("seq", 1).limit(1).to_list()
        return _entry(docs[0]) if docs else None

    async def entries(self, key: str) -> list[Entry]:
        return [_entry(d) for d in await self._col.find({"key": key}).sort("seq", 1).to_list()]

    async def remove(self, entry: Entry) -> bool:
        await self._col.delete_one({"_id": entry.id})
        if await self._col.find_one({"key": entry.key}) is None:
            await self._states.delete_one({"_id": entry.key})
            return True
        return False


def seq_in_order(seqs: list[float], bodies: list[dict[str, Any]], body: dict[str, Any]) -> float:
    """A sequence number that puts `body` before the first parked message created after it."""
    created = _created(body)
    for i, other in enumerate(bodies):
        if _created(other) > created:
            return seqs[0] - 1 if i == 0 else (seqs[i - 1] + seqs[i]) / 2
    return seqs[-1] + 1 if seqs else 0


def _created(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(body["created_at"]).replace("Z", "+00:00"))


def _entry(doc: dict[str, Any]) -> Entry:
    return Entry(id=str(doc["_id"]), key=doc["key"], seq=float(doc["seq"]), body=doc["body"],
                 parked_at=doc["parked_at"])
