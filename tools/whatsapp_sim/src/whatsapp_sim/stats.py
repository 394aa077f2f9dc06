"""Counters a test reads back to judge how the bot treated the API (`GET /sim/stats`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from whatsapp_sim.limits import Clock, SlidingWindow


@dataclass
class Stats:
    clock: Clock
    requests: int = 0
    accepted: int = 0
    reads: int = 0
    typing_indicators: int = 0
    rejections: Counter[int] = field(default_factory=Counter)
    async_failures: Counter[int] = field(default_factory=Counter)
    injected_faults: Counter[int] = field(default_factory=Counter)
    max_accepted_in_1s: int = 0
    max_requests_in_1s: int = 0
    per_recipient: dict[str, list[int]] = field(default_factory=dict)
    webhooks_posted: int = 0
    webhook_failed_attempts: int = 0
    webhooks_given_up: int = 0
    inbound_forwarded: int = 0
    gateway_statuses: Counter[int] = field(default_factory=Counter)
    arrivals: list[float] = field(default_factory=list)
    """Monotonic arrival time of every accepted send: benchmarks compute rates and the busiest
    sliding second from these (`GET /sim/stats?arrivals=1`)."""
    send_arrivals: list[float] = field(default_factory=list)
    """Arrival time of every send request, accepted or not (injected faults, limit rejections
    included): what a client sent, which is what its own limiter must keep within the budget."""
    _accepted_window: SlidingWindow = field(init=False)
    _request_window: SlidingWindow = field(init=False)

    def __post_init__(self) -> None:
        # Unlimited windows used only to measure the busiest second.
        self._accepted_window = SlidingWindow(0, 1.0, self.clock)
        self._request_window = SlidingWindow(0, 1.0, self.clock)

    def reset(self) -> None:
        fresh = Stats(self.clock)
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def request(self) -> None:
        self.requests += 1
        self.max_requests_in_1s = max(self.max_requests_in_1s, self._request_window.record())

    def send_request(self, at: float) -> None:
        self.send_arrivals.append(at)

    def accept(self, address: str, seq: int, at: float | None = None) -> None:
        at = self.clock() if at is None else at
        self.accepted += 1
        self.arrivals.append(at)
        self.max_accepted_in_1s = max(self.max_accepted_in_1s, self._accepted_window.record(at))
        self.per_recipient.setdefault(address, []).append(seq)

    def reject(self, code: int) -> None:
        self.rejections[code] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "accepted": self.accepted,
            "rejected": sum(self.rejections.values()),
            "rejections_by_code": {str(k): v for k, v in sorted(self.rejections.items())},
            "async_failures_by_code": {str(k): v for k, v in sorted(self.async_failures.items())},
            "injected_faults_by_code": {
                str(k): v for k, v in sorted(self.injected_faults.items())
            },
            "reads": self.reads,
            "typing_indicators": self.typing_indicators,
            "max_accepted_in_1s": self.max_accepted_in_1s,
            "max_requests_in_1s": self.max_requests_in_1s,
            "per_recipient": self.per_recipient,
            "webhooks": {
                "posted": self.webhooks_posted,
                "failed_attempts": self.webhook_failed_attempts,
                "given_up": self.webhooks_given_up,
            },
            "inbound": {
                "forwarded": self.inbound_forwarded,
                "gateway_statuses": {str(k): v for k, v in sorted(self.gateway_statuses.items())},
            },
        }
