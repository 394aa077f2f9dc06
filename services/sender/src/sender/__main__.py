"""Sender: the only caller of the WhatsApp Cloud API.

Every replica runs a `Dispatcher`; the one holding the `sender.leader` token consumes
`sender.reply` and `sender.bulk` (per-number budget, lanes, per-citizen order, retries),
`sender.statuses`, `sender.errors` and `sender.activity`. See docs/architecture-sender.md.
Staff: GET /admin/deliveries/failed, GET /admin/sender, POST /admin/sender/resume.
"""

from __future__ import annotations

import aiohttp
from aiohttp import web
from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from sender.config import SenderConfig
from sender.dispatcher import Dispatcher
from sender.graph import GraphClient
from sender.handler import SenderHandler
from sender.parking import INDEXES as PARKING_INDEXES
from sender.parking import MemoryParking, MongoParking, Parking
from sender.privacy import install as install_privacy
from sender.records import INDEXES, MemoryRecords, Records

# Tests and benchmarks reach the running dispatcher through this.
HELD_KEY = web.AppKey("sender_held", dict)


def build(settings: Settings, clock: Clock | None = None, config: SenderConfig | None = None,
          stores: tuple[Records, Parking] | None = None) -> Runtime:
    """`stores` lets in-process replicas share one in-memory store, standing in for the
    MongoDB that production replicas share (tests of fail-over)."""
    config = config or SenderConfig()
    runtime = Runtime(settings, indexes={**INDEXES, **PARKING_INDEXES})
    clock = clock or SystemClock()
    held: dict[str, object] = {}

    # The HTTP session and the database exist only inside the running loop, after `build`.
    async def open_session() -> None:
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=config.max_in_flight))
        held["session"] = session
        if stores is not None:
            records, parking = stores
        elif config.store == "memory":
            if not settings.dev_mode:
                raise RuntimeError("SENDER_STORE=memory is for dev runs and benchmarks (DEV_MODE) only")
            records, parking = MemoryRecords(), MemoryParking()
        else:
            records, parking = Records(runtime.db), MongoParking(runtime.db)
        dispatcher = Dispatcher(settings, config, records, parking, GraphClient(settings, session),
                                runtime.publisher, clock)
        # The lanes are not Runtime consumers; the guards registered on the runtime for them
        # (privacy, issue 4) are applied by the dispatcher instead.
        dispatcher.guards = runtime.guards_for
        handler = SenderHandler(records, dispatcher, clock)
        runtime.add_routes(handler.routes())
        held["dispatcher"] = dispatcher

    def dispatcher() -> Dispatcher:
        found = held["dispatcher"]
        assert isinstance(found, Dispatcher)
        return found

    async def start_dispatcher() -> None:
        # Last, once privacy (below) has given the dispatcher its erase queue handler.
        await dispatcher().start()

    async def close_session() -> None:
        dispatcher = held.get("dispatcher")
        if isinstance(dispatcher, Dispatcher):
            await dispatcher.stop(settings.drain_timeout_s)
        session = held.get("session")
        if isinstance(session, aiohttp.ClientSession):
            await session.close()

    runtime.on_start(open_session)
    runtime.on_stop(close_session)
    runtime.app[HELD_KEY] = held
    # Privacy (issue 4): erase/report queue (consumed by the active dispatcher), the send-time
    # erasure check, guards against late statuses and activity, retention job.
    install_privacy(runtime, settings, clock, dispatcher)
    runtime.on_start(start_dispatcher)
    return runtime


if __name__ == "__main__":
    main(build, "sender")
