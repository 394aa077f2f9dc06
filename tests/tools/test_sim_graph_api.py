"""`POST /{version}/{phone_number_id}/messages`: auth, Graph error shape, acceptance."""

from __future__ import annotations

from typing import Any

from tests.tools.sim_helpers import AUTH, SEND_PATH, Client, template_body, text_body


async def _error(response: Any) -> dict[str, Any]:
    data = await response.json()
    return data["error"]  # type: ignore[no-any-return]


async def test_missing_or_wrong_bearer_is_401_code_190(sim: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        response = await sim.post(SEND_PATH, json=text_body(), headers=headers)
        assert response.status == 401
        assert (await _error(response))["code"] == 190
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["accepted"] == 0
    assert stats["rejections_by_code"] == {"190": 3}


async def test_unknown_phone_number_id_is_code_100(sim: Client) -> None:
    response = await sim.post("/v25.0/999/messages", json=text_body(), headers=AUTH)
    assert response.status == 400
    error = await _error(response)
    assert error["code"] == 100
    assert "999" in error["message"]


async def test_accepted_send_answers_like_meta_and_lands_in_the_outbox(sim: Client) -> None:
    body = text_body(to="+90 532 111 22 33", body="Merhaba Ayşe")
    response = await sim.post(SEND_PATH, json=body, headers=AUTH)
    assert response.status == 200
    data = await response.json()
    wamid = data["messages"][0]["id"]
    assert data["messaging_product"] == "whatsapp"
    assert data["contacts"] == [{"input": "+90 532 111 22 33", "wa_id": "905321112233"}]
    assert wamid.startswith("wamid.HBgM")

    outbox = await (await sim.get("/sim/outbox", params={"to": "905321112233"})).json()
    [message] = outbox["messages"]
    assert message["seq"] == 1 and outbox["last_seq"] == 1
    assert message["wamid"] == wamid
    assert message["to"] == "905321112233"
    assert message["type"] == "text"
    assert message["body"] == body
    assert message["received_at"] > 1e9


async def test_recipient_only_send_is_keyed_by_user_id(sim: Client) -> None:
    body = {"messaging_product": "whatsapp", "recipient": "TR.13491208655302741918",
            "type": "text", "text": {"body": "Merhaba"}}
    data = await (await sim.post(SEND_PATH, json=body, headers=AUTH)).json()
    assert data["contacts"] == [{"input": "TR.13491208655302741918",
                                 "user_id": "TR.13491208655302741918"}]
    outbox = await (await sim.get("/sim/outbox",
                                  params={"to": "TR.13491208655302741918"})).json()
    assert [m["recipient"] for m in outbox["messages"]] == ["TR.13491208655302741918"]


async def test_validation_error_has_graph_shape(sim: Client) -> None:
    response = await sim.post(SEND_PATH, json=text_body(body="x" * 4097), headers=AUTH)
    assert response.status == 400
    error = await _error(response)
    assert error["message"].startswith("(#100) ")
    assert error["type"] == "OAuthException"
    assert error["code"] == 100
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert "4096" in error["error_data"]["details"]
    assert error["fbtrace_id"]


async def test_template_errors(sim: Client) -> None:
    unknown = await sim.post(SEND_PATH, json=template_body(name="nope"), headers=AUTH)
    assert unknown.status == 404
    assert (await _error(unknown))["code"] == 132001
    wrong_count = await sim.post(SEND_PATH, json=template_body(params=("x",)), headers=AUTH)
    assert wrong_count.status == 400
    assert (await _error(wrong_count))["code"] == 132000
    ok = await sim.post(SEND_PATH, json=template_body(), headers=AUTH)
    assert ok.status == 200


async def test_non_json_body_is_code_100(sim: Client) -> None:
    response = await sim.post(SEND_PATH, data=b"not json", headers=AUTH)
    assert response.status == 400
    assert (await _error(response))["code"] == 100


async def test_mark_as_read_and_typing(sim: Client) -> None:
    for extra in ({}, {"typing_indicator": {"type": "text"}}):
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN"}
        response = await sim.post(SEND_PATH, json=body | extra, headers=AUTH)
        assert await response.json() == {"success": True}
    stats = await (await sim.get("/sim/stats")).json()
    assert stats["reads"] == 2 and stats["typing_indicators"] == 1
    assert stats["outbox_size"] == 0
    reads = await (await sim.get("/sim/reads")).json()
    assert [r["typing"] for r in reads["reads"]] == [False, True]


async def test_healthz_and_config(sim: Client) -> None:
    assert await (await sim.get("/healthz")).json() == {"status": "ok"}
    config = await (await sim.get("/sim/config")).json()
    assert "app_secret" not in config and "access_token" not in config
    changed = await sim.patch("/sim/config", json={"mps": 7, "status_webhooks": False})
    assert (await changed.json())["mps"] == 7
    refused = await sim.patch("/sim/config", json={"port": 1})
    assert refused.status == 400
