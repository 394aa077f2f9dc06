from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from support.conversation import describe_hours
from support.hours import DEFAULT_HOURS, SupportHours, is_open

IST = ZoneInfo("Europe/Istanbul")


def at(day: int, hour: int, minute: int = 0, tz: ZoneInfo = IST) -> datetime:
    """2026-11-16 is a Monday; `day` counts from it (0 = Monday)."""
    return datetime(2026, 11, 16 + day, hour, minute, tzinfo=tz)


def test_default_is_every_day_eight_to_ten_istanbul() -> None:
    assert DEFAULT_HOURS.opens == time(8, 0) and DEFAULT_HOURS.closes == time(22, 0)
    assert DEFAULT_HOURS.every_day and DEFAULT_HOURS.timezone == "Europe/Istanbul"


@pytest.mark.parametrize(("moment", "expected"), [
    (at(0, 7, 59), False),
    (at(0, 8, 0), True),
    (at(3, 13, 0), True),
    (at(6, 21, 59), True),
    (at(6, 22, 0), False),
    (at(5, 2, 0), False),
])
def test_default_hours(moment: datetime, expected: bool) -> None:
    assert is_open(moment) is expected


def test_other_time_zones_are_converted() -> None:
    # 05:30 UTC is 08:30 in Istanbul (UTC+3 all year).
    assert is_open(datetime(2026, 11, 20, 5, 30, tzinfo=UTC))
    assert not is_open(datetime(2026, 11, 20, 4, 30, tzinfo=UTC))
    # 21:30 in New York is 05:30 the next morning in Istanbul.
    assert not is_open(datetime(2026, 11, 20, 21, 30, tzinfo=ZoneInfo("America/New_York")))
    # 02:00 at UTC-5 is 10:00 in Istanbul.
    assert is_open(datetime(2026, 11, 20, 2, 0, tzinfo=timezone(timedelta(hours=-5))))


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        is_open(datetime(2026, 11, 20, 12, 0))


def test_weekdays_only() -> None:
    hours = SupportHours(opens=time(9), closes=time(17), days=(0, 1, 2, 3, 4))
    assert is_open(at(4, 16, 59), hours)
    assert not is_open(at(5, 12, 0), hours)
    assert not is_open(at(6, 12, 0), hours)


def test_hours_across_midnight_belong_to_the_day_they_start() -> None:
    night = SupportHours(opens=time(20), closes=time(2), days=(4,))  # Friday night shift
    assert is_open(at(4, 20, 0), night)
    assert is_open(at(4, 23, 59), night)
    assert is_open(at(5, 1, 59), night)  # Saturday 01:59, still Friday's shift
    assert not is_open(at(5, 2, 0), night)
    assert not is_open(at(4, 1, 0), night)  # Friday 01:00 belongs to Thursday, which is off
    assert not is_open(at(5, 20, 0), night)


def test_across_midnight_and_time_zones_together() -> None:
    night = SupportHours(opens=time(22), closes=time(6))
    # 20:30 UTC on Friday is 23:30 in Istanbul.
    assert is_open(datetime(2026, 11, 20, 20, 30, tzinfo=UTC), night)
    # 03:30 UTC is 06:30 in Istanbul: closed.
    assert not is_open(datetime(2026, 11, 21, 3, 30, tzinfo=UTC), night)


def test_equal_times_mean_round_the_clock() -> None:
    always = SupportHours(opens=time(0), closes=time(0), days=(0, 1, 2, 3, 4, 5, 6))
    assert is_open(at(2, 3, 0), always)


def test_configurable_zone() -> None:
    berlin = SupportHours(timezone="Europe/Berlin")
    # 07:30 in Berlin is 09:30 in Istanbul: closed in Berlin terms.
    assert not is_open(datetime(2026, 11, 20, 7, 30, tzinfo=ZoneInfo("Europe/Berlin")), berlin)
    assert is_open(datetime(2026, 11, 20, 7, 30, tzinfo=ZoneInfo("Europe/Berlin")))


def test_configuration_from_plain_values() -> None:
    hours = SupportHours.model_validate({"opens": "09:30", "closes": "18:00", "days": [4, 0, 0]})
    assert hours.opens == time(9, 30) and hours.days == (0, 4)


@pytest.mark.parametrize("bad", [
    {"timezone": "Mars/Olympus"},
    {"days": [7]},
    {"days": []},
    {"opens": "25:00"},
    {"weekends": True},
])
def test_bad_configuration_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SupportHours.model_validate(bad)


def test_describe_hours() -> None:
    assert describe_hours(DEFAULT_HOURS, "tr") == "her gün 08:00–22:00"
    assert describe_hours(DEFAULT_HOURS, "en") == "every day, 08:00–22:00"
    office = SupportHours(opens=time(9), closes=time(17), days=(0, 1, 2, 3, 4, 6))
    assert describe_hours(office, "en") == "Mon–Fri, Sun, 09:00–17:00"
    assert "09:00" in describe_hours(office, "ar")
