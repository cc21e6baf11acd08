"""Text users typed is shown as typed: in refusal banners, message boxes and table tooltips
(Qt would render text that looks like markup as rich text, even loading local images)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from visitplanner.ui import messages
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.models.base import Column, RowTableModel, plain_tooltip
from visitplanner.ui.workspace import Workspace

HOSTILE = "<img src='/tmp/x.png' width=600><b>Hall</b> & <h1>Huge</h1>"


def test_a_refusal_quoting_markup_is_shown_as_plain_text(qtbot: QtBot, workspace: Workspace) -> None:
    from visitplanner.services.people import create_person

    dialog = PersonDialog(None, None, [], check=lambda v: workspace.check(lambda s: create_person(s, v)))
    qtbot.add_widget(dialog)
    qtbot.keyClicks(dialog.family_name, "Yoon")
    dialog.email.setText("<b>big</b>@<i>x</i>")
    dialog.accept()
    assert dialog.result_value() is None and dialog.invalid_field() == "email"
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText


def test_message_boxes_show_plain_text(qtbot: QtBot) -> None:
    box = messages.message_box(None, QMessageBox.Icon.Warning, "Delete venue", f"Delete {HOSTILE}?")
    qtbot.add_widget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == f"Delete {HOSTILE}?"


def test_ask_yes_no_answers_and_defaults_to_no(qtbot: QtBot) -> None:
    def answer(button: QMessageBox.StandardButton | None) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.textFormat() == Qt.TextFormat.PlainText and HOSTILE in box.text()
        if button is None:
            box.reject()  # Escape: the default answer
        else:
            box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    assert messages.ask_yes_no(None, "Delete", f"Delete {HOSTILE}?") is True
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    assert messages.ask_yes_no(None, "Delete", f"Delete {HOSTILE}?") is False


def test_table_tooltips_are_escaped(qapp: object) -> None:
    class Names(RowTableModel[str]):
        columns = (Column("Name", lambda r: r, tooltip=lambda r: f"{r}\nsecond line"),)

        def row_id(self, row: str) -> int:
            return self._rows.index(row)

    model = Names()
    model.set_rows([HOSTILE])
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == plain_tooltip(f"{HOSTILE}\nsecond line")
    assert "<img" not in tip and "&lt;img src=&#x27;/tmp/x.png&#x27; width=600&gt;" in tip
    assert plain_tooltip("") == ""
