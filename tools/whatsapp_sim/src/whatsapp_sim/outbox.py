"""Every message the bot got accepted, in arrival order, with long-poll reads for tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class OutboxMessage:
    seq: int
    wamid: str
    to: str | None
    """Digits of `to` as Meta resolves them; None for a send addressed by `recipient` only."""
    recipient: str | None
    type: str
    body: dict[str, Any]
    received_at: float
    """Wall clock (Unix seconds)."""
    received_monotonic: float
    failed_code: int | None = None
    """Set when the send was accepted but failed afterwards (e.g. 131047, window closed)."""

    @property
    def address(self) -> str:
        return self.to or self.recipient or ""

    def matches(self, address: str) -> bool:
        return address in (self.to, self.recipient)

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "wamid": self.wamid,
            "to": self.to,
            "recipient": self.recipient,
            "type": self.type,
            "body": self.body,
            "received_at": self.received_at,
            "received_monotonic": self.received_monotonic,
            "failed_code": self.failed_code,
        }


@dataclass
class Outbox:
    wall_clock: Callable[[], float]
    monotonic: Callable[[], float]
    messages: list[OutboxMessage] = field(default_factory=list)
    _next_seq: int = 1
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _closed: bool = False

    @property
    def last_seq(self) -> int:
        return self._next_seq - 1

    def add(self, *, wamid: str, to: str | None, recipient: str | None, message_type: str,
            body: dict[str, Any], failed_code: int | None = None) -> OutboxMessage:
        message = OutboxMessage(
            seq=self._next_seq, wamid=wamid, to=to, recipient=recipient, type=message_type,
            body=body, received_at=self.wall_clock(), received_monotonic=self.monotonic(),
            failed_code=failed_code,
        )
        self._next_seq += 1
        self.messages.append(message)
        self._wake()
        return message

    def _wake(self) -> None:
        # Waiters hold the old event; a fresh one makes the next wait block again.
        self._changed.set()
        self._changed = asyncio.Event()

    def select(self, *, address: str | None = None, after: int = 0,
               include_failed: bool = False) -> list[OutboxMessage]:
        return [
            m for m in self.messages
            if m.seq > after
            and (address is None or m.matches(address))
            and (include_failed or m.failed_code is None)
        ]

    async def wait_for(self, *, address: str | None, after: int, wait_s: float,
                       include_failed: bool = False) -> list[OutboxMessage]:
        """The matching messages after `after`, waiting up to `wait_s` for the first one."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(wait_s, 0.0)
        while True:
            found = self.select(address=address, after=after, include_failed=include_failed)
            remaining = deadline - loop.time()
            if found or remaining <= 0 or self._closed:
                return found
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=remaining)

    def last_to(self, address: str, message_types: tuple[str, ...] = ()) -> OutboxMessage | None:
        """The latest message to `address` of one of `message_types` (any type if empty)."""
        for message in reversed(self.messages):
            if message.matches(address) and (not message_types or message.type in message_types):
                return message
        return None

    def by_wamid(self, wamid: str) -> OutboxMessage | None:
        return next((m for m in self.messages if m.wamid == wamid), None)

    def clear(self) -> None:
        """Forgets the messages; sequence numbers keep growing so stale `after` stays valid."""
        self.messages.clear()
        self._wake()

    def close(self) -> None:
        """Releases every long-poll at shutdown."""
        self._closed = True
        self._wake()
