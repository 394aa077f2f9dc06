"""The sender's part in privacy (issue 4), kept apart from the sender's own modules.

The sender's own engineer owns handler.py/records.py; this module coordinates through the data
only: it never calls into them, it works on the sender's database and queues.

- Erase: the generic holder deletes every document that names the citizen in any collection
  (`outbound` and `deliveries` by `citizen_id`; parked or held messages by `citizen.citizen_id`
  or `citizen.to`; per-citizen state keyed by the phone). Before that, the wamids of the
  citizen's deliveries are kept as keyed tombstones: a status webhook for one of them arriving
  later would otherwise recreate a delivery record keyed by the wamid (which encodes the phone).
- A message of an erased citizen is not sent: the dispatcher asks `attach`'s check right
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

from datetime import datetime, timedelta
from typing import Any

from common import privacy, topology
from common.clock import Clock
from common.mongo import Database
from common.privacy import PrivacyRequest, Tombstones, citizen_filter, privacy_key, wamid_tombstone_key
from common.retention import Rule
from common.settings import Settings

from sender.dispatcher import Dispatcher

OUTBOUND = "outbound"
DELIVERIES = "deliveries"


def rules(settings: Settings) -> list[Rule]:
    period = timedelta(seconds=settings.retention_delivery_records_s)
    return [
        Rule(OUTBOUND, "created_at", period, kind="delivery records"),
        Rule(DELIVERIES, "created_at", period, kind="delivery records"),
        Rule("whatsapp_errors", "at", period, kind="account errors"),
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


def attach(dispatcher: Dispatcher, database: Database, settings: Settings, clock: Clock) -> None:
    """The dispatcher's send-time erasure check (see the module docstring)."""
    tombstones = Tombstones(database, privacy_key(settings), timedelta(seconds=settings.privacy_tombstone_s))

    async def forget_wamid(wamid: str) -> None:
        await tombstones.add([wamid_tombstone_key(tombstones.key, wamid)], "wamid", clock.now())

    dispatcher.erased = tombstones.citizen_erased
    dispatcher.forget_wamid = forget_wamid


def install(runtime: object, settings: Settings, clock: Clock) -> None:
    privacy.install(runtime, "sender", settings, clock, rules=rules, steps=steps, guard_queues={
        topology.SENDER_STATUS_QUEUE: "status",
        topology.SENDER_ACTIVITY_QUEUE: "activity",
    })
