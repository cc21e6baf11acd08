"""Long work (exports, imports) off the UI thread, with progress and cancel."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Literal, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.store.database import Database, Session

R = TypeVar("R")

#: A visit with more engagements than this is read in background tasks, with a progress
#: indication (on a loaded two-core machine, reading 500 engagements the first time took up to
#: 90 ms; 5,000 about 300 ms).
LARGE_VISIT = 200
#: A visit with more attendances (person at engagement) than this has its invitations worked out
#: in a background task (the Invitations tab), as one with more than `LARGE_VISIT` engagements:
#: 300 recipients at 200 engagements took about 0.2 s on a loaded two-core machine.
LARGE_INVITATIONS = 5_000
#: A visit with more engagements than this is checked off the UI thread (checking 500 took about
#: 100 ms on the same machine).
CHECK_IN_BACKGROUND = 200


def freeze_survivors() -> None:
    """Exempt what is alive now (a large visit just loaded: tens of thousands of rows) from the
    collector's later passes; each full pass over them held the UI thread for tens of ms. Objects
    stay freed by reference counting as usual."""
    gc.freeze()


Work = Callable[[Session, Progress, Cancelled], R]
#: What the work does with the database: only reads it (a read-only session that never waits for
#: another window's save), writes it (committed when the work succeeds), or tries a change
#: and rolls it back (a preview: it takes its turn at SQLite's write lock, and commits nothing).
Unit = Literal["reads", "writes", "dry run"]


#: How long the UI thread may wait for the GIL while a task works (Python's default is 5 ms).
TASK_SWITCH_INTERVAL = 0.001


class _CollectorPause:
    """Keeps Python's cyclic garbage collector off, and the GIL's switch interval short, while
    any task works.

    A full collection walks every object alive and holds the GIL meanwhile: during a big import
    (hundreds of thousands of objects for the rows it holds) each one kept the UI thread from
    its event loop for up to half a second. The rows a task loaded are freed without the
    collector when it ends (see `_Runner.run`), and it is turned back on after the last task.

    Each time the UI thread takes the GIL back (after every SQLite call, say) it waits until the
    working thread's switch interval is up: with the default 5 ms, a few dozen such waits made a
    100 ms pause while a large visit was read. With 1 ms they cost a fifth of that.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._working = 0
        self._was_enabled = False
        self._interval = sys.getswitchinterval()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._working == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, TASK_SWITCH_INTERVAL))
            self._working += 1
        try:
            yield
        finally:
            with self._lock:
                self._working -= 1
                if self._working == 0:
                    sys.setswitchinterval(self._interval)
                if self._working == 0 and self._was_enabled:
                    gc.enable()
                    gc.collect(0)  # what the task left in the youngest generation, here rather than on the UI thread


_collector_paused = _CollectorPause()


class _Runner(QThread):
    progressed = Signal(int, int)

    def __init__(self, db: Database, work: Work[Any], unit: Unit) -> None:
        super().__init__()
        self.db = db
        self.work = work
        self.unit = unit
        self.stop = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            units = {"reads": self.db.reading, "writes": self.db.session, "dry run": self.db.dry_run}
            with _collector_paused(), units[self.unit]() as session:  # its own session, never the UI thread's
                result = self.work(session, self.progressed.emit, self.stop.is_set)
                if self.stop.is_set():  # cancelled after the last check: roll back rather than commit
                    raise WorkCancelled
                # unload the rows: that breaks the reference cycles among them (and rolling back
                # does the same), so they are freed as soon as the session closes, without a collection
                session.expire_all()
            self.result = result
        except BaseException as exc:  # handed to the UI thread, which reports it
            self.error = exc


class BackgroundTask(QObject, Generic[R]):
    """Runs `work(session, progress, cancelled)` in a thread with its own database session, of
    the kind `unit` names (see `Unit`).

    Attributes:
        title: what the progress dialog says.

    A cancelled task commits nothing: the work's session is rolled back unless it committed
    before the cancel came (then the task succeeded).

    Signals:
        progressed(int, int): done, total.
        finished(): the work is over (just before succeeded or failed, so a progress dialog
            closes before the outcome is shown).
        succeeded(object): the work's result.
        failed(object): the exception it raised (`WorkCancelled` when cancelled).
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self, db: Database, title: str, work: Work[R], parent: QObject | None = None, *, unit: Unit = "writes"
    ) -> None:
        super().__init__(parent)
        self.title = title
        self._runner = _Runner(db, work, unit)
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
        self.finished.emit()
        error = self._runner.error
        if error is None:
            self.succeeded.emit(self._runner.result)
        elif self._runner.stop.is_set():  # whatever the work raised on the way out, the user cancelled it
            self.failed.emit(WorkCancelled())
        else:
            self.failed.emit(error)


def run_with_progress(parent: QWidget | None, task: BackgroundTask[Any], *, modal: bool = False) -> QProgressDialog:
    """Show a progress dialog for `task` (Cancel cancels it) and start it.

    `modal`: the dialog blocks input to `parent`'s window while it shows (for work that writes,
    so that no edit waits for the database the work holds).
    """
    dialog = QProgressDialog(task.title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("VisitPlanner")
    if modal:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
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
