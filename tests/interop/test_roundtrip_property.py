"""Property: any title, name and notes an officer can type come back exactly from icalendar and vobject."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tests.interop.conftest import NOW
from tests.interop.parsers import rfc6868
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, NameOrder, Role, Side
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VisitData,
)
from visitplanner.exporters.ical import Organiser, engagement_uid, export_calendar
from visitplanner.exporters.ical_text import BACKSLASH_STAND_IN
from visitplanner.importers.ical import NOTES_LIMIT, parse_calendar
from visitplanner.services import attendees, engagements, people, visits
from visitplanner.store.database import Database
from visitplanner.store.models import Engagement

# What officers type, weighted towards what breaks calendars: Hangul, the TEXT specials, quotes,
# carets (RFC 6868), line breaks, tabs, and characters some line splitters take for line ends.
# (NEL, U+0085, is a C1 control, which no field takes; one-line fields take no line break or tab.)
TRICKY = [*"박형준부산광역시 리버풀,;:\\\"'^\n\t", "\u2028", "\u2029", "😀", "é"]
LINE_BREAKS = "\n\t\u2028\u2029"
CHARACTERS = st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")))
ONE_LINE = st.one_of(
    st.sampled_from([c for c in TRICKY if c not in LINE_BREAKS]),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
)
TEXT = st.text(ONE_LINE, max_size=120)
LONG = st.one_of(
    st.text(CHARACTERS, max_size=120),
    st.builds(lambda part, n: (part * n)[:20000], st.text(CHARACTERS, min_size=1, max_size=40), st.integers(50, 600)),
)
NAME = st.text(ONE_LINE, min_size=1, max_size=60).filter(lambda s: s.strip() != "")


@pytest.fixture(scope="module")
def connection(interop_database: Database) -> Iterator[Connection]:
    with interop_database.engine.connect() as connection:
        yield connection


def _visit(session: Session) -> int:
    return visits.create_visit(
        session,
        VisitData(
            "Property visit", "property-visit", date(2027, 5, 11), date(2027, 5, 12), "Europe/London", "Asia/Seoul"
        ),
    ).created_id(Entity.VISIT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=NAME, family=NAME, given_names=TEXT, native=TEXT, public=LONG, restricted=LONG)
def test_text_round_trips_exactly(
    connection: Connection, title: str, family: str, given_names: str, native: str, public: str, restricted: str
) -> None:
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        visit = _visit(session)
        person = people.create_person(
            session, PersonData(family, given_names, native, "", NameOrder.FAMILY_FIRST, email="someone@busan.example")
        ).created_id(Entity.PERSON)
        attendee = attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.DELEGATE))
        created = engagements.create_engagement(
            session,
            visit,
            EngagementPlan(
                EngagementData(
                    EngagementKind.MEETING,
                    title,
                    datetime(2027, 5, 11, 9, tzinfo=UTC),
                    datetime(2027, 5, 11, 10, tzinfo=UTC),
                    public_notes=public,
                    restricted_notes=restricted,
                ),
                (AttendanceData(attendee.created_id(Entity.ATTENDEE)),),
            ),
        )
        row = session.get(Engagement, created.created_id(Entity.ENGAGEMENT))
        assert row is not None
        data = export_calendar(
            session,
            visit,
            method="request",
            restricted=True,
            now=NOW,
            organiser=Organiser("protocol@liverpool.example", "Protocol"),
        )
        # a backslash in a CN is written as its full-width stand-in (parsers disagree on backslashes there)
        name = row.attendances[0].attendee.person.name.display.replace("\\", BACKSLASH_STAND_IN)
        uid = engagement_uid(row.uuid)
        stored_title = row.title
    finally:
        session.close()
        transaction.rollback()

    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    expected_notes = "\n\n".join(
        p for p in (public.strip(), f"Restricted: {restricted.strip()}" if restricted.strip() else "") if p
    )

    from icalendar import Calendar

    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["UID"]) == uid
    assert str(event["SUMMARY"]) == stored_title
    assert str(event["DESCRIPTION"]).startswith(expected_notes)
    cns = [a.params["CN"] for a in event["ATTENDEE"] if str(a) == "mailto:someone@busan.example"]
    assert cns == [name]

    import vobject

    vevent = vobject.readOne(data.decode("utf-8")).vevent
    assert vevent.summary.value == stored_title
    assert vevent.description.value.startswith(expected_notes)
    assert [rfc6868(a.params["CN"][0]) for a in vevent.attendee_list if a.value == "mailto:someone@busan.example"] == [
        name
    ]

    # and our own importer reads back what we wrote
    (imported,) = parse_calendar(
        data, visit_start=date(2027, 5, 11), visit_end=date(2027, 5, 12), visit_zone="Europe/London"
    ).events
    assert imported.title == " ".join(stored_title.split())
    assert imported.confidential  # a restricted export: the importer keeps its description restricted
    assert imported.description.startswith(expected_notes.strip()[: NOTES_LIMIT - 1])


def test_line_breaks_of_any_kind_come_back_as_newlines() -> None:
    from visitplanner.exporters.ical_text import escape_text

    assert escape_text("a\r\nb\rc\nd") == "a\\nb\\nc\\nd"
