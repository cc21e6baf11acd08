"""Read queries shared by services, exporters, the CLI and the UI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session, selectinload

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import Privacy, Side, VisitStatus
from visitplanner.domain.errors import UserError
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Gift,
    Organisation,
    Person,
    ReadinessTask,
    Room,
    SeatingPlan,
    TravelLeg,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)

SIDE_ORDER = {Side.VISITING: 0, Side.HOST: 1, Side.STAFF: 2}


def find_visit(session: Session, ref: str | int) -> Visit:
    """The visit whose id or slug is `ref`, or a `UserError`."""
    text = str(ref).strip()
    visit = None
    if text.isdigit():
        visit = session.get(Visit, int(text))
    if visit is None:
        visit = session.scalars(select(Visit).where(Visit.slug == text)).one_or_none()
    if visit is None:
        raise UserError(
            f"visit: no visit has the id or slug {text!r} (list them with 'visitplanner visits')", field="visit"
        )
    return visit


#: The versioned models by the entity name `Changes` uses.
VERSIONED: dict[Entity, type[Any]] = {
    Entity.VISIT: Visit,
    Entity.ORGANISATION: Organisation,
    Entity.PERSON: Person,
    Entity.ATTENDEE: Attendee,
    Entity.VENUE: Venue,
    Entity.ROOM: Room,
    Entity.TRAVEL_TIME: TravelTime,
    Entity.VEHICLE: Vehicle,
    Entity.ENGAGEMENT: Engagement,
    Entity.TRAVEL_LEG: TravelLeg,
    Entity.SEATING_PLAN: SeatingPlan,
    Entity.TASK: ReadinessTask,
    Entity.GIFT: Gift,
}
_ENTITY_OF = {model: entity for entity, model in VERSIONED.items()}


def _refs(rows: Iterable[tuple[type, int]]) -> set[tuple[Entity, int]]:
    return {(_ENTITY_OF[model], ident) for model, ident in rows if model in _ENTITY_OF}


def written_rows(session: Session) -> tuple[dict[tuple[Entity, int], int], set[tuple[Entity, int]]]:
    """What the session has written (flushed) so far: the current version of each versioned
    row it inserted or changed that still exists, and the (entity, id) of those it deleted."""
    deleted = _refs(session.info.get("deleted_rows", ()))
    return row_versions(session, _refs(session.info.get("written_rows", ())) - deleted), deleted


def row_versions(session: Session, refs: Iterable[tuple[Entity, int]]) -> dict[tuple[Entity, int], int]:
    """The current version of each row in `refs` that still exists (with a version column)."""
    wanted: dict[Entity, set[int]] = {}
    for entity, ident in refs:
        if entity in VERSIONED:
            wanted.setdefault(entity, set()).add(ident)
    found: dict[tuple[Entity, int], int] = {}
    for entity, ids in wanted.items():
        rows, ordered = table(VERSIONED[entity]), sorted(ids)
        for at in range(0, len(ordered), 500):  # bounded IN lists, whatever an import wrote
            chunk = ordered[at : at + 500]
            for ident, version in session.execute(select(rows.c.id, rows.c.version).where(rows.c.id.in_(chunk))):
                found[(entity, ident)] = version
    return found


def person_field_privacy(field_name: str) -> Privacy | None:
    """The privacy class of a person's field (None for a name that is not a column)."""
    column = table(Person).columns.get(field_name)
    return None if column is None else column.info.get("privacy")


def table(model: type[Any]) -> Table:
    """The Core table of a mapped class (for reads that must not configure the mappers)."""
    return cast(Table, model.__table__)


# The three reads below run while the window is built, before its first frame. They select
# columns of Core tables, not mapped classes: the first ORM query configures every mapper
# (about 20 ms), which can then wait until after the first frame.


def visit_id_by_slug(session: Session, slug: str) -> int | None:
    visits = table(Visit)
    found = session.execute(select(visits.c.id).where(visits.c.slug == slug)).scalar()
    return None if found is None else int(found)


@dataclass(frozen=True)
class VisitRow:
    """A visit as the visit list shows it."""

    id: int
    title: str
    slug: str
    start_date: date
    end_date: date
    status: VisitStatus


def visit_rows(session: Session) -> list[VisitRow]:
    """Every visit, by start date then title."""
    visits = table(Visit)
    found = session.execute(
        select(
            visits.c.id, visits.c.title, visits.c.slug, visits.c.start_date, visits.c.end_date, visits.c.status
        ).order_by(visits.c.start_date, visits.c.title)
    )
    return [VisitRow(*row) for row in found]


@dataclass(frozen=True)
class VisitSummary:
    """A visit's own fields with the names of its organisations (None when unset) and how many
    engagements and attendees it has."""

    id: int
    version: int
    title: str
    slug: str
    start_date: date
    end_date: date
    status: VisitStatus
    local_time_zone: str
    home_time_zone: str
    purpose: str
    objectives: str
    marking: str
    issue_number: int
    visiting_organisation_id: int | None
    host_organisation_id: int | None
    visiting: str | None
    host: str | None
    engagements: int
    attendees: int


def visit_summary(session: Session, visit_id: int) -> VisitSummary | None:
    """One visit's summary; None if there is no such visit."""
    visits, engagements, attendees = table(Visit), table(Engagement), table(Attendee)
    visiting, host = table(Organisation).alias("visiting"), table(Organisation).alias("host")
    engagement_count = (
        select(func.count(engagements.c.id))
        .where(engagements.c.visit_id == visits.c.id)
        .scalar_subquery()
        .label("engagements")
    )
    attendee_count = (
        select(func.count(attendees.c.id))
        .where(attendees.c.visit_id == visits.c.id)
        .scalar_subquery()
        .label("attendees")
    )
    row = session.execute(
        select(visits, visiting.c.name.label("visiting"), host.c.name.label("host"), engagement_count, attendee_count)
        .outerjoin(visiting, visits.c.visiting_organisation_id == visiting.c.id)
        .outerjoin(host, visits.c.host_organisation_id == host.c.id)
        .where(visits.c.id == visit_id)
    ).first()
    return None if row is None else VisitSummary(**{f.name: row._mapping[f.name] for f in fields(VisitSummary)})


