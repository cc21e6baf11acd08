"""The bars above the itinerary: the Day / Whole visit / Table switch, the day bar and the table's filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.formatting import short_date
from visitplanner.services.reads.itinerary import EngagementRow
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.elided import ElidedLabel
from visitplanner.ui.models.engagements import matches_text
from visitplanner.ui.style import MUTED, css, segment_style

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 400, 25


#: the itinerary's views, as the switch names them and the settings store them
VIEWS = ("day", "visit", "table")


class ViewSwitch(QWidget):
    """Segmented buttons choosing the itinerary's view: one day, the whole visit, or the table.

    Attributes:
        timeline_button, visit_button, table_button: the segments.

    Signals:
        chosen(str): the officer chose a view (one of `VIEWS`).
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline_button = QToolButton()
        self.visit_button = QToolButton()
        self.table_button = QToolButton()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        segments = (
            (self.timeline_button, "Day", "segmentLeft", "Show one day as a timeline, a lane per venue"),
            (self.visit_button, "Whole visit", "segmentMiddle", "Show the visit's days side by side"),
            (self.table_button, "Table", "segmentRight", "Show every engagement as a table"),
        )
        for number, (button, text, name, tip) in enumerate(segments):
            button.setText(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.group.addButton(button, number)
            layout.addWidget(button)
        self.timeline_button.setChecked(True)
        self.group.idClicked.connect(lambda number: self.chosen.emit(VIEWS[number]))
        self.setStyleSheet(segment_style())
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.paletteChanged.connect(self._restyle)

    def _restyle(self) -> None:
        """Light to dark mode and back: the desktop changed the application's palette."""
        self.setStyleSheet(segment_style())

    @property
    def view(self) -> str:
        return VIEWS[max(self.group.checkedId(), 0)]

    def set_view(self, view: str) -> None:
        """Check the segment of `view` (without emitting `chosen`)."""
        button = self.group.button(VIEWS.index(view))
        if button is not None:
            button.setChecked(True)


class DayBar(QWidget):
    """The day selector with previous and next buttons, a summary of the day, and the zoom.

    Attributes:
        prev_button, next_button, day_combo: choose the day.
        day_summary: what the day holds.
        zoom_out_button, zoom_slider, zoom_in_button, zoom_label: the zoom, in percent.

    Signals:
        day_chosen(date): the officer chose a day.
        zoom_changed(int): the zoom changed, in percent.
    """

    day_chosen = Signal(object)
    zoom_changed = Signal(int)

    def __init__(self, zoom: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._syncing = False
        self.prev_button = QToolButton()
        self.prev_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_button.setToolTip("Previous day (Alt+Left)")
        self.prev_button.setAccessibleName("Previous day")
        self.prev_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip("Next day (Alt+Right)")
        self.next_button.setAccessibleName("Next day")
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.day_combo = QComboBox()
        self.day_combo.setMinimumContentsLength(12)
        self.day_combo.setAccessibleName("Day")
        self.day_summary = ElidedLabel()  # cut short with "…" rather than widen the window
        self.day_summary.setObjectName("daySummary")
        self.day_summary.setStyleSheet(f"color: {css(MUTED)};")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.day_combo.currentIndexChanged.connect(self._day_chosen)
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+wheel, Ctrl+-)")
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl+wheel, Ctrl++)")
        self.zoom_in_button.setAccessibleName("Zoom in")
        self.zoom_slider = QSlider(Qt.Orientation.Horizontal)
        self.zoom_slider.setRange(ZOOM_MIN, ZOOM_MAX)
        self.zoom_slider.setSingleStep(ZOOM_STEP)
        self.zoom_slider.setPageStep(ZOOM_STEP * 2)
        self.zoom_slider.setValue(zoom)
        self.zoom_slider.setMinimumWidth(60)  # grows to 110 when there is room (fits a 1024-pixel window)
        self.zoom_slider.setMaximumWidth(110)
        self.zoom_slider.setAccessibleName("Zoom")
        self.zoom_label = QLabel(f"{zoom}%")
        self.zoom_label.setMinimumWidth(36)
        self.zoom_slider.valueChanged.connect(self._zoomed)
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(1))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for nav in (self.prev_button, self.day_combo, self.next_button):
            layout.addWidget(nav)
        layout.addSpacing(8)
        layout.addWidget(self.day_summary, 1)
        for zoom_widget in (self.zoom_out_button, self.zoom_slider, self.zoom_in_button, self.zoom_label):
            layout.addWidget(zoom_widget)

    # -- days ------------------------------------------------------------------------------------
    def set_days(self, days: list[date], current: date | None) -> None:
        """List `days` and show `current` (without emitting `day_chosen`)."""
        self._syncing = True
        try:
            self.day_combo.clear()
            for day in days:
                self.day_combo.addItem(short_date(day), day)
        finally:
            self._syncing = False
        self.show_day(current)

    def show_day(self, day: date | None) -> None:
        """Show `day` as the current one (without emitting `day_chosen`)."""
        self._syncing = True
        try:
            # findData only matches the very same Python object
            index = next((i for i in range(self.day_combo.count()) if self.day_combo.itemData(i) == day), -1)
            if day is not None:
                self.day_combo.setCurrentIndex(max(0, index))
        finally:
            self._syncing = False
        index = self.day_combo.currentIndex()
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(0 <= index < self.day_combo.count() - 1)

    def set_day_choice_shown(self, shown: bool) -> None:
        """Show or hide the day selector (the whole-visit view shows every day)."""
        for widget in (self.prev_button, self.day_combo, self.next_button):
            widget.setVisible(shown)

    def step(self, step: int) -> None:
        index = self.day_combo.currentIndex() + step
        if 0 <= index < self.day_combo.count():
            self.day_chosen.emit(self.day_combo.itemData(index))

    def _day_chosen(self, index: int) -> None:
        if not self._syncing and index >= 0:
            self.day_chosen.emit(self.day_combo.itemData(index))

    # -- zoom ------------------------------------------------------------------------------------
    @property
    def zoom(self) -> int:
        return self.zoom_slider.value()

    def set_zoom(self, percent: int) -> None:
        """Zoom to `percent`, kept within the slider's range (emits `zoom_changed` on a change)."""
        self.zoom_slider.setValue(max(ZOOM_MIN, min(int(percent), ZOOM_MAX)))

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.zoom + steps * ZOOM_STEP)

    def _zoomed(self, percent: int) -> None:
        self.zoom_label.setText(f"{percent}%")
        self.zoom_changed.emit(percent)


