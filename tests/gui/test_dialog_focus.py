"""Every editor dialog opens with the focus in its first field, Tab follows the visual order with
OK and Cancel last, and Escape after an edit asks before throwing the edit away."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from visitplanner.domain.editions import default_editions
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.findings import CheckOptions
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services.reads.itinerary import EngagementChoices, VenueChoice
from visitplanner.services.reads.people import PersonRow
from visitplanner.ui.dialogs.attendee import AttendeeDialog, PersonPickerDialog
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.dialogs.database import ConnectDialog
from visitplanner.ui.dialogs.editions import EditionsDialog
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.dialogs.limits import OfficeLimitsDialog
from visitplanner.ui.dialogs.organisation import OrganisationDialog
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.dialogs.room import RoomDialog
from visitplanner.ui.dialogs.vehicle import VehicleDialog
from visitplanner.ui.dialogs.venue import VenueDialog
from visitplanner.ui.dialogs.visit import VisitDialog
from visitplanner.ui.exports import (
    AttendeeChoice,
    BriefingExportDialog,
    CalendarExportDialog,
    ItineraryExportDialog,
    SheetsExportDialog,
)
from visitplanner.ui.language_exports import ProgrammeExportDialog

DIALOGS: dict[str, Callable[[], FormDialog[object]]] = {
    "visit": lambda: VisitDialog(None, None, [(1, "Busan Metropolitan City")]),
    "person": lambda: PersonDialog(None, None, [(1, "Busan Metropolitan City")]),
    "organisation": lambda: OrganisationDialog(None, None),
    "room": lambda: RoomDialog(None, None, "Digital Innovation Facility"),
    "vehicle": lambda: VehicleDialog(None, None, []),
    "venue": lambda: VenueDialog(None, None, "Europe/London"),
    "attendee": lambda: AttendeeDialog(None, AttendeeData(1, Side.HOST, Role.HOST), "Smith", new=True),
    "person picker": lambda: PersonPickerDialog(None, [PersonRow(1, 1, PersonData("Smith", "Anna"))]),
    "engagement": lambda: EngagementDialog(
        None,
        EngagementChoices(
            "Europe/London", "Asia/Seoul", date(2027, 5, 11), date(2027, 5, 12), (VenueChoice(1, "Town Hall"),)
        ),
    ),
    "calendar export": lambda: CalendarExportDialog(
        None, [AttendeeChoice(1, "Smith", "Smith")], [("TH", "Town Hall")], Path("/tmp"), "visit"
    ),
    "briefing export": lambda: BriefingExportDialog(None, [("cover", "Cover")], Path("/tmp"), "visit", 1),
    "itinerary export": lambda: ItineraryExportDialog(
        None, [AttendeeChoice(1, "Smith", "Smith")], Path("/tmp"), "visit"
    ),
    "sheets export": lambda: SheetsExportDialog(None, Path("/tmp"), "visit"),
    "programme export": lambda: ProgrammeExportDialog(None, ["Host", "Delegation", "Public"], Path("/tmp"), "visit"),
    "shared database": lambda: ConnectDialog(None),
    "office limits": lambda: OfficeLimitsDialog(None, CheckOptions()),
    "briefing editions": lambda: EditionsDialog(None, default_editions("OFFICIAL-SENSITIVE")),
}


def _opened(qtbot: QtBot, name: str) -> FormDialog[object]:
    dialog = DIALOGS[name]()
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    dialog.activateWindow()
    qtbot.wait_until(lambda: QApplication.focusWidget() is not None)
    return dialog


def _top_left(dialog: QWidget, widget: QWidget) -> QPoint:
    return widget.mapTo(dialog, QPoint(0, 0))


def _tab_order(dialog: QWidget, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from `start`, once round."""
    order, widget = [start], start.nextInFocusChain()
    while widget is not start and len(order) < 200:
        if (
            dialog.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusProxy() is None
        ):
            order.append(widget)
        widget = widget.nextInFocusChain()
    return order


@pytest.mark.parametrize("name", list(DIALOGS))
def test_focus_starts_in_the_first_field_and_buttons_come_last(qtbot: QtBot, name: str) -> None:
    dialog = _opened(qtbot, name)
    focused = QApplication.focusWidget()
    assert focused is not None and dialog.isAncestorOf(focused)
    assert not isinstance(focused, QAbstractButton) or not dialog.buttons.isAncestorOf(focused), name
    order = _tab_order(dialog, focused)
    buttons = [w for w in order if dialog.buttons.isAncestorOf(w)]
    inputs = [w for w in order if not dialog.buttons.isAncestorOf(w)]
    assert {b.text().replace("&", "") for b in buttons} >= {"OK", "Cancel"}, name
    assert order == inputs + buttons, f"{name}: a button comes before a field in the Tab order"
    # the focus starts in the topmost field, and Tab goes down the form (rows never go back up)
    rows = [_top_left(dialog, w).y() for w in inputs]
    assert rows[0] == min(rows), name
    assert all(b >= a - 8 for a, b in itertools.pairwise(rows)) or _has_side_by_side(dialog, inputs), name


def _has_side_by_side(dialog: QWidget, inputs: list[QWidget]) -> bool:
    """Within one row (widgets overlapping vertically), Tab may go left to right."""
    for a, b in itertools.pairwise(inputs):
        pa, pb = _top_left(dialog, a), _top_left(dialog, b)
        if pb.y() < pa.y() and pb.y() + b.height() <= pa.y():
            return False
    return True


def test_typing_a_room_name_with_a_space_types_it(qtbot: QtBot) -> None:
    """Before, the dialog opened on OK: the space in "Council Chamber" pressed it."""
    dialog = _opened(qtbot, "room")
    QTest.keyClicks(QApplication.focusWidget(), "Council Chamber")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    value = dialog.result_value()
    assert value is not None and value.name == "Council Chamber"


def test_escape_without_edits_closes_at_once(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _opened(qtbot, "room")
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or True)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == []


@pytest.mark.parametrize("discard", [False, True])
def test_escape_after_an_edit_asks_first(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, discard: bool) -> None:
    dialog = _opened(qtbot, "visit")
    asked: list[bool] = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(True) or discard)
    first = QApplication.focusWidget()
    assert isinstance(first, QLineEdit)
    QTest.keyClicks(first, "Visit of the Mayor")
    QTest.keyClick(first, Qt.Key.Key_Escape)
    assert asked == [True]
    assert dialog.isVisible() is not discard
    if not discard:
        assert first.text() == "Visit of the Mayor"


def test_the_button_box_is_the_dialogs_own(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, "room")
    assert isinstance(dialog.buttons, QDialogButtonBox)


def test_a_refusal_names_the_field_as_the_form_labels_it_and_clears_once_fixed(qtbot: QtBot) -> None:
    dialog = _opened(qtbot, "visit")
    assert isinstance(dialog, VisitDialog)
    dialog.title_edit.setText("Visit of the Mayor")
    dialog.slug_edit.setText("visit")
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-2))
    dialog.accept()
    assert dialog.invalid_field() == "end_date"
    assert dialog.error_label.text().startswith("Ends: "), dialog.error_label.text()
    assert "end_date" not in dialog.error_label.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))  # still before the start
    assert not dialog.error_label.isHidden() and dialog.invalid_field() == "end_date"
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(1))
    assert dialog.error_label.isHidden() and dialog.invalid_field() is None
