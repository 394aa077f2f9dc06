"""Sender: the only caller of the WhatsApp Cloud API.

Consumes `sender.reply` and `sender.bulk` (outbound messages, one at a time per lane, in
order), `sender.statuses` (delivery statuses) and `sender.errors` (account-level errors).
Staff: GET /admin/deliveries/failed.
"""

from __future__ import annotations

import aiohttp
from common import topology
from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from sender.graph import GraphClient
from sender.handler import SenderHandler
from sender.records import INDEXES, Records


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings, indexes=INDEXES)
    clock = clock or SystemClock()
    session_holder: list[aiohttp.ClientSession] = []

    # The HTTP session and the database exist only inside the running loop, after `build`.
    async def open_session() -> None:
        session_holder.append(aiohttp.ClientSession())
        handler = SenderHandler(Records(runtime.db), GraphClient(settings, session_holder[0]), runtime.publisher,
                                clock)
        runtime.consume(topology.SENDER_REPLY_QUEUE, handler.send, serial=True)
        runtime.consume(topology.SENDER_BULK_QUEUE, handler.send, serial=True)
        runtime.consume(topology.SENDER_STATUS_QUEUE, handler.status)
        runtime.consume(topology.SENDER_ERROR_QUEUE, handler.whatsapp_error)
        runtime.add_routes(handler.routes())

    async def close_session() -> None:
        for session in session_holder:
            await session.close()

    runtime.on_start(open_session)
    runtime.on_stop(close_session)
    return runtime


if __name__ == "__main__":
    main(build, "sender")
