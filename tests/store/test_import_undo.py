"""Undo and redo of a delegation-list import, set-based (`snapshots.snapshot_many`, `delete_many`,
`restore_many`, `update_many`): the same rows, refusals and changes as the one-row path, on SQLite
and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import NameOrder, Role, Side
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.values import AttendeeData, OrganisationData, PersonData, VehicleData
from visitplanner.importers.attendee_sheet import ImportedAttendee
from visitplanner.services import attendees, organisations, people, snapshots, vehicles
from visitplanner.services.attendee_import import ImportOutcome, import_attendees, redo_import, undo_import
from visitplanner.services.demo import build_demo
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    EngagementGuest,
    Gift,
    Organisation,
    Person,
    SeatAssignment,
    SeatingPlan,
    TravelLeg,
    TravelLegTraveller,
    Vehicle,
)
from visitplanner.store.queries import table

GIVEN = frozenset({"family_name", "given_names", "native_name", "name_order", "title", "email"})
#: Columns that change whenever a row is written or put back, whatever its content.
NOT_CONTENT = {"id", "version", "modified_at", "created_at"}


def row(n: int, family: str, given: str, email: str, organisation: str = "", **person: Any) -> ImportedAttendee:
    data = PersonData(family, given, person.pop("native_name", ""), email=email, **person)
    return ImportedAttendee(n, data, GIVEN | frozenset(person), organisation, arrival=f"KE 90{n}")


def exact(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the address book and the visit's attendees, ids included, versions left out."""
    found = {}
    for model in (Organisation, Person, Attendee):
        rows: Table = table(model)
        columns = [c for c in rows.columns if c.name != "version"]
        found[rows.name] = sorted(tuple(r) for r in session.execute(select(*columns).order_by(rows.c.id)))
    return found


def content(session: Session, models: Iterable[type] = (Organisation, Person, Attendee)) -> dict[str, list[str]]:
    """The rows of `models` by what they hold, ids of organisations, people and attendees replaced
    by their names (a restore gives them new ids)."""
    org_names = {i: name for i, name in session.execute(select(Organisation.id, Organisation.name))}
    person_names = {
        i: f"{family}/{given}/{email}"
        for i, family, given, email in session.execute(
            select(Person.id, Person.family_name, Person.given_names, Person.email)
        )
    }
    attendee_names = {
        i: (visit, person_names[p])
        for i, visit, p in session.execute(select(Attendee.id, Attendee.visit_id, Attendee.person_id))
    }
    names = {"organisation": org_names, "person": person_names, "attendee": attendee_names}
    found = {}
    for model in models:
        rows: Table = table(model)
        columns = [c for c in rows.columns if c.name not in NOT_CONTENT]
        values = []
        for record in session.execute(select(*columns)):
            shown = []
            for column, value in zip(columns, record, strict=True):
                target = next(iter(column.foreign_keys)).column.table.name if column.foreign_keys else ""
                shown.append(names[target].get(value, value) if target in names and value is not None else value)
            values.append(repr(tuple(shown)))
        found[rows.name] = sorted(values)
    return found


@pytest.fixture
def book(session: Session, create_visit: Callable[..., int]) -> tuple[int, int, int, int]:
    """A visit, KOTRA, Lee (attending, in KOTRA) and Choi (in the book only): (visit, KOTRA, Lee's
    attendee row, Choi)."""
    visit = create_visit()
    kotra = organisations.create_organisation(session, OrganisationData("KOTRA", "대한무역공사")).created_id(
        Entity.ORGANISATION
    )
    lee = people.create_person(
        session, PersonData("Lee", "Young-hee", organisation_id=kotra, email="lee@kotra.example", title="Director")
    ).created_id(Entity.PERSON)
    lee_attends = attendees.add_attendee(
        session, visit, AttendeeData(lee, Side.VISITING, Role.INTERPRETER, 4, "", "KE 908")
    ).created_id(Entity.ATTENDEE)
    choi = people.create_person(session, PersonData("Choi", "Min", email="choi@example.org")).created_id(Entity.PERSON)
    return visit, kotra, lee_attends, choi


def the_list() -> list[ImportedAttendee]:
    """Three new people (two in a new organisation), Lee updated (person and attendee), Choi updated
    and joining the visit in the new organisation."""
    return [
        row(2, "김", "철수", "kim@trade.example", "신규기관", native_name="김철수", name_order=NameOrder.FAMILY_FIRST),
        row(3, "남궁", "민수", "namgung@trade.example", "신규기관", native_name="남궁민수"),
        row(4, "Smith", "Jane", "jane@kotra.example", "KOTRA"),
        row(5, "Lee", "Young-hee", "lee@kotra.example", "KOTRA", title="국장"),
        row(6, "Choi", "Min", "choi@example.org", "신규기관", title="Counsellor"),
    ]


