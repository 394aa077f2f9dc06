"""A retry goes to exactly one delay queue and comes back to its work queue exactly once
(against the real broker: a headers exchange's matching rules are the broker's)."""

from __future__ import annotations

import asyncio

import aio_pika
import pytest
from common import topology
from common.broker import Publisher

from tests.integration.harness import queue_depth

pytestmark = pytest.mark.integration


async def test_one_retry_lands_in_one_delay_queue_and_returns_once(vhost: str) -> None:
    connection = await aio_pika.connect(f"amqp://guest:guest@127.0.0.1:5672/{vhost}")
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await topology.declare(channel, partitions=1)
        publisher = Publisher(channel)
        await publisher.publish(topology.RETRY, topology.SENDER_BULK_QUEUE, b"{}",
                                headers={topology.RETRY_DELAY_HEADER: "1", topology.ATTEMPTS_HEADER: 1})
        depths = {d: await queue_depth(vhost, topology.retry_queue(d)) for d in topology.RETRY_DELAYS_S}
        assert depths == {d: (1 if d == 1 else 0) for d in topology.RETRY_DELAYS_S}
        for _ in range(50):
            if await queue_depth(vhost, topology.SENDER_BULK_QUEUE) == 1:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)
        assert await queue_depth(vhost, topology.SENDER_BULK_QUEUE) == 1
        assert sum([await queue_depth(vhost, topology.retry_queue(d)) for d in topology.RETRY_DELAYS_S]) == 0
