"""The support service's behaviour: record hand-offs, suggestions and complaints, help
requests, privacy requests and missed messages, each with a reference number, and tell the
citizen honestly what happens next. A photo, file, video or voice message sent while a
suggestion or complaint is being written or just after it was filed is attached to it
(`support.attachments`). Staff read them under /admin/requests.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common import replies
from common.auth import STAFF_KEY, require
from common.broker import Publisher
from common.clock import Clock
from common.contracts import DomainRequest
from common.jsonable import jsonable
from common.logging import get_logger
from prometheus_client import Counter

from support.attachments import ATTACH_WINDOW, Action, decide, is_media_request, media_of
from support.conversation import respond, respond_to_media
from support.hours import DEFAULT_HOURS, SupportHours, is_open
from support.kinds import (
    MENU_FEEDBACK,
    MENU_HELP,
    Kind,
    feedback_type,
    guess_kind,
    help_details,
    opens_request,
    privacy_action,
)
from support.reference import reference_from_seed
from support.store import RequestStore

log = get_logger(__name__)

OPENED = Counter("support_requests_opened_total", "Support requests opened", ["kind"])
MEDIA = Counter("support_media_total", "Photos, files, videos and voice messages, by what was done with them",
                ["action"])


def _prompted_kind(request: DomainRequest) -> str | None:
    """The kind of request a "please write it" prompt asks for."""
    if request.intent in ("feedback", f"button:{MENU_FEEDBACK}"):
        return "feedback"
    if request.intent == f"button:{MENU_HELP}":
        return "help"
    return None


class SupportHandler:
    def __init__(self, store: RequestStore, publisher: Publisher, clock: Clock,
                 hours: SupportHours = DEFAULT_HOURS, attach_window: timedelta = ATTACH_WINDOW) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock
        self._hours = hours
        self._attach_window = attach_window

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        request = DomainRequest.model_validate_json(delivery.body)
        now = self._clock.now()
        if is_media_request(request):
            await self._media(request, now)
            return
        kind = opens_request(request)
        reference: str | None = None
        followup = False
        queue_position: int | None = None
        if kind is None and request.intent == "text":
            # Asked to write a request just now (the menu again, after an earlier one): this text
            # opens a new request with its own reference, as the prompt promised.
            expected = await self._store.expected(request.citizen.id, now)
            current = None if expected else await self._store.open_request_of(request.citizen.id, now)
            if current is not None:
                reference, kind, followup = current["_id"], current["kind"], True
                await self._store.add_message(reference, request, now)
            else:
                # The citizen was asked to write it (or support is simply where they are).
                kind = expected if expected in ("feedback", "help", "handoff") else guess_kind(
                    request.message.text or "")  # type: ignore[assignment]
                request = request.model_copy(update={"intent": kind})
        if kind is None:
            prompt = _prompted_kind(request)
            if prompt:
                await self._store.expect(request.citizen.id, prompt, now)
        elif not followup:
            reference = reference_from_seed(request.message.wamid, kind)
            await self._store.open(reference, kind, request, now, self._details(kind, request))
            OPENED.labels(kind).inc()
            if kind == "handoff":
                queue_position = await self._store.queue_position(reference)
        contents = respond(request, kind=kind or "feedback", reference=reference,
                           open_now=is_open(now, self._hours), queue_position=queue_position,
                           followup=followup, hours=self._hours)
        log.info("support_answered", intent=request.intent, kind=kind, followup=followup, messages=len(contents))
        await replies.answer(self._publisher, request, contents, origin="support", clock=self._clock)

    async def _media(self, request: DomainRequest, now: datetime) -> None:
        """A photo, file, video or voice message: attached to the complaint being written or
        just filed, else the kind reply (see `attachments.decide`)."""
        citizen_id = request.citizen.id
        reference: str | None = None
        latest: dict[str, Any] | None = None
        action: Action = "decline"
        if media_of(request.message) is not None:
            latest = await self._store.open_request_of(citizen_id, now)
            action = decide(latest, await self._store.peek_expected(citizen_id, now), now, self._attach_window)
        if action == "attach" and latest is not None:
            reference = latest["_id"]
            await self._store.attach(reference, request, now)
        elif action == "open":
            # The citizen was asked to write a suggestion or complaint and sent the photo (with
            # or without the text as its caption): it opens the request, the text joins it.
            request = request.model_copy(update={"intent": "feedback"})
            reference = reference_from_seed(request.message.wamid, "feedback")
            await self._store.open(reference, "feedback", request, now, self._details("feedback", request))
            await self._store.forget_expected(citizen_id)
            OPENED.labels("feedback").inc()
        MEDIA.labels(action).inc()
        contents = respond_to_media(request, action=action, reference=reference)
        # No media id, caption or wamid in the log: they are personal data.
        log.info("support_media", type=request.message.type, action=action, messages=len(contents))
        await replies.answer(self._publisher, request, contents, origin="support", clock=self._clock)

    @staticmethod
    def _details(kind: Kind, request: DomainRequest) -> dict[str, Any]:
        text = request.message.text or ""
        if kind == "help":
            return dataclasses.asdict(help_details(text))
        if kind == "feedback":
            return {"type": feedback_type(text)}
        if kind == "privacy":
            return {"action": privacy_action(request.intent) or "erase"}
        if kind == "missed":
            return {"age_s": int((request.message.received_at - request.message.timestamp).total_seconds())}
        return {}

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/admin/requests", self._list),
            web.get("/admin/requests/{ref}", self._get),
            web.post("/admin/requests/{ref}/close", self._close),
        ]

    @require("agent", "staff")
    async def _list(self, request: web.Request) -> web.StreamResponse:
        limit = min(int(request.query.get("limit", "50")), 500)
        items = await self._store.list(kind=request.query.get("kind"), status=request.query.get("status"),
                                       limit=limit)
        return web.json_response({"items": jsonable(items)})

    @require("agent", "staff")
    async def _get(self, request: web.Request) -> web.StreamResponse:
        doc = await self._store.get(request.match_info["ref"])
        if doc is None:
            raise web.HTTPNotFound()
        return web.json_response(jsonable(doc))

    @require("agent")
    async def _close(self, request: web.Request) -> web.StreamResponse:
        closed = await self._store.close(request.match_info["ref"], request[STAFF_KEY].name, self._clock.now())
        return web.json_response({"closed": closed}, status=200 if closed else 409)
