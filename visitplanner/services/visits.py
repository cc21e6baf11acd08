"""Visits: create, update, delete and record a briefing-pack issue."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import VisitData
from visitplanner.services import editions
from visitplanner.services.base import assign, check_version, get, service
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Gift,
    Organisation,
    ReadinessTask,
    TravelLeg,
    Vehicle,
    Visit,
)


def _check_refs(session: Session, data: VisitData, own_id: int | None) -> None:
    query = select(Visit.id).where(Visit.slug == data.slug)
    if own_id is not None:
        query = query.where(Visit.id != own_id)
    if session.scalars(query).first() is not None:
        raise UserError(f"slug: another visit already uses the slug {data.slug!r}", field="slug")
    if data.visiting_organisation_id is not None:
        get(session, Organisation, data.visiting_organisation_id, "organisation", "visiting_organisation")
    if data.host_organisation_id is not None:
        get(session, Organisation, data.host_organisation_id, "organisation", "host_organisation")


@service
def create_visit(session: Session, data: VisitData) -> Changes:
    data.validate()
    _check_refs(session, data, None)
    visit = Visit(**asdict(data), issue_number=0)
    session.add(visit)
    session.flush()
    editions.add_default_editions(session, visit.id)
    return Changes.of_created(Entity.VISIT, visit.id)


@service
def update_visit(session: Session, visit_id: int, data: VisitData, expected_version: int | None = None) -> Changes:
    data.validate()
    visit = get(session, Visit, visit_id, "visit")
    check_version(visit, expected_version, f"Visit {visit.title!r}")
    _check_refs(session, data, visit_id)
    return Changes.of_updated(Entity.VISIT, visit.id) if assign(visit, asdict(data)) else Changes()


@service
def delete_visit(session: Session, visit_id: int, expected_version: int | None = None) -> Changes:
    """Delete the visit with its attendees, vehicles, engagements and travel legs (all listed as deleted)."""
    visit = get(session, Visit, visit_id, "visit")
    check_version(visit, expected_version, f"Visit {visit.title!r}")
    attended = session.scalars(
        select(Attendance.id)
        .join(Engagement, Attendance.engagement_id == Engagement.id)
        .where(Engagement.visit_id == visit_id)
    ).all()
    owned = Changes.of_deleted(Entity.ATTENDANCE, *attended)
    for model, entity in (
        (Attendee, Entity.ATTENDEE),
        (Vehicle, Entity.VEHICLE),
        (Engagement, Entity.ENGAGEMENT),
        (TravelLeg, Entity.TRAVEL_LEG),
        (ReadinessTask, Entity.TASK),
        (Gift, Entity.GIFT),
    ):
        owned |= Changes.of_deleted(entity, *session.scalars(select(model.id).where(model.visit_id == visit_id)))
    session.delete(visit)
    return Changes.of_deleted(Entity.VISIT, visit_id) | owned


@service
def set_issue_number(session: Session, visit_id: int, issue_number: int) -> Changes:
    """Record the number of the last issued briefing pack."""
    if issue_number < 0:
        raise UserError("issue_number: must not be negative", field="issue_number")
    visit = get(session, Visit, visit_id, "visit")
    visit.issue_number = issue_number
    return Changes.of_updated(Entity.VISIT, visit_id)


def visit_data(visit: Visit) -> VisitData:
    return VisitData(
        title=visit.title,
        slug=visit.slug,
        start_date=visit.start_date,
        end_date=visit.end_date,
        local_time_zone=visit.local_time_zone,
        home_time_zone=visit.home_time_zone,
        visiting_organisation_id=visit.visiting_organisation_id,
        host_organisation_id=visit.host_organisation_id,
        purpose=visit.purpose,
        objectives=visit.objectives,
        status=visit.status,
        marking=visit.marking,
    )
