"""Readiness tasks: a visit's checklist, the office's template, and tasks that reopen when their subject changes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import EngagementKind, TaskStatus, TaskWatch
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import TaskData
from visitplanner.services.base import assign, check_version, get, service
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Person,
    ReadinessTask,
    Room,
    TaskTemplateItem,
    Venue,
    Visit,
)

_DONE = (TaskStatus.DONE, TaskStatus.REOPENED)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _names(session: Session, visit_id: int) -> dict[int, tuple[str, str]]:
    """Attendee id -> (display name, dietary need): identities that survive a visit file's round trip."""
    rows = session.execute(
        select(Attendee.id, Person.family_name, Person.given_names, Person.native_name, Person.email, Person.dietary)
        .join(Person, Person.id == Attendee.person_id)
        .where(Attendee.visit_id == visit_id)
    )
    return {r[0]: (f"{r[1]}|{r[2]}|{r[3]}|{r[4]}", r[5].strip()) for r in rows}


def fingerprint(session: Session, visit_id: int, watch: TaskWatch) -> str:
    """What `watch` looks like in the plan now, as a digest ("" for nothing watched).

    Dietary: every meal (not cancelled) with its times and who attends, with each one's dietary
    need. Programme: every engagement's title, kind, status, times and places, as a briefing
    pack issues them. Keyed by calendar UIDs and people's names, not ids, so an imported copy
    of an unchanged visit reads the same.
    """
    if watch is TaskWatch.NOTHING:
        return ""
    names = _names(session, visit_id)
    attendance: dict[int, list[int]] = {}
    for engagement_id, attendee_id in session.execute(
        select(Attendance.engagement_id, Attendance.attendee_id)
        .join(Engagement, Engagement.id == Attendance.engagement_id)
        .where(Engagement.visit_id == visit_id)
    ):
        attendance.setdefault(engagement_id, []).append(attendee_id)
    engagements = session.execute(
        select(
            Engagement.id,
            Engagement.uuid,
            Engagement.kind,
            Engagement.title,
            Engagement.status,
            Engagement.start_at,
            Engagement.end_at,
            Engagement.venue_id,
            Engagement.room_id,
            Engagement.origin_venue_id,
        ).where(Engagement.visit_id == visit_id)
    ).all()
    if watch is TaskWatch.DIETARY:
        meals = [
            [
                e.uuid,
                e.start_at.isoformat(),
                e.end_at.isoformat(),
                sorted(list(names[a]) for a in attendance.get(e.id, []) if a in names),
            ]
            for e in engagements
            if e.kind is EngagementKind.MEAL and e.status.value != "cancelled"
        ]
        return _digest(sorted(meals))
    venues = dict(session.execute(select(Venue.id, Venue.code)).all())
    rooms = dict(session.execute(select(Room.id, Room.name)).all())
    programme = [
        [
            e.uuid,
            e.title,
            e.kind.value,
            e.status.value,
            e.start_at.isoformat(),
            e.end_at.isoformat(),
            venues.get(e.venue_id),
            rooms.get(e.room_id),
            venues.get(e.origin_venue_id),
        ]
        for e in engagements
    ]
    return _digest(sorted(programme))


def _stored(session: Session, visit_id: int, data: TaskData) -> dict[str, object]:
    """The columns for `data`: a done task keeps what it was done on, or takes the plan as it is now."""
    status, done_on = data.status, data.done_on
    if status in _DONE:
        if not done_on:
            done_on = fingerprint(session, visit_id, data.watch) or "-"
        status = TaskStatus.DONE
    else:
        done_on = ""
    return {
        "title": data.title.strip(),
        "owner": data.owner.strip(),
        "due_date": data.due_date,
        "due_days": data.due_days if data.due_date is None else None,
        "due_anchor": data.due_anchor,
        "status": status,
        "watch": data.watch,
        "notes": data.notes,
        "done_on": done_on,
    }


@service
def create_task(session: Session, visit_id: int, data: TaskData) -> Changes:
    data.validate()
    get(session, Visit, visit_id, "visit")
    task = ReadinessTask(visit_id=visit_id, **_stored(session, visit_id, data))
    session.add(task)
    session.flush()
    return Changes.of_created(Entity.TASK, task.id)


@service
def update_task(session: Session, task_id: int, data: TaskData, expected_version: int | None = None) -> Changes:
    """Change a task; set its status to done to confirm it on the plan as it is now."""
    data.validate()
    task = get(session, ReadinessTask, task_id, "task")
    check_version(task, expected_version, f"The task {task.title!r}")
    changed = assign(task, _stored(session, task.visit_id, data))
    return Changes.of_updated(Entity.TASK, task_id) if changed else Changes()


