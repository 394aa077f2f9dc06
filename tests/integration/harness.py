"""Runs the whole helpline in-process for a test: simulator + all seven services, against
real RabbitMQ in a virtual host of its own."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
from aiohttp import web
from common.clock import OffsetClock
from common.mongo import Database
from common.service import Runtime
from common.settings import Settings
from common.signature import sign
from pydantic import SecretStr
from whatsapp_sim.config import SimConfig
from whatsapp_sim.wire import meta_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "webhooks"
RABBIT_API = os.environ.get("RABBITMQ_API", "http://127.0.0.1:15672/api")
RABBIT_AUTH = {"Authorization": aiohttp.encode_basic_auth("guest", "guest")}
APP_SECRET = "test-app-secret"
ACCESS_TOKEN = "test-access-token"
SERVICES = ("gateway", "router", "blood", "volunteer", "donation", "support", "sender")
_numbers = itertools.count(random.randrange(1_000_000, 9_000_000, 1000))


def new_number(like: str = "905390000000") -> str:
    """A made-up number of the test's own, with the country code and length of `like`
    (the language of a reply may follow the country code)."""
    return f"{like[:-7]}{next(_numbers):07d}"


def fixture_sender(name: str) -> str:
    """The first sender's number in a fixture (to keep its country code)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    for entry in data["entry"]:
        for change in entry["changes"]:
            for msg in change["value"].get("messages", []) or []:
                if "from" in msg:
                    return str(msg["from"])
    return "905390000000"


async def create_vhost(name: str) -> None:
    async with aiohttp.ClientSession(headers=RABBIT_AUTH) as http:
        async with http.put(f"{RABBIT_API}/vhosts/{name}") as resp:
            resp.raise_for_status()
        async with http.put(f"{RABBIT_API}/permissions/{name}/guest",
                            json={"configure": ".*", "write": ".*", "read": ".*"}) as resp:
            resp.raise_for_status()


async def delete_vhost(name: str) -> None:
    async with aiohttp.ClientSession(headers=RABBIT_AUTH) as http, http.delete(f"{RABBIT_API}/vhosts/{name}"):
        pass


async def queue_depth(vhost: str, queue: str) -> int:
    """Ready messages, asked of the broker itself (the management API's counts lag by seconds)."""
    connection = await aio_pika.connect(f"amqp://guest:guest@127.0.0.1:5672/{vhost}")
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        result = declared.declaration_result
        return int(result.message_count or 0)


def load_fixture(name: str, *, number: str | None = None, timestamp: int | None = None,
                 numbers: dict[str, str] | None = None) -> dict[str, Any]:
    """A fixture with its citizens' numbers rewritten to the test's own and a current time."""
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    ts = str(timestamp or int(time.time()))
    mapping = dict(numbers or {})

    def number_for(old: str) -> str:
        if old not in mapping:
            mapping[old] = number if number and not mapping else new_number(like=old)
        return mapping[old]

    for entry in data["entry"]:
        for change in entry["changes"]:
            value = change["value"]
            for contact in value.get("contacts", []) or []:
                if "wa_id" in contact:
                    contact["wa_id"] = number_for(contact["wa_id"])
            for msg in value.get("messages", []) or []:
                if "from" in msg:
                    msg["from"] = number_for(msg["from"])
                msg["id"] = f"wamid.test{uuid.uuid4().hex}"
                msg["timestamp"] = ts
            for status in value.get("statuses", []) or []:
                status["timestamp"] = ts
    return data


