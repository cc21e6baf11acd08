"""Message boxes that show their text exactly as given (names typed by users included)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, buttons: Button = Button.Ok
) -> QMessageBox:
    """A message box whose text is plain text: Qt would otherwise render text that looks like
    markup (a venue called "<b>Hall</b>", an <img> tag naming a local file) as rich text."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a question; True when the user answers Yes."""
    box = message_box(parent, QMessageBox.Icon.Question, title, text, Button.Yes | Button.No)
    box.setDefaultButton(Button.No)
    return box.exec() == Button.Yes


def warn(parent: QWidget | None, title: str, text: str, *, critical: bool = False) -> None:
    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
    message_box(parent, icon, title, text).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Information, title, text).exec()
