"""Donation points in the blood service's own database.

The list is small (hundreds of points), so nearest-point search runs in Python over a cached
copy rather than with geo queries, which the MongoDB double does not have. Each replica
reloads the list when its cache is older than `refresh_s`, so an import reaches all replicas.
"""

from __future__ import annotations

import time
from datetime import datetime

from common.mongo import Database
from pymongo import IndexModel

from blood.points import DonationPoint, load_points

COLLECTION = "donation_points"
INDEXES = {COLLECTION: [IndexModel("province_plate")]}


class PointStore:
    def __init__(self, database: Database, *, refresh_s: float = 60.0) -> None:
        self._col = database[COLLECTION]
        self._meta = database["meta"]
        self._refresh_s = refresh_s
        self._cache: list[DonationPoint] = []
        self._loaded_at = 0.0

    async def seed_if_empty(self) -> int:
        """First start on an empty database: load the shipped sample list (marked as samples)."""
        if await self._col.count_documents({}, limit=1):
            return 0
        points = load_points()
        await self.replace_all(points, source="shipped sample list", now=None)
        return len(points)

    async def replace_all(self, points: list[DonationPoint], *, source: str, now: datetime | None) -> None:
        """Swap the whole list: insert the new version, then drop the old one, so a reader
        never sees an empty list (no transactions: the double has none)."""
        version = int(time.time() * 1000)
        docs = [{"_id": f"{version}:{p.id}", "version": version, **p.model_dump()} for p in points]
        if docs:
            await self._col.insert_many(docs)
        await self._meta.update_one({"_id": "points"}, {"$set": {"version": version, "source": source,
                                                                  "count": len(docs), "imported_at": now}},
                                    upsert=True)
        await self._col.delete_many({"version": {"$ne": version}})
        self._loaded_at = 0.0

    async def all(self) -> list[DonationPoint]:
        if time.monotonic() - self._loaded_at > self._refresh_s or not self._cache:
            meta = await self._meta.find_one({"_id": "points"})
            query = {"version": meta["version"]} if meta else {}
            docs = await self._col.find(query, {"_id": 0, "version": 0}).to_list()
            self._cache = [DonationPoint.model_validate(d) for d in docs]
            self._loaded_at = time.monotonic()
        return self._cache

    async def info(self) -> dict[str, object]:
        meta = await self._meta.find_one({"_id": "points"}) or {}
        return {k: v for k, v in meta.items() if k != "_id"}
