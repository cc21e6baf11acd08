"""Preview before saving and print from the preview: pages rendered (PDFium), printed through
QPrinter to a PDF file, and the briefing export saving (and recording its issue) only after the
officer chose Save."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.ui.exports import BriefingExportDialog, BriefingExportRequest
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.preview import PdfPreviewDialog
from visitplanner.ui.workspace import Workspace

from .conftest import ErrorLog
from .test_exports import finish

NOW = datetime(2027, 5, 1, 9, tzinfo=UTC)


def to_pdf_file(path: Path):
    def choose(self: PdfPreviewDialog, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


@pytest.fixture
def pack(workspace: Workspace, demo_visit_id: int) -> bytes:
    return workspace.read(
        lambda s: build_briefing_pack(s, demo_visit_id, edition="Public", sections={"cover", "glance"}, now=NOW)
    )


def test_the_preview_shows_every_page(qtbot: QtBot, pack: bytes) -> None:
    dialog = PdfPreviewDialog(None, "Public edition", pack)
    qtbot.add_widget(dialog)
    pages = len(PdfReader(io.BytesIO(pack)).pages)
    assert pages >= 2 and len(dialog.pages) == pages and dialog.summary.text() == f"{pages} pages"
    first = dialog.pages[0]
    assert 780 <= first.width() <= 800 and 1110 <= first.height() <= 1130  # A4 at 96 dpi
    inked = sum(first.pixelColor(x, y).lightness() < 128 for x in range(0, first.width(), 7) for y in range(0, 400, 7))
    assert inked > 50  # the cover's title is drawn, not a blank page


def test_print_from_the_preview_to_a_pdf_file(
    qtbot: QtBot, pack: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "printed.pdf"
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", to_pdf_file(target))
    dialog = PdfPreviewDialog(None, "Public edition", pack)
    qtbot.add_widget(dialog)
    dialog.print_button.click()
    printed = PdfReader(target)
    assert dialog.printed == len(printed.pages) == len(PdfReader(io.BytesIO(pack)).pages)
    for page in printed.pages:  # each printed page carries the rendered page as an image
        assert page.images, "a printed page with nothing on it"
    assert printed.pages[0].images[0].image.size[0] >= 1000  # rendered at print resolution


def test_a_cancelled_print_prints_nothing(qtbot: QtBot, pack: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", lambda self, printer: False)
    dialog = PdfPreviewDialog(None, "Public edition", pack)
    qtbot.add_widget(dialog)
    dialog.print_button.click()
    assert dialog.printed == 0


@pytest.mark.parametrize("save", [True, False])
def test_the_briefing_export_previews_prints_and_saves_only_when_asked(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
    save: bool,
) -> None:
    from visitplanner.store.models import Visit

    path, printed = tmp_path / "pack.pdf", tmp_path / "printed.pdf"
    request = BriefingExportRequest("Host", frozenset({"cover", "run_sheet"}), True, path, preview=True)
    monkeypatch.setattr(BriefingExportDialog, "ask", classmethod(lambda cls, *a, **k: request))
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", to_pdf_file(printed))
    shown: list[PdfPreviewDialog] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self)
        assert "Issue1" in "".join(PdfReader(io.BytesIO(self.data)).pages[0].extract_text().split())
        assert not path.exists()  # nothing written while the officer looks
        self.print_button.click()
        return QDialog.DialogCode.Accepted if save else QDialog.DialogCode.Rejected

    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    window.export_actions["briefing"].trigger()
    finish(qtbot, window)
    if save:
        finish(qtbot, window)  # the write that follows the preview
    assert errors == [] and len(shown) == 1
    assert shown[0].save_button.text() == "&Save and record the issue"
    assert len(PdfReader(printed).pages) == len(shown[0].pages)
    issue = window.workspace.read(lambda s: s.get(Visit, demo_visit_id).issue_number)  # type: ignore[union-attr]
    assert path.exists() == save and issue == (1 if save else 0)  # the preview's issue was a dry run
    if save:
        assert len(PdfReader(path).pages) == len(shown[0].pages)


@pytest.mark.parametrize(("action", "count"), [("itineraries", 14), ("driver_sheets", 2)])
def test_every_itinerary_or_driver_sheet_from_the_menu_with_a_summary(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    action: str,
    count: int,
) -> None:
    from visitplanner.ui import messages

    folder = tmp_path / "batch"
    summaries: list[tuple[str, str]] = []
    monkeypatch.setattr(window.exports, "choose_folder", lambda title: folder)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: summaries.append((title, text)))
    window.export_actions[action].trigger()
    finish(qtbot, window)
    assert errors == [] and len(list(folder.iterdir())) == count
    ((title, text),) = summaries
    assert title.endswith(" written")
    assert f"Wrote {count} " in text and str(folder) in text
    assert all(path.name in text for path in folder.iterdir())


@pytest.mark.parametrize("document", ["itinerary", "programme", "sheets"])
@pytest.mark.parametrize("save", [True, False])
def test_every_pdf_export_previews_and_prints_before_saving(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    document: str,
    save: bool,
) -> None:
    """The personal itinerary (in Korean for the Mayor), the programme and the sheets are shown page
    by page before they are written, printed from there, and written only on Save."""
    from visitplanner.ui.exports import (
        ItineraryExportDialog,
        ItineraryExportRequest,
        SheetsExportDialog,
        SheetsExportRequest,
    )
    from visitplanner.ui.language_exports import ProgrammeExportDialog, ProgrammeExportRequest

    path, printed = tmp_path / f"{document}.pdf", tmp_path / "printed.pdf"
    choices = window.exports._attendees(window.visit_list.current_visit_id() or 0)
    mayor = next(a.id for a in choices if a.language == "ko")
    request, dialog = {
        "itinerary": (ItineraryExportRequest(mayor, path, "", preview=True), ItineraryExportDialog),
        "programme": (ProgrammeExportRequest("Delegation", "en", True, path, preview=True), ProgrammeExportDialog),
        "sheets": (SheetsExportRequest("namecards", False, path, "ko", preview=True), SheetsExportDialog),
    }[document]
    monkeypatch.setattr(dialog, "ask", classmethod(lambda cls, *a, **k: request))
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", to_pdf_file(printed))
    shown: list[PdfPreviewDialog] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self)
        assert not path.exists()  # nothing written while the officer looks
        self.print_button.click()
        return QDialog.DialogCode.Accepted if save else QDialog.DialogCode.Rejected

    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    window.export_actions[document].trigger()
    finish(qtbot, window)
    if save:
        finish(qtbot, window)  # the write that follows the preview
    assert errors == [] and len(shown) == 1
    preview = shown[0]
    assert preview.windowTitle() == f"Preview: {path.name}"
    assert len(preview.pages) == len(PdfReader(io.BytesIO(preview.data)).pages) == len(PdfReader(printed).pages)
    assert preview.printed == len(preview.pages) >= 1
    assert path.exists() == save
    if save:
        assert len(PdfReader(path).pages) == len(preview.pages)
        if document != "programme":  # Korean documents: the Mayor's itinerary, name cards for Korean readers
            assert "부산광역시" in PdfReader(path).pages[0].extract_text()
