"""Undo commands for the venue book: venues, rooms and travel times."""

from __future__ import annotations

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.values import RoomData, TravelTimeData, VenueData
from visitplanner.services import venues
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand, ServiceCommand
from visitplanner.ui.workspace import Workspace


class CreateVenueCommand(CreateCommand):
    """Add a venue to the venue book; undo deletes it, redo puts it back."""

    def __init__(self, workspace: Workspace, data: VenueData, initiator: object = None) -> None:
        super().__init__(workspace, f"New venue “{data.name}”", lambda s: venues.create_venue(s, data), initiator)

    @property
    def venue_id(self) -> int | None:
        return self.created_id(Entity.VENUE)


class EditVenueCommand(EditCommand):
    """Change a venue's details; undo puts the old ones back."""

    entity, what = Entity.VENUE, "Edit venue"


class DeleteVenueCommand(DeleteCommand):
    """Delete a venue with its rooms and travel times (the service refuses a venue engagements
    use); undo puts all of them back."""

    entity, what = Entity.VENUE, "Delete venue"


class AddRoomCommand(CreateCommand):
    """Add a room to a venue; undo deletes it."""

    def __init__(self, workspace: Workspace, venue_id: int, data: RoomData, initiator: object = None) -> None:
        super().__init__(
            workspace,
            f"Add room “{data.name}”",
            lambda s: venues.add_room(s, workspace.ids.resolve(Entity.VENUE, venue_id), data),
            initiator,
        )

    @property
    def room_id(self) -> int | None:
        return self.created_id(Entity.ROOM)


class EditRoomCommand(EditCommand):
    """Change a room's name, capacity or notes; undo puts the old ones back."""

    entity, what = Entity.ROOM, "Edit room"


class DeleteRoomCommand(DeleteCommand):
    """Delete a room (refused while engagements are booked in it); undo adds it back."""

    entity = Entity.ROOM

    def __init__(
        self, workspace: Workspace, room_id: int, venue_id: int, data: RoomData, initiator: object = None
    ) -> None:
        super().__init__(workspace, room_id, data.name, initiator, text=f"Delete room “{data.name}”")


class SetTravelTimeCommand(ServiceCommand):
    """Record, change or clear (minutes None) the travel time from one venue to another;
    undo restores the previous minutes and mode, or removes a row the command added.

    Attributes:
        minutes: the new minutes, or None to clear.
        mode: the mode to record; None keeps the recorded one (car for a new row).
        previous: the travel time recorded before the last `do`, or None.
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
        return self.ids.resolve(Entity.VENUE, self.from_venue_id), self.ids.resolve(Entity.VENUE, self.to_venue_id)

    def _put(self, session: Session, value: tuple[int, TravelMode] | None) -> Changes:
        from_id, to_id = self._ends()
        if value is not None:
            return venues.set_travel_time(session, TravelTimeData(from_id, to_id, *value))
        row = venues.travel_time(session, from_id, to_id)
        return venues.delete_travel_time(session, row[0]) if row is not None else Changes()

    def do(self, session: Session) -> Changes:
        row = venues.travel_time(session, *self._ends())
        self.previous = None if row is None else (row[1].minutes, row[1].mode)
        if self.minutes is None:
            return self._put(session, None)
        return self._put(session, (self.minutes, self.mode or (row[1].mode if row is not None else TravelMode.CAR)))

    def undo_(self, session: Session) -> Changes:
        return self._put(session, self.previous)
