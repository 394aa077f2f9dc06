"""The error text stored with a webhook dead letter: where and what went wrong, never what the
citizen sent. Staff who may not read a raw body read its error (common.deadletters), so quoted
literals and digit runs (card and phone numbers, even spaced or dashed) in exception messages are
replaced."""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from gateway.webhook import UnexpectedShape, UnparseableWebhook

_QUOTED = re.compile(r"'[^'\n]*'?|\"[^\"\n]*\"?")
_NUMBER = re.compile(r"\+?\d[\d ().\-]{4,}\d")
_PYDANTIC_DETAIL = " [type="
_ERROR_TEXT_MAX = 2000


def scrub_values(text: str) -> str:
    """`text` with quoted literals and long digit runs replaced by placeholders."""
    return _NUMBER.sub("<number>", _QUOTED.sub("<value>", text))


def describe_validation_error(exc: ValidationError) -> str:
    """'entry.0.id: Field required; …' — locations and messages, no input values and no URLs."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False, include_context=False):
        where = ".".join(str(part) for part in err["loc"]) or "(root)"
        # A validator's own message ("Value error, …") may quote what it was given.
        parts.append(f"{scrub_values(where)}: {scrub_values(err['msg'])}")
    return "; ".join(parts)


def dead_letter_error(exc: BaseException) -> str:
    """The error text stored with a webhook dead letter. It cannot hold the body: pydantic errors
    keep locations and messages, JSON errors their position, anything else its type."""
    if isinstance(exc, ValidationError):
        return f"ValidationError: {describe_validation_error(exc)}"
    if isinstance(exc, json.JSONDecodeError):  # positions only: msg is the decoder's fixed text
        return f"JSONDecodeError: {exc.msg}: line {exc.lineno} column {exc.colno} (char {exc.pos})"
    if isinstance(exc, UnicodeDecodeError):  # its str() quotes a byte of the body; its .object is the body
        return f"UnicodeDecodeError: {exc.encoding} codec: {exc.reason} at byte {exc.start}"
    if isinstance(exc, RecursionError):
        return "RecursionError: nested too deeply"
    if isinstance(exc, UnparseableWebhook | UnexpectedShape):
        cause = exc.__cause__
        # Our own texts (e.g. "object is '…'"): the quoted value is the citizen's.
        detail = dead_letter_error(cause) if cause is not None else scrub_values(str(exc))
        return f"{type(exc).__name__}: {detail}"[:_ERROR_TEXT_MAX]
    return type(exc).__name__


def rejected_item_error(why: str) -> str:
    """The reason a webhook element was rejected (`kind: str(exception)` from the parser), without
    the input values the exception text quoted: pydantic's `[type=…, input_value=…]` details and
    URLs are dropped, quoted literals and digit runs replaced."""
    kind, sep, detail = why.partition(": ")
    lines = []
    for line in detail.splitlines():
        line = line.split(_PYDANTIC_DETAIL, 1)[0].strip()
        if line and not line.startswith("For further information"):
            lines.append(scrub_values(line))
    return (scrub_values(kind) + sep + " / ".join(lines))[:_ERROR_TEXT_MAX]
