"""Masking card numbers and IBANs in what citizens type, before anything is published (pure).

Only message text, media captions, document file names and a location's name and address are
touched — never ids (wamids, phone numbers), which downstream services need and which are handled by
the erase and retention rules instead.

Two steps, so that ordinary numbers survive: a regex finds *candidates* (runs of digit groups, in any
script; a country code + check digits + groups for IBANs), then a kept library validates them — Luhn
(python-stdnum) for 13–19-digit card numbers, the ISO 13616 checksum and country length (schwifty) for
IBANs. Digits are read as ASCII for the check only; the mask replaces the span as it was written. A
candidate is split at its group boundaries, so "kartım 4111 1111 1111 1111 son kullanma 12 26" masks
exactly the card.

How people actually write them: groups joined by any horizontal space, by a dash (hyphen, en or em
dash, minus) with or without spaces around it, by one line break, by a mix of those — or by dots
throughout. Invisible format characters (bidi marks and isolates, zero-width spaces; copy-paste from
right-to-left text adds them) are ignored. Letters may follow the digits directly: Turkish suffixes
("4111111111111111den") are often written without the apostrophe.

What keeps phone numbers and dates out: a number preceded by "+" is a phone number in international
form; a card number does not start with 0 (Turkish phone numbers in national form do) and is written
in groups of at least four digits, only its last group may be shorter (4-4-4-4-3, Amex 4-6-5), which
phone numbers ("0532 123 45 67") and dates ("2024-05-01 2024-06-04") are not. Slashes are not a
separator: people write dates and expiry dates with them, not card numbers. Three or more groups that
read as a list — all round hundreds ("1500 2500 3500 4500 TL"), or counting by one step ("2023 2024
2025 2026") — are not a card even when the digits happen to pass Luhn (one in ten do).
"""

from __future__ import annotations

import copy
import re
import string
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Final

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import luhn

CARD_MASK: Final = "[kart numarası gizlendi]"
IBAN_MASK: Final = "[IBAN gizlendi]"

# One horizontal space of any kind: keyboards and copy-paste give no-break (U+00A0), figure (U+2007),
# thin (U+2009), narrow no-break (U+202F) and the other Unicode spaces.
_SPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Hyphen-minus, the Unicode hyphens and dashes (en "–", em "—") and the minus sign.
_DASH = "[-\u2010-\u2015\u2212]"
# Between two groups: spaces, or one dash or one line break with optional spaces around it. Not two
# line breaks: a blank line separates paragraphs, not the groups of one number.
_GAP = rf"(?:{_SPACE}*(?:{_DASH}|\r?\n|\u2028){_SPACE}*|{_SPACE}+)"
# "_" counts as a boundary, so that "dekont_4111111111111111.pdf" is found in a file name. Letters may
# follow (Turkish suffixes without an apostrophe), but not precede: "abc4111…" is an id, not a card.
_DIGIT_RUN = re.compile(rf"(?<![^\W_])(?<!\+)\d+(?:(?:{_GAP}\d+)+|(?:\.\d+)+)?")
# A country code (a space may follow it: "TR 33 …") and two check digits, then alphanumeric groups.
_IBAN_RUN = re.compile(rf"(?<![A-Za-z\d])[A-Za-z]{{2}}(?:{_GAP}|\.)?\d{{2}}(?:(?:{_GAP}|\.)?[A-Za-z\d]+)+")
_SEPARATOR = re.compile(rf"{_GAP}|\.")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _visible(text: str) -> tuple[str, list[int]]:
    """`text` without invisible format characters (Unicode category Cf), and where each kept character
    was in `text`. Between two digits a run of them is dropped (41, U+200B, 11 reads 4111); elsewhere
    it stands as one space, so that a bidi mark between a word and a number still separates them."""
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        if unicodedata.category(text[i]) != "Cf":
            chars.append(text[i])
            where.append(i)
            i += 1
            continue
        j = i
        while j < len(text) and unicodedata.category(text[j]) == "Cf":
            j += 1
        if not (chars and chars[-1].isdecimal() and j < len(text) and text[j].isdecimal()):
            chars.append(" ")
            where.append(i)
        i = j
    return "".join(chars), where


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


def _reads_as_a_list(groups: list[str]) -> bool:
    """Three or more groups that are amounts or years rather than one number: all round hundreds
    ("1500 2500 3500 4500"), or counting up or down by one step ("2023 2024 2025 2026"). No real card
    number is written like that, and one in ten such lists happens to pass Luhn."""
    if len(groups) < 3:
        return False
    values = [int(g) for g in groups]
    if all(v % 100 == 0 for v in values):
        return True
    steps = {b - a for a, b in pairwise(values)}
    return len(steps) == 1 and 0 not in steps


def _card_end(groups: list[str], i: int) -> int | None:
    """The last group of the longest Luhn-valid card number that starts at group `i`, if any."""
    if groups[i].startswith("0"):
        return None
    best, digits = None, ""
    for j in range(i, len(groups)):
        digits += groups[j]
        if len(digits) > 19:
            break
        if len(digits) >= 13 and luhn.is_valid(digits) and not _reads_as_a_list(groups[i:j + 1]):
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
        # Longest prefix of whole groups that is a valid IBAN (text may follow the number). A suffix
        # may be glued to the last group ("…8413 26ya"), so each group is also tried without its
        # trailing letters; the whole group first, since some countries' IBANs end in letters.
        best, compact = None, ""
        for group in groups:
            piece = _ascii(text[group.start:group.end]).upper()
            bare = piece.rstrip(string.ascii_uppercase)
            for part in dict.fromkeys(p for p in (piece, bare) if p):
                if 15 <= len(compact + part) <= 34 and _valid_iban(compact + part):
                    best = group.start + len(part)
                    break
            compact += piece
            if len(compact) > 34:
                break
        if best is not None:
            found.append(_Span(groups[0].start, best))
    return found


def redact_text(text: str) -> tuple[str, int]:
    """`text` with card numbers and IBANs masked, and how many were masked."""
    # Found in the text as it reads (format characters taken out), masked in the text as written.
    view, where = _visible(text)
    spans = [(s, IBAN_MASK) for s in _iban_spans(view)]
    spans += [(s, CARD_MASK) for s in _card_spans(view)
              if not any(s.start < other.end and other.start < s.end for other, _ in spans)]
    if not spans:
        return text, 0
    out, pos = [], 0
    for span, mask in sorted(spans, key=lambda item: item[0].start):
        out += [text[pos:where[span.start]], mask]
        pos = where[span.end - 1] + 1
    out.append(text[pos:])
    return "".join(out), len(spans)


# What the citizen typed, per message type: a text's body, any media caption, a document's file name
# ("kart 4111 1111 1111 1111.pdf") and a location's name and address (free text in the share sheet).
_TYPED_FIELDS: Final = ("body", "caption", "filename")
_LOCATION_FIELDS: Final = ("name", "address")


def redact_message_dict(message: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A copy of one webhook `messages[]` element with what the citizen typed in it redacted."""
    out = copy.deepcopy(message)
    kind = out.get("type")
    body = out.get(str(kind)) if isinstance(out.get(str(kind)), dict) else None
    count = 0
    if isinstance(body, dict):
        for key in _TYPED_FIELDS + (_LOCATION_FIELDS if kind == "location" else ()):
            if isinstance(body.get(key), str):
                body[key], n = redact_text(body[key])
                count += n
    return out, count
