"""Builders for the `content` of outbound messages, within WhatsApp's limits (§5.2).

Services describe what to say; these functions shape it so the Graph API accepts it
(titles cut to their limits, at most 10 list rows, at most 3 buttons).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TEXT_MAX = 4096
LIST_BODY_MAX = 4096
BUTTON_BODY_MAX = 1024
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
BUTTON_LABEL_MAX = 20
BUTTON_TITLE_MAX = 20
HEADER_FOOTER_MAX = 60


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    description: str | None = None


def text(body: str, *, preview_url: bool = False) -> dict[str, Any]:
    return {"type": "text", "text": {"body": _cut(body, TEXT_MAX), "preview_url": preview_url}}


def list_message(body: str, button: str, rows: Sequence[Row], *, section_title: str = "",
                 header: str | None = None, footer: str | None = None) -> dict[str, Any]:
    if not 1 <= len(rows) <= 10:
        raise ValueError("a list message holds 1 to 10 rows")
    row_objs: list[dict[str, Any]] = []
    for row in rows:
        obj: dict[str, Any] = {"id": row.id, "title": _cut(row.title, ROW_TITLE_MAX)}
        if row.description:
            obj["description"] = _cut(row.description, ROW_DESCRIPTION_MAX)
        row_objs.append(obj)
    section: dict[str, Any] = {"rows": row_objs}
    if section_title:
        section["title"] = _cut(section_title, ROW_TITLE_MAX)
    interactive: dict[str, Any] = {
        "type": "list",
        "body": {"text": _cut(body, LIST_BODY_MAX)},
        "action": {"button": _cut(button, BUTTON_LABEL_MAX), "sections": [section]},
    }
    if header:
        interactive["header"] = {"type": "text", "text": _cut(header, HEADER_FOOTER_MAX)}
    if footer:
        interactive["footer"] = {"text": _cut(footer, HEADER_FOOTER_MAX)}
    return {"type": "interactive", "interactive": interactive}


def buttons(body: str, choices: Sequence[tuple[str, str]], *, footer: str | None = None) -> dict[str, Any]:
    """Reply buttons: `choices` are (id, title) pairs, 1 to 3, titles unique."""
    if not 1 <= len(choices) <= 3:
        raise ValueError("a button message holds 1 to 3 buttons")
    interactive: dict[str, Any] = {
        "type": "button",
        "body": {"text": _cut(body, BUTTON_BODY_MAX)},
        "action": {"buttons": [
            {"type": "reply", "reply": {"id": cid, "title": _cut(title, BUTTON_TITLE_MAX)}}
            for cid, title in choices
        ]},
    }
    if footer:
        interactive["footer"] = {"text": _cut(footer, HEADER_FOOTER_MAX)}
    return {"type": "interactive", "interactive": interactive}


def location(latitude: float, longitude: float, *, name: str | None = None,
             address: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if name:
        loc["name"] = name
    if address:
        loc["address"] = address
    return {"type": "location", "location": loc}


def template(name: str, language: str, body_params: Sequence[str]) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    if body_params:
        components.append({"type": "body", "parameters": [{"type": "text", "text": p} for p in body_params]})
    return {"type": "template", "template": {"name": name, "language": {"code": language}, "components": components}}
