"""VTIMEZONE components built from zoneinfo, identical for every export of the same years.

A zone whose changes follow yearly rules ("last Sunday of March at 01:00") is written as one
STANDARD and one DAYLIGHT observance with a yearly RRULE from 1970, as libical and Mozilla write
them; other zones as one RRULE-less observance per change. Either way the definition depends
only on the zone and the years exported, never on the events, because vobject (and so Radicale)
keeps the first definition it meets of a TZID for the life of the process: every file we write
must define a zone the same way. No COMMENT (libical's restriction check refuses one) and no
multi-value RDATE (vobject keeps only its first date) is ever written; an observance without a
rule repeats its DTSTART as a single RDATE, without which the `ical` library ignores it.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from visitplanner.exporters.ical_text import ContentLines, escape_text

_STEP = timedelta(days=1)
_EPOCH_YEAR = 1970
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _State:
    """What a zone observes at an instant: its offset, its DST amount and its name."""

    offset: timedelta
    dst: timedelta
    name: str


@dataclass(frozen=True)
class Transition:
    """A change of observance.

    Attributes:
        at: the first instant (UTC) of the new observance.
        before: what was observed until then.
        after: what is observed from then on.
    """

    at: datetime
    before: _State
    after: _State

    @property
    def local_start(self) -> datetime:
        """The change as local time in the offset before it (an observance's DTSTART, RFC 5545 3.6.5)."""
        return (self.at + self.before.offset).replace(tzinfo=None)


def _state(tz: ZoneInfo, instant: datetime) -> _State:
    local = instant.astimezone(tz)
    return _State(local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or "")


def _bisect(tz: ZoneInfo, low: datetime, high: datetime, before: _State) -> datetime:
    """The first instant in (low, high] whose state differs from `before` (to the second)."""
    while high - low > timedelta(seconds=1):
        middle = (low + (high - low) / 2).replace(microsecond=0)
        if middle <= low:
            break
        if _state(tz, middle) == before:
            low = middle
        else:
            high = middle
    return high


def transitions(tz: ZoneInfo, first: datetime, last: datetime) -> list[Transition]:
    """Every change of observance of `tz` in (first, last], in order (changes a day apart at least)."""
    found: list[Transition] = []
    low, end = first.astimezone(UTC), last.astimezone(UTC)
    state = _state(tz, low)
    while low < end:
        high = min(low + _STEP, end)
        if _state(tz, high) != state:
            at = _bisect(tz, low, high, state)
            after = _state(tz, at)
            found.append(Transition(at, state, after))
            state = after
            low = at
        else:
            low = high
    return found


def _offset(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


@dataclass(frozen=True)
class _Rule:
    """A yearly change: the nth (or last, -1) weekday of a month at a local time."""

    month: int
    nth: int
    weekday: int
    at: time

    def day(self, year: int) -> date:
        weeks = calendar.monthcalendar(year, self.month)
        days = [week[self.weekday] for week in weeks if week[self.weekday]]
        return date(year, self.month, days[self.nth - 1] if self.nth > 0 else days[-1])

    def onset(self, year: int) -> datetime:
        return datetime.combine(self.day(year), self.at)

    @property
    def rrule(self) -> str:
        return f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={self.nth}{_WEEKDAYS[self.weekday]}"


def _candidates(local: datetime) -> set[_Rule]:
    days = calendar.monthrange(local.year, local.month)[1]
    found = {_Rule(local.month, (local.day - 1) // 7 + 1, local.weekday(), local.time())}
    if local.day + 7 > days:
        found.add(_Rule(local.month, -1, local.weekday(), local.time()))
    return found


def _yearly_rules(changes: list[Transition], years: range) -> list[tuple[_Rule, Transition]] | None:
    """Two yearly rules that give exactly `changes` in `years`, with a change of each kind; else None."""
    kinds: dict[tuple[_State, _State], list[Transition]] = {}
    for change in changes:
        kinds.setdefault((change.before, change.after), []).append(change)
    if len(kinds) != 2 or any(len(group) != len(years) for group in kinds.values()):
        return None
    rules: list[tuple[_Rule, Transition]] = []
    for group in kinds.values():
        common = set.intersection(*(_candidates(change.local_start) for change in group))
        if not common:
            return None
        rule = min(common, key=lambda r: (r.nth != -1, r.nth))  # "last Sunday" reads best where it fits
        if [change.local_start for change in group] != [rule.onset(year) for year in years]:
            return None
        rules.append((rule, group[0]))
    return sorted(rules, key=lambda item: (item[0].month, item[0].nth))


def _is_daylight(state: _State, states: set[_State]) -> bool:
    if state.dst > timedelta(0):
        return True
    # a zone whose winter is "negative DST" (Europe/Dublin): its other observance is the summer one
    return state.dst == timedelta(0) and any(other.dst < timedelta(0) for other in states)


def _observance(
    lines: ContentLines, start: str, before: _State, after: _State, daylight: bool, rrule: str | None = None
) -> None:
    kind = "DAYLIGHT" if daylight else "STANDARD"
    lines.add("BEGIN", kind)
    lines.add("DTSTART", start)
    if rrule:
        lines.add("RRULE", rrule)
    else:  # the onset again, as one single-value RDATE: `ical` ignores an observance with neither
        lines.add("RDATE", start)
    lines.add("TZOFFSETFROM", _offset(before.offset))
    lines.add("TZOFFSETTO", _offset(after.offset))
    if after.name:
        lines.add("TZNAME", escape_text(after.name))
    lines.add("END", kind)


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


@functools.lru_cache(maxsize=256)
def vtimezone_for_years(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """The folded lines of the VTIMEZONE for IANA zone `tzid`, right for every instant from the
    start of `first_year` - 1 to the end of `last_year` + 1."""
    tz = ZoneInfo(tzid)
    years = range(first_year - 1, last_year + 2)
    start = datetime(years.start, 1, 1, tzinfo=UTC)
    end = datetime(years.stop, 1, 1, tzinfo=UTC)
    changes = transitions(tz, start, end)
    states = {_state(tz, start), *(c.after for c in changes)}
    lines = ContentLines()
    lines.add("BEGIN", "VTIMEZONE")
    lines.add("TZID", escape_text(tzid))
    rules = _yearly_rules(changes, years) if changes else None
    if not changes:
        state = _state(tz, start)
        _observance(lines, f"{_EPOCH_YEAR}0101T000000", state, state, _is_daylight(state, states))
    elif rules is not None:
        for rule, change in rules:
            _observance(
                lines,
                _stamp(rule.onset(_EPOCH_YEAR)),
                change.before,
                change.after,
                _is_daylight(change.after, states),
                rule.rrule,
            )
    else:
        # DAYLIGHT only for positive DST here: dateutil (so vobject) reads times before the first
        # onset with the first STANDARD observance, which must then be the one in force at the start
        before = _state(tz, start)
        _observance(
            lines, _stamp((start + before.offset).replace(tzinfo=None)), before, before, before.dst > timedelta(0)
        )
        for change in changes:
            _observance(lines, _stamp(change.local_start), change.before, change.after, change.after.dst > timedelta(0))
    lines.add("END", "VTIMEZONE")
    return tuple(lines.lines)


def vtimezone(tzid: str, first: datetime, last: datetime) -> list[str]:
    """The folded lines of a VTIMEZONE for `tzid` valid for every instant in [first, last] (and
    the whole years around them)."""
    return list(vtimezone_for_years(tzid, first.astimezone(UTC).year, last.astimezone(UTC).year))
