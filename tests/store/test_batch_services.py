"""Batch services: the rules of the one-row services, one insert per table, ids in order, the bad item named."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.errors import ItemError, UserError
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    RoomData,
    TravelTimeData,
    VehicleData,
    VenueData,
)
from visitplanner.services import attendees, engagements, people, vehicles, venues
from visitplanner.services.engagements import NewEngagement
from visitplanner.store.models import Attendance, Attendee, Engagement, Person, Room, TravelTime, Vehicle, Venue

Factory = Callable[..., int]


@contextmanager
def inserts(session: Session) -> Iterator[list[str]]:
    """The INSERT statements sent inside the block (an executemany counts once)."""
    sent: list[str] = []
    engine = session.get_bind().engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_people_are_created_in_order_with_one_insert(session: Session) -> None:
    items = [PersonData(f"Family {n}", "Given", email=f"p{n}@example.org", languages="ko,en") for n in range(30)]
    with inserts(session) as sent:
        changes, ids = people.create_people(session, items)
    assert len(sent) == 1
    assert changes.ids(Entity.PERSON) == set(ids) and len(ids) == 30
    rows = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    assert [rows[i].family_name for i in ids] == [f"Family {n}" for n in range(30)]
    assert rows[ids[0]].languages == "ko, en" and rows[ids[0]].version == 1  # as create_person stores it


def test_a_bad_person_is_named_by_position_with_the_one_row_message(session: Session) -> None:
    items = [PersonData("Good"), PersonData("Bad", email="not an address"), PersonData("Good too")]
    with pytest.raises(UserError) as single:
        people.create_person(session, items[1])
    with pytest.raises(ItemError) as batch:
        people.create_people(session, items)
    assert batch.value.index == 1
    assert batch.value.message == single.value.message and batch.value.field == "email"
    assert session.scalars(select(Person.id)).first() is None  # nothing of the batch was kept


def test_ids_are_never_reused_after_a_batch(session: Session, create_person: Factory) -> None:
    last = create_person("Last")
    people.delete_person(session, last)
    _, ids = people.create_people(session, [PersonData("A"), PersonData("B")])
    assert min(ids) > last
    after = create_person("After")
    assert after > max(ids)


def test_venues_rooms_and_travel_times_in_batches(session: Session, create_venue: Factory) -> None:
    known = create_venue(code="OLD")
    changes, ids = venues.create_venues(session, [VenueData("Town Hall", "TH"), VenueData("Library", "LIB")])
    assert changes.ids(Entity.VENUE) == set(ids)
    with pytest.raises(ItemError) as taken:
        venues.create_venues(session, [VenueData("New", "NEW"), VenueData("Again", "OLD")])
    assert taken.value.index == 1 and taken.value.field == "code"
    with pytest.raises(ItemError) as twice:
        venues.create_venues(session, [VenueData("One", "TWIN"), VenueData("Two", "TWIN")])
    assert twice.value.index == 1

    venue = session.get(Venue, known)
    assert venue is not None and venue.rooms == []  # loaded before the batch: expired by it
    changes, room_ids = venues.add_rooms(session, [(known, RoomData("Blue")), (ids[0], RoomData(" Red "))])
    assert changes.ids(Entity.ROOM) == set(room_ids)
    assert (Entity.VENUE, known) in changes.updated and (Entity.VENUE, ids[0]) in changes.updated
    assert [r.name for r in venue.rooms] == ["Blue"]
    assert session.get(Room, room_ids[1]).name == "Red"  # type: ignore[union-attr]
    with pytest.raises(ItemError) as room_taken:
        venues.add_rooms(session, [(ids[1], RoomData("Blue")), (known, RoomData("Blue"))])
    assert room_taken.value.index == 1 and room_taken.value.field == "name"
    with pytest.raises(ItemError) as no_venue:
        venues.add_rooms(session, [(10**8, RoomData("Blue"))])
    assert no_venue.value.field == "venue"

    changes, times = venues.add_travel_times(
        session, [TravelTimeData(ids[0], ids[1], 10), TravelTimeData(ids[1], ids[0], 12)]
    )
    assert [session.get(TravelTime, t).minutes for t in times] == [10, 12]  # type: ignore[union-attr]
    with pytest.raises(ItemError) as recorded:
        venues.add_travel_times(session, [TravelTimeData(known, ids[0], 5), TravelTimeData(ids[0], ids[1], 5)])
    assert recorded.value.index == 1
    with pytest.raises(ItemError) as same:
        venues.add_travel_times(session, [TravelTimeData(ids[0], ids[0], 5)])
    assert same.value.field == "to_venue"


def test_attendees_get_the_precedence_one_by_one_adds_would_give(
    session: Session, create_visit: Factory, create_person: Factory
) -> None:
    def ranks(visit_id: int) -> list[tuple[Side, int]]:
        rows = session.scalars(select(Attendee).where(Attendee.visit_id == visit_id).order_by(Attendee.id))
        return [(a.side, a.precedence) for a in rows]

    persons = [create_person(f"P{n}") for n in range(6)]
    plan = [
        (Side.HOST, None),
        (Side.VISITING, 5),
        (Side.HOST, None),
        (Side.VISITING, None),
        (Side.HOST, 2),
        (Side.HOST, None),
    ]
    one_by_one, batched = create_visit(), create_visit()
    for person, (side, rank) in zip(persons, plan, strict=True):
        attendees.add_attendee(session, one_by_one, AttendeeData(person, side, Role.DELEGATE, rank))
    changes, ids = attendees.add_attendees(
        session,
        batched,
        [AttendeeData(p, side, Role.DELEGATE, rank) for p, (side, rank) in zip(persons, plan, strict=True)],
    )
    assert changes.ids(Entity.ATTENDEE) == set(ids)
    assert ranks(batched) == ranks(one_by_one)

    with pytest.raises(ItemError) as again:
        attendees.add_attendees(session, batched, [AttendeeData(persons[0], Side.HOST, Role.HOST)])
    assert again.value.field == "person" and "already attends" in again.value.message
    with pytest.raises(ItemError) as twice:
        fresh = create_person("Fresh")
        attendees.add_attendees(
            session, batched, [AttendeeData(fresh, Side.HOST, Role.HOST), AttendeeData(fresh, Side.HOST, Role.HOST)]
        )
    assert twice.value.index == 1


def test_vehicles_in_a_batch(session: Session, create_visit: Factory, create_attendee: Factory) -> None:
    visit, other = create_visit(), create_visit()
    driver, stranger = create_attendee(visit, "Driver"), create_attendee(other, "Stranger")
    changes, ids = vehicles.create_vehicles(
        session, visit, [VehicleData("Car 1", 4, driver), VehicleData("Coach", 40, None, "AB12 CDE")]
    )
    assert changes.ids(Entity.VEHICLE) == set(ids)
    assert session.get(Vehicle, ids[0]).driver_attendee_id == driver  # type: ignore[union-attr]
    with pytest.raises(ItemError) as foreign:
        vehicles.create_vehicles(session, visit, [VehicleData("Car 2", 4, stranger)])
    assert foreign.value.field == "driver"
    with pytest.raises(ItemError) as taken:
        vehicles.create_vehicles(session, visit, [VehicleData("Car 3", 4), VehicleData("Coach", 4)])
    assert taken.value.index == 1 and taken.value.field == "label"


def _meeting(title: str, hour: int, *attendances: AttendanceData, day: int = 0, **values: Any) -> NewEngagement:
    start = at(hour, day=day)
    data = EngagementData(EngagementKind.MEETING, title, start, start + timedelta(hours=1), **values)
    return NewEngagement(EngagementPlan(data, attendances))


def test_engagements_and_attendances_take_one_insert_each(
    session: Session, create_visit: Factory, create_attendee: Factory, create_venue: Factory
) -> None:
    visit = create_visit()
    v = create_venue()
    a, b = create_attendee(visit, "A"), create_attendee(visit, "B")
    items = [
        _meeting(f"Meeting {n}", 8 + n % 10, AttendanceData(a), AttendanceData(b, AttendancePart.SIGNATORY), venue_id=v)
        for n in range(40)
    ]
    with inserts(session) as sent:
        changes, ids = engagements.create_engagements(session, visit, items)
    assert len(sent) == 2
    assert changes.ids(Entity.ENGAGEMENT) == set(ids)
    rows = {e.id: e for e in session.scalars(select(Engagement).where(Engagement.id.in_(ids)))}
    assert [rows[i].title for i in ids] == [f"Meeting {n}" for n in range(40)]
    assert {(x.attendee_id, x.part) for x in rows[ids[3]].attendances} == {
        (a, AttendancePart.PARTICIPANT),
        (b, AttendancePart.SIGNATORY),
    }
    assert session.scalar(select(Attendance.id).where(Attendance.engagement_id == ids[-1])) is not None


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"title": "  "}, "title"),
        ({"venue_id": 10**8}, "venue"),
        ({"room": "other venue's"}, "room"),
        ({"start": "outside"}, "start"),
        ({"attendee": "twice"}, "attendees"),
        ({"attendee": "other visit"}, "attendees"),
        ({"uid": "not-a-uuid"}, "uid"),
    ],
)
def test_a_bad_engagement_gets_the_one_row_error_and_its_position(
    session: Session,
    create_visit: Factory,
    create_attendee: Factory,
    create_venue: Factory,
    bad: dict[str, str | int],
    field: str,
) -> None:
    visit, other = create_visit(), create_visit()
    mine, stranger = create_attendee(visit, "Mine"), create_attendee(other, "Stranger")
    venue, elsewhere = create_venue(), create_venue()
    room = venues.add_room(session, elsewhere, RoomData("Far")).created_id(Entity.ROOM)
    good = _meeting("Good", 9, AttendanceData(mine), venue_id=venue)
    values: dict[str, Any] = {"venue_id": venue}
    attendances: tuple[AttendanceData, ...] = (AttendanceData(mine),)
    title, day, uid = "Bad", 0, None
    if "title" in bad:
        title = str(bad["title"])
    if "venue_id" in bad:
        values["venue_id"] = bad["venue_id"]
    if "room" in bad:
        values["room_id"] = room
    if "start" in bad:
        day = 5
    if bad.get("attendee") == "twice":
        attendances = (AttendanceData(mine), AttendanceData(mine))
    if bad.get("attendee") == "other visit":
        attendances = (AttendanceData(stranger),)
    if "uid" in bad:
        uid = str(bad["uid"])
    wrong = _meeting(title, 10, *attendances, day=day, **values)
    wrong = NewEngagement(wrong.plan, uid)
    with pytest.raises(UserError) as single:
        engagements.create_engagement(session, visit, wrong.plan, uid=uid)
    with pytest.raises(ItemError) as batch:
        engagements.create_engagements(session, visit, [good, good, wrong])
    assert batch.value.index == 2 and batch.value.field == single.value.field == field
    assert batch.value.message == single.value.message
    assert session.scalars(select(Engagement.id).where(Engagement.visit_id == visit)).first() is None


def test_engagement_uids_are_kept_and_must_be_new(session: Session, create_visit: Factory) -> None:
    visit = create_visit()
    uid = "5b2b0a8e-8c1c-4a57-9a38-7d2a1e9d4c11"
    _, (first,) = engagements.create_engagements(session, visit, [NewEngagement(_meeting("A", 9).plan, uid.upper(), 4)])
    row = session.get(Engagement, first)
    assert row is not None and row.uuid == uid and row.sequence == 4
    with pytest.raises(ItemError) as used:
        engagements.create_engagements(session, visit, [_meeting("B", 10), NewEngagement(_meeting("C", 11).plan, uid)])
    assert used.value.index == 1 and used.value.field == "uid"
    other = "6b2b0a8e-8c1c-4a57-9a38-7d2a1e9d4c11"
    with pytest.raises(ItemError) as twice:
        engagements.create_engagements(
            session, visit, [NewEngagement(_meeting("B", 10).plan, other), NewEngagement(_meeting("C", 11).plan, other)]
        )
    assert twice.value.index == 1


def test_a_visit_loaded_before_sees_the_batch(session: Session, create_visit: Factory, create_person: Factory) -> None:
    from visitplanner.store.models import Visit

    visit_id = create_visit()
    visit = session.get(Visit, visit_id)
    assert visit is not None and visit.attendees == [] and visit.engagements == [] and visit.vehicles == []
    attendees.add_attendees(session, visit_id, [AttendeeData(create_person(), Side.HOST, Role.HOST)])
    vehicles.create_vehicles(session, visit_id, [VehicleData("Car", 4)])
    engagements.create_engagements(session, visit_id, [_meeting("Meeting", 9)])
    assert len(visit.attendees) == 1 and len(visit.vehicles) == 1 and len(visit.engagements) == 1


def test_bulk_rows_count_as_written(session: Session, create_visit: Factory) -> None:
    """The undo history and other officers' windows learn of bulk rows as of flushed ones."""
    from visitplanner.store.queries import written_rows

    visit = create_visit()
    session.info.clear()
    _, ids = engagements.create_engagements(session, visit, [_meeting("A", 9), _meeting("B", 10)])
    written, deleted = written_rows(session)
    assert session.info["wrote"] is True and not deleted
    assert {(Entity.ENGAGEMENT, i): 1 for i in ids}.items() <= written.items()
