"""The main window: visit list, tabs, title, new visit by dialog, undo, settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog, fixed_clock
from tests.gui.waiting import settle
from visitplanner.domain.values import PersonData, VisitData
from visitplanner.services.people import create_person
from visitplanner.store.database import Database
from visitplanner.ui import messages
from visitplanner.ui.dialogs.visit import VisitDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.settings import LAST_VISIT_ID, RECENT_DATABASES, Settings


def test_opens_on_the_demo_visit(window: MainWindow, demo_visit_id: int) -> None:
    assert window.visit_list.current_visit_id() == demo_visit_id
    details = window.tab_pages[0].findChild(QTextBrowser, "overviewDetails")
    assert details is not None and "Busan" in details.toPlainText()
    assert (
        window.windowTitle() == "Visit of the Mayor of Busan to the Liverpool City Region — gui.sqlite3 — VisitPlanner"
    )
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Overview",
        "Itinerary",
        "Attendees",
        "Venues",
        "Tasks",
        "Gifts",
        "Invitations",
        "People",
    ]


def test_new_visit_by_dialog_then_undo_and_redo(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = VisitData(
        "Visit of the Governor of Gyeonggi",
        "gyeonggi-2027",
        date(2027, 9, 1),
        date(2027, 9, 3),
        "Europe/London",
        "Asia/Seoul",
    )
    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, **k: data))
    with qtbot.wait_signal(window.workspace.changed):
        window.new_visit_action.trigger()
    titles = [r.title for r in window.visit_list.model.rows()]
    assert data.title in titles
    created = window.visit_list.current_visit_id()
    assert created is not None
    window.undo_action.trigger()
    assert data.title not in [r.title for r in window.visit_list.model.rows()]
    window.redo_action.trigger()
    assert data.title in [r.title for r in window.visit_list.model.rows()]


def test_the_title_names_the_visit_and_the_database_without_an_unsaved_marker(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every edit is saved at once: the title never says "unsaved" ("*"); it follows the visit
    shown, its renaming and its undoing."""
    from visitplanner.ui.commands.visits import EditVisitCommand

    window.show()
    qtbot.waitExposed(window)

    def shown() -> str:  # the title as the title bar shows it ("[*]" is Qt's marker placeholder)
        handle = window.windowHandle()
        assert handle is not None
        return handle.title()

    demo = "Visit of the Mayor of Busan to the Liverpool City Region"
    assert shown() == f"{demo} — gui.sqlite3 — VisitPlanner"
    data = VisitData(
        "Gyeonggi [*] visit", "gyeonggi", date(2027, 9, 1), date(2027, 9, 3), "Europe/London", "Asia/Seoul"
    )
    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, **k: data))
    window.new_visit_action.trigger()  # a new visit is selected: a hostile title is shown as written
    assert shown() == "Gyeonggi [*] visit — gui.sqlite3 — VisitPlanner"
    assert not window.isWindowModified() and "*" not in shown().replace("[*]", "")
    created = window.visit_list.current_visit_id()
    assert created is not None
    renamed = replace(data, title="Visit of the Governor of Gyeonggi")
    assert window.workspace.push(EditVisitCommand(window.workspace, created, data, renamed))
    assert shown() == "Visit of the Governor of Gyeonggi — gui.sqlite3 — VisitPlanner"
    window.undo_action.trigger()
    assert shown() == "Gyeonggi [*] visit — gui.sqlite3 — VisitPlanner" and not window.isWindowModified()
    window.undo_action.trigger()  # the visit is gone: no visit, or the demo visit, is shown
    assert shown() in ("gui.sqlite3 — VisitPlanner", f"{demo} — gui.sqlite3 — VisitPlanner")


