"""Donation service: channels, campaigns, kurban and zakat answers from staff-edited content.

Consumes `donation.requests`; staff routes: GET/PUT /admin/content.
"""

from __future__ import annotations

from common import topology
from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from donation.handler import DonationHandler
from donation.privacy import install as install_privacy
from donation.store import ContentStore


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings)

    async def wire() -> None:
        content = ContentStore(runtime.db)
        await content.seed_if_empty()
        handler = DonationHandler(content, runtime.publisher, clock or SystemClock())
        runtime.consume(topology.domain_queue("donation"), handler.handle)
        runtime.add_routes(handler.routes())

    runtime.on_start(wire)
    # Privacy (issue 4): erase/report queue, guards against late messages, retention job.
    install_privacy(runtime, settings, clock or SystemClock())
    return runtime


if __name__ == "__main__":
    main(build, "donation")
