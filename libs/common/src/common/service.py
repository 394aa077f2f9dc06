"""The runtime every service shares: broker, database, HTTP (health, metrics, admin), drain.

A service's `__main__` builds a `Runtime`, registers its consumers and routes, and calls
`run()`; tests call `start()`/`stop()` to run several services in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import uvloop
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, generate_latest
from pymongo import IndexModel

from common import topology
from common.auth import TOKENS_KEY, TokenStore
from common.broker import Consumer, Handler, Publisher, connect
from common.gc_tuning import tune_gc
from common.logging import configure_logging, get_logger
from common.mongo import ConfigError, Database, ensure_indexes, open_database
from common.settings import Settings

log = get_logger(__name__)

Guard = Callable[[AbstractIncomingMessage], Awaitable[bool]]

READY = Gauge("helpline_ready", "1 when broker and database are reachable", ["service"])


class Runtime:
    def __init__(self, settings: Settings, *, uses_database: bool = True,
                 indexes: Mapping[str, Sequence[IndexModel]] | None = None) -> None:
        self.settings = settings
        self.name = settings.service_name
        self._uses_database = uses_database
        self._indexes = indexes or {}
        self.connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self.publisher = Publisher()
        self.database: Database | None = None
        self._consumer_specs: list[tuple[str, Handler, dict[str, Any]]] = []
        self._guards: dict[str, list[Guard]] = {}
        self._consumers: list[Consumer] = []
        self.app = web.Application(client_max_size=4 * 1024 * 1024)
        self.app[TOKENS_KEY] = TokenStore(settings.staff_tokens_file)
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/readyz", self._readyz)
        self.app.router.add_get("/metrics", self._metrics)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._on_start: list[Callable[[], Awaitable[None]]] = []
        self._on_stop: list[Callable[[], Awaitable[None]]] = []
        self._stopped = asyncio.Event()

    @property
    def db(self) -> Database:
        assert self.database is not None, "runtime has no database"
        return self.database

    def consume(self, queue: str, handler: Handler, *, retry_mode: Literal["delay", "requeue"] = "delay",
                serial: bool = False, prefetch: int | None = None) -> None:
        self._consumer_specs.append((queue, handler, {"retry_mode": retry_mode, "serial": serial,
                                                      "prefetch": prefetch or self.settings.amqp_prefetch}))

    def add_indexes(self, indexes: Mapping[str, Sequence[IndexModel]]) -> None:
        """More indexes, declared at start-up with the service's own (e.g. a privacy module's)."""
        self._indexes = {**self._indexes, **indexes}

    def add_guard(self, queue: str, guard: Guard) -> None:
        """Run `guard` before the handler of `queue`; False drops (acks) the message.

        Lets a module (e.g. a service's privacy module) stop late messages of an erased citizen
        without editing the handler that owns the queue. Guards registered before the
        consumers start (in `on_start` hooks) apply.
        """
        self._guards.setdefault(queue, []).append(guard)

    def guards_for(self, queue: str) -> list[Guard]:
        """The guards of a queue, for a component that consumes it by its own means."""
        return list(self._guards.get(queue, []))

    def add_routes(self, routes: Iterable[web.RouteDef]) -> None:
        self.app.add_routes(list(routes))

    def on_start(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_start.append(hook)

    def on_stop(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._on_stop.append(hook)

    async def start(self) -> None:
        if self._uses_database:
            # Refuses to start without MONGODB_URL unless dev mode was chosen explicitly.
            self.database = open_database(self.settings)
            await ensure_indexes(self.database, self._indexes)
        self.connection = await connect(self.settings.amqp_url)
        self._publish_channel = await self.connection.channel(publisher_confirms=True)
        await topology.declare(self._publish_channel, self.settings.router_partitions)
        self.publisher.bind(self._publish_channel)
        for hook in self._on_start:
            await hook()
        for queue, handler, options in self._consumer_specs:
            channel = await self.connection.channel(publisher_confirms=True)
            consumer = Consumer(channel, Publisher(channel), queue, guarded(handler, self._guards.get(queue, [])),
                                max_attempts=self.settings.max_attempts, **options)
            await consumer.start()
            self._consumers.append(consumer)
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.http_host, self.settings.http_port)
        await site.start()
        server = site._server  # the bound port when 0 was asked for (tests)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.http_port
        log.info("service_started", port=self.port, database=self.database.kind if self.database else None,
                 consumers=[c.queue_name for c in self._consumers])

    async def stop(self) -> None:
        """Graceful drain: stop consuming, finish in-flight messages, then close everything."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        # Every step is bounded: a process must leave within its grace period (Kubernetes sends
        # SIGKILL after it) even when the broker or the database stops answering.
        limit = self.settings.drain_timeout_s + 5
        for consumer in self._consumers:
            await _bounded(consumer.stop(self.settings.drain_timeout_s), limit, "consumer")
        for hook in reversed(self._on_stop):
            await _bounded(hook(), limit, "stop hook")
        if self._runner is not None:
            await _bounded(self._runner.cleanup(), limit, "http server")
        if self.connection is not None:
            await _bounded(self.connection.close(), limit, "broker connection")
        if self.database is not None:
            await _bounded(self.database.close(), limit, "database")
        log.info("service_stopped")

    async def run(self) -> None:
        """Run until SIGTERM/SIGINT, then drain."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await self.start()
        tune_gc()  # after start-up, so what it built is frozen (common/gc_tuning.py)
        await stop.wait()
        log.info("service_draining")
        await self.stop()

    async def ready(self) -> dict[str, bool]:
        broker = self.connection is not None and not self.connection.is_closed
        database = await self.database.ping() if self.database is not None else True
        READY.labels(self.name).set(1 if broker and database else 0)
        return {"broker": broker, "database": database}

    async def _healthz(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "service": self.name})

    async def _readyz(self, _: web.Request) -> web.Response:
        checks = await self.ready()
        ok = all(checks.values())
        return web.json_response({"ready": ok, **checks}, status=200 if ok else 503)

    async def _metrics(self, _: web.Request) -> web.Response:
        await self.ready()
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _bounded(step: Awaitable[Any], limit_s: float, what: str) -> None:
    try:
        await asyncio.wait_for(step, limit_s)
    except TimeoutError:
        log.warning("stop_step_timed_out", step=what, timeout_s=limit_s)
    except Exception as exc:  # stopping goes on whatever one step did
        log.warning("stop_step_failed", step=what, error=f"{type(exc).__name__}: {exc}"[:300])


def guarded(handler: Handler, guards: list[Guard]) -> Handler:
    """The handler behind its guards: a guard returning False has taken care of the message."""
    if not guards:
        return handler

    async def run(message: AbstractIncomingMessage) -> None:
        for guard in guards:
            if not await guard(message):
                return
        await handler(message)

    return run


def main(build: Callable[[Settings], Runtime], service: str) -> None:
    """Entry point shared by every service's `__main__`."""
    settings = Settings(service_name=service)
    configure_logging(service, settings.log_level, settings.log_format)
    try:
        runtime = build(settings)
        with contextlib.suppress(KeyboardInterrupt):
            # uvloop: the same asyncio API with a faster loop and socket transports; at 1,000
            # sends/s the active sender is bound by event-loop and socket overhead.
            uvloop.run(runtime.run())
    except ConfigError as exc:
        log.error("service_refused_to_start", reason=str(exc))
        print(f"{service}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
