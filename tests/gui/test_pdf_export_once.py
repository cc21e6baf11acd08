"""Preview, then Save: the file written is byte for byte the PDF the officer previewed, built once
(not a second time on Save); Cancel writes nothing and leaves an existing file as it was; a write
that fails (a read-only folder) says so and leaves the previous file intact; the warnings of the
build still reach the officer; and a briefing issue whose plan changed while the officer looked
is neither recorded nor written."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

import visitplanner.exporters.briefing as briefing
import visitplanner.exporters.itinerary as itinerary
import visitplanner.exporters.programme as programme
import visitplanner.exporters.sheets as sheets
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services import attendees, people, visits
from visitplanner.services.issues import record_issue
from visitplanner.services.people import person_data
from visitplanner.services.visits import visit_data
from visitplanner.store.issues import issues_of
from visitplanner.store.models import Attendee, Person, Visit
from visitplanner.ui import messages
from visitplanner.ui.exports import (
    BriefingExportDialog,
    BriefingExportRequest,
    ItineraryExportDialog,
    ItineraryExportRequest,
    SheetsExportDialog,
    SheetsExportRequest,
)
from visitplanner.ui.language_exports import ProgrammeExportDialog, ProgrammeExportRequest
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.preview import PdfPreviewDialog

from .conftest import ErrorLog
from .test_exports import finish

DOCUMENTS = ["itinerary", "programme", "sheets", "briefing", "briefing-issue"]
#: Each export's module, whose `_build` makes the PDF.
MODULES = {"itinerary": itinerary, "programme": programme, "sheets": sheets, "briefing": briefing}
WHAT = {
    "itinerary": "the itinerary",
    "programme": "the programme",
    "sheets": "the sheets",
    "briefing": "the briefing pack",
}


def ask_for(window: MainWindow, monkeypatch: pytest.MonkeyPatch, document: str, path: Path) -> str:
    """Answer the export's dialog with `path`, previewed; returns the menu action's name."""
    choices = window.exports._attendees(window.visit_list.current_visit_id() or 0)
    mayor = next(a.id for a in choices if a.language == "ko")
    sections = frozenset({"cover", "glance", "run_sheet"})
    request, dialog = {
        "itinerary": (ItineraryExportRequest(mayor, path, "", preview=True), ItineraryExportDialog),
        "programme": (ProgrammeExportRequest("Delegation", "en", True, path, preview=True), ProgrammeExportDialog),
        "sheets": (SheetsExportRequest("namecards", False, path, "ko", preview=True), SheetsExportDialog),
        "briefing": (BriefingExportRequest("Public", sections, False, path, preview=True), BriefingExportDialog),
        "briefing-issue": (BriefingExportRequest("Host", sections, True, path, preview=True), BriefingExportDialog),
    }[document]
    monkeypatch.setattr(dialog, "ask", classmethod(lambda cls, *a, **k: request))
    return document.split("-")[0]


def count_builds(monkeypatch: pytest.MonkeyPatch, document: str) -> list[int]:
    """Count the calls of the export's build function (one entry a call)."""
    module = MODULES[document.split("-")[0]]
    real = module._build
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "_build", counted)
    return calls


