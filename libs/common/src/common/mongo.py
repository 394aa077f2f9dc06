"""MongoDB on PyMongo's async API, or the in-memory double in explicit dev mode.

Storage code stays inside what both support: no geo queries, sessions, transactions or change
streams. Each service owns one database and declares its indexes here at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient, IndexModel

from common.logging import get_logger
from common.settings import Settings

log = get_logger(__name__)

Document = dict[str, Any]


class ConfigError(RuntimeError):
    """A setting is missing or contradictory; the service refuses to start."""


@dataclass
class Database:
    """The service's database handle plus what kind of server is behind it."""

    client: Any
    db: Any
    kind: str  # "mongodb" or "double"
    name: str
    _closed: bool = field(default=False)

    def __getitem__(self, collection: str) -> Any:
        return self.db[collection]

    async def ping(self) -> bool:
        if self.kind == "double":
            return True
        try:
            await self.db.command("ping")
        except Exception:
            return False
        return True

    async def close(self) -> None:
        if not self._closed and self.kind == "mongodb":
            await self.client.close()
        self._closed = True


def open_database(settings: Settings, service: str | None = None) -> Database:
    name = settings.database_name(service)
    if settings.mongodb_url is not None and settings.mongodb_url.get_secret_value():
        client: Any = AsyncMongoClient(settings.mongodb_url.get_secret_value(), tz_aware=True,
                                       serverSelectionTimeoutMS=5000)
        return Database(client=client, db=client[name], kind="mongodb", name=name)
    if not settings.dev_mode:
        raise ConfigError(
            "MONGODB_URL is not set. Set it to a MongoDB server, or set DEV_MODE=1 to run on the "
            "in-memory double (data is lost on restart; never for production).")
    from pymongo_async_mock import AsyncMongoMockClient

    log.warning("mongodb_double_in_use", database=name,
                note="DEV_MODE: in-memory MongoDB double, data is lost on restart")
    client = AsyncMongoMockClient(tz_aware=True)
    return Database(client=client, db=client[name], kind="double", name=name)


async def ensure_indexes(database: Database, indexes: Mapping[str, Sequence[IndexModel]]) -> None:
    for collection, models in indexes.items():
        if models:
            await database[collection].create_indexes(list(models))
