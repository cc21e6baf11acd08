"""The attendees table: rows by side and precedence, filters, and drag-to-reorder within a side."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from visitplanner.domain.enums import Role, Side
from visitplanner.services.reads.people import AttendeeRow
from visitplanner.ui.models.base import OBJECT_ROLE, Column, Index, RowTableModel, SortFilterProxy
from visitplanner.ui.style import ACCESS, DIETARY, SIDES, css

#: The drag payload: the dragged attendees' ids, as JSON.
ATTENDEE_IDS_MIME = "application/x-visitplanner-attendee-ids"

CENTRE = Qt.AlignmentFlag.AlignCenter
ROOT = QModelIndex()


@cache
def dot_icon(colour: str) -> QIcon:
    """A small filled circle: the flag shown beside dietary and access needs and sides."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _name_tooltip(r: AttendeeRow) -> str:
    lines = [r.name.display]
    if r.person.form_of_address:
        lines.append(f"Addressed as: {r.person.form_of_address}")
    if r.person.title:
        lines.append(r.person.title)
    return "\n".join(lines)


def _need_tooltip(kind: str, text: str) -> str:
    if not text:
        return f"No {kind} recorded"
    return f"{kind.capitalize()}: {text}\n(restricted: left out of public editions)"


class AttendeesModel(RowTableModel[AttendeeRow]):
    """The visit's attendees in precedence order, draggable within their side.

    Dropping rows (or `moveRows`) never moves them here: the model works out the side's new
    order and asks for it with `reorder_requested`; the rows move when the store says so.

    Signals:
        reorder_requested(Side, list): the side and all its attendee ids in their new order.
    """

    reorder_requested = Signal(object, list)

    (
        COL_PRECEDENCE,
        COL_NAME,
        COL_NATIVE,
        COL_SIDE,
        COL_ROLE,
        COL_TITLE,
        COL_ORGANISATION,
        COL_DIETARY,
        COL_ACCESS,
        COL_LANGUAGES,
        COL_REPLIES,
    ) = range(11)
    columns = (
        Column(
            "#",
            lambda r: str(r.precedence),
            sort=lambda r: r.order_key,
            alignment=CENTRE,
            tooltip=lambda r: f"{r.precedence} in precedence on the {r.side.label.lower()} side",
        ),
        Column("Name", lambda r: r.name.formal, sort=lambda r: r.name.sort_key, tooltip=_name_tooltip),
        Column("Native script", lambda r: r.person.native_name),
        Column("Side", lambda r: r.side.label, sort=lambda r: r.order_key),
        Column("Role", lambda r: r.role.label),
        Column("Title", lambda r: r.person.title, tooltip=lambda r: r.person.title),
        Column("Organisation", lambda r: r.organisation, tooltip=lambda r: r.organisation),
        Column(
            "Dietary",
            lambda r: "",
            sort=lambda r: (not r.person.dietary, r.person.dietary.casefold()),
            tooltip=lambda r: _need_tooltip("dietary requirement", r.person.dietary),
        ),
        Column(
            "Access",
            lambda r: "",
            sort=lambda r: (not r.person.access_needs, r.person.access_needs.casefold()),
            tooltip=lambda r: _need_tooltip("access needs", r.person.access_needs),
        ),
        Column("Languages", lambda r: r.person.languages),
        Column(
            "Replies",
            lambda r: r.replies,
            tooltip=lambda r: f"Answers to the invitations: {r.replies}" if r.replies else "No replies recorded",
        ),
    )

    def extra_data(self, row: AttendeeRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.COL_SIDE:
                return dot_icon(css(SIDES[row.side]))
            if column == self.COL_DIETARY and row.person.dietary:
                return dot_icon(css(DIETARY))
            if column == self.COL_ACCESS and row.person.access_needs:
                return dot_icon(css(ACCESS))
        if role == Qt.ItemDataRole.AccessibleTextRole and column in (self.COL_DIETARY, self.COL_ACCESS):
            return (row.person.dietary if column == self.COL_DIETARY else row.person.access_needs) or "None"
        if role == Qt.ItemDataRole.FontRole and column == self.COL_NAME and row.role is Role.PRINCIPAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    # -- drag and drop ----------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops go between rows, never onto one
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ATTENDEE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[int] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            ident = self.row_id(self._rows[index.row()])
            if ident not in ids:
                ids.append(ident)
        data = QMimeData()
        data.setData(ATTENDEE_IDS_MIME, json.dumps(ids).encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self._drop_order(data, action, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        order = self._drop_order(data, action, row, parent)
        if order is None:
            return False
        self.reorder_requested.emit(*order)
        return True

    def removeRows(self, row: int, count: int, parent: Index = ROOT) -> bool:
        """Refused: after a move-drop the view asks to remove the dragged rows, but the
        reorder already accounts for them."""
        return False

    def moveRows(
        self, source_parent: Index, source_row: int, count: int, destination_parent: Index, destination_child: int
    ) -> bool:
        """Ask to move `count` rows from `source_row` to before `destination_child` (same side only)."""
        if source_parent.isValid() or destination_parent.isValid() or count <= 0:
            return False
        if source_row < 0 or source_row + count > len(self._rows):
            return False
        ids = [r.id for r in self._rows[source_row : source_row + count]]
        order = self.order_for_drop(ids, *self.neighbours(destination_child))
        if order is None:
            return False
        self.reorder_requested.emit(*order)
        return True

    def neighbours(self, row: int) -> tuple[AttendeeRow | None, AttendeeRow | None]:
        """The rows above and below a drop between rows (`row` = the row below, or -1/rowCount for the end)."""
        if row < 0 or row > len(self._rows):
            row = len(self._rows)
        above = self._rows[row - 1] if row > 0 else None
        below = self._rows[row] if row < len(self._rows) else None
        return above, below

    def _drop_order(
        self, data: QMimeData, action: Qt.DropAction, row: int, parent: Index
    ) -> tuple[Side, list[int]] | None:
        ids = decode_ids(data)
        if ids is None or action != Qt.DropAction.MoveAction:
            return None
        if parent.isValid():  # dropped onto a row: take its place
            return self.order_onto(ids, self._rows[parent.row()])
        return self.order_for_drop(ids, *self.neighbours(row))

    def order_onto(self, ids: Sequence[int], target: AttendeeRow) -> tuple[Side, list[int]] | None:
        """The order when `ids` are dropped onto `target`: they take its place."""
        side_rows = [r for r in self._rows if r.side == target.side]
        moving = [r for r in side_rows if r.id in ids]
        if not moving or target.id in ids:
            return None
        index = side_rows.index(target)
        if side_rows.index(moving[0]) < index:
            return self.order_for_drop(ids, target, None)
        return self.order_for_drop(ids, None, target)

    def order_for_drop(
        self, ids: Sequence[int], above: AttendeeRow | None, below: AttendeeRow | None
    ) -> tuple[Side, list[int]] | None:
        """The side and its new order when the attendees `ids` are dropped between `above` and
        `below`; None when the drop crosses sides or changes nothing."""
        wanted = set(ids)
        moving = [r for r in self._rows if r.id in wanted]
        if not moving or len(moving) != len(wanted) or len({r.side for r in moving}) != 1:
            return None
        side = moving[0].side
        side_ids = [r.id for r in self._rows if r.side == side]
        if below is not None and below.side == side:
            position = side_ids.index(below.id)
        elif above is not None and above.side == side:
            position = side_ids.index(above.id) + 1
        else:
            return None
        moving_ids = [r.id for r in moving]
        order = (
            [i for i in side_ids[:position] if i not in wanted]
            + moving_ids
            + [i for i in side_ids[position:] if i not in wanted]
        )
        return None if order == side_ids else (side, order)

    def side_ids(self, side: Side) -> list[int]:
        return [r.id for r in self._rows if r.side == side]


def decode_ids(data: QMimeData | None) -> list[int] | None:
    if data is None or not data.hasFormat(ATTENDEE_IDS_MIME):
        return None
    try:
        ids = json.loads(bytes(data.data(ATTENDEE_IDS_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return None
    return ids


class AttendeesProxy(SortFilterProxy):
    """Filters the attendees by side, role and text; works out drops in the order shown.

    A drop reorders only while the rows show in precedence order (unsorted or sorted by #
    ascending): in another order "between these two rows" means nothing for precedence.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.side: Side | None = None
        self.role: Role | None = None

    def source(self) -> AttendeesModel:
        model = self.sourceModel()
        assert isinstance(model, AttendeesModel)
        return model

    def set_side_and_role(self, side: Side | None, role: Role | None) -> None:
        self.side, self.role = side, role
        self.set_predicate(self._accepts if side is not None or role is not None else None)

    def _accepts(self, row: AttendeeRow) -> bool:
        return (self.side is None or row.side == self.side) and (self.role is None or row.role == self.role)

    def in_precedence_order(self) -> bool:
        return self.sortColumn() in (-1, AttendeesModel.COL_PRECEDENCE) and (
            self.sortColumn() == -1 or self.sortOrder() == Qt.SortOrder.AscendingOrder
        )

    def _row(self, proxy_row: int) -> AttendeeRow | None:
        if 0 <= proxy_row < self.rowCount():
            value = self.index(proxy_row, 0).data(OBJECT_ROLE)
            assert isinstance(value, AttendeeRow)
            return value
        return None

    def _drop_order(
        self, data: QMimeData, action: Qt.DropAction, row: int, parent: Index
    ) -> tuple[Side, list[int]] | None:
        ids = decode_ids(data)
        if ids is None or action != Qt.DropAction.MoveAction or not self.in_precedence_order():
            return None
        if parent.isValid():
            target = self._row(parent.row())
            return self.source().order_onto(ids, target) if target is not None else None
        if row < 0 or row > self.rowCount():
            row = self.rowCount()
        return self.source().order_for_drop(ids, self._row(row - 1), self._row(row))

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self._drop_order(data, action, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        order = self._drop_order(data, action, row, parent)
        if order is None:
            return False
        self.source().reorder_requested.emit(*order)
        return True