def list_visits(session: Session) -> Sequence[Visit]:
    return session.scalars(select(Visit).order_by(Visit.start_date, Visit.title)).all()


def engagements_of(session: Session, visit_id: int) -> Sequence[Engagement]:
    """The visit's engagements in time order, with attendances, venues and rooms loaded."""
    return session.scalars(
        select(Engagement)
        .where(Engagement.visit_id == visit_id)
        .options(
            selectinload(Engagement.attendances).joinedload(Attendance.attendee).joinedload(Attendee.person),
            selectinload(Engagement.venue),
            selectinload(Engagement.origin_venue),
            selectinload(Engagement.room),
            selectinload(Engagement.vehicle),
        )
        .order_by(Engagement.start_at, Engagement.end_at, Engagement.title)
    ).all()


def attendees_of(session: Session, visit_id: int) -> list[Attendee]:
    """The visit's attendees by side (visiting, host, staff) then precedence."""
    rows = session.scalars(
        select(Attendee)
        .where(Attendee.visit_id == visit_id)
        .options(selectinload(Attendee.person).selectinload(Person.organisation))
    ).all()
    return sorted(rows, key=lambda a: (SIDE_ORDER[a.side], a.precedence, a.person.name.sort_key))


def vehicles_of(session: Session, visit_id: int) -> Sequence[Vehicle]:
    return session.scalars(select(Vehicle).where(Vehicle.visit_id == visit_id).order_by(Vehicle.label)).all()


def venues_of(session: Session, visit_id: int) -> list[Venue]:
    """The venues the visit's engagements use (as place or origin), by name."""
    used = select(Engagement.venue_id).where(Engagement.visit_id == visit_id)
    origins = select(Engagement.origin_venue_id).where(Engagement.visit_id == visit_id)
    return list(
        session.scalars(
            select(Venue)
            .where(or_(Venue.id.in_(used), Venue.id.in_(origins)))
            .options(selectinload(Venue.rooms))
            .order_by(Venue.name)
        ).all()
    )


def travel_legs_of(session: Session, visit_id: int) -> list[TravelLeg]:
    """The visit's travel legs with their travellers, by landing time."""
    return list(
        session.scalars(
            select(TravelLeg)
            .where(TravelLeg.visit_id == visit_id)
            .options(selectinload(TravelLeg.travellers))
            .order_by(TravelLeg.arrives_at, TravelLeg.id)
        ).all()
    )


def all_venues(session: Session) -> Sequence[Venue]:
    return session.scalars(select(Venue).options(selectinload(Venue.rooms)).order_by(Venue.name)).all()


def all_people(session: Session) -> Sequence[Person]:
    return session.scalars(select(Person).order_by(Person.family_name, Person.given_names, Person.id)).all()


def all_organisations(session: Session) -> Sequence[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.name)).all()


def travel_times_between(session: Session, venue_ids: set[int]) -> Sequence[TravelTime]:
    return session.scalars(
        select(TravelTime)
        .where(TravelTime.from_venue_id.in_(venue_ids), TravelTime.to_venue_id.in_(venue_ids))
        .order_by(TravelTime.from_venue_id, TravelTime.to_venue_id)
    ).all()


def travel_minutes(session: Session, from_venue_id: int, to_venue_id: int) -> int | None:
    """Minutes from one venue to the other (either direction recorded), or None if unknown."""
    for a, b in ((from_venue_id, to_venue_id), (to_venue_id, from_venue_id)):
        row = session.scalars(
            select(TravelTime).where(TravelTime.from_venue_id == a, TravelTime.to_venue_id == b)
        ).first()
        if row is not None:
            return row.minutes
    return None


SQLITE_HEADER = b"SQLite format 3\x00"


def database_file_problem(path: Path) -> str | None:
    """Why the file at `path` cannot be opened as a VisitPlanner database, or None when it can:
    it must exist and be a SQLite database holding VisitPlanner's tables (of any version, as
    opening upgrades it). The file is only read, never changed."""
    import sqlite3

    if not path.exists():
        return f"There is no file at {path}."
    if not path.is_file():
        return f"{path} is a folder, not a database file."
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}."
    if not header:
        return f"{path.name} is empty: it is not a VisitPlanner database (File → New database… makes one)."
    if header != SQLITE_HEADER:
        return f"{path.name} is not a VisitPlanner database: it is not a SQLite database file."
    try:
        # with no write-ahead log beside it, the file alone is the database: read it as immutable,
        # which leaves no -wal or -shm file behind; with one, read it (read-only) with its log
        wal = path.with_name(path.name + "-wal")
        mode = "mode=ro" if wal.exists() else "immutable=1"
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"{path.name} cannot be read as a database: {exc}."
    if not {"alembic_version", Visit.__tablename__} <= tables:
        return f"{path.name} is a SQLite database, but not a VisitPlanner one: it holds no visits."
    return None


def sheet_mapping(session: Session, key: str) -> str | None:
    """The remembered column mapping for spreadsheets whose headers have the key `key`
    (one field per column, comma-separated), or None."""
    from visitplanner.store.models import SheetMapping

    return session.scalar(select(SheetMapping.targets).where(SheetMapping.key == key))
