"""Test-wide set-up: which MongoDB runs, and RabbitMQ virtual hosts per test.

MongoDB: real when MONGODB_URL is set or a Docker engine answers (testcontainers); otherwise
the in-memory double. The choice is printed in the pytest header, and tests that need a real
server say so when they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

_backend: dict[str, str | None] = {}


def _docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=15).returncode == 0
    except (subprocess.TimeoutExpired, OSError):
        return False


def mongo_backend() -> tuple[str, str | None]:
    """("mongodb", url) or ("double", None); decided once per run."""
    if "kind" not in _backend:
        if os.environ.get("MONGODB_URL"):
            _backend.update(kind="mongodb", url=os.environ["MONGODB_URL"], how="MONGODB_URL")
        elif _docker_available():
            from testcontainers.mongodb import MongoDbContainer

            container = MongoDbContainer("mongo:7")
            container.start()
            _backend.update(kind="mongodb", url=container.get_connection_url(), how="testcontainers")
            _backend["container"] = None
            _containers.append(container)
        else:
            _backend.update(kind="double", url=None, how="pymongo-async-mock (no MONGODB_URL, no Docker engine)")
    return str(_backend["kind"]), _backend["url"]


_containers: list[object] = []


def pytest_report_header() -> list[str]:
    kind, _ = mongo_backend()
    return [f"MongoDB under test: {kind} via {_backend['how']}"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    kind, _ = mongo_backend()
    terminalreporter.write_line(
        f"MongoDB under test: {kind} via {_backend['how']}"
        + ("" if kind == "mongodb" else " — storage behaviour was NOT verified on a real MongoDB server"))


@pytest.fixture(scope="session", autouse=True)
def _stop_containers() -> Iterator[None]:
    yield
    for container in _containers:
        container.stop()  # type: ignore[attr-defined]
