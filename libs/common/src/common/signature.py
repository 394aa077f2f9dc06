"""Meta's `X-Hub-Signature-256`: HMAC-SHA256 over the exact raw body bytes."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(body: bytes, secret: str) -> str:
    """The header value Meta would send for `body`."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str) -> bool:
    """True only for a well-formed header whose digest matches, compared in constant time.

    Bytes are compared, never `str`: `compare_digest` raises on non-ASCII text, and a
    malformed header must read as "invalid", not as a server error.
    """
    if not header or not secret:
        return False
    raw = header.strip().encode("utf-8", "replace")
    if not raw.startswith(PREFIX.encode()):
        return False
    received = raw[len(PREFIX):].lower()
    if len(received) != 64:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
    return hmac.compare_digest(expected, received)
