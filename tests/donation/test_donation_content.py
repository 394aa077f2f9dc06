from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import Any

import pytest
from common.i18n import LANGUAGES
from donation.content import EXAMPLE_RESOURCE, ContentError, DonationContent, load_default_content, validate_content


def _raw_example() -> str:
    return resources.files("donation").joinpath(EXAMPLE_RESOURCE).read_text(encoding="utf-8")


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_raw_example())
    return data


def test_shipped_content_loads_and_is_marked_as_example() -> None:
    content = load_default_content()
    assert isinstance(content, DonationContent)
    assert content.sample is True
    assert content.note and "EXAMPLE" in content.note
    assert content.updated_at.tzinfo is not None


def test_shipped_content_holds_no_iban_and_no_invented_sms_keyword() -> None:
    raw = _raw_example()
    compact = re.sub(r"[\s\-]", "", raw)
    assert not re.search(r"TR\d{2}\d{4,}", compact, re.IGNORECASE), "an IBAN must never ship in example content"
    assert not re.search(r"\b\d{16,}\b", compact)
    # SMS keywords are sent to a short number; the example names neither a keyword nor the number.
    assert "2868" not in raw


def test_shipped_content_points_to_the_official_page_in_every_language() -> None:
    content = load_default_content()
    for lang in LANGUAGES:
        body = content.for_language(lang)
        assert "https://www.kizilay.org.tr/bagis" in body.intro
        assert any("168" in (c.link or "") + c.how for c in body.channels)
        assert "kizilay.org.tr/bagis" in body.channels_text()
        assert "https://www.kizilay.org.tr/bagis" in body.kurban
        # Prices change every year: none in the example.
        assert not re.search(r"\d+\s*(TL|USD|EUR|₺)", body.kurban)


def test_every_language_has_the_same_number_of_channels() -> None:
    content = load_default_content()
    assert len({len(content.for_language(lang).channels) for lang in LANGUAGES}) == 1


def test_valid_edit_is_accepted() -> None:
    data = _example()
    data["sample"] = False
    data["tr"]["campaigns"] = [{"name": "Kış kampanyası", "text": "Isınma desteği için bağış.", "link": None}]
    content = validate_content(data)
    assert content.sample is False
    assert content.tr.campaigns[0].name == "Kış kampanyası"


@pytest.mark.parametrize(("mutate", "where"), [
    (lambda d: d.pop("ar"), "ar"),
    (lambda d: d["tr"].update(channels=[]), "tr.channels"),
    (lambda d: d["en"].update(kurban="   "), "en.kurban"),
    (lambda d: d["tr"]["channels"][0].update(nmae="typo"), "tr.channels.0.nmae"),
    (lambda d: d.update(updated_at="2026-01-15T09:00:00"), "updated_at"),
    (lambda d: d.update(sample="maybe"), "sample"),
    (lambda d: d["ar"].update(zakat="x" * 1501), "ar.zakat"),
])
def test_invalid_content_is_refused_with_the_field_named(mutate: Any, where: str) -> None:
    data = copy.deepcopy(_example())
    mutate(data)
    with pytest.raises(ContentError) as caught:
        validate_content(data)
    assert any(problem.startswith(where + ":") for problem in caught.value.problems), caught.value.problems
    assert where in str(caught.value)


def test_channels_that_would_not_fit_one_message_are_refused() -> None:
    data = _example()
    channel = {"name": "Kanal", "how": "y" * 400, "link": "https://www.kizilay.org.tr/bagis"}
    data["en"]["channels"] = [dict(channel) for _ in range(9)]
    with pytest.raises(ContentError, match=r"en\.channels"):
        validate_content(data)


def test_empty_object_is_refused() -> None:
    with pytest.raises(ContentError):
        validate_content({})
