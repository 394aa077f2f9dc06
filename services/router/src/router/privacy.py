"""The privacy coordinator ("my data", erase) and the router's own part as a data holder.

Why the router: it owns citizen identity (canonical id ↔ phone / user-id aliases), so only it
can tell every service whom to erase, and it already answers the citizen.

Erase, end to end:
1. "verilerimi sil" → a question with two buttons (no erase without a tap on "Yes").
2. "Yes" → a job in `privacy_jobs` (id derived from the tap's wamid, so a redelivered tap makes
   no second job), an "erasing" note to the citizen, and one `req.erase.all` event on the `privacy`
   exchange; it waits in each holder's durable queue (common.privacy.HOLDERS) until handled.
3. Each holder erases, keeps keyed tombstones, and confirms (`done.<service>`). The coordinator
   records each confirmation; when all are in it tells the citizen, writes the pseudonymous
   destruction log (kept 3 years) and removes the citizen's address from the job.
4. The notices of steps 2–3 are addressed under the citizen's pseudonym and correlation id
   `privacy:<job>`; when the sender reports the last one sent, a `req.sweep.sender` event removes
   their outbound/delivery records (their wamids encode the phone number).
5. A watchdog alerts staff (error log + metric + the job marked overdue, listed at
   GET /admin/privacy/jobs) when a holder has not confirmed in `PRIVACY_CONFIRM_TIMEOUT_S`.
"My data" runs the same way with `req.report.all`; the answer lists every holder's categories.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common import replies as outbound_replies
from common import topology, wa_content
from common.auth import require
from common.broker import Publisher
from common.clock import Clock
from common.contracts import Citizen, DeliveryStatus, InboundMessage
from common.deadletters import COLLECTION as DEAD_LETTERS
from common.i18n import Language
from common.jsonable import jsonable
from common.logging import get_logger
from common.mongo import Database
from common.privacy import (
    HOLDERS,
    NOTICE_CORRELATION_PREFIX,
    PrivacyDone,
    PrivacyRequest,
    ServicePrivacy,
    identity_needles,
    is_privacy_notice,
    keyed,
    privacy_key,
    pseudonym,
    text_filter,
)
from common.settings import Settings
from prometheus_client import Counter
from pymongo import DESCENDING, IndexModel

from router import routing
from router.citizens import PROCESSED
from router.texts import CATALOGUE

log = get_logger(__name__)

JOBS: Final = "privacy_jobs"
DESTRUCTION_LOG: Final = "destruction_log"
INDEXES: Final = {
    JOBS: [IndexModel([("status", 1), ("started_at", 1)])],
    DESTRUCTION_LOG: [IndexModel("expires_at", expireAfterSeconds=0), IndexModel("subject")],
}
_KNOWN_KEYS: Final = frozenset(CATALOGUE.keys())
# Bookkeeping of data already listed under another line (the sender's per-citizen parking state
# goes with its parked messages).
_NOT_LISTED: Final = frozenset({"sender.parked_keys"})

JOBS_STARTED = Counter("privacy_jobs_started_total", "Privacy jobs started", ["action"])
JOBS_DONE = Counter("privacy_jobs_completed_total", "Privacy jobs completed", ["action", "complete"])
OVERDUE = Counter("privacy_erase_overdue_total", "Erase jobs a holder did not confirm in time", ["service"])


# ---------------------------------------------------------------------------- pure logic


def missing(expected: Iterable[str], confirmed: Iterable[str]) -> list[str]:
    done = set(confirmed)
    return [s for s in expected if s not in done]


def is_complete(expected: Iterable[str], confirmed: Iterable[str]) -> bool:
    return not missing(expected, confirmed)


def is_overdue(started_at: datetime, now: datetime, timeout: timedelta, *, complete: bool, alerted: bool) -> bool:
    """Alert once per job, only while a holder is still missing."""
    return not complete and not alerted and now - started_at >= timeout


def job_id_for(key: bytes, cause_wamid: str, action: str) -> str:
    """Derived from the message that started it: a redelivery finds the same job."""
    return "pj_" + keyed(key, f"job:{action}:{cause_wamid}")[:32]


def erase_asked_recently(asked_at: datetime | None, now: datetime, ttl: timedelta) -> bool:
    return asked_at is not None and now - asked_at <= ttl


def summary_text(reports: Mapping[str, Mapping[str, int]], lang: Language, *, partial: bool) -> str:
    """A readable "my data" answer from each holder's {collection: count}."""
    lines: list[str] = []
    for service in HOLDERS:
        for collection, count in sorted((reports.get(service) or {}).items()):
            if count <= 0 or f"{service}.{collection}" in _NOT_LISTED:
                continue
            key = "data.consents" if collection == "consents" else f"data.{service}.{collection}"
            label = CATALOGUE.get(key if key in _KNOWN_KEYS else "data.other", lang)
            lines.append(CATALOGUE.get("my_data_line", lang, label=label, count=count))
    parts = [CATALOGUE.get("my_data_header", lang), *lines] if lines else [CATALOGUE.get("my_data_nothing", lang)]
    if partial:
        parts.append(CATALOGUE.get("my_data_partial", lang))
    parts.append(CATALOGUE.get("my_data_footer", lang))
    return "\n".join([parts[0], *parts[1:-1], "", parts[-1]]) if len(parts) > 1 else parts[0]


