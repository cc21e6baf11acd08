"""Parsing calendar files from other programs: zones, all-day, floating, recurrences and line-numbered errors."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import EngagementData
from visitplanner.exporters.ical import UID_SUFFIX as EXPORTED_SUFFIX
from visitplanner.importers.ical import (
    MAX_SIZE,
    UID_NAMESPACE,
    UID_SUFFIX,
    CalendarImport,
    ImportedEvent,
    engagement_uuid,
    known_zone,
    parse_calendar,
)
from visitplanner.importers.ical_windows import LEGACY, WINDOWS_ZONES, windows_zone

VISIT = {"visit_start": date(2026, 10, 23), "visit_end": date(2026, 10, 27), "visit_zone": "Europe/London"}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def ics(
    *body: str,
    method: str = "PUBLISH",
    prodid: str = "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    newline: str = "\r\n",
) -> bytes:
    lines = ["BEGIN:VCALENDAR", f"PRODID:{prodid}", "VERSION:2.0", f"METHOD:{method}", *body, "END:VCALENDAR", ""]
    return newline.join(lines).encode("utf-8")


def event(uid: str, *props: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261001T120000Z", *props, "END:VEVENT"]


def parse(data: bytes, **overrides: object) -> CalendarImport:
    return parse_calendar(data, **{**VISIT, **overrides})  # type: ignore[arg-type]


def only(result: CalendarImport) -> ImportedEvent:
    assert len(result.events) == 1, result.events
    return result.events[0]


OUTLOOK_ZONES = [
    "BEGIN:VTIMEZONE",
    "TZID:GMT Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16011028T020000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:-0000",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010325T010000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZOFFSETFROM:-0000",
    "TZOFFSETTO:+0100",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VTIMEZONE",
    "TZID:Korea Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "END:STANDARD",
    "END:VTIMEZONE",
]


# --- Windows and other zone names ----------------------------------------------------------------


def test_the_windows_table_covers_the_common_zones_and_every_entry_is_a_real_zone() -> None:
    assert len(WINDOWS_ZONES) >= 130
    for iana in (*WINDOWS_ZONES.values(), *LEGACY.values()):
        ZoneInfo(iana)
    assert windows_zone("GMT Standard Time") == "Europe/London"
    assert windows_zone("Korea Standard Time") == "Asia/Seoul"
    assert windows_zone("Eastern Standard Time") == "America/New_York"
    assert windows_zone("Romance Standard Time") == "Europe/Paris"
    assert windows_zone("W. Europe Standard Time") == "Europe/Berlin"
    assert windows_zone("India Standard Time") == "Asia/Kolkata"
    assert windows_zone("  gmt standard time ") == "Europe/London"
    assert windows_zone("tzone://Microsoft/Utc") == "Etc/UTC"
    assert windows_zone("Europe/London") is None


@pytest.mark.parametrize(
    ("tzid", "expected"),
    [
        ("Europe/London", "Europe/London"),
        ("/mozilla.org/20070129_1/Europe/London", "Europe/London"),
        ("/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("GMT Standard Time", "Europe/London"),
        ('"Korea Standard Time"', "Asia/Seoul"),
        ("UTC", "UTC"),
    ],
)
def test_known_zone_names(tzid: str, expected: str) -> None:
    found = known_zone(tzid)
    assert found is not None and found.key == expected


def test_unknown_zone_names_are_not_guessed() -> None:
    for tzid in ("Custom Zone", "London", "../etc/passwd", "", "(UTC+01:00) Amsterdam, Berlin"):
        assert known_zone(tzid) is None


# --- instants ------------------------------------------------------------------------------------


def test_an_outlook_file_with_windows_zone_names_gives_the_right_instants() -> None:
    result = parse(
        ics(
            *OUTLOOK_ZONES,
            *event(
                "before",
                "SUMMARY:Before the change",
                "DTSTART;TZID=GMT Standard Time:20261024T100000",
                "DTEND;TZID=GMT Standard Time:20261024T110000",
            ),
            *event(
                "after",
                "SUMMARY:After the change",
                "DTSTART;TZID=GMT Standard Time:20261026T100000",
                "DTEND;TZID=GMT Standard Time:20261026T110000",
            ),
            *event(
                "seoul",
                "SUMMARY:Call with Busan",
                "DTSTART;TZID=Korea Standard Time:20261026T180000",
                "DTEND;TZID=Korea Standard Time:20261026T190000",
            ),
        )
    )
    times = {e.uid: (e.start, e.end) for e in result.events}
    assert times == {
        "before": (utc(2026, 10, 24, 9), utc(2026, 10, 24, 10)),
        "after": (utc(2026, 10, 26, 10), utc(2026, 10, 26, 11)),
        "seoul": (utc(2026, 10, 26, 9), utc(2026, 10, 26, 10)),
    }
    assert result.product.startswith("-//Microsoft")


def test_a_custom_tzid_is_read_from_the_files_own_vtimezone() -> None:
    zone = [
        "BEGIN:VTIMEZONE",
        "TZID:Office time",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0530",
        "TZOFFSETTO:+0530",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    found = only(
        parse(
            ics(
                *zone, *event("x", "DTSTART;TZID=Office time:20261024T103000", "DTEND;TZID=Office time:20261024T113000")
            )
        )
    )
    assert found.start == utc(2026, 10, 24, 5) and found.end == utc(2026, 10, 24, 6)


def test_utc_floating_and_offset_free_times() -> None:
    result = parse(
        ics(
            *event("utc", "DTSTART:20261024T100000Z", "DTEND:20261024T110000Z"),
            *event("floating", "DTSTART:20261026T100000", "DTEND:20261026T110000"),
        )
    )
    times = {e.uid: e.start for e in result.events}
    assert times["utc"] == utc(2026, 10, 24, 10)
    assert times["floating"] == utc(2026, 10, 26, 10)  # 10:00 in London, GMT by then


def test_floating_times_follow_the_visit_zone() -> None:
    found = only(parse(ics(*event("f", "DTSTART:20261024T100000", "DTEND:20261024T110000")), visit_zone="Asia/Seoul"))
    assert found.start == utc(2026, 10, 24, 1)


def test_the_repeated_hour_is_its_first_occurrence_and_the_skipped_hour_moves_past_the_gap() -> None:
    result = parse(ics(*event("fold", "DTSTART;TZID=Europe/London:20261025T013000", "DURATION:PT30M")))
    assert only(result).start == utc(2026, 10, 25, 0, 30)
    spring = parse(
        ics(*event("gap", "DTSTART;TZID=Europe/London:20270328T013000", "DURATION:PT30M")),
        visit_start=date(2027, 3, 27),
        visit_end=date(2027, 3, 29),
    )
    assert only(spring).start == utc(2027, 3, 28, 1, 30)


def test_all_day_events_are_whole_local_days_in_the_visit_zone() -> None:
    result = parse(
        ics(
            *event("one", "SUMMARY:Bank holiday", "DTSTART;VALUE=DATE:20261026", "DTEND;VALUE=DATE:20261027"),
            *event("two", "SUMMARY:Conference", "DTSTART;VALUE=DATE:20261024", "DTEND;VALUE=DATE:20261026"),
            *event("implicit", "DTSTART;VALUE=DATE:20261023"),
        )
    )
    by_uid = {e.uid: e for e in result.events}
    assert by_uid["one"].all_day and by_uid["one"].kind is EngagementKind.OTHER
    assert (by_uid["one"].start, by_uid["one"].end) == (utc(2026, 10, 26, 0), utc(2026, 10, 27, 0))
    # the 25th has 25 hours: BST midnight to GMT midnight two days later
    assert (by_uid["two"].start, by_uid["two"].end) == (utc(2026, 10, 23, 23), utc(2026, 10, 26, 0))
    assert (by_uid["implicit"].start, by_uid["implicit"].end) == (utc(2026, 10, 22, 23), utc(2026, 10, 23, 23))


def test_duration_in_days_is_calendar_days_across_the_change() -> None:
    found = only(parse(ics(*event("d", "DTSTART;TZID=Europe/London:20261024T120000", "DURATION:P1DT1H"))))
    assert found.start == utc(2026, 10, 24, 11)
    assert found.end == utc(2026, 10, 25, 13)  # 12:00 BST + 1 day = 12:00 GMT, + 1 hour


def test_an_event_without_an_end_has_no_duration() -> None:
    found = only(parse(ics(*event("x", "DTSTART:20261024T100000Z"))))
    assert found.start == found.end


# --- text ----------------------------------------------------------------------------------------


def test_text_is_unescaped_and_titles_are_one_line() -> None:
    found = only(
        parse(
            ics(
                *event(
                    "t",
                    "SUMMARY:Dinner\\, speeches\\; and \\\\ toasts\\nsecond line",
                    "DTSTART:20261024T180000Z",
                    "DTEND:20261024T200000Z",
                    "LOCATION:Town Hall\\, Liverpool",
                    "DESCRIPTION:박형준 시장\\n\\nNotes\\, more",
                    "CATEGORIES:Meal,VIP",
                    "STATUS:TENTATIVE",
                    "SEQUENCE:4",
                )
            )
        )
    )
    assert found.title == "Dinner, speeches; and \\ toasts second line"
    assert found.location == "Town Hall, Liverpool"
    assert found.description == "박형준 시장\n\nNotes, more"
    assert found.categories == ("Meal", "VIP") and found.kind is EngagementKind.MEAL
    assert found.status is EngagementStatus.TENTATIVE and found.sequence == 4


def test_folded_hangul_lines_are_unfolded() -> None:
    text = "SUMMARY:" + "부산광역시장 " * 12
    data = text.encode("utf-8")
    folded: list[bytes] = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and data[cut] & 0xC0 == 0x80:
            cut -= 1
        folded.append((b" " if folded else b"") + data[:cut])
        data, limit = data[cut:], 74
    body = b"\r\n".join(folded).decode("utf-8")
    found = only(parse(ics(*event("h", body, "DTSTART:20261024T100000Z", "DURATION:PT1H"))))
    assert found.title == ("부산광역시장 " * 12).strip()


def test_an_empty_summary_and_unknown_categories() -> None:
    found = only(parse(ics(*event("e", "DTSTART:20261024T100000Z", "DURATION:PT1H", "CATEGORIES:Work"))))
    assert found.title == "(untitled)" and found.kind is EngagementKind.MEETING


def test_a_cancel_file_cancels_every_event() -> None:
    found = only(
        parse(ics(*event("c", "DTSTART:20261024T100000Z", "DURATION:PT1H", "STATUS:CONFIRMED"), method="CANCEL"))
    )
    assert found.status is EngagementStatus.CANCELLED


def test_lf_only_files_and_a_byte_order_mark_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + ics(*event("lf", "DTSTART:20261024T100000Z", "DURATION:PT1H"), newline="\n")
    assert only(parse(data)).uid == "lf"


def test_the_newest_revision_of_a_uid_wins() -> None:
    result = parse(
        ics(
            *event("u", "SEQUENCE:2", "SUMMARY:New", "DTSTART:20261024T100000Z", "DURATION:PT1H"),
            *event("u", "SEQUENCE:1", "SUMMARY:Old", "DTSTART:20261024T090000Z", "DURATION:PT1H"),
        )
    )
    assert only(result).title == "New"


# --- recurrences ---------------------------------------------------------------------------------


def test_a_daily_meeting_is_expanded_within_the_visit_only() -> None:
    result = parse(
        ics(
            *OUTLOOK_ZONES,
            *event(
                "stand-up",
                "SUMMARY:Stand-up",
                "DTSTART;TZID=GMT Standard Time:20260901T083000",
                "DTEND;TZID=GMT Standard Time:20260901T084500",
                "RRULE:FREQ=DAILY;UNTIL=20261231T083000Z",
            ),
        )
    )
    starts = [e.start for e in result.events]
    # 23, 24 Oct at 07:30 UTC (BST), the 25th onwards at 08:30 UTC (GMT): the wall time stays 08:30
    assert starts == [
        utc(2026, 10, 23, 7, 30),
        utc(2026, 10, 24, 7, 30),
        utc(2026, 10, 25, 8, 30),
        utc(2026, 10, 26, 8, 30),
        utc(2026, 10, 27, 8, 30),
    ]
    assert [e.uid for e in result.events][:2] == ["stand-up/20261023T073000Z", "stand-up/20261024T073000Z"]
    assert all(e.recurring and e.end - e.start == (utc(2000, 1, 1, 0, 15) - utc(2000, 1, 1)) for e in result.events)
    assert len({e.engagement_uuid for e in result.events}) == 5


def test_until_exdate_rdate_and_count() -> None:
    result = parse(
        ics(
            *event(
                "r",
                "DTSTART;TZID=Europe/London:20261022T090000",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;COUNT=4",
                "EXDATE;TZID=Europe/London:20261023T090000",
                "EXDATE:20261024T080000Z",
                "RDATE;TZID=Asia/Seoul:20261026T180000",
                "RDATE:20261027T150000Z,20261030T150000Z",
            )
        )
    )
    assert [e.start for e in result.events] == [utc(2026, 10, 25, 9), utc(2026, 10, 26, 9), utc(2026, 10, 27, 15)]


def test_recurrence_id_overrides_move_and_cancel_single_occurrences() -> None:
    result = parse(
        ics(
            *event(
                "w",
                "SUMMARY:Briefing",
                "DTSTART;TZID=Europe/London:20261019T090000",
                "DTEND;TZID=Europe/London:20261019T100000",
                "RRULE:FREQ=DAILY",
            ),
            *event(
                "w",
                "SUMMARY:Briefing (moved)",
                "RECURRENCE-ID;TZID=Europe/London:20261024T090000",
                "DTSTART;TZID=Europe/London:20261024T140000",
                "DTEND;TZID=Europe/London:20261024T150000",
                "SEQUENCE:1",
            ),
            *event(
                "w",
                "RECURRENCE-ID:20261026T090000Z",
                "STATUS:CANCELLED",
                "DTSTART:20261026T090000Z",
                "DTEND:20261026T100000Z",
            ),
        )
    )
    by_uid = {e.uid: e for e in result.events}
    assert sorted(by_uid) == [
        "w/20261023T080000Z",
        "w/20261024T080000Z",
        "w/20261025T090000Z",
        "w/20261026T090000Z",
        "w/20261027T090000Z",
    ]
    moved = by_uid["w/20261024T080000Z"]
    assert moved.title == "Briefing (moved)" and moved.start == utc(2026, 10, 24, 13) and moved.sequence == 1
    assert by_uid["w/20261026T090000Z"].status is EngagementStatus.CANCELLED


def test_all_day_recurrences() -> None:
    result = parse(
        ics(*event("a", "DTSTART;VALUE=DATE:20261020", "RRULE:FREQ=WEEKLY;BYDAY=SA,SU", "EXDATE;VALUE=DATE:20261025"))
    )
    assert [(e.uid, e.start) for e in result.events] == [("a/20261024", utc(2026, 10, 23, 23))]


def test_a_rule_too_dense_to_expand_is_refused_with_its_line() -> None:
    with pytest.raises(UserError, match=r"^line 9: RRULE repeats more than"):
        parse(ics(*event("m", "DTSTART:19900101T000000Z", "RRULE:FREQ=MINUTELY", "DURATION:PT1M")))


# --- identities ----------------------------------------------------------------------------------


def test_our_own_uids_map_back_and_foreign_uids_map_to_a_stable_uuid5() -> None:
    engagement = "3f2b6c1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e"
    assert UID_SUFFIX == EXPORTED_SUFFIX
    assert engagement_uuid(f"{engagement}{UID_SUFFIX}") == engagement
    assert engagement_uuid(f"{engagement.upper()}{UID_SUFFIX}") == engagement
    foreign = "040000008200E00074C5B7101A82E00800000000"
    assert engagement_uuid(foreign) == str(uuid.uuid5(UID_NAMESPACE, foreign)) == engagement_uuid(foreign)
    assert engagement_uuid("not-a-uuid@visitplanner") == str(uuid.uuid5(UID_NAMESPACE, "not-a-uuid@visitplanner"))
    assert len(engagement_uuid("x" * 500)) == 36


def test_events_without_a_uid_get_the_same_uid_on_every_import() -> None:
    body = ["BEGIN:VEVENT", "SUMMARY:No UID", "DTSTART:20261024T100000Z", "DURATION:PT1H", "END:VEVENT"]
    first, second = only(parse(ics(*body))), only(parse(ics(*body)))
    assert first.uid == second.uid and first.uid.startswith("no-uid-")


# --- malformed files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            ["BEGIN:VEVENT", "UID:a", "DTSTART:20261024T100000Z"],
            r"^line 8: END:VCALENDAR found while the VEVENT begun on line 5 is still open \(END:VEVENT is missing\)",
        ),
        (
            ["BEGIN:VEVENT", "UID:a", "DTSTART:20261024T100000Z", "END:VTODO"],
            r"^line 8: END:VTODO found while the VEVENT begun on line 5 is still open",
        ),
        ([*event("a", "DTSTART:2026-10-24 10:00", "DURATION:PT1H")], r"^line 8: DTSTART: .*2026-10-24 10:00"),
        (
            [*event("a", "DTSTART:20261024T100000Z", "DTEND:20261024T090000Z")],
            r"^line 9: DTEND 2026-10-24 09:00 is before DTSTART 2026-10-24 10:00 \(line 8\)",
        ),
        (
            [*event("a", "DTSTART;TZID=Mars/Olympus:20261024T100000", "DURATION:PT1H")],
            r"^line 8: unknown time zone 'Mars/Olympus'",
        ),
        (
            [*event("a", "DTSTART;VALUE=DATE:20261024", "DTEND:20261025T100000Z")],
            r"^line 9: DTEND is a date-time but DTSTART \(line 8\) is a date",
        ),
        ([*event("a", "DURATION:PT1H")], r"^line 5: the event has no DTSTART"),
        (
            [*event("a", "DTSTART;VALUE=DATE:201026", "DTEND;VALUE=DATE:20261027")],  # found by the fuzz test
            r"^line 8: DTSTART: 201026 is not a date \(YYYYMMDD\) or a date-time",
        ),
        ([*event("a", "DTSTART:20261024T100000Z", "RRULE:FREQ=SOMETIMES")], r"^line 9: RRULE: "),
        ([*event("a", "DTSTART:20261024T100000Z", "this is not a content line")], r"^line 9: cannot read"),
        ([*event("a", "DTSTART:20261024T100000Z", "SEQUENCE:many")], r"^line 9: SEQUENCE: "),
        (
            [*event("a", "DTSTART:20261024T100000Z", "DTSTART:20261024T110000Z")],
            r"^line 9: DTSTART is given twice in this event \(first on line 8\)",
        ),
        (
            [*event("a", "DTSTART:20261024T100000Z", "DTEND:20261024T110000Z", "DURATION:PT1H")],
            r"^line 10: an event has DTEND \(line 9\) or DURATION, not both",
        ),
        (
            [
                "BEGIN:VTIMEZONE",
                "TZID:A",
                "TZID:B",
                "BEGIN:STANDARD",
                "DTSTART:19700101T000000",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0100",
                "END:STANDARD",
                "END:VTIMEZONE",
            ],
            r"^line 7: a VTIMEZONE needs exactly one TZID",
        ),
        (
            [
                "BEGIN:VTIMEZONE",
                "TZID:A",
                "BEGIN:STANDARD",
                "DTSTART:19700101T000000",
                "TZOFFSETFROM:+01:00",
                "TZOFFSETTO:+0100",
                "END:STANDARD",
                "END:VTIMEZONE",
            ],
            r"^line 9: cannot be read: .*\+01:00",
        ),
    ],
)
def test_malformed_files_name_the_line_and_the_problem(body: list[str], message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse(ics(*body))


def test_a_file_cut_short_names_the_component_left_open() -> None:
    whole = ics(*event("a", "DTSTART:20261024T100000Z", "DURATION:PT1H"), *event("b", "DTSTART:20261024T110000Z"))
    cut = whole[: whole.rindex(b"DTSTART")]
    with pytest.raises(
        UserError,
        match=r"^line 11: BEGIN:VEVENT is never closed \(END:VEVENT is missing: is the "
        r"file cut short\?\)",
    ):
        parse(cut)
    with pytest.raises(UserError, match=r"^line 17: SUMMARY outside a calendar \(after END:VCALENDAR\)"):
        parse(whole + b"SUMMARY:stray\r\n")


def test_not_a_calendar_empty_not_utf8_and_too_large() -> None:
    with pytest.raises(UserError, match=r"^line 1: not an iCalendar file"):
        parse(b"Subject,Start Date\r\nDinner,2026-10-24\r\n")
    with pytest.raises(UserError, match=r"^line 1: the file is empty"):
        parse(b"\r\n")
    with pytest.raises(UserError, match=r"^line 3: not UTF-8 text \(byte 0xe9\)"):
        parse(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:caf\xe9\r\nEND:VCALENDAR\r\n")
    with pytest.raises(UserError, match=rf"at most {MAX_SIZE // 2**20} MB"):
        parse(b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_SIZE)
    with pytest.raises(UserError, match=r"^line 4: END:VCALENDAR without a matching BEGIN"):
        parse(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n")


def test_c1_controls_are_dropped_so_the_engagement_accepts_the_text() -> None:
    """A C1 control (a terminal's CSI, NEL) would make the engagement refuse the title or notes,
    and so the whole file: like C0 controls, the importer drops them."""
    found = only(
        parse(
            ics(
                *event(
                    "c1",
                    "SUMMARY:Dinner\x9b31m at eight\x85",
                    "DTSTART:20261024T180000Z",
                    "DTEND:20261024T200000Z",
                    "DESCRIPTION:first\x85second\x7f",
                )
            )
        )
    )
    assert found.title == "Dinner31m at eight"
    assert found.description == "firstsecond"
    EngagementData(EngagementKind.MEAL, found.title, found.start, found.end, public_notes=found.description).validate()
