"""The room editor: name (also in another script), capacity and notes of one room of a venue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from visitplanner.domain.errors import UserError
from visitplanner.domain.values import RoomData
from visitplanner.ui.dialogs.base import FormDialog


def count_edit(value: int | None, placeholder: str = "not specified") -> QLineEdit:
    """A line edit for an optional whole number (empty means not specified)."""
    edit = QLineEdit("" if value is None else str(value))
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), edit))
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(140)
    return edit


def read_count(edit: QLineEdit, field: str) -> int | None:
    text = edit.text().strip()
    if not text:
        return None
    if not text.isdigit():
        raise UserError(f"{field}: {text!r} is not a whole number", field=field)
    return int(text)


class RoomDialog(FormDialog[RoomData]):
    """Edits a room of a venue."""

    text_rules = RoomData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: RoomData | None,
        venue_name: str = "",
        check: Callable[[RoomData], None] | None = None,
    ) -> None:
        title = "New room" if initial is None else "Edit room"
        super().__init__(parent, f"{title} — {venue_name}" if venue_name else title, check)
        initial = initial or RoomData("")
        self.name_edit = QLineEdit(initial.name)
        self.name_edit.setPlaceholderText("e.g. Boardroom")
        self.native_name_edit = QLineEdit(initial.native_name)
        self.native_name_edit.setPlaceholderText("In the readers' script, e.g. 회의실")
        self.capacity_edit = count_edit(initial.capacity)
        self.notes_edit = QPlainTextEdit(initial.notes)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("e.g. Hearing loop; screen with HDMI; no food")
        self.notes_edit.setMinimumHeight(70)
        for name, label, widget in (
            ("name", "&Name", self.name_edit),
            ("native_name", "Nati&ve script", self.native_name_edit),
            ("capacity", "&Capacity", self.capacity_edit),
            ("notes", "N&otes", self.notes_edit),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.resize(420, 270)

    def value(self) -> RoomData:
        return RoomData(
            self.name_edit.text().strip(),
            read_count(self.capacity_edit, "capacity"),
            self.notes_edit.toPlainText().strip(),
            self.native_name_edit.text().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: RoomData | None,
        venue_name: str = "",
        check: Callable[[RoomData], None] | None = None,
    ) -> RoomData | None:
        dialog = cls(parent, initial, venue_name, check)
        return dialog.result_value() if dialog.exec() else None
