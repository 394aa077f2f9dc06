from __future__ import annotations

from collections.abc import Callable

import pytest
from common.contracts import InboundMessage
from common.i18n import Language
from router.language import detect_language, text_language

WebhookLoader = Callable[[str], InboundMessage]
TextMaker = Callable[..., InboundMessage]


@pytest.mark.parametrize(("name", "lang"), [
    ("text_greeting_tr", "tr"),
    ("text_blood_where_ankara", "tr"),
    ("text_blood_upper_istanbul", "tr"),
    ("text_blood_ascii_izmir", "tr"),
    ("text_arabic_blood", "ar"),
    ("text_english_volunteer", "en"),
    ("text_menu_number", "tr"),
    ("text_donation_tr", "tr"),
    ("text_suggestion_tr", "tr"),
    ("text_agent_tr", "tr"),
    ("text_erase_tr", "tr"),
    ("text_emoji_only", "tr"),
    ("text_long", "tr"),
    ("text_reply_with_context", "tr"),
    ("text_forwarded", "tr"),
    ("text_from_ad_referral", "en"),
    ("interactive_list_reply", "tr"),
    ("interactive_button_reply", "en"),
    ("template_quick_reply_button", "tr"),
    ("location_shared", "tr"),
    ("location_named_place", "tr"),
    ("image_with_caption", "tr"),
    ("document_pdf", "tr"),
    ("sticker", "tr"),
    ("contacts_card", "tr"),
    ("audio_voice_note", "ar"),
    ("video_with_caption", "en"),
    ("unsupported_poll", "en"),
    ("bsuid_username_without_phone", "tr"),
])
def test_fixture_languages_match_the_readme(webhook: WebhookLoader, name: str,
                                            lang: Language) -> None:
    assert detect_language(webhook(name), explicit=None, previous=None) == lang


@pytest.mark.parametrize(("text", "lang"), [
    ("مرحبا", "ar"),
    ("Kızılay مرحبا", "ar"),
    ("kan bağışı", "tr"),
    ("Şikayet", "tr"),
    ("kan bagisi izmir", "tr"),
    ("gonullu olmak istiyorum", "tr"),
    ("nerede yapabilirim", "tr"),
    ("Hello", "en"),
    ("I'm looking for a donation point", "en"),
    ("؟", None),
    ("Ankara'da", "tr"),
    ("Where can I give blood?", "en"),
    ("How can I volunteer with Kizilay?", "en"),
    ("kan bagisi please", "tr"),
    ("2", None),
    ("٢", None),
    ("❤️🩸", None),
    ("Ankara", None),
    ("OK", None),
    ("", None),
    (None, None),
])
def test_text_language(text: str | None, lang: Language | None) -> None:
    assert text_language(text) == lang


def test_explicit_choice_wins_over_everything(make_text: TextMaker) -> None:
    msg = make_text("مرحبا", profile_name="عمر", wa_id="963911111111")
    assert detect_language(msg, explicit="en", previous="ar") == "en"


def test_clear_text_wins_over_previous(make_text: TextMaker) -> None:
    assert detect_language(make_text("Hello, I need blood"), explicit=None, previous="tr") == "en"
    assert detect_language(make_text("merhaba"), explicit=None, previous="ar") == "tr"


def test_unclear_text_keeps_the_previous_language(make_text: TextMaker) -> None:
    for text in ("2", "👍", "Gaziantep"):
        msg = make_text(text, profile_name="عمر", wa_id="447700900123")
        assert detect_language(msg, explicit=None, previous="en") == "en"


def test_arabic_profile_name_beats_the_phone_country(make_text: TextMaker) -> None:
    msg = make_text("2", profile_name="عمر الحلبي", wa_id="905346667788")
    assert detect_language(msg, explicit=None, previous=None) == "ar"


@pytest.mark.parametrize(("wa_id", "lang"), [
    ("905321112233", "tr"),
    ("963944123456", "ar"),   # Syria
    ("9647701234567", "ar"),  # Iraq
    ("201001234567", "ar"),   # Egypt
    ("212612345678", "ar"),   # Morocco
    ("966501234567", "ar"),   # Saudi Arabia
    ("97333123456", "ar"),    # Bahrain
    ("972501234567", "en"),   # Israel: 972 sits between Arabic codes
    ("447700900123", "en"),
    ("4915112345678", "en"),
    ("989121234567", "en"),   # Iran
    ("12025550123", "en"),
])
def test_phone_country_code(make_text: TextMaker, wa_id: str, lang: Language) -> None:
    msg = make_text("👍", wa_id=wa_id, partition_key=wa_id, profile_name="Sam")
    assert detect_language(msg, explicit=None, previous=None) == lang


@pytest.mark.parametrize(("user_id", "lang"), [
    ("TR.13491208655302741918", "tr"),
    ("SY.13491208655302741918", "ar"),
    ("IQ.13491208655302741918", "ar"),
    ("sa.13491208655302741918", "ar"),
    ("DE.13491208655302741918", "en"),
    ("13491208655302741918", "tr"),
])
def test_user_id_country_when_there_is_no_phone(make_text: TextMaker, user_id: str,
                                                lang: Language) -> None:
    msg = make_text("👍", wa_id=None, user_id=user_id, partition_key=user_id, profile_name="Deniz")
    assert detect_language(msg, explicit=None, previous=None) == lang


def test_nothing_known_is_turkish(make_text: TextMaker) -> None:
    msg = make_text("👍", wa_id=None, user_id=None, profile_name=None)
    assert detect_language(msg, explicit=None, previous=None) == "tr"
