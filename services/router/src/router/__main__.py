"""Router: decides the domain of each inbound message and keeps one record per citizen.

Consumes the `router.inbound.<n>` partitions (single active consumer each, so one citizen's
messages are handled in arrival order across replicas) and hosts the dead-letter store:
`dead_letters` queue → collection, with /admin/dead-letters (list, inspect, replay).
"""

from __future__ import annotations

from common import privacy, retention, topology
from common.clock import Clock, SystemClock
from common.deadletters import INDEXES as DEAD_LETTER_INDEXES
from common.deadletters import DeadLetterStore
from common.service import Runtime, main
from common.settings import Settings

from router.citizens import INDEXES, CitizenStore
from router.handler import RouterHandler
from router.privacy import INDEXES as PRIVACY_INDEXES
from router.privacy import Coordinator, router_holder
from router.retention import router_rules


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings, indexes={**INDEXES, **DEAD_LETTER_INDEXES, **PRIVACY_INDEXES,
                                         **privacy.INDEXES})
    clock = clock or SystemClock()

    async def wire() -> None:
        # Refuses to start without the privacy key outside dev mode (after the database check).
        key = privacy.privacy_key(settings)
        holder = router_holder(runtime.db, runtime.publisher, clock, settings)
        coordinator = Coordinator(runtime.db, runtime.publisher, clock, settings, key)
        handler = RouterHandler(settings, CitizenStore(runtime.db), runtime.publisher, clock,
                                coordinator=coordinator, tombstones=holder.tombstones)
        for partition in range(settings.router_partitions):
            # Ordered queues: a failing message waits at the head instead of being overtaken.
            runtime.consume(topology.router_queue(partition), handler.handle, retry_mode="requeue", serial=True)
        store = DeadLetterStore(runtime.db, runtime.publisher,
                                restricted_ttl_s=settings.retention_restricted_dead_letters_s)
        runtime.consume(topology.DEAD_LETTERS_QUEUE, store.consume, retry_mode="requeue")
        runtime.add_routes(store.routes())
        # Privacy: the router's own data (as a holder) and the coordinator of every holder.
        privacy.register(runtime, holder)
        runtime.consume(topology.PRIVACY_COORDINATOR_QUEUE, coordinator.on_done)
        runtime.consume(topology.delivery_queue("router"), coordinator.on_delivery)
        runtime.add_routes(coordinator.routes())
        await coordinator.start_watchdog()
        runtime.on_stop(coordinator.stop_watchdog)
        retention.schedule(runtime, router_rules(settings), settings, clock)

    runtime.on_start(wire)
    return runtime


if __name__ == "__main__":
    main(build, "router")
