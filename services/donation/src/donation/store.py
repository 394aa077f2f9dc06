"""Donation content that staff edit without a deploy, kept in the donation database.

The shipped example content is loaded on first start and is marked as an example until
staff replace it through PUT /admin/content.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from common.mongo import Database

from donation.content import DonationContent, load_default_content, validate_content

COLLECTION = "content"


class ContentStore:
    def __init__(self, database: Database, *, refresh_s: float = 30.0) -> None:
        self._col = database[COLLECTION]
        self._refresh_s = refresh_s
        self._cache: DonationContent | None = None
        self._loaded_at = 0.0

    async def seed_if_empty(self) -> bool:
        if await self._col.find_one({"_id": "current"}) is not None:
            return False
        content = load_default_content()
        await self._col.update_one({"_id": "current"},
                                   {"$setOnInsert": {"data": content.model_dump(mode="json"), "by": "shipped example"}},
                                   upsert=True)
        return True

    async def current(self) -> DonationContent:
        if self._cache is None or time.monotonic() - self._loaded_at > self._refresh_s:
            doc = await self._col.find_one({"_id": "current"})
            self._cache = validate_content(doc["data"]) if doc else load_default_content()
            self._loaded_at = time.monotonic()
        return self._cache

    async def replace(self, data: dict[str, Any], *, by: str, now: datetime) -> DonationContent:
        content = validate_content(data)  # raises ContentError with every problem
        previous = await self._col.find_one({"_id": "current"})
        if previous is not None:
            await self._col.insert_one({"_id": f"history:{now.isoformat()}", "data": previous["data"],
                                        "by": previous.get("by"), "replaced_at": now})
        await self._col.replace_one({"_id": "current"}, {"_id": "current", "data": content.model_dump(mode="json"),
                                                         "by": by, "updated_at": now}, upsert=True)
        self._cache = content
        self._loaded_at = time.monotonic()
        return content
