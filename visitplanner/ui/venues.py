"""The Venues tab: the venue book with rooms and opening hours, travel times, and the visit's vehicles."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.services import vehicles as vehicle_services
from visitplanner.services import venues as venue_services
from visitplanner.services.reads.venues import (
    RoomRow,
    VehicleRow,
    VenueRow,
    read_driver_choices,
    read_vehicle_rows,
    read_venue_rows,
)
from visitplanner.store.database import Session
from visitplanner.store.queries import visit_summary
from visitplanner.ui import messages
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.commands.vehicles import CreateVehicleCommand, DeleteVehicleCommand, EditVehicleCommand
from visitplanner.ui.commands.venues import (
    AddRoomCommand,
    CreateVenueCommand,
    DeleteRoomCommand,
    DeleteVenueCommand,
    EditRoomCommand,
    EditVenueCommand,
)
from visitplanner.ui.dialogs.room import RoomDialog
from visitplanner.ui.dialogs.vehicle import VehicleDialog
from visitplanner.ui.dialogs.venue import VenueDialog
from visitplanner.ui.models.base import OBJECT_ROLE, RowTableModel, SortFilterProxy
from visitplanner.ui.models.venues import HoursModel, RoomModel, VehicleModel, VenueListModel, hours_rows
from visitplanner.ui.settings import Setting, Settings, header_state
from visitplanner.ui.style import ALERT, MUTED, OK, css
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.travelmatrix import TravelMatrixPanel
from visitplanner.ui.workspace import Workspace

SPLITTER = Setting("venues/splitter", bytes, b"", "Venue list and venue details split")


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question (tests replace this)."""
    return messages.ask_yes_no(parent, title, text)


def table_view(name: str, model: QAbstractItemModel, stretch_column: int) -> QTableView:
    """A read-only, row-selecting table in the tab's style."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def fit_columns_once(view: QTableView, *columns: int) -> None:
    """Size `columns` to their contents the first time there are rows; later the user's widths stay."""
    if view.property("fitted") or view.model().rowCount() == 0:
        return
    for column in columns:
        view.resizeColumnToContents(column)
    view.setProperty("fitted", True)


def current_row(view: QTableView) -> object:
    index = view.currentIndex()
    return index.data(OBJECT_ROLE) if index.isValid() else None


def select_id(view: QTableView, model: RowTableModel[Any], ident: int, proxy: SortFilterProxy | None = None) -> bool:
    source = model.index_of(ident)
    index = proxy.mapFromSource(source) if proxy is not None and source.isValid() else source
    if not index.isValid():
        return False
    view.setCurrentIndex(index)
    view.scrollTo(index)
    return True


def detail_html(row: VenueRow, visit_zone: str) -> str:
    """The venue's particulars as rich text (all user text escaped)."""
    d, muted = row.data, css(MUTED)

    def line(label: str, value: str) -> str:
        return (
            f"<tr><td style='color:{muted};padding:3px 14px 3px 0;vertical-align:top;white-space:nowrap'>"
            f"{label}</td><td style='padding:3px 0'>{value}</td></tr>"
        )

    def text(value: str, empty: str = "—") -> str:
        return "<br>".join(escape(part) for part in value.splitlines()) or f"<span style='color:{muted}'>{empty}</span>"

    if d.latitude is not None and d.longitude is not None:
        url = f"https://www.openstreetmap.org/?mlat={d.latitude:.6f}&mlon={d.longitude:.6f}#map=17/{d.latitude:.6f}/{d.longitude:.6f}"
        coordinates = f"{d.latitude:.6f}, {d.longitude:.6f} &nbsp;<a href='{escape(url)}'>map</a>"
    else:
        coordinates = f"<span style='color:{muted}'>none</span>"
    zone = (
        escape(d.time_zone)
        if d.time_zone
        else f"<span style='color:{muted}'>the visit's ({escape(visit_zone or 'not set')})</span>"
    )
    phone = (
        f"{escape(d.site_contact_phone)} &nbsp;<span style='color:{css(ALERT)};font-size:small'>RESTRICTED</span>"
        if d.site_contact_phone
        else text("")
    )
    return (
        "<table>"
        + line("Address", text(d.address))
        + line("Coordinates", coordinates)
        + line("Time zone", zone)
        + line("Capacity", str(d.capacity) if d.capacity is not None else text("", "not specified"))
        + line("Site contact", text(d.site_contact))
        + line("Contact phone", phone)
        + line("Access", text(d.access_notes))
        + line("Description", text(d.description))
        + "</table>"
    )


