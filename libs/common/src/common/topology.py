"""The whole AMQP topology, declared in one place.

Every service declares all of it at start-up (declarations are idempotent and identical), so
the services can start in any order and a fresh virtual host is complete after the first one.

    gateway ──► inbound (x-consistent-hash on the partition key)
                  └─► router.inbound.<n>   quorum, single active consumer per partition
    gateway ──► events (topic) ─ status ─► sender.statuses
                               └ error  ─► sender.errors
    router  ──► events (topic) ─ activity ─► sender.activity (citizen wrote: 24-hour window)
    sender replicas ── sender.leader (single active consumer, holds one token: the active sender)
    router  ──► domain (topic) ─ <domain> ─► <domain>.requests   (blood, volunteer, donation, support)
    anyone  ──► outbound (direct) ─ reply ─► sender.reply
                                  └ bulk  ─► sender.bulk
    sender  ──► delivery (topic) ─ <origin service> ─► <origin>.delivery (bound by the origin)
    retries ──► retry (headers: helpline-retry-delay) ─► retry.<delay> (TTL) ─► requeue (direct, key = queue)
    failure ──► dead (fanout) ─► dead_letters ─► dead-letter store (router hosts the consumer)
    router  ──► privacy (topic) ─ req.<action>.all | req.<action>.<service> ─► privacy.<service>
                                                 (one per data holder, common.privacy.HOLDERS)
    holders ──► privacy (topic) ─ done.<service> ─► privacy.coordinator (the router)
    sender  ──► delivery ─ router ─► router.delivery (the coordinator's own notices)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, ExchangeType

INBOUND = "inbound"
EVENTS = "events"
DOMAIN = "domain"
OUTBOUND = "outbound"
DELIVERY = "delivery"
RETRY = "retry"
REQUEUE = "requeue"
DEAD = "dead"
PRIVACY = "privacy"
PRIVACY_COORDINATOR_QUEUE = "privacy.coordinator"

DEAD_LETTERS_QUEUE = "dead_letters"
SENDER_REPLY_QUEUE = "sender.reply"
SENDER_BULK_QUEUE = "sender.bulk"
SENDER_STATUS_QUEUE = "sender.statuses"
SENDER_ERROR_QUEUE = "sender.errors"
SENDER_ACTIVITY_QUEUE = "sender.activity"
# Leader election among sender replicas: a single-active-consumer queue holding a token message
# that the active consumer keeps unacked. Whoever holds a token is the one replica that sends,
# so the per-number budget is enforced in one place (docs/architecture-sender.md).
SENDER_LEADER_QUEUE = "sender.leader"
DOMAINS = ("blood", "volunteer", "donation", "support")

# Project-owned attempt counter: RabbitMQ 4.x stops reading x-death on republished messages.
ATTEMPTS_HEADER = "x-helpline-attempts"
# Not "x-…": a headers exchange ignores x- headers when matching, so such a binding matched
# every message and one retry went to every delay queue at once.
RETRY_DELAY_HEADER = "helpline-retry-delay"
_LEGACY_RETRY_DELAY_HEADER = "x-retry-delay"
# Delay levels in seconds; a retry picks the level for its attempt number.
RETRY_DELAYS_S = (1, 5, 30, 120, 600)
DELIVERY_LIMIT = 20


def router_queue(partition: int) -> str:
    return f"router.inbound.{partition}"


def domain_queue(domain: str) -> str:
    return f"{domain}.requests"


def delivery_queue(service: str) -> str:
    return f"{service}.delivery"


def privacy_queue(service: str) -> str:
    return f"privacy.{service}"


def retry_queue(delay_s: int) -> str:
    return f"retry.{delay_s}s"


def quorum_args(*, single_active: bool = False, dead_letter: bool = True) -> dict[str, Any]:
    args: dict[str, Any] = {"x-queue-type": "quorum"}
    if dead_letter:
        # Without reject-publish, 3.10 silently downgrades at-least-once to at-most-once.
        args.update({
            "x-dead-letter-exchange": DEAD,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
            "x-delivery-limit": DELIVERY_LIMIT,
        })
    if single_active:
        args["x-single-active-consumer"] = True
    return args


@dataclass(frozen=True)
class QueueSpec:
    name: str
    arguments: dict[str, Any]
    bindings: tuple[tuple[str, str], ...] = field(default=())  # (exchange, routing key)
    requeue_target: bool = True  # retries can come back to it


def queues(partitions: int) -> list[QueueSpec]:
    specs = [
        QueueSpec(router_queue(i), quorum_args(single_active=True), ((INBOUND, "1"),))
        for i in range(partitions)
    ]
    specs += [
        QueueSpec(SENDER_STATUS_QUEUE, quorum_args(), ((EVENTS, "status"),)),
        QueueSpec(SENDER_ERROR_QUEUE, quorum_args(), ((EVENTS, "error"),)),
        QueueSpec(SENDER_REPLY_QUEUE, quorum_args(), ((OUTBOUND, "reply"),)),
        QueueSpec(SENDER_BULK_QUEUE, quorum_args(), ((OUTBOUND, "bulk"),)),
        QueueSpec(SENDER_ACTIVITY_QUEUE, quorum_args(), ((EVENTS, "activity"),)),
        # No dead-letter/delivery limit: the token is requeued at every fail-over and must
        # never be dead-lettered for it.
        QueueSpec(SENDER_LEADER_QUEUE, quorum_args(single_active=True, dead_letter=False), requeue_target=False),
    ]
    specs += [QueueSpec(domain_queue(d), quorum_args(), ((DOMAIN, d),)) for d in DOMAINS]
    # Privacy: declared for every holder by everyone, so an erase event published while a holder
    # is down (or not yet deployed) waits in that holder's durable queue.
    from common.privacy import HOLDERS

    specs += [QueueSpec(privacy_queue(s), quorum_args(), ((PRIVACY, "req.*.all"), (PRIVACY, f"req.*.{s}")))
              for s in HOLDERS]
    specs.append(QueueSpec(PRIVACY_COORDINATOR_QUEUE, quorum_args(), ((PRIVACY, "done.*"),)))
    specs.append(QueueSpec(delivery_queue("router"), quorum_args(), ((DELIVERY, "router"),)))
    specs += [
        QueueSpec(
            retry_queue(delay),
            {
                "x-queue-type": "quorum",
                "x-message-ttl": delay * 1000,
                "x-dead-letter-exchange": REQUEUE,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
            requeue_target=False,
        )
        for delay in RETRY_DELAYS_S
    ]
    # The last stop has no delivery limit: past a limit the only place left would be nowhere.
    specs.append(QueueSpec(DEAD_LETTERS_QUEUE, {"x-queue-type": "quorum"}, ((DEAD, ""),), requeue_target=False))
    return specs


async def declare(channel: AbstractChannel, partitions: int) -> None:
    exchanges = {
        INBOUND: ExchangeType.X_CONSISTENT_HASH,
        EVENTS: ExchangeType.TOPIC,
        DOMAIN: ExchangeType.TOPIC,
        OUTBOUND: ExchangeType.DIRECT,
        DELIVERY: ExchangeType.TOPIC,
        RETRY: ExchangeType.HEADERS,
        REQUEUE: ExchangeType.DIRECT,
        DEAD: ExchangeType.FANOUT,
        PRIVACY: ExchangeType.TOPIC,
    }
    declared: dict[str, aio_pika.abc.AbstractExchange] = {}
    for name, kind in exchanges.items():
        declared[name] = await channel.declare_exchange(name, kind, durable=True)
    for spec in queues(partitions):
        queue = await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
        for exchange, key in spec.bindings:
            await queue.bind(declared[exchange], routing_key=key)
        if spec.requeue_target:
            await queue.bind(declared[REQUEUE], routing_key=spec.name)
    for delay in RETRY_DELAYS_S:
        queue = await channel.get_queue(retry_queue(delay), ensure=False)
        await queue.bind(declared[RETRY], arguments={"x-match": "all", RETRY_DELAY_HEADER: str(delay)})
        # Remove the binding of earlier releases, which matched everything (unbinding a
        # binding that does not exist is not an error).
        await queue.unbind(declared[RETRY], arguments={"x-match": "all", _LEGACY_RETRY_DELAY_HEADER: str(delay)})


async def declare_delivery_queue(channel: AbstractChannel, service: str) -> str:
    """An origin service's own queue of delivery statuses for the messages it produced."""
    name = delivery_queue(service)
    queue = await channel.declare_queue(name, durable=True, arguments=quorum_args())
    await queue.bind(DELIVERY, routing_key=service)
    await queue.bind(REQUEUE, routing_key=name)
    return name
