"""A photo added to a complaint, against real RabbitMQ with every service in-process: the
complaint and the photo both go the whole way (simulator → gateway → router → support → sender);
the router hands media to support while support is the citizen's recent conversation, and
answers a photo sent out of the blue with its own kind reply."""

from __future__ import annotations

import re

import pytest
from router.texts import CATALOGUE as ROUTER_TEXTS
from support.texts import TEXTS

from tests.integration.harness import Helpline, all_text, load_fixture, new_number
from tests.integration.test_privacy import _dump_everything, _erase, _say

pytestmark = pytest.mark.integration

MEDIA_ID = "1184459623134092"
CAPTION = "Kan bağışı kartım"


async def _send_photo(helpline: Helpline, number: str) -> None:
    assert await helpline.post(load_fixture("image_with_caption", number=number)) == 200


async def test_a_photo_out_of_the_blue_gets_the_kind_reply_and_is_not_stored(helpline: Helpline) -> None:
    me = new_number()
    await _say(helpline, me, "Merhaba", 1)
    before = len(await helpline.replies(me, 0, within=0))
    await _send_photo(helpline, me)
    replies = await helpline.replies(me, before + 1)
    assert len(replies) == before + 1
    assert await helpline.db("support")["requests"].count_documents({}) == 0
    assert MEDIA_ID not in await _dump_everything(helpline, ("support", "router"))


async def test_a_photo_after_a_complaint_is_attached_reported_and_erased(helpline: Helpline) -> None:
    me = new_number()
    await _say(helpline, me, "Merhaba", 1)
    await _say(helpline, me, "4", 1)
    filed = all_text(await _say(helpline, me, "Dağıtım noktasında saatlerce bekledik, görevliler kaba davrandı", 1))
    found = re.search(r"KZ-F-[0-9A-Z]{6}", filed)
    assert found, filed
    reference = found.group(0)

    before = len(await helpline.replies(me, 0, within=0))
    await _send_photo(helpline, me)
    replies = await helpline.replies(me, before + 1)
    assert len(replies) == before + 1, all_text(replies)
    assert TEXTS.get("attachment.added.image", "tr", ref=reference) in all_text(replies[before:])

    stored = await helpline.db("support")["requests"].find_one({"_id": reference})
    [attachment] = stored["attachments"]
    assert (attachment["type"], attachment["media_id"], attachment["mime_type"], attachment["caption"]) == (
        "image", MEDIA_ID, "image/jpeg", CAPTION)
    assert attachment["received_at"] is not None

    # "My data" names the attachments.
    label_key = "data.support.attachments"
    summary = all_text(await _say(helpline, me, "verilerim", 1))
    assert ROUTER_TEXTS.get("my_data_line", "tr", label=ROUTER_TEXTS.get(label_key, "tr"), count=1) in summary
    assert ROUTER_TEXTS.get("data.support.requests", "tr") in summary

    needles = (MEDIA_ID, CAPTION, reference)
    everything = await _dump_everything(helpline, ("support",))
    assert all(needle in everything for needle in needles)
    before = len(await helpline.replies(me, 0, within=0))
    await _erase(helpline, me)  # the question, the tap; then "erasure started" and "erased"
    replies = await helpline.replies(me, before + 3, within=45)
    assert "Verileriniz silindi" in all_text(replies[before:]), all_text(replies)
    everything = await _dump_everything(helpline)
    for needle in needles:
        assert needle not in everything, f"{needle!r} still stored"
