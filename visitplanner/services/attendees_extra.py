"""Taking an attendee out of a visit and putting them back exactly: attendances and driving included."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import AttendancePart
from visitplanner.domain.values import AttendeeData
from visitplanner.services import attendees, engagements, vehicles
from visitplanner.services.base import get, service
from visitplanner.store.models import Attendance, Attendee, Engagement, Vehicle


@dataclass(frozen=True)
class AttendeeSnapshot:
    """Everything removing an attendee loses, so that undo can put it back.

    Attributes:
        visit_id: the visit attended.
        data: the attendee's own fields (side, role, precedence, travel).
        attendances: (engagement UID, part) for each engagement they take part in; UIDs
            survive an engagement being deleted and recreated, ids do not.
        engagement_ids: the ids of those engagements when the snapshot was taken.
        driven_vehicle_ids: the vehicles they drive.
    """

    visit_id: int
    data: AttendeeData
    attendances: tuple[tuple[str, AttendancePart], ...] = field(default_factory=tuple)
    engagement_ids: tuple[int, ...] = field(default_factory=tuple)
    driven_vehicle_ids: tuple[int, ...] = field(default_factory=tuple)


def snapshot_attendee(session: Session, attendee_id: int) -> AttendeeSnapshot:
    """What `restore_attendee` needs to undo `attendees.remove_attendee(attendee_id)`."""
    attendee = get(session, Attendee, attendee_id, "attendee")
    rows = session.execute(
        select(Engagement.uuid, Engagement.id, Attendance.part)
        .join(Attendance, Attendance.engagement_id == Engagement.id)
        .where(Attendance.attendee_id == attendee_id)
        .order_by(Engagement.start_at, Engagement.id)
    ).all()
    driven = session.scalars(
        select(Vehicle.id).where(Vehicle.driver_attendee_id == attendee_id).order_by(Vehicle.id)
    ).all()
    return AttendeeSnapshot(
        attendee.visit_id,
        attendees.attendee_data(attendee),
        tuple((uid, part) for uid, _, part in rows),
        tuple(ident for _, ident, _ in rows),
        tuple(driven),
    )


@service
def restore_attendee(session: Session, snapshot: AttendeeSnapshot) -> Changes:
    """Add the attendee again with their rank, attendances (engagements still present, found by
    UID) and driver assignments (vehicles still present). The new attendee gets a new id."""
    changes = attendees.add_attendee(session, snapshot.visit_id, snapshot.data)
    attendee_id = changes.created_id(Entity.ATTENDEE)
    for uid, part in snapshot.attendances:
        engagement_id = session.scalars(
            select(Engagement.id).where(Engagement.uuid == uid, Engagement.visit_id == snapshot.visit_id)
        ).first()
        if engagement_id is not None:
            changes |= engagements.assign_attendee(session, engagement_id, attendee_id, part)
    for vehicle_id in snapshot.driven_vehicle_ids:
        vehicle = session.get(Vehicle, vehicle_id)
        if vehicle is not None and vehicle.visit_id == snapshot.visit_id:
            data = replace(vehicles.vehicle_data(vehicle), driver_attendee_id=attendee_id)
            changes |= vehicles.update_vehicle(session, vehicle_id, data)
    return changes
