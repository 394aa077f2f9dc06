"""Photos and files added to a suggestion or complaint (support.attachments), without a broker:
the pure rules and replies, then the handler on the in-memory MongoDB double with a publisher
that only records what would be sent."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from aio_pika.abc import AbstractIncomingMessage
from common.broker import Publisher
from common.clock import FixedClock
from common.contracts import Citizen, DomainRequest, InboundMessage, OutboundMessage
from common.i18n import LANGUAGES, Language
from common.mongo import Database
from common.privacy import PrivacyRequest, erase_matching, report_matching
from gateway.handler import redact_parsed
from gateway.redaction import CARD_MASK
from gateway.webhook import parse_webhook
from pydantic import BaseModel
from pymongo_async_mock import AsyncMongoMockClient
from support.attachments import (
    ATTACH_WINDOW,
    MEDIA_INTENT,
    Action,
    accepts_attachment,
    count_attachments,
    decide,
    is_media_request,
    media_of,
)
from support.conversation import respond_to_media
from support.handler import SupportHandler
from support.kinds import MENU_FEEDBACK, MENU_HANDOFF, MENU_HELP
from support.privacy import ATTACHMENTS_ITEM, report_attachments
from support.store import COLLECTION, PROMPTS, RequestStore
from support.texts import TEXTS

from tests.domain_requests import LimitCheck, button_ids, reply_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "webhooks"
NOW = datetime(2026, 11, 20, 9, 0, 5, tzinfo=UTC)
CITIZEN = "c_citizen-1"
PHONE = "905551112233"

# fixture → (type, media id, MIME type, caption) as the fixture carries them
MEDIA_FIXTURES = {
    "image_with_caption": ("image", "1184459623134092", "image/jpeg", "Kan bağışı kartım"),
    "document_pdf": ("document", "2349582340958234", "application/pdf", "Dekont"),
}


def _inbound(fixture: str, *, wamid: str = "wamid.MEDIA1", caption: str | None = "keep") -> InboundMessage:
    """The fixture's first message exactly as the gateway publishes it (raw element included)."""
    body = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["id"] = wamid
    if caption != "keep":
        media = message[message["type"]]
        if caption is None:
            media.pop("caption", None)
        else:
            media["caption"] = caption
    parsed = parse_webhook(json.dumps(body).encode(), NOW)
    assert len(parsed.messages) == 1
    return parsed.messages[0]


def _request(message: InboundMessage, intent: str, language: Language = "tr") -> DomainRequest:
    citizen = Citizen(id=CITIZEN, wa_id=PHONE, profile_name="Ayşe Yılmaz")
    message = message.model_copy(update={"wa_id": PHONE, "partition_key": PHONE})
    return DomainRequest(domain="support", intent=intent, citizen=citizen, language=language, message=message)


def _media(fixture: str = "image_with_caption", *, language: Language = "tr", wamid: str = "wamid.MEDIA1",
           caption: str | None = "keep", intent: str = MEDIA_INTENT) -> DomainRequest:
    return _request(_inbound(fixture, wamid=wamid, caption=caption), intent, language)


def _text(text: str, *, intent: str = "text", wamid: str = "wamid.TEXT1", message_type: str = "text",
          interactive_id: str | None = None, language: Language = "tr") -> DomainRequest:
    message = InboundMessage(wamid=wamid, partition_key=PHONE, wa_id=PHONE, phone_number_id="106540352242922",
                             timestamp=NOW, type=message_type, text=text, interactive_id=interactive_id,
                             raw={}, received_at=NOW)
    return _request(message, intent, language)


# ---------------------------------------------------------------------------- reading the media


@pytest.mark.parametrize("fixture", sorted(MEDIA_FIXTURES))
def test_media_id_type_and_caption_are_read_from_what_the_gateway_publishes(fixture: str) -> None:
    kind, media_id, mime, caption = MEDIA_FIXTURES[fixture]
    media = media_of(_inbound(fixture))
    assert media is not None
    assert (media.type, media.media_id, media.mime_type, media.caption) == (kind, media_id, mime, caption)


