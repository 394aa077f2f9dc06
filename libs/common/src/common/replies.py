"""Turning a service's answer to one inbound message into outbound messages for the sender."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from common import topology
from common.broker import Publisher
from common.clock import Clock
from common.contracts import Citizen, DomainRequest, OutboundMessage, Recipient, derive_id
from common.i18n import Language


def outbound(*, origin: str, citizen: Citizen, contents: Sequence[dict[str, Any]], cause: str, step: str,
             language: Language | None, clock: Clock, lane: Literal["reply", "bulk"] = "reply",
             in_reply_to: str | None = None, correlation_id: str | None = None) -> list[OutboundMessage]:
    """One `OutboundMessage` per content, ids derived from the cause so a repeat is dropped."""
    now = clock.now()
    return [
        OutboundMessage(
            id=derive_id(cause, f"{origin}:{step}:{index}"),
            origin=origin,
            lane=lane,
            correlation_id=correlation_id,
            citizen=Recipient.of(citizen),
            content=content,
            in_reply_to=in_reply_to,
            language=language,
            created_at=now,
        )
        for index, content in enumerate(contents)
    ]


async def send(publisher: Publisher, messages: Sequence[OutboundMessage]) -> None:
    """Publish in order, each confirmed before the next, so the sender sees them in order."""
    for message in messages:
        await publisher.publish(topology.OUTBOUND, message.lane, message, message_id=message.id)


async def answer(publisher: Publisher, request: DomainRequest, contents: Sequence[dict[str, Any]], *,
                 origin: str, clock: Clock, step: str = "reply") -> None:
    """A domain service's reply to the inbound message inside `request`."""
    messages = outbound(origin=origin, citizen=request.citizen, contents=contents, cause=request.message.wamid,
                        step=step, language=request.language, clock=clock, in_reply_to=request.message.wamid)
    await send(publisher, messages)
