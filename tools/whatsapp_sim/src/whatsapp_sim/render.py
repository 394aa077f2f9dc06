"""Shows the bot's outbound messages to a person in a terminal, and what they can tap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from common.templates import TEMPLATES

ChoiceKind = Literal["list_reply", "button_reply", "button"]


@dataclass(frozen=True)
class Choice:
    """One tappable row or button, and the reply a tap on it sends back."""

    kind: ChoiceKind
    id: str
    """Row/button id, or for a template quick reply the payload."""
    title: str
    context_id: str


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def choices(message: Mapping[str, Any]) -> list[Choice]:
    """What `/tap n` can pick in an outbox message (1-based in the order shown)."""
    body, wamid = message.get("body") or {}, str(message.get("wamid", ""))
    kind = body.get("type")
    if kind == "interactive":
        interactive = body.get("interactive") or {}
        if interactive.get("type") == "list":
            return [
                Choice("list_reply", str(row.get("id")), str(row.get("title")), wamid)
                for section in _get(interactive, "action", "sections") or []
                for row in section.get("rows") or []
            ]
        if interactive.get("type") == "button":
            return [
                Choice("button_reply", str(_get(b, "reply", "id")),
                       str(_get(b, "reply", "title")), wamid)
                for b in _get(interactive, "action", "buttons") or []
            ]
    if kind == "template":
        return [Choice("button", payload, payload, wamid)
                for payload in _template_payloads(body.get("template") or {})]
    return []


def _template_payloads(template: Mapping[str, Any]) -> list[str]:
    """Approved quick-reply payloads, replaced by any the send set per button."""
    known = TEMPLATES.get(str(template.get("name")))
    payloads = list(known.quick_replies) if known else []
    for component in template.get("components") or []:
        if component.get("type") != "button":
            continue
        try:
            index = int(component.get("index", -1))
        except (TypeError, ValueError):
            continue
        custom = [p.get("payload") for p in component.get("parameters") or []
                  if p.get("type") == "payload"]
        if custom and 0 <= index < len(payloads):
            payloads[index] = str(custom[0])
    return payloads


def describe(message: Mapping[str, Any]) -> str:
    """A readable, multi-line rendering of one outbound message body."""
    body = message.get("body") or {}
    kind = str(body.get("type", "text"))
    content = body.get(kind) or {}
    if kind == "text":
        return str(content.get("body", ""))
    if kind == "interactive":
        return _interactive(content, choices(message))
    if kind == "location":
        return _location(content)
    if kind == "template":
        return _template(content, choices(message))
    if kind == "reaction":
        return f"[reacted {content.get('emoji') or '(removed)'} to one of your messages]"
    if kind == "contacts":
        names = ", ".join(str(_get(c, "name", "formatted_name")) for c in body.get("contacts", []))
        return f"[contact card: {names}]"
    source = content.get("link") or f"media id {content.get('id')}"
    caption = f"\n{content['caption']}" if content.get("caption") else ""
    name = f" {content['filename']}" if content.get("filename") else ""
    return f"[{kind}{name}: {source}]{caption}"


def _numbered(options: list[Choice]) -> list[str]:
    return [f"  {n}. {option.title}" for n, option in enumerate(options, 1)]


def _interactive(interactive: Mapping[str, Any], options: list[Choice]) -> str:
    lines: list[str] = []
    header = interactive.get("header") or {}
    if header.get("type") == "text":
        lines.append(f"*{header.get('text')}*")
    elif header:
        lines.append(f"[{header.get('type')} header]")
    lines.append(str(_get(interactive, "body", "text") or ""))
    kind = interactive.get("type")
    action = interactive.get("action") or {}
    if kind == "list":
        lines.append(f"[{action.get('button')}]")
        number = 0
        for section in action.get("sections") or []:
            if section.get("title"):
                lines.append(f" {section['title']}")
            for row in section.get("rows") or []:
                number += 1
                description = f" — {row['description']}" if row.get("description") else ""
                lines.append(f"  {number}. {row.get('title')}{description}")
    elif kind == "button":
        lines.extend(_numbered(options))
    elif kind == "cta_url":
        params = action.get("parameters") or {}
        lines.append(f"[{params.get('display_text')}] → {params.get('url')}")
    elif kind == "location_request_message":
        lines.append("[asks for your location: /loc <lat> <lon>]")
    if _get(interactive, "footer", "text"):
        lines.append(f"_{interactive['footer']['text']}_")
    return "\n".join(lines)


def _location(location: Mapping[str, Any]) -> str:
    lines = ["[location]"]
    if location.get("name"):
        lines.append(str(location["name"]))
    if location.get("address"):
        lines.append(str(location["address"]))
    lines.append(f"{location.get('latitude')}, {location.get('longitude')}")
    return "\n".join(lines)


def _template(template: Mapping[str, Any], options: list[Choice]) -> str:
    params = [
        str(p.get("text", p))
        for component in template.get("components") or []
        if component.get("type") == "body"
        for p in component.get("parameters") or []
    ]
    language = _get(template, "language", "code")
    lines = [f"[template {template.get('name')} ({language})]"]
    lines.extend(f"  {{{{{n}}}}} = {value}" for n, value in enumerate(params, 1))
    lines.extend(_numbered(options))
    return "\n".join(lines)
