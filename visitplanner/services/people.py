"""The address book: people reused across visits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.names import parse_languages
from visitplanner.domain.values import PersonData
from visitplanner.services.base import assign, check_version, for_item, get, insert_rows, service
from visitplanner.store.models import Attendee, Organisation, Person, Visit


def _values(session: Session, data: PersonData) -> dict[str, object]:
    data.validate()
    if data.organisation_id is not None:
        get(session, Organisation, data.organisation_id, "organisation", "organisation")
    values = {
        k: (v.strip() if isinstance(v, str) and k not in ("biography", "notes") else v) for k, v in asdict(data).items()
    }
    values["languages"] = ", ".join(parse_languages(data.languages))
    return values


@service
def create_person(session: Session, data: PersonData) -> Changes:
    person = Person(**_values(session, data))
    session.add(person)
    session.flush()
    return Changes.of_created(Entity.PERSON, person.id)


@service
def create_people(session: Session, items: Sequence[PersonData]) -> tuple[Changes, list[int]]:
    """Add many people at once (a visit-file import): each checked as by `create_person`, then one
    insert for all. Returns the `Changes` and the new ids in the order of `items`; a bad item
    raises an `ItemError` naming its position."""
    wanted = {p.organisation_id for p in items if p.organisation_id is not None}
    # loaded (and held) once, so each item's check finds its organisation without a query
    held = session.scalars(select(Organisation).where(Organisation.id.in_(wanted))).all() if wanted else []
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            rows.append(_values(session, data))
    del held
    ids = insert_rows(session, Person, rows)
    return Changes.of_created(Entity.PERSON, *ids), ids


@service
def update_person(session: Session, person_id: int, data: PersonData, expected_version: int | None = None) -> Changes:
    values = _values(session, data)
    person = get(session, Person, person_id, "person")
    check_version(person, expected_version, f"{person.name.display}")
    if not assign(person, values):
        return Changes()
    attendees = session.scalars(select(Attendee.id).where(Attendee.person_id == person_id)).all()
    return Changes.of_updated(Entity.PERSON, person_id) | Changes.of_updated(Entity.ATTENDEE, *attendees)


@service
def update_people(session: Session, items: Sequence[tuple[int, PersonData]]) -> Changes:
    """Update many people at once (a delegation list's matched rows), each checked as by
    `update_person`: the people and their organisations read with one query per kind, their
    attendee rows with one more. A bad item raises an `ItemError` naming its position."""
    ids = sorted({person_id for person_id, _ in items})
    wanted = sorted({d.organisation_id for _, d in items if d.organisation_id is not None})
    held: list[object] = []  # loaded (and held) once, so each item finds them without a query
    for model, keys in ((Person, ids), (Organisation, wanted)):
        for start in range(0, len(keys), 500):
            held += session.scalars(select(model).where(model.id.in_(keys[start : start + 500]))).all()
    changed: list[int] = []
    with session.no_autoflush:  # one flush at the end, not one per person read
        for index, (person_id, data) in enumerate(items):
            with for_item(index):
                values = _values(session, data)
                if assign(get(session, Person, person_id, "person"), values):
                    changed.append(person_id)
    del held
    session.flush()
    attending: list[int] = []
    for start in range(0, len(changed), 500):
        chunk = changed[start : start + 500]
        attending += session.scalars(select(Attendee.id).where(Attendee.person_id.in_(chunk))).all()
    return Changes.of_updated(Entity.PERSON, *changed) | Changes.of_updated(Entity.ATTENDEE, *attending)


@service
def delete_person(session: Session, person_id: int, expected_version: int | None = None) -> Changes:
    person = get(session, Person, person_id, "person")
    check_version(person, expected_version, f"{person.name.display}")
    visits = session.scalars(
        select(Visit.title).join(Attendee, Attendee.visit_id == Visit.id).where(Attendee.person_id == person_id)
    ).all()
    if visits:
        raise UserError(
            f"person: {person.name.display} attends {', '.join(visits)}; remove them from those visits first",
            field="person",
        )
    session.delete(person)
    return Changes.of_deleted(Entity.PERSON, person_id)


def people_data(session: Session, ids: Sequence[int]) -> dict[int, PersonData]:
    """The fields of each person of `ids` that exists, read as plain rows (one query per 500 ids;
    no ORM objects: an import reads thousands)."""
    ordered = sorted(set(ids))
    found: dict[int, PersonData] = {}
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for person_id, *values in session.execute(select(Person.id, *_PERSON_COLUMNS).where(Person.id.in_(chunk))):
            found[person_id] = PersonData(*values)
    return found


def person_data(person: Person) -> PersonData:
    return PersonData(*_PERSON_VALUES(person))


#: A person row's values in `PersonData`'s field order, in one call (an import reads thousands).
_PERSON_VALUES = attrgetter(*(f.name for f in fields(PersonData)))
#: The person columns `PersonData` holds, in its field order.
_PERSON_COLUMNS = tuple(getattr(Person, f.name) for f in fields(PersonData))
