"""iCalendar files from Outlook, Google and Apple parsed into plain event values, with line-numbered errors."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rruleset, rrulestr
from icalendar import Calendar, Component, vRecur

from visitplanner.domain import limits
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.filesizes import CALENDAR_FILE_MAX_BYTES
from visitplanner.domain.timerange import local_day_bounds, zone
from visitplanner.domain.work import collection_paused
from visitplanner.importers import ical_fast
from visitplanner.importers.ical_scan import ScannedComponent, fail, scan
from visitplanner.importers.ical_windows import windows_zone

#: The largest calendar file read, in bytes.
MAX_SIZE: Final = CALENDAR_FILE_MAX_BYTES
#: The UID suffix of VisitPlanner's own exports ("<engagement uuid>@visitplanner").
UID_SUFFIX: Final = "@visitplanner"
#: The namespace of the engagement uuids given to foreign UIDs: uuid5(UID_NAMESPACE, uid).
#: Never change it: re-imports find their engagements through it.
UID_NAMESPACE: Final = uuid.UUID("6f0c2a55-3b1e-5a8e-9d0e-0e5c8a7b9f41")
#: How many occurrences of one recurring event may fall within the visit.
MAX_OCCURRENCES: Final = 5000
#: How many occurrences a recurrence rule may generate before the visit is reached.
MAX_RULE_STEPS: Final = 200_000
TITLE_LIMIT: Final = limits.LINE
#: The instants an event may have: a day inside what Python's dates hold, so that showing
#: it in any zone (UTC-12 to UTC+14) cannot overflow.
_EARLIEST: Final = datetime(1, 1, 3, tzinfo=UTC)
_LATEST: Final = datetime(9999, 12, 29, tzinfo=UTC)
NOTES_LIMIT: Final = 19000

#: Dropped from imported text: C0 controls but line breaks and tabs, DEL and C1 controls (the
#: engagement's fields refuse them, so a stray one would refuse the whole file).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STATUS = {
    "TENTATIVE": EngagementStatus.TENTATIVE,
    "CONFIRMED": EngagementStatus.CONFIRMED,
    "CANCELLED": EngagementStatus.CANCELLED,
}
_KINDS = {
    **{k.value: k for k in EngagementKind},
    **{k.label.casefold(): k for k in EngagementKind},
    **{k.value.replace("_", " "): k for k in EngagementKind},
}
#: Words of a title that say what kind of engagement it is (English and Korean), matched as whole
#: words, case ignored; the first word of the title that is here decides.
_TITLE_WORDS: Final = {
    **dict.fromkeys(("tour", "walkabout", "inspection", "시찰", "견학", "투어"), EngagementKind.TOUR),
    **dict.fromkeys(
        ("lunch", "luncheon", "dinner", "breakfast", "banquet", "supper", "tea", "오찬", "만찬", "조찬", "식사"),
        EngagementKind.MEAL,
    ),
    **dict.fromkeys(
        ("signing", "ceremony", "wreath", "unveiling", "opening", "서명", "서명식", "기념식", "헌화", "개막식"),
        EngagementKind.CEREMONY,
    ),
    **dict.fromkeys(("reception", "drinks", "리셉션", "환영회"), EngagementKind.RECEPTION),
    **dict.fromkeys(
        ("meeting", "talks", "call", "courtesy", "roundtable", "forum", "회의", "회담", "면담", "간담회", "접견"),
        EngagementKind.MEETING,
    ),
    **dict.fromkeys(("briefing", "rehearsal", "브리핑", "사전회의"), EngagementKind.BRIEFING),
    **dict.fromkeys(("press", "interview", "media", "photocall", "기자회견", "인터뷰", "취재"), EngagementKind.PRESS),
    **dict.fromkeys(
        ("flight", "transfer", "drive", "train", "departure", "arrival", "motorcade", "이동", "출국", "입국", "도착"),
        EngagementKind.TRANSFER,
    ),
    **dict.fromkeys(("free", "rest", "break", "휴식", "자유시간"), EngagementKind.FREE_TIME),
}
#: Word characters of any script: a title's words are the runs of these.
_WORD: Final = re.compile(r"\w+")
#: The prefixes Outlook (in its common languages) puts before the title of a cancelled meeting.
_CANCELLED_PREFIX: Final = re.compile(
    r"^\s*(?:canceled|cancelled|abgesagt|annul[ée]e?|cancelad[oa]|annullat[oa]|geannuleerd|취소됨|취소)\s*:\s*",
    re.IGNORECASE,
)


def kind_of(categories: Sequence[str], title: str, all_day: bool) -> EngagementKind:
    """The kind an imported event suggests: the first category naming one of our kinds, else the
    first word of the title that names one (tour, lunch, signing, reception, 오찬...), else
    meeting (other for an all-day event)."""
    for category in categories:
        found = _KINDS.get(category.strip().casefold())
        if found is not None:
            return found
    for word in _WORD.findall(title.casefold()):
        found = _TITLE_WORDS.get(word)
        if found is not None:
            return found
    return EngagementKind.OTHER if all_day else EngagementKind.MEETING


def uncancelled_title(title: str) -> tuple[str, bool]:
    """The title without Outlook's "Canceled: " prefix, and whether it had one."""
    found = _CANCELLED_PREFIX.match(title)
    if found is None:
        return title, False
    return title[found.end() :].strip() or title, True


