"""The Overview tab: the visit's details, escaped, and editing them by dialog with undo."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from visitplanner.domain.values import VisitData
from visitplanner.services.visits import update_visit, visit_data
from visitplanner.store.models import Visit
from visitplanner.ui.dialogs.visit import VisitDialog
from visitplanner.ui.overview import OverviewTab
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> OverviewTab:
    page = OverviewTab(workspace)
    qtbot.addWidget(page)
    page.set_visit(demo_visit_id)
    return page


def current(workspace: Workspace, visit_id: int) -> VisitData:
    return workspace.read(lambda s: visit_data(s.get(Visit, visit_id)))  # type: ignore[arg-type]


def test_shows_the_visit_with_its_organisations_and_counts(tab: OverviewTab) -> None:
    text = tab.details.toPlainText()
    assert "Visit of the Mayor of Busan" in text
    assert "Busan Metropolitan City" in text and "Liverpool City Region" in text
    assert "Europe/London (UTC+01:00)" in text and "Asia/Seoul (UTC+09:00)" in text  # in May
    assert text.startswith("OFFICIAL-SENSITIVE\n")  # the marking comes first
    summary = tab.summary
    assert summary is not None and summary.engagements > 0 and summary.attendees > 0
    assert f"{summary.engagements} engagements, {summary.attendees} attendees" in text


def test_hostile_text_is_shown_as_text(tab: OverviewTab, workspace: Workspace, demo_visit_id: int) -> None:
    old = current(workspace, demo_visit_id)
    hostile = dataclasses.replace(
        old, title="<b>Bold</b> & <script>x</script>", purpose="line 1\n<i>line 2</i>", visiting_organisation_id=None
    )
    workspace.execute(lambda s: update_visit(s, demo_visit_id, hostile))
    text = tab.details.toPlainText()
    assert "<b>Bold</b> & <script>x</script>" in text and "<i>line 2</i>" in text
    assert "\nVisiting\n—\n" in text


def test_edit_details_by_dialog_then_undo(
    tab: OverviewTab,
    workspace: Workspace,
    demo_visit_id: int,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    errors: ErrorLog,
) -> None:
    old = current(workspace, demo_visit_id)
    new = dataclasses.replace(old, title="Visit of the Mayor of Busan (revised)")
    asked: list[Any] = []

    def ask(cls: type, /, parent: object, data: VisitData, *args: object, **kwargs: object) -> VisitData:
        asked.append(data)
        return new

    monkeypatch.setattr(VisitDialog, "ask", classmethod(ask))
    with qtbot.wait_signal(workspace.changed):
        tab.edit_button.click()
    assert asked == [old]  # the dialog starts from what is stored now
    assert current(workspace, demo_visit_id) == new
    assert "(revised)" in tab.details.toPlainText()
    workspace.undo_stack.undo()
    assert current(workspace, demo_visit_id) == old
    assert "(revised)" not in tab.details.toPlainText()
    assert errors == []


def test_editing_a_visit_deleted_meanwhile_just_reloads(
    tab: OverviewTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitplanner.services.visits import delete_visit

    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, **k: pytest.fail("no dialog expected")))
    with workspace.db.session() as session:  # another window deletes it, without telling this one
        delete_visit(session, demo_visit_id)
    tab.edit_details()
    assert tab.summary is None and not tab.edit_button.isEnabled()


def test_the_dialog_starts_from_a_change_saved_elsewhere(
    tab: OverviewTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = current(workspace, demo_visit_id)
    elsewhere = dataclasses.replace(shown, title="Renamed by a colleague")
    with workspace.db.session() as session:  # another officer, without telling this window
        update_visit(session, demo_visit_id, elsewhere)
    assert "Renamed by a colleague" not in tab.details.toPlainText()
    asked: list[VisitData] = []
    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, parent, data, *a, **k: asked.append(data)))
    tab.edit_details()  # cancelled
    assert asked == [elsewhere]
    assert "Renamed by a colleague" in tab.details.toPlainText()
    assert workspace.undo_stack.count() == 0
