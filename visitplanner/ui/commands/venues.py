"""Undo commands for the venue book: venues, rooms and travel times."""

from __future__ import annotations

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.formatting import route
from visitplanner.domain.values import RoomData
from visitplanner.services import venues
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand, ServiceCommand
from visitplanner.ui.workspace import Workspace


class CreateVenueCommand(CreateCommand):
    entity, what = Entity.VENUE, "New venue"

    @property
    def venue_id(self) -> int | None:
        return self.created_id(Entity.VENUE)


class EditVenueCommand(EditCommand):
    entity, what = Entity.VENUE, "Edit venue"


class DeleteVenueCommand(DeleteCommand):
    entity, what = Entity.VENUE, "Delete venue"


class AddRoomCommand(CreateCommand):
    entity, what = Entity.ROOM, "Add room"

    def __init__(self, workspace: Workspace, venue_id: int, data: RoomData, initiator: object = None) -> None:
        super().__init__(workspace, data, initiator, venue_id)

    @property
    def room_id(self) -> int | None:
        return self.created_id(Entity.ROOM)


class EditRoomCommand(EditCommand):
    entity, what = Entity.ROOM, "Edit room"


class DeleteRoomCommand(DeleteCommand):
    entity, what = Entity.ROOM, "Delete room"

    def __init__(self, workspace: Workspace, room_id: int, venue_id: int, data: RoomData, initiator: object = None):
        super().__init__(workspace, room_id, data.name, initiator=initiator)


class SetTravelTimeCommand(ServiceCommand):
    """Record, change or clear (minutes None) the travel time from one venue to another (`mode`
    None keeps the recorded one, car for a new row); undo puts back the `previous` (minutes, mode)."""

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
        way = route(from_code or str(from_venue_id), to_code or str(to_venue_id))
        text = f"Clear travel time {way}" if minutes is None else f"Set travel time {way} to {minutes} min"
        super().__init__(workspace, text, initiator)
        self.from_venue_id, self.to_venue_id, self.minutes, self.mode = from_venue_id, to_venue_id, minutes, mode
        self.previous: tuple[int, TravelMode] | None = None

    def _ends(self) -> tuple[int, int]:
        return self.ids.resolve(Entity.VENUE, self.from_venue_id), self.ids.resolve(Entity.VENUE, self.to_venue_id)

    def do(self, session: Session) -> Changes:
        found = venues.travel_time(session, *self._ends())
        self.previous = None if found is None else (found[1].minutes, found[1].mode)
        mode = self.mode or (self.previous[1] if self.previous else TravelMode.CAR)
        return venues.put_travel_time(session, *self._ends(), None if self.minutes is None else (self.minutes, mode))

    def undo_(self, session: Session) -> Changes:
        return venues.put_travel_time(session, *self._ends(), self.previous)
