"""Privacy (KVKK) building blocks shared by every service: who holds citizen data, the erase /
report contracts, keyed hashing, tombstones and the generic erase/report of a service database.

`HOLDERS` is THE declaration of which services hold citizen data: the topology declares one
`privacy.<service>` queue for each, and the coordinator (router/privacy.py) waits for each one's
confirmation. A new service that stores anything about a citizen adds itself here and
registers a `ServicePrivacy` (usually the generic one) in its `__main__`; see docs/privacy.md.

Design notes (why):
- Each service erases its own database; nobody reaches into another service's data. The erase
  event waits in the service's durable quorum queue, so a service that is down catches up when
  it starts again; the coordinator only watches the confirmations.
- The generic erase matches documents by the fields services use for a citizen (canonical id,
  phone `wa_id`/`to`, business-scoped `user_id`/`recipient`, nested under `citizen.` too) in
  EVERY collection of the service database, so records added later by another engineer (e.g.
  the sender's parked messages) are covered as long as they carry one of those fields.
- What stays is keyed (HMAC-SHA256 with `PRIVACY_HMAC_KEY`): a plain hash of a phone number can
  be reversed by trying every number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from aio_pika.abc import AbstractIncomingMessage
from pydantic import Field
from pymongo import IndexModel

from common import topology
from common.broker import Handler, Publisher
from common.clock import Clock
from common.contracts import Contract, DomainRequest, InboundActivity, StatusEvent
from common.logging import get_logger
from common.mongo import ConfigError, Database
from common.settings import Settings

log = get_logger(__name__)

# ---------------------------------------------------------------------------- the declaration

HOLDERS: Final[tuple[str, ...]] = ("router", "support", "sender", "blood", "volunteer", "donation")

PrivacyAction = Literal["erase", "report", "sweep", "withdraw"]
# The correlation id of the coordinator's own notices to a citizen (e.g. "your data was erased"):
# they are addressed under a pseudonym and swept once sent, so they must never wait anywhere.
NOTICE_CORRELATION_PREFIX: Final = "privacy:"


def is_privacy_notice(correlation_id: str | None) -> bool:
    return bool(correlation_id and correlation_id.startswith(NOTICE_CORRELATION_PREFIX))
GuardKind = Literal["domain", "status", "activity"]

# Collections a service keeps *about* erasures; the generic erase never touches them.
TOMBSTONES: Final = "privacy_tombstones"
PRIVACY_OWN: Final = frozenset({TOMBSTONES, "privacy_jobs", "destruction_log"})
INDEXES: Final = {TOMBSTONES: [IndexModel("expires_at", expireAfterSeconds=0)]}

# Fields by which services refer to a citizen. Kept in one place so that the generic erase, the
# report and the retention job agree.
# `body.citizen.*`: an outbound message stored whole (e.g. the sender's parked messages).
# `message.citizen.*`: the sender's outbound record keeps the message whole.
CITIZEN_ID_FIELDS: Final = ("citizen_id", "citizen.id", "citizen.citizen_id", "body.citizen.citizen_id",
                            "message.citizen.citizen_id", "subject_id")
PHONE_FIELDS: Final = ("wa_id", "wa_ids", "to", "citizen.wa_id", "citizen.to", "body.citizen.to", "message.wa_id",
                       "message.citizen.to", "recipient_id")
USER_ID_FIELDS: Final = ("user_id", "user_ids", "recipient", "citizen.user_id", "citizen.recipient",
                         "body.citizen.recipient", "message.user_id", "message.citizen.recipient",
                         "recipient_user_id")


class PrivacyRequest(Contract):
    """Coordinator → every data-holding service (exchange `privacy`, key `req.<action>.all`)."""

    schema_: Literal["privacy.request.v1"] = Field("privacy.request.v1", alias="schema")
    request_id: str
    action: PrivacyAction
    citizen_id: str = ""
    wa_ids: list[str] = Field(default_factory=list)
    user_ids: list[str] = Field(default_factory=list)
    # Keyed hashes of the citizen's recent inbound wamids (the router knows them).
    wamid_keys: list[str] = Field(default_factory=list)
    # "sweep": erase only what carries this correlation id (the coordinator's own notices).
    correlation_id: str | None = None
    purpose: str | None = None  # "withdraw": one purpose, or None for all
    requested_at: datetime


class PrivacyDone(Contract):
    """Service → coordinator (key `done.<service>`): erased, or here is what I hold."""

    schema_: Literal["privacy.done.v1"] = Field("privacy.done.v1", alias="schema")
    request_id: str
    service: str
    action: PrivacyAction
    # Report: category → count (the router turns these into a readable summary).
    items: dict[str, int] = Field(default_factory=dict)
    erased: int = 0
    at: datetime


# ---------------------------------------------------------------------------- keyed hashing


def privacy_key(settings: Settings) -> bytes:
    """The HMAC key. Required outside dev mode: an unkeyed hash of a phone number is no
    pseudonym (there are only ~10^12 numbers to try)."""
    value = settings.privacy_hmac_key.get_secret_value()
    if value:
        return value.encode()
    if settings.dev_mode:
        return b"dev-mode-privacy-key-not-secret"
    raise ConfigError("PRIVACY_HMAC_KEY is not set: the destruction log and erase tombstones need a secret key "
                      "(or set DEV_MODE=1 for local runs).")


def keyed(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def pseudonym(key: bytes, citizen_id: str) -> str:
    """How the destruction log and the coordinator's own notices name an erased citizen."""
    return "p_" + keyed(key, "citizen:" + citizen_id)[:32]


