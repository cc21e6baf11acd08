"""The visit list: search, filter by status and date, select the visit to work on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLineEdit, QTableView, QVBoxLayout, QWidget

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import VisitStatus
from visitplanner.domain.formatting import date_range
from visitplanner.store.queries import VisitRow, visit_rows
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.models.base import ID_ROLE, Column, RowTableModel, SortFilterProxy
from visitplanner.ui.workspace import Workspace


class VisitListModel(RowTableModel[VisitRow]):
    COL_TITLE, COL_DATES, COL_STATUS = range(3)
    columns = (
        Column("Visit", lambda r: r.title, tooltip=lambda r: f"{r.title}\n{r.slug}"),
        Column("Dates", lambda r: date_range(r.start_date, r.end_date), sort=lambda r: (r.start_date, r.end_date)),
        Column("Status", lambda r: r.status.label),
    )


DATE_FILTERS: dict[str, Callable[[VisitRow, date], bool]] = {
    "Any date": lambda r, today: True,
    "Upcoming": lambda r, today: r.start_date > today,
    "Under way": lambda r, today: r.start_date <= today <= r.end_date,
    "Past": lambda r, today: r.end_date < today,
}


class VisitList(QWidget):
    """Lists visits; emits `visit_selected(id or 0)` when the selection changes.

    Signals:
        visit_selected(int): the chosen visit's id (0 when none).
    """

    visit_selected = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = VisitListModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search visits")
        name_search_field(self.search)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        for status in VisitStatus:
            self.status_filter.addItem(status.label, status)
        self.date_filter = QComboBox()
        self.date_filter.addItems(list(DATE_FILTERS))
        self.status_filter.setAccessibleName("Show visits with status")
        self.date_filter.setAccessibleName("Show visits by date")
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.date_filter.currentIndexChanged.connect(self._apply_filters)
        self.view = QTableView()
        self.view.setObjectName("visitList")
        self.view.setAccessibleName("Visits")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(VisitListModel.COL_DATES, Qt.SortOrder.DescendingOrder)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(0, self.view.horizontalHeader().ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.date_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        workspace.changed.connect(self._on_changed)
        workspace.reloaded.connect(self.reload)

    def reload(self) -> None:
        current = self.current_visit_id()
        self.model.set_rows(self.workspace.read(visit_rows))
        self.view.resizeColumnToContents(VisitListModel.COL_DATES)
        self.view.resizeColumnToContents(VisitListModel.COL_STATUS)
        if current:
            self.select_visit(current)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.VISIT):
            self.reload()
            created = [i for e, i in changes.created if e == Entity.VISIT]
            if created:
                self.select_visit(created[0])
            elif self.current_visit_id() is None:
                self.visit_selected.emit(0)

    def _apply_filters(self) -> None:
        status = self.status_filter.currentData()
        when = DATE_FILTERS[self.date_filter.currentText()]
        today = self.workspace.clock().date()
        self.proxy.set_predicate(lambda r: (status is None or r.status == status) and when(r, today))

    def current_visit_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def select_visit(self, visit_id: int) -> bool:
        source = self.model.index_of(visit_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.visit_selected.emit(int(current.data(ID_ROLE)) if current.isValid() else 0)
