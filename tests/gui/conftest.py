"""GUI fixtures: a fresh database with the demo visit, a workspace that collects errors
instead of showing message boxes, and settings in a temporary file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import select

from visitplanner.domain.errors import ConflictError
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Visit
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def gui_db(tmp_path: Path) -> Iterator[Database]:
    """A SQLite database of this test alone, holding the demo visit."""
    db = open_database(f"sqlite:///{tmp_path / 'gui.sqlite3'}")
    with db.session() as session:
        build_demo(session)
    yield db
    db.close()


@pytest.fixture
def demo_visit_id(gui_db: Database) -> int:
    with gui_db.session() as session:
        return int(session.scalars(select(Visit.id).where(Visit.slug == SLUG)).one())


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
    ws = Workspace(gui_db)
    ws.report_error = errors
    ws.ask_conflict = lambda parent, exc: False
    return ws


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


__all__ = ["ConflictError", "ErrorLog"]
