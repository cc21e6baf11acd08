"""The document language in the attendee editor; names in another script in the venue and room editors."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.values import AttendeeData, RoomData, VenueData
from visitplanner.ui.dialogs.attendee import AttendeeDialog
from visitplanner.ui.dialogs.room import RoomDialog
from visitplanner.ui.dialogs.venue import VenueDialog


def test_the_attendee_editor_offers_the_usual_language_first_then_each_one(qtbot: QtBot) -> None:
    initial = AttendeeData(7, Side.VISITING, Role.PRINCIPAL, 1)
    dialog = AttendeeDialog(None, initial, "Park Heong-Joon (박형준)", languages="ko, en")
    qtbot.add_widget(dialog)
    combo = dialog.document_language
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Usual for their languages (Korean (한국어))",
        "English",
        "Korean (한국어)",
    ]
    assert dialog.value() == initial  # nothing chosen: ""
    combo.setCurrentIndex(combo.findData("en"))
    dialog.accept()
    result = dialog.result_value()
    assert result is not None and result.document_language == "en"


def test_the_attendee_editor_shows_a_chosen_language(qtbot: QtBot) -> None:
    dialog = AttendeeDialog(None, AttendeeData(7, Side.HOST, Role.HOST, 1, "", "", "ko"), "Steve Rotheram")
    qtbot.add_widget(dialog)
    assert dialog.document_language.currentText() == "Korean (한국어)"
    assert dialog.document_language.itemText(0) == "Usual for their languages (English)"
    assert dialog.value().document_language == "ko"


def test_the_venue_editor_edits_the_native_name(qtbot: QtBot) -> None:
    dialog = VenueDialog(None, VenueData("Liverpool Town Hall", "LTH", native_name="리버풀 시청"))
    qtbot.add_widget(dialog)
    assert dialog.native_name_edit.text() == "리버풀 시청"
    dialog.native_name_edit.setText("리버풀 타운홀")  # typed through an input method: QTest cannot key Hangul
    dialog.accept()
    assert dialog.result_value() == VenueData("Liverpool Town Hall", "LTH", native_name="리버풀 타운홀")


def test_the_room_editor_edits_the_native_name(qtbot: QtBot) -> None:
    dialog = RoomDialog(None, RoomData("Council Chamber", 40), "Liverpool Town Hall")
    qtbot.add_widget(dialog)
    dialog.native_name_edit.setText("시의회 회의장")
    dialog.accept()
    assert dialog.result_value() == RoomData("Council Chamber", 40, "", "시의회 회의장")


def test_a_control_character_in_a_native_name_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    dialog = RoomDialog(None, RoomData("Council Chamber"), "Liverpool Town Hall")
    qtbot.add_widget(dialog)
    dialog.native_name_edit.setText("시의회\x1b[2J")
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "native_name"
