"""Blood service: where to give blood (province, district or shared location), blood-need
appeals and alert answers; staff import the list of donation points.

Consumes `blood.requests`; staff routes: GET/PUT /admin/points.
"""

from __future__ import annotations

from common import topology
from common.clock import Clock, SystemClock
from common.consent import ConsentStore
from common.logging import get_logger
from common.privacy import privacy_key
from common.service import Runtime, main
from common.settings import Settings

from blood.gazetteer import load_gazetteer
from blood.handler import BloodHandler
from blood.privacy import install as install_privacy
from blood.store import INDEXES, PointStore

log = get_logger(__name__)


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings, indexes=INDEXES)

    async def wire() -> None:
        points = PointStore(runtime.db)
        seeded = await points.seed_if_empty()
        if seeded:
            log.warning("donation_points_seeded_with_samples", count=seeded)
        consents = ConsentStore(runtime.db, privacy_key(settings))
        handler = BloodHandler(points, load_gazetteer(), runtime.publisher, clock or SystemClock(), consents)
        runtime.consume(topology.domain_queue("blood"), handler.handle)
        runtime.add_routes(handler.routes())

    runtime.on_start(wire)
    # Privacy (issue 4): erase/report queue, guards against late messages, retention job.
    install_privacy(runtime, settings, clock or SystemClock())
    return runtime


if __name__ == "__main__":
    main(build, "blood")
