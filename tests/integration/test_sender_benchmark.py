"""The full-scale sender benchmark as a test (`-m slow`; not run in CI, which runs the scaled-down
version in test_sender_behaviour.py). Two sender replicas as processes, the simulator here."""

from __future__ import annotations

import pytest

from benchmarks.sender_throughput import main, parse

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("argv", [
    ["--mps", "80", "--messages", "2400", "--citizens", "600", "--statuses", "on"],
    ["--mps", "1000", "--messages", "30000", "--citizens", "3000", "--statuses", "off"],
], ids=["80-statuses-on", "1000-statuses-off"])
async def test_budget_is_used_and_never_exceeded(argv: list[str]) -> None:
    result = await main(parse(argv))
    assert result["lost"] == 0 and result["order_violations"] == 0 and result["duplicates"] == 0, result
    assert result["max_in_any_1s_window"] <= result["budget"], result
    assert result["achieved_vs_budget"] >= 0.98, result


@pytest.mark.timeout(600)
async def test_every_message_delivered_exactly_once_with_20_percent_rejections() -> None:
    result = await main(parse(["--mps", "1000", "--messages", "20000", "--citizens", "3000", "--statuses", "off",
                               "--reject-rate", "0.2"]))
    assert result["lost"] == 0 and result["duplicates"] == 0 and result["order_violations"] == 0, result
    assert result["max_in_any_1s_window"] <= result["budget"], result
