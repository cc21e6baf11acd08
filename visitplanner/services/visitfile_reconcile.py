"""What a visit file says about the address book and the venue book that the database says
otherwise: the organisations, people, venues and rooms an import would reuse, field by field.

An import reuses an organisation with the same name (ignoring case), a person with the same
e-mail address (ignoring case), a venue with the same code and a room of that venue with the same
name (see `services/visitfile.py`). Where the file's values differ from the database's, the officer
chooses per item: keep the database's, or replace them by the file's (`import_visit(prefer=...,
choices=...)`). Reads only; a few batched queries whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.hours import OpeningHours
from visitplanner.importers.visitfile import VisitDocument
from visitplanner.services.organisations import organisation_data
from visitplanner.services.people import person_data
from visitplanner.services.venues import room_data, venue_data
from visitplanner.store.models import Organisation, Person, Room, Venue

#: How many keys one query looks up.
_BATCH = 500


class Prefer(StrEnum):
    """Whose values win where the file and the database differ, for the items not chosen one by one."""

    DATABASE = "database"
    FILE = "file"


@dataclass(frozen=True)
class FieldDifference:
    """One field on which the file and the database differ, both as shown to people."""

    field: str
    label: str
    database: str
    file: str


@dataclass(frozen=True)
class ItemDifference:
    """An organisation, person, venue or room of the file that the database already has, with other values.

    Attributes:
        entity: what kind of row it is.
        key: the entry's JSON path in the file ("$.venues[0].rooms[1]"): what a choice names.
        ident: the row in the database.
        name: how the item is shown ("room Seminar Room of DIF").
        fields: the fields that differ, in the order of the item's fields.
    """

    entity: Entity
    key: str
    ident: int
    name: str
    fields: tuple[FieldDifference, ...]

    @property
    def summary(self) -> str:
        """One line per field: "capacity: 16 (database) / 8 (file)"."""
        return "; ".join(f"{f.label}: {f.database or '(empty)'} → {f.file or '(empty)'}" for f in self.fields)


_LABELS = {
    "native_name": "name in another script",
    "romanised_name": "romanised name",
    "family_name": "family name",
    "given_names": "given names",
    "name_order": "name order",
    "form_of_address": "form of address",
    "email": "e-mail",
    "access_needs": "access needs",
    "time_zone": "time zone",
    "opening_hours": "opening hours",
    "access_notes": "access notes",
    "site_contact": "site contact",
    "site_contact_phone": "site contact's phone",
}


def _label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " "))


def shown(value: object) -> str:
    """A field's value as the difference shows it."""
    if value is None:
        return ""
    if isinstance(value, OpeningHours):
        return "; ".join(
            f"{day} " + ", ".join(f"{a}–{b}" for a, b in spans) if spans else f"{day} closed"
            for day, spans in value.to_json().items()
        )
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    return str(value)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def _differences(database: Any, file: Any, skip: Sequence[str] = ()) -> list[FieldDifference]:
    found = []
    for f in fields(database):
        if f.name in skip:
            continue
        old, new = getattr(database, f.name), getattr(file, f.name)
        if not _same(old, new):
            found.append(FieldDifference(f.name, _label(f.name), shown(old), shown(new)))
    return found


def _chunks(keys: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(keys), _BATCH):
        yield keys[start : start + _BATCH]


def _rows_by(session: Session, model: type[Any], column: Any, keys: Sequence[str], lower: bool) -> dict[str, Any]:
    """Key (lower-cased when `lower`) -> the row with the lowest id having it (as the import reuses)."""
    wanted = sorted({k.lower() if lower else k for k in keys if k})
    compared = func.lower(column) if lower else column
    found: dict[str, Any] = {}
    for chunk in _chunks(wanted):
        for key, row in session.execute(select(compared, model).where(compared.in_(chunk)).order_by(model.id)):
            found.setdefault(key, row)
    return found


