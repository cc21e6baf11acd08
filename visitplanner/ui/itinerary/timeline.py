"""The day timeline: venue lanes and a transfer lane on a real-time axis, with blocks to drag,
resize, open and cancel, a sticky lane header and local and home time axes."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.formatting import time_span, zone_label
from visitplanner.services.reads.itinerary import EngagementRow
from visitplanner.ui.itinerary.layout import (
    SNAP_MINUTES,
    DayLayout,
    LaneKey,
    Placement,
    accepts,
    snap_minutes,
)
from visitplanner.ui.models.engagements import CANCELLED_COLOURS, KIND_COLOURS, SEVERITY_COLOURS

BASE_PIXELS_PER_HOUR = 80.0
MIN_LANE_WIDTH = 170.0
LANE_GAP = 3.0
RESIZE_HANDLE = 6.0
HEADER_HEIGHT = 44
LOCAL_AXIS_WIDTH = 60
HOME_AXIS_WIDTH = 70
AXIS_WIDTH = LOCAL_AXIS_WIDTH + HOME_AXIS_WIDTH
DAY_SHADE = (7, 22)  # local hours outside which the background is shaded as night

GRID = QColor("#DDE1E6")
HALF_GRID = QColor("#EEF0F3")
NIGHT = QColor("#F1F3F6")
LANE_ALT = QColor("#FBFCFD")
TEXT = QColor("#1F2933")
MUTED = QColor("#5F6B76")
FOCUS = QColor("#1E6FC2")
INVALID = QColor("#C62828")
CHROME = QColor("#F4F5F7")
CHROME_LINE = QColor("#D5D9DE")


def attendees_text(count: int) -> str:
    return "no attendees" if count == 0 else "1 attendee" if count == 1 else f"{count} attendees"


class EngagementBlock(QGraphicsItem):
    """One engagement on the timeline; drag to move (snapping to 5 minutes, across lanes), drag
    the bottom edge to resize, double-click to edit.

    Attributes:
        placement: where the layout put it.
        row: the engagement.
    """

    def __init__(self, timeline: TimelineScene, placement: Placement) -> None:
        super().__init__()
        self.timeline = timeline
        self.placement = placement
        self.row = placement.row
        self._size = (0.0, 0.0)
        self._press: QPointF | None = None
        self._origin = QPointF()
        self._origin_size = (0.0, 0.0)
        self._mode = "move"
        self._dragging = False
        self._target_lane = placement.lane
        self._target_minutes = (0, 0)  # preview (top, bottom) in minutes into the day
        self._valid = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setToolTip(self._tooltip())

    # -- geometry ------------------------------------------------------------------------------
    @property
    def top_minutes(self) -> int:
        layout = self.timeline.layout
        assert layout is not None
        return round((self.placement.start - layout.start).total_seconds() / 60)

    @property
    def bottom_minutes(self) -> int:
        layout = self.timeline.layout
        assert layout is not None
        return round((self.placement.end - layout.start).total_seconds() / 60)

    def place(self) -> None:
        """Put the block where its placement says (after a relayout or a refused drop)."""
        rect = self.timeline.placement_rect(self.placement)
        self.set_rect(rect)

    def set_rect(self, rect: QRectF) -> None:
        if (rect.width(), rect.height()) != self._size:
            self.prepareGeometryChange()
            self._size = (rect.width(), rect.height())
        self.setPos(rect.topLeft())
        self.update()

    def boundingRect(self) -> QRectF:
        width, height = self._size
        return QRectF(-2, -2, width + 4, height + 4)

    def shape_rect(self) -> QRectF:
        width, height = self._size
        return QRectF(0, 0, width, height)

    def _resizable(self) -> bool:
        return not self.placement.clipped_end

    def _on_bottom_edge(self, y: float) -> bool:
        height = self._size[1]
        return self._resizable() and height - min(RESIZE_HANDLE, height / 3) <= y <= height + 1

    # -- painting ------------------------------------------------------------------------------
    def _tooltip(self) -> str:
        row, timeline = self.row, self.timeline
        tz = timeline.layout.tz if timeline.layout else ZoneInfo("UTC")
        home = timeline.home_tz
        lines = [
            f"<b>{escape(row.title)}</b>",
            f"{escape(row.kind.label)} · {escape(row.status.value.capitalize())}",
            f"{time_span(row.start, row.end, tz)} local"
            f" · {escape(zone_label(home.key))} {escape(time_span(row.start, row.end, home))}",
        ]
        if row.place:
            lines.append(escape(row.place))
        if row.vehicle_label:
            lines.append(f"Vehicle: {escape(row.vehicle_label)}")
        if row.attendee_names:
            names = ", ".join(row.attendee_names[:6]) + (" …" if len(row.attendee_names) > 6 else "")
            lines.append(f"{escape(attendees_text(row.attendee_count))}: {escape(names)}")
        severity = timeline.marked.get(row.id)
        if severity:
            lines.append(
                f"<span style='color:{SEVERITY_COLOURS.get(severity, '#1E6FC2')}'>Check: {escape(severity)}</span>"
            )
        lines.append("<span style='color:#5F6B76'>Double-click to edit · drag to move · Delete cancels</span>")
        return "<br>".join(lines)

    def _times(self) -> tuple[datetime, datetime]:
        if self._dragging and self.timeline.layout is not None:
            top, bottom = self._target_minutes
            start = self.timeline.layout.at_minutes(top)
            end = self.timeline.layout.at_minutes(bottom)
            if self._mode == "move":
                delta = timedelta(minutes=top - self.top_minutes)
                return self.row.start + delta, self.row.end + delta
            return self.row.start if not self.placement.clipped_start else start, end
        return self.row.start, self.row.end

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        row = self.row
        rect = self.shape_rect().adjusted(0.5, 0.5, -0.5, -1.0)
        if rect.height() <= 0 or rect.width() <= 0:
            return
        cancelled = row.status is EngagementStatus.CANCELLED
        fill, outline = CANCELLED_COLOURS if cancelled else KIND_COLOURS[row.kind]
        radius = min(5.0, rect.height() / 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selected = self.isSelected()
        if selected:
            painter.setPen(QPen(FOCUS, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), radius + 1.5, radius + 1.5)
        painter.setBrush(QColor(fill))
        pen = QPen(QColor(outline), 1.2)
        if row.status is EngagementStatus.TENTATIVE:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.4)
        if self._dragging and not self._valid:
            pen = QPen(INVALID, 2.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, radius, radius)
        # the kind's accent bar on the left
        if rect.width() > 12 and not cancelled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(outline))
            bar = QRectF(rect.left() + 1, rect.top() + 1, 3.5, rect.height() - 2)
            painter.drawRoundedRect(bar, 1.5, 1.5)
        self._paint_text(painter, rect, cancelled)
        severity = self.timeline.marked.get(row.id)
        if severity:
            centre = QPointF(rect.right() - 7, rect.top() + min(7.0, rect.height() / 2))
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(QColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"])))
            painter.drawEllipse(centre, 4.5, 4.5)

    def _paint_text(self, painter: QPainter, rect: QRectF, cancelled: bool) -> None:
        row = self.row
        layout = self.timeline.layout
        if layout is None:
            return
        base = QApplication.font()
        title_font = QFont(base)
        title_font.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7.0))
        for font in (title_font, small):
            font.setStrikeOut(cancelled)
        title_metrics, small_metrics = QFontMetricsF(title_font), QFontMetricsF(small)
        text_rect = rect.adjusted(8, 1, -(14 if self.timeline.marked.get(row.id) else 5), -1)
        if text_rect.width() < 12 or rect.height() < 7:
            return
        start, end = self._times()
        span = time_span(start, end, layout.tz, layout.day)
        home = self.timeline.home_tz
        colour = QColor(CANCELLED_COLOURS[1]) if cancelled else TEXT
        muted = QColor(CANCELLED_COLOURS[1]) if cancelled else MUTED
        status = " · cancelled" if cancelled else " · tentative" if row.status is EngagementStatus.TENTATIVE else ""
        y = text_rect.top()
        if text_rect.height() < title_metrics.height() + small_metrics.height():
            # a short block: one line, "10:20 Title", in the small font, clipped to the block
            small_bold = QFont(small)
            small_bold.setBold(True)
            bold_metrics = QFontMetricsF(small_bold)
            painter.save()
            painter.setClipRect(rect.adjusted(1, -3, -1, 3))  # a little overflow beats cut-off glyphs
            baseline = rect.center().y() + (small_metrics.ascent() - small_metrics.descent()) / 2
            first = f"{start.astimezone(layout.tz):%H:%M} "
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(QPointF(text_rect.left(), baseline), first)
            offset = small_metrics.horizontalAdvance(first)
            painter.setFont(small_bold)
            painter.setPen(colour)
            painter.drawText(
                QPointF(text_rect.left() + offset, baseline),
                bold_metrics.elidedText(row.title + status, Qt.TextElideMode.ElideRight, text_rect.width() - offset),
            )
            painter.restore()
            return
        lines: list[tuple[QFont, QFontMetricsF, QColor, str]] = [
            (title_font, title_metrics, colour, row.title),
            (small, small_metrics, muted, f"{span} · {attendees_text(row.attendee_count)}{status}"),
        ]
        if row.is_transfer:
            lines.append(
                (small, small_metrics, muted, row.place + (f" · {row.vehicle_label}" if row.vehicle_label else ""))
            )
        elif row.room_name:
            lines.append((small, small_metrics, muted, row.room_name))
        lines.append((small, small_metrics, muted, f"{zone_label(home.key)} {time_span(start, end, home)}"))
        for font, metrics, pen, text in lines:
            if y + metrics.height() > text_rect.bottom() + 1:
                break
            painter.setFont(font)
            painter.setPen(pen)
            painter.drawText(
                QPointF(text_rect.left(), y + metrics.ascent()),
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
            y += metrics.height()

    # -- mouse -----------------------------------------------------------------------------------
    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setCursor(
            Qt.CursorShape.SizeVerCursor if self._on_bottom_edge(event.pos().y()) else Qt.CursorShape.ArrowCursor
        )
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.timeline.select(self.row.uuid)
        if event.button() != Qt.MouseButton.LeftButton:
            event.accept()
            return
        self._press = event.scenePos()
        self._origin = QPointF(self.pos())
        self._origin_size = self._size
        self._mode = "resize" if self._on_bottom_edge(event.pos().y()) else "move"
        self._dragging = False
        self._target_lane = self.placement.lane
        self._target_minutes = (self.top_minutes, self.bottom_minutes)
        self._valid = True
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None or self.timeline.layout is None:
            return
        delta = event.scenePos() - self._press
        if not self._dragging:
            if delta.manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
            self.setZValue(10)
            self.setCursor(Qt.CursorShape.SizeVerCursor if self._mode == "resize" else Qt.CursorShape.ClosedHandCursor)
        timeline = self.timeline
        layout = timeline.layout
        assert layout is not None
        top, bottom = self.top_minutes, self.bottom_minutes
        if self._mode == "move":
            length = bottom - top
            new_top = snap_minutes(timeline.minutes_at(self._origin.y() + delta.y()))
            new_top = max(0, min(new_top, layout.minutes - length))
            lane = timeline.lane_at(event.scenePos().x())
            self._target_lane = self.placement.lane if lane is None else lane
            self._valid = accepts(layout.lanes[self._target_lane].key, self.row)
            self._target_minutes = (new_top, new_top + length)
            x, width = timeline.lane_x(self._target_lane), timeline.lane_width(self._target_lane)
            if self._target_lane == self.placement.lane:
                rect = timeline.placement_rect(self.placement)
                x, width = rect.x(), rect.width()
            else:
                x, width = x + LANE_GAP, width - 2 * LANE_GAP
            self.set_rect(
                QRectF(
                    x,
                    timeline.y_at_minutes(new_top),
                    width,
                    timeline.y_at_minutes(new_top + length) - timeline.y_at_minutes(new_top),
                )
            )
            self.setCursor(Qt.CursorShape.ClosedHandCursor if self._valid else Qt.CursorShape.ForbiddenCursor)
        else:
            new_bottom = snap_minutes(timeline.minutes_at(self._origin.y() + self._origin_size[1] + delta.y()))
            new_bottom = max(top + SNAP_MINUTES, min(new_bottom, layout.minutes))
            self._target_minutes = (top, new_bottom)
            self.set_rect(
                QRectF(
                    self._origin.x(),
                    self._origin.y(),
                    self._origin_size[0],
                    timeline.y_at_minutes(new_bottom) - timeline.y_at_minutes(top),
                )
            )
        self.update()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        dragging, self._dragging = self._dragging, False
        self._press = None
        self.setZValue(0)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        layout = self.timeline.layout
        if not dragging or layout is None:
            return
        top, bottom = self._target_minutes
        if self._mode == "move":
            delta = timedelta(minutes=top - self.top_minutes)
            lane = layout.lanes[self._target_lane].key
            if not self._valid or (not delta and self._target_lane == self.placement.lane):
                self.place()
                return
            self.timeline.request_move(self.row, delta, lane)
        else:
            new_end = layout.at_minutes(bottom)
            if new_end == self.row.end:
                self.place()
                return
            self.timeline.request_resize(self.row, new_end)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.timeline.request_activate(self.row)
        event.accept()


class TimelineScene(QGraphicsScene):
    """The scene of one day: lanes across, real time down.

    Requests are emitted after the event that caused them has been handled (the tab may reload
    and so delete the blocks).

    Attributes:
        layout: the day shown (None when there is none).
        home_tz: the delegation's home zone (second axis, block text).
        pixels_per_hour: vertical scale.
        lane_lefts: where each lane starts, and where the last one ends (lanes holding
            engagements side by side are wider).
        blocks: engagement UID to its block.
        marked: engagement id to the severity of a check finding ("error", "warning", "info").

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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout: DayLayout | None = None
        self.home_tz = ZoneInfo("UTC")
        self.pixels_per_hour = BASE_PIXELS_PER_HOUR
        self.lane_lefts: list[float] = [0.0, MIN_LANE_WIDTH]
        self._available_width = 0.0
        self.blocks: dict[str, EngagementBlock] = {}
        self.marked: dict[int, str] = {}
        self._rebuilding = False
        self._current: str | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.selectionChanged.connect(self._selection_changed)

    # -- content -----------------------------------------------------------------------------
    def set_day(self, layout: DayLayout | None, home_tz: ZoneInfo, keep: str | None = None) -> None:
        """Show `layout`, selecting the engagement `keep` (a UID) when it is on the day."""
        self._rebuilding = True
        try:
            for block in self.blocks.values():
                self.removeItem(block)
            self.blocks = {}
            self.layout, self.home_tz = layout, home_tz
            self._update_lane_width()
            if layout is not None:
                for placement in layout.placements:
                    block = EngagementBlock(self, placement)
                    self.blocks[placement.row.uuid] = block
                    self.addItem(block)
                    block.place()
                    if placement.row.uuid == keep:
                        block.setSelected(True)
        finally:
            self._rebuilding = False
        self._update_rect()
        self._selection_changed()
        self.laid_out.emit()

    def set_scale(self, pixels_per_hour: float) -> None:
        self.pixels_per_hour = pixels_per_hour
        self.relayout()

    def set_available_width(self, width: float) -> None:
        if abs(width - self._available_width) >= 1:
            self._available_width = width
            self.relayout()

    def set_marked(self, marked: dict[int, str]) -> None:
        self.marked = dict(marked)
        for block in self.blocks.values():
            block.setToolTip(block._tooltip())
            block.update()

    def relayout(self) -> None:
        self._update_lane_width()
        for block in self.blocks.values():
            block.place()
        self._update_rect()
        self.laid_out.emit()

    def _update_lane_width(self) -> None:
        weights = [1.0]
        if self.layout is not None and self.layout.lanes:
            columns = [1] * len(self.layout.lanes)
            for placement in self.layout.placements:
                columns[placement.lane] = max(columns[placement.lane], placement.columns)
            weights = [min(1.0 + 0.6 * (c - 1), 2.2) for c in columns]
        unit = max(MIN_LANE_WIDTH, self._available_width / sum(weights))
        self.lane_lefts = [0.0]
        for weight in weights:
            self.lane_lefts.append(self.lane_lefts[-1] + unit * weight)

    def _update_rect(self) -> None:
        lanes = len(self.layout.lanes) if self.layout else 0
        height = self.layout.hours * self.pixels_per_hour if self.layout else 0.0
        self.setSceneRect(QRectF(0, 0, max(self.lane_lefts[-1] if lanes else 0.0, 1.0), max(height, 1.0)))
        self.update()

    # -- coordinates ---------------------------------------------------------------------------
    def y_of(self, instant: datetime) -> float:
        assert self.layout is not None
        return self.layout.offset_hours(instant) * self.pixels_per_hour

    def y_at_minutes(self, minutes: float) -> float:
        return minutes / 60 * self.pixels_per_hour

    def minutes_at(self, y: float) -> float:
        return y / self.pixels_per_hour * 60

    def lane_x(self, lane: int) -> float:
        return self.lane_lefts[min(lane, len(self.lane_lefts) - 1)]

    def lane_width(self, lane: int) -> float:
        return self.lane_x(lane + 1) - self.lane_x(lane)

    def lane_at(self, x: float) -> int | None:
        if self.layout is None or not self.layout.lanes:
            return None
        lane = bisect_right(self.lane_lefts, x) - 1
        return max(0, min(lane, len(self.layout.lanes) - 1))

    def instant_at(self, y: float, step: int = SNAP_MINUTES) -> datetime:
        assert self.layout is not None
        minutes = max(0, min(snap_minutes(self.minutes_at(y), step), self.layout.minutes - step))
        return self.layout.at_minutes(minutes)

    def placement_rect(self, placement: Placement) -> QRectF:
        width = (self.lane_width(placement.lane) - 2 * LANE_GAP) / placement.columns
        x = self.lane_x(placement.lane) + LANE_GAP + placement.column * width
        top, bottom = self.y_of(placement.start), self.y_of(placement.end)
        return QRectF(x, top, width - (1 if placement.columns > 1 else 0), max(bottom - top, 2.0))

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
        if self.layout is None or not self.layout.placements:
            return False
        order = [p.row.uuid for p in self.layout.in_order()]
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
        """Select the engagement nearest in time in the next lane with any (`step` 1 right, -1 left)."""
        if self.layout is None:
            return False
        current = self.layout.placement(self._current or "")
        if current is None:
            return self.step_selection(1)
        lane = current.lane + step
        while 0 <= lane < len(self.layout.lanes):
            here = [p for p in self.layout.placements if p.lane == lane]
            if here:
                best = min(here, key=lambda p: abs((p.start - current.start).total_seconds()))
                return self.select(best.row.uuid)
            lane += step
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
                start = self.instant_at(event.scenePos().y(), 15)
                key = self.layout.lanes[lane].key
                QTimer.singleShot(0, lambda: self.new_requested.emit(start, key))
                event.accept()
                return
        super().mouseDoubleClickEvent(event)

    # -- background ----------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        painter.fillRect(rect, QColor("white"))
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
                painter.fillRect(QRectF(0, top, width, min(self.pixels_per_hour, height - top)), NIGHT)
        for lane in range(1, len(layout.lanes), 2):
            painter.fillRect(QRectF(self.lane_x(lane), 0, self.lane_width(lane), height), QColor(0, 0, 0, 6))
        painter.setPen(QPen(HALF_GRID, 1))
        if self.pixels_per_hour >= 60:
            for tick in layout.ticks(30)[1::2]:
                y = round(self.y_of(tick)) + 0.5
                if rect.top() - 1 <= y <= rect.bottom() + 1:
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(GRID, 1))
        for tick in layout.ticks(60):
            y = round(self.y_of(tick)) + 0.5
            if rect.top() - 1 <= y <= rect.bottom() + 1:
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(QPen(CHROME_LINE, 1))
        for lane in range(1, len(layout.lanes) + 1):
            x = round(self.lane_x(lane)) - 0.5
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        layout = self.layout
        if layout is None or layout.placements:
            return
        painter.setPen(MUTED)
        views = self.views()
        visible = views[0].mapToScene(views[0].viewport().rect()).boundingRect() if views else rect
        painter.drawText(
            visible, Qt.AlignmentFlag.AlignCenter, "No engagements on this day.\nDouble-click a lane to add one."
        )