def test_the_toolbar_keeps_short_undo_and_redo_and_never_reflows(window: MainWindow, demo_visit_id: int) -> None:
    from visitplanner.services.visits import visit_data
    from visitplanner.store.models import Visit
    from visitplanner.ui.commands.visits import EditVisitCommand

    texts = [action.text() for action in window.toolbar.actions()]
    assert "Undo" in texts and "Redo" in texts
    width = window.toolbar.sizeHint().width()
    ws = window.workspace
    old, version = ws.read(lambda s: (visit_data(s.get(Visit, demo_visit_id)), s.get(Visit, demo_visit_id).version))
    long_title = "Welcome dinner for the delegation of Busan Metropolitan City at the Town Hall"
    assert ws.push(EditVisitCommand(ws, demo_visit_id, old, replace(old, title=long_title), version))
    assert window.toolbar.sizeHint().width() == width
    assert [action.text() for action in window.toolbar.actions()] == texts
    undo, redo = window.undo_button_action, window.redo_button_action
    assert undo.isEnabled() and not redo.isEnabled()
    assert undo.toolTip().startswith(f"Undo Edit visit “{long_title}”")  # the full step, and its keys
    assert window.undo_action.text() == f"&Undo Edit visit “{long_title}”"  # the Edit menu names it
    undo.trigger()
    assert ws.read(lambda s: s.get(Visit, demo_visit_id).title) == old.title
    assert redo.isEnabled() and redo.toolTip().startswith(f"Redo Edit visit “{long_title}”")
    assert window.toolbar.sizeHint().width() == width
    redo.trigger()
    assert ws.read(lambda s: s.get(Visit, demo_visit_id).title) == long_title


def test_visit_dialog_refuses_bad_input_and_highlights_the_field(qtbot: QtBot) -> None:
    dialog = VisitDialog(None, None, [])
    qtbot.add_widget(dialog)
    dialog.title_edit.setText("A visit")
    dialog.slug_edit.setText("Not A Slug")
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.isVisible() or dialog.result() == 0
    assert dialog.error_label.text().startswith("Slug: ")  # the form's label, not the field name
    assert dialog.invalid_field() == "slug"


def test_visit_dialog_shows_the_services_refusal(qtbot: QtBot, window: MainWindow) -> None:
    from visitplanner.services.visits import create_visit

    ws = window.workspace
    dialog = VisitDialog(None, None, [], check=lambda v: ws.check(lambda s: create_visit(s, v)))
    qtbot.add_widget(dialog)
    dialog.title_edit.setText("Duplicate")
    dialog.slug_edit.setText("busan-liverpool")
    dialog.accept()
    assert dialog.result_value() is None
    assert "already uses the slug" in dialog.error_label.text()
    assert dialog.invalid_field() == "slug"


def test_slug_follows_the_title_until_edited(qtbot: QtBot) -> None:
    dialog = VisitDialog(None, None, [])
    qtbot.add_widget(dialog)
    qtbot.keyClicks(dialog.title_edit, "Visit of Daejeon's Mayor")
    assert dialog.slug_edit.text() == "visit-of-daejeon-s-mayor"


def test_delete_visit_is_undoable(window: MainWindow, monkeypatch: pytest.MonkeyPatch, demo_visit_id: int) -> None:
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)
    window.delete_visit_action.trigger()
    assert window.visit_list.model.rows() == []
    window.undo_action.trigger()
    rows = window.visit_list.model.rows()
    assert [r.slug for r in rows] == ["busan-liverpool"]


def test_remembers_the_last_visit(window: MainWindow, settings: Settings, demo_visit_id: int) -> None:
    window.save_layout()
    assert settings.get(LAST_VISIT_ID) == demo_visit_id


def test_demo_slug_constant_matches_the_demo() -> None:
    from visitplanner.app import DEMO_SLUG
    from visitplanner.services.demo import SLUG

    assert DEMO_SLUG == SLUG


def test_edit_visit_undo_and_redo(window: MainWindow, demo_visit_id: int) -> None:
    from dataclasses import replace

    from visitplanner.services.visits import visit_data
    from visitplanner.store.models import Visit
    from visitplanner.ui.commands.visits import EditVisitCommand

    ws = window.workspace
    old, version = ws.read(lambda s: (visit_data(s.get(Visit, demo_visit_id)), s.get(Visit, demo_visit_id).version))
    new = replace(old, title="Renamed visit")
    assert ws.push(EditVisitCommand(ws, demo_visit_id, old, new, version))
    window.undo_action.trigger()
    assert ws.read(lambda s: s.get(Visit, demo_visit_id).title) == old.title
    window.redo_action.trigger()
    assert ws.read(lambda s: s.get(Visit, demo_visit_id).title) == "Renamed visit"
    assert ws.undo_stack.count() == 1


