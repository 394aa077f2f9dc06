"""Reference numbers citizens can read out on the phone: "KZ-H-7Q4M2K".

The code is Crockford base32 (no I, L, O or U), so it survives being read aloud or retyped, and
`parse_reference` accepts the usual mistakes (lower case, O for 0, I or L for 1, missing dashes).
Six symbols carry 30 bits: uniqueness is the store's job (a unique index), and on a clash the
caller asks again: `new_reference` draws fresh bits, `reference_from_seed` takes the next attempt.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from support.kinds import KINDS, Kind

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6
_BITS = 5 * CODE_LENGTH
PREFIX: dict[Kind, str] = {
    "handoff": "H",
    "feedback": "F",
    "help": "Y",  # yardım: staff read Turkish, and "H" is taken by hand-off
    "privacy": "P",
    "missed": "M",
}
_KIND_BY_PREFIX = {letter: kind for kind, letter in PREFIX.items()}
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
_LOOSE = re.compile(r"\bKZ[\s\-_.]*([A-Z])[\s\-_.]*([0-9A-Z]{6})\b", re.IGNORECASE)


def new_reference(kind: Kind, now: datetime) -> str:
    """A fresh random reference.

    `now` must be timezone-aware; it is not encoded, because a creation time in the reference
    would tell anyone who sees it when the citizen wrote.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return _format(kind, secrets.randbits(_BITS))


def reference_from_seed(seed: str, kind: Kind, attempt: int = 0) -> str:
    """The same reference for the same seed (e.g. an inbound message id), so a redelivered
    message gets the reference already given. The seed is hashed: wamids encode phone numbers.
    """
    digest = hashlib.sha256(f"{kind}\x1f{attempt}\x1f{seed}".encode()).digest()
    return _format(kind, int.from_bytes(digest[:8], "big") >> (64 - _BITS))


def parse_reference(text: str) -> str | None:
    """The reference written somewhere in `text`, in canonical form, or None."""
    found = _LOOSE.search(text)
    if not found:
        return None
    letter = found.group(1).upper()
    code = found.group(2).upper().translate(_TYPO)
    if letter not in _KIND_BY_PREFIX or any(ch not in ALPHABET for ch in code):
        return None
    return f"KZ-{letter}-{code}"


def kind_of(reference: str) -> Kind | None:
    parsed = parse_reference(reference)
    return _KIND_BY_PREFIX[parsed[3]] if parsed else None


def _format(kind: Kind, value: int) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    symbols = [ALPHABET[(value >> shift) & 31] for shift in range(_BITS - 5, -1, -5)]
    return f"KZ-{PREFIX[kind]}-{''.join(symbols)}"
