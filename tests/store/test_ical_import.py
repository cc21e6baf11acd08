"""Calendar import into a visit: instants, re-imports that update, dry runs and all-or-nothing, both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.ical import Organiser, export_calendar, export_calendars
from visitplanner.importers.ical import CalendarImport, engagement_uuid, parse_calendar
from visitplanner.services import engagements
from visitplanner.services.calendar_import import ImportAction, import_calendar
from visitplanner.store.models import Engagement, Visit

NOW = datetime(2027, 5, 1, tzinfo=UTC)
OUTLOOK = """BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:PUBLISH\r
BEGIN:VTIMEZONE\r
TZID:GMT Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:-0000\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T010000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:-0000\r
TZOFFSETTO:+0100\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VTIMEZONE\r
TZID:Korea Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:+0900\r
TZOFFSETTO:+0900\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E00800000000A1\r
SEQUENCE:{seq}\r
SUMMARY:{title}\r
DTSTART;TZID=GMT Standard Time:20270511T{hour}0000\r
DTEND;TZID=GMT Standard Time:20270511T{end}0000\r
LOCATION:{location}\r
DESCRIPTION:Agenda to follow.\r
DTSTAMP:20270401T100000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E00800000000B2\r
SUMMARY:Call with Busan City Hall\r
DTSTART;TZID=Korea Standard Time:20270512T170000\r
DTEND;TZID=Korea Standard Time:20270512T180000\r
LOCATION:Room 3\\, Town hall annexe\r
CATEGORIES:Briefing\r
DTSTAMP:20270401T100000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E00800000000C3\r
SUMMARY:Flight home\r
DTSTART:20270520T090000Z\r
DTEND:20270520T210000Z\r
DTSTAMP:20270401T100000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


def outlook(
    seq: int = 0,
    title: str = "Meeting with the Chamber of Commerce",
    hour: str = "14",
    end: str = "15",
    location: str = "the main hall",
) -> bytes:
    return OUTLOOK.format(seq=seq, title=title, hour=hour, end=end, location=location).encode("utf-8")


def parse_for(session: Session, visit_id: int, data: bytes) -> CalendarImport:
    visit = session.get(Visit, visit_id)
    assert visit is not None
    return parse_calendar(
        data, visit_start=visit.start_date, visit_end=visit.end_date, visit_zone=visit.local_time_zone
    )


def count(session: Session, visit_id: int) -> int:
    return session.scalar(select(func.count(Engagement.id)).where(Engagement.visit_id == visit_id)) or 0


def by_title(session: Session, visit_id: int) -> dict[str, Engagement]:
    return {e.title: e for e in session.scalars(select(Engagement).where(Engagement.visit_id == visit_id))}


@pytest.fixture
def visit(create_visit: Callable[..., int]) -> int:
    return create_visit(start_date=date(2027, 5, 11), end_date=date(2027, 5, 13))


def test_an_outlook_file_with_windows_zones_imports_at_the_right_instants(
    session: Session, visit: int, create_venue: Callable[..., int]
) -> None:
    hall = create_venue(name="The Main Hall", code="MH")
    result = import_calendar(session, visit, parse_for(session, visit, outlook()))
    assert [(r.action, r.title) for r in result.rows] == [
        (ImportAction.CREATE, "Meeting with the Chamber of Commerce"),
        (ImportAction.CREATE, "Call with Busan City Hall"),
        (ImportAction.SKIP, "Flight home"),
    ]
    assert result.skipped[0].reason == "it falls outside the visit's dates"
    rows = by_title(session, visit)
    meeting, call = rows["Meeting with the Chamber of Commerce"], rows["Call with Busan City Hall"]
    assert (meeting.start_at, meeting.end_at) == (
        datetime(2027, 5, 11, 13, tzinfo=UTC),
        datetime(2027, 5, 11, 14, tzinfo=UTC),
    )
    assert (call.start_at, call.end_at) == (datetime(2027, 5, 12, 8, tzinfo=UTC), datetime(2027, 5, 12, 9, tzinfo=UTC))
    assert meeting.venue_id == hall and meeting.public_notes == "Agenda to follow."  # matched by name, any case
    assert meeting.kind is EngagementKind.MEETING and call.kind is EngagementKind.BRIEFING
    assert call.venue_id is None and call.public_notes == "Location: Room 3, Town hall annexe"
    assert meeting.uuid == engagement_uuid("040000008200E00074C5B7101A82E00800000000A1")
    assert result.changes.ids(Entity.ENGAGEMENT) == {meeting.id, call.id}


