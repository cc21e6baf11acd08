"""What undo needs: one `Snapshot` shape for every kind of row (taken, deleted, restored), and each kind's services."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from itertools import groupby
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import delete as sql_delete
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.util import identity_key

from visitplanner.domain.changes import Changes, ChangesBuilder, Entity
from visitplanner.domain.editions import EditionData
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import AttendanceData, OrganisationData, TravelTimeData
from visitplanner.services import (
    attendees,
    editions,
    engagements,
    gifts,
    organisations,
    people,
    seating,
    tasks,
    travel,
    vehicles,
    venues,
    visits,
)
from visitplanner.services.base import expire_loaded, get, service, utcnow
from visitplanner.services.undo import CHUNK, USES, ensure_all_unused, ensure_unused
from visitplanner.store.database import mark_deleted
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Gift,
    Organisation,
    Person,
    ReadinessTask,
    Room,
    SeatAssignment,
    SeatingPlan,
    TravelLeg,
    TravelLegTraveller,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import VERSIONED, table
from visitplanner.store.seating import plan_id_of, plan_layout

T = TypeVar("T")
Resolve = Callable[[Entity, int], int]

#: The fields of the domain values that hold the id of another row, and the kind of that row.
REFERENCES: dict[str, Entity] = {
    "visiting_organisation_id": Entity.ORGANISATION,
    "host_organisation_id": Entity.ORGANISATION,
    "organisation_id": Entity.ORGANISATION,
    "person_id": Entity.PERSON,
    "attendee_id": Entity.ATTENDEE,
    "driver_attendee_id": Entity.ATTENDEE,
    "venue_id": Entity.VENUE,
    "origin_venue_id": Entity.VENUE,
    "from_venue_id": Entity.VENUE,
    "to_venue_id": Entity.VENUE,
    "room_id": Entity.ROOM,
    "vehicle_id": Entity.VEHICLE,
    "met_by_attendee_id": Entity.ATTENDEE,
    "accompanies_attendee_id": Entity.ATTENDEE,
    "giver_attendee_id": Entity.ATTENDEE,
    "recipient_attendee_id": Entity.ATTENDEE,
    "giver_organisation_id": Entity.ORGANISATION,
    "recipient_organisation_id": Entity.ORGANISATION,
    "engagement_id": Entity.ENGAGEMENT,
}
#: The fields holding a tuple of ids of other rows, and the kind of those rows.
REFERENCE_LISTS: dict[str, Entity] = {"traveller_ids": Entity.ATTENDEE}
#: The kind of row each kind belongs to (a snapshot's `parent`).
PARENT = {
    Entity.ATTENDEE: Entity.VISIT,
    Entity.VEHICLE: Entity.VISIT,
    Entity.ENGAGEMENT: Entity.VISIT,
    Entity.ROOM: Entity.VENUE,
    Entity.TRAVEL_LEG: Entity.VISIT,
    Entity.SEATING_PLAN: Entity.ENGAGEMENT,
    Entity.TASK: Entity.VISIT,
    Entity.GIFT: Entity.VISIT,
}
#: The order rows are restored in (a row after those it refers to); deletes run the other way.
ORDER = (
    Entity.ORGANISATION,
    Entity.PERSON,
    Entity.VENUE,
    Entity.ROOM,
    Entity.TRAVEL_TIME,
    Entity.VISIT,
    Entity.ATTENDEE,
    Entity.VEHICLE,
    Entity.TRAVEL_LEG,
    Entity.TASK,
    Entity.ENGAGEMENT,
    Entity.ATTENDANCE,
    Entity.SEATING_PLAN,
    Entity.GIFT,
)


def with_ids(value: T, resolve: Resolve) -> T:
    """`value` (a domain value, or a tuple of them) with every id of another row passed through `resolve`."""
    if isinstance(value, tuple):
        return tuple(with_ids(item, resolve) for item in value)  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    new: dict[str, Any] = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if f.name in REFERENCES and isinstance(item, int):
            new[f.name] = resolve(REFERENCES[f.name], item)
        elif f.name in REFERENCE_LISTS and isinstance(item, tuple):
            new[f.name] = tuple(resolve(REFERENCE_LISTS[f.name], i) for i in item)
        elif isinstance(item, tuple) or (is_dataclass(item) and not isinstance(item, Snapshot)):
            new[f.name] = with_ids(item, resolve)
    return replace(value, **new) if new else value


def _same(_entity: Entity, ident: int) -> int:
    return ident


@dataclass(frozen=True)
class Snapshot:
    """A row as its create service takes it, with the rows deleting it takes along.

    Attributes:
        entity: the kind of row.
        id: its id when taken.
        data: its fields as its create service takes them (`VisitData`, `AttendeeData`, ...,
            `EngagementPlan`; `AttendanceData` for an attendance).
        parent: the visit (attendee, vehicle, engagement) or venue (room) it belongs to.
        uid: an engagement's calendar UID; for an attendance, its engagement's (UIDs survive an
            engagement being deleted and put back, ids do not).
        number: an engagement's sequence, a visit's briefing-pack issue number.
        rows: the rows deleted with it (a visit's attendees, vehicles and engagements; a venue's
            rooms and travel times; an attendee's attendances), restored after it.
        links: the rows whose reference to it the delete cleared (the vehicles an attendee
            drives, an organisation's people), given it back if still unset; and the travel
            legs an attendee was on (`(TRAVEL_LEG, id)`), who put them back on.
        greets: the travel legs an attendee met, given them back as who meets them if still unset.
        parties: the gifts an attendee gave or received, as (gift id, "giver" or "recipient"),
            given them back as that party if it is still unset.
        editions: a visit's briefing-pack editions, put back with it.
        seats: an attendee's seats, (engagement UID, table number, seat, locked), given back
            after their attendances if still free.
        companions: the unnamed guests who accompanied an attendee, (engagement UID, guest
            number), given them back as companion if they still accompany nobody.
    """

    entity: Entity
    id: int
    data: Any
    parent: int | None = None
    uid: str = ""
    number: int = 0
    rows: tuple[Snapshot, ...] = ()
    links: tuple[tuple[Entity, int], ...] = ()
    greets: tuple[int, ...] = ()
    parties: tuple[tuple[int, str], ...] = ()
    editions: tuple[EditionData, ...] = ()
    seats: tuple[tuple[str, int, int, bool], ...] = ()
    companions: tuple[tuple[str, int], ...] = ()


def _ids(session: Session, query: Any) -> tuple[int, ...]:
    return tuple(session.scalars(query).all())


def _attendee(session: Session, row: Attendee, *, alone: bool) -> Snapshot:
    if not alone:  # inside a visit's snapshot, engagements and vehicles carry the references
        return Snapshot(Entity.ATTENDEE, row.id, attendees.attendee_data(row), row.visit_id)
    attended = session.execute(
        select(Attendance.id, Attendance.part, Engagement.uuid)
        .join(Engagement, Attendance.engagement_id == Engagement.id)
        .where(Attendance.attendee_id == row.id)
        .order_by(Engagement.start_at, Engagement.id)
    ).all()
    driven = _ids(session, select(Vehicle.id).where(Vehicle.driver_attendee_id == row.id).order_by(Vehicle.id))
    on_legs = _ids(
        session,
        select(TravelLegTraveller.leg_id)
        .where(TravelLegTraveller.attendee_id == row.id)
        .order_by(TravelLegTraveller.leg_id),
    )
    greets = _ids(session, select(TravelLeg.id).where(TravelLeg.met_by_attendee_id == row.id).order_by(TravelLeg.id))
    gave = _ids(session, select(Gift.id).where(Gift.giver_attendee_id == row.id).order_by(Gift.id))
    received = _ids(session, select(Gift.id).where(Gift.recipient_attendee_id == row.id).order_by(Gift.id))
    return Snapshot(
        Entity.ATTENDEE,
        row.id,
        attendees.attendee_data(row),
        row.visit_id,
        rows=tuple(Snapshot(Entity.ATTENDANCE, i, AttendanceData(row.id, part), uid=uid) for i, part, uid in attended),
        links=(
            *((Entity.VEHICLE, v) for v in driven),
            *((Entity.TRAVEL_LEG, leg) for leg in on_legs),
        ),
        greets=greets,
        seats=seating.seats_of(session, row.id),
        companions=engagements.companions_of(session, row.id),
        parties=(*((g, "giver") for g in gave), *((g, "recipient") for g in received)),
    )


def _engagement(row: Engagement) -> Snapshot:
    """An engagement with its seating plan (deleted with it, so restored with it)."""
    session = object_session(row)
    plan = plan_id_of(session, row.id) if session is not None else None
    rows = () if plan is None else (_seating_plan(session, plan, row.id),)  # type: ignore[arg-type]
    presented = _ids(session, select(Gift.id).where(Gift.engagement_id == row.id).order_by(Gift.id)) if session else ()
    return Snapshot(
        Entity.ENGAGEMENT,
        row.id,
        engagements.engagement_plan(row),
        row.visit_id,
        row.uuid,
        row.sequence,
        rows=rows,
        links=tuple((Entity.GIFT, g) for g in presented),
    )


def _seating_plan(session: Session, plan_id: int, engagement_id: int) -> Snapshot:
    return Snapshot(Entity.SEATING_PLAN, plan_id, plan_layout(session, plan_id), engagement_id)


def _travel_time(row: TravelTime) -> Snapshot:
    return Snapshot(
        Entity.TRAVEL_TIME, row.id, TravelTimeData(row.from_venue_id, row.to_venue_id, row.minutes, row.mode)
    )


def snapshot(session: Session, entity: Entity, ident: int) -> Snapshot:
    """What `restore` needs to put back the row `ident` of `entity` after `delete` (a `UserError` if it is gone)."""
    row = get(session, VERSIONED[entity], ident, entity.value.replace("_", " "))
    if isinstance(row, Visit):
        owned = select(Attendee).where(Attendee.visit_id == ident).order_by(Attendee.id)
        return Snapshot(
            entity,
            ident,
            visits.visit_data(row),
            number=row.issue_number,
            editions=tuple(editions.editions_of(session, ident)),
            rows=(
                *(_attendee(session, a, alone=False) for a in session.scalars(owned)),
                *(
                    Snapshot(Entity.VEHICLE, v.id, vehicles.vehicle_data(v), ident)
                    for v in session.scalars(select(Vehicle).where(Vehicle.visit_id == ident).order_by(Vehicle.id))
                ),
                *(
                    Snapshot(Entity.TRAVEL_LEG, leg.id, travel.leg_data(leg), ident)
                    for leg in session.scalars(
                        select(TravelLeg).where(TravelLeg.visit_id == ident).order_by(TravelLeg.id)
                    )
                ),
                *(
                    _engagement(e)
                    for e in session.scalars(
                        select(Engagement).where(Engagement.visit_id == ident).order_by(Engagement.id)
                    )
                ),
                *(
                    Snapshot(Entity.GIFT, g.id, gifts.gift_data(g), ident)
                    for g in session.scalars(select(Gift).where(Gift.visit_id == ident).order_by(Gift.id))
                ),
                *(
                    Snapshot(Entity.TASK, t.id, tasks.task_data(t), ident)
                    for t in session.scalars(
                        select(ReadinessTask).where(ReadinessTask.visit_id == ident).order_by(ReadinessTask.id)
                    )
                ),
            ),
        )
    if isinstance(row, Attendee):
        return _attendee(session, row, alone=True)
    if isinstance(row, Venue):
        times = select(TravelTime).where(or_(TravelTime.from_venue_id == ident, TravelTime.to_venue_id == ident))
        return Snapshot(
            entity,
            ident,
            venues.venue_data(row),
            rows=(
                *(Snapshot(Entity.ROOM, r.id, venues.room_data(r), ident) for r in row.rooms),
                *(_travel_time(t) for t in session.scalars(times.order_by(TravelTime.id))),
            ),
        )
    if isinstance(row, Organisation):
        members = _ids(session, select(Person.id).where(Person.organisation_id == ident).order_by(Person.id))
        return Snapshot(
            entity, ident, organisations.organisation_data(row), links=tuple((Entity.PERSON, p) for p in members)
        )
    if isinstance(row, Engagement):
        return _engagement(row)
    if isinstance(row, SeatingPlan):
        return _seating_plan(session, row.id, row.engagement_id)
    if isinstance(row, TravelTime):
        return _travel_time(row)
    if isinstance(row, Room):
        return Snapshot(entity, ident, venues.room_data(row), row.venue_id)
    if isinstance(row, Vehicle):
        return Snapshot(entity, ident, vehicles.vehicle_data(row), row.visit_id)
    if isinstance(row, TravelLeg):
        return Snapshot(entity, ident, travel.leg_data(row), row.visit_id)
    if isinstance(row, Gift):
        return Snapshot(entity, ident, gifts.gift_data(row), row.visit_id)
    if isinstance(row, ReadinessTask):
        return Snapshot(entity, ident, tasks.task_data(row), row.visit_id)
    assert isinstance(row, Person)
    return Snapshot(entity, ident, people.person_data(row))


_DELETE: dict[Entity, Callable[..., Changes]] = {
    Entity.VISIT: visits.delete_visit,
    Entity.ORGANISATION: organisations.delete_organisation,
    Entity.PERSON: people.delete_person,
    Entity.ATTENDEE: attendees.remove_attendee,
    Entity.VENUE: venues.delete_venue,
    Entity.ROOM: venues.delete_room,
    Entity.TRAVEL_TIME: venues.delete_travel_time,
    Entity.VEHICLE: vehicles.delete_vehicle,
    Entity.ENGAGEMENT: engagements.delete_engagement,
    Entity.TRAVEL_LEG: travel.delete_leg,
    Entity.SEATING_PLAN: seating.delete_plan,
    Entity.TASK: tasks.delete_task,
    Entity.GIFT: gifts.delete_gift,
}


@service
def delete(
    session: Session, entity: Entity, ident: int, *, expected_version: int | None = None, undoing: str = ""
) -> Changes:
    """Delete the row with its kind's own service. `undoing`: the text of the creation this
    delete undoes; the delete is then refused (`ConflictError`) if anything uses the row now."""
    if undoing and entity in USES:
        ensure_unused(session, entity, ident, f"Cannot undo “{undoing}”: the {entity.value.replace('_', ' ')}")
    return _DELETE[entity](session, ident, expected_version=expected_version)


def create(
    session: Session, entity: Entity, data: Any, parent: int | None = None, *, uid: str | None = None, sequence: int = 0
) -> Changes:
    """Create a row of `entity` from `data` (in `parent`, see `PARENT`) with its kind's own service;
    `uid` and `sequence` are an engagement's."""
    if entity is Entity.ENGAGEMENT:
        assert parent is not None
        return engagements.create_engagement(session, parent, data, uid=uid, sequence=sequence)
    make = _CREATE[entity]
    return make(session, data) if parent is None else make(session, parent, data)


#: Each kind's service that changes a row's fields: update(session, id, data, expected_version=None).
UPDATE: dict[Entity, Callable[..., Changes]] = {
    Entity.VISIT: visits.update_visit,
    Entity.PERSON: people.update_person,
    Entity.ORGANISATION: organisations.update_organisation,
    Entity.ATTENDEE: attendees.update_attendee,
    Entity.VENUE: venues.update_venue,
    Entity.ROOM: venues.update_room,
    Entity.VEHICLE: vehicles.update_vehicle,
    Entity.ENGAGEMENT: engagements.update_engagement,
    Entity.TRAVEL_LEG: travel.update_leg,
    Entity.TASK: tasks.update_task,
    Entity.GIFT: gifts.update_gift,
}
_CREATE: dict[Entity, Callable[..., Changes]] = {
    Entity.VISIT: visits.create_visit,
    Entity.ORGANISATION: organisations.create_organisation,
    Entity.PERSON: people.create_person,
    Entity.VENUE: venues.create_venue,
    Entity.TRAVEL_TIME: venues.set_travel_time,
    Entity.ATTENDEE: attendees.add_attendee,
    Entity.ROOM: venues.add_room,
    Entity.VEHICLE: vehicles.create_vehicle,
    Entity.TRAVEL_LEG: travel.create_leg,
    Entity.SEATING_PLAN: seating.create_plan_from_layout,
    Entity.TASK: tasks.create_task,
    Entity.GIFT: gifts.create_gift,
}


def _relink(session: Session, entity: Entity, ident: int, target: int) -> Changes:
    """Give the row (entity, ident) its reference to `target` back, if it still exists and has none."""
    if entity is Entity.TRAVEL_LEG:
        return travel.add_traveller(session, ident, target)
    if entity is Entity.GIFT:
        return gifts.reattach_gift(session, ident, target)
    if entity is Entity.VEHICLE:
        vehicle = session.get(Vehicle, ident)
        if vehicle is None or vehicle.driver_attendee_id is not None:
            return Changes()
        return vehicles.update_vehicle(
            session, ident, replace(vehicles.vehicle_data(vehicle), driver_attendee_id=target)
        )
    person = session.get(Person, ident)
    if person is None or person.organisation_id is not None:
        return Changes()
    return people.update_person(session, ident, replace(people.person_data(person), organisation_id=target))


class _Restorer:
    """Puts snapshots back, keeping the new id of each row it restored.

    Attributes:
        new: (entity, id in the snapshot) -> the id it was restored under.
        restoring: the rows of the whole call (a link to one not yet put back is left to that
            row's own snapshot, which holds the reference).
    """

    def __init__(self, session: Session, resolve: Resolve, restoring: frozenset[tuple[Entity, int]] = frozenset()):
        self.session, self.resolve, self.restoring = session, resolve, restoring
        self.new: dict[tuple[Entity, int], int] = {}

    def current(self, entity: Entity, ident: int) -> int:
        return self.new.get((entity, ident)) or self.resolve(entity, ident)

    def put(self, snap: Snapshot) -> Changes:
        """Restore one row with its own service, then what goes with it."""
        session, current = self.session, self.current
        if snap.entity is Entity.ATTENDANCE:
            found = session.scalars(select(Engagement.id).where(Engagement.uuid == snap.uid)).first()
            if found is None:
                return Changes()
            data = with_ids(snap.data, current)
            return engagements.assign_attendee(session, found, data.attendee_id, data.part)
        parent = None if snap.parent is None else current(PARENT[snap.entity], snap.parent)
        changes = create(
            session, snap.entity, with_ids(snap.data, current), parent, uid=snap.uid or None, sequence=snap.number
        )
        self.new[snap.entity, snap.id] = created = changes.created_id(snap.entity)
        if snap.entity is Entity.VISIT and snap.number:
            changes |= visits.set_issue_number(session, created, snap.number)
        if snap.entity is Entity.VISIT and snap.editions:
            changes |= editions.set_editions(session, created, snap.editions)
        changes |= Changes(replaced=frozenset({(snap.entity, snap.id, created)}))
        return changes | self.after(snap, created)

    def after(self, snap: Snapshot, created: int) -> Changes:
        """Put back what went with the row restored as `created`: the rows deleted with it, and its
        links, meetings, seats, companions and gifts."""
        session, current = self.session, self.current
        changes = Changes()
        for child in snap.rows:
            changes |= self.put(child)
        for entity, ident in snap.links:
            if (entity, ident) in self.restoring and (entity, ident) not in self.new:
                continue  # restored later in this call, with its reference (relinking would find no row)
            changes |= _relink(session, entity, current(entity, ident), created)
        for leg in snap.greets:
            changes |= travel.set_greeter(session, current(Entity.TRAVEL_LEG, leg), created)
        for uid, number, seat, locked in snap.seats:
            if (found := session.scalars(select(Engagement.id).where(Engagement.uuid == uid)).first()) is not None:
                changes |= seating.reseat(session, found, created, number, seat, locked)
        for uid, number in snap.companions:
            if (found := session.scalars(select(Engagement.id).where(Engagement.uuid == uid)).first()) is not None:
                changes |= engagements.reaccompany(session, found, number, created)
        for gift, role in snap.parties:
            changes |= gifts.restore_party(session, current(Entity.GIFT, gift), created, role)
        return changes


@service
def restore(session: Session, *snapshots: Snapshot, resolve: Resolve = _same) -> Changes:
    """Put the rows of `snapshots` back (each after those it refers to), under new ids.

    `resolve` maps ids the snapshots hold to current ones (rows restored since get new ids);
    ids of rows restored in this call are mapped here. The `Changes` list, in `replaced`, the
    old and new id of every row put back. An attendance whose engagement is gone is left out.
    """
    restorer = _Restorer(session, resolve)
    return Changes.merge(restorer.put(snap) for snap in sorted(snapshots, key=lambda s: ORDER.index(s.entity)))


def restorable(changes: Changes) -> list[tuple[Entity, int]]:
    """The rows `changes` created, in the order `restore` puts them back."""
    return sorted((ref for ref in changes.created if ref[0] in _DELETE), key=lambda r: (ORDER.index(r[0]), r[1]))


# -- many rows at once -----------------------------------------------------------------------
# An import's undo deletes and its redo restores thousands of rows: row by row that is a
# savepoint, a few queries and a flush each. The functions below do what `snapshot`, `delete`,
# `restore` and `UPDATE` do, with the same refusals and the same results, but for the kinds in
# `BATCHED` with one query per related table (per `CHUNK` ids) and one statement per table;
# other kinds, and what goes with a row beyond its own fields (attendances, seats, links), go
# through the one-row path.

#: The kinds taken, deleted and restored set-based; every other kind goes row by row.
BATCHED = (Entity.ORGANISATION, Entity.PERSON, Entity.ATTENDEE)
#: Each kind's service that changes many rows' fields: update(session, [(id, data), ...]).
UPDATE_MANY: dict[Entity, Callable[..., Changes]] = {
    Entity.PERSON: people.update_people,
    Entity.ATTENDEE: attendees.update_attendees,
}


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _by_kind(refs: Iterable[tuple[Entity, int]]) -> dict[Entity, list[int]]:
    kinds: dict[Entity, list[int]] = {}
    for entity, ident in refs:
        kinds.setdefault(entity, []).append(ident)
    return kinds


def _grouped(session: Session, query: Callable[[Sequence[int]], Any], ids: Sequence[int]) -> dict[int, list[Any]]:
    """Rows of `query(chunk)` (the key first, then the values) grouped by key, one query per chunk."""
    found: dict[int, list[Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        for key, *values in session.execute(query(chunk)):
            found.setdefault(key, []).append(values[0] if len(values) == 1 else tuple(values))
    return found


def _ensure_found(entity: Entity, ids: Iterable[int], found: Mapping[int, Any]) -> None:
    """The `UserError` `get` gives for the first of `ids` that is not in `found`."""
    what = entity.value.replace("_", " ")
    for ident in ids:
        if ident not in found:
            raise UserError(f"{what}: there is no {what} with id {ident}", field=what)


def snapshot_many(session: Session, refs: Iterable[tuple[Entity, int]]) -> tuple[Snapshot, ...]:
    """The snapshots `snapshot` takes of each row of `refs`, in that order (a `UserError` if one
    is gone); for the kinds in `BATCHED`, read with one query per related table."""
    refs = list(refs)
    taken: dict[tuple[Entity, int], Snapshot] = {}
    for entity, ids in _by_kind(refs).items():
        if entity in BATCHED:
            taken.update(((entity, snap.id), snap) for snap in _SNAPSHOT_MANY[entity](session, ids))
        else:
            taken.update(((entity, ident), snapshot(session, entity, ident)) for ident in ids)
    return tuple(taken[ref] for ref in refs)


def _organisation_snapshots(session: Session, ids: Sequence[int]) -> list[Snapshot]:
    rows = _grouped(
        session,
        lambda chunk: select(
            Organisation.id, Organisation.name, Organisation.native_name, Organisation.country, Organisation.kind
        ).where(Organisation.id.in_(chunk)),
        ids,
    )
    _ensure_found(Entity.ORGANISATION, ids, rows)
    members = _grouped(
        session,
        lambda chunk: (
            select(Person.organisation_id, Person.id).where(Person.organisation_id.in_(chunk)).order_by(Person.id)
        ),
        ids,
    )
    return [
        Snapshot(
            Entity.ORGANISATION,
            ident,
            OrganisationData(*rows[ident][0]),
            links=tuple((Entity.PERSON, p) for p in members.get(ident, ())),
        )
        for ident in ids
    ]


def _person_snapshots(session: Session, ids: Sequence[int]) -> list[Snapshot]:
    found = people.people_data(session, ids)
    _ensure_found(Entity.PERSON, ids, found)
    return [Snapshot(Entity.PERSON, ident, found[ident]) for ident in ids]


def _attendee_snapshots(session: Session, ids: Sequence[int]) -> list[Snapshot]:
    """As `_attendee(alone=True)` takes each, with one query per related table."""
    found = attendees.attendees_data(session, ids)
    _ensure_found(Entity.ATTENDEE, ids, found)
    attended = _grouped(
        session,
        lambda chunk: (
            select(Attendance.attendee_id, Attendance.id, Attendance.part, Engagement.uuid)
            .join(Engagement, Attendance.engagement_id == Engagement.id)
            .where(Attendance.attendee_id.in_(chunk))
            .order_by(Engagement.start_at, Engagement.id)
        ),
        ids,
    )
    driven = _grouped(
        session,
        lambda chunk: (
            select(Vehicle.driver_attendee_id, Vehicle.id)
            .where(Vehicle.driver_attendee_id.in_(chunk))
            .order_by(Vehicle.id)
        ),
        ids,
    )
    on_legs = _grouped(
        session,
        lambda chunk: (
            select(TravelLegTraveller.attendee_id, TravelLegTraveller.leg_id)
            .where(TravelLegTraveller.attendee_id.in_(chunk))
            .order_by(TravelLegTraveller.leg_id)
        ),
        ids,
    )
    greets = _grouped(
        session,
        lambda chunk: (
            select(TravelLeg.met_by_attendee_id, TravelLeg.id)
            .where(TravelLeg.met_by_attendee_id.in_(chunk))
            .order_by(TravelLeg.id)
        ),
        ids,
    )
    gave = _grouped(
        session,
        lambda chunk: (
            select(Gift.giver_attendee_id, Gift.id).where(Gift.giver_attendee_id.in_(chunk)).order_by(Gift.id)
        ),
        ids,
    )
    received = _grouped(
        session,
        lambda chunk: (
            select(Gift.recipient_attendee_id, Gift.id).where(Gift.recipient_attendee_id.in_(chunk)).order_by(Gift.id)
        ),
        ids,
    )
    seats = seating.seats_of_many(session, ids)
    companions = engagements.companions_of_many(session, ids)
    snaps = []
    for ident in ids:
        visit_id, data = found[ident]
        snaps.append(
            Snapshot(
                Entity.ATTENDEE,
                ident,
                data,
                visit_id,
                rows=tuple(
                    Snapshot(Entity.ATTENDANCE, i, AttendanceData(ident, part), uid=uid)
                    for i, part, uid in attended.get(ident, ())
                ),
                links=(
                    *((Entity.VEHICLE, v) for v in driven.get(ident, ())),
                    *((Entity.TRAVEL_LEG, leg) for leg in on_legs.get(ident, ())),
                ),
                greets=tuple(greets.get(ident, ())),
                seats=seats.get(ident, ()),
                companions=companions.get(ident, ()),
                parties=(
                    *((g, "giver") for g in gave.get(ident, ())),
                    *((g, "recipient") for g in received.get(ident, ())),
                ),
            )
        )
    return snaps


_SNAPSHOT_MANY: dict[Entity, Callable[[Session, Sequence[int]], list[Snapshot]]] = {
    Entity.ORGANISATION: _organisation_snapshots,
    Entity.PERSON: _person_snapshots,
    Entity.ATTENDEE: _attendee_snapshots,
}


@service
def delete_many(session: Session, refs: Iterable[tuple[Entity, int]], *, undoing: str = "") -> Changes:
    """Delete the rows of `refs` as `delete` deletes each (kinds in the reverse of `ORDER`), all or
    none; `undoing` as for `delete`: refused (`ConflictError`, nothing deleted) if anything uses
    one of them now. The kinds in `BATCHED` are checked with one query per kind of use and deleted
    with one statement per table (per `CHUNK` ids)."""
    kinds = _by_kind(refs)
    changes = ChangesBuilder()
    for entity in sorted(kinds, key=ORDER.index, reverse=True):
        ids = sorted(set(kinds[entity]), reverse=True)
        if entity not in BATCHED:
            for ident in ids:
                changes |= delete(session, entity, ident, undoing=undoing)
            continue
        if undoing and entity in USES:
            ensure_all_unused(session, entity, ids, f"Cannot undo “{undoing}”")
        session.flush()  # what the ORM holds goes first: the statements below bypass it
        changes |= _DELETE_MANY[entity](session, ids)
    return changes.build()


def _remove(session: Session, model: type[Any], ids: Sequence[int]) -> None:
    """Delete the rows of `model` with `ids` in one statement per chunk, note them as deleted for the
    undo history, and drop them from the session (which would otherwise still hand them out)."""
    rows = table(model)
    for chunk in _chunks(ids):
        session.execute(sql_delete(rows).where(rows.c.id.in_(chunk)))
    mark_deleted(session, model, ids)
    _forget(session, model, ids)


def _forget(session: Session, model: type[Any], ids: Iterable[int]) -> None:
    for ident in ids:
        row = session.identity_map.get(identity_key(model, ident))
        if row is not None:
            session.expunge(row)


def _expire(session: Session, model: type[Any], ids: Iterable[int]) -> None:
    for ident in ids:
        row = session.identity_map.get(identity_key(model, ident))
        if row is not None:
            session.expire(row)


def _delete_attendees(session: Session, ids: Sequence[int]) -> Changes:
    """What `attendees.remove_attendee` does to each of `ids`, set-based."""
    visit_of = _grouped(
        session, lambda chunk: select(Attendee.id, Attendee.visit_id).where(Attendee.id.in_(chunk)), ids
    )
    _ensure_found(Entity.ATTENDEE, ids, visit_of)
    attended = [
        pair
        for pairs in _grouped(
            session,
            lambda chunk: select(Attendance.attendee_id, Attendance.id, Attendance.engagement_id).where(
                Attendance.attendee_id.in_(chunk)
            ),
            ids,
        ).values()
        for pair in pairs
    ]
    driven = _flat(
        _grouped(
            session,
            lambda chunk: select(Vehicle.driver_attendee_id, Vehicle.id).where(Vehicle.driver_attendee_id.in_(chunk)),
            ids,
        )
    )
    legs = _flat(
        _grouped(
            session,
            lambda chunk: select(TravelLegTraveller.attendee_id, TravelLegTraveller.leg_id).where(
                TravelLegTraveller.attendee_id.in_(chunk)
            ),
            ids,
        )
    ) | _flat(
        _grouped(
            session,
            lambda chunk: select(TravelLeg.met_by_attendee_id, TravelLeg.id).where(
                TravelLeg.met_by_attendee_id.in_(chunk)
            ),
            ids,
        )
    )
    given = _flat(
        _grouped(
            session,
            lambda chunk: select(Gift.giver_attendee_id, Gift.id).where(Gift.giver_attendee_id.in_(chunk)),
            ids,
        )
    ) | _flat(
        _grouped(
            session,
            lambda chunk: select(Gift.recipient_attendee_id, Gift.id).where(Gift.recipient_attendee_id.in_(chunk)),
            ids,
        )
    )
    plans: dict[int, SeatingPlan] = {}
    for chunk in _chunks(ids):
        seated = select(SeatAssignment.plan_id).where(SeatAssignment.attendee_id.in_(chunk))
        plans.update((p.id, p) for p in session.scalars(select(SeatingPlan).where(SeatingPlan.id.in_(seated))))
    for plan in plans.values():  # their seats go with them (the database's cascade): a change of the plan
        plan.modified_at = utcnow()
    session.flush()
    _remove(session, Attendee, ids)
    _forget(session, Attendance, (i for i, _ in attended))
    engaged = {e for _, e in attended}
    for model, touched in ((Engagement, engaged), (Vehicle, driven), (TravelLeg, legs), (Gift, given)):
        _expire(session, model, touched)  # the database removed their attendance or cleared their driver
    visit_ids = {visit for visits_ in visit_of.values() for visit in visits_}
    expire_loaded(session, Visit, visit_ids, "attendees")
    return (
        ChangesBuilder()
        .deleted(Entity.ATTENDEE, ids)
        .deleted(Entity.ATTENDANCE, (i for i, _ in attended))
        .updated(Entity.VISIT, visit_ids)
        .updated(Entity.ENGAGEMENT, engaged)
        .updated(Entity.VEHICLE, driven)
        .updated(Entity.TRAVEL_LEG, legs)
        .updated(Entity.SEATING_PLAN, plans)
        .updated(Entity.GIFT, given)
        .build()
    )


def _flat(groups: Mapping[int, list[Any]]) -> set[Any]:
    return {value for values in groups.values() for value in values}


def _delete_people(session: Session, ids: Sequence[int]) -> Changes:
    """What `people.delete_person` does to each of `ids` (refused while they attend a visit), set-based."""
    found = people.people_data(session, ids)
    _ensure_found(Entity.PERSON, ids, found)
    attending = _grouped(
        session,
        lambda chunk: (
            select(Attendee.person_id, Visit.title)
            .join(Visit, Attendee.visit_id == Visit.id)
            .where(Attendee.person_id.in_(chunk))
        ),
        ids,
    )
    for ident in ids:
        if ident in attending:
            raise UserError(
                f"person: {found[ident].name.display} attends {', '.join(attending[ident])}; "
                "remove them from those visits first",
                field="person",
            )
    _remove(session, Person, ids)
    return Changes.of_deleted(Entity.PERSON, *ids)


def _delete_organisations(session: Session, ids: Sequence[int]) -> Changes:
    """What `organisations.delete_organisation` does to each of `ids` (refused while a visit uses
    it; its people lose it), set-based."""
    names = _grouped(
        session, lambda chunk: select(Organisation.id, Organisation.name).where(Organisation.id.in_(chunk)), ids
    )
    _ensure_found(Entity.ORGANISATION, ids, names)
    used: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        query = select(Visit.title, Visit.visiting_organisation_id, Visit.host_organisation_id).where(
            or_(Visit.visiting_organisation_id.in_(chunk), Visit.host_organisation_id.in_(chunk))
        )
        for title, visiting, host in session.execute(query):
            for ident in {visiting, host} & set(chunk):
                assert ident is not None  # in the chunk
                used.setdefault(ident, []).append(title)
    for ident in ids:
        if ident in used:
            raise UserError(
                f"organisation: {names[ident][0]!r} is used by the visit(s) {', '.join(used[ident])}",
                field="organisation",
            )
    members: list[Person] = []
    for chunk in _chunks(ids):
        members += session.scalars(select(Person).where(Person.organisation_id.in_(chunk))).all()
    for person in members:
        person.organisation_id = None
    session.flush()
    _remove(session, Organisation, ids)
    for person in members:
        session.expire(person, ["organisation"])
    return Changes.of_deleted(Entity.ORGANISATION, *ids) | Changes.of_updated(Entity.PERSON, *(p.id for p in members))


_DELETE_MANY: dict[Entity, Callable[[Session, Sequence[int]], Changes]] = {
    Entity.ORGANISATION: _delete_organisations,
    Entity.PERSON: _delete_people,
    Entity.ATTENDEE: _delete_attendees,
}


@service
def restore_many(session: Session, snapshots: Iterable[Snapshot], resolve: Resolve = _same) -> Changes:
    """Put the rows of `snapshots` back as `restore` does (new ids in `replaced`, each kind after
    those it refers to), all or none: the rows of the kinds in `BATCHED` with one insert per table,
    then, row by row, what went with them (attendances, seats, links); other kinds row by row."""
    ordered = sorted(snapshots, key=lambda s: ORDER.index(s.entity))
    restorer = _Restorer(session, resolve, frozenset((s.entity, s.id) for s in ordered))
    changes = ChangesBuilder()
    for entity, group in groupby(ordered, key=attrgetter("entity")):
        snaps = list(group)
        if entity not in BATCHED:
            for snap in snaps:
                changes |= restorer.put(snap)
            continue
        made, ids = _create_many(session, entity, snaps, restorer.current)
        changes |= made
        for snap, created in zip(snaps, ids, strict=True):
            restorer.new[entity, snap.id] = created
        changes |= Changes(replaced=frozenset((entity, s.id, i) for s, i in zip(snaps, ids, strict=True)))
        for snap, created in zip(snaps, ids, strict=True):
            if snap.rows or snap.links or snap.greets or snap.seats or snap.companions or snap.parties:
                changes |= restorer.after(snap, created)
    return changes.build()


def _create_many(
    session: Session, entity: Entity, snaps: Sequence[Snapshot], current: Resolve
) -> tuple[Changes, list[int]]:
    """Insert the rows of `snaps` (all of `entity`) with its batch service; the new ids in order."""
    items = [with_ids(snap.data, current) for snap in snaps]
    if entity is Entity.ORGANISATION:
        return organisations.create_organisations(session, items)
    if entity is Entity.PERSON:
        return people.create_people(session, items)
    assert entity is Entity.ATTENDEE
    by_visit: dict[int, list[int]] = {}  # visit -> positions in `snaps`
    for index, snap in enumerate(snaps):
        assert snap.parent is not None
        by_visit.setdefault(current(Entity.VISIT, snap.parent), []).append(index)
    ids = [0] * len(snaps)
    changes = ChangesBuilder()
    for visit_id, positions in by_visit.items():
        made, new = attendees.add_attendees(session, visit_id, [items[i] for i in positions])
        changes |= made
        for index, created in zip(positions, new, strict=True):
            ids[index] = created
    return changes.build(), ids


@service
def update_many(session: Session, items: Iterable[tuple[Entity, int, Any]]) -> Changes:
    """Give many rows new fields, as `UPDATE[entity](session, id, data)` does for each: the kinds of
    `UPDATE_MANY` with one batch service call each, other kinds row by row (kinds in the order
    they first come in `items`)."""
    kinds: dict[Entity, list[tuple[int, Any]]] = {}
    for entity, ident, data in items:
        kinds.setdefault(entity, []).append((ident, data))
    changes = ChangesBuilder()
    for entity, rows in kinds.items():
        if entity in UPDATE_MANY:
            changes |= UPDATE_MANY[entity](session, rows)
        else:
            for ident, data in rows:
                changes |= UPDATE[entity](session, ident, data)
    return changes.build()
