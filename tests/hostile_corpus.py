"""A corpus of hostile and malformed calendar and visit files, generated (small) rather than stored.

Each case says what the reader must answer: `None` for "read without error" or a regular
expression the `UserError` message must match (it names the line or the JSON path). Used by
tests/unit/test_hostile_files.py (the parsers) and tests/store/test_hostile_files.py (the
command line on SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CRLF = "\r\n"
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hostile//EN\r\n"
TAIL = "END:VCALENDAR\r\n"
#: The visit the corpus is imported into: the demo visit's days (11–12 May 2027, London).
VISIT = "busan-liverpool"


@dataclass(frozen=True)
class Case:
    """One file: its name, content and the expected answer (None: accepted; else a regex)."""

    name: str
    data: bytes
    expect: str | None


def _event(*lines: str, uid: str = "hostile-1") -> str:
    body = "".join(line + CRLF for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\n{body}END:VEVENT\r\n"


def _calendar(*parts: str) -> bytes:
    return (HEAD + "".join(parts) + TAIL).encode("utf-8")


OK_TIMES = ("DTSTART:20270511T100000Z", "DTEND:20270511T110000Z")


def calendar_cases() -> list[Case]:
    """Hostile .ics files: dates pushed out of range, deep nesting, broken structure, odd text."""
    out_of_range = r"^line 7: the event's dates go beyond the years 1 to 9999"
    cases = [
        Case("9999-plus-14h.ics", _calendar(_event("DTSTART;TZID=Pacific/Kiritimati:99991231T230000")), out_of_range),
        Case(
            "9999-minus-10h.ics",
            _calendar(_event("DTSTART;TZID=Pacific/Honolulu:99991231T230000", "DURATION:PT1H")),
            out_of_range,
        ),
        Case(
            "9999-utc-plus-duration.ics", _calendar(_event("DTSTART:99991231T230000Z", "DURATION:PT2H")), out_of_range
        ),
        Case("9999-date-plus-days.ics", _calendar(_event("DTSTART;VALUE=DATE:99991230", "DURATION:P5D")), out_of_range),
        Case("0001-plus-14h.ics", _calendar(_event("DTSTART;TZID=Pacific/Kiritimati:00010101T000000")), out_of_range),
        Case("0001-minus-5h.ics", _calendar(_event("DTSTART;TZID=America/New_York:00010101T000000")), out_of_range),
        Case("0001-floating.ics", _calendar(_event("DTSTART:00010101T000000")), out_of_range),
        Case("huge-duration.ics", _calendar(_event("DTSTART:20270511T100000Z", "DURATION:P99999999D")), out_of_range),
        Case("year-zero.ics", _calendar(_event("DTSTART:00000101T000000Z")), r"^line 7: DTSTART"),
        Case("month-13.ics", _calendar(_event("DTSTART:20271301T000000Z")), r"^line 7: DTSTART"),
        Case(
            "nested-5000.ics",
            (HEAD + "BEGIN:X\r\n" * 5000 + "END:X\r\n" * 5000 + TAIL).encode(),
            r"^line 15: BEGIN:X is nested 13 components deep",
        ),
        Case(
            "nested-5000-vevents.ics",
            (HEAD + "BEGIN:VEVENT\r\n" * 5000 + "END:VEVENT\r\n" * 5000 + TAIL).encode(),
            r"^line 15: BEGIN:VEVENT is nested",
        ),
        Case("unclosed.ics", (HEAD + "BEGIN:VEVENT\r\nUID:x\r\n").encode(), r"^line 4: BEGIN:VEVENT is never closed"),
        Case("end-mismatch.ics", (HEAD + "BEGIN:VEVENT\r\nEND:VTODO\r\n" + TAIL).encode(), r"^line 5: END:VTODO"),
        Case("empty.ics", b"", r"^line 1: the file is empty"),
        Case("not-ics.ics", b"<html><body>hello</body></html>", r"^line 1: not an iCalendar file"),
        Case("binary.ics", bytes(range(256)) * 4, r"^line \d+: "),
        Case("latin-1.ics", _calendar(_event(*OK_TIMES)).replace(b"hostile", b"h\xe9stile"), r"^line 5: not UTF-8"),
        Case("continuation-first.ics", b" BEGIN:VCALENDAR\r\n", r"^line 1: the file starts with a continuation"),
        Case("no-dtstart.ics", _calendar(_event("SUMMARY:x")), r"^line 4: the event has no DTSTART"),
        Case(
            "dtend-before.ics", _calendar(_event(OK_TIMES[0], "DTEND:20270511T090000Z")), r"^line 8: DTEND .* is before"
        ),
        Case("period-start.ics", _calendar(_event("DTSTART:20270511T100000Z/PT1H")), r"^line 7: DTSTART"),
        Case("interval-zero.ics", _calendar(_event(*OK_TIMES, "RRULE:FREQ=SECONDLY;INTERVAL=0")), r"^line 9: RRULE"),
        Case("count-huge.ics", _calendar(_event(*OK_TIMES, "RRULE:FREQ=DAILY;COUNT=99999999999999999999")), r"^line 9"),
        Case(
            "secondly-since-1900.ics",
            _calendar(_event("DTSTART:19000101T000000Z", "DTEND:19000101T000001Z", "RRULE:FREQ=SECONDLY")),
            r"^line 9: RRULE repeats more than",
        ),
        Case(  # filters no day matches: only DTSTART occurs, found at once (not after stepping to 9999)
            "secondly-on-30-february.ics",
            _calendar(_event(*OK_TIMES, "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30")),
            None,
        ),
        Case("unknown-zone.ics", _calendar(_event("DTSTART;TZID=Mars/Olympus:20270511T100000")), r"^line 7: unknown"),
        Case(
            "zone-offset-99h.ics",
            _calendar(
                "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
                "TZOFFSETFROM:+9900\r\nTZOFFSETTO:+9900\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
                _event("DTSTART;TZID=X:20270511T100000"),
            ),
            r"^line \d+: ",
        ),
        Case("sequence-huge.ics", _calendar(_event(*OK_TIMES, "SEQUENCE:99999999999999999999")), r"^line 9: SEQUENCE"),
        Case("twice-dtstart.ics", _calendar(_event(*OK_TIMES, OK_TIMES[0])), r"^line 9: DTSTART is given twice"),
        Case("bad-line.ics", _calendar(_event(*OK_TIMES, "no colon here")), r"^line 9: cannot read"),
        Case("geo-text.ics", _calendar(_event(*OK_TIMES, "GEO:abc;def")), r"^line 9: GEO"),
        # accepted: hostile text is kept as text (controls removed), never run or rendered as markup
        Case(
            "nul-and-bidi.ics",
            _calendar(_event(*OK_TIMES, "SUMMARY:a\x00b\u202egnp.exe", "LOCATION:<script>alert(1)</script>")),
            None,
        ),
        Case("long-summary.ics", _calendar(_event(*OK_TIMES, "SUMMARY:" + "\U0001d11e" * 100_000)), None),
        Case("many-parameters.ics", _calendar(_event("DTSTART" + ";X-A=1" * 20_000 + ":20270511T100000Z")), None),
        Case("emoji-uid.ics", _calendar(_event(*OK_TIMES, uid="\U0001f600" * 300)), None),
    ]
    return cases


# --- visit files -------------------------------------------------------------------------------


def valid_visit() -> dict[str, Any]:
    """A small valid visit document (one organisation, person, venue, attendee and engagement)."""
    return {
        "format": "visitplanner-visit",
        "version": 1,
        "visit": {
            "title": "Hostile visit",
            "slug": "hostile-visit",
            "start_date": "2027-05-11",
            "end_date": "2027-05-12",
            "local_time_zone": "Europe/London",
            "home_time_zone": "Asia/Seoul",
            "status": "confirmed",
        },
        "organisations": [{"key": "org-1", "name": "Org", "country": "South Korea", "kind": "government"}],
        "people": [{"key": "person-1", "family_name": "Park", "email": "park@example.org", "organisation": "org-1"}],
        "venues": [{"name": "Town Hall", "code": "HOSTILE-TH", "rooms": [{"name": "Room 1"}]}],
        "attendees": [{"key": "attendee-1", "person": "person-1", "side": "visiting", "role": "principal"}],
        "engagements": [
            {
                "uid": "3f2b6c1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e",
                "kind": "meeting",
                "title": "Talks",
                "start": "2027-05-11T09:00:00Z",
                "end": "2027-05-11T10:00:00Z",
                "venue": "HOSTILE-TH",
                "room": "Room 1",
                "attendances": [{"attendee": "attendee-1", "part": "participant"}],
            }
        ],
    }


def _edited(edit: Callable[[dict[str, Any]], object]) -> bytes:
    document = valid_visit()
    edit(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _set(path: str, value: object) -> Callable[[dict[str, Any]], object]:
    def apply(document: dict[str, Any]) -> None:
        target: Any = document
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def visit_cases() -> list[Case]:
    """Hostile visit files: broken JSON, deep nesting, wrong types, out-of-range numbers and dates."""
    return [
        Case("empty.json", b"", r"^\$: "),
        Case("not-json.json", b"BEGIN:VCALENDAR\r\n", r"^\$: "),
        Case("deep-arrays.json", b"[" * 100_000 + b"]" * 100_000, r"^\$: "),
        Case("deep-objects.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, r"^\$: "),
        Case("huge-integer.json", _edited(_set("version", 12345)).replace(b"12345", b"9" * 5000), r"^\$"),
        Case("nan.json", b'{"format": NaN}', r"^\$"),
        Case("latin-1.json", _edited(_set("visit.title", "x")).replace(b'"x"', b'"\xe9"'), r"^\$: "),
        Case("bom.json", b"\xef\xbb\xbf" + _edited(lambda d: None), None),
        Case("wrong-format.json", _edited(_set("format", "something-else")), r"^\$\.format"),
        Case("newer-version.json", _edited(_set("version", 99)), r"^\$\.version"),
        Case("title-number.json", _edited(_set("visit.title", 12)), r"^\$\.visit\.title: expected a string"),
        Case("surrogate.json", _edited(_set("visit.title", "x")).replace(b'"x"', b'"\\ud800"'), r"^\$\.visit\.title"),
        Case("nul-in-title.json", _edited(_set("visit.title", "a\x00b")), r"^\$\.visit\.title"),
        Case("year-10000.json", _edited(_set("engagements.0.start", "10000-01-01T00:00:00Z")), r"^\$\.engagements"),
        Case("year-0.json", _edited(_set("engagements.0.end", "0000-01-01T00:00:00Z")), r"^\$\.engagements"),
        Case("naive-time.json", _edited(_set("engagements.0.start", "2027-05-11T09:00:00")), r"^\$\.engagements"),
        Case("bad-zone.json", _edited(_set("visit.local_time_zone", "../../etc/passwd")), r"^\$\.visit"),
        Case("end-before-start.json", _edited(_set("visit.end_date", "2027-05-01")), r"^\$\.visit"),
        Case("unknown-room.json", _edited(_set("engagements.0.room", "Nowhere")), r"^\$\.engagements\[0\]\.room"),
        Case("unknown-attendee.json", _edited(_set("attendees.0.person", "person-9")), r"^\$\.attendees\[0\]\.person"),
        Case("duplicate-uid.json", _edited(lambda d: d["engagements"].append(dict(d["engagements"][0]))), r"UID"),
        Case("capacity-2-63.json", _edited(_set("venues.0.rooms.0", {"name": "R", "capacity": 2**63})), r"^\$\.venues"),
        Case("latitude-1e400.json", _edited(_set("venues.0.latitude", 1e300)), r"^\$\.venues\[0\]"),
        Case("long-room-name.json", _long_room(), None),
        Case("unicode-names.json", _unicode_names(), None),
    ]


def _long_room() -> bytes:
    """A 200-character room name (as the room dialog accepts) referenced by an engagement."""
    name = "\U0001d11e" * 200

    def edit(document: dict[str, Any]) -> None:
        document["venues"][0]["rooms"][0]["name"] = name
        document["engagements"][0]["room"] = name

    return _edited(edit)


def _unicode_names() -> bytes:
    def edit(document: dict[str, Any]) -> None:
        document["people"][0].update(
            family_name="\u202eKrap",
            given_names="مُحَمَّد",
            native_name="தமிழ்",
            romanised_name="<b>bold</b>",
        )

    return _edited(edit)
