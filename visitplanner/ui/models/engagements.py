"""The itinerary's table model and row filters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.findings import Severity
from visitplanner.domain.formatting import time_span, zone_label
from visitplanner.services.reads.itinerary import EngagementRow
from visitplanner.ui.models.base import Column, SortedRowTableModel
from visitplanner.ui.style import SEVERITIES, cancelled_colours, colour, kind_colours

Index = QModelIndex | QPersistentModelIndex


# -- the table --------------------------------------------------------------------------------------
def _duration(row: EngagementRow) -> str:
    minutes = int((row.end - row.start).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


class EngagementTableModel(SortedRowTableModel[EngagementRow]):
    """The itinerary as a table; Title, Start, Status and Venue are editable in place.

    An edit is not written here: `edit_requested` hands it to the tab, which pushes an undo
    command (connect it queued: the table reloads when the command has run).

    Signals:
        edit_requested(EngagementRow, int, object): the row, the column (COL_*) and the new
            value: a str title, a local `time` start, an `EngagementStatus`, or a venue id (or None).
    """

    (COL_DAY, COL_START, COL_END, COL_HOME, COL_TITLE, COL_KIND, COL_VENUE, COL_ROOM, COL_STATUS, COL_ATTENDEES) = (
        range(10)
    )
    EDITABLE = frozenset({COL_TITLE, COL_START, COL_STATUS, COL_VENUE})

    edit_requested = Signal(object, int, object)

    def __init__(self, parent: Any = None, local_time_zone: str = "UTC", home_time_zone: str = "UTC") -> None:
        super().__init__(parent)
        self.local = ZoneInfo(local_time_zone)
        self.home = ZoneInfo(home_time_zone)
        self.home_name = zone_label(home_time_zone)
        self.marked: dict[int, Severity] = {}
        self.columns = self._columns()

    def set_zones(self, local_time_zone: str, home_time_zone: str) -> None:
        self.local = ZoneInfo(local_time_zone)
        self.home = ZoneInfo(home_time_zone)
        self.home_name = zone_label(home_time_zone)
        self._keys = {}  # a text key may read differently in other zones
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_marked(self, marked: Mapping[int, str]) -> None:
        self.marked = {engagement_id: Severity(severity) for engagement_id, severity in marked.items()}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.COL_TITLE), self.index(self.rowCount() - 1, self.COL_TITLE))

    def _local(self, value: datetime) -> datetime:
        return value.astimezone(self.local)

    def _columns(self) -> list[Column[EngagementRow]]:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        def day_text(r: EngagementRow) -> str:
            local = self._local(r.start)
            return f"{local:%a} {local.day} {local:%b}"

        def end_text(r: EngagementRow) -> str:
            start, end = self._local(r.start), self._local(r.end)
            return f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a} {end:%H:%M}"

        def home_text(r: EngagementRow) -> str:
            start = r.start.astimezone(self.home)
            return f"{start:%a} {time_span(r.start, r.end, self.home)}"

        def tooltip(r: EngagementRow) -> str:
            lines = [
                r.title,
                f"{day_text(r)}, {time_span(r.start, r.end, self.local)} ({_duration(r)})",
                f"{self.home_name}: {home_text(r)}",
            ]
            if r.place:
                lines.append(r.place)
            if r.attendee_names:
                names = ", ".join(r.attendee_names[:8]) + (" …" if len(r.attendee_names) > 8 else "")
                lines.append(f"{r.attendee_count} attendees: {names}")
            return "\n".join(lines)

        return [
            Column("Day", day_text, sort=lambda r: r.start),
            Column("Start", lambda r: f"{self._local(r.start):%H:%M}", sort=lambda r: r.start),
            Column("End", end_text, sort=lambda r: r.end),
            Column(
                "Home time",
                home_text,
                sort=lambda r: r.start,
                tooltip=lambda r: f"{self.home_name} time ({self.home.key})",
            ),
            Column("Title", lambda r: r.title, tooltip=tooltip),
            Column("Kind", lambda r: r.kind.label),
            Column(
                "Venue",
                lambda r: r.place if r.is_transfer else r.venue_name,
                sort=lambda r: (r.venue_name.casefold(), r.start),
            ),
            Column("Room", lambda r: r.room_name, sort=lambda r: (r.room_name.casefold(), r.start)),
            Column(
                "Status",
                lambda r: r.status.label,
                sort=lambda r: (list(EngagementStatus).index(r.status), r.start),
            ),
            Column(
                "Attendees",
                lambda r: str(r.attendee_count),
                sort=lambda r: r.attendee_count,
                tooltip=lambda r: "\n".join(r.attendee_names) or "No attendees",
                alignment=right,
            ),
        ]

    def row_id(self, row: EngagementRow) -> int:
        return row.id

    def index_of_uuid(self, uid: str) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.uuid == uid:
                return self.index(number, 0)
        return QModelIndex()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section == self.COL_HOME
        ):
            return f"{self.home_name} time"
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section in self.EDITABLE
        ):
            return "Double-click a cell to change it"
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and 0 <= index.row() < len(self._rows):
            return self.edit_value(self._rows[index.row()], index.column())
        return super().data(index, role)

    def edit_value(self, row: EngagementRow, column: int) -> Any:
        """The raw value an inline editor starts from."""
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_START:
            return self._local(row.start).time()
        if column == self.COL_STATUS:
            return row.status
        if column == self.COL_VENUE:
            return row.venue_id
        return self.columns[column].display(row)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in self.EDITABLE:
            return False
        row = self._rows[index.row()]
        column = index.column()
        if column == self.COL_TITLE:
            value = str(value).strip()
        elif column == self.COL_START and not isinstance(value, time):
            return False
        elif column == self.COL_STATUS:
            value = EngagementStatus(value)
        if value == self.edit_value(row, column):
            return False
        self.edit_requested.emit(row, column, value)
        return True

    def extra_data(self, row: EngagementRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if row.cancelled:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if row.status is EngagementStatus.TENTATIVE and column in (self.COL_TITLE, self.COL_STATUS):
                font = QFont()
                font.setItalic(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and row.cancelled:
            return cancelled_colours()[1]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.COL_KIND:
                return (cancelled_colours() if row.cancelled else kind_colours(row.kind))[1]
            if column == self.COL_TITLE and row.id in self.marked:
                return colour(SEVERITIES[self.marked[row.id]])
        return None


def matches_text(row: EngagementRow, needle: str, extra: Callable[[EngagementRow], str] | None = None) -> bool:
    """Whether `needle` is in the row's title, kind, places, status or attendees' names (or in
    `extra(row)`), ignoring case."""
    folded = needle.casefold()
    return folded in row.search_text or (extra is not None and folded in extra(row).casefold())
