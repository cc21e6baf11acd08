"""The attendee editor and the address-book picker."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services.reads.people import PersonRow
from visitplanner.ui.dialogs.attendee import AttendeeDialog, PersonPickerDialog, current_role, current_side

BUSAN, LCR, UOL = 1, 2, 3


def test_attendee_dialog_edits_every_field(qtbot: QtBot) -> None:
    initial = AttendeeData(7, Side.VISITING, Role.DELEGATE, 3, "Arrives 09:00", "Departs 17:30")
    dialog = AttendeeDialog(None, initial, "Kim Min-seo (김민서)")
    qtbot.add_widget(dialog)
    assert dialog.value() == initial
    assert dialog.value().side is Side.VISITING and dialog.value().role is Role.DELEGATE
    assert not dialog.edit_person_button.isVisibleTo(dialog)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.INTERPRETER))
    dialog.arrival.setPlainText("Arrives 10:00 by train")
    dialog.accept()
    assert dialog.result_value() == AttendeeData(
        7, Side.VISITING, Role.INTERPRETER, 3, "Arrives 10:00 by train", "Departs 17:30"
    )


def test_changing_side_puts_them_last_unless_a_rank_is_given(qtbot: QtBot) -> None:
    dialog = AttendeeDialog(None, AttendeeData(7, Side.VISITING, Role.DELEGATE, 3), "Kim")
    qtbot.add_widget(dialog)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.STAFF))
    assert dialog.value().precedence is None
    assert dialog.precedence.text() == "Last on the side"
    dialog.side.setCurrentIndex(dialog.side.findData(Side.VISITING))
    assert dialog.value().precedence == 3
    dialog.precedence.setValue(1)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.HOST))
    assert dialog.value().precedence == 1


def test_bad_precedence_is_refused_with_the_field_highlighted(qtbot: QtBot) -> None:
    from visitplanner.domain.errors import UserError

    def refuse(value: AttendeeData) -> None:
        raise UserError("precedence: taken by someone else", field="precedence")

    dialog = AttendeeDialog(None, AttendeeData(7, Side.VISITING, Role.DELEGATE, 3), "Kim", check=refuse)
    qtbot.add_widget(dialog)
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "precedence"


def test_edit_person_button_updates_the_name(qtbot: QtBot) -> None:
    calls: list[int] = []

    def edit_person() -> str:
        calls.append(1)
        return "Kim Min-seo <Director>"

    dialog = AttendeeDialog(None, AttendeeData(7, Side.VISITING, Role.DELEGATE, 3), "Kim", edit_person=edit_person)
    qtbot.add_widget(dialog)
    assert dialog.edit_person_button.isVisibleTo(dialog)
    dialog.edit_person_button.click()
    assert calls == [1]
    assert "&lt;Director&gt;" in dialog.person_label.text()


def candidates() -> list[PersonRow]:
    return [
        PersonRow(11, 1, PersonData("Yoon", "Seo-yeon", "윤서연", organisation_id=BUSAN), "Busan Metropolitan City"),
        PersonRow(
            12,
            1,
            PersonData("Hart", "Megan", title="Deputy Mayor", organisation_id=LCR),
            "Liverpool City Region Combined Authority",
        ),
        PersonRow(13, 1, PersonData("Nowak", "Ola", organisation_id=UOL), "University of Liverpool"),
    ]


def picker(qtbot: QtBot) -> PersonPickerDialog:
    dialog = PersonPickerDialog(None, candidates(), visiting_organisation_id=BUSAN, host_organisation_id=LCR)
    qtbot.add_widget(dialog)
    return dialog


def test_picker_searches_and_guesses_the_side(qtbot: QtBot) -> None:
    dialog = picker(qtbot)
    qtbot.keyClicks(dialog.search, "deputy")
    assert dialog.proxy.rowCount() == 1
    dialog.search.clear()
    dialog.search.setText("윤서연")
    assert dialog.proxy.rowCount() == 1
    dialog.search.clear()
    assert dialog.select_person(12)
    assert current_side(dialog.side) is Side.HOST and current_role(dialog.role) is Role.HOST
    assert dialog.select_person(11)
    assert current_side(dialog.side) is Side.VISITING and current_role(dialog.role) is Role.DELEGATE
    dialog.accept()
    assert dialog.result_value() == AttendeeData(11, Side.VISITING, Role.DELEGATE)


def test_picker_keeps_a_side_the_user_chose(qtbot: QtBot) -> None:
    dialog = picker(qtbot)
    dialog.side.setCurrentIndex(dialog.side.findData(Side.STAFF))
    dialog.side.activated.emit(dialog.side.currentIndex())
    assert current_role(dialog.role) is Role.LIAISON
    dialog.select_person(12)
    assert current_side(dialog.side) is Side.STAFF


def test_picker_refuses_without_a_person(qtbot: QtBot) -> None:
    dialog = picker(qtbot)
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.invalid_field() == "person"
    assert "choose a person" in dialog.error_label.text()


def test_picker_says_when_everyone_attends(qtbot: QtBot) -> None:
    dialog = PersonPickerDialog(None, [])
    qtbot.add_widget(dialog)
    assert dialog.empty_label.isVisibleTo(dialog)
