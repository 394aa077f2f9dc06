"""Typed settings from the environment, shared by every service.

Each service reads the same variables; the names are documented in docs/configuration.md.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    service_name: str = "unknown"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/helpline"
    amqp_prefetch: int = Field(32, ge=1, le=1000)
    router_partitions: int = Field(4, ge=1, le=64)
    mongodb_url: SecretStr | None = None
    mongodb_db_prefix: str = "helpline"
    # Dev mode is the only way a service accepts the in-memory MongoDB double.
    dev_mode: bool = False
    http_host: str = "127.0.0.1"
    http_port: int = 0
    log_level: str = "info"
    log_format: str = "json"
    staff_tokens_file: str = "var/staff_tokens.json"

    whatsapp_app_secret: SecretStr = SecretStr("")
    whatsapp_verify_token: SecretStr = SecretStr("")
    whatsapp_access_token: SecretStr = SecretStr("")
    whatsapp_phone_number_id: str = "106540352242922"
    graph_api_base: str = "https://graph.facebook.com"
    graph_api_version: str = "v25.0"
    graph_timeout_s: float = 10.0

    # Replies to messages older than this get a short apology first; past the 24-hour
    # customer-service window they are not answered at all but recorded for staff.
    late_after_s: int = 300
    window_s: int = 24 * 3600
    active_domain_ttl_s: int = 1800

    drain_timeout_s: float = 20.0
    max_attempts: int = 5

    def database_name(self, service: str | None = None) -> str:
        return f"{self.mongodb_db_prefix}_{service or self.service_name}"
