"""Support's part in privacy: requests (with the citizen's messages — the chat transcripts) and
pending prompts are erased and reported by the generic holder (they carry `citizen_id`,
`wa_id`, `user_id`); a late domain request of an erased citizen is dropped; retention below."""

from __future__ import annotations

from datetime import timedelta

from common import privacy, topology
from common.clock import Clock
from common.retention import Rule
from common.settings import Settings

from support.store import COLLECTION, PROMPTS


def rules(settings: Settings) -> list[Rule]:
    transcripts = timedelta(seconds=settings.retention_transcripts_s)
    return [
        # Help requests after a disaster are kept longer (follow-up, statistics) than chats.
        Rule(COLLECTION, "updated_at", timedelta(seconds=settings.retention_help_requests_s), {"kind": "help"},
             kind="help requests"),
        Rule(COLLECTION, "updated_at", transcripts, {"kind": {"$ne": "help"}}, kind="chat transcripts"),
        Rule(PROMPTS, "at", timedelta(seconds=settings.retention_flows_s), kind="half-finished flows"),
    ]


def install(runtime: object, settings: Settings, clock: Clock) -> None:
    privacy.install(runtime, "support", settings, clock, rules=rules,
                    guard_queues={topology.domain_queue("support"): "domain"})
