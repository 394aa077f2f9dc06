"""`X-Hub-Signature-256`: HMAC-SHA256 over the exact raw bytes (whatsapp-cloud-api.md §3).

What `verify` does with an upper-case hex digest: it accepts it. Meta sends lower-case hex, but
the digest is the same number either way and the comparison stays constant-time, so accepting
it costs nothing. The `sha256=` prefix, in contrast, must be written exactly as Meta writes it.
Surrounding whitespace in the header value is stripped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from common.signature import PREFIX, sign, verify
from gateway.webhook import parse_webhook

from tests.unit.conftest import fixture_bytes

SECRET = "app-secret-for-tests"


def test_sign_is_meta_format(fixture_name: str) -> None:
    body = fixture_bytes(fixture_name)
    header = sign(body, SECRET)
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert header == "sha256=" + expected
    assert header == header.lower()
    assert len(header) == len(PREFIX) + 64


def test_round_trip_over_fixture_bytes(fixture_name: str) -> None:
    body = fixture_bytes(fixture_name)
    assert verify(body, sign(body, SECRET), SECRET)


def test_one_changed_byte_fails(fixture_name: str) -> None:
    body = fixture_bytes(fixture_name)
    header = sign(body, SECRET)
    assert not verify(body + b" ", header, SECRET)
    assert not verify(body[:-1], header, SECRET)
    tampered = body.replace(b"102290129340398", b"102290129340399")  # the WABA id, in every file
    assert tampered != body
    assert not verify(tampered, header, SECRET)


# --- bytes no re-serialiser reproduces --------------------------------------------------------


def _spaced(data: Any) -> bytes:
    return json.dumps(data, indent=1).encode()


def _raw_utf8(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _reordered(data: Any) -> bytes:
    return json.dumps(dict(reversed(list(data.items()))), separators=(",", ":")).encode()


VARIANTS: dict[str, Callable[[Any], bytes]] = {"added_whitespace": _spaced, "raw_utf8": _raw_utf8,
                                               "key_order_changed": _reordered}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", ["text_blood_upper_istanbul", "text_arabic_blood", "text_emoji_only",
                                  "location_named_place", "batch_two_entries_mixed"])
def test_other_bytes_of_the_same_json_verify_only_with_their_own_signature(variant: str, name: str) -> None:
    original = fixture_bytes(name)
    data = json.loads(original)
    other = VARIANTS[variant](data)
    assert other != original
    assert json.loads(other) == data  # the same JSON document ...
    assert verify(other, sign(other, SECRET), SECRET)  # ... verified over its own bytes,
    assert not verify(other, sign(original, SECRET), SECRET)  # never over another serialisation,
    assert not verify(original, sign(other, SECRET), SECRET)
    # and no compact re-serialisation of what was parsed gets back to the bytes that were signed.
    for reserialised in (json.dumps(data).encode(), json.dumps(data, separators=(",", ":")).encode(),
                         json.dumps(data, ensure_ascii=False).encode()):
        if reserialised != other:
            assert not verify(reserialised, sign(other, SECRET), SECRET)


def test_raw_utf8_body_parses_like_the_escaped_one() -> None:
    original = fixture_bytes("text_blood_upper_istanbul")
    other = _raw_utf8(json.loads(original))
    assert "İSTANBUL".encode() in other and b"\\u0130" in original
    now = datetime(2026, 11, 20, tzinfo=UTC)
    assert parse_webhook(other, now).messages[0].text == parse_webhook(original, now).messages[0].text


# --- headers that must read as "invalid", never raise -----------------------------------------

BODY = fixture_bytes("text_greeting_tr")
GOOD = sign(BODY, SECRET)
HEX = GOOD[len(PREFIX):]


@pytest.mark.parametrize("header", [
    None,
    "",
    " ",
    "sha256=",
    HEX,  # no prefix
    "sha1=" + HEX,
    "SHA256=" + HEX,  # prefix written differently from Meta's
    "sha256:" + HEX,
    "sha256= " + HEX,
    "sha256=" + HEX[:-1],  # 63 hex digits
    "sha256=" + HEX + "0",  # 65 hex digits
    "sha256=" + HEX[:32],
    "sha256=" + HEX + HEX,
    "sha256=" + "z" * 64,
    "sha256=" + "0" * 64,
    "sha256=" + HEX[:-1] + "é",  # non-ASCII, same number of characters
    "sha256=" + "é" * 32,  # non-ASCII, 64 bytes in UTF-8
    "sha256=" + "ğ" * 64,
    "sha256=" + HEX[:-1] + "\udcff",  # lone surrogate, as a mis-decoded header could carry
    "sha256=" + HEX[:-1] + "\x00",
    GOOD + ",sha256=" + HEX,
], ids=repr)
def test_malformed_header_is_invalid(header: str | None) -> None:
    assert verify(BODY, header, SECRET) is False


def test_upper_case_hex_is_accepted() -> None:
    # Documented choice: the digest is compared case-insensitively (Meta sends lower case).
    assert verify(BODY, "sha256=" + HEX.upper(), SECRET) is True
    assert verify(BODY, "sha256=" + HEX[:10].upper() + HEX[10:], SECRET) is True


def test_surrounding_whitespace_is_tolerated() -> None:
    assert verify(BODY, f"  {GOOD}\t", SECRET) is True


def test_wrong_secret_is_invalid() -> None:
    assert verify(BODY, GOOD, SECRET + "x") is False
    assert verify(BODY, sign(BODY, "another-secret"), SECRET) is False


def test_empty_secret_never_verifies() -> None:
    # Even a header computed with the empty key: an unconfigured gateway must accept nothing.
    assert verify(BODY, sign(BODY, ""), "") is False
    assert verify(BODY, GOOD, "") is False


def test_non_ascii_secret_works() -> None:
    secret = "gizli-anahtar-ğüşıöç"
    assert verify(BODY, sign(BODY, secret), secret) is True
    assert verify(BODY, sign(BODY, secret), "gizli-anahtar-gusioc") is False


def test_empty_body_round_trip() -> None:
    assert verify(b"", sign(b"", SECRET), SECRET) is True
    assert verify(b"", GOOD, SECRET) is False
