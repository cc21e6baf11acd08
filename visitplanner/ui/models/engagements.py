"""The itinerary as plain rows (engagements, venue/vehicle/attendee choices) and its table model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from sqlalchemy.orm import Session

from visitplanner.domain.enums import EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.formatting import time_span, zone_label
from visitplanner.domain.values import EngagementPlan
from visitplanner.services.engagements import engagement_plan
from visitplanner.store.models import Engagement, Visit
from visitplanner.store.queries import SIDE_ORDER, all_venues, attendees_of, engagements_of, vehicles_of
from visitplanner.ui.models.base import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex


# -- the choices an engagement editor offers ----------------------------------------------------
@dataclass(frozen=True)
class RoomChoice:
    """A room of a venue, as the editor offers it."""

    id: int
    name: str
    capacity: int | None = None


@dataclass(frozen=True)
class VenueChoice:
    """A venue of the venue book with its rooms."""

    id: int
    name: str
    code: str = ""
    rooms: tuple[RoomChoice, ...] = ()


@dataclass(frozen=True)
class VehicleChoice:
    """A vehicle of the visit."""

    id: int
    label: str
    capacity: int | None = None


@dataclass(frozen=True)
class AttendeeChoice:
    """An attendee of the visit, with the name the officer knows them by."""

    id: int
    name: str
    side: Side = Side.VISITING
    role: Role = Role.DELEGATE
    title: str = ""


@dataclass(frozen=True)
class EngagementChoices:
    """Everything the engagement editor needs besides the engagement itself, as plain data.

    Attributes:
        local_time_zone: the visit's local zone (times are entered in it).
        home_time_zone: the delegation's home zone (shown beside the local times).
        first_day: the visit's first local day.
        last_day: the visit's last local day.
        venues: the venue book, with rooms.
        vehicles: the visit's vehicles.
        attendees: the visit's attendees by side and precedence.
    """

    local_time_zone: str
    home_time_zone: str
    first_day: date
    last_day: date
    venues: tuple[VenueChoice, ...] = ()
    vehicles: tuple[VehicleChoice, ...] = ()
    attendees: tuple[AttendeeChoice, ...] = ()

    @property
    def local_zone(self) -> ZoneInfo:
        return ZoneInfo(self.local_time_zone)

    @property
    def home_zone(self) -> ZoneInfo:
        return ZoneInfo(self.home_time_zone)

    @property
    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(max(count, 0))]

    def venue(self, venue_id: int | None) -> VenueChoice | None:
        return next((v for v in self.venues if v.id == venue_id), None)


# -- engagements as rows --------------------------------------------------------------------------
@dataclass(frozen=True)
class EngagementRow:
    """One engagement as the itinerary shows it (read inside a session, then frozen).

    Attributes:
        id: database id (changes when a deleted engagement is brought back by undo).
        uuid: the stable calendar UID.
        version: the row version read (for conflict checks).
        sequence: the calendar revision.
        plan: the engagement as its editor and undo commands work with it.
        venue_name, venue_code, room_name, origin_name, vehicle_label: names of what the ids refer to.
        attendee_names: attendees' display names, by side and precedence.
    """

    id: int
    uuid: str
    version: int
    sequence: int
    plan: EngagementPlan
    venue_name: str = ""
    venue_code: str = ""
    room_name: str = ""
    origin_name: str = ""
    vehicle_label: str = ""
    attendee_names: tuple[str, ...] = ()

    @property
    def kind(self) -> EngagementKind:
        return self.plan.data.kind

    @property
    def title(self) -> str:
        return self.plan.data.title

    @property
    def start(self) -> datetime:
        return self.plan.data.start

    @property
    def end(self) -> datetime:
        return self.plan.data.end

    @property
    def status(self) -> EngagementStatus:
        return self.plan.data.status

    @property
    def venue_id(self) -> int | None:
        return self.plan.data.venue_id

    @property
    def room_id(self) -> int | None:
        return self.plan.data.room_id

    @property
    def is_transfer(self) -> bool:
        return self.kind is EngagementKind.TRANSFER

    @property
    def cancelled(self) -> bool:
        return self.status is EngagementStatus.CANCELLED

    @property
    def attendee_count(self) -> int:
        return len(self.plan.attendances)

    @property
    def place(self) -> str:
        """ "Room, Venue", or "Origin → Destination" for a transfer."""
        if self.is_transfer:
            return f"{self.origin_name or '?'} → {self.venue_name or '?'}"
        return ", ".join(p for p in (self.room_name, self.venue_name) if p)


@dataclass(frozen=True)
class Itinerary:
    """A visit's itinerary with the choices its editor offers.

    Attributes:
        visit_id: the visit.
        title: the visit's title.
        rows: engagements in time order.
        choices: venues, vehicles, attendees, zones and days.
    """

    visit_id: int
    title: str
    rows: tuple[EngagementRow, ...]
    choices: EngagementChoices

    def by_uuid(self, uid: str | None) -> EngagementRow | None:
        return next((r for r in self.rows if r.uuid == uid), None) if uid else None

    def by_id(self, ident: int) -> EngagementRow | None:
        return next((r for r in self.rows if r.id == ident), None)


def engagement_row(engagement: Engagement) -> EngagementRow:
    attendances = sorted(
        engagement.attendances, key=lambda a: (SIDE_ORDER[a.attendee.side], a.attendee.precedence, a.attendee_id)
    )
    return EngagementRow(
        id=engagement.id,
        uuid=engagement.uuid,
        version=engagement.version,
        sequence=engagement.sequence,
        plan=engagement_plan(engagement),
        venue_name=engagement.venue.name if engagement.venue else "",
        venue_code=engagement.venue.code if engagement.venue else "",
        room_name=engagement.room.name if engagement.room else "",
        origin_name=engagement.origin_venue.name if engagement.origin_venue else "",
        vehicle_label=engagement.vehicle.label if engagement.vehicle else "",
        attendee_names=tuple(a.attendee.person.name.display for a in attendances),
    )


def read_choices(session: Session, visit: Visit) -> EngagementChoices:
    venues = tuple(
        VenueChoice(v.id, v.name, v.code, tuple(RoomChoice(r.id, r.name, r.capacity) for r in v.rooms))
        for v in all_venues(session)
    )
    vehicles = tuple(VehicleChoice(v.id, v.label, v.capacity) for v in vehicles_of(session, visit.id))
    attendees = tuple(
        AttendeeChoice(a.id, a.person.name.display, a.side, a.role, a.person.title)
        for a in attendees_of(session, visit.id)
    )
    return EngagementChoices(
        visit.local_time_zone, visit.home_time_zone, visit.start_date, visit.end_date, venues, vehicles, attendees
    )


def read_itinerary(session: Session, visit_id: int) -> Itinerary | None:
    """The visit's engagements and editor choices, or None when the visit is gone."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    rows = tuple(engagement_row(e) for e in engagements_of(session, visit_id))
    return Itinerary(visit.id, visit.title, rows, read_choices(session, visit))


