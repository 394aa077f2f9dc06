"""The `/sim/*` endpoints: the citizen's side, the outbox, faults, windows and settings."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web
from common.logging import mask_phone

from whatsapp_sim.citizen import CitizenInputError, build_inbound
from whatsapp_sim.faults import Fault
from whatsapp_sim.gateway_client import GatewayAnswer
from whatsapp_sim.state import STATE, SimState, normalise_address
from whatsapp_sim.wire import meta_json

log = logging.getLogger(__name__)

routes = web.RouteTableDef()


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


async def _json_object(request: web.Request) -> Mapping[str, Any]:
    try:
        data = json.loads(await request.read() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise web.HTTPBadRequest(text=json.dumps({"error": f"invalid JSON: {exc}"}),
                                 content_type="application/json") from exc
    if not isinstance(data, Mapping):
        raise web.HTTPBadRequest(text=json.dumps({"error": "expected a JSON object"}),
                                 content_type="application/json")
    return data


def _flag(request: web.Request, name: str, default: bool) -> bool:
    value = request.query.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _signature(request: web.Request, state: SimState, body: bytes) -> str | None:
    """`?sign=false` sends no header, `?secret=x` signs with x, `?signature=` sends it verbatim."""
    if "signature" in request.query:
        return request.query["signature"]
    if not _flag(request, "sign", True):
        return None
    return state.poster.signature(body, request.query.get("secret"))


def _note_citizens_wrote(state: SimState, payload: Any) -> None:
    """A message from a citizen opens their service window, as on WhatsApp."""
    addresses: set[str] = set()
    try:
        for entry in payload["entry"]:
            for change in entry["changes"]:
                for message in change["value"].get("messages", []):
                    addresses.update(str(message[key]) for key in ("from", "from_user_id")
                                     if message.get(key))
    except (KeyError, TypeError, AttributeError):
        return
    _opened(state, addresses)


def _opened(state: SimState, addresses: Iterable[str]) -> None:
    normalised = {normalise_address(a) for a in addresses}
    if normalised:
        state.windows.citizen_wrote(normalised)
        if state.config.count_inbound_in_mps:
            # Meta counts inbound traffic against the number's throughput too (§6.1).
            for _ in normalised:
                state.throughput.record()


def _gateway_reply(wamid: str | None, answer: GatewayAnswer) -> web.Response:
    body: dict[str, Any] = {"gateway_status": answer.status, "gateway_body": answer.body}
    if wamid is not None:
        body = {"wamid": wamid} | body
    if answer.error:
        body["error"] = answer.error
    return web.json_response(body, status=502 if answer.status == 0 else 200)


@routes.post("/sim/messages")
async def citizen_message(request: web.Request) -> web.Response:
    state = request.app[STATE]
    data = await _json_object(request)
    try:
        inbound = build_inbound(
            data, number=state.config.business_number, now=int(state.wall_clock()),
            last_sent=lambda address, types: _last_wamid(state, address, types),
        )
    except CitizenInputError as exc:
        return _bad_request(str(exc))
    body = meta_json(inbound.payload)
    _note_citizens_wrote(state, inbound.payload)
    answer = await state.poster.post(body, signature=_signature(request, state, body))
    state.stats.inbound_forwarded += 1
    state.stats.gateway_statuses[answer.status] += 1
    log.info("citizen %s wrote; gateway answered %s", mask_phone(inbound.citizen.address),
             answer.status)
    return _gateway_reply(inbound.wamid, answer)


def _last_wamid(state: SimState, address: str, types: tuple[str, ...]) -> str | None:
    message = state.outbox.last_to(normalise_address(address), types)
    return message.wamid if message else None


@routes.post("/sim/webhook")
async def raw_webhook(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await request.read()
    # Malformed payloads are forwarded too: that is what some gateway tests are for.
    with contextlib.suppress(json.JSONDecodeError, UnicodeDecodeError):
        _note_citizens_wrote(state, json.loads(body))
    answer = await state.poster.post(body, signature=_signature(request, state, body))
    state.stats.inbound_forwarded += 1
    state.stats.gateway_statuses[answer.status] += 1
    return _gateway_reply(None, answer)


@routes.get("/sim/outbox")
async def read_outbox(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        after = int(request.query.get("after", "0"))
        wait_s = min(float(request.query.get("wait", "0")), state.config.max_long_poll_s)
    except ValueError:
        return _bad_request("after must be an integer and wait a number of seconds")
    address = request.query.get("to")
    messages = await state.outbox.wait_for(
        address=normalise_address(address) if address else None, after=after, wait_s=wait_s,
        include_failed=_flag(request, "include_failed", False),
    )
    return web.json_response({"messages": [m.as_json() for m in messages],
                              "last_seq": state.outbox.last_seq})


@routes.delete("/sim/outbox")
async def clear_outbox(request: web.Request) -> web.Response:
    request.app[STATE].outbox.clear()
    return web.json_response({"cleared": True})


@routes.get("/sim/stats")
async def read_stats(request: web.Request) -> web.Response:
    state = request.app[STATE]
    extra: dict[str, Any] = ({"arrivals": state.stats.arrivals, "send_arrivals": state.stats.send_arrivals}
                             if _flag(request, "arrivals", False) else {})
    return web.json_response(state.stats.as_json() | extra | {
        "outbox_size": len(state.outbox.messages),
        "last_seq": state.outbox.last_seq,
        "faults_pending": state.faults.pending(),
        "closed_windows": sorted(state.windows.closed),
        "status_webhooks_pending": state.notifier.pending,
    })


@routes.get("/sim/reads")
async def read_marks(request: web.Request) -> web.Response:
    return web.json_response({"reads": [r.as_json() for r in request.app[STATE].reads]})


@routes.post("/sim/faults")
async def add_fault(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        fault = Fault.from_json(await _json_object(request), state.config.default_fault_timeout_s)
    except ValueError as exc:
        return _bad_request(str(exc))
    state.faults.add(fault)
    return web.json_response({"faults": state.faults.pending()})


@routes.get("/sim/faults")
async def list_faults(request: web.Request) -> web.Response:
    return web.json_response({"faults": request.app[STATE].faults.pending()})


@routes.delete("/sim/faults")
async def clear_faults(request: web.Request) -> web.Response:
    request.app[STATE].faults.clear()
    return web.json_response({"faults": []})


def _windows_json(state: SimState) -> web.Response:
    return web.json_response({"closed": sorted(state.windows.closed),
                              "enforce_window": state.config.enforce_window})


@routes.get("/sim/windows")
async def list_windows(request: web.Request) -> web.Response:
    return _windows_json(request.app[STATE])


@routes.post("/sim/windows")
async def set_windows(request: web.Request) -> web.Response:
    """`{"closed": [addresses], "open": [addresses]}`: closes or reopens those windows."""
    state = request.app[STATE]
    data = await _json_object(request)
    for key in ("closed", "open"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            return _bad_request(f"{key} must be a list of addresses")
    state.windows.close(normalise_address(a) for a in data.get("closed", []))
    state.windows.open(normalise_address(a) for a in data.get("open", []))
    return _windows_json(state)


@routes.delete("/sim/windows")
async def open_all_windows(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.windows.closed.clear()
    return _windows_json(state)


@routes.get("/sim/config")
async def read_config(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATE].config.public())


@routes.patch("/sim/config")
async def change_config(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        state.config.update(await _json_object(request))
    except (TypeError, ValueError) as exc:
        return _bad_request(str(exc))
    state.apply_limits()
    return web.json_response(state.config.public())


@routes.post("/sim/reset")
async def reset(request: web.Request) -> web.Response:
    """Forgets outbox, stats, faults, windows and limit history (settings stay)."""
    request.app[STATE].reset()
    return web.json_response({"reset": True})
