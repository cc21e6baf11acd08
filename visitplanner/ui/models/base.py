"""A thin table model over a list of row values, with object and sort roles."""

from __future__ import annotations

from bisect import bisect_left
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
#: "1" when the row passes the model's `filter_predicate`, else "0" (what `ModelSortProxy` filters on).
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4


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
        #: Which rows `ModelSortProxy` lets through (None: all).
        self.filter_predicate: Callable[[RowT], bool] | None = None

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
        if role == FILTER_ROLE:
            return "1" if self.filter_predicate is None or self.filter_predicate(row) else "0"
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


def _ascending(order: Qt.SortOrder) -> bool:
    return order == Qt.SortOrder.AscendingOrder


class SortedRowTableModel(RowTableModel[RowT]):
    """A `RowTableModel` that sorts itself: a column's sort keys (its `Column.sort` values, plain
    Python values) are computed once per row when first sorted on and kept, and a sort is one
    `list.sort` over them, with no Python call per comparison and no `data()` call at all.

    Shown through `ModelSortProxy`, which hands sorting here. Rows stay sorted: `set_rows` sorts
    before the reset, `update_row` moves a row whose key left its place (one `beginMoveRows`),
    `insert_row` puts a new row where it belongs and `remove_id` takes one out.

    Attributes:
        sort_column: the column sorted on (-1: the order rows were given in).
        sort_order: ascending or descending.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._keys: dict[int, list[Any]] = {}  # column -> key per row, in row order
        self._positions: dict[int, int] | None = None  # row id -> row number, built when asked

    # -- keys --------------------------------------------------------------------------------
    def sort_key(self, row: RowT, column: int) -> Any:
        """The plain value rows are sorted on in `column` (then by id, so that sorting is total)."""
        spec = self.columns[column]
        value = spec.sort(row) if spec.sort else spec.display(row).casefold()
        return (value, self.row_id(row))

    def _column_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [self.sort_key(row, column) for row in self._rows]
        return keys

    def _forget_positions(self) -> None:
        self._positions = None

    def _position(self, ident: int) -> int | None:
        if self._positions is None:
            self._positions = {self.row_id(row): number for number, row in enumerate(self._rows)}
        return self._positions.get(ident)

    # -- contents ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = {}
        self._forget_positions()
        if self.sort_column >= 0:
            self._sort_rows()
        self.endResetModel()

    def index_of(self, ident: int) -> QModelIndex:
        number = self._position(ident)
        return self.index(number, 0) if number is not None else QModelIndex()

    def _sort_rows(self) -> None:
        keys = self._column_keys(self.sort_column)
        descending = not _ascending(self.sort_order)
        try:
            order = sorted(range(len(self._rows)), key=keys.__getitem__, reverse=descending)
        except TypeError:  # keys of different types (a column mixing None and text): by their text
            texts = [str(k) for k in keys]
            order = sorted(range(len(self._rows)), key=texts.__getitem__, reverse=descending)
        self._rows = [self._rows[n] for n in order]
        self._keys = {column: [values[n] for n in order] for column, values in self._keys.items()}
        self._forget_positions()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self.sort_column, self.sort_order = column, order
        self._sort_rows()
        ids = {self.row_id(row): number for number, row in enumerate(self._rows)}
        self._positions = ids
        old = self.persistentIndexList()
        new = [
            self.index(ids[self.row_id(before[index.row()])], index.column()) if index.isValid() else index
            for index in old
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _slot_for(self, row: RowT, skip: int | None = None) -> int:
        """Where `row` belongs among the others (not counting row number `skip`)."""
        if self.sort_column < 0:
            return len(self._rows) - (1 if skip is not None else 0)
        key = self.sort_key(row, self.sort_column)
        keys = self._column_keys(self.sort_column)
        others = keys if skip is None else keys[:skip] + keys[skip + 1 :]
        if _ascending(self.sort_order):
            return bisect_left(others, key)
        # descending: the first place whose key is smaller
        low, high = 0, len(others)
        while low < high:
            middle = (low + high) // 2
            if others[middle] > key:
                low = middle + 1
            else:
                high = middle
        return low

    def update_row(self, value: RowT) -> bool:
        """Replace the row with the same id (moving it if its sort key left its place, then one
        `dataChanged` for that row); returns False when it is not shown."""
        number = self._position(self.row_id(value))
        if number is None:
            return False
        if self.sort_column >= 0:
            target = self._slot_for(value, skip=number)
            if target != number:
                # Qt's destination is counted before the move: below the row it is one further
                destination = target + 1 if target > number else target
                self.beginMoveRows(ROOT, number, number, ROOT, destination)
                self._rows.insert(target, self._rows.pop(number))
                for keys in self._keys.values():
                    keys.insert(target, keys.pop(number))
                self._forget_positions()
                self.endMoveRows()
                number = target
        self._rows[number] = value
        for column, keys in self._keys.items():
            keys[number] = self.sort_key(value, column)
        self.dataChanged.emit(self.index(number, 0), self.index(number, self.columnCount() - 1))
        return True

    def insert_row(self, value: RowT) -> None:
        """Add a row where the sort order puts it."""
        number = self._slot_for(value)
        self.beginInsertRows(ROOT, number, number)
        self._rows.insert(number, value)
        for column, keys in self._keys.items():
            keys.insert(number, self.sort_key(value, column))
        self._forget_positions()
        self.endInsertRows()

    def remove_id(self, ident: int) -> bool:
        """Take out the row with id `ident`; False when there is none."""
        number = self._position(ident)
        if number is None:
            return False
        self.beginRemoveRows(ROOT, number, number)
        del self._rows[number]
        for keys in self._keys.values():
            del keys[number]
        self._forget_positions()
        self.endRemoveRows()
        return True


class ModelSortProxy(QSortFilterProxyModel):
    """The proxy for a `SortedRowTableModel`: sorting is handed to the model (no `lessThan`, no
    Python per comparison) and rows are filtered by a predicate on the row value, asked once per
    row through `FILTER_ROLE` (no `filterAcceptsRow` in Python: with no filter set, Qt filters
    nothing and calls no Python at all). `set_predicate` as in `SortFilterProxy`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        source = self.sourceModel()
        if not isinstance(source, RowTableModel):
            raise TypeError("ModelSortProxy filters a RowTableModel")
        pattern = "" if predicate is None else "1"
        if self.filterRegularExpression().pattern() != pattern:
            source.filter_predicate = predicate
            self.setFilterFixedString(pattern)  # filters again
        else:
            self.beginFilterChange()
            source.filter_predicate = predicate
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, SortedRowTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)
