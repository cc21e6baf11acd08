"""Differential: the quick reader (importers/ical_fast.py) and icalendar's parser give the same import.

Every file is read both ways (`parse_calendar(..., fast=False)` always uses icalendar's parser);
the events, or the error message, must be identical. Ordinary files must take the quick way
(else these tests would compare icalendar with itself); files the quick reader does not read
exactly must fall back to icalendar's parser.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from visitplanner.domain.errors import UserError
from visitplanner.importers import ical, ical_fast
from visitplanner.importers.ical import CalendarImport, _decode, known_zone, parse_calendar
from visitplanner.importers.ical_scan import scan

FIRST = date(2026, 10, 23)
LAST = date(2026, 10, 27)


def _outcome(data: bytes, fast: bool, zone: str = "Europe/London") -> CalendarImport | str:
    try:
        return parse_calendar(data, visit_start=FIRST, visit_end=LAST, visit_zone=zone, fast=fast)
    except UserError as exc:
        return f"UserError: {exc.message}"


def takes_fast_way(data: bytes) -> bool:
    """Whether the quick reader reads the file itself (rather than leaving it to icalendar)."""
    try:
        text = _decode(data)
        roots = scan(text)
    except UserError:
        return False
    return ical_fast.read(text, roots, lambda tzid: known_zone(tzid) is not None) is not None


def same_both_ways(data: bytes, zone: str = "Europe/London") -> CalendarImport | str:
    fast = _outcome(data, True, zone)
    slow = _outcome(data, False, zone)
    assert fast == slow
    return fast


def calendar(*events: str, head: str = "", newline: str = "\r\n") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Fast reader//EN"]
    if head:
        lines += head.strip("\n").split("\n")
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip("\n").split("\n"), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return (newline.join(lines) + newline).encode("utf-8")


PLAIN = """UID:plain-1@example.org
DTSTAMP:20261001T090000Z
DTSTART;TZID=Europe/London:20261024T090000
DTEND;TZID=Europe/London:20261024T100000
SUMMARY:Briefing
LOCATION:Town Hall
"""

#: Files the quick reader must read itself, each with the same result as icalendar's parser.
FAST_CASES = {
    "plain": calendar(PLAIN),
    "bare LF line ends": calendar(PLAIN, newline="\n"),
    "folded with a space and a tab": calendar(
        "UID:fold\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\n"
        "SUMMARY:A very long title that an exporter\n  folded twice\n\tover three lines"
    ),
    "folded inside a multi-byte character's neighbourhood": calendar(
        "UID:fold-ko\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:부산\n 광역시 대표단 환영 만찬"
    ),
    "escapes": calendar(
        "UID:esc\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\n"
        "SUMMARY:Smith\\, Jones\\; and \\\\ co\\: Ltd\n"
        "DESCRIPTION:First line\\nsecond line\\Nthird \\x unknown escape \\\n"
        "LOCATION:Room 1\\, Town Hall"
    ),
    "hostile text": calendar(
        "UID:<script>alert(1)</script>\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\n"
        "SUMMARY:\u202eevil\u202c <b>bold</b> R&D 'quote' \"dq\" \x01\x7f\u0085 😀 مرحبا שלום\n"
        "DESCRIPTION:" + "x" * 20000
    ),
    "all-day": calendar("UID:day\nDTSTART;VALUE=DATE:20261024\nDTEND;VALUE=DATE:20261026\nSUMMARY:Conference"),
    "all-day without an end": calendar("UID:day1\nDTSTART;VALUE=DATE:20261025\nSUMMARY:Holiday"),
    "floating": calendar("UID:float\nDTSTART:20261025T013000\nDTEND:20261025T023000\nSUMMARY:Night"),
    "utc": calendar("UID:utc\nDTSTART:20261025T003000Z\nDTEND:20261025T020000Z\nSUMMARY:Across the change"),
    "DST: repeated hour in the zone": calendar(
        "UID:dst\nDTSTART;TZID=Europe/London:20261025T013000\nDTEND;TZID=Europe/London:20261025T023000"
    ),
    "Windows zone name quoted": calendar(
        'UID:win\nDTSTART;TZID="GMT Standard Time":20261024T090000\nDTEND;TZID="GMT Standard Time":20261024T100000'
    ),
    "prefixed zone": calendar(
        "UID:moz\nDTSTART;TZID=/mozilla.org/20070129_1/Europe/London:20261024T090000\nDURATION:PT1H30M"
    ),
    "known VTIMEZONE": calendar(
        PLAIN,
        head="BEGIN:VTIMEZONE\nTZID:Europe/London\nBEGIN:STANDARD\nDTSTART:19701025T020000\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nTZNAME:GMT\n"
        "END:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700329T010000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\n"
        "TZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nTZNAME:BST\nEND:DAYLIGHT\nEND:VTIMEZONE",
    ),
    "recurring with an override, EXDATE and RDATE": calendar(
        "UID:rec\nDTSTART;TZID=Europe/London:20261023T090000\nDTEND;TZID=Europe/London:20261023T093000\n"
        "RRULE:FREQ=DAILY;COUNT=10\nEXDATE;TZID=Europe/London:20261024T090000\n"
        "RDATE;TZID=Europe/London:20261027T180000\nSUMMARY:Morning call",
        "UID:rec\nRECURRENCE-ID;TZID=Europe/London:20261026T090000\nDTSTART;TZID=Europe/London:20261026T110000\n"
        "DTEND;TZID=Europe/London:20261026T120000\nSUMMARY:Morning call (moved)\nSEQUENCE:2",
    ),
    "cancelled": calendar(
        "UID:c\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSTATUS:CANCELLED\nSEQUENCE:3", head="METHOD:CANCEL"
    ),
    "Outlook's cancellation": calendar(
        "UID:oc\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:Canceled: Chamber\\, lunch\n"
        "STATUS:CANCELLED\nSEQUENCE:2\nLOCATION:Town Hall\\; Council Chamber",
        head="METHOD:CANCEL",
    ),
    "a cancelled prefix alone": calendar(
        "UID:cp\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:Cancelled: Tour"
    ),
    "kinds from titles": calendar(
        "UID:k1\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:Signing of the MoU",
        "UID:k2\nDTSTART:20261024T110000Z\nDTEND:20261024T120000Z\nSUMMARY:환영 만찬\nCATEGORIES:Tour",
    ),
    "all-day across the visit's first day": calendar(
        "UID:ad\nDTSTART;VALUE=DATE:20261020\nDTEND;VALUE=DATE:20261025\nSUMMARY:Expo"
    ),
    "attendees and organizer with quoted parameters": calendar(
        PLAIN + 'ORGANIZER;CN="Jones, Carys":mailto:c.jones@example.org\n'
        'ATTENDEE;CN="Kim, Ha-neul";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:k@example.org\n'
        "ATTENDEE;CN=김하늘;CUTYPE=INDIVIDUAL:mailto:hn@example.org"
    ),
    "categories, class, X- properties and calendar name": calendar(
        PLAIN + "CATEGORIES:Meal,VIP\nCATEGORIES:Transfer\nCLASS:CONFIDENTIAL\nDESCRIPTION:Secret\\, really\n"
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\nX-ODD:a\\,b\\nc\nTRANSP:OPAQUE\nPRIORITY:5\nURL:https://example.org/a?b=c",
        head="X-WR-CALNAME:Delegation\\, autumn\nNAME:Other\nCALSCALE:GREGORIAN\nMETHOD:PUBLISH",
    ),
    "an alarm inside": calendar(PLAIN + "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nDESCRIPTION:Soon\nEND:VALARM"),
    "lower-case names": calendar(
        "uid:lower\ndtstart;tzid=Europe/London:20261024T090000\ndtend;tzid=Europe/London:20261024T100000\n"
        "summary:lower case"
    ).replace(b"BEGIN:VEVENT", b"begin:vevent"),
    "duplicated description": calendar(PLAIN + "DESCRIPTION:first\nDESCRIPTION:second"),
    "no UID": calendar("DTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:Anonymous"),
    "empty values": calendar("UID:e\nDTSTART:20261024T090000Z\nDTEND:20261024T100000Z\nSUMMARY:\nLOCATION:"),
    "two calendars": calendar(PLAIN) + calendar(PLAIN.replace("plain-1", "plain-2")),
    "outside the visit": calendar("UID:far\nDTSTART:20300101T090000Z\nDTEND:20300101T100000Z"),
    # errors both ways, with the same line
    "DTEND before DTSTART": calendar("UID:bad\nDTSTART:20261024T090000Z\nDTEND:20261024T080000Z"),
    "no DTSTART": calendar("UID:bad\nSUMMARY:nothing"),
    "DTEND a date, DTSTART a time": calendar("UID:bad\nDTSTART:20261024T090000Z\nDTEND;VALUE=DATE:20261025"),
    "negative duration": calendar("UID:bad\nDTSTART:20261024T090000Z\nDURATION:-PT1H"),
    "a UTC time for DURATION": calendar("UID:bad\nDTSTART:20261024T090000Z\nDURATION:20261024T090000Z"),
    "a date for DURATION": calendar("UID:bad\nDTSTART:20261024T090000Z\nDURATION:20261024"),
    "a rule that repeats too often": calendar("UID:r\nDTSTART:20000101T000000Z\nRRULE:FREQ=SECONDLY"),
    "RRULE with a bad interval": calendar(PLAIN + "RRULE:FREQ=DAILY;INTERVAL=0"),
    "a TZID on a date": calendar("UID:tz\nDTSTART;TZID=Europe/London:20261024"),
    "a period for DTSTART": calendar("UID:p\nDTSTART:20261024T090000Z/PT1H"),
    "a caret-encoded parameter": calendar(PLAIN + "ATTENDEE;CN=A^'b^':mailto:a@b"),
}

#: Files icalendar's parser must read (the quick reader leaves them alone), with the same result.
SLOW_CASES = {
    "a zone only the file defines": calendar(
        "UID:cz\nDTSTART;TZID=Custom Zone:20261024T090000\nDTEND;TZID=Custom Zone:20261024T100000",
        head="BEGIN:VTIMEZONE\nTZID:Custom Zone\nBEGIN:STANDARD\nDTSTART:16011028T020000\n"
        "TZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nEND:STANDARD\nEND:VTIMEZONE",
    ),
    "bare CR line ends": calendar(PLAIN).replace(b"\r\n", b"\r"),
    "a line starting with a form feed": calendar(PLAIN).replace(b"SUMMARY", b"\x0cSUMMARY"),
    "BEGIN with a trailing space": calendar(PLAIN).replace(b"BEGIN:VEVENT", b"BEGIN:VEVENT "),
    "a TZID on a UTC time": calendar("UID:tz\nDTSTART;TZID=Europe/London:20261024T090000Z"),
    "unknown zone and no VTIMEZONE": calendar("UID:z\nDTSTART;TZID=Nowhere/Special:20261024T090000"),
    "a backslash in a parameter": calendar("UID:b\nDTSTART:20261024T090000Z\nATTENDEE;CN=a\\:b:mailto:x@y"),
    "a bad DTSTAMP": calendar(PLAIN.replace("20261001T090000Z", "2026-10-01")),
    "a month 13": calendar("UID:m\nDTSTART:20261324T090000Z"),
    "a bad SEQUENCE": calendar(PLAIN + "SEQUENCE:two"),
    "SEQUENCE out of range": calendar(PLAIN + "SEQUENCE:99999999999"),
    "a bad parameter": calendar('UID:p\nDTSTART;X-A="a"b":20261024T090000Z'),
    "FREEBUSY": calendar(PLAIN, head="BEGIN:VFREEBUSY\nFREEBUSY:20261024T090000Z/PT1H\nEND:VFREEBUSY"),
}


@pytest.mark.parametrize("name", sorted(FAST_CASES))
@pytest.mark.filterwarnings("ignore:Timezone .* is a globally unique TZID")  # icalendar's note on the prefix
def test_ordinary_files_take_the_quick_way_and_read_the_same(name: str) -> None:
    data = FAST_CASES[name]
    assert takes_fast_way(data), name
    same_both_ways(data)


@pytest.mark.parametrize("name", sorted(SLOW_CASES))
def test_what_the_quick_reader_does_not_read_exactly_goes_to_icalendar(name: str) -> None:
    data = SLOW_CASES[name]
    assert not takes_fast_way(data), name
    same_both_ways(data)


def test_the_quick_way_finds_the_events_it_should() -> None:
    found = same_both_ways(FAST_CASES["recurring with an override, EXDATE and RDATE"])
    assert isinstance(found, CalendarImport)
    titles = [(e.start.strftime("%d %H:%M"), e.title) for e in found.events]
    assert ("26 11:00", "Morning call (moved)") in titles
    assert not any(day.startswith("24 ") for day, _ in titles)  # excluded
    assert ("27 18:00", "Morning call") in titles  # the RDATE
    escaped = same_both_ways(FAST_CASES["escapes"])
    assert isinstance(escaped, CalendarImport)
    assert escaped.events[0].title == "Smith, Jones; and \\ co: Ltd"
    assert escaped.events[0].description.startswith("First line\nsecond line\nthird \\x")
    cancel = same_both_ways(FAST_CASES["Outlook's cancellation"])
    assert isinstance(cancel, CalendarImport)
    assert [(e.title, e.status.value, e.location) for e in cancel.events] == [
        ("Chamber, lunch", "cancelled", "Town Hall; Council Chamber")
    ]
    kinds = same_both_ways(FAST_CASES["kinds from titles"])
    assert isinstance(kinds, CalendarImport)
    assert [e.kind.value for e in kinds.events] == ["ceremony", "tour"]


def test_errors_name_the_same_line_both_ways() -> None:
    message = same_both_ways(FAST_CASES["DTEND before DTSTART"])
    assert isinstance(message, str) and message.startswith("UserError: line 7: DTEND")


def test_korean_cp949_bytes_are_refused_the_same_way() -> None:
    data = calendar("UID:k\nDTSTART:20261024T090000Z\nSUMMARY:X").replace(b"SUMMARY:X", "SUMMARY:부산".encode("cp949"))
    message = same_both_ways(data)
    assert isinstance(message, str) and "not UTF-8" in message and message.startswith("UserError: line 7:")


# --- generated files -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("ab Z,;:\\\"'nN<>&^%=/\t\x00\x01\x7f\u0085\u2028\u202e박부😀é")), max_size=30
)
#: Zones, stamps, durations, sequences and rules the quick reader reads itself, then others it leaves to icalendar.
_CLEAN_ZONES = [
    "Europe/London",
    "Asia/Seoul",
    "America/New_York",
    "GMT Standard Time",
    '"W. Europe Standard Time"',
    "Korea Standard Time",
    '"Europe/London"',
    "",
]
_ZONES = st.sampled_from(
    [
        "Europe/London",
        "Asia/Seoul",
        "America/New_York",
        "GMT Standard Time",
        '"W. Europe Standard Time"',
        "Korea Standard Time",
        "/mozilla.org/20070129_1/Europe/Paris",
        '"Europe/London"',
        "Nowhere/Special",
        "",
    ]
)
_STAMP = st.sampled_from(
    [
        "20261024T090000",
        "20261025T013000",
        "20261025T010000",
        "20261026T235959",
        "20261023T000000",
        "20261027T120000",
        "20261024",
        "20261026",
        "20261301T000000",
        "2026102T090000",
        "20261024T0900",
    ]
)
_PARAM = st.one_of(
    st.just(""),
    st.builds(lambda v: f";CN={v}", st.sampled_from(["Kim", "a b", "", "박"])),
    st.builds(lambda v: f';CN="{v}"', st.sampled_from(["Smith, John", "a;b", "a:b", "", "x=y"])),
    st.just(";LANGUAGE=en-GB"),
    st.just(";VALUE=TEXT"),
    st.just(";X-A=1;X-A=2"),
)


_CLEAN_STAMPS = [
    "20261024T090000",
    "20261025T013000",
    "20261025T010000",
    "20261026T235959",
    "20261023T000000",
    "20261027T120000",
    "20261024",
    "20261026",
]
_DURATIONS = ["PT1H", "P1D", "PT0S", "P1W", "-PT5M", "PT90M", "20261024T090000Z", "20261024"]
_SEQUENCES = ["0", "1", "7", "-1", " 2"]
_RULES = ["FREQ=DAILY;COUNT=3", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY;INTERVAL=2"]


@st.composite
def _event(draw: st.DrawFn, clean: bool = False) -> str:
    """An event; `clean`: only in forms the quick reader reads itself."""
    zones = st.sampled_from(_CLEAN_ZONES) if clean else _ZONES
    stamps = st.sampled_from(_CLEAN_STAMPS) if clean else _STAMP
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(f"UID{draw(_PARAM)}:{draw(_TEXT)}")
    zone = draw(zones)
    zoned = f";TZID={zone}" if zone else ""
    start = draw(stamps)
    all_day = len(start) == 8
    value = ";VALUE=DATE" if all_day and draw(st.booleans()) else ""
    suffix = "Z" if not all_day and not zoned and draw(st.booleans()) else ""
    lines.append(f"DTSTART{value if all_day else zoned}:{start}{suffix}")
    ending = draw(st.sampled_from(["DTEND", "DURATION", "none"]))
    if ending == "DTEND":
        end = draw(stamps)
        lines.append(f"DTEND{'' if len(end) == 8 else zoned}:{end}{suffix if len(end) != 8 else ''}")
    elif ending == "DURATION":
        lines.append("DURATION:" + draw(st.sampled_from(_DURATIONS + ([] if clean else ["P", "1H"]))))
    for name in draw(
        st.lists(st.sampled_from(["SUMMARY", "LOCATION", "DESCRIPTION", "X-NOTE", "COMMENT"]), max_size=4)
    ):
        lines.append(f"{name}{draw(_PARAM)}:{draw(_TEXT)}")
    if draw(st.booleans()):
        lines.append("STATUS:" + draw(st.sampled_from(["CONFIRMED", "TENTATIVE", "CANCELLED", "cancelled", "odd"])))
    if draw(st.booleans()):
        lines.append("SEQUENCE:" + draw(st.sampled_from(_SEQUENCES + ([] if clean else ["x", "2147483648"]))))
    if draw(st.booleans()):
        lines.append("CATEGORIES:" + draw(st.sampled_from(["Meal", "Meal,VIP", "a\\,b,c", "", "transfer"])))
    if draw(st.booleans()):
        lines.append("CLASS:" + draw(st.sampled_from(["PUBLIC", "PRIVATE", "CONFIDENTIAL"])))
    if draw(st.booleans()):
        lines.append("RRULE:" + draw(st.sampled_from(_RULES + ([] if clean else ["FREQ=X"]))))
        if draw(st.booleans()):
            lines.append(f"EXDATE{zoned}:{draw(stamps)}")
    if draw(st.booleans()):
        lines.append(f"RECURRENCE-ID{zoned}:{draw(stamps)}")
    if draw(st.booleans()):
        lines.append(f"ATTENDEE{draw(_PARAM)}:mailto:a@example.org")
    return "\n".join(lines)


def _fold(line: str, width: int) -> list[str]:
    parts = [line[:width]]
    rest = line[width:]
    while rest:
        parts.append(" " + rest[: width - 1])
        rest = rest[width - 1 :]
    return parts


@st.composite
def generated(draw: st.DrawFn, clean: bool = False) -> bytes:
    events = draw(st.lists(_event(clean), min_size=1, max_size=5))
    head = draw(st.sampled_from(["", "METHOD:CANCEL", "X-WR-CALNAME:Visit\\, autumn", "METHOD:PUBLISH"]))
    text = calendar(*events, head=head).decode("utf-8")
    width = draw(st.sampled_from([0, 5, 20, 75]))
    if width:
        text = "\r\n".join(part for line in text.split("\r\n") for part in _fold(line, width))
    if draw(st.booleans()):
        text = text.replace("\r\n", "\n")
    return text.encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated(), st.sampled_from(["Europe/London", "Asia/Seoul", "Pacific/Chatham"]))
def test_generated_files_read_the_same_both_ways(data: bytes, zone: str) -> None:
    note("quick way" if takes_fast_way(data) else "icalendar's parser")
    same_both_ways(data, zone)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated(clean=True), st.sampled_from(["Europe/London", "Asia/Seoul", "Pacific/Chatham"]))
def test_generated_ordinary_files_take_the_quick_way_and_read_the_same(data: bytes, zone: str) -> None:
    assert takes_fast_way(data)
    same_both_ways(data, zone)


def test_the_quick_reader_keeps_every_property_the_importer_reads() -> None:
    """The quick reader keeps only `ical_fast.READ`: every name importers/ical.py looks up is there."""
    source = Path(ical.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r'(?:_get|_text|_all)\([\w.]+, "([A-Z-]+)"', source))
    names |= set(re.findall(r'calendar\.get\("([A-Z-]+)"', source))
    assert len(names) >= 15
    assert names <= ical_fast.READ, names - ical_fast.READ
