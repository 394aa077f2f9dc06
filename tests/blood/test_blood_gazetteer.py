"""Place recognition and the Türkiye data behind it (docs/domain.md §2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources

import pytest
from blood.gazetteer import (
    COMMON_WORD_DISTRICTS,
    Ambiguous,
    District,
    Gazetteer,
    NotFound,
    PlaceMatch,
    Province,
    haversine_km,
    nearest_province,
    place_key,
    province_by_plate,
    province_centre,
)
from common.textnorm import turkish_lower


def _name(match: PlaceMatch) -> str:
    if isinstance(match, Province):
        return match.name
    if isinstance(match, District):
        return f"{match.name}/{match.province.name}"
    if isinstance(match, Ambiguous):
        return "?" + ",".join(f"{d.name}/{d.province.name}" for d in match.candidates)
    return "-"


def _turkish_upper(ch: str) -> str:
    return {"i": "İ", "ı": "I"}.get(ch, ch.upper())


# ---- the shipped data (domain.md §2 asks for exactly these checks) ------------------------

def test_provinces_data_is_sound(gazetteer: Gazetteer) -> None:
    provinces = gazetteer.provinces
    assert len(provinces) == 81
    assert sorted(p.plate for p in provinces) == list(range(1, 82))
    for p in provinces:
        words = p.name.split()
        for word in words:
            # Turkish title case: "İstanbul" (not "Istanbul"), "Iğdır" (not "İğdır").
            assert word[0] == _turkish_upper(word[0]) and word[0] != word[0].lower(), p.name
            assert word[1:] == turkish_lower(word[1:]), p.name
        assert 36.0 <= p.latitude <= 42.2, p
        assert 25.6 <= p.longitude <= 44.9, p
    names = {p.name for p in provinces}
    assert {"İstanbul", "Iğdır", "Şırnak", "İzmir", "Ağrı", "Çanakkale"} <= names
    assert len(names) == 81


def test_districts_and_names_data() -> None:
    base = resources.files("blood").joinpath("data", "turkiye")
    districts = json.loads(base.joinpath("districts.json").read_text(encoding="utf-8"))
    names = json.loads(base.joinpath("province-names.json").read_text(encoding="utf-8"))
    assert len(districts) == 973
    assert {d["provinceId"] for d in districts} == set(range(1, 82))
    assert sorted(names) == [f"{i:02d}" for i in range(1, 82)]
    assert all(entry["ar"] for entry in names.values())
    # The licence travels with the data.
    assert base.joinpath("LICENSE").is_file() and base.joinpath("README.md").is_file()


def test_plate_lookups(gazetteer: Gazetteer) -> None:
    ankara = province_by_plate(6)
    assert ankara is not None and ankara.name == "Ankara" and ankara.code == "06"
    assert province_by_plate(0) is None and province_by_plate(82) is None
    lat, lon = province_centre(35)
    assert (round(lat, 2), round(lon, 2)) == (38.42, 27.13)
    with pytest.raises(KeyError):
        province_centre(99)
    assert gazetteer.province_by_plate(34) == province_by_plate(34)


@pytest.mark.parametrize(("lat", "lon", "plate"), [
    (39.9207886, 32.8540497, 6),   # Kızılay square
    (38.4237, 27.1428, 35),        # Konak
    (41.0082, 28.9784, 34),        # Sultanahmet
    (37.0662, 37.3833, 27),        # Gaziantep
    (39.92, 44.04, 76),            # Iğdır
])
def test_nearest_province(lat: float, lon: float, plate: int) -> None:
    assert nearest_province(lat, lon).plate == plate


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    # Ankara–İstanbul centres are ~350 km apart in a straight line.
    assert 340 < haversine_km(*province_centre(6), *province_centre(34)) < 360


# ---- free text ------------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "expected"), [
    ("text_blood_where_ankara", "Ankara"),
    ("text_blood_upper_istanbul", "İstanbul"),
    ("text_blood_ascii_izmir", "İzmir"),
    ("text_arabic_blood", "Gaziantep"),
])
def test_webhook_fixtures(gazetteer: Gazetteer, webhook_text: Callable[[str], str],
                          fixture: str, expected: str) -> None:
    match = gazetteer.find(webhook_text(fixture))
    assert isinstance(match, Province)
    assert match.name == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ankara'da kan bağışı nerede yapabilirim?", "Ankara"),
    ("KAN BAĞIŞI İSTANBUL", "İstanbul"),
    ("kan bagisi izmir", "İzmir"),
    ("ankarada", "Ankara"),
    ("istanbulda kan vermek istiyorum", "İstanbul"),
    ("Gaziantep'te", "Gaziantep"),
    ("İzmir'de bağış", "İzmir"),
    ("izmirdeki merkezler", "İzmir"),
    ("ISTANBUL", "İstanbul"),
    ("IĞDIR", "Iğdır"),
    ("igdir", "Iğdır"),
    ("ŞIRNAK", "Şırnak"),
    ("sanliurfa", "Şanlıurfa"),
    ("Urfa'da kan", "Şanlıurfa"),
    ("Kahramanmaraş", "Kahramanmaraş"),
    ("kahraman maraş", "Kahramanmaraş"),
    ("Maraş", "Kahramanmaraş"),
    ("Afyon", "Afyonkarahisar"),
    ("Afyon Karahisar", "Afyonkarahisar"),
    ("Antep'te kan", "Gaziantep"),
    ("Gazi Antep", "Gaziantep"),
    ("Eski şehir", "Eskişehir"),
    ("içel", "Mersin"),
    ("where can I donate blood in Istanbul", "İstanbul"),
    ("Constantinople", "İstanbul"),
    ("Smyrna", "İzmir"),
    ("مرحبا، أريد التبرع بالدم في غازي عنتاب", "Gaziantep"),
    ("بغازي عنتاب", "Gaziantep"),
    ("غازي عينتاب", "Gaziantep"),
    ("عنتاب", "Gaziantep"),
    ("في أنقرة", "Ankara"),
    ("اين يمكنني التبرع بالدم في اسطنبول", "İstanbul"),
    ("بإسطنبول", "İstanbul"),
    ("وفي أنقرة", "Ankara"),
    ("بورصة", "Bursa"),  # starts with ب but is not ب + "ورصة"
    ("إسكي شهير", "Eskişehir"),
    ("اسكيشهير", "Eskişehir"),
    ("Van'da kan bağışı", "Van"),
    ("Ordu", "Ordu"),
    ("KAN BAĞIŞI ORDU", "Ordu"),
    ("Ağrı'da kan bağışı nerede", "Ağrı"),
    ("Ankara İzmir", "Ankara"),  # the first named province
])
def test_provinces(gazetteer: Gazetteer, text: str, expected: str) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, Province), (text, _name(match))
    assert match.name == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Konak", "Konak/İzmir"),
    ("Konak'ta kan bağışı", "Konak/İzmir"),
    ("Çankaya", "Çankaya/Ankara"),
    ("Kadıköy'de kan bağışı", "Kadıköy/İstanbul"),
    ("Gölbaşı Ankara", "Gölbaşı/Ankara"),
    ("Ankara Gölbaşı", "Gölbaşı/Ankara"),
    ("gölbaşı adıyaman", "Gölbaşı/Adıyaman"),
    ("Gölbaşı Çankaya", "Gölbaşı/Ankara"),  # an unambiguous district settles the province
    ("Pazar Rize", "Pazar/Rize"),  # a common word counts once its province is named
    ("Merkez Tokat", "Merkez/Tokat"),
    ("Antakya", "Antakya/Hatay"),  # a historic name that is a district stays a district
    ("İzmit", "İzmit/Kocaeli"),
    ("Hatay Antakya", "Antakya/Hatay"),
    ("Bornova'da kan bağışı", "Bornova/İzmir"),
])
def test_districts(gazetteer: Gazetteer, text: str, expected: str) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, District), (text, _name(match))
    assert _name(match) == expected


def test_district_outside_named_province_yields_the_province(gazetteer: Gazetteer) -> None:
    assert _name(gazetteer.find("Çankaya İstanbul")) == "İstanbul"


@pytest.mark.parametrize(("text", "provinces"), [
    ("Gölbaşı", {"Ankara", "Adıyaman"}),
    ("gölbaşında kan bağışı", {"Ankara", "Adıyaman"}),
    ("Edremit", {"Balıkesir", "Van"}),
    ("Ereğli", {"Konya", "Zonguldak"}),
])
def test_ambiguous_districts(gazetteer: Gazetteer, text: str, provinces: set[str]) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, Ambiguous), (text, _name(match))
    assert {d.province.name for d in match.candidates} == provinces
    assert len({d.name for d in match.candidates}) == 1


@pytest.mark.parametrize(("text", "suggested"), [
    ("Ankra", "Ankara"),
    ("Izmr", "İzmir"),
    ("istambul", "İstanbul"),
    ("kan bağışı ankrada", "Ankara"),
    ("Gazi Antp", "Gaziantep"),
    ("Diyarbakr", "Diyarbakır"),
    ("انقرا", "Ankara"),
])
def test_typos_give_suggestions_only(gazetteer: Gazetteer, text: str, suggested: str) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, NotFound), (text, _name(match))
    assert suggested in [p.name for p in match.suggestions]
    assert len(match.suggestions) <= 3


@pytest.mark.parametrize("text", [
    "kan bağışı nerede",
    "kan",
    "bağış",
    "nerede",
    "Kızılay kan bağış merkezi",
    "merkezde",
    "Merkez",
    "Pazar günü açık mı",
    "Saray",
    "Kale",
    "Bala",
    "Evren",
    "Can I donate blood?",
    "the list of centres",
    "I saw your ad about donating",
    "Is there a blood van near me",
    "Acil A Rh+ kan aranıyor, Hacettepe Hastanesi",
    "kolumda ağrı var kan verdikten sonra",
    "ordu evinde kan bağışı var mı diye soruyorum",
    "çarşamba günü gelebilir miyim",
    "perşembe",
    "kilise",
    "mutlu",
    "araç ile gelebilir miyim",
    "güney",
    "olur",
    "bugün kan vermek istiyorum",
    "en yakın kan bağış noktası",
    "أريد أن أتبرع وأن أساعد",
    "أين يمكنني التبرع بالدم",
    "",
    "❤️🩸",
    "168",
    "Kan grubum A yaş 30",
])
def test_no_place(gazetteer: Gazetteer, text: str) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, NotFound), (text, _name(match))


@pytest.mark.parametrize("text", [
    "kan bağışı nerede", "Öneri: kan bağışı merkezlerinin hafta sonu çalışma saatleri uzatılsın",
    "kadın", "kardeş", "sıfır", "hata", "deniz", "saray", "kolumda ağrı var, kan verdikten sonra mı",
    "أريد أن أتبرع وأن أساعد في المركز",
])
def test_everyday_words_suggest_nothing(gazetteer: Gazetteer, text: str) -> None:
    match = gazetteer.find(text)
    assert isinstance(match, NotFound)
    assert match.suggestions == (), [p.name for p in match.suggestions]


def test_common_word_districts_exist_in_the_data(gazetteer: Gazetteer) -> None:
    keys = {place_key(name) for name in gazetteer.district_names()}
    assert keys >= COMMON_WORD_DISTRICTS
    assert {"merkez", "pazar", "saray", "kale", "bala", "evren"} <= COMMON_WORD_DISTRICTS


def test_no_district_alone_matches_a_common_word(gazetteer: Gazetteer) -> None:
    for key in COMMON_WORD_DISTRICTS:
        assert isinstance(gazetteer.find(key), NotFound), key


def test_every_province_name_is_found(gazetteer: Gazetteer) -> None:
    for p in gazetteer.provinces:
        assert gazetteer.find(p.name) == p
        assert gazetteer.find(f"{p.name}'da kan bağışı") == p
        assert gazetteer.find(f"kan bağışı {p.name.upper()}") == p
        assert gazetteer.find(f"في {p.arabic}") == p


def test_every_distinct_district_is_found(gazetteer: Gazetteer) -> None:
    for p in gazetteer.provinces:
        for d in gazetteer.districts_of(p.plate):
            match = gazetteer.find(f"{d.name} {p.name}")
            assert match == d, (d.name, p.name, _name(match))


def test_district_lookup_by_key(gazetteer: Gazetteer) -> None:
    d = gazetteer.district(6, "golbasi")
    assert d is not None and d.name == "Gölbaşı" and d.province.plate == 6
    assert gazetteer.district(6, "Gölbaşı") == d
    assert gazetteer.district(34, "golbasi") is None
