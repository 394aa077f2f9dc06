"""Text folding for matching what citizens type against keywords and place names.

Turkish dotted/dotless I must be lowered with Turkish rules *before* Unicode case folding,
otherwise "İSTANBUL" becomes "i̇stanbul" (with a combining dot) and "KANI" becomes "kani"
instead of "kanı". After lowering, the ASCII fold makes `bagis` and `bağış` the same key.
"""

from __future__ import annotations

import re
import unicodedata

_TR_ASCII = str.maketrans({"ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u"})
# Arabic: drop harakat and tatweel, unify alef/hamza seats, ta marbuta and alef maqsura, so
# the many spellings of a place name meet in one key.
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_TURKISH_LETTERS = re.compile("[çğıöşüÇĞİÖŞÜ]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def turkish_lower(text: str) -> str:
    """Lower-case with Turkish rules for I/İ, then Unicode rules for everything else."""
    return text.replace("İ", "i").replace("I", "ı").lower()


def fold(text: str) -> str:
    """Matching key: NFKC, Turkish lower-casing, diacritics removed, Arabic unified.

    Apostrophes are removed so "Ankara'da" becomes one token "ankarada"; callers strip
    Turkish case suffixes themselves where they need to.
    """
    text = unicodedata.normalize("NFKC", text)
    text = turkish_lower(text).translate(_TR_ASCII)
    text = _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = re.sub(r"['’‘`´]", "", stripped)
    return unicodedata.normalize("NFC", stripped)


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits of any script)."""
    return _WORD.findall(fold(text))


def has_arabic_script(text: str) -> bool:
    return bool(_ARABIC_SCRIPT.search(text))


def has_turkish_letters(text: str) -> bool:
    return bool(_TURKISH_LETTERS.search(text))


def as_menu_number(text: str) -> int | None:
    """The number a citizen typed as a menu choice, in any script ("2", "٢", "۲", " 2. ")."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip(".)-").strip()
    if not cleaned or len(cleaned) > 3:
        return None
    if all(unicodedata.digit(ch, -1) >= 0 for ch in cleaned):
        return int("".join(str(unicodedata.digit(ch)) for ch in cleaned))
    return None
