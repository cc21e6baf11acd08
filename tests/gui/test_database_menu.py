"""File → New database…, Open database…, Connect to a shared database… and the recent list: a
typo never creates a database, a foreign file is refused, and no URL or password is shown or kept."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from visitplanner.store.database import Database, open_database
from visitplanner.store.urls import ServerLogin, check_server, database_label, without_password
from visitplanner.ui import messages
from visitplanner.ui.dialogs.database import ConnectDialog
from visitplanner.ui.mainwindow import MainWindow, switch_database
from visitplanner.ui.settings import RECENT_DATABASES, Settings


class Recorder:
    """What the window asked to open, and the warnings it showed."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.switches: list[tuple[str, bool]] = []
        self.warnings: list[str] = []
        window.database_switch_requested.connect(lambda url, create: self.switches.append((url, create)))
        monkeypatch.setattr(messages, "warn", lambda parent, title, text, **k: self.warnings.append(text))


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path, *, open_dialog: bool) -> None:
    """The file dialog answers `path`; the other kind of file dialog must not be used."""
    from PySide6.QtWidgets import QFileDialog

    def wrong(*args: Any, **kwargs: Any) -> tuple[str, str]:
        raise AssertionError("the wrong kind of file dialog")

    used, other = ("getOpenFileName", "getSaveFileName") if open_dialog else ("getSaveFileName", "getOpenFileName")
    monkeypatch.setattr(QFileDialog, used, lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, other, wrong)


def test_the_file_menu_offers_new_open_and_connect(window: MainWindow) -> None:
    texts = [action.text() for action in window.file_menu.actions()]
    for wanted in ("New &database…", "&Open database…", "&Connect to a shared database…"):
        assert wanted in texts


