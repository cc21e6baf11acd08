"""Changes committed elsewhere reach open windows: SQLite by data_version, PostgreSQL by NOTIFY."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import positive_control
from visitplanner.services import visits
from visitplanner.services.demo import build_demo
from visitplanner.services.visits import visit_data
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Visit
from visitplanner.store.queries import find_visit
from visitplanner.ui.watcher import ExternalChangeWatcher


def rename(db: Database, title: str) -> None:
    with db.session() as session:
        visit = find_visit(session, "busan-liverpool")
        visits.update_visit(session, visit.id, replace(visit_data(visit), title=title))


def check_watcher(qtbot: QtBot, mine: Database, theirs: Database) -> None:
    watcher = ExternalChangeWatcher(mine, interval_ms=50)
    watcher.start()
    try:
        with qtbot.assert_not_emitted(watcher.changed, wait=300):
            rename(mine, "Renamed here")  # our own commit...
            watcher.rebaseline()  # ...which the window reports to the watcher
        with positive_control(qtbot, watcher.changed, wait=300):  # the same check sees another's commit
            rename(theirs, "Renamed by another officer")
        with mine.session() as session:
            assert find_visit(session, "busan-liverpool").title == "Renamed by another officer"
    finally:
        watcher.stop()


def test_sqlite_commits_from_another_connection_are_noticed(qtbot: QtBot, gui_db: Database) -> None:
    other = open_database(gui_db.url)
    try:
        check_watcher(qtbot, gui_db, other)
    finally:
        other.close()


@pytest.mark.postgresql
def test_postgresql_commits_from_another_officer_are_noticed(qtbot: QtBot, own_postgres_url: str) -> None:
    mine, theirs = open_database(own_postgres_url), open_database(own_postgres_url)
    try:
        with mine.session() as session:
            existing = session.scalars(select(Visit).where(Visit.slug == "busan-liverpool")).first()
            if existing is None:
                build_demo(session)
        check_watcher(qtbot, mine, theirs)
    finally:
        mine.close()
        theirs.close()
