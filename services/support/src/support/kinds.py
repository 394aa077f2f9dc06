"""Support request kinds and what can be read from a citizen's own words.

Kinds: "handoff" (talk to a person), "feedback" (suggestion or complaint), "help" (a request for
aid after a disaster), "privacy" ("my_data" / "erase", recorded for staff until the privacy
service exists) and "missed" (arrived too late to answer; recorded for staff only).

Extraction from free text is deliberately simple keyword spotting on folded text (so "cadir",
"çadır" and "ÇADIR" match alike), not language understanding. The bot shows the citizen what it
understood so they can correct it, and staff always see the original message. What is read:

- needs: the keywords in `NEED_WORDS` (tent, baby food, water, medicine, blanket, food, heater,
  clothes, diapers, hygiene). "çadır kent" / "tent city" is where people live, not a need.
- people: a number (digits in any script, or a small number word) right before a word for
  people: "5 kişiyiz", "we are 6 people", "٥ أشخاص".
- urgency: "urgent" when any word in `URGENT_WORDS` appears (acil, urgent, bebek, yaşlı, hasta, …).
- province: the first of the 81 provinces named (Turkish, ASCII or Arabic spelling, with Turkish
  case endings such as "Hatay'da"). Names that are also common words ("ağrı" = pain, "ordu" =
  army, "tokat" = slap) count only when written with a capital letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from common.contracts import DomainRequest
from common.textnorm import as_menu_number, fold, has_arabic_script

Kind = Literal["handoff", "feedback", "help", "privacy", "missed"]
KINDS: tuple[Kind, ...] = ("handoff", "feedback", "help", "privacy", "missed")
FeedbackType = Literal["suggestion", "complaint"]
PrivacyAction = Literal["my_data", "erase"]
Urgency = Literal["urgent", "normal"]
Need = Literal[
    "tent", "baby_food", "water", "medicine", "blanket", "food", "heater", "clothes", "diapers", "hygiene",
]

# Button ids this service sends; the router hands taps on them back as "button:<id>".
ERASE_YES = "support.v1.erase_yes"
ERASE_NO = "support.v1.erase_no"
MENU_FEEDBACK = "support.v1.feedback"
MENU_HANDOFF = "support.v1.handoff"
MENU_HELP = "support.v1.help"


def opens_request(req: DomainRequest) -> Kind | None:
    """The kind of request this message opens, or None when it opens none.

    Router intents: "handoff", "feedback", "help", "privacy:my_data", "privacy:erase",
    "missed", "text" (while support is the active domain) and "button:<our id>". None covers
    follow-ups ("text" while a request is open: the caller adds them to it), the support menu,
    the erase question (a request only once confirmed) and a menu tap on "suggestion or
    complaint", which carries no feedback yet, so the citizen is asked to write it.
    """
    intent = req.intent
    if intent in ("handoff", "button:" + MENU_HANDOFF):
        return "handoff"
    if intent == "feedback":
        return None if is_menu_choice(req) else "feedback"
    if intent == "help":
        return "help"
    if intent == "missed":
        return "missed"
    if privacy_action(intent) == "my_data" or intent == "button:" + ERASE_YES:
        return "privacy"
    return None


def is_menu_choice(req: DomainRequest) -> bool:
    """A tap or a bare menu number ("4") only chose the topic; the feedback itself comes next."""
    return req.message.type == "interactive" or as_menu_number(req.message.text or "") is not None


def privacy_action(intent: str) -> PrivacyAction | None:
    """Erase or my-data, from the router's "privacy:erase" / "privacy:my_data" or the bare form."""
    action = intent.removeprefix("privacy:")
    if action == "erase":
        return "erase"
    if action == "my_data":
        return "my_data"
    return None


class _Keywords:
    """Keywords matched as whole words of folded text; "word*" also matches longer words.

    Arabic keywords may carry a leading clitic (و ف ب ل ك, with or without ال), since Arabic
    writes those joined to the word.
    """

    _AR_CLITIC = "(?:(?:و|ف|ب|ل|ك)?(?:ال)?|لل)"

    def __init__(self, words: Iterable[str]) -> None:
        parts = []
        for word in words:
            stem = re.escape(fold(word.rstrip("*")))
            clitic = self._AR_CLITIC if has_arabic_script(word) else ""
            tail = r"\w*" if word.endswith("*") else ""
            parts.append(rf"(?<!\w){clitic}{stem}{tail}(?!\w)")
        self._pattern = re.compile("|".join(parts))

    def first(self, normalized: str) -> int | None:
        """Where the first keyword starts in `normalized`, or None."""
        found = self._pattern.search(normalized)
        return found.start() if found else None

    def found_in(self, normalized: str) -> bool:
        return self._pattern.search(normalized) is not None


