"""Simulator settings: defaults match the dev setup of the gateway and sender."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from whatsapp_sim.envelopes import BusinessNumber

DEFAULT_PORT = 8700


@dataclass
class SimConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    gateway_webhook_url: str = "http://127.0.0.1:8080/webhook"
    app_secret: str = "dev-app-secret"  # noqa: S105 - a well-known dev default, not a secret
    access_token: str = "dev-access-token"  # noqa: S105
    phone_number_id: str = "106540352242922"
    display_phone_number: str = "905521501868"
    waba_id: str = "102290129340398"
    status_webhooks: bool = True
    read_receipts: bool = True
    sent_delay_s: float = 0.05
    delivered_delay_s: float = 0.15
    read_delay_s: float = 0.5
    """Each delay counts from the previous status, as a phone would report them."""
    failed_delay_s: float = 0.0
    """Delay of an asynchronous `failed` status (e.g. 131047) after the send was accepted."""
    response_delay_s: float = 0.0
    """Delay of the answer to an accepted send: with it, statuses can reach the business before
    the send call returns, as they can with Meta."""
    mps: int = 80
    count_inbound_in_mps: bool = False
    """Meta counts inbound too (§6.1); off by default so sender tests see only their own sends."""
    count_reads_in_mps: bool = True
    """Mark-as-read and typing calls share the endpoint, so they are assumed to count (§5.3)."""
    pair_limit: int = 45
    pair_window_s: float = 6.0
    """Generous by default (Meta's burst allowance), so conversational tests are not throttled."""
    enforce_window: bool = False
    """When on, free-form sends to anyone who has not written in 24 h fail with 131047."""
    webhook_attempts: int = 3
    webhook_timeout_s: float = 10.0
    default_fault_timeout_s: float = 30.0
    max_long_poll_s: float = 60.0

    @property
    def business_number(self) -> BusinessNumber:
        return BusinessNumber(self.phone_number_id, self.display_phone_number, self.waba_id)

    def public(self) -> dict[str, Any]:
        """Settings without the secret and the token."""
        hidden = {"app_secret", "access_token"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in hidden}

    def update(self, changes: Mapping[str, Any]) -> None:
        """Applies runtime changes (`PATCH /sim/config`); ValueError on unknown or bad values."""
        known = {f.name: f for f in fields(self)}
        for name in changes:
            if name not in RUNTIME_SETTINGS or name not in known:
                raise ValueError(f"{name} cannot be changed at runtime")
        coerced = {name: _coerce(getattr(self, name), value) for name, value in changes.items()}
        for name, value in coerced.items():
            setattr(self, name, value)


RUNTIME_SETTINGS = frozenset({
    "gateway_webhook_url", "status_webhooks", "read_receipts", "sent_delay_s", "failed_delay_s", "response_delay_s",
    "delivered_delay_s", "read_delay_s", "mps", "count_inbound_in_mps", "count_reads_in_mps", "pair_limit",
    "pair_window_s", "enforce_window", "webhook_attempts", "webhook_timeout_s",
    "default_fault_timeout_s", "app_secret",
})

ENV_NAMES: dict[str, str] = {
    "SIM_HOST": "host",
    "SIM_PORT": "port",
    "GATEWAY_WEBHOOK_URL": "gateway_webhook_url",
    "WHATSAPP_APP_SECRET": "app_secret",
    "WHATSAPP_ACCESS_TOKEN": "access_token",
    "WHATSAPP_PHONE_NUMBER_ID": "phone_number_id",
    "WHATSAPP_DISPLAY_PHONE_NUMBER": "display_phone_number",
    "WHATSAPP_WABA_ID": "waba_id",
    "SIM_STATUS_WEBHOOKS": "status_webhooks",
    "SIM_READ_RECEIPTS": "read_receipts",
    "SIM_MPS": "mps",
    "SIM_COUNT_INBOUND_IN_MPS": "count_inbound_in_mps",
    "SIM_COUNT_READS_IN_MPS": "count_reads_in_mps",
    "SIM_PAIR_LIMIT": "pair_limit",
    "SIM_PAIR_WINDOW_S": "pair_window_s",
    "SIM_ENFORCE_WINDOW": "enforce_window",
    "SIM_SENT_DELAY_S": "sent_delay_s",
    "SIM_DELIVERED_DELAY_S": "delivered_delay_s",
    "SIM_READ_DELAY_S": "read_delay_s",
}


def _coerce(current: object, value: object) -> object:
    if isinstance(current, bool):
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(f"not a boolean: {value!r}")
        return bool(value)
    if isinstance(current, int):
        return int(value)  # type: ignore[call-overload]
    if isinstance(current, float):
        return float(value)  # type: ignore[arg-type]
    return str(value)


def from_env(environ: Mapping[str, str] | None = None) -> SimConfig:
    environ = os.environ if environ is None else environ
    config = SimConfig()
    for env_name, attr in ENV_NAMES.items():
        if env_name in environ:
            setattr(config, attr, _coerce(getattr(config, attr), environ[env_name]))
    return config