def own_uuid(uid: str) -> str | None:
    """The engagement uuid in a UID VisitPlanner wrote ("<uuid>@visitplanner"), else None."""
    if not uid.endswith(UID_SUFFIX):
        return None
    try:
        return str(uuid.UUID(uid[: -len(UID_SUFFIX)]))
    except ValueError:
        return None


def engagement_uuid(uid: str) -> str:
    """The engagement uuid an event UID maps to: ours ("<uuid>@visitplanner") back to the uuid,
    any other UID to uuid5(UID_NAMESPACE, uid), the same on every import."""
    return own_uuid(uid) or str(uuid.uuid5(UID_NAMESPACE, uid))


@dataclass(frozen=True)
class ImportedEvent:
    """One event (or one occurrence of a recurring event) read from a calendar file.

    Attributes:
        uid: the event's UID; an occurrence's is "<UID>/<original start in UTC, or its date>".
        sequence: the event's SEQUENCE (its revision).
        title: SUMMARY, one line, at most 200 characters ("(untitled)" when empty).
        start: the first instant (aware, UTC).
        end: the first instant after the event (aware, UTC); equal to start for an event
            without a duration.
        all_day: whether the file gave dates (the whole local days in the visit's zone).
        location: LOCATION as written.
        description: DESCRIPTION as written (line breaks as "\\n").
        status: from STATUS (CONFIRMED when absent; CANCELLED for a METHOD:CANCEL file or a
            title with Outlook's "Canceled: " prefix, which `title` no longer has).
        categories: CATEGORIES values in file order.
        line: the line of the event's BEGIN:VEVENT.
        recurring: whether it is an occurrence of a recurring event.
        confidential: whether CLASS marks it CONFIDENTIAL or PRIVATE (its description is then
            restricted: a restricted export of ours says so).
    """

    uid: str
    sequence: int
    title: str
    start: datetime
    end: datetime
    all_day: bool
    location: str
    description: str
    status: EngagementStatus
    categories: tuple[str, ...]
    line: int
    recurring: bool = False
    confidential: bool = False

    @cached_property
    def engagement_uuid(self) -> str:
        """The uuid of the engagement this event maps to (worked out once: the import asks often)."""
        return engagement_uuid(self.uid)

    @property
    def is_ours(self) -> bool:
        """Whether the UID is one VisitPlanner wrote."""
        return own_uuid(self.uid) is not None

    @property
    def kind(self) -> EngagementKind:
        """The kind CATEGORIES or the title's words suggest (see `kind_of`)."""
        return kind_of(self.categories, self.title, self.all_day)


@dataclass(frozen=True)
class CalendarImport:
    """A parsed calendar file: its events within reach of the visit, and what it says about itself.

    Attributes:
        events: the events in file order (recurring events as their occurrences within the visit).
        method: METHOD ("PUBLISH", "REQUEST", "CANCEL", ...) or "" when absent.
        product: PRODID, naming the program that wrote the file.
        name: the calendar's name (X-WR-CALNAME or NAME), or "".
        visit_zone: the zone floating times and dates were read in.
    """

    events: tuple[ImportedEvent, ...]
    method: str = ""
    product: str = ""
    name: str = ""
    visit_zone: str = "UTC"


# --- time zones ----------------------------------------------------------------------------------


