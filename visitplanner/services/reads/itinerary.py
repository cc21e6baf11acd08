"""The itinerary as plain rows: engagements with the names they refer to, and the editor's choices."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from visitplanner.domain.enums import EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.formatting import place, route
from visitplanner.domain.names import PersonName
from visitplanner.domain.timerange import local_day_bounds, overlaps
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, GuestData
from visitplanner.domain.work import Progress
from visitplanner.store.database import Session
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    EngagementGuest,
    Person,
    Room,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import SIDE_ORDER, table


# -- the choices an engagement editor offers ----------------------------------------------------
@dataclass(frozen=True)
class RoomChoice:
    """A room of a venue, as the editor offers it."""

    id: int
    name: str
    capacity: int | None = None


@dataclass(frozen=True)
class VenueChoice:
    """A venue of the venue book with its rooms."""

    id: int
    name: str
    code: str = ""
    rooms: tuple[RoomChoice, ...] = ()


@dataclass(frozen=True)
class VehicleChoice:
    """A vehicle of the visit."""

    id: int
    label: str
    capacity: int | None = None


@dataclass(frozen=True)
class AttendeeChoice:
    """An attendee of the visit, with the name the officer knows them by."""

    id: int
    name: str
    side: Side = Side.VISITING
    role: Role = Role.DELEGATE
    title: str = ""


@dataclass(frozen=True)
class EngagementChoices:
    """Everything the engagement editor needs besides the engagement itself, as plain data.

    Attributes:
        local_time_zone: the visit's local zone (times are entered in it).
        home_time_zone: the delegation's home zone (shown beside the local times).
        first_day: the visit's first local day.
        last_day: the visit's last local day.
        venues: the venue book, with rooms.
        vehicles: the visit's vehicles.
        attendees: the visit's attendees by side and precedence.
    """

    local_time_zone: str
    home_time_zone: str
    first_day: date
    last_day: date
    venues: tuple[VenueChoice, ...] = ()
    vehicles: tuple[VehicleChoice, ...] = ()
    attendees: tuple[AttendeeChoice, ...] = ()

    @property
    def local_zone(self) -> ZoneInfo:
        return ZoneInfo(self.local_time_zone)

    @property
    def home_zone(self) -> ZoneInfo:
        return ZoneInfo(self.home_time_zone)

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(max(count, 0))]

    def venue(self, venue_id: int | None) -> VenueChoice | None:
        return next((v for v in self.venues if v.id == venue_id), None)


# -- engagements as rows --------------------------------------------------------------------------
@dataclass(frozen=True)
class EngagementRow:
    """One engagement as the itinerary shows it (read inside a session, then frozen).

    Attributes:
        id: database id (changes when a deleted engagement is brought back by undo).
        uuid: the stable calendar UID.
        version: the row version read (for conflict checks).
        sequence: the calendar revision.
        plan: the engagement as its editor and undo commands work with it.
        venue_name, venue_code, room_name, origin_name, vehicle_label: names of what the ids refer to.
        attendee_names: attendees' display names, by side and precedence.
    """

    id: int
    uuid: str
    version: int
    sequence: int
    plan: EngagementPlan
    venue_name: str = ""
    venue_code: str = ""
    room_name: str = ""
    origin_name: str = ""
    vehicle_label: str = ""
    attendee_names: tuple[str, ...] = ()

    @property
    def kind(self) -> EngagementKind:
        return self.plan.data.kind

    @property
    def title(self) -> str:
        return self.plan.data.title

    @property
    def start(self) -> datetime:
        return self.plan.data.start

    @property
    def end(self) -> datetime:
        return self.plan.data.end

    @property
    def status(self) -> EngagementStatus:
        return self.plan.data.status

    @property
    def venue_id(self) -> int | None:
        return self.plan.data.venue_id

    @property
    def room_id(self) -> int | None:
        return self.plan.data.room_id

    @property
    def is_transfer(self) -> bool:
        return self.kind is EngagementKind.TRANSFER

    @property
    def cancelled(self) -> bool:
        return self.status is EngagementStatus.CANCELLED

    @property
    def attendee_count(self) -> int:
        return len(self.plan.attendances)

    @cached_property
    def search_text(self) -> str:
        """The words a filter finds the row by (title, kind, places, status, attendees), case-folded
        once."""
        words = (
            self.title,
            self.kind.label,
            self.venue_name,
            self.room_name,
            self.origin_name,
            self.status.value,
            *self.attendee_names,
        )
        return " ".join(words).casefold()

    @property
    def place(self) -> str:
        """ "Room, Venue", or "Origin → Destination" for a transfer."""
        if self.is_transfer:
            return route(self.origin_name or "?", self.venue_name or "?")
        return place(self.venue_name, self.room_name)


@dataclass(frozen=True)
class Itinerary:
    """A visit's itinerary with the choices its editor offers.

    Attributes:
        visit_id: the visit.
        title: the visit's title.
        rows: engagements in time order.
        choices: venues, vehicles, attendees, zones and days.
        only_day: None when `rows` are all the visit's engagements; else the local day whose
            engagements alone were read (`read_day`: what a large visit shows first).
    """

    visit_id: int
    title: str
    rows: tuple[EngagementRow, ...]
    choices: EngagementChoices
    only_day: date | None = None
    _by_uuid: dict[str, EngagementRow] = field(init=False, repr=False, compare=False)
    _by_id: dict[int, EngagementRow] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_uuid", {r.uuid: r for r in self.rows})
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rows})

    def by_uuid(self, uid: str | None) -> EngagementRow | None:
        return self._by_uuid.get(uid) if uid else None

    def by_id(self, ident: int) -> EngagementRow | None:
        return self._by_id.get(ident)

    def replacing(self, rows: Iterable[EngagementRow], removed: Iterable[int] = ()) -> Itinerary:
        """This itinerary with `rows` put in (replacing those with the same id) and the
        engagements `removed` (ids) taken out, still in time order: what an edit re-read.
        Each row is put in its place by bisection: the others are not sorted again."""
        fresh = {r.id: r for r in rows}
        gone = set(removed) | set(fresh)
        kept = [r for r in self.rows if r.id not in gone] if gone else list(self.rows)
        for row in sorted(fresh.values(), key=time_order):
            kept.insert(bisect_left(kept, time_order(row), key=time_order), row)
        return Itinerary(self.visit_id, self.title, tuple(kept), self.choices, self.only_day)

    def touching(self, start: datetime, end: datetime) -> list[EngagementRow]:
        """The rows sharing an instant with [start, end), in time order: found by bisecting the
        starts (no engagement starts earlier than the longest one lasts), not by a scan."""
        starts, longest = self._starts()
        first = bisect_left(starts, start - longest)
        last = bisect_left(starts, end)
        return [r for r in self.rows[first:last] if overlaps(r.start, r.end, start, end)]

    def _starts(self) -> tuple[list[datetime], timedelta]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None:
            starts = [r.start for r in self.rows]
            longest = max((r.end - r.start for r in self.rows), default=timedelta(0))
            cached = self.__dict__["_starts_cache"] = (starts, longest)
        return cached

    @property
    def complete(self) -> bool:
        """Whether all the visit's engagements were read (not only one day's)."""
        return self.only_day is None


def time_order(row: EngagementRow) -> tuple[datetime, datetime, str, int]:
    """The itinerary's order: by start, end, title (and id, so that it is total)."""
    return (row.start, row.end, row.title, row.id)


