"""Log redaction: phone numbers to their last four digits, wamids cut, message text only at debug."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import structlog
from common.logging import _redact, configure_logging, get_logger, mask_phone, mask_text

PHONE = "905321112233"
WAMID = "wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhgg0000000000000000A1B2C3D4E5F61EEF"

Emit = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def captured() -> Iterator[Callable[[str], Emit]]:
    """configure_logging at a level, with the rendered JSON lines going to a buffer."""
    buffers: list[io.StringIO] = []

    def setup(level: str) -> Emit:
        buffer = io.StringIO()
        buffers.append(buffer)
        configure_logging("unit-test", level=level, fmt="json")
        structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=buffer))

        def lines() -> list[dict[str, Any]]:
            return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

        return lines

    yield setup
    structlog.contextvars.clear_contextvars()
    structlog.reset_defaults()


@pytest.mark.parametrize(("value", "masked"), [
    (PHONE, "…2233"),
    ("+" + PHONE, "…2233"),
    ("447700900123", "…0123"),
    ("TR.13491208655302741918", "…1918"),
    ("12345", "…2345"),
    ("1234", "…"),
    ("+123", "…"),
    ("", "…"),
])
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("text", "masked"), [
    (f"from {PHONE}", "from …2233"),
    (f"to +{PHONE}.", "to …2233."),
    (f"to={PHONE},next", "to=…2233,next"),
    (f"User A changed from {PHONE} to 905321112299", "User A changed from …2233 to …2299"),
    ("call 5321112 now", "call …1112 now"),  # 7 digits: short national number
    ("reference 123456", "reference 123456"),  # 6 digits: not a phone number
    ("at 39.9207886,32.8540497", "at 39.9207886,32.8540497"),  # coordinates keep their decimals
    (f"wamid {WAMID} seen", "wamid wamid.HBgMOT… seen"),
    ("wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSNTg1RTZEQkQ1RkNBQjRDRkI3AA==", "wamid.HBgMND…"),
    ("nothing to hide", "nothing to hide"),
])
def test_mask_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_redact_processor_at_info() -> None:
    event = _redact(None, "info", {
        "event": f"inbound from {PHONE} {WAMID}",
        "wa_id": PHONE, "to": "+" + PHONE, "recipient_id": "447700900123", "user_id": "TR.13491208655302741918",
        "text": f"Merhaba, numaram {PHONE}", "body": "x" * 12, "caption": "Kan bağışı kartım",
        "content": {"type": "text", "text": {"body": "gizli"}},
        "wamid": WAMID, "count": 3, "note": "plain",
    })
    assert event == {
        "event": "inbound from …2233 wamid.HBgMOT…",
        "wa_id": "…2233", "to": "…2233", "recipient_id": "…0123", "user_id": "…1918",
        "text": "<29 chars>", "body": "<12 chars>", "caption": "<17 chars>", "content": "<hidden>",
        "wamid": "wamid.HBgMOT…", "count": 3, "note": "plain",
    }


def test_redact_processor_at_debug_keeps_text_but_masks_numbers_in_it() -> None:
    event = _redact(None, "debug", {"event": "inbound", "text": "kan bağışı nerede?",
                                    "body": f"numaram {PHONE}", "wa_id": PHONE})
    assert event == {"event": "inbound", "text": "kan bağışı nerede?", "body": "numaram …2233", "wa_id": "…2233"}


@pytest.mark.parametrize("method", ["info", "warning", "error", "critical"])
def test_text_is_hidden_above_debug(method: str) -> None:
    assert _redact(None, method, {"text": "Merhaba"})["text"] == "<7 chars>"


def test_configured_logger_at_info(captured: Callable[[str], Emit]) -> None:
    lines = captured("info")
    log = get_logger("unit")
    log.info(f"message from {PHONE}", wa_id=PHONE, text="Ankara'da kan bağışı nerede yapabilirim?", wamid=WAMID)
    log.debug("not shown at info", text="secret debug text")
    [line] = lines()
    assert line["event"] == "message from …2233"
    assert line["wa_id"] == "…2233"
    assert line["text"] == "<40 chars>"
    assert line["wamid"] == "wamid.HBgMOT…"
    assert line["level"] == "info"
    assert line["service"] == "unit-test"
    assert "timestamp" in line


def test_configured_logger_at_debug_keeps_text(captured: Callable[[str], Emit]) -> None:
    lines = captured("debug")
    log = get_logger("unit")
    log.debug("inbound", wa_id=PHONE, text="Merhaba", to=PHONE)
    log.info("inbound", text="Merhaba")
    debug_line, info_line = lines()
    assert (debug_line["level"], debug_line["text"], debug_line["wa_id"], debug_line["to"]) == (
        "debug", "Merhaba", "…2233", "…2233")
    assert (info_line["level"], info_line["text"]) == ("info", "<7 chars>")


def test_no_full_number_or_wamid_reaches_the_output(captured: Callable[[str], Emit]) -> None:
    lines = captured("debug")
    log = get_logger("unit")
    log.info("sent", to=PHONE, recipient="TR.13491208655302741918", phone="+447700900123")
    log.warning(f"status for {WAMID} from {PHONE}")
    log.debug("inbound", text=f"beni {PHONE} numarasından arayın")
    output = json.dumps(lines(), ensure_ascii=False)
    for secret in (PHONE, "447700900123", "13491208655302741918", WAMID):
        assert secret not in output
    assert output.count("…2233") == 3


def test_exception_text_is_masked_too(captured: Callable[[str], Emit]) -> None:
    lines = captured("info")
    log = get_logger("unit")
    try:
        raise RuntimeError(f"no route to {PHONE} for {WAMID}")
    except RuntimeError:
        log.exception("send_failed")
    [line] = lines()
    assert "RuntimeError" in line["exception"]
    assert "…2233" in line["exception"]
    assert PHONE not in json.dumps(line)
    assert WAMID not in json.dumps(line)
