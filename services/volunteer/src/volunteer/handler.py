"""The volunteer service's behaviour: what volunteering involves and how to join.

Registration (consent, profile, call-outs) comes in a later issue; this service keeps no
citizen data yet, so its database holds nothing personal.
"""

from __future__ import annotations

from aio_pika.abc import AbstractIncomingMessage
from common import replies
from common.broker import Publisher
from common.clock import Clock
from common.contracts import DomainRequest
from common.logging import get_logger

from volunteer.conversation import respond

log = get_logger(__name__)


class VolunteerHandler:
    def __init__(self, publisher: Publisher, clock: Clock) -> None:
        self._publisher = publisher
        self._clock = clock

    async def handle(self, delivery: AbstractIncomingMessage) -> None:
        request = DomainRequest.model_validate_json(delivery.body)
        contents = respond(request)
        log.info("volunteer_answered", intent=request.intent, messages=len(contents))
        await replies.answer(self._publisher, request, contents, origin="volunteer", clock=self._clock)
