"""The travel-time matrix: minutes between venues, edited in place, looked up both ways."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.formatting import route
from visitplanner.services.reads.venues import TravelEntry, TravelMatrix, VenueName, read_travel_matrix
from visitplanner.ui.accessibility import name_cell_editor
from visitplanner.ui.commands.venues import SetTravelTimeCommand
from visitplanner.ui.models.base import plain_tooltip
from visitplanner.ui.style import DIAGONAL, FAINT, colour, css
from visitplanner.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
MAX_MINUTES = 24 * 60 * 3
#: How a cell's minutes are known: "recorded", "reverse" (only the other way), "unknown" or "same".
STATE_ROLE = Qt.ItemDataRole.UserRole + 10
ROOT = QModelIndex()


def minutes_text(entry: TravelEntry) -> str:
    return str(entry.minutes) if entry.mode is TravelMode.CAR else f"{entry.minutes} {entry.mode.label.lower()}"


class TravelMatrixModel(QAbstractTableModel):
    """Rows are where a journey starts, columns where it ends; cells hold minutes.

    A cell recorded only in the other direction shows that value in grey italics (lookups work
    both ways). Editing a cell does not write: it emits `cell_edited`, and the owner runs an
    undoable command.

    Signals:
        cell_edited(int, int, object): from venue id, to venue id, minutes (None to clear).
    """

    cell_edited = Signal(int, int, object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix = TravelMatrix()

    def set_matrix(self, matrix: TravelMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def venue_at(self, number: int) -> VenueName:
        return self.matrix.venues[number]

    def row_of(self, venue_id: int) -> int:
        for number, venue in enumerate(self.matrix.venues):
            if venue.id == venue_id:
                return number
        return -1

    def entries(self, index: Index) -> tuple[TravelEntry | None, TravelEntry | None]:
        """The entry recorded for the cell's direction and the one for the opposite direction."""
        a, b = self.venue_at(index.row()).id, self.venue_at(index.column()).id
        return self.matrix.times.get((a, b)), self.matrix.times.get((b, a))

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.matrix.venues)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.matrix.venues)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= section < len(self.matrix.venues):
            return None
        venue = self.matrix.venues[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return venue.code
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{'From' if orientation is Qt.Orientation.Vertical else 'To'} {venue.name}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.row() == index.column():
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount() and 0 <= index.column() < self.columnCount()):
            return None
        if index.row() == index.column():
            return self._diagonal(role)
        direct, reverse = self.entries(index)
        state = "recorded" if direct else "reverse" if reverse else "unknown"
        if role == Qt.ItemDataRole.DisplayRole:
            shown = direct or reverse
            return minutes_text(shown) if shown else ""
        if role == Qt.ItemDataRole.EditRole:
            return direct.minutes if direct else None
        if role == STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(index, direct, reverse))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if state == "reverse" and role == Qt.ItemDataRole.ForegroundRole:
            return colour(FAINT)
        if state == "reverse" and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    @staticmethod
    def _diagonal(role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(colour(DIAGONAL))
        if role == STATE_ROLE:
            return "same"
        if role == Qt.ItemDataRole.DisplayRole:
            return ""
        return None

    def _tooltip(self, index: Index, direct: TravelEntry | None, reverse: TravelEntry | None) -> str:
        a, b = self.venue_at(index.row()), self.venue_at(index.column())
        journey = f"{route(a.code, b.code)}\n{route(a.name, b.name)}"
        if direct:
            return f"{journey}\n{direct.minutes} min by {direct.mode.label.lower()}"
        if reverse:
            return (
                f"{journey}\nNot recorded this way; {reverse.minutes} min by {reverse.mode.label.lower()} is recorded "
                f"from {b.code} to {a.code} and is used both ways.\nType minutes to record this direction."
            )
        return f"{journey}\nUnknown: type the minutes to record them."

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() == index.column():
            return False
        minutes = None if value is None or value == "" or int(value) < 0 else int(value)
        direct, _ = self.entries(index)
        if minutes == (direct.minutes if direct else None):
            return False
        self.cell_edited.emit(self.venue_at(index.row()).id, self.venue_at(index.column()).id, minutes)
        return True


class MinutesDelegate(QStyledItemDelegate):
    """Edits a cell with a spin box of minutes; its lowest value, "unknown", clears the cell."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(-1, MAX_MINUTES)
        spin.setSpecialValueText("unknown")
        spin.setSuffix(" min")
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        spin.setFrame(False)
        model = index.model()
        if isinstance(model, TravelMatrixModel):  # "Minutes from Town Hall to Digital Innovation Facility"
            origin, destination = model.venue_at(index.row()), model.venue_at(index.column())
            return name_cell_editor(spin, index, f"Minutes from {origin.name} to {destination.name}")
        return name_cell_editor(spin, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setValue(-1 if value is None else int(value))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value() if editor.value() >= 0 else None, Qt.ItemDataRole.EditRole)


class TravelMatrixPanel(QWidget):
    """The travel-time matrix of the visit's venues (or all venues), edited through undo commands;
    it refreshes itself on changes to venues, travel times and engagements.

    Attributes:
        model: the matrix model.
        view: the table.
        all_venues_box: show every venue of the venue book, not just the visit's.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_id: int | None = None
        self.model = TravelMatrixModel(self)
        # queued: the command reloads the model, which must not happen while the editor commits
        self.model.cell_edited.connect(self.set_travel_time, Qt.ConnectionType.QueuedConnection)
        self.view = QTableView()
        self.view.setObjectName("travelMatrix")
        self.view.setAccessibleName("Travel times between venues, in minutes")
        self.view.setModel(self.model)
        self.view.setItemDelegate(MinutesDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setDefaultSectionSize(64)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setCornerButtonEnabled(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.all_venues_box = QCheckBox("All venues")
        self.all_venues_box.setToolTip("Show every venue of the venue book, not only those this visit uses")
        self.all_venues_box.toggled.connect(lambda _: self.reload())
        self.clear_button = QPushButton("Clear cell")
        self.clear_button.setToolTip("Forget the selected travel time (Delete)")
        self.clear_button.clicked.connect(self.clear_current)
        caption = QLabel(
            "Minutes by car from the venue of the <b>row</b> to the venue of the <b>column</b>. "
            f"<span style='color:{css(FAINT)}'><i>Grey italics</i></span>: recorded only the other "
            "way, used both ways. Type or double-click to edit; empty means unknown."
        )
        caption.setWordWrap(True)
        caption.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.all_venues_box)
        top.addStretch(1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        workspace.changed.connect(self.on_changed)
        self._update_buttons()

    def set_visit(self, visit_id: int | None) -> None:
        self.visit_id = visit_id
        self.reload()

    def reload(self) -> None:
        current = self.current_pair()
        every = self.all_venues_box.isChecked()
        self.model.set_matrix(self.workspace.read(lambda s: read_travel_matrix(s, self.visit_id, every)))
        if current is not None:
            self.select_pair(*current)
        self._update_buttons()

    def on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.touches(Entity.VENUE, Entity.TRAVEL_TIME, Entity.ENGAGEMENT):
            self.reload()

    def current_pair(self) -> tuple[int, int] | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() == index.column():
            return None
        return self.model.venue_at(index.row()).id, self.model.venue_at(index.column()).id

    def select_pair(self, from_id: int, to_id: int) -> bool:
        ids = self.workspace.ids
        row, column = (
            self.model.row_of(ids.resolve(Entity.VENUE, from_id)),
            self.model.row_of(ids.resolve(Entity.VENUE, to_id)),
        )
        if row < 0 or column < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, column))
        return True

    def show_venue(self, venue_id: int | None) -> None:
        """Bring the venue's row into view (the venue chosen in the venue list)."""
        row = self.model.row_of(venue_id) if venue_id is not None else -1
        if row < 0:
            return
        current = self.view.currentIndex()
        if current.isValid() and current.row() == row:
            return
        column = current.column() if current.isValid() and current.column() != row else (0 if row else 1)
        if column < self.model.columnCount():
            self.view.setCurrentIndex(self.model.index(row, column))
            self.view.scrollTo(self.model.index(row, column))

    def set_travel_time(self, from_id: int, to_id: int, minutes: int | None) -> bool:
        codes = {v.id: v.code for v in self.model.matrix.venues}
        command = SetTravelTimeCommand(
            self.workspace, from_id, to_id, minutes, codes.get(from_id, ""), codes.get(to_id, ""), initiator=self
        )
        return self.workspace.push(command, self)

    def clear_current(self) -> bool:
        """Forget the selected cell's travel time (the opposite one when only that is recorded)."""
        index = self.view.currentIndex()
        if not index.isValid() or index.row() == index.column():
            return False
        direct, reverse = self.model.entries(index)
        a, b = self.model.venue_at(index.row()).id, self.model.venue_at(index.column()).id
        if direct is not None:
            return self.set_travel_time(a, b, None)
        if reverse is not None:
            return self.set_travel_time(b, a, None)
        return False

    def _update_buttons(self) -> None:
        index = self.view.currentIndex()
        self.clear_button.setEnabled(index.isValid() and index.data(STATE_ROLE) in ("recorded", "reverse"))

    def _context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid() or index.row() == index.column():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Edit minutes", lambda: self.view.edit(index))
        clear = menu.addAction("Clear", self.clear_current)
        clear.setEnabled(index.data(STATE_ROLE) in ("recorded", "reverse"))
        menu.exec(self.view.viewport().mapToGlobal(point))
