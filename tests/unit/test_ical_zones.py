"""VTIMEZONEs written from zoneinfo: explicit observances, no COMMENT, the same offsets as zoneinfo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from visitplanner.exporters.ical_zones import transitions, vtimezone


def _calendar(lines: list[str]) -> Calendar:
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR", ""])
    return Calendar.from_ical(text)


def test_london_is_two_yearly_rules_the_same_whatever_the_dates_in_the_year() -> None:
    lines = vtimezone("Europe/London", datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 10, 30, tzinfo=UTC))
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    # vobject keeps the first definition of a TZID it meets: every export must define it alike
    assert vtimezone("Europe/London", datetime(2026, 5, 11, tzinfo=UTC), datetime(2026, 5, 12, tzinfo=UTC)) == lines


def test_rules_for_the_new_world_and_the_south() -> None:
    new_york = vtimezone("America/New_York", datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in new_york and "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in new_york
    sydney = vtimezone("Australia/Sydney", datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert sydney[2:4] == ["BEGIN:STANDARD", "DTSTART:19700405T030000"]


def test_a_zone_without_changes_is_one_fixed_observance() -> None:
    lines = vtimezone("Asia/Seoul", datetime(2027, 5, 1, tzinfo=UTC), datetime(2027, 5, 30, tzinfo=UTC))
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Seoul",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "RDATE:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:KST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def _offset_changes(name: str, first_year: int, last_year: int) -> int:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    tz, moment = ZoneInfo(name), datetime(first_year, 1, 1, tzinfo=UTC)
    previous, changes = moment.astimezone(tz).utcoffset(), 0
    while moment < datetime(last_year + 1, 1, 1, tzinfo=UTC):
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous:
            changes, previous = changes + 1, offset
    return changes


def test_irregular_zones_get_one_observance_per_change_without_rules() -> None:
    lines = vtimezone("Africa/Casablanca", datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 2, tzinfo=UTC))
    names = {line.split(":", 1)[0] for line in lines}
    assert not names & {"RRULE", "COMMENT"}
    assert lines[2:5] == ["BEGIN:STANDARD", "DTSTART:20250101T010000", "RDATE:20250101T010000"]
    assert all("," not in line for line in lines if line.startswith("RDATE"))
    # one observance to start from, then one per offset change from 2025 to 2027 (Ramadan), counted
    # from the tzdata in use so the test follows rule updates
    assert sum(line.startswith(("BEGIN:STANDARD", "BEGIN:DAYLIGHT")) for line in lines) == 1 + _offset_changes(
        "Africa/Casablanca", 2025, 2027
    )
    # a rule change inside the window (the US, 2007) also falls back to explicit changes
    us = vtimezone("America/New_York", datetime(2007, 1, 1, tzinfo=UTC), datetime(2007, 2, 1, tzinfo=UTC))
    assert not any(line.startswith("RRULE") for line in us)


def test_no_comment_and_no_multi_value_rdate_anywhere() -> None:
    for name in ("Europe/London", "Africa/Casablanca", "Asia/Seoul", "Europe/Dublin"):
        lines = vtimezone(name, datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC))
        assert not any(line.startswith("COMMENT") for line in lines)
        assert all("," not in line for line in lines if line.startswith("RDATE"))


def test_negative_dst_zones_still_call_the_summer_daylight() -> None:
    lines = vtimezone("Europe/Dublin", datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert lines[2:8] == [
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:IST",
    ]


def test_transitions_are_found_to_the_second() -> None:
    found = transitions(ZoneInfo("Europe/London"), datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert [t.at for t in found] == [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)]


@pytest.mark.parametrize(
    "name",
    [
        "Europe/London",
        "Asia/Seoul",
        "America/New_York",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "Africa/Casablanca",
        "Europe/Dublin",
        "America/Santiago",
        "Pacific/Auckland",
        "Asia/Tehran",
    ],
)
def test_icalendar_reads_every_instant_of_the_range_as_zoneinfo_does(name: str) -> None:
    first, last = datetime(2026, 9, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC)
    tz = _calendar(vtimezone(name, first, last)).walk("VTIMEZONE")[0].to_tz()
    zi = ZoneInfo(name)
    moment = first
    while moment < last:
        wall = moment.astimezone(zi)
        ambiguous = wall.replace(fold=0).utcoffset() != wall.replace(fold=1).utcoffset()
        if not ambiguous:  # a repeated hour is written in UTC by the exporter
            assert wall.replace(tzinfo=tz).utcoffset() == wall.utcoffset(), moment
        moment += timedelta(hours=5)
