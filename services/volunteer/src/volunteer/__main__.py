"""Volunteer service: volunteering information and how to join. Consumes `volunteer.requests`."""

from __future__ import annotations

from common import topology
from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from volunteer.handler import VolunteerHandler
from volunteer.privacy import install as install_privacy


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    runtime = Runtime(settings)
    handler = VolunteerHandler(runtime.publisher, clock or SystemClock())
    runtime.consume(topology.domain_queue("volunteer"), handler.handle)
    # Privacy (issue 4): erase/report queue, guards against late messages, retention job.
    install_privacy(runtime, settings, clock or SystemClock())
    return runtime


if __name__ == "__main__":
    main(build, "volunteer")
