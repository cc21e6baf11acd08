"""Undo commands for the venue book: venues, rooms and travel times."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.values import RoomData, TravelTimeData, VenueData
from visitplanner.services import venues
from visitplanner.services.base import get
from visitplanner.services.undo import ensure_unused
from visitplanner.store.models import TravelTime, Venue
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


@dataclass(frozen=True)
class TravelTimeSnapshot:
    """A recorded travel time, kept to recreate it."""

    from_venue_id: int
    to_venue_id: int
    minutes: int
    mode: TravelMode


@dataclass(frozen=True)
class VenueSnapshot:
    """Everything deleting a venue removes: its values, rooms (old id, values) and travel times."""

    data: VenueData
    rooms: tuple[tuple[int, RoomData], ...]
    travel_times: tuple[TravelTimeSnapshot, ...]


class CreateVenueCommand(ServiceCommand):
    """Add a venue to the venue book; undo deletes it, redo recreates it (under a new id).

    Attributes:
        venue_id: the id the venue got when first created (resolve it through workspace.ids).
    """

    def __init__(self, workspace: Workspace, data: VenueData, initiator: object = None) -> None:
        super().__init__(workspace, f"New venue “{data.name}”", initiator)
        self.data = data
        self.venue_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = venues.create_venue(session, self.data)
        new_id = changes.created_id(Entity.VENUE)
        if self.venue_id is None:
            self.venue_id = new_id
        else:  # the row undo deleted had the id venue_id resolves to now
            ids = self.workspace.ids
            ids.alias(Entity.VENUE, ids.resolve(Entity.VENUE, self.venue_id), new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.venue_id is not None
        venue_id = self.workspace.ids.resolve(Entity.VENUE, self.venue_id)
        ensure_unused(session, Entity.VENUE, venue_id, f"Cannot undo “{self.text()}”: the venue")
        return venues.delete_venue(session, venue_id)


class EditVenueCommand(ServiceCommand):
    """Change a venue's details; undo puts the old ones back."""

    def __init__(
        self,
        workspace: Workspace,
        venue_id: int,
        old: VenueData,
        new: VenueData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit venue “{new.name}”", initiator)
        self.venue_id, self.old, self.new, self.version = venue_id, old, new, version

    def do(self, session: Session) -> Changes:
        return venues.update_venue(
            session,
            self.workspace.ids.resolve(Entity.VENUE, self.venue_id),
            self.new,
            expected_version=self.expected(self.version),
        )

    def undo_(self, session: Session) -> Changes:
        return venues.update_venue(session, self.workspace.ids.resolve(Entity.VENUE, self.venue_id), self.old)


def snapshot_venue(session: Session, venue_id: int) -> VenueSnapshot:
    venue = get(session, Venue, venue_id, "venue")
    times = session.scalars(
        select(TravelTime)
        .where(or_(TravelTime.from_venue_id == venue_id, TravelTime.to_venue_id == venue_id))
        .order_by(TravelTime.id)
    ).all()
    return VenueSnapshot(
        venues.venue_data(venue),
        tuple((r.id, venues.room_data(r)) for r in venue.rooms),
        tuple(TravelTimeSnapshot(t.from_venue_id, t.to_venue_id, t.minutes, t.mode) for t in times),
    )


class DeleteVenueCommand(ServiceCommand):
    """Delete a venue with its rooms and travel times; undo recreates all of them under new ids
    and aliases the old ones. The service refuses a venue that engagements use; its message
    reaches the user.

    Attributes:
        venue_id: the venue's id when the command was made.
        snapshot: what the last `do` removed.
        deleted_id: the id the venue had when the last `do` deleted it.
    """

    def __init__(self, workspace: Workspace, venue_id: int, name: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Delete venue “{name}”", initiator)
        self.venue_id = venue_id
        self.snapshot: VenueSnapshot | None = None
        self.deleted_id = venue_id

    def do(self, session: Session) -> Changes:
        venue_id = self.workspace.ids.resolve(Entity.VENUE, self.venue_id)
        self.snapshot = snapshot_venue(session, venue_id)
        self.deleted_id = venue_id
        times = session.scalars(
            select(TravelTime.id).where(or_(TravelTime.from_venue_id == venue_id, TravelTime.to_venue_id == venue_id))
        ).all()
        return venues.delete_venue(session, venue_id) | Changes.of_deleted(Entity.TRAVEL_TIME, *times)

    def undo_(self, session: Session) -> Changes:
        assert self.snapshot is not None
        ids = self.workspace.ids
        changes = venues.create_venue(session, self.snapshot.data)
        new_id = changes.created_id(Entity.VENUE)
        ids.alias(Entity.VENUE, self.deleted_id, new_id)
        for old_room_id, data in self.snapshot.rooms:
            added = venues.add_room(session, new_id, data)
            ids.alias(Entity.ROOM, old_room_id, added.created_id(Entity.ROOM))
            changes |= added
        for t in self.snapshot.travel_times:
            changes |= venues.set_travel_time(
                session,
                TravelTimeData(
                    ids.resolve(Entity.VENUE, t.from_venue_id),
                    ids.resolve(Entity.VENUE, t.to_venue_id),
                    t.minutes,
                    t.mode,
                ),
            )
        return changes


class AddRoomCommand(ServiceCommand):
    """Add a room to a venue; undo deletes it."""

    def __init__(self, workspace: Workspace, venue_id: int, data: RoomData, initiator: object = None) -> None:
        super().__init__(workspace, f"Add room “{data.name}”", initiator)
        self.venue_id, self.data = venue_id, data
        self.room_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = venues.add_room(session, self.workspace.ids.resolve(Entity.VENUE, self.venue_id), self.data)
        new_id = changes.created_id(Entity.ROOM)
        if self.room_id is None:
            self.room_id = new_id
        else:
            ids = self.workspace.ids
            ids.alias(Entity.ROOM, ids.resolve(Entity.ROOM, self.room_id), new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.room_id is not None
        room_id = self.workspace.ids.resolve(Entity.ROOM, self.room_id)
        ensure_unused(session, Entity.ROOM, room_id, f"Cannot undo “{self.text()}”: the room")
        return venues.delete_room(session, room_id)


class EditRoomCommand(ServiceCommand):
    """Change a room's name, capacity or notes; undo puts the old ones back."""

    def __init__(
        self,
        workspace: Workspace,
        room_id: int,
        old: RoomData,
        new: RoomData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit room “{new.name}”", initiator)
        self.room_id, self.old, self.new, self.version = room_id, old, new, version

    def do(self, session: Session) -> Changes:
        return venues.update_room(
            session,
            self.workspace.ids.resolve(Entity.ROOM, self.room_id),
            self.new,
            expected_version=self.expected(self.version),
        )

    def undo_(self, session: Session) -> Changes:
        return venues.update_room(session, self.workspace.ids.resolve(Entity.ROOM, self.room_id), self.old)


class DeleteRoomCommand(ServiceCommand):
    """Delete a room (refused while engagements are booked in it); undo adds it back."""

    def __init__(
        self, workspace: Workspace, room_id: int, venue_id: int, data: RoomData, initiator: object = None
    ) -> None:
        super().__init__(workspace, f"Delete room “{data.name}”", initiator)
        self.room_id, self.venue_id, self.data = room_id, venue_id, data
        self.deleted_id = room_id

    def do(self, session: Session) -> Changes:
        self.deleted_id = self.workspace.ids.resolve(Entity.ROOM, self.room_id)
        return venues.delete_room(session, self.deleted_id)

    def undo_(self, session: Session) -> Changes:
        changes = venues.add_room(session, self.workspace.ids.resolve(Entity.VENUE, self.venue_id), self.data)
        self.workspace.ids.alias(Entity.ROOM, self.deleted_id, changes.created_id(Entity.ROOM))
        return changes


def _travel_row(session: Session, from_id: int, to_id: int) -> TravelTime | None:
    return session.scalars(
        select(TravelTime).where(TravelTime.from_venue_id == from_id, TravelTime.to_venue_id == to_id)
    ).first()


class SetTravelTimeCommand(ServiceCommand):
    """Record, change or clear (minutes None) the travel time from one venue to another;
    undo restores the previous minutes and mode, or removes a row the command added.

    Attributes:
        minutes: the new minutes, or None to clear.
        mode: the mode to record; None keeps the recorded one (car for a new row).
        previous: (minutes, mode) recorded before the last `do`, or None.
    """

    def __init__(
        self,
        workspace: Workspace,
        from_venue_id: int,
        to_venue_id: int,
        minutes: int | None,
        from_code: str = "",
        to_code: str = "",
        mode: TravelMode | None = None,
        initiator: object = None,
    ) -> None:
        route = f"{from_code or from_venue_id} → {to_code or to_venue_id}"
        text = f"Clear travel time {route}" if minutes is None else f"Set travel time {route} to {minutes} min"
        super().__init__(workspace, text, initiator)
        self.from_venue_id, self.to_venue_id, self.minutes, self.mode = from_venue_id, to_venue_id, minutes, mode
        self.previous: tuple[int, TravelMode] | None = None

    def _ends(self) -> tuple[int, int]:
        ids = self.workspace.ids
        return ids.resolve(Entity.VENUE, self.from_venue_id), ids.resolve(Entity.VENUE, self.to_venue_id)

    def _put(self, session: Session, value: tuple[int, TravelMode] | None) -> Changes:
        from_id, to_id = self._ends()
        if value is None:
            row = _travel_row(session, from_id, to_id)
            return venues.delete_travel_time(session, row.id) if row is not None else Changes()
        return venues.set_travel_time(session, TravelTimeData(from_id, to_id, value[0], value[1]))

    def do(self, session: Session) -> Changes:
        row = _travel_row(session, *self._ends())
        self.previous = (row.minutes, row.mode) if row is not None else None
        if self.minutes is None:
            return self._put(session, None)
        mode = self.mode or (row.mode if row is not None else TravelMode.CAR)
        return self._put(session, (self.minutes, mode))

    def undo_(self, session: Session) -> Changes:
        return self._put(session, self.previous)
