"""A thin table model over a list of row values, with object and sort roles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex

#: The invalid index that stands for the root (a shared default argument).
ROOT = QModelIndex()
#: The row value itself.
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
#: A raw, comparable value to sort on (a datetime, a number), not the display text.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: The row's database id.
ID_ROLE = Qt.ItemDataRole.UserRole + 3


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows exactly what was typed: Qt renders a tooltip that looks
    like markup as rich text (headings, images from local files), so it is escaped and wrapped."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """One column of a `RowTableModel`.

    Attributes:
        title: the header text.
        display: the text shown for a row.
        sort: the raw value sorted on (defaults to the display text, case-folded).
        tooltip: optional tooltip text for a row.
        alignment: optional alignment flags.
    """

    title: str
    display: Callable[[RowT], str]
    sort: Callable[[RowT], Any] | None = None
    tooltip: Callable[[RowT], str] | None = None
    alignment: Qt.AlignmentFlag | None = None


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of plain values shown through `Column`s; `set_rows` replaces them in one reset and
    `update_row` signals a targeted `dataChanged`.

    Subclasses set `columns` and `row_id` (how to find a row's id).
    """

    columns: Sequence[Column[RowT]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    def row_id(self, row: RowT) -> int:
        return int(row.id)  # type: ignore[attr-defined]

    # -- contents ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def index_of(self, ident: int) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if self.row_id(row) == ident:
                return self.index(number, 0)
        return QModelIndex()

    def update_row(self, value: RowT) -> bool:
        """Replace the row with the same id; returns False when it is not shown."""
        index = self.index_of(self.row_id(value))
        if not index.isValid():
            return False
        self._rows[index.row()] = value
        self.dataChanged.emit(index, self.index(index.row(), self.columnCount() - 1))
        return True

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == OBJECT_ROLE:
            return row
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.display(row).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return plain_tooltip(column.tooltip(row))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.alignment is not None:
            return column.alignment
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: RowT, column: int, role: int) -> Any:
        """Other roles (font, colour) for subclasses."""
        return None


class SortFilterProxy(QSortFilterProxyModel):
    """Sorts on `SORT_ROLE` (raw values) and filters on a text and an optional predicate."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)
        self._predicate: Callable[[Any], bool] | None = None

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._predicate is not None:
            source = self.sourceModel()
            value = source.data(source.index(source_row, 0, source_parent), OBJECT_ROLE)
            if not self._predicate(value):
                return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
