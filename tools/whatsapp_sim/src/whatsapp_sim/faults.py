"""Injected failures for the next matching sends (`POST /sim/faults`)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from whatsapp_sim.graph_errors import UNKNOWN_ERROR, GraphError
from whatsapp_sim.wire import digits


@dataclass
class Fault:
    code: int = UNKNOWN_ERROR
    http_status: int | None = None
    count: int = 1
    to: str | None = None
    timeout: bool = False
    delay_s: float = 0.0
    after_accept: bool = False
    details: str = ""
    probability: float = 1.0
    """Each matching send is hit with this probability (benchmarks inject e.g. 20 % rejections);
    only a hit spends the count."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], default_timeout_s: float) -> Fault:
        """Raises ValueError on a malformed request, so the caller can answer 400."""
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        try:
            fault = cls(
                code=int(data.get("code", UNKNOWN_ERROR)),
                http_status=None if data.get("http_status") is None else int(data["http_status"]),
                count=int(data.get("count", 1)),
                to=None if data.get("to") is None else str(data["to"]),
                timeout=bool(data.get("timeout", False)),
                delay_s=float(data.get("delay_s", 0.0)),
                after_accept=bool(data.get("after_accept", False)),
                details=str(data.get("details", "")),
                probability=float(data.get("probability", 1.0)),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad fault: {exc}") from exc
        if fault.count < 1 or fault.delay_s < 0 or not 0 < fault.probability <= 1:
            raise ValueError("count must be ≥1, delay_s ≥0 and probability in (0, 1]")
        if fault.timeout and fault.delay_s == 0:
            fault.delay_s = default_timeout_s
        return fault

    def matches(self, address: str) -> bool:
        if self.to is None:
            return True
        return self.to == address or (digits(self.to) != "" and digits(self.to) == address)

    @property
    def error(self) -> GraphError:
        return GraphError(code=self.code, details=self.details, http_status=self.http_status)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    """Faults in the order they were added; the first match is used and its count spent."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def take(self, address: str, *, after_accept: bool) -> Fault | None:
        for fault in self._faults:
            if fault.after_accept == after_accept and fault.matches(address):
                if fault.probability < 1 and random.random() >= fault.probability:
                    continue
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self._faults.clear()

    def pending(self) -> list[dict[str, Any]]:
        return [fault.as_json() for fault in self._faults]
