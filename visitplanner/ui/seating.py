"""The Seating window: an engagement's plan drawn to scale, people dragged to seats, tables dragged in the room.

Every gesture is one undo step on the workspace's stack (Ctrl+Z in this window and the main one).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QDrag, QFont, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import VisitPlannerError
from visitplanner.domain.formatting import hm, short_date
from visitplanner.domain.protocol_order import lines_text
from visitplanner.domain.seating import CHAIR, SeatingStyle, Sitter, TableData, TableShape, table_geometry, to_room
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.services import engagements, seating
from visitplanner.store.database import Session
from visitplanner.store.seating import SEATED_KINDS, PlanSource, SeatedPerson, SeatingView, plans_to_copy, seating_view
from visitplanner.ui import settings as S
from visitplanner.ui import style as ui_style
from visitplanner.ui.commands.seating import CopySeatingPlanCommand, CreateSeatingPlanCommand, SeatingCommand, Step
from visitplanner.ui.dialogs.seating_export import SeatingExportDialog
from visitplanner.ui.pdf_export import PdfExport, export_pdf
from visitplanner.ui.tasks import BackgroundTask, Unit, run_with_progress
from visitplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from visitplanner.exporters.pdf_page import PreparedPdf

#: Pixels per metre on the canvas at 100 %.
SCALE = 90.0
MIME = "application/x-visitplanner-attendee"
WATCHED = (Entity.SEATING_PLAN, Entity.ENGAGEMENT, Entity.ATTENDANCE, Entity.ATTENDEE, Entity.PERSON)


def _sitter_text(sitter: Sitter) -> str:
    """A sitter as a drag carries it: "12" for attendee 12, "g3" for unnamed guest 3."""
    return str(sitter.attendee_id) if sitter.attendee_id is not None else f"g{sitter.guest}"


def _sitter_from_text(text: str) -> Sitter | None:
    try:
        if text.startswith("g"):
            number = int(text[1:])
            return Sitter.of_guest(number) if number >= 1 else None
        return Sitter(int(text))
    except ValueError:
        return None


def _attendee_mime(sitter: Sitter | int) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME, _sitter_text(sitter if isinstance(sitter, Sitter) else Sitter(sitter)).encode())
    return mime


def _attendee_of(mime: QMimeData) -> Sitter | None:
    if not mime.hasFormat(MIME):
        return None
    try:
        return _sitter_from_text(bytes(mime.data(MIME).data()).decode())
    except UnicodeDecodeError:
        return None


class SeatItem(QGraphicsEllipseItem):
    """A seat: numbered, filled with the side colour of whoever sits there; a drop seats someone
    (a swap when taken); dragging it carries its person to another seat."""

    def __init__(
        self, window: SeatingWindow, table: int, number: int, person: SeatedPerson | None, locked: bool
    ) -> None:
        r = CHAIR / 2 * SCALE
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.owner, self.table, self.number, self.person, self.locked = window, table, number, person, locked
        self.setAcceptDrops(True)
        # a seat and its labels are painted once into a pixmap: a large plan repaints fast while dragging
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        colour = ui_style.colour(ui_style.SEAT_SIDES[person.side] if person is not None else ui_style.SEAT_EMPTY)
        self.setBrush(QBrush(colour))
        self.setPen(
            QPen(
                ui_style.colour(ui_style.SEAT_LINE if person is not None else ui_style.SEAT_EMPTY_LINE),
                2.5 if locked else 1.0,
            )
        )
        label = QGraphicsSimpleTextItem(str(number), self)
        label.setBrush(QBrush(ui_style.colour(ui_style.ON_DARK if person is not None else ui_style.MUTED)))
        font = QFont()
        font.setPixelSize(9)
        label.setFont(font)
        label.setPos(-label.boundingRect().width() / 2, -label.boundingRect().height() / 2)
        if person is not None:
            self.setToolTip(f"{person.name.display}{' (locked)' if locked else ''}")
            self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.person is not None:
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.person is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (event.screenPos() - event.buttonDownScreenPos(Qt.MouseButton.LeftButton)).manhattanLength() < 6:
            return
        drag = QDrag(event.widget())
        drag.setMimeData(_attendee_mime(self.person.key))
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        event.setAccepted(_attendee_of(event.mimeData()) is not None)

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        attendee = _attendee_of(event.mimeData())
        if attendee is not None:
            event.acceptProposedAction()
            self.owner.seat(attendee, self.table + 1, self.number)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        if self.person is None:
            return
        menu = QMenu()
        attendee = self.person.key
        menu.addAction(
            "&Unlock seat" if self.locked else "&Lock seat", lambda: self.owner.lock(attendee, not self.locked)
        )
        menu.addAction("&Remove from seat", lambda: self.owner.unseat(attendee))
        menu.exec(event.screenPos())


class TableItem(QGraphicsPathItem):
    """A table top, drawn to scale; dragging it moves the table in the room (one undo step)."""

    def __init__(self, window: SeatingWindow, index: int, table: TableData, style: SeatingStyle) -> None:
        super().__init__()
        self.owner, self.index, self.table = window, index, table
        geometry = table_geometry(table, style)
        path = QPainterPath()
        for part in geometry.outline:
            rect = QRectF(part.x * SCALE, part.y * SCALE, part.width * SCALE, part.height * SCALE)
            path.addEllipse(rect) if part.kind == "ellipse" else path.addRect(rect)
        self.setPath(path.simplified())
        self.setBrush(QBrush(ui_style.colour(ui_style.TABLE_TOP)))
        self.setPen(QPen(ui_style.colour(ui_style.SEAT_LINE), 1.2))
        self.setRotation(table.rotation)
        self.setPos(table.x * SCALE, table.y * SCALE)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setToolTip(f"{table.label} — {table.shape.label}, {table.seats} seats (drag to move)")
        label = QGraphicsSimpleTextItem(table.label, self)
        label.setRotation(-table.rotation)
        font = QFont()
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QBrush(ui_style.colour(ui_style.TABLE_LABEL)))
        label.setPos(-label.boundingRect().width() / 2, -label.boundingRect().height() / 2)
        self.seats: list[SeatItem] = []

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for seat in self.seats:  # seats are top-level (drops reach them first); they follow
                seat.setPos(seat.data(0) + self.pos() - QPointF(self.table.x * SCALE, self.table.y * SCALE))
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        x, y = round(self.pos().x() / SCALE, 2), round(self.pos().y() / SCALE, 2)
        if (x, y) != (round(self.table.x, 2), round(self.table.y, 2)):
            self.owner.move_table(self.index + 1, x, y)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        number = self.index + 1
        menu = QMenu()
        menu.addAction("Re&name…", lambda: self.owner.rename_table(number))
        menu.addAction("&Seats…", lambda: self.owner.resize_table(number))
        menu.addAction("&Turn 90°", lambda: self.owner.turn_table(number))
        menu.addSeparator()
        menu.addAction("Re&move table", lambda: self.owner.remove_table(number))
        menu.exec(event.screenPos())


class UnseatedList(QListWidget):
    """Those who attend and have no seat yet; drag one onto a seat."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAccessibleName("People without a seat")

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        sitter = _sitter_from_text(str(items[0].data(Qt.ItemDataRole.UserRole))) if items else None
        return _attendee_mime(sitter) if sitter is not None else QMimeData()