# -- the set-based reads ------------------------------------------------------------------------
# A few Core queries per visit (engagements, attendances, attendees, venues and rooms, vehicles),
# never one per engagement and never a lazy load: a 5,000-engagement visit reads in a fraction
# of the time the ORM took, and re-reading the few engagements an edit touched costs the same
# few queries over those ids only.

_CHUNK = 500  # bounded IN lists, whatever an edit touched


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for at in range(0, len(ordered), _CHUNK):
        yield ordered[at : at + _CHUNK]


@dataclass(frozen=True)
class _Names:
    """What rows name besides themselves: venues (name, code), rooms, vehicles, attendees."""

    venues: dict[int, tuple[str, str]]
    rooms: dict[int, str]
    vehicles: dict[int, str]
    attendees: dict[int, tuple[tuple[int, int, int], str]]  # id -> (order key, display name)


def _attendee_rows(session: Session, where: Any) -> list[Any]:
    attendees, people = table(Attendee), table(Person)
    return list(
        session.execute(
            select(
                attendees.c.id,
                attendees.c.side,
                attendees.c.role,
                attendees.c.precedence,
                people.c.title,
                people.c.family_name,
                people.c.given_names,
                people.c.native_name,
                people.c.romanised_name,
                people.c.name_order,
                people.c.honorific,
                people.c.form_of_address,
            )
            .join(people, people.c.id == attendees.c.person_id)
            .where(where)
        )
    )


