"""Calendar import, mended: all-day events past the visit's days, Outlook's cancellations, "Venue; Room"
locations, kinds from categories and titles, and all-day items exported as all-day free items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.values import RoomData
from visitplanner.exporters.ical import export_calendar
from visitplanner.importers.ical import parse_calendar
from visitplanner.services import venues
from visitplanner.services.calendar_import import CalendarImportResult, ImportAction, import_calendar
from visitplanner.store.models import Engagement, Visit

NOW = datetime(2027, 5, 1, tzinfo=UTC)


def ics(*events: str, method: str = "PUBLISH") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"]
    lines += [f"METHOD:{method}"] if method else []
    for event in events:
        lines += ["BEGIN:VEVENT", "DTSTAMP:20270401T100000Z", *event.strip().split("\n"), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def run(session: Session, visit_id: int, data: bytes, **options: Any) -> CalendarImportResult:
    visit = session.get(Visit, visit_id)
    assert visit is not None
    parsed = parse_calendar(
        data, visit_start=visit.start_date, visit_end=visit.end_date, visit_zone=visit.local_time_zone
    )
    return import_calendar(session, visit_id, parsed, **options)


def engagements_by_title(session: Session, visit_id: int) -> dict[str, Engagement]:
    return {e.title: e for e in session.scalars(select(Engagement).where(Engagement.visit_id == visit_id))}


@pytest.fixture
def visit(create_visit: Callable[..., int]) -> int:
    """11 to 13 May 2027 in London (BST, UTC+1)."""
    return create_visit(start_date=date(2027, 5, 11), end_date=date(2027, 5, 13))


# --- all-day events reaching past the visit --------------------------------------------------------


def test_a_multi_day_all_day_event_overlapping_the_visit_is_imported_for_its_days_inside(
    session: Session, visit: int
) -> None:
    result = run(
        session,
        visit,
        ics(
            "UID:expo\nSUMMARY:Maritime expo\nDTSTART;VALUE=DATE:20270509\nDTEND;VALUE=DATE:20270513",
            "UID:week\nSUMMARY:Festival week\nDTSTART;VALUE=DATE:20270505\nDTEND;VALUE=DATE:20270520",
            "UID:before\nSUMMARY:Before\nDTSTART;VALUE=DATE:20270501\nDTEND;VALUE=DATE:20270511",
            "UID:inside\nSUMMARY:Inside\nDTSTART;VALUE=DATE:20270512",
        ),
    )
    assert [(r.action, r.title) for r in result.rows] == [
        (ImportAction.CREATE, "Maritime expo"),
        (ImportAction.CREATE, "Festival week"),
        (ImportAction.SKIP, "Before"),
        (ImportAction.CREATE, "Inside"),
    ]
    assert result.rows[0].reason == "only its days within the visit (the file has 09 May 2027 to 12 May 2027)"
    assert result.rows[3].reason == ""  # wholly inside: nothing to say
    rows = engagements_by_title(session, visit)
    midnight = datetime(2027, 5, 10, 23, tzinfo=UTC)  # 11 May 00:00 BST
    assert (rows["Maritime expo"].start_at, rows["Maritime expo"].end_at) == (
        midnight,
        datetime(2027, 5, 12, 23, tzinfo=UTC),
    )
    assert (rows["Festival week"].start_at, rows["Festival week"].end_at) == (
        midnight,
        datetime(2027, 5, 13, 23, tzinfo=UTC),  # to the end of the visit's last day
    )
    assert rows["Festival week"].kind is EngagementKind.OTHER
    # a re-import finds the engagement by its UID and finds nothing to change
    again = run(
        session, visit, ics("UID:week\nSUMMARY:Festival week\nDTSTART;VALUE=DATE:20270505\nDTEND;VALUE=DATE:20270520")
    )
    assert [r.action for r in again.rows] == [ImportAction.UNCHANGED]


def test_a_timed_event_past_the_visit_is_still_skipped(session: Session, visit: int) -> None:
    result = run(session, visit, ics("UID:t\nSUMMARY:Long\nDTSTART:20270510T090000Z\nDTEND:20270511T120000Z"))
    assert [(r.action, r.reason) for r in result.rows] == [(ImportAction.SKIP, "it falls outside the visit's dates")]


def test_imported_all_day_items_stay_all_day_free_items_on_export(session: Session, visit: int) -> None:
    run(
        session,
        visit,
        ics(
            "UID:expo\nSUMMARY:Maritime expo\nDTSTART;VALUE=DATE:20270509\nDTEND;VALUE=DATE:20270513",
            "UID:talk\nSUMMARY:Talks\nDTSTART:20270511T090000Z\nDTEND:20270511T100000Z",
        ),
    )
    data = export_calendar(session, visit, now=NOW)
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    expo, talks = events["Maritime expo"], events["Talks"]
    assert expo["DTSTART"].dt == date(2027, 5, 11) and expo["DTEND"].dt == date(2027, 5, 13)
    assert not isinstance(expo["DTSTART"].dt, datetime)
    assert str(expo["TRANSP"]) == "TRANSPARENT"
    assert isinstance(talks["DTSTART"].dt, datetime) and "TRANSP" not in talks
    # and read back, it is the same whole days
    visit_row = session.get(Visit, visit)
    assert visit_row is not None
    again = parse_calendar(
        data, visit_start=visit_row.start_date, visit_end=visit_row.end_date, visit_zone="Europe/London"
    )
    back = {e.title: e for e in again.events}["Maritime expo"]
    assert back.all_day and (back.start, back.end) == (
        datetime(2027, 5, 10, 23, tzinfo=UTC),
        datetime(2027, 5, 12, 23, tzinfo=UTC),
    )
    assert [r.action for r in import_calendar(session, visit, again).rows] == [ImportAction.UNCHANGED] * 2


# --- Outlook's cancellations ------------------------------------------------------------------------

MEETING = "UID:040000008200E00074C5B7101A82E008000000001\nSEQUENCE:{seq}\nSUMMARY:{title}\n"
MEETING += "DTSTART:20270511T130000Z\nDTEND:20270511T140000Z\nLOCATION:Town Hall{status}"


def meeting(title: str = "Chamber of Commerce", seq: int = 0, status: str = "") -> str:
    return MEETING.format(seq=seq, title=title, status=f"\nSTATUS:{status}" if status else "")


@pytest.mark.parametrize(
    ("title", "status", "method"),
    [
        ("Canceled: Chamber of Commerce", "CANCELLED", "CANCEL"),  # what Outlook sends
        ("Chamber of Commerce", "", "CANCEL"),
        ("Chamber of Commerce", "CANCELLED", "PUBLISH"),
        ("Canceled: Chamber of Commerce", "", "PUBLISH"),
        ("Cancelled:   Chamber of Commerce", "", "REQUEST"),
    ],
)
def test_an_outlook_cancellation_cancels_the_engagement_instead_of_renaming_it(
    session: Session, visit: int, title: str, status: str, method: str
) -> None:
    run(session, visit, ics(meeting()))
    before = engagements_by_title(session, visit)["Chamber of Commerce"]
    start, sequence = before.start_at, before.sequence
    result = run(session, visit, ics(meeting(title, seq=1, status=status), method=method))
    assert [(r.action, r.title, r.reason) for r in result.rows] == [
        (ImportAction.UPDATE, "Chamber of Commerce", "status")
    ]
    after = engagements_by_title(session, visit)
    assert list(after) == ["Chamber of Commerce"]  # not renamed "Canceled: ..."
    cancelled = after["Chamber of Commerce"]
    assert cancelled.status is EngagementStatus.CANCELLED and cancelled.start_at == start
    assert cancelled.sequence > sequence
    again = run(session, visit, ics(meeting(title, seq=1, status=status), method=method))
    assert [(r.action, r.reason) for r in again.rows] == [(ImportAction.UNCHANGED, "already cancelled")]


def test_a_cancellation_of_an_unknown_meeting_is_skipped(session: Session, visit: int) -> None:
    result = run(session, visit, ics(meeting("Canceled: Chamber of Commerce"), method="CANCEL"))
    assert [(r.action, r.title, r.reason) for r in result.rows] == [
        (ImportAction.SKIP, "Chamber of Commerce", "it is cancelled and not in the visit")
    ]


def test_a_title_merely_mentioning_cancellation_is_not_one(session: Session, visit: int) -> None:
    result = run(session, visit, ics(meeting("Cancellation policy briefing")))
    assert result.rows[0].action is ImportAction.CREATE
    assert engagements_by_title(session, visit)["Cancellation policy briefing"].status is EngagementStatus.CONFIRMED


# --- locations naming a venue and its room ----------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "Town Hall; Council Chamber",
        "Town Hall, Council Chamber",
        "Council Chamber, Town Hall",
        "Council Chamber; Town Hall; Dale Street",
        "town hall ;council chamber",
        "TH, Council Chamber",
        "Liverpool Town Hall, Dale Street; Council Chamber",
    ],
)
def test_a_location_naming_venue_and_room_either_way_finds_both(
    session: Session, visit: int, create_venue: Callable[..., int], location: str
) -> None:
    hall = create_venue(name="Town Hall", code="TH")
    other = create_venue(name="Liverpool Town Hall, Dale Street", code="LTH")
    for venue_id in (hall, other):
        venues.add_room(session, venue_id, RoomData("Council Chamber"))
    result = run(
        session,
        visit,
        ics(f"UID:x\nSUMMARY:Talks\nDTSTART:20270511T090000Z\nDTEND:20270511T100000Z\nLOCATION:{location}"),
    )
    talks = engagements_by_title(session, visit)["Talks"]
    expected = other if location.startswith("Liverpool") else hall
    assert talks.venue_id == expected
    assert talks.room is not None and talks.room.name == "Council Chamber" and talks.room.venue_id == expected
    assert result.rows[0].venue == ("Liverpool Town Hall, Dale Street" if expected == other else "Town Hall")
    assert talks.public_notes == ""  # matched: not kept as an unmatched location


def test_a_room_of_another_venue_is_not_taken(session: Session, visit: int, create_venue: Callable[..., int]) -> None:
    hall = create_venue(name="Town Hall", code="TH")
    museum = create_venue(name="Museum", code="MU")
    venues.add_room(session, museum, RoomData("Gallery"))
    run(
        session,
        visit,
        ics("UID:x\nSUMMARY:Talks\nDTSTART:20270511T090000Z\nDTEND:20270511T100000Z\nLOCATION:Town Hall; Gallery"),
    )
    talks = engagements_by_title(session, visit)["Talks"]
    assert talks.venue_id == hall and talks.room_id is None


# --- kinds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "categories", "kind"),
    [
        ("Tour of the Materials Innovation Factory", "", EngagementKind.TOUR),
        ("Working lunch", "", EngagementKind.MEAL),
        ("Welcome dinner hosted by the Lord Mayor", "", EngagementKind.MEAL),
        ("Signing of the MoU", "", EngagementKind.CEREMONY),
        ("Evening reception", "", EngagementKind.RECEPTION),
        ("Meeting with the Chamber", "", EngagementKind.MEETING),
        ("Press conference", "", EngagementKind.PRESS),
        ("환영 만찬", "", EngagementKind.MEAL),
        ("업무협약 서명식", "", EngagementKind.CEREMONY),
        ("Dinner", "Tour", EngagementKind.TOUR),  # CATEGORIES first
        ("Toured exhibits", "", EngagementKind.MEETING),  # whole words only
        ("Flight home", "", EngagementKind.OTHER),  # a transfer needs an origin the file cannot give
    ],
)
def test_the_kind_comes_from_categories_or_the_titles_words(
    session: Session, visit: int, summary: str, categories: str, kind: EngagementKind
) -> None:
    extra = f"\nCATEGORIES:{categories}" if categories else ""
    result = run(
        session, visit, ics(f"UID:k\nSUMMARY:{summary}\nDTSTART:20270511T090000Z\nDTEND:20270511T100000Z{extra}")
    )
    assert result.rows[0].kind is kind
    assert engagements_by_title(session, visit)[summary].kind is kind


def test_the_officers_kind_wins_on_create_and_update(session: Session, visit: int) -> None:
    data = ics("UID:k\nSUMMARY:Working lunch\nDTSTART:20270511T110000Z\nDTEND:20270511T120000Z")
    dry = run(session, visit, data, dry_run=True)
    assert dry.rows[0].kind is EngagementKind.MEAL
    run(session, visit, data, kinds={"k": EngagementKind.MEETING})
    lunch = engagements_by_title(session, visit)["Working lunch"]
    assert lunch.kind is EngagementKind.MEETING
    assert [r.action for r in run(session, visit, data).rows] == [
        ImportAction.UNCHANGED
    ]  # the file's guess never overrides
    changed = run(session, visit, data, kinds={"k": EngagementKind.RECEPTION})
    assert [(r.action, r.reason, r.kind) for r in changed.rows] == [
        (ImportAction.UPDATE, "kind", EngagementKind.RECEPTION)
    ]
    assert engagements_by_title(session, visit)["Working lunch"].kind is EngagementKind.RECEPTION