@pytest.mark.parametrize(("fixture", "kind"), [("video_with_caption", "video"), ("audio_voice_note", "audio")])
def test_video_and_voice_notes_are_attachable_too(fixture: str, kind: str) -> None:
    media = media_of(_inbound(fixture))
    assert media is not None and media.type == kind and media.media_id


@pytest.mark.parametrize("fixture", ["sticker", "contacts_card", "text_suggestion_tr", "location_shared"])
def test_stickers_contacts_text_and_locations_are_not_attachments(fixture: str) -> None:
    assert media_of(_inbound(fixture)) is None


def test_a_media_message_without_an_id_or_a_caption() -> None:
    message = _inbound("image_with_caption")
    raw = json.loads(json.dumps(message.raw))
    del raw["message"]["image"]["id"]
    assert media_of(message.model_copy(update={"raw": raw})) is None
    media = media_of(_inbound("image_with_caption", caption=None))
    assert media is not None and media.caption is None
    assert media_of(_inbound("image_with_caption", caption="   ")).caption is None  # type: ignore[union-attr]


def test_the_caption_kept_is_the_one_the_gateway_redacted() -> None:
    body = json.loads((FIXTURES / "image_with_caption.json").read_text(encoding="utf-8"))
    body["entry"][0]["changes"][0]["value"]["messages"][0]["image"]["caption"] = "Kartım 4111 1111 1111 1111"
    parsed = parse_webhook(json.dumps(body).encode(), NOW)
    assert redact_parsed(parsed) >= 1
    media = media_of(parsed.messages[0])
    assert media is not None and media.caption is not None
    assert "4111" not in media.caption and CARD_MASK in media.caption


def test_media_requests_are_the_media_intent_or_media_sent_as_free_text() -> None:
    assert is_media_request(_media(intent=MEDIA_INTENT))
    assert is_media_request(_media(intent="text"))
    assert is_media_request(_media("sticker", intent=MEDIA_INTENT))  # answered with the kind reply
    assert not is_media_request(_media(intent="missed"))  # recorded for staff as before
    assert not is_media_request(_text("şikayetim var"))


# ---------------------------------------------------------------------------- the decision


def _doc(kind: str = "feedback", status: str = "open", updated: timedelta = timedelta(minutes=5),
         naive: bool = False) -> dict[str, Any]:
    at = NOW - updated
    return {"_id": "KZ-F-000000", "kind": kind, "status": status,
            "updated_at": at.replace(tzinfo=None) if naive else at}


@pytest.mark.parametrize(("latest", "expected", "action"), [
    (_doc(), None, "attach"),
    (_doc(updated=ATTACH_WINDOW), None, "attach"),
    (_doc(naive=True), None, "attach"),  # the double returns naive UTC datetimes
    (_doc(), "feedback", "attach"),  # the open complaint wins, as for text
    (_doc(updated=ATTACH_WINDOW + timedelta(seconds=1)), None, "decline"),
    (_doc(updated=ATTACH_WINDOW + timedelta(seconds=1)), "feedback", "open"),
    (_doc(status="closed"), None, "decline"),
    (_doc(kind="handoff"), None, "attach"),
    (_doc(kind="help"), None, "attach"),
    (_doc(kind="handoff", status="closed"), "feedback", "open"),
    (None, "feedback", "open"),
    (None, "help", "decline"),
    (None, None, "decline"),
])
def test_decide(latest: dict[str, Any] | None, expected: str | None, action: Action) -> None:
    assert decide(latest, expected, NOW) == action


def test_the_window_is_a_parameter() -> None:
    assert timedelta(minutes=30) == ATTACH_WINDOW
    assert not accepts_attachment(_doc(updated=timedelta(minutes=10)), NOW, timedelta(minutes=5))
    assert accepts_attachment(_doc(updated=timedelta(hours=2)), NOW, timedelta(hours=3))


def test_count_attachments() -> None:
    assert count_attachments([{"attachments": [{}, {}]}, {"attachments": []}, {}]) == 2


# ---------------------------------------------------------------------------- the replies

