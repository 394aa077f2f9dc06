"""Send-body validation: every limit of §5.2 accepted at the limit and rejected one over."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from whatsapp_sim.validation import validate_request, validate_send

from tests.tools.sim_helpers import buttons_body, list_body, template_body, text_body

Body = dict[str, Any]
Edit = Callable[[Body, int], None]


def _list(body: Body) -> Body:
    return body["interactive"]  # type: ignore[no-any-return]


def _set_rows(body: Body, n: int) -> None:
    """Spreads n rows over two sections: the row limit counts rows in total."""
    first = n // 2
    fresh = list_body(rows_per_section=(first, n - first))
    _list(body)["action"]["sections"] = fresh["interactive"]["action"]["sections"]


def _set_sections(body: Body, n: int) -> None:
    fresh = list_body(rows_per_section=(1,) * n)
    _list(body)["action"]["sections"] = fresh["interactive"]["action"]["sections"]


def _set_buttons(body: Body, n: int) -> None:
    fresh = buttons_body(titles=tuple(f"B{i}" for i in range(n)))
    body["interactive"]["action"] = fresh["interactive"]["action"]


def _row(body: Body, key: str, n: int) -> None:
    _list(body)["action"]["sections"][0]["rows"][0][key] = "x" * n


def _cta(**interactive: Any) -> Body:
    base: Body = {
        "type": "cta_url", "body": {"text": "Bağış yapmak için"},
        "action": {"name": "cta_url", "parameters": {"display_text": "Bağış yap",
                                                      "url": "https://www.kizilay.org.tr"}},
    }
    return {"messaging_product": "whatsapp", "to": "905321112233", "type": "interactive",
            "interactive": base | interactive}


LIMITS: list[tuple[str, Callable[[], Body], int, Edit, int]] = [
    # (name, base body, limit, edit(body, length), code one over the limit)
    ("text body", text_body, 4096,
     lambda b, n: b["text"].update(body="a" * n), 100),
    ("button count", buttons_body, 3, _set_buttons, 131009),
    ("button title", buttons_body, 20,
     lambda b, n: b["interactive"]["action"]["buttons"][0]["reply"].update(title="t" * n),
     131009),
    ("button id", buttons_body, 256,
     lambda b, n: b["interactive"]["action"]["buttons"][0]["reply"].update(id="i" * n), 100),
    ("button body", buttons_body, 1024,
     lambda b, n: b["interactive"]["body"].update(text="b" * n), 100),
    ("button footer", buttons_body, 60,
     lambda b, n: b["interactive"]["footer"].update(text="f" * n), 100),
    ("list sections", list_body, 10, _set_sections, 131009),
    ("list rows in total", list_body, 10, _set_rows, 131009),
    ("row title", list_body, 24, lambda b, n: _row(b, "title", n), 100),
    ("row description", list_body, 72, lambda b, n: _row(b, "description", n), 100),
    ("row id", list_body, 200, lambda b, n: _row(b, "id", n), 100),
    ("section title", list_body, 24,
     lambda b, n: _list(b)["action"]["sections"][0].update(title="s" * n), 100),
    ("list button label", list_body, 20,
     lambda b, n: _list(b)["action"].update(button="l" * n), 100),
    ("list body", list_body, 4096, lambda b, n: _list(b)["body"].update(text="b" * n), 100),
    ("list header", list_body, 60, lambda b, n: _list(b)["header"].update(text="h" * n), 100),
    ("list footer", list_body, 60, lambda b, n: _list(b)["footer"].update(text="f" * n), 100),
    ("cta label", _cta, 20,
     lambda b, n: b["interactive"]["action"]["parameters"].update(display_text="c" * n), 100),
    ("cta body", _cta, 1024, lambda b, n: b["interactive"]["body"].update(text="b" * n), 100),
]


@pytest.mark.parametrize(("name", "base", "limit", "edit", "code"), LIMITS,
                         ids=[case[0] for case in LIMITS])
def test_limit(name: str, base: Callable[[], Body], limit: int, edit: Edit, code: int) -> None:
    at_limit = copy.deepcopy(base())
    edit(at_limit, limit)
    assert validate_send(at_limit) is None
    over = copy.deepcopy(base())
    edit(over, limit + 1)
    error = validate_send(over)
    assert error is not None
    assert error.code == code, error.details


def test_a_list_row_limit_counts_across_sections() -> None:
    assert validate_send(list_body(rows_per_section=(5, 5))) is None
    error = validate_send(list_body(rows_per_section=(6, 5)))
    assert error is not None and error.code == 131009


def test_button_titles_must_be_unique_and_present() -> None:
    error = validate_send(buttons_body(titles=("Evet", "Evet")))
    assert error is not None and error.code == 131009
    _set_buttons(empty := buttons_body(), 0)
    assert (error := validate_send(empty)) is not None and error.code == 131009


def test_list_sections_need_titles_when_there_are_several() -> None:
    body = list_body(rows_per_section=(1, 1))
    del body["interactive"]["action"]["sections"][1]["title"]
    assert (error := validate_send(body)) is not None and error.code == 100
    single = list_body()
    del single["interactive"]["action"]["sections"][0]["title"]
    assert validate_send(single) is None


def test_list_header_must_be_text() -> None:
    body = list_body(header={"type": "image", "image": {"link": "https://x.invalid/a.png"}})
    assert (error := validate_send(body)) is not None and error.code == 100


@pytest.mark.parametrize(("body", "code"), [
    ({"to": "905321112233", "type": "text", "text": {"body": "x"}}, 100),
    ({"messaging_product": "sms", "to": "905321112233", "text": {"body": "x"}}, 100),
    ({"messaging_product": "whatsapp", "type": "text", "text": {"body": "x"}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "poll", "poll": {}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "text"}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "text": {"body": ""}}, 100),
    ({"messaging_product": "whatsapp", "to": "abc", "text": {"body": "x"}}, 131009),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "location",
      "location": {"longitude": 32.8}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "location",
      "location": {"latitude": 91, "longitude": 32.8}}, 131009),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "reaction",
      "reaction": {"emoji": "👍"}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "image",
      "image": {"caption": "no source"}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "image",
      "image": {"id": "1", "caption": "c" * 1025}}, 100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "type": "interactive",
      "interactive": {"type": "cta_url", "body": {"text": "x"},
                      "action": {"name": "cta_url", "parameters": {"display_text": "Aç"}}}},
     100),
    ({"messaging_product": "whatsapp", "to": "905321112233", "text": {"body": "x"},
      "context": {}}, 100),
])
def test_rejected_bodies(body: Body, code: int) -> None:
    error = validate_send(body)
    assert error is not None
    assert error.code == code, error.details


@pytest.mark.parametrize("body", [
    {"messaging_product": "whatsapp", "to": "+90 (532) 111-22-33", "text": {"body": "x"}},
    {"messaging_product": "whatsapp", "recipient": "TR.13491208655302741918",
     "type": "text", "text": {"body": "x"}},
    {"messaging_product": "whatsapp", "to": "905321112233", "type": "location",
     "location": {"latitude": 39.92, "longitude": 32.85, "name": "Kızılay", "address": "Ankara"}},
    {"messaging_product": "whatsapp", "to": "905321112233", "type": "reaction",
     "reaction": {"message_id": "wamid.X", "emoji": ""}},
    {"messaging_product": "whatsapp", "to": "905321112233", "type": "image",
     "image": {"link": "https://example.invalid/a.png", "caption": "c" * 1024}},
    {"messaging_product": "whatsapp", "to": "905321112233", "type": "document",
     "document": {"id": "123", "filename": "makbuz.pdf"}},
    {"messaging_product": "whatsapp", "to": "905321112233", "type": "interactive",
     "interactive": {"type": "location_request_message", "body": {"text": "Konumunuz?"},
                     "action": {"name": "send_location"}}},
    {"messaging_product": "whatsapp", "to": "905321112233", "text": {"body": "x"},
     "context": {"message_id": "wamid.Y"}, "biz_opaque_callback_data": "job-1"},
])
def test_accepted_bodies(body: Body) -> None:
    assert validate_send(body) is None


@pytest.mark.parametrize(("body", "code"), [
    (template_body(), None),
    (template_body(name="volunteer_callout", language="ar",
                   params=("Ankara", "Dağıtım", "Cumartesi 10:00", "Kızılay")), None),
    (template_body(name="support_rating", language="en", params=("R-1",)), None),
    (template_body(name="unknown_template"), 132001),
    (template_body(language="de"), 132001),
    (template_body(params=("A Rh+", "Ankara")), 132000),
    (template_body(name="support_rating", params=()), 132000),
])
def test_templates(body: Body, code: int | None) -> None:
    error = validate_send(body)
    assert (error.code if error else None) == code


def test_template_quick_reply_override_must_point_at_a_button() -> None:
    body = template_body()
    button = {"type": "button", "sub_type": "quick_reply", "index": "2",
              "parameters": [{"type": "payload", "payload": "ALERT_STOP:alert-7"}]}
    body["template"]["components"].append(button)
    assert validate_send(body) is None
    button["index"] = "3"
    assert (error := validate_send(body)) is not None and error.code == 131009


def test_template_header_parameters_are_not_expected() -> None:
    body = template_body()
    body["template"]["components"].append(
        {"type": "header", "parameters": [{"type": "text", "text": "x"}]})
    assert (error := validate_send(body)) is not None and error.code == 132000


@pytest.mark.parametrize(("body", "ok"), [
    ({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.A"}, True),
    ({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.A",
      "typing_indicator": {"type": "text"}}, True),
    ({"messaging_product": "whatsapp", "status": "read"}, False),
    ({"messaging_product": "whatsapp", "status": "delivered", "message_id": "wamid.A"}, False),
    ({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.A",
      "typing_indicator": {"type": "audio"}}, False),
    ({"status": "read", "message_id": "wamid.A"}, False),
])
def test_mark_as_read(body: Body, ok: bool) -> None:
    error = validate_request(body)
    assert (error is None) is ok
    if error:
        assert error.code == 100
