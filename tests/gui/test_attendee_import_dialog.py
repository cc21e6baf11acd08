"""The delegation-list import dialog: mapping with a live preview, review with per-row accept, one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.sheet_files import KOREAN_HEADERS, KOREAN_ROWS, write_csv, write_xlsx
from visitplanner.importers.attendee_sheet import Target
from visitplanner.services.attendee_import import preview_import
from visitplanner.store.queries import attendees_of
from visitplanner.ui.dialogs import attendee_import as dialog_module
from visitplanner.ui.dialogs.attendee_import import AttendeeImportDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


def make_dialog(
    qtbot: QtBot, workspace: Workspace, visit_id: int, settings: Settings, path: Path
) -> AttendeeImportDialog:
    dialog = AttendeeImportDialog(
        None,
        lambda rows, options: workspace.read(lambda s: preview_import(s, visit_id, rows, options)),
        path.parent,
        settings,
        path,
    )
    qtbot.add_widget(dialog)
    return dialog


def names(workspace: Workspace, visit_id: int) -> list[str]:
    return workspace.read(lambda s: [a.person.native_name for a in attendees_of(s, visit_id)])


def test_mapping_preview_review_and_remembered_mapping(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    dialog = make_dialog(qtbot, workspace, demo_visit_id, settings, path)
    assert "CP949" in dialog.file_info.text() and "3 rows" in dialog.file_info.text()
    assert dialog.targets[0] is Target.FULL_NAME
    preview = dialog.preview_table
    assert [preview.item(0, c).text() for c in (1, 2, 3)] == ["김", "철수", "김철수"]
    assert [dialog.review_table.item(r, 2).text() for r in range(3)] == ["New"] * 3
    assert dialog.import_button.isEnabled()
    assert dialog.preview_table.item(0, 5).text() == "국장"
    # the officer leaves the title column out: the preview follows at once
    dialog.set_target(1, Target.IGNORE)
    assert dialog.preview_table.item(0, 5).text() == ""
    # two columns for one field: refused in the dialog, Import disabled
    dialog.set_target(2, Target.EMAIL)
    assert "both mapped to e-mail" in dialog.message.text() and not dialog.import_button.isEnabled()
    dialog.set_target(2, Target.ORGANISATION)
    dialog.set_accepted(3, False)
    request = dialog.request()
    assert request is not None and request.accepted == frozenset({2, 4})
    dialog.accept()
    again = make_dialog(qtbot, workspace, demo_visit_id, settings, path)
    assert again.targets[1] is Target.IGNORE  # remembered for the same headers


def test_import_is_one_undo_step_from_the_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    visit_id = window.visit_list.current_visit_id()
    assert visit_id is not None
    workspace = window.workspace
    before = names(workspace, visit_id)

    def ask(cls: type, parent: object, preview: object, folder: Path, settings: object = None, p: object = None):
        dialog = AttendeeImportDialog(parent, preview, folder, settings, path)  # type: ignore[arg-type]
        qtbot.add_widget(dialog)
        return dialog.request()

    monkeypatch.setattr(AttendeeImportDialog, "ask", classmethod(ask))
    assert window.import_attendees_action.isEnabled()
    window.import_attendees_action.trigger()
    assert errors == []
    after = names(workspace, visit_id)
    assert set(after) - set(before) == {"김철수", "남궁민수", "이영희"}
    stack = workspace.undo_stack
    assert stack.undoText() == "Import 3 attendees from “list.csv”"
    stack.undo()
    assert names(workspace, visit_id) == before
    stack.redo()
    assert set(names(workspace, visit_id)) == set(after)
    stack.undo()
    assert names(workspace, visit_id) == before and errors == []


def test_unreadable_files_and_sheets(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"\x89PNG\x00\x00binary")
    dialog = make_dialog(qtbot, workspace, demo_visit_id, settings, bad)
    assert "not a spreadsheet" in dialog.message.text() and not dialog.import_button.isEnabled()
    book = write_xlsx(
        tmp_path / "b.xlsx", {"Cover": [["Nothing"], ["here"]], "명단": [["Name", "E-mail"], ["Jane Smith", "bad@"]]}
    )
    dialog = make_dialog(qtbot, workspace, demo_visit_id, settings, book)
    assert dialog.sheet_combo.isEnabled() and dialog.sheet_combo.count() == 2
    assert "no column holds the names" in dialog.message.text()  # the cover sheet
    dialog.sheet_combo.setCurrentText("명단")
    assert dialog.sheet is not None and dialog.sheet.name == "명단"
    assert "row 2, column 'E-mail': 'bad@' is not an e-mail address" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    dialog.show()
    dialog.review_table.setFocus()
    qtbot.keyClick(dialog.review_table, Qt.Key.Key_Return)  # Enter reads again, never imports
    assert dialog.isVisible() and dialog.result() == 0


def test_the_attendees_tab_has_the_import_button(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[int] = []
    monkeypatch.setattr(
        dialog_module, "import_attendees_into", lambda parent, ws, visit_id, settings=None: called.append(visit_id)
    )
    from visitplanner.ui.attendees import AttendeesTab

    tab = next(p for p in window.tab_pages if isinstance(p, AttendeesTab))
    tab.import_action.trigger()
    assert called == [window.visit_list.current_visit_id()]
