"""The itinerary as plain rows: engagements with the names they refer to, and the editor's choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from visitplanner.domain.enums import EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.formatting import place, route
from visitplanner.domain.values import EngagementPlan
from visitplanner.services.engagements import engagement_plan
from visitplanner.store.database import Session
from visitplanner.store.models import Engagement, Visit
from visitplanner.store.queries import SIDE_ORDER, all_venues, attendees_of, engagements_of, vehicles_of


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
    """

    visit_id: int
    title: str
    rows: tuple[EngagementRow, ...]
    choices: EngagementChoices

    def by_uuid(self, uid: str | None) -> EngagementRow | None:
        return next((r for r in self.rows if r.uuid == uid), None) if uid else None

    def by_id(self, ident: int) -> EngagementRow | None:
        return next((r for r in self.rows if r.id == ident), None)


def _engagement_row(engagement: Engagement) -> EngagementRow:
    attendances = sorted(
        engagement.attendances, key=lambda a: (SIDE_ORDER[a.attendee.side], a.attendee.precedence, a.attendee_id)
    )
    return EngagementRow(
        id=engagement.id,
        uuid=engagement.uuid,
        version=engagement.version,
        sequence=engagement.sequence,
        plan=engagement_plan(engagement),
        venue_name=engagement.venue.name if engagement.venue else "",
        venue_code=engagement.venue.code if engagement.venue else "",
        room_name=engagement.room.name if engagement.room else "",
        origin_name=engagement.origin_venue.name if engagement.origin_venue else "",
        vehicle_label=engagement.vehicle.label if engagement.vehicle else "",
        attendee_names=tuple(a.attendee.person.name.display for a in attendances),
    )


def _read_choices(session: Session, visit: Visit) -> EngagementChoices:
    venues = tuple(
        VenueChoice(v.id, v.name, v.code, tuple(RoomChoice(r.id, r.name, r.capacity) for r in v.rooms))
        for v in all_venues(session)
    )
    vehicles = tuple(VehicleChoice(v.id, v.label, v.capacity) for v in vehicles_of(session, visit.id))
    attendees = tuple(
        AttendeeChoice(a.id, a.person.name.display, a.side, a.role, a.person.title)
        for a in attendees_of(session, visit.id)
    )
    return EngagementChoices(
        visit.local_time_zone, visit.home_time_zone, visit.start_date, visit.end_date, venues, vehicles, attendees
    )


def read_itinerary(session: Session, visit_id: int) -> Itinerary | None:
    """The visit's engagements and editor choices, or None when the visit is gone."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    rows = tuple(_engagement_row(e) for e in engagements_of(session, visit_id))
    return Itinerary(visit.id, visit.title, rows, _read_choices(session, visit))
