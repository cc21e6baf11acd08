"""An engagement on the day timeline: a block to drag across lanes, resize, open and cancel, with
the timeline's colours."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.formatting import time_span, zone_label
from visitplanner.domain.gestures import accepts, snapped_bottom, snapped_top
from visitplanner.ui.itinerary.layout import DayLayout, Placement
from visitplanner.ui.style import (
    ERROR,
    FOCUS,
    MUTED,
    SEVERITIES,
    TEXT,
    cancelled_colours,
    colour,
    css,
    kind_colours,
    paper,
)

if TYPE_CHECKING:
    from visitplanner.ui.itinerary.scene import TimelineScene

LANE_GAP = 3.0
RESIZE_HANDLE = 6.0


def attendees_text(count: int) -> str:
    return "no attendees" if count == 0 else "1 attendee" if count == 1 else f"{count} attendees"


class EngagementBlock(QGraphicsItem):
    """One engagement on the timeline; drag to move (snapping to 5 minutes, across lanes and
    days), drag the bottom edge to resize, double-click to edit.

    Attributes:
        layout: the day it is on.
        placement: where the layout put it.
        column: the scene's column it is in.
        row: the engagement.
    """

    def __init__(self, timeline: TimelineScene, layout: DayLayout, placement: Placement, column: int) -> None:
        super().__init__()
        self.timeline = timeline
        self.layout = layout
        self.placement = placement
        self.column = column
        self.row = placement.row
        self._size = (0.0, 0.0)
        self._press: QPointF | None = None
        self._origin = QPointF()
        self._origin_size = (0.0, 0.0)
        self._mode = "move"
        self._dragging = False
        self._target_lane = column
        self._target_minutes = (0, 0)  # preview (top, bottom) in minutes into the day
        self._valid = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)

    def show_placement(self, layout: DayLayout, placement: Placement, column: int) -> bool:
        """Show the engagement as laid out again (after an edit); returns whether it changed (then
        the scene places it again)."""
        changed = (
            placement != self.placement
            or column != self.column
            or (layout.day, layout.tz, layout.wall_clock) != (self.layout.day, self.layout.tz, self.layout.wall_clock)
        )
        self.layout, self.placement, self.column, self.row = layout, placement, column, placement.row
        if changed:
            self.update()
        return changed

    def toolTip(self) -> str:
        """The tooltip, written when asked for (the scene asks on hover): a visit has thousands of
        blocks, and writing every tooltip when they are built cost more than building them."""
        return self._tooltip()

    # -- geometry ------------------------------------------------------------------------------
    @property
    def top_minutes(self) -> int:
        return round(self.layout.offset_minutes(self.placement.start))

    @property
    def bottom_minutes(self) -> int:
        return round(self.layout.offset_minutes(self.placement.end))

    def place(self) -> None:
        """Put the block where its placement says (after a relayout or a refused drop)."""
        self.set_rect(self.timeline.placement_rect(self.column, self.placement))

    def _moved_by(self, top: int) -> timedelta:
        """How far a move puts the block when its top is dropped `top` minutes into the day of
        the target column."""
        return self.timeline.columns[self._target_lane][0].at_minutes(top) - self.placement.start

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
        tz, home = self.layout.tz, timeline.home_tz
        lines = [
            f"<b>{escape(row.title)}</b>",
            f"{escape(row.kind.label)} · {escape(row.status.label)}",
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
                f"<span style='color:{css(SEVERITIES[severity])}'>Check: {escape(severity.label.lower())}</span>"
            )
        lines.append(f"<span style='color:{css(MUTED)}'>Double-click to edit · drag to move · Delete cancels</span>")
        return "<br>".join(lines)

    def _times(self) -> tuple[datetime, datetime]:
        if self._dragging:
            top, bottom = self._target_minutes
            if self._mode == "move":
                delta = self._moved_by(top)
                return self.row.start + delta, self.row.end + delta
            start, end = self.layout.at_minutes(top), self.layout.at_minutes(bottom)
            return self.row.start if not self.placement.clipped_start else start, end
        return self.row.start, self.row.end

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        row = self.row
        rect = self.shape_rect().adjusted(0.5, 0.5, -0.5, -1.0)
        if rect.height() <= 0 or rect.width() <= 0:
            return
        cancelled = row.status is EngagementStatus.CANCELLED
        fill, outline = cancelled_colours() if cancelled else kind_colours(row.kind)
        radius = min(5.0, rect.height() / 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selected = self.isSelected()
        if selected:
            painter.setPen(QPen(colour(FOCUS), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), radius + 1.5, radius + 1.5)
        painter.setBrush(fill)
        pen = QPen(outline, 1.2)
        if row.status is EngagementStatus.TENTATIVE:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.4)
        if self._dragging and not self._valid:
            pen = QPen(colour(ERROR), 2.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, radius, radius)
        # the kind's accent bar on the left
        if rect.width() > 12 and not cancelled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(outline)
            bar = QRectF(rect.left() + 1, rect.top() + 1, 3.5, rect.height() - 2)
            painter.drawRoundedRect(bar, 1.5, 1.5)
        self._paint_text(painter, rect, cancelled)
        severity = self.timeline.marked.get(row.id)
        if severity:
            centre = QPointF(rect.right() - 7, rect.top() + min(7.0, rect.height() / 2))
            painter.setPen(QPen(paper(), 1.5))
            painter.setBrush(colour(SEVERITIES[severity]))
            painter.drawEllipse(centre, 4.5, 4.5)

    def _paint_text(self, painter: QPainter, rect: QRectF, cancelled: bool) -> None:
        row, layout = self.row, self.layout
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
        faint = cancelled_colours()[1]
        text_colour = faint if cancelled else colour(TEXT)
        muted = faint if cancelled else colour(MUTED)
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
            painter.setPen(text_colour)
            painter.drawText(
                QPointF(text_rect.left() + offset, baseline),
                bold_metrics.elidedText(row.title + status, Qt.TextElideMode.ElideRight, text_rect.width() - offset),
            )
            painter.restore()
            return
        lines: list[tuple[QFont, QFontMetricsF, QColor, str]] = [
            (title_font, title_metrics, text_colour, row.title),
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
        self._target_lane = self.column
        self._target_minutes = (self.top_minutes, self.bottom_minutes)
        self._valid = True
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press is None:
            return
        delta = event.scenePos() - self._press
        if not self._dragging:
            if delta.manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
            self.setZValue(10)
            self.setCursor(Qt.CursorShape.SizeVerCursor if self._mode == "resize" else Qt.CursorShape.ClosedHandCursor)
        timeline = self.timeline
        top, bottom = self.top_minutes, self.bottom_minutes
        if self._mode == "move":
            length = bottom - top
            lane = timeline.lane_at(event.scenePos().x())
            self._target_lane = self.column if lane is None else lane
            day_minutes = timeline.columns[self._target_lane][0].minutes
            new_top = snapped_top(timeline.minutes_at(self._origin.y() + delta.y()), length, day_minutes)
            self._valid = accepts(timeline.lane_key(self._target_lane), self.row.kind)
            self._target_minutes = (new_top, new_top + length)
            x, width = timeline.lane_x(self._target_lane), timeline.lane_width(self._target_lane)
            if self._target_lane == self.column:
                rect = timeline.placement_rect(self.column, self.placement)
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
            bottom_y = self._origin.y() + self._origin_size[1] + delta.y()
            new_bottom = snapped_bottom(timeline.minutes_at(bottom_y), top, self.layout.minutes)
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
        if not dragging:
            return
        top, bottom = self._target_minutes
        if self._mode == "move":
            delta = self._moved_by(top)
            if not self._valid or (not delta and self._target_lane == self.column):
                self.place()
                return
            self.timeline.request_move(self.row, delta, self.timeline.lane_key(self._target_lane))
        else:
            new_end = self.layout.at_minutes(bottom)
            if new_end == self.row.end:
                self.place()
                return
            self.timeline.request_resize(self.row, new_end)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.timeline.request_activate(self.row)
        event.accept()
