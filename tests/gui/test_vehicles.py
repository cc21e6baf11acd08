"""The visit's vehicles: table, add/edit/delete by dialog with undo, the driver combo, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ErrorLog
from visitplanner.domain.enums import Role
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import VehicleData
from visitplanner.services import vehicles
from visitplanner.services.reads.venues import DriverChoice, read_driver_choices, read_vehicle_rows
from visitplanner.store.models import Attendee, Person, Vehicle
from visitplanner.ui.dialogs.vehicle import VehicleDialog
from visitplanner.ui.models.venues import VehicleModel
from visitplanner.ui.venues import VehiclesPanel, VenuesTab
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def panel(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> VehiclesPanel:
    widget = VehiclesPanel(workspace)
    qtbot.add_widget(widget)
    widget.set_visit(demo_visit_id)
    return widget


def attendee(workspace: Workspace, family_name: str) -> int:
    return workspace.read(
        lambda s: s.scalars(select(Attendee.id).join(Person).where(Person.family_name == family_name)).one()
    )


def stored(workspace: Workspace) -> dict[str, VehicleData]:
    return {v.label: vehicles.vehicle_data(v) for v in workspace.read(lambda s: s.scalars(select(Vehicle)).all())}


def answer(monkeypatch: pytest.MonkeyPatch, value: VehicleData | None) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def ask(cls: type, *args: Any, **kwargs: Any) -> VehicleData | None:
        calls.append(args)
        return value

    monkeypatch.setattr(VehicleDialog, "ask", classmethod(ask))
    return calls


def select_label(panel: VehiclesPanel, label: str) -> None:
    for row in range(panel.proxy.rowCount()):
        if panel.proxy.index(row, VehicleModel.COL_LABEL).data() == label:
            panel.view.setCurrentIndex(panel.proxy.index(row, 0))
            return
    raise AssertionError(f"no vehicle {label!r}")


def test_model_passes_the_model_tester(qtmodeltester: Any, workspace: Workspace, demo_visit_id: int) -> None:
    model = VehicleModel()
    model.set_rows(workspace.read(lambda s: read_vehicle_rows(s, demo_visit_id)))
    qtmodeltester.check(model)


def test_table_shows_vehicles_with_drivers(panel: VehiclesPanel) -> None:
    rows = [[panel.proxy.index(r, c).data() for c in range(5)] for r in range(panel.proxy.rowCount())]
    assert rows == [
        ["Car 1 (Mayor)", "4", "Daniel Hughes", "LV27 ABC", "Executive saloon"],
        ["Delegation minibus", "16", "Priya Nair", "LV27 DEF", "16-seat minibus with luggage space"],
    ]
    assert panel.summary.text() == "2 vehicles, 20 seats"


def test_add_vehicle_by_dialog_then_undo_and_redo(
    panel: VehiclesPanel,
    workspace: Workspace,
    errors: ErrorLog,
    demo_visit_id: int,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = VehicleData("Car 2 (Deputy)", 3, attendee(workspace, "Hughes"), "LV27 GHI", "Spare")
    calls = answer(monkeypatch, data)
    with qtbot.wait_signal(workspace.changed):
        panel.add_vehicle()
    drivers: list[DriverChoice] = calls[0][2]
    assert drivers[0].role is Role.DRIVER and drivers[1].role is Role.DRIVER
    assert {d.role for d in drivers[2:]} - {Role.DRIVER} == {d.role for d in drivers[2:]}
    assert stored(workspace)["Car 2 (Deputy)"] == data
    assert panel.current_vehicle() is not None and panel.current_vehicle().data == data  # type: ignore[union-attr]
    assert panel.summary.text() == "3 vehicles, 23 seats"
    workspace.undo_stack.undo()
    assert "Car 2 (Deputy)" not in stored(workspace)
    workspace.undo_stack.redo()
    assert stored(workspace)["Car 2 (Deputy)"] == data
    workspace.undo_stack.undo()
    workspace.undo_stack.redo()
    assert stored(workspace)["Car 2 (Deputy)"] == data
    assert errors == []


def test_edit_vehicle_then_undo(
    panel: VehiclesPanel, workspace: Workspace, errors: ErrorLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored(workspace)["Car 1 (Mayor)"]
    after = VehicleData("Car 1 (Mayor)", 3, attendee(workspace, "Nair"), "LV27 XYZ", "Executive saloon; flag")
    select_label(panel, "Car 1 (Mayor)")
    calls = answer(monkeypatch, after)
    panel.edit_vehicle()
    assert calls[0][1] == before
    assert stored(workspace)["Car 1 (Mayor)"] == after
    assert panel.proxy.index(0, VehicleModel.COL_DRIVER).data() == "Priya Nair"
    assert panel.current_vehicle().data == after  # type: ignore[union-attr]  # selection kept
    workspace.undo_stack.undo()
    assert stored(workspace)["Car 1 (Mayor)"] == before
    assert errors == []


def test_delete_vehicle_used_by_transfers_is_refused(
    panel: VehiclesPanel, workspace: Workspace, errors: ErrorLog
) -> None:
    select_label(panel, "Delegation minibus")
    panel.delete_vehicle()
    assert len(errors) == 1 and isinstance(errors[0], UserError)
    assert "Delegation minibus is used by" in str(errors[0])
    assert "Delegation minibus" in stored(workspace) and workspace.undo_stack.count() == 0


def test_delete_unused_vehicle_then_undo_and_redo(
    panel: VehiclesPanel, workspace: Workspace, errors: ErrorLog, demo_visit_id: int
) -> None:
    spare = VehicleData("Spare car", 4, attendee(workspace, "Hughes"), "LV27 JKL", "On call")
    workspace.execute(lambda s: vehicles.create_vehicle(s, demo_visit_id, spare))
    select_label(panel, "Spare car")
    panel.delete_vehicle()
    assert "Spare car" not in stored(workspace)
    workspace.undo_stack.undo()
    assert stored(workspace)["Spare car"] == spare
    workspace.undo_stack.redo()
    assert "Spare car" not in stored(workspace)
    workspace.undo_stack.undo()
    assert stored(workspace)["Spare car"] == spare
    assert errors == []


def test_driver_names_follow_attendee_changes(panel: VehiclesPanel, workspace: Workspace, qtbot: QtBot) -> None:
    from visitplanner.services.attendees import remove_attendee

    with qtbot.wait_signal(panel.model.modelReset):
        workspace.execute(lambda s: remove_attendee(s, attendee(workspace, "Hughes")))
    assert panel.proxy.index(0, VehicleModel.COL_DRIVER).data() == "—"


def test_tab_routes_new_and_delete_to_the_vehicles(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = VenuesTab(workspace)
    qtbot.add_widget(tab)
    tab.set_visit(demo_visit_id)
    tab.sections.setCurrentWidget(tab.vehicles)
    answer(monkeypatch, VehicleData("Coach", 40))
    tab.edit_new()
    assert "Coach" in stored(workspace)
    tab.show()
    qtbot.wait_exposed(tab)
    select_label(tab.vehicles, "Coach")
    tab.vehicles.view.setFocus()
    qtbot.wait_until(lambda: tab.vehicles.view.hasFocus())
    tab.edit_delete()
    assert "Coach" not in stored(workspace)


# -- the dialog -----------------------------------------------------------------------------
def test_dialog_offers_drivers_first_and_refuses_bad_input(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int
) -> None:
    drivers = workspace.read(lambda s: read_driver_choices(s, demo_visit_id))
    dialog = VehicleDialog(
        None, None, drivers, check=lambda d: workspace.check(lambda s: vehicles.create_vehicle(s, demo_visit_id, d))
    )
    qtbot.add_widget(dialog)
    combo = dialog.driver_combo
    assert combo.itemText(0) == "(no driver)"
    assert [combo.itemText(i) for i in (1, 2)] == ["Daniel Hughes", "Priya Nair"]
    assert "(principal)" in " ".join(combo.itemText(i) for i in range(combo.count()))
    dialog.label_edit.setText("Car 1 (Mayor)")
    dialog.accept()
    assert dialog.result_value() is None
    assert "already has a vehicle called" in dialog.error_label.text()
    assert dialog.invalid_field() == "label"
    dialog.label_edit.setText("Car 3")
    dialog.capacity_spin.setValue(0)
    dialog.accept()
    assert dialog.invalid_field() == "capacity" and dialog.result_value() is None
    dialog.capacity_spin.setValue(4)
    combo.setCurrentIndex(2)
    dialog.registration_edit.setText(" LV27 MNO ")
    dialog.accept()
    assert dialog.result_value() == VehicleData("Car 3", 4, attendee(workspace, "Nair"), "LV27 MNO", "")
    assert "Car 3" not in stored(workspace)  # the check was a dry run
