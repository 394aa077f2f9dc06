"""The active sender: leadership, lanes, the per-number budget, per-citizen order, retries.

Coordination between replicas (docs/architecture-sender.md): every replica consumes the
single-active-consumer queue `sender.leader`, which holds a token message. RabbitMQ delivers
to one consumer only; the replica holding the token unacked is the one that consumes the lanes
and sends. The others are hot standbys. The budget is therefore enforced in one process and is
trivially global. When the active replica dies, its connection closes, the broker requeues the
token and its unacked lane messages, and the next consumer becomes active; it waits
`failover_pause_s` (1 s) before its first send, because the old active may have used the whole
budget in the last second and a fresh sliding window cannot know it.

Everything the active replica reads (lanes, statuses, account errors, inbound activity) uses
one plain (non-robust) connection: if it drops, leadership, lane deliveries and state go
together, and the replica starts over as a candidate. A robust reconnect would silently
resume lane consumers without the token.

Order and waiting: a citizen (key = lane + citizen id) has at most one message in flight.
When a message must wait (back-off, 131056, a closed window, a paused number), it is parked
durably with the citizen's later messages behind it (parking.py); lane messages are acked
only once sent, parked or dead-lettered, so a crash loses nothing.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage, AbstractQueue
from common import topology, wa_content
from common.broker import Consumer, Handler, Publisher
from common.clock import Clock
from common.contracts import DeliveryStatus, OutboundMessage, Recipient, derive_id
from common.logging import get_logger
from common.privacy import is_privacy_notice
from common.service import Guard, guarded
from common.settings import Settings
from common.templates import CONVERSATION_REOPEN
from prometheus_client import Counter, Gauge, Histogram
from pydantic import ValidationError

from sender.config import SenderConfig
from sender.errors import Action, classify
from sender.graph import GraphClient, GraphError, address, request_body
from sender.parking import Entry, Parking, ParkState, park_key
from sender.policy import LaneShare, PacedLimiter, Slot, budget, pair_delay, retry_delay, window_open
from sender.records import SENT_STATES, Records

log = get_logger(__name__)

SENDS = Counter("sender_sends_total", "Send attempts by outcome", ["lane", "outcome"])
SEND_ERRORS = Counter("sender_send_errors_total", "Graph errors by code", ["code"])
RETRIES = Counter("sender_retries_total", "Messages parked for a retry, by code", ["code"])
DUPLICATES = Counter("sender_duplicates_dropped_total", "Redelivered messages not sent again")
RESENDS = Counter("sender_uncertain_resends_total", "Sends repeated after an unrecorded attempt (the accepted window)")
ERASED = Counter("sender_erased_dropped_total", "Messages not sent because their citizen was erased meanwhile")
HELD = Counter("sender_window_held_total", "Free-form messages held for a closed 24-hour window")
EXPIRED = Counter("sender_window_expired_total", "Held messages that expired without the citizen writing")
PARKED = Gauge("sender_parked_citizens", "Citizens (lane + citizen) with parked messages", ["reason"])
QUEUE_DEPTH = Gauge("sender_queue_depth", "Ready messages in a sender queue", ["queue"])
BUDGET = Gauge("sender_budget_mps", "Current outbound budget (cap minus inbound)")
RATE = Gauge("sender_current_rate_mps", "Sends in the last second")
LEADER = Gauge("sender_active", "1 on the replica that currently sends")
PAUSED = Gauge("sender_paused", "1 while sending is paused for a halt code")
# The round trip is what the limiter's guarantee costs: each send holds its slot this much
# longer than Meta's window (policy.PacedLimiter).
GRAPH_SECONDS = Histogram("sender_graph_request_seconds", "Graph API send round trip",
                          buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10))
SLOT_LEAD_SECONDS = Histogram("sender_slot_lead_seconds", "From taking a budget slot to the request leaving",
                              buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1))

LANE_QUEUES = {"reply": topology.SENDER_REPLY_QUEUE, "bulk": topology.SENDER_BULK_QUEUE}
# What the gauges report: parked citizens by reason, and these queues' depth.
PARK_REASONS = ("retry", "pair_limit", "window", "paused", "releasing")
GAUGED_QUEUES = (*LANE_QUEUES.values(), topology.SENDER_STATUS_QUEUE)
REOPEN_TOPIC = {"tr": "size gönderilecek mesaj", "ar": "رسالة بانتظارك", "en": "a message waiting for you"}


@dataclass
class Item:
    message: OutboundMessage
    key: str
    delivery: AbstractIncomingMessage | None = None  # came from a lane: ack when done
    entry: Entry | None = None  # came from parking: remove when done


class Dispatcher:
    def __init__(self, settings: Settings, config: SenderConfig, records: Records, parking: Parking,
                 graph: GraphClient, publisher: Publisher, clock: Clock,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self.config = config
        self._records = records
        self._parking = parking
        self._graph = graph
        self._publisher = publisher
        self._clock = clock
        self._mono = monotonic
        self.limiter = PacedLimiter(budget(config.mps, 0, config.headroom), margin_s=config.window_margin_s,
                                    clock=monotonic)
        self._share = LaneShare(config.bulk_min_share)
        self._ready: dict[str, deque[Item]] = {"reply": deque(), "bulk": deque()}
        self._released: dict[str, deque[Item]] = {"reply": deque(), "bulk": deque()}
        self._busy: set[str] = set()
        # Lane messages of a citizen who is busy, in order, set aside until the citizen is free,
        # so that picking the next message does not rescan them (it is O(1) per message).
        self._blocked: dict[str, deque[Item]] = {}
        self.parked: dict[str, ParkState] = {}
        self._inbound: deque[float] = deque()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loops: list[asyncio.Task[None]] = []
        self._consumers: list[Consumer] = []
        self._main: asyncio.Task[None] | None = None
        self._conn: AbstractConnection | None = None
        # The lane consumers (queue, consumer tag) while they run; none while the number is paused.
        self._lanes: list[tuple[AbstractQueue, str]] = []
        self._lane_channels: dict[str, AbstractChannel] = {}
        self._stopping = False
        self._throttled = False
        self.active = False
        self.paused: dict[str, Any] = {"paused": False}
        self.status_handler: Handler | None = None
        self.error_handler: Handler | None = None
        self.activity_handler: Handler | None = None
        # Guards other modules put in front of a queue (e.g. privacy drops an erased citizen's
        # late messages): (queue) -> checks; a False drops (acks) the message.
        self.guards: Callable[[str], list[Guard]] = lambda _queue: []
        # Privacy (issue 4) sets these: whether a citizen was erased, checked at send time because
        # a message may wait here (buffered, parked, in flight) while the erase runs; and what to
        # do with the WhatsApp id of a send that raced an erase (keep it only as a tombstone).
        self.erased: Callable[[str], Awaitable[bool]] = _never
        self.forget_wamid: Callable[[str], Awaitable[None]] = _nothing
        # Privacy's erase/report queue is consumed by the active replica only, and `on_activate`
        # runs before its first send (sender/privacy.py: why).
        self.privacy_handler: Handler | None = None
        self.on_activate: Callable[[], Awaitable[None]] = _activate

    # --- leadership -------------------------------------------------------------------------

    async def start(self) -> None:
        self._main = asyncio.create_task(self._leadership())

    async def stop(self, drain_s: float = 5.0) -> None:
        """Graceful: stop starting sends, let in-flight ones finish and be recorded, then leave
        (the broker hands the token and the unacked lane messages to a standby)."""
        self._stopping = True
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=drain_s)
        if self._main is not None:
            self._main.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._main, drain_s + 5)

    async def _leadership(self) -> None:
        while not self._stopping:
            try:
                await self._lead_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("sender_leadership_lost", error=f"{type(exc).__name__}: {exc}"[:300])
            finally:
                await self._demote()
            await asyncio.sleep(1.0)

    async def _lead_once(self) -> None:
        conn = await aio_pika.connect(self._settings.amqp_url)
        self._conn = conn
        lost = asyncio.Event()
        conn.close_callbacks.add(lambda *_: lost.set())
        channel = await conn.channel(publisher_confirms=True)
        channel.close_callbacks.add(lambda *_: lost.set())
        await channel.set_qos(prefetch_count=1)
        queue = await channel.declare_queue(topology.SENDER_LEADER_QUEUE, passive=True)
        if not queue.declaration_result.message_count:
            # Extra tokens are harmless: with prefetch 1 the active holds one, the rest wait.
            await channel.default_exchange.publish(aio_pika.Message(b"token", delivery_mode=2),
                                                   routing_key=topology.SENDER_LEADER_QUEUE)
        tokens: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()

        async def on_token(message: AbstractIncomingMessage) -> None:
            await tokens.put(message)

        await queue.consume(on_token)
        token = await _first(tokens.get(), lost)
        if token is None:
            return
        log.info("sender_became_active", pause_s=self.config.failover_pause_s)
        await asyncio.sleep(self.config.failover_pause_s)
        await self.on_activate()
        self.active = True
        LEADER.set(1)
        self.parked = await self._parking.load()
        self.paused = await self._records.pause_state()
        for lane in LANE_QUEUES:
            lane_channel = await conn.channel(publisher_confirms=True)
            lane_channel.close_callbacks.add(lambda *_: lost.set())
            await lane_channel.set_qos(prefetch_count=self.config.prefetch)
            self._lane_channels[lane] = lane_channel
        await self._sync_lanes()
        for name, handler in ((topology.privacy_queue("sender"), self.privacy_handler),
                              (topology.SENDER_STATUS_QUEUE, self.status_handler),
                              (topology.SENDER_ERROR_QUEUE, self.error_handler),
                              (topology.SENDER_ACTIVITY_QUEUE, self.activity_handler)):
            if handler is None:
                continue
            side = await conn.channel(publisher_confirms=True)
            side.close_callbacks.add(lambda *_: lost.set())
            consumer = Consumer(side, Publisher(side), name, guarded(handler, self.guards(name)),
                                max_attempts=self._settings.max_attempts, prefetch=64)
            await consumer.start()
            self._consumers.append(consumer)
        self._loops = [asyncio.create_task(self._dispatch_loop()), asyncio.create_task(self._release_loop()),
                       asyncio.create_task(self._housekeeping(channel, token, tokens))]
        waiter = asyncio.create_task(lost.wait())
        done, _ = await asyncio.wait([waiter, *self._loops], return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        for task in done:
            if task is not waiter and not task.cancelled() and task.exception() is not None:
                log.error("sender_loop_failed", error=repr(task.exception())[:300])

    async def _demote(self) -> None:
        was_active = self.active
        self.active = False
        LEADER.set(0)
        for loop in self._loops:
            loop.cancel()  # no new sends
        if self._tasks:
            # Sends already on the wire: let them finish and be recorded (briefly, within the
            # standby's fail-over pause), so the next active sees them sent and does not resend.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait(set(self._tasks), timeout=self.config.failover_pause_s / 2)
        for task in [*self._loops, *self._tasks]:
            task.cancel()
        for task in [*self._loops, *self._tasks]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._loops.clear()
        self._tasks.clear()
        self._lanes.clear()
        self._lane_channels.clear()
        # A standby reports nothing of the active's state.
        for reason in PARK_REASONS:
            PARKED.labels(reason).set(0)
        for name in GAUGED_QUEUES:
            QUEUE_DEPTH.labels(name).set(0)
        RATE.set(0)
        for consumer in self._consumers:
            with contextlib.suppress(Exception):
                await consumer.stop(1.0)
        self._consumers.clear()
        # Unacked lane messages go back to the broker with the connection; forget them here.
        for lane in self._ready:
            self._ready[lane].clear()
            self._released[lane].clear()
        self._busy.clear()
        self._blocked.clear()
        self.parked.clear()
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._conn.close(), 5.0)
            self._conn = None
        if was_active:
            log.warning("sender_stopped_being_active")

    # --- lanes and dispatch -----------------------------------------------------------------

    async def _sync_lanes(self) -> None:
        """Lane consumers run only while the number is not paused. A pause can last hours (a
        token expired overnight): messages held unacked that long would be redelivered at every
        reconnect or consumer timeout until the quorum queue's delivery limit dead-letters them
        unsent. So on pause the buffered lane messages go back to the broker (in order, once),
        and consuming starts again on resume."""
        paused = bool(self.paused.get("paused"))
        if paused and self._lanes:
            for queue, tag in self._lanes:
                await queue.cancel(tag)
            self._lanes.clear()
            for lane in LANE_QUEUES:
                waiting = list(self._ready[lane])
                self._ready[lane].clear()
                for key in [k for k, items in self._blocked.items() if items and items[0].message.lane == lane]:
                    waiting.extend(self._blocked.pop(key))
                deliveries = [item.delivery for item in waiting if item.delivery is not None]
                for delivery in sorted(deliveries, key=lambda d: d.delivery_tag or 0):
                    await delivery.nack(requeue=True)
            log.warning("sender_lanes_stopped_while_paused")
        elif not paused and not self._lanes and self._lane_channels:
            for lane, name in LANE_QUEUES.items():
                queue = await self._lane_channels[lane].declare_queue(name, passive=True)
                self._lanes.append((queue, await queue.consume(self._on_lane(lane))))

    def _on_lane(self, lane: str) -> Callable[[AbstractIncomingMessage], Any]:
        async def on_message(delivery: AbstractIncomingMessage) -> None:
            for guard in self.guards(LANE_QUEUES[lane]):
                if not await guard(delivery):
                    await delivery.ack()
                    return
            try:
                message = OutboundMessage.model_validate_json(delivery.body)
                address(message)  # unaddressable: it would fail the same way at every attempt
            except (ValidationError, ValueError) as exc:
                await self._publisher.dead_letter(delivery.body, reason=type(exc).__name__, error=str(exc),
                                                  queue=LANE_QUEUES[lane], exchange=topology.OUTBOUND,
                                                  routing_key=lane, message_id=delivery.message_id)
                await delivery.ack()
                return
            self._ready[lane].append(Item(message, park_key(lane, message.citizen.citizen_id), delivery=delivery))
            self._wake.set()
        return on_message

    def on_activity(self, citizen_id: str) -> None:
        """The citizen wrote: count it against the budget and release what waited for it."""
        self._inbound.append(self._mono())
        now = self._clock.now()
        for lane in LANE_QUEUES:
            state = self.parked.get(park_key(lane, citizen_id))
            if state is not None and state.reason == "window":
                state.until = now
                self._wake.set()

    async def _dispatch_loop(self) -> None:
        while True:
            if self._stopping or self.paused.get("paused") or len(self._tasks) >= self.config.max_in_flight:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 0.2)
                continue
            delay = self.limiter.delay()
            if delay > 0:
                await asyncio.sleep(delay)
                continue
            item = await self._pick()
            if item is None:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 0.05)
                continue
            # The slot is taken before the send starts and held until a window after its
            # response (policy.PacedLimiter); a message not sent after all gives it back.
            self._spawn(self._run(item, self.limiter.reserve()))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pick(self) -> Item | None:
        first, second = self._share.order()
        for lane in (first, second):
            item = await self._take(lane)
            if item is not None:
                other = second if lane == first else first
                if self._released[other] or self._ready[other]:
                    self._share.record(lane)  # contested: the share counts only these
                return item
        return None

    async def _take(self, lane: str) -> Item | None:
        if self._released[lane]:
            return self._released[lane].popleft()
        ready = self._ready[lane]
        while ready:
            item = ready.popleft()
            if item.key in self._busy or item.key in self._blocked:
                self._blocked.setdefault(item.key, deque()).append(item)
                continue
            self._busy.add(item.key)
            if item.key in self.parked:
                # The citizen is waiting: this message waits behind, in order.
                self._spawn(self._divert(item))
                continue
            return item
        return None

    def _free(self, key: str) -> None:
        """The citizen's message is done: their set-aside lane messages come next, in order."""
        self._busy.discard(key)
        blocked = self._blocked.pop(key, None)
        if blocked:
            self._ready[blocked[0].message.lane].extendleft(reversed(blocked))
        self._wake.set()

    async def _divert(self, item: Item) -> None:
        try:
            if await self._drop_if_erased(item):
                return
            now = self._clock.now()
            await self._records.mark_waiting(item.message, "parked", now)
            await self._parking.add(self.parked[item.key], _body(item.message), now)
            if item.delivery is not None:
                await item.delivery.ack()
        finally:
            self._free(item.key)

    async def _run(self, item: Item, slot: Slot) -> None:
        try:
            await self._deliver(item, slot)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sender_dispatch_failed", outbound_id=item.message.id)
            if item.delivery is not None:
                # Back to the broker; it is redelivered ahead of newer ones on this lane.
                with contextlib.suppress(Exception):
                    await item.delivery.nack(requeue=True)
        finally:
            slot.release()
            self._free(item.key)

    async def _drop_if_erased(self, item: Item) -> bool:
        if not await self.erased(item.message.citizen.citizen_id):
            return False
        ERASED.inc()
        log.info("outbound_dropped_citizen_erased", outbound_id=item.message.id)
        await self._done(item)
        return True

    async def _deliver(self, item: Item, slot: Slot) -> None:
        message = item.message
        if await self._drop_if_erased(item):
            return
        existing = await self._records.get(message.id)
        if existing and existing.get("state") in SENT_STATES:
            DUPLICATES.inc()
            log.info("outbound_duplicate_dropped", outbound_id=message.id)
            await self._done(item)
            return
        if existing and existing.get("state") == "sending":
            RESENDS.inc()
        now = self._clock.now()
        if message.content.get("type") != "template":
            last = await self._records.last_inbound(message.citizen.citizen_id)
            if window_open(last, now, window_s=self.config.window_s, safety_s=self.config.window_safety_s) is False:
                await self._hold(item)
                return
        body = request_body(message)
        doc = await self._records.begin_attempt(message, now)
        SLOT_LEAD_SECONDS.observe(slot.sending())
        try:
            wamid = await self._graph.send(body)
        except GraphError as exc:
            # Without an HTTP status there was no answer: the request may still arrive.
            GRAPH_SECONDS.observe(slot.finish(uncertain=exc.http_status is None))
            await self._failed_attempt(item, exc, int(doc.get("attempts", 1)))
            return
        GRAPH_SECONDS.observe(slot.finish())
        delivery = await self._records.mark_sent(message, wamid, self._clock.now())
        SENDS.labels(message.lane, "sent").inc()
        log.info("outbound_sent", outbound_id=message.id, origin=message.origin, type=message.content.get("type"))
        if await self.erased(message.citizen.citizen_id):
            # The erase ran while this send was in flight and mark_sent recreated its records.
            await self._records.forget(message.id, wamid)
            await self.forget_wamid(wamid)
            await self._done(item)
            return
        status = delivery.get("status", "sent") if delivery.get("rank", 0) > 0 else "sent"
        errors = delivery.get("errors") or []
        if status == "failed" and message.content.get("type") != "template" \
                and 131047 in [e.get("code") for e in errors]:
            # The failed status came before the send call returned (the handler could not
            # hold a message it did not know yet): hold it and reopen, as at send time.
            await self._records.close_window(message.citizen.citizen_id, self._clock.now())
            await self._hold(item)
            return  # held, not failed: the origin hears when it is sent or expires
        await self._done(item)
        await self.notify(status, message, wamid, errors)

    async def _failed_attempt(self, item: Item, exc: GraphError, attempts: int) -> None:
        message = item.message
        if await self._drop_if_erased(item):
            return  # neither parked nor dead-lettered: both would keep the erased citizen's data
        code = exc.code
        SEND_ERRORS.labels(str(code)).inc()
        if code == 130429:
            self.limiter.throttled()
            self._throttled = True
        now = self._clock.now()
        error = {"code": code, "http_status": exc.http_status, "details": exc.details, "fbtrace_id": exc.fbtrace_id}
        if code == 131047:
            await self._records.note_error(message, error, now)
            await self._records.close_window(message.citizen.citizen_id, now)
            await self._hold(item)
            return
        action = classify(code, exc.http_status, exc.subcode)
        if action is Action.PERMANENT:
            await self._give_up(item, error, "Reject", f"whatsapp rejected the message permanently: {exc}")
            return
        await self._records.note_error(message, error, now)
        if action is Action.HALT:
            SENDS.labels(message.lane, "halted").inc()
            log.critical("sender_paused_needs_attention", code=code, details=exc.details[:200])
            await self._records.pause(f"WhatsApp error {code}: {exc.details[:200]}", code, now)
            self.paused = await self._records.pause_state()
            PAUSED.set(1)
            await self._park(item, until=None, reason="paused")
            return
        age = (now - message.created_at).total_seconds()
        if attempts >= self.config.max_attempts or age > self.config.max_age_s:
            log.error("message_retries_exhausted", outbound_id=message.id, attempts=attempts, code=code)
            await self._give_up(item, error, "retries_exhausted", str(exc))
            return
        SENDS.labels(message.lane, "retry").inc()
        RETRIES.labels(str(code)).inc()
        state = self.parked.get(item.key)
        if code == 131056:
            hits = (state.pair_hits if state else 0)
            wait = pair_delay(hits, max_s=self.config.pair_max_wait_s)
            await self._park(item, until=now + timedelta(seconds=wait), reason="pair_limit", pair_hits=hits + 1)
        else:
            wait = retry_delay(attempts, base_s=self.config.retry_base_s, max_s=self.config.retry_max_s)
            await self._park(item, until=now + timedelta(seconds=wait), reason=f"retry:{code}")

    async def _give_up(self, item: Item, error: dict[str, Any], reason: str, text: str, *,
                       dead_letter: bool = True) -> None:
        message = item.message
        SENDS.labels(message.lane, "failed").inc()
        now = self._clock.now()
        await self._records.mark_failed(message, error, now)
        if dead_letter:
            raw = item.delivery.body if item.delivery is not None else _body_bytes(message)
            await self._publisher.dead_letter(raw, reason=reason, error=text, queue=LANE_QUEUES[message.lane],
                                              exchange=topology.OUTBOUND, routing_key=message.lane,
                                              message_id=message.id)
        await self._done(item)
        await self.notify("failed", message, None, [error])

    async def _park(self, item: Item, *, until: Any, reason: str, pair_hits: int = 0) -> None:
        state = self.parked.get(item.key)
        if state is None:
            state = ParkState(key=item.key, lane=item.message.lane, citizen_id=item.message.citizen.citizen_id,
                              until=until, reason=reason, pair_hits=pair_hits, since=self._clock.now())
        else:
            state.until, state.reason, state.pair_hits = until, reason, pair_hits
            state.since = state.since or self._clock.now()
        if item.entry is None:
            # New head of this citizen's parked messages; it goes before anything parked later.
            await self._parking.add(state, _body(item.message), self._clock.now())
            if item.delivery is not None:
                await item.delivery.ack()
        else:
            await self._parking.set_state(state)
        self.parked[item.key] = state

    async def _hold(self, item: Item) -> None:
        """A free-form message to a closed window: hold it, and ask the citizen to write."""
        if is_privacy_notice(item.message.correlation_id):
            # A privacy notice goes to a pseudonym after the erase: held, it would keep the number
            # (and a later message of the citizen, under a new id, would never release it). It
            # fails at once, so the coordinator's sweep removes its records; no dead letter.
            details = "privacy notice to a closed 24-hour window: not held"
            await self._give_up(item, _window_closed(details), "window_closed", details, dead_letter=False)
            return
        HELD.inc()
        now = self._clock.now()
        already = self.parked.get(item.key)
        await self._records.mark_waiting(item.message, "held", now)
        await self._park(item, until=None, reason="window")
        if already is not None and already.reason == "window" and item.entry is not None:
            return
        message = item.message
        language = message.language or "tr"
        reopen = OutboundMessage(
            # One per hold, not per message: a message held again (WhatsApp still said 131047
            # after the citizen wrote) asks again instead of being dropped as a duplicate.
            id=derive_id(message.id, f"conversation_reopen@{now.isoformat()}"),
            origin=message.origin, lane=message.lane, correlation_id=message.correlation_id,
            citizen=Recipient(citizen_id=message.citizen.citizen_id, to=message.citizen.to,
                              recipient=message.citizen.recipient),
            content=wa_content.template(CONVERSATION_REOPEN.name, language, [REOPEN_TOPIC.get(language, "")]),
            language=message.language, created_at=now)
        key = item.key + "#reopen"
        self._busy.add(key)
        self._released[message.lane].appendleft(Item(reopen, key))
        self._wake.set()

    async def rehold(self, outbound: dict[str, Any]) -> None:
        """A 131047 failed status for a message already sent: hold it and send the template."""
        message = OutboundMessage.model_validate(outbound["message"])
        key = park_key(message.lane, message.citizen.citizen_id)
        now = self._clock.now()
        await self._records.close_window(message.citizen.citizen_id, now)
        if key in self.parked:
            # It goes among what is parked by creation time (before the citizen's later messages);
            # when it comes out, the window check (closed now) holds it and sends the template.
            await self._parking.add_in_order(self.parked[key], _body(message), now)
            return
        if key in self._busy:
            # Another message of this citizen is in flight: park this one, due at once; it is
            # released when the citizen is free, and the window check holds it and reopens.
            state = ParkState(key=key, lane=message.lane, citizen_id=message.citizen.citizen_id, until=now,
                              reason="releasing", since=now)
            await self._parking.add(state, _body(message), now)
            self.parked[key] = state
            return
        self._busy.add(key)
        try:
            await self._hold(Item(message, key))
        finally:
            self._free(key)

    async def _done(self, item: Item) -> None:
        if item.delivery is not None:
            await item.delivery.ack()
        if item.entry is not None:
            free = await self._parking.remove(item.entry)
            state = self.parked.get(item.key)
            if free:
                self.parked.pop(item.key, None)
            elif state is not None:
                # The next parked message is due now; a success resets the pair-limit count.
                state.until, state.reason, state.pair_hits = self._clock.now(), "releasing", 0
                await self._parking.set_state(state)

    async def notify(self, status: str, message: OutboundMessage, wamid: str | None,
                     errors: list[dict[str, Any]]) -> None:
        await self.notify_ids(status, message.id, message.origin, message.correlation_id,
                              message.citizen.citizen_id, wamid, errors)

    async def notify_ids(self, status: str, outbound_id: str, origin: str, correlation_id: str | None,
                         citizen_id: str | None, wamid: str | None, errors: list[dict[str, Any]]) -> None:
        """Delivery statuses go to the origin: `delivery` exchange, routing key = origin."""
        event = DeliveryStatus(outbound_id=outbound_id, origin=origin, correlation_id=correlation_id,
                               citizen_id=citizen_id, status=status, wamid=wamid, errors=errors,
                               at=self._clock.now())
        await self._publisher.publish(topology.DELIVERY, origin, event, message_id=f"{outbound_id}:{status}")

    # --- parking release, expiry, housekeeping ---------------------------------------------------

    async def _release_loop(self) -> None:
        while True:
            if not self.paused.get("paused"):
                now = self._clock.now()
                for key, state in list(self.parked.items()):
                    if key in self._busy or state.until is None or state.until > now:
                        continue
                    entry = await self._parking.head(key)
                    if entry is None:
                        self.parked.pop(key, None)
                        continue
                    self._busy.add(key)
                    message = OutboundMessage.model_validate(entry.body)
                    self._released[state.lane].append(Item(message, key, entry=entry))
                    self._wake.set()
            await asyncio.sleep(0.05)

    async def _expire(self) -> None:
        now = self._clock.now()
        for key, state in list(self.parked.items()):
            if state.reason != "window" or state.since is None or key in self._busy:
                continue
            if (now - state.since).total_seconds() < self.config.hold_ttl_s:
                continue
            self._busy.add(key)
            try:
                still_held: list[datetime] = []
                for entry in await self._parking.entries(key):
                    message = OutboundMessage.model_validate(entry.body)
                    if message.content.get("type") == "template":
                        continue  # a template may go to a closed window: it is released below
                    if (now - entry.parked_at).total_seconds() < self.config.hold_ttl_s:
                        still_held.append(entry.parked_at)  # parked later: it has its own time
                        continue
                    EXPIRED.inc()
                    details = "held for a closed 24-hour window; the citizen did not write in time"
                    await self._give_up(Item(message, key, entry=entry), _window_closed(details), "window_expired",
                                        details)
                if await self._parking.head(key) is None:
                    # Nothing left (or the citizen was erased meanwhile): no state to keep.
                    self.parked.pop(key, None)
                elif key in self.parked:
                    if still_held:
                        state.until, state.reason, state.since = None, "window", min(still_held)
                    else:
                        state.until, state.reason = now, "releasing"
                    await self._parking.set_state(state)
            finally:
                self._free(key)

    async def resume(self) -> None:
        self.paused = {"paused": False}
        PAUSED.set(0)
        now = self._clock.now()
        for state in self.parked.values():
            if state.reason == "paused":
                state.until = now
        self._wake.set()

    def inbound_rate(self) -> float:
        """The larger of the last second's inbound count and the 5-second average: Meta's window
        is one second, so a burst must not be averaged away (the average keeps it steady)."""
        now = self._mono()
        while self._inbound and self._inbound[0] < now - 5.0:
            self._inbound.popleft()
        last_second = len(self._inbound) - bisect.bisect_left(self._inbound, now - 1.0)
        return max(float(last_second), len(self._inbound) / 5.0)

    async def _housekeeping(self, channel: AbstractChannel, token: AbstractIncomingMessage,
                            tokens: asyncio.Queue[AbstractIncomingMessage]) -> None:
        refreshed = self._mono()
        tick = 0
        while True:
            await asyncio.sleep(1.0)
            tick += 1
            self.limiter.set_budget(budget(self.config.mps, self.inbound_rate(), self.config.headroom))
            if not self._throttled:
                self.limiter.relax()
            self._throttled = False
            BUDGET.set(self.limiter.budget)
            RATE.set(self.limiter.rate())
            counts: dict[str, int] = {}
            for state in self.parked.values():
                counts[state.reason.split(":")[0]] = counts.get(state.reason.split(":")[0], 0) + 1
            for reason in PARK_REASONS:
                PARKED.labels(reason).set(counts.get(reason, 0))
            stored = await self._records.pause_state()
            if self.paused.get("paused") and not stored.get("paused"):
                log.warning("sender_resumed", by=stored.get("resumed_by"))
                await self.resume()
            elif stored.get("paused") and not self.paused.get("paused"):
                self.paused = stored
            PAUSED.set(1 if self.paused.get("paused") else 0)
            await self._sync_lanes()
            if tick % 5 == 0:
                for name in GAUGED_QUEUES:
                    declared = await channel.declare_queue(name, passive=True)
                    QUEUE_DEPTH.labels(name).set(declared.declaration_result.message_count or 0)
                await self._expire()
            if self._mono() - refreshed > self.config.leader_refresh_s:
                # RabbitMQ closes a channel whose delivery stays unacked past consumer_timeout
                # (30 min): hand a fresh token to ourselves (SAC keeps us active), drop the old.
                # The next token is delivered to us once the old one is acked (prefetch 1).
                await channel.default_exchange.publish(aio_pika.Message(b"token", delivery_mode=2),
                                                       routing_key=topology.SENDER_LEADER_QUEUE)
                await token.ack()
                token = await asyncio.wait_for(tokens.get(), timeout=30.0)
                refreshed = self._mono()
                log.info("sender_leadership_token_refreshed")

    def snapshot(self) -> dict[str, Any]:
        reasons: dict[str, int] = {}
        for state in self.parked.values():
            reasons[state.reason] = reasons.get(state.reason, 0) + 1
        return {"active": self.active, "paused": self.paused, "budget": self.limiter.budget,
                "current_rate": self.limiter.rate(), "inbound_rate": self.inbound_rate(),
                "parked_citizens": len(self.parked), "parked_by_reason": reasons,
                "in_flight": len(self._tasks), "buffered": {k: len(v) for k, v in self._ready.items()},
                "buffered_behind_a_busy_citizen": sum(len(v) for v in self._blocked.values())}


async def _never(_citizen_id: str) -> bool:
    return False


async def _nothing(_wamid: str) -> None:
    return None


async def _activate() -> None:
    return None


async def _first(getter: Any, lost: asyncio.Event) -> AbstractIncomingMessage | None:
    get = asyncio.ensure_future(getter)
    wait_lost = asyncio.create_task(lost.wait())
    done, _ = await asyncio.wait([get, wait_lost], return_when=asyncio.FIRST_COMPLETED)
    wait_lost.cancel()
    if get in done:
        result: AbstractIncomingMessage = get.result()
        return result
    get.cancel()
    return None


def _window_closed(details: str) -> dict[str, Any]:
    """The error recorded for a message that failed on a closed window without an attempt."""
    return {"code": 131047, "http_status": None, "fbtrace_id": None, "details": details}


def _body(message: OutboundMessage) -> dict[str, Any]:
    return message.model_dump(mode="json", by_alias=True)


def _body_bytes(message: OutboundMessage) -> bytes:
    return message.model_dump_json(by_alias=True).encode()
