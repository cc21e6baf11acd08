"""Document languages and names in another script: stored, undone, carried by the visit file."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import Privacy, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.languages import DocumentLanguage, document_language
from visitplanner.domain.values import AttendeeData, RoomData, VenueData
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import attendees, snapshots, venues
from visitplanner.services.demo import build_demo
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import open_database
from visitplanner.store.models import Attendee, Room, Venue


def test_an_attendee_keeps_the_language_chosen_and_refuses_one_without_a_catalogue(
    session: Session, create_visit: Callable[..., int], create_person: Callable[..., int]
) -> None:
    visit_id = create_visit()
    person_id = create_person("Park", languages="ko, en")
    attendee_id = attendees.add_attendee(
        session, visit_id, AttendeeData(person_id, Side.VISITING, Role.PRINCIPAL)
    ).created_id(Entity.ATTENDEE)
    row = session.get(Attendee, attendee_id)
    assert row is not None and row.document_language == ""  # the usual one for "ko, en": Korean
    assert document_language(row.document_language, row.person.languages) is DocumentLanguage.KO

    attendees.update_attendee(
        session, attendee_id, AttendeeData(person_id, Side.VISITING, Role.PRINCIPAL, None, "", "", " EN ")
    )
    session.refresh(row)
    assert row.document_language == "en"  # stored as its code
    assert document_language(row.document_language, row.person.languages) is DocumentLanguage.EN

    with pytest.raises(UserError, match="document_language: documents cannot be written in 'xx'") as error:
        attendees.update_attendee(
            session, attendee_id, AttendeeData(person_id, Side.VISITING, Role.PRINCIPAL, None, "", "", "xx")
        )
    assert error.value.field == "document_language"
    session.refresh(row)
    assert row.document_language == "en"  # nothing lost


def test_undoing_an_attendee_removal_brings_back_their_language(
    session: Session, create_visit: Callable[..., int], create_attendee: Callable[..., int]
) -> None:
    visit_id = create_visit()
    attendee_id = create_attendee(visit_id, "Kim", document_language="ko")
    taken = snapshots.snapshot(session, Entity.ATTENDEE, attendee_id)
    attendees.remove_attendee(session, attendee_id)
    restored = snapshots.restore(session, taken)
    again = session.scalars(select(Attendee).where(Attendee.visit_id == visit_id)).one()
    assert again.document_language == "ko"
    assert restored.touches(Entity.ATTENDEE)


def test_venues_and_rooms_keep_a_native_name_through_edits_and_undo(
    session: Session, create_venue: Callable[..., int]
) -> None:
    venue_id = create_venue(name="Liverpool Town Hall", native_name=" 리버풀 시청 ")
    venues.add_room(session, venue_id, RoomData("Council Chamber", 40, "", "시의회 회의장"))
    venue = session.get(Venue, venue_id)
    assert venue is not None and venue.native_name == "리버풀 시청"
    room = session.scalars(select(Room).where(Room.venue_id == venue_id)).one()
    assert room.native_name == "시의회 회의장"
    assert venues.venue_data(venue).native_name == "리버풀 시청"
    assert venues.room_data(room).native_name == "시의회 회의장"

    venues.update_room(session, room.id, RoomData("Council Chamber", 40, "", "시의회실"))
    session.refresh(room)
    assert room.native_name == "시의회실"
    with pytest.raises(UserError, match="native_name"):
        venues.update_venue(session, venue_id, VenueData("Liverpool Town Hall", venue.code, native_name="a\x1bb"))

    taken = snapshots.snapshot(session, Entity.ROOM, room.id)
    venues.delete_room(session, room.id)
    snapshots.restore(session, taken)
    assert session.scalars(select(Room.native_name).where(Room.venue_id == venue_id)).one() == "시의회실"


def test_privacy_classes_of_the_new_columns() -> None:
    assert Attendee.__table__.c.document_language.info["privacy"] is Privacy.INTERNAL
    assert Venue.__table__.c.native_name.info["privacy"] is Privacy.PUBLIC
    assert Room.__table__.c.native_name.info["privacy"] is Privacy.PUBLIC


def test_the_visit_file_carries_languages_and_native_names_and_a_version_7_file_still_reads(
    session: Session, tmp_path: Path
) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    principal = session.scalars(
        select(Attendee).where(Attendee.visit_id == visit_id).order_by(Attendee.side, Attendee.precedence)
    ).first()
    assert principal is not None
    data = attendees.attendee_data(principal)
    attendees.update_attendee(
        session,
        principal.id,
        AttendeeData(data.person_id, data.side, data.role, data.precedence, data.arrival, data.departure, "ko"),
    )
    document = export_visit_document(session, visit_id)
    assert document["version"] >= 8
    assert any(a["document_language"] == "ko" for a in document["attendees"])
    assert all("native_name" in v for v in document["venues"])
    assert all("native_name" in r for v in document["venues"] for r in v["rooms"])

    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with other.session() as target:
            again = import_visit(target, parse_visit_document(dump_visit_document(document)))
            assert export_visit_document(target, again.created_id(Entity.VISIT)) == document

        old = copy.deepcopy(document)  # as VisitPlanner wrote it before document languages
        old["version"] = 7
        for attendee in old["attendees"]:
            del attendee["document_language"]
        for venue in old["venues"]:
            del venue["native_name"]
            for room in venue["rooms"]:
                del room["native_name"]
        with other.session() as target:
            read = import_visit(target, parse_visit_document(dump_visit_document(old)), replace=True)
            rows = target.scalars(select(Attendee).where(Attendee.visit_id == read.created_id(Entity.VISIT))).all()
            assert rows and all(a.document_language == "" for a in rows)
    finally:
        other.close()
