"""The readiness-task editor and the office's task-template editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import DueAnchor, TaskStatus, TaskWatch
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import TaskData
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.dialogs.visit import from_qdate, to_qdate

#: How a task's due date is given, as the editor offers it.
NO_DATE, ON_DATE, BEFORE, AFTER = "none", "date", "before", "after"
DUE_KINDS = (
    (NO_DATE, "No due date"),
    (ON_DATE, "On a date"),
    (BEFORE, "Days before the visit"),
    (AFTER, "Days after the visit"),
)


def _due_kind(data: TaskData) -> str:
    if data.due_date is not None:
        return ON_DATE
    if data.due_days is None:
        return NO_DATE
    return BEFORE if data.due_anchor is DueAnchor.BEFORE_START else AFTER


class TaskDialog(FormDialog[TaskData]):
    """Edits one readiness task: what, who, when (a date, or days before or after the visit),
    status, what it is about (a done task reopens when that changes) and notes.

    Choosing "Done" confirms the task on the plan as it is now; a reopened task keeps
    "Reopened" until it is done again.
    """

    text_rules = TaskData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: TaskData,
        first_day: date,
        *,
        new: bool = False,
        check: Callable[[TaskData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New task" if new else "Edit task", check)
        self.initial = initial
        self.title_edit = QLineEdit(initial.title)
        self.title_edit.setPlaceholderText("e.g. Dietary list sent to the caterer")
        self.owner = QLineEdit(initial.owner)
        self.owner.setPlaceholderText("Who does it")
        self.due_kind = QComboBox()
        for value, label in DUE_KINDS:
            self.due_kind.addItem(label, value)
        self.due_kind.setCurrentIndex(self.due_kind.findData(_due_kind(initial)))
        self.due_date = QDateEdit(to_qdate(initial.due_date or first_day))
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("ddd d MMM yyyy")
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 366)
        self.due_days.setSuffix(" days")
        self.due_days.setValue(initial.due_days or 0)
        due = QWidget()
        due_row = QHBoxLayout(due)
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.addWidget(self.due_kind)
        due_row.addWidget(self.due_date)
        due_row.addWidget(self.due_days)
        self.due_kind.currentIndexChanged.connect(lambda _: self._due_changed())
        self.status = QComboBox()
        for status in TaskStatus:
            if status is not TaskStatus.REOPENED or initial.status is TaskStatus.REOPENED:
                self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(initial.status))
        self.watch = QComboBox()
        for watch in TaskWatch:
            self.watch.addItem(watch.label, watch)
        self.watch.setCurrentIndex(self.watch.findData(initial.watch))
        self.watch.setToolTip("A done task reopens by itself when this part of the plan changes")
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("title", "&Task", self.title_edit),
            ("owner", "&Owner", self.owner),
            ("due_days", "&Due", due),
            ("status", "&Status", self.status),
            ("watch", "&Reopens when", self.watch),
            ("notes", "&Notes", self.notes),
        )
        for name, label, widget in rows:
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.fields["due_date"] = self.due_date
        self._due_changed()
        self.resize(520, 320)

    def _due_changed(self) -> None:
        kind = self.due_kind.currentData()
        self.due_date.setVisible(kind == ON_DATE)
        self.due_days.setVisible(kind in (BEFORE, AFTER))

    def value(self) -> TaskData:
        kind = self.due_kind.currentData()
        status = TaskStatus(self.status.currentData())
        keep = status is self.initial.status and status in (TaskStatus.DONE, TaskStatus.REOPENED)
        return TaskData(
            title=self.title_edit.text().strip(),
            owner=self.owner.text().strip(),
            due_date=from_qdate(self.due_date.date()) if kind == ON_DATE else None,
            due_days=self.due_days.value() if kind in (BEFORE, AFTER) else None,
            due_anchor=DueAnchor.AFTER_END if kind == AFTER else DueAnchor.BEFORE_START,
            status=status,
            watch=TaskWatch(self.watch.currentData()),
            notes=self.notes.toPlainText().strip(),
            done_on=self.initial.done_on if keep else "",
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: TaskData,
        first_day: date,
        *,
        new: bool = False,
        check: Callable[[TaskData], None] | None = None,
    ) -> TaskData | None:
        dialog = cls(parent, initial, first_day, new=new, check=check)
        return dialog.result_value() if dialog.exec() else None


class TemplateDialog(FormDialog[list[TaskData]]):
    """The office's task template: one line per task (title, owner, days, before or after the
    visit, what it reopens on), added, removed and moved up or down.

    Attributes:
        table: the lines.
    """

    COL_TITLE, COL_OWNER, COL_DAYS, COL_ANCHOR, COL_WATCH = range(5)

    def __init__(
        self,
        parent: QWidget | None,
        items: Sequence[TaskData],
        check: Callable[[list[TaskData]], None] | None = None,
    ) -> None:
        super().__init__(parent, "Task template", check)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("taskTemplate")
        self.table.setAccessibleName("The office's task template")
        self.table.setHorizontalHeaderLabels(["Task", "Owner", "Days", "Before or after", "Reopens when"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(self.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for item in items:
            self.add_line(item)
        self.add_button = QPushButton("&Add task")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.add_button.clicked.connect(lambda: self.add_line(TaskData("")))
        self.remove_button.clicked.connect(self.remove_line)
        self.up_button.clicked.connect(lambda: self.move_line(-1))
        self.down_button.clicked.connect(lambda: self.move_line(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.form.addRow(box)
        self.fields["lines"] = self.table
        self.resize(820, 460)

    def add_line(self, item: TaskData) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, self.COL_TITLE, QTableWidgetItem(item.title))
        self.table.setItem(row, self.COL_OWNER, QTableWidgetItem(item.owner))
        days = QSpinBox()
        days.setRange(0, 366)
        days.setValue(item.due_days or 0)
        self.table.setCellWidget(row, self.COL_DAYS, days)
        anchor = QComboBox()
        for each in DueAnchor:
            anchor.addItem(each.label, each)
        anchor.setCurrentIndex(anchor.findData(item.due_anchor))
        self.table.setCellWidget(row, self.COL_ANCHOR, anchor)
        watch = QComboBox()
        for kind in TaskWatch:
            watch.addItem(kind.label, kind)
        watch.setCurrentIndex(watch.findData(item.watch))
        self.table.setCellWidget(row, self.COL_WATCH, watch)
        self.table.setCurrentCell(row, self.COL_TITLE)

    def line(self, row: int) -> TaskData:
        def text(column: int) -> str:
            cell = self.table.item(row, column)
            return cell.text().strip() if cell is not None else ""

        days = self.table.cellWidget(row, self.COL_DAYS)
        anchor = self.table.cellWidget(row, self.COL_ANCHOR)
        watch = self.table.cellWidget(row, self.COL_WATCH)
        assert isinstance(days, QSpinBox) and isinstance(anchor, QComboBox) and isinstance(watch, QComboBox)
        return TaskData(
            text(self.COL_TITLE),
            text(self.COL_OWNER),
            due_days=days.value(),
            due_anchor=DueAnchor(anchor.currentData()),
            watch=TaskWatch(watch.currentData()),
        )

    def lines(self) -> list[TaskData]:
        return [self.line(row) for row in range(self.table.rowCount())]

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_line(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        items = self.lines()
        items[row], items[target] = items[target], items[row]
        self.table.setRowCount(0)
        for item in items:
            self.add_line(item)
        self.table.setCurrentCell(target, self.COL_TITLE)

    def value(self) -> list[TaskData]:
        items = self.lines()
        for n, item in enumerate(items, start=1):
            if not item.title:
                raise UserError(f"lines: line {n} has no task", field="lines")
        return items

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        items: Sequence[TaskData],
        check: Callable[[list[TaskData]], None] | None = None,
    ) -> list[TaskData] | None:
        dialog = cls(parent, items, check)
        return dialog.result_value() if dialog.exec() else None