class FilterBar(QWidget):
    """The table's filters: text, kind and status, with how many engagements they let through.

    Attributes:
        filter_edit, kind_filter, status_filter: the filters.
        count_label: "12 engagements" or "3 of 12 engagements".

    Signals:
        changed(): a filter changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title, venue, room or attendee")
        name_search_field(self.filter_edit, "Filter engagements")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        self.kind_filter.setAccessibleName("Show engagements of kind")
        for kind in EngagementKind:
            self.kind_filter.addItem(kind.label, kind)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        self.status_filter.setAccessibleName("Show engagements with status")
        self.status_filter.addItem("Not cancelled", "active")
        for status in EngagementStatus:
            self.status_filter.addItem(status.value.capitalize(), status)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {css(MUTED)};")
        self.filter_edit.textChanged.connect(self.changed)
        self.kind_filter.currentIndexChanged.connect(self.changed)
        self.status_filter.currentIndexChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit, 2)
        layout.addWidget(self.kind_filter)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.count_label, 1)

    def predicate(self) -> Callable[[object], bool] | None:
        """Which rows the filters let through (None when they let everything through)."""
        text = self.filter_edit.text().strip()
        kind_value, status_value = self.kind_filter.currentData(), self.status_filter.currentData()
        kind = EngagementKind(kind_value) if kind_value else None  # Qt hands StrEnums back as str
        status: EngagementStatus | str | None = (
            status_value if status_value in (None, "active") else EngagementStatus(status_value)
        )
        if not (text or kind or status):
            return None

        def accept(row: object) -> bool:
            if not isinstance(row, EngagementRow):
                return True
            if kind is not None and row.kind is not kind:
                return False
            if status == "active" and row.cancelled:
                return False
            if isinstance(status, EngagementStatus) and row.status is not status:
                return False
            return not text or matches_text(row, text)

        return accept

    def set_count(self, shown: int, total: int) -> None:
        self.count_label.setText(f"{total} engagements" if shown == total else f"{shown} of {total} engagements")


class LoadingPage(QWidget):
    """What the itinerary shows while a large visit is read in the background: what is read and
    how far it has got (the window stays usable meanwhile).

    Attributes:
        label: what is being read.
        bar: the progress.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itineraryLoading")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(360)
        self.bar.setAccessibleName("Reading the itinerary")
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def start(self, text: str, steps: int) -> None:
        self.label.setText(text)
        self.bar.setRange(0, steps)
        self.bar.setValue(0)

    def progressed(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def stop(self) -> None:
        self.bar.setValue(self.bar.maximum())
