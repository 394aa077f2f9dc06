"""Every shared webhook fixture, signed and posted to the gateway, is handled as the fixtures'
README table says. Each test has its own citizen number, a current timestamp and its own
RabbitMQ virtual host (the `helpline` fixture)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.harness import Helpline, all_text, fixture_sender, load_fixture, new_number

# fixture → (reply count at least, what the reply must contain, message type of the first reply)
ANSWERED: dict[str, tuple[int, list[str], str]] = {
    "text_greeting_tr": (1, ["Kızılay", "1. Kan hizmetleri", "kvkk"], "interactive"),
    "text_blood_where_ankara": (2, ["Ankara için kan bağışı noktaları", "örnek veri", "168"], "text"),
    "text_blood_upper_istanbul": (2, ["İstanbul için kan bağışı noktaları"], "text"),
    "text_blood_ascii_izmir": (2, ["İzmir için kan bağışı noktaları"], "text"),
    "text_arabic_blood": (2, ["غازي عنتاب", "Gaziantep"], "text"),
    "text_english_volunteer": (1, ["volunteer", "gonulluol.org"], "text"),
    "text_menu_number": (1, ["kizilay.org.tr"], "interactive"),
    "text_donation_tr": (1, ["kurban"], "interactive"),
    "text_suggestion_tr": (1, ["KZ-F-"], "text"),
    "text_agent_tr": (1, ["KZ-H-", "08:00"], "text"),
    "text_erase_tr": (1, ["silinmesini", "Evet"], "interactive"),
    "text_emoji_only": (1, ["hoş geldiniz", "1. Kan hizmetleri"], "interactive"),
    "text_long": (1, ["KZ-Y-", "112"], "text"),
    "text_reply_with_context": (1, ["Kan hizmetleri"], "interactive"),
    "text_forwarded": (1, ["doğrulayamıyoruz", "168", "kanver.org"], "text"),
    "text_from_ad_referral": (1, ["blood", "doctor at the centre decides"], "text"),
    "interactive_list_reply": (1, ["1. Kan hizmetleri"], "interactive"),
    "interactive_button_reply": (1, ["1. Blood services"], "interactive"),
    "template_quick_reply_button": (1, ["Teşekkürler", "168"], "text"),
    "location_shared": (2, ["Çankaya/Ankara", "uzakta"], "text"),
    "location_named_place": (2, ["Konak/İzmir", "km uzakta"], "text"),
    "image_with_caption": (1, ["Ana menü", "Temsilciyle görüş"], "interactive"),
    "document_pdf": (1, ["Ana menü"], "interactive"),
    "sticker": (1, ["Ana menü"], "interactive"),
    "contacts_card": (1, ["Ana menü"], "interactive"),
    "audio_voice_note": (1, ["القائمة الرئيسية"], "interactive"),
    "video_with_caption": (1, ["Main menu"], "interactive"),
    "unsupported_poll": (1, ["Main menu"], "interactive"),
}


@pytest.mark.parametrize("name", sorted(ANSWERED))
async def test_fixture_is_answered(helpline: Helpline, name: str) -> None:
    count, needles, first_type = ANSWERED[name]
    me = new_number(like=fixture_sender(name))
    assert await helpline.post(load_fixture(name, number=me)) == 200
    replies = await helpline.replies(me, count)
    assert len(replies) >= count, f"{name}: {all_text(replies)!r}"
    text = all_text(replies)
    for needle in needles:
        assert needle.lower() in text.lower(), f"{name}: {needle!r} not in {text!r}"
    assert replies[0]["body"]["type"] == first_type
    if name in ("location_shared", "location_named_place", "text_blood_where_ankara"):
        assert replies[-1]["body"]["type"] == "location"


async def test_reaction_gets_no_reply(helpline: Helpline) -> None:
    me = new_number()
    assert await helpline.post(load_fixture("reaction", number=me)) == 200
    assert await helpline.quiet(me) == []


async def test_bsuid_citizen_is_answered_by_user_id(helpline: Helpline) -> None:
    data = load_fixture("bsuid_username_without_phone")
    user_id = f"TR.{new_number()}"
    value = data["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["user_id"] = user_id
    value["messages"][0]["from_user_id"] = user_id
    assert await helpline.post(data) == 200
    replies = await helpline.replies(user_id)
    assert replies, "no reply to a citizen known only by user_id"
    assert replies[0]["recipient"] == user_id and not replies[0].get("to")
    assert "gonulluol.org" in all_text(replies)


async def test_batch_with_two_entries_answers_both_and_records_the_status(helpline: Helpline) -> None:
    ayse, mehmet = new_number(), new_number()
    data = load_fixture("batch_two_entries_mixed", numbers={"905321112233": ayse, "905059998877": mehmet})
    assert await helpline.post(data) == 200
    assert "gonulluol.org" in all_text(await helpline.replies(ayse))
    assert "kan" in all_text(await helpline.replies(mehmet)).lower()
    status_wamid = data["entry"][1]["changes"][0]["value"]["statuses"][0]["id"]
    delivery = await _eventually(lambda: helpline.db("sender")["deliveries"].find_one({"_id": status_wamid}))
    assert delivery["status"] == "delivered"


async def test_statuses_are_recorded_without_reply(helpline: Helpline) -> None:
    me = new_number()
    data = load_fixture("statuses_sent_delivered_read", number=me)
    statuses = data["entry"][0]["changes"][0]["value"]["statuses"]
    assert await helpline.post(data) == 200
    wamid = statuses[0]["id"]
    delivery = await _eventually(
        lambda: helpline.db("sender")["deliveries"].find_one({"_id": wamid, "status": "read"}))
    assert [h["status"] for h in delivery["history"]].count("read") == 1
    assert await helpline.quiet(me, 0.5) == []


async def test_failed_status_is_visible_to_staff(helpline: Helpline, tokens: dict[str, str]) -> None:
    data = load_fixture("status_failed_window_closed")
    wamid = data["entry"][0]["changes"][0]["value"]["statuses"][0]["id"]
    assert await helpline.post(data) == 200
    await _eventually(lambda: helpline.db("sender")["deliveries"].find_one({"_id": wamid, "status": "failed"}))
    url = f"http://127.0.0.1:{helpline.port('sender')}/admin/deliveries/failed"
    async with helpline.http.get(url, headers={"Authorization": f"Bearer {tokens['staff']}"}) as resp:
        assert resp.status == 200
        body = await resp.json()
    failed = [d for d in body["deliveries"] if d["_id"] == wamid]
    assert failed and failed[0]["errors"][0]["code"] == 131047


async def test_user_changed_number_moves_the_alias(helpline: Helpline) -> None:
    old, new = new_number(), new_number()
    assert await helpline.post(load_fixture("text_greeting_tr", number=old)) == 200
    await helpline.replies(old)
    data = load_fixture("system_user_changed_number", number=old)
    data["entry"][0]["changes"][0]["value"]["messages"][0]["system"]["wa_id"] = new
    assert await helpline.post(data) == 200
    citizens = helpline.db("router")["citizens"]
    record = await _eventually(lambda: citizens.find_one({"wa_ids": new}))
    assert old not in record["wa_ids"]
    assert await helpline.quiet(old, 0.5) != [] and len(await helpline.quiet(old, 0)) == 1  # only the welcome
    assert await helpline.quiet(new, 0) == []
    # The citizen writing from the new number is the same person (language, history kept).
    await helpline.post(load_fixture("text_greeting_tr", number=new))
    await helpline.replies(new)
    assert await citizens.count_documents({"wa_ids": new}) == 1


async def test_account_error_is_counted_not_answered(helpline: Helpline) -> None:
    assert await helpline.post(load_fixture("value_errors_throughput")) == 200
    error = await _eventually(lambda: helpline.db("sender")["whatsapp_errors"].find_one({"code": 130429}))
    assert error["details"]


async def test_other_webhook_fields_are_accepted_and_ignored(helpline: Helpline) -> None:
    assert await helpline.post(load_fixture("field_template_status_update")) == 200
    await asyncio.sleep(0.5)
    stats = await helpline.sim("GET", "/sim/stats")
    assert stats["accepted"] == 0 if "accepted" in stats else True


async def _eventually(probe: Any, within: float = 10.0) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = await probe()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)
