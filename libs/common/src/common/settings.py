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

    # --- Privacy (issue 4; docs/privacy.md). The key makes the destruction log and the erase
    # tombstones pseudonymous: without it a hash of a phone number is guessable by brute force.
    privacy_hmac_key: SecretStr = SecretStr("")
    # How long the coordinator waits for every data-holding service before alerting staff.
    privacy_confirm_timeout_s: int = Field(15 * 60, ge=1)
    privacy_report_timeout_s: int = Field(30, ge=1)
    """"My data" waits this long for every holder, then answers with what it has (saying so)."""
    privacy_watchdog_interval_s: float = Field(10.0, gt=0)
    # Keyed hashes of an erased citizen's ids and message ids: WhatsApp redelivers for 7 days.
    privacy_tombstone_s: int = Field(8 * 86400, ge=1)
    # Destruction log: KVKK Regulation (2017) asks for at least 3 years.
    privacy_destruction_log_s: int = Field(3 * 366 * 86400, ge=1)
    # Retention periods per kind of data (enforced by each service's retention job).
    retention_transcripts_s: int = Field(180 * 86400, ge=1)  # router citizen records, inactive
    retention_help_requests_s: int = Field(365 * 86400, ge=1)  # closed support requests
    retention_delivery_records_s: int = Field(30 * 86400, ge=1)  # sender outbound + deliveries
    retention_dead_letters_s: int = Field(30 * 86400, ge=1)  # dead-letter store entries
    retention_restricted_dead_letters_s: int = Field(7 * 86400, ge=1)  # raw unparseable webhooks
    retention_flows_s: int = Field(86400, ge=1)  # half-finished flows (prompts, pending questions)
    retention_interval_s: float = Field(6 * 3600, gt=0)  # how often the job runs in each service

    drain_timeout_s: float = 20.0
    max_attempts: int = 5

    def database_name(self, service: str | None = None) -> str:
        return f"{self.mongodb_db_prefix}_{service or self.service_name}"
