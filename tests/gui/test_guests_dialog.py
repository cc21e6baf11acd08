"""The unnamed guests one by one (whom each accompanies) from the engagement editor, with pytest-qt."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.gui.test_engagement_dialog import CHOICES, plan
from visitplanner.domain.enums import Side
from visitplanner.domain.values import GuestData
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.dialogs.guests import LISTED, GuestsDialog


def test_the_dialog_lists_each_guest_with_whom_they_may_accompany(qtbot: QtBot) -> None:
    companions = [a for a in CHOICES.attendees if a.id in (101, 301)]
    dialog = GuestsDialog(None, 3, "spouses", [GuestData(2, "press", None, Side.VISITING)], companions)
    qtbot.add_widget(dialog)
    assert dialog.table.rowCount() == 3
    label, whom, side = dialog.row(1)
    assert [whom.itemText(i) for i in range(whom.count())] == [
        "(nobody)",
        "Park Heong-Joon (박형준)",
        "Seo Ji-yeon (서지연)",
    ]
    assert label.placeholderText() == "spouses"
    whom.setCurrentIndex(whom.findData(101))
    label.setText(" spouse ")
    assert not side.isEnabled()  # a guest who accompanies someone seats with their side
    assert dialog.value() == (GuestData(1, "spouse", 101), GuestData(2, "press", None, Side.VISITING))
    side2 = dialog.row(2)[2]
    assert side2.isEnabled() and side2.currentData() == Side.VISITING
    dialog.row(2)[0].clear()
    side2.setCurrentIndex(side2.findData(Side.HOST))
    assert dialog.value() == (GuestData(1, "spouse", 101),)  # nothing particular left: not kept


def test_a_companion_who_no_longer_attends_is_shown_not_lost(qtbot: QtBot) -> None:
    dialog = GuestsDialog(None, 1, "", [GuestData(1, "", 999)], [])
    qtbot.add_widget(dialog)
    assert dialog.row(1)[1].currentText() == "attendee 999 (not attending)"
    assert dialog.value() == (GuestData(1, "", 999),)


def test_many_guests_list_the_first_ones_and_keep_the_rest(qtbot: QtBot) -> None:
    dialog = GuestsDialog(None, LISTED + 50, "press", [GuestData(LISTED + 7, "camera")], [])
    qtbot.add_widget(dialog)
    assert dialog.table.rowCount() == LISTED
    assert dialog.value() == (GuestData(LISTED + 7, "camera"),)


def test_the_editor_opens_the_guests_and_gives_them_back_in_its_value(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = EngagementDialog(None, CHOICES, plan(guest_count=2, guest_label="spouses"))
    qtbot.add_widget(editor)
    assert editor.guests_button.isEnabled() and editor.guests_summary.text() == ""
    seen: dict[str, object] = {}

    def fake_exec(self: GuestsDialog) -> int:
        seen["companions"] = [self.row(1)[1].itemData(i) for i in range(self.row(1)[1].count())]
        self.row(1)[1].setCurrentIndex(self.row(1)[1].findData(101))
        self.row(1)[0].setText("spouse")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(GuestsDialog, "exec", fake_exec)
    assert editor.edit_guests()
    assert seen["companions"] == [None, 101, 301]  # those attending, as ticked in the editor
    assert editor.value().data.guests == (GuestData(1, "spouse", 101),)
    assert editor.guests_summary.text() == "1 accompanies someone"
    editor.guest_count.setValue(0)
    editor.guest_label.clear()
    assert not editor.guests_button.isEnabled() and editor.value().data.guests == ()
    editor.guest_count.setValue(1)  # the entry comes back with its guest
    assert editor.value().data.guests == (GuestData(1, "spouse", 101),)


def test_an_engagement_keeps_its_described_guests_through_the_editor(qtbot: QtBot) -> None:
    guests = (GuestData(1, "spouse", 101), GuestData(3, "press", None, Side.VISITING))
    initial = plan(guest_count=3, guest_label="guests", guests=guests)
    editor = EngagementDialog(None, CHOICES, initial)
    qtbot.add_widget(editor)
    assert editor.value().data.guests == guests
    assert editor.value() == replace(initial, data=replace(initial.data, guests=guests))
