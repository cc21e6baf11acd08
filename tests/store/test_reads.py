"""The named reads the views show (services/reads, store/queries), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, Privacy, Role, Side, TravelMode
from visitplanner.domain.values import AttendeeData, OrganisationData, RoomData, TravelTimeData, VehicleData
from visitplanner.services.attendees import add_attendee
from visitplanner.services.engagements import engagement_plan
from visitplanner.services.organisations import create_organisation
from visitplanner.services.reads.itinerary import read_itinerary
from visitplanner.services.reads.people import (
    read_attendee_rows,
    read_candidates,
    read_organisation_names,
    read_organisation_rows,
    read_person_row,
    read_person_rows,
    read_removal_summary,
    read_visit_organisations,
)
from visitplanner.services.reads.venues import (
    read_driver_choices,
    read_travel_matrix,
    read_vehicle_rows,
    read_venue_rows,
    read_visit_venues,
)
from visitplanner.services.reads.visits import read_visit_data
from visitplanner.services.vehicles import create_vehicle
from visitplanner.services.venues import add_room, set_travel_time
from visitplanner.services.visits import visit_data
from visitplanner.store.models import Attendance, Engagement, Person, Visit
from visitplanner.store.queries import person_field_privacy, written_rows

Factory = Callable[..., int]


def test_itinerary_rows_carry_the_names_and_the_editor_choices(
    session: Session,
    create_visit: Factory,
    create_venue: Factory,
    create_attendee: Factory,
    create_engagement: Factory,
) -> None:
    visit_id = create_visit(title="Busan in Liverpool")
    hall = create_venue(name="Town Hall", code="TH")
    dock = create_venue(name="Albert Dock", code="AD")
    room = add_room(session, hall, RoomData("Council Chamber", 80)).created_id(Entity.ROOM)
    host = create_attendee(visit_id, "Marsh", side=Side.HOST, role=Role.HOST)
    guest = create_attendee(visit_id, "Park", side=Side.VISITING, role=Role.PRINCIPAL)
    car = create_vehicle(session, visit_id, VehicleData("Car 1", 4)).created_id(Entity.VEHICLE)
    later = create_engagement(
        visit_id,
        "Transfer",
        start=at(11),
        kind=EngagementKind.TRANSFER,
        venue_id=dock,
        origin_venue_id=hall,
        vehicle_id=car,
    )
    first = create_engagement(visit_id, "Welcome", start=at(9), venue_id=hall, room_id=room, attendee_ids=(host, guest))

    itinerary = read_itinerary(session, visit_id)

    assert itinerary is not None and itinerary.title == "Busan in Liverpool"
    assert [r.id for r in itinerary.rows] == [first, later]
    welcome, transfer = itinerary.rows
    assert welcome.plan == engagement_plan(session.get_one(Engagement, first))
    assert (welcome.venue_name, welcome.venue_code, welcome.room_name) == ("Town Hall", "TH", "Council Chamber")
    assert welcome.attendee_names == ("Park", "Marsh")  # visiting side first
    assert (transfer.origin_name, transfer.venue_name, transfer.vehicle_label) == ("Town Hall", "Albert Dock", "Car 1")
    choices = itinerary.choices
    assert (choices.local_time_zone, choices.home_time_zone) == ("Europe/London", "Asia/Seoul")
    assert [c.name for c in choices.attendees] == ["Park", "Marsh"]
    assert [(v.label, v.capacity) for v in choices.vehicles] == [("Car 1", 4)]
    town_hall = choices.venue(hall)
    assert town_hall is not None and [(r.id, r.name, r.capacity) for r in town_hall.rooms] == [
        (room, "Council Chamber", 80)
    ]
    assert read_itinerary(session, 987_654) is None


def test_people_and_organisations_with_their_counts(
    session: Session, create_visit: Factory, create_person: Factory, create_attendee: Factory
) -> None:
    council = create_organisation(session, OrganisationData("Zeta Council")).created_id(Entity.ORGANISATION)
    member = create_person("Jones", organisation_id=council)
    create_person("Evans", organisation_id=council)
    first, second = create_visit(), create_visit()
    attendee = create_attendee(first, "Kim")
    kim = read_attendee_rows(session, first)[0].person_id
    add_attendee(session, second, AttendeeData(kim, Side.HOST, Role.HOST))

    people = {r.id: r for r in read_person_rows(session)}
    assert (people[kim].visits, people[member].visits) == (2, 0)
    assert people[member].organisation == "Zeta Council" and people[member].data.family_name == "Jones"
    assert read_person_row(session, kim) == people[kim]
    assert read_person_row(session, 987_654) is None
    organisations = {r.id: r for r in read_organisation_rows(session)}
    assert organisations[council].people == 2 and organisations[council].data.name == "Zeta Council"
    names = read_organisation_names(session)
    assert (council, "Zeta Council") in names and names == sorted(names, key=lambda n: n[1])
    assert attendee in {r.id for r in read_attendee_rows(session, first)}


def test_attendee_reads(
    session: Session,
    create_visit: Factory,
    create_person: Factory,
    create_attendee: Factory,
    create_engagement: Factory,
) -> None:
    guests = create_organisation(session, OrganisationData("Guest City")).created_id(Entity.ORGANISATION)
    visit_id = create_visit(visiting_organisation_id=guests)
    staff = create_attendee(visit_id, "Brown", side=Side.STAFF, role=Role.DRIVER)
    host = create_attendee(visit_id, "Marsh", side=Side.HOST, role=Role.HOST, precedence=1)
    guest = create_attendee(visit_id, "Park", side=Side.VISITING, role=Role.PRINCIPAL, precedence=1)
    outsider = create_person("Outsider")
    create_vehicle(session, visit_id, VehicleData("Van", 8, driver_attendee_id=staff))
    create_vehicle(session, visit_id, VehicleData("Car", 4, driver_attendee_id=staff))
    create_engagement(visit_id, "One", attendee_ids=(staff, host))
    create_engagement(visit_id, "Two", start=at(12), attendee_ids=(staff,))

    rows = read_attendee_rows(session, visit_id)
    assert [r.id for r in rows] == [guest, host, staff]  # visiting, host, staff
    assert rows[0].person.family_name == "Park" and rows[0].role is Role.PRINCIPAL
    candidates = {r.id for r in read_candidates(session, visit_id)}
    assert outsider in candidates and not candidates & {r.person_id for r in rows}
    assert read_removal_summary(session, [staff]) == (2, ["Car", "Van"])
    assert read_removal_summary(session, [guest]) == (0, [])
    assert read_visit_organisations(session, visit_id) == (guests, None)
    assert read_visit_organisations(session, 987_654) == (None, None)
    drivers = read_driver_choices(session, visit_id)
    assert drivers[0].id == staff and {d.id for d in drivers} == {guest, host, staff}


def test_venue_book_vehicles_and_travel_matrix(
    session: Session, create_visit: Factory, create_venue: Factory, create_attendee: Factory, create_engagement: Factory
) -> None:
    visit_id = create_visit()
    used = create_venue(name="Zoo House", code="ZH")
    origin = create_venue(name="Yard", code="YD")
    unused = create_venue(name="Aardvark Hall", code="AH")
    room = add_room(session, used, RoomData("Blue Room", 12)).created_id(Entity.ROOM)
    driver = create_attendee(visit_id, "Brown", side=Side.STAFF, role=Role.DRIVER)
    van = create_vehicle(session, visit_id, VehicleData("Van", 8, driver_attendee_id=driver)).created_id(Entity.VEHICLE)
    create_engagement(visit_id, "Visit", venue_id=used)
    create_engagement(
        visit_id,
        "Drive",
        start=at(12),
        kind=EngagementKind.TRANSFER,
        venue_id=used,
        origin_venue_id=origin,
        vehicle_id=van,
    )
    set_travel_time(session, TravelTimeData(origin, used, 25, TravelMode.CAR))

    mine = [r for r in read_venue_rows(session, visit_id) if r.id in {used, origin, unused}]
    assert [(r.id, r.engagements) for r in mine] == [(origin, 1), (used, 2), (unused, 0)]  # used first, by name
    assert [(r.id, r.data.name) for r in mine[1].rooms] == [(room, "Blue Room")]
    assert {r.id: r.engagements for r in read_venue_rows(session, None)}[used] == 0
    vehicles = read_vehicle_rows(session, visit_id)
    assert [(v.id, v.data.label, v.driver, v.transfers) for v in vehicles] == [(van, "Van", "Brown", 1)]
    assert [v.id for v in read_visit_venues(session, visit_id)] == [origin, used]
    matrix = read_travel_matrix(session, visit_id, every_venue=False)
    assert [v.code for v in matrix.venues] == ["YD", "ZH"]
    assert list(matrix.times) == [(origin, used)] and matrix.times[(origin, used)].minutes == 25
    assert unused in {v.id for v in read_travel_matrix(session, visit_id, every_venue=True).venues}


def test_read_visit_data(session: Session, create_visit: Factory) -> None:
    visit_id = create_visit(title="Read me")
    found = read_visit_data(session, visit_id)
    visit = session.get_one(Visit, visit_id)
    assert found == (visit_data(visit), visit.version)
    assert read_visit_data(session, 987_654) is None


def test_written_rows_gives_versions_of_rows_written_and_refs_of_rows_deleted(
    session: Session, create_person: Factory, create_visit: Factory
) -> None:
    kept, gone, visit_id = create_person("Kept"), create_person("Gone"), create_visit()
    # what the database's after-flush hook notes: (model class, id) of the rows written and deleted
    session.info["written_rows"] = {(Person, kept), (Person, gone), (Visit, visit_id), (Attendance, 1)}
    session.info["deleted_rows"] = {(Person, gone)}

    written, deleted = written_rows(session)

    assert written == {(Entity.PERSON, kept): 1, (Entity.VISIT, visit_id): 1}  # unversioned kinds left out
    assert deleted == {(Entity.PERSON, gone)}


def test_person_field_privacy() -> None:
    assert person_field_privacy("dietary") is Privacy.RESTRICTED
    assert person_field_privacy("family_name") is not Privacy.RESTRICTED
    assert person_field_privacy("no_such_field") is None
