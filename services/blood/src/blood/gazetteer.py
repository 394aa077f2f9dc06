"""Places in Türkiye: find the province or district a citizen names in free text.

Citizens write "Ankara'da", "ankarada", "KAN BAĞIŞI İSTANBUL", "Antep", "غازي عنتاب" or
"Ankra". Everything is compared on `common.textnorm.fold` keys, with multi-word names joined
(so "Gazi Antep" and "Gaziantep", "إسكي شهير" and "اسكيشهير" meet in one key).

Precision matters more than recall here: a false place sends the citizen to donation points in
the wrong city, while a missed place only costs one question ("which city?"). Hence district
names that are everyday words are ignored unless their province is named too, a few province
names that are also common words need some evidence that a place is meant, and typo matching
only ever *suggests* provinces, never picks one.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from common.textnorm import fold, has_arabic_script
from rapidfuzz import fuzz, process

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Province:
    plate: int
    name: str
    latitude: float
    longitude: float
    arabic: str
    kind: Literal["province"] = "province"

    @property
    def code(self) -> str:
        """The plate code as it is written: "06", "34"."""
        return f"{self.plate:02d}"


@dataclass(frozen=True, slots=True)
class District:
    name: str
    province: Province
    key: str
    kind: Literal["district"] = "district"


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A district name that exists in several provinces; ask which one is meant."""

    candidates: tuple[District, ...]
    kind: Literal["ambiguous"] = "ambiguous"


@dataclass(frozen=True, slots=True)
class NotFound:
    """No place recognised; `suggestions` are provinces close to a word the citizen typed."""

    suggestions: tuple[Province, ...] = ()
    kind: Literal["not_found"] = "not_found"


PlaceMatch = Province | District | Ambiguous | NotFound

# District names that are everyday words (Turkish or English), generic names, or famous
# neighbourhoods of *other* cities (Ulus, Ayrancı, Kavaklıdere are Ankara to most people; Ortaköy
# and Kabataş are İstanbul). They count only when their province is named in the same text.
COMMON_WORD_DISTRICTS: frozenset[str] = frozenset({
    # every three-letter district is also a word: Of, Can ("can I ..."), Çay (tea), Kaş, Tut, ...
    "of", "tut", "cay", "kas", "can", "cal", "sur", "cat", "han", "mut", "ula", "bor",
    "merkez", "merkezefendi", "pazar", "saray", "kale", "bala", "evren", "orta", "olur", "guney",
    "genc", "hani", "arac", "bahce", "maden", "kemer", "kiraz", "cesme", "kartal", "ulus", "kose",
    "gole", "hamur", "bayat", "cubuk", "bucak", "kulp", "tire", "vize", "kure", "zile", "dinar",
    "alaca", "cinar", "defne", "hassa", "kumlu", "sisli", "tuzla", "susuz", "meram", "savur",
    "kumru", "havza", "kavak", "korkut", "keskin", "delice", "korfez", "bozkir", "celtik",
    "hendek", "karasu", "marmara", "adalar", "aralik", "baglar", "kangal", "termal", "hayrat",
    "akdeniz", "bodrum", "fatih", "selim", "yenice", "ciftlik", "derbent", "demirci", "hacilar",
    "hocalar", "bulanik", "duragan", "kapakli", "armutlu", "sogutlu", "dortyol", "menemen",
    "bozkurt", "yildirim", "yenisehir", "yenimahalle", "yenipazar", "eskipazar", "pazaryeri",
    "pazarlar", "cobanlar", "akincilar", "kovancilar", "seydiler", "evciler", "esenler",
    "karatas", "karaburun", "kaynarca", "yumurtalik", "yaprakli", "ilkadim", "gunyuzu",
    "tuzluca", "sivrice", "cukurca", "altindag", "carsibasi", "caybasi", "pinarbasi",
    "koprubasi", "aksu", "carsamba", "persembe", "ortakoy", "kabatas", "dikmen", "ayranci", "kavaklidere", "sorgun",
    "19mayis", "yesilyurt", "yesilova", "altinova", "belen", "dicle", "balya", "tuzlukcu",
    "dikili", "sivasli", "celebi", "cerkes", "uzumlu", "elmali", "karesi", "baskale", "menderes",
    "kemaliye", "kirikhan", "ikizce", "akpinar", "boztepe", "derecik", "develi",
})

# Province names that are also words: Ağrı (pain), Ordu (army), Tokat (slap), Aydın (bright; a
# first name), Batman, English "van". They match only with some sign that a place is meant.
_WEAK_LATIN = frozenset({"agri", "ordu", "tokat", "van", "aydin", "batman"})
# Arabic: وان (Van) is also وأن "and that" once hamza is folded; موش is dialect for "not";
# كلس (Kilis) is "lime".
_WEAK_ARABIC = frozenset({"وان", "موش", "كلس"})
_HAMZA = re.compile("[أإآؤئ]")

