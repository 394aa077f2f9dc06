"""Injected failures: errors, timeouts, and sends that went out but answered with an error."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.tools.sim_helpers import AUTH, SEND_PATH, Client, FakeGateway, text_body


async def _send(sim: Client, to: str = "905321112233") -> tuple[int, int | None]:
    response = await sim.post(SEND_PATH, json=text_body(to=to), headers=AUTH)
    return response.status, (await response.json()).get("error", {}).get("code")


async def test_next_sends_fail_with_the_given_error(sim: Client) -> None:
    added = await sim.post("/sim/faults", json={"code": 131000, "http_status": 500, "count": 2})
    assert len((await added.json())["faults"]) == 1
    assert await _send(sim) == (500, 131000)
    assert await _send(sim) == (500, 131000)
    assert await _send(sim) == (200, None)
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["injected_faults_by_code"] == {"131000": 2}
    assert stats["faults_pending"] == []
    assert stats["outbox_size"] == 1


async def test_http_status_defaults_from_the_code(sim: Client) -> None:
    await sim.post("/sim/faults", json={"code": 131016})
    await sim.post("/sim/faults", json={"code": 131026})
    assert await _send(sim) == (500, 131016)
    assert await _send(sim) == (400, 131026)


async def test_recipient_filter(sim: Client) -> None:
    await sim.post("/sim/faults", json={"code": 131026, "to": "+90 505 999 88 77"})
    assert await _send(sim, "905321112233") == (200, None)
    assert await _send(sim, "905059998877") == (400, 131026)
    assert await _send(sim, "905059998877") == (200, None)


async def test_after_accept_records_the_send_but_answers_an_error(
        sim: Client, fake_gateway: FakeGateway) -> None:
    await sim.post("/sim/faults", json={"code": 131000, "http_status": 500,
                                        "after_accept": True})
    assert await _send(sim) == (500, 131000)
    outbox = await (await sim.get("/sim/outbox")).json()
    assert len(outbox["messages"]) == 1  # it went out: the citizen sees it
    await fake_gateway.wait_for(3)
    assert [s["id"] for s in fake_gateway.statuses()] == [outbox["messages"][0]["wamid"]] * 3


async def test_timeout_outlives_the_client(sim: Client) -> None:
    await sim.post("/sim/faults", json={"code": 131000, "timeout": True, "delay_s": 0.5})
    with pytest.raises(asyncio.TimeoutError):
        await sim.post(SEND_PATH, json=text_body(), headers=AUTH,
                       timeout=aiohttp.ClientTimeout(total=0.1))
    outbox = await (await sim.get("/sim/outbox")).json()
    assert outbox["messages"] == []  # a timeout before acceptance sends nothing


async def test_timeout_after_accept_still_sends(sim: Client) -> None:
    await sim.post("/sim/faults", json={"timeout": True, "delay_s": 0.5, "after_accept": True})
    with pytest.raises(asyncio.TimeoutError):
        await sim.post(SEND_PATH, json=text_body(), headers=AUTH,
                       timeout=aiohttp.ClientTimeout(total=0.1))
    outbox = await (await sim.get("/sim/outbox")).json()
    assert len(outbox["messages"]) == 1


async def test_clearing_and_bad_faults(sim: Client) -> None:
    await sim.post("/sim/faults", json={"code": 131000, "count": 5})
    assert (await sim.delete("/sim/faults")).status == 200
    assert await _send(sim) == (200, None)
    for bad in ({"count": 0}, {"code": "x"}, {"colour": "red"}):
        assert (await sim.post("/sim/faults", json=bad)).status == 400
    assert (await sim.post("/sim/faults", data=b"[1]")).status == 400


async def test_reset_forgets_everything(sim: Client) -> None:
    await sim.post("/sim/faults", json={"code": 131000, "count": 5})
    await sim.post("/sim/windows", json={"closed": ["905321112233"]})
    await sim.post("/sim/reset")
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["faults_pending"] == [] and stats["closed_windows"] == []
    assert stats["requests"] == 0
    assert await _send(sim) == (200, None)