@dataclass
class Helpline:
    vhost: str
    sim_url: str
    gateway_url: str
    runtimes: dict[str, Runtime]
    clock: OffsetClock
    http: aiohttp.ClientSession
    sim_app: web.Application
    _outbox_seq: int = field(default=0)

    def db(self, service: str) -> Database:
        return self.runtimes[service].db

    def port(self, service: str) -> int:
        port = self.runtimes[service].port
        assert port is not None
        return port

    async def post_webhook(self, body: bytes, *, signature: str | None = "valid") -> int:
        """POST to the gateway, signed with the test's app secret unless a header is given
        (or None for no header at all)."""
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            headers["X-Hub-Signature-256"] = sign(body, APP_SECRET)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        async with self.http.post(self.gateway_url, data=body, headers=headers) as resp:
            return resp.status

    async def post(self, payload: dict[str, Any]) -> int:
        return await self.post_webhook(meta_json(payload))

    async def citizen_says(self, number: str, text: str, *, name: str = "Test Vatandaş") -> str:
        async with self.http.post(f"{self.sim_url}/sim/messages",
                                  json={"from": number, "text": text, "profile_name": name}) as resp:
            data = await resp.json()
            assert data["gateway_status"] == 200, data
            return str(data["wamid"])

    async def sim(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.http.request(method, f"{self.sim_url}{path}", **kwargs) as resp:
            return await resp.json()

    async def replies(self, to: str, count: int = 1, within: float = 15.0) -> list[dict[str, Any]]:
        """Wait until `count` messages to `to` were accepted by the simulator; return them all."""
        deadline = asyncio.get_running_loop().time() + within
        found: list[dict[str, Any]] = []
        while True:
            data = await self.sim("GET", "/sim/outbox", params={"to": to, "after": "0", "wait": "0.5"})
            found = data["messages"]
            if len(found) >= count or asyncio.get_running_loop().time() > deadline:
                return found
            await asyncio.sleep(0.1)

    async def quiet(self, to: str, wait: float = 2.0) -> list[dict[str, Any]]:
        """What reached `to` within `wait` seconds (for "no reply" assertions)."""
        await asyncio.sleep(wait)
        data = await self.sim("GET", "/sim/outbox", params={"to": to, "after": "0"})
        return list(data["messages"])


def body_text(message: dict[str, Any]) -> str:
    """Everything a citizen would read in one outbound message, as one string."""
    body = message["body"]
    kind = body.get("type")
    if kind == "text":
        return str(body["text"]["body"])
    if kind == "interactive":
        inter = body["interactive"]
        parts = [inter.get("header", {}).get("text", ""), inter["body"]["text"],
                 inter.get("footer", {}).get("text", "")]
        action = inter.get("action", {})
        for section in action.get("sections", []):
            parts += [f"{r['title']} {r.get('description', '')}" for r in section.get("rows", [])]
        parts += [b["reply"]["title"] for b in action.get("buttons", [])]
        return "\n".join(p for p in parts if p)
    if kind == "location":
        loc = body["location"]
        return f"{loc.get('name', '')} {loc.get('address', '')}"
    if kind == "template":
        return json.dumps(body["template"], ensure_ascii=False)
    return json.dumps(body, ensure_ascii=False)


def all_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(body_text(m) for m in messages)


def settings_for(service: str, vhost: str, mongo_url: str | None, sim_url: str, tokens_file: str) -> Settings:
    return Settings(
        service_name=service,
        amqp_url=f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
        mongodb_url=SecretStr(mongo_url) if mongo_url else None,
        mongodb_db_prefix=f"t_{vhost}",
        dev_mode=mongo_url is None,
        http_port=0,
        router_partitions=2,
        whatsapp_app_secret=SecretStr(APP_SECRET),
        whatsapp_verify_token=SecretStr("test-verify-token"),
        whatsapp_access_token=SecretStr(ACCESS_TOKEN),
        graph_api_base=sim_url,
        graph_timeout_s=3.0,
        staff_tokens_file=tokens_file,
        drain_timeout_s=5.0,
    )


def sim_config(**overrides: Any) -> SimConfig:
    config = SimConfig(port=0, app_secret=APP_SECRET, access_token=ACCESS_TOKEN, sent_delay_s=0.01,
                       delivered_delay_s=0.02, read_delay_s=0.05, mps=1000)
    for key, value in overrides.items():
        setattr(config, key, value)
    return config