class VenueDetails(QWidget):
    """The selected venue: particulars, opening hours and rooms (with add, edit and delete).

    Attributes:
        venue: the row shown, or None.
        rooms_model / rooms_view: the venue's rooms.
        hours_model / hours_view: the opening hours, one row per weekday.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.venue: VenueRow | None = None
        self.heading = QLabel()
        self.heading.setObjectName("venueHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("&Edit venue…")
        self.details = QLabel()
        self.details.setObjectName("venueDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.setOpenExternalLinks(True)
        self.hours_model = HoursModel(self)
        self.hours_view = table_view("venueHours", self.hours_model, HoursModel.COL_HOURS)
        self.hours_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.hours_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hours_view.horizontalHeader().hide()
        self.hours_view.setAlternatingRowColors(False)
        self.hours_view.setShowGrid(False)
        self.hours_view.setFrameShape(QTableView.Shape.NoFrame)
        self.hours_view.setFixedHeight(7 * 24 + 4)
        self.hours_view.setMinimumWidth(210)
        self.hours_note = QLabel("Not specified")
        self.hours_note.setStyleSheet(f"color: {css(MUTED)};")
        hours_box = QGroupBox("Opening hours")
        hours_box.setMaximumWidth(250)
        hours_layout = QVBoxLayout(hours_box)
        hours_layout.addWidget(self.hours_view)
        hours_layout.addWidget(self.hours_note)
        # the opening hours under the particulars, scrolled with them: beside them, both were
        # squeezed in a 1024-pixel window
        particulars = QWidget()
        particulars.setAutoFillBackground(False)
        particulars_layout = QVBoxLayout(particulars)
        particulars_layout.setContentsMargins(0, 0, 0, 0)
        particulars_layout.addWidget(self.details)
        particulars_layout.addWidget(hours_box)
        particulars_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Venue details")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(particulars)
        scroll.viewport().setAutoFillBackground(False)
        self.details.setAutoFillBackground(False)
        self.rooms_model = RoomModel(self)
        self.rooms_view = table_view("rooms", self.rooms_model, RoomModel.COL_NOTES)
        self.rooms_view.setSortingEnabled(False)
        self.add_room_button = QPushButton("&Add room…")
        self.edit_room_button = QPushButton("Edit room…")
        self.delete_room_button = QPushButton("Delete room")
        room_buttons = QVBoxLayout()
        for button in (self.add_room_button, self.edit_room_button, self.delete_room_button):
            room_buttons.addWidget(button)
        room_buttons.addStretch(1)
        self.rooms_box = QGroupBox("Rooms")
        rooms_layout = QHBoxLayout(self.rooms_box)
        rooms_layout.addWidget(self.rooms_view, 1)
        rooms_layout.addLayout(room_buttons)
        self.rooms_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.rooms_box, 1)
        self.show_venue(None, "")

    def show_venue(self, row: VenueRow | None, visit_zone: str) -> None:
        current_room = current_row(self.rooms_view)
        self.venue = row
        for widget in (self.edit_button, self.rooms_box):
            widget.setEnabled(row is not None)
        if row is None:
            self.heading.setText(f"<h2 style='color:{css(MUTED)}'>No venue selected</h2>")
            self.details.setText(
                f"<p style='color:{css(MUTED)}'>Choose a venue on the left, or add one to the venue "
                "book with <b>New venue…</b>.</p>"
            )
            self.hours_model.set_rows([])
            self.rooms_model.set_rows([])
            self.hours_view.hide()
            self.hours_note.setText("")
            self._update_buttons()
            return
        used = (
            f"<span style='color:{css(OK)}'>Used by {row.engagements} engagement"
            f"{'s' if row.engagements != 1 else ''} of this visit</span>"
            if row.used
            else f"<span style='color:{css(MUTED)}'>Not used by this visit</span>"
        )
        self.heading.setText(
            f"<h2 style='margin-bottom:2px'>{escape(row.data.name)} "
            f"<span style='color:{css(MUTED)};font-weight:normal'>{escape(row.data.code)}</span></h2>"
            f"{used}"
        )
        self.details.setText(detail_html(row, visit_zone))
        hours = hours_rows(row.data.opening_hours)
        self.hours_model.set_rows(hours)
        self.hours_view.setVisible(bool(hours))
        self.hours_note.setText("" if hours else "Not specified")
        self.hours_view.resizeColumnToContents(HoursModel.COL_DAY)
        self.rooms_model.set_rows(list(row.rooms))
        fit_columns_once(self.rooms_view, RoomModel.COL_NAME, RoomModel.COL_CAPACITY)
        if isinstance(current_room, RoomRow):
            select_id(self.rooms_view, self.rooms_model, current_room.id)
        self._update_buttons()

    def current_room(self) -> RoomRow | None:
        row = current_row(self.rooms_view)
        return row if isinstance(row, RoomRow) else None

    def _update_buttons(self) -> None:
        has_room = self.current_room() is not None
        self.edit_room_button.setEnabled(has_room)
        self.delete_room_button.setEnabled(has_room)


class VehiclesPanel(QWidget):
    """The visit's vehicles with their drivers, added, edited and deleted through undo commands;
    it refreshes itself on changes to vehicles, attendees (driver names) and engagements.

    Attributes:
        model / view: the vehicles.
        summary: how many vehicles and seats.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_id: int | None = None
        self.model = VehicleModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = table_view("vehicles", self.proxy, VehicleModel.COL_NOTES)
        self.view.setAccessibleName("Vehicles of the visit")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(VehicleModel.COL_LABEL, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _: self.edit_vehicle())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.add_button = QPushButton("&Add vehicle…")
        self.add_button.clicked.connect(self.add_vehicle)
        self.edit_button = QPushButton("Edit vehicle…")
        self.edit_button.clicked.connect(self.edit_vehicle)
        self.delete_button = QPushButton("Delete vehicle")
        self.delete_button.clicked.connect(self.delete_vehicle)
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {css(MUTED)};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        workspace.changed.connect(self.on_changed)
        self._update_buttons()

    def set_visit(self, visit_id: int | None) -> None:
        self.visit_id = visit_id
        self.reload()

    def reload(self) -> None:
        current = self.current_vehicle()
        visit_id = self.visit_id
        rows = self.workspace.read(lambda s: read_vehicle_rows(s, visit_id)) if visit_id else []
        self.model.set_rows(rows)
        fit_columns_once(
            self.view,
            VehicleModel.COL_LABEL,
            VehicleModel.COL_CAPACITY,
            VehicleModel.COL_DRIVER,
            VehicleModel.COL_REGISTRATION,
        )
        if current is not None:
            select_id(self.view, self.model, self.workspace.ids.resolve(Entity.VEHICLE, current.id), self.proxy)
        seats = sum(r.data.capacity for r in rows)
        self.summary.setText(
            f"{len(rows)} vehicle{'s' if len(rows) != 1 else ''}, {seats} seats"
            if visit_id
            else "Choose a visit to see its vehicles."
        )
        self._update_buttons()

    def on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.touches(Entity.VEHICLE, Entity.ATTENDEE, Entity.ENGAGEMENT):
            self.reload()

    def current_vehicle(self) -> VehicleRow | None:
        row = current_row(self.view)
        return row if isinstance(row, VehicleRow) else None

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.visit_id is not None)
        has = self.current_vehicle() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def add_vehicle(self) -> None:
        visit_id = self.visit_id
        if visit_id is None:
            return
        drivers = self.workspace.read(lambda s: read_driver_choices(s, visit_id))
        data = VehicleDialog.ask(
            self,
            None,
            drivers,
            check=lambda d: self.workspace.check(lambda s: vehicle_services.create_vehicle(s, visit_id, d)),
        )
        if data is None:
            return
        command = CreateVehicleCommand(self.workspace, visit_id, data, initiator=self)
        if self.workspace.push(command, self) and command.vehicle_id is not None:
            select_id(self.view, self.model, command.vehicle_id, self.proxy)

    def edit_vehicle(self) -> None:
        row, visit_id = self.current_vehicle(), self.visit_id
        if row is None or visit_id is None:
            return
        drivers = self.workspace.read(lambda s: read_driver_choices(s, visit_id))
        data = VehicleDialog.ask(
            self,
            row.data,
            drivers,
            check=lambda d: self.workspace.check(lambda s: vehicle_services.update_vehicle(s, row.id, d)),
        )
        if data is not None and data != row.data:
            self.workspace.push(
                EditVehicleCommand(self.workspace, row.id, row.data, data, row.version, initiator=self), self
            )

    def delete_vehicle(self) -> None:
        row = self.current_vehicle()
        if row is not None:
            self.workspace.push(DeleteVehicleCommand(self.workspace, row.id, row.data.label, initiator=self), self)