class SeatingWindow(QDialog):
    """The seating plan of one engagement (found by its calendar UID, which survives undo).

    Attributes:
        view: the plan as last read.
        undo_action, redo_action: Ctrl+Z and Ctrl+Y on the workspace's undo stack.
        scene, canvas: the room drawn to scale (`SCALE` pixels per metre).
        seat_items: (table index, seat number) -> its item.
    """

    def __init__(self, workspace: Workspace, uid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.uid = workspace, uid
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 720)
        self.view: SeatingView | None = None
        self.scene = QGraphicsScene(self)
        self.canvas = QGraphicsView(self.scene)
        self.canvas.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.canvas.setAcceptDrops(True)
        self.canvas.setAccessibleName("Seating plan")
        self.canvas.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.seat_items: dict[tuple[int, int], SeatItem] = {}
        self.table_items: list[TableItem] = []
        self._drawn_shape: object = None
        self.last_task: BackgroundTask[Any] | None = None

        self.style_box = QComboBox()
        for style in SeatingStyle:
            self.style_box.addItem(style.label, style)
        self.style_box.setAccessibleName("Convention")
        self.auto_button = QPushButton("&Auto-seat by precedence")
        self.auto_button.clicked.connect(self.auto_seat)
        self.shape_box = QComboBox()
        for shape in TableShape:
            self.shape_box.addItem(shape.label, shape)
        self.shape_box.setAccessibleName("Shape of a new table")
        self.seats_box = QSpinBox()
        self.seats_box.setRange(2, 400)
        self.seats_box.setValue(10)
        self.seats_box.setAccessibleName("Seats of a new table")
        self.add_button = QPushButton("Add &table")
        self.add_button.clicked.connect(lambda: self.add_table(self.shape_box.currentData(), self.seats_box.value()))
        self.create_button = QPushButton("&Make a seating plan")
        self.create_button.clicked.connect(self.create_plan)
        self.copy_button = QPushButton("&Copy plan from…")
        self.copy_button.setToolTip("Copy the tables and seats of another engagement's plan (one undo step)")
        self.copy_button.clicked.connect(lambda: self.copy_from())
        self.export_button = QPushButton("&Export")
        export_menu = QMenu(self.export_button)
        for key, label in (
            ("chart", "Seating &chart…"),
            ("placecards", "&Place cards in seat order…"),
            ("doorlist", "Table &list for the door…"),
        ):
            export_menu.addAction(label, partial(self.export, key))
        self.export_button.setMenu(export_menu)
        tools = QHBoxLayout()
        for widget in (
            QLabel("Convention:"),
            self.style_box,
            self.auto_button,
            QLabel("New table:"),
            self.shape_box,
            self.seats_box,
            self.add_button,
            self.create_button,
            self.copy_button,
            self.export_button,
        ):
            tools.addWidget(widget)
        tools.addStretch(1)

        self.unseated = UnseatedList()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.lines = QLabel()
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        self.lines.setAccessibleName("Receiving line, photo line-up, signing and speaking order")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("No seat yet (drag onto a seat):"))
        side_layout.addWidget(self.unseated, 1)
        side_layout.addWidget(self.status)
        side_layout.addWidget(self.lines)
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

        # Ctrl+Z and Ctrl+Y work in this window too (the workspace's one stack)
        self.undo_action = self.workspace.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.workspace.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([self.undo_action, self.redo_action])
        self.workspace.changed.connect(self.on_changed)
        self.workspace.reloaded.connect(self.reload)
        self.reload()

    @classmethod
    def open_for(cls, parent: QWidget | None, workspace: Workspace, uid: str) -> SeatingWindow:
        window = cls(workspace, uid, parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.show()
        window.fit()
        return window

    def fit(self) -> None:
        """Show the whole room (never larger than 100 %)."""
        rect = self.scene.itemsBoundingRect().adjusted(-30, -30, 30, 30)
        self.canvas.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.canvas.transform().m11() > 1.0:
            self.canvas.resetTransform()

    # -- reading -----------------------------------------------------------------------------
    def _read(self, session: Session) -> SeatingView:
        return seating_view(session, engagements.engagement_id(session, self.uid))

    def on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def reload(self) -> None:
        try:
            view = self.workspace.read(self._read)
        except Exception as exc:  # the engagement was deleted: say so, keep the window
            from visitplanner.domain.errors import UserError

            if not isinstance(exc, UserError):
                raise
            self.status.setText(str(exc))
            self.lines.clear()
            self.scene.clear()
            self.seat_items.clear()
            self.table_items = []
            self._drawn_shape = None
            return
        self.view = view
        self.setWindowTitle(f"Seating — {view.title}")
        has_plan = view.plan_id is not None
        for widget in (self.auto_button, self.add_button, self.style_box, self.shape_box, self.seats_box):
            widget.setEnabled(has_plan)
        self.create_button.setVisible(not has_plan)
        self.export_button.setEnabled(has_plan)
        self.lines.setText(
            "\n".join(
                f"{label}: {text}" if label else text
                for label, text in lines_text(view.lines, lambda p: p.name, view.organisations)
            )
        )
        self.style_box.setCurrentIndex(list(SeatingStyle).index(view.layout.style))
        self._draw(view)
        self.unseated.clear()
        for person in view.unseated:
            item = QListWidgetItem(person.name.display)
            item.setData(Qt.ItemDataRole.UserRole, _sitter_text(person.key))
            item.setForeground(QBrush(ui_style.colour(ui_style.SEAT_SIDES[person.side])))
            self.unseated.addItem(item)
        seats = sum(t.seats for t in view.layout.tables)
        self.status.setText(
            f"{len(view.layout.placements)} seated, {len(view.unseated)} without a seat, {seats} seats at "
            f"{len(view.layout.tables)} table{'s' if len(view.layout.tables) != 1 else ''}."
            if has_plan
            else f"{view.title} has no seating plan yet."
        )

    def _draw(self, view: SeatingView) -> None:
        """Draw the plan; when only people moved (the same tables, convention and room), replace
        just the seats whose sitter or lock changed, so that a drop on a large plan stays fluid."""
        by_seat = {(p.table, p.seat): p for p in view.layout.placements}
        shape = (view.layout.style, view.layout.tables)
        if shape == self._drawn_shape and self.table_items:
            for (t, number), old in list(self.seat_items.items()):
                placement = by_seat.get((t, number))
                person = view.sitter(placement) if placement is not None else None
                if (person, bool(placement and placement.locked)) != (old.person, old.locked):
                    self._place_seat(view, t, number, person, bool(placement and placement.locked), old)
            return
        self.scene.clear()
        self.seat_items.clear()
        self.table_items = []
        self._drawn_shape = shape
        for t, table in enumerate(view.layout.tables):
            item = TableItem(self, t, table, view.layout.style)
            self.scene.addItem(item)
            self.table_items.append(item)
            for seat in table_geometry(table, view.layout.style).seats:
                placement = by_seat.get((t, seat.number))
                person = view.sitter(placement) if placement is not None else None
                self._place_seat(view, t, seat.number, person, bool(placement and placement.locked))
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-80, -60, 80, 60))

    def _place_seat(
        self,
        view: SeatingView,
        t: int,
        number: int,
        person: SeatedPerson | None,
        locked: bool,
        replacing: SeatItem | None = None,
    ) -> SeatItem:
        """Draw seat `number` of table `t` (in place of `replacing`, which leaves the scene)."""
        table_item = self.table_items[t]
        table = view.layout.tables[t]
        seat = table_geometry(table, view.layout.style).seat(number)
        seat_item = SeatItem(self, t, number, person, locked)
        x, y = to_room(table, seat.x, seat.y)
        seat_item.setData(0, QPointF(x * SCALE, y * SCALE))
        seat_item.setPos(seat_item.data(0) + table_item.pos() - QPointF(table.x * SCALE, table.y * SCALE))
        if replacing is not None:
            table_item.seats.remove(replacing)
            self.scene.removeItem(replacing)
        self.scene.addItem(seat_item)
        table_item.seats.append(seat_item)
        self.seat_items[t, number] = seat_item
        if person is not None:
            self._name(seat_item, person, seat.facing, table.rotation)
        return seat_item

    def _name(self, seat: SeatItem, person: SeatedPerson, facing: tuple[float, float], rotation: int) -> None:
        # the family name (the whole name is the seat's tooltip) and the name in its own script;
        # an unnamed guest: "Guest of" their companion's family name, or "Press 1"
        name = person.name
        text = name.family_name.strip() or name.romanised
        companion = self.view.people.get(person.accompanies) if self.view and person.accompanies else None
        if person.is_guest:
            text = f"Guest of\n{companion.name.family_name.strip() or companion.name.romanised}" if companion else text
        native = name.native_name.strip()
        if native and native != name.romanised:
            text = f"{text}\n{native}"
        label = QGraphicsSimpleTextItem(text, seat)
        font = QFont()
        font.setPixelSize(11)
        font.setItalic(person.is_guest)
        label.setFont(font)
        a = math.radians(rotation)
        ux = -(facing[0] * math.cos(a) - facing[1] * math.sin(a))
        uy = -(facing[0] * math.sin(a) + facing[1] * math.cos(a))
        box = label.boundingRect()
        r = CHAIR / 2 * SCALE + 3
        x = ux * r + (0 if ux > 0.35 else -box.width() if ux < -0.35 else -box.width() / 2)
        y = uy * r + (0 if uy > 0.35 else -box.height() if uy < -0.35 else -box.height() / 2)
        label.setPos(x, y)

    # -- gestures: each one undo step --------------------------------------------------------
    def _push(self, step: Step, text: str) -> bool:
        view = self.view
        if view is None or view.plan_id is None:
            return False
        command = SeatingCommand(self.workspace, view.plan_id, view.layout, step, text, view.version, initiator=self)
        return self.workspace.push(command, self)

    def _name_of(self, attendee_id: int | Sitter) -> str:
        who = attendee_id if isinstance(attendee_id, Sitter) else Sitter(attendee_id)
        person = self.view.who(who) if self.view is not None else None
        if person is not None:
            return person.name.romanised
        return f"attendee {who.attendee_id}" if who.attendee_id is not None else f"unnamed guest {who.guest}"

    def create_plan(self) -> bool:
        view = self.view
        if view is None or view.plan_id is not None:
            return False
        if view.kind not in SEATED_KINDS:
            from visitplanner.ui.messages import warn

            warn(self, "No seating plan", f"A {view.kind.label.lower()} has no seating plan.")
            return False
        layout = self.workspace.read(lambda s: seating.starting_layout(s, view.engagement_id))
        return self.workspace.push(
            CreateSeatingPlanCommand(self.workspace, view.engagement_id, layout, view.title), self
        )

    def seat(self, attendee_id: int | Sitter, table: int, seat: int) -> bool:
        """Put the attendee (or an unnamed guest) in table `table`'s `seat` (a swap when someone sits there)."""
        return self._push(
            lambda s, plan, v: seating.seat_person(s, plan, attendee_id, table, seat, expected_version=v),
            f"Seat {self._name_of(attendee_id)} at table {table}, seat {seat}",
        )

    def unseat(self, attendee_id: int | Sitter) -> bool:
        return self._push(
            lambda s, plan, v: seating.unseat_person(s, plan, attendee_id, expected_version=v),
            f"Remove {self._name_of(attendee_id)} from their seat",
        )

    def lock(self, attendee_id: int | Sitter, locked: bool) -> bool:
        return self._push(
            lambda s, plan, v: seating.set_locked(s, plan, attendee_id, locked, expected_version=v),
            f"{'Lock' if locked else 'Unlock'} the seat of {self._name_of(attendee_id)}",
        )

    def auto_seat(self) -> bool:
        style = self.style_box.currentData()
        return self._push(
            lambda s, plan, v: seating.auto_seat_plan(s, plan, style, expected_version=v), "Auto-seat by precedence"
        )

    def add_table(self, shape: TableShape, seats: int) -> bool:
        view = self.view
        if view is None:
            return False
        number = len(view.layout.tables) + 1
        table = seating.default_table(number, seats, shape)
        return self._push(
            lambda s, plan, v: seating.add_table(s, plan, table, expected_version=v), f"Add table {number}"
        )

    def _change_table(self, number: int, text: str, **fields: object) -> bool:
        view = self.view
        if view is None or not 1 <= number <= len(view.layout.tables):
            return False
        table = replace(view.layout.tables[number - 1], **fields)  # type: ignore[arg-type]
        return self._push(lambda s, plan, v: seating.update_table(s, plan, number, table, expected_version=v), text)

    def move_table(self, number: int, x: float, y: float) -> bool:
        return self._change_table(number, f"Move table {number}", x=x, y=y)

    def turn_table(self, number: int) -> bool:
        assert self.view is not None
        return self._change_table(
            number, f"Turn table {number}", rotation=(self.view.layout.tables[number - 1].rotation + 90) % 360
        )

    def rename_table(self, number: int) -> bool:
        assert self.view is not None
        text, ok = QInputDialog.getText(self, "Rename table", "Label:", text=self.view.layout.tables[number - 1].label)
        return ok and self._change_table(number, f"Rename table {number}", label=text)

    def resize_table(self, number: int) -> bool:
        assert self.view is not None
        seats, ok = QInputDialog.getInt(
            self, "Seats", "Seats at the table:", self.view.layout.tables[number - 1].seats, 1, 400
        )
        return ok and self._change_table(number, f"Seats at table {number}", seats=seats)

    def remove_table(self, number: int) -> bool:
        return self._push(
            lambda s, plan, v: seating.remove_table(s, plan, number, expected_version=v), f"Remove table {number}"
        )

    # -- copy and export -----------------------------------------------------------------------
    def choose_source(self, sources: list[PlanSource]) -> PlanSource | None:
        """Ask which engagement's plan to copy (tests replace this)."""
        labels = [
            f"{s.title} — {short_date(s.start.astimezone(ZoneInfo(s.local_zone)).date())} "
            f"{hm(s.start, ZoneInfo(s.local_zone))}, "
            f"{s.tables} table{'s' if s.tables != 1 else ''}, {s.seated} seated"
            for s in sources
        ]
        replaces = " It replaces this engagement's plan (undo puts it back)." if self._has_plan() else ""
        label, ok = QInputDialog.getItem(
            self, "Copy seating plan", f"Copy the tables and seats of:{replaces}", labels, 0, False
        )
        return sources[labels.index(label)] if ok and label in labels else None

    def _has_plan(self) -> bool:
        return self.view is not None and self.view.plan_id is not None

    def copy_from(self, source_uid: str | None = None) -> bool:
        """Copy another engagement's plan onto this one (its tables, convention, and the seats of
        those who attend both): one undo step."""
        view = self.view
        if view is None:
            return False
        if view.kind not in SEATED_KINDS:
            from visitplanner.ui.messages import warn

            warn(self, "No seating plan", f"A {view.kind.label.lower()} has no seating plan.")
            return False
        sources = self.workspace.read(lambda s: plans_to_copy(s, engagements.engagement_id(s, self.uid)))
        if source_uid is None:
            if not sources:
                from visitplanner.ui.messages import inform

                inform(self, "Copy seating plan", "No other engagement of this visit has a seating plan yet.")
                return False
            chosen = self.choose_source(sources)
            if chosen is None:
                return False
            source_uid = chosen.engagement_uid
        title = next((s.title for s in sources if s.engagement_uid == source_uid), "another engagement")
        return self.workspace.push(
            CopySeatingPlanCommand(
                self.workspace, source_uid, self.uid, f"Copy the seating plan of “{title}”", initiator=self
            ),
            self,
        )

    def export(self, kind: str = "chart") -> BackgroundTask[Any] | None:
        """Export the chart, place cards or the door list (asks what and where; written in the background)."""
        view = self.view
        if view is None or view.plan_id is None:
            return None
        settings = S.Settings()
        stored = settings.get(S.EXPORT_FOLDER)
        folder = Path(stored) if stored and Path(stored).is_dir() else Path.home()
        request = SeatingExportDialog.ask(self, folder, view.visit_slug, view.title, kind)
        if request is None:
            return None
        now = datetime.now(UTC)
        uid = self.uid

        def prepare(
            session: Session, *, target: Path, progress: Progress, cancelled: Cancelled, warn: Callable[[str], None]
        ) -> PreparedPdf:
            engagement = engagements.engagement_id(session, uid)
            if request.kind == "chart":
                from visitplanner.exporters.seating import prepare_seating_chart

                return prepare_seating_chart(
                    session, engagement, target=target, now=now, paper=request.paper, restricted=request.restricted
                )
            from visitplanner.exporters.seating_lists import prepare_seating_list

            return prepare_seating_list(
                session,
                engagement,
                request.kind,
                target=target,
                now=now,
                progress=progress,
                cancelled=cancelled,
                warn=warn,
            )

        what = {"chart": "the seating chart", "placecards": "the place cards", "doorlist": "the table list"}

        def written(_result: object, warnings: list[str]) -> None:
            settings.set(S.EXPORT_FOLDER, str(request.path.parent))
            self.status.setText(f"Wrote {what[request.kind]} to {request.path}")
            if warnings:  # characters no font has: the document is written, with gaps
                from visitplanner.ui.messages import inform

                inform(
                    self,
                    "Written with warnings",
                    f"Wrote {what[request.kind]} to {request.path}.\n\n" + "\n".join(warnings),
                )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WorkCancelled):
                self.status.setText("Cancelled: nothing was written")
            elif isinstance(exc, (VisitPlannerError, OSError)):
                self.workspace.report_error(self, exc)
            else:  # a bug: to the crash handler
                raise exc

        def run(title: str, job: Any, done: Any, unit: Unit) -> BackgroundTask[Any]:
            task: BackgroundTask[Any] = BackgroundTask(self.workspace.db, title, job, self, unit=unit)
            task.succeeded.connect(done)
            task.failed.connect(failed)
            self.last_task = task
            run_with_progress(self, task)
            return task

        return export_pdf(PdfExport(what[request.kind], request.path, prepare, request.preview), self, run, written)
