"""Checks a `/messages` request body the way the Cloud API does (whatsapp-cloud-api.md §5).

Pure functions: each returns the Graph error Meta would answer, or None when Meta would accept.
Lengths are counted in characters. Where Meta's exact code is not documented, length limits
answer 100 ("length limit exceeded", §7.3) and count/uniqueness rules answer 131009.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from common.templates import TEMPLATES, check_template

from whatsapp_sim.graph_errors import (
    INVALID_PARAMETER,
    PARAMETER_VALUE_INVALID,
    TEMPLATE_NOT_FOUND,
    TEMPLATE_PARAM_COUNT,
    GraphError,
)

TEXT_BODY_MAX = 4096
BUTTON_COUNT_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
BUTTON_BODY_MAX = 1024
FOOTER_MAX = 60
HEADER_TEXT_MAX = 60
LIST_SECTIONS_MAX = 10
LIST_ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
ROW_ID_MAX = 200
SECTION_TITLE_MAX = 24
LIST_BUTTON_MAX = 20
LIST_BODY_MAX = 4096
CTA_DISPLAY_TEXT_MAX = 20
CTA_BODY_MAX = 1024
CAPTION_MAX = 1024
CALLBACK_DATA_MAX = 512

MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")
MESSAGE_TYPES = (
    "text", "interactive", "template", "location", "reaction", "contacts", *MEDIA_TYPES,
)
INTERACTIVE_TYPES = ("button", "list", "cta_url", "location_request_message")
HEADER_TYPES = ("text", "image", "video", "document")

Json = Mapping[str, Any]


def _invalid(details: str, code: int = INVALID_PARAMETER) -> GraphError:
    return GraphError(code=code, details=details)


def _required(path: str) -> GraphError:
    return _invalid(f"The parameter {path} is required.")


def _too_long(path: str, limit: int) -> GraphError:
    return _invalid(f"Param {path} must be at most {limit} characters long.")


def _text(obj: Json, key: str, path: str, limit: int, *, required: bool) -> GraphError | None:
    """A string field: present (if required), non-empty, and within `limit` characters."""
    value = obj.get(key)
    if value is None or value == "":
        return _required(path) if required else None
    if not isinstance(value, str):
        return _invalid(f"Param {path} must be a string.")
    if len(value) > limit:
        return _too_long(path, limit)
    return None


def _object(obj: Json, key: str, path: str, *, required: bool) -> tuple[Json | None, GraphError | None]:
    value = obj.get(key)
    if value is None:
        return None, (_required(path) if required else None)
    if not isinstance(value, Mapping):
        return None, _invalid(f"Param {path} must be a JSON object.")
    return value, None


def is_mark_read(body: object) -> bool:
    """The mark-as-read / typing-indicator call shares the endpoint; it has `status`, no `type`."""
    return isinstance(body, Mapping) and "status" in body and "type" not in body


def validate_request(body: object) -> GraphError | None:
    if is_mark_read(body):
        return validate_mark_read(body)
    return validate_send(body)


def _messaging_product(body: Json) -> GraphError | None:
    product = body.get("messaging_product")
    if product is None:
        return _required("messaging_product")
    if product != "whatsapp":
        return _invalid(f'Param messaging_product must be one of {{WHATSAPP}} - got "{product}".')
    return None


def validate_mark_read(body: object) -> GraphError | None:
    if not isinstance(body, Mapping):
        return _invalid("Request body must be a JSON object.")
    if error := _messaging_product(body):
        return error
    if body.get("status") != "read":
        return _invalid(f'Param status must be one of {{read}} - got "{body.get("status")}".')
    if error := _text(body, "message_id", "message_id", 512, required=True):
        return error
    indicator = body.get("typing_indicator")
    if indicator is not None and (
        not isinstance(indicator, Mapping) or indicator.get("type") != "text"
    ):
        return _invalid('Param typing_indicator[\'type\'] must be one of {text}.')
    return None


def validate_send(body: object) -> GraphError | None:
    if not isinstance(body, Mapping):
        return _invalid("Request body must be a JSON object.")
    if error := _messaging_product(body):
        return error
    recipient_type = body.get("recipient_type", "individual")
    if recipient_type not in ("individual", "group"):
        return _invalid(f'Param recipient_type must be one of {{individual, group}} - got '
                        f'"{recipient_type}".')
    if error := _recipient(body):
        return error
    if error := _context(body):
        return error
    if error := _text(body, "biz_opaque_callback_data", "biz_opaque_callback_data",
                      CALLBACK_DATA_MAX, required=False):
        return error
    # Meta treats a body without `type` as text.
    message_type = body.get("type", "text")
    if message_type not in MESSAGE_TYPES:
        return _invalid(f"Param type must be one of {{{', '.join(MESSAGE_TYPES)}}} - got "
                        f'"{message_type}".')
    if message_type == "contacts":
        return _contacts_list(body)
    content, error = _object(body, message_type, message_type, required=True)
    if error or content is None:
        return error
    checker = _CHECKERS.get(message_type, _check_media)
    return checker(content, message_type)


def _recipient(body: Json) -> GraphError | None:
    to, recipient = body.get("to"), body.get("recipient")
    if to is None and recipient is None:
        return _required("to")
    # `to` wins when both are given (BSUID rollout), so only the one used must be valid.
    address = to if to is not None else recipient
    name = "to" if to is not None else "recipient"
    if not isinstance(address, str) or not address.strip():
        return _invalid(f"Param {name} must be a non-empty string.")
    if name == "to":
        digits = "".join(ch for ch in address if ch.isdigit())
        if not digits or any(ch not in "0123456789+-() " for ch in address):
            return _invalid(f'Param to is not a valid phone number: "{address}".',
                            PARAMETER_VALUE_INVALID)
    return None


def _context(body: Json) -> GraphError | None:
    context, error = _object(body, "context", "context", required=False)
    if error or context is None:
        return error
    return _text(context, "message_id", "context['message_id']", 512, required=True)


def _check_text(text: Json, _: str) -> GraphError | None:
    return _text(text, "body", "text['body']", TEXT_BODY_MAX, required=True)


def _check_interactive(interactive: Json, _: str) -> GraphError | None:
    kind = interactive.get("type")
    if kind is None:
        return _required("interactive['type']")
    if kind not in INTERACTIVE_TYPES:
        return _invalid(f"Param interactive['type'] must be one of "
                        f"{{{', '.join(INTERACTIVE_TYPES)}}} - got \"{kind}\".")
    body_max = LIST_BODY_MAX if kind == "list" else BUTTON_BODY_MAX
    body, error = _object(interactive, "body", "interactive['body']", required=True)
    if error or body is None:
        return error
    if error := _text(body, "text", "interactive['body']['text']", body_max, required=True):
        return error
    footer, error = _object(interactive, "footer", "interactive['footer']", required=False)
    if error:
        return error
    if footer is not None and (
        error := _text(footer, "text", "interactive['footer']['text']", FOOTER_MAX, required=True)
    ):
        return error
    if error := _header(interactive, text_only=kind == "list"):
        return error
    action, error = _object(interactive, "action", "interactive['action']", required=True)
    if error or action is None:
        return error
    if kind == "button":
        return _button_action(action)
    if kind == "list":
        return _list_action(action)
    if kind == "cta_url":
        return _cta_action(action)
    if action.get("name") != "send_location":
        return _invalid("Param interactive['action']['name'] must be send_location.")
    return None


def _header(interactive: Json, *, text_only: bool) -> GraphError | None:
    header, error = _object(interactive, "header", "interactive['header']", required=False)
    if error or header is None:
        return error
    kind = header.get("type")
    allowed = ("text",) if text_only else HEADER_TYPES
    if kind not in allowed:
        return _invalid(f"Param interactive['header']['type'] must be one of "
                        f"{{{', '.join(allowed)}}} - got \"{kind}\".")
    if kind == "text":
        return _text(header, "text", "interactive['header']['text']", HEADER_TEXT_MAX,
                     required=True)
    media, error = _object(header, str(kind), f"interactive['header']['{kind}']", required=True)
    if error or media is None:
        return error
    return _media_source(media, f"interactive['header']['{kind}']")


def _button_action(action: Json) -> GraphError | None:
    buttons = action.get("buttons")
    if buttons is None:
        return _required("interactive['action']['buttons']")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= BUTTON_COUNT_MAX:
        count = len(buttons) if isinstance(buttons, list) else 0
        return _invalid(f"Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: "
                        f"{BUTTON_COUNT_MAX}, got {count}.", PARAMETER_VALUE_INVALID)
    titles: set[str] = set()
    ids: set[str] = set()
    for index, button in enumerate(buttons):
        path = f"interactive['action']['buttons'][{index}]"
        if not isinstance(button, Mapping):
            return _invalid(f"Param {path} must be a JSON object.")
        if button.get("type") != "reply":
            return _invalid(f"Param {path}['type'] must be one of {{reply}}.")
        reply, error = _object(button, "reply", f"{path}['reply']", required=True)
        if error or reply is None:
            return error
        if error := _text(reply, "id", f"{path}['reply']['id']", BUTTON_ID_MAX, required=True):
            return error
        title = reply.get("title")
        if isinstance(title, str) and len(title) > BUTTON_TITLE_MAX:
            return _invalid(f"Button title length invalid. Min length: 1, Max length: "
                            f"{BUTTON_TITLE_MAX}.", PARAMETER_VALUE_INVALID)
        if error := _text(reply, "title", f"{path}['reply']['title']", BUTTON_TITLE_MAX,
                          required=True):
            return error
        if title in titles:
            return _invalid("Button title is not unique.", PARAMETER_VALUE_INVALID)
        if reply["id"] in ids:
            return _invalid("Button id is not unique.", PARAMETER_VALUE_INVALID)
        titles.add(str(title))
        ids.add(str(reply["id"]))
    return None


def _list_action(action: Json) -> GraphError | None:
    if error := _text(action, "button", "interactive['action']['button']", LIST_BUTTON_MAX,
                      required=True):
        return error
    sections = action.get("sections")
    if sections is None:
        return _required("interactive['action']['sections']")
    if not isinstance(sections, list) or not 1 <= len(sections) <= LIST_SECTIONS_MAX:
        return _invalid(f"Invalid sections count. Min allowed: 1, Max allowed: "
                        f"{LIST_SECTIONS_MAX}.", PARAMETER_VALUE_INVALID)
    total_rows = 0
    row_ids: set[str] = set()
    for s_index, section in enumerate(sections):
        path = f"interactive['action']['sections'][{s_index}]"
        if not isinstance(section, Mapping):
            return _invalid(f"Param {path} must be a JSON object.")
        # A title is only mandatory once there is more than one section.
        if error := _text(section, "title", f"{path}['title']", SECTION_TITLE_MAX,
                          required=len(sections) > 1):
            return error
        rows = section.get("rows")
        if not isinstance(rows, list) or not rows:
            return _required(f"{path}['rows']")
        total_rows += len(rows)
        if total_rows > LIST_ROWS_MAX:
            return _invalid(f"Total row count exceed max allowed count: {LIST_ROWS_MAX}",
                            PARAMETER_VALUE_INVALID)
        for r_index, row in enumerate(rows):
            row_path = f"{path}['rows'][{r_index}]"
            if not isinstance(row, Mapping):
                return _invalid(f"Param {row_path} must be a JSON object.")
            for key, limit, required in (
                ("id", ROW_ID_MAX, True),
                ("title", ROW_TITLE_MAX, True),
                ("description", ROW_DESCRIPTION_MAX, False),
            ):
                if error := _text(row, key, f"{row_path}['{key}']", limit, required=required):
                    return error
            if row["id"] in row_ids:
                return _invalid("Row id is not unique.", PARAMETER_VALUE_INVALID)
            row_ids.add(str(row["id"]))
    return None


def _cta_action(action: Json) -> GraphError | None:
    if action.get("name") != "cta_url":
        return _invalid("Param interactive['action']['name'] must be cta_url.")
    params, error = _object(action, "parameters", "interactive['action']['parameters']",
                            required=True)
    if error or params is None:
        return error
    if error := _text(params, "display_text",
                      "interactive['action']['parameters']['display_text']",
                      CTA_DISPLAY_TEXT_MAX, required=True):
        return error
    url = params.get("url")
    if not isinstance(url, str) or not url:
        return _required("interactive['action']['parameters']['url']")
    if not url.startswith(("http://", "https://")):
        return _invalid("Param interactive['action']['parameters']['url'] must be a valid URL.")
    return None


def _coordinate(value: object, bound: float) -> bool:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and -bound <= number <= bound


def _check_location(location: Json, _: str) -> GraphError | None:
    for key, bound in (("latitude", 90.0), ("longitude", 180.0)):
        if location.get(key) is None:
            return _required(f"location['{key}']")
        if isinstance(location[key], bool) or not _coordinate(location[key], bound):
            return _invalid(f"Param location['{key}'] is not a valid coordinate.",
                            PARAMETER_VALUE_INVALID)
    for key in ("name", "address"):
        value = location.get(key)
        if value is not None and not isinstance(value, str):
            return _invalid(f"Param location['{key}'] must be a string.")
    return None


def body_parameter_count(template: Json) -> int:
    components = template.get("components") or []
    count = 0
    for component in components:
        if isinstance(component, Mapping) and component.get("type") == "body":
            parameters = component.get("parameters") or []
            count += len(parameters) if isinstance(parameters, list) else 0
    return count


def _check_template(template: Json, _: str) -> GraphError | None:
    if error := _text(template, "name", "template['name']", 512, required=True):
        return error
    language, error = _object(template, "language", "template['language']", required=True)
    if error or language is None:
        return error
    if error := _text(language, "code", "template['language']['code']", 16, required=True):
        return error
    components = template.get("components", [])
    if not isinstance(components, list) or not all(isinstance(c, Mapping) for c in components):
        return _invalid("Param template['components'] must be a list of JSON objects.")
    name, code = str(template["name"]), str(language["code"])
    count = body_parameter_count(template)
    verdict = check_template(name, code, count)
    if verdict == TEMPLATE_NOT_FOUND:
        return GraphError(code=TEMPLATE_NOT_FOUND,
                          details=f"template name ({name}) does not exist in {code}")
    if verdict is not None:
        expected = TEMPLATES[name].param_count
        return GraphError(code=verdict, details=f"body: number of localizable_params ({count}) "
                          f"does not match the expected number of params ({expected})")
    return _template_extras(components, name)


def _template_extras(components: list[Any], name: str) -> GraphError | None:
    """Header parameters and quick-reply payload overrides must fit the approved template."""
    quick_replies = TEMPLATES[name].quick_replies
    for component in components:
        kind = component.get("type")
        parameters = component.get("parameters") or []
        if kind == "header" and parameters:
            return GraphError(code=TEMPLATE_PARAM_COUNT, details=f"header: number of "
                              f"localizable_params ({len(parameters)}) does not match the "
                              "expected number of params (0)")
        if kind == "button":
            try:
                index = int(component.get("index", -1))
            except (TypeError, ValueError):
                index = -1
            if component.get("sub_type") != "quick_reply" or not 0 <= index < len(quick_replies):
                return _invalid(f"Param template['components'] has no quick_reply button at "
                                f"index {component.get('index')}.", PARAMETER_VALUE_INVALID)
        elif kind not in ("header", "body"):
            return _invalid(f"Param template['components'][]['type'] is invalid: \"{kind}\".")
    return None


def _check_reaction(reaction: Json, _: str) -> GraphError | None:
    if error := _text(reaction, "message_id", "reaction['message_id']", 512, required=True):
        return error
    emoji = reaction.get("emoji")
    # An empty emoji removes an earlier reaction, so only the type is checked.
    if emoji is None:
        return _required("reaction['emoji']")
    if not isinstance(emoji, str):
        return _invalid("Param reaction['emoji'] must be a string.")
    return None


def _media_source(media: Json, path: str) -> GraphError | None:
    if not media.get("id") and not media.get("link"):
        return _invalid(f"Param {path} must have either an id or a link.")
    link = media.get("link")
    if link is not None and (not isinstance(link, str) or not link.startswith(("http://",
                                                                               "https://"))):
        return _invalid(f"Param {path}['link'] must be a valid URL.")
    return None


def _check_media(media: Json, kind: str) -> GraphError | None:
    if error := _media_source(media, kind):
        return error
    if kind in ("image", "video", "document"):
        return _text(media, "caption", f"{kind}['caption']", CAPTION_MAX, required=False)
    if "caption" in media:
        return _invalid(f"Param {kind}['caption'] is not supported for {kind}.")
    return None


def _contacts_list(body: Json) -> GraphError | None:
    contacts = body.get("contacts")
    if not isinstance(contacts, list) or not contacts:
        return _required("contacts")
    for index, contact in enumerate(contacts):
        name = contact.get("name") if isinstance(contact, Mapping) else None
        if not isinstance(name, Mapping) or not name.get("formatted_name"):
            return _required(f"contacts[{index}]['name']['formatted_name']")
    return None


_CHECKERS = {
    "text": _check_text,
    "interactive": _check_interactive,
    "location": _check_location,
    "template": _check_template,
    "reaction": _check_reaction,
}
