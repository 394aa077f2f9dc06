"""When people answer: support hours, in the team's own time zone.

Hours may run past midnight (e.g. 20:00–02:00): the late part belongs to the day the shift
started, so "Fridays 20:00–02:00" is open at 01:00 on Saturday and closed at 01:00 on Friday.
Equal opening and closing times mean the listed days are covered round the clock.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


class SupportHours(BaseModel):
    """Configurable from settings or JSON: {"opens": "08:00", "closes": "22:00", "days": [0..6]}.

    Days are ISO weekdays counted from Monday = 0, as `datetime.weekday()` does.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    opens: time = time(8, 0)
    closes: time = time(22, 0)
    days: tuple[int, ...] = Field(EVERY_DAY, min_length=1)
    timezone: str = "Europe/Istanbul"

    @field_validator("days")
    @classmethod
    def _known_days(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        if any(day not in EVERY_DAY for day in days):
            raise ValueError("days are 0 (Monday) to 6 (Sunday)")
        return tuple(sorted(set(days)))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r}") from exc
        return name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def every_day(self) -> bool:
        return self.days == EVERY_DAY


DEFAULT_HOURS = SupportHours()


def is_open(now: datetime, hours: SupportHours = DEFAULT_HOURS) -> bool:
    """Whether support is staffed at `now` (timezone-aware; a naive time is a bug upstream)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(hours.zone)
    clock = local.time().replace(tzinfo=None)
    today = local.weekday()
    yesterday = (local - timedelta(days=1)).weekday()
    if hours.opens == hours.closes:
        return today in hours.days
    if hours.opens < hours.closes:
        return today in hours.days and hours.opens <= clock < hours.closes
    return (today in hours.days and clock >= hours.opens) or (yesterday in hours.days and clock < hours.closes)
