"""Services: validation naming the field, nothing half-saved, sequences, moves, precedence, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.values import (
    AttendanceData,
    EngagementData,
    EngagementPlan,
    PersonData,
    RoomData,
    TravelTimeData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.services import attendees, engagements, people, vehicles, venues, visits
from visitplanner.services.engagements import engagement_plan
from visitplanner.store.database import Database
from visitplanner.store.models import Engagement, Person, Venue, Visit
from visitplanner.store.queries import attendees_of, find_visit, travel_minutes

Factory = Callable[..., int]


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def visit_data(**overrides: object) -> VisitData:
    values: dict[str, object] = {
        "title": "Visit",
        "slug": "a-visit",
        "start_date": date(2027, 5, 11),
        "end_date": date(2027, 5, 12),
    }
    values.update(overrides)
    return VisitData(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"title": "  "}, "title", "must not be empty"),
        ({"slug": "Busan Liverpool"}, "slug", "lower-case"),
        ({"end_date": date(2027, 5, 1)}, "end_date", "ends before it starts"),
        ({"local_time_zone": "Mars/Olympus"}, "local_time_zone", "unknown time zone"),
        ({"home_time_zone": "GMT Standard Time"}, "home_time_zone", "unknown time zone"),
        ({"marking": "x" * 81}, "marking", "at most 80"),
        ({"title": "bell\x07"}, "title", "a control character"),
    ],
)
def test_bad_visit_input_names_the_field_and_saves_nothing(
    session: Session, overrides: dict[str, object], field: str, fragment: str
) -> None:
    before = count(session, Visit)
    with pytest.raises(UserError, match=fragment) as info:
        visits.create_visit(session, visit_data(**overrides))
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}:")
    assert count(session, Visit) == before


def test_duplicate_slug_is_refused(session: Session) -> None:
    visits.create_visit(session, visit_data())
    with pytest.raises(UserError, match="already uses the slug") as info:
        visits.create_visit(session, visit_data(title="Another"))
    assert info.value.field == "slug"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"code": "has space"}, "code"),
        ({"latitude": 91.0, "longitude": 0.0}, "latitude"),
        ({"latitude": 1.0}, "latitude"),
        ({"time_zone": "Nowhere/City"}, "time_zone"),
    ],
)
def test_bad_venue_input(session: Session, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(UserError) as info:
        venues.create_venue(session, VenueData(**{"name": "Hall", "code": "HALL", **overrides}))  # type: ignore[arg-type]
    assert info.value.field == field
    assert count(session, Venue) == 0


def test_room_capacity_must_be_positive(session: Session, create_venue: Factory) -> None:
    venue = create_venue()
    with pytest.raises(UserError, match="capacity: must be a positive number"):
        venues.add_room(session, venue, RoomData("Room", 0))


def test_engagement_end_before_start_is_refused_and_nothing_saved(session: Session, create_visit: Factory) -> None:
    visit = create_visit()
    plan = EngagementPlan(EngagementData(EngagementKind.MEETING, "Talk", at(10), at(9)))
    with pytest.raises(UserError, match="end: must be after the start"):
        engagements.create_engagement(session, visit, plan)
    assert count(session, Engagement) == 0


def test_engagement_outside_the_visit_dates_is_refused(session: Session, create_visit: Factory) -> None:
    visit = create_visit(end_date=date(2027, 5, 11))
    # 23:30 UTC on 11 May is 00:30 on 12 May in London (BST): outside a one-day visit
    plan = EngagementPlan(EngagementData(EngagementKind.MEETING, "Late", at(23, 30), at(23, 45)))
    with pytest.raises(UserError, match="outside the visit's dates") as info:
        engagements.create_engagement(session, visit, plan)
    assert info.value.field == "start"


def test_naive_times_are_refused(session: Session, create_visit: Factory) -> None:
    visit = create_visit()
    plan = EngagementPlan(
        EngagementData(EngagementKind.MEETING, "Naive", datetime(2027, 5, 11, 9), datetime(2027, 5, 11, 10))
    )
    with pytest.raises(UserError, match="without a time zone"):
        engagements.create_engagement(session, visit, plan)


def test_a_failing_attendance_leaves_no_engagement_behind(session: Session, create_visit: Factory) -> None:
    visit = create_visit()
    plan = EngagementPlan(EngagementData(EngagementKind.MEETING, "Talk", at(9), at(10)), (AttendanceData(999_999),))
    with pytest.raises(UserError, match="no attendee with id 999999"):
        engagements.create_engagement(session, visit, plan)
    assert count(session, Engagement) == 0


def test_transfer_needs_origin_and_destination(session: Session, create_visit: Factory, create_venue: Factory) -> None:
    visit, venue = create_visit(), create_venue()
    plan = EngagementPlan(EngagementData(EngagementKind.TRANSFER, "Car", at(9), at(10), venue_id=venue))
    with pytest.raises(UserError, match="needs an origin and a destination") as info:
        engagements.create_engagement(session, visit, plan)
    assert info.value.field == "origin_venue"


def test_room_must_belong_to_the_venue(session: Session, create_visit: Factory, create_venue: Factory) -> None:
    visit, hall, other = create_visit(), create_venue(), create_venue()
    room = venues.add_room(session, other, RoomData("Boardroom", 10)).created_id(Entity.ROOM)
    plan = EngagementPlan(EngagementData(EngagementKind.MEETING, "Talk", at(9), at(10), hall, room))
    with pytest.raises(UserError, match="not a room of the chosen venue"):
        engagements.create_engagement(session, visit, plan)


def test_calendar_visible_changes_raise_the_sequence(
    session: Session, create_visit: Factory, create_venue: Factory, create_engagement: Factory
) -> None:
    visit, venue = create_visit(), create_venue()
    engagement_id = create_engagement(visit)
    row = session.get(Engagement, engagement_id)
    assert row is not None and row.sequence == 0
    uid = row.uuid
    engagements.move_engagement(session, engagement_id, at(11))
    assert row.sequence == 1 and row.start_at == at(11) and row.end_at == at(12)
    engagements.change_engagement_place(session, engagement_id, venue)
    assert row.sequence == 2
    engagements.cancel_engagement(session, engagement_id)
    assert row.sequence == 3 and row.status is EngagementStatus.CANCELLED
    engagements.restore_engagement(session, engagement_id, EngagementStatus.TENTATIVE)
    assert row.sequence == 4 and row.status is EngagementStatus.TENTATIVE
    plan = engagement_plan(row)
    engagements.update_engagement(
        session,
        engagement_id,
        EngagementPlan(EngagementData(**{**plan.data.__dict__, "dress_code": "Lounge suit"}), plan.attendances),
    )
    assert row.sequence == 4, "a dress code is not something a calendar client shows"
    assert row.uuid == uid


def test_cancelled_engagement_keeps_its_row(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    engagement_id = create_engagement(create_visit())
    engagements.cancel_engagement(session, engagement_id)
    assert session.get(Engagement, engagement_id) is not None


def test_move_with_ripple_moves_the_rest_of_that_day_only(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit = create_visit()
    first = create_engagement(visit, "First", at(8), at(9))
    second = create_engagement(visit, "Second", at(9), at(10))
    third = create_engagement(visit, "Third", at(13), at(14))
    earlier = create_engagement(visit, "Earlier", at(6), at(7))
    next_day = create_engagement(visit, "Next day", at(9, day=1), at(10, day=1))
    changes = engagements.move_engagement(session, first, at(8, 30), ripple=True)
    assert changes.ids(Entity.ENGAGEMENT) == {first, second, third}
    starts = {e.id: e.start_at for e in session.scalars(select(Engagement))}
    assert starts[second] == at(9, 30) and starts[third] == at(13, 30)
    assert starts[earlier] == at(6) and starts[next_day] == at(9, day=1)


def test_ripple_that_pushes_past_the_visit_end_changes_nothing(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit = create_visit(end_date=date(2027, 5, 11))
    first = create_engagement(visit, "First", at(8), at(9))
    last = create_engagement(visit, "Last", at(21), at(22))  # 22:00–23:00 London
    with pytest.raises(UserError, match="'Last' falls outside"):
        engagements.move_engagement(session, first, at(10), ripple=True)
    assert session.get(Engagement, first).start_at == at(8)  # type: ignore[union-attr]
    assert session.get(Engagement, last).start_at == at(21)  # type: ignore[union-attr]


def test_resize_and_duplicate(
    session: Session, create_visit: Factory, create_attendee: Factory, create_engagement: Factory
) -> None:
    visit = create_visit()
    who = create_attendee(visit)
    engagement_id = create_engagement(visit, attendee_ids=(who,))
    engagements.resize_engagement(session, engagement_id, new_end=at(11))
    with pytest.raises(UserError, match="end: must be after the start"):
        engagements.resize_engagement(session, engagement_id, new_end=at(8))
    copy_id = engagements.duplicate_engagement(session, engagement_id).created_id(Entity.ENGAGEMENT)
    original, copy = session.get(Engagement, engagement_id), session.get(Engagement, copy_id)
    assert original is not None and copy is not None
    assert copy.uuid != original.uuid and copy.sequence == 0
    assert (copy.start_at, copy.end_at) == (at(11), at(13))
    assert [a.attendee_id for a in copy.attendances] == [who]


def test_delete_engagement_and_recreate_with_its_uid(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    visit = create_visit()
    engagement_id = create_engagement(visit)
    row = session.get(Engagement, engagement_id)
    assert row is not None
    uid, plan, sequence = row.uuid, engagement_plan(row), row.sequence
    engagements.delete_engagement(session, engagement_id)
    assert session.get(Engagement, engagement_id) is None
    new_id = engagements.create_engagement(session, visit, plan, uid=uid, sequence=sequence + 1).created_id(
        Entity.ENGAGEMENT
    )
    assert new_id != engagement_id, "ids are never reused"
    with pytest.raises(UserError, match="already exists"):
        engagements.create_engagement(session, visit, plan, uid=uid)


def test_assign_and_unassign_attendees(
    session: Session, create_visit: Factory, create_attendee: Factory, create_engagement: Factory
) -> None:
    visit = create_visit()
    mayor, other_visit_attendee = create_attendee(visit, "Park"), create_attendee(create_visit(), "Lee")
    engagement_id = create_engagement(visit)
    engagements.assign_attendee(session, engagement_id, mayor, AttendancePart.SIGNATORY)
    row = session.get(Engagement, engagement_id)
    assert row is not None
    assert [(a.attendee_id, a.part) for a in row.attendances] == [(mayor, AttendancePart.SIGNATORY)]
    with pytest.raises(UserError, match="does not attend this visit"):
        engagements.assign_attendee(session, engagement_id, other_visit_attendee)
    engagements.unassign_attendee(session, engagement_id, mayor)
    assert row.attendances == []


def test_precedence_defaults_and_reorder(session: Session, create_visit: Factory, create_attendee: Factory) -> None:
    visit = create_visit()
    a = create_attendee(visit, "Alpha", Side.VISITING, Role.PRINCIPAL)
    b = create_attendee(visit, "Bravo", Side.VISITING, Role.DELEGATE)
    c = create_attendee(visit, "Charlie", Side.VISITING, Role.DELEGATE)
    h = create_attendee(visit, "Host", Side.HOST, Role.HOST)
    ranks = {x.id: x.precedence for x in attendees_of(session, visit)}
    assert ranks == {a: 1, b: 2, c: 3, h: 1}
    attendees.reorder_precedence(session, visit, Side.VISITING, [c, a, b])
    assert [x.id for x in attendees_of(session, visit)] == [c, a, b, h]
    with pytest.raises(UserError, match="exactly once"):
        attendees.reorder_precedence(session, visit, Side.VISITING, [c, a])
    with pytest.raises(UserError, match="exactly once"):
        attendees.reorder_precedence(session, visit, Side.VISITING, [c, a, b, h])
    attendees.set_precedences(session, {a: 1, b: 2, c: 3})
    assert [x.id for x in attendees_of(session, visit)] == [a, b, c, h]


def test_person_cannot_attend_a_visit_twice(session: Session, create_visit: Factory, create_person: Factory) -> None:
    from visitplanner.domain.values import AttendeeData

    visit, person = create_visit(), create_person("Park", native_name="박형준")
    attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.PRINCIPAL))
    with pytest.raises(UserError, match="already attends"):
        attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.PRINCIPAL))


def test_editing_a_person_reaches_every_visit(session: Session, create_visit: Factory, create_person: Factory) -> None:
    from visitplanner.domain.values import AttendeeData

    person = create_person("Park")
    ids = [
        attendees.add_attendee(session, v, AttendeeData(person, Side.VISITING, Role.PRINCIPAL)).created_id(
            Entity.ATTENDEE
        )
        for v in (create_visit(), create_visit())
    ]
    changes = people.update_person(session, person, PersonData("Park", "Heong-Joon", "박형준", languages="KO; en, ko"))
    assert changes.ids(Entity.ATTENDEE) == set(ids)
    row = session.get(Person, person)
    assert row is not None and row.languages == "ko, en"
    assert row.name.display == "Heong-Joon Park (박형준)"


def test_delete_refusals_name_what_blocks_them(
    session: Session, create_visit: Factory, create_venue: Factory, create_person: Factory, create_engagement: Factory
) -> None:
    from visitplanner.domain.values import AttendeeData

    visit, venue = create_visit(title="Busan visit"), create_venue(name="DIF")
    create_engagement(visit, "DIF tour", venue_id=venue)
    with pytest.raises(UserError, match="'DIF tour'"):
        venues.delete_venue(session, venue)
    person = create_person("Park")
    attendees.add_attendee(session, visit, AttendeeData(person, Side.VISITING, Role.PRINCIPAL))
    with pytest.raises(UserError, match="attends Busan visit"):
        people.delete_person(session, person)


def test_vehicle_driver_must_attend_the_same_visit(
    session: Session, create_visit: Factory, create_attendee: Factory
) -> None:
    visit, other = create_visit(), create_visit()
    driver = create_attendee(other, "Driver", Side.STAFF, Role.DRIVER)
    with pytest.raises(UserError, match="driver: the driver must be an attendee of this visit"):
        vehicles.create_vehicle(session, visit, VehicleData("Car 1", 4, driver))
    with pytest.raises(UserError, match="capacity"):
        vehicles.create_vehicle(session, visit, VehicleData("Car 1", 0))


def test_travel_time_is_replaced_and_read_both_ways(session: Session, create_venue: Factory) -> None:
    a, b = create_venue(), create_venue()
    venues.set_travel_time(session, TravelTimeData(a, b, 15))
    venues.set_travel_time(session, TravelTimeData(a, b, 20))
    assert travel_minutes(session, a, b) == 20 and travel_minutes(session, b, a) == 20
    with pytest.raises(UserError, match="two different venues"):
        venues.set_travel_time(session, TravelTimeData(a, a, 5))


def test_stale_expected_version_raises_conflict(
    session: Session, create_visit: Factory, create_engagement: Factory
) -> None:
    engagement_id = create_engagement(create_visit())
    row = session.get(Engagement, engagement_id)
    assert row is not None
    seen = row.version
    engagements.move_engagement(session, engagement_id, at(10), expected_version=seen)
    with pytest.raises(ConflictError, match="changed by someone else"):
        engagements.move_engagement(session, engagement_id, at(11), expected_version=seen)
    assert row.start_at == at(10)


def test_service_translates_stale_rows_into_conflicts(database: Database) -> None:
    with database.session() as setup:
        visit_id = visits.create_visit(setup, visit_data(slug="conflict-svc")).created_id(Entity.VISIT)
    try:
        stale = database.sessions()  # an officer's window read the visit...
        row = stale.get(Visit, visit_id)
        assert row is not None
        stale.commit()  # ...and its read transaction ended; the loaded row stays in memory
        with database.session() as other:  # then another officer changed it
            visits.update_visit(other, visit_id, visit_data(slug="conflict-svc", title="Theirs"))
        with pytest.raises(ConflictError):
            visits.update_visit(stale, visit_id, visit_data(slug="conflict-svc", title="Mine"))
        stale.rollback()
        stale.close()
        with database.session() as check:
            assert find_visit(check, visit_id).title == "Theirs"
    finally:
        with database.session() as cleanup:
            visits.delete_visit(cleanup, visit_id)


def test_bst_to_gmt_day_bounds(session: Session, create_visit: Factory) -> None:
    """25 Oct 2026 has 25 hours in London: an engagement at 23:30 local is still inside it."""
    visit = create_visit(start_date=date(2026, 10, 25), end_date=date(2026, 10, 25))
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 10, 25, 23, 0, tzinfo=london)
    plan = EngagementPlan(EngagementData(EngagementKind.RECEPTION, "Late", start, start + timedelta(minutes=45)))
    engagements.create_engagement(session, visit, plan)
    early = datetime(2026, 10, 25, 1, 30, tzinfo=london, fold=1)  # the second 01:30 (GMT)
    plan = EngagementPlan(EngagementData(EngagementKind.MEETING, "Early", early, early + timedelta(minutes=30)))
    engagements.create_engagement(session, visit, plan)
    assert count(session, Engagement) == 2
