"""Photos, documents, videos and voice messages a citizen adds to a suggestion or complaint.

The prompt for feedback says "you can add a photo". A media message is attached when it
arrives while a complaint is being written (the citizen was asked to write one: it then opens
the request, its caption being the text) or within `ATTACH_WINDOW` of the complaint's last
activity. Otherwise it is not attached and the citizen gets the usual kind reply.

What is kept (docs/architecture.md: WhatsApp media ids are personal data): the media id, the
MIME type, the caption (already redacted by the gateway) and when it came, inside the request
document, so the generic privacy erase and retention remove it together with the request. The
file itself is never downloaded here; staff fetch it by its id while WhatsApp still serves it.

Media messages reach support as domain requests with intent `MEDIA_INTENT`: the router sends
them here while support is the citizen's recent conversation (`router.routing.route`), and
answers any other media message with its own kind reply. This module only decides and words;
the handler stores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from common.contracts import DomainRequest, InboundMessage

from support.kinds import Kind

MediaType = Literal["image", "document", "video", "audio"]
MEDIA_TYPES: Final[tuple[MediaType, ...]] = ("image", "document", "video", "audio")
# The router's intent for a media message handed to support.
MEDIA_INTENT: Final = "media"
# A media message joins the citizen's complaint if the complaint was active this recently
# (filed, or a message added to it). Equal to the router's default ACTIVE_DOMAIN_TTL_S, so the
# router keeps sending media here for as long as it can still be attached. Must not exceed
# store.FOLLOWUP_WINDOW, the furthest back the handler looks for an open request.
ATTACH_WINDOW: Final = timedelta(minutes=30)
# Request kinds a media message can be attached to.
# A photo of the tent or the document an agent asked for belongs to help and hand-off too.
ATTACHABLE_KINDS: Final[frozenset[Kind]] = frozenset({"feedback", "help", "handoff"})

Action = Literal["attach", "open", "decline"]


@dataclass(frozen=True)
class Media:
    """One media message as WhatsApp describes it (no file, only its id)."""

    type: MediaType
    media_id: str
    mime_type: str | None
    caption: str | None


def media_of(message: InboundMessage) -> Media | None:
    """The attachable media in `message`, or None (text, sticker, or no media id).

    The gateway keeps the webhook's `messages[]` element under `raw["message"]`; the media
    object is under the message type (`"image": {"id", "mime_type", "caption", ...}`). The
    caption is taken from `message.text`, where the gateway put it after redacting card numbers
    and IBANs (the raw copy is redacted the same way).
    """
    if message.type not in MEDIA_TYPES:
        return None
    raw_message = message.raw.get("message")
    body = raw_message.get(message.type) if isinstance(raw_message, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("id"), str) or not body["id"]:
        return None
    mime = body.get("mime_type")
    caption = message.text if message.text and message.text.strip() else None
    return Media(type=message.type, media_id=body["id"],
                 mime_type=mime if isinstance(mime, str) else None, caption=caption)


def is_media_request(request: DomainRequest) -> bool:
    """A media message for support: the router's media intent, or a media type sent as free
    text of the active conversation."""
    return request.intent == MEDIA_INTENT or (request.intent == "text" and request.message.type in MEDIA_TYPES)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def accepts_attachment(request_doc: Mapping[str, Any] | None, now: datetime,
                       window: timedelta = ATTACH_WINDOW) -> bool:
    """The citizen's latest open request takes the media: a complaint active within `window`."""
    if request_doc is None or request_doc.get("status") != "open":
        return False
    if request_doc.get("kind") not in ATTACHABLE_KINDS:
        return False
    updated = request_doc.get("updated_at")
    return isinstance(updated, datetime) and now - _aware(updated) <= window


def decide(latest_open: Mapping[str, Any] | None, expected: str | None, now: datetime,
           window: timedelta = ATTACH_WINDOW) -> Action:
    """What to do with a media message.

    `latest_open`: the citizen's most recent open request (as for a text follow-up);
    `expected`: the kind of request the citizen was just asked to write, if any.
    "attach" to the latest request, "open" a feedback request with it (the citizen was asked to
    write a suggestion or complaint and sent the photo first, or with the text as caption), or
    "decline" (no complaint to attach it to: the kind reply).
    The open request wins over the prompt, as it does for text.
    """
    if accepts_attachment(latest_open, now, window):
        return "attach"
    if expected == "feedback":
        return "open"
    return "decline"


def attachment_entry(request: DomainRequest, media: Media, now: datetime) -> dict[str, Any]:
    """How an attachment is stored in its request. `key` (a hash of the wamid: wamids encode
    phone numbers) keeps a redelivered message from being attached twice."""
    message = request.message
    return {
        "key": hashlib.sha256(message.wamid.encode()).hexdigest(),
        "type": media.type,
        "media_id": media.media_id,
        "mime_type": media.mime_type,
        "caption": media.caption,
        "sent_at": message.timestamp,
        "received_at": now,
        "late": request.late,
    }


def count_attachments(request_docs: Sequence[Mapping[str, Any]]) -> int:
    """How many attachments the given request documents hold (for "my data")."""
    return sum(len(doc.get("attachments") or []) for doc in request_docs)