MEDIA_CASES = [("image_with_caption", "image"), ("document_pdf", "document"), ("video_with_caption", "video"),
               ("audio_voice_note", "audio")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("fixture", "kind"), MEDIA_CASES)
def test_attached_reply_names_the_request_in_the_citizens_language(
        fixture: str, kind: str, language: Language, wa_limits: LimitCheck) -> None:
    contents = respond_to_media(_media(fixture, language=language), action="attach", reference="KZ-F-7Q4M2K")
    wa_limits(contents)
    text = reply_text(contents)
    assert TEXTS.get(f"attachment.added.{kind}", language, ref="KZ-F-7Q4M2K") in text
    assert "*KZ-F-7Q4M2K*" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_photo_that_opens_the_complaint_is_recorded_and_the_text_asked_for(
        language: Language, wa_limits: LimitCheck) -> None:
    without_caption = _media(language=language, caption=None).model_copy(update={"intent": "feedback"})
    contents = respond_to_media(without_caption, action="open", reference="KZ-F-7Q4M2K")
    wa_limits(contents)
    text = reply_text(contents)
    assert TEXTS.get("feedback.other", language, ref="KZ-F-7Q4M2K") in text
    assert TEXTS.get("attachment.added.image", language, ref="KZ-F-7Q4M2K") in text
    assert TEXTS.get("attachment.write", language) in text

    complaint = _media(language=language, caption="Şikayetim var: çadırlar su aldı").model_copy(
        update={"intent": "feedback"})
    text = reply_text(respond_to_media(complaint, action="open", reference="KZ-F-7Q4M2K"))
    assert TEXTS.get("feedback.complaint", language, ref="KZ-F-7Q4M2K") in text
    assert TEXTS.get("attachment.write", language) not in text  # the caption was the complaint


@pytest.mark.parametrize("language", LANGUAGES)
def test_declined_media_gets_a_kind_reply_with_the_support_menu(language: Language, wa_limits: LimitCheck) -> None:
    for request in (_media(language=language), _media("sticker", language=language)):
        contents = respond_to_media(request, action="decline", reference=None)
        wa_limits(contents)
        assert reply_text(contents) == TEXTS.get("attachment.declined", language)
        assert button_ids(contents) == [MENU_FEEDBACK, MENU_HANDOFF, MENU_HELP]
        assert "KZ-" not in reply_text(contents)


def test_replies_naming_a_request_need_its_reference() -> None:
    with pytest.raises(ValueError, match="reference"):
        respond_to_media(_media(), action="attach", reference=None)


# ---------------------------------------------------------------------------- the handler, no broker


class _Publisher(Publisher):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[OutboundMessage] = []

    async def publish(self, exchange: str, routing_key: str, payload: BaseModel | bytes | Mapping[str, Any], *,
                      message_id: str | None = None, headers: Mapping[str, Any] | None = None,
                      content_type: str = "application/json") -> None:
        assert isinstance(payload, OutboundMessage)
        self.sent.append(payload)


class _Delivery:
    def __init__(self, request: DomainRequest) -> None:
        self.body = request.model_dump_json(by_alias=True).encode()


class _Support:
    def __init__(self) -> None:
        client = AsyncMongoMockClient(tz_aware=True)
        self.db = Database(client=client, db=client["support_unit"], kind="double", name="support_unit")
        self.clock = FixedClock(NOW)
        self.publisher = _Publisher()
        self.handler = SupportHandler(RequestStore(self.db), self.publisher, self.clock)

    async def say(self, request: DomainRequest) -> str:
        """Handle one request; the text of what was answered."""
        before = len(self.publisher.sent)
        await self.handler.handle(cast(AbstractIncomingMessage, _Delivery(request)))
        return reply_text([m.content for m in self.publisher.sent[before:]])

    def buttons(self) -> list[str]:
        return button_ids([self.publisher.sent[-1].content])

    async def requests(self) -> list[dict[str, Any]]:
        return list(await self.db[COLLECTION].find({}).to_list())


@pytest.fixture
def support() -> _Support:
    return _Support()


