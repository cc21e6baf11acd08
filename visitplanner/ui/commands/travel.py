"""Undo commands for arrivals and departures (travel legs)."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.domain.values import TravelLegData
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreateTravelLegCommand(CreateCommand):
    entity, what = Entity.TRAVEL_LEG, "New journey"

    def __init__(self, workspace: Workspace, visit_id: int, data: TravelLegData, initiator: object = None) -> None:
        super().__init__(workspace, data, initiator, visit_id)


class EditTravelLegCommand(EditCommand):
    entity, what = Entity.TRAVEL_LEG, "Edit journey"


class DeleteTravelLegCommand(DeleteCommand):
    entity, what = Entity.TRAVEL_LEG, "Delete journey"
