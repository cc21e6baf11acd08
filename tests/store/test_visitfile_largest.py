"""What the app writes, it reads back: a visit with every text at the longest the app accepts round-trips,
and the visit-file size limit is above the export of the largest visit the app is built for."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.filesizes import LARGEST_VISIT, VISIT_FILE_MAX_BYTES
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    OrganisationData,
    PersonData,
    RoomData,
    TravelTimeData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import attendees, engagements, organisations, people, vehicles, venues, visits
from visitplanner.services.visitfile import import_visit

T = TypeVar("T")
#: The widest characters: four bytes each in UTF-8 (a musical symbol), then plainer ones for
#: fields with a pattern (letters, digits).
CHARACTERS = ("\U0001d11e", "a", "1")
#: A field the domain does not limit is taken at the longest limit any text has (20,000):
#: the limits themselves are the domain's business (domain/values.py).
UNBOUNDED = 20_000


def _accepts(value: Any) -> bool:
    try:
        value.validate()
    except UserError:
        return False
    return True


def longest(base: T, field: str, make: Callable[[str, int], str] | None = None) -> T:
    """`base` with `field` at the longest text its `validate()` accepts (widest characters first)."""
    for character in CHARACTERS:
        build = make or (lambda ch, n: ch * n)
        if not _accepts(dataclasses.replace(base, **{field: build(character, 1)})):  # type: ignore[type-var]
            continue
        low, high = 1, 1
        while high < UNBOUNDED and _accepts(dataclasses.replace(base, **{field: build(character, high * 2)})):  # type: ignore[type-var]
            high *= 2
        high = min(high * 2, UNBOUNDED + 1)
        while high - low > 1:
            middle = (low + high) // 2
            if _accepts(dataclasses.replace(base, **{field: build(character, middle)})):  # type: ignore[type-var]
                low = middle
            else:
                high = middle
        return dataclasses.replace(base, **{field: build(character, low)})  # type: ignore[type-var]
    return base


def longest_all(base: T, skip: tuple[str, ...] = (), **makers: Callable[[str, int], str]) -> T:
    for item in dataclasses.fields(base):  # type: ignore[arg-type]
        if item.type in ("str", str) and item.name not in skip:
            base = longest(base, item.name, makers.get(item.name))
    return base


def _email(character: str, n: int) -> str:
    return "a" * n + "@example.org"


def build_largest_entities(session: Session, tag: str) -> int:
    """A visit with one of everything, every text at its longest; returns the visit id (the
    columns hold the domain's limits on both databases: `visitplanner/domain/limits.py`)."""
    day = datetime(2027, 5, 11, tzinfo=UTC).date()
    visit = longest_all(
        VisitData(f"Largest {tag}", f"largest-{tag}", day, day + timedelta(days=2)),
        skip=("slug", "local_time_zone", "home_time_zone"),
    )
    visit_id = visits.create_visit(session, visit).created_id(Entity.VISIT)
    organisation = longest_all(OrganisationData(f"Org {tag}"))
    organisation_id = organisations.create_organisation(session, organisation).created_id(Entity.ORGANISATION)
    person = longest_all(PersonData(f"Person {tag}", organisation_id=organisation_id), email=_email)
    person_id = people.create_person(session, person).created_id(Entity.PERSON)
    attendee = longest_all(AttendeeData(person_id, Side.VISITING, Role.PRINCIPAL))
    attendee_id = attendees.add_attendee(session, visit_id, attendee).created_id(Entity.ATTENDEE)
    venue_ids = []
    for n in (1, 2):
        venue = longest_all(VenueData(f"Venue {tag} {n}", f"L{tag}{n}"), skip=("code", "time_zone"))
        venue_ids.append(venues.create_venue(session, venue).created_id(Entity.VENUE))
    room = longest_all(RoomData(f"Room {tag}"))
    room_id = venues.add_room(session, venue_ids[0], room).created_id(Entity.ROOM)
    venues.set_travel_time(session, TravelTimeData(venue_ids[0], venue_ids[1], 30))
    vehicle = longest_all(VehicleData(f"Car {tag}", 7))
    vehicles.create_vehicle(session, visit_id, vehicle)
    start = datetime(2027, 5, 11, 9, tzinfo=UTC)
    data = longest_all(
        EngagementData(EngagementKind.MEETING, "Meeting", start, start + timedelta(hours=1), venue_ids[0], room_id)
    )
    plan = EngagementPlan(data, (AttendanceData(attendee_id, AttendancePart.PARTICIPANT),))
    engagements.create_engagement(session, visit_id, plan)
    later = start + timedelta(hours=3)  # the second venue in use, so the travel time is exported
    engagements.create_engagement(
        session,
        visit_id,
        EngagementPlan(EngagementData(EngagementKind.MEAL, "Lunch", later, later + timedelta(hours=1), venue_ids[1])),
    )
    return visit_id


def test_every_text_at_its_longest_round_trips(session: Session) -> None:
    visit_id = build_largest_entities(session, "a")
    document = export_visit_document(session, visit_id)
    text = dump_visit_document(document)
    assert "\U0001d11e" * 150 in text  # positive control: the long texts are there
    parsed = parse_visit_document(text)  # the file of the longest texts is read back
    room = document["venues"][0]["rooms"][0]["name"]
    assert len(room) > 100  # a room name over the old 100-character reference limit
    visits.delete_visit(session, visit_id)
    changes = import_visit(session, parsed)
    again = export_visit_document(session, changes.created_id(Entity.VISIT))
    assert again["engagements"][0]["room"] == room
    assert again["people"] == document["people"]


def _size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")) + 16


def test_the_size_limit_is_above_the_largest_visit(session: Session) -> None:
    """Computed from the largest export of each kind of entry, times the counts `LARGEST_VISIT` names."""
    document = export_visit_document(session, build_largest_entities(session, "b"))
    venue = dict(document["venues"][0])
    rooms = venue.pop("rooms")
    engagement = dict(document["engagements"][0])
    attendance = engagement.pop("attendances")[0]
    per_entry = {
        "visit": _size(document["visit"]),
        "organisation": _size(document["organisations"][0]),
        "person": _size(document["people"][0]),
        "attendee": _size(document["attendees"][0]),
        "venue": _size(venue),
        "room": _size(rooms[0]),
        "travel_time": _size(document["travel_times"][0]),
        "vehicle": _size(document["vehicles"][0]),
        "engagement": _size(engagement),
        "attendance": _size(attendance),
    }
    n = LARGEST_VISIT
    largest = (
        per_entry["visit"]
        + n.organisations * per_entry["organisation"]
        + n.people * (per_entry["person"] + per_entry["attendee"])
        + n.venues * (per_entry["venue"] + n.rooms_per_venue * per_entry["room"])
        + n.venues * n.venues * per_entry["travel_time"]
        + n.vehicles * per_entry["vehicle"]
        + n.engagements * (per_entry["engagement"] + n.attendees_per_engagement * per_entry["attendance"])
    )
    print({k: f"{v / 1024:.1f} KB" for k, v in per_entry.items()}, f"largest visit {largest / 2**20:.1f} MB")
    assert largest < VISIT_FILE_MAX_BYTES, (largest, VISIT_FILE_MAX_BYTES)


def test_a_generated_large_visit_exports_and_reads_back(session: Session) -> None:
    """A real export of many longest-text engagements stays within the limit and is read back."""
    visit_id = build_largest_entities(session, "c")
    start = datetime(2027, 5, 11, 8, tzinfo=UTC)
    template = longest_all(EngagementData(EngagementKind.MEETING, "x", start, start + timedelta(minutes=30)))
    for n in range(60):
        moment = start + timedelta(minutes=10 * n)
        engagements.create_engagement(
            session,
            visit_id,
            EngagementPlan(dataclasses.replace(template, start=moment, end=moment + timedelta(minutes=30))),
        )
    text = dump_visit_document(export_visit_document(session, visit_id))
    assert len(text.encode("utf-8")) > 8 * 2**20  # large: 60 engagements of ~160 KB of notes each
    assert len(parse_visit_document(text).engagements) == 62


@pytest.mark.parametrize("field", ["title", "public_notes"])
def test_longest_finds_the_domain_limit(field: str) -> None:
    start = datetime(2027, 5, 11, 8, tzinfo=UTC)
    data = longest(EngagementData(EngagementKind.MEETING, "x", start, start + timedelta(hours=1)), field)
    value = getattr(data, field)
    assert len(value) >= 200 and _accepts(data)
    assert not _accepts(dataclasses.replace(data, **{field: value + value[0]}))


def test_the_exporter_refuses_a_file_the_importer_would_refuse(
    session: Session, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitplanner.exporters import visitfile

    visit_id = build_largest_entities(session, "d")
    monkeypatch.setattr(visitfile, "VISIT_FILE_MAX_BYTES", 100_000)
    with pytest.raises(UserError, match=r"the visit file would be \d+ MB, more than the 0 MB"):
        visitfile.write_visit_file(session, visit_id, tmp_path / "v.json")
    assert not (tmp_path / "v.json").exists()