async def test_a_photo_after_the_complaint_is_attached_to_it(support: _Support) -> None:
    await support.say(_text("4", intent="feedback"))  # the menu choice: "please write it"
    filed = await support.say(_text("Kızılay çadır kentinde su yok, şikayet ediyorum", wamid="wamid.T2"))
    [request] = await support.requests()
    reference = request["_id"]
    assert reference.startswith("KZ-F-") and reference in filed and request["attachments"] == []

    support.clock.advance(timedelta(minutes=10))
    answer = await support.say(_media())
    added = TEXTS.get("attachment.added.image", "tr", ref=reference)
    assert answer == added + "\n" + TEXTS.get("attachment.more", "tr")
    [stored] = await support.requests()
    assert len(stored["messages"]) == 1
    [attachment] = stored["attachments"]
    assert attachment["media_id"] == "1184459623134092"
    assert attachment["mime_type"] == "image/jpeg"
    assert attachment["caption"] == "Kan bağışı kartım"
    assert attachment["type"] == "image"
    assert attachment["received_at"].replace(tzinfo=UTC) == NOW + timedelta(minutes=10)
    assert attachment["sent_at"].replace(tzinfo=UTC) == datetime.fromtimestamp(1795176000, UTC)
    # Wamids encode phone numbers: only a hash of it is kept.
    assert "wamid.MEDIA1" not in json.dumps(stored, default=str, ensure_ascii=False)

    # A redelivery is not attached twice; a document sent next is.
    await support.say(_media())
    await support.say(_media("document_pdf", wamid="wamid.MEDIA2"))
    [stored] = await support.requests()
    assert [(a["type"], a["mime_type"]) for a in stored["attachments"]] == [
        ("image", "image/jpeg"), ("document", "application/pdf")]


async def test_a_photo_sent_first_opens_the_complaint_and_the_text_joins_it(support: _Support) -> None:
    await support.say(_text("4", intent="feedback"))
    answer = await support.say(_media(caption=None))
    [request] = await support.requests()
    reference = request["_id"]
    assert request["kind"] == "feedback" and request["status"] == "open"
    assert reference in answer and TEXTS.get("attachment.write", "tr") in answer
    assert [a["media_id"] for a in request["attachments"]] == ["1184459623134092"]
    assert await support.db[PROMPTS].count_documents({}) == 0  # the prompt is used up

    support.clock.advance(timedelta(minutes=2))
    answer = await support.say(_text("Dağıtımda bize sıra gelmedi, çok bekledik", wamid="wamid.T3"))
    assert answer == TEXTS.get("followup", "tr", ref=reference)
    [request] = await support.requests()
    assert [m["text"] for m in request["messages"]] == [None, "Dağıtımda bize sıra gelmedi, çok bekledik"]


async def test_a_second_complaint_asked_for_from_the_menu_gets_its_own_reference(support: _Support) -> None:
    await support.say(_text("4", intent="feedback"))
    await support.say(_text("Kızılay çadır kentinde su yok, şikayet ediyorum", wamid="wamid.T2"))
    support.clock.advance(timedelta(minutes=3))
    await support.say(_text("4", intent="feedback", wamid="wamid.T3"))  # the menu again: a new one
    answer = await support.say(_text("Dağıtım noktasında kimse yoktu, şikayetçiyim", wamid="wamid.T4"))
    first, second = sorted(await support.requests(), key=lambda r: r["created_at"])
    assert first["_id"] != second["_id"] and second["_id"] in answer
    assert [m["text"] for m in first["messages"]] == ["Kızılay çadır kentinde su yok, şikayet ediyorum"]
    # Without a new prompt, more text joins the latest request.
    support.clock.advance(timedelta(minutes=1))
    assert await support.say(_text("Hâlâ su yok", wamid="wamid.T5")) == TEXTS.get("followup", "tr",
                                                                                      ref=second["_id"])