def erase_question(lang: Language) -> dict[str, Any]:
    return wa_content.buttons(CATALOGUE.get("erase_ask", lang), [
        (routing.PRIVACY_ERASE_YES, CATALOGUE.get("erase_yes", lang)),
        (routing.PRIVACY_ERASE_NO, CATALOGUE.get("erase_no", lang)),
    ])


@dataclass(frozen=True)
class Address:
    """Where the coordinator's notices go; kept in the job only until it completes."""

    to: str | None
    recipient: str | None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------- the coordinator


class Coordinator:
    def __init__(self, database: Database, publisher: Publisher, clock: Clock, settings: Settings,
                 key: bytes) -> None:
        self._jobs = database[JOBS]
        self._log = database[DESTRUCTION_LOG]
        self._publisher = publisher
        self._clock = clock
        self._key = key
        self._timeout = timedelta(seconds=settings.privacy_confirm_timeout_s)
        # "My data" answers partially rather than keep the citizen waiting for a service that is down.
        self._report_timeout = timedelta(seconds=settings.privacy_report_timeout_s)
        self._log_ttl = timedelta(seconds=settings.privacy_destruction_log_s)
        self._interval = settings.privacy_watchdog_interval_s
        self._task: asyncio.Task[None] | None = None

    # -- starting

    async def start(self, action: str, record: Mapping[str, Any], citizen: Citizen, language: Language,
                    msg: InboundMessage, wamid_keys: Sequence[str]) -> str:
        now = self._clock.now()
        job_id = job_id_for(self._key, msg.wamid, action)
        existing = await self._jobs.find_one({"_id": job_id})
        if existing is None:
            await self._jobs.insert_one({
                "_id": job_id, "action": action, "status": "running", "citizen_id": record["_id"],
                "to": citizen.wa_id, "recipient": None if citizen.wa_id else citizen.user_id,
                "language": language, "expected": list(HOLDERS), "confirmed": [], "reports": {},
                "started_at": now, "alerted_at": None,
            })
            JOBS_STARTED.labels(action).inc()
        if action == "erase":
            # Told before the erase starts, under the pseudonym, so the sweep removes its record.
            await self._notify(job_id, Address(citizen.wa_id, None if citizen.wa_id else citizen.user_id),
                               record["_id"], language, "erase_started", step="started")
        request = PrivacyRequest(request_id=job_id, action=action,  # type: ignore[arg-type]
                                 citizen_id=record["_id"], wa_ids=list(record.get("wa_ids") or []),
                                 user_ids=list(record.get("user_ids") or []), wamid_keys=list(wamid_keys),
                                 requested_at=now)
        await self._publisher.publish(topology.PRIVACY, f"req.{action}.all", request, message_id=f"{job_id}:{action}")
        log.info("privacy_job_started", action=action, job=job_id)
        return job_id

    # -- confirmations

    async def on_done(self, delivery: AbstractIncomingMessage) -> None:
        done = PrivacyDone.model_validate_json(delivery.body)
        job = await self._jobs.find_one_and_update(
            {"_id": done.request_id},
            {"$addToSet": {"confirmed": done.service},
             "$set": {f"reports.{done.service}": done.items, f"confirmed_at.{done.service}": done.at}},
            return_document=True)
        if job is None:
            log.info("privacy_confirmation_without_job", service=done.service)
            return
        if job["status"] == "running" and is_complete(job["expected"], job["confirmed"]):
            await self._finish(job, partial=False)

    async def _finish(self, job: Mapping[str, Any], *, partial: bool) -> None:
        """Idempotent: notices have derived ids (the sender drops repeats), the log is upserted."""
        now = self._clock.now()
        address = Address(job.get("to"), job.get("recipient"))
        language: Language = job.get("language") or "tr"
        if job["action"] == "report":
            if address.to or address.recipient:
                citizen = Citizen(id=job["citizen_id"], wa_id=address.to, user_id=address.recipient)
                text = summary_text(job.get("reports") or {}, language, partial=partial)
                messages = outbound_replies.outbound(origin="router", citizen=citizen, contents=[wa_content.text(text)],
                                                     cause=job["_id"], step="my_data", language=language,
                                                     clock=self._clock)
                await outbound_replies.send(self._publisher, messages)
        else:
            if address.to or address.recipient:
                await self._notify(job["_id"], address, job.get("citizen_id") or "", language, "erase_done",
                                   step="done")
            await self._log.update_one({"_id": job["_id"]}, {"$set": {
                "subject": pseudonym(self._key, job["citizen_id"]) if job.get("citizen_id") else job.get("subject"),
                "requested_at": job["started_at"], "completed_at": now, "confirmed": sorted(job["confirmed"]),
                "confirmed_at": job.get("confirmed_at") or {}, "expires_at": now + self._log_ttl}}, upsert=True)
        # The job keeps nothing personal once answered: no id, no address, no report.
        await self._jobs.update_one({"_id": job["_id"]}, {
            "$set": {"status": "done", "completed_at": now, "partial": partial,
                     **({"subject": pseudonym(self._key, job["citizen_id"])} if job.get("citizen_id") else {})},
            "$unset": {"citizen_id": "", "to": "", "recipient": "", "reports": ""}})
        JOBS_DONE.labels(job["action"], "no" if partial else "yes").inc()
        log.info("privacy_job_completed", action=job["action"], job=job["_id"], partial=partial)

    async def _notify(self, job_id: str, address: Address, citizen_id: str, language: Language, key: str, *,
                      step: str) -> None:
        citizen = Citizen(id=pseudonym(self._key, citizen_id) if citizen_id else "p_unknown", wa_id=address.to,
                          user_id=address.recipient)
        messages = outbound_replies.outbound(origin="router", citizen=citizen,
                                             contents=[wa_content.text(CATALOGUE.get(key, language))],
                                             cause=job_id, step=step, language=language, clock=self._clock,
                                             correlation_id=NOTICE_CORRELATION_PREFIX + job_id)
        await outbound_replies.send(self._publisher, messages)

    # -- the sender's records of our own notices

    async def on_delivery(self, delivery: AbstractIncomingMessage) -> None:
        status = DeliveryStatus.model_validate_json(delivery.body)
        correlation = status.correlation_id or ""
        if not is_privacy_notice(correlation) or status.status not in ("sent", "failed"):
            return
        job = await self._jobs.find_one({"_id": correlation.removeprefix(NOTICE_CORRELATION_PREFIX)})
        if job is None or job.get("action") != "erase" or job.get("status") != "done":
            return  # the "done" notice is the last one; sweep after it
        sweep = PrivacyRequest(request_id=job["_id"], action="sweep", correlation_id=correlation,
                               requested_at=self._clock.now())
        await self._publisher.publish(topology.PRIVACY, "req.sweep.sender", sweep,
                                      message_id=f"{job['_id']}:sweep:{status.outbound_id}")

    # -- watchdog

    async def check_overdue(self) -> int:
        now = self._clock.now()
        alerted = 0
        cursor = self._jobs.find({"status": "running", "alerted_at": None,
                                  "started_at": {"$lte": now - min(self._timeout, self._report_timeout)}})
        for job in await cursor.to_list():
            waiting = missing(job["expected"], job["confirmed"])
            timeout = self._report_timeout if job["action"] == "report" else self._timeout
            if not is_overdue(_aware(job["started_at"]), now, timeout, complete=not waiting, alerted=False):
                continue
            if job["action"] == "report":
                # A "my data" answer should not wait for a service that is down: answer partially.
                await self._finish(job, partial=True)
                continue
            result = await self._jobs.update_one({"_id": job["_id"], "alerted_at": None},
                                                 {"$set": {"alerted_at": now, "overdue": waiting}})
            if result.modified_count:
                alerted += 1
                for service in waiting:
                    OVERDUE.labels(service).inc()
                # Staff-visible: error log (alerting), metric, and the job listed as overdue.
                log.error("privacy_erase_overdue", job=job["_id"], waiting=waiting,
                          age_s=int((now - _aware(job["started_at"])).total_seconds()))
        return alerted

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.check_overdue()
            except Exception:
                log.exception("privacy_watchdog_failed")

    async def start_watchdog(self) -> None:
        self._task = asyncio.create_task(self._watch())

    async def stop_watchdog(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/privacy/jobs", self._http_jobs),
                web.get("/admin/privacy/destruction-log", self._http_log)]

    @require("staff", "supervisor")
    async def _http_jobs(self, request: web.Request) -> web.StreamResponse:
        query: dict[str, Any] = {"overdue": {"$exists": True}} if request.query.get("overdue") else {}
        if request.query.get("status"):
            query["status"] = request.query["status"]
        items = await self._jobs.find(query, {"citizen_id": 0, "to": 0, "recipient": 0, "reports": 0}).sort(
            "started_at", DESCENDING).limit(200).to_list()
        return web.json_response({"items": jsonable(items)})

    @require("admin")
    async def _http_log(self, request: web.Request) -> web.StreamResponse:
        items = await self._log.find({}).sort("completed_at", DESCENDING).limit(500).to_list()
        return web.json_response({"items": jsonable(items)})


