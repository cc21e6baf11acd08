"""`ensure_unused`: what counts as a use of each kind of row, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.values import OrganisationData, PersonData, RoomData, VehicleData
from visitplanner.services import organisations, people, vehicles, venues
from visitplanner.services.undo import USES, ensure_unused


def test_every_kind_that_undo_can_delete_has_its_uses_listed() -> None:
    assert set(USES) == {
        Entity.ATTENDEE,
        Entity.VISIT,
        Entity.PERSON,
        Entity.ORGANISATION,
        Entity.VENUE,
        Entity.ROOM,
        Entity.VEHICLE,
    }


def test_an_unused_row_passes(
    session: Session, create_visit: Callable[..., int], create_venue: Callable[..., int]
) -> None:
    ensure_unused(session, Entity.VISIT, create_visit(), "the visit")
    ensure_unused(session, Entity.VENUE, create_venue(), "the venue")
    person = people.create_person(session, PersonData("Unused")).created_id(Entity.PERSON)
    ensure_unused(session, Entity.PERSON, person, "the person")


def test_uses_are_counted_and_named(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    create_attendee: Callable[..., int],
    create_engagement: Callable[..., int],
) -> None:
    visit = create_visit()
    venue = create_venue()
    room = venues.add_room(session, venue, RoomData("Green Room", 20)).created_id(Entity.ROOM)
    attendee = create_attendee(visit, family_name="Kim")
    vehicle = vehicles.create_vehicle(session, visit, VehicleData("Car", 3, attendee)).created_id(Entity.VEHICLE)
    create_engagement(visit, venue_id=venue, room_id=room, attendee_ids=(attendee,))
    create_engagement(visit, title="Second", venue_id=venue, attendee_ids=(attendee,))
    organisation = organisations.create_organisation(session, OrganisationData("Org")).created_id(Entity.ORGANISATION)
    people.create_person(session, PersonData("Member", organisation_id=organisation))

    expected = {
        (Entity.ATTENDEE, attendee): "2 engagements and 1 vehicle",
        (Entity.VISIT, visit): "2 engagements and 1 attendee and 1 vehicle",
        (Entity.VENUE, venue): "2 engagements and 1 room",
        (Entity.ROOM, room): "1 engagement",
        (Entity.ORGANISATION, organisation): "1 person",
    }
    ensure_unused(session, Entity.VEHICLE, vehicle, "the car")  # no transfer uses it: driving is not a use
    for (entity, ident), uses in expected.items():
        with pytest.raises(ConflictError, match=f"the thing is now used by {uses},"):
            ensure_unused(session, entity, ident, "the thing")
