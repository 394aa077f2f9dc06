"""Reading the bot's answers: filters, long-poll, per-recipient order, reset."""

from __future__ import annotations

import asyncio
import time

from tests.tools.sim_helpers import AUTH, SEND_PATH, Client, text_body


async def _send(sim: Client, to: str, body: str) -> None:
    response = await sim.post(SEND_PATH, json=text_body(to=to, body=body), headers=AUTH)
    assert response.status == 200


async def test_filters_and_after(sim: Client) -> None:
    await _send(sim, "905321112233", "a1")
    await _send(sim, "905059998877", "b1")
    await _send(sim, "905321112233", "a2")
    everything = await (await sim.get("/sim/outbox")).json()
    assert [m["seq"] for m in everything["messages"]] == [1, 2, 3]
    mine = await (await sim.get("/sim/outbox", params={"to": "+905321112233"})).json()
    assert [m["body"]["text"]["body"] for m in mine["messages"]] == ["a1", "a2"]
    assert mine["last_seq"] == 3
    later = await (await sim.get("/sim/outbox", params={"to": "905321112233",
                                                        "after": "1"})).json()
    assert [m["seq"] for m in later["messages"]] == [3]
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["per_recipient"] == {"905321112233": [1, 3], "905059998877": [2]}


async def test_long_poll_returns_when_a_message_arrives(sim: Client) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(sim.get("/sim/outbox", params={
        "to": "905321112233", "after": "0", "wait": "5"}))
    await asyncio.sleep(0.2)
    assert not poll.done()
    await _send(sim, "905059998877", "for someone else")
    await asyncio.sleep(0.1)
    assert not poll.done()
    await _send(sim, "905321112233", "yours")
    data = await (await poll).json()
    assert time.monotonic() - started < 3
    assert [m["body"]["text"]["body"] for m in data["messages"]] == ["yours"]
    assert data["last_seq"] == 2


async def test_long_poll_gives_up_after_wait(sim: Client) -> None:
    started = time.monotonic()
    data = await (await sim.get("/sim/outbox", params={"wait": "0.3"})).json()
    assert data == {"messages": [], "last_seq": 0}
    assert 0.25 < time.monotonic() - started < 2


async def test_delete_resets_but_sequence_keeps_growing(sim: Client) -> None:
    await _send(sim, "905321112233", "old")
    assert (await sim.delete("/sim/outbox")).status == 200
    assert (await (await sim.get("/sim/outbox")).json())["messages"] == []
    await _send(sim, "905321112233", "new")
    data = await (await sim.get("/sim/outbox")).json()
    assert [(m["seq"], m["body"]["text"]["body"]) for m in data["messages"]] == [(2, "new")]


async def test_bad_query_is_400(sim: Client) -> None:
    assert (await sim.get("/sim/outbox", params={"after": "x"})).status == 400
