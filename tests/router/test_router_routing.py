from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from common.contracts import InboundMessage
from router import routing
from router.routing import Route, route

WebhookLoader = Callable[[str], InboundMessage]
TextMaker = Callable[..., InboundMessage]

NONE = {"active_domain": None, "active_recent": False, "menu_shown": False}
MENU_SHOWN = {"active_domain": None, "active_recent": False, "menu_shown": True}


def r(msg: InboundMessage, **state: Any) -> Route:
    return route(msg, **{**NONE, **state})


def domain(name: str, intent: str) -> Route:
    return Route("domain", name, intent)


FIXTURE_ROUTES = {
    "text_greeting_tr": Route("menu", None, "welcome"),
    "text_blood_where_ankara": domain("blood", "text"),
    "text_blood_upper_istanbul": domain("blood", "text"),
    "text_blood_ascii_izmir": domain("blood", "text"),
    "text_arabic_blood": domain("blood", "text"),
    "text_english_volunteer": domain("volunteer", "text"),
    "text_menu_number": domain("donation", "menu"),
    "text_donation_tr": domain("donation", "text"),
    "text_suggestion_tr": domain("support", "feedback"),
    "text_agent_tr": domain("support", "handoff"),
    "text_erase_tr": Route("privacy", None, "erase"),
    "text_emoji_only": Route("menu", None, "welcome"),
    "text_long": domain("support", "help"),
    "text_reply_with_context": Route("menu", None, "unknown"),
    "text_forwarded": domain("blood", "need"),
    "text_from_ad_referral": domain("blood", "text"),
    "interactive_list_reply": Route("menu", None, "unknown"),
    "interactive_button_reply": Route("menu", None, "unknown"),
    "template_quick_reply_button": domain("blood", "alert:ALERT_CAN_COME"),
    "location_shared": domain("blood", "location"),
    "location_named_place": domain("blood", "location"),
    "image_with_caption": Route("kind_reply", None, "media"),
    "document_pdf": Route("kind_reply", None, "media"),
    "sticker": Route("kind_reply", None, "media"),
    "contacts_card": Route("kind_reply", None, "media"),
    "audio_voice_note": Route("kind_reply", None, "media"),
    "video_with_caption": Route("kind_reply", None, "media"),
    "unsupported_poll": Route("kind_reply", None, "media"),
    "reaction": Route("ignore", None, "ignore"),
    "system_user_changed_number": Route("ignore", None, "ignore"),
    "bsuid_username_without_phone": domain("volunteer", "text"),
}


@pytest.mark.parametrize(("name", "expected"), sorted(FIXTURE_ROUTES.items()))
def test_every_fixture_routes_as_the_readme_expects(
    webhook: WebhookLoader, name: str, expected: Route
) -> None:
    assert r(webhook(name)) == expected


def test_batch_fixture_routes_each_citizen(webhook_all: Callable[[str], list[InboundMessage]]
                                           ) -> None:
    ayse, mehmet = webhook_all("batch_two_entries_mixed")
    assert r(ayse) == domain("volunteer", "text")
    assert r(mehmet) == domain("blood", "menu")


def test_own_list_ids_reach_their_domain(webhook: WebhookLoader) -> None:
    tap = webhook("interactive_list_reply")
    own = tap.model_copy(update={"interactive_id": routing.MENU_BLOOD})
    assert r(own) == domain("blood", "menu")


@pytest.mark.parametrize(("cid", "expected"), [
    (routing.MENU_BLOOD, domain("blood", "menu")),
    (routing.MENU_DONATION, domain("donation", "menu")),
    (routing.MENU_VOLUNTEER, domain("volunteer", "menu")),
    (routing.MENU_FEEDBACK, domain("support", "feedback")),
    (routing.MENU_AGENT, domain("support", "handoff")),
    (routing.MENU_LANGUAGE, Route("language", None, "choose")),
    (routing.MENU_OPEN, Route("menu", None, "menu")),
    (routing.LANG_TR, Route("language", None, "set:tr")),
    (routing.LANG_AR, Route("language", None, "set:ar")),
    (routing.LANG_EN, Route("language", None, "set:en")),
    ("blood.consent.yes", domain("blood", "button:blood.consent.yes")),
    ("volunteer.skill.first_aid", domain("volunteer", "button:volunteer.skill.first_aid")),
    ("donation.channel.sms", domain("donation", "button:donation.channel.sms")),
    ("support.rating.5", domain("support", "button:support.rating.5")),
    ("menu.blood", Route("menu", None, "unknown")),
    ("consent.yes", Route("menu", None, "unknown")),
    ("blood.", Route("menu", None, "unknown")),
    ("privacy.erase", Route("menu", None, "unknown")),
])
def test_interactive_ids(webhook: WebhookLoader, cid: str, expected: Route) -> None:
    tap = webhook("interactive_button_reply").model_copy(update={"interactive_id": cid})
    # A tap is the citizen's explicit choice: it beats an open conversation elsewhere.
    assert r(tap, active_domain="volunteer", active_recent=True) == expected