def identity_keys(key: bytes, request: PrivacyRequest) -> list[str]:
    """Keyed hashes of every id of the citizen (canonical id, phones, user ids)."""
    values = [f"citizen:{request.citizen_id}"] if request.citizen_id else []
    values += [f"wa:{v}" for v in request.wa_ids] + [f"user:{v}" for v in request.user_ids]
    return [keyed(key, v) for v in values]


def wamid_tombstone_key(key: bytes, wamid: str) -> str:
    return keyed(key, "wamid:" + wamid)


# ---------------------------------------------------------------------------- matching


def citizen_filter(request: PrivacyRequest) -> dict[str, Any] | None:
    """A filter for every document that refers to the citizen by one of the known fields."""
    clauses: list[dict[str, Any]] = []
    if request.citizen_id:
        clauses += [{f: request.citizen_id} for f in CITIZEN_ID_FIELDS]
        clauses.append({"_id": request.citizen_id})
    # Also as `_id`: a record keyed by the phone or user id (e.g. a per-citizen window or parking).
    for wa_id in request.wa_ids:
        clauses += [{f: wa_id} for f in (*PHONE_FIELDS, "_id")]
    for user_id in request.user_ids:
        clauses += [{f: user_id} for f in (*USER_ID_FIELDS, "_id")]
    return {"$or": clauses} if clauses else None


def identity_needles(request: PrivacyRequest) -> list[str]:
    """The citizen's ids as they appear in free text: canonical id, phone numbers, user ids."""
    return [v for v in (request.citizen_id, *request.wa_ids, *request.user_ids) if v]


def text_filter(request: PrivacyRequest, field: str) -> dict[str, Any] | None:
    """Documents whose free-text `field` mentions one of the citizen's ids (dead-letter bodies)."""
    needles = identity_needles(request)
    if not needles:
        return None
    return {field: {"$regex": "|".join(re.escape(n) for n in needles)}}


