"""Garbage-collector settings for long-running, high-throughput processes.

CPython's cyclic collector walks every tracked object in a full (generation 2) collection. A
service that has imported aiohttp, aio-pika, pydantic and pymongo already holds several hundred
thousand objects, and each full collection stalled the active sender's event loop for 50-240 ms
at 1,000 sends/s (measured with gc.callbacks): every stall is a gap in the budget and a late
reply. Almost all garbage here is freed by reference counting; cycles are rare and short-lived,
so the young generations still catch them.

- `gc.freeze()` after start-up moves what was built at import and start-up (modules, classes,
  settings, topology) to a permanent generation that collections skip.
- A larger generation-0 threshold makes young collections rarer (each one is short), and a
  larger generation-2 threshold makes full collections rarer still.
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 10, 100)


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
