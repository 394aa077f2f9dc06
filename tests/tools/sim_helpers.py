"""Shared pieces of the simulator tests: a fake gateway, a fake clock, request bodies."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from whatsapp_sim.config import SimConfig

SECRET = "test-app-secret"
TOKEN = "test-access-token"
PHONE_NUMBER_ID = "106540352242922"
SEND_PATH = f"/v25.0/{PHONE_NUMBER_ID}/messages"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

Client = TestClient[web.Request, web.Application]
SimFactory = Callable[..., Awaitable[Client]]


@dataclass
class Delivery:
    body: bytes
    signature: str | None

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeGateway:
    """Records every webhook POST; answers `status` (200 unless a test changes it)."""

    status: int = 200
    deliveries: list[Delivery] = field(default_factory=list)
    on_delivery: Callable[[Delivery], Awaitable[None]] | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        delivery = Delivery(await request.read(), request.headers.get("X-Hub-Signature-256"))
        self.deliveries.append(delivery)
        self._arrived.set()
        if self.on_delivery is not None:
            await self.on_delivery(delivery)
        return web.Response(status=self.status, text="ok")

    async def wait_for(self, count: int, within_s: float = 3.0) -> list[Delivery]:
        async def enough() -> None:
            while len(self.deliveries) < count:
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(enough(), within_s)
        return self.deliveries

    def statuses(self) -> list[dict[str, Any]]:
        return [
            status
            for delivery in self.deliveries
            for entry in delivery.json["entry"]
            for change in entry["changes"]
            for status in change["value"].get("statuses", [])
        ]


def sim_config(gateway_url: str, **overrides: Any) -> SimConfig:
    defaults: dict[str, Any] = {
        "gateway_webhook_url": gateway_url, "app_secret": SECRET, "access_token": TOKEN,
        "sent_delay_s": 0.0, "delivered_delay_s": 0.01, "read_delay_s": 0.01,
    }
    return SimConfig(**(defaults | overrides))


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def text_body(to: str = "905321112233", body: str = "Merhaba") -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
            "type": "text", "text": {"body": body}}


def template_body(name: str = "blood_need_alert", language: str = "tr",
                  params: tuple[str, ...] = ("A Rh+", "Ankara", "Kızılay Ankara", "acil"),
                  to: str = "905321112233") -> dict[str, Any]:
    components = [{"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}]
    return {"messaging_product": "whatsapp", "to": to, "type": "template",
            "template": {"name": name, "language": {"code": language},
                         "components": components if params else []}}


def list_body(rows_per_section: tuple[int, ...] = (3,), to: str = "905321112233",
              **overrides: Any) -> dict[str, Any]:
    """A valid list message; `overrides` replace fields of `interactive` (dotted paths not
    needed: tests edit the returned dict)."""
    sections = []
    n = 0
    for s, count in enumerate(rows_per_section):
        rows = []
        for _ in range(count):
            n += 1
            rows.append({"id": f"row.{n}", "title": f"Row {n}", "description": "d"})
        sections.append({"title": f"Section {s}", "rows": rows})
    interactive: dict[str, Any] = {
        "type": "list", "header": {"type": "text", "text": "Kızılay"},
        "body": {"text": "Size nasıl yardımcı olabiliriz?"}, "footer": {"text": "Türk Kızılay"},
        "action": {"button": "Menü", "sections": sections},
    }
    return {"messaging_product": "whatsapp", "to": to, "type": "interactive",
            "interactive": interactive | overrides}


def buttons_body(titles: tuple[str, ...] = ("Evet", "Hayır"), to: str = "905321112233",
                 ) -> dict[str, Any]:
    buttons = [{"type": "reply", "reply": {"id": f"b.{i}", "title": t}}
               for i, t in enumerate(titles)]
    return {"messaging_product": "whatsapp", "to": to, "type": "interactive",
            "interactive": {"type": "button", "body": {"text": "Onaylıyor musunuz?"},
                            "footer": {"text": "Kızılay"}, "action": {"buttons": buttons}}}
