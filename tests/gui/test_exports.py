"""Export and Import menus: dialogs refuse bad input; exports run in the background and write files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.waiting import settle
from visitplanner.ui.exports import (
    AttendeeChoice,
    BriefingExportDialog,
    BriefingExportRequest,
    CalendarExportDialog,
    CalendarExportRequest,
    ItineraryExportDialog,
    ItineraryExportRequest,
    SheetsExportDialog,
    SheetsExportRequest,
)
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.tasks import BackgroundTask


def finish(qtbot: QtBot, window: MainWindow) -> None:
    task = window.exports.last_task
    assert task is not None
    qtbot.wait_until(lambda: not task.is_running(), timeout=60_000)
    task.wait()
    # the outcome reaches the window as a queued signal from the worker thread: deliver it now
    # (without this, a loaded machine could check for the outcome before it had arrived)
    QCoreApplication.processEvents()


def test_calendar_dialog_needs_an_existing_folder(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CalendarExportDialog(
        None,
        [AttendeeChoice(1, "Park Heong-Joon (박형준)", "Park Heong-Joon")],
        [("DIF", "Digital Innovation Facility")],
        tmp_path / "missing",
        "busan-liverpool",
    )
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "file"
    dialog.file.edit.setText(str(tmp_path / "visit.ics"))
    dialog.by_attendee.setChecked(True)
    dialog.accept()
    assert dialog.result_value() == CalendarExportRequest(1, "publish", False, tmp_path / "visit.ics")


def test_briefing_dialog_needs_a_section(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = BriefingExportDialog(None, [("cover", "Cover"), ("run_sheet", "Run sheet")], tmp_path, "visit", 2)
    qtbot.add_widget(dialog)
    assert "issue 3" in dialog.issue.text()
    for check in dialog.sections.values():
        check.setChecked(False)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "sections"


def test_export_calendar_from_the_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    path = tmp_path / "visit.ics"
    monkeypatch.setattr(
        CalendarExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: CalendarExportRequest(None, "publish", False, path)),
    )
    window.export_actions["calendar"].trigger()
    finish(qtbot, window)
    assert errors == []
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    titles = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "MOU signing ceremony" in titles


def test_export_briefing_pack_records_an_issue(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    from visitplanner.store.models import Visit

    path = tmp_path / "pack.pdf"
    monkeypatch.setattr(
        BriefingExportDialog,
        "ask",
        classmethod(
            lambda cls, *a, **k: BriefingExportRequest("public", frozenset({"cover", "run_sheet"}), True, path)
        ),
    )
    window.export_actions["briefing"].trigger()
    finish(qtbot, window)
    assert errors == []
    assert path.read_bytes().startswith(b"%PDF")
    assert window.workspace.read(lambda s: s.get(Visit, demo_visit_id).issue_number) == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["drivers", "catering", "namecards"])
def test_export_sheets(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, kind: str
) -> None:
    path = tmp_path / f"{kind}.pdf"
    monkeypatch.setattr(
        SheetsExportDialog, "ask", classmethod(lambda cls, *a, **k: SheetsExportRequest(kind, False, path))
    )
    window.export_actions["sheets"].trigger()
    finish(qtbot, window)
    assert errors == [] and path.read_bytes().startswith(b"%PDF")


def test_export_itinerary_of_the_mayor(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    path = tmp_path / "mayor.pdf"
    mayor = window.exports._attendees(window.visit_list.current_visit_id() or 0)[0][0]
    monkeypatch.setattr(
        ItineraryExportDialog, "ask", classmethod(lambda cls, *a, **k: ItineraryExportRequest(mayor, path))
    )
    window.export_actions["itinerary"].trigger()
    finish(qtbot, window)
    assert errors == [] and path.read_bytes().startswith(b"%PDF")


def test_sheets_dialog_follows_the_kind(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SheetsExportDialog(None, tmp_path, "busan-liverpool")
    qtbot.add_widget(dialog)
    assert dialog.file.edit.text() == str(tmp_path / "busan-liverpool-sheets-drivers.pdf")
    assert not dialog.restricted.isEnabled()
    dialog.kind.setCurrentIndex(1)
    assert dialog.restricted.isEnabled() and dialog.file.edit.text().endswith("-sheets-catering.pdf")


def test_import_calendar_previews_then_imports(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    from visitplanner.ui.exports import CalendarImportDialog

    ics = tmp_path / "outlook.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:outlook-123@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
        b"DTSTART;TZID=GMT Standard Time:20270512T070000\r\nDTEND;TZID=GMT Standard Time:20270512T080000\r\n"
        b"SUMMARY:Breakfast with the Consul\r\nLOCATION:Pullman Liverpool\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    seen: dict[str, object] = {}

    def run(self: CalendarImportDialog) -> int:
        self.file.edit.setText(str(ics))
        self.refresh()
        assert self.preview_task is not None
        qtbot.wait_signal(self.preview_task.finished, timeout=30_000).wait()  # the preview runs in the background
        seen["rows"] = self.table.rowCount()
        seen["enabled"] = self.import_button.isEnabled()
        return 1

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    assert window.exports.import_calendar()
    assert settle(qtbot, window.exports)  # so does the import
    assert errors == [] and seen == {"rows": 1, "enabled": True}
    from visitplanner.services.reads.itinerary import read_itinerary

    visit_id = window.visit_list.current_visit_id()
    assert visit_id is not None
    itinerary = window.workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    breakfast = next(r for r in itinerary.rows if r.title == "Breakfast with the Consul")
    assert breakfast.plan.data.start.hour == 6  # 07:00 BST is 06:00 UTC
    assert breakfast.venue_code == "HOTEL"


def test_import_of_a_broken_calendar_is_refused(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from visitplanner.ui.exports import CalendarImportDialog

    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n")

    def preview(path: Path) -> BackgroundTask[Any]:
        from datetime import date

        from visitplanner.importers.ical import read_calendar_file

        def work(session: object, progress: object, cancelled: object) -> object:
            return read_calendar_file(
                path, visit_start=date(2027, 5, 11), visit_end=date(2027, 5, 12), visit_zone="Europe/London"
            )

        return BackgroundTask(window.workspace.db, "Reading", work)

    dialog = CalendarImportDialog(None, preview, tmp_path)
    qtbot.add_widget(dialog)
    dialog.file.edit.setText(str(broken))
    dialog.refresh()
    assert dialog.preview_task is not None
    qtbot.wait_signal(dialog.preview_task.finished, timeout=30_000).wait()
    assert "Nothing can be imported" in dialog.message.text() and "line" in dialog.message.text()
    assert not dialog.import_button.isEnabled()


@pytest.mark.parametrize("outcome", ["cancelled", "failed"])
def test_a_briefing_pack_that_is_not_written_records_no_issue(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
    outcome: str,
) -> None:
    import visitplanner.exporters.briefing as briefing
    from visitplanner.domain.work import WorkCancelled
    from visitplanner.store.models import BriefingIssue, Visit

    path = tmp_path / "pack.pdf"
    if outcome == "cancelled":

        def cancelled_midway(*args: object, **kwargs: object) -> None:
            raise WorkCancelled()

        monkeypatch.setattr(briefing, "prepare_briefing_pack", cancelled_midway)
    else:
        path = tmp_path  # a folder: the write fails
    monkeypatch.setattr(
        BriefingExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: BriefingExportRequest("public", frozenset({"cover"}), True, path)),
    )
    window.export_actions["briefing"].trigger()
    finish(qtbot, window)
    # the task's outcome reaches the window as a queued signal: wait for it
    if outcome == "cancelled":
        qtbot.wait_until(lambda: window.statusBar().currentMessage() == "Cancelled: nothing was written")
    else:
        qtbot.wait_until(lambda: len(errors) == 1)
    assert len(errors) == (0 if outcome == "cancelled" else 1)
    assert window.workspace.read(lambda s: s.get(Visit, demo_visit_id).issue_number) == 0  # type: ignore[union-attr]
    assert window.workspace.read(lambda s: s.query(BriefingIssue).count()) == 0
    if outcome == "cancelled":
        assert window.statusBar().currentMessage() == "Cancelled: nothing was written"


def test_a_request_export_tells_about_its_cancellation_file(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    from sqlalchemy import select

    from visitplanner.services.engagements import cancel_engagement
    from visitplanner.store.models import Engagement
    from visitplanner.ui import messages

    lunch = window.workspace.read(
        lambda s: s.scalars(
            select(Engagement.id).where(Engagement.visit_id == demo_visit_id, Engagement.title == "Working lunch")
        ).one()
    )
    window.workspace.execute(lambda s: cancel_engagement(s, lunch))
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: told.append(text))
    path = tmp_path / "visit.ics"
    monkeypatch.setattr(
        CalendarExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: CalendarExportRequest(None, "request", False, path)),
    )
    window.export_actions["calendar"].trigger()
    finish(qtbot, window)
    qtbot.wait_until(lambda: len(told) == 1)  # the task's outcome arrives as a queued signal
    assert errors == [] and len(told) == 1
    assert f"(METHOD:CANCEL) to {tmp_path / 'visit-cancel.ics'}" in told[0] and "Send or open both" in told[0]
    assert (
        window.statusBar().currentMessage().startswith("Wrote ")
        and "(METHOD:REQUEST)" in window.statusBar().currentMessage()
    )


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_onto_the_open_database_is_refused(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, suffix: str
) -> None:
    """The GUI's exports go through the same writer check as the command line's."""
    from visitplanner.domain.errors import UserError
    from visitplanner.exporters.files import sqlite_files

    (database,) = sqlite_files(window.workspace.db.url)
    target = database.with_name(database.name + suffix)
    before = database.read_bytes()
    monkeypatch.setattr(
        BriefingExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: BriefingExportRequest("public", frozenset({"cover"}), False, target)),
    )
    window.export_actions["briefing"].trigger()
    finish(qtbot, window)
    assert len(errors) == 1 and isinstance(errors[0], UserError)
    assert "the open database" in str(errors[0])
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    if not suffix:
        assert database.read_bytes() == before
