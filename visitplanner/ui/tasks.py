"""Long work (exports, imports) off the UI thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from visitplanner.store.database import Database, Session

R = TypeVar("R")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Session, Progress, Cancelled], R]


class TaskCancelled(Exception):
    """Raised by work that noticed it was cancelled."""


class _Runner(QThread):
    progressed = Signal(int, int)

    def __init__(self, db: Database, work: Work[Any]) -> None:
        super().__init__()
        self.db = db
        self.work = work
        self.stop = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.db.session() as session:  # its own session: never shared with the UI thread
                self.result = self.work(session, self.progressed.emit, self.stop.is_set)
        except BaseException as exc:  # handed to the UI thread, which reports it
            self.error = exc


class BackgroundTask(QObject, Generic[R]):
    """Runs `work(session, progress, cancelled)` in a thread with its own database session.

    Attributes:
        title: what the progress dialog says.

    Signals:
        progressed(int, int): done, total.
        succeeded(object): the work's result.
        failed(object): the exception it raised (`TaskCancelled` when cancelled).
        finished(): after succeeded or failed.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, db: Database, title: str, work: Work[R], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._runner = _Runner(db, work)
        self._runner.progressed.connect(self.progressed)
        self._runner.finished.connect(self._done)

    def start(self) -> None:
        self._runner.start()

    def cancel(self) -> None:
        self._runner.stop.set()

    def is_running(self) -> bool:
        return self._runner.isRunning()

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self._runner.wait(milliseconds)

    def _done(self) -> None:
        if self._runner.stop.is_set():  # whatever the work raised on the way out, the user cancelled it
            self.failed.emit(TaskCancelled())
        elif self._runner.error is not None:
            self.failed.emit(self._runner.error)
        else:
            self.succeeded.emit(self._runner.result)
        self.finished.emit()


def run_with_progress(parent: QWidget | None, task: BackgroundTask[Any]) -> QProgressDialog:
    """Show a progress dialog for `task` (Cancel cancels it) and start it."""
    dialog = QProgressDialog(task.title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("VisitPlanner")
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(True)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    task.progressed.connect(progressed)
    dialog.canceled.connect(task.cancel)
    task.finished.connect(dialog.reset)
    task.finished.connect(dialog.deleteLater)
    task.start()
    return dialog