def test_undo_redo_undo_leaves_exactly_the_original_rows(session: Session, book: tuple[int, int, int, int]) -> None:
    visit, _kotra, lee_attends, choi = book
    original = exact(session)
    outcome = import_attendees(session, visit, the_list())
    assert {e for e, _ in outcome.created} == {Entity.ORGANISATION, Entity.PERSON, Entity.ATTENDEE}
    assert {(e, i) for e, i, _, _ in outcome.updates} >= {(Entity.ATTENDEE, lee_attends), (Entity.PERSON, choi)}
    imported = content(session)

    changes, taken = undo_import(session, outcome)
    assert exact(session) == original
    assert set(outcome.created) <= changes.deleted
    assert {(Entity.ATTENDEE, lee_attends), (Entity.PERSON, choi)} <= changes.updated
    assert [(s.entity, s.id) for s in taken] == list(outcome.created)

    redone = redo_import(session, outcome, taken)
    assert content(session) == imported
    again = {(e, old): new for e, old, new in redone.replaced}
    assert set(again) == set(outcome.created)  # every created row put back, under a new id
    assert all(new != old for (_, old), new in again.items())

    def resolve(entity: Entity, ident: int) -> int:
        return again.get((entity, ident), ident)

    undo_import(session, outcome, resolve)
    assert exact(session) == original


def test_undo_is_refused_while_a_created_attendee_is_on_an_engagement(
    session: Session, book: tuple[int, int, int, int], create_engagement: Callable[..., int]
) -> None:
    visit = book[0]
    outcome = import_attendees(session, visit, the_list())
    new_attendees = [i for e, i in outcome.created if e is Entity.ATTENDEE]
    create_engagement(visit, attendee_ids=(new_attendees[0],))
    before = exact(session)
    with pytest.raises(ConflictError) as refused:
        undo_import(session, outcome, text="Import 5 attendees from “list.xlsx”")
    assert str(refused.value) == (
        "Cannot undo “Import 5 attendees from “list.xlsx””: the attendee is now used by 1 engagement, changed "
        "since it was created (perhaps by someone else): undoing its creation would remove that too, so it is refused"
    )
    assert exact(session) == before  # nothing changed: the updates put back were rolled back too
    create_engagement(visit, title="Dinner", attendee_ids=tuple(new_attendees[:2]))
    with pytest.raises(ConflictError, match="Import attendees”: 2 attendees are now used by 3 engagements, changed"):
        undo_import(session, outcome)
    assert exact(session) == before


def test_undo_is_refused_while_anything_else_uses_a_created_row(
    session: Session, book: tuple[int, int, int, int], create_visit: Callable[..., int]
) -> None:
    visit = book[0]
    outcome = import_attendees(session, visit, the_list())
    created = {e: [i for kind, i in outcome.created if kind is e] for e in Entity}
    vehicle = vehicles.create_vehicle(session, visit, VehicleData("Car 1", 3, created[Entity.ATTENDEE][1]))
    with pytest.raises(ConflictError, match="the attendee is now used by 1 vehicle,"):
        undo_import(session, outcome)
    vehicles.delete_vehicle(session, vehicle.created_id(Entity.VEHICLE))
    other = create_visit()
    attendees.add_attendee(session, other, AttendeeData(created[Entity.PERSON][0], Side.HOST, Role.HOST))
    with pytest.raises(ConflictError, match="the person is now used by 1 visit,"):
        undo_import(session, outcome)
    attendees.remove_attendee(session, session.scalars(select(Attendee.id).where(Attendee.visit_id == other)).one())
    [new_org] = created[Entity.ORGANISATION]
    people.create_person(session, PersonData("Park", organisation_id=new_org))
    with pytest.raises(ConflictError, match="the organisation is now used by 1 person,"):
        undo_import(session, outcome)


def test_a_created_row_deleted_since_is_named(session: Session, book: tuple[int, int, int, int]) -> None:
    outcome = import_attendees(session, book[0], the_list())
    gone = next(i for e, i in outcome.created if e is Entity.ATTENDEE)
    attendees.remove_attendee(session, gone)
    with pytest.raises(UserError, match=f"^attendee: there is no attendee with id {gone}$"):
        undo_import(session, outcome)


