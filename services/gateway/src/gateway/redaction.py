"""Masking card numbers and IBANs in what citizens type, before anything is published (pure).

Only message text and media captions are touched — never ids (wamids, phone numbers), which
downstream services need and which are handled by the erase and retention rules instead.

Two steps, so that ordinary numbers survive: a regex finds *candidates* (runs of digit groups
separated by single spaces or dashes; a country code + check digits + groups for IBANs), then
a kept library validates them — Luhn (python-stdnum) for 13–19-digit card numbers, the
ISO 13616 checksum and country length (schwifty) for IBANs. A candidate is split at its group
boundaries, so "kartım 4111 1111 1111 1111 son kullanma 12 26" masks exactly the card.
A number preceded by "+" is a phone number in international form and is left alone, as are
runs of 12 digits or fewer (every Turkish phone number, with or without its country code).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Final

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn

CARD_MASK: Final = "[kart numarası gizlendi]"
IBAN_MASK: Final = "[IBAN gizlendi]"

# Digit groups joined by at most one space or dash each.
_DIGIT_RUN = re.compile(r"(?<![\w+])\d+(?:[ -]\d+)*(?!\w)")
# A country code and two check digits, then alphanumeric groups (IBANs are written in fours).
_IBAN_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]+)+", re.ASCII)
_SEPARATOR = re.compile(r"[ -]")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _groups(text: str, start: int, end: int) -> list[_Span]:
    spans: list[_Span] = []
    pos = start
    for sep in _SEPARATOR.finditer(text, start, end):
        spans.append(_Span(pos, sep.start()))
        pos = sep.end()
    spans.append(_Span(pos, end))
    return spans


def _compact(text: str, first: _Span, last: _Span) -> str:
    return _SEPARATOR.sub("", text[first.start:last.end])


def _card_spans(text: str) -> list[_Span]:
    found: list[_Span] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = _groups(text, run.start(), run.end())
        i = 0
        while i < len(groups):
            match = None
            # Longest run of whole groups starting here that is a Luhn-valid card number.
            for j in range(len(groups) - 1, i - 1, -1):
                digits = _compact(text, groups[i], groups[j])
                if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
                    match = j
                    break
            if match is None:
                i += 1
                continue
            found.append(_Span(groups[i].start, groups[match].end))
            i = match + 1
    return found


def _valid_iban(candidate: str) -> bool:
    try:
        IBAN(candidate)
    except (SchwiftyException, ValueError):
        return False
    return True


def _iban_spans(text: str) -> list[_Span]:
    found: list[_Span] = []
    for run in _IBAN_RUN.finditer(text):
        groups = _groups(text, run.start(), run.end())
        # Longest prefix of whole groups that is a valid IBAN (text may follow the number).
        for j in range(len(groups) - 1, -1, -1):
            compact = _compact(text, groups[0], groups[j]).upper()
            if 15 <= len(compact) <= 34 and _valid_iban(compact):
                found.append(_Span(groups[0].start, groups[j].end))
                break
    return found


def redact_text(text: str) -> tuple[str, int]:
    """`text` with card numbers and IBANs masked, and how many were masked."""
    spans = [(s, IBAN_MASK) for s in _iban_spans(text)]
    spans += [(s, CARD_MASK) for s in _card_spans(text)
              if not any(s.start < other.end and other.start < s.end for other, _ in spans)]
    if not spans:
        return text, 0
    out, pos = [], 0
    for span, mask in sorted(spans, key=lambda item: item[0].start):
        out += [text[pos:span.start], mask]
        pos = span.end
    out.append(text[pos:])
    return "".join(out), len(spans)


def redact_message_dict(message: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A copy of one webhook `messages[]` element with its text body / caption redacted."""
    out = copy.deepcopy(message)
    kind = out.get("type")
    body = out.get(str(kind)) if isinstance(out.get(str(kind)), dict) else None
    count = 0
    if isinstance(body, dict):
        for key in ("body", "caption"):
            if isinstance(body.get(key), str):
                body[key], n = redact_text(body[key])
                count += n
    return out, count
