"""Undo commands for the vehicles at a visit's disposal."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.domain.values import VehicleData
from visitplanner.services import vehicles
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreateVehicleCommand(CreateCommand):
    """Add a vehicle to a visit; undo deletes it, redo puts it back."""

    def __init__(self, workspace: Workspace, visit_id: int, data: VehicleData, initiator: object = None) -> None:
        ids = workspace.ids
        super().__init__(
            workspace,
            f"New vehicle “{data.label}”",
            lambda s: vehicles.create_vehicle(s, ids.resolve(Entity.VISIT, visit_id), ids.current(data)),
            initiator,
        )

    @property
    def vehicle_id(self) -> int | None:
        return self.created_id(Entity.VEHICLE)


class EditVehicleCommand(EditCommand):
    """Change a vehicle's label, seats, driver, registration or notes; undo puts the old ones back."""

    entity, what = Entity.VEHICLE, "Edit vehicle"


class DeleteVehicleCommand(DeleteCommand):
    """Delete a vehicle (refused while transfers use it); undo puts it back."""

    entity, what = Entity.VEHICLE, "Delete vehicle"
