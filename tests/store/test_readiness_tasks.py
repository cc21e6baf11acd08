"""Readiness tasks on real databases: the template, relative due dates, reopening, overdue, undo, the visit file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import DueAnchor, TaskStatus, TaskWatch
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import DEFAULT_TASK_TEMPLATE, TaskData
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import engagements, people, snapshots, tasks
from visitplanner.services.checks import check_visit
from visitplanner.services.demo import build_demo
from visitplanner.services.tasks import TaskRow, read_tasks
from visitplanner.services.visitfile import import_visit
from visitplanner.store.models import Attendee, Engagement, Person

DIETARY = "Catering numbers and dietary list sent to the caterer"
PROGRAMME = "Programme sent to the delegation"


def task(session: Session, visit_id: int, title: str) -> TaskRow:
    return next(r for r in read_tasks(session, visit_id) if r.data.title == title)


def demo(session: Session) -> int:
    return build_demo(session).created_id(Entity.VISIT)


def test_the_template_is_seeded_and_the_demo_starts_from_it(session: Session) -> None:
    assert [t.title for t in tasks.read_template(session)] == [t.title for t in DEFAULT_TASK_TEMPLATE]
    visit_id = demo(session)
    rows = read_tasks(session, visit_id)
    assert len(rows) == len(DEFAULT_TASK_TEMPLATE)
    dietary = task(session, visit_id, DIETARY)
    assert dietary.due == date(2027, 5, 4) and dietary.data.due_text == "7 days before the visit"
    assert task(session, visit_id, "Thank-you letters sent").due == date(2027, 5, 17)  # 5 days after 12 May
    assert {r.data.title for r in rows if r.data.status is TaskStatus.DONE} == {
        "Invitation letter sent",
        "Visa support letters sent",
    }
    assert tasks.add_tasks_from_template(session, visit_id) == type(tasks.add_tasks_from_template(session, visit_id))()


def test_the_dietary_task_reopens_when_a_guests_need_changes_and_undo_closes_it(session: Session) -> None:
    visit_id = demo(session)
    row = task(session, visit_id, DIETARY)
    tasks.update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    assert task(session, visit_id, DIETARY).data.status is TaskStatus.DONE
    kim = next(
        a.person
        for a in session.scalars(select(Attendee).where(Attendee.visit_id == visit_id))
        if a.person.family_name == "Kim"
    )
    before = people.person_data(kim)
    people.update_person(session, kim.id, replace(before, dietary="Vegan"))
    reopened = task(session, visit_id, DIETARY)
    assert reopened.data.status is TaskStatus.REOPENED
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "task-reopened"]
    assert "a dietary need or a meal's attendance has changed" in finding.message and DIETARY in finding.message
    assert task(session, visit_id, PROGRAMME).data.status is TaskStatus.OPEN  # not about dietary needs
    people.update_person(session, kim.id, before)  # undo puts the need back: done again
    assert task(session, visit_id, DIETARY).data.status is TaskStatus.DONE


def test_a_meals_attendance_reopens_the_dietary_task_but_a_tour_does_not(session: Session) -> None:
    visit_id = demo(session)
    row = task(session, visit_id, DIETARY)
    tasks.update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    tour = session.scalars(select(Engagement).where(Engagement.title.like("Tour of the Digital%"))).one()
    engagements.move_engagement(session, tour.id, tour.start_at + timedelta(minutes=5))
    assert task(session, visit_id, DIETARY).data.status is TaskStatus.DONE
    dinner = session.scalars(select(Engagement).where(Engagement.title == "Welcome dinner")).one()
    someone = dinner.attendances[0].attendee_id
    engagements.unassign_attendee(session, dinner.id, someone)
    assert task(session, visit_id, DIETARY).data.status is TaskStatus.REOPENED


def test_the_programme_task_reopens_when_the_programme_changes(session: Session) -> None:
    visit_id = demo(session)
    row = task(session, visit_id, PROGRAMME)
    tasks.update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    tour = session.scalars(select(Engagement).where(Engagement.title.like("Tour of the Digital%"))).one()
    engagements.move_engagement(session, tour.id, tour.start_at + timedelta(minutes=5))
    reopened = task(session, visit_id, PROGRAMME)
    assert reopened.data.status is TaskStatus.REOPENED
    # done again on the plan as it is now; editing it later keeps what it was done on
    tasks.update_task(session, reopened.id, replace(reopened.data, status=TaskStatus.DONE, done_on=""))
    again = task(session, visit_id, PROGRAMME)
    assert again.data.status is TaskStatus.DONE
    tasks.update_task(session, again.id, replace(again.data, notes="Sent by e-mail"))
    assert task(session, visit_id, PROGRAMME).data.status is TaskStatus.DONE


def test_overdue_tasks_are_warnings_as_of_today(session: Session) -> None:
    visit_id = demo(session)
    assert not [f for f in check_visit(session, visit_id, today=date(2027, 3, 1)) if f.code.startswith("task-")]
    late = [f for f in check_visit(session, visit_id, today=date(2027, 4, 21)) if f.code == "task-overdue"]
    assert sorted(f.message for f in late) == [
        "The task 'Interpreter booked' (Protocol) was due on Tue 20 Apr 2027 (1 day ago) and is open.",
        "The task 'Venues booked' (Events) was due on Sun 11 Apr 2027 (10 days ago) and is open.",
    ]


def test_bad_tasks_are_refused_by_field(session: Session) -> None:
    visit_id = demo(session)
    with pytest.raises(UserError, match="title: must not be empty"):
        tasks.create_task(session, visit_id, TaskData("  "))
    with pytest.raises(UserError, match="due_days"):
        tasks.create_task(session, visit_id, TaskData("Flags", due_days=400))
    with pytest.raises(UserError, match="line 2: a template's due dates count days"):
        tasks.replace_template(session, [TaskData("A", due_days=1), TaskData("B", due_date=date(2027, 1, 1))])
    assert len(tasks.read_template(session)) == len(DEFAULT_TASK_TEMPLATE)


def test_the_template_is_replaced_whole_and_back(session: Session) -> None:
    old = tasks.read_template(session)
    new = [
        TaskData("Gifts wrapped", "Protocol", due_days=2),
        TaskData("Debrief", due_days=3, due_anchor=DueAnchor.AFTER_END),
    ]
    tasks.replace_template(session, new)
    assert tasks.read_template(session) == new
    tasks.replace_template(session, old)
    assert tasks.read_template(session) == old


def test_a_deleted_task_comes_back_with_undo_and_with_its_visit(session: Session) -> None:
    visit_id = demo(session)
    row = task(session, visit_id, "Invitation letter sent")
    snap = snapshots.snapshot(session, Entity.TASK, row.id)
    snapshots.delete(session, Entity.TASK, row.id)
    restored = snapshots.restore(session, snap).created_id(Entity.TASK)
    assert task(session, visit_id, "Invitation letter sent").id == restored
    assert task(session, visit_id, "Invitation letter sent").data == row.data
    before = [r.data for r in read_tasks(session, visit_id)]
    visit_snap = snapshots.snapshot(session, Entity.VISIT, visit_id)
    deleted = snapshots.delete(session, Entity.VISIT, visit_id)
    assert (Entity.TASK, restored) in deleted.deleted
    new_visit = snapshots.restore(session, visit_snap).created_id(Entity.VISIT)
    assert [r.data for r in read_tasks(session, new_visit)] == before


def test_tasks_travel_in_the_visit_file_and_stay_done(session: Session) -> None:
    visit_id = demo(session)
    row = task(session, visit_id, DIETARY)
    tasks.update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    document = export_visit_document(session, visit_id)
    assert document["version"] >= 5 and len(document["tasks"]) == len(DEFAULT_TASK_TEMPLATE)
    # replacing the visit by its own file: new ids, the same plan
    copy = import_visit(session, parse_visit_document(dump_visit_document(document)), replace=True).created_id(
        Entity.VISIT
    )
    assert copy != visit_id
    assert task(session, copy, DIETARY).data.status is TaskStatus.DONE  # the same plan: still done
    older = dict(document, version=4)
    del older["tasks"]
    assert parse_visit_document(dump_visit_document(older)).tasks == ()


def test_watch_kinds_are_stable_names() -> None:
    assert [w.value for w in TaskWatch] == ["nothing", "dietary", "programme"]
    assert Person.__tablename__ == "person"
