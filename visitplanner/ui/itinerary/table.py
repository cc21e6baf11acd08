"""The itinerary as a sortable, filterable table with in-place editing of title, start, status and venue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QWidget,
)

from visitplanner.domain.enums import EngagementStatus
from visitplanner.services.reads.itinerary import VenueChoice
from visitplanner.ui.accessibility import NamingDelegate, name_cell_editor
from visitplanner.ui.models.engagements import EngagementTableModel

Index = QModelIndex | QPersistentModelIndex


class TimeDelegate(QStyledItemDelegate):
    """Edits a local start time (HH:mm); the model gets a `datetime.time`."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QTimeEdit(parent)
        editor.setDisplayFormat("HH:mm")
        editor.setFrame(False)
        return name_cell_editor(editor, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QTimeEdit) and isinstance(value, time):
            editor.setTime(QTime(value.hour, value.minute))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QTimeEdit):
            chosen = editor.time()
            model.setData(index, time(chosen.hour(), chosen.minute()), Qt.ItemDataRole.EditRole)


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a value chosen from a list of (label, value) pairs given by `options()`."""

    def __init__(self, options: Callable[[], Sequence[tuple[str, object]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self.options():
            combo.addItem(label, value)
        return name_cell_editor(combo, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setCurrentIndex(max(0, editor.findData(value)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def status_options() -> list[tuple[str, object]]:
    return [(status.label, status) for status in EngagementStatus]


def venue_options(venues: Callable[[], Sequence[VenueChoice]]) -> Callable[[], list[tuple[str, object]]]:
    return lambda: [("(no venue)", None), *((v.name, v.id) for v in venues())]


class ItineraryTable(QTableView):
    """The itinerary table: Enter or double-clicking a read-only cell opens the editor; Delete
    cancels the current engagement (edit keys and double-click edit the editable cells in place).

    Signals:
        cancel_requested(): Delete was pressed.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itineraryTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setAccessibleName("Itinerary table")
        self.setItemDelegate(NamingDelegate(self))  # the title's editor says "Title"

    def configure_columns(self) -> None:
        header = self.horizontalHeader()
        widths = {
            EngagementTableModel.COL_DAY: 84,
            EngagementTableModel.COL_START: 52,
            EngagementTableModel.COL_END: 52,
            EngagementTableModel.COL_HOME: 124,
            EngagementTableModel.COL_TITLE: 260,
            EngagementTableModel.COL_KIND: 92,
            EngagementTableModel.COL_VENUE: 180,
            EngagementTableModel.COL_ROOM: 124,
            EngagementTableModel.COL_STATUS: 84,
            EngagementTableModel.COL_ATTENDEES: 76,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().isValid()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.cancel_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
