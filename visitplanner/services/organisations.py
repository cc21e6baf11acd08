"""Organisations: create, update, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import OrganisationData
from visitplanner.services.base import assign, check_version, for_item, get, insert_rows, service
from visitplanner.store.models import Organisation, Person, Visit


def _unique_name(session: Session, name: str, own_id: int | None) -> None:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if own_id is not None:
        query = query.where(Organisation.id != own_id)
    if session.scalars(query).first() is not None:
        raise UserError(f"name: an organisation called {name.strip()!r} already exists", field="name")


@service
def create_organisation(session: Session, data: OrganisationData) -> Changes:
    data.validate()
    _unique_name(session, data.name, None)
    values = asdict(data)
    values["name"] = data.name.strip()
    row = Organisation(**values)
    session.add(row)
    session.flush()
    return Changes.of_created(Entity.ORGANISATION, row.id)


@service
def create_organisations(session: Session, items: Sequence[OrganisationData]) -> tuple[Changes, list[int]]:
    """Add many organisations at once (undo's restore of an import), each checked as by
    `create_organisation` (names unique, ignoring case, among the book and the batch), then one
    insert. Returns the `Changes` and the new ids in the order of `items`; a bad item raises an
    `ItemError` naming its position."""
    keys = sorted({data.name.strip().lower() for data in items})
    taken: set[str] = set()
    for start in range(0, len(keys), 500):
        lowered = func.lower(Organisation.name)
        taken.update(session.scalars(select(lowered).where(lowered.in_(keys[start : start + 500]))))
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            data.validate()
            key = data.name.strip().lower()
            if key in taken:
                raise UserError(f"name: an organisation called {data.name.strip()!r} already exists", field="name")
            taken.add(key)
            rows.append({**asdict(data), "name": data.name.strip()})
    ids = insert_rows(session, Organisation, rows)
    return Changes.of_created(Entity.ORGANISATION, *ids), ids


@service
def update_organisation(
    session: Session, organisation_id: int, data: OrganisationData, expected_version: int | None = None
) -> Changes:
    data.validate()
    row = get(session, Organisation, organisation_id, "organisation")
    check_version(row, expected_version, f"Organisation {row.name!r}")
    _unique_name(session, data.name, organisation_id)
    values = asdict(data)
    values["name"] = data.name.strip()
    return Changes.of_updated(Entity.ORGANISATION, row.id) if assign(row, values) else Changes()


@service
def delete_organisation(session: Session, organisation_id: int, expected_version: int | None = None) -> Changes:
    """Delete the organisation (its people lose it and are listed as updated); refused while visits use it."""
    row = get(session, Organisation, organisation_id, "organisation")
    check_version(row, expected_version, f"Organisation {row.name!r}")
    used = session.scalars(
        select(Visit.title).where(or_(Visit.visiting_organisation_id == row.id, Visit.host_organisation_id == row.id))
    ).all()
    if used:
        raise UserError(f"organisation: {row.name!r} is used by the visit(s) {', '.join(used)}", field="organisation")
    people = session.scalars(select(Person).where(Person.organisation_id == row.id)).all()
    for person in people:
        person.organisation_id = None
    session.delete(row)
    return Changes.of_deleted(Entity.ORGANISATION, organisation_id) | Changes.of_updated(
        Entity.PERSON, *(p.id for p in people)
    )


def organisation_data(row: Organisation) -> OrganisationData:
    return OrganisationData(row.name, row.native_name, row.country, row.kind)
