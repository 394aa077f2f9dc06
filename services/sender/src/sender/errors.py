"""What the sender does with each WhatsApp error code (whatsapp-cloud-api.md §7.3)."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    RETRY = "retry"  # back off and try again, in the broker
    PERMANENT = "permanent"  # this message can never go: record and dead-letter it
    HALT = "halt"  # the number or token is broken: stop and alert a human


RETRYABLE = frozenset({1, 2, 4, 17, 80007, 130429, 131000, 131016, 131056, 131057, 133004, 133015})
# The number, its account or its configuration is the problem, not the message: every further
# message would fail the same way (or, for 131048/131064, worsen the account's standing), so the
# number is paused for a person instead of dead-lettering the queue one message at a time.
HALT = frozenset({0, 190, 368, 131031, 131042, 131045, 133010, 3, 10, 33, 131005,
                  131037, 131048, 131063, 131064, 133000})
# Code 100 is a bad parameter, except with this subcode: "object with ID does not exist", i.e.
# the configured phone-number id is wrong or was deleted.
MISSING_OBJECT_SUBCODE = 33


def classify(code: int | None, http_status: int | None, subcode: int | None = None) -> Action:
    """Codes decide (Meta: build on codes, not HTTP status); without a code, 5xx and
    transport failures are retried and other statuses are permanent."""
    if code == 100 and subcode == MISSING_OBJECT_SUBCODE:
        return Action.HALT
    if code is None:
        if http_status is None or http_status >= 500 or http_status == 429:
            return Action.RETRY
        if http_status in (401, 403):
            return Action.HALT
        return Action.PERMANENT
    if code in RETRYABLE:
        return Action.RETRY
    if code in HALT or 200 <= code <= 299:
        return Action.HALT
    return Action.PERMANENT
