"""The router's retention rules (periods from Settings; see docs/privacy.md)."""

from __future__ import annotations

from datetime import timedelta

from common.deadletters import COLLECTION as DEAD_LETTERS
from common.retention import Rule, common_rules
from common.settings import Settings

from router.citizens import COLLECTION as CITIZENS
from router.citizens import PROCESSED
from router.privacy import DESTRUCTION_LOG, JOBS


def router_rules(settings: Settings) -> list[Rule]:
    def s(seconds: float) -> timedelta:
        return timedelta(seconds=seconds)

    return [
        # Conversation state and profile of a citizen who has not written for the period.
        Rule(CITIZENS, "updated_at", s(settings.retention_transcripts_s), kind="citizen records"),
        # Dedupe keys: WhatsApp redelivers for 7 days.
        Rule(PROCESSED, "at", s(settings.privacy_tombstone_s), kind="processed-message keys"),
        Rule(DEAD_LETTERS, "received_at", s(settings.retention_dead_letters_s), kind="dead letters"),
        # Raw webhook bodies (restricted) expire sooner; the TTL index does it on MongoDB.
        Rule(DEAD_LETTERS, "expires_at", timedelta(0), kind="restricted dead letters"),
        # A finished job holds nothing personal; it is kept a little for the notices' sweep.
        Rule(JOBS, "completed_at", s(settings.retention_flows_s), where={"status": {"$in": ["done", "cancelled"]}},
             kind="privacy jobs"),
        Rule(DESTRUCTION_LOG, "expires_at", timedelta(0), kind="destruction log (3 years)"),
        *common_rules(settings),
    ]
