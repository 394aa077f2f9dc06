"""Sender-only settings (environment variables prefixed `SENDER_`), next to the shared ones."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SenderConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SENDER_", extra="ignore", case_sensitive=False)

    mps: int = Field(80, ge=1, le=1000)
    """The number's throughput level (§6.1): 80 by default, 1,000 after Meta's upgrade."""
    headroom: int = Field(0, ge=0, le=999)
    """Messages per second kept free for inbound traffic when more than the observed rate."""
    window_margin_s: float = Field(0.0, ge=0, le=0.5)
    """Extra time a send keeps its budget slot after its response, on top of Meta's 1-s window.
    Not needed for the guarantee (policy.PacedLimiter counts a send until a window after its
    response); a safety knob if Meta's clock were found to count differently."""
    bulk_min_share: float = Field(0.1, ge=0, le=1)
    """Share of the budget bulk gets while replies are waiting, so bulk never starves."""
    prefetch: int = Field(500, ge=1, le=5000)
    max_in_flight: int = Field(256, ge=1, le=5000)
    max_attempts: int = Field(8, ge=1)
    max_age_s: float = Field(6 * 3600, gt=0)
    retry_base_s: float = Field(1.0, gt=0)
    retry_max_s: float = Field(300.0, gt=0)
    pair_max_wait_s: float = Field(1024.0, gt=0)
    failover_pause_s: float = Field(1.0, ge=0)
    """A new active sender waits this long before its first send: the previous one may have
    sent up to the budget in the last second, which a fresh sliding window cannot see."""
    window_s: int = 24 * 3600
    window_safety_s: int = Field(300, ge=0)
    """A window closing within this margin counts as closed (re-checked at send time)."""
    hold_ttl_s: float = Field(24 * 3600, gt=0)
    """How long a message held for a closed window waits for the citizen before it fails."""
    leader_refresh_s: float = Field(300.0, gt=0)
    store: Literal["mongo", "memory"] = "mongo"
    """`memory` is the in-process store for dev runs and benchmarks (the MongoDB double is
    in-memory too, but scans linearly; it cannot keep up with 1,000 sends/s)."""
