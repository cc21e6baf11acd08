"""The frame every editor dialog shares: a form, an error banner and field highlighting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.errors import ConflictError, UserError

V = TypeVar("V")

INVALID_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


class FormDialog(QDialog, Generic[V]):
    """A dialog that builds a value from its fields and refuses to close on bad input.

    Subclasses add rows to `form`, map field names to widgets in `fields` and implement
    `value()`. On OK the value is built (which may raise `UserError`), checked with
    `value.validate()` when it has one, and then with `check` (a dry run of the service, so
    the database's own refusals, e.g. a duplicate slug, show here too). A refusal shows the
    message in the banner and highlights the named field; nothing is saved.

    Attributes:
        form: the form layout to fill.
        fields: field name (as in `UserError.field`) to the widget to highlight.
        error_label: the banner showing the last refusal.
    """

    def __init__(self, parent: QWidget | None, title: str, check: Callable[[V], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._check = check
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error_label.setObjectName("errorBanner")
        self.error_label.setStyleSheet("color: #b71c1c; background: #fdecea; padding: 6px; border-radius: 4px;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._result: V | None = None

    def value(self) -> V:
        raise NotImplementedError

    def show_error(self, message: str, field: str | None = None) -> None:
        for each in self.fields.values():
            each.setStyleSheet("")
            each.setProperty("invalid", False)
        self.error_label.setText(message)
        self.error_label.show()
        widget: QWidget | None = self.fields.get(field or "")
        if widget is None and field:
            widget = self.fields.get(field.split(".")[0])
        if widget is not None:
            widget.setStyleSheet(INVALID_STYLE)
            widget.setProperty("invalid", True)
            widget.setFocus()

    def invalid_field(self) -> str | None:
        for name, widget in self.fields.items():
            if widget.property("invalid"):
                return name
        return None

    def accept(self) -> None:
        try:
            value = self.value()
            validate = getattr(value, "validate", None)
            if callable(validate):
                validate()
            if self._check is not None:
                self._check(value)
        except UserError as exc:
            self.show_error(str(exc), exc.field)
            return
        except ConflictError as exc:
            self.show_error(str(exc))
            return
        self._result = value
        super().accept()

    def result_value(self) -> V | None:
        return self._result
