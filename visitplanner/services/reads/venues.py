"""The venue book, a visit's vehicles and the travel matrix as plain rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from visitplanner.domain.enums import Role, TravelMode
from visitplanner.domain.values import RoomData, VehicleData, VenueData
from visitplanner.services.vehicles import vehicle_data
from visitplanner.services.venues import room_data, venue_data
from visitplanner.store.database import Session
from visitplanner.store.models import Engagement
from visitplanner.store.queries import all_venues, attendees_of, travel_times_between, vehicles_of, venues_of


@dataclass(frozen=True)
class RoomRow:
    """A room of a venue as the rooms table shows it."""

    id: int
    venue_id: int
    version: int
    data: RoomData


@dataclass(frozen=True)
class VenueRow:
    """A venue of the venue book, with its rooms and how much the selected visit uses it.

    Attributes:
        engagements: how many of the selected visit's engagements take place at (or leave
            from) the venue; 0 when it is not used by the visit.
    """

    id: int
    version: int
    data: VenueData
    rooms: tuple[RoomRow, ...]
    engagements: int

    @property
    def used(self) -> bool:
        return self.engagements > 0


@dataclass(frozen=True)
class VehicleRow:
    """A vehicle of the visit with its driver's name and how many transfers use it."""

    id: int
    version: int
    data: VehicleData
    driver: str
    transfers: int


@dataclass(frozen=True)
class DriverChoice:
    """An attendee offered as a driver."""

    id: int
    name: str
    role: Role


def visit_venue_use(session: Session, visit_id: int | None) -> Counter[int]:
    """Venue id -> how many of the visit's engagements use it as place or origin."""
    counts: Counter[int] = Counter()
    if visit_id is None:
        return counts
    rows = session.execute(
        select(Engagement.venue_id, Engagement.origin_venue_id).where(Engagement.visit_id == visit_id)
    ).all()
    for venue_id, origin_id in rows:
        for ident in {venue_id, origin_id}:
            if ident is not None:
                counts[ident] += 1
    return counts


def read_venue_rows(session: Session, visit_id: int | None) -> list[VenueRow]:
    """Every venue of the venue book; those the visit uses first, then by name."""
    use = visit_venue_use(session, visit_id)
    rows = [
        VenueRow(
            v.id,
            v.version,
            venue_data(v),
            tuple(RoomRow(r.id, v.id, r.version, room_data(r)) for r in v.rooms),
            use[v.id],
        )
        for v in all_venues(session)
    ]
    return sorted(rows, key=lambda r: (not r.used, r.data.name.casefold()))


def read_vehicle_rows(session: Session, visit_id: int) -> list[VehicleRow]:
    transfers = Counter(
        session.scalars(
            select(Engagement.vehicle_id).where(Engagement.visit_id == visit_id, Engagement.vehicle_id.is_not(None))
        ).all()
    )
    return [
        VehicleRow(v.id, v.version, vehicle_data(v), v.driver.person.name.display if v.driver else "", transfers[v.id])
        for v in vehicles_of(session, visit_id)
    ]


def read_driver_choices(session: Session, visit_id: int) -> list[DriverChoice]:
    """The visit's attendees, drivers first (by precedence), then everyone else."""
    people = [DriverChoice(a.id, a.person.name.display, a.role) for a in attendees_of(session, visit_id)]
    return sorted(people, key=lambda d: d.role is not Role.DRIVER)


@dataclass(frozen=True)
class VenueName:
    """A venue by id, code and name (a row and column of the matrix, a choice of an export)."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class TravelEntry:
    """A recorded travel time in one direction."""

    id: int
    minutes: int
    mode: TravelMode


@dataclass(frozen=True)
class TravelMatrix:
    """The venues shown and the travel times recorded between them, keyed (from id, to id)."""

    venues: tuple[VenueName, ...] = ()
    times: Mapping[tuple[int, int], TravelEntry] = field(default_factory=dict)


def read_visit_venues(session: Session, visit_id: int) -> list[VenueName]:
    """The venues the visit's engagements use (as place or origin), by name."""
    return [VenueName(v.id, v.code, v.name) for v in venues_of(session, visit_id)]


def read_travel_matrix(session: Session, visit_id: int | None, every_venue: bool) -> TravelMatrix:
    """The venues the visit uses (or every venue) with the travel times between them."""
    if every_venue or visit_id is None:
        venues = tuple(VenueName(v.id, v.code, v.name) for v in all_venues(session))
    else:
        venues = tuple(read_visit_venues(session, visit_id))
    times = {
        (t.from_venue_id, t.to_venue_id): TravelEntry(t.id, t.minutes, t.mode)
        for t in travel_times_between(session, {v.id for v in venues})
    }
    return TravelMatrix(venues, times)
