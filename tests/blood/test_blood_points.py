"""Donation points: file format, validation, nearest/province/district queries, sample data."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from blood.gazetteer import Gazetteer
from blood.points import (
    POINTS_FORMAT,
    DonationPoint,
    PointsFileError,
    in_district,
    in_province,
    load_points,
    nearest,
    parse_points_file,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILE = ROOT / "services" / "blood" / "src" / "blood" / "data" / "donation_points.sample.json"


def _point(**overrides: Any) -> dict[str, Any]:
    point: dict[str, Any] = {
        "id": "ank-1", "name": "Kan Bağış Merkezi", "kind": "fixed_centre",
        "province_plate": 6, "province": "Ankara", "district": "Çankaya",
        "address": "Kızılay, Çankaya/Ankara", "opening_hours": "Hafta içi 09:00-18:00",
        "phone": "168", "latitude": 39.92, "longitude": 32.85,
    }
    point.update(overrides)
    return point


def _file(points: list[Any], **header: Any) -> bytes:
    body: dict[str, Any] = {"format": POINTS_FORMAT, "sample": False, "note": "test", "points": points}
    body.update(header)
    return json.dumps(body, ensure_ascii=False).encode()


# ---- parsing ----------------------------------------------------------------------------------

def test_parse_valid_file() -> None:
    points = parse_points_file(_file([_point(), _point(id="izm-1", province_plate=35,
                                                       province="Izmir", district="Konak",
                                                       latitude=38.42, longitude=27.13)]))
    assert [p.id for p in points] == ["ank-1", "izm-1"]
    assert all(isinstance(p, DonationPoint) and p.sample is False for p in points)


def test_file_sample_flag_is_the_default_of_each_point() -> None:
    points = parse_points_file(_file([_point(), _point(id="x", sample=False)], sample=True))
    assert [p.sample for p in points] == [True, False]


def test_every_invalid_record_is_listed() -> None:
    records: list[Any] = [
        _point(),                                              # fine
        _point(id="bad-lat", latitude=52.0),                   # outside Türkiye
        _point(id="bad-kind", kind="hospital"),
        _point(id="bad-plate", province_plate=99),
        _point(id="wrong-province", province="İzmir"),         # plate 6 is Ankara
        _point(id="bad-district", district="Konak"),           # Konak is in İzmir
        _point(id="far", latitude=36.9, longitude=30.7),       # Antalya coordinates, Ankara plate
        _point(id="typo", opening_hour="x"),                   # misspelt field
        _point(id="no-phone", phone="call us"),
        _point(id="ank-1"),                                    # repeated id
        "not an object",
        {k: v for k, v in _point(id="missing").items() if k != "address"},
    ]
    with pytest.raises(PointsFileError) as info:
        parse_points_file(_file(records))
    problems = info.value.problems
    assert len(problems) == len(records) - 1
    text = str(info.value)
    assert isinstance(info.value, ValueError)
    for needle in ("points[1] (id 'bad-lat'): latitude", "points[2] (id 'bad-kind'): kind",
                   "points[3] (id 'bad-plate'): province_plate", "does not match plate 06",
                   "'Konak' is not a district of Ankara", "km from the centre of Ankara",
                   "opening_hour", "points[8] (id 'no-phone'): phone", "id repeats points[0]",
                   "points[10]: must be an object", "points[11] (id 'missing'): address"):
        assert needle in text, needle


@pytest.mark.parametrize(("data", "needle"), [
    (b"\xff\xfe", "not UTF-8 JSON"),
    (b"{", "not UTF-8 JSON"),
    (b"[]", "JSON object"),
    (json.dumps({"format": "other/v9", "points": []}).encode(), "format"),
    (json.dumps({"format": POINTS_FORMAT}).encode(), "points"),
    (_file([]), "empty"),
])
def test_file_level_errors(data: bytes, needle: str) -> None:
    with pytest.raises(PointsFileError, match=needle):
        parse_points_file(data)


def test_load_points_from_path(tmp_path: Path) -> None:
    path = tmp_path / "points.json"
    path.write_bytes(_file([_point()]))
    assert [p.id for p in load_points(path)] == ["ank-1"]
    assert [p.id for p in load_points(str(path))] == ["ank-1"]


def test_points_are_immutable() -> None:
    point = parse_points_file(_file([_point()]))[0]
    with pytest.raises(ValueError, match="frozen"):
        point.name = "x"  # type: ignore[misc]


# ---- queries ---------------------------------------------------------------------------------

def test_nearest_to_kizilay_square_is_in_ankara(points: list[DonationPoint]) -> None:
    ranked = nearest(points, 39.9207886, 32.8540497)
    assert len(ranked) == 3
    assert all(p.province_plate == 6 for p, _ in ranked)
    distances = [km for _, km in ranked]
    assert distances == sorted(distances) and distances[0] < 1


def test_nearest_to_konak_is_izmir_konak_first(points: list[DonationPoint]) -> None:
    ranked = nearest(points, 38.4237, 27.1428)
    assert all(p.province_plate == 35 for p, _ in ranked)
    closest, km = ranked[0]
    assert closest.district == "Konak" and km < 2


def test_nearest_limits(points: list[DonationPoint]) -> None:
    assert len(nearest(points, 39.0, 35.0, limit=5)) == 5
    assert nearest(points, 39.0, 35.0, limit=0) == []
    assert nearest([], 39.0, 35.0) == []


def test_in_province_and_district(points: list[DonationPoint]) -> None:
    izmir = in_province(points, 35)
    assert 3 <= len(izmir) <= 5 and all(p.province_plate == 35 for p in izmir)
    kinds = [p.kind for p in izmir]
    assert kinds.index("mobile") > kinds.index("fixed_centre")  # fixed centres first
    konak = in_district(points, 35, "Konak")
    assert [p.district for p in konak] == ["Konak"]
    assert in_district(points, 35, "konak") == konak
    # no sample point in Çeşme: the whole province instead
    assert in_district(points, 35, "Çeşme") == izmir
    assert in_province(points, 99) == []


# ---- the shipped sample data --------------------------------------------------------------------

def test_sample_file_loads_from_the_package(points: list[DonationPoint]) -> None:
    assert points == load_points(SAMPLE_FILE)
    assert all(p.sample for p in points)


def test_sample_covers_every_province(points: list[DonationPoint], gazetteer: Gazetteer) -> None:
    plates = {p.province_plate for p in points}
    assert plates == set(range(1, 82))
    for province in gazetteer.provinces:
        at_centre = [p for p in points if p.province_plate == province.plate
                     and (p.latitude, p.longitude) == (round(province.latitude, 6),
                                                        round(province.longitude, 6))]
        assert at_centre, province.name
    for plate in (6, 27, 34, 35):
        assert 3 <= len(in_province(points, plate)) <= 5


def test_sample_is_clearly_marked(points: list[DonationPoint]) -> None:
    ids = [p.id for p in points]
    assert len(ids) == len(set(ids))
    for p in points:
        assert "ÖRNEK" in p.name and "(örnek veri)" in p.name
        assert "ÖRNEK" in p.address and "(örnek veri)" in p.address
        assert "(örnek veri)" in p.opening_hours
        assert p.phone == "168"  # the real free call centre; no invented numbers
    raw = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    assert raw["sample"] is True and "SAMPLE" in raw["note"]


def test_sample_districts(points: list[DonationPoint]) -> None:
    districts = {(p.province_plate, p.district) for p in points if p.district}
    assert {(35, "Konak"), (35, "Bornova"), (6, "Çankaya"), (34, "Kadıköy"),
            (27, "Şahinbey")} <= districts


def test_sample_file_matches_the_generator() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_sample_points", ROOT / "tools" / "make_sample_points.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == SAMPLE_FILE.read_text(encoding="utf-8"), (
        "run: uv run python tools/make_sample_points.py")
    assert module.main(["--check"]) == 0