# Phrases whose words would otherwise be read as something else; replaced before matching.
# Only the start is anchored, so Turkish endings stay on: "çadır kentteyiz" → "kampteyiz".
_PHRASES = {
    "cadir kent": "kamp",
    "tent city": "camp",
    "tent camp": "camp",
    "baby food": "babyfood",
    "baby formula": "babyfood",
    "infant formula": "babyfood",
    "memnun degil": "sikayet",
    "agri kesici": "ilac",
}
_PHRASE_PATTERN = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in _PHRASES) + ")")


def normalize(text: str) -> str:
    """Folded words joined by single spaces, digits of every script as ASCII, phrases merged."""
    digits = "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)
    joined = " ".join(re.findall(r"[^\W_]+", fold(digits)))
    return _PHRASE_PATTERN.sub(lambda found: _PHRASES[found.group(0)], joined)


# ---------------------------------------------------------------------------- feedback

_SUGGESTION = _Keywords([
    "öneri*", "önerim*", "tavsiye*", "teklif*", "fikrim*",
    "suggest*", "idea*", "recommend*", "proposal*",
    "اقتراح*", "اقترح*", "مقترح*",
])
_COMPLAINT = _Keywords([
    "şikayet*", "şikâyet*", "rezalet*", "berbat*",
    "complain*", "complaint*",
    "شكوى", "شكاوى", "اشتكي*", "اشتكى",
])


def feedback_type(text: str) -> FeedbackType | None:
    """Suggestion or complaint, whichever word comes first; None when the text says neither."""
    normalized = normalize(text)
    suggestion = _SUGGESTION.first(normalized)
    complaint = _COMPLAINT.first(normalized)
    if suggestion is None and complaint is None:
        return None
    if complaint is None or (suggestion is not None and suggestion < complaint):
        return "suggestion"
    return "complaint"


# ---------------------------------------------------------------------------- help requests

NEED_WORDS: dict[Need, tuple[str, ...]] = {
    "tent": ("çadır", "çadırı", "çadıra", "çadırlar*", "çadırımız*", "tent", "tents", "خيمه*", "خيام*"),
    "baby_food": ("mama*", "babyfood", "حليب اطفال", "حليب الاطفال", "حليب للاطفال", "حليب الرضع"),
    "water": ("su", "suyu", "suya", "sular*", "suyumuz", "içme", "water", "ماء", "مياه", "مي الشرب"),
    "medicine": ("ilaç*", "insülin*", "medicine*", "medication*", "insulin*", "دواء", "ادويه*", "دوائي*"),
    "blanket": ("battaniye*", "blanket*", "بطانيه*", "بطانيات*"),
    "food": ("gıda*", "yiyecek*", "yemek*", "erzak*", "ekmek*", "food*", "طعام*", "غذاء*", "اكل"),
    "heater": ("ısıtıcı*", "soba*", "heater*", "heating", "stove*", "مدفاه*", "مدافي*", "دفايه*", "تدفئه"),
    "clothes": ("giysi*", "kıyafet*", "elbise*", "mont", "montu", "clothes", "clothing", "coat*", "ملابس*"),
    "diapers": ("bez", "bezi", "bezler*", "diaper*", "nappy", "nappies", "حفاض*", "حفاظ*"),
    "hygiene": ("hijyen*", "sabun*", "hygiene*", "soap*", "sanitary", "نظافه", "صابون*"),
}
_NEEDS = {need: _Keywords(words) for need, words in NEED_WORDS.items()}

URGENT_WORDS: tuple[str, ...] = (
    "acil*", "hemen", "bebek*", "bebeğ*", "yaşlı*", "hasta", "hastam*", "hastalar*", "hastayı*", "hastalık*",
    "yaralı*", "hamile*", "engelli*", "kalp*",
    "urgent*", "emergency", "baby", "babies", "infant*", "elderly", "sick", "ill", "injured",
    "pregnant", "disabled",
    "عاجل*", "طارئ*", "ضروري", "رضيع*", "اطفال رضع", "مسن*", "كبار السن", "مريض*", "مرضى", "جريح*",
    "مصاب*", "حامل", "اعاقه",
)
_URGENT = _Keywords(URGENT_WORDS)
_HELP_WORDS = _Keywords(["ihtiyaç*", "lazım", "gerek*", "need*", "نحتاج*", "بحاجه", "محتاج*"])