class VenuesTab(VisitTab):
    """The venue book (venues the visit uses first), the selected venue's particulars, opening
    hours and rooms, the travel-time matrix and the visit's vehicles.

    Attributes:
        search: filters the venue list by name, code, address or room.
        venue_model / venue_proxy / venue_view: the venue list.
        details: the selected venue.
        sections: the sub-tabs (Venue, Travel times, Vehicles).
        matrix: the travel-time matrix.
        vehicles: the visit's vehicles.
    """

    title = "Venues"
    can_edit = frozenset({"new", "delete", "find"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.visit_zone = ""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search venues, codes, addresses, rooms")
        name_search_field(self.search, "Search venues")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        self.venue_model = VenueListModel(self)
        self.venue_proxy = SortFilterProxy(self)
        self.venue_proxy.setSourceModel(self.venue_model)
        self.venue_view = table_view("venueList", self.venue_proxy, VenueListModel.COL_NAME)
        self.venue_view.setAccessibleName("Venues")
        self.venue_view.setSortingEnabled(True)
        self.venue_view.sortByColumn(VenueListModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        self.venue_view.selectionModel().currentRowChanged.connect(self._venue_changed)
        self.venue_view.doubleClicked.connect(lambda _: self.edit_venue())
        self.new_button = QPushButton("&New venue…")
        self.new_button.clicked.connect(self.new_venue)
        self.delete_button = QPushButton("Delete venue")
        self.delete_button.clicked.connect(self.delete_venue)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {css(MUTED)};")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.count_label, 1)
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.venue_view, 1)
        left_layout.addLayout(list_buttons)

        self.details = VenueDetails()
        self.details.edit_button.clicked.connect(self.edit_venue)
        self.details.add_room_button.clicked.connect(self.add_room)
        self.details.edit_room_button.clicked.connect(self.edit_room)
        self.details.delete_room_button.clicked.connect(self.delete_room)
        self.details.rooms_view.doubleClicked.connect(lambda _: self.edit_room())
        self.matrix = TravelMatrixPanel(workspace)
        self.vehicles = VehiclesPanel(workspace)
        self.sections = QTabWidget()
        self.sections.addTab(self.details, "Venue")
        self.sections.addTab(self.matrix, "Travel times")
        self.sections.addTab(self.vehicles, "Vehicles")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.sections)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 710])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._selected_id: int | None = None
        self._update_buttons()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.reload_venues()
        self.matrix.set_visit(self.visit_id)
        self.vehicles.set_visit(self.visit_id)

    def reload_venues(self) -> None:
        visit_id = self.visit_id

        def read(session: Session) -> tuple[list[VenueRow], str]:
            visit = visit_summary(session, visit_id) if visit_id else None
            return read_venue_rows(session, visit_id), visit.local_time_zone if visit else ""

        rows, self.visit_zone = self.workspace.read(read)
        wanted = self._selected_id
        position = max(0, self.venue_view.currentIndex().row())
        self.venue_model.set_rows(rows)
        fit_columns_once(self.venue_view, VenueListModel.COL_CODE, VenueListModel.COL_VISIT)
        used = sum(1 for r in rows if r.used)
        self.count_label.setText(f"{len(rows)} venues, {used} in this visit" if visit_id else f"{len(rows)} venues")
        if wanted is not None and self.select_venue(self.workspace.ids.resolve(Entity.VENUE, wanted)):
            return
        # the selected venue went away: select its neighbour
        neighbour = self.venue_proxy.index(min(position, self.venue_proxy.rowCount() - 1), 0)
        if neighbour.isValid():
            self.venue_view.setCurrentIndex(neighbour)
        else:
            self._show_current()

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.VENUE, Entity.ROOM, Entity.ENGAGEMENT, Entity.VISIT):
            created = [i for e, i in changes.created if e == Entity.VENUE]
            if initiator is self and created:  # a venue this tab added, or brought back by undo
                self._selected_id = created[0]
            self.reload_venues()  # the matrix and the vehicles refresh themselves

    def current_venue(self) -> VenueRow | None:
        row = current_row(self.venue_view)
        return row if isinstance(row, VenueRow) else None

    def select_venue(self, venue_id: int) -> bool:
        return select_id(self.venue_view, self.venue_model, venue_id, self.venue_proxy)

    def _venue_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        row = self.current_venue()
        if row is not None:
            self._selected_id = row.id
        self.details.show_venue(row, self.visit_zone)
        self.matrix.show_venue(row.id if row else None)
        self._update_buttons()

    def _apply_search(self, text: str) -> None:
        needle = text.strip().casefold()

        def matches(row: VenueRow) -> bool:
            d = row.data
            haystack = [d.name, d.code, d.address, *(r.data.name for r in row.rooms)]
            return not needle or any(needle in part.casefold() for part in haystack)

        self.venue_proxy.set_predicate(matches)
        if self.current_venue() is None:
            first = self.venue_proxy.index(0, 0)
            if first.isValid():
                self.venue_view.setCurrentIndex(first)
        self._show_current()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.current_venue() is not None)

    # -- venues ----------------------------------------------------------------------------
    def new_venue(self) -> None:
        data = VenueDialog.ask(
            self,
            None,
            self.visit_zone,
            check=lambda v: self.workspace.check(lambda s: venue_services.create_venue(s, v)),
        )
        if data is None:
            return
        command = CreateVenueCommand(self.workspace, data, initiator=self)
        if self.workspace.push(command, self) and command.venue_id is not None:
            self.search.clear()
            self.select_venue(command.venue_id)

    def edit_venue(self) -> None:
        row = self.current_venue()
        if row is None:
            return
        data = VenueDialog.ask(
            self,
            row.data,
            self.visit_zone,
            check=lambda v: self.workspace.check(lambda s: venue_services.update_venue(s, row.id, v)),
        )
        if data is not None and data != row.data:
            self.workspace.push(
                EditVenueCommand(self.workspace, row.id, row.data, data, row.version, initiator=self), self
            )

    def delete_venue(self) -> None:
        row = self.current_venue()
        if row is None:
            return
        try:  # a venue engagements use cannot go: say so before asking
            self.workspace.check(lambda s: venue_services.delete_venue(s, row.id))
        except (UserError, ConflictError) as exc:
            self.workspace.report_error(self, exc)
            return
        rooms = len(row.rooms)
        extra = (
            f" with its {rooms} room{'s' if rooms != 1 else ''} and travel times" if rooms else " with its travel times"
        )
        if confirm(
            self,
            "Delete venue",
            f"Delete “{row.data.name}” ({row.data.code}){extra} from the venue book? You can undo this.",
        ):
            self.workspace.push(DeleteVenueCommand(self.workspace, row.id, row.data.name, initiator=self), self)

    # -- rooms -----------------------------------------------------------------------------
    def add_room(self) -> None:
        venue = self.current_venue()
        if venue is None:
            return
        data = RoomDialog.ask(
            self,
            None,
            venue.data.name,
            check=lambda d: self.workspace.check(lambda s: venue_services.add_room(s, venue.id, d)),
        )
        if data is None:
            return
        command = AddRoomCommand(self.workspace, venue.id, data, initiator=self)
        if self.workspace.push(command, self) and command.room_id is not None:
            select_id(self.details.rooms_view, self.details.rooms_model, command.room_id)

    def edit_room(self) -> None:
        venue, room = self.current_venue(), self.details.current_room()
        if venue is None or room is None:
            return
        data = RoomDialog.ask(
            self,
            room.data,
            venue.data.name,
            check=lambda d: self.workspace.check(lambda s: venue_services.update_room(s, room.id, d)),
        )
        if data is not None and data != room.data:
            self.workspace.push(
                EditRoomCommand(self.workspace, room.id, room.data, data, room.version, initiator=self), self
            )

    def delete_room(self) -> None:
        room = self.details.current_room()
        if room is not None:
            self.workspace.push(
                DeleteRoomCommand(self.workspace, room.id, room.venue_id, room.data, initiator=self), self
            )

    # -- Edit menu -------------------------------------------------------------------------
    def edit_new(self) -> None:
        if self.sections.currentWidget() is self.vehicles:
            self.vehicles.add_vehicle()
        else:
            self.new_venue()

    def edit_delete(self) -> None:
        """Delete what has the focus: a vehicle, a room, a travel time, else the selected venue."""
        focus = self.focusWidget()
        if focus is self.vehicles.view:
            self.vehicles.delete_vehicle()
        elif focus is self.details.rooms_view:
            self.delete_room()
        elif focus is self.matrix.view:
            self.matrix.clear_current()
        else:
            self.delete_venue()

    def edit_find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- layout ----------------------------------------------------------------------------
    def _tables(self) -> dict[str, QTableView]:
        return {
            "venues.list": self.venue_view,
            "venues.rooms": self.details.rooms_view,
            "venues.vehicles": self.vehicles.view,
        }

    def save_layout(self, settings: Settings) -> None:
        for name, view in self._tables().items():
            settings.set(header_state(name), bytes(view.horizontalHeader().saveState().data()))
        settings.set(SPLITTER, bytes(self.splitter.saveState().data()))

    def restore_layout(self, settings: Settings) -> None:
        """Put back the column widths and split saved by `save_layout`."""
        for name, view in self._tables().items():
            state = settings.get(header_state(name))
            if state and view.horizontalHeader().restoreState(state):
                view.setProperty("fitted", True)
        splitter = settings.get(SPLITTER)
        if splitter:
            self.splitter.restoreState(splitter)