# -- colours ----------------------------------------------------------------------------------------
#: fill and outline per kind: calm, distinguishable, readable with dark text.
KIND_COLOURS: dict[EngagementKind, tuple[str, str]] = {
    EngagementKind.MEETING: ("#DCE9F7", "#3F72AF"),
    EngagementKind.TOUR: ("#DCEFE0", "#3E8E52"),
    EngagementKind.CEREMONY: ("#E9E0F4", "#7452A3"),
    EngagementKind.MEAL: ("#FBE7D3", "#C0782A"),
    EngagementKind.TRANSFER: ("#E4E9EE", "#5E7080"),
    EngagementKind.BRIEFING: ("#D7EFEC", "#2F877F"),
    EngagementKind.PRESS: ("#F7DEE7", "#AD4F74"),
    EngagementKind.RECEPTION: ("#F6EDCB", "#9C7F1E"),
    EngagementKind.FREE_TIME: ("#EDF1E1", "#7A8A4A"),
    EngagementKind.OTHER: ("#ECEDEF", "#7D838A"),
}
CANCELLED_COLOURS = ("#F2F2F2", "#A3A3A3")
SEVERITY_COLOURS = {"error": "#C62828", "warning": "#EF8F00", "info": "#1E6FC2"}


def kind_fill(kind: EngagementKind) -> QColor:
    return QColor(KIND_COLOURS[kind][0])


def kind_outline(kind: EngagementKind) -> QColor:
    return QColor(KIND_COLOURS[kind][1])


# -- the table --------------------------------------------------------------------------------------
def _duration(row: EngagementRow) -> str:
    minutes = int((row.end - row.start).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


class EngagementTableModel(RowTableModel[EngagementRow]):
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
        self.marked: dict[int, str] = {}
        self.columns = self._columns()

    def set_zones(self, local_time_zone: str, home_time_zone: str) -> None:
        self.local = ZoneInfo(local_time_zone)
        self.home = ZoneInfo(home_time_zone)
        self.home_name = zone_label(home_time_zone)
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_marked(self, marked: dict[int, str]) -> None:
        self.marked = dict(marked)
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
                lambda r: r.status.value.capitalize(),
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
            return QColor("#8A8A8A")
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.COL_KIND:
                return kind_outline(row.kind) if not row.cancelled else QColor(CANCELLED_COLOURS[1])
            if column == self.COL_TITLE and row.id in self.marked:
                return QColor(SEVERITY_COLOURS.get(self.marked[row.id], SEVERITY_COLOURS["info"]))
        return None


def matches_text(row: EngagementRow, needle: str, extra: Callable[[EngagementRow], str] | None = None) -> bool:
    text = " ".join(
        (
            row.title,
            row.kind.label,
            row.venue_name,
            row.room_name,
            row.origin_name,
            row.status.value,
            *row.attendee_names,
            extra(row) if extra else "",
        )
    )
    return needle.casefold() in text.casefold()