_NUMBER_WORDS = {
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "on": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}
_PEOPLE_WORDS = (
    "kişi*", "nüfus*", "people", "persons", "person", "adults", "family members",
    "شخص", "اشخاص", "افراد", "نفر", "فرد",
)
_PEOPLE = re.compile(
    r"(?<!\w)(\d{1,4}|" + "|".join(re.escape(fold(w)) for w in _NUMBER_WORDS) + r")\s*(?:"
    + "|".join(re.escape(fold(w.rstrip("*"))) + (r"\w*" if w.endswith("*") else "") for w in _PEOPLE_WORDS)
    + r")(?!\w)"
)
_NUMBER_VALUES = {fold(word): value for word, value in _NUMBER_WORDS.items()}


@dataclass(frozen=True)
class HelpDetails:
    needs: tuple[Need, ...]
    people: int | None
    urgency: Urgency
    province: str | None


def help_details(text: str) -> HelpDetails:
    normalized = normalize(text)
    needs = tuple(need for need, words in _NEEDS.items() if words.found_in(normalized))
    return HelpDetails(
        needs=needs,
        people=_people(normalized),
        urgency="urgent" if _URGENT.found_in(normalized) else "normal",
        province=province_in(text),
    )


def _people(normalized: str) -> int | None:
    found = _PEOPLE.search(normalized)
    if not found:
        return None
    number = found.group(1)
    value = int(number) if number.isdigit() else _NUMBER_VALUES[number]
    return value if value > 0 else None


def guess_kind(text: str) -> Kind:
    """For free text that reached support with no clearer intent: aid, feedback, or a person."""
    normalized = normalize(text)
    if any(words.found_in(normalized) for words in _NEEDS.values()) or _HELP_WORDS.found_in(normalized):
        return "help"
    if feedback_type(text) is not None:
        return "feedback"
    return "handoff"


# ---------------------------------------------------------------------------- provinces

_WORD_WITH_APOSTROPHE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_TURKISH_ENDINGS = (
    "", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "a", "e", "ya", "ye", "i", "u", "yi", "yu",
    "in", "un", "nin", "nun", "li", "lu", "daki", "deki", "taki", "teki",
    "dayiz", "deyiz", "tayiz", "teyiz", "dayim", "deyim", "tayim", "teyim",
)
# Proper nouns take the joined conjunctions and prepositions but not the article.
_AR_NAME_CLITICS = ("", "و", "ف", "ب", "ل", "ك")
# Province names that are also everyday words ("ağrı" pain, "ordu" army, "karşı" opposite,
# "Musa" a name): only a capitalised spelling counts. Van and Muş have no Arabic spelling here,
# since "وان" and "موش" are also everyday Arabic words ("and if", "not").
_COMMON_WORDS = frozenset({"agri", "ordu", "tokat", "van", "batman", "kars", "mus"})


def province_in(text: str) -> str | None:
    """The first province named in `text`, in its Turkish spelling."""
    originals = _WORD_WITH_APOSTROPHE.findall(text)
    words = [re.sub(r"['’]", "", fold(word)) for word in originals]
    for i, word in enumerate(words):
        for base, province, rest in _candidates(word):
            if tuple(words[i + 1:i + 1 + len(rest)]) != rest:
                continue
            if base in _COMMON_WORDS and not originals[i][:1].isupper():
                continue
            return province
    return None