# ---------------------------------------------------------------------------- tombstones


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Tombstones:
    """Keyed hashes of what was erased, kept `ttl` (WhatsApp's 7-day redelivery window + 1 day),
    so that a delayed or redelivered message neither recreates the citizen nor is answered."""

    def __init__(self, database: Database, key: bytes, ttl: timedelta) -> None:
        self._col = database[TOMBSTONES]
        self._key = key
        self._ttl = ttl

    @property
    def key(self) -> bytes:
        return self._key

    async def add(self, keys: Iterable[str], kind: str, now: datetime) -> None:
        for k in keys:
            await self._col.update_one({"_id": k}, {"$set": {"kind": kind, "erased_at": now,
                                                            "expires_at": now + self._ttl}}, upsert=True)

    async def erased_at(self, keys: Iterable[str]) -> datetime | None:
        wanted = list(keys)
        if not wanted:
            return None
        doc = await self._col.find_one({"_id": {"$in": wanted}})
        return _aware(doc["erased_at"]) if doc else None

    async def citizen_erased(self, citizen_id: str) -> bool:
        return await self.erased_at([keyed(self._key, "citizen:" + citizen_id)]) is not None

    async def wamid_erased(self, wamid: str) -> bool:
        return await self.erased_at([wamid_tombstone_key(self._key, wamid)]) is not None


# ---------------------------------------------------------------------------- generic service side

ExtraStep = Callable[[PrivacyRequest, datetime], Awaitable[dict[str, int]]]


async def collections_of(database: Database) -> list[str]:
    names: list[str] = await database.db.list_collection_names()
    return sorted(n for n in names if n not in PRIVACY_OWN and not n.startswith("system."))


async def report_matching(database: Database, request: PrivacyRequest) -> dict[str, int]:
    query = citizen_filter(request)
    if query is None:
        return {}
    counts: dict[str, int] = {}
    for name in await collections_of(database):
        n: int = await database[name].count_documents(query)
        if n:
            counts[name] = n
    return counts


async def erase_matching(database: Database, request: PrivacyRequest) -> int:
    query = citizen_filter(request)
    if query is None:
        return 0
    erased = 0
    for name in await collections_of(database):
        result = await database[name].delete_many(query)
        erased += int(result.deleted_count)
    return erased


class ServicePrivacy:
    """A service's handler of `privacy.<service>`: erase or report what it holds, confirm.

    The default erases by the citizen fields in every collection; a service adds its own steps
    (e.g. the router's dead-letter bodies) with `extra_erase` / `extra_report`. Erasing twice is
    harmless, so a redelivered event is simply handled again and confirmed again.
    """

    def __init__(self, service: str, database: Database, publisher: Publisher, clock: Clock, settings: Settings,
                 *, extra_erase: ExtraStep | None = None, extra_report: ExtraStep | None = None,
                 sweep: ExtraStep | None = None) -> None:
        self.service = service
        self._db = database
        self._publisher = publisher
        self._clock = clock
        self.tombstones = Tombstones(database, privacy_key(settings), timedelta(seconds=settings.privacy_tombstone_s))
        self._extra_erase = extra_erase
        self._extra_report = extra_report
        self._sweep = sweep

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        request = PrivacyRequest.model_validate_json(delivery.body)
        now = self._clock.now()
        items: dict[str, int] = {}
        erased = 0
        if request.action == "erase":
            # Tombstones first: from here on a delayed message of this citizen is dropped, even
            # if the erase below is interrupted and redelivered.
            await self.tombstones.add(identity_keys(self.tombstones.key, request), "citizen", now)
            await self.tombstones.add(request.wamid_keys, "wamid", now)
            if self._extra_erase is not None:
                erased += sum((await self._extra_erase(request, now)).values())
            erased += await erase_matching(self._db, request)
            log.info("privacy_erased", service=self.service, request_id=request.request_id, erased=erased)
        elif request.action == "report":
            items = await report_matching(self._db, request)
            if self._extra_report is not None:
                items.update(await self._extra_report(request, now))
        elif request.action == "sweep":
            if self._sweep is not None:
                erased = sum((await self._sweep(request, now)).values())
            return  # sweeps are fire-and-forget: nothing waits for them
        elif request.action == "withdraw":
            from common.consent import ConsentStore

            erased = await ConsentStore(self._db, self.tombstones.key).withdraw_all(
                request.citizen_id, now, purpose=request.purpose)
        done = PrivacyDone(request_id=request.request_id, service=self.service, action=request.action,
                           items=items, erased=erased, at=now)
        await self._publisher.publish(topology.PRIVACY, f"done.{self.service}", done,
                                      message_id=f"{request.request_id}:{self.service}")

    # -- guards: drop what arrives late for an erased citizen (see Runtime.add_guard)

    async def domain_guard(self, delivery: AbstractIncomingMessage) -> bool:
        """A domain request of an erased citizen (e.g. back from a retry queue) is dropped:
        canonical ids are never reused, so a citizen who writes again is a new id."""
        try:
            request = DomainRequest.model_validate_json(delivery.body)
        except ValueError:
            return True  # let the handler reject it with its usual reason
        if await self.tombstones.citizen_erased(request.citizen.id):
            log.info("privacy_dropped_erased_citizen_request", service=self.service)
            return False
        return True

    async def status_guard(self, delivery: AbstractIncomingMessage) -> bool:
        """A delivery status for a wamid that was erased would recreate a record keyed by it."""
        try:
            event = StatusEvent.model_validate_json(delivery.body)
        except ValueError:
            return True
        if await self.tombstones.wamid_erased(event.wamid):
            log.info("privacy_dropped_erased_status", service=self.service, status=event.status)
            return False
        return True

    async def activity_guard(self, delivery: AbstractIncomingMessage) -> bool:
        """Inbound activity of an erased citizen (late, or redelivered) would recreate state."""
        try:
            event = InboundActivity.model_validate_json(delivery.body)
        except ValueError:
            return True
        if await self.tombstones.citizen_erased(event.citizen_id):
            log.info("privacy_dropped_erased_citizen_activity", service=self.service)
            return False
        return True

    def guard(self, kind: GuardKind) -> Callable[[AbstractIncomingMessage], Awaitable[bool]]:
        return {"domain": self.domain_guard, "status": self.status_guard, "activity": self.activity_guard}[kind]


