"""Four independent readers of an .ics file, each reduced to the same plain description of its events."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("libical_check.py")
SYSTEM_PYTHON = "/usr/bin/python3"
REQUIRE_LIBICAL_ENV = "VISITPLANNER_REQUIRE_LIBICAL"


@dataclass(frozen=True)
class Seen:
    """What one parser read of one event.

    Attributes:
        uid, sequence, summary, status: as read.
        start, end: the instants, as POSIX seconds.
        location, description: the text values.
        attendees: (address, CN) pairs in file order.
        organizer: the organiser's address, or "".
        attendee_count: how many ATTENDEE properties (libical reports only this).
    """

    uid: str
    sequence: int
    summary: str
    status: str
    start: int
    end: int
    location: str = ""
    description: str = ""
    attendees: tuple[tuple[str, str], ...] = ()
    organizer: str = ""
    attendee_count: int = -1

    def __post_init__(self) -> None:
        if self.attendee_count < 0:
            object.__setattr__(self, "attendee_count", len(self.attendees))


def _seconds(value: datetime) -> int:
    assert value.tzinfo is not None, f"naive time {value!r}: the parser did not find the zone"
    return int(value.astimezone(UTC).timestamp())


def with_icalendar(data: bytes) -> dict[str, Seen]:
    from icalendar import Calendar

    found: dict[str, Seen] = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        found[str(event["UID"])] = Seen(
            str(event["UID"]),
            int(event.get("SEQUENCE", 0)),
            str(event["SUMMARY"]),
            str(event.get("STATUS", "")),
            _seconds(event["DTSTART"].dt),
            _seconds(event["DTEND"].dt),
            str(event.get("LOCATION", "")),
            str(event.get("DESCRIPTION", "")),
            tuple((str(a), str(a.params.get("CN", ""))) for a in attendees),
            str(event.get("ORGANIZER", "")),
        )
    return found


def with_ical(data: bytes) -> dict[str, Seen]:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    found: dict[str, Seen] = {}
    for event in calendar.events:
        assert isinstance(event.dtstart, datetime) and isinstance(event.dtend, datetime)
        found[str(event.uid)] = Seen(
            str(event.uid),
            int(event.sequence or 0),
            str(event.summary),
            event.status.value if event.status else "",
            _seconds(event.dtstart),
            _seconds(event.dtend),
            event.location or "",
            event.description or "",
            tuple((a.uri, a.common_name or "") for a in event.attendees),
            event.organizer.uri if event.organizer else "",
        )
    return found


def with_vobject(data: bytes) -> dict[str, Seen]:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    found: dict[str, Seen] = {}
    for event in calendar.vevent_list:

        def text(name: str, component: object = event) -> str:
            child = getattr(component, name, None)
            return str(child.value) if child is not None else ""

        attendees = tuple((a.value, rfc6868(a.params.get("CN", [""])[0])) for a in getattr(event, "attendee_list", []))
        found[text("uid")] = Seen(
            text("uid"),
            int(text("sequence") or 0),
            text("summary"),
            text("status"),
            _seconds(event.dtstart.value),
            _seconds(event.dtend.value),
            text("location"),
            text("description"),
            attendees,
            text("organizer"),
        )
    return found


def rfc6868(value: str) -> str:
    """A parameter value with RFC 6868's caret escapes decoded (vobject leaves them as written)."""
    return re.sub(r"\^(\^|n|')", lambda m: {"^": "^", "n": "\n", "'": '"'}[m.group(1)], value)


def libical_available() -> str | None:
    """None when the system Python can import libical's bindings, else why not."""
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=_clean_env(),
    )
    if probe.returncode:
        return (
            f"{SYSTEM_PYTHON} cannot import libical's bindings (apt-get install python3-gi gir1.2-ical-3.0): "
            f"{probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else probe.returncode}"
        )
    return None


def require_libical() -> None:
    """Skip (or, with VISITPLANNER_REQUIRE_LIBICAL=1, fail) when libical cannot be used."""
    reason = libical_available()
    if reason is not None:
        if os.environ.get(REQUIRE_LIBICAL_ENV) == "1":
            pytest.fail(f"{REQUIRE_LIBICAL_ENV}=1 but {reason}")
        pytest.skip(reason)


def _clean_env() -> dict[str, str]:
    # the system Python must not pick up the venv's packages
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


@dataclass(frozen=True)
class LibicalReport:
    """libical's reading of one file: its parse and restriction errors, method and events."""

    errors: tuple[str, ...]
    method: str
    events: dict[str, Seen]


def with_libical(paths: list[Path]) -> dict[Path, LibicalReport]:
    """Every file read by libical in one run of the helper (parse + check_restrictions)."""
    result = subprocess.run(
        [SYSTEM_PYTHON, str(HELPER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=_clean_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reports: dict[Path, LibicalReport] = {}
    for item in json.loads(result.stdout):
        events = {
            e["uid"]: Seen(
                e["uid"],
                e["sequence"],
                e["summary"],
                e["status"] or "",
                e["start"],
                e["end"],
                e["location"] or "",
                e["description"] or "",
                attendee_count=e["attendees"],
            )
            for e in item["events"]
        }
        reports[Path(item["path"])] = LibicalReport(tuple(item["errors"]), item.get("method", ""), events)
    return reports
