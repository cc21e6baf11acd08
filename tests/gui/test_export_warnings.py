"""A PDF export with characters no font can draw says so when it finishes, naming the person and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from tests.gui.conftest import ErrorLog
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services import attendees, people
from visitplanner.ui import messages
from visitplanner.ui.exports import SheetsExportDialog, SheetsExportRequest
from visitplanner.ui.mainwindow import MainWindow


def test_name_cards_with_a_character_no_font_has_are_written_with_a_warning(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    def add(session: Session) -> Changes:
        person = people.create_person(session, PersonData("Doe", "Jo", native_name="\U0001fae0"))
        data = AttendeeData(person.created_id(Entity.PERSON), Side.VISITING, Role.DELEGATE)
        return attendees.add_attendee(session, demo_visit_id, data)

    window.workspace.execute(add)
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: told.append((title, text)))
    path = tmp_path / "cards.pdf"
    monkeypatch.setattr(
        SheetsExportDialog, "ask", classmethod(lambda cls, *a, **k: SheetsExportRequest("namecards", False, path))
    )
    window.export_actions["sheets"].trigger()
    qtbot.wait_until(lambda: len(told) == 1, timeout=60_000)  # the task's outcome arrives as a queued signal
    assert errors == [] and path.read_bytes().startswith(b"%PDF")
    title, text = told[0]
    assert title == "Written with warnings"
    assert "Jo Doe (🫠): the native name has characters no font can print (U+1FAE0 🫠)" in text
