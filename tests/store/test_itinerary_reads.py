"""The set-based itinerary reads give what the ORM gives, row for row, in a few queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, RoomData, VehicleData
from visitplanner.services.demo import build_demo
from visitplanner.services.engagements import create_engagement, engagement_plan
from visitplanner.services.reads.itinerary import (
    EngagementRow,
    read_day,
    read_engagement_rows,
    read_itinerary,
    time_order,
)
from visitplanner.services.vehicles import create_vehicle
from visitplanner.services.venues import add_room
from visitplanner.store.models import Engagement
from visitplanner.store.queries import SIDE_ORDER, engagements_of

Factory = Callable[..., int]


def orm_rows(session: Session, visit_id: int) -> list[EngagementRow]:
    """The rows as the ORM reads them (the reference: one object graph per engagement)."""
    rows = []
    for e in engagements_of(session, visit_id):
        attendances = sorted(
            e.attendances, key=lambda a: (SIDE_ORDER[a.attendee.side], a.attendee.precedence, a.attendee_id)
        )
        rows.append(
            EngagementRow(
                id=e.id,
                uuid=e.uuid,
                version=e.version,
                sequence=e.sequence,
                plan=engagement_plan(e),
                venue_name=e.venue.name if e.venue else "",
                venue_code=e.venue.code if e.venue else "",
                room_name=e.room.name if e.room else "",
                origin_name=e.origin_venue.name if e.origin_venue else "",
                vehicle_label=e.vehicle.label if e.vehicle else "",
                attendee_names=tuple(a.attendee.person.name.display for a in attendances),
            )
        )
    return sorted(rows, key=time_order)


def count_queries(session: Session) -> list[str]:
    statements: list[str] = []
    engine = session.get_bind()

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    return statements


def test_the_demo_reads_the_same_as_through_the_orm(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    session.flush()
    session.expire_all()
    itinerary = read_itinerary(session, visit_id)
    assert itinerary is not None
    assert list(itinerary.rows) == orm_rows(session, visit_id)
    assert len(itinerary.rows) > 10
    some = [itinerary.rows[0].id, itinerary.rows[-1].id]
    assert read_engagement_rows(session, visit_id, some) == [itinerary.rows[0], itinerary.rows[-1]]


def test_a_busy_visit_reads_in_a_few_queries_not_one_per_engagement(
    session: Session,
    create_visit: Factory,
    create_venue: Factory,
    create_attendee: Factory,
) -> None:
    visit_id = create_visit()
    other_visit = create_visit()
    hall, dock = create_venue(name="Town Hall"), create_venue(name="Albert Dock")
    room = add_room(session, hall, RoomData("Chamber", 40)).created_id(Entity.ROOM)
    car = create_vehicle(session, visit_id, VehicleData("Car 1", 4)).created_id(Entity.VEHICLE)
    people = [
        create_attendee(visit_id, f"Person{n}", side=(Side.HOST, Side.VISITING, Side.STAFF)[n % 3], role=Role.DELEGATE)
        for n in range(9)
    ]
    create_attendee(other_visit, "Elsewhere")
    for n in range(60):
        start = at(7, day=n % 3) + timedelta(minutes=10 * n)
        transfer = n % 5 == 0
        data = EngagementData(
            EngagementKind.TRANSFER if transfer else EngagementKind.MEETING,
            f"Engagement {n:02d}",
            start,
            start + timedelta(minutes=45),
            venue_id=dock if transfer else (hall if n % 2 else None),
            room_id=room if n % 4 == 1 and not transfer else None,
            origin_venue_id=hall if transfer else None,
            vehicle_id=car if transfer else None,
            status=EngagementStatus.CANCELLED if n % 7 == 0 else EngagementStatus.CONFIRMED,
        )
        chosen = tuple(
            AttendanceData(p, AttendancePart.SIGNATORY if n % 2 else AttendancePart.PARTICIPANT)
            for p in people[n % 4 :: 2]
        )
        create_engagement(session, visit_id, EngagementPlan(data, chosen))
    session.flush()
    session.expire_all()

    statements = count_queries(session)
    rows = read_engagement_rows(session, visit_id)
    assert len(statements) <= 7  # engagements, attendances, described guests, attendees, venues, rooms, vehicles
    assert rows == orm_rows(session, visit_id)
    assert len(rows) == 60 and any(r.attendee_names for r in rows)
    statements.clear()
    itinerary = read_itinerary(session, visit_id)
    assert itinerary is not None and list(itinerary.rows) == rows
    assert len(statements) <= 13
    assert [a.name for a in itinerary.choices.attendees][:3] == ["Person1", "Person4", "Person7"]  # visiting first


def test_re_reading_some_engagements_reads_only_those(
    session: Session, create_visit: Factory, create_venue: Factory, create_attendee: Factory, create_engagement: Factory
) -> None:
    visit_id, other_visit = create_visit(), create_visit()
    hall = create_venue(name="Town Hall")
    guest = create_attendee(visit_id, "Park", side=Side.VISITING)
    first = create_engagement(visit_id, "Welcome", start=at(9), venue_id=hall, attendee_ids=(guest,))
    second = create_engagement(visit_id, "Lunch", start=at(12))
    elsewhere = create_engagement(other_visit, "Not ours", start=at(10))
    session.flush()

    rows = read_engagement_rows(session, visit_id, [second, first, elsewhere, 987_654])

    assert [r.id for r in rows] == [first, second]  # in time order; others' and missing ids left out
    assert rows[0].attendee_names == ("Park",) and rows[0].venue_name == "Town Hall"
    assert read_engagement_rows(session, visit_id, []) == []


def test_a_day_is_read_alone_with_the_engagements_that_touch_it(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit_id = create_visit()  # three days from VISIT_DAY, in London (UTC+1 in May)
    early = create_engagement(visit_id, "Breakfast", start=at(6), end=at(7))
    overnight = create_engagement(visit_id, "Night train", start=at(21), end=at(6, day=1))
    second = create_engagement(visit_id, "Lunch", start=at(11, day=1))
    ends_at_midnight = create_engagement(visit_id, "Late", start=at(22), end=at(23))  # 23:00-24:00 local
    session.flush()
    whole = read_itinerary(session, visit_id)
    assert whole is not None

    first_day = read_day(session, visit_id)
    next_day = read_day(session, visit_id, whole.choices.days[1])
    outside = read_day(session, visit_id, whole.choices.days[0] - timedelta(days=9))

    assert first_day is not None and next_day is not None and outside is not None
    assert first_day.only_day == whole.choices.days[0] and not first_day.complete and whole.complete
    assert [r.id for r in first_day.rows] == [early, overnight, ends_at_midnight]
    assert [r.id for r in next_day.rows] == [overnight, second]
    assert outside.only_day == whole.choices.days[0]  # a day outside the visit reads its first
    assert first_day.choices == whole.choices
    assert all(whole.by_id(r.id) == r for r in (*first_day.rows, *next_day.rows))
    assert read_day(session, 987_654) is None


def test_replacing_rows_keeps_time_order_and_the_lookups(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit_id = create_visit()
    ids = [create_engagement(visit_id, f"E{n}", start=at(8 + n)) for n in range(4)]
    session.flush()
    itinerary = read_itinerary(session, visit_id)
    assert itinerary is not None
    moved = session.get_one(Engagement, ids[0])
    moved.start_at, moved.end_at = at(20), at(21)
    session.flush()
    fresh = read_engagement_rows(session, visit_id, [ids[0]])

    after = itinerary.replacing(fresh, removed=[ids[2]])

    assert [r.id for r in after.rows] == [ids[1], ids[3], ids[0]]
    assert after.by_id(ids[0]) == fresh[0] and after.by_id(ids[2]) is None
    assert after.by_uuid(fresh[0].uuid) == fresh[0]
    assert itinerary.by_id(ids[2]) is not None  # the old one is unchanged


def test_the_rows_touching_a_span_are_those_a_scan_finds(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit_id = create_visit()
    for n in range(40):  # short and long ones, some across midnight
        start = at(6 + n % 10, 15 * (n % 4), day=n % 2)
        create_engagement(visit_id, f"E{n}", start=start, end=start + timedelta(minutes=30 + 97 * (n % 7)))
    session.flush()
    itinerary = read_itinerary(session, visit_id)
    assert itinerary is not None
    for hours in range(0, 72, 5):
        start, end = at(0) + timedelta(hours=hours), at(0) + timedelta(hours=hours + 7)
        scanned = [r for r in itinerary.rows if r.start < end and start < r.end]
        assert itinerary.touching(start, end) == scanned