def test_opening_another_database_replaces_the_window_and_frees_the_old(
    qtbot: QtBot, gui_db: Database, settings: Settings, tmp_path: Path
) -> None:
    import gc
    import weakref

    from visitplanner.ui.mainwindow import OpenWindow

    first = MainWindow(gui_db, settings, clock=fixed_clock)
    first.start()
    first.show()
    keeper = OpenWindow(first)
    old = weakref.ref(first)
    del first
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    gc.freeze()  # as start-up leaves it
    window = old()
    assert window is not None
    window.create_database_file(tmp_path / "other.sqlite3")  # what File → New database… does
    del window
    new = keeper.window
    qtbot.add_widget(new)
    assert gc.get_freeze_count() == 0
    qtbot.waitUntil(lambda: gc.collect() >= 0 and old() is None)  # Qt deletes it; nothing keeps it
    assert new.workspace.db.url == url and new.isVisible()
    assert new.visit_list.current_visit_id() is None  # a new, empty database
    assert settings.get(RECENT_DATABASES)[0] == url
    assert new.workspace.db is not gui_db


def test_a_database_that_cannot_open_keeps_the_current_window(
    window: MainWindow, tmp_path: Path, errors: ErrorLog, demo_visit_id: int
) -> None:
    from visitplanner.ui.mainwindow import switch_database

    window.show()
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("these are not the tables you are looking for\n" * 100)
    assert switch_database(window, f"sqlite:///{not_a_database}") is None
    assert len(errors) == 1 and window.isVisible()
    assert window.visit_list.current_visit_id() == demo_visit_id
    assert not_a_database.read_text().startswith("these are not")  # left as it was


def test_the_status_bar_names_the_step_just_done_or_undone(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def message() -> str:
        return window.statusBar().currentMessage()

    first = VisitData("Visit A", "visit-a", date(2027, 9, 1), date(2027, 9, 3), "Europe/London", "Asia/Seoul")
    second = VisitData("Visit B", "visit-b", date(2027, 10, 1), date(2027, 10, 3), "Europe/London", "Asia/Seoul")
    for data in (first, second):
        monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, d=data, **k: d))
        window.new_visit_action.trigger()
        qtbot.wait(20)  # let the deferred "Saved" check run: it must not replace the step's name
        assert data.title in message() and "Visit A" not in message().replace(data.title, "")
    window.undo_action.trigger()
    qtbot.wait(20)
    assert message().startswith("Undone: ") and "Visit B" in message()
    window.redo_action.trigger()
    qtbot.wait(20)
    assert "Visit B" in message() and not message().startswith("Undone")
    window.workspace.execute(lambda s: create_person(s, PersonData("Nobody")))  # not a step of the history
    qtbot.wait(20)
    assert message() == "Saved"  # positive control: the deferred check runs within the same wait


@pytest.mark.parametrize("answer", [True, False])
def test_importing_a_visit_whose_slug_exists_offers_to_replace_it(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
    answer: bool,
) -> None:
    import json

    from visitplanner.exporters.visitfile import write_visit_file
    from visitplanner.services.visits import visit_data
    from visitplanner.store.models import Visit

    path = tmp_path / "visit.json"
    window.workspace.read(lambda s: write_visit_file(s, demo_visit_id, path))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["visit"]["title"] = "The visit from the file"
    path.write_text(json.dumps(document), encoding="utf-8")
    asked: list[str] = []

    def ask(parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(messages, "ask_yes_no", ask)
    window.exports.import_visit_file(path)
    assert settle(qtbot, window.exports) is answer  # the import runs in the background
    assert len(asked) == 1 and "already has the slug busan-liverpool" in asked[0] and errors == []
    titles = window.workspace.read(lambda s: [visit_data(v).title for v in s.query(Visit).all()])
    assert titles == (
        ["The visit from the file"] if answer else ["Visit of the Mayor of Busan to the Liverpool City Region"]
    )
