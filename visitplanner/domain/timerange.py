"""Aware instants and time ranges: the one `overlaps()` every overlap question uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from visitplanner.domain.errors import UserError

__all__ = [
    "UTC",
    "TimeRange",
    "gap_minutes",
    "local_datetime",
    "local_day_bounds",
    "overlaps",
    "require_aware",
    "require_wall_time",
    "snap",
    "to_local",
    "zone",
]


def require_aware(value: datetime, field: str = "time") -> datetime:
    """Return `value` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise UserError(f"{field}: a time without a time zone is ambiguous", field=field)
    return value.astimezone(UTC)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when the half-open ranges [a_start, a_end) and [b_start, b_end) share an instant.

    Back-to-back ranges (one ends when the other starts) do not overlap.
    """
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True, order=True)
class TimeRange:
    """A half-open range of aware instants [start, end).

    Attributes:
        start: first instant (aware).
        end: first instant after the range (aware, after start).
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        start = require_aware(self.start, "start")
        end = require_aware(self.end, "end")
        if end <= start:
            raise UserError("end: must be after the start", field="end")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: TimeRange) -> bool:
        return overlaps(self.start, self.end, other.start, other.end)

    def shifted(self, delta: timedelta) -> TimeRange:
        return TimeRange(self.start + delta, self.end + delta)


def zone(name: str, field: str = "time_zone") -> ZoneInfo:
    """The IANA zone called `name`, or a `UserError` naming the field."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:  # OSError: a name too long for a file
        raise UserError(
            f"{field}: unknown time zone {name!r} (use an IANA name such as Europe/London)", field=field
        ) from exc


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants where the local calendar day `day` begins and ends in `tz`."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def whole_days(start: datetime, end: datetime, tz: tzinfo) -> tuple[date, date] | None:
    """(first day, day after the last) when `start`..`end` is one or more whole local days in
    `tz` (from the start of a day to the start of a later one, as an all-day calendar item is
    read), else None."""
    first = start.astimezone(tz).date()
    if end <= start or local_day_bounds(first, tz)[0] != start:
        return None
    after = end.astimezone(tz).date()
    if local_day_bounds(after, tz)[0] != end:
        return None
    return first, after


def local_datetime(day: date, at: time, tz: tzinfo) -> datetime:
    """The aware instant of wall-clock `at` on `day` in `tz`, normalised to UTC.

    In a gap (clocks go forward) the wall time is read with the offset before the change, so
    it lands past the gap (01:30 on a spring-forward night in London is 02:30 BST); in a fold
    (clocks go back) the first occurrence is taken, as calendar clients do.
    """
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


def gap_minutes(day: date, at: time, tz: tzinfo) -> int:
    """How far the clocks jump forward over wall-clock `at` on `day` in `tz`, in minutes, when
    that wall time does not exist (it falls in the gap of a change to summer time); else 0."""
    naive = datetime.combine(day, at)
    earlier = naive.replace(tzinfo=tz, fold=0)
    if earlier.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return 0
    jump = naive.replace(tzinfo=tz, fold=1).utcoffset() - earlier.utcoffset()  # type: ignore[operator]
    return int(abs(jump.total_seconds()) // 60)


def require_wall_time(day: date, at: time, tz: tzinfo, field: str) -> None:
    """Refuse a wall-clock time that does not exist on `day` in `tz` (typed by an officer: taking
    it to mean the time after the gap would move the engagement without saying so)."""
    jump = gap_minutes(day, at, tz)
    if jump:
        hours, minutes = divmod(jump, 60)
        amount = f"{hours} hour{'s' if hours != 1 else ''}" if not minutes else f"{jump} minutes"
        name = getattr(tz, "key", None) or str(tz)
        raise UserError(
            f"{field}: {at:%H:%M} does not exist on {day:%a} {day.day} {day:%b %Y} in {name}: "
            f"the clocks go forward {amount} that night; choose a time before or after the change",
            field=field,
        )


def to_local(value: datetime, tz: tzinfo) -> datetime:
    return value.astimezone(tz)


def snap(value: datetime, minutes: int) -> datetime:
    """`value` rounded to the nearest multiple of `minutes` since midnight UTC-offset-free."""
    step = timedelta(minutes=minutes)
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    offset = value - epoch
    return epoch + round(offset / step) * step
