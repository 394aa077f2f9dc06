"""Gateway: WhatsApp webhooks in, verified, split and published to RabbitMQ.

Routes: GET/POST /webhook (Meta), /healthz, /readyz, /metrics. It holds no database: a
webhook is durable once the broker confirmed it.
"""

from __future__ import annotations

from common.clock import Clock, SystemClock
from common.service import Runtime, main
from common.settings import Settings

from gateway.handler import WebhookHandler


def build(settings: Settings, clock: Clock | None = None) -> Runtime:
    if not settings.whatsapp_app_secret.get_secret_value():
        raise SystemExit("WHATSAPP_APP_SECRET is required: every webhook POST is verified with it")
    runtime = Runtime(settings, uses_database=False)
    runtime.add_routes(WebhookHandler(settings, runtime.publisher, clock or SystemClock()).routes())
    return runtime


if __name__ == "__main__":
    main(build, "gateway")
