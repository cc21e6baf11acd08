"""Attendees of a visit: add, update, remove, and precedence order per side."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.languages import language_of_code
from visitplanner.domain.values import AttendeeData
from visitplanner.services.base import (
    assign,
    check_version,
    expire_loaded,
    for_item,
    get,
    insert_rows,
    service,
    utcnow,
)
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Gift,
    Person,
    SeatAssignment,
    SeatingPlan,
    TravelLeg,
    TravelLegTraveller,
    Vehicle,
    Visit,
)


def _next_precedence(session: Session, visit_id: int, side: Side) -> int:
    top = session.scalar(
        select(func.max(Attendee.precedence)).where(Attendee.visit_id == visit_id, Attendee.side == side)
    )
    return (top or 0) + 1


@service
def add_attendee(session: Session, visit_id: int, data: AttendeeData) -> Changes:
    """Make a person an attendee of the visit (last in precedence on their side by default)."""
    data.validate()
    get(session, Visit, visit_id, "visit")
    person = get(session, Person, data.person_id, "person", "person")
    exists = session.scalars(
        select(Attendee.id).where(Attendee.visit_id == visit_id, Attendee.person_id == data.person_id)
    ).first()
    if exists is not None:
        raise UserError(f"person: {person.name.display} already attends this visit", field="person")
    attendee = Attendee(
        visit_id=visit_id,
        person_id=data.person_id,
        side=data.side,
        role=data.role,
        precedence=data.precedence or _next_precedence(session, visit_id, data.side),
        arrival=data.arrival,
        departure=data.departure,
        document_language=_language(data),
    )
    session.add(attendee)
    session.flush()
    return Changes.of_created(Entity.ATTENDEE, attendee.id)


@service
def add_attendees(session: Session, visit_id: int, items: Sequence[AttendeeData]) -> tuple[Changes, list[int]]:
    """Make many people attendees of the visit at once, each checked as by `add_attendee` and given
    the same precedence it would get there (last on its side, counting those added before it),
    then one insert. Returns the `Changes` and the new ids in the order of `items`; a bad item
    raises an `ItemError` naming its position."""
    get(session, Visit, visit_id, "visit")
    person_ids = sorted({data.person_id for data in items})
    people: dict[int, Person] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        people.update((p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(chunk))))
    attending = set(session.scalars(select(Attendee.person_id).where(Attendee.visit_id == visit_id)))
    top: dict[Side, int] = {
        side: rank
        for side, rank in session.execute(
            select(Attendee.side, func.max(Attendee.precedence))
            .where(Attendee.visit_id == visit_id)
            .group_by(Attendee.side)
        )
    }
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            data.validate()
            person = people.get(data.person_id)
            if person is None:
                raise UserError(f"person: there is no person with id {data.person_id}", field="person")
            if data.person_id in attending:
                raise UserError(f"person: {person.name.display} already attends this visit", field="person")
            attending.add(data.person_id)
            precedence = data.precedence or (top.get(data.side) or 0) + 1
            top[data.side] = max(top.get(data.side) or 0, precedence)
            rows.append(
                {
                    "visit_id": visit_id,
                    "person_id": data.person_id,
                    "side": data.side,
                    "role": data.role,
                    "precedence": precedence,
                    "arrival": data.arrival,
                    "departure": data.departure,
                    "document_language": _language(data),
                }
            )
    ids = insert_rows(session, Attendee, rows)
    expire_loaded(session, Visit, [visit_id], "attendees")
    return Changes.of_created(Entity.ATTENDEE, *ids), ids


@service
def update_attendee(
    session: Session, attendee_id: int, data: AttendeeData, expected_version: int | None = None
) -> Changes:
    data.validate()
    attendee = get(session, Attendee, attendee_id, "attendee")
    check_version(attendee, expected_version, attendee.person.name.display)
    return Changes.of_updated(Entity.ATTENDEE, attendee_id) if _update(session, attendee, data) else Changes()


@service
def update_attendees(session: Session, items: Sequence[tuple[int, AttendeeData]]) -> Changes:
    """Update many attendees at once (an import's matched rows, its undo and redo), each checked
    as by `update_attendee`: the rows read with one query per 500, one flush at the end. A bad item
    raises an `ItemError` naming its position."""
    ids = sorted({attendee_id for attendee_id, _ in items})
    held: list[Attendee] = []  # loaded (and held) once, so each item finds its row without a query
    for start in range(0, len(ids), 500):
        held += session.scalars(select(Attendee).where(Attendee.id.in_(ids[start : start + 500]))).all()
    changed: list[int] = []
    for index, (attendee_id, data) in enumerate(items):
        with for_item(index):
            data.validate()
            if _update(session, get(session, Attendee, attendee_id, "attendee"), data):
                changed.append(attendee_id)
    del held
    session.flush()
    return Changes.of_updated(Entity.ATTENDEE, *changed)


def _update(session: Session, attendee: Attendee, data: AttendeeData) -> bool:
    """Give the attendee the fields of `data` (validated); True when anything changed."""
    if data.person_id != attendee.person_id:
        raise UserError("person: an attendee's person cannot be swapped; remove and add instead", field="person")
    precedence = data.precedence
    if precedence is None:
        precedence = (
            attendee.precedence
            if data.side == attendee.side
            else _next_precedence(session, attendee.visit_id, data.side)
        )
    return assign(
        attendee,
        {
            "side": data.side,
            "role": data.role,
            "precedence": precedence,
            "arrival": data.arrival,
            "departure": data.departure,
            "document_language": _language(data),
        },
    )


@service
def remove_attendee(session: Session, attendee_id: int, expected_version: int | None = None) -> Changes:
    """Remove the attendee from the visit with their attendances (the person stays); the
    engagements they attended and the vehicles they drove are listed as updated."""
    attendee = get(session, Attendee, attendee_id, "attendee")
    check_version(attendee, expected_version, attendee.person.name.display)
    attended = session.execute(
        select(Attendance.id, Attendance.engagement_id).where(Attendance.attendee_id == attendee_id)
    ).all()
    driven = session.scalars(select(Vehicle.id).where(Vehicle.driver_attendee_id == attendee_id)).all()
    legs = set(session.scalars(select(TravelLegTraveller.leg_id).where(TravelLegTraveller.attendee_id == attendee_id)))
    legs |= set(session.scalars(select(TravelLeg.id).where(TravelLeg.met_by_attendee_id == attendee_id)))
    plans = session.scalars(
        select(SeatingPlan)
        .join(SeatAssignment, SeatAssignment.plan_id == SeatingPlan.id)
        .where(SeatAssignment.attendee_id == attendee_id)
    ).all()
    for plan in plans:  # their seats go with them (the database's cascade): a change of the plan
        plan.modified_at = utcnow()
    given = set(
        session.scalars(
            select(Gift.id).where((Gift.giver_attendee_id == attendee_id) | (Gift.recipient_attendee_id == attendee_id))
        )
    )
    session.delete(attendee)
    session.flush()
    for model, ids in ((Engagement, {e for _, e in attended}), (Vehicle, driven), (TravelLeg, legs), (Gift, given)):
        for ident in ids:  # the database removed their attendance or cleared their driver
            if (row := session.identity_map.get(identity_key(model, ident))) is not None:
                session.expire(row)
    return (
        Changes.of_deleted(Entity.ATTENDEE, attendee_id)
        | Changes.of_deleted(Entity.ATTENDANCE, *(i for i, _ in attended))
        | Changes.of_updated(Entity.VISIT, attendee.visit_id)
        | Changes.of_updated(Entity.ENGAGEMENT, *(e for _, e in attended))
        | Changes.of_updated(Entity.VEHICLE, *driven)
        | Changes.of_updated(Entity.TRAVEL_LEG, *legs)
        | Changes.of_updated(Entity.SEATING_PLAN, *(p.id for p in plans))
        | Changes.of_updated(Entity.GIFT, *given)
    )


@service
def reorder_precedence(session: Session, visit_id: int, side: Side, attendee_ids: Sequence[int]) -> Changes:
    """Give the side's attendees the ranks 1..n in the order of `attendee_ids` (all of them, once)."""
    rows = session.scalars(select(Attendee).where(Attendee.visit_id == visit_id, Attendee.side == side)).all()
    by_id = {a.id: a for a in rows}
    if sorted(attendee_ids) != sorted(by_id) or len(set(attendee_ids)) != len(attendee_ids):
        raise UserError(
            f"precedence: the new order must list each {side.label.lower()} attendee exactly once", field="precedence"
        )
    changed = []
    for rank, attendee_id in enumerate(attendee_ids, start=1):
        if by_id[attendee_id].precedence != rank:
            by_id[attendee_id].precedence = rank
            changed.append(attendee_id)
    return Changes.of_updated(Entity.ATTENDEE, *changed)


@service
def set_precedences(session: Session, ranks: dict[int, int]) -> Changes:
    """Set explicit ranks (attendee id -> rank), e.g. to undo a reorder exactly."""
    for attendee_id, rank in ranks.items():
        if rank <= 0:
            raise UserError(f"precedence: {rank} is not a rank", field="precedence")
        get(session, Attendee, attendee_id, "attendee").precedence = rank
    return Changes.of_updated(Entity.ATTENDEE, *ranks)


def precedences(session: Session, visit_id: int, side: Side) -> dict[int, int]:
    """The side's attendees' ranks (attendee id -> rank), e.g. to undo a reorder exactly."""
    rows = session.execute(
        select(Attendee.id, Attendee.precedence).where(Attendee.visit_id == visit_id, Attendee.side == side)
    )
    return {ident: rank for ident, rank in rows}


#: The attendee columns `AttendeeData` holds, in its field order (with `attendee_data`, one home).
_ATTENDEE_COLUMNS = (
    Attendee.person_id,
    Attendee.side,
    Attendee.role,
    Attendee.precedence,
    Attendee.arrival,
    Attendee.departure,
    Attendee.document_language,
)


def attendees_data(session: Session, ids: Sequence[int]) -> dict[int, tuple[int, AttendeeData]]:
    """The (visit id, fields) of each attendee of `ids` that exists, read as plain rows (one query
    per 500 ids; no ORM objects)."""
    ordered = sorted(set(ids))
    found: dict[int, tuple[int, AttendeeData]] = {}
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        query = select(Attendee.id, Attendee.visit_id, *_ATTENDEE_COLUMNS).where(Attendee.id.in_(chunk))
        for attendee_id, visit_id, *values in session.execute(query):
            found[attendee_id] = (visit_id, AttendeeData(*values))  # type: ignore[arg-type]  # the columns in field order
    return found


def attendee_data(attendee: Attendee) -> AttendeeData:
    return AttendeeData(
        attendee.person_id,
        attendee.side,
        attendee.role,
        attendee.precedence,
        attendee.arrival,
        attendee.departure,
        attendee.document_language,
    )


def _language(data: AttendeeData) -> str:
    """The chosen document language as stored: its code ("ko"), or "" for the usual one."""
    return language_of_code(data.document_language).value if data.document_language.strip() else ""
