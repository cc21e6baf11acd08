"""The venue book: venues, their rooms, and travel times between venues."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.values import RoomData, TravelTimeData, VenueData
from visitplanner.services.base import assign, check_version, get, service
from visitplanner.store.models import Engagement, Room, TravelTime, Venue


def _values(session: Session, data: VenueData, own_id: int | None) -> dict[str, object]:
    data.validate()
    query = select(Venue.id).where(Venue.code == data.code.strip())
    if own_id is not None:
        query = query.where(Venue.id != own_id)
    if session.scalars(query).first() is not None:
        raise UserError(f"code: another venue already has the code {data.code!r}", field="code")
    return {
        "name": data.name.strip(),
        "code": data.code.strip(),
        "address": data.address.strip(),
        "latitude": data.latitude,
        "longitude": data.longitude,
        "time_zone": data.time_zone.strip(),
        "capacity": data.capacity,
        "opening_hours": data.opening_hours.to_json() if data.opening_hours is not None else None,
        "access_notes": data.access_notes,
        "site_contact": data.site_contact.strip(),
        "site_contact_phone": data.site_contact_phone.strip(),
        "description": data.description,
    }


@service
def create_venue(session: Session, data: VenueData) -> Changes:
    venue = Venue(**_values(session, data, None))
    session.add(venue)
    session.flush()
    return Changes.of_created(Entity.VENUE, venue.id)


@service
def update_venue(session: Session, venue_id: int, data: VenueData, expected_version: int | None = None) -> Changes:
    values = _values(session, data, venue_id)
    venue = get(session, Venue, venue_id, "venue")
    check_version(venue, expected_version, f"Venue {venue.name!r}")
    return Changes.of_updated(Entity.VENUE, venue_id) if assign(venue, values) else Changes()


def _engagements_using(session: Session, venue_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Engagement.title)
            .where(or_(Engagement.venue_id == venue_id, Engagement.origin_venue_id == venue_id))
            .limit(5)
        ).all()
    )


@service
def delete_venue(session: Session, venue_id: int, expected_version: int | None = None) -> Changes:
    """Delete the venue with its rooms and travel times (all listed as deleted); refused while engagements use it."""
    venue = get(session, Venue, venue_id, "venue")
    check_version(venue, expected_version, f"Venue {venue.name!r}")
    used = _engagements_using(session, venue_id)
    if used:
        raise UserError(
            f"venue: {venue.name} is used by {', '.join(repr(t) for t in used)}; "
            "move or delete those engagements first",
            field="venue",
        )
    room_ids = [r.id for r in venue.rooms]
    times = session.scalars(
        select(TravelTime.id).where(or_(TravelTime.from_venue_id == venue_id, TravelTime.to_venue_id == venue_id))
    ).all()
    session.delete(venue)
    return (
        Changes.of_deleted(Entity.VENUE, venue_id)
        | Changes.of_deleted(Entity.ROOM, *room_ids)
        | Changes.of_deleted(Entity.TRAVEL_TIME, *times)
    )


def _room_values(session: Session, venue_id: int, data: RoomData, own_id: int | None) -> dict[str, object]:
    data.validate()
    query = select(Room.id).where(Room.venue_id == venue_id, Room.name == data.name.strip())
    if own_id is not None:
        query = query.where(Room.id != own_id)
    if session.scalars(query).first() is not None:
        raise UserError(f"name: the venue already has a room called {data.name.strip()!r}", field="name")
    return {"name": data.name.strip(), "capacity": data.capacity, "notes": data.notes}


@service
def add_room(session: Session, venue_id: int, data: RoomData) -> Changes:
    get(session, Venue, venue_id, "venue")
    room = Room(venue_id=venue_id, **_room_values(session, venue_id, data, None))
    session.add(room)
    session.flush()
    return Changes.of_created(Entity.ROOM, room.id) | Changes.of_updated(Entity.VENUE, venue_id)


@service
def update_room(session: Session, room_id: int, data: RoomData, expected_version: int | None = None) -> Changes:
    room = get(session, Room, room_id, "room")
    check_version(room, expected_version, f"Room {room.name!r}")
    values = _room_values(session, room.venue_id, data, room_id)
    return Changes.of_updated(Entity.ROOM, room_id) if assign(room, values) else Changes()


@service
def delete_room(session: Session, room_id: int, expected_version: int | None = None) -> Changes:
    room = get(session, Room, room_id, "room")
    check_version(room, expected_version, f"Room {room.name!r}")
    used = session.scalars(select(Engagement.title).where(Engagement.room_id == room_id).limit(5)).all()
    if used:
        raise UserError(
            f"room: {room.name} is booked for {', '.join(repr(t) for t in used)}; change their room first", field="room"
        )
    session.delete(room)
    return Changes.of_deleted(Entity.ROOM, room_id) | Changes.of_updated(Entity.VENUE, room.venue_id)


@service
def set_travel_time(session: Session, data: TravelTimeData) -> Changes:
    """Record (or replace) the travel time from one venue to another."""
    data.validate()
    get(session, Venue, data.from_venue_id, "venue", "from_venue")
    get(session, Venue, data.to_venue_id, "venue", "to_venue")
    row = session.scalars(
        select(TravelTime).where(
            TravelTime.from_venue_id == data.from_venue_id, TravelTime.to_venue_id == data.to_venue_id
        )
    ).first()
    if row is None:
        row = TravelTime(
            from_venue_id=data.from_venue_id, to_venue_id=data.to_venue_id, minutes=data.minutes, mode=data.mode
        )
        session.add(row)
        session.flush()
        return Changes.of_created(Entity.TRAVEL_TIME, row.id)
    changed = assign(row, {"minutes": data.minutes, "mode": data.mode})
    return Changes.of_updated(Entity.TRAVEL_TIME, row.id) if changed else Changes()


@service
def delete_travel_time(session: Session, travel_time_id: int, expected_version: int | None = None) -> Changes:
    row = get(session, TravelTime, travel_time_id, "travel time")
    check_version(row, expected_version, "The travel time")
    session.delete(row)
    return Changes.of_deleted(Entity.TRAVEL_TIME, travel_time_id)


@service
def put_travel_time(
    session: Session, from_venue_id: int, to_venue_id: int, value: tuple[int, TravelMode] | None
) -> Changes:
    """Record `value` (minutes, mode) as the travel time from one venue to another, or clear it (None)."""
    if value is not None:
        return set_travel_time(session, TravelTimeData(from_venue_id, to_venue_id, *value))
    found = travel_time(session, from_venue_id, to_venue_id)
    return delete_travel_time(session, found[0]) if found is not None else Changes()


def travel_time(session: Session, from_venue_id: int, to_venue_id: int) -> tuple[int, TravelTimeData] | None:
    """The id and values of the travel time recorded from one venue to another, if any."""
    row = session.scalars(
        select(TravelTime).where(TravelTime.from_venue_id == from_venue_id, TravelTime.to_venue_id == to_venue_id)
    ).first()
    return None if row is None else (row.id, TravelTimeData(from_venue_id, to_venue_id, row.minutes, row.mode))


def venue_data(venue: Venue) -> VenueData:
    hours = OpeningHours.from_json(venue.opening_hours) if venue.opening_hours is not None else None
    return VenueData(
        venue.name,
        venue.code,
        venue.address,
        venue.latitude,
        venue.longitude,
        venue.time_zone,
        venue.capacity,
        hours,
        venue.access_notes,
        venue.site_contact,
        venue.site_contact_phone,
        venue.description,
    )


def room_data(room: Room) -> RoomData:
    return RoomData(room.name, room.capacity, room.notes)
