"""Export → Attendee list…: columns, restricted columns only when asked for, the file written from the menu."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.test_exports import finish
from visitplanner.domain.errors import UserError
from visitplanner.ui.dialogs.attendee_export import AttendeeListExportDialog, AttendeeListRequest
from visitplanner.ui.mainwindow import MainWindow


def test_columns_and_restricted_columns(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AttendeeListExportDialog(None, tmp_path, "busan-liverpool")
    qtbot.add_widget(dialog)
    value = dialog.value()
    assert "dietary" not in value.columns and "family_name" in value.columns and not value.restricted
    assert value.path.name == "busan-liverpool-attendees.xlsx"
    dialog.set_column("dietary", True)  # left out while restricted columns are off (the item is disabled)
    assert "dietary" not in dialog.value().columns
    dialog.restricted.setChecked(True)
    value = dialog.value()
    assert "dietary" in value.columns and value.restricted
    assert value.path.name == "busan-liverpool-attendees-restricted.xlsx"
    dialog.format.setCurrentIndex(1)
    assert dialog.value().path.suffix == ".csv"
    for i in range(dialog.columns.count()):
        dialog.columns.item(i).setCheckState(dialog.columns.item(i).checkState().Unchecked)
    with pytest.raises(UserError, match="at least one column"):
        dialog.value()


def test_the_menu_writes_the_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, tmp_path: Path
) -> None:
    target = tmp_path / "list.xlsx"
    monkeypatch.setattr(
        AttendeeListExportDialog,
        "ask",
        classmethod(lambda cls, *a, **k: AttendeeListRequest(("family_name", "native_name", "dietary"), True, target)),
    )
    window.export_actions["attendees"].trigger()
    finish(qtbot, window)
    assert errors == []
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("Family name", "Native name", "Dietary")
    assert rows[1][:2] == ("Park", "박형준")
