"""Byte-level details of what Meta puts on the wire: JSON escaping and wamid shapes."""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any


def meta_json(payload: Any) -> bytes:
    """Compact JSON with non-ASCII as `\\uXXXX` and `/` as `\\/`, as Meta serialises webhooks.

    A gateway that re-serialises before checking the signature breaks on exactly these bytes,
    which is why the simulator must reproduce them.
    """
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    # `/` never occurs in compact JSON outside strings, so a plain replace is safe.
    return text.replace("/", "\\/").encode("ascii")


def _wamid(address: str, marker: bytes, tail: bytes) -> str:
    """Meta's wamids are base64 of a small binary record that embeds the user's address."""
    encoded = address.encode()
    record = b"\x1c\x18" + bytes([len(encoded) & 0xFF]) + encoded + marker + tail + b"\x00"
    return "wamid." + base64.b64encode(record).decode()


def outbound_wamid(address: str) -> str:
    """A wamid like those the send call returns (HBgM… + address + 18 hex digits)."""
    return _wamid(address, b"\x15\x02\x00\x11\x18\x12", secrets.token_hex(9).upper().encode())


def inbound_wamid(address: str) -> str:
    """A wamid like those on inbound messages (32 hex digits after the address)."""
    return _wamid(address, b"\x15\x02\x00\x12\x18\x20", secrets.token_hex(16).upper().encode())


def digits(address: str) -> str:
    """The phone number as Meta resolves it: `+90 (532) 123-45-67` → `905321234567`."""
    return "".join(ch for ch in address if ch.isdigit())
