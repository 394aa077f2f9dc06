"""The full-scale sender benchmark as a test (`-m slow`; not run in CI, which runs the scaled-down
version in test_sender_behaviour.py). It runs the documented command, `benchmarks/sender_throughput.py`,
as its own process (two sender replicas as processes, the simulator in the benchmark's process, all on
uvloop as in production), so that pytest's own event loop does not share a core with the simulator."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "sender_throughput.py"


async def _benchmark(*argv: str) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(sys.executable, str(SCRIPT), *argv,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result


@pytest.mark.timeout(600)
@pytest.mark.parametrize("argv", [
    ["--mps", "80", "--messages", "2400", "--statuses", "on"],
    ["--mps", "1000", "--messages", "30000", "--statuses", "off"],
], ids=["80-statuses-on", "1000-statuses-off"])
async def test_budget_is_used_and_never_exceeded(argv: list[str]) -> None:
    result = await _benchmark(*argv)
    assert result["lost"] == 0 and result["order_violations"] == 0 and result["duplicates"] == 0, result
    assert result["max_sent_in_any_1s_window"] <= result["budget"], result
    assert result["achieved_vs_budget"] >= 0.98, result


@pytest.mark.timeout(600)
async def test_every_message_delivered_exactly_once_with_20_percent_rejections() -> None:
    result = await _benchmark("--mps", "1000", "--messages", "20000", "--statuses", "off", "--reject-rate", "0.2")
    assert result["lost"] == 0 and result["duplicates"] == 0 and result["order_violations"] == 0, result
    assert result["max_sent_in_any_1s_window"] <= result["budget"], result
