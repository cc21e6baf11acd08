"""The language of documents in the export dialogs, and Export → Programme…."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.test_exports import finish
from visitplanner.ui.exports import (
    AttendeeChoice,
    ItineraryExportDialog,
    ItineraryExportRequest,
    SheetsExportDialog,
    SheetsExportRequest,
)
from visitplanner.ui.language_exports import ProgrammeExportDialog, ProgrammeExportRequest
from visitplanner.ui.mainwindow import MainWindow

SLUG = "busan-liverpool"
PARK = AttendeeChoice(7, "Park Heong-Joon (박형준) — principal, visiting", "Park Heong-Joon", "ko")
MARSH = AttendeeChoice(9, "Helen Marsh — host, host", "Helen Marsh", "en")


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_the_itinerary_dialog_takes_each_persons_document_language(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ItineraryExportDialog(None, [PARK, MARSH], tmp_path, SLUG)
    qtbot.add_widget(dialog)
    assert dialog.language.currentData() == "ko"
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-itinerary-park-heong-joon-ko.pdf"
    dialog.attendee.setCurrentIndex(1)
    assert dialog.language.currentData() == "en"
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-itinerary-helen-marsh.pdf"
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))  # Korean for an English reader, on purpose
    dialog.accept()
    assert dialog.result_value() == ItineraryExportRequest(
        9, tmp_path / "busan-liverpool-itinerary-helen-marsh-ko.pdf", "ko", preview=True
    )


def test_the_sheets_dialog_offers_a_language_for_name_cards_only(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SheetsExportDialog(None, tmp_path, SLUG)
    qtbot.add_widget(dialog)
    assert not dialog.language.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("namecards"))
    assert dialog.language.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("ko"))
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-sheets-namecards-ko.pdf"
    dialog.accept()
    assert dialog.result_value() == SheetsExportRequest(
        "namecards", False, tmp_path / "busan-liverpool-sheets-namecards-ko.pdf", "ko", preview=True
    )


def test_the_programme_dialog_chooses_edition_language_and_bilingual(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ProgrammeExportDialog(None, ["Host", "Delegation", "Public"], tmp_path, SLUG)
    qtbot.add_widget(dialog)
    assert dialog.edition.currentData() == "Delegation" and dialog.language.currentData() == "en"
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-programme.pdf"
    dialog.bilingual.setChecked(True)
    assert dialog.language.currentData() == "ko"  # bilingual: English and Korean
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-programme-en-ko.pdf"
    dialog.edition.setCurrentIndex(dialog.edition.findData("Public"))
    assert Path(dialog.file.edit.text()).name == "busan-liverpool-programme-public-en-ko.pdf"
    dialog.accept()
    assert dialog.result_value() == ProgrammeExportRequest(
        "Public", "ko", True, tmp_path / "busan-liverpool-programme-public-en-ko.pdf", preview=True
    )


def test_the_mayors_itinerary_comes_out_in_korean_from_the_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    choices = window.exports._attendees(window.visit_list.current_visit_id() or 0)
    mayor = choices[0]
    assert mayor.file_name == "Park Heong-Joon" and mayor.language == "ko"  # the demo's Busan delegation
    path = tmp_path / "mayor.pdf"
    monkeypatch.setattr(
        ItineraryExportDialog, "ask", classmethod(lambda cls, *a, **k: ItineraryExportRequest(mayor.id, path, "ko"))
    )
    window.export_actions["itinerary"].trigger()
    finish(qtbot, window)
    assert errors == []
    text = _text(path)
    assert "개인 일정표" in text and "2027년 5월 11일 (화)" in text


def test_a_bilingual_programme_from_the_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    path = tmp_path / "programme.pdf"
    monkeypatch.setattr(
        ProgrammeExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: ProgrammeExportRequest("Delegation", "ko", True, path)),
    )
    window.export_actions["programme"].trigger()
    finish(qtbot, window)
    assert errors == []
    text = _text(path)
    assert "Day 1: Tuesday 11 May 2027" in text and "1일차: 2027년 5월 11일 (화)" in text
    assert "Digital Innovation Facility" in text and "디지털 혁신 시설" in text


def test_korean_name_cards_from_the_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    path = tmp_path / "cards.pdf"
    monkeypatch.setattr(
        SheetsExportDialog, "ask", classmethod(lambda cls, *a, **k: SheetsExportRequest("namecards", False, path, "ko"))
    )
    window.export_actions["sheets"].trigger()
    finish(qtbot, window)
    assert errors == []
    assert "박형준 시장" in _text(path)
