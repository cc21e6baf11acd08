"""An arrival or departure on the timeline: a dashed line across its day at the time it lands or
leaves, labelled at the day's left edge ("✈ KE 9021 lands 08:15 MAN T2")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from visitplanner.services.reads.travel import Movement
from visitplanner.ui.itinerary.layout import DayLayout
from visitplanner.ui.style import MOVEMENT, colour, paper

if TYPE_CHECKING:
    from visitplanner.ui.itinerary.scene import TimelineScene

#: Above the blocks (a block being dragged rises to 10), so a label is never hidden.
MARKER_Z = 5.0
PADDING = 3.0


class MovementMarker(QGraphicsItem):
    """One arrival or departure on one day of a timeline; it takes no clicks (the blocks and the
    lanes beneath keep their gestures) and shows the journey and its travellers as its tooltip.

    Attributes:
        movement: the arrival or departure.
        layout: the day it is on; first, last: the scene's columns of that day.
    """

    def __init__(self, timeline: TimelineScene, layout: DayLayout, first: int, last: int, movement: Movement) -> None:
        super().__init__()
        self.timeline, self.layout, self.first, self.last, self.movement = timeline, layout, first, last, movement
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(MARKER_Z)
        self.setToolTip(f"{movement.text}\n{movement.detail}")
        self.font = QFont()
        self.font.setPointSizeF(max(self.font.pointSizeF() - 1, 7))
        self.font.setBold(True)
        metrics = QFontMetricsF(self.font)
        self.label_size = (metrics.horizontalAdvance(movement.text) + 2 * PADDING, metrics.height() + PADDING)
        self.width = 0.0

    def place(self) -> None:
        """Put the marker where its instant is on its day, across the day's columns."""
        self.prepareGeometryChange()
        left = self.timeline.lane_x(self.first)
        self.width = self.timeline.lane_x(self.last + 1) - left
        self.setPos(left, self.timeline.y_of(self.movement.at, self.layout))

    def label_rect(self) -> QRectF:
        """Where the label is, in the marker's coordinates: at the left edge, just above the line
        of an arrival (it lands there), just below that of a departure."""
        width = min(self.label_size[0], max(self.width - 2, 0.0))
        height = self.label_size[1]
        return QRectF(1, -height if self.movement.arriving else 0.0, width, height)

    def boundingRect(self) -> QRectF:
        return QRectF(0, -self.label_size[1] - 1, max(self.width, 1.0), 2 * self.label_size[1] + 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        ink = colour(MOVEMENT)
        pen = QPen(ink, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, 0), QPointF(self.width, 0))
        label = self.label_rect()
        painter.setPen(QPen(ink, 1))
        painter.setBrush(paper())
        painter.drawRoundedRect(label, 3, 3)
        painter.setFont(self.font)
        text = QFontMetricsF(self.font).elidedText(
            self.movement.text, Qt.TextElideMode.ElideRight, label.width() - 2 * PADDING
        )
        painter.drawText(label.adjusted(PADDING, 0, -PADDING, 0), Qt.AlignmentFlag.AlignVCenter, text)
