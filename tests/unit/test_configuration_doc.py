"""docs/configuration.md says it lists every setting: hold it to that."""

from __future__ import annotations

from pathlib import Path

from common.settings import Settings
from sender.config import SenderConfig

DOC = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")


def test_every_shared_setting_is_documented() -> None:
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in DOC]
    assert not missing, missing


def test_every_sender_setting_is_documented() -> None:
    missing = [f"SENDER_{name.upper()}" for name in SenderConfig.model_fields
               if f"`SENDER_{name.upper()}`" not in DOC]
    assert not missing, missing
