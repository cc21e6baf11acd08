"""The travel-time matrix: cells, the reverse direction in grey italics, editing with undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ErrorLog, positive_control
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.values import TravelTimeData, VenueData
from visitplanner.services import venues
from visitplanner.services.reads.venues import read_travel_matrix
from visitplanner.store.models import TravelTime, Venue
from visitplanner.ui.models.base import plain_tooltip
from visitplanner.ui.travelmatrix import STATE_ROLE, TravelMatrixModel, TravelMatrixPanel
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> TravelMatrixPanel:
    widget = TravelMatrixPanel(workspace)
    qtbot.add_widget(widget)
    widget.set_visit(demo_visit_id)
    return widget


def ids(workspace: Workspace) -> dict[str, int]:
    return dict(workspace.read(lambda s: [(v.code, v.id) for v in s.scalars(select(Venue))]))


def recorded(workspace: Workspace, a: str, b: str) -> tuple[int, str] | None:
    """Minutes and mode recorded from venue `a` to venue `b` (that direction only)."""
    v = ids(workspace)
    row = workspace.read(
        lambda s: s.scalars(
            select(TravelTime).where(TravelTime.from_venue_id == v[a], TravelTime.to_venue_id == v[b])
        ).first()
    )
    return (row.minutes, row.mode.value) if row else None


def cell(panel: TravelMatrixPanel, a: str, b: str) -> QModelIndex:
    model = panel.model
    codes = [model.venue_at(n).code for n in range(model.rowCount())]
    return model.index(codes.index(a), codes.index(b))


def edit(panel: TravelMatrixPanel, qtbot: QtBot, a: str, b: str, minutes: int | None) -> None:
    with qtbot.wait_signal(panel.workspace.changed):
        assert panel.model.setData(cell(panel, a, b), minutes)


def test_model_passes_the_model_tester(qtmodeltester: Any, workspace: Workspace, demo_visit_id: int) -> None:
    model = TravelMatrixModel()
    model.set_matrix(workspace.read(lambda s: read_travel_matrix(s, demo_visit_id, False)))
    qtmodeltester.check(model)


def test_cells_headers_and_the_reverse_direction(panel: TravelMatrixPanel) -> None:
    model = panel.model
    assert model.rowCount() == model.columnCount() == 6
    assert model.headerData(0, Qt.Orientation.Horizontal) == model.venue_at(0).code
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == plain_tooltip(
        f"From {model.venue_at(0).name}"
    )
    direct = cell(panel, "HOTEL", "DIF")  # recorded HOTEL -> DIF, 15
    reverse = cell(panel, "DIF", "HOTEL")  # only the other way
    unknown = cell(panel, "MAN", "DIF")
    assert (direct.data(), direct.data(STATE_ROLE), direct.data(Qt.ItemDataRole.EditRole)) == ("15", "recorded", 15)
    assert (reverse.data(), reverse.data(STATE_ROLE), reverse.data(Qt.ItemDataRole.EditRole)) == ("15", "reverse", None)
    assert reverse.data(Qt.ItemDataRole.FontRole).italic()
    assert reverse.data(Qt.ItemDataRole.ForegroundRole).name() == "#8a8a8a"
    assert direct.data(Qt.ItemDataRole.FontRole) is None
    assert "used both ways" in reverse.data(Qt.ItemDataRole.ToolTipRole)
    assert (unknown.data(), unknown.data(STATE_ROLE)) == ("", "unknown")
    diagonal = cell(panel, "DIF", "DIF")
    assert diagonal.data(STATE_ROLE) == "same"
    assert not model.flags(diagonal) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(direct) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(diagonal, 5)


def test_editing_a_new_cell_records_it_and_undo_deletes_it(
    panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot, errors: ErrorLog
) -> None:
    assert recorded(workspace, "DIF", "HOTEL") is None
    edit(panel, qtbot, "DIF", "HOTEL", 20)
    assert recorded(workspace, "DIF", "HOTEL") == (20, "car")
    assert cell(panel, "DIF", "HOTEL").data(STATE_ROLE) == "recorded"
    assert workspace.undo_stack.undoText() == "Set travel time DIF → HOTEL to 20 min"
    workspace.undo_stack.undo()
    assert recorded(workspace, "DIF", "HOTEL") is None
    assert recorded(workspace, "HOTEL", "DIF") == (15, "car")  # the other direction untouched
    assert cell(panel, "DIF", "HOTEL").data(STATE_ROLE) == "reverse"
    workspace.undo_stack.redo()
    assert recorded(workspace, "DIF", "HOTEL") == (20, "car")
    assert errors == []


def test_changing_and_clearing_a_cell_then_undo_restores_minutes_and_mode(
    panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot
) -> None:
    v = ids(workspace)
    workspace.execute(lambda s: venues.set_travel_time(s, TravelTimeData(v["MIF"], v["DIF"], 9, TravelMode.WALK)))
    edit(panel, qtbot, "MIF", "DIF", 12)
    assert recorded(workspace, "MIF", "DIF") == (12, "walk")  # the mode is kept
    assert cell(panel, "MIF", "DIF").data() == "12 walk"
    edit(panel, qtbot, "MIF", "DIF", None)
    assert recorded(workspace, "MIF", "DIF") is None
    workspace.undo_stack.undo()
    assert recorded(workspace, "MIF", "DIF") == (12, "walk")
    workspace.undo_stack.undo()
    assert recorded(workspace, "MIF", "DIF") == (9, "walk")


def test_an_unchanged_value_does_nothing(panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot) -> None:
    with qtbot.assert_not_emitted(panel.model.cell_edited):
        assert not panel.model.setData(cell(panel, "HOTEL", "DIF"), 15)
        assert not panel.model.setData(cell(panel, "DIF", "HOTEL"), None)  # nothing recorded this way
    assert workspace.undo_stack.count() == 0
    with positive_control(qtbot, panel.model.cell_edited):  # a new value is seen by the same check
        assert panel.model.setData(cell(panel, "HOTEL", "DIF"), 16)


def test_editing_through_the_spin_box_delegate(panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot) -> None:
    panel.show()
    qtbot.wait_exposed(panel)
    index = cell(panel, "MAN", "DIF")
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    editor = panel.view.findChild(QSpinBox)
    assert editor is not None and editor.text() == "unknown"
    editor.setValue(45)
    with qtbot.wait_signal(workspace.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert recorded(workspace, "MAN", "DIF") == (45, "car")
    assert panel.current_pair() == (ids(workspace)["MAN"], ids(workspace)["DIF"])  # the cell stays current


def test_clear_cell_forgets_the_shown_value(panel: TravelMatrixPanel, workspace: Workspace) -> None:
    panel.view.setCurrentIndex(cell(panel, "DIF", "HOTEL"))  # shows HOTEL -> DIF in grey
    assert panel.clear_button.isEnabled()
    assert panel.clear_current()
    assert recorded(workspace, "HOTEL", "DIF") is None
    assert cell(panel, "DIF", "HOTEL").data(STATE_ROLE) == "unknown"
    workspace.undo_stack.undo()
    assert recorded(workspace, "HOTEL", "DIF") == (15, "car")


def test_all_venues_shows_venues_the_visit_does_not_use(panel: TravelMatrixPanel, workspace: Workspace) -> None:
    workspace.execute(lambda s: venues.create_venue(s, VenueData("Liverpool Town Hall", "LTH")))
    codes = [panel.model.venue_at(n).code for n in range(panel.model.rowCount())]
    assert "LTH" not in codes
    panel.all_venues_box.setChecked(True)
    codes = [panel.model.venue_at(n).code for n in range(panel.model.rowCount())]
    assert "LTH" in codes and len(codes) == 7


def test_undo_of_a_travel_time_follows_a_venue_recreated_by_undo(
    panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot, errors: ErrorLog
) -> None:
    from visitplanner.ui.commands.venues import DeleteVenueCommand

    panel.all_venues_box.setChecked(True)
    workspace.execute(lambda s: venues.create_venue(s, VenueData("Liverpool Town Hall", "LTH")))
    panel.reload()
    edit(panel, qtbot, "LTH", "HOTEL", 11)
    lth = ids(workspace)["LTH"]
    assert workspace.push(DeleteVenueCommand(workspace, lth, "Liverpool Town Hall"))
    workspace.undo_stack.undo()  # recreated under a new id, with its travel time
    assert ids(workspace)["LTH"] != lth
    assert recorded(workspace, "LTH", "HOTEL") == (11, "car")
    workspace.undo_stack.undo()  # the travel time's undo finds the venue through the id map
    assert recorded(workspace, "LTH", "HOTEL") is None
    workspace.undo_stack.redo()
    assert recorded(workspace, "LTH", "HOTEL") == (11, "car")
    assert workspace.ids.resolve(Entity.VENUE, lth) == ids(workspace)["LTH"]
    assert errors == []


def test_typing_over_a_cell_replaces_its_minutes(panel: TravelMatrixPanel, workspace: Workspace, qtbot: QtBot) -> None:
    panel.show()
    qtbot.wait_exposed(panel)
    panel.view.setCurrentIndex(cell(panel, "HOTEL", "DIF"))  # 15 recorded
    qtbot.keyClick(panel.view, "1")  # the first key opens the editor and replaces the value
    editor = panel.view.findChild(QSpinBox)
    assert editor is not None
    qtbot.keyClicks(editor, "8")
    assert editor.text() == "18 min"
    with qtbot.wait_signal(workspace.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert recorded(workspace, "HOTEL", "DIF") == (18, "car")
    workspace.undo_stack.undo()
    assert recorded(workspace, "HOTEL", "DIF") == (15, "car")
