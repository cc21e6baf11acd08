"""The engagement editor, built from plain data: live home time, transfer-only fields, rooms that
follow the venue, attendees with parts, and bad input refused in place with the field highlighted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import local_datetime
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan
from visitplanner.services.engagements import create_engagement, update_engagement
from visitplanner.services.reads.itinerary import (
    AttendeeChoice,
    EngagementChoices,
    RoomChoice,
    VehicleChoice,
    VenueChoice,
    read_itinerary,
)
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.workspace import Workspace

LONDON = ZoneInfo("Europe/London")
DAY1 = date(2027, 5, 11)

CHOICES = EngagementChoices(
    "Europe/London",
    "Asia/Seoul",
    DAY1,
    date(2027, 5, 12),
    venues=(
        VenueChoice(1, "Town Hall", "TH", (RoomChoice(11, "Council Chamber", 80), RoomChoice(12, "Mayor's Parlour"))),
        VenueChoice(2, "Pier Head", "PH"),
        VenueChoice(3, "Hotel", "HOTEL", (RoomChoice(31, "Suite A"),)),
    ),
    vehicles=(VehicleChoice(7, "Car 1", 4), VehicleChoice(8, "Minibus", 16)),
    attendees=(
        AttendeeChoice(101, "Park Heong-Joon (박형준)", Side.VISITING, Role.PRINCIPAL),
        AttendeeChoice(102, "Kim Min-seo (김민서)", Side.VISITING, Role.DELEGATE),
        AttendeeChoice(201, "Steve Rotheram", Side.HOST, Role.PRINCIPAL),
        AttendeeChoice(301, "Seo Ji-yeon (서지연)", Side.STAFF, Role.INTERPRETER),
        AttendeeChoice(302, "Daniel Hughes", Side.STAFF, Role.DRIVER),
    ),
)


def at(hhmm: str, day: date = DAY1) -> datetime:
    return local_datetime(day, time.fromisoformat(hhmm), LONDON)


def plan(**changes: object) -> EngagementPlan:
    data = EngagementData(
        EngagementKind.MEETING,
        "Courtesy call",
        at("10:00"),
        at("11:00"),
        1,
        11,
        public_notes="Photographs allowed",
        restricted_notes="Gift: celadon vase",
        dress_code="Lounge suit",
        status=EngagementStatus.TENTATIVE,
    )
    attendances = (AttendanceData(101, AttendancePart.SPEAKER), AttendanceData(301, AttendancePart.INTERPRETER))
    return EngagementPlan(replace(data, **changes), attendances)  # type: ignore[arg-type]


@pytest.fixture
def dialog(qtbot: QtBot) -> EngagementDialog:
    editor = EngagementDialog(None, CHOICES, plan())
    qtbot.add_widget(editor)
    return editor


def test_an_untouched_dialog_gives_back_the_same_plan(dialog: EngagementDialog) -> None:
    assert dialog.windowTitle() == "Edit engagement"
    assert dialog.value() == plan()
    assert dialog.attendees.count_label.text() == "2 of 5 attending"


def test_the_demo_engagements_round_trip_unchanged(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    itinerary = workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    assert itinerary is not None
    for row in itinerary.rows:
        editor = EngagementDialog(None, itinerary.choices, row.plan)
        qtbot.add_widget(editor)
        assert editor.value() == row.plan, row.title


def test_home_time_follows_the_local_time_live(dialog: EngagementDialog) -> None:
    assert dialog.home_label.text().startswith("Seoul: Tue 18:00–19:00")
    dialog.start_edit.setTime(QTime(16, 15))
    dialog.end_edit.setTime(QTime(17, 0))
    assert dialog.home_label.text() == "Seoul: Wed 00:15–01:00  ·  45 min"
    dialog.date_edit.setDate(QDate(2027, 5, 12))
    assert dialog.home_label.text().startswith("Seoul: Thu 00:15–01:00")
    dialog.end_edit.setTime(QTime(16, 0))
    assert "not after the start" in dialog.home_label.text()
    dialog.next_day.setChecked(True)
    assert "23 h 45 min" in dialog.home_label.text()


def test_transfer_fields_are_enabled_only_for_transfers(dialog: EngagementDialog) -> None:
    assert not dialog.origin.isEnabled() and not dialog.vehicle.isEnabled()
    assert dialog.room.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData(EngagementKind.TRANSFER))
    assert dialog.origin.isEnabled() and dialog.vehicle.isEnabled()
    assert not dialog.room.isEnabled()
    assert dialog.venue_label.text() == "Destinatio&n"  # type: ignore[union-attr]
    dialog.origin.setCurrentIndex(dialog.origin.findData(2))
    dialog.vehicle.setCurrentIndex(dialog.vehicle.findData(8))
    value = dialog.value()
    assert (value.data.origin_venue_id, value.data.vehicle_id, value.data.room_id) == (2, 8, None)
    # back to a meeting: origin and vehicle are dropped rather than refused
    dialog.kind.setCurrentIndex(dialog.kind.findData(EngagementKind.MEETING))
    assert not dialog.origin.isEnabled()
    value = dialog.value()
    assert (value.data.origin_venue_id, value.data.vehicle_id) == (None, None)
    value.data.validate()


def test_rooms_follow_the_venue(dialog: EngagementDialog) -> None:
    assert [dialog.room.itemText(i) for i in range(dialog.room.count())] == [
        "(no room)",
        "Council Chamber · 80",
        "Mayor's Parlour",
    ]
    dialog.venue.setCurrentIndex(dialog.venue.findData(3))
    assert [dialog.room.itemData(i) for i in range(dialog.room.count())] == [None, 31]
    assert dialog.room.currentData() is None
    dialog.venue.setCurrentIndex(dialog.venue.findData(2))
    assert dialog.room.count() == 1 and not dialog.room.isEnabled()
    assert dialog.value().data.room_id is None


def test_attendees_with_parts_and_helpers(dialog: EngagementDialog) -> None:
    picker = dialog.attendees
    picker.set_checked(301, False)
    picker.set_checked(201, True)
    assert picker.part_combos[201].isEnabled() and not picker.part_combos[301].isEnabled()
    picker.part_combos[201].setCurrentIndex(picker.part_combos[201].findData(AttendancePart.SIGNATORY))
    assert dialog.value().attendances == (
        AttendanceData(101, AttendancePart.SPEAKER),
        AttendanceData(201, AttendancePart.SIGNATORY),
    )
    picker.select_all(False)
    picker.delegation_button.click()
    assert picker.checked_ids() == [101, 102]
    picker.all_button.click()
    assert len(picker.checked_ids()) == 5
    assert dialog.value().attendances[-1] == AttendanceData(302, AttendancePart.PARTICIPANT)
    picker.clear_button.click()
    assert dialog.value().attendances == ()


def test_new_transfer_attendees_default_to_passenger_and_driver(qtbot: QtBot) -> None:
    defaults = EngagementPlan(EngagementData(EngagementKind.TRANSFER, "Shuttle", at("09:00"), at("09:30"), 1))
    editor = EngagementDialog(None, CHOICES, None, defaults=defaults)
    qtbot.add_widget(editor)
    assert editor.windowTitle() == "New engagement"
    editor.attendees.select_all(True)
    parts = {a.attendee_id: a.part for a in editor.value().attendances}
    assert parts[101] is AttendancePart.PASSENGER and parts[302] is AttendancePart.DRIVER


def test_restricted_notes_are_labelled(dialog: EngagementDialog) -> None:
    from PySide6.QtWidgets import QLabel

    label = dialog.findChild(QLabel, "restrictedLabel")
    assert label is not None and "RESTRICTED" in label.text()
    assert dialog.restricted_notes.toPlainText() == "Gift: celadon vase"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d.title_edit.setText("   "), "title", "Title: must not be empty"),
        (lambda d: d.end_edit.setTime(QTime(9, 0)), "end", "End: must be after the start"),
        (lambda d: d.date_edit.setDate(QDate(2027, 5, 14)), "date", "outside the visit"),
        (lambda d: d.dress_code.setText("x" * 201), "dress_code", "at most 200"),
    ],
)
def test_bad_input_is_refused_with_the_field_highlighted(
    dialog: EngagementDialog, change: object, field: str, message: str
) -> None:
    change(dialog)  # type: ignore[operator]
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.invalid_field() == field
    assert message in dialog.error_label.text()
    assert dialog.error_label.isVisible() or not dialog.isVisible()


def test_the_services_refusal_shows_in_place(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    itinerary = workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    assert itinerary is not None
    choices = itinerary.choices
    hotel = next(v for v in choices.venues if v.code == "HOTEL")

    def check(value: EngagementPlan) -> None:
        workspace.check(lambda s: create_engagement(s, demo_visit_id, value))

    defaults = EngagementPlan(EngagementData(EngagementKind.TRANSFER, "Shuttle", at("18:00"), at("18:30"), hotel.id))
    editor = EngagementDialog(None, choices, None, check, defaults=defaults)
    qtbot.add_widget(editor)
    editor.accept()  # a transfer without an origin
    assert editor.invalid_field() == "origin_venue"
    editor.origin.setCurrentIndex(editor.origin.findData(hotel.id))
    editor.accept()  # from the hotel to the hotel
    assert editor.invalid_field() == "venue"
    assert "must differ from its origin" in editor.error_label.text()
    assert editor.result_value() is None
    before = workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    assert before is not None and len(before.rows) == len(itinerary.rows)  # nothing saved by the dry runs
    other = next(v for v in choices.venues if v.code == "LCRCA")
    editor.origin.setCurrentIndex(editor.origin.findData(other.id))
    editor.accept()
    assert editor.result_value() is not None


def test_a_conflict_found_by_the_check_is_shown(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    itinerary = workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    assert itinerary is not None
    row = itinerary.rows[0]

    def check(value: EngagementPlan) -> None:
        workspace.check(lambda s: update_engagement(s, row.id, value, expected_version=row.version - 1))

    editor = EngagementDialog(None, itinerary.choices, row.plan, check)
    qtbot.add_widget(editor)
    editor.accept()
    assert editor.result_value() is None
    assert "changed by someone else" in editor.error_label.text()


def test_ask_returns_the_plan_or_none(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        EngagementDialog, "exec", lambda self: (self.title_edit.setText("Renamed"), self.accept(), 1)[-1]
    )
    result = EngagementDialog.ask(None, CHOICES, plan())
    assert result is not None and result.data.title == "Renamed"
    monkeypatch.setattr(EngagementDialog, "exec", lambda self: 0)
    assert EngagementDialog.ask(None, CHOICES, plan()) is None


def test_a_user_error_from_check_names_its_field(qtbot: QtBot) -> None:
    def check(value: EngagementPlan) -> None:
        raise UserError("vehicle: Car 1 is already booked", field="vehicle")

    editor = EngagementDialog(None, CHOICES, plan(kind=EngagementKind.TRANSFER, origin_venue_id=2, room_id=None), check)
    qtbot.add_widget(editor)
    editor.accept()
    assert editor.invalid_field() == "vehicle"


NEW_YORK_CHOICES = replace(
    CHOICES, local_time_zone="America/New_York", first_day=date(2027, 3, 13), last_day=date(2027, 3, 15)
)


@pytest.mark.parametrize(("start", "end", "field"), [((2, 30), (3, 30), "start"), ((1, 0), (2, 15), "end")])
def test_a_time_the_clocks_skip_is_refused_by_name(
    qtbot: QtBot, start: tuple[int, int], end: tuple[int, int], field: str
) -> None:
    """New York springs forward at 02:00 on 14 March 2027: 02:00–02:59 do not exist that day."""
    new_york = ZoneInfo("America/New_York")
    initial = plan(
        start=local_datetime(date(2027, 3, 14), time(0, 30), new_york),
        end=local_datetime(date(2027, 3, 14), time(1, 0), new_york),
    )
    editor = EngagementDialog(None, NEW_YORK_CHOICES, initial)
    qtbot.add_widget(editor)
    editor.start_edit.setTime(QTime(*start))
    editor.end_edit.setTime(QTime(*end))
    assert "does not exist that day" in editor.home_label.text()
    editor.accept()
    assert editor.result_value() is None and editor.invalid_field() == field
    hhmm = f"{start[0] if field == 'start' else end[0]:02d}:{start[1] if field == 'start' else end[1]:02d}"
    assert (
        f"{field.capitalize()}: {hhmm} does not exist on Sun 14 Mar 2027 in America/New_York: "
        "the clocks go forward 1 hour" in editor.error_label.text()
    )
    editor.start_edit.setTime(QTime(3, 0))
    editor.end_edit.setTime(QTime(4, 0))
    editor.accept()
    value = editor.result_value()
    assert value is not None and value.data.end - value.data.start == timedelta(hours=1)


def test_interpretation_is_chosen_and_given_back(qtbot: QtBot) -> None:
    from visitplanner.domain.enums import InterpretationMode

    editor = EngagementDialog(None, CHOICES, plan(interpretation=InterpretationMode.SIMULTANEOUS))
    qtbot.add_widget(editor)
    assert editor.interpretation.currentText() == "Simultaneous"
    assert editor.value().data.interpretation is InterpretationMode.SIMULTANEOUS
    editor.interpretation.setCurrentIndex(editor.interpretation.findData(InterpretationMode.CONSECUTIVE))
    assert editor.value().data.interpretation is InterpretationMode.CONSECUTIVE


def test_unnamed_guests_are_edited_and_given_back(qtbot: QtBot) -> None:
    editor = EngagementDialog(None, CHOICES, plan(guest_count=3, guest_label="spouses"))
    qtbot.add_widget(editor)
    assert editor.guest_count.value() == 3 and editor.guest_label.text() == "spouses"
    editor.guest_count.setValue(5)
    editor.guest_label.setText("  press pool ")
    data = editor.value().data
    assert (data.guest_count, data.guest_label) == (5, "press pool")
    editor.guest_count.setValue(0)
    editor.guest_label.clear()
    assert (editor.value().data.guest_count, editor.value().data.guest_label) == (0, "")


def test_a_guest_label_without_guests_is_refused_at_the_label(dialog: EngagementDialog) -> None:
    dialog.guest_label.setText("security")
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.invalid_field() == "guest_label"
    assert "give their number" in dialog.error_label.text()