def visit_file_differences(session: Session, document: VisitDocument) -> list[ItemDifference]:
    """Every organisation, person, venue and room of `document` the database has with other values."""
    items: list[ItemDifference] = []
    org_entries = {e.key: e for e in document.organisations}
    orgs = _rows_by(session, Organisation, Organisation.name, [e.data.name for e in document.organisations], True)
    for i, entry in enumerate(document.organisations):
        org = orgs.get(entry.data.name.lower())
        if org is not None:
            diffs = _differences(organisation_data(org), entry.data)
            if diffs:
                items.append(
                    ItemDifference(
                        Entity.ORGANISATION, f"$.organisations[{i}]", org.id, f"organisation {org.name}", tuple(diffs)
                    )
                )
    people = _rows_by(session, Person, Person.email, [e.data.email.strip() for e in document.people], True)
    org_names = _organisation_names(session, {p.organisation_id for p in people.values() if p.organisation_id})
    for i, person_entry in enumerate(document.people):
        email = person_entry.data.email.strip().lower()
        person = people.get(email) if email else None
        if person is None:
            continue
        diffs = _differences(person_data(person), person_entry.data, skip=("organisation_id",))
        old_org = org_names.get(person.organisation_id, "") if person.organisation_id else ""
        new_org = org_entries[person_entry.organisation].data.name if person_entry.organisation is not None else ""
        if old_org.strip().lower() != new_org.strip().lower():
            diffs.append(FieldDifference("organisation", "organisation", old_org, new_org))
        if diffs:
            name = person.name.display
            items.append(ItemDifference(Entity.PERSON, f"$.people[{i}]", person.id, f"person {name}", tuple(diffs)))
    venues = _rows_by(session, Venue, Venue.code, [e.code.strip() for e in document.venues], False)
    rooms = _rooms_of(session, [v.id for v in venues.values()])
    for i, venue_entry in enumerate(document.venues):
        venue = venues.get(venue_entry.code.strip())
        if venue is None:
            continue
        diffs = _differences(venue_data(venue), venue_entry.data)
        if diffs:
            items.append(
                ItemDifference(
                    Entity.VENUE, f"$.venues[{i}]", venue.id, f"venue {venue.code} ({venue.name})", tuple(diffs)
                )
            )
        for j, room in enumerate(venue_entry.rooms):
            row = rooms.get((venue.id, room.name))
            if row is None:
                continue
            diffs = _differences(room_data(row), room)
            if diffs:
                items.append(
                    ItemDifference(
                        Entity.ROOM,
                        f"$.venues[{i}].rooms[{j}]",
                        row.id,
                        f"room {row.name} of {venue.code}",
                        tuple(diffs),
                    )
                )
    return items


def _organisation_names(session: Session, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(sorted(ids)):
        rows = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(chunk)))
        names.update((ident, name) for ident, name in rows)
    return names


def _rooms_of(session: Session, venue_ids: Sequence[int]) -> dict[tuple[int, str], Room]:
    found: dict[tuple[int, str], Room] = {}
    for chunk in _chunks(sorted(venue_ids)):
        for room in session.scalars(select(Room).where(Room.venue_id.in_(chunk)).order_by(Room.id)):
            found.setdefault((room.venue_id, room.name), room)
    return found


def taken_from_file(
    session: Session, document: VisitDocument, prefer: Prefer | str, choices: Mapping[str, bool] | None
) -> tuple[frozenset[str], list[ItemDifference]]:
    """The keys of the items whose database values the file's replace (`choices`: key -> True for
    the file's; the other items as `prefer` says), and the differences found."""
    prefer = Prefer(prefer)
    choices = choices or {}
    if prefer is Prefer.DATABASE and not any(choices.values()):
        return frozenset(), []  # nothing to replace: no need to look
    differences = visit_file_differences(session, document)
    default = prefer is Prefer.FILE
    return frozenset(d.key for d in differences if choices.get(d.key, default)), differences


__all__ = ["FieldDifference", "ItemDifference", "Prefer", "shown", "taken_from_file", "visit_file_differences"]
