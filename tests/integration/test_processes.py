"""The real entry points (`python -m <service>`), configured only through the environment,
as scripts/run-local and Kubernetes start them."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import mongo_backend
from tests.integration.harness import APP_SECRET, SERVICES, all_text, new_number

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_ready(http: aiohttp.ClientSession, url: str, within: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            async with http.get(url) as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{url} not ready")
        await asyncio.sleep(0.2)


@pytest.fixture
async def processes(vhost: str, tmp_path: Path) -> AsyncIterator[dict[str, object]]:
    _, mongo_url = mongo_backend()
    ports = {name: _free_port() for name in (*SERVICES, "simulator")}
    env = {
        **os.environ,
        "AMQP_URL": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": "verify",
        "WHATSAPP_ACCESS_TOKEN": "token",
        "GRAPH_API_BASE": f"http://127.0.0.1:{ports['simulator']}",
        "STAFF_TOKENS_FILE": str(tmp_path / "tokens.json"),
        "MONGODB_DB_PREFIX": f"p_{vhost}",
        "SIM_PORT": str(ports["simulator"]),
        "GATEWAY_WEBHOOK_URL": f"http://127.0.0.1:{ports['gateway']}/webhook",
        "PRIVACY_HMAC_KEY": "test-privacy-key",
    }
    if mongo_url:
        env["MONGODB_URL"] = mongo_url
    else:
        env["DEV_MODE"] = "1"
    procs: dict[str, asyncio.subprocess.Process] = {}
    for name in SERVICES:
        procs[name] = await asyncio.create_subprocess_exec(
            sys.executable, "-m", name, env={**env, "HTTP_PORT": str(ports[name])},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    procs["simulator"] = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "whatsapp_sim", env={**env, "WHATSAPP_ACCESS_TOKEN": "token"},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        yield {"ports": ports, "procs": procs}
    finally:
        for proc in procs.values():
            if proc.returncode is None:
                proc.kill()
            await proc.wait()


async def test_every_service_runs_as_its_own_process_and_drains_on_sigterm(processes: dict[str, object]) -> None:
    ports: dict[str, int] = processes["ports"]  # type: ignore[assignment]
    procs: dict[str, asyncio.subprocess.Process] = processes["procs"]  # type: ignore[assignment]
    async with aiohttp.ClientSession() as http:
        for name in SERVICES:
            await _wait_ready(http, f"http://127.0.0.1:{ports[name]}/readyz")
        await _wait_ready(http, f"http://127.0.0.1:{ports['simulator']}/healthz")
        async with http.get(f"http://127.0.0.1:{ports['router']}/metrics") as resp:
            assert "helpline_ready" in await resp.text()
        me = new_number()
        sim = f"http://127.0.0.1:{ports['simulator']}"
        async with http.post(f"{sim}/sim/messages", json={"from": me, "text": "kan bağışı ankara"}) as resp:
            assert (await resp.json())["gateway_status"] == 200
        async with http.get(f"{sim}/sim/outbox", params={"to": me, "after": "0", "wait": "20"}) as resp:
            messages = (await resp.json())["messages"]
        assert "Ankara" in all_text(messages)
    for name in SERVICES:
        procs[name].send_signal(signal.SIGTERM)
    for name in SERVICES:
        code = await asyncio.wait_for(procs[name].wait(), timeout=60)
        stderr = (await procs[name].stderr.read()).decode() if procs[name].stderr else ""  # type: ignore[union-attr]
        assert code == 0, f"{name} exited {code}: {stderr[-2000:]}"
        assert "service_stopped" in stderr
        # Logs never carry the citizen's number in full, nor their words at info level.
        assert me not in stderr and "kan bağışı ankara" not in stderr


async def test_a_service_refuses_the_database_double_without_dev_mode(vhost: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URL", "DEV_MODE")}
    env["AMQP_URL"] = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "router", env=env,
                                                stderr=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode != 0
    assert b"MONGODB_URL is not set" in err
