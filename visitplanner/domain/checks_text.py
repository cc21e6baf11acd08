"""Wording of check findings: local times like "Tue 14 May 10:30", lists of names, plurals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from visitplanner.domain.formatting import span

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_PLURAL = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NAMES_SHOWN = 5


def day_text(day: date) -> str:
    """The day as "Tue 14 May" (English, whatever the machine's locale)."""
    return f"{WEEKDAY_ABBR[day.weekday()]} {day.day} {MONTH_ABBR[day.month - 1]}"


class Clock:
    """Formats instants as wall-clock text in one zone, caching what it has formatted.

    Attributes:
        tz: the zone the text is in (the visit's local zone, or a venue's).
    """

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._spans: dict[tuple[datetime, datetime], str] = {}

    def at(self, instant: datetime) -> str:
        """The instant as "Tue 14 May 10:30"; a wall time that happens twice (clocks going back)
        names its zone: "Sun 25 Oct 01:30 BST"."""
        local = instant.astimezone(self.tz)
        return f"{day_text(local.date())} {_wall(local, repeated(local))}"

    def span(self, start: datetime, end: datetime) -> str:
        """The range as "Tue 14 May 10:30–11:30", or "Tue 14 May 23:30 – Wed 15 May 00:30" across midnight.

        When the clocks change within the range, or an end falls in the hour that repeats, both
        ends name their zone, so the length reads right: "Sun 25 Oct 00:30 BST – 03:00 GMT".
        """
        key = (start, end)
        text = self._spans.get(key)
        if text is None:
            local_start = start.astimezone(self.tz)
            local_end = end.astimezone(self.tz)
            named = local_start.utcoffset() != local_end.utcoffset() or repeated(local_start) or repeated(local_end)
            first, last = _wall(local_start, named), _wall(local_end, named)
            if local_start.date() == local_end.date():
                text = f"{day_text(local_start.date())} {span(first, last, spaced=named)}"
            else:
                text = span(f"{day_text(local_start.date())} {first}", f"{day_text(local_end.date())} {last}", True)
            self._spans[key] = text
        return text


def repeated(local: datetime) -> bool:
    """Whether the wall time of `local` (an aware local time) happens twice that day, in the hour
    the clocks go back."""
    other = local.replace(fold=1 - local.fold)
    return other.utcoffset() != local.utcoffset()


def _wall(local: datetime, named: bool) -> str:
    """ "10:30", or "01:30 BST" when the zone must be named."""
    return f"{local:%H:%M} {local.tzname()}" if named else f"{local:%H:%M}"


def join_names(names: Sequence[str], limit: int = NAMES_SHOWN) -> str:
    """Names as "A", "A and B", "A, B and C", or "A, B, C, D, E and 3 others"."""
    if len(names) > limit:
        rest = len(names) - limit
        return f"{', '.join(names[:limit])} and {rest} other{'s' if rest != 1 else ''}"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def verb(count: int, singular: str, plural: str) -> str:
    """`singular` for one subject, else `plural` ("is"/"are", "has"/"have")."""
    return singular if count == 1 else plural


def headcount(named: int, guests: int, noun: str) -> str:
    """Who is counted against a capacity: "5 attendees", "5 attendees and 3 unnamed guests"."""
    people = f"{named} {noun}{'s' if named != 1 else ''}"
    if not guests:
        return people
    unnamed = f"{guests} unnamed guest{'s' if guests != 1 else ''}"
    return f"{people} and {unnamed}" if named else unnamed


def minutes_text(seconds: float) -> str:
    """A duration as "25 min" (rounded down to whole minutes)."""
    return f"{int(seconds // 60)} min"


def hours_text(seconds: float) -> str:
    """A duration as "45 min", "6 h" or "3 h 30 min" (whole minutes, rounded down)."""
    minutes = int(seconds // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
