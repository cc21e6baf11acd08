"""The timeline's scenes: one day's venue lanes and transfer lane across, real time down; or the
visit's days side by side, wall-clock time down."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneHelpEvent, QGraphicsSceneMouseEvent, QWidget

from visitplanner.domain.findings import Severity
from visitplanner.domain.gestures import SNAP_MINUTES, LaneKey, snapped_top
from visitplanner.services.reads.itinerary import EngagementRow
from visitplanner.services.reads.travel import Movement
from visitplanner.ui.itinerary.block import LANE_GAP, EngagementBlock
from visitplanner.ui.itinerary.layout import DayLayout, Placement
from visitplanner.ui.itinerary.marker import MovementMarker
from visitplanner.ui.style import CHROME_LINE, GRID, HALF_GRID, MUTED, NIGHT, STRIPE, colour, paper

BASE_PIXELS_PER_HOUR = 80.0
DAY_SHADE = (7, 22)  # local hours outside which the background is shaded as night


class TimelineScene(QGraphicsScene):
    """The scene of one day: lanes across, real time down. Made of day layouts side by side
    (one here, the visit's days in `VisitScene`); a column is one lane of one of them.

    Requests are emitted after the event that caused them has been handled (the tab may reload
    and so delete the blocks).

    Attributes:
        layouts: the days shown, left to right; layout: the first (None when there is none).
        columns: each column's day layout and lane index in it, left to right.
        home_tz: the delegation's home zone (second axis, block text).
        pixels_per_hour: vertical scale.
        lane_lefts: where each column starts, and where the last one ends (lanes holding
            engagements side by side are wider).
        blocks: engagement UID to its block.
        marked: engagement id to the severity of its worst check finding.
        movements: the visit's arrivals and departures; markers: those on the days shown.

    Signals:
        current_changed(object): the selected engagement's UID, or None.
        activated(EngagementRow): open the editor.
        move_requested(EngagementRow, timedelta, LaneKey): moved by an offset, maybe to another lane.
        resize_requested(EngagementRow, datetime): a new end.
        new_requested(datetime, LaneKey): a new engagement at a time in a lane (double-click on empty space).
        laid_out(): the lanes or the scale changed (headers repaint).
    """

    current_changed = Signal(object)
    activated = Signal(object)
    move_requested = Signal(object, object, object)
    resize_requested = Signal(object, object)
    new_requested = Signal(object, object)
    laid_out = Signal()

    MIN_LANE_WIDTH = 170.0
    #: How many new blocks are built in one turn of the event loop (about 40 ms on a loaded machine).
    BUILD_CHUNK = 600
    EMPTY_TEXT = "No engagements on this day.\nDouble-click a lane to add one."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layouts: tuple[DayLayout, ...] = ()
        self.columns: list[tuple[DayLayout, int]] = []
        self.home_tz = ZoneInfo("UTC")
        self.pixels_per_hour = BASE_PIXELS_PER_HOUR
        self.lane_lefts: list[float] = [0.0, self.MIN_LANE_WIDTH]
        self._weights: list[float] = []  # the lane weights `lane_lefts` were measured for
        self._pending: list[tuple[DayLayout, Placement, int]] = []  # blocks to build in later turns
        self._keep: str | None = None  # the engagement to select when its block is built
        self._available_width = 0.0
        self.blocks: dict[str, EngagementBlock] = {}
        self.marked: dict[int, Severity] = {}
        self.movements: tuple[Movement, ...] = ()
        self.markers: list[MovementMarker] = []
        self._rebuilding = False
        self._current: str | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.selectionChanged.connect(self._selection_changed)

    # -- content -----------------------------------------------------------------------------
    @property
    def layout(self) -> DayLayout | None:
        return self.layouts[0] if self.layouts else None

    def set_days(self, layouts: tuple[DayLayout, ...], home_tz: ZoneInfo, keep: str | None = None) -> None:
        """Show `layouts` side by side, selecting the engagement `keep` (a UID) when it is shown.

        Blocks already shown are kept: those whose placement is unchanged stay where they are,
        the others move (an edit of one engagement moves its block, not the day's); only blocks
        of engagements new here are built. The lanes are measured again only if they changed.
        Beyond `BUILD_CHUNK` new blocks (the whole of a large visit), the rest are built in later
        turns of the event loop, a chunk at a time, so the window never freezes while they are.
        """
        self._rebuilding = True
        moved: list[EngagementBlock] = []
        self._pending, self._keep = [], keep
        try:
            old, self.blocks = self.blocks, {}
            new = sum(1 for layout in layouts for p in layout.placements if p.row.uuid not in old)
            inline = new if new <= self.BUILD_CHUNK else self.BUILD_CHUNK
            old_columns = [(layout.day, layout.lanes[lane].key) for layout, lane in self.columns]
            self.layouts, self.home_tz = layouts, home_tz
            self.columns = [(layout, lane) for layout in layouts for lane in range(len(layout.lanes))]
            first = 0
            for layout in layouts:
                for placement in layout.placements:
                    uid = placement.row.uuid
                    column = first + placement.lane
                    block = old.pop(uid, None)
                    if block is None and inline == 0:
                        self._pending.append((layout, placement, column))
                        continue
                    if block is None:
                        inline -= 1
                        block = EngagementBlock(self, layout, placement, column)
                        self.addItem(block)
                        moved.append(block)
                    elif block.show_placement(layout, placement, column):
                        moved.append(block)
                    self.blocks[uid] = block
                    if block.isSelected() != (uid == keep):
                        block.setSelected(uid == keep)
                first += len(layout.lanes)
            for block in old.values():
                self.removeItem(block)
        finally:
            self._rebuilding = False
        same_lanes = old_columns == [(layout.day, layout.lanes[lane].key) for layout, lane in self.columns]
        if same_lanes and self._lane_weights() == self._weights:
            for block in moved:
                block.place()
            self._update_rect(repaint=False)  # the moved blocks repaint where they were and are
            self.laid_out.emit()  # the lane headers' titles may have changed
        else:
            self.relayout()
        self._mark_movements()
        self._selection_changed()
        if self._pending:
            QTimer.singleShot(0, self, self._build_pending)

    def set_movements(self, movements: tuple[Movement, ...]) -> None:
        """Mark these arrivals and departures on the days shown (at the day's edge)."""
        if movements != self.movements:
            self.movements = movements
            self._mark_movements()

    def _mark_movements(self) -> None:
        for marker in self.markers:
            self.removeItem(marker)
        self.markers = []
        first = 0
        for layout in self.layouts:
            last = first + len(layout.lanes) - 1
            for movement in self.movements:
                if 0 <= layout.offset_minutes(movement.at) < layout.minutes:
                    marker = MovementMarker(self, layout, first, last, movement)
                    self.addItem(marker)
                    marker.place()
                    self.markers.append(marker)
            first = last + 1

    def _build_pending(self) -> None:
        """Build the next chunk of the blocks `set_days` left for later."""
        chunk, self._pending = self._pending[: self.BUILD_CHUNK], self._pending[self.BUILD_CHUNK :]
        if not chunk:
            return
        self._rebuilding = True
        try:
            for layout, placement, column in chunk:
                block = EngagementBlock(self, layout, placement, column)
                self.addItem(block)
                self.blocks[placement.row.uuid] = block
                block.place()
                if placement.row.uuid == self._keep:
                    block.setSelected(True)
        finally:
            self._rebuilding = False
        if self._pending:
            QTimer.singleShot(0, self, self._build_pending)
        elif self._lane_weights() != self._weights:
            self.relayout()
        self._selection_changed()

    def building(self) -> bool:
        """Whether blocks are still being built (a chunk at a time)."""
        return bool(self._pending)

    def set_scale(self, pixels_per_hour: float) -> None:
        self.pixels_per_hour = pixels_per_hour
        self.relayout()

    def set_available_width(self, width: float) -> None:
        if abs(width - self._available_width) >= 1:
            self._available_width = width
            self.relayout()

    def set_marked(self, marked: dict[int, Severity]) -> None:
        if marked == self.marked:
            return  # nothing to repaint
        self.marked = dict(marked)
        for block in self.blocks.values():
            block.update()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Write the tooltip of the block under the pointer (blocks write theirs only when asked)."""
        for item in self.items(event.scenePos()):
            if isinstance(item, EngagementBlock):
                item.setToolTip(item.toolTip())
                break
        super().helpEvent(event)

    def relayout(self) -> None:
        self._update_lane_width()
        for block in self.blocks.values():
            block.place()
        for marker in self.markers:
            marker.place()
        self._update_rect()
        self.laid_out.emit()

    def _lane_weights(self) -> list[float]:
        """Relative column widths: a lane holding engagements side by side is wider."""
        widest = [1] * len(self.columns)
        for block in self.blocks.values():
            widest[block.column] = max(widest[block.column], block.placement.columns)
        return [min(1.0 + 0.6 * (c - 1), 2.2) for c in widest] or [1.0]

    def _update_lane_width(self) -> None:
        weights = self._weights = self._lane_weights()
        unit = max(self.MIN_LANE_WIDTH, self._available_width / sum(weights))
        self.lane_lefts = [0.0]
        for weight in weights:
            self.lane_lefts.append(self.lane_lefts[-1] + unit * weight)

    def _update_rect(self, repaint: bool = True) -> None:
        height = self.layout.hours * self.pixels_per_hour if self.layout else 0.0
        rect = QRectF(0, 0, max(self.lane_lefts[-1] if self.columns else 0.0, 1.0), max(height, 1.0))
        if rect != self.sceneRect():
            self.setSceneRect(rect)
            repaint = True
        if repaint:
            self.update()

    # -- coordinates ---------------------------------------------------------------------------
    def y_of(self, instant: datetime, layout: DayLayout | None = None) -> float:
        """Where `instant` is on the axis of `layout` (by default the first day's)."""
        layout = layout or self.layout
        assert layout is not None
        return layout.offset_hours(instant) * self.pixels_per_hour

    def y_at_minutes(self, minutes: float) -> float:
        return minutes / 60 * self.pixels_per_hour

    def minutes_at(self, y: float) -> float:
        return y / self.pixels_per_hour * 60

    def lane_x(self, lane: int) -> float:
        return self.lane_lefts[min(lane, len(self.lane_lefts) - 1)]

    def lane_width(self, lane: int) -> float:
        return self.lane_x(lane + 1) - self.lane_x(lane)

    def lane_at(self, x: float) -> int | None:
        """The column at `x` (the nearest one outside)."""
        if not self.columns:
            return None
        lane = bisect_right(self.lane_lefts, x) - 1
        return max(0, min(lane, len(self.columns) - 1))

    def lane_key(self, column: int) -> LaneKey:
        layout, lane = self.columns[column]
        return layout.lanes[lane].key

    def instant_at(self, column: int, y: float, step: int = SNAP_MINUTES) -> datetime:
        """The instant at `y` in `column`, snapped to `step` minutes."""
        layout = self.columns[column][0]
        return layout.at_minutes(snapped_top(self.minutes_at(y), step, layout.minutes, step))

    def placement_rect(self, column: int, placement: Placement) -> QRectF:
        layout = self.columns[column][0]
        width = (self.lane_width(column) - 2 * LANE_GAP) / placement.columns
        x = self.lane_x(column) + LANE_GAP + placement.column * width
        cached = placement.__dict__.get("_minutes")  # on the layout's axis, whatever the scale
        if cached is None or cached[0] is not layout:
            cached = (layout, layout.offset_minutes(placement.start), layout.offset_minutes(placement.end))
            placement.__dict__["_minutes"] = cached
        top, bottom = self.y_at_minutes(cached[1]), self.y_at_minutes(cached[2])
        return QRectF(x, top, width - (1 if placement.columns > 1 else 0), max(bottom - top, 2.0))

    def in_order(self) -> list[EngagementBlock]:
        """The blocks as the keyboard walks them: by start, then column, then side-by-side column."""
        return sorted(
            self.blocks.values(), key=lambda b: (b.placement.start, b.column, b.placement.column, b.row.title)
        )

    # -- selection -------------------------------------------------------------------------------
    def select(self, uid: str | None) -> bool:
        block = self.blocks.get(uid or "")
        if block is None:
            if uid is None:
                self.clearSelection()
            return False
        if not block.isSelected() or len(self.selectedItems()) != 1:
            self._rebuilding = True
            try:
                self.clearSelection()
                block.setSelected(True)
            finally:
                self._rebuilding = False
            self._selection_changed()
        return True

    def selected_block(self) -> EngagementBlock | None:
        for item in self.selectedItems():
            if isinstance(item, EngagementBlock):
                return item
        return None

    def selected_row(self) -> EngagementRow | None:
        block = self.selected_block()
        return block.row if block else None

    def _selection_changed(self) -> None:
        if self._rebuilding:
            return
        block = self.selected_block()
        uid = block.row.uuid if block else None
        if uid != self._current:
            self._current = uid
            self.current_changed.emit(uid)

    def step_selection(self, step: int, wrap: bool = False) -> bool:
        """Select the next (`step` 1) or previous (-1) engagement in time order; False at the end."""
        order = [block.row.uuid for block in self.in_order()]
        if not order:
            return False
        current = self.selected_row()
        if current is None or current.uuid not in order:
            target = order[0] if step > 0 else order[-1]
        else:
            number = order.index(current.uuid) + step
            if not 0 <= number < len(order):
                if not wrap:
                    return False
                number %= len(order)
            target = order[number]
        return self.select(target)

    def step_lane(self, step: int) -> bool:
        """Select the engagement nearest in time of day in the next column with any (`step` 1
        right, -1 left)."""
        current = self.blocks.get(self._current or "")
        if current is None:
            return self.step_selection(1)
        column = current.column + step
        while 0 <= column < len(self.columns):
            here = [b for b in self.blocks.values() if b.column == column]
            if here:
                best = min(here, key=lambda b: abs(b.y() - current.y()))
                return self.select(best.row.uuid)
            column += step
        return False

    # -- requests ----------------------------------------------------------------------------------
    def request_move(self, row: EngagementRow, delta: timedelta, lane: LaneKey) -> None:
        QTimer.singleShot(0, lambda: self.move_requested.emit(row, delta, lane))

    def request_resize(self, row: EngagementRow, end: datetime) -> None:
        QTimer.singleShot(0, lambda: self.resize_requested.emit(row, end))

    def request_activate(self, row: EngagementRow) -> None:
        QTimer.singleShot(0, lambda: self.activated.emit(row))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if (
            self.layout is not None
            and event.button() == Qt.MouseButton.LeftButton
            and not any(isinstance(i, EngagementBlock) for i in self.items(event.scenePos()))
        ):
            lane = self.lane_at(event.scenePos().x())
            if lane is not None and 0 <= event.scenePos().y() <= self.sceneRect().height():
                start = self.instant_at(lane, event.scenePos().y(), 15)
                key = self.lane_key(lane)
                QTimer.singleShot(0, lambda: self.new_requested.emit(start, key))
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    # -- background ----------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        painter.fillRect(rect, paper())
        layout = self.layout
        if layout is None:
            return
        height = self.sceneRect().height()
        width = self.sceneRect().width()
        # night hours, by local wall-clock time
        for tick in layout.ticks(60):
            local_hour = tick.astimezone(layout.tz).hour
            if local_hour < DAY_SHADE[0] or local_hour >= DAY_SHADE[1]:
                top = self.y_of(tick)
                painter.fillRect(QRectF(0, top, width, min(self.pixels_per_hour, height - top)), colour(NIGHT))
        for lane in range(1, len(self.columns), 2):
            painter.fillRect(QRectF(self.lane_x(lane), 0, self.lane_width(lane), height), colour(STRIPE))
        painter.setPen(QPen(colour(HALF_GRID), 1))
        if self.pixels_per_hour >= 60:
            for tick in layout.ticks(30)[1::2]:
                y = round(self.y_of(tick)) + 0.5
                if rect.top() - 1 <= y <= rect.bottom() + 1:
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(colour(GRID), 1))
        for tick in layout.ticks(60):
            y = round(self.y_of(tick)) + 0.5
            if rect.top() - 1 <= y <= rect.bottom() + 1:
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(colour(CHROME_LINE), 1))
        for lane in range(1, len(self.columns) + 1):
            x = round(self.lane_x(lane)) - 0.5
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        if self.layout is None or self.blocks:
            return
        painter.setPen(colour(MUTED))
        views = self.views()
        visible = views[0].mapToScene(views[0].viewport().rect()).boundingRect() if views else rect
        painter.drawText(visible, Qt.AlignmentFlag.AlignCenter, self.EMPTY_TEXT)


class VisitScene(TimelineScene):
    """The visit's days side by side, one column each (see `lay_out_visit`), narrow enough for
    five days on a 1024-pixel screen; the same blocks and gestures, a drop on another day
    moving the engagement there."""

    MIN_LANE_WIDTH = 96.0
    EMPTY_TEXT = "No engagements in this visit.\nDouble-click a day to add one."

    def _lane_weights(self) -> list[float]:
        return [1.0] * max(len(self.columns), 1)
