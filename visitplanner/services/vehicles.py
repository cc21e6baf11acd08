"""Vehicles at a visit's disposal, each with an optional driver."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import VehicleData
from visitplanner.services.base import assign, check_version, expire_loaded, for_item, get, insert_rows, service
from visitplanner.store.models import Attendee, Engagement, Vehicle, Visit


def _label_taken(data: VehicleData) -> UserError:
    return UserError(f"label: the visit already has a vehicle called {data.label.strip()!r}", field="label")


def _values(session: Session, visit_id: int, data: VehicleData, own_id: int | None) -> dict[str, object]:
    data.validate()
    query = select(Vehicle.id).where(Vehicle.visit_id == visit_id, Vehicle.label == data.label.strip())
    if own_id is not None:
        query = query.where(Vehicle.id != own_id)
    if session.scalars(query).first() is not None:
        raise _label_taken(data)
    return _checked_driver(session, visit_id, data)


def _checked_driver(session: Session, visit_id: int, data: VehicleData) -> dict[str, object]:
    if data.driver_attendee_id is not None:
        driver = get(session, Attendee, data.driver_attendee_id, "attendee", "driver")
        if driver.visit_id != visit_id:
            raise UserError("driver: the driver must be an attendee of this visit", field="driver")
    return {
        "label": data.label.strip(),
        "capacity": data.capacity,
        "driver_attendee_id": data.driver_attendee_id,
        "registration": data.registration.strip(),
        "notes": data.notes,
    }


@service
def create_vehicle(session: Session, visit_id: int, data: VehicleData) -> Changes:
    get(session, Visit, visit_id, "visit")
    vehicle = Vehicle(visit_id=visit_id, **_values(session, visit_id, data, None))
    session.add(vehicle)
    session.flush()
    return Changes.of_created(Entity.VEHICLE, vehicle.id)


@service
def create_vehicles(session: Session, visit_id: int, items: Sequence[VehicleData]) -> tuple[Changes, list[int]]:
    """Add many vehicles to the visit at once, each checked as by `create_vehicle` (labels unique
    among them and in the visit), then one insert. Returns the `Changes` and the new ids in the
    order of `items`; a bad item raises an `ItemError` naming its position."""
    get(session, Visit, visit_id, "visit")
    taken = set(session.scalars(select(Vehicle.label).where(Vehicle.visit_id == visit_id)))
    drivers = {d.driver_attendee_id for d in items if d.driver_attendee_id is not None}
    # loaded (and held) once, so each item's check finds its driver without a query
    held = session.scalars(select(Attendee).where(Attendee.id.in_(drivers))).all() if drivers else []
    rows = []
    for index, data in enumerate(items):
        with for_item(index):
            data.validate()
            label = data.label.strip()
            if label in taken:
                raise _label_taken(data)
            taken.add(label)
            rows.append({"visit_id": visit_id, **_checked_driver(session, visit_id, data)})
    del held
    ids = insert_rows(session, Vehicle, rows)
    expire_loaded(session, Visit, [visit_id], "vehicles")
    return Changes.of_created(Entity.VEHICLE, *ids), ids


@service
def update_vehicle(
    session: Session, vehicle_id: int, data: VehicleData, expected_version: int | None = None
) -> Changes:
    vehicle = get(session, Vehicle, vehicle_id, "vehicle")
    check_version(vehicle, expected_version, f"Vehicle {vehicle.label!r}")
    values = _values(session, vehicle.visit_id, data, vehicle_id)
    return Changes.of_updated(Entity.VEHICLE, vehicle_id) if assign(vehicle, values) else Changes()


@service
def delete_vehicle(session: Session, vehicle_id: int, expected_version: int | None = None) -> Changes:
    vehicle = get(session, Vehicle, vehicle_id, "vehicle")
    check_version(vehicle, expected_version, f"Vehicle {vehicle.label!r}")
    used = session.scalars(select(Engagement.title).where(Engagement.vehicle_id == vehicle_id).limit(5)).all()
    if used:
        raise UserError(
            f"vehicle: {vehicle.label} is used by {', '.join(repr(t) for t in used)}; change their vehicle first",
            field="vehicle",
        )
    session.delete(vehicle)
    return Changes.of_deleted(Entity.VEHICLE, vehicle_id)


def vehicle_data(vehicle: Vehicle) -> VehicleData:
    return VehicleData(vehicle.label, vehicle.capacity, vehicle.driver_attendee_id, vehicle.registration, vehicle.notes)
