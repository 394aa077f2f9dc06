"""The Meta-facing endpoint: `POST /{version}/{phone_number_id}/messages`."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from common.logging import mask_phone
from common.templates import TEMPLATES

from whatsapp_sim.envelopes import Pricing
from whatsapp_sim.faults import Fault
from whatsapp_sim.graph_errors import (
    ACCESS_TOKEN,
    INVALID_PARAMETER,
    PAIR_RATE_LIMIT,
    REENGAGEMENT,
    THROUGHPUT,
    GraphError,
)
from whatsapp_sim.state import STATE, ReadMark, SimState
from whatsapp_sim.status_notifier import SERVICE_PRICING
from whatsapp_sim.validation import is_mark_read, validate_mark_read, validate_send
from whatsapp_sim.wire import digits, outbound_wamid

log = logging.getLogger(__name__)

def graph_error(state: SimState, error: GraphError) -> web.Response:
    state.stats.reject(error.code)
    return web.json_response(error.response_body(), status=error.status)


def _bearer_ok(request: web.Request, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value:
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


async def send_message(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.stats.request()
    if not _bearer_ok(request, state.config.access_token):
        return graph_error(state, GraphError(
            code=ACCESS_TOKEN, title="Invalid OAuth access token - Cannot parse access token",
            details="The access token is missing, malformed or not valid."))
    phone_number_id = request.match_info["phone_number_id"]
    if phone_number_id != state.config.phone_number_id:
        return graph_error(state, GraphError(
            code=INVALID_PARAMETER, type="GraphMethodException", subcode=33,
            title=f"Unsupported post request. Object with ID '{phone_number_id}' does not "
                  "exist, cannot be loaded due to missing permissions, or does not support "
                  "this operation.",
            details=f"Unknown phone number id {phone_number_id}."))
    try:
        body = json.loads(await request.read())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return graph_error(state, GraphError(code=INVALID_PARAMETER,
                                             details="Request body is not valid JSON."))
    if is_mark_read(body):
        return _mark_read(state, body)
    return await _send(state, body)


def _mark_read(state: SimState, body: Mapping[str, Any]) -> web.Response:
    if error := validate_mark_read(body):
        return graph_error(state, error)
    if state.config.count_reads_in_mps and not state.throughput.try_record():
        return graph_error(state, GraphError(code=THROUGHPUT))
    typing = body.get("typing_indicator") is not None
    state.stats.reads += 1
    state.stats.typing_indicators += int(typing)
    state.reads.append(ReadMark(str(body["message_id"]), typing, state.wall_clock()))
    return web.json_response({"success": True})


async def _fail_with(state: SimState, fault: Fault, address: str) -> web.Response:
    state.stats.injected_faults[fault.code] += 1
    log.info("injected fault %s for %s (delay %.1fs, after_accept=%s)", fault.code,
             mask_phone(address), fault.delay_s, fault.after_accept)
    if fault.delay_s:
        # Outlives the client's timeout on purpose: the caller must cope with not knowing.
        await asyncio.sleep(fault.delay_s)
    error = fault.error
    return web.json_response(error.response_body(), status=error.status)


async def _send(state: SimState, body: Any) -> web.Response:
    state.stats.send_request(state.monotonic())
    address = _address(body)
    if address is not None and (fault := state.faults.take(address, after_accept=False)):
        return await _fail_with(state, fault, address)
    if error := validate_send(body):
        log.info("rejected send to %s: %s", mask_phone(address) if address else "-", error.code)
        return graph_error(state, error)
    assert address is not None  # validate_send guarantees a recipient
    if not state.throughput.allows():
        log.info("throughput limit: rejected send to %s", mask_phone(address))
        return graph_error(state, GraphError(code=THROUGHPUT))
    if not state.pair.allows(address):
        log.info("pair rate limit: rejected send to %s", mask_phone(address))
        return graph_error(state, GraphError(code=PAIR_RATE_LIMIT))
    accepted_at = state.monotonic()
    state.throughput.record(accepted_at)
    state.pair.record(address)

    message_type = str(body.get("type", "text"))
    to = digits(body["to"]) if body.get("to") is not None else None
    recipient = None if to else str(body["recipient"])
    window_closed = state.windows.is_closed(address, enforce=state.config.enforce_window)
    failed = window_closed and message_type != "template"
    message = state.outbox.add(
        wamid=outbound_wamid(address), to=to, recipient=recipient, message_type=message_type,
        body=dict(body), failed_code=REENGAGEMENT if failed else None,
    )
    state.stats.accept(address, message.seq, accepted_at)
    log.info("accepted seq=%d to=%s type=%s%s", message.seq, mask_phone(address), message_type,
             " (window closed: will fail)" if failed else "")
    if failed:
        # Meta answers 200 and reports the closed window only in a `failed` status (§6.4).
        state.stats.async_failures[REENGAGEMENT] += 1
        state.notifier.failed(message, GraphError(code=REENGAGEMENT))
    else:
        state.notifier.delivered(message, _pricing(body, window_closed))

    if fault := state.faults.take(address, after_accept=True):
        return await _fail_with(state, fault, address)
    if state.config.response_delay_s:
        await asyncio.sleep(state.config.response_delay_s)
    contact = ({"input": body["to"], "wa_id": to} if to
               else {"input": recipient, "user_id": recipient})
    return web.json_response({
        "messaging_product": "whatsapp",
        "contacts": [contact],
        "messages": [{"id": message.wamid}],
    })


def _address(body: Any) -> str | None:
    """Whom a send body addresses, as the outbox and limits key it; `to` wins over recipient."""
    if not isinstance(body, Mapping):
        return None
    for key in ("to", "recipient"):
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return digits(value) if key == "to" and digits(value) else value
    return None


def _pricing(body: Mapping[str, Any], window_closed: bool) -> Pricing:
    if body.get("type") != "template":
        return SERVICE_PRICING
    template = TEMPLATES.get(str(body.get("template", {}).get("name")))
    category = template.category if template else "utility"
    # Utility templates inside an open window are free under per-message pricing (§6.4).
    kind = "regular" if window_closed or category != "utility" else "free_customer_service"
    return Pricing(category=category, type=kind)
