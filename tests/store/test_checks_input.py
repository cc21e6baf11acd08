"""The checks' input kept between reads equals a fresh read after every kind of committed edit,
on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.checks import CheckInput, run_checks
from visitplanner.domain.enums import AttendancePart, EngagementStatus, Role, Side
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.values import AttendeeData, PersonData, TravelTimeData, VehicleData
from visitplanner.services import attendees, engagements, people, snapshots, travel, vehicles, venues, visits
from visitplanner.services.checks import check_input, check_visit
from visitplanner.services.demo import build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Attendance, Attendee, Engagement, Person, Room, TravelLeg, Vehicle, Venue, Visit


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own holding the demo visit, for a test that commits."""
    url = (
        f"sqlite:///{tmp_path / 'checks.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("own_postgres_url")
    )
    database = open_database(url)
    with database.session() as session:
        build_demo(session)
    try:
        yield database
    finally:
        database.engine.dispose()


def visit_id(db: Database) -> int:
    with db.reading() as session:
        return session.scalars(select(Visit.id)).one()


def kept(db: Database, visit: int) -> CheckInput:
    """What the Checks dock reads: through a read-only session (the kept input, brought up to date)."""
    with db.reading() as session:
        return check_input(session, visit)


def fresh(db: Database, visit: int) -> CheckInput:
    """A whole read, keeping nothing (a session that may write)."""
    with db.dry_run() as session:
        return check_input(session, visit)


def edit(db: Database, change: Callable[[Session], object]) -> None:
    with db.session() as session:
        change(session)


def first(session: Session, model: type, *where: object) -> int:
    found = session.scalars(select(model.id).where(*where).order_by(model.id)).first()  # type: ignore[attr-defined]
    assert found is not None
    return int(found)


def _move(session: Session) -> None:
    engagement = session.get(Engagement, first(session, Engagement))
    assert engagement is not None
    engagements.move_engagement(session, engagement.id, engagement.start_at + timedelta(minutes=5))


def _attendances(session: Session) -> None:
    engagement = session.get(Engagement, first(session, Engagement, Engagement.attendances.any()))
    assert engagement is not None
    plan = engagements.engagement_plan(engagement)
    engagements.update_engagement(session, engagement.id, dataclasses.replace(plan, attendances=plan.attendances[1:]))


def _part(session: Session) -> None:
    attendance = session.get(Attendance, first(session, Attendance))
    assert attendance is not None
    part = AttendancePart.SIGNATORY if attendance.part is not AttendancePart.SIGNATORY else AttendancePart.PARTICIPANT
    engagements.assign_attendee(session, attendance.engagement_id, attendance.attendee_id, part)


def _remove_attendee(session: Session) -> None:
    attended = session.scalars(select(Attendance.attendee_id).order_by(Attendance.id)).first()
    assert attended is not None
    attendees.remove_attendee(session, attended)


def _undo_removal(session: Session) -> None:
    """Remove an attendee, then put them back as undo does (new ids for them and their attendances)."""
    attended = session.scalars(select(Attendance.attendee_id).order_by(Attendance.id.desc())).first()
    assert attended is not None
    snapshot = snapshots.snapshot(session, Entity.ATTENDEE, attended)
    attendees.remove_attendee(session, attended)
    snapshots.restore(session, snapshot)


def _person(session: Session) -> None:
    person = session.get(Person, first(session, Person, Person.id.in_(select(Attendee.person_id))))
    assert person is not None
    data = people.person_data(person)
    people.update_person(session, person.id, dataclasses.replace(data, family_name="Renamed", languages="fr"))


def _attendee(session: Session) -> None:
    attendee = session.get(Attendee, first(session, Attendee))
    assert attendee is not None
    data = attendees.attendee_data(attendee)
    attendees.update_attendee(session, attendee.id, dataclasses.replace(data, precedence=1, role=Role.INTERPRETER))


def _new_attendee(session: Session) -> None:
    visit = first(session, Visit)
    person = people.create_person(session, PersonData("Newcomer", languages="ko")).created_id(Entity.PERSON)
    new = attendees.add_attendee(session, visit, AttendeeData(person, Side.STAFF, Role.DRIVER)).created_id(
        Entity.ATTENDEE
    )
    engagements.assign_attendee(session, first(session, Engagement), new)


def _venue(session: Session) -> None:
    venue = session.get(Venue, first(session, Venue, Venue.id.in_(select(Engagement.venue_id))))
    assert venue is not None
    data = venues.venue_data(venue)
    hours = OpeningHours.parse("mon-fri 10:00-11:00")
    venues.update_venue(session, venue.id, dataclasses.replace(data, capacity=2, opening_hours=hours))


def _room(session: Session) -> None:
    room = session.get(Room, first(session, Room))
    assert room is not None
    venues.update_room(session, room.id, dataclasses.replace(venues.room_data(room), capacity=1))


def _travel(session: Session) -> None:
    a, b = session.scalars(select(Venue.id).where(Venue.id.in_(select(Engagement.venue_id))).limit(2)).all()
    found = venues.travel_time(session, a, b)
    if found is None:
        venues.set_travel_time(session, TravelTimeData(a, b, 95))
    else:
        venues.delete_travel_time(session, found[0])


