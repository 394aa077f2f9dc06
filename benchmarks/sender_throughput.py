"""Sender throughput benchmark: TWO sender replicas against the simulator (not a timed test).

Preloads `--messages` outbound messages for `--citizens` citizens (each citizen's messages in
order, in one lane; a third of the citizens get replies, the rest bulk) into a fresh RabbitMQ
virtual host, starts the simulator in this process (throughput limit = the cap) and two sender
replicas as separate processes (`python -m sender`, in-memory store), optionally the gateway for
status webhooks, and waits until every message was accepted. All figures come from the arrival
times the simulator recorded (`GET /sim/stats?arrivals=1`) and its outbox. Prints one JSON line.

    uv run python benchmarks/sender_throughput.py --mps 80 --messages 2400 --statuses on
    uv run python benchmarks/sender_throughput.py --mps 1000 --messages 30000 --statuses off
    uv run python benchmarks/sender_throughput.py --mps 1000 --messages 20000 --reject-rate 0.2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
import uvloop
from aiohttp import web
from common import topology
from common.contracts import OutboundMessage, Recipient
from common.gc_tuning import tune_gc
from whatsapp_sim.app import create_app
from whatsapp_sim.config import SimConfig

RABBIT_API = os.environ.get("RABBITMQ_API", "http://127.0.0.1:15672/api")
AUTH = {"Authorization": aiohttp.encode_basic_auth("guest", "guest")}
TOKEN = "bench-access-token"  # noqa: S105 - the simulator's made-up token
SECRET = "bench-app-secret"  # noqa: S105
TIMEOUT_FAULT_CODE = 131016  # after-acceptance timeouts are injected with this code, to count them apart


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def vhost(method: str, name: str) -> None:
    async with aiohttp.ClientSession(headers=AUTH) as http:
        async with http.request(method, f"{RABBIT_API}/vhosts/{name}") as resp:
            resp.raise_for_status()
        if method == "PUT":
            async with http.put(f"{RABBIT_API}/permissions/{name}/guest",
                                json={"configure": ".*", "write": ".*", "read": ".*"}) as resp:
                resp.raise_for_status()


def max_in_window(arrivals: list[float], window: float = 1.0) -> int:
    """Highest number of arrivals in any half-open window (t - window, t] (the simulator's rule)."""
    best, left = 0, 0
    for right, t in enumerate(arrivals):
        while arrivals[left] <= t - window:
            left += 1
        best = max(best, right - left + 1)
    return best


def order_violations(sequences: dict[str, list[int]]) -> int:
    """Messages that reached the API before an earlier one of the same citizen (first acceptances)."""
    violations = 0
    for seqs in sequences.values():
        highest = -1
        for seq in seqs:
            if seq < highest:
                violations += 1
            highest = max(highest, seq)
    return violations


async def preload(amqp_url: str, run: str, messages: int, citizens: int) -> dict[str, str]:
    """Publishes round by round (message k of every citizen, confirmed, then k+1), so each
    citizen's messages enter their lane in order. Returns outbound id -> citizen."""
    connection = await aio_pika.connect(amqp_url)
    expected: dict[str, str] = {}
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await topology.declare(channel, 2)
        # The origin's delivery-status queue, as an origin service would bind it.
        await topology.declare_delivery_queue(channel, "bench")
        exchange = await channel.get_exchange(topology.OUTBOUND)
        per_citizen = -(-messages // citizens)
        now = datetime.now(UTC)
        count = 0
        for k in range(per_citizen):
            batch = []
            for c in range(citizens):
                if count >= messages:
                    break
                count += 1
                citizen = f"c{c}"
                number = f"90539{c:07d}"
                lane = "reply" if c % 3 == 0 else "bulk"
                out_id = f"{run}:{citizen}:{k}"
                expected[out_id] = citizen
                message = OutboundMessage(id=out_id, origin="bench", lane=lane,
                                          citizen=Recipient(citizen_id=citizen, to=number),
                                          content={"type": "text", "text": {"body": f"bench {out_id}"}},
                                          created_at=now)
                batch.append(exchange.publish(aio_pika.Message(message.model_dump_json(by_alias=True).encode(),
                                                               delivery_mode=2, message_id=out_id),
                                              routing_key=lane))
            await asyncio.gather(*batch)
    return expected


async def status_depth(amqp_url: str) -> int:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(topology.SENDER_STATUS_QUEUE, passive=True)
        return int(queue.declaration_result.message_count or 0)


async def start_process(module: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", module, env={**os.environ, **env},
                                                stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL)


async def metric_sum(http: aiohttp.ClientSession, port: int, name: str) -> float:
    try:
        async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
            text = await resp.text()
    except aiohttp.ClientError:
        return 0.0
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith(name) and not line.startswith("#"))


async def main(args: argparse.Namespace) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    name = f"bench_{run}"
    await vhost("PUT", name)
    amqp_url = f"amqp://guest:guest@127.0.0.1:5672/{name}"
    statuses = args.statuses == "on"
    gateway_port = free_port()
    config = SimConfig(port=0, app_secret=SECRET, access_token=TOKEN, mps=args.mps, status_webhooks=statuses,
                       read_receipts=False, sent_delay_s=0.01, delivered_delay_s=0.02, read_delay_s=0.05,
                       gateway_webhook_url=f"http://127.0.0.1:{gateway_port}/webhook")
    sim_app = create_app(config)
    tune_gc()  # as the simulator's own process does: its outbox grows with every message
    runner = web.AppRunner(sim_app, access_log=None)
    await runner.setup()
    sim_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", sim_port).start()
    sim_url = f"http://127.0.0.1:{sim_port}"
    processes: list[asyncio.subprocess.Process] = []
    tokens_dir = tempfile.mkdtemp(prefix="bench_tokens_")
    common_env = {"AMQP_URL": amqp_url, "DEV_MODE": "1", "LOG_LEVEL": "warning", "WHATSAPP_APP_SECRET": SECRET,
                  "WHATSAPP_VERIFY_TOKEN": "bench", "WHATSAPP_ACCESS_TOKEN": TOKEN, "GRAPH_API_BASE": sim_url,
                  "GRAPH_TIMEOUT_S": str(args.graph_timeout), "ROUTER_PARTITIONS": "2",
                  "STAFF_TOKENS_FILE": os.path.join(tokens_dir, "tokens.json")}
    sender_ports = [free_port() for _ in range(args.replicas)]
    http = aiohttp.ClientSession()
    try:
        expected = await preload(amqp_url, run, args.messages, args.citizens)
        if args.reject_rate > 0:
            # Three independent faults, each hit with p, so that 1-(1-p)^3 = reject_rate.
            p = 1 - (1 - args.reject_rate) ** (1 / 3)
            for code, status in ((2, 503), (130429, 400), (131056, 400)):
                async with http.post(f"{sim_url}/sim/faults", json={"code": code, "http_status": status,
                                                                    "count": 10**9, "probability": p}) as resp:
                    resp.raise_for_status()
        if args.timeouts:
            async with http.post(f"{sim_url}/sim/faults", json={
                    "code": TIMEOUT_FAULT_CODE, "count": args.timeouts, "probability": 0.01, "timeout": True,
                    "delay_s": args.graph_timeout + 0.5, "after_accept": True}) as resp:
                resp.raise_for_status()
        if statuses:
            processes.append(await start_process("gateway", {**common_env, "SERVICE_NAME": "gateway",
                                                             "HTTP_PORT": str(gateway_port)}))
        for port in sender_ports:
            processes.append(await start_process("sender", {
                **common_env, "SERVICE_NAME": "sender", "HTTP_PORT": str(port), "SENDER_MPS": str(args.mps),
                "SENDER_STORE": "memory", "SENDER_RETRY_BASE_S": "0.5", "SENDER_PREFETCH": str(args.prefetch),
                "SENDER_MAX_ATTEMPTS": "20", "SENDER_WINDOW_MARGIN_S": str(args.margin)}))
        started = time.monotonic()
        deadline = started + args.messages / (args.mps * (1 - args.reject_rate)) * 2 + 60
        unique: set[str] = set()
        outbox: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            await asyncio.sleep(2.0)
            async with http.get(f"{sim_url}/sim/stats") as resp:
                stats = await resp.json()
            if stats["accepted"] >= len(expected):
                async with http.get(f"{sim_url}/sim/outbox", params={"after": "0"}) as resp:
                    outbox = (await resp.json())["messages"]
                unique = {m["body"]["text"]["body"].split(" ", 1)[1] for m in outbox}
                if len(unique) >= len(expected):
                    break
        await asyncio.sleep(2.0)  # late duplicates, if any, would arrive now
        status_result: dict[str, Any] = {}
        if statuses:
            drain_start = time.monotonic()
            while time.monotonic() - drain_start < 120:
                async with http.get(f"{sim_url}/sim/stats") as resp:
                    pending = (await resp.json())["status_webhooks_pending"]
                if not pending and await status_depth(amqp_url) == 0:
                    break
                await asyncio.sleep(1.0)
            processed = sum([await metric_sum(http, p, "sender_statuses_total") for p in sender_ports])
            status_result = {"status_webhooks_processed": int(processed),
                             "status_backlog_drained_s": round(time.monotonic() - drain_start, 1)}
        async with http.get(f"{sim_url}/sim/stats", params={"arrivals": "1"}) as resp:
            stats = await resp.json()
        async with http.get(f"{sim_url}/sim/outbox", params={"after": "0"}) as resp:
            outbox = (await resp.json())["messages"]
        # What the limiter's guarantee costs: each send holds its slot for the window plus these.
        timing = {}
        for metric in ("sender_graph_request_seconds", "sender_slot_lead_seconds"):
            total = sum([await metric_sum(http, p, f"{metric}_sum") for p in sender_ports])
            count = sum([await metric_sum(http, p, f"{metric}_count") for p in sender_ports])
            timing[f"mean_{metric.removeprefix('sender_').removesuffix('_seconds')}_ms"] = \
                round(1000 * total / count, 2) if count else None
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(process.wait(), 15)
        await http.close()
        await runner.cleanup()
        await vhost("DELETE", name)
    arrivals: list[float] = stats["arrivals"]
    if args.dump_arrivals:
        dump = json.dumps({"accepted": arrivals, "sent": stats["send_arrivals"]})
        await asyncio.to_thread(Path(args.dump_arrivals).write_text, dump)
    sent_arrivals: list[float] = stats["send_arrivals"]
    ids = [m["body"]["text"]["body"].split(" ", 1)[1] for m in outbox]
    counts = Counter(ids)
    sequences: dict[str, list[int]] = defaultdict(list)
    seen: set[str] = set()
    for out_id in ids:
        if out_id in seen:
            continue
        seen.add(out_id)
        _, citizen, k = out_id.rsplit(":", 2)
        sequences[citizen].append(int(k))
    duplicates = sum(c - 1 for c in counts.values())
    timeouts_after_accept = int(stats["injected_faults_by_code"].get(str(TIMEOUT_FAULT_CODE), 0))
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    budget = args.mps
    achieved = (len(arrivals) - 1) / span if span else 0.0
    return {
        "replicas": args.replicas, "budget": budget, "messages": len(expected), "citizens": args.citizens,
        "status_webhooks": statuses, "reject_rate": args.reject_rate,
        "achieved_rate": round(achieved, 2), "achieved_vs_budget": round(achieved / budget, 4),
        # Every request that reached the simulator counts, rejected or not: what the senders sent.
        "max_sent_in_any_1s_window": max_in_window(sent_arrivals),
        "windows_over_budget": max_in_window(sent_arrivals) > budget,
        "max_accepted_in_any_1s_window": max_in_window(arrivals),
        "throughput_rejections": int(stats["rejections_by_code"].get("130429", 0)),
        "order_violations": order_violations(sequences),
        "lost": len(set(expected) - set(counts)),
        "duplicates": duplicates - min(duplicates, timeouts_after_accept),
        "duplicates_after_accepted_timeouts": min(duplicates, timeouts_after_accept),
        "rejected_by_sim": stats["rejections_by_code"], "injected": stats["injected_faults_by_code"],
        "wall_s": round(span, 2), **timing, **status_result,
    }


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mps", type=int, default=80)
    parser.add_argument("--messages", type=int, default=2400)
    parser.add_argument("--citizens", type=int, default=600)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--statuses", choices=("on", "off"), default="on")
    parser.add_argument("--reject-rate", type=float, default=0.0)
    parser.add_argument("--timeouts", type=int, default=0, help="timeouts after acceptance to inject")
    parser.add_argument("--graph-timeout", type=float, default=2.0)
    parser.add_argument("--prefetch", type=int, default=1000)
    parser.add_argument("--margin", type=float, default=0.0)
    parser.add_argument("--dump-arrivals", metavar="FILE", help="write the arrival times (JSON) for a closer look")
    return parser.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(uvloop.run(main(parse()))))
