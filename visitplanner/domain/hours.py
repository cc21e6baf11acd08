"""Opening hours per weekday, in the venue's own time zone, including spans past midnight."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from visitplanner.domain.errors import UserError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


def _parse_time(h: str, m: str, field: str) -> time:
    hour, minute = int(h), int(m)
    if hour == 24 and minute == 0:
        return time(0)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise UserError(f"{field}: {h}:{m} is not a time of day", field=field)
    return time(hour, minute)


@dataclass(frozen=True)
class OpeningHours:
    """Weekly opening hours. A day with no spans is closed; a span whose close is not
    after its open runs past midnight (e.g. 18:00–02:00); 00:00–00:00 is all day.

    Attributes:
        spans: for each weekday key ("mon".."sun"), the (open, close) wall-clock pairs.
    """

    spans: Mapping[str, tuple[tuple[time, time], ...]]

    @classmethod
    def from_json(cls, data: Mapping[str, Sequence[Sequence[str]]], field: str = "opening_hours") -> OpeningHours:
        spans: dict[str, tuple[tuple[time, time], ...]] = {}
        for key, pairs in data.items():
            if key not in WEEKDAYS:
                raise UserError(f"{field}: unknown weekday {key!r} (use mon..sun)", field=field)
            parsed = []
            for pair in pairs:
                if len(pair) != 2:
                    raise UserError(f"{field}.{key}: each span needs an opening and a closing time", field=field)
                parsed.append(cls._span(f"{pair[0]}-{pair[1]}", f"{field}.{key}"))
            spans[key] = tuple(parsed)
        return cls(spans)

    def to_json(self) -> dict[str, list[list[str]]]:
        return {
            day: [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in self.spans.get(day, ())]
            for day in WEEKDAYS
            if day in self.spans
        }

    @staticmethod
    def _span(text: str, field: str) -> tuple[time, time]:
        match = _SPAN.match(text.strip())
        if not match:
            raise UserError(f"{field}: {text.strip()!r} is not a span like 09:00-17:30", field=field)
        return _parse_time(match[1], match[2], field), _parse_time(match[3], match[4], field)

    @classmethod
    def parse(cls, text: str, field: str = "opening_hours") -> OpeningHours:
        """Parse "mon-fri 08:00-18:00; sat 10:00-14:00" (days not named are closed)."""
        spans: dict[str, list[tuple[time, time]]] = {}
        for clause in filter(None, (c.strip() for c in text.split(";"))):
            days_part, _, times_part = clause.partition(" ")
            days = cls._days(days_part.strip().lower(), field)
            times = [cls._span(t, field) for t in times_part.split(",") if t.strip()]
            if not times:
                raise UserError(f"{field}: {clause!r} names days but no hours", field=field)
            for day in days:
                spans.setdefault(day, []).extend(times)
        return cls({d: tuple(v) for d, v in spans.items()})

    @staticmethod
    def _days(text: str, field: str) -> list[str]:
        result: list[str] = []
        for item in text.split(","):
            first, _, last = item.partition("-")
            first, last = first.strip()[:3], (last.strip()[:3] or first.strip()[:3])
            if first not in WEEKDAYS or last not in WEEKDAYS:
                raise UserError(f"{field}: {item!r} is not a weekday or range like mon-fri", field=field)
            i, j = WEEKDAYS.index(first), WEEKDAYS.index(last)
            result.extend(WEEKDAYS[k % 7] for k in range(i, i + (j - i) % 7 + 1))
        return result

    def open_intervals(self, start: datetime, end: datetime, tz: tzinfo) -> list[tuple[datetime, datetime]]:
        """The aware intervals the venue is open that touch [start, end), computed in `tz`."""
        local_start = start.astimezone(tz)
        local_end = end.astimezone(tz)
        day = local_start.date() - timedelta(days=1)  # a span from the day before may run past midnight
        intervals: list[tuple[datetime, datetime]] = []
        while day <= local_end.date():
            for opens, closes in self.spans.get(WEEKDAYS[day.weekday()], ()):
                o = datetime.combine(day, opens, tzinfo=tz)
                close_day = day if closes > opens else day + timedelta(days=1)
                c = datetime.combine(close_day, closes, tzinfo=tz)
                intervals.append((o, c))
            day += timedelta(days=1)
        intervals.sort()
        merged: list[tuple[datetime, datetime]] = []
        for o, c in intervals:
            if merged and o <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], c))
            else:
                merged.append((o, c))
        return merged

    def is_open_throughout(self, start: datetime, end: datetime, tz: tzinfo) -> bool:
        """True when the venue is open for the whole of [start, end)."""
        return any(o <= start and end <= c for o, c in self.open_intervals(start, end, tz))
