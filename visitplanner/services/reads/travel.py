"""Arrivals and departures as plain rows, and the choices the journey editor offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from visitplanner.domain.enums import LegDirection, Role, Side
from visitplanner.domain.formatting import leg_end, movement_text, route, span, wall_clock
from visitplanner.domain.values import TravelLegData
from visitplanner.services.travel import leg_data
from visitplanner.store.database import Session
from visitplanner.store.models import Attendee, TravelLeg, Venue, Visit
from visitplanner.store.queries import SIDE_ORDER


@dataclass(frozen=True)
class TravellerChoice:
    """An attendee who may travel on a journey or meet it."""

    id: int
    name: str
    side: Side
    role: Role
    precedence: int | None = None


@dataclass(frozen=True)
class PlaceChoice:
    """A venue a journey may arrive at or leave from (an airport, a station)."""

    id: int
    name: str
    code: str = ""


@dataclass(frozen=True)
class TravelChoices:
    """What the journey editor offers for one visit.

    Attributes:
        local_time_zone, home_time_zone: the visit's zones (the likely zones of each end).
        first_day, last_day: the visit's dates (a new journey's likely days).
        attendees: the visit's attendees, by side and precedence.
        venues: the venue book.
    """

    local_time_zone: str
    home_time_zone: str
    first_day: date
    last_day: date
    attendees: tuple[TravellerChoice, ...] = ()
    venues: tuple[PlaceChoice, ...] = ()

    def name_of(self, attendee_id: int | None) -> str:
        return next((a.name for a in self.attendees if a.id == attendee_id), "")


@dataclass(frozen=True)
class LegRow:
    """One journey as the views show it.

    Attributes:
        id, version: the travel leg's id and row version.
        data: its values (what its editor and undo work with).
        summary: one line, e.g. "Arrival · KE 9021 · Seoul Incheon (ICN) T2 → Manchester Airport (MAN) T2 ·
            Tue 11 May 01:45 Seoul – Tue 11 May 08:15 London".
        met_by: the name of who meets them, or "".
    """

    id: int
    version: int
    data: TravelLegData
    summary: str
    met_by: str = ""


def leg_summary(data: TravelLegData) -> str:
    """How one journey is written on one line."""
    start, end = leg_end(data.from_place, data.from_terminal), leg_end(data.to_place, data.to_terminal)
    ends = route(start or "?", end or "?") if start or end else ""
    times = span(wall_clock(data.departs, data.departs_zone), wall_clock(data.arrives, data.arrives_zone), spaced=True)
    return " · ".join(p for p in (data.direction.label, data.name, ends, times) if p)


def read_travel_choices(session: Session, visit_id: int) -> TravelChoices | None:
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    people = session.scalars(select(Attendee).where(Attendee.visit_id == visit_id)).all()
    people = sorted(people, key=lambda a: (SIDE_ORDER[a.side], a.precedence, a.id))
    venues = session.scalars(select(Venue).order_by(Venue.name, Venue.id)).all()
    return TravelChoices(
        visit.local_time_zone,
        visit.home_time_zone,
        visit.start_date,
        visit.end_date,
        tuple(TravellerChoice(a.id, a.person.name.display, a.side, a.role, a.precedence) for a in people),
        tuple(PlaceChoice(v.id, v.name, v.code) for v in venues),
    )


def read_legs(session: Session, visit_id: int, attendee_id: int | None = None) -> list[LegRow]:
    """The visit's journeys by landing time (only `attendee_id`'s when given)."""
    query = select(TravelLeg).where(TravelLeg.visit_id == visit_id).options(selectinload(TravelLeg.travellers))
    rows: list[LegRow] = []
    names = {
        a.id: a.person.name.display for a in session.scalars(select(Attendee).where(Attendee.visit_id == visit_id))
    }
    for leg in session.scalars(query.order_by(TravelLeg.arrives_at, TravelLeg.id)):
        data = leg_data(leg)
        if attendee_id is not None and attendee_id not in data.traveller_ids:
            continue
        met_by = names.get(leg.met_by_attendee_id, "") if leg.met_by_attendee_id is not None else ""
        rows.append(LegRow(leg.id, leg.version, data, leg_summary(data), met_by))
    return rows


@dataclass(frozen=True)
class Movement:
    """An arrival or departure as the timeline marks it at the edge of its day.

    Attributes:
        leg_id: the travel leg.
        arriving: an arrival (else a departure).
        at: when it lands (an arrival) or leaves (a departure): the visit's end of the journey.
        text: the marker, e.g. "✈ KE 9021 lands 08:15 MAN T2" (`formatting.movement_text`).
        detail: the journey on one line, then who travels (by side and precedence) and who
            meets them: the marker's tooltip.
    """

    leg_id: int
    arriving: bool
    at: datetime
    text: str
    detail: str


def read_movements(session: Session, visit_id: int) -> list[Movement]:
    """The visit's arrivals and departures in time order (none for a visit that is gone)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return []
    people = sorted(
        session.scalars(select(Attendee).where(Attendee.visit_id == visit_id)),
        key=lambda a: (SIDE_ORDER[a.side], a.precedence, a.id),
    )
    order = {a.id: n for n, a in enumerate(people)}
    names = {a.id: a.person.name.display for a in people}
    codes: dict[int, str] = {ident: code for ident, code in session.execute(select(Venue.id, Venue.code))}
    movements = []
    for row in read_legs(session, visit_id):
        data = row.data
        arriving = data.direction is LegDirection.ARRIVAL
        at, zone_name = (data.arrives, data.arrives_zone) if arriving else (data.departs, data.departs_zone)
        place, terminal = (data.to_place, data.to_terminal) if arriving else (data.from_place, data.from_terminal)
        if not place.strip() and data.venue_id is not None:
            place = codes.get(data.venue_id, "")
        text = movement_text(
            data.name, data.mode.label, arriving, at, zone_name, visit.local_time_zone, place, terminal
        )
        travellers = sorted((t for t in data.traveller_ids if t in names), key=order.__getitem__)
        lines = [row.summary, ", ".join(names[t] for t in travellers)]
        if row.met_by:
            lines.append(f"{'Met' if arriving else 'Seen off'} by {row.met_by}")
        movements.append(Movement(row.id, arriving, at, text, "\n".join(line for line in lines if line)))
    movements.sort(key=lambda m: (m.at, m.leg_id))
    return movements
