"""Everything one running simulator remembers, in memory only."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from whatsapp_sim.config import SimConfig
from whatsapp_sim.faults import FaultBook
from whatsapp_sim.gateway_client import GatewayPoster
from whatsapp_sim.limits import Clock, PerKeyWindows, SlidingWindow
from whatsapp_sim.outbox import Outbox
from whatsapp_sim.service_window import ServiceWindows
from whatsapp_sim.stats import Stats
from whatsapp_sim.status_notifier import StatusNotifier
from whatsapp_sim.wire import digits


@dataclass
class ReadMark:
    message_id: str
    typing: bool
    at: float

    def as_json(self) -> dict[str, Any]:
        return {"message_id": self.message_id, "typing": self.typing, "at": self.at}


@dataclass
class SimState:
    config: SimConfig
    monotonic: Clock = time.monotonic
    wall_clock: Clock = time.time
    outbox: Outbox = field(init=False)
    stats: Stats = field(init=False)
    faults: FaultBook = field(init=False)
    throughput: SlidingWindow = field(init=False)
    pair: PerKeyWindows = field(init=False)
    windows: ServiceWindows = field(init=False)
    poster: GatewayPoster = field(init=False)
    notifier: StatusNotifier = field(init=False)
    reads: list[ReadMark] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.outbox = Outbox(self.wall_clock, self.monotonic)
        self.stats = Stats(self.monotonic)
        self.faults = FaultBook()
        self.throughput = SlidingWindow(self.config.mps, 1.0, self.monotonic)
        self.pair = PerKeyWindows(self.config.pair_limit, self.config.pair_window_s,
                                  self.monotonic)
        self.windows = ServiceWindows(self.wall_clock)
        self.poster = GatewayPoster(self.config, self.stats)
        self.notifier = StatusNotifier(self.config, self.poster)

    def apply_limits(self) -> None:
        """Picks up limit changes made through `PATCH /sim/config`."""
        self.throughput.limit = self.config.mps
        self.pair.reconfigure(self.config.pair_limit, self.config.pair_window_s)

    def reset(self) -> None:
        self.outbox.clear()
        self.stats.reset()
        self.faults.clear()
        self.throughput.clear()
        self.pair.clear()
        self.windows.clear()
        self.reads.clear()


STATE = web.AppKey("whatsapp_sim.state", SimState)


def normalise_address(address: str) -> str:
    """Phone numbers compare by digits (`+90 532…` = `90532…`); user ids (`TR.134…`) as given."""
    if address and all(ch in "+0123456789 -()" for ch in address):
        return digits(address)
    return address
