"""Property: whatever a damaged calendar file holds, the importer answers with events or a line-numbered UserError."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from visitplanner.domain.errors import UserError
from visitplanner.importers.ical import parse_calendar

SAMPLE = """BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:Custom Zone
BEGIN:STANDARD
DTSTART:16011028T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0100
TZOFFSETTO:-0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T010000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:-0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:one
DTSTAMP:20261001T000000Z
SUMMARY:Briefing\\, 박형준
DTSTART;TZID=Custom Zone:20261024T090000
DTEND;TZID=Custom Zone:20261024T100000
RRULE:FREQ=DAILY;COUNT=5
EXDATE;TZID=Custom Zone:20261025T090000
RDATE;VALUE=PERIOD:20261027T120000Z/PT1H
LOCATION:Town Hall
END:VEVENT
BEGIN:VEVENT
UID:one
RECURRENCE-ID;TZID=Custom Zone:20261026T090000
DTSTART;TZID=GMT Standard Time:20261026T140000
DURATION:PT45M
END:VEVENT
BEGIN:VEVENT
UID:two
DTSTART;VALUE=DATE:20261026
DTEND;VALUE=DATE:20261027
CATEGORIES:Meal,VIP
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")
LINES = SAMPLE.split("\r\n")
PIECES = st.sampled_from(
    [
        "",
        ":",
        ";",
        "=",
        '"',
        "\\",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "END:VCALENDAR",
        "T",
        "Z",
        "99999999",
        "20261301T250000",
        "-P1D",
        "FREQ=",
        "TZID=Nowhere",
        ",",
        " ",
        "\t",
        "박",
        "\x00",
        "VALUE=DATE",
        "VALUE=PERIOD",
        "RECURRENCE-ID:",
        "UNTIL=2026",
        "COUNT=-1",
        "BYDAY=9XX",
    ]
)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """The sample with a few lines deleted, duplicated, inserted or edited; with `values_only`, only
    property lines are touched, so the structure holds and the values are what is damaged."""
    lines = list(LINES)
    values_only = draw(st.booleans())
    editable = [i for i, line in enumerate(lines) if line and not line.startswith(("BEGIN:", "END:"))]
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.sampled_from(editable) if values_only else st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "insert", "edit", "duplicate"]))
        if values_only:
            action = "edit" if action in ("delete", "insert") else action
        if action == "delete":
            del lines[index]
        elif action == "insert":
            lines.insert(index, draw(PIECES) + draw(PIECES))
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(PIECES) + line[at + draw(st.integers(0, 3)) :]
    return "\r\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_a_damaged_file_gives_events_or_a_line_numbered_error(text: str) -> None:
    try:
        result = parse_calendar(
            text.encode("utf-8"),
            visit_start=date(2026, 10, 23),
            visit_end=date(2026, 10, 27),
            visit_zone="Europe/London",
        )
    except UserError as exc:
        assert re.match(r"^line \d+: \S", exc.message), exc.message
        line = int(exc.message.split(":")[0].split()[1])
        assert 1 <= line <= text.count("\r\n") + 1
        return
    for event in result.events:
        assert event.start.tzinfo is not None and event.end >= event.start
