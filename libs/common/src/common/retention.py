"""Retention: each service deletes what it keeps past its documented period (docs/privacy.md).

A rule is (collection, date field, period, extra filter). The job runs inside the owning service
every `RETENTION_INTERVAL_S` (and once at start-up), so it needs no scheduler, and it uses only
`delete_many` with a date comparison: MongoDB and the in-memory double behave alike. MongoDB TTL
indexes remain where they exist, but the double has no TTL monitor, so the job is what enforces
the periods everywhere. Several replicas running it at once is harmless (deletes are idempotent).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Counter

from common.clock import Clock
from common.logging import get_logger
from common.mongo import Database
from common.settings import Settings

log = get_logger(__name__)

PURGED = Counter("helpline_retention_purged_total", "Documents deleted by the retention job", ["collection"])


@dataclass(frozen=True)
class Rule:
    collection: str
    field: str  # the date that starts the period
    period: timedelta
    where: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # e.g. only closed requests
    kind: str = ""  # the documented kind of data, for logs and docs


def cutoff_filter(rule: Rule, now: datetime) -> dict[str, Any]:
    """Documents of the rule whose date is older than the period (pure)."""
    return {**rule.where, rule.field: {"$lt": now - rule.period}}


async def apply(database: Database, rules: Iterable[Rule], now: datetime) -> dict[str, int]:
    purged: dict[str, int] = {}
    for rule in rules:
        result = await database[rule.collection].delete_many(cutoff_filter(rule, now))
        count = int(result.deleted_count)
        if count:
            PURGED.labels(rule.collection).inc(count)
            purged[f"{rule.collection}:{rule.kind}"] = purged.get(f"{rule.collection}:{rule.kind}", 0) + count
    if purged:
        log.info("retention_purged", purged=purged)
    return purged


def schedule(runtime: Any, rules: list[Rule], settings: Settings, clock: Clock) -> None:
    """Run the rules now and every `retention_interval_s` while the runtime runs.

    Call from an `on_start` hook (the database exists only then)."""
    task: asyncio.Task[None] | None = None

    async def loop() -> None:
        while True:
            try:
                await apply(runtime.db, rules, clock.now())
            except Exception:
                log.exception("retention_failed")
            await asyncio.sleep(settings.retention_interval_s)

    async def stop() -> None:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    task = asyncio.create_task(loop())
    runtime.on_stop(stop)


def common_rules(settings: Settings) -> list[Rule]:
    """What every service that uses `common.privacy` keeps: tombstones and consent history are
    bounded by their own expiry fields."""
    return [Rule("privacy_tombstones", "expires_at", timedelta(0), kind="erase tombstones")]
