"""Folding what citizens type: Turkish I/İ, ASCII spellings, NFKC, Arabic, menu numbers."""

from __future__ import annotations

import unicodedata

import pytest
from common.textnorm import as_menu_number, fold, has_arabic_script, has_turkish_letters, tokens, turkish_lower

# --- Turkish casing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lowered"), [
    ("İ", "i"),
    ("I", "ı"),
    ("ı", "ı"),
    ("i", "i"),
    ("İSTANBUL", "istanbul"),
    ("KANI", "kanı"),
    ("IĞDIR", "ığdır"),
    ("İZMİR", "izmir"),
    ("ŞANLIURFA", "şanlıurfa"),
    ("Çorum", "çorum"),
])
def test_turkish_lower(text: str, lowered: str) -> None:
    assert turkish_lower(text) == lowered


def test_turkish_lower_never_leaves_a_combining_dot() -> None:
    # Python's own str.lower() turns "İ" into "i" + U+0307; the Turkish rule must not.
    assert "İSTANBUL".lower() != "istanbul"
    assert "\u0307" not in turkish_lower("İSTANBUL İZMİR")
    assert len(turkish_lower("İSTANBUL")) == len("İSTANBUL")


@pytest.mark.parametrize(("text", "key"), [
    ("İSTANBUL", "istanbul"),
    ("istanbul", "istanbul"),
    ("Istanbul", "istanbul"),
    ("ISTANBUL", "istanbul"),
    ("İstanbul", "istanbul"),
    ("I\u0307STANBUL", "istanbul"),  # decomposed İ (I + combining dot above)
    ("KAN BAĞIŞI", "kan bagisi"),
    ("kan bağışı", "kan bagisi"),
    ("kan bagisi", "kan bagisi"),
    ("Kan Bağışı", "kan bagisi"),
    ("KANI", "kani"),
    ("Gönüllü", "gonullu"),
    ("ÇOCUK", "cocuk"),
    ("Şırnak", "sirnak"),
    ("Kâhta", "kahta"),
    ("Ankara'da", "ankarada"),
    ("Ankara’da", "ankarada"),
    ("İzmir`de", "izmirde"),
])
def test_fold_turkish_and_ascii_spellings_meet(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_is_idempotent() -> None:
    for text in ("KAN BAĞIŞI İSTANBUL", "مَرْحَبًا بِكُمْ", "Ｇａｚｉａｎｔｅｐ", "ﬁle"):
        assert fold(fold(text)) == fold(text)


# --- NFKC and combining marks -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("ＡＮＫＡＲＡ", "ankara"),  # fullwidth Latin
    ("Ｇａｚｉａｎｔｅｐ", "gaziantep"),
    ("１２３", "123"),  # fullwidth digits
    ("ﬁkir", "fikir"),  # fi ligature
    ("ﬂood", "flood"),  # fl ligature
    ("Ⅳ", "iv"),  # roman numeral compatibility character
    ("e\u0301", "e"),  # combining acute
    ("é", "e"),
    ("n\u0303", "n"),
    ("Crème Brûlée", "creme brulee"),
    ("u\u0308", "u"),  # decomposed ü
    ("Ko\u0308ln", "koln"),
])
def test_fold_nfkc_and_combining_marks(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_result_has_no_combining_marks() -> None:
    folded = fold("İĞÜŞÖÇ âîû e\u0301 a\u0308 ٱ مُحَمَّد")
    assert not any(unicodedata.combining(ch) for ch in folded)


# --- Arabic -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"),  # alef with hamza / madda / wasla
    ("ا\u0654", "ا"),  # alef + combining hamza above (decomposed أ)
    ("ؤ", "و"), ("ئ", "ي"),  # hamza on waw / ya
    ("ى", "ي"),  # alef maqsura
    ("ة", "ه"),  # ta marbuta
    ("مدرسة", "مدرسه"),
    ("مستشفى", "مستشفي"),
    ("الدمـــاء", "الدماء"),  # tatweel
    ("مَرْحَبًا", "مرحبا"),  # harakat
    ("بِالدَّمِ", "بالدم"),  # kasra, shadda
    ("أريد التبرع بالدم", "اريد التبرع بالدم"),
    ("غازي عنتاب", "غازي عنتاب"),
    ("\ufefb", "لا"),  # lam-alef presentation form, via NFKC
    ("\ufe8d\ufee0", "ال"),  # isolated / initial presentation forms
])
def test_fold_arabic(text: str, key: str) -> None:
    assert fold(text) == key


def test_arabic_spellings_of_one_place_meet() -> None:
    spellings = ["غازي عنتاب", "غازى عنتاب", "غازي عَنْتاب", "غـازي عنتـاب"]
    assert {fold(s) for s in spellings} == {"غازي عنتاب"}


def test_tokens() -> None:
    assert tokens("Ankara'da kan bağışı nerede yapabilirim?") == ["ankarada", "kan", "bagisi", "nerede", "yapabilirim"]
    assert tokens("KAN BAĞIŞI İSTANBUL") == ["kan", "bagisi", "istanbul"]
    assert tokens("İzmir, İZMİR; izmir!") == ["izmir", "izmir", "izmir"]
    assert tokens("مرحبا، أريد التبرع بالدم في غازي عنتاب") == [
        "مرحبا", "اريد", "التبرع", "بالدم", "في", "غازي", "عنتاب"]
    assert tokens("A Rh+ kan_aranıyor 112") == ["a", "rh", "kan", "araniyor", "112"]
    assert tokens("❤️🩸") == []
    assert tokens("") == []


def test_script_detection() -> None:
    assert has_arabic_script("مرحبا")
    assert has_arabic_script("hello \ufefb")
    assert not has_arabic_script("Merhaba")
    assert has_turkish_letters("bağış")
    assert has_turkish_letters("İSTANBUL")
    assert not has_turkish_letters("bagis istanbul")


# --- menu numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("1", 1),
    ("2", 2),
    ("٢", 2),  # Arabic-Indic
    ("٣", 3),
    ("۲", 2),  # Extended Arabic-Indic (Persian)
    ("۴", 4),
    ("２", 2),  # fullwidth
    ("2.", 2),
    (" 3 ", 3),
    ("\t4\n", 4),
    ("2)", 2),
    ("2-", 2),
    (" ٢. ", 2),
    ("10", 10),
    ("١٠", 10),
    ("123", 123),
])
def test_menu_number(text: str, number: int) -> None:
    assert as_menu_number(text) == number


@pytest.mark.parametrize("text", [
    "", " ", ".", "a", "iki", "12345", "1234", "1.5", "-2", "2a", "a2", "2 3", "+2", "٢x", "ikinci",
])
def test_not_a_menu_number(text: str) -> None:
    assert as_menu_number(text) is None