def test_reimporting_the_same_uid_updates_instead_of_duplicating(
    session: Session, visit: int, create_venue: Callable[..., int]
) -> None:
    create_venue(name="Boardroom", code="BR")
    import_calendar(session, visit, parse_for(session, visit, outlook()))
    again = import_calendar(session, visit, parse_for(session, visit, outlook()))
    assert [r.action for r in again.rows] == [ImportAction.UNCHANGED, ImportAction.UNCHANGED, ImportAction.SKIP]
    assert not again.changes
    moved = import_calendar(
        session,
        visit,
        parse_for(session, visit, outlook(seq=1, title="Meeting with the Chamber", hour="16", end="17", location="br")),
    )
    assert [(r.action, r.reason) for r in moved.rows[:2]] == [
        (ImportAction.UPDATE, "time, title, venue"),
        (ImportAction.UNCHANGED, "the engagement already matches"),
    ]
    assert count(session, visit) == 2
    meeting = by_title(session, visit)["Meeting with the Chamber"]
    assert meeting.start_at == datetime(2027, 5, 11, 15, tzinfo=UTC)
    assert meeting.venue is not None and meeting.venue.code == "BR"
    assert meeting.sequence >= 1
    stale = import_calendar(session, visit, parse_for(session, visit, outlook(seq=0, hour="09", end="10")))
    assert stale.rows[0].action is ImportAction.SKIP and "older revision" in stale.rows[0].reason
    assert by_title(session, visit)["Meeting with the Chamber"].start_at == datetime(2027, 5, 11, 15, tzinfo=UTC)


def test_a_dry_run_reports_the_same_and_changes_nothing(session: Session, visit: int) -> None:
    parsed = parse_for(session, visit, outlook())
    dry = import_calendar(session, visit, parsed, dry_run=True)
    assert dry.dry_run and not dry.changes
    assert count(session, visit) == 0
    real = import_calendar(session, visit, parsed)
    assert [(r.action, r.title, r.start, r.venue, r.reason) for r in dry.rows] == [
        (r.action, r.title, r.start, r.venue, r.reason) for r in real.rows
    ]
    assert all(r.engagement_id is None for r in dry.created)
    assert count(session, visit) == 2


def test_a_conflicting_event_undoes_the_whole_import(
    session: Session, visit: int, create_visit: Callable[..., int]
) -> None:
    other = create_visit(start_date=date(2027, 5, 11), end_date=date(2027, 5, 13))
    import_calendar(session, other, parse_for(session, other, outlook()))
    before = count(session, visit)
    data = outlook().replace(b"00000000B2", b"00000000ZZ")  # the second event is new to both visits
    with pytest.raises(
        UserError,
        match=r"^line 28 \(Meeting with the Chamber of Commerce\): this event .* is "
        r"already the engagement",
    ):
        import_calendar(session, visit, parse_for(session, visit, data))
    assert count(session, visit) == before == 0
    with pytest.raises(UserError, match="already the engagement"):
        import_calendar(session, visit, parse_for(session, visit, data), dry_run=True)
    assert count(session, visit) == 0 and count(session, other) == 2  # the session is still usable


def test_a_malformed_file_imports_nothing(session: Session, visit: int) -> None:
    broken = outlook().replace(b"DTEND;TZID=GMT Standard Time:20270511T150000", b"DTEND:20270511T120000Z")
    with pytest.raises(
        UserError,
        match=r"^line 33: DTEND 2027-05-11 12:00 is before DTSTART 2027-05-11 14:00 "
        r"\(line 32\)",
    ):
        parse_for(session, visit, broken)
    assert count(session, visit) == 0


def test_our_own_export_reimported_into_the_same_visit_updates_not_duplicates(
    session: Session, visit: int, create_venue: Callable[..., int], create_engagement: Callable[..., int]
) -> None:
    hall = create_venue(name="Town Hall", code="TH", address="High Street, Liverpool")
    dinner = create_engagement(
        visit, "Dinner", datetime(2027, 5, 11, 18, tzinfo=UTC), datetime(2027, 5, 11, 20, tzinfo=UTC), venue_id=hall
    )
    create_engagement(visit, "Tour", datetime(2027, 5, 12, 9, tzinfo=UTC), datetime(2027, 5, 12, 10, tzinfo=UTC))
    exported = export_calendar(session, visit, now=NOW)
    result = import_calendar(session, visit, parse_for(session, visit, exported))
    assert [r.action for r in result.rows] == [ImportAction.UNCHANGED, ImportAction.UNCHANGED]
    assert result.rows[0].venue == "Town Hall"
    # the officer moves the dinner; the old file is now an older revision and changes nothing
    engagements.move_engagement(session, dinner, datetime(2027, 5, 11, 19, tzinfo=UTC))
    stale = import_calendar(session, visit, parse_for(session, visit, exported))
    assert stale.rows[0].action is ImportAction.SKIP and "older revision (SEQUENCE 0" in stale.rows[0].reason
    # a newer export, edited by a calendar client that raised the SEQUENCE, updates it
    newer = (
        export_calendar(session, visit, now=NOW)
        .replace(b"SEQUENCE:1", b"SEQUENCE:2")
        .replace(b"DTEND;TZID=Europe/London:20270511T220000", b"DTEND;TZID=Europe/London:20270511T223000")
    )
    update = import_calendar(session, visit, parse_for(session, visit, newer))
    assert update.rows[0].action is ImportAction.UPDATE and update.rows[0].reason == "time"
    row = session.get(Engagement, dinner)
    assert row is not None and row.end_at == datetime(2027, 5, 11, 21, 30, tzinfo=UTC) and row.sequence == 2
    assert count(session, visit) == 2


