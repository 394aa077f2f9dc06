"""Which citizens have an open 24-hour customer service window (§6.4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

WINDOW_S = 24 * 3600


class ServiceWindows:
    """Closed either by explicit request (`POST /sim/windows`) or, when `enforce` is on, because
    the citizen has not written within 24 h. A message from the citizen always opens it."""

    def __init__(self, wall_clock: Callable[[], float]) -> None:
        self._clock = wall_clock
        self.closed: set[str] = set()
        self.last_inbound: dict[str, float] = {}

    def close(self, addresses: Iterable[str]) -> None:
        self.closed.update(addresses)

    def open(self, addresses: Iterable[str]) -> None:
        self.closed.difference_update(addresses)

    def citizen_wrote(self, addresses: Iterable[str]) -> None:
        now = self._clock()
        for address in addresses:
            self.closed.discard(address)
            self.last_inbound[address] = now

    def is_closed(self, address: str, *, enforce: bool) -> bool:
        if address in self.closed:
            return True
        if not enforce:
            return False
        last = self.last_inbound.get(address)
        return last is None or self._clock() - last > WINDOW_S

    def clear(self) -> None:
        self.closed.clear()
        self.last_inbound.clear()