def test_interactive_without_id_gets_the_menu(webhook: WebhookLoader) -> None:
    flow = webhook("interactive_button_reply").model_copy(update={"interactive_id": None})
    assert r(flow) == Route("menu", None, "unknown")


@pytest.mark.parametrize(("payload", "expected"), [
    ("ALERT_CAN_COME", domain("blood", "alert:ALERT_CAN_COME")),
    ("ALERT_CANNOT", domain("blood", "alert:ALERT_CANNOT")),
    ("ALERT_STOP", domain("blood", "alert:ALERT_STOP")),
    ("CALLOUT_YES", domain("volunteer", "callout:CALLOUT_YES")),
    ("CALLOUT_NO", domain("volunteer", "callout:CALLOUT_NO")),
    ("REOPEN", Route("menu", None, "menu")),
    ("SOMETHING_ELSE", Route("menu", None, "unknown")),
    (None, Route("menu", None, "unknown")),
])
def test_template_button_payloads(webhook: WebhookLoader, payload: str | None,
                                  expected: Route) -> None:
    tap = webhook("template_quick_reply_button").model_copy(update={"button_payload": payload})
    assert r(tap) == expected


@pytest.mark.parametrize("mtype", ["image", "video", "audio", "document", "sticker", "contacts",
                                   "unsupported", "order", "unknown", "something_new"])
def test_media_and_unknown_types_get_a_kind_reply(make_text: TextMaker, mtype: str) -> None:
    # A caption about blood is still not routed: captions are later work.
    msg = make_text("Kan bağışı kartım", type=mtype)
    assert r(msg, active_domain="blood", active_recent=True) == Route("kind_reply", None, "media")


@pytest.mark.parametrize("mtype", ["image", "video", "audio", "document"])
def test_media_goes_to_support_while_support_is_the_recent_conversation(make_text: TextMaker, mtype: str) -> None:
    msg = make_text("Kan bağışı kartım", type=mtype)
    assert r(msg, active_domain="support", active_recent=True) == Route("domain", "support", "media")
    assert r(msg, active_domain="support", active_recent=False) == Route("kind_reply", None, "media")
    assert r(make_text("", type="sticker"), active_domain="support", active_recent=True).kind == "kind_reply"


def test_reaction_and_system_are_ignored(make_text: TextMaker) -> None:
    for mtype in ("reaction", "system"):
        assert r(make_text("", type=mtype)).kind == "ignore"


def test_request_welcome_is_first_contact(make_text: TextMaker) -> None:
    assert r(make_text(None, type="request_welcome")) == Route("menu", None, "welcome")


