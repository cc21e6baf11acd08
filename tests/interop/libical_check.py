"""Run with the system Python (python3-gi, gir1.2-ical-3.0): read .ics files with libical, run its
restriction check, and print each file's errors and events (instants from the file's own VTIMEZONEs) as JSON."""

# Standard library and gi only: this runs outside the project's virtual environment.
from __future__ import annotations

import json
import sys
from typing import Any


def _load() -> Any:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib

    return ICalGLib


def _errors(lib: Any, component: Any) -> list[str]:
    """The X-LIC-ERROR properties libical left in `component` and its children."""
    found: list[str] = []
    prop = component.get_first_property(lib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(" ".join(prop.as_ical_string().split()))
        prop = component.get_next_property(lib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(lib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found.extend(_errors(lib, child))
        child = component.get_next_component(lib.ComponentKind.ANY_COMPONENT)
    return found


def _zones(lib: Any, calendar: Any) -> dict[str, Any]:
    """The file's VTIMEZONEs as libical time zones, by TZID (never libical's built-in zones)."""
    zones: dict[str, Any] = {}
    child = calendar.get_first_component(lib.ComponentKind.VTIMEZONE_COMPONENT)
    while child is not None:
        zone = lib.Timezone.new()
        zone.set_component(child.clone())
        zones[zone.get_tzid()] = zone
        child = calendar.get_next_component(lib.ComponentKind.VTIMEZONE_COMPONENT)
    return zones


def _instant(lib: Any, prop: Any, zones: dict[str, Any]) -> int | None:
    if prop is None:
        return None
    value = prop.get_value().get_datetime()
    param = prop.get_first_parameter(lib.ParameterKind.TZID_PARAMETER)
    if param is not None:
        return int(lib.Time.as_timet_with_zone(value, zones[param.get_tzid()]))
    if value.is_utc():
        return int(lib.Time.as_timet_with_zone(value, lib.Timezone.get_utc_timezone()))
    raise ValueError(f"floating time in {prop.as_ical_string()}")


def _count(component: Any, kind: Any) -> int:
    n = 0
    prop = component.get_first_property(kind)
    while prop is not None:
        n += 1
        prop = component.get_next_property(kind)
    return n


def check(lib: Any, path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8", newline="") as stream:
        text = stream.read()
    calendar = lib.Component.new_from_string(text)
    if calendar is None:
        return {"path": path, "errors": ["libical could not parse the file"], "method": "", "events": []}
    parse_errors = _errors(lib, calendar)
    calendar.check_restrictions()
    errors = _errors(lib, calendar)
    zones = _zones(lib, calendar)
    events = []
    event = calendar.get_first_component(lib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        status = event.get_first_property(lib.PropertyKind.STATUS_PROPERTY)
        events.append(
            {
                "uid": event.get_uid(),
                "sequence": event.get_sequence(),
                "summary": event.get_summary(),
                "location": event.get_location(),
                "description": event.get_description(),
                "status": status.get_value_as_string() if status is not None else None,
                "start": _instant(lib, event.get_first_property(lib.PropertyKind.DTSTART_PROPERTY), zones),
                "end": _instant(lib, event.get_first_property(lib.PropertyKind.DTEND_PROPERTY), zones),
                "attendees": _count(event, lib.PropertyKind.ATTENDEE_PROPERTY),
                "organizer": _count(event, lib.PropertyKind.ORGANIZER_PROPERTY),
            }
        )
        event = calendar.get_next_component(lib.ComponentKind.VEVENT_COMPONENT)
    method = calendar.get_method()
    return {
        "path": path,
        "errors": sorted(set(parse_errors) | set(errors)),
        "method": getattr(method, "value_nick", str(method)),
        "events": events,
    }


if __name__ == "__main__":
    library = _load()
    json.dump([check(library, p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=False)