def _iana(name: str) -> ZoneInfo | None:
    if not name or name.startswith(("/", ".")) or ".." in name or name != name.strip():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def known_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone a TZID names: an IANA name ("Europe/London"), one behind a prefix
    ("/mozilla.org/20070129_1/Europe/London") or a Windows name ("GMT Standard Time")."""
    name = tzid.strip().strip('"').strip()
    found = _iana(name)
    if found is not None:
        return found
    parts = [p for p in name.split("/") if p]
    for size in (3, 2):
        if len(parts) > size:
            found = _iana("/".join(parts[-size:]))
            if found is not None:
                return found
    windows = windows_zone(name)
    return ZoneInfo(windows) if windows else None


class _Zones:
    """TZIDs resolved once each: known names first, then the file's own VTIMEZONE definitions."""

    def __init__(self, calendar: Component, scanned: ScannedComponent) -> None:
        self._found: dict[str, tzinfo] = {}
        self._defined: dict[str, tuple[Component, int]] = {}
        for component, lines in _pairs(calendar, scanned):
            if component.name == "VTIMEZONE":
                self._defined.setdefault(_text(component, "TZID").strip(), (component, lines.line))

    def get(self, tzid: str, line: int) -> tzinfo:
        found = self._found.get(tzid)
        if found is not None:
            return found
        resolved: tzinfo | None = known_zone(tzid)
        if resolved is None and tzid in self._defined:
            component, begin = self._defined[tzid]
            try:
                resolved = component.to_tz()  # type: ignore[attr-defined]
            except Exception as exc:  # any defect of the definition: the user's file, not our bug
                raise fail(begin, f"the VTIMEZONE {tzid!r} cannot be read: {exc}") from exc
        if resolved is None:
            raise fail(
                line,
                f"unknown time zone {tzid!r}: it is not an IANA or Windows zone name and the file "
                "has no VTIMEZONE defining it",
            )
        self._found[tzid] = resolved
        return resolved


#: The parts of a recurrence rule that choose days; a rule stepping by days or less whose
#: day filters match no day would make dateutil step through every day up to the year 9999.
_DAY_PARTS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYDAY")
_FINE_STEPS = ("FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY", "FREQ=DAILY", "FREQ=WEEKLY")


def _some_day_matches(rule: str) -> bool:
    """Whether the day filters of `rule` (RRULE text) match at least one day in 400 years (a
    whole cycle of leap years and weekdays), checked year by year: quick, whatever the rule."""
    parts = rule.upper().split(";")
    days = [p for p in parts if p.split("=", 1)[0] in _DAY_PARTS]
    if not days or not any(p in _FINE_STEPS for p in parts):
        return True
    try:
        probe = rrulestr(";".join(["FREQ=YEARLY", "UNTIL=24001231T000000", *days]), dtstart=datetime(2001, 1, 1))
    except (ValueError, TypeError):
        return True  # the rule itself was accepted: let it run as it is
    return next(iter(probe), None) is not None


@contextmanager
def _in_range(lines: ScannedComponent) -> Iterator[None]:
    """Turn a date pushed past year 1 or 9999 (by a zone's offset, a duration or a recurrence)
    into a `UserError` naming the event's DTSTART line."""
    try:
        yield
    except OverflowError:
        raise fail(
            lines.line_of("DTSTART"),
            f"the event's dates go beyond the years {_EARLIEST.year} to {_LATEST.year} once its time zone, "
            "duration or recurrence is applied",
        ) from None


# --- walking icalendar's tree alongside the scanned lines ----------------------------------------


def _pairs(component: Component, scanned: ScannedComponent) -> Iterator[tuple[Component, ScannedComponent]]:
    """Each sub-component with its scanned counterpart (the trees have the same shape)."""
    scanned_children = scanned.children
    for index, child in enumerate(component.subcomponents):
        match = scanned_children[index] if index < len(scanned_children) else scanned
        if match.name != child.name:
            match = next((c for c in scanned_children if c.name == child.name), scanned)
        yield child, match


def _check_errors(component: Component, scanned: ScannedComponent) -> None:
    for name, problem in getattr(component, "errors", []) or []:
        if not name:
            raise fail(scanned.line, f"in this {component.name}: {problem}")
        broken = component.get(name)
        raw = getattr(broken, "to_ical", lambda: None)()
        value = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else None
        raise fail(scanned.line_of(name, value), f"{name}: {_plain(problem)}")
    for child, lines in _pairs(component, scanned):
        if child.name in ("VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"):
            _check_errors(child, lines)


def _plain(problem: str) -> str:
    return problem.rstrip(".")


