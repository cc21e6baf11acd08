"""A quick reader of ordinary calendar files: icalendar's components built from the scanned lines.

icalendar's own parser (`Calendar.from_ical`) splits and decodes every content line again after
`ical_scan.scan` has done so, and spends about 0.2 ms an event on it: 6 s for 32,000 events. This
module builds the same components from the lines the scan has already unfolded and split,
decoding values the way icalendar does, and only the ones the importer reads in full:

- parameters are parsed by icalendar itself, once per distinct parameter text (a file repeats a
  few: ";TZID=Europe/London");
- only the properties the importer reads (`READ`) are kept; the others are only checked to be
  values icalendar reads without an error (TEXT and UNKNOWN values always are);
- TEXT values are unescaped with icalendar's own function, UNKNOWN (X-) values kept verbatim;
- DATE and DATE-TIME values in their plain forms (``20261020``, ``20261020T100000``, with ``Z``)
  are read here; every other value (durations, recurrence rules, RDATE/EXDATE lists, addresses,
  offsets...) goes through icalendar's own value type, exactly as its parser calls it.

Whenever the file holds anything where the two could differ, `read` returns None and the caller
uses icalendar's parser for the whole file, so results and errors never differ: a bare CR line
break, a line starting with other white space, a backslash or an unreadable parameter, a BEGIN
with anything but a plain name, a value icalendar would refuse, a DATE with a TZID or a UTC time
with one, a TZID of an event the importer cannot resolve by name (the file's own VTIMEZONE would
be needed), or FREEBUSY. The differential tests (tests/unit/test_ical_fast.py,
tests/interop/test_ical_fast_exports.py) check that both ways give the same events or the same error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, Final

from visitplanner.importers.ical_scan import ScannedComponent, ScannedProperty

try:  # icalendar's own pieces; without them (another icalendar version) every file takes the full parser
    from icalendar import Calendar
    from icalendar.parser.content_line import Contentline
    from icalendar.parser.parameter import Parameters
    from icalendar.parser.property import split_on_unescaped_comma, unescape_backslash
    from icalendar.prop import vDDDTypes, vInt, vText, vUnknown
    from icalendar.timezone import tzp

    _FACTORY: Any = Calendar._get_component_factory()
    _TYPES: Any = Calendar.types_factory
    _AVAILABLE = callable(getattr(Contentline, "raw_parts", None))
except (ImportError, AttributeError):  # pragma: no cover - depends on the installed icalendar
    _AVAILABLE = False

#: A CR not followed by LF: the scan breaks lines there, icalendar does not.
_BARE_CR: Final = re.compile(r"\r(?!\n)")
#: A line starting with white space other than a space or tab: the scan may drop it as blank,
#: icalendar reads it as a (broken) content line.
_ODD_START: Final = re.compile(r"(?:^|\n)[^\S \t\r\n]")
_PLAIN_BEGIN: Final = re.compile(r":[A-Za-z0-9-]+")
_DATE_TIME: Final = re.compile(r"[0-9]{8}T[0-9]{6}(Z?)")
_DATE: Final = re.compile(r"[0-9]{8}")
#: The properties whose TZID icalendar's parser passes to the value type.
_DATETIME_NAMES: Final = frozenset(("DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "RDATE", "EXDATE"))
#: The properties of an event whose TZID the importer resolves.
_EVENT_ZONED: Final = frozenset(("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE"))


#: The properties `importers/ical.py` reads (of any component): only these are kept. A property
#: the importer starts reading must be added here (the differential tests then compare it).
READ: Final = frozenset(
    (
        *("UID", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "CLASS", "CATEGORIES", "SEQUENCE"),
        *("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE"),
        *("METHOD", "PRODID", "X-WR-CALNAME", "NAME", "TZID"),
    )
)


class _Unhandled(Exception):
    """Something the quick reader does not read exactly as icalendar would: use icalendar."""


class Dated:
    """A DATE or DATE-TIME value as the importer reads it from icalendar: `dt` and `params`."""

    __slots__ = ("dt", "params")

    def __init__(self, dt: date | datetime, params: Any) -> None:
        self.dt = dt
        self.params = params


class _Builder:
    """Builds components, caching what repeats: parameters, value types, zones."""

    def __init__(self, resolvable: Callable[[str], bool]) -> None:
        self.resolvable = resolvable
        self.params: dict[str, Any] = {}
        self.types: dict[tuple[str, str | None], Any] = {}
        self.zones: dict[str, tzinfo | None] = {}
        self.known: dict[str, bool] = {}

    def component(self, scanned: ScannedComponent) -> Any:
        if _PLAIN_BEGIN.fullmatch(scanned.begin) is None:
            raise _Unhandled
        component = _FACTORY.get_component_class(scanned.name)()
        if not getattr(component, "name", ""):
            component.name = scanned.name
        event = scanned.name == "VEVENT"
        for prop in scanned.properties:
            self.add(component, prop, event)
        for child in scanned.children:
            component.add_component(self.component(child))
        return component

    def parameters(self, raw: str) -> Any:
        found = self.params.get(raw)
        if found is None:
            if "\\" in raw:  # icalendar reads a backslash before the value as an escape: it may split elsewhere
                raise _Unhandled
            try:
                found = Contentline(f"X{raw}:").raw_parts()[1]  # type: ignore[no-untyped-call]
            except Exception as exc:  # whatever icalendar refuses, it refuses in its own words
                raise _Unhandled from exc
            self.params[raw] = found
        return found

    def factory(self, name: str, value_type: str | None) -> Any:
        key = (name, value_type)
        found = self.types.get(key)
        if found is None:
            found = self.types[key] = _TYPES.for_property(name, value_type)
        return found

    def zone(self, tzid: Any) -> tzinfo | None:
        if not isinstance(tzid, str):
            raise _Unhandled
        if tzid not in self.zones:
            try:
                self.zones[tzid] = tzp.timezone(tzid)
            except Exception as exc:
                raise _Unhandled from exc
        return self.zones[tzid]

    def add(self, component: Any, prop: ScannedProperty, event: bool) -> None:
        name = prop.name
        params = self.parameters(prop.raw_params) if prop.raw_params else _NO_PARAMS
        factory = self.factory(name, params.value if prop.raw_params else None)
        raw = prop.value
        value: Any
        if name == "CATEGORIES":
            try:
                value = factory(split_on_unescaped_comma(raw))
                value.params = params
            except Exception as exc:
                raise _Unhandled from exc
        elif name == "FREEBUSY":
            raise _Unhandled
        elif name == "RDATE" and raw == "":
            return  # icalendar drops an empty RDATE
        elif factory is vText or factory is vUnknown or hasattr(factory, "get_value_from_content_line"):
            if name not in READ:
                return  # icalendar never refuses a TEXT or UNKNOWN value, and the importer does not read it
            value = raw  # verbatim, as icalendar keeps UNKNOWN values (str() gives the same text)
            if factory is vText and "\\" in raw:
                value = unescape_backslash(raw)
        else:
            text = unescape_backslash(raw) if "\\" in raw else raw
            tzid = params.get("TZID") if prop.raw_params and name in _DATETIME_NAMES else None
            if tzid and event and name in _EVENT_ZONED:
                self.check_resolvable(tzid)
            if factory is vDDDTypes:
                value = self.dated(text, tzid, params)
            elif factory is vInt:
                try:
                    value = vInt.from_ical(text)
                except Exception as exc:
                    raise _Unhandled from exc
            else:
                value = self.other(factory, text, tzid, params)
        if name in READ:  # others (DTSTAMP, ATTENDEE, ...) only had to be read without an error
            _add(component, name, value)

    def check_resolvable(self, tzid: Any) -> None:
        """An event's TZID the importer resolves by name; one only the file's VTIMEZONE defines needs icalendar's."""
        text = str(tzid)
        known = self.known.get(text)
        if known is None:
            known = self.known[text] = self.resolvable(text)
        if not known:
            raise _Unhandled

    def dated(self, text: str, tzid: Any, params: Any) -> Any:
        """A plain DATE or DATE-TIME read here (as `vDDDTypes.from_ical` reads it); others by icalendar."""
        match = _DATE_TIME.fullmatch(text)
        if match is not None:
            if tzid:
                self.zone(tzid)  # icalendar looks the zone up: refused the same way
                if match.group(1):
                    raise _Unhandled  # icalendar reads the time in the TZID, ignoring the Z
            try:
                moment = datetime(
                    int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[9:11]), int(text[11:13]), int(text[13:15])
                )
            except ValueError as exc:
                raise _Unhandled from exc
            if match.group(1) and not tzid:
                moment = tzp.localize_utc(moment)  # icalendar's UTC (its repr shows in messages)
            return Dated(moment, params)
        match = _DATE.fullmatch(text)
        if match is not None and not tzid:
            try:
                day = date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
            except ValueError as exc:
                raise _Unhandled from exc
            return Dated(day, params)
        return self.other(vDDDTypes, text, tzid, params)

    @staticmethod
    def other(factory: Any, text: str, tzid: Any, params: Any) -> Any:
        """A value read by icalendar's own value type, exactly as its parser reads it."""
        try:
            parsed = factory.from_ical(text, tzid) if tzid else factory.from_ical(text)
            value = factory(parsed)
            value.params = params
        except Exception as exc:
            raise _Unhandled from exc
        return value


_NO_PARAMS: Any = Parameters() if _AVAILABLE else None


def _add(component: Any, name: str, value: Any) -> None:
    """Add a property as icalendar's parser does: a second value of a name makes a list."""
    if dict.__contains__(component, name):
        old = dict.__getitem__(component, name)
        if isinstance(old, list):
            old.append(value)
            return
        value = [old, value]
    dict.__setitem__(component, name, value)


def read(text: str, roots: Sequence[ScannedComponent], resolvable: Callable[[str], bool]) -> list[Any] | None:
    """icalendar components for the scanned calendars `roots` of `text`, or None when the file holds
    something this reader does not read exactly as `Calendar.from_ical` would (then use that).

    `resolvable(tzid)` says whether the importer finds an event's TZID by name (without the
    file's VTIMEZONE definitions, which only icalendar's full parse reads).
    """
    if not _AVAILABLE or _BARE_CR.search(text) or _ODD_START.search(text):
        return None
    builder = _Builder(resolvable)
    try:
        return [builder.component(root) for root in roots]
    except _Unhandled:
        return None
