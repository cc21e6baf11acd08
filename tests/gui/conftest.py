"""GUI fixtures: a copy of the demo database built once per run, a workspace and a main window
that collect errors instead of showing message boxes, and settings in a temporary file."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, SignalInstance
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from visitplanner.domain.errors import ConflictError
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Visit
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace

#: The instant the GUI tests run at, whatever the real date: before the demo's first task falls
#: due (12 March 2027), so no finding comes from the real clock (tests that want overdue tasks
#: set their own).
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


@dataclass(frozen=True)
class DemoFile:
    """The demo database of this run: a closed, migrated SQLite file, and the demo visit's id in it."""

    path: Path
    visit_id: int


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> DemoFile:
    """Build the demo once; tests open copies of the file, so ids and content are the same in each."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(f"sqlite:///{path}")
    with db.session() as session:
        build_demo(session)
        visit_id = int(session.scalars(select(Visit.id).where(Visit.slug == SLUG)).one())
    db.close()
    connection = sqlite3.connect(path)  # fold the write-ahead log into the file, so the file alone is whole
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    wal = path.with_name(path.name + "-wal")
    assert busy == 0 and (not wal.exists() or wal.stat().st_size == 0), "the demo's WAL was not checkpointed"
    return DemoFile(path, visit_id)


@pytest.fixture
def gui_db(demo_file: DemoFile, tmp_path: Path) -> Iterator[Database]:
    """A SQLite database of this test alone, holding the demo visit (a copy of the run's demo file)."""
    path = tmp_path / "gui.sqlite3"
    shutil.copyfile(demo_file.path, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.close()


@pytest.fixture
def demo_visit_id(gui_db: Database, demo_file: DemoFile) -> int:
    return demo_file.visit_id


class ErrorLog(list[BaseException]):
    """Errors the workspace would have shown, in order."""

    def __call__(self, parent: object, exc: BaseException) -> None:
        self.append(exc)


@pytest.fixture
def errors() -> ErrorLog:
    return ErrorLog()


@pytest.fixture
def workspace(qapp: object, gui_db: Database, errors: ErrorLog) -> Workspace:
    """A workspace whose errors go to `errors` and whose conflicts are answered "reload"."""
    ws = Workspace(gui_db, clock=fixed_clock)
    ws.report_error = errors
    ws.ask_conflict = lambda parent, exc: False
    return ws


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: QtBot, gui_db: Database, settings: Settings, errors: ErrorLog) -> MainWindow:
    """A started main window on the demo database (not shown), its errors going to `errors` and
    finished exports not opened in a viewer. For tests of one tab or model, build only that."""
    win = MainWindow(gui_db, settings, clock=fixed_clock)
    win.workspace.report_error = errors
    win.exports.open_when_done = False
    qtbot.add_widget(win)
    win.start()
    return win


def centre_of(tab: ItineraryTab, uid: str, dy: float = 0) -> QPoint:
    """Where the timeline block of engagement `uid` is in the view's viewport (scrolled into view),
    `dy` pixels below its centre."""
    block = tab.timeline.blocks[uid]
    tab.view.centerOn(block)
    point = block.sceneBoundingRect().center()
    point.setY(point.y() + dy)
    return tab.view.mapFromScene(point)


def drag(qtbot: QtBot, tab: ItineraryTab, start: QPoint, end: QPoint, steps: int = 4) -> None:
    """Drag with the left mouse button across the timeline's viewport, in `steps` moves."""
    viewport = tab.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (step / steps))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


@contextmanager
def positive_control(qtbot: QtBot, signal: SignalInstance, wait: int = 0) -> Iterator[None]:
    """The check `qtbot.assert_not_emitted(signal, wait=wait)`, which the body must make fail:
    proof that a test of "`signal` is not emitted within `wait` ms" could see it if it were."""
    with pytest.raises(QtBot.SignalEmittedError), qtbot.assert_not_emitted(signal, wait=wait):
        yield


__all__ = ["NOW", "ConflictError", "DemoFile", "ErrorLog", "fixed_clock"]