# Short, informal or historic forms people use for a province. English/historic forms come
# from province-names.json; these are the Turkish everyday ones.
_SHORT_FORMS: dict[int, tuple[str, ...]] = {
    3: ("Afyon",),
    27: ("Antep",),
    33: ("İçel",),
    46: ("Maraş", "K.Maraş"),
    63: ("Urfa",),
}

# Case and postposition endings as they appear after folding when typed without an apostrophe
# ("ankarada", "istanbuldan", "gazianteptekiler"); longest first so "daki" wins over "a".
_LATIN_SUFFIXES: tuple[str, ...] = (
    "dakiler", "dekiler", "takiler", "tekiler", "ndaki", "ndeki", "daki", "deki", "taki", "teki",
    "ndan", "nden", "dan", "den", "tan", "ten", "nda", "nde", "da", "de", "ta", "te",
    "ya", "ye", "yi", "yu",
)
# Bare "-a"/"-e" ("izmire") is not stripped: "kilise" (church) would become Kilis + "-e".
# Arabic prepositions/conjunctions written attached to the next word: بغازي عنتاب, وفي أنقرة.
_ARABIC_PREFIXES: tuple[str, ...] = ("وفي", "في", "وب", "ب", "و", "ل")
# Words that, right before a name, show that a place is meant ("in Van", "في وان").
_PLACE_PARTICLES = frozenset({"in", "at", "near", "from", "to", "around", "في", "من", "الي", "قرب"})
_STEM_MIN = 4  # "sur"+"e", "mus"+"a": stems this short produce everyday words, not places
_SHORT_TEXT_TOKENS = 3  # a reply of a few words to "which city?" is a place answer
_FUZZY_CUTOFF = 85.0  # 80 lets "hafta" (week) suggest Hatay and "kadın" Aydın
# Arabic spellings vary in one letter more often (final ه/ا: انقرة, انقرا) and fold already
# merges hamza forms, so one differing letter in five is still a likely match.
_FUZZY_CUTOFF_ARABIC = 80.0
_FUZZY_MIN_LEN = 4
_MAX_WINDOW = 3
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Typo matching skips the words of a typical blood question: "nerede" is one edit from nothing
# useful, but "kanda" or "merkezi" could drift towards a province with a lower cutoff.
_FUZZY_STOPWORDS = frozenset({
    "kan", "kani", "kanda", "bagis", "bagisi", "bagiscisi", "nerede", "nereye", "nasil",
    "merkez", "merkezi", "hastane", "hastanesi", "acil", "araniyor", "lazim", "yakin", "icin",
    "hakkinda", "hafta", "hata", "deniz", "kadin", "kardes", "sifir", "kilise",
    "blood", "donate", "donation", "donating", "where", "nearest", "centre", "center", "about",
    "هل", "اين", "الدم", "بالدم", "التبرع", "اتبرع", "مركز", "المركز", "اريد", "يمكنني", "اقرب",
    "مكان", "مرحبا", "شكرا", "ممكن",
})


@dataclass(frozen=True, slots=True)
class _Entry:
    province: Province | None = None
    districts: tuple[District, ...] = ()
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str
    key: str


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    entry: _Entry
    evidence: bool  # an ending, attached preposition or particle showed a place is meant


@dataclass(slots=True)
class _Index:
    provinces: dict[str, Province] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)
    districts: dict[str, list[District]] = field(default_factory=dict)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; plenty accurate for "which centre is nearest" within a country."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_key(text: str) -> str:
    """The lookup key of a name: folded, words joined (so spacing variants meet)."""
    return "".join(_WORD.findall(fold(_APOSTROPHES.sub(" ", text))))


def _tokenise(text: str) -> list[_Token]:
    # Splitting at apostrophes keeps "Ankara'da" as "Ankara" + "da" instead of fold's "ankarada".
    out: list[_Token] = []
    for raw in _WORD.findall(_APOSTROPHES.sub(" ", text)):
        key = "".join(_WORD.findall(fold(raw)))
        if key:
            out.append(_Token(raw=raw, key=key))
    return out


