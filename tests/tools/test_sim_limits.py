"""Throughput (130429), pair rate (131056) and the customer service window (131047)."""

from __future__ import annotations

from whatsapp_sim.limits import SlidingWindow

from tests.tools.sim_helpers import (
    AUTH,
    SEND_PATH,
    FakeClock,
    FakeGateway,
    SimFactory,
    template_body,
    text_body,
)


def test_sliding_window_counts_the_last_second_only() -> None:
    clock = FakeClock()
    window = SlidingWindow(3, 1.0, clock)
    assert all(window.try_record() for _ in range(3))
    assert not window.try_record()
    clock.advance(0.5)
    assert not window.allows()
    clock.advance(0.5)  # the first three are exactly 1 s old: out of the window
    assert window.try_record()
    assert window.count() == 1


async def test_whole_number_throughput(make_sim: SimFactory) -> None:
    clock = FakeClock()
    sim = await make_sim(mps=5, status_webhooks=False, monotonic=clock)

    async def burst(n: int) -> list[tuple[int, int | None]]:
        results = []
        for i in range(n):
            response = await sim.post(SEND_PATH, json=text_body(to=f"90532000000{i}"),
                                      headers=AUTH)
            code = (await response.json()).get("error", {}).get("code")
            results.append((response.status, code))
        return results

    assert await burst(8) == [(200, None)] * 5 + [(400, 130429)] * 3
    clock.advance(0.5)
    assert await burst(1) == [(400, 130429)]
    clock.advance(0.5)  # the first five are now a full second old
    assert await burst(6) == [(200, None)] * 5 + [(400, 130429)]

    stats = await (await sim.get("/sim/stats")).json()
    assert stats["max_accepted_in_1s"] == 5
    assert stats["rejections_by_code"] == {"130429": 5}
    assert stats["max_requests_in_1s"] == 9


async def test_mark_as_read_counts_towards_throughput(make_sim: SimFactory) -> None:
    sim = await make_sim(mps=2, status_webhooks=False, monotonic=FakeClock())
    read = {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.A"}
    assert (await sim.post(SEND_PATH, json=read, headers=AUTH)).status == 200
    assert (await sim.post(SEND_PATH, json=text_body(), headers=AUTH)).status == 200
    response = await sim.post(SEND_PATH, json=text_body(), headers=AUTH)
    assert (await response.json())["error"]["code"] == 130429


async def test_pair_rate_limit_is_per_recipient(make_sim: SimFactory) -> None:
    clock = FakeClock()
    sim = await make_sim(pair_limit=3, pair_window_s=6.0, status_webhooks=False,
                         monotonic=clock)
    for _ in range(3):
        assert (await sim.post(SEND_PATH, json=text_body(), headers=AUTH)).status == 200
    response = await sim.post(SEND_PATH, json=text_body(), headers=AUTH)
    assert response.status == 400
    assert (await response.json())["error"]["code"] == 131056
    other = await sim.post(SEND_PATH, json=text_body(to="905059998877"), headers=AUTH)
    assert other.status == 200
    clock.advance(6.0)
    assert (await sim.post(SEND_PATH, json=text_body(), headers=AUTH)).status == 200


async def test_closed_window_fails_asynchronously(make_sim: SimFactory,
                                                  fake_gateway: FakeGateway) -> None:
    sim = await make_sim(read_receipts=False)
    await sim.post("/sim/windows", json={"closed": ["+90 505 999 88 77"]})

    response = await sim.post(SEND_PATH, json=text_body(to="905059998877"), headers=AUTH)
    assert response.status == 200  # Meta accepts, then reports the failure
    wamid = (await response.json())["messages"][0]["id"]
    await fake_gateway.wait_for(1)
    [failed] = fake_gateway.statuses()
    assert failed["id"] == wamid and failed["status"] == "failed"
    assert failed["recipient_id"] == "905059998877"
    assert failed["errors"][0]["code"] == 131047
    assert failed["errors"][0]["href"].startswith("https://developers.facebook.com/")

    # Templates still go out; the failed text is hidden from the outbox unless asked for.
    ok = await sim.post(SEND_PATH, json=template_body(to="905059998877"), headers=AUTH)
    assert ok.status == 200
    outbox = await (await sim.get("/sim/outbox", params={"to": "905059998877"})).json()
    assert [m["type"] for m in outbox["messages"]] == ["template"]
    everything = await (await sim.get("/sim/outbox", params={
        "to": "905059998877", "include_failed": "1"})).json()
    assert [m["failed_code"] for m in everything["messages"]] == [131047, None]
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["async_failures_by_code"] == {"131047": 1}


async def test_a_citizen_message_reopens_the_window(make_sim: SimFactory,
                                                    fake_gateway: FakeGateway) -> None:
    sim = await make_sim(status_webhooks=False)
    await sim.post("/sim/windows", json={"closed": ["905059998877"]})
    await sim.post("/sim/messages", json={"from": "905059998877", "text": "Merhaba"})
    assert (await (await sim.get("/sim/windows")).json())["closed"] == []
    await sim.post(SEND_PATH, json=text_body(to="905059998877"), headers=AUTH)
    outbox = await (await sim.get("/sim/outbox")).json()
    assert outbox["messages"][0]["failed_code"] is None


async def test_enforced_window_needs_a_recent_citizen_message(make_sim: SimFactory) -> None:
    sim = await make_sim(enforce_window=True, status_webhooks=False)
    await sim.post(SEND_PATH, json=text_body(to="905000000001"), headers=AUTH)
    await sim.post("/sim/messages", json={"from": "905000000002", "text": "Merhaba"})
    await sim.post(SEND_PATH, json=text_body(to="905000000002"), headers=AUTH)
    outbox = await (await sim.get("/sim/outbox", params={"include_failed": "1"})).json()
    assert [m["failed_code"] for m in outbox["messages"]] == [131047, None]
