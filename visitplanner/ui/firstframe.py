"""Runs work once a window's first frame is on screen, so start-up paints before it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstFrame(QObject):
    """Calls `callbacks` in order just after `window` has painted its first frame.

    The window's first paint event starts the frame; Qt paints the rest of the window and
    flushes it in the same event, so a zero-delay timer started there runs after the frame is
    complete. Each callback runs once; one that raises does not stop the others. If no frame
    comes within `deadline_ms` of the window being shown (a window started minimised, say),
    the callbacks run anyway.
    """

    def __init__(self, window: QWidget, callbacks: list[Callable[[], object]], deadline_ms: int = 3000) -> None:
        super().__init__(window)
        self._window = window
        self._callbacks = list(callbacks)
        self._deadline_ms = deadline_ms
        self.done = False
        window.installEventFilter(self)
        if window.isVisible():
            self._start_deadline()

    def _start_deadline(self) -> None:
        QTimer.singleShot(self._deadline_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show:
                self._start_deadline()
            elif event.type() == QEvent.Type.Paint:
                self._window.removeEventFilter(self)
                QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        """Run the callbacks now (at most once; also usable when the window is never shown)."""
        if self.done:
            return
        self.done = True
        self._window.removeEventFilter(self)
        callbacks, self._callbacks = self._callbacks, []
        errors: list[BaseException] = []
        for callback in callbacks:
            try:
                callback()
            except Exception as exc:  # re-raised below, once every callback has run
                errors.append(exc)
        if errors:
            raise errors[0]
