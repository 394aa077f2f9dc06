"""Fixtures: a fake gateway and an in-process simulator wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from whatsapp_sim.app import create_app

from tests.tools.sim_helpers import FakeGateway, SimFactory, sim_config


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[FakeGateway, TestServer]]:
    fake = FakeGateway()
    app = web.Application()
    app.router.add_post("/webhook", fake.handle)
    server = TestServer(app)
    await server.start_server()
    yield fake, server
    await server.close()


@pytest.fixture
def fake_gateway(gateway: tuple[FakeGateway, TestServer]) -> FakeGateway:
    return gateway[0]


@pytest.fixture
async def make_sim(
    gateway: tuple[FakeGateway, TestServer],
) -> AsyncIterator[SimFactory]:
    """Builds a simulator client; keyword arguments override SimConfig fields."""
    clients: list[TestClient[web.Request, web.Application]] = []
    url = str(gateway[1].make_url("/webhook"))

    async def factory(**overrides: Any) -> TestClient[web.Request, web.Application]:
        clock = overrides.pop("monotonic", None)
        client = TestClient(TestServer(create_app(sim_config(url, **overrides),
                                                  monotonic=clock)))
        await client.start_server()
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.close()


@pytest.fixture
async def sim(make_sim: SimFactory) -> TestClient[web.Request, web.Application]:
    return await make_sim()


