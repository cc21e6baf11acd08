"""The venue editor: opening hours per weekday, coordinates, zone, capacity, and its refusals."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.values import VenueData
from visitplanner.services import venues
from visitplanner.store.models import Venue
from visitplanner.ui.dialogs.venue import OpeningHoursEditor, VenueDialog, spans_overlap, suggest_code
from visitplanner.ui.workspace import Workspace

FULL = VenueData(
    "Liverpool Town Hall",
    "LTH",
    "High Street\nLiverpool L2 3SW",
    53.407211,
    -2.991812,
    "Europe/London",
    300,
    OpeningHours.parse("mon-fri 09:00-12:30, 13:30-17:00; sat 18:00-02:00"),
    "Step-free via Exchange Flags",
    "Civic Protocol Office",
    "+44 151 000 4000",
    "Grade I listed town hall.",
)


@pytest.fixture
def editor(qtbot: QtBot) -> OpeningHoursEditor:
    widget = OpeningHoursEditor()
    qtbot.add_widget(widget)
    return widget


def venue_count(workspace: Workspace) -> int:
    return workspace.read(lambda s: s.scalar(select(func.count()).select_from(Venue)) or 0)


# -- the opening-hours editor ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "mon-fri 08:00-18:00",
        "mon-thu 09:00-12:30, 13:30-17:00; fri 18:00-02:00; sat 00:00-00:00",  # two spans, past midnight, all day
        "tue 22:00-06:00; sun 10:00-16:00",  # every other day closed
    ],
)
def test_hours_editor_round_trips(editor: OpeningHoursEditor, text: str) -> None:
    hours = OpeningHours.parse(text)
    editor.set_hours(hours)
    assert editor.hours() == hours
    assert not editor.unspecified_box.isChecked()


def test_hours_editor_round_trips_not_specified_and_closed_all_week(editor: OpeningHoursEditor) -> None:
    editor.set_hours(None)
    assert editor.unspecified_box.isChecked() and not editor.grid_widget.isEnabled()
    assert editor.hours() is None
    editor.set_hours(OpeningHours({}))
    assert editor.hours() == OpeningHours({})


def test_hours_editor_keeps_spans_beyond_the_second(editor: OpeningHoursEditor) -> None:
    hours = OpeningHours.parse("mon 08:00-10:00, 12:00-14:00, 18:00-23:00")
    editor.set_hours(hours)
    assert editor.hours() == hours
    assert "+1 more span" in editor.rows["mon"].hint.text()


def test_hours_editor_builds_hours_from_the_widgets(editor: OpeningHoursEditor) -> None:
    editor.set_hours(OpeningHours({}))
    sunday = editor.rows["sun"]
    sunday.open_box.setChecked(True)
    sunday.first[0].setTime(QTime(18, 0))
    sunday.first[1].setTime(QTime(2, 0))
    assert sunday.hint.text() == "until next day"
    tuesday = editor.rows["tue"]
    tuesday.open_box.setChecked(True)
    tuesday.first[0].setTime(QTime(9, 0))
    tuesday.first[1].setTime(QTime(12, 0))
    tuesday.second_box.setChecked(True)
    tuesday.second[0].setTime(QTime(13, 0))
    tuesday.second[1].setTime(QTime(17, 30))
    assert editor.rows["wed"].hint.text() == "Closed"
    assert editor.hours() == OpeningHours(
        {"tue": ((time(9), time(12)), (time(13), time(17, 30))), "sun": ((time(18), time(2)),)}
    )
    tuesday.open_box.setChecked(False)  # closing a day drops its spans
    assert "tue" not in editor.hours().spans  # type: ignore[union-attr]


def test_same_as_monday(editor: OpeningHoursEditor) -> None:
    editor.set_hours(OpeningHours.parse("mon 08:00-12:00, 13:00-18:00; sat 10:00-14:00"))
    editor.copy_monday(["tue", "wed", "thu", "fri"])
    assert editor.hours() == OpeningHours.parse("mon-fri 08:00-12:00, 13:00-18:00; sat 10:00-14:00")
    editor.rows["mon"].open_box.setChecked(False)
    editor.copy_monday(["sat", "sun"])
    assert editor.hours() == OpeningHours.parse("tue-fri 08:00-12:00, 13:00-18:00")
    actions = editor.same_as_monday.menu().actions()  # type: ignore[union-attr]
    assert [a.text() for a in actions] == ["For Tuesday to Friday", "For every day"]
    editor.set_hours(OpeningHours.parse("mon 07:00-19:00"))
    actions[1].trigger()
    assert editor.hours() == OpeningHours.parse("mon-sun 07:00-19:00")


def test_overlapping_spans() -> None:
    assert spans_overlap((time(9), time(17)), (time(12), time(14)))
    assert not spans_overlap((time(9), time(12)), (time(12), time(14)))
    assert spans_overlap((time(18), time(2)), (time(23), time(23, 30)))
    assert spans_overlap((time(0), time(0)), (time(6), time(7)))


# -- the dialog -----------------------------------------------------------------------------
def test_dialog_shows_and_returns_every_field(qtbot: QtBot) -> None:
    dialog = VenueDialog(None, FULL, "Europe/London")
    qtbot.add_widget(dialog)
    assert dialog.address_edit.toPlainText() == FULL.address
    assert dialog.latitude_spin.decimals() == 6
    dialog.accept()
    assert dialog.result_value() == FULL


def test_dialog_without_coordinates_zone_capacity_or_hours(qtbot: QtBot) -> None:
    dialog = VenueDialog(None, None, "Asia/Seoul")
    qtbot.add_widget(dialog)
    assert dialog.no_coordinates.isChecked() and not dialog.latitude_spin.isEnabled()
    assert dialog.hours_editor.unspecified_box.isChecked()
    assert "Asia/Seoul" in dialog.zone_combo.lineEdit().placeholderText()  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.name_edit, "Busan Exhibition and Convention Center")
    assert dialog.code_edit.text() == "BECC"  # follows the name until edited
    dialog.accept()
    assert dialog.result_value() == VenueData("Busan Exhibition and Convention Center", "BECC")


def test_code_suggestions() -> None:
    assert suggest_code("Digital Innovation Facility") == "DIF"
    assert suggest_code("Pullman") == "PULLMA"
    assert suggest_code("Museum of Liverpool") == "ML"


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("code", lambda d: d.code_edit.setText("no spaces!"), "Code:"),
        ("latitude", lambda d: d.latitude_spin.setValue(95.0), "outside -90..90"),
        ("longitude", lambda d: d.longitude_spin.setValue(-200.0), "outside -180..180"),
        ("capacity", lambda d: d.capacity_edit.setText("0"), "Capacity: must be a positive number"),
        ("time_zone", lambda d: d.zone_combo.setCurrentText("Mars/Olympus_Mons"), "unknown time zone"),
        ("name", lambda d: d.name_edit.setText("  "), "Name: must not be empty"),
    ],
)
def test_dialog_refuses_bad_input_and_highlights_the_field(
    qtbot: QtBot, workspace: Workspace, field: str, change: object, message: str
) -> None:
    before = venue_count(workspace)
    dialog = VenueDialog(
        None, FULL, "Europe/London", check=lambda v: workspace.check(lambda s: venues.create_venue(s, v))
    )
    qtbot.add_widget(dialog)
    change(dialog)  # type: ignore[operator]
    dialog.accept()
    assert dialog.result_value() is None
    assert message in dialog.error_label.text()
    assert dialog.invalid_field() == field
    assert venue_count(workspace) == before


def test_dialog_refuses_overlapping_spans_highlighting_the_day(qtbot: QtBot) -> None:
    dialog = VenueDialog(None, FULL)
    qtbot.add_widget(dialog)
    tuesday = dialog.hours_editor.rows["tue"]
    tuesday.second[0].setTime(QTime(12, 0))  # 12:00-17:00 overlaps 09:00-12:30
    dialog.accept()
    assert dialog.result_value() is None
    assert "Tuesday the second span 12:00–17:00 overlaps the first 09:00–12:30" in dialog.error_label.text()
    assert dialog.invalid_field() == "opening_hours.tue.2"


def test_dialog_shows_the_duplicate_code_from_the_service(qtbot: QtBot, workspace: Workspace) -> None:
    before = venue_count(workspace)
    dialog = VenueDialog(None, FULL, check=lambda v: workspace.check(lambda s: venues.create_venue(s, v)))
    qtbot.add_widget(dialog)
    dialog.code_edit.setText("DIF")
    dialog.accept()
    assert dialog.result_value() is None
    assert "another venue already has the code 'DIF'" in dialog.error_label.text()
    assert dialog.invalid_field() == "code"
    assert venue_count(workspace) == before
    dialog.code_edit.setText("LTH")
    dialog.accept()
    assert dialog.result_value() == FULL
    assert venue_count(workspace) == before  # the check is a dry run
