"""The sender's part in privacy (issue 4), kept apart from the sender's own modules.

The sender's own engineer owns handler.py/records.py; this module coordinates through the data
only: it never calls into them, it works on the sender's database and queues.

- Erase: the generic holder deletes every document that names the citizen in any collection
  (`outbound` and `deliveries` by `citizen_id`; parked or held messages by `citizen.citizen_id`
  or `citizen.to`; per-citizen state keyed by the phone). Before that, the wamids of the
  citizen's deliveries are kept as keyed tombstones: a status webhook for one of them arriving
  later would otherwise recreate a delivery record keyed by the wamid (which encodes the phone).
- A message of an erased citizen is not sent: the dispatcher asks `ErasedCitizens` right
  before each send (not on arrival: a message may wait buffered, parked or behind the budget
  while the erase runs), and again after a send that raced the erase, whose fresh records are
  then removed and whose wamid is kept only as a tombstone. Statuses of erased wamids and
  inbound activity of an erased citizen (it would recreate the 24-hour window record) are
  dropped by guards in front of their queues.
- Sweep: the coordinator's own notices to an erased citizen carry a `privacy:<job>` correlation
  id; once the last one was sent, their records are removed too.
- Retention: outbound and delivery records for `RETENTION_DELIVERY_RECORDS_S`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from common import privacy, topology
from common.broker import Handler
from common.clock import Clock
from common.mongo import Database
from common.privacy import (
    TOMBSTONES,
    PrivacyRequest,
    Tombstones,
    citizen_filter,
    identity_keys,
    keyed,
    privacy_key,
    wamid_tombstone_key,
)
from common.retention import Rule
from common.settings import Settings
from pydantic import ValidationError

from sender.dispatcher import Dispatcher

OUTBOUND = "outbound"
DELIVERIES = "deliveries"


def rules(settings: Settings) -> list[Rule]:
    period = timedelta(seconds=settings.retention_delivery_records_s)
    return [
        Rule(OUTBOUND, "created_at", period, kind="delivery records"),
        Rule(DELIVERIES, "created_at", period, kind="delivery records"),
        Rule("whatsapp_errors", "at", period, kind="account errors"),
        # A window record matters for 24 hours; its date moves with every inbound message.
        Rule("windows", "updated_at", period, kind="24-hour window records"),
        # Parked messages wait hours at most (hold TTL, back-off); one older than the period
        # belongs to a pause nobody resolved: it goes rather than keep the citizen's number.
        Rule("parked", "parked_at", period, kind="parked messages"),
    ]


async def _wamids(database: Database, query: dict[str, Any]) -> list[str]:
    wamids = {str(d["_id"]) for d in await database[DELIVERIES].find(query, {"_id": 1}).to_list()}
    wamids |= {str(d["wamid"]) for d in await database[OUTBOUND].find(query, {"wamid": 1}).to_list()
               if d.get("wamid")}
    return sorted(wamids)


def steps(database: Database, tombstones: Tombstones) -> privacy.Steps:
    async def erase(request: PrivacyRequest, now: datetime) -> dict[str, int]:
        query = citizen_filter(request)
        if query is None:
            return {}
        wamids = await _wamids(database, query)
        await tombstones.add([wamid_tombstone_key(tombstones.key, w) for w in wamids], "wamid", now)
        return {}

    async def sweep(request: PrivacyRequest, now: datetime) -> dict[str, int]:
        if not request.correlation_id:
            return {}
        query = {"correlation_id": request.correlation_id}
        wamids = await _wamids(database, query)
        await tombstones.add([wamid_tombstone_key(tombstones.key, w) for w in wamids], "wamid", now)
        outbound = await database[OUTBOUND].delete_many(query)
        deliveries = await database[DELIVERIES].delete_many(query)
        return {OUTBOUND: int(outbound.deleted_count), DELIVERIES: int(deliveries.deleted_count)}

    return {"erase": erase, "sweep": sweep}


class ErasedCitizens:
    """Which citizens were erased, as the active sender sees it: checked before every send
    without a database read (at 1,000 sends/s a lookup per send is the largest single cost).

    Exact because one process both sends and erases: the active sender alone consumes
    `privacy.sender` (the dispatcher's side consumers), notes an erase here before the erase
    itself runs, and loads every citizen tombstone when it becomes active, before its first send,
    so erasures handled by an earlier active replica are known too.
    """

    def __init__(self, database: Database, settings: Settings, clock: Clock) -> None:
        self._database = database
        self._tombstones = Tombstones(database, privacy_key(settings), timedelta(seconds=settings.privacy_tombstone_s))
        self._clock = clock
        self._keys: set[str] = set()
        # The keyed hash of a citizen id, computed once per citizen rather than per send.
        self._key_of = functools.lru_cache(maxsize=65_536)(
            lambda citizen_id: keyed(self._tombstones.key, "citizen:" + citizen_id))

    async def load(self) -> None:
        docs = await self._database[TOMBSTONES].find({"kind": "citizen"}, {"_id": 1}).to_list()
        self._keys = {str(d["_id"]) for d in docs}

    async def erased(self, citizen_id: str) -> bool:
        return self._key_of(citizen_id) in self._keys

    async def forget_wamid(self, wamid: str) -> None:
        await self._tombstones.add([wamid_tombstone_key(self._tombstones.key, wamid)], "wamid", self._clock.now())

    def watching(self, handle: Handler) -> Handler:
        """The privacy handler, noting an erase before it runs."""
        async def on_privacy(delivery: AbstractIncomingMessage) -> None:
            try:
                request = PrivacyRequest.model_validate_json(delivery.body)
            except ValidationError:
                await handle(delivery)  # raises the same error: dead-lettered with its reason
                return
            if request.action == "erase":
                self._keys.update(identity_keys(self._tombstones.key, request))
            await handle(delivery)
        return on_privacy


def install(runtime: Any, settings: Settings, clock: Clock, dispatcher: Callable[[], Dispatcher]) -> None:
    """`dispatcher` returns the service's dispatcher (it exists once the runtime has started)."""
    def consume(handle: Handler) -> None:
        active = dispatcher()
        erased = ErasedCitizens(runtime.db, settings, clock)
        active.erased = erased.erased
        active.forget_wamid = erased.forget_wamid
        active.on_activate = erased.load
        active.privacy_handler = erased.watching(handle)

    privacy.install(runtime, "sender", settings, clock, rules=rules, steps=steps, consume=consume, guard_queues={
        topology.SENDER_STATUS_QUEUE: "status",
        topology.SENDER_ACTIVITY_QUEUE: "activity",
    })
