"""Support's part in privacy: requests (with the citizen's messages — the chat transcripts — and
the attachments: media ids, MIME types, captions) and pending prompts are erased and reported by
the generic holder (they carry `citizen_id`, `wa_id`, `user_id`); attachments live inside their
request document, so they go with it. "My data" also counts the attachments on their own
(`attachments`), so the citizen learns that we keep references to the photos and files they
sent. A late domain request of an erased citizen is dropped; retention below."""

from __future__ import annotations

from datetime import datetime, timedelta

from common import privacy, topology
from common.clock import Clock
from common.mongo import Database
from common.privacy import PrivacyRequest, Steps, Tombstones, citizen_filter
from common.retention import Rule
from common.settings import Settings

from support.attachments import count_attachments
from support.store import COLLECTION, PROMPTS, RequestStore

# The "my data" category of attachments (the router words it; see the report of this change).
ATTACHMENTS_ITEM = "attachments"


def rules(settings: Settings) -> list[Rule]:
    transcripts = timedelta(seconds=settings.retention_transcripts_s)
    return [
        # Help requests after a disaster are kept longer (follow-up, statistics) than chats.
        Rule(COLLECTION, "updated_at", timedelta(seconds=settings.retention_help_requests_s), {"kind": "help"},
             kind="help requests"),
        Rule(COLLECTION, "updated_at", transcripts, {"kind": {"$ne": "help"}}, kind="chat transcripts"),
        Rule(PROMPTS, "at", timedelta(seconds=settings.retention_flows_s), kind="half-finished flows"),
    ]


async def report_attachments(database: Database, request: PrivacyRequest) -> dict[str, int]:
    """{"attachments": n} for the citizen's requests, or {} when they hold none."""
    query = citizen_filter(request)
    if query is None:
        return {}
    count = count_attachments(await RequestStore(database).attachments_of(query))
    return {ATTACHMENTS_ITEM: count} if count else {}


def steps(database: Database, _tombstones: Tombstones) -> Steps:
    async def report(request: PrivacyRequest, _now: datetime) -> dict[str, int]:
        return await report_attachments(database, request)

    return {"report": report}


def install(runtime: object, settings: Settings, clock: Clock) -> None:
    privacy.install(runtime, "support", settings, clock, rules=rules, steps=steps,
                    guard_queues={topology.domain_queue("support"): "domain"})
