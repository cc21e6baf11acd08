"""The calendar import preview shows each event's kind (from CATEGORIES or the title's words), the officer
changes it there, and the import creates the engagement with the kind chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.test_calendar_import_keys import wait_preview
from tests.gui.waiting import settle
from visitplanner.domain.enums import EngagementKind
from visitplanner.services.reads.itinerary import read_itinerary
from visitplanner.ui.exports import CalendarImportDialog
from visitplanner.ui.mainwindow import MainWindow

FILE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:kinds-lunch@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
    b"DTSTART;TZID=GMT Standard Time:20270512T123000\r\nDTEND;TZID=GMT Standard Time:20270512T133000\r\n"
    b"SUMMARY:Lunch with the Consul\r\nLOCATION:Pullman Liverpool\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:kinds-tour@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
    b"DTSTART;TZID=GMT Standard Time:20270512T150000\r\nDTEND;TZID=GMT Standard Time:20270512T160000\r\n"
    b"SUMMARY:Tour of the docks\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:kinds-expo@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
    b"DTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270513\r\nSUMMARY:Maritime expo\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def kinds(window: MainWindow) -> dict[str, EngagementKind]:
    visit_id = window.visit_list.current_visit_id()
    assert visit_id is not None
    itinerary = window.workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    return {row.title: row.plan.data.kind for row in itinerary.rows}


def test_the_officer_changes_a_kind_in_the_preview(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    ics = tmp_path / "outlook.ics"
    ics.write_bytes(FILE)
    seen: dict[str, object] = {}

    def run(dialog: CalendarImportDialog) -> int:
        dialog.show()
        qtbot.wait_exposed(dialog)
        dialog.file.edit.setText(str(ics))
        dialog.table.setFocus()  # leaving the file field previews again (editingFinished)
        dialog.refresh()
        wait_preview(qtbot, dialog)
        table = dialog.table
        titles = [table.item(r, 2).text() for r in range(table.rowCount())]
        seen["titles"] = titles
        seen["header"] = table.horizontalHeaderItem(dialog.COL_KIND).text()
        choices = {t: table.cellWidget(r, dialog.COL_KIND) for r, t in enumerate(titles)}
        lunch, tour, expo = choices["Lunch with the Consul"], choices["Tour of the docks"], choices["Maritime expo"]
        assert isinstance(lunch, QComboBox) and isinstance(tour, QComboBox) and isinstance(expo, QComboBox)
        seen["suggested"] = (lunch.currentText(), tour.currentText(), expo.currentText())
        seen["expo note"] = table.item(titles.index("Maritime expo"), 5).text()
        # the officer makes the lunch a reception, with the keyboard
        lunch.setFocus()
        target = lunch.findData(EngagementKind.RECEPTION)
        while lunch.currentIndex() != target:
            QTest.keyClick(lunch, Qt.Key.Key_Down if lunch.currentIndex() < target else Qt.Key.Key_Up)
        seen["chosen"] = dict(dialog.kinds)
        dialog.grab().save(str(tmp_path / "preview.png"))
        seen["enabled"] = dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    assert window.exports.import_calendar() is not None
    assert settle(qtbot, window.exports)
    assert errors == []
    assert seen["header"] == "Kind"
    assert seen["suggested"] == ("Meal", "Tour", "Other")
    assert seen["expo note"].startswith("only its days within the visit")
    assert seen["chosen"] == {"kinds-lunch@example.com": EngagementKind.RECEPTION} and seen["enabled"]
    found = kinds(window)
    assert found["Lunch with the Consul"] is EngagementKind.RECEPTION
    assert found["Tour of the docks"] is EngagementKind.TOUR
    assert found["Maritime expo"] is EngagementKind.OTHER


def test_choosing_the_suggested_kind_again_forgets_the_choice(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "outlook.ics"
    ics.write_bytes(FILE)
    seen: list[dict[str, EngagementKind]] = []

    def run(dialog: CalendarImportDialog) -> int:
        dialog.file.edit.setText(str(ics))
        dialog.refresh()
        wait_preview(qtbot, dialog)
        lunch = dialog.table.cellWidget(0, dialog.COL_KIND)
        assert isinstance(lunch, QComboBox)
        lunch.setCurrentIndex(lunch.findData(EngagementKind.MEETING))
        seen.append(dict(dialog.kinds))
        lunch.setCurrentIndex(lunch.findData(EngagementKind.MEAL))
        seen.append(dict(dialog.kinds))
        dialog.refresh()  # a new preview starts from the file's suggestions
        wait_preview(qtbot, dialog)
        seen.append(dict(dialog.kinds))
        return 0

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    assert window.exports.import_calendar() is None
    assert seen == [{"kinds-lunch@example.com": EngagementKind.MEETING}, {}, {}]
