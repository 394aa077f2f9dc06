"""Masking card numbers and IBANs in what citizens type, before anything is published (pure).

Only message text, media captions and document file names are touched — never ids (wamids, phone
numbers), which downstream services need and which are handled by the erase and retention rules instead.

Two steps, so that ordinary numbers survive: a regex finds *candidates* (runs of digit groups, in any
script, joined by spaces, by dashes or by dots; a country code + check digits + groups for IBANs), then
a kept library validates them — Luhn (python-stdnum) for 13–19-digit card numbers, the ISO 13616
checksum and country length (schwifty) for IBANs. Digits are read as ASCII for the check only; the mask
replaces the span as it was written. A candidate is split at its group boundaries, so "kartım 4111 1111
1111 1111 son kullanma 12 26" masks exactly the card.

What keeps phone numbers and dates out: a number preceded by "+" is a phone number in international
form; a card number does not start with 0 (Turkish phone numbers in national form do) and is written
in groups of at least four digits, only its last group may be shorter (4-4-4-4-3, Amex 4-6-5), which
phone numbers ("0532 123 45 67") and dates are not; and one number uses one kind of separator, so
"2024-05-01 2024-06-04" is two dates, not one 16-digit number. Slashes are not a separator: people
write dates and expiry dates with them, not card numbers.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn

CARD_MASK: Final = "[kart numarası gizlendi]"
IBAN_MASK: Final = "[IBAN gizlendi]"

# Any run of horizontal spaces: keyboards and copy-paste give double, no-break (U+00A0), figure
# (U+2007), thin (U+2009) and narrow no-break (U+202F) spaces. Not line breaks: a list is not a number.
_SPACES = "[ \t\u00a0\u2007\u2009\u202f]+"
# "_" counts as a boundary, so that "dekont_4111111111111111.pdf" is found in a file name.
_DIGIT_RUN = re.compile(rf"(?<![^\W_])(?<!\+)\d+(?:(?:{_SPACES}\d+)+|(?:-\d+)+|(?:\.\d+)+)?(?![^\W_])")
# A country code and two check digits, then alphanumeric groups (IBANs are written in fours).
_IBAN_RUN = re.compile(rf"(?<![A-Za-z\d])[A-Za-z]{{2}}\d{{2}}(?:(?:{_SPACES}|-)?[A-Za-z\d]+)+")
_SEPARATOR = re.compile(rf"{_SPACES}|[-.]")


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


def _ascii(text: str) -> str:
    # Luhn and the IBAN check read only 0-9; Arabic-Indic (U+0660…) and Persian (U+06F0…) digits,
    # like every other decimal digit `\d` matches, map one character to one, so spans stay valid.
    return "".join(str(unicodedata.decimal(ch, ch)) for ch in text)


def _card_end(groups: list[str], i: int) -> int | None:
    """The last group of the longest Luhn-valid card number that starts at group `i`, if any."""
    if groups[i].startswith("0"):
        return None
    best, digits = None, ""
    for j in range(i, len(groups)):
        digits += groups[j]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and luhn.is_valid(digits):
            best = j
        if len(groups[j]) < 4:
            break
    return best


def _card_spans(text: str) -> list[_Span]:
    found: list[_Span] = []
    for run in _DIGIT_RUN.finditer(text):
        spans = _groups(text, run.start(), run.end())
        groups = [_ascii(text[g.start:g.end]) for g in spans]
        i = 0
        while i < len(groups):
            end = _card_end(groups, i)
            if end is None:
                i += 1
                continue
            found.append(_Span(spans[i].start, spans[end].end))
            i = end + 1
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
        best, compact = None, ""
        for group in groups:
            compact += _ascii(text[group.start:group.end]).upper()
            if len(compact) > 34:
                break
            if len(compact) >= 15 and _valid_iban(compact):
                best = group
        if best is not None:
            found.append(_Span(groups[0].start, best.end))
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
    """A copy of one webhook `messages[]` element with its text body, caption and file name redacted."""
    out = copy.deepcopy(message)
    kind = out.get("type")
    body = out.get(str(kind)) if isinstance(out.get(str(kind)), dict) else None
    count = 0
    if isinstance(body, dict):
        # A document's file name is typed by the citizen too ("kart 4111 1111 1111 1111.pdf").
        for key in ("body", "caption", "filename"):
            if isinstance(body.get(key), str):
                body[key], n = redact_text(body[key])
                count += n
    return out, count
