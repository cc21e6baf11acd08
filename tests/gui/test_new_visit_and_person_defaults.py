"""New visit: the end date follows the start date and a long visit is confirmed; a new person
with a Hangul name is written family name first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import NameOrder
from visitplanner.domain.values import PersonData
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.dialogs.visit import LONG_VISIT_DAYS, VisitDialog


def _visit_dialog(qtbot: QtBot) -> VisitDialog:
    dialog = VisitDialog(None, None, [])
    qtbot.add_widget(dialog)
    dialog.title_edit.setText("Visit of the Mayor of Busan")
    dialog.slug_edit.setText("busan")
    return dialog


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def test_the_end_date_moves_with_the_start_date(qtbot: QtBot) -> None:
    dialog = _visit_dialog(qtbot)
    start, end = dialog.start_edit.date(), dialog.end_edit.date()
    length = start.daysTo(end)
    dialog.start_edit.setDate(start.addDays(40))
    assert dialog.end_edit.date() == start.addDays(40 + length)
    dialog.start_edit.setDate(start.addDays(-3))
    assert dialog.start_edit.date().daysTo(dialog.end_edit.date()) == length


@pytest.mark.parametrize("agreed", [False, True])
def test_a_visit_longer_than_three_weeks_is_confirmed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, agreed: bool
) -> None:
    dialog = _visit_dialog(qtbot)
    asked: list[int] = []
    monkeypatch.setattr(dialog, "confirm_long_visit", lambda days: asked.append(days) or agreed)
    first = date(2027, 5, 11)
    dialog.start_edit.setDate(_qdate(first))
    dialog.end_edit.setDate(_qdate(first + timedelta(days=30)))
    dialog.accept()
    assert asked == [31]
    value = dialog.result_value()
    assert (value is not None) is agreed
    if value is not None:
        assert value.end_date == first + timedelta(days=30)


def test_three_weeks_are_not_questioned(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _visit_dialog(qtbot)
    monkeypatch.setattr(dialog, "confirm_long_visit", lambda days: pytest.fail("not a long visit"))
    first = date(2027, 5, 11)
    dialog.start_edit.setDate(_qdate(first))
    dialog.end_edit.setDate(_qdate(first + timedelta(days=LONG_VISIT_DAYS - 1)))
    dialog.accept()
    assert dialog.result_value() is not None


def test_a_hangul_name_makes_a_new_person_family_name_first(qtbot: QtBot) -> None:
    dialog = PersonDialog(None, None, [])
    qtbot.add_widget(dialog)
    assert dialog.value().name_order is NameOrder.GIVEN_FIRST
    dialog.native_name.insert("박형준")  # as typed (QTest.keyClicks handles only Latin-1)
    assert dialog.value().name_order is NameOrder.FAMILY_FIRST


def test_an_order_the_officer_chose_is_kept(qtbot: QtBot) -> None:
    dialog = PersonDialog(None, None, [])
    qtbot.add_widget(dialog)
    dialog.name_order.setCurrentIndex(dialog.name_order.findData(NameOrder.GIVEN_FIRST))
    dialog.name_order.activated.emit(dialog.name_order.currentIndex())  # as a click on the list does
    dialog.native_name.insert("김민지")
    assert dialog.value().name_order is NameOrder.GIVEN_FIRST


def test_an_existing_persons_order_is_never_changed(qtbot: QtBot) -> None:
    dialog = PersonDialog(None, PersonData("Kim", "Yuna", name_order=NameOrder.GIVEN_FIRST), [])
    qtbot.add_widget(dialog)
    dialog.native_name.insert("김연아")
    assert dialog.value().name_order is NameOrder.GIVEN_FIRST
