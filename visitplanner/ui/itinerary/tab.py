"""The Itinerary tab: a day timeline, the whole visit's days side by side and a table of the
visit's engagements, edited through undo commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain import gestures
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.findings import Severity
from visitplanner.domain.gestures import LaneKey
from visitplanner.domain.seating import SEATED_KINDS
from visitplanner.domain.timerange import local_day_bounds
from visitplanner.domain.values import EngagementPlan
from visitplanner.domain.work import Cancelled, Progress
from visitplanner.services import engagements as engagement_services
from visitplanner.services.reads.itinerary import (
    READ_STEPS,
    EngagementRow,
    Itinerary,
    VenueChoice,
    engagement_count,
    read_day,
    read_engagement_rows,
    read_itinerary,
)
from visitplanner.services.reads.travel import Movement, read_movements
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.commands.engagements import (
    CancelEngagementCommand,
    CreateEngagementCommand,
    DeleteEngagementCommand,
    DuplicateEngagementCommand,
    EditEngagementCommand,
    MoveEngagementCommand,
    NudgeEngagementCommand,
    RestoreEngagementCommand,
)
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.itinerary import clipboard
from visitplanner.ui.itinerary.bars import VIEWS, DayBar, FilterBar, LoadingPage, ViewSwitch
from visitplanner.ui.itinerary.layout import DayLayout, lay_out_day, lay_out_visit
from visitplanner.ui.itinerary.scene import BASE_PIXELS_PER_HOUR, TimelineScene, VisitScene
from visitplanner.ui.itinerary.summary import day_summary, visit_summary
from visitplanner.ui.itinerary.table import (
    ChoiceDelegate,
    ItineraryTable,
    TimeDelegate,
    status_options,
    venue_options,
)
from visitplanner.ui.itinerary.view import TimelineView
from visitplanner.ui.models.base import OBJECT_ROLE, ModelSortProxy
from visitplanner.ui.models.engagements import EngagementTableModel
from visitplanner.ui.settings import ITINERARY_VIEW, TIMELINE_ZOOM, Settings, header_state
from visitplanner.ui.style import MOVEMENT, MUTED, css, kind_colours
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.tasks import LARGE_VISIT, BackgroundTask, freeze_survivors
from visitplanner.ui.workspace import Workspace

TABLE_NAME = "itinerary"
WATCHED = (
    Entity.ENGAGEMENT,
    Entity.VENUE,
    Entity.ROOM,
    Entity.VEHICLE,
    Entity.ATTENDEE,
    Entity.VISIT,
    Entity.TRAVEL_LEG,  # arrivals and departures are marked on the timelines
)


class ItineraryTab(VisitTab):
    """The visit's engagements as a day timeline (lanes per venue, a lane for transfers), as the
    whole visit's days side by side, or as a table; the tab coordinates them: one selection,
    the same gestures, and every edit pushed as an undo command.

    Attributes:
        itinerary: what was read last (None without a visit).
        day: the local day the timeline shows.
        timeline: the scene of the day; view: its view.
        visit_scene: the visit's days side by side; visit_view: its view.
        model, proxy, table: the table of all engagements.
        switch, day_bar, filter_bar: the bars above (see `bars`).

    Signals:
        engagement_selected(int): the selected engagement's id (0 when none).
        loaded(): a large visit read in the background is shown whole.
    """

    title = "Itinerary"
    can_edit = frozenset({"new", "cut", "copy", "paste", "delete", "find"})
    engagement_selected = Signal(int)
    loaded = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(workspace, parent)
        self.itinerary: Itinerary | None = None
        self.movements: tuple[Movement, ...] = ()  # the visit's arrivals and departures
        self.day: date | None = None
        self._selected_uid: str | None = None
        self._settings = settings
        self._settings_read = False
        self._scroll_to_first = True
        self._syncing = False
        self._marked: dict[int, Severity] = {}
        self._generation = 0  # of reloads: a background read's result is shown only if no later one began
        self.loading_task: BackgroundTask[Itinerary | None] | None = None
        self._visit_stale = False  # the whole visit is laid out again when next shown
        self._scroll_visit = False
        self._kinds: set[EngagementKind] = set()

        # the day timeline and the whole visit
        self.timeline = TimelineScene(self)
        self.view = TimelineView(self.timeline)
        self.view.setObjectName("itineraryTimeline")
        self.visit_scene = VisitScene(self)
        self.visit_view = TimelineView(self.visit_scene, name="Whole visit", home_axis=False)
        self.visit_view.setObjectName("itineraryVisit")
        self.legend = QLabel()
        self.legend.setObjectName("timelineLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setToolTip(
            "Drag a block to move it (5-minute steps), to another venue or, in the whole visit, "
            "to another day; drag its bottom edge to resize; double-click or Enter to edit; "
            "Delete cancels; Alt+Up/Down moves by 5 minutes; Ctrl+wheel zooms."
        )
        self.legend.setContentsMargins(4, 2, 4, 0)
        self.legend.setWordWrap(True)  # wraps rather than widen the window
        self.timeline_stack = QStackedWidget()
        self.timeline_stack.addWidget(self.view)
        self.timeline_stack.addWidget(self.visit_view)
        timeline_page = QWidget()
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.setSpacing(4)
        timeline_layout.addWidget(self.timeline_stack, 1)
        timeline_layout.addWidget(self.legend)

        # the table
        self.model = EngagementTableModel(self)
        self.proxy = ModelSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)
        self.table = ItineraryTable()
        self.table.setModel(self.proxy)
        self.table.configure_columns()
        self.table.sortByColumn(EngagementTableModel.COL_START, Qt.SortOrder.AscendingOrder)
        self.time_delegate = TimeDelegate(self.table)
        self.status_delegate = ChoiceDelegate(status_options, self.table)
        self.venue_delegate = ChoiceDelegate(venue_options(self._venue_choices), self.table)
        self.table.setItemDelegateForColumn(EngagementTableModel.COL_START, self.time_delegate)
        self.table.setItemDelegateForColumn(EngagementTableModel.COL_STATUS, self.status_delegate)
        self.table.setItemDelegateForColumn(EngagementTableModel.COL_VENUE, self.venue_delegate)

        self.empty = QLabel("Choose a visit on the left to see its itinerary.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {css(MUTED)};")
        self.stack = QStackedWidget()
        self.stack.addWidget(timeline_page)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.loading = LoadingPage()
        self.stack.addWidget(self.loading)

        # the bars above
        self.switch = ViewSwitch()
        self.day_bar = DayBar(TIMELINE_ZOOM.default)
        self.filter_bar = FilterBar()
        # the names the tests and the window reach the bars' widgets by
        self.day_combo, self.day_summary = self.day_bar.day_combo, self.day_bar.day_summary
        self.prev_button, self.next_button = self.day_bar.prev_button, self.day_bar.next_button
        self.zoom_in_button, self.zoom_out_button = self.day_bar.zoom_in_button, self.day_bar.zoom_out_button
        self.filter_edit, self.count_label = self.filter_bar.filter_edit, self.filter_bar.count_label
        self.kind_filter, self.status_filter = self.filter_bar.kind_filter, self.filter_bar.status_filter
        self.new_button = QPushButton("New engagement…")
        self.new_button.setToolTip("Add an engagement to the itinerary (Ctrl+Shift+N)")
        self.new_button.clicked.connect(lambda: self.new_engagement())
        bar = QHBoxLayout()
        bar.addWidget(self.switch)
        bar.addSpacing(8)
        bar.addWidget(self.day_bar, 1)
        bar.addStretch()  # takes the day bar's room while the table hides it
        bar.addSpacing(8)
        bar.addWidget(self.new_button)
        # the filters get a row of their own below, so that the bars fit a 1024-pixel screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)

        # wiring
        self.switch.chosen.connect(self.show_view)
        self.day_bar.day_chosen.connect(self.set_day)
        self.day_bar.zoom_changed.connect(self._zoomed)
        self.filter_bar.changed.connect(self._apply_filter)
        for scene, view in ((self.timeline, self.view), (self.visit_scene, self.visit_view)):
            scene.current_changed.connect(self._timeline_current_changed)
            scene.activated.connect(self.edit_engagement)
            scene.move_requested.connect(self._dropped)
            scene.resize_requested.connect(self._resized)
            scene.new_requested.connect(lambda start, lane: self.new_engagement(start, lane))
            view.cancel_requested.connect(self.cancel_engagement)
            view.nudge_requested.connect(self.nudge_engagement)
            view.zoom_requested.connect(self.zoom_by)
            view.menu_requested.connect(self._timeline_menu)
        self.model.edit_requested.connect(self._inline_edit, Qt.ConnectionType.QueuedConnection)
        self.table.selectionModel().currentRowChanged.connect(self._table_current_changed)
        self.table.activated.connect(self._table_activated)
        self.table.cancel_requested.connect(lambda: self.edit_delete())
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        if settings is not None:
            self._read_settings()
        self._show_page()

    # -- settings --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if not self._settings_read:
            self._read_settings()
        super().showEvent(event)

    def _read_settings(self) -> None:
        self._settings_read = True
        if self._settings is None:
            self._settings = Settings()
        self.day_bar.set_zoom(self._settings.get(TIMELINE_ZOOM))
        view = self._settings.get(ITINERARY_VIEW)
        self.switch.set_view(view if view in VIEWS else ITINERARY_VIEW.default)
        state = self._settings.get(header_state(TABLE_NAME))
        if state:
            self.table.horizontalHeader().restoreState(QByteArray(state))

    def save_layout(self, settings: Settings) -> None:
        settings.set(TIMELINE_ZOOM, self.zoom)
        settings.set(ITINERARY_VIEW, self.switch.view)
        settings.set(header_state(TABLE_NAME), bytes(self.table.horizontalHeader().saveState().data()))

    # -- loading ---------------------------------------------------------------------------------
    def set_visit(self, visit_id: int | None) -> None:
        if visit_id != self.visit_id:
            self.day = None
            self._selected_uid = None
            self._scroll_to_first = True
        super().set_visit(visit_id)

    def on_changed(self, changes: Changes, initiator: object) -> None:
        """Refresh from `changes`: when only engagements changed, re-read those (the table changes
        their rows, the timeline moves their blocks); anything else the itinerary names (venues,
        attendees, the visit) reads it all again."""
        if not changes.touches(*WATCHED):
            return
        itinerary, visit_id = self.itinerary, self.visit_id
        if (
            itinerary is None
            or visit_id is None
            or itinerary.visit_id != visit_id
            or self.day is None
            or self.loading_task is not None
            or changes.touches(*(e for e in WATCHED if e is not Entity.ENGAGEMENT))
        ):
            self.reload()
            return
        ids = changes.ids(Entity.ENGAGEMENT)
        fresh = self.workspace.read(lambda s: read_engagement_rows(s, visit_id, ids))
        self._apply_rows(fresh, ids - {r.id for r in fresh})

    def reload(self) -> None:
        """Read the visit's itinerary again: at once, or for a large visit in a background task
        while the tab shows its progress."""
        visit_id = self.visit_id
        self._generation += 1
        if visit_id is None:
            self.loading_task = None
            self._apply(None)
            return
        count = self.workspace.read(lambda s: engagement_count(s, visit_id))
        if count > LARGE_VISIT:
            self._load_in_background(visit_id, count)
            return
        self.loading_task = None
        self._apply(self.workspace.read(lambda s: read_itinerary(s, visit_id)))

    def is_loading(self) -> bool:
        """Whether a background read of the itinerary is under way."""
        return self.loading_task is not None

    def _load_in_background(self, visit_id: int, count: int) -> None:
        """Read a large visit off the UI thread: the day to show first (so it is painted soon),
        then the whole visit (the table and the whole-visit view wait for it). A reload of the
        visit already shown keeps showing it until the new read is in."""
        generation = self._generation
        title = f"Reading {count:,} engagements…"
        self.loading.start(title, READ_STEPS + 1)
        shown = self.itinerary
        if shown is not None and shown.visit_id == visit_id and shown.complete:
            self._read_whole(generation, visit_id, title, 0)
            return
        if shown is None or shown.visit_id != visit_id:
            self.itinerary = None  # another visit's plan is not shown meanwhile
            self._clear()
        day = self.day if shown is not None and shown.visit_id == visit_id else None
        first = self._start_task(
            generation, title, lambda session, progress, cancelled: read_day(session, visit_id, day)
        )
        first.succeeded.connect(lambda itinerary: self._day_loaded(generation, visit_id, title, itinerary))
        self._show_page()
        first.start()

    def _start_task(
        self, generation: int, title: str, work: Callable[[Session, Progress, Cancelled], Itinerary | None]
    ) -> BackgroundTask[Itinerary | None]:
        task: BackgroundTask[Itinerary | None] = BackgroundTask(self.workspace.db, title, work, self, unit="reads")
        self.loading_task = task
        task.failed.connect(lambda exc: self._load_failed(generation, exc))
        task.finished.connect(task.deleteLater)
        return task

    def _day_loaded(self, generation: int, visit_id: int, title: str, itinerary: object) -> None:
        if generation != self._generation:
            return  # a later reload is under way
        if isinstance(itinerary, Itinerary):
            self._apply(itinerary)  # the day, painted while the rest is read
        self._read_whole(generation, visit_id, title, 1)

    def _read_whole(self, generation: int, visit_id: int, title: str, done_before: int) -> None:
        task = self._start_task(
            generation, title, lambda session, progress, cancelled: read_itinerary(session, visit_id, progress)
        )
        task.progressed.connect(lambda done, total: self.loading.progressed(done_before + done, READ_STEPS + 1))
        task.succeeded.connect(lambda itinerary: self._loaded(generation, itinerary))
        self.loading.progressed(done_before, READ_STEPS + 1)
        task.start()

    def _loaded(self, generation: int, itinerary: object) -> None:
        if generation != self._generation:
            return  # a later reload is under way
        self.loading_task = None
        self.loading.stop()
        self._apply(itinerary if isinstance(itinerary, Itinerary) else None)
        freeze_survivors()
        self.loaded.emit()

    def _load_failed(self, generation: int, exc: object) -> None:
        if generation != self._generation:
            return
        self.loading_task = None
        self.loading.stop()
        self._apply(None)
        if isinstance(exc, BaseException):
            self.workspace.report_error(self, exc)

    def _clear(self) -> None:
        self.day = None
        self.model.set_rows([])
        self.timeline.set_days((), self.timeline.home_tz)
        self.visit_scene.set_days((), self.visit_scene.home_tz)
        self._visit_stale = False
        self.day_bar.set_days([], None)

    def _apply(self, itinerary: Itinerary | None) -> None:
        """Show `itinerary` (read whole, or only the day it names: then only the day timeline
        shows it, and the table and the whole visit wait for the rest)."""
        self.itinerary = itinerary
        self.new_button.setEnabled(itinerary is not None)
        if itinerary is None:
            self._clear()
            self._show_page()
            return
        choices = itinerary.choices
        visit_id = itinerary.visit_id
        self.movements = tuple(self.workspace.read(lambda s: read_movements(s, visit_id)))
        if itinerary.by_uuid(self._selected_uid) is None:
            self._selected_uid = None
        days = choices.days
        if itinerary.only_day is not None and self.day != itinerary.only_day:
            self.day = itinerary.only_day
            self._scroll_to_first = True
        if self.day not in days:
            self.day = days[0] if days else None
            self._scroll_to_first = True
        self.day_bar.set_days(days, self.day)
        self.model.set_zones(choices.local_time_zone, choices.home_time_zone)
        self.model.set_rows(itinerary.rows if itinerary.complete else ())
        self.model.set_marked(self._resolved_marks())
        self._update_legend()
        self._show_day()
        self._select_in_table(self._selected_uid)
        self._show_page()

    def _apply_rows(self, fresh: list[EngagementRow], removed: set[int]) -> None:
        """Show the engagements an edit changed (`fresh`, as read again) and drop those it
        removed: their rows in the table, their blocks on the timelines, nothing else."""
        before = self.itinerary
        assert before is not None and self.day is not None
        itinerary = self.itinerary = before.replacing(fresh, removed)
        if itinerary.by_uuid(self._selected_uid) is None:
            self._selected_uid = None
        for ident in removed:
            self.model.remove_id(ident)
        for row in fresh:
            if not self.model.update_row(row):
                self.model.insert_row(row)
        touched = [*fresh, *(r for r in (before.by_id(i) for i in (removed | {r.id for r in fresh})) if r)]
        if {r.kind for r in itinerary.rows} != self._kinds:
            self._update_legend()  # a kind came or went
        zone = itinerary.choices.local_zone
        laid_out = any(gestures.on_day(r.start, r.end, self.day, zone) for r in touched)
        if laid_out:
            self._show_day(visit=False)  # which writes the summary
        self._visit_stale = True
        if self.switch.view == "visit":
            self._show_visit_scene()
        if not laid_out or self.switch.view == "visit":
            self._update_summary()

    def _show_page(self) -> None:
        view = self.switch.view
        if view == "visit":
            self._show_visit_scene()
        if self.itinerary is None or not self._shows(view):
            self.stack.setCurrentWidget(self.loading if self.loading_task is not None else self.empty)
        else:
            self.stack.setCurrentIndex(1 if view == "table" else 0)
        self.timeline_stack.setCurrentIndex(1 if view == "visit" else 0)
        self.day_bar.setVisible(view != "table")
        self.filter_bar.setVisible(view == "table")
        self.day_bar.set_day_choice_shown(view == "day")
        if self.day_layout() is not None:
            self._update_summary()

    def _shows(self, view: str) -> bool:
        """Whether what was read so far can show `view` (while a large visit is read, only the
        day read first can)."""
        itinerary = self.itinerary
        return itinerary is not None and (itinerary.complete or (view == "day" and self.day == itinerary.only_day))

    def day_layout(self) -> DayLayout | None:
        return self.timeline.layout

    def _show_day(self, visit: bool = True) -> None:
        """Lay out the day shown again, and the whole visit (when `visit`; built when it is shown)."""
        itinerary = self.itinerary
        if itinerary is None or self.day is None:
            self.timeline.set_days((), self.timeline.home_tz)
            self.visit_scene.set_days((), self.visit_scene.home_tz)
            self._visit_stale = False
            return
        choices = itinerary.choices
        day_layout = lay_out_day(
            itinerary.touching(*local_day_bounds(self.day, choices.local_zone)), self.day, choices.local_zone
        )
        self.timeline.movements = self.movements  # marked on the day as it is laid out
        self.timeline.set_days((day_layout,), choices.home_zone, keep=self._selected_uid)
        self.timeline.set_marked(self._resolved_marks())
        if visit:
            self._visit_stale = True
            if self.switch.view == "visit":
                self._show_visit_scene()
        self._update_summary()
        if self._scroll_to_first:
            self._scroll_to_first = False
            self._scroll_to_first_block(self.timeline, self.view)
            self._scroll_visit = True
            if not self._visit_stale:
                self._scroll_visit = False
                self._scroll_to_first_block(self.visit_scene, self.visit_view)

    def _show_visit_scene(self) -> None:
        """Lay out the whole visit if it changed since it was last laid out (it is laid out only
        while shown: a large visit's thousands of blocks are built when the officer asks)."""
        itinerary = self.itinerary
        if not self._visit_stale or itinerary is None or not itinerary.complete:
            return
        self._visit_stale = False
        choices = itinerary.choices
        self.visit_scene.movements = self.movements
        self.visit_scene.set_days(
            lay_out_visit(itinerary.rows, choices.days, choices.local_zone), choices.home_zone, self._selected_uid
        )
        self.visit_scene.set_marked(self._resolved_marks())
        if self._scroll_visit:
            self._scroll_visit = False
            self._scroll_to_first_block(self.visit_scene, self.visit_view)

    @staticmethod
    def _scroll_to_first_block(scene: TimelineScene, view: TimelineView) -> None:
        """Scroll to half an hour before the day's first engagement or arrival or departure marker
        (a delegation landing before its first engagement is seen on opening the day)."""
        starts: list[float] = [b.top_minutes for b in scene.blocks.values()]
        starts += [m.layout.offset_minutes(m.movement.at) for m in scene.markers]
        first = min(starts, default=None)
        view.scroll_to_minutes(max(first - 30, 0) if first is not None else 8 * 60)

    def _update_summary(self) -> None:
        assert self.itinerary is not None
        if not self._shows(self.switch.view):
            return
        if self.switch.view == "visit":
            parts = visit_summary(self.visit_scene.layouts)
        else:
            assert self.timeline.layout is not None
            parts = day_summary(self.timeline.layout, self.itinerary.choices.home_zone)
        self.day_summary.set_full_text("  ·  ".join(parts), tooltip="\n".join(parts))

    def _update_legend(self) -> None:
        assert self.itinerary is not None
        self._kinds = {r.kind for r in self.itinerary.rows}
        kinds = [k for k in EngagementKind if k in self._kinds]
        # a chip never breaks inside ("■&nbsp;Free&nbsp;time"); the line may break between chips
        chips = "&nbsp;&nbsp; ".join(
            f"<span style='color:{kind_colours(k)[1].name()}'>■</span>&nbsp;{k.label.replace(' ', '&nbsp;')}"
            for k in kinds
        )
        hints = f"<span style='color:{css(MUTED)}'>dashed block: tentative · struck through: cancelled</span>"
        if self.movements:  # the markers' line is dashed too: say what it is
            hints += f" · <span style='color:{css(MOVEMENT)}'>- - ✈</span>&nbsp;arrival&nbsp;or&nbsp;departure"
        self.legend.setText(f"{chips}&nbsp;&nbsp;&nbsp; {hints}" if chips else hints)

    # -- days and zoom ---------------------------------------------------------------------------
    def set_day(self, day: date, scroll: bool = True) -> None:
        if self.itinerary is None or day not in self.itinerary.choices.days:
            return
        if day != self.day:
            self.day = day
            self._scroll_to_first = scroll
            self.day_bar.show_day(day)
            self._show_day()
            if not self.itinerary.complete:
                self._show_page()  # a day not read yet: its progress

    @property
    def zoom(self) -> int:
        return self.day_bar.zoom

    def set_zoom(self, percent: int) -> None:
        self.day_bar.set_zoom(percent)

    def zoom_by(self, steps: int) -> None:
        self.day_bar.zoom_by(steps)

    def _zoomed(self, percent: int) -> None:
        for scene, view in ((self.timeline, self.view), (self.visit_scene, self.visit_view)):
            top = view.first_visible_minutes() if scene.layout else 0.0
            scene.set_scale(BASE_PIXELS_PER_HOUR * percent / 100)
            if scene.layout is not None:
                view.scroll_to_minutes(top)
        if self._settings is not None:
            self._settings.set(TIMELINE_ZOOM, percent)

    # -- views and selection ---------------------------------------------------------------------
    def show_view(self, view: str) -> None:
        """Show the day timeline ("day"), the whole visit ("visit") or the table ("table"),
        keeping the selection, and remember the choice."""
        {"day": self.show_timeline, "visit": self.show_visit, "table": self.show_table}[view]()

    def _switched(self, view: str) -> None:
        self.switch.set_view(view)
        if self._settings is not None:
            self._settings.set(ITINERARY_VIEW, view)
        self._show_page()

    def show_timeline(self) -> None:
        row = self.selected_row()
        if row is not None and self.day is not None and not self._on_day(row, self.day):
            self.set_day(row.start.astimezone(self._tz()).date(), scroll=False)
        self._switched("day")
        if row is not None:
            self.timeline.select(row.uuid)
        self.view.setFocus()

    def show_visit(self) -> None:
        self._switched("visit")
        row = self.selected_row()
        if row is not None and self.visit_scene.select(row.uuid):
            self.visit_view.ensureVisible(self.visit_scene.blocks[row.uuid].sceneBoundingRect(), 16, 48)
        self.visit_view.setFocus()

    def show_table(self) -> None:
        uid = self._selected_uid  # showing the table may make its first row current: keep ours
        self._switched("table")
        self._set_selected(uid)
        self._select_in_table(uid)
        self.table.setFocus()

    def timeline_shown(self) -> bool:
        """Whether a timeline (of the day or of the whole visit) is shown rather than the table."""
        return self.switch.view != "table"

    def shown_scene(self) -> TimelineScene:
        """The scene of the timeline shown (the day's while the table is)."""
        return self.visit_scene if self.switch.view == "visit" else self.timeline

    def _tz(self) -> ZoneInfo:
        assert self.itinerary is not None
        return self.itinerary.choices.local_zone

    def _on_day(self, row: EngagementRow, day: date) -> bool:
        assert self.itinerary is not None
        return gestures.on_day(row.start, row.end, day, self.itinerary.choices.local_zone)

    def _rooms(self, venue_id: int | None) -> list[int]:
        venue = self.itinerary.choices.venue(venue_id) if self.itinerary else None
        return [room.id for room in venue.rooms] if venue is not None else []

    def selected_row(self) -> EngagementRow | None:
        return self.itinerary.by_uuid(self._selected_uid) if self.itinerary else None

    def _set_selected(self, uid: str | None) -> None:
        if uid == self._selected_uid:
            return
        self._selected_uid = uid
        row = self.selected_row()
        self.engagement_selected.emit(row.id if row else 0)

    def _timeline_current_changed(self, uid: object) -> None:
        if self._syncing:
            return
        self._set_selected(str(uid) if uid else None)
        self._select_in_scenes(self._selected_uid)
        self._select_in_table(self._selected_uid)

    def _select_in_scenes(self, uid: str | None) -> None:
        """Select `uid` in both timelines where it is shown, and nothing where it is not."""
        was, self._syncing = self._syncing, True
        try:
            for scene in (self.timeline, self.visit_scene):
                if not scene.select(uid):
                    scene.clearSelection()
        finally:
            self._syncing = was

    def _table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        row = current.data(OBJECT_ROLE)
        if isinstance(row, EngagementRow):
            self._set_selected(row.uuid)
            self._select_in_scenes(row.uuid)

    def _select_in_table(self, uid: str | None) -> None:
        was, self._syncing = self._syncing, True
        try:
            source = self.model.index_of_uuid(uid) if uid else QModelIndex()
            index = self.proxy.mapFromSource(source) if source.isValid() else QModelIndex()
            selection = self.table.selectionModel()
            if index.isValid():
                selection.setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.scrollTo(index)
            else:
                selection.clearSelection()
        finally:
            self._syncing = was

    def select_engagement(self, engagement_id: int) -> bool:
        """Show and select an engagement (e.g. from a check finding); False when it is not in the visit."""
        if self.itinerary is None:
            return False
        row = self.itinerary.by_id(self.workspace.ids.resolve(Entity.ENGAGEMENT, engagement_id))
        if row is None:
            return False
        self._set_selected(row.uuid)
        day = row.start.astimezone(self.itinerary.choices.local_zone).date()
        days = self.itinerary.choices.days
        if day not in days:
            on_a_day = next((d for d in days if self._on_day(row, d)), None)
            if on_a_day is None:  # outside the visit's days: only the table lists it
                if self.timeline_shown():
                    self.show_table()
                else:
                    self._select_in_table(row.uuid)
                return True
            day = on_a_day
        self.set_day(day, scroll=False)
        self._select_in_scenes(row.uuid)
        self._select_in_table(row.uuid)
        view = self.visit_view if self.switch.view == "visit" else self.view
        block = view.timeline.blocks.get(row.uuid)
        if block is not None:
            view.ensureVisible(block.sceneBoundingRect(), 16, 48)
        return True

    def set_marked(self, marked: dict[int, Severity]) -> None:
        """Badge engagements with check findings: engagement id -> the worst finding's severity."""
        self._marked = dict(marked)
        resolved = self._resolved_marks()
        self.timeline.set_marked(resolved)
        self.visit_scene.set_marked(resolved)
        self.model.set_marked(resolved)

    def _resolved_marks(self) -> dict[int, Severity]:
        if not self.workspace.ids:  # no id was replaced: the marks are as the checks gave them
            return self._marked
        return {self.workspace.ids.resolve(Entity.ENGAGEMENT, k): v for k, v in self._marked.items()}

    # -- the table's filters ---------------------------------------------------------------------
    def _venue_choices(self) -> tuple[VenueChoice, ...]:
        return self.itinerary.choices.venues if self.itinerary else ()

    def _apply_filter(self) -> None:
        self.proxy.set_predicate(self.filter_bar.predicate())
        self._update_count()

    def _update_count(self) -> None:
        self.filter_bar.set_count(self.proxy.rowCount(), self.model.rowCount())

    # -- running commands ------------------------------------------------------------------------
    def _push(self, command: ServiceCommand, follow: str | None = None) -> bool:
        if follow is not None:
            self._selected_uid = follow
        done = self.workspace.push(command, self)
        if not done:
            self._show_day()  # put a refused drag back
            return False
        if follow is not None and self.itinerary is not None and self.day is not None:
            row = self.itinerary.by_uuid(follow)
            if row is not None and not self._on_day(row, self.day):
                self.set_day(row.start.astimezone(self.itinerary.choices.local_zone).date(), scroll=False)
            if row is not None:
                self._select_in_scenes(row.uuid)
                if self.switch.view == "table":  # else `show_table` selects it when shown
                    self._select_in_table(row.uuid)
        return True

    def _check_create(self, plan: EngagementPlan) -> None:
        visit_id = self.visit_id
        assert visit_id is not None
        self.workspace.check(lambda s: engagement_services.create_engagement(s, visit_id, plan))

    def new_engagement(self, start: datetime | None = None, lane: LaneKey | None = None) -> None:
        """Ask for a new engagement: at `start` in `lane`, else after the selected one, else 09:00."""
        itinerary, day = self.itinerary, self.day
        if itinerary is None or day is None or self.visit_id is None:
            return
        choices = itinerary.choices
        selected = self.selected_row()
        after = selected.plan.data if selected is not None and self._on_day(selected, day) else None
        defaults = EngagementPlan(gestures.new_engagement(day, choices.local_zone, start, lane, after))
        plan = EngagementDialog.ask(self, choices, None, self._check_create, defaults=defaults)
        if plan is not None:
            command = CreateEngagementCommand(self.workspace, self.visit_id, plan, initiator=self)
            self._push(command, follow=command.uid)

    def edit_engagement(self, row: EngagementRow | None = None) -> None:
        row = row or self.selected_row()
        if row is None or self.itinerary is None:
            return

        def check(plan: EngagementPlan) -> None:
            self.workspace.check(
                lambda s: engagement_services.update_engagement(s, row.id, plan, expected_version=row.version)
            )

        def open_seating(parent: QWidget) -> object:
            from visitplanner.ui.seating import SeatingWindow

            return SeatingWindow.open_for(parent, self.workspace, row.uuid)

        from visitplanner.store.invitations import engagement_answers

        answers = self.workspace.read(lambda s: engagement_answers(s, row.id))
        plan = EngagementDialog.ask(
            self, self.itinerary.choices, row.plan, check, open_seating=open_seating, answers=answers
        )
        if plan is not None and plan != row.plan:
            self._push(
                EditEngagementCommand(self.workspace, row.uuid, row.plan, plan, row.version, initiator=self),
                follow=row.uuid,
            )

    def open_seating(self, row: EngagementRow | None = None) -> QWidget | None:
        """The engagement's seating plan in its own window (drag people to seats; Ctrl+Z undoes)."""
        from visitplanner.ui.seating import SeatingWindow

        row = row or self.selected_row()
        if row is None:
            return None
        return SeatingWindow.open_for(self, self.workspace, row.uuid)

    def cancel_engagement(self, row: EngagementRow | None = None) -> None:
        row = row or self.selected_row()
        if row is None or row.cancelled:
            return
        self._push(
            CancelEngagementCommand(self.workspace, row.uuid, row.title, row.status, row.version, initiator=self),
            follow=row.uuid,
        )

    def restore_engagement(self, row: EngagementRow | None = None) -> None:
        row = row or self.selected_row()
        if row is None or not row.cancelled:
            return
        self._push(
            RestoreEngagementCommand(self.workspace, row.uuid, row.title, version=row.version, initiator=self),
            follow=row.uuid,
        )

    def duplicate_engagement(self, row: EngagementRow | None = None) -> None:
        row = row or self.selected_row()
        if row is None:
            return
        command = DuplicateEngagementCommand(self.workspace, row.uuid, row.title, initiator=self)
        if self._push(command) and command.copy_uid is not None:
            self._push_follow(command.copy_uid)

    def _push_follow(self, uid: str) -> None:
        self._selected_uid = uid
        self._select_in_scenes(uid)
        self._select_in_table(uid)

    def delete_engagement(self, row: EngagementRow | None = None, verb: str = "Delete") -> None:
        row = row or self.selected_row()
        if row is None:
            return
        self._push(DeleteEngagementCommand(self.workspace, row.uuid, row.title, row.version, verb=verb, initiator=self))

    def nudge_engagement(self, row: EngagementRow, minutes: int) -> None:
        """Alt+Up/Down: move by `minutes`; nudges of the same engagement in a row are one undo step."""
        new_start = row.start + timedelta(minutes=minutes)
        self._push(
            NudgeEngagementCommand(
                self.workspace, row.uuid, row.title, row.start, new_start, row.version, initiator=self
            ),
            follow=row.uuid,
        )

    def _dropped(self, row: EngagementRow, delta: timedelta, lane: LaneKey) -> None:
        current = self.itinerary.by_uuid(row.uuid) if self.itinerary else None
        if current is None:
            return
        data = current.plan.data
        new_data = gestures.dropped(data, delta, lane, self._rooms)
        if new_data.venue_id == data.venue_id:
            if delta:
                self._push(
                    MoveEngagementCommand(
                        self.workspace,
                        current.uuid,
                        current.title,
                        data.start,
                        data.start + delta,
                        current.version,
                        initiator=self,
                    ),
                    follow=current.uuid,
                )
            return
        self._push(
            EditEngagementCommand(
                self.workspace,
                current.uuid,
                current.plan,
                EngagementPlan(new_data, current.plan.attendances),
                current.version,
                text=f"Move “{current.title}”",
                initiator=self,
            ),
            follow=current.uuid,
        )

    def _resized(self, row: EngagementRow, new_end: datetime) -> None:
        current = self.itinerary.by_uuid(row.uuid) if self.itinerary else None
        if current is None or new_end == current.end:
            return
        new = EngagementPlan(replace(current.plan.data, end=new_end), current.plan.attendances)
        self._push(
            EditEngagementCommand(
                self.workspace,
                current.uuid,
                current.plan,
                new,
                current.version,
                text=f"Resize “{current.title}”",
                initiator=self,
            ),
            follow=current.uuid,
        )

    def _inline_edit(self, row: EngagementRow, column: int, value: object) -> None:
        current = self.itinerary.by_uuid(row.uuid) if self.itinerary else None
        if current is None or self.itinerary is None:
            return
        data = current.plan.data
        M = EngagementTableModel
        if column == M.COL_TITLE:
            new_data, text = replace(data, title=str(value)), f"Rename “{current.title}”"
        elif column == M.COL_START and isinstance(value, time):
            try:
                new_data = gestures.at_wall_time(data, value, self.itinerary.choices.local_zone)
            except UserError as exc:
                self.workspace.report_error(self, exc)  # the cell keeps the time it had
                return
            text = f"Move “{current.title}”"
        elif column == M.COL_STATUS and isinstance(value, EngagementStatus):
            new_data, text = replace(data, status=value), f"Mark “{current.title}” {value.value}"
        elif column == M.COL_VENUE:
            venue_id = value if isinstance(value, int) else None
            new_data = gestures.at_venue(data, venue_id, self._rooms(venue_id))
            text = f"Change venue of “{current.title}”"
        else:
            return
        if new_data == data:
            return
        self._push(
            EditEngagementCommand(
                self.workspace,
                current.uuid,
                current.plan,
                EngagementPlan(new_data, current.plan.attendances),
                current.version,
                text=text,
                initiator=self,
            ),
            follow=current.uuid,
        )

    # -- menus -----------------------------------------------------------------------------------
    def context_menu(self, row: EngagementRow | None, start: datetime | None, lane: LaneKey | None) -> QMenu:
        menu = QMenu(self)
        if row is not None:
            edit = menu.addAction("&Edit…", lambda: self.edit_engagement(row))
            edit.setShortcut(QKeySequence(Qt.Key.Key_Return))
            menu.setDefaultAction(edit)
            menu.addAction("D&uplicate", lambda: self.duplicate_engagement(row))
            if row.plan.data.kind in SEATED_KINDS:
                menu.addAction("&Seating plan…", lambda: self.open_seating(row))
            menu.addSeparator()
            if row.cancelled:
                menu.addAction("&Restore", lambda: self.restore_engagement(row))
            else:
                cancel = menu.addAction("&Cancel engagement", lambda: self.cancel_engagement(row))
                cancel.setShortcut(QKeySequence(Qt.Key.Key_Delete))
            menu.addAction("Delete &permanently", lambda: self.delete_engagement(row))
            menu.addSeparator()
            menu.addAction("Cu&t", lambda: self._cut(row))
            menu.addAction("C&opy", lambda: self._copy(row))
            if row.plan.data.restricted_notes:
                menu.addAction("Copy with &restricted notes", lambda: self._copy(row, restricted=True))
        else:
            menu.addAction("&New engagement here…", lambda: self.new_engagement(start, lane))
            paste: QAction = menu.addAction("&Paste here", lambda: self._paste(start))
            paste.setEnabled(clipboard.decode(QApplication.clipboard().mimeData()) is not None)
        return menu

    def _timeline_menu(self, row: object, start: object, lane: object, pos: QPoint) -> None:
        engagement = row if isinstance(row, EngagementRow) else None
        self.context_menu(
            engagement, start if isinstance(start, datetime) else None, lane if isinstance(lane, tuple) else None
        ).exec(pos)

    def _table_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        row = index.data(OBJECT_ROLE) if index.isValid() else None
        if isinstance(row, EngagementRow):
            self.context_menu(row, None, None).exec(self.table.viewport().mapToGlobal(pos))

    def _table_activated(self, index: QModelIndex) -> None:
        row = index.data(OBJECT_ROLE)
        if isinstance(row, EngagementRow):
            self.edit_engagement(row)

    # -- clipboard -------------------------------------------------------------------------------
    def _copy(self, row: EngagementRow, *, restricted: bool = False) -> None:
        """Copy the engagement; its restricted notes reach the system clipboard only when `restricted`."""
        if self.itinerary is None:
            return
        QApplication.clipboard().setMimeData(
            clipboard.encode(
                row, self.itinerary.visit_id, self.itinerary.choices.local_time_zone, restricted=restricted
            )
        )

    def _cut(self, row: EngagementRow) -> None:
        self._copy(row)
        self.delete_engagement(row, verb="Cut")

    def _paste(self, at: datetime | None = None) -> None:
        itinerary, day = self.itinerary, self.day
        if itinerary is None or day is None or self.visit_id is None:
            return
        copied = clipboard.decode(QApplication.clipboard().mimeData())
        if copied is None:
            return
        if at is not None:
            day = at.astimezone(itinerary.choices.local_zone).date()
        plan = clipboard.pasted_plan(copied, self.visit_id, day, itinerary.choices)
        if at is not None:
            plan = EngagementPlan(gestures.starting_at(plan.data, at), plan.attendances)
        command = CreateEngagementCommand(
            self.workspace, self.visit_id, plan, text=f"Paste “{plan.data.title}”", initiator=self
        )
        self._push(command, follow=command.uid)

    # -- the Edit menu ---------------------------------------------------------------------------
    def edit_new(self) -> None:
        self.new_engagement()

    def edit_copy(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._copy(row)

    def visible_selection(self) -> EngagementRow | None:
        """The selected engagement if the officer can see it (on the day shown, in the whole
        visit, or in the table): Delete and Cut act on nothing they cannot see."""
        row = self.selected_row()
        if row is not None and self.timeline_shown() and row.uuid not in self.shown_scene().blocks:
            return None
        return row

    def edit_cut(self) -> None:
        row = self.visible_selection()
        if row is not None:
            self._cut(row)

    def edit_paste(self) -> None:
        self._paste()

    def edit_delete(self) -> None:
        row = self.visible_selection()
        if row is not None:
            self.cancel_engagement(row)

    def edit_find(self) -> None:
        if self.itinerary is None:
            return
        self.show_table()
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()