@service
def delete_task(session: Session, task_id: int, expected_version: int | None = None) -> Changes:
    task = get(session, ReadinessTask, task_id, "task")
    check_version(task, expected_version, f"The task {task.title!r}")
    session.delete(task)
    return Changes.of_deleted(Entity.TASK, task_id)


def task_data(task: ReadinessTask, current: str | None = None) -> TaskData:
    """The task as its editor and undo see it; `current` is the fingerprint of what it watches now
    (when given, a done task whose subject has changed reads as reopened)."""
    status = task.status
    watched = current is not None and task.watch is not TaskWatch.NOTHING
    if status is TaskStatus.DONE and watched and task.done_on != current:
        status = TaskStatus.REOPENED
    return TaskData(
        task.title,
        task.owner,
        task.due_date,
        task.due_days,
        task.due_anchor,
        status,
        task.watch,
        task.notes,
        task.done_on,
    )


@dataclass(frozen=True)
class TaskRow:
    """A task as the Tasks tab and the checks see it.

    Attributes:
        id, version: the task's id and row version.
        data: its values, with the status as it reads now (done, or reopened).
        due: the date it is due (relative ones worked out from the visit's dates), or None.
    """

    id: int
    version: int
    data: TaskData
    due: date | None


def read_tasks(session: Session, visit_id: int) -> list[TaskRow]:
    """The visit's tasks by due date (undated last), then title; reopened ones read as reopened."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return []
    tasks = session.scalars(select(ReadinessTask).where(ReadinessTask.visit_id == visit_id)).all()
    watched = {t.watch for t in tasks if t.status is TaskStatus.DONE}
    current = {w: fingerprint(session, visit_id, w) for w in watched}
    rows = []
    for task in tasks:
        data = task_data(task, current.get(task.watch))
        rows.append(TaskRow(task.id, task.version, data, data.due(visit.start_date, visit.end_date)))
    rows.sort(key=lambda r: (r.due is None, r.due or date.min, r.data.title.casefold(), r.id))
    return rows


# --- the office's template --------------------------------------------------------------------


def read_template(session: Session) -> list[TaskData]:
    """The office's template, in its order."""
    rows = session.scalars(select(TaskTemplateItem).order_by(TaskTemplateItem.position, TaskTemplateItem.id))
    return [TaskData(r.title, r.owner, None, r.due_days, r.due_anchor, watch=r.watch, notes=r.notes) for r in rows]


@service
def replace_template(session: Session, items: Sequence[TaskData]) -> Changes:
    """Make `items` the office's template (in that order); undo replaces it with the old list."""
    for n, item in enumerate(items, start=1):
        try:
            item.validate()
        except UserError as exc:
            raise UserError(f"line {n}: {exc}", field=exc.field) from exc
        if item.due_date is not None:
            raise UserError(f"line {n}: a template's due dates count days before or after the visit", field="due_date")
    session.execute(delete(TaskTemplateItem))
    for n, item in enumerate(items, start=1):
        session.add(
            TaskTemplateItem(
                position=n,
                title=item.title.strip(),
                owner=item.owner.strip(),
                due_days=item.due_days,
                due_anchor=item.due_anchor,
                watch=item.watch,
                notes=item.notes,
            )
        )
    session.flush()
    return Changes.of_updated(Entity.TASK_TEMPLATE, 0)


@service
def add_tasks_from_template(session: Session, visit_id: int) -> Changes:
    """Add the template's tasks the visit does not have yet (by title, ignoring case), all open."""
    get(session, Visit, visit_id, "visit")
    have = {
        t.casefold() for t in session.scalars(select(ReadinessTask.title).where(ReadinessTask.visit_id == visit_id))
    }
    changes = Changes()
    for item in read_template(session):
        if item.title.strip().casefold() not in have:
            changes |= create_task(session, visit_id, replace(item, status=TaskStatus.OPEN))
            have.add(item.title.strip().casefold())
    return changes


def visit_today(session: Session, visit_id: int, now: datetime | None = None) -> tuple[date, date, date] | None:
    """The visit's first and last days and the date in its zone at `now` (by default the clock's
    now): what tasks are due against."""
    from visitplanner.services.base import today_in

    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    return visit.start_date, visit.end_date, today_in(visit.local_time_zone, now)
