"""The blood service's behaviour: answer blood requests from the router, and let staff
import the real list of donation points (PUT /admin/points, same format as the sample)."""

from __future__ import annotations

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from common import replies
from common.auth import STAFF_KEY, require
from common.broker import Publisher
from common.clock import Clock
from common.consent import ConsentStore
from common.contracts import DomainRequest
from common.jsonable import jsonable
from common.logging import get_logger

from blood.conversation import opts_out_of_alerts, respond
from blood.gazetteer import Gazetteer
from blood.points import PointsFileError, parse_points_file
from blood.store import PointStore

log = get_logger(__name__)

BLOOD_ALERTS = "blood_alerts"  # the consent purpose (common.consent.PURPOSES)


class BloodHandler:
    def __init__(self, points: PointStore, gazetteer: Gazetteer, publisher: Publisher, clock: Clock,
                 consents: ConsentStore) -> None:
        self._consents = consents
        self._points = points
        self._gazetteer = gazetteer
        self._publisher = publisher
        self._clock = clock

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        request = DomainRequest.model_validate_json(delivery.body)
        if opts_out_of_alerts(request):
            # Recorded before the reply says so: alert sends check `has_consent(..., BLOOD_ALERTS)`.
            await self._consents.opt_out(request.citizen.id, BLOOD_ALERTS, wamid=request.message.wamid,
                                         now=self._clock.now())
            log.info("blood_alerts_opt_out")
        contents = respond(request, await self._points.all(), self._gazetteer)
        log.info("blood_answered", intent=request.intent, messages=len(contents))
        await replies.answer(self._publisher, request, contents, origin="blood", clock=self._clock)

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/admin/points", self._list), web.put("/admin/points", self._import)]

    @require("staff")
    async def _list(self, request: web.Request) -> web.StreamResponse:
        points = await self._points.all()
        return web.json_response({"info": jsonable(await self._points.info()),
                                  "points": [p.model_dump() for p in points]})

    @require("staff")
    async def _import(self, request: web.Request) -> web.StreamResponse:
        """Replace the whole list with a `kizilay-donation-points/v1` file; all or nothing."""
        try:
            points = parse_points_file(await request.read(), gazetteer=self._gazetteer)
        except PointsFileError as exc:
            return web.json_response({"error": "invalid points file", "problems": exc.problems}, status=400)
        member = request[STAFF_KEY]
        await self._points.replace_all(points, source=f"import by {member.name}", now=self._clock.now())
        log.info("points_imported", count=len(points), by=member.name)
        return web.json_response({"imported": len(points)})

