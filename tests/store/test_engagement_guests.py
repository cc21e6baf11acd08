"""Unnamed guests ("+3 guests (spouses)") on an engagement: stored, undone, copied, carried by the
visit file (older files read as none), counted by the capacity checks and the caterer sheet,
printed on the run sheet and in a restricted calendar; on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.checks import ROOM_OVER_CAPACITY, VEHICLE_OVER_CAPACITY, VENUE_OVER_CAPACITY
from visitplanner.domain.enums import AttendancePart, EngagementKind
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import guests
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, RoomData, VehicleData
from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.exporters.ical import export_calendar
from visitplanner.exporters.sheets import build_sheets
from visitplanner.exporters.visitfile import export_visit_document
from visitplanner.importers.visitfile import parse_visit_document as parse_visit_file
from visitplanner.services import engagements, snapshots, vehicles, venues
from visitplanner.services.checks import check_visit
from visitplanner.services.visitfile import import_visit
from visitplanner.store.models import Engagement, Venue
from visitplanner.store.queries import find_visit

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def dinner(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    create_attendee: Callable[..., int],
) -> dict[str, int]:
    """A dinner for two attendees and three spouses in a room for four."""
    visit = create_visit(slug="guests-visit")
    venue = create_venue(name="Town Hall", code="TH")
    room = venues.add_room(session, venue, RoomData("Parlour", 4)).created_id(Entity.ROOM)
    a, b = create_attendee(visit, "Park"), create_attendee(visit, "Kim")
    data = EngagementData(
        EngagementKind.MEAL, "Dinner", at(18), at(20), venue, room, guest_count=3, guest_label="spouses"
    )
    plan = EngagementPlan(data, (AttendanceData(a), AttendanceData(b)))
    dinner = engagements.create_engagement(session, visit, plan).created_id(Entity.ENGAGEMENT)
    return {"visit": visit, "venue": venue, "room": room, "dinner": dinner, "a": a, "b": b}


def test_the_words_every_document_uses() -> None:
    assert guests(3, "spouses") == "+3 guests (spouses)"
    assert guests(1, "  press \n pool ") == "+1 guest (press pool)"
    assert guests(2) == "+2 guests"
    assert guests(0, "spouses") == ""


@pytest.mark.parametrize(
    ("count", "label", "field", "message"),
    [
        (-1, "", "guest_count", "between 0 and 10000"),
        (10_001, "", "guest_count", "between 0 and 10000"),
        (0, "security", "guest_label", "give their number"),
        (2, "x" * 201, "guest_label", "at most 200"),
        (2, "spouses\nand press", "guest_label", "one line"),
    ],
)
def test_bad_guests_are_refused_by_field(count: int, label: str, field: str, message: str) -> None:
    data = EngagementData(EngagementKind.MEAL, "Dinner", at(18), at(20), guest_count=count, guest_label=label)
    with pytest.raises(UserError) as caught:
        data.validate()
    assert caught.value.field == field and message in str(caught.value)


def test_guests_are_stored_edited_undone_and_copied(session: Session, dinner: dict[str, int]) -> None:
    row = session.get(Engagement, dinner["dinner"])
    assert row is not None and (row.guest_count, row.guest_label) == (3, "spouses")
    before = engagements.engagement_plan(row)
    assert (before.data.guest_count, before.data.guest_label) == (3, "spouses")

    # an edit, then its undo (the editor's command restores the snapshot taken before)
    edited = replace(before, data=replace(before.data, guest_count=5, guest_label=" press pool "))
    engagements.update_engagement(session, row.id, edited)
    assert (row.guest_count, row.guest_label) == (5, "press pool")
    engagements.update_engagement(session, row.id, before)
    assert (row.guest_count, row.guest_label) == (3, "spouses")

    # a deletion undone brings the guests back; a duplicate keeps them
    snapshot = snapshots.snapshot(session, Entity.ENGAGEMENT, row.id)
    engagements.delete_engagement(session, row.id)
    restored = snapshots.restore(session, snapshot).created_id(Entity.ENGAGEMENT)
    back = session.get(Engagement, restored)
    assert back is not None and (back.guest_count, back.guest_label) == (3, "spouses")
    duplicate = engagements.duplicate_engagement(session, restored).created_id(Entity.ENGAGEMENT)
    copied = session.get(Engagement, duplicate)
    assert copied is not None and (copied.guest_count, copied.guest_label) == (3, "spouses")


def test_the_capacity_checks_count_the_guests(session: Session, dinner: dict[str, int]) -> None:
    findings = [f for f in check_visit(session, dinner["visit"]) if f.code == ROOM_OVER_CAPACITY]
    assert len(findings) == 1
    assert "2 attendees and 3 unnamed guests but Parlour holds 4" in findings[0].message
    # without the guests the two attendees fit
    row = session.get(Engagement, dinner["dinner"])
    assert row is not None
    plan = engagements.engagement_plan(row)
    engagements.update_engagement(session, row.id, replace(plan, data=replace(plan.data, guest_count=2)))
    assert not [f for f in check_visit(session, dinner["visit"]) if f.code == ROOM_OVER_CAPACITY]
    # with no room, against the venue's capacity (a warning)
    venue = session.get(Venue, dinner["venue"])
    assert venue is not None
    venues.update_venue(session, venue.id, replace(venues.venue_data(venue), capacity=3))
    engagements.update_engagement(session, row.id, replace(plan, data=replace(plan.data, room_id=None)))
    found = [f for f in check_visit(session, dinner["visit"]) if f.code == VENUE_OVER_CAPACITY]
    assert len(found) == 1 and "2 attendees and 3 unnamed guests but Town Hall holds 3" in found[0].message


def test_a_vehicle_counts_guests_as_passengers(
    session: Session, dinner: dict[str, int], create_venue: Callable[..., int]
) -> None:
    hotel = create_venue(name="Hotel", code="HOTEL")
    car = vehicles.create_vehicle(session, dinner["visit"], VehicleData("Car 1", 3)).created_id(Entity.VEHICLE)
    riders = (
        AttendanceData(dinner["a"], AttendancePart.PASSENGER),
        AttendanceData(dinner["b"], AttendancePart.PASSENGER),
    )
    transfer = EngagementData(
        EngagementKind.TRANSFER, "To dinner", at(17), at(17, 30), dinner["venue"], None, hotel, car, guest_count=1
    )
    made = engagements.create_engagement(session, dinner["visit"], EngagementPlan(transfer, riders))
    assert not [f for f in check_visit(session, dinner["visit"]) if f.code == VEHICLE_OVER_CAPACITY]
    row = session.get(Engagement, made.created_id(Entity.ENGAGEMENT))
    assert row is not None
    plan = engagements.engagement_plan(row)
    engagements.update_engagement(
        session, row.id, replace(plan, data=replace(plan.data, guest_count=2, guest_label="spouses"))
    )
    found = [f for f in check_visit(session, dinner["visit"]) if f.code == VEHICLE_OVER_CAPACITY]
    assert len(found) == 1 and "2 passengers and 2 unnamed guests but 'Car 1' seats 3" in found[0].message


def test_the_caterer_sheet_and_the_run_sheet_count_and_show_the_guests(
    session: Session, dinner: dict[str, int]
) -> None:
    catering = _text(build_sheets(session, dinner["visit"], "catering", now=NOW))
    # Guests 5 (2 attendees + 3 spouses), all 5 on the standard menu
    assert "+3guests(spouses)" in catering
    assert "Dinner" in catering and "55none" in catering
    host = _text(build_briefing_pack(session, dinner["visit"], edition="Host", now=NOW))
    assert "+3guests(spouses)" in host
    public = _text(build_briefing_pack(session, dinner["visit"], edition="Public", now=NOW))
    assert "guests(spouses)" not in public  # guests are internal


def test_a_restricted_calendar_mentions_the_guests(session: Session, dinner: dict[str, int]) -> None:
    def description(restricted: bool) -> str:
        calendar = Calendar.from_ical(export_calendar(session, dinner["visit"], restricted=restricted, now=NOW))
        return str(next(e for e in calendar.walk("VEVENT"))["DESCRIPTION"])

    assert "Attendees: 2, +3 guests (spouses)" in description(True)
    assert "Attendees: 2" in description(False) and "spouses" not in description(False)


def test_the_visit_file_carries_the_guests_and_an_older_file_has_none(session: Session, dinner: dict[str, int]) -> None:
    document = export_visit_document(session, dinner["visit"])
    assert document["version"] >= 10
    (item,) = document["engagements"]
    assert (item["guest_count"], item["guest_label"]) == (3, "spouses")

    again = copy.deepcopy(document)
    again["visit"]["slug"] = "guests-visit-copy"
    for e in again["engagements"]:
        e["uid"] = "6f0f4a1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e"
    made = import_visit(session, parse_visit_file(json.dumps(again))).created_id(Entity.VISIT)
    (copied,) = export_visit_document(session, made)["engagements"]
    assert (copied["guest_count"], copied["guest_label"]) == (3, "spouses")

    old = copy.deepcopy(again)  # as version 9 wrote it: no guests
    old["version"] = 9
    old["visit"]["slug"] = "guests-visit-old"
    for e in old["engagements"]:
        e["uid"] = "7f0f4a1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e"
        del e["guest_count"], e["guest_label"]
    made = import_visit(session, parse_visit_file(json.dumps(old))).created_id(Entity.VISIT)
    (copied,) = export_visit_document(session, made)["engagements"]
    assert (copied["guest_count"], copied["guest_label"]) == (0, "")
    assert find_visit(session, "guests-visit-old").id == made


@pytest.mark.parametrize(
    ("change", "message"),
    [({"guest_count": -2}, "out of range"), ({"guest_count": 0, "guest_label": "press"}, "give their number")],
)
def test_a_visit_file_with_bad_guests_is_refused_by_path(
    session: Session, dinner: dict[str, int], change: dict[str, object], message: str
) -> None:
    document = export_visit_document(session, dinner["visit"])
    document["engagements"][0].update(change)
    with pytest.raises(UserError) as caught:
        parse_visit_file(json.dumps(document))
    assert "$.engagements[0]" in str(caught.value) and message in str(caught.value)
