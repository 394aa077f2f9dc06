"""Which language to answer a citizen in (conventions.md, Identity → Language).

Order: explicit choice; this message's text when it clearly shows a language; the language of
previous messages; the script of the WhatsApp profile name; the country of the phone number (or
of the business-scoped user id); Turkish.
"""

from __future__ import annotations

import re
from typing import Final

from common.contracts import InboundMessage
from common.i18n import DEFAULT_LANGUAGE, Language
from common.textnorm import has_arabic_script, has_turkish_letters, tokens

# Calling codes of Arabic-speaking countries. 222 (Mauritania) is Arabic-speaking too.
ARABIC_CALLING_CODES: Final = frozenset({
    "20", "212", "213", "216", "218", "222", "249", "961", "962", "963", "964", "965", "966",
    "967", "968", "970", "971", "973", "974",
})
TURKISH_CALLING_CODE: Final = "90"

# ISO 3166 codes a business-scoped user id ("TR.1349...") starts with.
ARABIC_COUNTRIES: Final = frozenset({
    "SY", "IQ", "SA", "EG", "JO", "LB", "PS", "AE", "KW", "QA", "BH", "OM", "YE", "LY", "TN",
    "DZ", "MA", "SD", "MR",
})

# Words that only show English. Left out on purpose: words that are also Turkish or typical of
# Turkish typed in ASCII ("a", "on", "at", "is" for "iş", "hey", "ok", "menu", "stop").
_ENGLISH_WORDS: Final = frozenset({
    "the", "i", "im", "you", "your", "my", "me", "we", "our", "they", "it", "this", "that",
    "are", "am", "was", "were", "be", "have", "has", "do", "does", "did", "dont", "cant", "can",
    "could", "would", "should", "will", "not", "how", "what", "where", "when", "why", "who",
    "which", "want", "like", "to", "with", "for", "about", "and", "of", "from", "there", "here",
    "please", "thanks", "thank", "hello", "hi", "help", "need", "give", "get", "find", "near",
    "nearest", "donate", "donating", "donation", "blood", "volunteer", "volunteering", "saw",
    "ad", "red", "crescent", "good", "morning", "evening", "yes", "agent", "human", "person",
    "talk", "speak", "english", "centre", "center", "earthquake", "complaint", "suggestion",
    "delete", "data", "information", "just", "some", "any", "know", "tell", "send", "an",
})

# Whole Turkish words (folded), including ones typed without Turkish letters.
_TURKISH_WORDS: Final = frozenset({
    "ve", "bir", "bu", "su", "ben", "sen", "biz", "siz", "icin", "ne", "nasil", "nerede",
    "nereye", "neden", "var", "yok", "mi", "mu", "evet", "hayir", "lutfen", "tesekkur",
    "tesekkurler", "sagol", "sagolun", "kan", "ile", "ama", "da", "de", "cok", "iyi", "sonra",
    "once", "acil", "abi", "abla", "hocam", "tamam", "degil", "gibi", "daha", "simdi", "bana",
    "beni", "bize", "size", "sizin", "kac", "hangi", "nedir", "hakkinda", "olarak", "kadar",
    "turkce", "iptal", "merkez", "sil", "dur",
})
# Turkish stems and verb endings: one of these settles an ASCII-typed Turkish message.
_TURKISH_STEMS: Final = (
    "bagis", "gonullu", "yardim", "deprem", "sikayet", "oneri", "temsilci", "verilerim",
    "istiyor", "merhaba", "selam", "kizilay", "ihtiyac", "cadir", "gunaydin", "gunler",
    "aksamlar", "yapabilir", "nasil", "nerede",
)
_TURKISH_ENDINGS: Final = (
    "iyorum", "iyoruz", "uyorum", "uyoruz", "misiniz", "musunuz", "miyim", "abilir", "ebilir",
    "mak", "mek",
)

# A name with a case suffix after an apostrophe ("Ankara'da", "İzmir'e") is Turkish spelling.
_TURKISH_APOSTROPHE_SUFFIX: Final = re.compile(
    r"\w['’](?:da|de|ta|te|dan|den|tan|ten|a|e|ya|ye|i|ı|u|ü|yi|yı|yu|yü|in|ın|un|ün|nin|nın|"
    r"nun|nün|la|le|yla|yle)\b",
    re.IGNORECASE,
)


def _is_turkish_word(tok: str) -> bool:
    return (
        tok in _TURKISH_WORDS
        or tok.startswith(_TURKISH_STEMS)
        or (len(tok) > 5 and tok.endswith(_TURKISH_ENDINGS))
    )


def text_language(text: str | None) -> Language | None:
    """The language the text clearly shows, or None (digits, emoji, names only)."""
    # Letters only: Arabic-Indic digits and "؟" sit in the Arabic block but show no language.
    letters = "".join(ch if ch.isalpha() or ch in "'’" else " " for ch in text or "")
    if has_arabic_script(letters):
        return "ar"
    if has_turkish_letters(letters):
        return "tr"
    words = [t for t in tokens(letters) if not t.isdigit()]
    english = sum(t in _ENGLISH_WORDS for t in words)
    turkish = sum(_is_turkish_word(t) for t in words)
    turkish += len(_TURKISH_APOSTROPHE_SUFFIX.findall(letters))
    if english > turkish:
        return "en"
    return "tr" if turkish else None


def _country_language(wa_id: str) -> Language:
    digits = "".join(ch for ch in wa_id if ch.isdigit())
    if digits.startswith(TURKISH_CALLING_CODE):
        return "tr"
    # Calling codes are prefix-free, so whichever length matches is the country.
    if any(digits.startswith(code) for code in ARABIC_CALLING_CODES):
        return "ar"
    return "en"


def _user_id_language(user_id: str) -> Language | None:
    country, sep, _ = user_id.partition(".")
    if not sep or len(country) != 2 or not country.isalpha():
        return None
    country = country.upper()
    if country == "TR":
        return "tr"
    return "ar" if country in ARABIC_COUNTRIES else "en"


def detect_language(msg: InboundMessage, *, explicit: Language | None,
                    previous: Language | None) -> Language:
    if explicit is not None:
        return explicit
    shown = text_language(msg.text)
    if shown is not None:
        return shown
    if previous is not None:
        return previous
    if msg.profile_name and has_arabic_script(msg.profile_name):
        return "ar"
    if msg.wa_id and any(ch.isdigit() for ch in msg.wa_id):
        return _country_language(msg.wa_id)
    if msg.user_id:
        by_user_id = _user_id_language(msg.user_id)
        if by_user_id is not None:
            return by_user_id
    return DEFAULT_LANGUAGE