def _candidates(word: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(base word, province, words that must follow) for each way `word` can name a province."""
    if has_arabic_script(word):
        bases = [word[len(c):] for c in _AR_NAME_CLITICS if word.startswith(c)]
    else:
        bases = [word[: len(word) - len(e)] for e in _TURKISH_ENDINGS if word.endswith(e)]
    return [(base, province, rest) for base in bases for province, rest in _PROVINCE_INDEX.get(base, ())]


# Turkish name first, then other spellings (Arabic media forms, older or English names).
PROVINCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ('Adana', ('أضنة',)),
    ('Adıyaman', ('أديامان',)),
    ('Afyonkarahisar', ('Afyon', 'أفيون قره حصار', 'أفيون')),
    ('Ağrı', ('آغري', 'أغري')),
    ('Amasya', ('أماسيا',)),
    ('Ankara', ('أنقرة',)),
    ('Antalya', ('أنطاليا',)),
    ('Artvin', ('أرتفين',)),
    ('Aydın', ('آيدين', 'أيدين')),
    ('Balıkesir', ('باليكسير',)),
    ('Bilecik', ('بيلجيك',)),
    ('Bingöl', ('بينغول',)),
    ('Bitlis', ('بدليس', 'بيتليس')),
    ('Bolu', ('بولو',)),
    ('Burdur', ('بوردور',)),
    ('Bursa', ('بورصة',)),
    ('Çanakkale', ('جناق قلعة', 'تشاناكالي')),
    ('Çankırı', ('تشانقيري', 'جانقيري')),
    ('Çorum', ('جوروم', 'تشوروم')),
    ('Denizli', ('دنيزلي',)),
    ('Diyarbakır', ('ديار بكر', 'ديار بكير')),
    ('Edirne', ('أدرنة',)),
    ('Elazığ', ('إلازيغ', 'الازيغ')),
    ('Erzincan', ('أرزينجان',)),
    ('Erzurum', ('أرضروم',)),
    ('Eskişehir', ('إسكي شهير', 'اسكيشهير')),
    ('Gaziantep', ('غازي عنتاب', 'غازي عينتاب', 'عنتاب', 'Antep')),
    ('Giresun', ('غيرسون',)),
    ('Gümüşhane', ('غوموشهانة',)),
    ('Hakkari', ('هكاري',)),
    ('Hatay', ('هاتاي', 'أنطاكية', 'Antakya', 'Antioch')),
    ('Isparta', ('إسبرطة', 'اسبرطة')),
    ('Mersin', ('مرسين', 'Icel')),
    ('İstanbul', ('إسطنبول', 'اسطنبول', 'Constantinople')),
    ('İzmir', ('إزمير', 'ازمير', 'Smyrna')),
    ('Kars', ('قارص', 'كارس')),
    ('Kastamonu', ('قسطموني', 'كاستامونو')),
    ('Kayseri', ('قيصري', 'قيصرية')),
    ('Kırklareli', ('قرقلر إيلي', 'كيركلاريلي')),
    ('Kırşehir', ('قيرشهر', 'كيرشهير')),
    ('Kocaeli', ('قوجه إيلي', 'كوجالي', 'كوجايلي', 'Izmit')),
    ('Konya', ('قونية',)),
    ('Kütahya', ('كوتاهية',)),
    ('Malatya', ('ملاطية',)),
    ('Manisa', ('مانيسا',)),
    ('Kahramanmaraş', ('قهرمان مرعش', 'كهرمان مرعش', 'مرعش', 'Maras')),
    ('Mardin', ('ماردين',)),
    ('Muğla', ('موغلا',)),
    ('Muş', ()),
    ('Nevşehir', ('نوشهر', 'نيفشهير')),
    ('Niğde', ('نيغدة',)),
    ('Ordu', ('أوردو',)),
    ('Rize', ('ريزة', 'ريزه')),
    ('Sakarya', ('سكاريا', 'صقاريا', 'Adapazari')),
    ('Samsun', ('سامسون',)),
    ('Siirt', ('سعرد', 'سيرت')),
    ('Sinop', ('سينوب',)),
    ('Sivas', ('سيواس',)),
    ('Tekirdağ', ('تكيرداغ', 'تكيرطاغ')),
    ('Tokat', ('توقات',)),
    ('Trabzon', ('طرابزون', 'Trebizond')),
    ('Tunceli', ('تونجلي',)),
    ('Şanlıurfa', ('شانلي أورفا', 'أورفا', 'أورفة', 'Urfa')),
    ('Uşak', ('أوشاك',)),
    ('Van', ()),
    ('Yozgat', ('يوزغات',)),
    ('Zonguldak', ('زونغولداك',)),
    ('Aksaray', ('أكسراي', 'آق سراي')),
    ('Bayburt', ('بايبورت',)),
    ('Karaman', ('كارامان', 'قرمان')),
    ('Kırıkkale', ('قيريق قلعة', 'كيريكالي')),
    ('Batman', ('باطمان', 'بطمان')),
    ('Şırnak', ('شرناق', 'شيرناك')),
    ('Bartın', ('بارتين',)),
    ('Ardahan', ('أردهان',)),
    ('Iğdır', ('إغدير', 'ايغدير')),
    ('Yalova', ('يالوفا',)),
    ('Karabük', ('كارابوك',)),
    ('Kilis', ('كلس', 'كيليس')),
    ('Osmaniye', ('عثمانية',)),
    ('Düzce', ('دوزجه', 'دوزجة')),
)


def _index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First folded word of each spelling → (province, the folded words that must follow)."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for province, aliases in PROVINCES:
        for alias in (province, *aliases):
            first, *rest = (fold(part) for part in alias.split())
            index.setdefault(first, []).append((province, tuple(rest)))
    return index


_PROVINCE_INDEX = _index()
