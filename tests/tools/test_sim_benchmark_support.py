"""What the sender benchmark needs from the simulator: faults hit with a probability, and the
arrival time of every accepted send."""

from __future__ import annotations

import random

from tests.tools.sim_helpers import AUTH, SEND_PATH, Client, SimFactory, text_body


async def test_probabilistic_fault_hits_about_that_share_and_only_hits_spend_the_count(make_sim: SimFactory) -> None:
    sim = await make_sim(mps=0)  # no throughput limit here: only the injected faults answer errors
    random.seed(7)
    await sim.post("/sim/faults", json={"code": 131000, "count": 1000, "probability": 0.2})
    codes = []
    for n in range(300):
        response = await sim.post(SEND_PATH, json=text_body(to=f"9053211{n:05d}"), headers=AUTH)
        codes.append((await response.json()).get("error", {}).get("code"))
    hits = codes.count(131000)
    assert 30 <= hits <= 90
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["faults_pending"][0]["count"] == 1000 - hits
    assert stats["accepted"] == 300 - hits


async def test_bad_probability_is_refused(sim: Client) -> None:
    for bad in (0, 1.5, -0.1):
        response = await sim.post("/sim/faults", json={"code": 2, "probability": bad})
        assert response.status == 400


async def test_stats_give_arrival_times_on_request(sim: Client) -> None:
    for n in range(3):
        await sim.post(SEND_PATH, json=text_body(to=f"90532100000{n}"), headers=AUTH)
    await sim.post("/sim/faults", json={"code": 131000, "count": 1})
    await sim.post(SEND_PATH, json=text_body(to="905321000009"), headers=AUTH)
    plain = await (await sim.get("/sim/stats")).json()
    assert "arrivals" not in plain and "send_arrivals" not in plain
    stats = await (await sim.get("/sim/stats", params={"arrivals": "1"})).json()
    assert len(stats["arrivals"]) == 3 and stats["arrivals"] == sorted(stats["arrivals"])
    # Every send request, the one answered with the injected error too.
    assert len(stats["send_arrivals"]) == 4 and stats["send_arrivals"] == sorted(stats["send_arrivals"])
    assert all(sent <= accepted for sent, accepted in zip(stats["send_arrivals"], stats["arrivals"], strict=False))
