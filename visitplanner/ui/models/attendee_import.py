"""The import dialog's review: one line per row of the delegation list, with a tick to import it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from visitplanner.services.attendee_import import RowPlan, RowStatus
from visitplanner.ui.models.base import Column, Index, RowTableModel

COL_IMPORT, COL_ROW, COL_STATUS, COL_NAME, COL_MATCHED_BY, COL_CHANGES = range(6)


def changes_text(item: RowPlan) -> str:
    """What importing the row changes: "title: 과장 → 국장; e-mail: a@b.example"."""
    text = "; ".join(f"{d.label}: {d.old} → {d.new}" if d.old else f"{d.label}: {d.new}" for d in item.diffs)
    return text or "—"


class ReviewModel(RowTableModel[RowPlan]):
    """The rows of an import preview; the first column's check box says whether a row is imported.

    Rows that would change nothing cannot be ticked. A model, not a table of items: a list of
    thousands of rows is shown at once, and only the lines on screen are ever asked for.

    Attributes:
        accepted: the row numbers (in the file) ticked.
    """

    columns = (
        Column[RowPlan]("Import", lambda r: ""),
        Column[RowPlan]("Row", lambda r: str(r.row), sort=lambda r: r.row),
        Column[RowPlan]("Status", lambda r: r.status.label),
        Column[RowPlan]("Name", lambda r: r.name),
        Column[RowPlan]("Matched by", lambda r: r.matched_by),
        Column[RowPlan]("Changes", changes_text, tooltip=changes_text),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.accepted: set[int] = set()

    def row_id(self, row: RowPlan) -> int:
        return row.row

    def set_rows(self, rows: Sequence[RowPlan]) -> None:
        """Show `rows`, every one that changes something ticked."""
        self.accepted = {r.row for r in rows if r.status is not RowStatus.UNCHANGED}
        super().set_rows(rows)

    def set_accepted(self, row: int, accepted: bool) -> bool:
        """Tick or untick the row numbered `row` in the file; False when it cannot be ticked."""
        index = self.index_of(row)
        if not index.isValid():
            return False
        return self.setData(
            index,
            (Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked).value,
            Qt.ItemDataRole.CheckStateRole,
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_IMPORT:
            if self.row_at(index.row()).status is RowStatus.UNCHANGED:
                return Qt.ItemFlag.ItemIsSelectable  # nothing to import: shown greyed, never ticked
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def extra_data(self, row: RowPlan, column: int, role: int) -> Any:
        if column == COL_IMPORT and role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.row in self.accepted else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_IMPORT or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self.row_at(index.row())
        if item.status is RowStatus.UNCHANGED:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self.accepted.add(item.row)
        else:
            self.accepted.discard(item.row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
