"""Deleting through the services: complete `Changes`, version checks, and snapshot -> delete -> restore round trips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, TravelMode
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.values import OrganisationData, PersonData, RoomData, TravelTimeData, VehicleData
from visitplanner.services import attendees, engagements, organisations, people, seating, vehicles, venues, visits
from visitplanner.services.snapshots import PARENT, Snapshot, delete, restore, snapshot, with_ids
from visitplanner.store.models import Attendee, Engagement, Vehicle, Visit
from visitplanner.store.queries import VERSIONED


@dataclass(frozen=True)
class World:
    """A visit with everything that refers to it, and an address book and venue book around it."""

    visit: int
    organisation: int
    member: int
    host: int
    driver: int
    venue: int
    other_venue: int
    room: int
    travel_time: int
    back: int
    car: int
    dinner: int
    transfer: int
    plan: int

    def id_of(self, entity: Entity) -> int:
        return {
            Entity.VISIT: self.visit,
            Entity.ORGANISATION: self.organisation,
            Entity.PERSON: self.member,
            Entity.ATTENDEE: self.driver,
            Entity.VENUE: self.other_venue,
            Entity.ROOM: self.room,
            Entity.TRAVEL_TIME: self.travel_time,
            Entity.VEHICLE: self.car,
            Entity.ENGAGEMENT: self.dinner,
            Entity.SEATING_PLAN: self.plan,
        }[entity]


@pytest.fixture
def world(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    create_attendee: Callable[..., int],
    create_engagement: Callable[..., int],
) -> World:
    from tests.fixtures_db import at

    org = organisations.create_organisation(session, OrganisationData("Busan City")).created_id(Entity.ORGANISATION)
    member = people.create_person(session, PersonData("Park", organisation_id=org)).created_id(Entity.PERSON)
    visit = create_visit(visiting_organisation_id=org)
    visits.set_issue_number(session, visit, 3)
    host = create_attendee(visit, "Hughes", arrival="By train")
    driver = create_attendee(visit, "Kim")
    venue, other = create_venue(), create_venue(name="Town Hall", code="TH")
    room = venues.add_room(session, other, RoomData("Green Room", 20, "by the stairs")).created_id(Entity.ROOM)
    there = venues.set_travel_time(session, TravelTimeData(venue, other, 12, TravelMode.WALK))
    back = venues.set_travel_time(session, TravelTimeData(other, venue, 15, TravelMode.CAR))
    car = vehicles.create_vehicle(session, visit, VehicleData("Car 1", 3, driver, "AB12 CDE")).created_id(
        Entity.VEHICLE
    )
    dinner = create_engagement(visit, "Dinner", at(18), venue_id=other, room_id=room, attendee_ids=(host, driver))
    engagements.assign_attendee(session, dinner, host, AttendancePart.CHAIR)
    engagements.move_engagement(session, dinner, at(18, 30))  # a calendar history: sequence 1
    transfer = create_engagement(
        visit,
        "To dinner",
        at(17),
        at(17, 30),
        kind=EngagementKind.TRANSFER,
        origin_venue_id=venue,
        venue_id=other,
        vehicle_id=car,
        attendee_ids=(driver,),
    )
    plan = seating.create_plan(session, dinner).created_id(Entity.SEATING_PLAN)
    seating.auto_seat_plan(session, plan)
    seating.set_locked(session, plan, driver, True)
    return World(
        visit,
        org,
        member,
        host,
        driver,
        venue,
        other,
        room,
        there.created_id(Entity.TRAVEL_TIME),
        back.created_id(Entity.TRAVEL_TIME),
        car,
        dinner,
        transfer,
        plan,
    )


def exists(session: Session, entity: Entity, ident: int) -> bool:
    model = VERSIONED[entity]
    return bool(session.scalar(select(func.count()).select_from(model).where(model.id == ident)))


def test_deleting_a_visit_lists_everything_deleted_with_it(session: Session, world: World) -> None:
    changes = visits.delete_visit(session, world.visit)
    assert changes.deleted >= {
        (Entity.VISIT, world.visit),
        (Entity.ATTENDEE, world.host),
        (Entity.ATTENDEE, world.driver),
        (Entity.VEHICLE, world.car),
        (Entity.ENGAGEMENT, world.dinner),
        (Entity.ENGAGEMENT, world.transfer),
    }
    assert len(changes.ids(Entity.ATTENDANCE)) == 3


def test_removing_an_attendee_lists_the_engagements_and_vehicles_that_lose_them(session: Session, world: World) -> None:
    changes = attendees.remove_attendee(session, world.driver)
    assert (Entity.ATTENDEE, world.driver) in changes.deleted
    assert {(Entity.ENGAGEMENT, world.dinner), (Entity.ENGAGEMENT, world.transfer)} <= changes.updated
    assert (Entity.VEHICLE, world.car) in changes.updated and (Entity.VISIT, world.visit) in changes.updated
    assert len(changes.ids(Entity.ATTENDANCE)) == 2


def test_deleting_a_venue_lists_its_rooms_and_travel_times(session: Session, world: World) -> None:
    engagements.delete_engagement(session, world.dinner)
    engagements.delete_engagement(session, world.transfer)
    changes = venues.delete_venue(session, world.other_venue)
    assert changes.deleted == {
        (Entity.VENUE, world.other_venue),
        (Entity.ROOM, world.room),
        (Entity.TRAVEL_TIME, world.travel_time),
        (Entity.TRAVEL_TIME, world.back),
    }


def test_deleting_an_organisation_lists_the_people_who_lose_it(session: Session, world: World) -> None:
    no_organisation(session, world)
    changes = organisations.delete_organisation(session, world.organisation)
    assert changes == Changes.of_deleted(Entity.ORGANISATION, world.organisation) | Changes.of_updated(
        Entity.PERSON, world.member
    )


def test_deleting_an_engagement_lists_its_attendances(session: Session, world: World) -> None:
    changes = engagements.delete_engagement(session, world.dinner)
    assert changes.ids(Entity.ENGAGEMENT) == {world.dinner} and len(changes.ids(Entity.ATTENDANCE)) == 2


DELETES: dict[Entity, Callable[..., Changes]] = {
    Entity.VISIT: visits.delete_visit,
    Entity.ORGANISATION: organisations.delete_organisation,
    Entity.PERSON: people.delete_person,
    Entity.ATTENDEE: attendees.remove_attendee,
    Entity.VENUE: venues.delete_venue,
    Entity.ROOM: venues.delete_room,
    Entity.TRAVEL_TIME: venues.delete_travel_time,
    Entity.VEHICLE: vehicles.delete_vehicle,
    Entity.ENGAGEMENT: engagements.delete_engagement,
    Entity.SEATING_PLAN: seating.delete_plan,
}


@pytest.mark.parametrize("entity", list(DELETES), ids=str)
def test_a_delete_with_a_stale_version_is_refused(session: Session, world: World, entity: Entity) -> None:
    ident = world.id_of(entity)
    version = session.scalar(select(VERSIONED[entity].version).where(VERSIONED[entity].id == ident))
    with pytest.raises(ConflictError, match="changed by someone else"):
        DELETES[entity](session, ident, expected_version=version + 1)
    assert exists(session, entity, ident)


def no_organisation(session: Session, world: World) -> None:
    visit = session.get(Visit, world.visit)
    assert visit is not None
    visits.update_visit(session, world.visit, replace(visits.visit_data(visit), visiting_organisation_id=None))


def unused(session: Session, world: World, entity: Entity) -> None:
    """Take away what would make the service refuse to delete the row of `entity` (not what it cascades)."""
    if entity in (Entity.VENUE, Entity.ROOM, Entity.VEHICLE):
        engagements.delete_engagement(session, world.dinner)
        engagements.delete_engagement(session, world.transfer)
    elif entity is Entity.ORGANISATION:
        no_organisation(session, world)


def renamed(snap: Snapshot, new_ids: dict[tuple[Entity, int], int]) -> Snapshot:
    """`snap` as it reads once its rows have the ids `new_ids` gives them (attendances' own ids left out)."""

    def current(entity: Entity, ident: int) -> int:
        return new_ids.get((entity, ident), ident)

    return replace(
        snap,
        id=0 if snap.entity is Entity.ATTENDANCE else current(snap.entity, snap.id),
        parent=None if snap.parent is None else current(PARENT[snap.entity], snap.parent),
        data=with_ids(snap.data, current),
        rows=tuple(renamed(row, new_ids) for row in snap.rows),
        links=tuple((entity, current(entity, ident)) for entity, ident in snap.links),
    )


@pytest.mark.parametrize("entity", list(DELETES), ids=str)
def test_snapshot_delete_restore_gives_the_same_rows_back(session: Session, world: World, entity: Entity) -> None:
    unused(session, world, entity)
    ident = world.id_of(entity)
    before = snapshot(session, entity, ident)
    delete(session, entity, ident)
    assert not exists(session, entity, ident)
    changes = restore(session, before)
    new_ids = {(kind, old): new for kind, old, new in changes.replaced}
    assert (entity, ident) in new_ids and new_ids[entity, ident] != ident
    after = snapshot(session, entity, new_ids[entity, ident])
    assert renamed(after, {}) == renamed(before, new_ids)
    back = session.get(VERSIONED[entity], new_ids[entity, ident])
    if entity is Entity.VISIT:
        assert back.issue_number == 3
    if entity is Entity.ENGAGEMENT:
        assert (back.uuid, back.sequence) == (before.uid, 1)


def test_restoring_an_attendee_gives_back_their_attendances_and_driving(session: Session, world: World) -> None:
    before = snapshot(session, Entity.ATTENDEE, world.driver)
    assert [row.entity for row in before.rows] == [Entity.ATTENDANCE] * 2 and before.links == (
        (Entity.VEHICLE, world.car),
    )
    attendees.remove_attendee(session, world.driver)
    new = restore(session, before).created_id(Entity.ATTENDEE)
    car = session.get(Vehicle, world.car)
    assert car is not None and car.driver_attendee_id == new
    for engagement_id in (world.dinner, world.transfer):
        engagement = session.get(Engagement, engagement_id)
        assert engagement is not None and new in {a.attendee_id for a in engagement.attendances}


def test_restore_maps_the_ids_it_holds_through_resolve(session: Session, world: World) -> None:
    """The person of a removed attendee was deleted and put back meanwhile (a new id): restoring
    the attendee uses the new id that `resolve` gives."""
    taken = snapshot(session, Entity.ATTENDEE, world.driver)
    kim = taken.data.person_id
    attendees.remove_attendee(session, world.driver)
    person = snapshot(session, Entity.PERSON, kim)
    delete(session, Entity.PERSON, kim)
    new_kim = restore(session, person).created_id(Entity.PERSON)
    restored = restore(session, taken, resolve=lambda entity, i: new_kim if (entity, i) == (Entity.PERSON, kim) else i)
    attendee = session.get(Attendee, restored.created_id(Entity.ATTENDEE))
    assert attendee is not None and attendee.person_id == new_kim


def test_undoing_a_creation_is_refused_once_the_row_is_used(session: Session, world: World) -> None:
    with pytest.raises(ConflictError, match="Cannot undo “Add attendee”: the attendee is now used by 2 engagements"):
        delete(session, Entity.ATTENDEE, world.driver, undoing="Add attendee")
    assert exists(session, Entity.ATTENDEE, world.driver)
    delete(session, Entity.TRAVEL_TIME, world.travel_time, undoing="Set travel time")  # nothing uses a travel time
    assert not exists(session, Entity.TRAVEL_TIME, world.travel_time)


def test_undoing_the_delete_of_an_engagement_puts_its_seating_plan_back(session: Session, world: World) -> None:
    from visitplanner.store.seating import plan_id_of, plan_layout

    before = plan_layout(session, world.plan)
    assert len(before.placements) == 2 and any(p.locked for p in before.placements)
    taken = snapshot(session, Entity.ENGAGEMENT, world.dinner)
    delete(session, Entity.ENGAGEMENT, world.dinner)
    new = restore(session, taken).created_id(Entity.ENGAGEMENT)
    plan = plan_id_of(session, new)
    assert plan is not None and plan != world.plan and plan_layout(session, plan) == before


def test_restoring_an_attendee_gives_back_their_gifts_and_journeys(session: Session, world: World) -> None:
    """Undo of removing an attendee: the gifts they gave or received name them again, and they are
    back on their journeys and meeting those they met; a party set meanwhile is left alone."""
    from tests.fixtures_db import at
    from visitplanner.domain.enums import JourneyMode, LegDirection
    from visitplanner.domain.values import GiftData, TravelLegData
    from visitplanner.services import gifts, travel
    from visitplanner.store.models import Gift, TravelLeg

    def gift(data: GiftData) -> int:
        return gifts.create_gift(session, world.visit, data).created_id(Entity.GIFT)

    def leg(direction: LegDirection, travellers: tuple[int, ...], met_by: int | None) -> int:
        data = TravelLegData(
            direction,
            JourneyMode.FLIGHT,
            at(7),
            at(8),
            "UTC",
            "UTC",
            travellers,
            number="KE 1",
            met_by_attendee_id=met_by,
        )
        return travel.create_leg(session, world.visit, data).created_id(Entity.TRAVEL_LEG)

    given = gift(GiftData("Vase", giver_attendee_id=world.driver, recipient_attendee_id=world.host))
    received = gift(GiftData("Book", giver_attendee_id=world.host, recipient_attendee_id=world.driver))
    retaken = gift(GiftData("Scarf", giver_attendee_id=world.driver, recipient_attendee_id=world.host))
    flight = leg(LegDirection.ARRIVAL, (world.driver, world.host), None)
    greeted = leg(LegDirection.DEPARTURE, (world.host,), world.driver)
    before = snapshot(session, Entity.ATTENDEE, world.driver)
    changes = attendees.remove_attendee(session, world.driver)
    assert {(Entity.GIFT, given), (Entity.GIFT, received), (Entity.GIFT, retaken)} <= changes.updated
    assert session.get(Gift, given).giver_attendee_id is None  # type: ignore[union-attr]
    gifts.update_gift(
        session, retaken, GiftData("Scarf", giver_organisation_id=world.organisation, recipient_attendee_id=world.host)
    )

    new = restore(session, before).created_id(Entity.ATTENDEE)
    session.expire_all()
    assert session.get(Gift, given).giver_attendee_id == new  # type: ignore[union-attr]
    assert session.get(Gift, received).recipient_attendee_id == new  # type: ignore[union-attr]
    scarf = session.get(Gift, retaken)
    assert scarf is not None and (scarf.giver_attendee_id, scarf.giver_organisation_id) == (None, world.organisation)
    on_flight = session.get(TravelLeg, flight)
    assert on_flight is not None and {t.attendee_id for t in on_flight.travellers} == {world.host, new}
    assert session.get(TravelLeg, greeted).met_by_attendee_id == new  # type: ignore[union-attr]
