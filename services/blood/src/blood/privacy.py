"""The blood service's part in privacy.

It keeps no citizen records today, but it is a declared holder (common.privacy.HOLDERS): it
answers "my data" and erase events (the generic holder searches every collection of its
database, so records added later — consents, registrations, alert subscriptions — are covered
as long as they carry the citizen fields) and drops late requests of an erased citizen.
"""

from __future__ import annotations

from common import privacy, topology
from common.clock import Clock
from common.settings import Settings


def install(runtime: object, settings: Settings, clock: Clock) -> None:
    privacy.install(runtime, "blood", settings, clock, guard_queues={topology.domain_queue("blood"): "domain"})
