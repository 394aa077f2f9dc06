"""The blood catalogue: complete in tr/ar/en, consistent placeholders, honest wording."""

from __future__ import annotations

import re
import string

import pytest
from blood.texts import CATALOGUE, TEXTS
from common.i18n import LANGUAGES
from common.textnorm import has_arabic_script
from common.wa_content import BUTTON_TITLE_MAX, HEADER_FOOTER_MAX, ROW_TITLE_MAX

REQUIRED_KEYS = {
    "menu_body", "btn_where", "btn_eligibility", "btn_next_date", "ask_place",
    "points_header_place", "points_header_nearest", "point", "point_distance", "sample_note",
    "unknown_place", "unknown_place_suggest", "ambiguous", "how_to_donate", "rules", "need",
    "alert_can_come", "alert_cannot", "alert_stop", "eligibility_soon", "next_date_soon",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogue_is_complete() -> None:
    assert CATALOGUE.missing() == []
    assert set(CATALOGUE.keys()) >= REQUIRED_KEYS
    for key, by_lang in TEXTS.items():
        assert set(by_lang) == set(LANGUAGES), key


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_placeholders_agree_across_languages(key: str) -> None:
    fields = {lang: _fields(TEXTS[key][lang]) for lang in LANGUAGES}
    assert fields["tr"] == fields["ar"] == fields["en"], fields


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_arabic_is_arabic(key: str) -> None:
    assert has_arabic_script(TEXTS[key]["ar"]), key
    assert not has_arabic_script(TEXTS[key]["tr"]) and not has_arabic_script(TEXTS[key]["en"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_fit_whatsapp_limits(lang: str) -> None:
    for key in ("btn_where", "btn_eligibility", "btn_next_date", "ambiguous_button"):
        assert len(TEXTS[key][lang]) <= min(BUTTON_TITLE_MAX, ROW_TITLE_MAX), (key, lang)
    assert len(TEXTS["menu_footer"][lang]) <= HEADER_FOOTER_MAX
    titles = [TEXTS[k][lang] for k in ("btn_where", "btn_eligibility", "btn_next_date")]
    assert len(set(titles)) == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_key_facts(lang: str) -> None:
    rules = TEXTS["rules"][lang]
    for fact in ("18", "65", "50", "90", "120", "61"):
        assert fact in rules, (lang, fact)
    for key in ("sample_note", "need"):
        assert "kanver.org" in TEXTS[key][lang] and "168" in TEXTS[key][lang]
    for key in ("alert_can_come", "eligibility_soon", "next_date_soon"):
        assert "168" in TEXTS[key][lang]


def test_never_says_eligible() -> None:
    # docs/domain.md §0.5: only the centre's doctor decides.
    for by_lang in TEXTS.values():
        assert not re.search(r"\beligible\b", by_lang["en"], re.IGNORECASE)
        assert not re.search(r"uygunsunuz|bağış yapabilirsiniz\.", by_lang["tr"])
        assert "مؤهل" not in by_lang["ar"]


def test_no_invented_numbers_or_links() -> None:
    for key, by_lang in TEXTS.items():
        for lang, text in by_lang.items():
            assert not re.search(r"\d{4,}", text), (key, lang)
            assert not re.search(r"\+\d", text), (key, lang)
            for host in re.findall(r"[a-z0-9.-]+\.(?:org|com|gov|tr)\b", text):
                assert host == "kanver.org", (key, lang, host)