def test_a_cancel_file_cancels_the_engagement(
    session: Session, visit: int, create_engagement: Callable[..., int]
) -> None:
    tour = create_engagement(visit, "Tour", datetime(2027, 5, 12, 9, tzinfo=UTC), datetime(2027, 5, 12, 10, tzinfo=UTC))
    engagements.cancel_engagement(session, tour)
    (cancel,) = export_calendars(
        session, visit, method="request", now=NOW, organiser=Organiser("protocol@liverpool.example", "Protocol Office")
    )
    engagements.restore_engagement(session, tour)  # restored here since: the cancellation is older
    result = import_calendar(session, visit, parse_for(session, visit, cancel.data))
    assert result.rows[0].action is ImportAction.SKIP and "older revision" in result.rows[0].reason
    newer = cancel.data.replace(b"SEQUENCE:1", b"SEQUENCE:3")  # as if cancelled again since
    result = import_calendar(session, visit, parse_for(session, visit, newer))
    assert result.rows[0].action is ImportAction.UPDATE and result.rows[0].reason == "status"
    row = session.get(Engagement, tour)
    assert row is not None and row.status is EngagementStatus.CANCELLED


def test_recurring_events_become_one_engagement_per_day_and_reimport_finds_them(session: Session, visit: int) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:abc123@google.com\r\nDTSTAMP:20270401T100000Z\r\nSUMMARY:Morning briefing\r\n"
        b"DTSTART;TZID=Europe/London:20270401T080000\r\nDTEND;TZID=Europe/London:20270401T083000\r\n"
        b"RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:allday@google.com\r\nDTSTAMP:20270401T100000Z\r\nSUMMARY:Bank holiday\r\n"
        b"DTSTART;VALUE=DATE:20270512\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    first = import_calendar(session, visit, parse_for(session, visit, data))
    assert [(r.action, r.start) for r in first.rows if r.title == "Morning briefing"] == [
        (ImportAction.CREATE, datetime(2027, 5, day, 7, tzinfo=UTC)) for day in (11, 12, 13)
    ]
    rows = by_title(session, visit)
    assert rows["Bank holiday"].kind is EngagementKind.OTHER
    assert rows["Bank holiday"].start_at == datetime(2027, 5, 11, 23, tzinfo=UTC)
    again = import_calendar(session, visit, parse_for(session, visit, data))
    assert {r.action for r in again.rows} == {ImportAction.UNCHANGED}
    assert count(session, visit) == 4


def test_a_restricted_export_imported_afresh_keeps_its_description_restricted(
    session: Session, visit: int, create_engagement: Callable[..., int]
) -> None:
    dinner = create_engagement(
        visit,
        "Dinner",
        datetime(2027, 5, 11, 18, tzinfo=UTC),
        datetime(2027, 5, 11, 20, tzinfo=UTC),
        public_notes="Speeches at eight.",
        restricted_notes="Seat the Mayor away from the press.",
    )
    data = export_calendar(session, visit, now=NOW, restricted=True)
    engagements.delete_engagement(session, dinner)
    result = import_calendar(session, visit, parse_for(session, visit, data))
    assert [r.action for r in result.rows] == [ImportAction.CREATE]
    row = by_title(session, visit)["Dinner"]
    assert row.public_notes == ""
    assert row.restricted_notes.startswith("Speeches at eight.\n\nRestricted: Seat the Mayor away from the press.")


def test_an_import_reports_progress_and_a_cancel_keeps_nothing(session: Session, visit: int) -> None:
    seen: list[tuple[int, int]] = []
    parsed = parse_for(session, visit, outlook())
    with pytest.raises(WorkCancelled):
        import_calendar(session, visit, parsed, cancelled=lambda: True)
    assert count(session, visit) == 0
    import_calendar(session, visit, parsed, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 3)] and count(session, visit) == 2
