"""The Qt model of the Tasks tab: the readiness checklist by due date."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from visitplanner.domain.checks_text import day_text
from visitplanner.domain.enums import TaskStatus, TaskWatch
from visitplanner.services.tasks import TaskRow
from visitplanner.ui.models.base import Column, RowTableModel
from visitplanner.ui.style import ALERT, MUTED, OK, colour


def due_text(row: TaskRow) -> str:
    """ "Tue 4 May 2027", with the rule it follows when relative ("7 days before the visit")."""
    if row.due is None:
        return ""
    return f"{day_text(row.due)} {row.due.year}"


class TaskModel(RowTableModel[TaskRow]):
    """The visit's tasks; overdue and reopened ones are marked in their status.

    Attributes:
        today: the date tasks are overdue against (the visit's zone).
    """

    COL_DUE, COL_STATUS, COL_TITLE, COL_OWNER, COL_ABOUT, COL_NOTES = range(6)

    def __init__(self, parent: Any, today: date) -> None:
        super().__init__(parent)
        self.today = today
        self.columns = (
            Column(
                "Due",
                due_text,
                sort=lambda r: (r.due is None, r.due or date.min),
                tooltip=lambda r: r.data.due_text,
            ),
            Column("Status", self.status_text, sort=lambda r: (self.attention(r), r.data.status.value)),
            Column("Task", lambda r: r.data.title),
            Column("Owner", lambda r: r.data.owner),
            Column(
                "Reopens when",
                lambda r: "" if r.data.watch is TaskWatch.NOTHING else r.data.watch.label,
            ),
            Column("Notes", lambda r: r.data.notes.replace("\n", " ")),
        )

    def overdue(self, row: TaskRow) -> bool:
        return row.due is not None and row.due < self.today and row.data.status is not TaskStatus.DONE

    def attention(self, row: TaskRow) -> int:
        """0 for reopened or overdue tasks (listed first when sorted by status), 1 for the rest."""
        return 0 if row.data.status is TaskStatus.REOPENED or self.overdue(row) else 1

    def status_text(self, row: TaskRow) -> str:
        text = row.data.status.label
        return f"{text}, overdue" if self.overdue(row) else text

    def extra_data(self, row: TaskRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            if self.attention(row) == 0:
                return colour(ALERT)
            if row.data.status is TaskStatus.DONE:
                return colour(OK)
            return colour(MUTED)
        return None