def register(runtime: Any, privacy: ServicePrivacy, *, guard_queues: Mapping[str, GuardKind] | None = None,
             consume: Callable[[Handler], None] | None = None) -> None:
    """Consume the service's privacy queue (or hand its handler to `consume`, for a service that
    consumes it by its own means); put guards (queue → kind) in front of the queues through
    which a late message of an erased citizen could arrive."""
    if consume is not None:
        consume(privacy.handle)
    else:
        runtime.consume(topology.privacy_queue(privacy.service), privacy.handle)
    for queue, kind in (guard_queues or {}).items():
        runtime.add_guard(queue, privacy.guard(kind))


Steps = dict[str, ExtraStep]


def install(runtime: Any, service: str, settings: Settings, clock: Clock, *,
            guard_queues: Mapping[str, GuardKind] | None = None,
            rules: Callable[[Settings], list[Any]] | None = None,
            steps: Callable[[Database, Tombstones], Steps] | None = None,
            consume: Callable[[Handler], None] | None = None) -> None:
    """Everything a data-holding service needs, in one call from its `build`: the privacy queue
    consumer, guards, the tombstone index and the retention job. `steps(db, tombstones)` may
    return "erase" / "report" / "sweep" extra steps; `consume` takes the privacy handler instead
    of a Runtime consumer (see `register`)."""
    from common import retention

    runtime.add_indexes(INDEXES)

    async def hook() -> None:
        # Raises ConfigError (the service refuses to start) when the key is missing outside dev mode.
        extra = steps(runtime.db, Tombstones(runtime.db, privacy_key(settings),
                                             timedelta(seconds=settings.privacy_tombstone_s))) if steps else {}
        holder = ServicePrivacy(service, runtime.db, runtime.publisher, clock, settings,
                                extra_erase=extra.get("erase"), extra_report=extra.get("report"),
                                sweep=extra.get("sweep"))
        register(runtime, holder, guard_queues=guard_queues, consume=consume)
        retention.schedule(runtime, [*(rules(settings) if rules else []), *retention.common_rules(settings)],
                           settings, clock)

    runtime.on_start(hook)