# ---------------------------------------------------------------------------- the router as a holder


def router_holder(database: Database, publisher: Publisher, clock: Clock, settings: Settings) -> ServicePrivacy:
    """Citizen records (generic erase by id and aliases), plus: the processed-message keys of the
    citizen's recent wamids, dead-letter entries whose body names one of their ids, and
    "my data" jobs of theirs still waiting."""
    key = privacy_key(settings)

    async def extra_erase(request: PrivacyRequest, now: datetime) -> dict[str, int]:
        # A "my data" job still waiting for a holder keeps the citizen's id, address and the
        # reports so far (privacy_jobs is outside the generic erase): close it without answering.
        reports = await database[JOBS].update_many(
            {"citizen_id": request.citizen_id, "action": "report", "status": "running"},
            {"$set": {"status": "cancelled", "completed_at": now, "subject": pseudonym(key, request.citizen_id)},
             "$unset": {"citizen_id": "", "to": "", "recipient": "", "reports": ""}}) if request.citizen_id else None
        record = await database["citizens"].find_one({"_id": request.citizen_id}) or {}
        keys = list(record.get("processed_keys") or [])
        processed = await database[PROCESSED].delete_many({"_id": {"$in": keys}}) if keys else None
        query = await dead_letter_query(database, request)
        dead = await database[DEAD_LETTERS].delete_many(query) if query else None
        return {PROCESSED: processed.deleted_count if processed else 0,
                DEAD_LETTERS: dead.deleted_count if dead else 0,
                JOBS: reports.modified_count if reports else 0}

    async def extra_report(request: PrivacyRequest, now: datetime) -> dict[str, int]:
        query = await dead_letter_query(database, request)
        count: int = await database[DEAD_LETTERS].count_documents(query) if query else 0
        return {DEAD_LETTERS: count} if count else {}

    return ServicePrivacy("router", database, publisher, clock, settings, extra_erase=extra_erase,
                          extra_report=extra_report)


async def dead_letter_query(database: Database, request: PrivacyRequest) -> dict[str, Any] | None:
    """Dead letters whose body names one of the citizen's ids. Bodies that were not UTF-8 are
    stored base64, where a text search cannot see: those (few) are decoded here."""
    text = text_filter(request, "body")
    if text is None:
        return None
    needles = [n.encode() for n in identity_needles(request)]
    binary = []
    for doc in await database[DEAD_LETTERS].find({"body_encoding": "base64"}, {"body": 1}).to_list():
        with contextlib.suppress(ValueError, TypeError):
            raw = base64.b64decode(doc.get("body") or "")
            if any(n in raw for n in needles):
                binary.append(doc["_id"])
    return {"$or": [text, {"_id": {"$in": binary}}]} if binary else text


def processed_key_tombstone(key: bytes, processed_key: str) -> str:
    """Tombstone of a wamid, from the (unkeyed) processed-message key the router keeps."""
    return keyed(key, "wamid:" + processed_key)


def wamid_processed_key(wamid: str) -> str:
    return hashlib.sha256(wamid.encode()).hexdigest()
