"""Issue 16's "Done when", tried as a new user would on the demo in the main window."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from visitplanner.domain.enums import TaskStatus
from visitplanner.services.engagements import engagement_plan, update_engagement
from visitplanner.services.people import person_data, update_person
from visitplanner.services.reads.travel import read_legs
from visitplanner.store.models import Engagement, Person
from visitplanner.ui.gifts import GiftsTab
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.readiness import TasksTab

DIETARY = "Catering numbers and dietary list sent to the caterer"


def page(window: MainWindow, title: str) -> object:
    slot = next(s for s in window.slots if s.title == title)
    window.tabs.setCurrentWidget(slot)
    return slot.page()


def test_issue_16_done_when(qtbot: QtBot, window: MainWindow, demo_visit_id: int) -> None:
    workspace = window.workspace
    window.show_visit(demo_visit_id)
    qtbot.wait_until(lambda: window.checks.findings != [], timeout=5000)

    # the delegation's arrival and departure flights are data
    legs = workspace.read(lambda s: read_legs(s, demo_visit_id))
    assert [(leg.data.direction.value, leg.data.number) for leg in legs] == [
        ("arrival", "KE 9021"),
        ("departure", "KE 9022"),
    ]

    # the interpreter workload warning appears
    assert any(f.code == "interpreter-overworked" and "Seo Ji-yeon" in f.message for f in window.checks.findings)

    # moving the farewell past their departure raises an error naming the flight
    farewell = workspace.read(
        lambda s: s.scalars(select(Engagement).where(Engagement.title == "Farewell and departure")).one()
    )
    plan = workspace.read(lambda s: engagement_plan(s.get(Engagement, farewell.id)))
    later = replace(
        plan,
        data=replace(plan.data, start=plan.data.start + timedelta(hours=2), end=plan.data.end + timedelta(hours=2)),
    )
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        workspace.execute(lambda s: update_engagement(s, farewell.id, later))
    qtbot.wait_until(lambda: any(f.code == "engagement-after-departure" for f in window.checks.findings), timeout=5000)
    late = next(f for f in window.checks.findings if f.code == "engagement-after-departure")
    assert late.severity.value == "error" and "KE 9022" in late.message and farewell.id in late.engagement_ids

    # taking the dietary list task as done, then changing a guest's dietary need, reopens it
    tasks = page(window, "Tasks")
    assert isinstance(tasks, TasksTab)
    row = next(r for r in tasks.model.rows() if r.data.title == DIETARY)
    tasks.select_tasks([row.id])
    tasks.done_button.click()
    assert next(r for r in tasks.model.rows() if r.data.title == DIETARY).data.status is TaskStatus.DONE
    kim_id = workspace.read(lambda s: s.scalar(select(Person.id).where(Person.family_name == "Kim")))
    kim = workspace.read(lambda s: person_data(s.get(Person, kim_id)))
    workspace.execute(lambda s: update_person(s, kim_id, replace(kim, dietary="Vegan, no alcohol")))
    assert next(r for r in tasks.model.rows() if r.data.title == DIETARY).data.status is TaskStatus.REOPENED
    qtbot.wait_until(lambda: any(f.code == "task-reopened" for f in window.checks.findings), timeout=5000)

    # the gift register lists the MOU gift exchange from both sides
    gifts = page(window, "Gifts")
    assert isinstance(gifts, GiftsTab)
    exchange = {
        (r.giver_side.value, r.recipient_side.value, r.engagement)
        for r in gifts.model.rows()
        if r.giver_side and r.recipient_side
    }
    assert exchange == {("visiting", "host", "MOU signing ceremony"), ("host", "visiting", "MOU signing ceremony")}
