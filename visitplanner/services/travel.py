"""Arrivals and departures: travel legs shared by the attendees on them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import require_aware
from visitplanner.domain.values import TravelLegData
from visitplanner.services.base import assign, check_version, get, service
from visitplanner.store.models import Attendee, TravelLeg, TravelLegTraveller, Venue, Visit


def _check(session: Session, visit_id: int, data: TravelLegData) -> None:
    data.validate()
    ids = set(data.traveller_ids)
    if data.met_by_attendee_id is not None:
        ids.add(data.met_by_attendee_id)
    found = set(session.scalars(select(Attendee.id).where(Attendee.id.in_(ids), Attendee.visit_id == visit_id)))
    for ident in data.traveller_ids:
        if ident not in found:
            raise UserError(f"travellers: attendee {ident} does not attend this visit", field="travellers")
    if data.met_by_attendee_id is not None:
        if data.met_by_attendee_id not in found:
            raise UserError("met_by: who meets them must attend this visit", field="met_by")
        if data.met_by_attendee_id in data.traveller_ids:
            raise UserError("met_by: someone on the journey cannot also meet it", field="met_by")
    if data.venue_id is not None:
        get(session, Venue, data.venue_id, "venue", "venue")


def _fields(data: TravelLegData) -> dict[str, object]:
    return {
        "direction": data.direction,
        "mode": data.mode,
        "carrier": data.carrier.strip(),
        "number": data.number.strip(),
        "from_place": data.from_place.strip(),
        "from_terminal": data.from_terminal.strip(),
        "to_place": data.to_place.strip(),
        "to_terminal": data.to_terminal.strip(),
        "departs_at": require_aware(data.departs, "departs"),
        "departs_zone": data.departs_zone,
        "arrives_at": require_aware(data.arrives, "arrives"),
        "arrives_zone": data.arrives_zone,
        "venue_id": data.venue_id,
        "met_by_attendee_id": data.met_by_attendee_id,
        "notes": data.notes,
    }


def _set_travellers(session: Session, leg: TravelLeg, attendee_ids: tuple[int, ...]) -> bool:
    current = {t.attendee_id: t for t in leg.travellers}
    wanted = set(attendee_ids)
    changed = False
    for attendee_id, row in current.items():
        if attendee_id not in wanted:
            leg.travellers.remove(row)
            changed = True
    session.flush()
    for attendee_id in attendee_ids:
        if attendee_id not in current:
            leg.travellers.append(TravelLegTraveller(attendee_id=attendee_id))
            changed = True
    return changed


@service
def create_leg(session: Session, visit_id: int, data: TravelLegData) -> Changes:
    """Record a journey for the attendees on it (a group shares one leg)."""
    get(session, Visit, visit_id, "visit")
    _check(session, visit_id, data)
    leg = TravelLeg(visit_id=visit_id, travellers=[], **_fields(data))
    session.add(leg)
    session.flush()
    _set_travellers(session, leg, data.traveller_ids)
    return Changes.of_created(Entity.TRAVEL_LEG, leg.id) | Changes.of_updated(Entity.ATTENDEE, *data.traveller_ids)


@service
def update_leg(session: Session, leg_id: int, data: TravelLegData, expected_version: int | None = None) -> Changes:
    leg = get(session, TravelLeg, leg_id, "travel leg")
    check_version(leg, expected_version, f"The journey {data.name}")
    _check(session, leg.visit_id, data)
    before = {t.attendee_id for t in leg.travellers}
    changed = assign(leg, _fields(data))
    if _set_travellers(session, leg, data.traveller_ids):
        changed = True
        flag_modified(leg, "notes")  # the travellers are part of the leg: its version moves with them
    if not changed:
        return Changes()
    session.flush()
    return Changes.of_updated(Entity.TRAVEL_LEG, leg_id) | Changes.of_updated(
        Entity.ATTENDEE, *(before | set(data.traveller_ids))
    )


@service
def delete_leg(session: Session, leg_id: int, expected_version: int | None = None) -> Changes:
    leg = get(session, TravelLeg, leg_id, "travel leg")
    check_version(leg, expected_version, f"The journey {leg_data(leg).name}")
    travellers = [t.attendee_id for t in leg.travellers]
    session.delete(leg)
    return Changes.of_deleted(Entity.TRAVEL_LEG, leg_id) | Changes.of_updated(Entity.ATTENDEE, *travellers)


@service
def add_traveller(session: Session, leg_id: int, attendee_id: int) -> Changes:
    """Put an attendee back on a leg (undo of their removal from the visit); nothing if already on it."""
    leg = session.get(TravelLeg, leg_id)
    if leg is None or any(t.attendee_id == attendee_id for t in leg.travellers):
        return Changes()
    leg.travellers.append(TravelLegTraveller(attendee_id=attendee_id))
    flag_modified(leg, "notes")
    return Changes.of_updated(Entity.TRAVEL_LEG, leg_id)


@service
def set_greeter(session: Session, leg_id: int, attendee_id: int) -> Changes:
    """Give a leg back who meets it (undo of their removal from the visit), if it has nobody now."""
    leg = session.get(TravelLeg, leg_id)
    if leg is None or leg.met_by_attendee_id is not None:
        return Changes()
    leg.met_by_attendee_id = attendee_id
    return Changes.of_updated(Entity.TRAVEL_LEG, leg_id)


def leg_data(leg: TravelLeg) -> TravelLegData:
    """The leg as the plain value its editor and undo work with (travellers by id)."""
    return TravelLegData(
        direction=leg.direction,
        mode=leg.mode,
        departs=leg.departs_at,
        arrives=leg.arrives_at,
        departs_zone=leg.departs_zone,
        arrives_zone=leg.arrives_zone,
        traveller_ids=tuple(sorted(t.attendee_id for t in leg.travellers)),
        carrier=leg.carrier,
        number=leg.number,
        from_place=leg.from_place,
        from_terminal=leg.from_terminal,
        to_place=leg.to_place,
        to_terminal=leg.to_terminal,
        venue_id=leg.venue_id,
        met_by_attendee_id=leg.met_by_attendee_id,
        notes=leg.notes,
    )
