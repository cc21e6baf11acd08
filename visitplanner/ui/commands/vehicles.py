"""Undo commands for the vehicles at a visit's disposal."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.domain.values import VehicleData
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreateVehicleCommand(CreateCommand):
    entity, what = Entity.VEHICLE, "New vehicle"

    def __init__(self, workspace: Workspace, visit_id: int, data: VehicleData, initiator: object = None) -> None:
        super().__init__(workspace, data, initiator, visit_id)

    @property
    def vehicle_id(self) -> int | None:
        return self.created_id(Entity.VEHICLE)


class EditVehicleCommand(EditCommand):
    entity, what = Entity.VEHICLE, "Edit vehicle"


class DeleteVehicleCommand(DeleteCommand):
    entity, what = Entity.VEHICLE, "Delete vehicle"
