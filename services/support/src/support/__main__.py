"""Support service: hand-off to a person, suggestions and complaints, help requests after a
disaster, privacy requests and messages too old to answer — recorded with a reference number;
photos and files added to a suggestion or complaint are kept with it (media id, not the file).

Consumes `support.requests`; staff routes: GET /admin/requests[/{ref}], POST .../close.
"""

from __future__ import annotations

from common import topology
from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from support.handler import SupportHandler
from support.privacy import install as install_privacy
from support.store import INDEXES, RequestStore


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings, indexes=INDEXES)

    async def wire() -> None:
        handler = SupportHandler(RequestStore(runtime.db), runtime.publisher, clock or SystemClock())
        runtime.consume(topology.domain_queue("support"), handler.handle)
        runtime.add_routes(handler.routes())

    runtime.on_start(wire)
    # Privacy (issue 4): erase/report queue, guards against late messages, retention job.
    install_privacy(runtime, settings, clock or SystemClock())
    return runtime


if __name__ == "__main__":
    main(build, "support")
