"""Router: decides the domain of each inbound message and keeps one record per citizen.

Consumes the `router.inbound.<n>` partitions (single active consumer each, so one citizen's
messages are handled in arrival order across replicas) and hosts the dead-letter store:
`dead_letters` queue → collection, with /admin/dead-letters (list, inspect, replay).
"""

from __future__ import annotations

from common import topology
from common.clock import Clock, SystemClock
from common.deadletters import INDEXES as DEAD_LETTER_INDEXES
from common.deadletters import DeadLetterStore
from common.service import Runtime, main
from common.settings import Settings

from router.citizens import INDEXES, CitizenStore
from router.handler import RouterHandler


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings, indexes={**INDEXES, **DEAD_LETTER_INDEXES})

    async def wire() -> None:
        handler = RouterHandler(settings, CitizenStore(runtime.db), runtime.publisher, clock or SystemClock())
        for partition in range(settings.router_partitions):
            # Ordered queues: a failing message waits at the head instead of being overtaken.
            runtime.consume(topology.router_queue(partition), handler.handle, retry_mode="requeue", serial=True)
        store = DeadLetterStore(runtime.db, runtime.publisher)
        runtime.consume(topology.DEAD_LETTERS_QUEUE, store.consume, retry_mode="requeue")
        runtime.add_routes(store.routes())

    runtime.on_start(wire)
    return runtime


if __name__ == "__main__":
    main(build, "router")
