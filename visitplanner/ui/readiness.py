"""The Tasks tab: the visit's readiness checklist, started from the office's template."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TaskStatus, TaskWatch
from visitplanner.domain.values import TaskData
from visitplanner.services.tasks import TaskRow, read_tasks, read_template, visit_today
from visitplanner.ui import messages
from visitplanner.ui.commands.tasks import (
    AddTasksFromTemplateCommand,
    CreateTaskCommand,
    DeleteTaskCommand,
    EditTaskCommand,
    ReplaceTemplateCommand,
)
from visitplanner.ui.dialogs.task import TaskDialog, TemplateDialog
from visitplanner.ui.models.base import OBJECT_ROLE, SortFilterProxy
from visitplanner.ui.models.tasks import TaskModel
from visitplanner.ui.tabs import VisitTab, select_ids
from visitplanner.ui.workspace import Workspace

#: The rows whose changes can change what the tab shows (a dietary need or the programme reopens tasks).
WATCHED = (Entity.TASK, Entity.TASK_TEMPLATE, Entity.VISIT, Entity.ENGAGEMENT, Entity.PERSON, Entity.ATTENDEE)


class TasksTab(VisitTab):
    """The readiness checklist: tasks by due date, overdue and reopened ones marked.

    Attributes:
        model: the tasks; proxy: sorted; view: the table.
        summary: "11 tasks · 2 done · 1 needing attention".
    """

    title = "Tasks"
    header_name = "tasks"
    can_edit = frozenset({"new", "delete"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.first_day = workspace.clock().date()
        self.model = TaskModel(self, self.first_day)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("tasksView")
        self.view.setAccessibleName("Readiness tasks")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(TaskModel.COL_DUE, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(TaskModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # first widths that show a whole due date and status (a width the officer set is restored over them)
        metrics = self.view.fontMetrics()
        for column, widest in ((TaskModel.COL_DUE, "Wed 30 Sep 2027"), (TaskModel.COL_STATUS, "In progress, overdue")):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(widest) + 24)
        about = max((metrics.horizontalAdvance(w.label) for w in TaskWatch), default=0)
        self.view.setColumnWidth(TaskModel.COL_ABOUT, min(about + 24, 320))
        self.view.doubleClicked.connect(lambda _: self.edit_task())
        self.summary = QLabel()
        self.new_button = QPushButton("&New task…")
        self.edit_button = QPushButton("&Edit…")
        self.done_button = QPushButton("Mark &done")
        self.done_button.setToolTip("Done on the plan as it is now: it reopens if what it is about changes")
        self.delete_button = QPushButton("Delete")
        self.template_button = QPushButton("Add from &template")
        self.template_button.setToolTip("Add the office's usual tasks that this visit does not have yet")
        self.edit_template_button = QPushButton("Edit t&emplate…")
        self.new_button.clicked.connect(self.new_task)
        self.edit_button.clicked.connect(self.edit_task)
        self.done_button.clicked.connect(self.mark_done)
        self.delete_button.clicked.connect(self.delete_task)
        self.template_button.clicked.connect(self.add_from_template)
        self.edit_template_button.clicked.connect(self.edit_template)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.done_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.template_button)
        buttons.addWidget(self.edit_template_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def header_view(self) -> QHeaderView:
        return self.view.horizontalHeader()

    def reload(self) -> None:
        visit_id = self.visit_id
        if visit_id is None:
            self.model.set_rows([])
            self.summary.setText("No visit selected")
            self._enable()
            return
        now = self.workspace.clock()
        days = self.workspace.read(lambda s: visit_today(s, visit_id, now))
        rows = self.workspace.read(lambda s: read_tasks(s, visit_id)) if days is not None else []
        if days is not None:
            self.first_day, _, self.model.today = days
        chosen = [r.id for r in self.selected()]
        self.model.set_rows(rows)
        select_ids(self.view, self.proxy, self.model, chosen)
        done = sum(1 for r in rows if r.data.status is TaskStatus.DONE)
        attention = sum(1 for r in rows if self.model.attention(r) == 0)
        self.summary.setText(
            f"{len(rows)} task{'s' if len(rows) != 1 else ''} · {done} done · {attention} needing attention"
            if rows
            else "No tasks yet: add the office's usual ones with “Add from template”"
        )
        self._enable()

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def selected(self) -> list[TaskRow]:
        rows = []
        for index in self.view.selectionModel().selectedRows():
            value = index.data(OBJECT_ROLE)
            if isinstance(value, TaskRow):
                rows.append(value)
        return rows

    def current(self) -> TaskRow | None:
        rows = self.selected()
        return rows[0] if len(rows) == 1 else None

    def _enable(self) -> None:
        has_visit = self.visit_id is not None
        one = self.current() is not None
        for button in (self.new_button, self.template_button):
            button.setEnabled(has_visit)
        self.edit_button.setEnabled(one)
        self.done_button.setEnabled(any(r.data.status is not TaskStatus.DONE for r in self.selected()))
        self.delete_button.setEnabled(bool(self.selected()))

    def select_tasks(self, ids: list[int]) -> None:
        select_ids(self.view, self.proxy, self.model, ids)

    # -- edits ---------------------------------------------------------------------------------
    def new_task(self) -> None:
        from visitplanner.services.tasks import create_task

        visit_id = self.visit_id
        if visit_id is None:
            return
        data = TaskDialog.ask(
            self,
            TaskData("", due_days=7),
            self.first_day,
            new=True,
            check=lambda v: self.workspace.check(lambda s: create_task(s, visit_id, v)),
        )
        if data is not None:
            self.workspace.push(CreateTaskCommand(self.workspace, visit_id, data, self), self)

    def edit_task(self) -> None:
        from visitplanner.services.tasks import update_task

        row = self.current()
        if row is None:
            return
        data = TaskDialog.ask(
            self,
            row.data,
            self.first_day,
            check=lambda v: self.workspace.check(lambda s: update_task(s, row.id, v, expected_version=row.version)),
        )
        if data is not None and data != row.data:
            self.workspace.push(EditTaskCommand(self.workspace, row.id, row.data, data, row.version, self), self)

    def mark_done(self) -> None:
        """Mark the selected tasks done on the plan as it is now (one undo step per task)."""
        for row in self.selected():
            if row.data.status is not TaskStatus.DONE:
                new = replace(row.data, status=TaskStatus.DONE, done_on="")
                text = f"Mark “{row.data.title}” done"
                self.workspace.push(
                    EditTaskCommand(self.workspace, row.id, row.data, new, row.version, self, text), self
                )

    def delete_task(self) -> None:
        rows = self.selected()
        if not rows:
            return
        what = f"“{rows[0].data.title}”" if len(rows) == 1 else f"{len(rows)} tasks"
        if not messages.ask_yes_no(self, "Delete task", f"Delete {what}? You can undo this."):
            return
        for row in rows:
            self.workspace.push(
                DeleteTaskCommand(self.workspace, row.id, row.data.title, row.version, initiator=self), self
            )

    def add_from_template(self) -> None:
        visit_id = self.visit_id
        if visit_id is not None:
            self.workspace.push(AddTasksFromTemplateCommand(self.workspace, visit_id, self), self)

    def edit_template(self) -> None:
        from visitplanner.services.tasks import replace_template

        old = self.workspace.read(read_template)
        new = TemplateDialog.ask(self, old, check=lambda v: self.workspace.check(lambda s: replace_template(s, v)))
        if new is not None and new != old:
            self.workspace.push(ReplaceTemplateCommand(self.workspace, old, new, self), self)

    def edit_new(self) -> None:
        self.new_task()

    def edit_delete(self) -> None:
        self.delete_task()