class Gazetteer:
    """Provinces and districts of Türkiye, with free-text place recognition."""

    def __init__(self, provinces: Sequence[dict[str, Any]], districts: Sequence[dict[str, Any]],
                 names: dict[str, dict[str, Any]]) -> None:
        by_plate: dict[int, Province] = {}
        for raw in provinces:
            plate = int(raw["id"])
            extra = names.get(f"{plate:02d}", {})
            arabic = list(extra.get("ar") or [])
            by_plate[plate] = Province(
                plate=plate, name=str(raw["name"]),
                latitude=float(raw["coordinates"]["latitude"]),
                longitude=float(raw["coordinates"]["longitude"]),
                arabic=str(arabic[0]) if arabic else str(raw["name"]),
            )
        self._by_plate = dict(sorted(by_plate.items()))
        self._index = _Index()
        self._district_by_id: dict[tuple[int, str], District] = {}
        self._districts_of: dict[int, list[District]] = {plate: [] for plate in self._by_plate}

        for raw in districts:
            province = self._by_plate[int(raw["provinceId"])]
            key = place_key(str(raw["name"]))
            district = District(name=str(raw["name"]), province=province, key=key)
            self._index.districts.setdefault(key, []).append(district)
            self._district_by_id[(province.plate, key)] = district
            self._districts_of[province.plate].append(district)

        raw_by_plate = {int(p["id"]): p for p in provinces}
        for plate, province in self._by_plate.items():
            raw_p = raw_by_plate[plate]
            extra = names.get(province.code, {})
            forms: list[str] = [province.name, str(raw_p.get("slug", "")), str(extra.get("tr", ""))]
            forms += [str(f) for f in extra.get("ar") or []]
            forms += [str(f) for f in extra.get("en_extra") or []]
            forms += list(_SHORT_FORMS.get(plate, ()))
            own_districts = {d.key for d in self._districts_of[plate]}
            for form in forms:
                key = place_key(form)
                # "Antakya", "İzmit", "Adapazarı" are districts of their province: let them
                # match as the district, which says more than the province.
                if not key or (key in own_districts and key != place_key(province.name)):
                    continue
                self._index.provinces.setdefault(key, province)
        self._index.weak = set(_WEAK_LATIN) | {place_key(w) for w in _WEAK_ARABIC}
        self._fuzzy_choices = {key: p for key, p in self._index.provinces.items() if len(key) >= 3}

    # ---- lookups -------------------------------------------------------------------------

    @property
    def provinces(self) -> tuple[Province, ...]:
        return tuple(self._by_plate.values())

    def province_by_plate(self, plate: int) -> Province | None:
        return self._by_plate.get(plate)

    def province_centre(self, plate: int) -> tuple[float, float]:
        """(latitude, longitude) of the province's city centre; KeyError for an unknown plate."""
        province = self._by_plate[plate]
        return province.latitude, province.longitude

    def nearest_province(self, latitude: float, longitude: float) -> Province:
        """The province whose city centre is nearest: a proxy, since borders are not shipped."""
        return min(self._by_plate.values(),
                   key=lambda p: haversine_km(latitude, longitude, p.latitude, p.longitude))

    def districts_of(self, plate: int) -> tuple[District, ...]:
        return tuple(self._districts_of.get(plate, ()))

    def district(self, plate: int, name_or_key: str) -> District | None:
        return self._district_by_id.get((plate, place_key(name_or_key)))

    def district_names(self) -> tuple[str, ...]:
        return tuple(d.name for ds in self._districts_of.values() for d in ds)

    # ---- free text -----------------------------------------------------------------------

    def find(self, text: str | None) -> PlaceMatch:
        """The place a citizen's text names; see the module docstring for the rules."""
        toks = _tokenise(text or "")
        if not toks:
            return NotFound()
        hits = self._scan(toks)
        hits = [h for h in hits if self._weak_ok(h, toks)]
        provinces = _unique(h.entry.province for h in hits if h.entry.province is not None)
        named = {p.plate for p in provinces}
        district_hits: list[tuple[District, ...]] = []
        for h in hits:
            cands = h.entry.districts
            if not cands:
                continue
            if cands[0].key in COMMON_WORD_DISTRICTS:
                cands = tuple(d for d in cands if d.province.plate in named)
            if cands:
                district_hits.append(cands)

        if provinces:
            for cands in district_hits:
                inside = [d for d in cands if d.province.plate in named]
                if len(inside) == 1:
                    return inside[0]
            return provinces[0]
        if district_hits:
            # An unambiguous district elsewhere in the text ("Gölbaşı Çankaya") settles the
            # province of an ambiguous one.
            implied = {c[0].province.plate for c in district_hits if len(c) == 1}
            for cands in district_hits:
                if len(cands) == 1:
                    return cands[0]
                narrowed = [d for d in cands if d.province.plate in implied]
                if len(narrowed) == 1:
                    return narrowed[0]
            return Ambiguous(candidates=tuple(sorted(district_hits[0],
                                                     key=lambda d: d.province.name)))
        return NotFound(suggestions=self.suggest(text or ""))

    def suggest(self, text: str, limit: int = 3) -> tuple[Province, ...]:
        """Provinces whose names are close to a word in `text` (typos: "Ankra", "Izmr")."""
        # Exact names were already tried by find(); a weak one that failed there ("ağrı" in a
        # sentence about pain) or an ignored district ("saray") must not come back as a
        # near-miss suggestion.
        keys = [t.key for t in _tokenise(text)
                if t.key not in _FUZZY_STOPWORDS and t.key not in self._index.weak
                and t.key not in self._index.districts and not t.key.isdigit()]
        words = [k for k in keys if len(k) >= _FUZZY_MIN_LEN]
        # "Gazi Antp", "Kahraman Mraş": a typo in a name written as two words.
        words += [a + b for a, b in itertools.pairwise(keys) if min(len(a), len(b)) >= 3]
        best: dict[int, float] = {}
        for word in words:
            variants = {word} | {stem for stem, _ in _latin_stems(word)}
            for variant in variants:
                cutoff = _FUZZY_CUTOFF_ARABIC if has_arabic_script(variant) else _FUZZY_CUTOFF
                for choice, score, _ in process.extract(
                        variant, list(self._fuzzy_choices), scorer=fuzz.ratio,
                        score_cutoff=cutoff, limit=limit):
                    province = self._fuzzy_choices[choice]
                    best[province.plate] = max(best.get(province.plate, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self._by_plate[kv[0]].name))
        return tuple(self._by_plate[plate] for plate, _ in ranked[:limit])

    def _lookup(self, key: str) -> _Entry | None:
        province = self._index.provinces.get(key)
        if province is not None:
            return _Entry(province=province, weak=key in self._index.weak)
        districts = self._index.districts.get(key)
        if districts:
            return _Entry(districts=tuple(districts))
        return None

    def _scan(self, toks: Sequence[_Token]) -> list[_Hit]:
        hits: list[_Hit] = []
        i = 0
        while i < len(toks):
            hit = None
            for size in range(min(_MAX_WINDOW, len(toks) - i), 0, -1):
                hit = self._match_window(toks, i, size)
                if hit is not None:
                    break
            if hit is None:
                i += 1
            else:
                hits.append(hit)
                i = hit.end
        return hits

    def _match_window(self, toks: Sequence[_Token], start: int, size: int) -> _Hit | None:
        window = [t.key for t in toks[start:start + size]]
        if size > 1 and min(len(k) for k in window) < 2:
            return None  # "A yaş" (blood group A, age) must not join into Ayaş
        end = start + size
        head, body, last = window[0], window[1:-1], window[-1]
        firsts: list[tuple[str, bool]] = [(head, False)]
        if has_arabic_script(head):
            firsts += [(head[len(p):], True) for p in _ARABIC_PREFIXES
                       if head.startswith(p) and len(head) - len(p) >= 2]
        for first, prefixed in firsts:
            if size == 1:
                candidates = [(first, "")]
                if not has_arabic_script(first):
                    candidates += _latin_stems(first)
            else:
                candidates = [(first + "".join(body) + last, "")]
                if not has_arabic_script(last):
                    candidates += [(first + "".join(body) + stem, sfx)
                                   for stem, sfx in _latin_stems(last)]
            for key, suffix in candidates:
                entry = self._lookup(key)
                if entry is not None:
                    return _Hit(start=start, end=end, entry=entry,
                                evidence=prefixed or bool(suffix))
        return None

    def _weak_ok(self, hit: _Hit, toks: Sequence[_Token]) -> bool:
        if not hit.entry.weak:
            return True
        first = toks[hit.start]
        if has_arabic_script(first.raw) and _HAMZA.search(first.raw):
            return False  # وأن / وإن: the conjunction, not وان (Van)
        if hit.evidence or len(toks) <= _SHORT_TEXT_TOKENS:
            return True
        if hit.start > 0 and toks[hit.start - 1].key in _PLACE_PARTICLES:
            return True
        # Latin script: a capital ("Ordu", "ORDU") is how people write the city, not the word.
        return not has_arabic_script(first.raw) and first.raw[:1].isupper()


def _latin_stems(word: str) -> list[tuple[str, str]]:
    return [(word[: -len(s)], s) for s in _LATIN_SUFFIXES
            if word.endswith(s) and len(word) - len(s) >= _STEM_MIN]


def _unique(items: Iterable[Province]) -> list[Province]:
    seen: set[int] = set()
    out: list[Province] = []
    for p in items:
        if p.plate not in seen:
            seen.add(p.plate)
            out.append(p)
    return out


def _read_json(*parts: str) -> Any:
    resource = resources.files("blood").joinpath("data", *parts)
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the shipped data, loaded once per process."""
    return Gazetteer(
        provinces=_read_json("turkiye", "provinces.json"),
        districts=_read_json("turkiye", "districts.json"),
        names=_read_json("turkiye", "province-names.json"),
    )


def province_by_plate(plate: int) -> Province | None:
    return load_gazetteer().province_by_plate(plate)


def province_centre(plate: int) -> tuple[float, float]:
    return load_gazetteer().province_centre(plate)


def nearest_province(latitude: float, longitude: float) -> Province:
    return load_gazetteer().nearest_province(latitude, longitude)
