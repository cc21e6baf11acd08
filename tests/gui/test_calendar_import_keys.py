"""Enter never imports a calendar: in the file field it runs the preview, elsewhere nothing; only
the Import button imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.waiting import settle
from visitplanner.services.reads.itinerary import read_itinerary
from visitplanner.ui.exports import CalendarImportDialog
from visitplanner.ui.mainwindow import MainWindow

OUTLOOK = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:outlook-123@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
    b"DTSTART;TZID=GMT Standard Time:20270512T070000\r\nDTEND;TZID=GMT Standard Time:20270512T080000\r\n"
    b"SUMMARY:Breakfast with the Consul\r\nLOCATION:Pullman Liverpool\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def titles(window: MainWindow) -> set[str]:
    visit_id = window.visit_list.current_visit_id()
    assert visit_id is not None
    itinerary = window.workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    return {row.title for row in itinerary.rows}


def wait_preview(qtbot: QtBot, dialog: CalendarImportDialog) -> None:
    task = dialog.preview_task
    assert task is not None
    qtbot.wait_until(lambda: dialog.previewed is not None or not task.is_running(), timeout=30_000)
    qtbot.wait_until(lambda: dialog.previewed is not None, timeout=30_000)


@pytest.mark.parametrize("where", ["file field", "table"])
def test_enter_never_imports(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    where: str,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    ics = tmp_path / "outlook.ics"
    ics.write_bytes(OUTLOOK)
    seen: dict[str, object] = {}
    browsed: list[object] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: browsed.append(a) or ("", ""))

    def run(dialog: CalendarImportDialog) -> int:
        dialog.show()
        qtbot.wait_exposed(dialog)
        dialog.file.edit.setText(str(ics))
        dialog.file.edit.setFocus()
        QTest.keyClick(dialog.file.edit, Qt.Key.Key_Return)  # Enter in the file field: the preview runs
        wait_preview(qtbot, dialog)
        assert dialog.import_button.isEnabled() and dialog.isVisible()
        first = dialog.previewed
        seen["default"] = dialog.import_button.isDefault() or dialog.import_button.autoDefault()
        if where == "file field":
            dialog.file.edit.setFocus()
            QTest.keyClick(dialog.file.edit, Qt.Key.Key_Return)  # again: a fresh preview, no import
            qtbot.wait_until(lambda: dialog.previewed is not first and dialog.previewed is not None, timeout=30_000)
        else:
            dialog.table.setFocus()
            dialog.table.setCurrentCell(0, 0)
            QTest.keyClick(dialog.table, Qt.Key.Key_Return)
        qtbot.wait(50)
        task = dialog.preview_task
        qtbot.wait_until(lambda: task is None or not task.is_running(), timeout=30_000)
        seen["visible"] = dialog.isVisible()
        seen["result"] = dialog.result()
        result = dialog.result()
        dialog.hide()
        return result

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    assert window.exports.import_calendar() is None  # nothing imported
    assert seen == {"default": False, "visible": True, "result": int(QDialog.DialogCode.Rejected.value)}
    assert "Breakfast with the Consul" not in titles(window) and errors == [] and browsed == []


def test_the_import_button_imports(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    """Positive control: the same dialog imports when the Import button is clicked."""
    ics = tmp_path / "outlook.ics"
    ics.write_bytes(OUTLOOK)

    def run(dialog: CalendarImportDialog) -> int:
        dialog.show()
        qtbot.wait_exposed(dialog)
        dialog.file.edit.setText(str(ics))
        dialog.file.edit.setFocus()
        QTest.keyClick(dialog.file.edit, Qt.Key.Key_Return)
        wait_preview(qtbot, dialog)
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    assert window.exports.import_calendar() is not None
    assert settle(qtbot, window.exports)
    assert "Breakfast with the Consul" in titles(window) and errors == []
