"""Issue 16's "Done when", each part tried as a new user would on the demo in the main window:
through the tabs and the undo commands the window's gestures push, read back from the checks dock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from visitplanner.domain.enums import TaskStatus
from visitplanner.domain.findings import Severity
from visitplanner.services.people import person_data
from visitplanner.services.reads.travel import read_legs
from visitplanner.store.models import Engagement, Person
from visitplanner.ui.commands.engagements import MoveEngagementCommand
from visitplanner.ui.commands.people import EditPersonCommand
from visitplanner.ui.gifts import GiftsTab
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.readiness import TasksTab

DIETARY = "Catering numbers and dietary list sent to the caterer"


def page(window: MainWindow, title: str) -> object:
    slot = next(s for s in window.slots if s.title == title)
    window.tabs.setCurrentWidget(slot)
    return slot.page()


def opened(qtbot: QtBot, window: MainWindow, visit_id: int) -> MainWindow:
    window.show_visit(visit_id)
    qtbot.wait_until(lambda: window.checks.findings != [], timeout=5000)
    return window


def codes(window: MainWindow) -> set[str]:
    return {f.code for f in window.checks.findings}


def test_the_delegations_flights_are_data(qtbot: QtBot, window: MainWindow, demo_visit_id: int) -> None:
    opened(qtbot, window, demo_visit_id)
    legs = window.workspace.read(lambda s: read_legs(s, demo_visit_id))
    assert [(leg.data.direction.value, leg.data.number, len(leg.data.traveller_ids)) for leg in legs] == [
        ("arrival", "KE 9021", 5),
        ("departure", "KE 9022", 5),
    ]
    itinerary = page(window, "Itinerary")
    assert isinstance(itinerary, ItineraryTab)
    itinerary.set_day(date(2027, 5, 11))
    assert [m.movement.text for m in itinerary.timeline.markers] == ["✈ KE 9021 lands 08:15 MAN T2"]


def test_moving_the_farewell_past_their_departure_is_an_error_naming_the_flight(
    qtbot: QtBot, window: MainWindow, demo_visit_id: int
) -> None:
    opened(qtbot, window, demo_visit_id)
    workspace = window.workspace
    assert not [f for f in window.checks.findings if f.severity is Severity.ERROR]
    farewell = workspace.read(
        lambda s: s.scalars(select(Engagement).where(Engagement.title == "Farewell and departure")).one()
    )
    later = farewell.start_at + timedelta(hours=2)
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):  # as a drag on the timeline does
        assert workspace.push(MoveEngagementCommand(workspace, farewell.uuid, farewell.title, farewell.start_at, later))
    late = [f for f in window.checks.findings if f.code == "engagement-after-departure"]
    assert late and all(f.severity is Severity.ERROR and farewell.id in f.engagement_ids for f in late)
    assert "leave on KE 9022 (takes off from Manchester Airport" in late[0].message
    assert "Wed 12 May 18:00), but 'Farewell and departure'" in late[0].message
    assert window.status_label.text().startswith(f"{len(late)} error")
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        workspace.undo_stack.undo()
    assert "engagement-after-departure" not in codes(window)


def test_the_dietary_task_done_reopens_when_a_guests_dietary_need_changes(
    qtbot: QtBot, window: MainWindow, demo_visit_id: int
) -> None:
    opened(qtbot, window, demo_visit_id)
    workspace = window.workspace
    tasks = page(window, "Tasks")
    assert isinstance(tasks, TasksTab)

    def dietary_task() -> TaskStatus:
        return next(r for r in tasks.model.rows() if r.data.title == DIETARY).data.status

    tasks.select_tasks([next(r.id for r in tasks.model.rows() if r.data.title == DIETARY)])
    tasks.done_button.click()
    assert dietary_task() is TaskStatus.DONE and "task-reopened" not in codes(window)
    kim = workspace.read(lambda s: s.scalars(select(Person).where(Person.family_name == "Kim")).one())
    before = workspace.read(lambda s: person_data(s.get(Person, kim.id)))
    vegan = replace(before, dietary="Vegan, no alcohol")
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):  # the person editor's OK
        assert workspace.push(EditPersonCommand(workspace, kim.id, before, vegan))
    assert dietary_task() is TaskStatus.REOPENED
    reopened = next(f for f in window.checks.findings if f.code == "task-reopened")
    assert f"'{DIETARY}'" in reopened.message
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        workspace.undo_stack.undo()  # the need as it was: the task reads done again
    assert dietary_task() is TaskStatus.DONE and "task-reopened" not in codes(window)


def test_the_interpreter_workload_warning_appears(qtbot: QtBot, window: MainWindow, demo_visit_id: int) -> None:
    opened(qtbot, window, demo_visit_id)
    overworked = [f for f in window.checks.findings if f.code == "interpreter-overworked"]
    assert len(overworked) == 2  # each day of the visit
    assert all(
        f.severity is Severity.WARNING and "Seo Ji-yeon (서지연) interprets alone" in f.message for f in overworked
    )
    assert "more than the office's limit of 6 h a day" in overworked[0].message


def test_the_gift_register_lists_the_mou_exchange_from_both_sides(
    qtbot: QtBot, window: MainWindow, demo_visit_id: int
) -> None:
    opened(qtbot, window, demo_visit_id)
    gifts = page(window, "Gifts")
    assert isinstance(gifts, GiftsTab)
    exchange = {
        (r.giver_side.value, r.recipient_side.value, r.engagement)
        for r in gifts.model.rows()
        if r.giver_side and r.recipient_side
    }
    assert exchange == {("visiting", "host", "MOU signing ceremony"), ("host", "visiting", "MOU signing ceremony")}
    assert "gift-not-reciprocated" not in codes(window)