# --- values --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _When:
    """A DTSTART-like value: a date, or a wall time with its zone (None: floating)."""

    value: date | datetime
    tz: tzinfo | None
    line: int

    @property
    def is_date(self) -> bool:
        return not isinstance(self.value, datetime)


class _Reader:
    """Reads one calendar's events, resolving zones and expanding recurrences within the visit."""

    def __init__(
        self, calendar: Component, scanned: ScannedComponent, visit_tz: ZoneInfo, first_day: date, last_day: date
    ) -> None:
        self.zones = _Zones(calendar, scanned)
        self.visit_tz = visit_tz
        self.window = (local_day_bounds(first_day, visit_tz)[0], local_day_bounds(last_day, visit_tz)[1])
        self.cancel = str(calendar.get("METHOD", "")).strip().upper() == "CANCEL"

    def when(self, prop: Any, scanned: ScannedComponent, name: str) -> _When:
        line = scanned.line_of(name)
        value = prop.dt
        if isinstance(value, tuple):
            raise fail(line, f"{name}: a period is not allowed here")
        if not isinstance(value, date):  # e.g. "VALUE=DATE:201026", which the parser reads as a time
            raise fail(
                line,
                f"{name}: {scanned.all(name)[0].value if scanned.all(name) else value!s} "
                "is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)",
            )
        if not isinstance(value, datetime):
            return _When(value, None, line)
        tzid = prop.params.get("TZID")
        if tzid:
            return _When(value.replace(tzinfo=None), self.zones.get(str(tzid), line), line)
        if value.tzinfo is not None:
            return _When(value.replace(tzinfo=None), UTC, line)
        return _When(value, None, line)

    def instant(self, when: _When) -> datetime:
        """The aware UTC instant of a date-time (floating ones in the visit's zone)."""
        assert isinstance(when.value, datetime)
        return _aware(when.value, when.tz or self.visit_tz)

    def day_start(self, day: date) -> datetime:
        return local_day_bounds(day, self.visit_tz)[0]


