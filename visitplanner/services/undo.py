"""Guards for undoing a creation: the row must not have gained uses since it was created.

Undoing "add attendee" removes the attendee, and the database removes their attendances with
them (or, for a vehicle or a room, quietly clears the engagements that use it). If someone
else (or another window) has since put that attendee on an engagement, the undo would destroy
their work without a word. `ensure_unused` refuses such an undo with a `ConflictError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

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

#: How many ids one query names (well below SQLite's limit of bound variables).
CHUNK = 500


@dataclass(frozen=True)
class Use:
    """One kind of row that uses a row: what it is called and its columns that may hold the row's id.

    Attributes:
        what: its name in a refusal ("engagement").
        columns: columns of one table; a row of that table uses the row if any of them holds its id.
    """

    what: str
    columns: tuple[InstrumentedAttribute[Any], ...]

    def count(self, ident: int) -> Select[Any]:
        """How many rows use the row `ident`."""
        return (
            select(func.count())
            .select_from(self.columns[0].class_)
            .where(or_(*(column == ident for column in self.columns)))
        )

    def counts(self, session: Session, ids: Sequence[int]) -> dict[int, int]:
        """How many rows use each of `ids` (those used only): one query per `CHUNK` ids."""
        found: dict[int, int] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            wanted = set(chunk)
            query = select(*self.columns).where(or_(*(column.in_(chunk) for column in self.columns)))
            for row in session.execute(query):
                for ident in set(row) & wanted:  # a row naming the id in two columns uses it once
                    found[ident] = found.get(ident, 0) + 1
        return found


def _use(what: str, *columns: InstrumentedAttribute[Any]) -> Use:
    return Use(what, columns)


#: For each kind of row: the rows that use it.
USES: dict[Entity, tuple[Use, ...]] = {
    Entity.ATTENDEE: (
        _use("engagement", Attendance.attendee_id),
        _use("vehicle", Vehicle.driver_attendee_id),
        _use("travel leg", TravelLegTraveller.attendee_id),
        _use("travel leg to meet", TravelLeg.met_by_attendee_id),
    ),
    Entity.VISIT: (
        _use("engagement", Engagement.visit_id),
        _use("attendee", Attendee.visit_id),
        _use("vehicle", Vehicle.visit_id),
        _use("travel leg", TravelLeg.visit_id),
        _use("task", ReadinessTask.visit_id),
    ),
    Entity.PERSON: (_use("visit", Attendee.person_id),),
    Entity.ORGANISATION: (
        _use("person", Person.organisation_id),
        _use("visit", Visit.visiting_organisation_id, Visit.host_organisation_id),
    ),
    Entity.VENUE: (
        _use("engagement", Engagement.venue_id, Engagement.origin_venue_id),
        _use("room", Room.venue_id),
        _use("travel leg", TravelLeg.venue_id),
        _use("travel time", TravelTime.from_venue_id, TravelTime.to_venue_id),
    ),
    Entity.ROOM: (_use("engagement", Engagement.room_id),),
    Entity.VEHICLE: (_use("transfer", Engagement.vehicle_id),),
}


def _listed(counts: Iterable[tuple[str, int]]) -> str:
    return " and ".join(f"{n} {what}{'' if n == 1 else 's'}" for what, n in counts if n)


def ensure_unused(session: Session, entity: Entity, ident: int, name: str) -> None:
    """Raise `ConflictError` if anything uses the row (`name` says which, for the message)."""
    found = _listed((use.what, session.scalar(use.count(ident)) or 0) for use in USES[entity])
    if found:
        raise ConflictError(
            f"{name} is now used by {found}, changed since it was created "
            "(perhaps by someone else): undoing its creation would remove that too, so it is refused"
        )


def ensure_all_unused(session: Session, entity: Entity, ids: Iterable[int], prefix: str) -> None:
    """`ensure_unused` for many rows of `entity` at once, with one query per kind of use (per
    `CHUNK` ids), not per row. The message begins with `prefix` ("Cannot undo “Import”") and,
    when one row is used, says what `ensure_unused` says of it."""
    ordered = sorted(set(ids))
    per_use = [(use.what, use.counts(session, ordered)) for use in USES[entity]]
    used = sorted({ident for _, counts in per_use for ident in counts})
    if not used:
        return
    kind = entity.value.replace("_", " ")
    if len(used) == 1:
        ensure_unused(session, entity, used[0], f"{prefix}: the {kind}")
        return
    found = _listed((what, sum(counts.values())) for what, counts in per_use)
    raise ConflictError(
        f"{prefix}: {len(used)} {'people' if kind == 'person' else kind + 's'} are now used by {found}, "
        "changed since they were created (perhaps by someone else): "
        "undoing their creation would remove that too, so it is refused"
    )
