"""The sender's pure logic: error classification (§7.3), the Graph request body, the Graph client,
and the rank that keeps delivery statuses from moving backwards."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from common.contracts import OutboundMessage, Recipient
from common.settings import Settings
from pydantic import SecretStr
from sender.errors import Action, classify
from sender.graph import GraphClient, GraphError, request_body
from sender.records import RANK, SENT_STATES

R, P, H = Action.RETRY, Action.PERMANENT, Action.HALT

# Every code of whatsapp-cloud-api.md §7.3, with what the sender must do. The doc's summary is the
# rule: a short retry-able set; "stop and page a human" for a broken token, number or account
# (0, 190, 368, 131031, 131042, 131045, 133010, and the permission/configuration rows that break
# every send: 3, 10, 33, 200-299, 131005); everything else is permanent for that one message.
CODE_TABLE: list[tuple[int, Action]] = [
    (0, H), (1, R), (2, R), (3, H), (4, R), (10, H), (17, R), (33, H), (100, P), (190, H),
    (200, H), (201, H), (250, H), (299, H),
    (368, H), (80007, R), (130403, P), (130429, R), (130472, P), (130497, P),
    (131000, R), (131005, H), (131008, P), (131009, P), (131016, R), (131021, P), (131026, P),
    (131030, P), (131031, H), (131037, H), (131042, H), (131045, H), (131047, P), (131048, H),
    (131049, P), (131050, P), (131051, P), (131052, P), (131053, P), (131056, R), (131057, R),
    (131060, P), (131062, P), (131063, H), (131064, H),
    (132000, P), (132001, P), (132005, P), (132007, P), (132012, P), (132015, P), (132016, P),
    (132068, P), (132069, P),
    (133000, H), (133004, R), (133005, P), (133006, P), (133007, P), (133008, P), (133009, P),
    (133010, H), (133015, R), (133016, P), (135000, P),
]


@pytest.mark.parametrize(("code", "action"), CODE_TABLE, ids=[str(c) for c, _ in CODE_TABLE])
def test_classify_code(code: int, action: Action) -> None:
    # Meta: build on codes, not on the HTTP status, so the status must not change the answer.
    for http_status in (None, 200, 400, 401, 403, 404, 429, 500, 503):
        assert classify(code, http_status) is action, http_status


def test_retryable_set_is_exactly_the_documented_one() -> None:
    documented = {1, 2, 4, 17, 80007, 130429, 131000, 131016, 131056, 131057, 133004, 133015}
    assert {code for code, action in CODE_TABLE if action is Action.RETRY} == documented


def test_codes_just_outside_the_permission_range_are_not_halts() -> None:
    assert classify(199, 400) is Action.PERMANENT
    assert classify(300, 400) is Action.PERMANENT


@pytest.mark.parametrize(("http_status", "action"), [
    (None, R),  # transport failure or timeout: nothing came back
    (500, R), (502, R), (503, R), (504, R), (599, R),
    (429, R),
    (401, H), (403, H),
    (400, P), (404, P), (405, P), (413, P), (422, P),
    (200, P),  # 200 without a wamid: WhatsApp did not say it accepted anything
])
def test_classify_without_a_code(http_status: int | None, action: Action) -> None:
    assert classify(None, http_status) is action


def test_a_missing_phone_number_id_halts_but_other_bad_parameters_are_permanent() -> None:
    assert classify(100, 400, 33) is Action.HALT
    assert classify(100, 400, 2494010) is Action.PERMANENT
    assert classify(100, 400) is Action.PERMANENT


def test_unknown_code_is_permanent() -> None:
    assert classify(999999, 400) is Action.PERMANENT


# --- request_body -----------------------------------------------------------------------------


def outbound(*, to: str | None = None, recipient: str | None = None,
             content: dict[str, Any] | None = None) -> OutboundMessage:
    return OutboundMessage(id="out_1", origin="router", citizen=Recipient(citizen_id="c1", to=to, recipient=recipient),
                           content=content or {"type": "text", "text": {"body": "Merhaba"}},
                           created_at=datetime(2026, 11, 20, tzinfo=UTC))


@pytest.mark.parametrize("to", ["905321112233", "+905321112233", "++905321112233"])
def test_request_body_sends_to_with_a_plus(to: str) -> None:
    assert request_body(outbound(to=to)) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+905321112233",
        "type": "text", "text": {"body": "Merhaba"},
    }


def test_request_body_prefers_to_over_recipient() -> None:
    body = request_body(outbound(to="905321112233", recipient="TR.1"))
    assert body["to"] == "+905321112233"
    assert "recipient" not in body


def test_request_body_uses_recipient_for_a_user_id_only_citizen() -> None:
    body = request_body(outbound(recipient="TR.13491208655302741918"))
    assert body["recipient"] == "TR.13491208655302741918"
    assert "to" not in body
    assert body["messaging_product"] == "whatsapp"


def test_request_body_without_an_address_raises() -> None:
    with pytest.raises(ValueError, match="neither"):
        request_body(outbound())
    with pytest.raises(ValueError):
        request_body(outbound(to="", recipient=""))


def test_request_body_carries_the_content() -> None:
    content = {"type": "interactive", "interactive": {"type": "button"}, "context": {"message_id": "wamid.X"}}
    body = request_body(outbound(to="447700900123", content=content))
    assert body["type"] == "interactive"
    assert body["interactive"] == {"type": "button"}
    assert body["context"] == {"message_id": "wamid.X"}


def test_content_cannot_redirect_the_message() -> None:
    content = {"type": "text", "text": {"body": "x"}, "to": "+447700900999", "recipient": "TR.9"}
    body = request_body(outbound(to="905321112233", content=content))
    assert body["to"] == "+905321112233" and "recipient" not in body
    assert body["text"] == {"body": "x"}


# --- GraphClient against an in-process server -------------------------------------------------

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Graph = Callable[[Handler], Awaitable[tuple[GraphClient, list[dict[str, Any]]]]]
GRAPH_PATH = "/v25.0/106540352242922/messages"


@pytest.fixture
async def graph() -> AsyncIterator[Graph]:
    """Starts a fake Graph API answering with `handler`; returns a client pointed at it and the
    requests it received."""
    servers: list[TestServer] = []
    sessions: list[aiohttp.ClientSession] = []

    async def start(handler: Handler) -> tuple[GraphClient, list[dict[str, Any]]]:
        seen: list[dict[str, Any]] = []

        async def recording(request: web.Request) -> web.StreamResponse:
            seen.append({"path": request.path, "auth": request.headers.get("Authorization"),
                         "json": await request.json()})
            return await handler(request)

        app = web.Application()
        app.router.add_post(GRAPH_PATH, recording)
        server = TestServer(app)
        await server.start_server()
        servers.append(server)
        session = aiohttp.ClientSession()
        sessions.append(session)
        settings = Settings(graph_api_base=str(server.make_url("/")), graph_api_version="v25.0",
                            whatsapp_phone_number_id="106540352242922",
                            whatsapp_access_token=SecretStr("test-token"), graph_timeout_s=0.3)
        return GraphClient(settings, session), seen

    yield start
    for session in sessions:
        await session.close()
    for server in servers:
        await server.close()


BODY = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+905321112233",
        "type": "text", "text": {"body": "Merhaba"}}


def graph_error_json(code: int | str, details: str, status: int) -> Handler:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response({"error": {
            "message": f"(#{code}) something", "type": "OAuthException", "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "error_subcode": 2494055, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}, status=status)
    return handler


async def test_success_returns_the_wamid(graph: Graph) -> None:
    async def ok(_: web.Request) -> web.StreamResponse:
        return web.json_response({"messaging_product": "whatsapp",
                                  "contacts": [{"input": "+905321112233", "wa_id": "905321112233"}],
                                  "messages": [{"id": "wamid.SENT1"}]})

    client, seen = await graph(ok)
    assert await client.send(BODY) == "wamid.SENT1"
    assert seen == [{"path": GRAPH_PATH, "auth": "Bearer test-token", "json": BODY}]


@pytest.mark.parametrize(("code", "status", "expected_code", "action"), [
    (131047, 400, 131047, Action.PERMANENT),
    (130429, 400, 130429, Action.RETRY),
    ("130429", 429, 130429, Action.RETRY),  # some proxies send the code as a string
    (190, 401, 190, Action.HALT),
    (131000, 500, 131000, Action.RETRY),
])
async def test_graph_error_json(graph: Graph, code: int | str, status: int, expected_code: int, action: Action) -> None:
    client, _ = await graph(graph_error_json(code, "human explanation", status))
    with pytest.raises(GraphError) as caught:
        await client.send(BODY)
    error = caught.value
    assert (error.code, error.http_status, error.details, error.fbtrace_id) == (
        expected_code, status, "human explanation", "Az8or2yhqkZfEZ-_4Qn_Bam")
    assert classify(error.code, error.http_status) is action
    assert f"code={expected_code}" in str(error)


async def test_graph_error_without_details_uses_the_message(graph: Graph) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response({"error": {"message": "Invalid parameter", "code": 100}}, status=400)

    client, _ = await graph(handler)
    with pytest.raises(GraphError) as caught:
        await client.send(BODY)
    assert (caught.value.code, caught.value.http_status, caught.value.details) == (100, 400, "Invalid parameter")
    assert caught.value.fbtrace_id is None


async def test_500_with_html(graph: Graph) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.Response(status=500, text="<html><body><h1>500 Internal Server Error</h1></body></html>",
                            content_type="text/html")

    client, _ = await graph(handler)
    with pytest.raises(GraphError) as caught:
        await client.send(BODY)
    assert (caught.value.code, caught.value.http_status, caught.value.details) == (None, 500, "HTTP 500")
    assert classify(caught.value.code, caught.value.http_status) is Action.RETRY


async def test_200_without_a_wamid_is_an_error(graph: Graph) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response({"messaging_product": "whatsapp", "messages": []})

    client, _ = await graph(handler)
    with pytest.raises(GraphError) as caught:
        await client.send(BODY)
    assert (caught.value.code, caught.value.http_status) == (None, 200)


async def test_slow_response_times_out(graph: Graph) -> None:
    async def slow(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(1.5)
        return web.json_response({"messages": [{"id": "wamid.TOO_LATE"}]})

    client, _ = await graph(slow)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(GraphError) as caught:
        await client.send(BODY)
    assert loop.time() - started < 1.2
    assert (caught.value.code, caught.value.http_status) == (None, None)
    assert caught.value.details.startswith("timeout")
    assert classify(caught.value.code, caught.value.http_status) is Action.RETRY


async def test_connection_refused_is_a_transport_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(graph_api_base=f"http://127.0.0.1:{port}", whatsapp_access_token=SecretStr("t"),
                        graph_timeout_s=2)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(GraphError) as caught:
            await GraphClient(settings, session).send(BODY)
    assert (caught.value.code, caught.value.http_status) == (None, None)
    assert caught.value.details.startswith("transport: ")
    assert classify(caught.value.code, caught.value.http_status) is Action.RETRY


# --- delivery status rank ---------------------------------------------------------------------


def test_status_rank_only_moves_forward() -> None:
    order = ["queued", "sent", "delivered", "read", "failed"]
    assert [RANK[s] for s in order] == sorted(RANK[s] for s in order)
    assert len({RANK[s] for s in order}) == len(order)
    assert RANK["queued"] == RANK["sending"] < RANK["sent"]
    assert RANK["played"] == RANK["read"]  # first play of a voice message is its "read"


def test_sent_states() -> None:
    assert frozenset({"sent", "delivered", "read", "played"}) == SENT_STATES
    assert "failed" not in SENT_STATES

