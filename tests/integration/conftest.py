"""Fixtures for tests against real RabbitMQ with every service running (in-process)."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from common.auth import create_token
from common.clock import OffsetClock
from common.service import Runtime
from common.settings import Settings

from tests.conftest import mongo_backend
from tests.integration.harness import (
    SERVICES,
    Helpline,
    create_vhost,
    delete_vhost,
    settings_for,
    sim_config,
)

pytestmark = pytest.mark.integration


def builder(service: str) -> Callable[..., Runtime]:
    build: Callable[..., Runtime] = importlib.import_module(f"{service}.__main__").build
    return build


@pytest.fixture
async def vhost() -> AsyncIterator[str]:
    name = f"test_{uuid.uuid4().hex[:12]}"
    await create_vhost(name)
    yield name
    await delete_vhost(name)


@pytest.fixture
def tokens(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "staff_tokens.json"
    return {
        "file": str(path),
        "admin": create_token(path, "test-admin", "admin"),
        "staff": create_token(path, "test-staff", "staff"),
        "agent": create_token(path, "test-agent", "agent"),
    }


async def start_helpline(vhost: str, tokens: dict[str, str], *, services: tuple[str, ...] = SERVICES,
                         sim_overrides: dict[str, Any] | None = None,
                         settings_overrides: dict[str, Any] | None = None) -> Helpline:
    _, mongo_url = mongo_backend()
    sim_app = web.Application()
    sim_app = _sim_app(sim_overrides or {})
    sim_runner = web.AppRunner(sim_app)
    await sim_runner.setup()
    site = web.TCPSite(sim_runner, "127.0.0.1", 0)
    await site.start()
    sim_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    sim_url = f"http://127.0.0.1:{sim_port}"
    clock = OffsetClock()
    runtimes: dict[str, Runtime] = {}
    for service in services:
        settings = settings_for(service, vhost, mongo_url, sim_url, tokens["file"])
        if settings_overrides:
            settings = Settings(**{**settings.model_dump(), **settings_overrides, "service_name": service})
        runtime = builder(service)(settings, clock=clock)
        await runtime.start()
        runtimes[service] = runtime
    gateway_url = f"http://127.0.0.1:{runtimes['gateway'].port}/webhook" if "gateway" in runtimes else ""
    from whatsapp_sim.state import STATE

    sim_app[STATE].config.gateway_webhook_url = gateway_url
    helpline = Helpline(vhost=vhost, sim_url=sim_url, gateway_url=gateway_url, runtimes=runtimes, clock=clock,
                        http=aiohttp.ClientSession(), sim_app=sim_app)
    helpline._sim_runner = sim_runner  # type: ignore[attr-defined]
    return helpline


def _sim_app(overrides: dict[str, Any]) -> web.Application:
    from whatsapp_sim.app import create_app

    return create_app(sim_config(**overrides))


async def stop_helpline(helpline: Helpline) -> None:
    for runtime in reversed(list(helpline.runtimes.values())):
        await runtime.stop()
    await helpline.http.close()
    await helpline._sim_runner.cleanup()  # type: ignore[attr-defined]


@pytest.fixture
async def helpline(vhost: str, tokens: dict[str, str]) -> AsyncIterator[Helpline]:
    running = await start_helpline(vhost, tokens)
    try:
        yield running
    finally:
        await stop_helpline(running)