async def test_a_captioned_photo_after_the_menu_tap_is_the_complaint(support: _Support) -> None:
    await support.say(_text("", intent=f"button:{MENU_FEEDBACK}", message_type="interactive",
                            interactive_id=MENU_FEEDBACK, language="en"))
    answer = await support.say(_media(language="en", caption="Complaint: the tent leaks"))
    [request] = await support.requests()
    assert request["details"] == {"type": "complaint"}
    assert TEXTS.get("feedback.complaint", "en", ref=request["_id"]) in answer
    assert TEXTS.get("attachment.added.image", "en", ref=request["_id"]) in answer


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_photo_with_no_complaint_open_is_not_recorded(support: _Support, language: Language) -> None:
    answer = await support.say(_media(language=language))
    assert answer == TEXTS.get("attachment.declined", language)
    assert support.buttons() == [MENU_FEEDBACK, MENU_HANDOFF, MENU_HELP]
    assert await support.requests() == []


async def test_a_photo_long_after_the_complaint_is_not_attached(support: _Support) -> None:
    await support.say(_text("Şikayetim var: personel kaba davrandı", intent="feedback"))
    support.clock.advance(ATTACH_WINDOW + timedelta(minutes=1))
    assert await support.say(_media()) == TEXTS.get("attachment.declined", "tr")
    [request] = await support.requests()
    assert request["attachments"] == []


async def test_a_shorter_window_can_be_configured(support: _Support) -> None:
    short = SupportHandler(RequestStore(support.db), support.publisher, support.clock,
                           attach_window=timedelta(minutes=5))
    support.handler = short
    await support.say(_text("Şikayetim var: personel kaba davrandı", intent="feedback"))
    support.clock.advance(timedelta(minutes=6))
    assert await support.say(_media()) == TEXTS.get("attachment.declined", "tr")


async def test_a_photo_during_a_hand_off_joins_that_request(support: _Support) -> None:
    await support.say(_text("temsilci", intent="handoff"))
    assert "eklendi" in await support.say(_media())
    [request] = await support.requests()
    assert request["kind"] == "handoff" and len(request["attachments"]) == 1


async def test_a_sticker_is_never_attached(support: _Support) -> None:
    await support.say(_text("Şikayetim var: personel kaba davrandı", intent="feedback"))
    assert await support.say(_media("sticker")) == TEXTS.get("attachment.declined", "tr")
    [request] = await support.requests()
    assert request["attachments"] == []


async def test_a_photo_too_old_to_answer_is_recorded_for_staff_with_its_media(support: _Support) -> None:
    assert await support.say(_media(intent="missed")) == ""
    [request] = await support.requests()
    assert request["kind"] == "missed"
    assert [a["media_id"] for a in request["attachments"]] == ["1184459623134092"]


async def test_attachments_are_reported_and_erased_with_the_complaint(support: _Support) -> None:
    await support.say(_text("Şikayetim var: personel kaba davrandı", intent="feedback"))
    await support.say(_media())
    await support.say(_media("document_pdf", wamid="wamid.MEDIA2"))
    other = Citizen(id="c_other", wa_id="905550000000")
    await support.say(_text("Şikayetim var", intent="feedback", wamid="wamid.OTHERTEXT").model_copy(
        update={"citizen": other}))
    await support.say(_media(wamid="wamid.OTHER", caption="Başka birinin fotoğrafı").model_copy(
        update={"citizen": other}))

    mine = PrivacyRequest(request_id="r1", action="report", citizen_id=CITIZEN, wa_ids=[PHONE],
                          requested_at=NOW)
    assert await report_matching(support.db, mine) == {COLLECTION: 1}
    assert await report_attachments(support.db, mine) == {ATTACHMENTS_ITEM: 2}
    nobody = mine.model_copy(update={"citizen_id": "c_nobody", "wa_ids": ["905000000000"]})
    assert await report_attachments(support.db, nobody) == {}

    before = json.dumps(await support.requests(), default=str, ensure_ascii=False)
    assert "2349582340958234" in before and "Kan bağışı kartım" in before
    await erase_matching(support.db, mine.model_copy(update={"action": "erase"}))
    left = json.dumps(await support.requests(), default=str, ensure_ascii=False)
    for needle in ("2349582340958234", "Dekont", "Kan bağışı kartım", CITIZEN, PHONE):
        assert needle not in left
    # The other citizen's complaint and photo stay.
    assert "Başka birinin fotoğrafı" in left and "c_other" in left
