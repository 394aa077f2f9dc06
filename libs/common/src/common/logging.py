"""structlog JSON logs with phone numbers masked and message text only at debug level."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# Long digit runs are phone numbers (or ids that encode them); wamids carry the number in
# base64, so they are cut too.
_PHONE = re.compile(r"(?<![\w.])\+?\d{7,15}(?!\w)")
_WAMID = re.compile(r"wamid\.[A-Za-z0-9+/=_-]+")
_TEXT_KEYS = frozenset({"text", "body", "caption", "message_text", "content"})
_PHONE_KEYS = frozenset({"wa_id", "to", "from_", "phone", "recipient_id", "recipient", "user_id"})


def mask_phone(value: str) -> str:
    digits = value.lstrip("+")
    return "…" + digits[-4:] if len(digits) > 4 else "…"


def mask_text(value: str) -> str:
    return _WAMID.sub(lambda m: m.group(0)[:12] + "…", _PHONE.sub(lambda m: mask_phone(m.group(0)), value))


def _redact(_: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    debug = method == "debug"
    for key, value in list(event.items()):
        if key in _TEXT_KEYS and not debug:
            event[key] = f"<{len(value)} chars>" if isinstance(value, str) else "<hidden>"
        elif key in _PHONE_KEYS and isinstance(value, str):
            event[key] = mask_phone(value)
        elif isinstance(value, str):
            event[key] = mask_text(value)
    return event


def configure_logging(service: str, level: str = "info", fmt: str = "json") -> None:
    lvl = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            # Tracebacks are rendered first so that _redact masks what they say, too.
            structlog.processors.format_exc_info,
            _redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(lvl),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    # aio-pika/aiormq log reconnects at warning; route stdlib logging through the same level.
    logging.basicConfig(level=max(lvl, logging.WARNING), stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
