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
        """The instant as "Tue 14 May 10:30"."""
        local = instant.astimezone(self.tz)
        return f"{day_text(local.date())} {local:%H:%M}"

    def span(self, start: datetime, end: datetime) -> str:
        """The range as "Tue 14 May 10:30–11:30", or "Tue 14 May 23:30 – Wed 15 May 00:30" across midnight."""
        key = (start, end)
        text = self._spans.get(key)
        if text is None:
            local_start = start.astimezone(self.tz)
            local_end = end.astimezone(self.tz)
            if local_start.date() == local_end.date():
                text = f"{day_text(local_start.date())} {span(f'{local_start:%H:%M}', f'{local_end:%H:%M}')}"
            else:
                text = span(self.at(start), self.at(end), spaced=True)
            self._spans[key] = text
        return text


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


def minutes_text(seconds: float) -> str:
    """A duration as "25 min" (rounded down to whole minutes)."""
    return f"{int(seconds // 60)} min"
