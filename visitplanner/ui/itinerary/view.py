"""The timeline's view: the scene with its sticky header and time axes, keyboard and zoom."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from visitplanner.domain.gestures import SNAP_MINUTES
from visitplanner.ui.itinerary.axes import AXIS_WIDTH, HEADER_HEIGHT, LOCAL_AXIS_WIDTH, LaneHeader, TimeAxis
from visitplanner.ui.itinerary.block import EngagementBlock
from visitplanner.ui.itinerary.scene import TimelineScene


class TimelineView(QGraphicsView):
    """Shows a `TimelineScene` with a sticky lane header and time axes (the home zone's only with
    `home_axis`); keyboard: Tab/arrows move the selection, Enter edits, Delete cancels,
    Alt+Up/Down moves by 5 minutes, Ctrl+wheel zooms.

    Attributes:
        home_axis: whether the home zone's axis is shown beside the local one.
        axis_width: the width of the axes.

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

    def __init__(
        self,
        timeline: TimelineScene,
        parent: QWidget | None = None,
        *,
        name: str = "Day timeline",
        home_axis: bool = True,
    ) -> None:
        super().__init__(timeline, parent)
        self.timeline = timeline
        self.home_axis = home_axis
        self.axis_width = AXIS_WIDTH if home_axis else LOCAL_AXIS_WIDTH
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
        self.setViewportMargins(self.axis_width, HEADER_HEIGHT, 0, 0)
        self.setAccessibleName(name)
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
            rect.left() - self.axis_width, rect.top() - HEADER_HEIGHT, self.axis_width, rect.height() + HEADER_HEIGHT
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
            if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
                order = self.timeline.in_order()
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
            self.menu_requested.emit(block.row, block.row.start, scene.lane_key(block.column), global_pos)
            return
        point = self.mapToScene(event.pos())
        item = self.itemAt(event.pos())
        lane = scene.lane_at(point.x())
        if lane is None:
            return
        if isinstance(item, EngagementBlock):
            self.menu_requested.emit(item.row, item.row.start, scene.lane_key(lane), event.globalPos())
        elif 0 <= point.y() <= scene.sceneRect().height():
            start = scene.instant_at(lane, point.y(), 15)
            self.menu_requested.emit(None, start, scene.lane_key(lane), event.globalPos())