# --- Text rules -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Folding: case, Turkish letters, ASCII spellings.
    ("KAN BAĞIŞI İSTANBUL", domain("blood", "text")),
    ("kan bagisi", domain("blood", "text")),
    ("KAN BAGISI IZMIR", domain("blood", "text")),
    ("kan bağışı İZMİR", domain("blood", "text")),
    ("GÖNÜLLÜ", domain("volunteer", "text")),
    ("gonullu", domain("volunteer", "text")),
    ("gönüllülük başvurusu", domain("volunteer", "text")),
    ("Gönüllü olmak istiyorum", domain("volunteer", "text")),
    # Short stem "kan" takes case suffixes but is not a prefix of other words.
    ("Kana ihtiyacım var", domain("blood", "text")),
    ("kanım A Rh+", domain("blood", "text")),
    ("kanal", Route("menu", None, "unknown")),
    ("kanun", Route("menu", None, "unknown")),
    ("kanal 7 hangi kanalda", Route("menu", None, "unknown")),
    ("Ankara'da kan bağışı", domain("blood", "text")),
    ("donör olmak istiyorum", domain("blood", "text")),
    ("donate blood", domain("blood", "text")),
    ("Where can I give blood?", domain("blood", "text")),
    ("أين يمكنني التبرع بالدم", domain("blood", "text")),
    ("دمشق", Route("menu", None, "unknown")),
    # Priority: feedback > blood > volunteer > donation > help > greeting.
    ("Öneri: kan bağışı merkezleri", domain("support", "feedback")),
    ("şikâyetim var", domain("support", "feedback")),
    ("sikayet", domain("support", "feedback")),
    ("geri bildirim", domain("support", "feedback")),
    ("I have a complaint", domain("support", "feedback")),
    ("لدي شكوى", domain("support", "feedback")),
    ("اقتراح", domain("support", "feedback")),
    ("Merhaba kan bağışı", domain("blood", "text")),
    ("kurban bağışı", domain("donation", "text")),
    ("bağış", domain("donation", "text")),
    ("bagis yapmak istiyorum", domain("donation", "text")),
    ("zekât", domain("donation", "text")),
    ("zekat nasil verilir", domain("donation", "text")),
    ("fitre", domain("donation", "text")),
    ("sadaka", domain("donation", "text")),
    ("I want to donate", domain("donation", "text")),
    ("zakat", domain("donation", "text")),
    ("أريد التبرع", domain("donation", "text")),
    ("زكاة الفطر", domain("donation", "text")),
    ("أضحية", domain("donation", "text")),
    ("bağışıklığım düşük", Route("menu", None, "unknown")),
    ("volunteering", domain("volunteer", "text")),
    ("أريد أن أتطوع", domain("volunteer", "text")),
    ("متطوع", domain("volunteer", "text")),
    ("depremzedeyiz çadır lazım", domain("support", "help")),
    ("bebek maması lazım", domain("support", "help")),
    ("battaniye yardımı", domain("support", "help")),
    ("we need a tent after the earthquake", domain("support", "help")),
    ("نحتاج خيمة بعد الزلزال", domain("support", "help")),
    ("مساعدة", domain("support", "help")),
    ("Merhaba", Route("menu", None, "welcome")),
    ("selamün aleyküm", Route("menu", None, "welcome")),
    ("Selam", Route("menu", None, "welcome")),
    ("iyi günler", Route("menu", None, "welcome")),
    ("hello", Route("menu", None, "welcome")),
    ("Hi", Route("menu", None, "welcome")),
    ("good morning", Route("menu", None, "welcome")),
    ("السلام عليكم", Route("menu", None, "welcome")),
    ("مرحبا", Route("menu", None, "welcome")),
    ("his phone", Route("menu", None, "unknown")),
    # Emoji and punctuation only.
    ("❤️🩸", Route("menu", None, "welcome")),
    ("🙏", Route("menu", None, "welcome")),
    ("???", Route("menu", None, "welcome")),
    ("asdfgh", Route("menu", None, "unknown")),
    ("", Route("menu", None, "welcome")),
])
def test_keywords(make_text: TextMaker, text: str, expected: Route) -> None:
    assert r(make_text(text)) == expected


@pytest.mark.parametrize(("text", "intent"), [
    ("verilerimi sil", "erase"),
    ("Verilerimi silin lütfen", "erase"),
    ("verilerim", "my_data"),
    ("hangi verilerim kayıtlı", "my_data"),
    ("kişisel verilerimi silmenizi istiyorum", "erase"),
    ("my data", "my_data"),
    ("delete my data", "erase"),
    ("Please erase my personal data", "erase"),
    ("بياناتي", "my_data"),
    ("احذف بياناتي", "erase"),
    # Privacy beats every other keyword class.
    ("kan bağışı verilerimi sil", "erase"),
    # "bilgilerim" / "my account" alone, or with words about seeing or erasing them.
    ("bilgilerim", "my_data"),
    ("hakkımdaki bilgilerimi görmek istiyorum", "my_data"),
    ("bilgilerimi sil", "erase"),
    ("hesabımı silin lütfen", "erase"),
    ("my information", "my_data"),
    ("delete my account", "erase"),
    ("معلوماتي", "my_data"),
    ("what data do you hold about me", "my_data"),
    ("verilerimi silmeyin", "my_data"),  # not an erase: "do not delete"
    ("Don't delete my data", "my_data"),
    ("silah verilerim", "my_data"),  # "silah" is not "sil"
])
def test_privacy(make_text: TextMaker, text: str, intent: str) -> None:
    assert r(make_text(text)) == Route("privacy", None, intent)


@pytest.mark.parametrize("text", [
    "IBAN bilgilerim",
    "bilgilerimi güncellemek istiyorum",
    "verilerimi güncellemek istiyorum",
    "gönüllü bilgilerimi değiştirmek istiyorum",
    "bağış hesabım nedir",
    "I want to update my information",
    "send the money from my account",
])
def test_data_words_in_other_requests_are_not_privacy(make_text: TextMaker, text: str) -> None:
    assert r(make_text(text)).kind != "privacy"


