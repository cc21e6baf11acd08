"""The delegation-list import dialog: mapping with a live preview, review with per-row accept, one undo step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.sheet_files import KOREAN_HEADERS, KOREAN_ROWS, write_csv, write_xlsx
from visitplanner.importers.attendee_sheet import Target, mapping_key
from visitplanner.services.attendee_import import RowStatus, remember_mapping
from visitplanner.store.queries import attendees_of, sheet_mapping
from visitplanner.ui.dialogs import attendee_import as dialog_module
from visitplanner.ui.dialogs.attendee_import import AttendeeImportDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.models.attendee_import import COL_IMPORT, COL_STATUS
from visitplanner.ui.workspace import Workspace


def make_dialog(qtbot: QtBot, workspace: Workspace, visit_id: int, path: Path) -> AttendeeImportDialog:
    """The dialog with `path` chosen, once the file has been read (off the UI thread)."""
    dialog = AttendeeImportDialog(None, workspace, visit_id, path.parent)
    qtbot.add_widget(dialog)
    with qtbot.wait_signal(dialog.file_read, timeout=10_000):
        dialog.file_edit.setText(str(path))
        dialog.read_file()
    return dialog


def reread(qtbot: QtBot, dialog: AttendeeImportDialog, change: Callable[[], object]) -> None:
    with qtbot.wait_signal(dialog.file_read, timeout=10_000):
        change()


def names(workspace: Workspace, visit_id: int) -> list[str]:
    return workspace.read(lambda s: [a.person.native_name for a in attendees_of(s, visit_id)])


def test_mapping_preview_review_and_remembered_mapping(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    dialog = make_dialog(qtbot, workspace, demo_visit_id, path)
    assert "CP949" in dialog.file_info.text() and "3 rows" in dialog.file_info.text()
    assert dialog.targets[0] is Target.FULL_NAME
    preview = dialog.preview_table
    assert [preview.item(0, c).text() for c in (1, 2, 3)] == ["김", "철수", "김철수"]
    assert preview.item(0, 4).text() == ""  # given in Hangul only: no romanised form to show
    assert dialog.file_label.buddy() is dialog.file_edit and dialog.file_label.text() == "&File:"
    review = dialog.review_model
    assert [review.index(r, COL_STATUS).data() for r in range(3)] == ["New"] * 3
    assert review.index(0, COL_IMPORT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
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
    request = dialog.request()
    assert request is not None and request.mapping is not None
    workspace.execute(lambda s: remember_mapping(s, *request.mapping))  # as the import does
    dialog.accept()
    again = make_dialog(qtbot, workspace, demo_visit_id, path)
    assert again.targets[1] is Target.IGNORE  # remembered for the same headers
    assert "remembered" in again.file_info.text()


def test_import_is_one_undo_step_from_the_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    visit_id = window.visit_list.current_visit_id()
    assert visit_id is not None
    workspace = window.workspace
    before = names(workspace, visit_id)

    def ask(cls: type, parent: object, ws: Workspace, visit: int, folder: Path, p: object = None):
        dialog = make_dialog(qtbot, ws, visit, path)
        dialog.set_target(6, Target.IGNORE)  # 비고 (notes) left out this time
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
    # the mapping chosen is remembered with the import, for the command line too
    remembered = workspace.read(lambda s: sheet_mapping(s, mapping_key(KOREAN_HEADERS)))
    assert remembered is not None and remembered.split(",")[6] == "ignore"


def test_unreadable_files_and_sheets(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"\x89PNG\x00\x00binary")
    dialog = make_dialog(qtbot, workspace, demo_visit_id, bad)
    assert "not a spreadsheet" in dialog.message.text() and not dialog.import_button.isEnabled()
    book = write_xlsx(
        tmp_path / "b.xlsx", {"Cover": [["Nothing"], ["here"]], "명단": [["Name", "E-mail"], ["Jane Smith", "bad@"]]}
    )
    dialog = make_dialog(qtbot, workspace, demo_visit_id, book)
    assert dialog.sheet_combo.isEnabled() and dialog.sheet_combo.count() == 2
    assert "no column holds the names" in dialog.message.text()  # the cover sheet
    reread(qtbot, dialog, lambda: dialog.sheet_combo.setCurrentText("명단"))
    assert dialog.sheet is not None and dialog.sheet.name == "명단"
    assert "row 2, column 'E-mail': 'bad@' is not an e-mail address" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    dialog.show()
    dialog.review_table.setFocus()
    reread(qtbot, dialog, lambda: qtbot.keyClick(dialog.review_table, Qt.Key.Key_Return))  # reads again, never imports
    assert dialog.isVisible() and dialog.result() == 0


def test_formulas_without_their_results_are_shown_as_a_warning(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path
) -> None:
    book = write_xlsx(tmp_path / "f.xlsx", {"명단": [["성명", "비고"], ["김철수", "=1+1"], ["이영희", "ok"]]})
    dialog = make_dialog(qtbot, workspace, demo_visit_id, book)
    assert dialog.sheet_warnings.isVisibleTo(dialog)
    assert "column '비고': a cell holds a formula whose result the file does not keep (row 2)" in (
        dialog.sheet_warnings.text()
    )
    assert dialog.import_button.isEnabled()  # a warning, not a refusal: the rows import
    plain = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    reread(qtbot, dialog, lambda: (dialog.file_edit.setText(str(plain)), dialog.read_file()))
    assert not dialog.sheet_warnings.isVisibleTo(dialog) and dialog.sheet_warnings.text() == ""


def test_first_values_show_control_characters_as_escapes(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "bell.csv"
    path.write_text("성명,이메일\r\n김철\x07수,c@b.org\r\n", encoding="utf-8")
    dialog = make_dialog(qtbot, workspace, demo_visit_id, path)
    assert dialog.mapping_table.item(0, 1).text() == "김철\\u0007수"
    assert "row 2, column '성명': contains a control character (U+0007)" in dialog.message.text()
    assert not dialog.import_button.isEnabled()


def test_the_attendees_tab_has_the_import_button(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[int] = []
    monkeypatch.setattr(
        dialog_module, "import_attendees_into", lambda parent, ws, visit_id, settings=None: called.append(visit_id)
    )
    from visitplanner.ui.attendees import AttendeesTab

    tab = next(p for p in window.tab_pages if isinstance(p, AttendeesTab))
    tab.import_action.trigger()
    assert called == [window.visit_list.current_visit_id()]


def test_the_file_is_read_off_the_ui_thread_and_a_newer_choice_wins(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path
) -> None:
    import threading

    from visitplanner.ui.dialogs import attendee_import

    first = write_csv(tmp_path / "first.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    second = write_csv(tmp_path / "second.csv", [["Name", "E-mail"], ["Jane Smith", "jane@example.org"]], "utf-8")
    threads: list[str] = []
    real = attendee_import.read_sheet

    def spy(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    dialog = AttendeeImportDialog(None, workspace, demo_visit_id, tmp_path)
    qtbot.add_widget(dialog)
    attendee_import.read_sheet = spy  # type: ignore[assignment]
    try:
        dialog.file_edit.setText(str(first))
        dialog.read_file()
        assert dialog.reading and dialog.sheet is None and "Reading first.csv" in dialog.message.text()
        with qtbot.wait_signal(dialog.file_read, timeout=10_000):
            dialog.file_edit.setText(str(second))
            dialog.read_file()  # the first read is given up
    finally:
        attendee_import.read_sheet = real  # type: ignore[assignment]
    assert dialog.sheet is not None and dialog.sheet.headers == ("Name", "E-mail")
    assert threads and threading.main_thread().name not in threads
    assert not dialog.reading


def big_list(path: Path, rows: int) -> Path:
    """A delegation list of `rows` people (a cover sheet first, as offices send them)."""
    people = [
        [f"김민{chr(0xAC00 + n % 400)}", f"Person{n} Kim", "과장", f"기관 {n % 40}", f"p{n}@x.example"]
        for n in range(rows)
    ]
    return write_xlsx(
        path, {"표지": [["대표단 명단"]], "명단": [["성명", "영문 성명", "직위", "소속", "이메일"], *people]}
    )


def test_a_big_list_is_read_parsed_and_matched_off_the_ui_thread(
    qtbot: QtBot, qtmodeltester: object, workspace: Workspace, demo_visit_id: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import threading

    from PySide6.QtCore import QTimer

    from visitplanner.ui.dialogs import attendee_import

    path = big_list(tmp_path / "big.xlsx", 5000)
    threads: dict[str, list[str]] = {"read": [], "parse": [], "match": []}
    for name, key in (("read_sheet", "read"), ("parse_rows", "parse"), ("preview_import", "match")):
        real = getattr(attendee_import, name)

        def spy(*args: object, _real: object = real, _key: str = key, **kwargs: object) -> object:
            threads[_key].append(threading.current_thread().name)
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(attendee_import, name, spy)
    dialog = AttendeeImportDialog(None, workspace, demo_visit_id, tmp_path)
    qtbot.add_widget(dialog)
    dialog.show()
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.wait_signal(dialog.file_read, timeout=60_000):
        dialog.file_edit.setText(str(path))
        dialog.read_file()
        assert dialog.reading and dialog.plan is None  # read_file returned at once
        dialog.sheet_combo.setFocus()  # the dialog takes input meanwhile
    assert ticks, "the UI thread's event loop ran while the file was read and matched"
    main = threading.main_thread().name
    assert threads["read"] and threads["parse"] and main not in threads["read"] + threads["parse"], threads
    assert (
        dialog.sheet is not None
        and dialog.sheet.name == "표지"
        and "no column holds the names" in dialog.message.text()
    )
    # the cover sheet first; the officer picks the list: read, parsed and matched off the UI thread again
    with qtbot.wait_signal(dialog.file_read, timeout=60_000):
        dialog.sheet_combo.setCurrentText("명단")
    assert dialog.plan is not None and dialog.plan.count(RowStatus.NEW) == 5000
    assert all(threads[k] and main not in threads[k] for k in threads), threads
    assert dialog.review_model.rowCount() == 5000 and len(dialog.accepted_rows) == 5000
    qtmodeltester.check(dialog.review_model)  # type: ignore[attr-defined]
    # a new mapping is matched off the UI thread; a newer one before it ends wins
    for k in threads:
        threads[k].clear()
    dialog.set_target(2, Target.IGNORE)  # 직위 (title) left out
    assert dialog.reading and "Matching 5,000 rows" in dialog.message.text()
    with qtbot.wait_signal(dialog.previewed, timeout=60_000):
        dialog.set_target(3, Target.IGNORE)  # 소속 (organisation) too: the first matching is given up
    assert not dialog.reading and threads["parse"] and main not in threads["parse"] + threads["match"]
    assert dialog.plan is not None and dialog.rows[0].person.title == "" and dialog.rows[0].organisation == ""
    dialog.set_accepted(2, False)
    request = dialog.request()
    assert request is not None and len(request.accepted) == 4999 and 2 not in request.accepted
    dialog.reject()  # closing the dialog leaves no thread working
    assert not dialog.reading
