"""Guards for undoing a creation: the row must not have gained uses since it was created.

Undoing "add attendee" removes the attendee, and the database removes their attendances with
them (or, for a vehicle or a room, quietly clears the engagements that use it). If someone
else (or another window) has since put that attendee on an engagement, the undo would destroy
their work without a word. `ensure_unused` refuses such an undo with a `ConflictError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import ConflictError
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Person,
    ReadinessTask,
    Room,
    TravelLeg,
    TravelLegTraveller,
    TravelTime,
    Vehicle,
    Visit,
)

Count = Callable[[int], Select[Any]]


def _count(model: type, *conditions: Callable[[int], Any]) -> Count:
    def query(ident: int) -> Select[Any]:
        return select(func.count()).select_from(model).where(or_(*(condition(ident) for condition in conditions)))

    return query


#: For each kind of row: the rows that use it, as (what they are, how to count them).
USES: dict[Entity, tuple[tuple[str, Count], ...]] = {
    Entity.ATTENDEE: (
        ("engagement", _count(Attendance, lambda i: Attendance.attendee_id == i)),
        ("vehicle", _count(Vehicle, lambda i: Vehicle.driver_attendee_id == i)),
        ("travel leg", _count(TravelLegTraveller, lambda i: TravelLegTraveller.attendee_id == i)),
        ("travel leg to meet", _count(TravelLeg, lambda i: TravelLeg.met_by_attendee_id == i)),
    ),
    Entity.VISIT: (
        ("engagement", _count(Engagement, lambda i: Engagement.visit_id == i)),
        ("attendee", _count(Attendee, lambda i: Attendee.visit_id == i)),
        ("vehicle", _count(Vehicle, lambda i: Vehicle.visit_id == i)),
        ("travel leg", _count(TravelLeg, lambda i: TravelLeg.visit_id == i)),
        ("task", _count(ReadinessTask, lambda i: ReadinessTask.visit_id == i)),
    ),
    Entity.PERSON: (("visit", _count(Attendee, lambda i: Attendee.person_id == i)),),
    Entity.ORGANISATION: (
        ("person", _count(Person, lambda i: Person.organisation_id == i)),
        (
            "visit",
            _count(Visit, lambda i: Visit.visiting_organisation_id == i, lambda i: Visit.host_organisation_id == i),
        ),
    ),
    Entity.VENUE: (
        (
            "engagement",
            _count(Engagement, lambda i: Engagement.venue_id == i, lambda i: Engagement.origin_venue_id == i),
        ),
        ("room", _count(Room, lambda i: Room.venue_id == i)),
        ("travel leg", _count(TravelLeg, lambda i: TravelLeg.venue_id == i)),
        (
            "travel time",
            _count(TravelTime, lambda i: TravelTime.from_venue_id == i, lambda i: TravelTime.to_venue_id == i),
        ),
    ),
    Entity.ROOM: (("engagement", _count(Engagement, lambda i: Engagement.room_id == i)),),
    Entity.VEHICLE: (("transfer", _count(Engagement, lambda i: Engagement.vehicle_id == i)),),
}


def ensure_unused(session: Session, entity: Entity, ident: int, name: str) -> None:
    """Raise `ConflictError` if anything uses the row (`name` says which, for the message)."""
    found = []
    for what, count in USES[entity]:
        n = session.scalar(count(ident)) or 0
        if n:
            found.append(f"{n} {what}{'' if n == 1 else 's'}")
    if found:
        raise ConflictError(
            f"{name} is now used by {' and '.join(found)}, changed since it was created "
            "(perhaps by someone else): undoing its creation would remove that too, so it is refused"
        )