def preview_answers(
    monkeypatch: pytest.MonkeyPatch, accept: bool, meanwhile: Callable[[], None] = lambda: None
) -> list[bytes]:
    """The preview answers Save (or Cancel) without being shown; returns the PDFs it was shown."""
    shown: list[bytes] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self.data)
        meanwhile()
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    return shown


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The folder exports go to (the test's database and settings are beside it)."""
    made = tmp_path / "exports"
    made.mkdir()
    return made


def export(qtbot: QtBot, window: MainWindow, action: str, *, saves: bool) -> None:
    window.export_actions[action].trigger()
    finish(qtbot, window)  # the build and the preview
    if saves:
        finish(qtbot, window)  # the write that follows Save


@pytest.mark.parametrize("document", DOCUMENTS)
def test_save_after_the_preview_writes_the_bytes_previewed_built_once(
    window: MainWindow,
    qtbot: QtBot,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    document: str,
) -> None:
    path = folder / f"{document}.pdf"
    path.write_bytes(b"an older export")  # replaced by the one previewed
    action = ask_for(window, monkeypatch, document, path)
    builds = count_builds(monkeypatch, document)
    shown = preview_answers(monkeypatch, accept=True)
    export(qtbot, window, action, saves=True)
    assert errors == [] and len(shown) == 1
    assert shown[0].startswith(b"%PDF")
    assert path.read_bytes() == shown[0]  # byte for byte what the officer saw
    assert len(builds) == 1  # not built again on Save
    qtbot.wait_until(lambda: window.statusBar().currentMessage() == f"Wrote {WHAT[action]} to {path}")
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # no temporary file left behind
    if document == "briefing-issue":  # the issue is recorded with the file, once
        visit_id = window.visit_list.current_visit_id() or 0
        assert [i.number for i in window.workspace.read(lambda s: issues_of(s, visit_id))] == [1]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_cancel_in_the_preview_writes_nothing_and_keeps_the_file_there(
    window: MainWindow,
    qtbot: QtBot,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    document: str,
) -> None:
    path = folder / f"{document}.pdf"
    path.write_bytes(b"the export of yesterday")
    action = ask_for(window, monkeypatch, document, path)
    builds = count_builds(monkeypatch, document)
    shown = preview_answers(monkeypatch, accept=False)
    export(qtbot, window, action, saves=False)
    assert errors == [] and len(shown) == 1 and len(builds) == 1
    assert path.read_bytes() == b"the export of yesterday"
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
    visit_id = window.visit_list.current_visit_id() or 0
    assert window.workspace.read(lambda s: issues_of(s, visit_id)) == []  # no issue recorded


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` made read-only: by its mode, or (root ignores modes) immutable (`chattr +i`)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a folder read-only as root here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("document", ["itinerary", "briefing-issue"])
def test_a_save_that_fails_says_so_and_keeps_the_previous_file(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    document: str,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / f"{document}.pdf"
    path.write_bytes(b"the export of yesterday")
    action = ask_for(window, monkeypatch, document, path)
    shown = preview_answers(monkeypatch, accept=True)
    with read_only(folder):
        export(qtbot, window, action, saves=True)
        qtbot.wait_until(lambda: len(errors) == 1)
    assert len(shown) == 1
    (error,) = errors
    assert isinstance(error, StorageError)
    assert str(path) in str(error) and "cannot be written" in str(error)
    assert path.read_bytes() == b"the export of yesterday"
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
    assert not window.statusBar().currentMessage().startswith("Wrote")
    visit_id = window.visit_list.current_visit_id() or 0
    assert window.workspace.read(lambda s: issues_of(s, visit_id)) == []  # the issue goes with the file


@pytest.mark.parametrize("document", ["itinerary", "sheets", "programme", "briefing"])
def test_the_warnings_of_the_build_are_shown_after_save(
    window: MainWindow,
    qtbot: QtBot,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
    document: str,
) -> None:
    """The Mayor's Korean name with a character no font has: once the previewed document is
    saved, the officer is told who and which field (as an export without a preview tells)."""

    def emoji_in_the_name(session: Session) -> Changes:
        if document == "programme":  # it names no people: the visit's title, in its running header
            visit = session.get(Visit, demo_visit_id)
            assert visit is not None
            data = visit_data(visit)
            return visits.update_visit(session, demo_visit_id, replace(data, title=data.title + " \U0001fae0"))
        mayor = session.scalars(
            select(Person).join(Attendee).where(Attendee.visit_id == demo_visit_id, Person.native_name == "박형준")
        ).one()
        data = person_data(mayor)
        return people.update_person(session, mayor.id, replace(data, native_name="박형준\U0001fae0"))

    window.workspace.execute(emoji_in_the_name)
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: told.append((title, text)))
    path = folder / f"{document}.pdf"
    action = ask_for(window, monkeypatch, document, path)
    shown = preview_answers(monkeypatch, accept=True)
    export(qtbot, window, action, saves=True)
    assert errors == [] and len(shown) == 1 and path.read_bytes() == shown[0]
    assert len(told) == 1, told
    title, text = told[0]
    assert title == "Written with warnings" and str(path) in text
    assert "has characters no font can print (U+1FAE0 🫠)" in text
    if document != "programme":
        assert "Park Heong-Joon" in text and "the native name has characters no font can print" in text


@pytest.mark.parametrize("change", ["issue", "plan"])
def test_an_issue_changed_while_previewed_is_neither_recorded_nor_written(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
    change: str,
) -> None:
    """Another officer records an issue, or changes the plan, while this one looks at the preview
    of issue 1: on Save nothing is written or recorded, and the message says why and what to do."""
    path = tmp_path / "pack.pdf"
    action = ask_for(window, monkeypatch, "briefing-issue", path)

    def another_officer() -> None:
        with window.workspace.db.session() as session:  # another window, another connection
            if change == "issue":
                record_issue(session, demo_visit_id, now=window.workspace.clock())
            else:
                person = people.create_person(session, PersonData("Late", "Arrival"))
                data = AttendeeData(person.created_id(Entity.PERSON), Side.HOST, Role.LIAISON)
                attendees.add_attendee(session, demo_visit_id, data)

    shown = preview_answers(monkeypatch, accept=True, meanwhile=another_officer)
    export(qtbot, window, action, saves=True)
    qtbot.wait_until(lambda: len(errors) == 1)
    assert len(shown) == 1
    (error,) = errors
    assert isinstance(error, UserError)
    assert "issue 1 was not recorded" in str(error) and "Export the briefing pack again" in str(error)
    if change == "issue":
        assert "another officer recorded issue 1" in str(error)
    else:
        assert "the plan" in str(error)
    assert not path.exists()
    recorded = window.workspace.read(lambda s: [i.number for i in issues_of(s, demo_visit_id)])
    assert recorded == ([1] if change == "issue" else [])  # only the other officer's


def test_an_edit_while_previewed_does_not_reach_the_file_saved(
    window: MainWindow,
    qtbot: QtBot,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    """Another officer renames the visit while this one looks at the itinerary: Save writes the
    itinerary as previewed (the officer exports again to see the new title)."""
    path = folder / "itinerary.pdf"
    action = ask_for(window, monkeypatch, "itinerary", path)

    def another_officer() -> None:
        with window.workspace.db.session() as session:
            visit = session.get(Visit, demo_visit_id)
            assert visit is not None
            visits.update_visit(session, demo_visit_id, replace(visit_data(visit), title="Renamed meanwhile"))

    shown = preview_answers(monkeypatch, accept=True, meanwhile=another_officer)
    export(qtbot, window, action, saves=True)
    assert errors == [] and len(shown) == 1
    assert path.read_bytes() == shown[0]
    text = PdfReader(path).pages[0].extract_text()
    title = window.workspace.read(lambda s: s.get(Visit, demo_visit_id).title)  # type: ignore[union-attr]
    assert title == "Renamed meanwhile" and "Renamed meanwhile" not in text
    assert "Busan" in text  # the title it had, as previewed
