"""Runs the checks engine on a stored visit: reads plain values, hands them to the domain."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.checks import (
    DEFAULT_OPTIONS,
    CheckAttendance,
    CheckAttendee,
    CheckEngagement,
    CheckInput,
    CheckLeg,
    CheckOptions,
    CheckRoom,
    CheckTravelTime,
    CheckVehicle,
    CheckVenue,
    CheckVisit,
    Finding,
    run_checks,
)
from visitplanner.domain.enums import LegDirection
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.names import parse_languages
from visitplanner.domain.values import leg_name
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Person,
    Room,
    TravelLeg,
    TravelLegTraveller,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import find_visit


def check_input(session: Session, visit_id: int) -> CheckInput:
    """The plain values the checks engine reads for one visit (a few flat queries)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        find_visit(session, visit_id)  # raises the usual "no visit" error
        raise AssertionError
    engagements = session.execute(
        select(
            Engagement.id,
            Engagement.title,
            Engagement.kind,
            Engagement.status,
            Engagement.start_at,
            Engagement.end_at,
            Engagement.venue_id,
            Engagement.room_id,
            Engagement.origin_venue_id,
            Engagement.vehicle_id,
            Engagement.interpretation,
        ).where(Engagement.visit_id == visit_id)
    ).all()
    attendances = session.execute(
        select(Attendance.engagement_id, Attendance.attendee_id, Attendance.part)
        .join(Engagement, Engagement.id == Attendance.engagement_id)
        .where(Engagement.visit_id == visit_id)
    ).all()
    attendees = session.execute(
        select(
            Attendee.id,
            Attendee.side,
            Attendee.role,
            Attendee.precedence,
            Person.family_name,
            Person.given_names,
            Person.native_name,
            Person.romanised_name,
            Person.name_order,
            Person.languages,
            Person.dietary,
        )
        .join(Person, Person.id == Attendee.person_id)
        .where(Attendee.visit_id == visit_id)
    ).all()
    legs = session.scalars(select(TravelLeg).where(TravelLeg.visit_id == visit_id)).all()
    travellers: dict[int, list[int]] = {}
    for leg_id, attendee_id in session.execute(
        select(TravelLegTraveller.leg_id, TravelLegTraveller.attendee_id)
        .join(TravelLeg, TravelLeg.id == TravelLegTraveller.leg_id)
        .where(TravelLeg.visit_id == visit_id)
    ):
        travellers.setdefault(leg_id, []).append(attendee_id)
    venue_ids = (
        {e.venue_id for e in engagements if e.venue_id}
        | {e.origin_venue_id for e in engagements if e.origin_venue_id}
        | {leg.venue_id for leg in legs if leg.venue_id}
    )
    venues = session.scalars(select(Venue).where(Venue.id.in_(venue_ids))).all() if venue_ids else []
    rooms = session.scalars(select(Room).where(Room.venue_id.in_(venue_ids))).all() if venue_ids else []
    travel = session.scalars(
        select(TravelTime).where(TravelTime.from_venue_id.in_(venue_ids), TravelTime.to_venue_id.in_(venue_ids))
    ).all()
    vehicles = session.scalars(select(Vehicle).where(Vehicle.visit_id == visit_id)).all()

    from visitplanner.domain.names import PersonName

    return CheckInput(
        visit=CheckVisit(visit.start_date, visit.end_date, visit.local_time_zone, visit.home_time_zone),
        engagements=tuple(
            CheckEngagement(
                e.id,
                e.title,
                e.kind,
                e.status,
                e.start_at,
                e.end_at,
                e.venue_id,
                e.room_id,
                e.origin_venue_id,
                e.vehicle_id,
                e.interpretation,
            )
            for e in engagements
        ),
        attendances=tuple(CheckAttendance(a.engagement_id, a.attendee_id, a.part) for a in attendances),
        attendees=tuple(
            CheckAttendee(
                a.id,
                PersonName(a.family_name, a.given_names, a.native_name, a.romanised_name, a.name_order).display,
                a.side,
                a.role,
                a.precedence,
                parse_languages(a.languages),
                bool(a.dietary.strip()),
            )
            for a in attendees
        ),
        venues=tuple(
            CheckVenue(
                v.id,
                v.name,
                v.code,
                v.time_zone,
                v.capacity,
                OpeningHours.from_json(v.opening_hours) if v.opening_hours is not None else None,
            )
            for v in venues
        ),
        rooms=tuple(CheckRoom(r.id, r.venue_id, r.name, r.capacity) for r in rooms),
        travel_times=tuple(CheckTravelTime(t.from_venue_id, t.to_venue_id, t.minutes) for t in travel),
        vehicles=tuple(CheckVehicle(v.id, v.label, v.capacity, v.driver_attendee_id) for v in vehicles),
        legs=tuple(_check_leg(leg, travellers.get(leg.id, []), venues) for leg in legs),
    )


def _check_leg(leg: TravelLeg, travellers: list[int], venues: Sequence[Venue]) -> CheckLeg:
    arriving = leg.direction is LegDirection.ARRIVAL
    place, terminal = (leg.to_place, leg.to_terminal) if arriving else (leg.from_place, leg.from_terminal)
    if not place.strip() and leg.venue_id is not None:
        place = next((v.name for v in venues if v.id == leg.venue_id), "")
    return CheckLeg(
        leg.id,
        leg_name(leg.mode, leg.carrier, leg.number, leg.from_place, leg.to_place, leg.direction),
        leg.direction,
        leg.departs_at,
        leg.arrives_at,
        leg.arrives_zone if arriving else leg.departs_zone,
        " ".join(p for p in (place.strip(), terminal.strip()) if p),
        leg.venue_id,
        tuple(sorted(travellers)),
        leg.met_by_attendee_id,
        leg.mode,
    )


def check_visit(session: Session, visit_id: int, options: CheckOptions = DEFAULT_OPTIONS) -> list[Finding]:
    """Every finding of the checks engine for the stored visit."""
    return run_checks(check_input(session, visit_id), options)