@pytest.mark.parametrize(("text", "expected"), [
    ("Kişisel verilerimin izinsiz paylaşıldığını düşünüyorum, bundan şikayetçiyim", "support"),
    ("I do not want to give my personal data, where can I donate blood in Ankara?", "blood"),
    ("gönüllü olmak istiyorum ama kişisel verilerimi paylaşmak istemiyorum", "volunteer"),
])
def test_a_longer_request_that_mentions_personal_data_is_that_request(
        make_text: TextMaker, text: str, expected: str) -> None:
    decision = r(make_text(text))
    assert (decision.kind, decision.domain) == ("domain", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("menü", Route("menu", None, "menu")),
    ("MENU", Route("menu", None, "menu")),
    ("Ana menü", Route("menu", None, "menu")),
    ("ana menüye dön", Route("menu", None, "menu")),
    ("main menu please", Route("menu", None, "menu")),
    ("القائمة", Route("menu", None, "menu")),
    ("القائمة الرئيسية", Route("menu", None, "menu")),
    ("iptal", Route("menu", None, "cancel")),
    ("İPTAL", Route("menu", None, "cancel")),
    ("iptal et", Route("menu", None, "cancel")),
    ("geri", Route("menu", None, "cancel")),
    ("vazgeçtim", Route("menu", None, "cancel")),
    ("vazgec", Route("menu", None, "cancel")),
    ("cancel", Route("menu", None, "cancel")),
    ("back", Route("menu", None, "cancel")),
    ("إلغاء", Route("menu", None, "cancel")),
    ("رجوع", Route("menu", None, "cancel")),
    ("temsilci", domain("support", "handoff")),
    ("temsilciyle görüşmek istiyorum", domain("support", "handoff")),
    ("canlı destek", domain("support", "handoff")),
    ("müşteri temsilcisi", domain("support", "handoff")),
    ("operatör", domain("support", "handoff")),
    ("agent", domain("support", "handoff")),
    ("human", domain("support", "handoff")),
    ("I want to talk to a person", domain("support", "handoff")),
    ("موظف", domain("support", "handoff")),
    ("أريد التحدث مع ممثل", domain("support", "handoff")),
    ("DUR", domain("blood", "alerts_stop")),
    ("dur", domain("blood", "alerts_stop")),
    ("STOP", domain("blood", "alerts_stop")),
    ("kan uyarılarını durdur", domain("blood", "alerts_stop")),
    ("توقف", domain("blood", "alerts_stop")),
])
def test_global_words_beat_the_active_domain(make_text: TextMaker, text: str,
                                            expected: Route) -> None:
    msg = make_text(text)
    assert r(msg) == expected
    assert r(msg, active_domain="volunteer", active_recent=True) == expected
    assert r(msg, active_domain="blood", active_recent=True, menu_shown=True) == expected


@pytest.mark.parametrize("text", [
    "randevumu geri almak istiyorum",   # "geri" inside a sentence is not "back"
    "durum nedir",                      # "durum" is not "dur"
    "the bus stop is far",
    "I am a person who likes to help",
    "menüde ne var diye sordum ama cevap yok",
])
def test_command_words_inside_sentences_do_not_fire(make_text: TextMaker, text: str) -> None:
    assert r(make_text(text)).intent not in ("cancel", "menu", "alerts_stop", "handoff")


def test_stop_is_not_cancel(make_text: TextMaker) -> None:
    assert r(make_text("iptal")).domain is None
    assert r(make_text("DUR")).intent == "alerts_stop"


@pytest.mark.parametrize(("text", "expected"), [
    ("1", domain("blood", "menu")),
    ("2", domain("donation", "menu")),
    ("3", domain("volunteer", "menu")),
    ("4", domain("support", "feedback")),
    ("5", domain("support", "handoff")),
    ("6", Route("language", None, "choose")),
    (" 2. ", domain("donation", "menu")),
    ("٢", domain("donation", "menu")),        # Arabic-Indic
    ("۲", domain("donation", "menu")),        # Persian
    ("２", domain("donation", "menu")),       # fullwidth
    ("2️⃣", domain("donation", "menu")),       # keycap emoji
    ("0", Route("menu", None, "unknown")),
    ("7", Route("menu", None, "unknown")),
    ("99", Route("menu", None, "unknown")),
])
def test_menu_numbers(make_text: TextMaker, text: str, expected: Route) -> None:
    assert r(make_text(text), **MENU_SHOWN) == expected
    # With no menu and no conversation open, a number still means the menu row.
    assert r(make_text(text)) == expected


