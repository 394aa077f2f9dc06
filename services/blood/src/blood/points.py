"""Blood donation points: the list file, its validation, and "which are near me".

File format (``kizilay-donation-points/v1``), UTF-8 JSON, the same for the shipped sample and for
the real list staff import::

    {
      "format": "kizilay-donation-points/v1",
      "sample": false,                  # true only for made-up data; copied to every point
      "note": "free text: source, date of export, who checked it",
      "points": [
        {
          "id": "ank-kizilay-1",        # stable, unique in the file (1-64 chars)
          "name": "Kızılay Kan Bağış Merkezi",
          "kind": "fixed_centre",       # fixed_centre | mobile | regional_centre
          "province_plate": 6,          # 1..81, must agree with "province"
          "province": "Ankara",         # Turkish spelling; ASCII ("Izmir") is accepted too
          "district": "Çankaya",        # optional; must be a district of that province
          "address": "…",
          "opening_hours": "Hafta içi 09:00-18:00",   # free text, shown as written
          "phone": "168",               # digits, spaces, + ( ) - only
          "latitude": 39.9208,          # WGS84 decimal degrees, inside Türkiye
          "longitude": 32.8541,
          "sample": false               # optional; defaults to the file's "sample"
        }
      ]
    }

Unknown fields inside a point are rejected (a misspelt "opening_hour" would otherwise vanish
silently); unknown top-level fields are ignored so an exporter may add metadata. A file is
accepted whole or not at all, and a rejection lists every invalid record at once, so staff fix
an export in one pass instead of one error per upload.

Mobile teams move daily; a mobile point here is a regular stop, and its hours should say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from blood.gazetteer import Gazetteer, haversine_km, load_gazetteer, place_key

POINTS_FORMAT = "kizilay-donation-points/v1"
SAMPLE_RESOURCE = "donation_points.sample.json"
PointKind = Literal["fixed_centre", "mobile", "regional_centre"]

# A point further than this from its province's centre almost certainly has the wrong plate or
# swapped/mistyped coordinates (the farthest districts, e.g. Anamur from Mersin, are ~200 km).
MAX_KM_FROM_PROVINCE_CENTRE = 250.0
# Fixed centres first: they keep regular hours, unlike a mobile team's stop.
_KIND_ORDER: dict[str, int] = {"fixed_centre": 0, "regional_centre": 1, "mobile": 2}


class DonationPoint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    kind: PointKind
    province_plate: int = Field(ge=1, le=81)
    province: str = Field(min_length=1, max_length=60)
    district: str | None = Field(default=None, max_length=60)
    address: str = Field(min_length=1, max_length=500)
    opening_hours: str = Field(min_length=1, max_length=300)
    phone: str = Field(min_length=3, max_length=40, pattern=r"^\+?[0-9][0-9 ()\-]*[0-9]$")
    # Türkiye's extent with a small margin: catches swapped latitude/longitude.
    latitude: float = Field(ge=35.5, le=42.5)
    longitude: float = Field(ge=25.5, le=45.0)
    sample: bool = False


class PointsFileError(ValueError):
    """A points file that cannot be imported; `problems` has one line per fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"donation points file rejected ({count} problem"
                         f"{'' if count == 1 else 's'}):\n{lines}")


class _PointsFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["kizilay-donation-points/v1"]
    sample: bool = False
    note: str = ""
    points: list[Any]


def _describe(error: ValidationError) -> str:
    parts = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"]) or "record"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


def parse_points_file(data: bytes | str, *, gazetteer: Gazetteer | None = None) -> list[DonationPoint]:
    """Validate a whole points file (see the module docstring); PointsFileError lists all faults."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PointsFileError([f"not UTF-8 JSON: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise PointsFileError(["the file must be a JSON object with \"format\" and \"points\""])
    try:
        header = _PointsFile.model_validate(raw)
    except ValidationError as exc:
        raise PointsFileError([_describe(exc)]) from exc

    geo = gazetteer or load_gazetteer()
    problems: list[str] = []
    points: list[DonationPoint] = []
    seen_ids: dict[str, int] = {}
    for i, record in enumerate(header.points):
        label = f"points[{i}]"
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            label += f" (id {record['id']!r})"
        if not isinstance(record, dict):
            problems.append(f"{label}: must be an object")
            continue
        record = {"sample": header.sample, **record}
        try:
            point = DonationPoint.model_validate(record)
        except ValidationError as exc:
            problems.append(f"{label}: {_describe(exc)}")
            continue
        faults = _check_place(point, geo)
        if point.id in seen_ids:
            faults.append(f"id repeats points[{seen_ids[point.id]}]")
        else:
            seen_ids[point.id] = i
        if faults:
            problems.append(f"{label}: " + "; ".join(faults))
        else:
            points.append(point)
    if not header.points:
        problems.append("points: the list is empty")
    if problems:
        raise PointsFileError(problems)
    return points


def _check_place(point: DonationPoint, geo: Gazetteer) -> list[str]:
    province = geo.province_by_plate(point.province_plate)
    if province is None:
        return [f"province_plate: no province {point.province_plate}"]
    faults: list[str] = []
    if place_key(point.province) != place_key(province.name):
        faults.append(f"province: {point.province!r} does not match plate "
                      f"{province.code} ({province.name})")
    if point.district and geo.district(province.plate, point.district) is None:
        faults.append(f"district: {point.district!r} is not a district of {province.name}")
    km = haversine_km(point.latitude, point.longitude, province.latitude, province.longitude)
    if km > MAX_KM_FROM_PROVINCE_CENTRE:
        faults.append(f"latitude/longitude: {km:.0f} km from the centre of {province.name}; "
                      "check the coordinates and the plate")
    return faults


def load_points(source: str | Path | Traversable | None = None, *,
                gazetteer: Gazetteer | None = None) -> list[DonationPoint]:
    """Points from a file path, or the shipped sample list when no source is given."""
    resource: Path | Traversable
    if source is None:
        resource = resources.files("blood").joinpath("data", SAMPLE_RESOURCE)
    elif isinstance(source, str):
        resource = Path(source)
    else:
        resource = source
    return parse_points_file(resource.read_bytes(), gazetteer=gazetteer)


def _ordered(points: Iterable[DonationPoint]) -> list[DonationPoint]:
    # Stable: within a kind, the order staff gave the file is kept.
    return sorted(points, key=lambda p: _KIND_ORDER[p.kind])


def nearest(points: Sequence[DonationPoint], latitude: float, longitude: float,
            limit: int = 3) -> list[tuple[DonationPoint, float]]:
    """The `limit` nearest points with their great-circle distance in km, nearest first."""
    ranked = sorted(
        ((p, haversine_km(latitude, longitude, p.latitude, p.longitude)) for p in points),
        key=lambda pk: (pk[1], pk[0].id),
    )
    return ranked[: max(0, limit)]


def in_province(points: Sequence[DonationPoint], plate: int) -> list[DonationPoint]:
    return _ordered(p for p in points if p.province_plate == plate)


def in_district(points: Sequence[DonationPoint], plate: int, district: str) -> list[DonationPoint]:
    """Points in that district; when it has none, every point of the province instead."""
    key = place_key(district)
    inside = _ordered(p for p in points if p.province_plate == plate
                      and p.district is not None and place_key(p.district) == key)
    return inside or in_province(points, plate)
