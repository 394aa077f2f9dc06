"""The AMQP topology as declared (no broker: a recording channel), and the attempt counter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, ExchangeType
from common import topology
from common.broker import attempts_of
from common.privacy import HOLDERS
from common.settings import Settings
from common.topology import QueueSpec, declare, declare_delivery_queue, queues

PARTITIONS = 4
SPECS = {spec.name: spec for spec in queues(PARTITIONS)}
ROUTER_QUEUES = [topology.router_queue(i) for i in range(PARTITIONS)]
WORK_QUEUES = [
    *ROUTER_QUEUES,
    topology.SENDER_STATUS_QUEUE, topology.SENDER_ERROR_QUEUE, topology.SENDER_REPLY_QUEUE,
    topology.SENDER_BULK_QUEUE,
    # Issue 3's activity queue (added here so the set check stays complete).
    *([topology.SENDER_ACTIVITY_QUEUE] if hasattr(topology, "SENDER_ACTIVITY_QUEUE") else []),
    *(topology.domain_queue(d) for d in topology.DOMAINS),
    # Privacy (issue 4): one queue per data holder, the coordinator's confirmations, its notices.
    *(topology.privacy_queue(s) for s in HOLDERS),
    topology.PRIVACY_COORDINATOR_QUEUE, topology.delivery_queue("router"),
]
RETRY_QUEUES = [topology.retry_queue(d) for d in topology.RETRY_DELAYS_S]


def test_queue_set() -> None:
    assert len(SPECS) == len(queues(PARTITIONS))  # names are unique
    # Issue 3's leader-token queue is neither a work nor a retry queue.
    special = {getattr(topology, "SENDER_LEADER_QUEUE", topology.DEAD_LETTERS_QUEUE)}
    assert set(SPECS) == {*WORK_QUEUES, *RETRY_QUEUES, topology.DEAD_LETTERS_QUEUE, *special}
    assert {"blood.requests", "volunteer.requests", "donation.requests", "support.requests"} <= set(SPECS)
    assert ROUTER_QUEUES == ["router.inbound.0", "router.inbound.1", "router.inbound.2", "router.inbound.3"]


@pytest.mark.parametrize("partitions", [1, 7])
def test_one_router_queue_per_partition(partitions: int) -> None:
    names = [s.name for s in queues(partitions) if s.name.startswith("router.inbound.")]
    assert names == [f"router.inbound.{i}" for i in range(partitions)]


def assert_work_queue(args: dict[str, Any]) -> None:
    assert args["x-queue-type"] == "quorum"
    assert args["x-dead-letter-exchange"] == topology.DEAD
    assert args["x-dead-letter-strategy"] == "at-least-once"
    assert args["x-overflow"] == "reject-publish"  # without it at-least-once silently degrades
    assert isinstance(args["x-delivery-limit"], int)
    assert args["x-delivery-limit"] > 0
    assert "x-max-priority" not in args  # quorum queues on 3.10 refuse it


@pytest.mark.parametrize("name", WORK_QUEUES)
def test_work_queue_arguments(name: str) -> None:
    assert_work_queue(SPECS[name].arguments)
    assert SPECS[name].requeue_target


def test_delivery_limit_leaves_room_for_the_consumers_own_attempts() -> None:
    # The consumer counts attempts and dead-letters with the reason; the broker's limit is a backstop.
    assert Settings().max_attempts < topology.DELIVERY_LIMIT


@pytest.mark.parametrize("name", ROUTER_QUEUES)
def test_router_partitions_are_single_active_consumer(name: str) -> None:
    spec = SPECS[name]
    assert spec.arguments["x-single-active-consumer"] is True
    assert spec.bindings == ((topology.INBOUND, "1"),)  # consistent-hash weight


@pytest.mark.parametrize("name", [q for q in WORK_QUEUES if q not in ROUTER_QUEUES])
def test_other_work_queues_are_not_single_active(name: str) -> None:
    assert "x-single-active-consumer" not in SPECS[name].arguments


def test_work_queue_bindings() -> None:
    assert SPECS[topology.SENDER_STATUS_QUEUE].bindings == ((topology.EVENTS, "status"),)
    assert SPECS[topology.SENDER_ERROR_QUEUE].bindings == ((topology.EVENTS, "error"),)
    assert SPECS[topology.SENDER_REPLY_QUEUE].bindings == ((topology.OUTBOUND, "reply"),)
    assert SPECS[topology.SENDER_BULK_QUEUE].bindings == ((topology.OUTBOUND, "bulk"),)
    for domain in topology.DOMAINS:
        assert SPECS[f"{domain}.requests"].bindings == ((topology.DOMAIN, domain),)


@pytest.mark.parametrize("delay", topology.RETRY_DELAYS_S)
def test_retry_queues(delay: int) -> None:
    spec = SPECS[topology.retry_queue(delay)]
    args = spec.arguments
    assert args["x-queue-type"] == "quorum"
    assert args["x-message-ttl"] == delay * 1000
    assert args["x-dead-letter-exchange"] == topology.REQUEUE
    # No fixed routing key: the message keeps the key it was published with (its work queue).
    assert "x-dead-letter-routing-key" not in args
    assert args["x-dead-letter-strategy"] == "at-least-once"
    assert args["x-overflow"] == "reject-publish"
    assert not spec.requeue_target
    assert spec.bindings == ()


def test_retry_delays_increase() -> None:
    delays = list(topology.RETRY_DELAYS_S)
    assert delays == sorted(set(delays))
    assert delays[0] > 0


def test_dead_letters_has_no_delivery_limit() -> None:
    spec = SPECS[topology.DEAD_LETTERS_QUEUE]
    assert spec.arguments == {"x-queue-type": "quorum"}
    assert "x-delivery-limit" not in spec.arguments
    assert "x-dead-letter-exchange" not in spec.arguments  # the last stop goes nowhere
    assert spec.bindings == ((topology.DEAD, ""),)
    assert not spec.requeue_target


def test_quorum_args_variants() -> None:
    assert topology.quorum_args(dead_letter=False) == {"x-queue-type": "quorum"}
    assert topology.quorum_args(single_active=True, dead_letter=False) == {
        "x-queue-type": "quorum", "x-single-active-consumer": True}
    assert_work_queue(topology.quorum_args())


# --- declare() against a recording channel ----------------------------------------------------


@dataclass
class FakeExchange:
    name: str
    kind: ExchangeType


@dataclass
class FakeQueue:
    name: str
    arguments: dict[str, Any]
    bindings: list[tuple[str, str | None, dict[str, Any] | None]] = field(default_factory=list)
    unbound: list[tuple[str, str | None, dict[str, Any] | None]] = field(default_factory=list)

    async def bind(self, exchange: FakeExchange | str, routing_key: str | None = None, *,
                   arguments: dict[str, Any] | None = None) -> None:
        name = exchange if isinstance(exchange, str) else exchange.name
        self.bindings.append((name, routing_key, arguments))

    async def unbind(self, exchange: FakeExchange | str, routing_key: str | None = None, *,
                     arguments: dict[str, Any] | None = None) -> None:
        name = exchange if isinstance(exchange, str) else exchange.name
        self.unbound.append((name, routing_key, arguments))
        if (name, routing_key, arguments) in self.bindings:
            self.bindings.remove((name, routing_key, arguments))


@dataclass
class FakeChannel:
    exchanges: dict[str, FakeExchange] = field(default_factory=dict)
    queues: dict[str, FakeQueue] = field(default_factory=dict)
    durable: list[bool] = field(default_factory=list)

    async def declare_exchange(self, name: str, kind: ExchangeType, *, durable: bool = False) -> FakeExchange:
        self.durable.append(durable)
        self.exchanges[name] = FakeExchange(name, kind)
        return self.exchanges[name]

    async def declare_queue(self, name: str, *, durable: bool = False,
                            arguments: dict[str, Any] | None = None) -> FakeQueue:
        self.durable.append(durable)
        self.queues[name] = FakeQueue(name, dict(arguments or {}))
        return self.queues[name]

    async def get_queue(self, name: str, *, ensure: bool = True) -> FakeQueue:
        return self.queues[name]


@pytest.fixture
async def declared() -> FakeChannel:
    channel = FakeChannel()
    await declare(cast(AbstractChannel, channel), PARTITIONS)
    return channel


async def test_declare_exchanges(declared: FakeChannel) -> None:
    assert {name: ex.kind for name, ex in declared.exchanges.items()} == {
        topology.INBOUND: ExchangeType.X_CONSISTENT_HASH,
        topology.EVENTS: ExchangeType.TOPIC,
        topology.DOMAIN: ExchangeType.TOPIC,
        topology.OUTBOUND: ExchangeType.DIRECT,
        topology.DELIVERY: ExchangeType.TOPIC,
        topology.RETRY: ExchangeType.HEADERS,
        topology.REQUEUE: ExchangeType.DIRECT,
        topology.PRIVACY: ExchangeType.TOPIC,
        topology.DEAD: ExchangeType.FANOUT,
    }
    assert all(declared.durable)


async def test_declare_queues_with_their_arguments(declared: FakeChannel) -> None:
    assert {name: q.arguments for name, q in declared.queues.items()} == {
        name: spec.arguments for name, spec in SPECS.items()}


async def test_every_work_queue_can_be_requeued_to_by_name(declared: FakeChannel) -> None:
    for name in WORK_QUEUES:
        assert (topology.REQUEUE, name, None) in declared.queues[name].bindings
    for name in [*RETRY_QUEUES, topology.DEAD_LETTERS_QUEUE]:
        assert all(exchange != topology.REQUEUE for exchange, _, _ in declared.queues[name].bindings)


async def test_retry_queues_are_bound_by_the_delay_header(declared: FakeChannel) -> None:
    for delay in topology.RETRY_DELAYS_S:
        # The consumer publishes with header helpline-retry-delay = str(delay): the binding must match it.
        assert declared.queues[topology.retry_queue(delay)].bindings == [
            (topology.RETRY, None, {"x-match": "all", topology.RETRY_DELAY_HEADER: str(delay)})]
        # A headers exchange ignores "x-" headers when matching: such a header would match all.
        assert not topology.RETRY_DELAY_HEADER.startswith("x-")
        assert (topology.RETRY, None, {"x-match": "all", "x-retry-delay": str(delay)}) in \
            declared.queues[topology.retry_queue(delay)].unbound


async def test_dead_letters_bound_to_the_dead_exchange(declared: FakeChannel) -> None:
    assert declared.queues[topology.DEAD_LETTERS_QUEUE].bindings == [(topology.DEAD, "", None)]


async def test_declare_delivery_queue() -> None:
    channel = FakeChannel()
    name = await declare_delivery_queue(cast(AbstractChannel, channel), "blood")
    assert name == "blood.delivery"
    queue = channel.queues[name]
    assert_work_queue(queue.arguments)
    assert queue.bindings == [(topology.DELIVERY, "blood", None), (topology.REQUEUE, "blood.delivery", None)]


def test_queue_spec_defaults() -> None:
    spec = QueueSpec("x", {})
    assert spec.bindings == ()
    assert spec.requeue_target


# --- attempts_of ------------------------------------------------------------------------------


@dataclass
class FakeMessage:
    headers: dict[str, Any] | None


@pytest.mark.parametrize(("headers", "attempts"), [
    (None, 0),
    ({}, 0),
    ({topology.ATTEMPTS_HEADER: 3}, 3),
    ({"x-delivery-count": 2}, 2),
    ({topology.ATTEMPTS_HEADER: 2, "x-delivery-count": 5}, 5),  # the larger of the two counts
    ({topology.ATTEMPTS_HEADER: 4, "x-delivery-count": 1}, 4),
    ({topology.ATTEMPTS_HEADER: "3"}, 3),
    ({"x-death": [{"count": 9}]}, 0),  # 4.x does not keep x-death on republished messages
])
def test_attempts_of(headers: dict[str, Any] | None, attempts: int) -> None:
    assert attempts_of(cast(AbstractIncomingMessage, FakeMessage(headers))) == attempts


@pytest.mark.parametrize("headers", [{topology.ATTEMPTS_HEADER: "garbage"}, {"x-delivery-count": None},
                                     {topology.ATTEMPTS_HEADER: "garbage", "x-delivery-count": 7}])
def test_attempts_of_unreadable_header_does_not_raise(headers: dict[str, Any]) -> None:
    assert attempts_of(cast(AbstractIncomingMessage, FakeMessage(headers))) >= 0


def test_privacy_queues_take_broadcasts_and_their_own_key() -> None:
    for service in HOLDERS:
        spec = SPECS[topology.privacy_queue(service)]
        assert spec.bindings == ((topology.PRIVACY, "req.*.all"), (topology.PRIVACY, f"req.*.{service}"))
        assert spec.arguments["x-queue-type"] == "quorum"
    assert SPECS[topology.PRIVACY_COORDINATOR_QUEUE].bindings == ((topology.PRIVACY, "done.*"),)
