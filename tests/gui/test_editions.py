"""The briefing editions editor: edit, add, reorder, refusals shown on the edition at fault, undo;
the export dialog lists the visit's own editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from visitplanner.domain.editions import Audience, EditionData, default_editions
from visitplanner.domain.enums import Privacy
from visitplanner.services.editions import editions_of, set_editions
from visitplanner.ui.dialogs.editions import EditionsDialog
from visitplanner.ui.exports import BriefingExportDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.workspace import Workspace

from .conftest import ErrorLog


def checker(workspace: Workspace, visit_id: int):
    def check(new: list[EditionData]) -> None:
        workspace.check(lambda s: set_editions(s, visit_id, new))

    return check


def test_the_dialog_edits_adds_and_orders_editions(qtbot: QtBot) -> None:
    dialog = EditionsDialog(None, default_editions("OFFICIAL-SENSITIVE"))
    qtbot.add_widget(dialog)
    assert [dialog.list.item(n).text() for n in range(dialog.list.count())] == ["Host", "Delegation", "Public"]
    assert dialog.name.text() == "Host" and dialog.marking.text() == "OFFICIAL-SENSITIVE"
    assert all(box.isChecked() for box in dialog.classes.values())
    dialog.distribution.setPlainText("Steve Rotheram, Mayor\n\n  Sam Okafor  ")
    dialog.list.setCurrentRow(2)  # Public: no marking, public only, nothing else may be ticked
    assert dialog.marking.text() == "" and not dialog.marking.isEnabled()
    assert not dialog.classes[Privacy.INTERNAL].isEnabled()
    dialog.add()
    assert dialog.list.count() == 4 and dialog.list.currentRow() == 3 and dialog.name.text() == "New edition 1"
    dialog.name.setText("Press office")
    dialog.name.textEdited.emit("Press office")
    assert dialog.list.item(3).text() == "Press office"
    dialog.classes[Privacy.MOVEMENTS].setChecked(False)
    dialog.move_selected(-1)
    assert dialog.list.currentRow() == 2 and dialog.list.item(2).text() == "Press office"
    dialog.accept()
    result = dialog.result_value()
    assert result is not None
    assert [e.name for e in result] == ["Host", "Delegation", "Press office", "Public"]
    assert result[0].distribution == ("Steve Rotheram, Mayor", "Sam Okafor")
    assert result[2].audience is Audience.DELEGATION and Privacy.MOVEMENTS not in result[2].classes
    assert result[3].classes == {Privacy.PUBLIC} and result[3].marking == ""


def test_an_invalid_edition_is_selected_and_its_field_shown(qtbot: QtBot) -> None:
    dialog = EditionsDialog(None, default_editions("OFFICIAL"))
    qtbot.add_widget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.name.setText("")
    dialog.list.setCurrentRow(0)
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.list.currentRow() == 1 and dialog.invalid_field() == "name"
    assert "Name" in dialog.error_label.text()


def test_a_host_edition_naming_the_visiting_side_is_refused_before_saving(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int
) -> None:
    editions = workspace.read(lambda s: editions_of(s, demo_visit_id))
    dialog = EditionsDialog(None, editions, checker(workspace, demo_visit_id))
    qtbot.add_widget(dialog)
    dialog.list.setCurrentRow(2)
    dialog.list.setCurrentRow(0)  # back to Host
    dialog.distribution.setPlainText("Steve Rotheram\nPark Heong-Joon")
    dialog.list.setCurrentRow(1)  # the refusal must bring the Host edition back into view
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.list.currentRow() == 0 and dialog.invalid_field() == "distribution"
    assert "line 2" in dialog.error_label.text() and "visiting side" in dialog.error_label.text()
    assert workspace.read(lambda s: editions_of(s, demo_visit_id)) == editions  # nothing saved


def test_editions_from_the_menu_are_saved_and_undone(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, demo_visit_id: int
) -> None:
    before = window.workspace.read(lambda s: editions_of(s, demo_visit_id))
    press = EditionData("Press", Audience.PUBLIC, "", frozenset({Privacy.PUBLIC}), ("Press office",))
    seen: list[list[EditionData]] = []

    def ask(cls: type, parent: object, editions: list[EditionData], check: object) -> list[EditionData]:
        seen.append(list(editions))
        new = [*editions, press]
        check(new)  # type: ignore[operator]  # the dialog's dry run passes
        return new

    monkeypatch.setattr(EditionsDialog, "ask", classmethod(ask))
    window.export_actions["editions"].trigger()
    assert errors == [] and seen == [before]
    after = window.workspace.read(lambda s: editions_of(s, demo_visit_id))
    assert after == [*before, press]
    assert window.workspace.undo_stack.undoText() == "Edit briefing editions"
    window.workspace.undo_stack.undo()
    assert window.workspace.read(lambda s: editions_of(s, demo_visit_id)) == before
    window.workspace.undo_stack.redo()
    assert window.workspace.read(lambda s: editions_of(s, demo_visit_id)) == [*before, press]


def test_the_export_dialog_offers_the_visits_own_editions(qtbot: QtBot, tmp_path: Path) -> None:
    editions = [*default_editions("OFFICIAL-SENSITIVE"), EditionData("Press", Audience.PUBLIC)]
    dialog = BriefingExportDialog(None, [("cover", "Cover")], tmp_path, "visit", 0, editions)
    qtbot.add_widget(dialog)
    texts = [dialog.edition.itemText(n) for n in range(dialog.edition.count())]
    assert texts[0] == "Host: OFFICIAL-SENSITIVE · internal, movements, restricted"
    assert texts[2] == "Public: no marking · public only" and texts[3].startswith("Press:")
    dialog.edition.setCurrentIndex(3)
    assert Path(dialog.file.edit.text()).name == "visit-briefing-press-draft.pdf"
    dialog.accept()
    request = dialog.result_value()
    assert request is not None and request.edition == "Press"
