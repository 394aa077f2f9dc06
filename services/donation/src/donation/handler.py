"""The donation service's behaviour: how to give, from staff-edited content, and the staff
content API (GET/PUT /admin/content)."""

from __future__ import annotations

import json

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common import replies
from common.auth import STAFF_KEY, require
from common.broker import Publisher
from common.clock import Clock
from common.contracts import DomainRequest
from common.logging import get_logger

from donation.content import ContentError
from donation.conversation import respond
from donation.store import ContentStore

log = get_logger(__name__)


class DonationHandler:
    def __init__(self, content: ContentStore, publisher: Publisher, clock: Clock) -> None:
        self._content = content
        self._publisher = publisher
        self._clock = clock

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        request = DomainRequest.model_validate_json(delivery.body)
        contents = respond(request, await self._content.current())
        log.info("donation_answered", intent=request.intent, messages=len(contents))
        await replies.answer(self._publisher, request, contents, origin="donation", clock=self._clock)

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/content", self._get), web.put("/admin/content", self._put)]

    @require("staff")
    async def _get(self, request: web.Request) -> web.StreamResponse:
        content = await self._content.current()
        return web.json_response(content.model_dump(mode="json"))

    @require("staff")
    async def _put(self, request: web.Request) -> web.StreamResponse:
        try:
            data = json.loads(await request.read())
            if not isinstance(data, dict):
                raise ContentError(["the content must be a JSON object"])
            content = await self._content.replace(data, by=request[STAFF_KEY].name, now=self._clock.now())
        except json.JSONDecodeError as exc:
            return web.json_response({"error": "not JSON", "problems": [str(exc)]}, status=400)
        except ContentError as exc:
            return web.json_response({"error": "invalid content", "problems": exc.problems}, status=400)
        log.info("donation_content_replaced", by=request[STAFF_KEY].name, sample=content.sample)
        return web.json_response({"saved": True, "sample": content.sample})
