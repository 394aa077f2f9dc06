"""Wires the simulator's HTTP app: the Graph endpoint, the `/sim` control API and health."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from aiohttp import web

from whatsapp_sim.config import SimConfig
from whatsapp_sim.control_api import routes as control_routes
from whatsapp_sim.graph_api import send_message
from whatsapp_sim.limits import Clock
from whatsapp_sim.state import STATE, SimState

# Large enough for Meta-sized batches posted through `/sim/webhook` (up to 3 MB, §2.1).
CLIENT_MAX_SIZE = 8 * 1024 * 1024


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _lifecycle(app: web.Application) -> AsyncIterator[None]:
    state = app[STATE]
    await state.poster.start()
    yield
    await state.notifier.close()
    await state.poster.close()


async def _release_long_polls(app: web.Application) -> None:
    app[STATE].outbox.close()


def create_app(config: SimConfig | None = None, *, monotonic: Clock | None = None,
               wall_clock: Clock | None = None) -> web.Application:
    """The simulator as an aiohttp app; clocks are injectable for tests."""
    state = SimState(config or SimConfig(), monotonic=monotonic or time.monotonic,
                     wall_clock=wall_clock or time.time)
    app = web.Application(client_max_size=CLIENT_MAX_SIZE)
    app[STATE] = state
    app.router.add_post(r"/{version:v\d+\.\d+}/{phone_number_id}/messages", send_message)
    app.router.add_get("/healthz", healthz)
    app.router.add_routes(control_routes)
    app.cleanup_ctx.append(_lifecycle)
    app.on_shutdown.append(_release_long_polls)
    return app