class LaneHeader(QWidget):
    """The sticky lane names above the timeline (kept in step with horizontal scrolling)."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def lane_at(self, x: int) -> int | None:
        scene = self.view.timeline
        if scene.layout is None:
            return None
        point = self.view.mapToScene(QPoint(x, 0))
        if not 0 <= point.x() < scene.sceneRect().width():
            return None
        return scene.lane_at(point.x())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            lane = self.lane_at(event.pos().x())
            layout = self.view.timeline.layout
            if lane is not None and layout is not None:
                title = layout.lanes[lane].title
                text = (
                    f"{title}: engagements here take place at this venue"
                    if not layout.lanes[lane].is_transfer
                    else "Transfers between venues (drag transfers only within this lane)"
                )
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), CHROME)
        painter.setPen(CHROME_LINE)
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        scene = self.view.timeline
        layout = scene.layout
        if layout is None:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
        counts = [0] * len(layout.lanes)
        for placement in layout.placements:
            counts[placement.lane] += 1
        for number, lane in enumerate(layout.lanes):
            left = self.view.mapFromScene(QPointF(scene.lane_x(number), 0)).x()
            right = self.view.mapFromScene(QPointF(scene.lane_x(number + 1), 0)).x()
            if right < 0 or left > self.width():
                continue
            box = QRectF(left + 8, 5, right - left - 14, self.height() - 10)
            title = QFont(bold)
            title.setItalic(lane.is_transfer)
            painter.setFont(title)
            painter.setPen(TEXT)
            metrics = QFontMetricsF(title)
            painter.drawText(
                QPointF(box.left(), box.top() + metrics.ascent()),
                metrics.elidedText(lane.title, Qt.TextElideMode.ElideRight, box.width()),
            )
            count = f"{counts[number]} engagement{'s' if counts[number] != 1 else ''}"
            sub = f"{lane.subtitle} · {count}" if lane.subtitle else count
            painter.setFont(small)
            painter.setPen(MUTED)
            small_metrics = QFontMetricsF(small)
            painter.drawText(
                QPointF(box.left(), box.top() + metrics.height() + small_metrics.ascent()),
                small_metrics.elidedText(sub, Qt.TextElideMode.ElideRight, box.width()),
            )
            painter.setPen(CHROME_LINE)
            painter.drawLine(int(right) - 1, 6, int(right) - 1, self.height() - 6)


class TimeAxis(QWidget):
    """The local and home time axes left of the timeline (kept in step with vertical scrolling),
    with the zone names in the corner above them."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), CHROME)
        painter.setPen(CHROME_LINE)
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        painter.drawLine(LOCAL_AXIS_WIDTH, HEADER_HEIGHT + 4, LOCAL_AXIS_WIDTH, self.height())
        scene = self.view.timeline
        layout = scene.layout
        if layout is None:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
        home = scene.home_tz
        # the corner: zone names and abbreviations
        painter.setClipRect(0, 0, self.width(), HEADER_HEIGHT)
        for left, width, zone, font, colour in (
            (0, LOCAL_AXIS_WIDTH, layout.tz, bold, TEXT),
            (LOCAL_AXIS_WIDTH, HOME_AXIS_WIDTH, home, bold, MUTED),
        ):
            painter.setFont(font)
            painter.setPen(colour)
            box = QRectF(left + 2, 5, width - 4, 18)
            name = QFontMetricsF(font).elidedText(zone_label(zone.key), Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)
            painter.setFont(small)
            painter.setPen(MUTED)
            first, last = (
                layout.start.astimezone(zone).tzname() or "",
                (layout.end - timedelta(seconds=1)).astimezone(zone).tzname() or "",
            )
            painter.drawText(
                QRectF(left + 2, 23, width - 4, 16),
                Qt.AlignmentFlag.AlignHCenter,
                first if first == last else f"{first}→{last}",
            )
        painter.setPen(CHROME_LINE)
        painter.drawLine(0, HEADER_HEIGHT - 1, self.width(), HEADER_HEIGHT - 1)
        # the ticks
        painter.setClipRect(0, HEADER_HEIGHT, self.width(), self.height() - HEADER_HEIGHT)
        metrics = QFontMetricsF(small)
        previous_offset = None
        previous_home_day = None
        for tick in layout.ticks(60):
            local, there = tick.astimezone(layout.tz), tick.astimezone(home)
            y = HEADER_HEIGHT + self.view.mapFromScene(QPointF(0, scene.y_of(tick))).y()
            offset = local.utcoffset()
            changed = previous_offset is not None and offset != previous_offset
            previous_offset = offset
            home_label = f"{there:%H:%M}"
            if previous_home_day is None or there.date() != previous_home_day:
                home_label = f"{there:%a} {there:%H:%M}"
            previous_home_day = there.date()
            if y < HEADER_HEIGHT - 2 or y > self.height() + metrics.height():
                continue
            top = max(y - metrics.height() / 2, HEADER_HEIGHT + 1.0)
            painter.setPen(CHROME_LINE)
            painter.drawLine(QPointF(LOCAL_AXIS_WIDTH - 5, y), QPointF(LOCAL_AXIS_WIDTH, y))
            painter.drawLine(QPointF(self.width() - 5, y), QPointF(self.width(), y))
            painter.setFont(small)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(0, top, LOCAL_AXIS_WIDTH - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{local:%H:%M}",
            )
            if changed:
                painter.setPen(FOCUS)
                painter.drawText(
                    QRectF(0, top + metrics.height(), LOCAL_AXIS_WIDTH - 8, metrics.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    local.tzname() or "",
                )
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(LOCAL_AXIS_WIDTH, top, HOME_AXIS_WIDTH - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                home_label,
            )


class TimelineView(QGraphicsView):
    """Shows a `TimelineScene` with a sticky lane header and time axes; keyboard: Tab/arrows move
    the selection, Enter edits, Delete cancels, Alt+Up/Down moves by 5 minutes, Ctrl+wheel zooms.

    Signals:
        zoom_requested(int): +1 to zoom in, -1 to zoom out.
        cancel_requested(EngagementRow): Delete on the selected engagement.
        nudge_requested(EngagementRow, int): move the selected engagement by minutes.
        menu_requested(object, object, object, QPoint): the engagement under the pointer (or None),
            the time and lane key there, and the global position for a context menu.
    """

    zoom_requested = Signal(int)
    cancel_requested = Signal(object)
    nudge_requested = Signal(object, int)
    menu_requested = Signal(object, object, object, QPoint)

    HANDLED_KEYS = frozenset({Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2})

    def __init__(self, timeline: TimelineScene, parent: QWidget | None = None) -> None:
        super().__init__(timeline, parent)
        self.timeline = timeline
        self.setObjectName("itineraryTimeline")
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # zoom re-lays the scene out (no view transform); an anchor would only recentre on show
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # no background brush on the view: with one, Qt skips the scene's drawBackground (the grid)
        self.setViewportMargins(AXIS_WIDTH, HEADER_HEIGHT, 0, 0)
        self.setAccessibleName("Day timeline")
        self.header = LaneHeader(self)
        self.axis = TimeAxis(self)
        self._pending_minutes: float | None = None
        timeline.laid_out.connect(self._chrome_changed)
        timeline.current_changed.connect(self._ensure_selected_visible)

    # -- chrome ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.viewport().geometry()
        self.header.setGeometry(rect.left(), rect.top() - HEADER_HEIGHT, rect.width(), HEADER_HEIGHT)
        self.axis.setGeometry(
            rect.left() - AXIS_WIDTH, rect.top() - HEADER_HEIGHT, AXIS_WIDTH, rect.height() + HEADER_HEIGHT
        )
        self.timeline.set_available_width(self.viewport().width())
        self._apply_pending_scroll()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self.header.update()
        if dy:
            self.axis.update()

    def _chrome_changed(self) -> None:
        self.header.update()
        self.axis.update()

    def _ensure_selected_visible(self, uid: object) -> None:
        block = self.timeline.blocks.get(str(uid)) if uid else None
        if block is not None:
            self.ensureVisible(block.sceneBoundingRect(), 16, 24)

    def scroll_to_minutes(self, minutes: float) -> None:
        """Scroll so that `minutes` into the day is at the top (once the view is shown and sized)."""
        self._pending_minutes = minutes
        self._apply_pending_scroll()

    def _apply_pending_scroll(self) -> None:
        if self._pending_minutes is None:
            return
        self.verticalScrollBar().setValue(int(self.timeline.y_at_minutes(self._pending_minutes)))
        if self.isVisible() and self.viewport().height() > 0:
            self._pending_minutes = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._apply_pending_scroll)

    def first_visible_minutes(self) -> float:
        return self.timeline.minutes_at(self.mapToScene(QPoint(0, 0)).y())

    # -- input -----------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = event.angleDelta().y()
            if step:
                self.zoom_requested.emit(1 if step > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            mods = event.modifiers()
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                step = -1 if event.key() == Qt.Key.Key_Backtab or mods & Qt.KeyboardModifier.ShiftModifier else 1
                if self.timeline.step_selection(step):
                    return True
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._handles(event):
            event.accept()
            return True
        return super().event(event)

    def _handles(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == Qt.KeyboardModifier.AltModifier:
            return self.timeline.selected_row() is not None
        return (
            event.key() in self.HANDLED_KEYS
            and mods == Qt.KeyboardModifier.NoModifier
            and self.timeline.selected_row() is not None
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        row = self.timeline.selected_row()
        if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if row is not None:
                self.nudge_requested.emit(row, -SNAP_MINUTES if key == Qt.Key.Key_Up else SNAP_MINUTES)
            event.accept()
            return
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.timeline.step_selection(1 if key == Qt.Key.Key_Down else -1)
                event.accept()
                return
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.timeline.step_lane(1 if key == Qt.Key.Key_Right else -1)
                event.accept()
                return
            if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.timeline.layout is not None:
                order = self.timeline.layout.in_order()
                if order:
                    self.timeline.select((order[0] if key == Qt.Key.Key_Home else order[-1]).row.uuid)
                event.accept()
                return
            if row is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.timeline.activated.emit(row)
                event.accept()
                return
            if row is not None and key == Qt.Key.Key_Delete:
                self.cancel_requested.emit(row)
                event.accept()
                return
        if mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            self.zoom_requested.emit(-1 if key == Qt.Key.Key_Minus else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        scene = self.timeline
        if scene.layout is None:
            return
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            block = scene.selected_block()
            if block is None:
                return
            centre = block.sceneBoundingRect().center()
            global_pos = self.viewport().mapToGlobal(self.mapFromScene(centre))
            self.menu_requested.emit(
                block.row, block.row.start, scene.layout.lanes[block.placement.lane].key, global_pos
            )
            return
        point = self.mapToScene(event.pos())
        item = self.itemAt(event.pos())
        lane = scene.lane_at(point.x())
        key = scene.layout.lanes[lane].key if lane is not None else None
        if isinstance(item, EngagementBlock):
            self.menu_requested.emit(item.row, item.row.start, key, event.globalPos())
        elif key is not None and 0 <= point.y() <= scene.sceneRect().height():
            self.menu_requested.emit(None, scene.instant_at(point.y(), 15), key, event.globalPos())
