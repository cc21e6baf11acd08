"""The Tasks tab (readiness checklist), its dialogs, the template editor, and the Done-when flow in the window.

Not to be confused with `test_tasks.py`, which tests background tasks (`visitplanner/ui/tasks.py`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from visitplanner.domain.enums import DueAnchor, TaskStatus, TaskWatch
from visitplanner.domain.findings import Severity
from visitplanner.domain.values import TaskData
from visitplanner.services.people import person_data, update_person
from visitplanner.services.tasks import read_template
from visitplanner.store.models import Attendee, Person
from visitplanner.ui import messages
from visitplanner.ui.dialogs.task import TaskDialog, TemplateDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.readiness import TasksTab
from visitplanner.ui.workspace import Workspace

DIETARY = "Catering numbers and dietary list sent to the caterer"


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> TasksTab:
    page = TasksTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


def row_named(tab: TasksTab, title: str) -> object:
    return next(r for r in tab.model.rows() if r.data.title == title)


def status_of(tab: TasksTab, title: str) -> TaskStatus:
    return next(r.data.status for r in tab.model.rows() if r.data.title == title)


def test_the_demo_checklist_is_shown_by_due_date(tab: TasksTab) -> None:
    assert tab.model.rowCount() == 11
    assert tab.summary.text().startswith("11 tasks · 2 done")
    first = tab.proxy.index(0, tab.model.COL_TITLE).data()
    assert first == "Invitation letter sent"
    assert tab.proxy.index(0, tab.model.COL_DUE).data() == "Fri 12 Mar 2027"


def test_mark_done_then_a_dietary_change_reopens_it_and_undo_closes_it(
    qtbot: QtBot, tab: TasksTab, workspace: Workspace, demo_visit_id: int
) -> None:
    row = row_named(tab, DIETARY)
    tab.select_tasks([row.id])  # type: ignore[attr-defined]
    tab.done_button.click()
    assert status_of(tab, DIETARY) is TaskStatus.DONE
    kim = workspace.read(
        lambda s: next(
            person_data(a.person)
            for a in s.scalars(select(Attendee).where(Attendee.visit_id == demo_visit_id))
            if a.person.family_name == "Kim"
        )
    )
    kim_id = workspace.read(lambda s: s.scalar(select(Person.id).where(Person.family_name == "Kim")))
    workspace.execute(lambda s: update_person(s, kim_id, replace(kim, dietary="Vegan")))
    assert status_of(tab, DIETARY) is TaskStatus.REOPENED
    assert tab.model.index_of(row.id).siblingAtColumn(tab.model.COL_STATUS).data() == "Reopened"  # type: ignore[attr-defined]
    workspace.execute(lambda s: update_person(s, kim_id, kim))
    assert status_of(tab, DIETARY) is TaskStatus.DONE
    workspace.undo_stack.undo()  # the mark-done step
    assert status_of(tab, DIETARY) is TaskStatus.OPEN


def test_new_edit_and_delete_with_undo(tab: TasksTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        TaskDialog, "ask", classmethod(lambda cls, *a, **k: TaskData("Parking permits", "Events", due_days=10))
    )
    tab.new_button.click()
    assert status_of(tab, "Parking permits") is TaskStatus.OPEN
    row = row_named(tab, "Parking permits")
    tab.select_tasks([row.id])  # type: ignore[attr-defined]
    monkeypatch.setattr(
        TaskDialog, "ask", classmethod(lambda cls, parent, initial, *a, **k: replace(initial, owner="Security"))
    )
    tab.edit_button.click()
    assert row_named(tab, "Parking permits").data.owner == "Security"  # type: ignore[attr-defined]
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)
    tab.select_tasks([row.id])  # type: ignore[attr-defined]
    tab.delete_button.click()
    assert not [r for r in tab.model.rows() if r.data.title == "Parking permits"]
    workspace.undo_stack.undo()
    assert row_named(tab, "Parking permits").data.owner == "Security"  # type: ignore[attr-defined]
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert not [r for r in tab.model.rows() if r.data.title == "Parking permits"]


def test_the_template_editor_and_adding_from_it(
    qtbot: QtBot, tab: TasksTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = workspace.read(read_template)
    dialog = TemplateDialog(None, old)
    qtbot.add_widget(dialog)
    assert dialog.value() == old
    dialog.add_line(TaskData("Parking permits", "Events", due_days=10, watch=TaskWatch.PROGRAMME))
    dialog.table.setCurrentCell(dialog.table.rowCount() - 1, 0)
    dialog.move_line(-1)
    edited = dialog.value()
    assert edited[-2].title == "Parking permits" and edited[-2].watch is TaskWatch.PROGRAMME
    assert edited[-1].due_anchor is DueAnchor.AFTER_END  # the thank-you letters moved down one
    dialog.add_line(TaskData(""))
    dialog.accept()
    assert "line 13 has no task" in dialog.error_label.text()

    monkeypatch.setattr(TemplateDialog, "ask", classmethod(lambda cls, *a, **k: edited))
    tab.edit_template_button.click()
    assert [t.title for t in workspace.read(read_template)] == [t.title for t in edited]
    tab.template_button.click()  # only the new line is missing from the visit
    assert status_of(tab, "Parking permits") is TaskStatus.OPEN and tab.model.rowCount() == 12
    workspace.undo_stack.undo()
    assert tab.model.rowCount() == 11
    workspace.undo_stack.undo()
    assert workspace.read(read_template) == old


def test_the_task_dialog_gives_back_what_it_was_given(qtbot: QtBot) -> None:
    for data in (
        TaskData("Flags", "Events", due_days=7),
        TaskData("Debrief", due_days=3, due_anchor=DueAnchor.AFTER_END, status=TaskStatus.IN_PROGRESS),
        TaskData("Gift", due_date=date(2027, 4, 30), status=TaskStatus.DONE, done_on="abc"),
        TaskData("Dietary", watch=TaskWatch.DIETARY, status=TaskStatus.REOPENED, done_on="old"),
    ):
        dialog = TaskDialog(None, data, date(2027, 5, 11))
        qtbot.add_widget(dialog)
        assert dialog.value() == data
    reopened = TaskDialog(None, TaskData("Dietary", status=TaskStatus.REOPENED, done_on="old"), date(2027, 5, 11))
    qtbot.add_widget(reopened)
    reopened.status.setCurrentIndex(reopened.status.findData(TaskStatus.DONE))
    assert reopened.value().done_on == ""  # done again: on the plan as it is now


def test_reopened_tasks_reach_the_checks_dock(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, demo_visit_id: int
) -> None:
    window.show_visit(demo_visit_id)
    tasks_tab = next(slot for slot in window.slots if slot.title == "Tasks")
    window.tabs.setCurrentWidget(tasks_tab)
    page = tasks_tab.page()
    assert isinstance(page, TasksTab) and page.model.rowCount() == 11
    qtbot.wait_until(lambda: window.checks.findings != [], timeout=5000)
    from visitplanner.services.tasks import read_tasks, update_task

    row = next(r for r in window.workspace.read(lambda s: read_tasks(s, demo_visit_id)) if r.data.title == DIETARY)
    window.workspace.execute(lambda s: update_task(s, row.id, replace(row.data, status=TaskStatus.DONE)))
    kim_id = window.workspace.read(lambda s: s.scalar(select(Person.id).where(Person.family_name == "Kim")))
    kim = window.workspace.read(lambda s: person_data(s.get(Person, kim_id)))
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.workspace.execute(lambda s: update_person(s, kim_id, replace(kim, dietary="Vegan")))
    qtbot.wait_until(lambda: any(f.code == "task-reopened" for f in window.checks.findings), timeout=5000)
    finding = next(f for f in window.checks.findings if f.code == "task-reopened")
    assert finding.severity is Severity.WARNING and DIETARY in finding.message


def test_due_dates_and_statuses_are_shown_whole_at_first(tab: TasksTab) -> None:
    """Before the officer sets column widths (they are restored over these), no due date, status or
    'reopens when' is cut short."""
    from visitplanner.ui.models.tasks import TaskModel

    metrics = tab.view.fontMetrics()
    for column in (TaskModel.COL_DUE, TaskModel.COL_STATUS, TaskModel.COL_ABOUT):
        texts = [str(tab.proxy.index(row, column).data()) for row in range(tab.proxy.rowCount())]
        assert texts and tab.view.columnWidth(column) >= max(metrics.horizontalAdvance(t) for t in texts) + 8
