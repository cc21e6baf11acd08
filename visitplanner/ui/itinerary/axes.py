"""The timeline's chrome: the sticky lane header and the local and home time axes."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from visitplanner.domain.formatting import zone_label
from visitplanner.domain.gestures import ANY_LANE
from visitplanner.ui.style import CHROME, CHROME_LINE, FOCUS, MUTED, TEXT, colour

if TYPE_CHECKING:
    from visitplanner.ui.itinerary.view import TimelineView

HEADER_HEIGHT = 44
LOCAL_AXIS_WIDTH = 60
HOME_AXIS_WIDTH = 70
AXIS_WIDTH = LOCAL_AXIS_WIDTH + HOME_AXIS_WIDTH


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
                column, number = self.view.timeline.columns[lane]
                title = column.lanes[number].title
                text = (
                    "Transfers between venues (drag transfers only within this lane)"
                    if column.lanes[number].is_transfer
                    else f"{title}: drag an engagement here to move it to this day"
                    if column.lanes[number].key == ANY_LANE
                    else f"{title}: engagements here take place at this venue"
                )
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), colour(CHROME))
        painter.setPen(colour(CHROME_LINE))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        scene = self.view.timeline
        layout = scene.layout
        if layout is None:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7.0))
        counts = [0] * len(scene.columns)
        for block in scene.blocks.values():
            counts[block.column] += 1
        for number, (day, index) in enumerate(scene.columns):
            lane = day.lanes[index]
            left = self.view.mapFromScene(QPointF(scene.lane_x(number), 0)).x()
            right = self.view.mapFromScene(QPointF(scene.lane_x(number + 1), 0)).x()
            if right < 0 or left > self.width():
                continue
            box = QRectF(left + 8, 5, right - left - 14, self.height() - 10)
            title = QFont(bold)
            title.setItalic(lane.is_transfer)
            painter.setFont(title)
            painter.setPen(colour(TEXT))
            metrics = QFontMetricsF(title)
            painter.drawText(
                QPointF(box.left(), box.top() + metrics.ascent()),
                metrics.elidedText(lane.title, Qt.TextElideMode.ElideRight, box.width()),
            )
            count = f"{counts[number]} engagement{'s' if counts[number] != 1 else ''}"
            sub = f"{lane.subtitle} · {count}" if lane.subtitle else count
            painter.setFont(small)
            painter.setPen(colour(MUTED))
            small_metrics = QFontMetricsF(small)
            painter.drawText(
                QPointF(box.left(), box.top() + metrics.height() + small_metrics.ascent()),
                small_metrics.elidedText(sub, Qt.TextElideMode.ElideRight, box.width()),
            )
            painter.setPen(colour(CHROME_LINE))
            painter.drawLine(int(right) - 1, 6, int(right) - 1, self.height() - 6)


class TimeAxis(QWidget):
    """The local and home time axes left of the timeline (kept in step with vertical scrolling),
    with the zone names in the corner above them; the local axis alone when the view has no
    home axis."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), colour(CHROME))
        painter.setPen(colour(CHROME_LINE))
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        scene = self.view.timeline
        home_axis = self.view.home_axis
        if home_axis:
            painter.drawLine(LOCAL_AXIS_WIDTH, HEADER_HEIGHT + 4, LOCAL_AXIS_WIDTH, self.height())
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
        zones = [
            (0, LOCAL_AXIS_WIDTH, layout.tz, colour(TEXT)),
            (LOCAL_AXIS_WIDTH, HOME_AXIS_WIDTH, home, colour(MUTED)),
        ]
        for left, width, zone, pen in zones[: 2 if home_axis else 1]:
            painter.setFont(bold)
            painter.setPen(pen)
            box = QRectF(left + 2, 5, width - 4, 18)
            name = QFontMetricsF(bold).elidedText(zone_label(zone.key), Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)
            painter.setFont(small)
            painter.setPen(colour(MUTED))
            first, last = (
                layout.start.astimezone(zone).tzname() or "",
                (scene.layouts[-1].end - timedelta(seconds=1)).astimezone(zone).tzname() or "",
            )
            painter.drawText(
                QRectF(left + 2, 23, width - 4, 16),
                Qt.AlignmentFlag.AlignHCenter,
                first if first == last else f"{first}→{last}",
            )
        painter.setPen(colour(CHROME_LINE))
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
            changed = previous_offset is not None and offset != previous_offset and not layout.wall_clock
            previous_offset = offset
            home_label = f"{there:%H:%M}"
            if previous_home_day is None or there.date() != previous_home_day:
                home_label = f"{there:%a} {there:%H:%M}"
            previous_home_day = there.date()
            if y < HEADER_HEIGHT - 2 or y > self.height() + metrics.height():
                continue
            top = max(y - metrics.height() / 2, HEADER_HEIGHT + 1.0)
            painter.setPen(colour(CHROME_LINE))
            painter.drawLine(QPointF(LOCAL_AXIS_WIDTH - 5, y), QPointF(LOCAL_AXIS_WIDTH, y))
            painter.drawLine(QPointF(self.width() - 5, y), QPointF(self.width(), y))
            painter.setFont(small)
            painter.setPen(colour(TEXT))
            painter.drawText(
                QRectF(0, top, LOCAL_AXIS_WIDTH - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{local:%H:%M}",
            )
            if changed:
                painter.setPen(colour(FOCUS))
                painter.drawText(
                    QRectF(0, top + metrics.height(), LOCAL_AXIS_WIDTH - 8, metrics.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    local.tzname() or "",
                )
            if not home_axis:
                continue
            painter.setPen(colour(MUTED))
            painter.drawText(
                QRectF(LOCAL_AXIS_WIDTH, top, HOME_AXIS_WIDTH - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                home_label,
            )
