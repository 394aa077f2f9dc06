"""Webhook-to-reply latency of a running helpline (scripts/run-local, or any deployment that
uses the bundled simulator).

For each of N made-up citizens it sends "Merhaba" through the simulator (a signed webhook to
the gateway) and waits for the first answer the sender delivers to the simulator's Graph API.
Latency = arrival time of the reply at the simulator − the time just before the webhook POST
(same machine, same wall clock). Prints one JSON line: count, median, p90, p99, max (ms).

    NO_CHAT=1 scripts/run-local &          # in one terminal
    uv run python benchmarks/latency.py --n 300 --concurrency 4
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time

import aiohttp


async def one(http: aiohttp.ClientSession, sim: str, number: str, text: str) -> float:
    started = time.time()
    async with http.post(f"{sim}/sim/messages", json={"from": number, "text": text}) as resp:
        data = await resp.json()
        if data.get("gateway_status") != 200:
            raise RuntimeError(f"gateway answered {data.get('gateway_status')}")
    async with http.get(f"{sim}/sim/outbox", params={"to": number, "after": "0", "wait": "30"}) as resp:
        messages = (await resp.json())["messages"]
    if not messages:
        raise RuntimeError("no reply within 30 s")
    return (float(messages[0]["received_at"]) - started) * 1000


async def run(sim: str, n: int, concurrency: int, text: str) -> dict[str, object]:
    prefix = f"90538{random.randrange(10_000, 99_999)}"
    latencies: list[float] = []
    failures = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def worker(http: aiohttp.ClientSession) -> None:
        nonlocal failures
        while not queue.empty():
            i = queue.get_nowait()
            try:
                latencies.append(await one(http, sim, f"{prefix}{i:05d}"[-12:], text))
            except (RuntimeError, aiohttp.ClientError, TimeoutError):
                failures += 1

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
        begun = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - begun
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    return {"count": len(latencies), "failures": failures, "concurrency": concurrency,
            "median_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p90_ms": pct(0.90), "p99_ms": pct(0.99), "max_ms": round(latencies[-1], 1) if latencies else None,
            "throughput_per_s": round(len(latencies) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sim", default="http://127.0.0.1:8700")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--text", default="Merhaba")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.sim, args.n, args.concurrency, args.text))))


if __name__ == "__main__":
    main()
