"""A visit file whose organisations, people, venues and rooms the database already has with other
values: the differences are found field by field and each item keeps the database's values or
takes the file's, as chosen; on SQLite and PostgreSQL, and through the command line."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import organisations, people, venues, visits
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.services.visitfile import import_visit
from visitplanner.services.visitfile_reconcile import Prefer, visit_file_differences
from visitplanner.store.models import Organisation, Person, Room, Venue
from visitplanner.store.queries import find_visit


def _room(session: Session, code: str, name: str) -> Room:
    return session.scalars(select(Room).join(Venue).where(Venue.code == code, Room.name == name)).one()


def _venue(session: Session, code: str) -> Venue:
    return session.scalars(select(Venue).where(Venue.code == code)).one()


def _person(session: Session, email: str) -> Person:
    return session.scalars(select(Person).where(Person.email == email)).one()


def _organisation(session: Session, name: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.name == name)).one()


@pytest.fixture
def document(session: Session) -> Any:
    """The demo's visit file, its visit then deleted: its venues, people and organisations stay in
    the database, which an officer then edits (a room of 16 where the file says 15, ...)."""
    visit_id = build_demo(session).created_id(Entity.VISIT)
    text = dump_visit_document(export_visit_document(session, visit_id))
    visits.delete_visit(session, visit_id)
    lab = _room(session, "DIF", "Immersive Lab")
    venues.update_room(session, lab.id, replace(venues.room_data(lab), capacity=16))
    dif = _venue(session, "DIF")
    venues.update_venue(session, dif.id, replace(venues.venue_data(dif), name="Our name for the DIF"))
    mayor = _person(session, "mayor.office@busan.example")
    people.update_person(session, mayor.id, replace(people.person_data(mayor), title="Mayor (acting)"))
    busan = _organisation(session, "Busan Metropolitan City")
    organisations.update_organisation(session, busan.id, replace(organisations.organisation_data(busan), country="KR"))
    return parse_visit_document(text)


def test_every_difference_is_found_by_item_and_field(session: Session, document: Any) -> None:
    found = {d.name: d for d in visit_file_differences(session, document)}
    assert set(found) == {
        "room Immersive Lab of DIF",
        "venue DIF (Our name for the DIF)",
        "person Park Heong-Joon (박형준)",
        "organisation Busan Metropolitan City",
    }, found
    room = found["room Immersive Lab of DIF"]
    assert room.entity is Entity.ROOM and room.key.startswith("$.venues[") and ".rooms[" in room.key
    assert [(f.field, f.database, f.file) for f in room.fields] == [("capacity", "16", "15")]
    venue = found["venue DIF (Our name for the DIF)"]
    assert [(f.field, f.database) for f in venue.fields] == [("name", "Our name for the DIF")]
    assert [(f.label, f.database, f.file) for f in found["person Park Heong-Joon (박형준)"].fields] == [
        ("title", "Mayor (acting)", "Mayor of Busan Metropolitan City")
    ]
    assert [(f.field, f.database) for f in found["organisation Busan Metropolitan City"].fields] == [("country", "KR")]


def test_the_database_is_kept_by_default_and_the_file_wins_when_preferred(session: Session, document: Any) -> None:
    import_visit(session, document)
    assert _room(session, "DIF", "Immersive Lab").capacity == 16
    assert _venue(session, "DIF").name == "Our name for the DIF"
    visits.delete_visit(session, find_visit(session, SLUG).id)
    changes = import_visit(session, document, prefer=Prefer.FILE)
    assert _room(session, "DIF", "Immersive Lab").capacity == 15
    assert _venue(session, "DIF").name == "Digital Innovation Facility"
    assert _person(session, "mayor.office@busan.example").title == "Mayor of Busan Metropolitan City"
    assert _organisation(session, "Busan Metropolitan City").country != "KR"
    assert (Entity.ROOM, _room(session, "DIF", "Immersive Lab").id) in changes.updated
    assert visit_file_differences(session, document) == []  # nothing left to reconcile


def test_each_item_keeps_or_takes_as_chosen(session: Session, document: Any) -> None:
    differences = {d.entity: d for d in visit_file_differences(session, document)}
    choices = {differences[Entity.ROOM].key: True, differences[Entity.PERSON].key: False}
    import_visit(session, document, choices=choices)  # the others: the database's (the default)
    assert _room(session, "DIF", "Immersive Lab").capacity == 15
    assert _person(session, "mayor.office@busan.example").title == "Mayor (acting)"
    assert _venue(session, "DIF").name == "Our name for the DIF"
    left = {d.entity for d in visit_file_differences(session, document)}
    assert left == {Entity.PERSON, Entity.VENUE, Entity.ORGANISATION}
    # "prefer the file" with one item kept: that one stays
    visits.delete_visit(session, find_visit(session, SLUG).id)
    venue_key = next(d.key for d in visit_file_differences(session, document) if d.entity is Entity.VENUE)
    import_visit(session, document, prefer="file", choices={venue_key: False})
    assert _venue(session, "DIF").name == "Our name for the DIF"
    assert _person(session, "mayor.office@busan.example").title == "Mayor of Busan Metropolitan City"


def test_a_failed_import_replaces_nothing(session: Session, document: Any) -> None:
    """All or nothing: the file's values replace the database's only with the whole import."""
    from visitplanner.domain.errors import UserError

    raw = json.loads(dump_visit_document_of(document, session))
    last = raw["engagements"][-1]
    last["start"], last["end"] = "2027-05-20T09:00:00Z", "2027-05-20T10:00:00Z"  # after the visit
    with pytest.raises(UserError, match=r"\$\.engagements\[\d+\]\.start"):
        import_visit(session, parse_visit_document(json.dumps(raw)), prefer=Prefer.FILE)
    assert _room(session, "DIF", "Immersive Lab").capacity == 16
    assert _venue(session, "DIF").name == "Our name for the DIF"
    assert _person(session, "mayor.office@busan.example").title == "Mayor (acting)"
    assert len(visit_file_differences(session, document)) == 4


def dump_visit_document_of(document: Any, session: Session) -> str:
    """The document as text again: imported, exported, and its visit deleted once more."""
    visit_id = import_visit(session, document).created_id(Entity.VISIT)
    text = dump_visit_document(export_visit_document(session, visit_id))
    visits.delete_visit(session, visit_id)
    return text


def test_a_fresh_database_has_nothing_to_reconcile(session: Session, tmp_path: Path) -> None:
    from visitplanner.store.database import open_database

    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = parse_visit_document(dump_visit_document(export_visit_document(session, visit_id)))
    assert visit_file_differences(session, document) == []  # the database it came from agrees
    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with other.reading() as fresh:
            assert visit_file_differences(fresh, document) == []
    finally:
        other.close()


def test_the_command_line_prints_every_difference_either_way(tmp_path: Path) -> None:
    from visitplanner.cli import main

    db = tmp_path / "cli.sqlite3"
    path = tmp_path / "busan.json"

    def cli(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    assert cli("demo")[0] == 0
    assert cli("export", "visit", SLUG, "-o", str(path))[0] == 0
    from visitplanner.store.database import open_database

    database = open_database(f"sqlite:///{db}")
    with database.session() as session:
        lab = _room(session, "DIF", "Immersive Lab")
        venues.update_room(session, lab.id, replace(venues.room_data(lab), capacity=16))
    database.close()
    code, out, err = cli("import", "visit", str(path), "--replace")
    assert code == 0, err
    assert "1 item already in the database differ" in out and "the database's values are kept" in out
    assert "room Immersive Lab of DIF" in out and "capacity: database '16', file '15'" in out
    code, out, err = cli("import", "visit", str(path), "--replace", "--prefer", "file")
    assert code == 0, err
    assert "the file's values replace the database's" in out and "capacity: database '16', file '15'" in out
    code, out, err = cli("import", "visit", str(path), "--replace")
    assert code == 0 and "differ" not in out  # the file's capacity is the database's now
