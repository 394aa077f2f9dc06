"""Decide where one inbound message goes: a domain service, a router reply, or nowhere.

Pure function of the message and a little conversation state the caller looks up, so every rule
can be tested without a broker. Matching is on folded tokens (common.textnorm), which makes
"KAN BAĞIŞI", "kan bagisi" and "Kan Bağışı" the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from common.contracts import InboundMessage
from common.textnorm import as_menu_number, fold, tokens

# --- Route kinds ------------------------------------------------------------------------------

DOMAIN: Final = "domain"
MENU: Final = "menu"
LANGUAGE: Final = "language"
KIND_REPLY: Final = "kind_reply"
IGNORE: Final = "ignore"
PRIVACY: Final = "privacy"

BLOOD: Final = "blood"
VOLUNTEER: Final = "volunteer"
DONATION: Final = "donation"
SUPPORT: Final = "support"
DOMAINS: Final = (BLOOD, VOLUNTEER, DONATION, SUPPORT)

# --- Ids the product sends in its own lists and buttons ---------------------------------------
# Versioned so that a tap on a list sent before a menu change can still be told apart.

MENU_BLOOD: Final = "menu.v1.blood"
MENU_DONATION: Final = "menu.v1.donation"
MENU_VOLUNTEER: Final = "menu.v1.volunteer"
MENU_FEEDBACK: Final = "menu.v1.feedback"
MENU_AGENT: Final = "menu.v1.agent"
MENU_LANGUAGE: Final = "menu.v1.language"
# Not a menu row: the "Main menu" reply button under kind replies.
MENU_OPEN: Final = "menu.v1.open"

# Index + 1 is the number a citizen types for that row in the text fallback.
MAIN_MENU_IDS: Final = (
    MENU_BLOOD, MENU_DONATION, MENU_VOLUNTEER, MENU_FEEDBACK, MENU_AGENT, MENU_LANGUAGE,
)

LANG_TR: Final = "lang.v1.tr"
LANG_AR: Final = "lang.v1.ar"
LANG_EN: Final = "lang.v1.en"
LANGUAGE_IDS: Final = {LANG_TR: "tr", LANG_AR: "ar", LANG_EN: "en"}

# The erase confirmation's buttons (router/privacy.py asks the question).
PRIVACY_ERASE_YES: Final = "privacy.v1.erase_yes"
PRIVACY_ERASE_NO: Final = "privacy.v1.erase_no"

# Template quick-reply payloads, fixed by docs/templates.md.
ALERT_CAN_COME: Final = "ALERT_CAN_COME"
ALERT_CANNOT: Final = "ALERT_CANNOT"
ALERT_STOP: Final = "ALERT_STOP"
CALLOUT_YES: Final = "CALLOUT_YES"
CALLOUT_NO: Final = "CALLOUT_NO"
REOPEN: Final = "REOPEN"

IGNORED_TYPES: Final = frozenset({"reaction", "system"})
# Media a citizen can add to a support request ("you can add a photo"): while support is the
# recent conversation they go there (support attaches or declines); otherwise the kind reply.
SUPPORT_MEDIA_TYPES: Final = frozenset({"image", "document", "video", "audio"})


@dataclass(frozen=True)
class Route:
    kind: str
    domain: str | None
    intent: str


R_WELCOME: Final = Route(MENU, None, "welcome")
R_UNKNOWN: Final = Route(MENU, None, "unknown")
R_CANCEL: Final = Route(MENU, None, "cancel")
R_MENU: Final = Route(MENU, None, "menu")
R_HANDOFF: Final = Route(DOMAIN, SUPPORT, "handoff")
R_FEEDBACK: Final = Route(DOMAIN, SUPPORT, "feedback")
R_ALERTS_STOP: Final = Route(DOMAIN, BLOOD, "alerts_stop")
R_LANGUAGE_CHOOSE: Final = Route(LANGUAGE, None, "choose")
R_KIND_REPLY: Final = Route(KIND_REPLY, None, "media")
R_IGNORE: Final = Route(IGNORE, None, "ignore")

_ID_ROUTES: Final[dict[str, Route]] = {
    MENU_BLOOD: Route(DOMAIN, BLOOD, "menu"),
    MENU_DONATION: Route(DOMAIN, DONATION, "menu"),
    MENU_VOLUNTEER: Route(DOMAIN, VOLUNTEER, "menu"),
    MENU_FEEDBACK: R_FEEDBACK,
    MENU_AGENT: R_HANDOFF,
    MENU_LANGUAGE: R_LANGUAGE_CHOOSE,
    MENU_OPEN: R_MENU,
    PRIVACY_ERASE_YES: Route(PRIVACY, None, "erase_confirmed"),
    PRIVACY_ERASE_NO: Route(PRIVACY, None, "erase_cancelled"),
    **{cid: Route(LANGUAGE, None, f"set:{lang}") for cid, lang in LANGUAGE_IDS.items()},
}

_PAYLOAD_ROUTES: Final[dict[str, Route]] = {
    **{p: Route(DOMAIN, BLOOD, f"alert:{p}") for p in (ALERT_CAN_COME, ALERT_CANNOT, ALERT_STOP)},
    **{p: Route(DOMAIN, VOLUNTEER, f"callout:{p}") for p in (CALLOUT_YES, CALLOUT_NO)},
    REOPEN: R_MENU,
}


# --- Word matching ----------------------------------------------------------------------------
# A term is a phrase of folded words. How a word may be inflected depends on its language:
# Turkish glues case and possessive suffixes on ("temsilciyle", "Ankara'da"), Arabic glues
# articles and prepositions in front ("بالدم"), English only inflects at the end.
# Markers: "=word" matches exactly, "word*" matches any continuation.

# Short Turkish stems ("kan", "geri") would match unrelated words by prefix ("kanal", "kanun",
# "gerilim"), so they only take real case/possessive suffixes, chosen by vowel harmony.
_TR_PREFIX_MIN = 5
# H / L stand for the high / low vowel the stem's last vowel calls for ("kan" -> kanı, kana).
_TR_SUFFIX_TEMPLATES = (
    "", "H", "L", "yH", "yL", "dL", "tL", "dLn", "tLn", "Hn", "nHn", "Hm", "HmHz", "HmH",
    "HnH", "HnL", "HndL", "lL", "ylL", "lLr", "sH", "m", "n",
)
_HARMONY: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    # last vowel of the folded stem -> (high vowel, low vowels); folding merged ı/i, ö/o, ü/u
    "a": ("i", ("a",)),
    "e": ("i", ("e",)),
    "i": ("i", ("a", "e")),
    "o": ("u", ("a", "e")),
    "u": ("u", ("a", "e")),
}

_AR_PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# Imperfect/imperative verb prefixes ("أتبرع" = I donate); only for stems of 3+ letters, or
# "دم" (blood) would match "ادم" (Adam).
_AR_VERB_PREFIXES = ("ا", "ي", "ت", "ن")
_AR_SUFFIXES = ("", "ي", "ه", "ها", "ك", "كم", "نا", "هم", "ات", "ون", "ين", "ا", "اء")

# Stems whose prefix reading catches a frequent unrelated word ("bağışıklık" = immunity).
_TR_EXCLUDE: Final[dict[str, tuple[str, ...]]] = {"bagis": ("bagisik",)}


def _vowel_harmony(stem: str) -> tuple[str, tuple[str, ...]]:
    for ch in reversed(stem):
        if ch in _HARMONY:
            return _HARMONY[ch]
    return "i", ("a", "e")


def _tr_short_forms(stem: str) -> frozenset[str]:
    high, lows = _vowel_harmony(stem)
    ends_in_vowel = stem[-1] in "aeiou"
    forms: set[str] = set()
    for template in _TR_SUFFIX_TEMPLATES:
        # Buffer consonants (y, n, s) only follow vowels; bare m/n endings too.
        if template[:1] in ("y", "s") and not ends_in_vowel:
            continue
        if template in ("m", "n") and not ends_in_vowel:
            continue
        if template[:1] == "H" and ends_in_vowel:
            continue
        variants = [""]
        for ch in template:
            options = (high,) if ch == "H" else lows if ch == "L" else (ch,)
            variants = [v + o for v in variants for o in options]
        forms.update(stem + v for v in variants)
    return frozenset(forms)


@dataclass(frozen=True)
class _Word:
    stem: str
    lang: str
    mode: str  # "exact" | "forms" (short Turkish stem + suffixes) | "prefix" | "inflect"
    forms: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, raw: str, lang: str) -> _Word:
        if raw.startswith("="):
            return cls(fold(raw[1:]), lang, "exact")
        if raw.endswith("*"):
            return cls(fold(raw[:-1]), lang, "prefix")
        stem = fold(raw)
        if lang == "tr" and len(stem) < _TR_PREFIX_MIN:
            return cls(stem, lang, "forms", _tr_short_forms(stem))
        return cls(stem, lang, "prefix" if lang == "tr" else "inflect")

    def matches(self, token: str) -> bool:
        if self.lang == "ar":
            return _ar_matches(self.stem, token, self.mode)
        if self.mode == "exact":
            return token == self.stem
        if self.mode == "forms":
            return token in self.forms
        if self.mode == "prefix":
            return token.startswith(self.stem) and not any(
                token.startswith(bad) for bad in _TR_EXCLUDE.get(self.stem, ())
            )
        return _en_matches(self.stem, token)


def _en_matches(stem: str, token: str) -> bool:
    if token == stem:
        return True
    if len(stem) <= 3:
        # "hi" + "s" is "his": short English words only ever match exactly.
        return False
    base = stem[:-1] if stem.endswith("e") else stem
    return token in {stem + "s", stem + "es", stem + "ed", stem + "d", stem + "er", stem + "ers",
                     base + "ing", base + "ed", base + "ion", base + "ions", base + "or",
                     base + "ors"}


def _ar_candidates(token: str, *, verbs: bool) -> set[str]:
    out = {token}
    for clitic in _AR_PROCLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            out.add(token[len(clitic):])
    if verbs:
        out |= {c[1:] for c in list(out) if c[:1] in _AR_VERB_PREFIXES and len(c) >= 4}
    return out


def _ar_matches(stem: str, token: str, mode: str) -> bool:
    """Arabic glues article and prepositions in front: "بالدم" is "ب" + "ال" + "دم"."""
    candidates = _ar_candidates(token, verbs=mode != "exact" and len(stem) >= 3)
    if mode == "exact":
        return stem in candidates
    if mode == "prefix":
        return any(c.startswith(stem) for c in candidates)
    return any(c == stem + suffix for c in candidates for suffix in _AR_SUFFIXES)


@dataclass(frozen=True)
class _Term:
    words: tuple[_Word, ...]

    def found_in(self, toks: Sequence[str]) -> bool:
        n = len(self.words)
        return any(
            all(w.matches(toks[i + j]) for j, w in enumerate(self.words))
            for i in range(len(toks) - n + 1)
        )


def _terms(lang: str, *phrases: str) -> tuple[_Term, ...]:
    return tuple(_Term(tuple(_Word.parse(w, lang) for w in p.split())) for p in phrases)


def _words(lang: str, *raw: str) -> tuple[_Word, ...]:
    return tuple(_Word.parse(w, lang) for w in raw)


def _any_term(terms: Iterable[_Term], toks: Sequence[str]) -> bool:
    return any(t.found_in(toks) for t in terms)


# --- Keyword classes --------------------------------------------------------------------------

# Words that name the citizen's data in any sentence.
_PRIVACY_DATA = (
    _terms("tr", "verilerim*", "kisisel veri*", "=kvkk")
    + _terms("en", "my data", "my personal data", "personal data", "=gdpr", "what data", "data about me",
             "data you hold", "data do you hold", "data you have")
    + _terms("ar", "بياناتي", "بيانات شخصية", "البيانات عني", "ما البيانات")
)
# Words that name it only in a short message about nothing else: "bilgilerim" is also "my IBAN
# details" or "my volunteer details", "my account" also a bank account.
_PRIVACY_DATA_WEAK = (
    _terms("tr", "bilgilerim*", "hesabim*")
    + _terms("en", "my information", "=my =info", "my account")
    + _terms("ar", "معلوماتي", "حسابي")
)
_PRIVACY_WEAK_CONTEXT = (
    _words("tr", "bilgilerim*", "hesabim*", "hakkimda*", "kayitli*", "tuttugunuz", "=neler", "=ne", "=nedir",
           "=hangi", "=tum", "=butun", "kisisel", "=benim", "gor*")
    + _words("en", "=my", "=info", "information", "account", "=what", "=do", "=you", "=have", "=about", "hold",
             "see", "view", "=all", "=is", "=are", "=personal", "=can", "=could")
    + _words("ar", "معلوماتي", "حسابي", "=ما", "=ماذا", "=عني", "=كل", "=هي", "=أرى", "=عرض")
)
# "bilgilerimi güncellemek istiyorum" asks to change a profile, not to see or erase the data.
_PRIVACY_NOT = (
    _terms("tr", "guncelle*", "degistir*", "duzelt*")
    + _terms("en", "update", "change", "edit", "correct")
    + _terms("ar", "تحديث", "تعديل", "تغيير")
)
_PRIVACY_ERASE = (
    _terms("tr", "sil*", "kaldir*", "imha*", "unut*")
    + _terms("en", "delete", "erase", "remove", "forget", "wipe")
    + _terms("ar", "حذف", "مسح", "إزالة")
)
# "verilerimi silmeyin" (do not delete) is not a request to erase; "silah" only looks like "sil".
_PRIVACY_ERASE_NOT = (
    _terms("tr", "=silmeyin", "=silmeyiniz", "=silinmesin", "=silme", "silah*", "=kaldirmayin", "=unutmayin")
    + _terms("en", "don't", "=dont", "=not", "never")
    + _terms("ar", "لا تحذف", "لا تمسح")
)

_FEEDBACK = (
    _terms("tr", "oneri", "sikayet", "şikâyet", "geri bildirim", "=geribildirim")
    + _terms("en", "suggest", "suggestion", "complain", "complaint", "feedback")
    + _terms("ar", "اقتراح", "شكوى", "شكاوى")
)
_BLOOD = (
    _terms("tr", "kan", "kan bağışı", "kan aranıyor", "donör", "trombosit", "plazma", "aferez")
    + _terms("en", "blood", "donate blood", "plasma", "platelet")
    + _terms("ar", "=دم", "=دمي", "=دماء", "التبرع بالدم", "بلازما")
)
_VOLUNTEER = (
    _terms("tr", "gönüllü", "gönüllülük")
    + _terms("en", "volunteer")
    + _terms("ar", "تطوع", "متطوع")
)
# Naming what is given (kurban, zakat) is a clear donation; "donate"/"bağış" alone could also
# mean blood, so an ad's referral may still decide it.
_DONATION_SPECIFIC = (
    _terms("tr", "kurban", "zekat", "zekât", "fitre", "sadaka", "fidye")
    + _terms("en", "zakat", "zakah", "sadaqah", "qurban", "fitrana")
    + _terms("ar", "زكاة", "أضحية", "صدقة", "فطرة", "فدية")
)
_DONATION_GENERIC = (
    _terms("tr", "bağış", "bağış yapmak")
    + _terms("en", "donate", "donation")
    + _terms("ar", "تبرع", "متبرع")
)
_HELP = (
    _terms("tr", "deprem", "çadır", "ihtiyaç", "yardım", "mama", "battaniye", "afet", "afetzede",
           "enkaz", "barınma", "erzak")
    + _terms("en", "aid", "earthquake", "tent", "shelter", "blanket", "flood", "disaster",
             "need help")
    + _terms("ar", "مساعدة", "زلزال", "خيمة", "بطانية", "إغاثة", "مأوى")
)
_GREETING = (
    _terms("tr", "merhaba", "=meraba", "selam", "=slm", "=mrb", "selamün aleyküm", "iyi günler",
           "günaydın", "iyi akşamlar")
    + _terms("en", "hello", "=hi", "=hey", "good morning", "good afternoon", "good evening",
             "greetings")
    + _terms("ar", "مرحبا", "السلام عليكم", "=سلام", "اهلا")
)

# Highest priority first: a suggestion about blood centres is feedback, "kan bağışı" is blood
# although it contains "bağış".
_CLASSES: Final[tuple[tuple[str, tuple[_Term, ...]], ...]] = (
    ("feedback", _FEEDBACK),
    ("blood", _BLOOD),
    ("volunteer", _VOLUNTEER),
    ("donation", _DONATION_SPECIFIC),
    ("donation_generic", _DONATION_GENERIC),
    ("help", _HELP),
    ("greeting", _GREETING),
)
_CLASS_ROUTES: Final[dict[str, Route]] = {
    "feedback": R_FEEDBACK,
    "blood": Route(DOMAIN, BLOOD, "text"),
    "volunteer": Route(DOMAIN, VOLUNTEER, "text"),
    "donation": Route(DOMAIN, DONATION, "text"),
    "donation_generic": Route(DOMAIN, DONATION, "text"),
    "help": Route(DOMAIN, SUPPORT, "help"),
    "greeting": R_WELCOME,
}


def _classify(toks: Sequence[str]) -> str | None:
    for name, terms in _CLASSES:
        if _any_term(terms, toks):
            return name
    return None


# --- Short commands ---------------------------------------------------------------------------
# "geri" means back, but "geri bildirim" is feedback and "stop" can sit in any sentence, so
# these words only act when the whole message is the command plus polite filler.

_FILLER: Final = frozenset(fold(w) for w in (
    "lütfen", "et", "edin", "etmek", "edelim", "dön", "dönelim", "dönmek", "git", "gitmek",
    "göster", "aç", "istiyorum", "isterim", "bir", "ben", "bana", "beni", "tamam", "ok", "okay",
    "hadi", "şimdi", "artık", "please", "go", "to", "the", "i", "want", "me", "show", "open",
    "now", "just", "let", "من", "فضلك", "أريد", "اريد", "إلى", "الى", "لو", "سمحت", "أرجو",
))


@dataclass(frozen=True)
class _Command:
    core: tuple[_Word, ...]
    extra: tuple[_Word, ...] = ()

    def is_whole(self, toks: Sequence[str]) -> bool:
        rest = [t for t in toks if t not in _FILLER]
        if not rest or len(rest) > 4:
            return False
        found = False
        for tok in rest:
            if any(w.matches(tok) for w in self.core):
                found = True
            elif not any(w.matches(tok) for w in self.extra):
                return False
        return found


_BACK_WORDS = (
    _words("tr", "geri", "=geriye") + _words("en", "back") + _words("ar", "رجوع", "عودة", "=العودة")
)
_CMD_MENU = _Command(
    core=_words("tr", "menü", "=menu") + _words("en", "menu") + _words("ar", "قائمة", "=القائمة"),
    extra=_words("tr", "ana") + _words("en", "main") + _words("ar", "رئيسية", "=الرئيسية")
    + _BACK_WORDS,
)
_CMD_CANCEL = _Command(
    core=_words("tr", "iptal", "geri", "vazgeç*", "=vazgec")
    + _words("en", "cancel", "=cancelled", "=canceled", "back", "=quit", "=exit")
    + _words("ar", "إلغاء", "=الغاء", "رجوع", "=تراجع"),
)
# "dur" takes no suffixes: "durum" (situation) is not a stop request.
_CMD_STOP = _Command(
    core=_words("tr", "=dur", "=durdur", "=durdurun", "=durun")
    + _words("en", "=stop", "=unsubscribe") + _words("ar", "=توقف", "=ايقاف", "=إيقاف"),
    extra=_words("tr", "kan", "uyarı*", "bildirim*", "ilan*", "mesaj*", "gönderme*", "alarm*")
    + _words("en", "blood", "alert", "message", "notification")
    + _words("ar", "تنبيهات", "رسائل", "إشعارات"),
)
_CMD_HANDOFF_SHORT = _Command(
    core=_words("tr", "insan", "=yetkili", "=yetkiliyle", "=yetkiliye")
    + _words("en", "human", "person", "=operator"),
    extra=_words("tr", "gerçek", "biri*", "ile", "konuşmak", "görüşmek", "bağla*")
    + _words("en", "=a", "real", "talk", "speak", "with", "=connect"),
)
# Hand-off words that are clear inside any sentence ("bir temsilciyle görüşmek istiyorum").
_HANDOFF_ANYWHERE = (
    _terms("tr", "temsilci", "canlı destek", "müşteri hizmet*", "operatör", "canlı yardım")
    + _terms("en", "agent", "live support", "live chat", "real person", "human agent",
             "talk to a person", "talk to a human", "speak to a person", "speak to a human")
    + _terms("ar", "موظف", "ممثل", "الدعم المباشر")
)

_CMD_LANG: Final[tuple[tuple[str, _Command], ...]] = tuple(
    (lang, _Command(core=core, extra=_words("tr", "dil*") + _words("en", "language", "in")
                    + _words("ar", "لغة", "=اللغة", "=باللغة")))
    for lang, core in (
        ("tr", _words("tr", "türkçe") + _words("en", "turkish")),
        ("ar", _words("en", "arabic") + _words("tr", "arapça") + _words("ar", "عربي", "عربية")),
        ("en", _words("en", "english") + _words("tr", "ingilizce")),
    )
)
_CMD_LANG_CHOOSE = _Command(
    core=_words("tr", "dil", "lisan") + _words("en", "language", "=languages")
    + _words("ar", "لغة", "=اللغة"),
    extra=_words("tr", "değiştir*", "seç*") + _words("en", "change", "choose", "select", "switch")
    + _words("ar", "تغيير", "اختيار"),
)


# --- Helpers on the message -------------------------------------------------------------------

# Keycap emoji "1️⃣" is how some phones insert a digit from the emoji keyboard.
_KEYCAP = str.maketrans("", "", "\ufe0f\u20e3")


def _menu_number(text: str) -> int | None:
    return as_menu_number(text.translate(_KEYCAP))


def _is_forwarded(msg: InboundMessage) -> bool:
    ctx = msg.context or {}
    return bool(ctx.get("forwarded") or ctx.get("frequently_forwarded"))


def _referral_text(msg: InboundMessage) -> str:
    ref = msg.referral or {}
    welcome = ref.get("welcome_message")
    parts = [ref.get("headline"), ref.get("body")]
    if isinstance(welcome, dict):
        parts.append(welcome.get("text"))
    return " ".join(p for p in parts if isinstance(p, str))


# A privacy command this short is one whatever other words it holds ("verilerimi sil kan" is rare).
PRIVACY_SHORT: Final = 4


def _privacy(toks: Sequence[str]) -> Route | None:
    erase = _any_term(_PRIVACY_ERASE, toks) and not _any_term(_PRIVACY_ERASE_NOT, toks)
    if not erase and _any_term(_PRIVACY_NOT, toks):
        return None
    if not _any_term(_PRIVACY_DATA, toks) and not _weak_privacy(toks):
        return None
    return Route(PRIVACY, None, "erase" if erase else "my_data")


def _weak_privacy(toks: Sequence[str]) -> bool:
    if not _any_term(_PRIVACY_DATA_WEAK, toks):
        return False
    erase_words = [w for term in _PRIVACY_ERASE for w in term.words]
    return all(t in _FILLER or any(w.matches(t) for w in (*_PRIVACY_WEAK_CONTEXT, *erase_words)) for t in toks)


def _from_ad(msg: InboundMessage, text_class: str | None) -> str | None:
    """The class of the ad a click-to-WhatsApp message came from, when the text is vague."""
    if text_class not in (None, "greeting", "donation_generic"):
        return None
    ad_class = _classify(tokens(_referral_text(msg)))
    if ad_class in (None, "greeting", "feedback"):
        return None
    # "about donating" + a blood-drive ad is blood; + a zakat ad stays a donation.
    if text_class == "donation_generic" and ad_class != "blood":
        return None
    return ad_class


# --- Routing ----------------------------------------------------------------------------------


def route(msg: InboundMessage, *, active_domain: str | None, active_recent: bool,
          menu_shown: bool) -> Route:
    """Where `msg` goes.

    `active_domain`/`active_recent`: the domain the citizen last talked to and whether that was
    recent enough that an unclassified answer ("Ankara", "evet") belongs to it. `menu_shown`: the
    main menu was the last thing the router showed, so a bare number picks a menu row even while
    a domain conversation is open.
    """
    if msg.type in IGNORED_TYPES:
        return R_IGNORE
    if msg.type == "interactive":
        return _ID_ROUTES.get(msg.interactive_id or "") or _domain_button(msg.interactive_id)
    if msg.type == "button":
        return _PAYLOAD_ROUTES.get((msg.button_payload or "").strip(), R_UNKNOWN)
    if msg.type == "location":
        return Route(DOMAIN, BLOOD, "location")
    if msg.type == "request_welcome":
        # WhatsApp's "chat opened for the first time" event: nothing typed yet.
        return R_WELCOME
    if msg.type in SUPPORT_MEDIA_TYPES and active_recent and active_domain == SUPPORT:
        return Route(DOMAIN, SUPPORT, "media")
    if msg.type != "text":
        return R_KIND_REPLY
    # A stale or unknown domain must not capture answers meant for something else.
    current = active_domain if active_recent and active_domain in DOMAINS else None
    return _route_text(msg, active_domain=current, menu_shown=menu_shown)


def _domain_button(interactive_id: str | None) -> Route:
    prefix = (interactive_id or "").split(".", 1)[0]
    if interactive_id and prefix in DOMAINS and len(interactive_id) > len(prefix) + 1:
        return Route(DOMAIN, prefix, f"button:{interactive_id}")
    # An id we never sent (an old list, a forged tap): the menu, not an error.
    return R_UNKNOWN


def _route_text(msg: InboundMessage, *, active_domain: str | None, menu_shown: bool) -> Route:
    text = msg.text or ""
    toks = tokens(text)

    if _CMD_MENU.is_whole(toks):
        return R_MENU
    if _CMD_CANCEL.is_whole(toks):
        return R_CANCEL
    if _CMD_STOP.is_whole(toks):
        return R_ALERTS_STOP
    if _any_term(_HANDOFF_ANYWHERE, toks) or _CMD_HANDOFF_SHORT.is_whole(toks):
        return R_HANDOFF

    number = _menu_number(text)
    if number is not None:
        # An open domain conversation may itself ask for a number (a 1-5 rating, an option).
        if active_domain is not None and not menu_shown:
            return Route(DOMAIN, active_domain, "text")
        if 1 <= number <= len(MAIN_MENU_IDS):
            return _ID_ROUTES[MAIN_MENU_IDS[number - 1]]
        return R_UNKNOWN

    for lang, command in _CMD_LANG:
        if command.is_whole(toks):
            return Route(LANGUAGE, None, f"set:{lang}")
    if _CMD_LANG_CHOOSE.is_whole(toks):
        return R_LANGUAGE_CHOOSE

    privacy = _privacy(toks)
    text_class = _classify(toks)
    if privacy is not None and (len(toks) <= PRIVACY_SHORT or text_class in (None, "greeting")):
        return privacy
    # A longer message that mentions personal data while asking for something else ("my data was
    # shared without consent, I complain", "... where can I donate blood?") is that request.
    if msg.referral:
        text_class = _from_ad(msg, text_class) or text_class
    if text_class == "blood" and _is_forwarded(msg):
        # A forwarded appeal is someone looking for blood, not offering it.
        return Route(DOMAIN, BLOOD, "need")
    if text_class is not None:
        return _CLASS_ROUTES[text_class]

    if active_domain is not None:
        return Route(DOMAIN, active_domain, "text")
    # Only emoji or punctuation ("❤️🩸", "?"): a hello without words.
    return R_WELCOME if not toks else R_UNKNOWN