def _aware(wall: datetime, tz: tzinfo) -> datetime:
    """The instant of wall time `wall` in `tz` as RFC 5545 3.3.5 reads it: the first occurrence of a
    repeated time, and a skipped time with the offset from before the gap (fold=0 does both)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def _get(component: Component, name: str) -> Any:
    """The property `name` (upper-case) or None: a plain dict look-up, as icalendar keeps names
    upper-case (`Component.get` upper-cases the name first, a cost paid ~20 times per event).
    The quick reader keeps only the names in `ical_fast.READ`: a name read here must be there."""
    return dict.get(component, name)


def _text(component: Component, name: str) -> str:
    value = _get(component, name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return _CONTROLS.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _title(component: Component) -> str:
    text = " ".join(_text(component, "SUMMARY").split())
    if not text:
        return "(untitled)"
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def _categories(component: Component) -> tuple[str, ...]:
    value = _get(component, "CATEGORIES")
    if value is None:
        return ()
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        found.extend(str(c).strip() for c in getattr(item, "cats", [item]) if str(c).strip())
    return tuple(found)


def _sequence(component: Component, scanned: ScannedComponent) -> int:
    value = _get(component, "SEQUENCE")
    if value is None:
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise fail(scanned.line_of("SEQUENCE"), f"SEQUENCE: {value!r} is not a whole number") from None
    if not 0 <= number < 2**31:
        raise fail(scanned.line_of("SEQUENCE"), f"SEQUENCE: {number} is out of range")
    return number


def _stamp(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


#: Properties an event may have once only (RFC 5545 3.6.1); the first two decide everything.
_SINGLE = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SEQUENCE", "STATUS", "CLASS", "SUMMARY")


def _check_structure(lines: ScannedComponent) -> None:
    """Refuse what icalendar would misread or trip over: a property given twice where it may be
    given once, DTEND with DURATION, a VTIMEZONE without exactly one TZID."""
    if lines.name == "VEVENT":
        names = {p.name for p in lines.properties}
        for name in _SINGLE if len(names) < len(lines.properties) else ():  # only when a name repeats
            found = lines.all(name)
            if len(found) > 1:
                raise fail(found[1].line, f"{name} is given twice in this event (first on line {found[0].line})")
        if "DTEND" in names and "DURATION" in names:
            raise fail(
                lines.all("DURATION")[0].line,
                f"an event has DTEND (line {lines.all('DTEND')[0].line}) or DURATION, not both",
            )
    elif lines.name == "VTIMEZONE" and len(lines.all("TZID")) != 1:
        tzids = lines.all("TZID")
        raise fail(tzids[1].line if tzids else lines.line, "a VTIMEZONE needs exactly one TZID")
    for child in lines.children:
        _check_structure(child)


def _all(component: Component, name: str) -> list[Any]:
    value = _get(component, name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass
class _Master:
    """An event as written (a plain event, a recurring one, or an override of one occurrence).

    Attributes:
        component: icalendar's component.
        lines: its scanned lines.
        uid: its UID.
        start: DTSTART.
        exact: its duration, when DTEND gave it (the same exact length for every occurrence).
        nominal: its duration when DURATION gave it (days by the calendar, then exact time).
        recurrence_id: RECURRENCE-ID's key, for an override.
    """

    component: Component
    lines: ScannedComponent
    uid: str
    start: _When
    exact: timedelta | None
    nominal: tuple[int, timedelta]
    recurrence_id: str | None


class _CalendarReader:
    """Turns one parsed VCALENDAR into `ImportedEvent`s."""

    def __init__(
        self, calendar: Component, scanned: ScannedComponent, visit_tz: ZoneInfo, first_day: date, last_day: date
    ) -> None:
        self.calendar = calendar
        self.scanned = scanned
        self.read = _Reader(calendar, scanned, visit_tz, first_day, last_day)

    def masters(self) -> list[_Master]:
        found: list[_Master] = []
        for component, lines in _pairs(self.calendar, self.scanned):
            if component.name == "VEVENT":
                with _in_range(lines):
                    found.append(self._master(component, lines))
        return found

    def _master(self, component: Component, lines: ScannedComponent) -> _Master:
        uid = _text(component, "UID").strip()
        if not uid:  # a file without UIDs: the same event gets the same UID on every import
            seed = f"{_text(component, 'SUMMARY')}\n{lines.all('DTSTART')[0].value if lines.all('DTSTART') else ''}"
            uid = "no-uid-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
        start_prop = _get(component, "DTSTART")
        if start_prop is None:
            raise fail(lines.line, "the event has no DTSTART (start time)")
        start = self.read.when(start_prop, lines, "DTSTART")
        end_prop = _get(component, "DTEND")
        duration_prop = _get(component, "DURATION")
        exact: timedelta | None = None
        nominal = (0, timedelta(0))
        if end_prop is not None:
            end = self.read.when(end_prop, lines, "DTEND")
            if end.is_date != start.is_date:
                raise fail(
                    end.line,
                    "DTEND is a " + ("date" if end.is_date else "date-time") + " but DTSTART "
                    f"(line {start.line}) is a " + ("date" if start.is_date else "date-time"),
                )
            if start.is_date:
                assert isinstance(end.value, date) and not isinstance(end.value, datetime)
                days = (end.value - start.value).days
                if days < 0:
                    raise fail(
                        end.line,
                        f"DTEND {end.value:%Y-%m-%d} is before DTSTART {start.value:%Y-%m-%d} (line {start.line})",
                    )
                nominal = (days, timedelta(0))
            else:
                exact = self.read.instant(end) - self.read.instant(start)
                if exact < timedelta(0):
                    raise fail(
                        end.line,
                        f"DTEND {end.value:%Y-%m-%d %H:%M} is before DTSTART "
                        f"{start.value:%Y-%m-%d %H:%M} (line {start.line})",
                    )
        elif duration_prop is not None:
            length = duration_prop.dt
            line = lines.line_of("DURATION")
            if not isinstance(length, timedelta) or length < timedelta(0):
                raise fail(line, f"DURATION: {length!r} is not a positive duration")
            nominal = (length.days, length - timedelta(days=length.days))
        elif start.is_date:
            nominal = (1, timedelta(0))
        recurrence = _get(component, "RECURRENCE-ID")
        recurrence_id = None
        if recurrence is not None:
            when = self.read.when(recurrence, lines, "RECURRENCE-ID")
            recurrence_id = _stamp(when.value if when.is_date else self.read.instant(when))
        return _Master(component, lines, uid, start, exact, nominal, recurrence_id)

    # -- occurrences ------------------------------------------------------------------------------

    def _span(self, master: _Master, start: _When) -> tuple[datetime, datetime]:
        """The instants of an occurrence starting at `start` with the master's length."""
        if start.is_date:
            assert not isinstance(start.value, datetime)
            first = self.read.day_start(start.value)
            return first, self.read.day_start(start.value + timedelta(days=master.nominal[0]))
        begin = self.read.instant(start)
        if master.exact is not None:
            return begin, begin + master.exact
        days, rest = master.nominal
        assert isinstance(start.value, datetime)
        wall_end = start.value + timedelta(days=days)
        return begin, _aware(wall_end, start.tz or self.read.visit_tz) + rest

    def _in_window(self, start: datetime, end: datetime) -> bool:
        first, last = self.read.window
        return start < last and (end > first or (end == start and start >= first))

    def occurrences(self, master: _Master) -> list[tuple[str | None, _When]]:
        """(key, start) of every occurrence of a recurring master near the visit; [(None, start)] otherwise."""
        rules = _all(master.component, "RRULE")
        rdates = _all(master.component, "RDATE")
        if not rules and not rdates:
            return [(None, master.start)]
        start = master.start
        tz = start.tz
        wall_start = start.value if isinstance(start.value, datetime) else datetime.combine(start.value, time(0))
        first, last = self.read.window
        margin = timedelta(days=2)
        zone_for_window = tz or self.read.visit_tz
        low = first.astimezone(zone_for_window).replace(tzinfo=None) - margin - self._longest(master)
        high = last.astimezone(zone_for_window).replace(tzinfo=None) + margin
        starts: set[datetime] = set()
        rule_set = rruleset()
        has_rule = False
        for rule in rules:
            line = master.lines.line_of("RRULE")
            parsed = self._rule(rule, wall_start, start, line, high)
            if parsed is not None:
                rule_set.rrule(parsed)
                has_rule = True
        if has_rule:
            for steps, occurrence in enumerate(rule_set, start=1):
                if steps > MAX_RULE_STEPS:
                    raise fail(
                        master.lines.line_of("RRULE"),
                        f"RRULE repeats more than {MAX_RULE_STEPS} times "
                        "before the end of the visit: too often to expand",
                    )
                if occurrence >= high:
                    break
                if occurrence >= low:
                    starts.add(occurrence)
        if low <= wall_start < high:  # DTSTART is always the first occurrence
            starts.add(wall_start)
        extra: list[tuple[datetime, timedelta | None]] = []
        for prop in rdates:
            extra.extend(self._dates(prop, master, "RDATE", zone_for_window))
        excluded: set[datetime] = set()
        for prop in _all(master.component, "EXDATE"):
            excluded.update(moment for moment, _ in self._dates(prop, master, "EXDATE", zone_for_window))
        found: dict[datetime, _When] = {}
        for wall in sorted(starts):
            if wall not in excluded:
                found[wall] = _When(wall if not start.is_date else wall.date(), tz, start.line)
        for wall, _length in extra:
            if wall not in excluded and low <= wall < high:
                found.setdefault(wall, _When(wall if not start.is_date else wall.date(), tz, start.line))
        result: list[tuple[str | None, _When]] = []
        for when in found.values():
            key = _stamp(when.value if when.is_date else self.read.instant(when))
            result.append((key, when))
        if len(result) > MAX_OCCURRENCES:
            raise fail(
                master.lines.line,
                f"the event repeats {len(result)} times around the visit: more than "
                f"{MAX_OCCURRENCES} occurrences cannot be imported",
            )
        return result

    @staticmethod
    def _longest(master: _Master) -> timedelta:
        if master.exact is not None:
            return master.exact
        return timedelta(days=master.nominal[0]) + master.nominal[1]

    def _rule(self, rule: Any, wall_start: datetime, start: _When, line: int, high: datetime) -> rrule | None:
        """The recurrence rule, ending by `high` (the visit's end, as a wall time); None for a rule
        whose day filters match no day (dateutil would step through every day to the year 9999)."""
        values = vRecur(dict(rule))
        interval = values.get("INTERVAL")
        for number in interval if isinstance(interval, list) else [interval]:
            if number is not None and (not isinstance(number, int) or number < 1):
                raise fail(line, f"RRULE: INTERVAL={number} is not a positive whole number")
        until = values.get("UNTIL")
        bound: date | datetime | None = None
        if until:
            bound = until[0] if isinstance(until, list) else until
            if isinstance(bound, datetime):
                if bound.tzinfo is not None:
                    bound = bound.astimezone(start.tz or self.read.visit_tz).replace(tzinfo=None)
            else:
                bound = datetime.combine(bound, time(23, 59, 59))
        if not values.get("COUNT") and (bound is None or bound > high):
            bound = max(high, wall_start)
        if bound is not None:
            values["UNTIL"] = [bound]
        text = values.to_ical().decode("ascii", "replace")  # type: ignore[no-untyped-call]
        try:
            parsed = rrulestr(text, dtstart=wall_start, ignoretz=True)
        except (ValueError, TypeError) as exc:
            raise fail(line, f"RRULE: cannot use {text!r} ({exc})") from None
        if not isinstance(parsed, rrule):
            raise fail(line, f"RRULE: cannot use {text!r}")
        if not _some_day_matches(text):
            return None  # it never occurs: DTSTART is the only occurrence (RFC 5545 3.8.5.3)
        return parsed

    def _dates(self, prop: Any, master: _Master, name: str, tz: tzinfo) -> list[tuple[datetime, timedelta | None]]:
        """RDATE/EXDATE values as wall times in the master's zone (with a period's length)."""
        line = master.lines.line_of(name)
        tzid = prop.params.get("TZID")
        own = self.read.zones.get(str(tzid), line) if tzid else None
        found: list[tuple[datetime, timedelta | None]] = []
        for item in getattr(prop, "dts", []):
            value = item.dt
            length: timedelta | None = None
            if isinstance(value, tuple):
                value, other = value
                length = other if isinstance(other, timedelta) else None
                if isinstance(other, datetime) and isinstance(value, datetime):
                    length = other - value
            if isinstance(value, datetime):
                if own is not None:
                    value = _aware(value.replace(tzinfo=None), own).astimezone(tz).replace(tzinfo=None)
                elif value.tzinfo is not None:
                    value = value.astimezone(tz).replace(tzinfo=None)
            elif isinstance(value, date):
                value = datetime.combine(value, time(0))
            else:
                raise fail(line, f"{name}: {value!r} is not a date or date-time")
            found.append((value, length))
        return found

    # -- the events -------------------------------------------------------------------------------

    def events(self) -> list[ImportedEvent]:
        masters = self.masters()
        overrides: dict[str, dict[str, _Master]] = {}
        plain: list[_Master] = []
        for master in masters:
            if master.recurrence_id is not None:
                overrides.setdefault(master.uid, {})[master.recurrence_id] = master
            else:
                plain.append(master)
        result: list[ImportedEvent] = []
        for master in plain:
            recurring = bool(_all(master.component, "RRULE") or _all(master.component, "RDATE"))
            replaced = overrides.get(master.uid, {}) if recurring else {}
            with _in_range(master.lines):
                for key, start in self.occurrences(master):
                    if key is not None and key in replaced:
                        continue  # the override below stands for this occurrence
                    begin, end = self._span(master, start)
                    if key is not None and not self._in_window(begin, end):
                        continue
                    uid = master.uid if key is None else f"{master.uid}/{key}"
                    result.append(self._event(master, uid, begin, end, start.is_date, recurring))
        for uid, by_key in overrides.items():
            for key, override in by_key.items():
                with _in_range(override.lines):
                    begin, end = self._span(override, override.start)
                if self._in_window(begin, end):
                    result.append(self._event(override, f"{uid}/{key}", begin, end, override.start.is_date, True))
        result.sort(key=lambda e: e.line)
        return result

    def _event(
        self, master: _Master, uid: str, start: datetime, end: datetime, all_day: bool, recurring: bool
    ) -> ImportedEvent:
        component = master.component
        if not (_EARLIEST <= start <= end <= _LATEST):
            raise fail(
                master.lines.line_of("DTSTART"),
                f"the event's dates go beyond the years {_EARLIEST.year} to {_LATEST.year} once its time zone, "
                "duration or recurrence is applied",
            )
        status_text = _text(component, "STATUS").strip().upper()
        status = _STATUS.get(status_text, EngagementStatus.CONFIRMED)
        title, prefixed = uncancelled_title(_title(component))
        if self.read.cancel or prefixed:  # Outlook cancels with all three; any one of them will do
            status = EngagementStatus.CANCELLED
        description = _text(component, "DESCRIPTION").strip()
        if len(description) > NOTES_LIMIT:
            description = description[: NOTES_LIMIT - 1] + "…"
        location = " ".join(_text(component, "LOCATION").split())
        return ImportedEvent(
            uid=uid,
            sequence=_sequence(component, master.lines),
            title=title,
            start=start,
            end=end,
            all_day=all_day,
            location=location[:1000],
            description=description,
            status=status,
            categories=_categories(component),
            line=master.lines.line,
            recurring=recurring,
            confidential=_text(component, "CLASS").strip().upper() in ("CONFIDENTIAL", "PRIVATE"),
        )