def demo_refs(session: Session) -> list[tuple[Entity, int]]:
    return [
        *((Entity.ORGANISATION, i) for i in session.scalars(select(Organisation.id).order_by(Organisation.id))),
        *((Entity.PERSON, i) for i in session.scalars(select(Person.id).order_by(Person.id))),
        *((Entity.ATTENDEE, i) for i in session.scalars(select(Attendee.id).order_by(Attendee.id))),
    ]


def test_snapshots_taken_many_at_once_are_those_taken_one_by_one(session: Session) -> None:
    build_demo(session)
    refs = demo_refs(session)
    many = snapshots.snapshot_many(session, refs)
    assert many == tuple(snapshots.snapshot(session, *ref) for ref in refs)
    # the demo's attendees attend, sit, drive, travel, meet and give: all of it is in the snapshots
    attendee_snaps = [s for s in many if s.entity is Entity.ATTENDEE]
    for part in ("rows", "seats", "parties", "links", "greets"):
        assert any(getattr(s, part) for s in attendee_snaps), part


#: Everything an attendee's removal changes or takes along.
AROUND = (Attendee, Attendance, Vehicle, TravelLeg, TravelLegTraveller, Gift, SeatAssignment, EngagementGuest)


def test_delete_and_restore_many_do_what_one_by_one_does(session: Session) -> None:
    """The demo's attendees (with their attendances, seats, cars, legs, greeters, gifts and
    companions) deleted and put back: the same changes and the same rows either way."""
    build_demo(session)
    refs = [(Entity.ATTENDEE, i) for i in session.scalars(select(Attendee.id).order_by(Attendee.id))]
    before = content(session, (*AROUND, Engagement, SeatingPlan))
    taken = snapshots.snapshot_many(session, refs)

    one_by_one = session.begin_nested()
    deleted_each = Changes.merge(snapshots.delete(session, *ref) for ref in reversed(refs))
    after_each = content(session, AROUND)
    restored_each = snapshots.restore(session, *taken)
    put_back_each = content(session, (*AROUND, Engagement, SeatingPlan))
    one_by_one.rollback()

    deleted = snapshots.delete_many(session, refs)
    assert deleted == deleted_each
    assert content(session, AROUND) == after_each
    restored = snapshots.restore_many(session, taken)
    assert content(session, (*AROUND, Engagement, SeatingPlan)) == put_back_each == before
    assert {(e, old) for e, old, _ in restored.replaced} == {(e, old) for e, old, _ in restored_each.replaced}
    assert restored.touches(Entity.ATTENDANCE, Entity.ENGAGEMENT, Entity.SEATING_PLAN)


def test_delete_many_keeps_the_refusals_of_delete(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    person = session.scalars(select(Attendee.person_id).where(Attendee.visit_id == visit_id)).first()
    assert person is not None
    with pytest.raises(UserError, match=r"attends .*; remove them from those visits first"):
        snapshots.delete_many(session, [(Entity.PERSON, person)])
    used = session.scalars(select(Organisation.id).join(Person, Person.organisation_id == Organisation.id)).first()
    assert used is not None
    with pytest.raises(ConflictError, match="Cannot undo “Add”: the organisation is now used by"):
        snapshots.delete_many(session, [(Entity.ORGANISATION, used)], undoing="Add")
    assert session.get(Organisation, used) is not None


def test_restore_many_refuses_a_name_taken_since(session: Session) -> None:
    made = organisations.create_organisation(session, OrganisationData("Busan Port Authority"))
    ident = made.created_id(Entity.ORGANISATION)
    [taken] = snapshots.snapshot_many(session, [(Entity.ORGANISATION, ident)])
    snapshots.delete_many(session, [(Entity.ORGANISATION, ident)])
    organisations.create_organisation(session, OrganisationData("busan port authority"))
    with pytest.raises(UserError, match="an organisation called 'Busan Port Authority' already exists"):
        snapshots.restore_many(session, [taken])


def test_an_import_outcome_names_rows_as_before(session: Session, book: tuple[int, int, int, int]) -> None:
    """The import records each update's old and new fields (read set-based now) as before."""
    visit, kotra, lee_attends, choi = book
    outcome: ImportOutcome = import_attendees(session, visit, the_list())
    updates = {(e, i): (old, new) for e, i, old, new in outcome.updates}
    old, new = updates[Entity.ATTENDEE, lee_attends]
    assert (old.arrival, new.arrival, old.departure, new.departure) == ("", "KE 905", "KE 908", "KE 908")
    old_person, new_person = updates[Entity.PERSON, choi]
    assert (old_person.title, new_person.title, old_person.organisation_id) == ("", "Counsellor", None)
    assert new_person.organisation_id not in (None, kotra)