def _vehicle(session: Session) -> None:
    visit = first(session, Visit)
    vehicle = session.scalars(select(Vehicle).where(Vehicle.visit_id == visit)).first()
    if vehicle is None:
        vehicles.create_vehicle(session, visit, VehicleData("Spare car", 1))
    else:
        vehicles.update_vehicle(session, vehicle.id, dataclasses.replace(vehicles.vehicle_data(vehicle), capacity=1))


def _cancel(session: Session) -> None:
    engagements.set_engagement_status(session, first(session, Engagement), EngagementStatus.CANCELLED)


def _delete(session: Session) -> None:
    engagements.delete_engagement(session, first(session, Engagement))


def _duplicate(session: Session) -> None:
    engagements.duplicate_engagement(session, first(session, Engagement, Engagement.attendances.any()))


def _leg(session: Session) -> None:
    leg = session.get(TravelLeg, first(session, TravelLeg))
    assert leg is not None
    data = travel.leg_data(leg)
    later = dataclasses.replace(
        data, departs=data.departs + timedelta(hours=3), arrives=data.arrives + timedelta(hours=3)
    )
    travel.update_leg(session, leg.id, later)


def _visit_dates(session: Session) -> None:
    visit = session.get(Visit, first(session, Visit))
    assert visit is not None
    data = visits.visit_data(visit)
    visits.update_visit(session, visit.id, dataclasses.replace(data, end_date=data.end_date + timedelta(days=1)))


EDITS: list[tuple[str, Callable[[Session], None]]] = [
    ("move", _move),
    ("attendances", _attendances),
    ("part", _part),
    ("remove attendee", _remove_attendee),
    ("undo a removal", _undo_removal),
    ("person", _person),
    ("attendee", _attendee),
    ("new attendee", _new_attendee),
    ("venue", _venue),
    ("room", _room),
    ("travel time", _travel),
    ("vehicle", _vehicle),
    ("cancel", _cancel),
    ("delete", _delete),
    ("duplicate", _duplicate),
    ("travel leg", _leg),
    ("visit dates", _visit_dates),
]


@pytest.mark.parametrize("change", [e[1] for e in EDITS], ids=[e[0] for e in EDITS])
def test_the_kept_input_follows_each_kind_of_edit(db: Database, change: Callable[[Session], None]) -> None:
    visit = visit_id(db)
    assert kept(db, visit) == fresh(db, visit)  # the first read, kept
    edit(db, change)
    after = fresh(db, visit)
    assert kept(db, visit) == after
    assert kept(db, visit) == after  # and read again with nothing changed


def test_many_edits_in_a_row_and_the_findings(db: Database) -> None:
    visit = visit_id(db)
    kept(db, visit)
    for _, change in EDITS:
        edit(db, change)
        assert kept(db, visit) == fresh(db, visit)
    with db.reading() as session:
        assert check_visit(session, visit) == run_checks(fresh(db, visit))


def test_the_clock_standing_still_does_not_hide_a_change_of_part(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part changed twice within one tick of the clock still raises the engagement's version."""
    from visitplanner.services import base

    visit = visit_id(db)
    edit(db, _part)
    with db.reading() as session:
        stamp = session.scalars(select(Engagement.modified_at).order_by(Engagement.modified_at.desc())).first()
    assert stamp is not None
    monkeypatch.setattr(base, "utcnow", lambda: stamp)
    monkeypatch.setattr(engagements, "utcnow", lambda: stamp)
    kept(db, visit)
    edit(db, _part)
    assert kept(db, visit) == fresh(db, visit)


def test_a_deleted_visit_is_refused_and_another_database_keeps_its_own(db: Database, tmp_path: Path) -> None:
    visit = visit_id(db)
    kept(db, visit)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with other.session() as session:
            build_demo(session)
            engagements.delete_engagement(session, first(session, Engagement))
        other_visit = visit_id(other)
        assert kept(other, other_visit) == fresh(other, other_visit) != kept(db, visit)
    finally:
        other.engine.dispose()
    edit(db, lambda session: visits.delete_visit(session, visit))
    from visitplanner.domain.errors import UserError

    with pytest.raises(UserError):
        kept(db, visit)


@pytest.mark.postgresql
def test_sqlite_and_postgresql_give_the_same_input(tmp_path: Path, own_postgres_url: str) -> None:
    """The same visit built the same way reads the same on both databases, kept or whole, and
    after the same edits."""
    both = [open_database(f"sqlite:///{tmp_path / 'same.sqlite3'}"), open_database(own_postgres_url)]
    try:
        for database in both:
            with database.session() as session:
                build_demo(session)
        inputs = []
        for database in both:
            visit = visit_id(database)
            kept(database, visit)
            for _, change in EDITS[:6]:
                edit(database, change)
            inputs.append((kept(database, visit), fresh(database, visit)))
        (sqlite_kept, sqlite_fresh), (postgres_kept, postgres_fresh) = inputs
        assert sqlite_kept == sqlite_fresh == postgres_kept == postgres_fresh
        assert run_checks(sqlite_kept) == run_checks(postgres_kept)
    finally:
        for database in both:
            database.engine.dispose()