def _person_name(row: Any) -> PersonName:
    return PersonName(
        row.family_name,
        row.given_names,
        row.native_name,
        row.romanised_name,
        row.name_order,
        row.honorific,
        row.form_of_address,
    )


def _attendee_names(rows: Iterable[Any]) -> dict[int, tuple[tuple[int, int, int], str]]:
    return {r.id: ((SIDE_ORDER[r.side], r.precedence, r.id), _person_name(r).display) for r in rows}


def _venue_names(session: Session, ids: Collection[int] | None) -> dict[int, tuple[str, str]]:
    venues = table(Venue)
    query = select(venues.c.id, venues.c.name, venues.c.code)
    if ids is None:
        return {r.id: (r.name, r.code) for r in session.execute(query)}
    found: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        found.update((r.id, (r.name, r.code)) for r in session.execute(query.where(venues.c.id.in_(chunk))))
    return found


def _by_ids(session: Session, columns: Any, key: Any, ids: Collection[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(ids):
        found.update((r[0], r[1]) for r in session.execute(select(key, columns).where(key.in_(chunk))))
    return found


def read_engagement_rows(
    session: Session,
    visit_id: int,
    ids: Collection[int] | None = None,
    progress: Callable[[int], None] | None = None,
    during: tuple[datetime, datetime] | None = None,
) -> list[EngagementRow]:
    """The visit's engagements as rows in time order, or only those of `ids` (an edit re-reads
    what it touched; ids of other visits or of deleted engagements are left out), or only those
    sharing an instant with the span `during` (start, end).

    `progress(step)` hears when the engagements (1), then their attendances and names (2) are read.
    """
    engagements, attendances = table(Engagement), table(Attendance)
    columns = select(
        engagements.c.id,
        engagements.c.uuid,
        engagements.c.version,
        engagements.c.sequence,
        engagements.c.kind,
        engagements.c.title,
        engagements.c.start_at,
        engagements.c.end_at,
        engagements.c.venue_id,
        engagements.c.room_id,
        engagements.c.origin_venue_id,
        engagements.c.vehicle_id,
        engagements.c.public_notes,
        engagements.c.restricted_notes,
        engagements.c.dress_code,
        engagements.c.status,
        engagements.c.interpretation,
        engagements.c.is_public,
        engagements.c.guest_count,
        engagements.c.guest_label,
    ).where(engagements.c.visit_id == visit_id)
    in_visit = engagements.c.visit_id == visit_id
    if during is not None:  # overlapping [start, end), as `overlaps` has it
        window = (engagements.c.start_at < during[1]) & (engagements.c.end_at > during[0])
        columns, in_visit = columns.where(window), in_visit & window
    parts = select(attendances.c.engagement_id, attendances.c.attendee_id, attendances.c.part).order_by(
        attendances.c.engagement_id, attendances.c.attendee_id
    )
    described = table(EngagementGuest)
    guest_rows = select(
        described.c.engagement_id,
        described.c.number,
        described.c.label,
        described.c.accompanies_attendee_id,
        described.c.side,
    ).order_by(described.c.engagement_id, described.c.number)
    if ids is None:
        found = session.execute(columns).all()
        taken = session.execute(
            parts.join(engagements, engagements.c.id == attendances.c.engagement_id).where(in_visit)
        ).all()
        guest_found = session.execute(
            guest_rows.join(engagements, engagements.c.id == described.c.engagement_id).where(in_visit)
        ).all()
        people = _attendee_names(_attendee_rows(session, table(Attendee).c.visit_id == visit_id))
    else:
        found, taken, guest_found = [], [], []
        for chunk in _chunks(ids):
            found += session.execute(columns.where(engagements.c.id.in_(chunk))).all()
            taken += session.execute(parts.where(attendances.c.engagement_id.in_(chunk))).all()
            guest_found += session.execute(guest_rows.where(described.c.engagement_id.in_(chunk))).all()
        people = {}
    if progress is not None:
        progress(1)
    missing = {a.attendee_id for a in taken} - people.keys()
    for chunk in _chunks(missing):  # of a subset; or attendees of another visit (never made by the services)
        people.update(_attendee_names(_attendee_rows(session, table(Attendee).c.id.in_(chunk))))
    venue_ids = {r.venue_id for r in found if r.venue_id is not None}
    venue_ids |= {r.origin_venue_id for r in found if r.origin_venue_id is not None}
    names = _Names(
        _venue_names(session, venue_ids),
        _by_ids(session, table(Room).c.name, table(Room).c.id, {r.room_id for r in found if r.room_id is not None}),
        _by_ids(
            session,
            table(Vehicle).c.label,
            table(Vehicle).c.id,
            {r.vehicle_id for r in found if r.vehicle_id is not None},
        ),
        people,
    )
    if progress is not None:
        progress(2)
    # each engagement's attendances, by attendee id (as the query orders them), built from shared values
    shared: dict[tuple[int, Any], AttendanceData] = {}
    by_engagement: dict[int, list[AttendanceData]] = {}
    for engagement_id, attendee_id, part in taken:
        value = shared.get((attendee_id, part))
        if value is None:
            value = shared[(attendee_id, part)] = AttendanceData(attendee_id, part)
        by_engagement.setdefault(engagement_id, []).append(value)
    described_by: dict[int, list[GuestData]] = {}
    for g in guest_found:
        described_by.setdefault(g.engagement_id, []).append(
            GuestData(g.number, g.label, g.accompanies_attendee_id, g.side)
        )
    rows = [_row(r, by_engagement.get(r.id, []), names, tuple(described_by.get(r.id, ()))) for r in found]
    rows.sort(key=time_order)
    return rows


def _row(r: Any, taken: list[AttendanceData], names: _Names, guests: tuple[GuestData, ...] = ()) -> EngagementRow:
    data = EngagementData(
        kind=r.kind,
        title=r.title,
        start=r.start_at,
        end=r.end_at,
        venue_id=r.venue_id,
        room_id=r.room_id,
        origin_venue_id=r.origin_venue_id,
        vehicle_id=r.vehicle_id,
        public_notes=r.public_notes,
        restricted_notes=r.restricted_notes,
        dress_code=r.dress_code,
        status=r.status,
        interpretation=r.interpretation,
        is_public=r.is_public,
        guest_count=r.guest_count,
        guest_label=r.guest_label,
        guests=guests,
    )
    people = names.attendees
    ordered = sorted([people[a.attendee_id] for a in taken])
    venue = names.venues.get(r.venue_id) if r.venue_id is not None else None
    origin = names.venues.get(r.origin_venue_id) if r.origin_venue_id is not None else None
    return EngagementRow(
        id=r.id,
        uuid=r.uuid,
        version=r.version,
        sequence=r.sequence,
        plan=EngagementPlan(data, tuple(taken)),
        venue_name=venue[0] if venue else "",
        venue_code=venue[1] if venue else "",
        room_name=names.rooms.get(r.room_id, "") if r.room_id is not None else "",
        origin_name=origin[0] if origin else "",
        vehicle_label=names.vehicles.get(r.vehicle_id, "") if r.vehicle_id is not None else "",
        attendee_names=tuple(name for _, name in ordered),
    )


def read_choices(session: Session, visit_id: int) -> EngagementChoices | None:
    """What the engagement editor offers for the visit (None when the visit is gone)."""
    visits, venues, rooms, vehicles = table(Visit), table(Venue), table(Room), table(Vehicle)
    visit = session.execute(
        select(visits.c.local_time_zone, visits.c.home_time_zone, visits.c.start_date, visits.c.end_date).where(
            visits.c.id == visit_id
        )
    ).first()
    if visit is None:
        return None
    rooms_of: dict[int, list[RoomChoice]] = {}
    for room in session.execute(
        select(rooms.c.venue_id, rooms.c.id, rooms.c.name, rooms.c.capacity).order_by(rooms.c.name, rooms.c.id)
    ):
        rooms_of.setdefault(room.venue_id, []).append(RoomChoice(room.id, room.name, room.capacity))
    venue_choices = tuple(
        VenueChoice(v.id, v.name, v.code, tuple(rooms_of.get(v.id, ())))
        for v in session.execute(select(venues.c.id, venues.c.name, venues.c.code).order_by(venues.c.name))
    )
    vehicle_choices = tuple(
        VehicleChoice(v.id, v.label, v.capacity)
        for v in session.execute(
            select(vehicles.c.id, vehicles.c.label, vehicles.c.capacity)
            .where(vehicles.c.visit_id == visit_id)
            .order_by(vehicles.c.label)
        )
    )
    attendee_rows = _attendee_rows(session, table(Attendee).c.visit_id == visit_id)
    named = [(a, _person_name(a)) for a in attendee_rows]
    named.sort(key=lambda pair: (SIDE_ORDER[pair[0].side], pair[0].precedence, pair[1].sort_key, pair[0].id))
    attendee_choices = tuple(AttendeeChoice(a.id, name.display, a.side, a.role, a.title) for a, name in named)
    return EngagementChoices(
        visit.local_time_zone,
        visit.home_time_zone,
        visit.start_date,
        visit.end_date,
        venue_choices,
        vehicle_choices,
        attendee_choices,
    )


def read_itinerary(session: Session, visit_id: int, progress: Progress | None = None) -> Itinerary | None:
    """The visit's engagements and editor choices, or None when the visit is gone.

    `progress(done, total)` hears of each of the read's steps (a large visit is read in a background task).
    """
    report = progress or (lambda done, total: None)
    visits = table(Visit)
    title = session.execute(select(visits.c.title).where(visits.c.id == visit_id)).scalar()
    report(0, READ_STEPS)
    choices = read_choices(session, visit_id)
    if title is None or choices is None:
        return None
    report(1, READ_STEPS)
    rows = read_engagement_rows(session, visit_id, progress=lambda done: report(1 + done, READ_STEPS))
    report(READ_STEPS, READ_STEPS)
    return Itinerary(visit_id, title, tuple(rows), choices)


def read_day(session: Session, visit_id: int, day: date | None = None) -> Itinerary | None:
    """The visit's choices and the engagements sharing an instant with its local `day` only (its
    first day when `day` is None or not one of its days): what a large visit shows first, while
    the rest is read. None when the visit is gone."""
    visits = table(Visit)
    title = session.execute(select(visits.c.title).where(visits.c.id == visit_id)).scalar()
    choices = read_choices(session, visit_id)
    if title is None or choices is None:
        return None
    days = choices.days
    shown = day if day in days else (days[0] if days else choices.first_day)
    rows = read_engagement_rows(session, visit_id, during=local_day_bounds(shown, choices.local_zone))
    return Itinerary(visit_id, title, tuple(rows), choices, only_day=shown)


#: The steps `read_itinerary` reports: the choices, the engagements, attendances and names, the rows built.
READ_STEPS = 4


def visit_size(session: Session, visit_id: int) -> int | None:
    """How many engagements the visit has, or None when there is no such visit (one query)."""
    visits, engagements = table(Visit), table(Engagement)
    count = select(func.count()).select_from(engagements).where(engagements.c.visit_id == visits.c.id)
    found = session.execute(select(count.scalar_subquery()).where(visits.c.id == visit_id)).first()
    return None if found is None else int(found[0] or 0)


def engagement_count(session: Session, visit_id: int) -> int:
    """How many engagements the visit has (one indexed count: whether to read it in the background)."""
    engagements = table(Engagement)
    query = select(func.count()).select_from(engagements).where(engagements.c.visit_id == visit_id)
    return int(session.execute(query).scalar() or 0)
