"""Files the officer can trust: export names that say what the file is, a question before a file
is replaced, the last export folder remembered, "Show in folder", and a viewer that fails is told."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog, fixed_clock
from tests.gui.waiting import settle
from visitplanner.ui import messages
from visitplanner.ui.exports import (
    AttendeeChoice,
    BriefingExportDialog,
    CalendarExportDialog,
    ExportDialog,
    ItineraryExportDialog,
    SheetsExportDialog,
    SheetsExportRequest,
)
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.settings import EXPORT_FOLDER, Settings

SLUG = "busan-liverpool"
PARK = AttendeeChoice(7, "Park Heong-Joon (박형준) — head of delegation, visiting", "Park Heong-Joon")
KIM = AttendeeChoice(8, "김영희 — adviser, visiting", "김영희")


def shown_name(dialog: ExportDialog[Any]) -> str:
    return Path(dialog.file.edit.text()).name


def test_briefing_pack_name_says_edition_and_issue(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = BriefingExportDialog(None, [("cover", "Cover")], tmp_path, SLUG, 1)
    qtbot.add_widget(dialog)
    assert dialog.file.edit.text() == str(tmp_path / "busan-liverpool-briefing-host-draft.pdf")
    dialog.edition.setCurrentIndex(2)  # public
    dialog.issue.setChecked(True)
    assert shown_name(dialog) == "busan-liverpool-briefing-public-issue2.pdf"
    dialog.edition.setCurrentIndex(0)
    assert shown_name(dialog) == "busan-liverpool-briefing-host-issue2.pdf"


def test_itinerary_and_calendar_names_follow_the_person_venue_and_method(qtbot: QtBot, tmp_path: Path) -> None:
    itinerary = ItineraryExportDialog(None, [PARK, KIM], tmp_path, SLUG)
    qtbot.add_widget(itinerary)
    assert shown_name(itinerary) == "busan-liverpool-itinerary-park-heong-joon.pdf"
    itinerary.attendee.setCurrentIndex(1)
    assert shown_name(itinerary) == "busan-liverpool-itinerary-김영희.pdf"  # a name in Hangul stays readable

    calendar = CalendarExportDialog(None, [PARK], [("MIF", "Music Institute (MIF)")], tmp_path, SLUG)
    qtbot.add_widget(calendar)
    assert shown_name(calendar) == "busan-liverpool-calendar.ics"
    calendar.by_venue.setChecked(True)
    assert shown_name(calendar) == "busan-liverpool-calendar-venue-mif.ics"
    calendar.by_attendee.setChecked(True)
    calendar.method.setCurrentIndex(1)  # invitations
    calendar.restricted.setChecked(True)
    assert shown_name(calendar) == "busan-liverpool-invitations-park-heong-joon-restricted.ics"


def test_sheet_names_follow_the_kind(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SheetsExportDialog(None, tmp_path, SLUG)
    qtbot.add_widget(dialog)
    assert shown_name(dialog) == "busan-liverpool-sheets-drivers.pdf"
    dialog.kind.setCurrentIndex(1)
    dialog.restricted.setChecked(True)
    assert shown_name(dialog) == "busan-liverpool-sheets-catering-restricted.pdf"


def test_a_name_the_officer_typed_is_kept_and_a_folder_they_chose_is_followed(qtbot: QtBot, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    dialog = SheetsExportDialog(None, tmp_path, SLUG)
    qtbot.add_widget(dialog)
    dialog.file.edit.setText(str(other / "busan-liverpool-sheets-drivers.pdf"))  # Browse… to another folder
    dialog.kind.setCurrentIndex(2)
    assert dialog.file.edit.text() == str(other / "busan-liverpool-sheets-namecards.pdf")
    dialog.file.edit.setText(str(other / "for the caterer.pdf"))  # a name of their own
    dialog.kind.setCurrentIndex(1)
    assert dialog.file.edit.text() == str(other / "for the caterer.pdf")


def test_hostile_names_make_safe_file_names(qtbot: QtBot, tmp_path: Path) -> None:
    hostile = AttendeeChoice(1, "x", "../../etc/CON: <Lee>")
    dialog = ItineraryExportDialog(None, [hostile], tmp_path, "con")
    qtbot.add_widget(dialog)
    name = shown_name(dialog)
    assert Path(dialog.file.edit.text()).parent == tmp_path
    assert "/" not in name and "\\" not in name and ":" not in name and name.endswith(".pdf")


# -- replacing a file ----------------------------------------------------------------------------


class Asked(list[list[Path]]):
    """The replace questions asked, answered with `answer`."""

    def __init__(self, answer: bool) -> None:
        super().__init__()
        self.answer = answer

    def __call__(self, parent: object, paths: list[Path]) -> bool:
        self.append(paths)
        return self.answer


def test_ok_asks_before_replacing_a_file(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = tmp_path / "busan-liverpool-briefing-host-draft.pdf"
    existing.write_bytes(b"the restricted pack")
    asked = Asked(False)
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", staticmethod(asked))
    dialog = BriefingExportDialog(None, [("cover", "Cover")], tmp_path, SLUG, 0)
    qtbot.add_widget(dialog)
    dialog.accept()
    assert asked == [[existing]] and dialog.result_value() is None  # kept: the dialog stays open
    assert dialog.invalid_field() == "file" and "choose another name" in dialog.error_label.text()
    dialog.edition.setCurrentIndex(2)  # the public pack goes to another file: no question
    dialog.accept()
    assert len(asked) == 1 and dialog.result_value() is not None
    assert dialog.result_value().path == tmp_path / "busan-liverpool-briefing-public-draft.pdf"  # type: ignore[union-attr]

    asked.answer = True
    again = BriefingExportDialog(None, [("cover", "Cover")], tmp_path, SLUG, 0)
    qtbot.add_widget(again)
    again.accept()
    assert len(asked) == 2 and again.result_value() is not None and again.result_value().path == existing  # type: ignore[union-attr]


def test_invitations_ask_about_their_cancellation_file_too(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion = tmp_path / "busan-liverpool-invitations-cancel.ics"
    companion.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    asked = Asked(False)
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", staticmethod(asked))
    dialog = CalendarExportDialog(None, [PARK], [], tmp_path, SLUG)
    qtbot.add_widget(dialog)
    dialog.method.setCurrentIndex(1)
    dialog.accept()
    assert asked == [[companion]] and dialog.result_value() is None


def test_the_replace_question_defaults_to_keeping_the_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(box)
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert not ExportDialog.confirm_overwrite(None, [tmp_path / "pack.pdf"])
    assert seen[0].defaultButton() is seen[0].button(QMessageBox.StandardButton.Cancel)
    assert "pack.pdf already exists" in seen[0].text()


def test_the_visit_file_asks_before_replacing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    settings.set(EXPORT_FOLDER, str(tmp_path))
    existing = tmp_path / "busan-liverpool-visit.json"
    existing.write_text("{}")
    offered: list[str] = []

    def save_as(parent: object, caption: str, start: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        offered.append(start)
        return (str(existing), "") if len(offered) == 1 else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    asked = Asked(False)
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", staticmethod(asked))
    window.export_visit_action.trigger()
    assert offered[0] == str(existing)  # the name says what the file is, in the last export folder
    assert asked == [[existing]] and len(offered) == 2  # kept: asked where else, and cancelled
    assert existing.read_text() == "{}"


# -- where exports go, and what the officer is told ------------------------------------------------


def test_the_export_folder_is_remembered_and_shown(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    settings: Settings,
    gui_db: Any,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "drivers.pdf"
    real_ask = SheetsExportDialog.__dict__["ask"]
    monkeypatch.setattr(
        SheetsExportDialog, "ask", classmethod(lambda cls, *a, **k: SheetsExportRequest("drivers", False, path))
    )
    window.export_actions["sheets"].trigger()
    assert settle(qtbot, window.exports)
    assert errors == [] and path.is_file()
    message = window.statusBar().currentMessage()
    assert message == f"Wrote the sheets to {path}"
    button = window.exports.show_folder_button
    assert not button.isHidden() and button.text() == "Show in folder"

    opened: list[QUrl] = []
    warned: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, **k: warned.append(text))
    button.click()
    assert opened == [QUrl.fromLocalFile(str(folder))] and warned == []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no file manager
    button.click()
    assert len(warned) == 1 and str(folder) in warned[0]

    assert settings.get(EXPORT_FOLDER) == str(folder)
    later = MainWindow(gui_db, settings, clock=fixed_clock)  # the next session: a new window on the same settings
    qtbot.add_widget(later)
    later.start()
    assert later.exports.folder == folder
    names: list[str] = []
    monkeypatch.setattr(SheetsExportDialog, "ask", real_ask)  # the real dialog, its exec replaced
    monkeypatch.setattr(SheetsExportDialog, "exec", lambda self: names.append(self.file.edit.text()) or 0)
    later.export_actions["sheets"].trigger()
    assert names == [str(folder / "busan-liverpool-sheets-drivers.pdf")]


def test_a_viewer_that_does_not_open_is_reported(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    path = tmp_path / "namecards.pdf"
    monkeypatch.setattr(
        SheetsExportDialog, "ask", classmethod(lambda cls, *a, **k: SheetsExportRequest("namecards", False, path))
    )
    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, **k: warned.append(text))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    window.exports.open_when_done = True
    window.export_actions["sheets"].trigger()
    assert settle(qtbot, window.exports)
    assert errors == [] and path.is_file()
    assert len(warned) == 1 and str(path) in warned[0] and "no program opened it" in warned[0]


def test_the_briefing_dialog_from_the_menu_names_the_next_issue(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_visit_id: int
) -> None:
    from visitplanner.services.issues import record_issue

    window.workspace.execute(lambda s: record_issue(s, demo_visit_id, now=datetime(2027, 5, 1, tzinfo=UTC)))
    names: list[str] = []

    def exec_(dialog: BriefingExportDialog) -> int:
        dialog.edition.setCurrentIndex(2)  # Host, Delegation, Public
        dialog.issue.setChecked(True)
        names.append(shown_name(dialog))
        return 0

    monkeypatch.setattr(BriefingExportDialog, "exec", exec_)
    window.export_actions["briefing"].trigger()
    assert names == ["busan-liverpool-briefing-public-issue2.pdf"]

    people: list[str] = []
    monkeypatch.setattr(ItineraryExportDialog, "exec", lambda self: people.append(shown_name(self)) or 0)
    window.export_actions["itinerary"].trigger()
    # the first by precedence, in his document language (Korean)
    assert people == ["busan-liverpool-itinerary-park-heong-joon-ko.pdf"]
