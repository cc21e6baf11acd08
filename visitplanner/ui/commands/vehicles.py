"""Undo commands for the vehicles at a visit's disposal."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.values import VehicleData
from visitplanner.services import vehicles
from visitplanner.services.base import get
from visitplanner.services.undo import ensure_unused
from visitplanner.store.models import Vehicle
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


def _resolved(workspace: Workspace, data: VehicleData) -> VehicleData:
    """`data` with its driver id resolved (the attendee may have been removed and re-added by undo)."""
    if data.driver_attendee_id is None:
        return data
    return replace(data, driver_attendee_id=workspace.ids.resolve(Entity.ATTENDEE, data.driver_attendee_id))


class CreateVehicleCommand(ServiceCommand):
    """Add a vehicle to a visit; undo deletes it, redo recreates it under a new id.

    Attributes:
        vehicle_id: the id the vehicle got when first created (resolve it through workspace.ids).
    """

    def __init__(self, workspace: Workspace, visit_id: int, data: VehicleData, initiator: object = None) -> None:
        super().__init__(workspace, f"New vehicle “{data.label}”", initiator)
        self.visit_id, self.data = visit_id, data
        self.vehicle_id: int | None = None

    def do(self, session: Session) -> Changes:
        ids = self.workspace.ids
        changes = vehicles.create_vehicle(
            session, ids.resolve(Entity.VISIT, self.visit_id), _resolved(self.workspace, self.data)
        )
        new_id = changes.created_id(Entity.VEHICLE)
        if self.vehicle_id is None:
            self.vehicle_id = new_id
        else:
            ids.alias(Entity.VEHICLE, ids.resolve(Entity.VEHICLE, self.vehicle_id), new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.vehicle_id is not None
        vehicle_id = self.workspace.ids.resolve(Entity.VEHICLE, self.vehicle_id)
        ensure_unused(session, Entity.VEHICLE, vehicle_id, f"Cannot undo “{self.text()}”: the vehicle")
        return vehicles.delete_vehicle(session, vehicle_id)


class EditVehicleCommand(ServiceCommand):
    """Change a vehicle's label, seats, driver, registration or notes; undo puts the old ones back."""

    def __init__(
        self,
        workspace: Workspace,
        vehicle_id: int,
        old: VehicleData,
        new: VehicleData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit vehicle “{new.label}”", initiator)
        self.vehicle_id, self.old, self.new, self.version = vehicle_id, old, new, version

    def do(self, session: Session) -> Changes:
        return vehicles.update_vehicle(
            session,
            self.workspace.ids.resolve(Entity.VEHICLE, self.vehicle_id),
            _resolved(self.workspace, self.new),
            expected_version=self.expected(self.version),
        )

    def undo_(self, session: Session) -> Changes:
        return vehicles.update_vehicle(
            session, self.workspace.ids.resolve(Entity.VEHICLE, self.vehicle_id), _resolved(self.workspace, self.old)
        )


class DeleteVehicleCommand(ServiceCommand):
    """Delete a vehicle (refused while transfers use it); undo recreates it under a new id."""

    def __init__(self, workspace: Workspace, vehicle_id: int, label: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Delete vehicle “{label}”", initiator)
        self.vehicle_id = vehicle_id
        self.deleted_id = vehicle_id
        self.visit_id: int | None = None
        self.data: VehicleData | None = None

    def do(self, session: Session) -> Changes:
        self.deleted_id = self.workspace.ids.resolve(Entity.VEHICLE, self.vehicle_id)
        vehicle = get(session, Vehicle, self.deleted_id, "vehicle")
        self.visit_id, self.data = vehicle.visit_id, vehicles.vehicle_data(vehicle)
        return vehicles.delete_vehicle(session, self.deleted_id)

    def undo_(self, session: Session) -> Changes:
        assert self.visit_id is not None and self.data is not None
        ids = self.workspace.ids
        changes = vehicles.create_vehicle(
            session, ids.resolve(Entity.VISIT, self.visit_id), _resolved(self.workspace, self.data)
        )
        ids.alias(Entity.VEHICLE, self.deleted_id, changes.created_id(Entity.VEHICLE))
        return changes