def test_open_database_never_creates_one(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen = Recorder(window, monkeypatch)
    typo = tmp_path / "visist.sqlite3"
    choose_file(monkeypatch, typo, open_dialog=True)
    window.open_database_action.trigger()
    assert seen.switches == [] and not typo.exists()
    assert seen.warnings == [f"There is no file at {typo}."]


@pytest.mark.parametrize("kind", ["text", "empty", "other sqlite"])
def test_open_database_refuses_a_file_that_is_not_a_visitplanner_database(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> None:
    seen = Recorder(window, monkeypatch)
    path = tmp_path / "notes.db"
    if kind == "text":
        path.write_text("minutes of the meeting\n")
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()
        connection.close()
    before = path.read_bytes()
    choose_file(monkeypatch, path, open_dialog=True)
    window.open_database_action.trigger()
    assert seen.switches == [] and len(seen.warnings) == 1
    assert "is not a VisitPlanner database" in seen.warnings[0] or "not a VisitPlanner one" in seen.warnings[0]
    assert ("is empty" in seen.warnings[0]) is (kind == "empty")  # the reason, not "not a SQLite file"
    assert path.read_bytes() == before  # looked at, never changed, and nothing left beside it
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.db"]


def test_open_database_opens_an_existing_one(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gui_db: Database
) -> None:
    seen = Recorder(window, monkeypatch)
    copy = tmp_path / "copy.sqlite3"
    source = Path(str(gui_db.engine.url.database))
    connection = sqlite3.connect(source)  # a consistent copy, write-ahead log included
    target = sqlite3.connect(copy)
    connection.backup(target)
    target.close()
    connection.close()
    choose_file(monkeypatch, copy, open_dialog=True)
    window.open_database_action.trigger()
    assert seen.warnings == [] and seen.switches == [(f"sqlite:///{copy}", False)]


def test_new_database_refuses_an_existing_file_and_adds_the_extension(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = Recorder(window, monkeypatch)
    existing = tmp_path / "plan.sqlite3"
    existing.write_bytes(b"precious")
    choose_file(monkeypatch, existing, open_dialog=False)
    window.new_database_action.trigger()
    assert seen.switches == [] and "already exists" in seen.warnings[0]
    assert existing.read_bytes() == b"precious"
    choose_file(monkeypatch, tmp_path / "autumn visits", open_dialog=False)
    window.new_database_action.trigger()
    assert seen.switches == [(f"sqlite:///{tmp_path / 'autumn visits.sqlite3'}", True)]


def test_a_mistyped_or_vanished_file_is_not_created_by_a_switch(
    window: MainWindow, tmp_path: Path, errors: ErrorLog
) -> None:
    typo = tmp_path / "visist.sqlite3"
    assert switch_database(window, f"sqlite:///{typo}") is None
    assert len(errors) == 1 and "no file" in str(errors[0]) and not typo.exists()


def test_the_recent_list_shows_names_never_urls_or_passwords(
    window: MainWindow, settings: Settings, tmp_path: Path
) -> None:
    settings.set(RECENT_DATABASES, ["postgresql+psycopg://kim:old-secret@db.office.example:5433/visits"])
    window.remember_database("postgresql+psycopg://kim:s3cr%40t@db.office.example/visitplanner")
    window.remember_database(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    stored = settings.get(RECENT_DATABASES)
    assert not any("secret" in str(url) or "s3cr" in str(url) for url in stored)
    window._fill_recent_menu()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert texts == [
        f"plan.sqlite3 — {tmp_path}",
        "visitplanner on db.office.example:5432 (user kim)",
        "visits on db.office.example:5433 (user kim)",
    ]
    assert not any("://" in text or "secret" in text for text in texts)


def test_labels_and_urls_without_passwords() -> None:
    url = ServerLogin("db.office.example", 5432, "visit planner", "kim", "p@ss/word:1").url()
    assert make_back(url) == ServerLogin("db.office.example", 5432, "visit planner", "kim", "p@ss/word:1")
    assert "p@ss" not in without_password(url) and "kim@db.office.example" in without_password(url)
    assert database_label("sqlite:////srv/visits/plan.sqlite3") == "plan.sqlite3 — /srv/visits"


def make_back(url: str) -> ServerLogin | None:
    return ServerLogin.from_url(url)


def test_connect_dialog_refuses_an_empty_server(qtbot: QtBot) -> None:
    dialog = ConnectDialog(None)
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "host"
    assert dialog.error_label.text().startswith("Server: ")


def test_connecting_from_the_file_menu_switches_to_the_server(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = Recorder(window, monkeypatch)
    login = ServerLogin("db.office.example", 5432, "visitplanner", "kim", "secret")
    monkeypatch.setattr(ConnectDialog, "ask", classmethod(lambda cls, *a, **k: login))
    window.connect_database_action.trigger()
    assert seen.switches == [(login.url(), False)]


def _admin_login() -> ServerLogin:
    url = os.environ.get("VISITPLANNER_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("needs VISITPLANNER_TEST_POSTGRES_URL")
    login = ServerLogin.from_url(url)
    assert login is not None
    return login


@pytest.mark.postgresql
def test_a_wrong_password_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    admin = _admin_login()
    dialog = ConnectDialog(None, ServerLogin(admin.host, admin.port, admin.database, admin.user, "wrong"), check_server)
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "password"
    assert dialog.error_label.text() == f"Password: the server refused user “{admin.user}” with this password"


@pytest.mark.postgresql
def test_an_unknown_database_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    admin = _admin_login()
    dialog = ConnectDialog(
        None, ServerLogin(admin.host, admin.port, "no_such_db_here", admin.user, admin.password), check_server
    )
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "database"


@pytest.mark.postgresql
def test_the_right_login_opens_the_shared_database(
    window: MainWindow, qtbot: QtBot, own_postgres_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = ServerLogin.from_url(own_postgres_url)
    assert login is not None
    dialog = ConnectDialog(None, login, check_server)
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() == login
    seen = Recorder(window, monkeypatch)
    monkeypatch.setattr(ConnectDialog, "ask", classmethod(lambda cls, *a, **k: login))
    window.connect_database_action.trigger()
    assert seen.switches == [(login.url(), False)]
    db = open_database(seen.switches[0][0], create=False)  # what the switch opens
    try:
        assert db.dialect == "postgresql"
    finally:
        db.close()
    window.remember_database(login.url())  # as the new window does
    stored = [str(url) for url in settings.get(RECENT_DATABASES)]
    assert stored[0] == without_password(login.url()) and f":{login.password}@" not in stored[0]


def test_a_recent_server_that_wants_a_password_asks_for_it(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from visitplanner.domain.errors import UserError

    seen = Recorder(window, monkeypatch)
    asked: list[tuple[ServerLogin | None, tuple[str, str | None] | None]] = []

    def refuse(login: ServerLogin, timeout: int = 5) -> None:
        raise UserError("password: the server refused user “kim” with this password", field="password")

    monkeypatch.setattr("visitplanner.store.urls.check_server", refuse)
    monkeypatch.setattr(
        ConnectDialog, "ask", classmethod(lambda cls, parent, initial, check, problem: asked.append((initial, problem)))
    )
    window.open_recent("postgresql+psycopg://kim@db.office.example/visitplanner")
    assert seen.switches == []
    assert asked == [
        (
            ServerLogin("db.office.example", 5432, "visitplanner", "kim", ""),
            ("password: the server refused user “kim” with this password", "password"),
        )
    ]


def test_copying_the_demo_keeps_it_a_database(gui_db: Database, tmp_path: Path) -> None:
    """Positive control for the refusals above: the checker accepts a real VisitPlanner file."""
    from visitplanner.store.queries import database_file_problem

    path = Path(str(gui_db.engine.url.database))
    assert database_file_problem(path) is None
    shutil.copyfile(path, tmp_path / "x.sqlite3")
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}", create=False)
    db.close()
