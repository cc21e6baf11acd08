"""The venue book: venues, their rooms, and travel times between venues."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.values import RoomData, TravelTimeData, VenueData
from visitplanner.services.base import (
    assign,
    check_version,
    expire_loaded,
    for_item,
    get,
    insert_rows,
    service,
)
from visitplanner.store.models import Engagement, Room, TravelLeg, TravelTime, Venue


def _code_taken(data: VenueData) -> UserError:
    return UserError(f"code: another venue already has the code {data.code!r}", field="code")


def _values(session: Session, data: VenueData, own_id: int | None) -> dict[str, object]:
    data.validate()
    query = select(Venue.id).where(Venue.code == data.code.strip())
    if own_id is not None:
        query = query.where(Venue.id != own_id)
    if session.scalars(query).first() is not None:
        raise _code_taken(data)
    return _columns(data)


def _columns(data: VenueData) -> dict[str, object]:
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
        "native_name": data.native_name.strip(),
    }


@service
def create_venue(session: Session, data: VenueData) -> Changes:
    venue = Venue(**_values(session, data, None))
    session.add(venue)
    session.flush()
    return Changes.of_created(Entity.VENUE, venue.id)


@service
def create_venues(session: Session, items: Sequence[VenueData]) -> tuple[Changes, list[int]]:
    """Add many venues at once: each checked as by `create_venue` (codes unique among them and in
    the venue book), then one insert. Returns the `Changes` and the new ids in the order of
    `items`; a bad item raises an `ItemError` naming its position."""
    codes = [data.code.strip() for data in items]
    taken: set[str] = set()
    for start in range(0, len(codes), _BATCH):
        taken.update(session.scalars(select(Venue.code).where(Venue.code.in_(codes[start : start + _BATCH]))))
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            data.validate()
            if codes[index] in taken:
                raise _code_taken(data)
            taken.add(codes[index])
            rows.append(_columns(data))
    ids = insert_rows(session, Venue, rows)
    return Changes.of_created(Entity.VENUE, *ids), ids


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
    legs = session.scalars(select(TravelLeg).where(TravelLeg.venue_id == venue_id).limit(3)).all()
    if legs:
        from visitplanner.services.travel import leg_data

        raise UserError(
            f"venue: {venue.name} is where {', '.join(leg_data(leg).name for leg in legs)} "
            f"{'arrives or leaves' if len(legs) == 1 else 'arrive or leave'}; change those journeys first",
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


def _room_taken(data: RoomData) -> UserError:
    return UserError(f"name: the venue already has a room called {data.name.strip()!r}", field="name")


def _room_values(session: Session, venue_id: int, data: RoomData, own_id: int | None) -> dict[str, object]:
    data.validate()
    query = select(Room.id).where(Room.venue_id == venue_id, Room.name == data.name.strip())
    if own_id is not None:
        query = query.where(Room.id != own_id)
    if session.scalars(query).first() is not None:
        raise _room_taken(data)
    return {
        "name": data.name.strip(),
        "capacity": data.capacity,
        "notes": data.notes,
        "native_name": data.native_name.strip(),
    }


#: How many values one IN (...) list of a batch check holds.
_BATCH = 500


@service
def add_room(session: Session, venue_id: int, data: RoomData) -> Changes:
    get(session, Venue, venue_id, "venue")
    room = Room(venue_id=venue_id, **_room_values(session, venue_id, data, None))
    session.add(room)
    session.flush()
    return Changes.of_created(Entity.ROOM, room.id) | Changes.of_updated(Entity.VENUE, venue_id)


@service
def add_rooms(session: Session, items: Sequence[tuple[int, RoomData]]) -> tuple[Changes, list[int]]:
    """Add many rooms at once, each a (venue id, room) pair checked as by `add_room` (names unique
    per venue, among them and in the venue book), then one insert. Returns the `Changes` (rooms
    created, their venues updated) and the new ids in the order of `items`; a bad item raises an
    `ItemError` naming its position."""
    venue_ids = sorted({venue_id for venue_id, _ in items})
    known: set[int] = set()
    taken: set[tuple[int, str]] = set()
    for start in range(0, len(venue_ids), _BATCH):
        chunk = venue_ids[start : start + _BATCH]
        known.update(session.scalars(select(Venue.id).where(Venue.id.in_(chunk))))
        taken.update(
            (v, n) for v, n in session.execute(select(Room.venue_id, Room.name).where(Room.venue_id.in_(chunk)))
        )
    rows = []
    for index, (venue_id, data) in enumerate(items):
        with for_item(index):
            if venue_id not in known:
                raise UserError(f"venue: there is no venue with id {venue_id}", field="venue")
            data.validate()
            name = data.name.strip()
            if (venue_id, name) in taken:
                raise _room_taken(data)
            taken.add((venue_id, name))
            rows.append(
                {
                    "venue_id": venue_id,
                    "name": name,
                    "capacity": data.capacity,
                    "notes": data.notes,
                    "native_name": data.native_name.strip(),
                }
            )
    ids = insert_rows(session, Room, rows)
    expire_loaded(session, Venue, venue_ids, "rooms")
    return Changes.of_created(Entity.ROOM, *ids) | Changes.of_updated(Entity.VENUE, *venue_ids), ids


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
def add_travel_times(session: Session, items: Sequence[TravelTimeData]) -> tuple[Changes, list[int]]:
    """Record many travel times at once between pairs of venues that have none yet (checked as by
    `set_travel_time`; a pair recorded already, or twice in `items`, is refused), with one insert.
    Returns the `Changes` and the new ids in the order of `items`; a bad item raises an
    `ItemError` naming its position."""
    venue_ids = sorted({i for data in items for i in (data.from_venue_id, data.to_venue_id)})
    pairs = sorted({(data.from_venue_id, data.to_venue_id) for data in items})
    known: set[int] = set()
    for start in range(0, len(venue_ids), _BATCH):
        known.update(session.scalars(select(Venue.id).where(Venue.id.in_(venue_ids[start : start + _BATCH]))))
    taken: set[tuple[int, int]] = set()
    for start in range(0, len(pairs), _BATCH):
        taken.update(
            (a, b)
            for a, b in session.execute(
                select(TravelTime.from_venue_id, TravelTime.to_venue_id).where(
                    tuple_(TravelTime.from_venue_id, TravelTime.to_venue_id).in_(pairs[start : start + _BATCH])
                )
            )
        )
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            data.validate()
            for ident, field in ((data.from_venue_id, "from_venue"), (data.to_venue_id, "to_venue")):
                if ident not in known:
                    raise UserError(f"{field}: there is no venue with id {ident}", field=field)
            pair = (data.from_venue_id, data.to_venue_id)
            if pair in taken:
                raise UserError("to_venue: the travel time between these venues is already recorded", field="to_venue")
            taken.add(pair)
            rows.append({"from_venue_id": pair[0], "to_venue_id": pair[1], "minutes": data.minutes, "mode": data.mode})
    ids = insert_rows(session, TravelTime, rows)
    return Changes.of_created(Entity.TRAVEL_TIME, *ids), ids


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
        venue.native_name,
    )


def room_data(room: Room) -> RoomData:
    return RoomData(room.name, room.capacity, room.notes, room.native_name)