def test_numbers_answer_the_open_conversation_unless_the_menu_was_shown(
    make_text: TextMaker,
) -> None:
    rating = make_text("5")
    assert r(rating, active_domain="support", active_recent=True) == domain("support", "text")
    assert r(rating, active_domain="support", active_recent=True, menu_shown=True) == domain(
        "support", "handoff")
    # A stale conversation no longer claims numbers.
    assert r(rating, active_domain="support", active_recent=False) == domain("support", "handoff")


@pytest.mark.parametrize(("text", "intent"), [
    ("English", "set:en"),
    ("english please", "set:en"),
    ("İngilizce", "set:en"),
    ("Türkçe", "set:tr"),
    ("turkce", "set:tr"),
    ("TÜRKÇE", "set:tr"),
    ("Turkish", "set:tr"),
    ("العربية", "set:ar"),
    ("عربي", "set:ar"),
    ("Arabic", "set:ar"),
    ("arapça", "set:ar"),
    ("dil", "choose"),
    ("dil değiştir", "choose"),
    ("language", "choose"),
    ("change language", "choose"),
    ("اللغة", "choose"),
])
def test_language_words(make_text: TextMaker, text: str, intent: str) -> None:
    assert r(make_text(text)) == Route("language", None, intent)


def test_language_word_inside_a_sentence_is_not_a_switch(make_text: TextMaker) -> None:
    assert r(make_text("Türkçe bilmiyorum ama kan vermek istiyorum")) == domain("blood", "text")


def test_unclassified_text_goes_to_a_recent_active_domain(make_text: TextMaker) -> None:
    answer = make_text("Ankara")
    assert r(answer, active_domain="blood", active_recent=True) == domain("blood", "text")
    assert r(answer, active_domain="blood", active_recent=False) == Route("menu", None, "unknown")
    assert r(answer) == Route("menu", None, "unknown")
    # An emoji answer inside a conversation belongs to it too.
    thumbs = make_text("👍")
    assert r(thumbs, active_domain="volunteer", active_recent=True) == domain("volunteer", "text")
    # Only the four domain services can be targets.
    assert r(answer, active_domain="privacy", active_recent=True) == Route("menu", None, "unknown")


def test_keywords_switch_away_from_the_active_domain(make_text: TextMaker) -> None:
    msg = make_text("gönüllü olmak istiyorum")
    assert r(msg, active_domain="blood", active_recent=True) == domain("volunteer", "text")


def test_referral_decides_a_vague_text(make_text: TextMaker) -> None:
    blood_ad = {"source_type": "ad", "headline": "Blood donation week",
                "body": "Kan ver, hayat kurtar"}
    zakat_ad = {"source_type": "ad", "headline": "Zekâtınızı Kızılay'a verin"}
    assert r(make_text("I saw your ad about donating", referral=blood_ad)) == domain(
        "blood", "text")
    assert r(make_text("Hello!", referral=blood_ad)) == domain("blood", "text")
    assert r(make_text("Bilgi almak istiyorum", referral=zakat_ad)) == domain("donation", "text")
    # A clear text wins over the ad.
    assert r(make_text("I want to volunteer", referral=blood_ad)) == domain("volunteer", "text")
    assert r(make_text("kurban bağışı", referral=blood_ad)) == domain("donation", "text")
    # A generic "donate" with a zakat ad stays a donation.
    assert r(make_text("I saw your ad about donating", referral=zakat_ad)) == domain(
        "donation", "text")
    # Without a referral the generic word is a donation.
    assert r(make_text("I saw your ad about donating")) == domain("donation", "text")


def test_forwarded_blood_appeal_is_a_need(make_text: TextMaker) -> None:
    appeal = "Acil A Rh+ kan aranıyor, Hacettepe Hastanesi"
    assert r(make_text(appeal, context={"forwarded": True})) == domain("blood", "need")
    assert r(make_text(appeal, context={"frequently_forwarded": True})) == domain("blood", "need")
    assert r(make_text(appeal)) == domain("blood", "text")
    # Forwarded text about something else is routed as usual.
    assert r(make_text("Gönüllü aranıyor", context={"forwarded": True})) == domain(
        "volunteer", "text")


def test_route_is_frozen() -> None:
    route_ = Route("menu", None, "menu")
    with pytest.raises(AttributeError):
        route_.kind = "domain"  # type: ignore[misc]


def test_menu_ids_are_in_menu_order() -> None:
    assert routing.MAIN_MENU_IDS == (
        "menu.v1.blood", "menu.v1.donation", "menu.v1.volunteer", "menu.v1.feedback",
        "menu.v1.agent", "menu.v1.language",
    )
    assert routing.LANGUAGE_IDS == {"lang.v1.tr": "tr", "lang.v1.ar": "ar", "lang.v1.en": "en"}
