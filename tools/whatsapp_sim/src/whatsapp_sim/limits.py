"""Sliding-window counters for Meta's throughput (130429) and pair rate (131056) limits."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

Clock = Callable[[], float]


class SlidingWindow:
    """At most `limit` events in any `window_s`-long interval; `limit` 0 means unlimited."""

    def __init__(self, limit: int, window_s: float, clock: Clock) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._times: deque[float] = deque()

    def _trim(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window_s:
            self._times.popleft()

    def count(self) -> int:
        self._trim(self._clock())
        return len(self._times)

    def allows(self) -> bool:
        return self.limit <= 0 or self.count() < self.limit

    def record(self, now: float | None = None) -> int:
        """Counts one event now (or at `now`, read by the caller from the same clock, so that
        what it reports elsewhere carries the very instant the limit counted); returns how many
        fall in the window ending then."""
        now = self._clock() if now is None else now
        self._trim(now)
        self._times.append(now)
        return len(self._times)

    def try_record(self) -> bool:
        if not self.allows():
            return False
        self.record()
        return True

    def clear(self) -> None:
        self._times.clear()


class PerKeyWindows:
    """One `SlidingWindow` per recipient, so one busy chat does not throttle the others."""

    def __init__(self, limit: int, window_s: float, clock: Clock) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._windows: dict[str, SlidingWindow] = {}

    def _window(self, key: str) -> SlidingWindow:
        window = self._windows.get(key)
        if window is None or window.limit != self.limit or window.window_s != self.window_s:
            window = self._windows[key] = SlidingWindow(self.limit, self.window_s, self._clock)
        return window

    def allows(self, key: str) -> bool:
        return self.limit <= 0 or self._window(key).allows()

    def record(self, key: str) -> None:
        if self.limit > 0:
            self._window(key).record()

    def reconfigure(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s

    def clear(self) -> None:
        self._windows.clear()