# --- entry points --------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if len(data) > MAX_SIZE:
        raise fail(
            1, f"the file is {len(data) / 1024 / 1024:.1f} MB; a calendar may be at most {MAX_SIZE // 1024 // 1024} MB"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the calendar as UTF-8") from None
    return text.removeprefix("\ufeff")


def _newest(events: Sequence[ImportedEvent]) -> list[ImportedEvent]:
    """One event per UID: the highest SEQUENCE, the later one in the file on a tie."""
    chosen: dict[str, ImportedEvent] = {}
    for event in events:
        known = chosen.get(event.uid)
        if known is None or event.sequence >= known.sequence:
            chosen[event.uid] = event
    return sorted(chosen.values(), key=lambda e: (e.line, e.start, e.uid))


def _line_of_problem(roots: Sequence[ScannedComponent], problem: str) -> int:
    """The line an icalendar error message is about: the property whose value or name it quotes
    (icalendar reads VTIMEZONEs as it meets them, so most such errors are in one), else line 1."""
    stack = list(roots)
    vtimezone = 0
    while stack:
        component = stack.pop(0)
        if component.name == "VTIMEZONE" and not vtimezone:
            vtimezone = component.line
        for prop in component.properties:
            value = prop.value.strip()
            if (len(value) >= 3 and value in problem) or f"property: {prop.name}" in problem.upper():
                return prop.line
        stack.extend(component.children)
    return vtimezone or 1


def parse_calendar(
    data: bytes, *, visit_start: date, visit_end: date, visit_zone: str, fast: bool = True
) -> CalendarImport:
    """Parse an iCalendar file for a visit from `visit_start` to `visit_end` in `visit_zone`.

    TZIDs may be IANA names, Windows names or zones the file defines; times without a zone
    (floating) and all-day dates are read in `visit_zone`. Recurring events become their
    occurrences that touch the visit's days; other events are all returned, wherever they fall.
    A malformed file raises a `UserError` whose message starts with "line N: ".

    An ordinary file is read from the scanned lines by `ical_fast` (about a tenth of the time);
    one holding anything that reader does not read exactly as icalendar does, and every file
    when `fast` is False, goes through icalendar's own parser. Both give the same result.
    """
    with collection_paused():
        return _parse(data, visit_start, visit_end, visit_zone, fast)


def _parse(data: bytes, visit_start: date, visit_end: date, visit_zone: str, fast: bool) -> CalendarImport:
    tz = zone(visit_zone, "visit_zone")
    text = _decode(data)
    roots = scan(text)
    for root in roots:
        _check_structure(root)
    calendars = ical_fast.read(text, roots, lambda tzid: known_zone(tzid) is not None) if fast else None
    if calendars is None:
        try:
            calendars = Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # icalendar raises assorted errors on damaged input the scan let through
            raise fail(_line_of_problem(roots, str(exc)), f"cannot be read: {exc}") from None
    if len(calendars) != len(roots):
        raise fail(1, "the calendar's structure could not be read")
    events: list[ImportedEvent] = []
    method = product = name = ""
    for calendar, scanned in zip(calendars, roots, strict=True):
        _check_errors(calendar, scanned)
        method = method or str(calendar.get("METHOD", "")).strip().upper()
        product = product or _text(calendar, "PRODID").strip()
        name = name or _text(calendar, "X-WR-CALNAME").strip() or _text(calendar, "NAME").strip()
        events.extend(_CalendarReader(calendar, scanned, tz, visit_start, visit_end).events())
    return CalendarImport(tuple(_newest(events)), method, product, name, visit_zone)


def read_calendar_file(path: Path, *, visit_start: date, visit_end: date, visit_zone: str) -> CalendarImport:
    """Read and parse the calendar file at `path` (see `parse_calendar`)."""
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(MAX_SIZE + 1)
    except OSError as exc:
        raise UserError(f"{path}: the file cannot be read ({exc.strerror or exc})", field="path") from exc
    try:
        return parse_calendar(data, visit_start=visit_start, visit_end=visit_end, visit_zone=visit_zone)
    except UserError as exc:
        raise UserError(f"{Path(path).name}, {exc.message}", field=exc.field) from exc
