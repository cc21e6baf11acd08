"""The frame every editor dialog shares: a form, an error banner and field highlighting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.limits import TextRule
from visitplanner.ui.accessibility import name_from_labels
from visitplanner.ui.style import ALERT, ALERT_TINT, ERROR, css

V = TypeVar("V")


class CharacterLimit(QValidator):
    """Refuses typing or pasting past `limit` characters, counted as the domain counts them (code
    points). `QLineEdit.setMaxLength` counts UTF-16 units instead: it would stop a name of astral
    characters (emoji, rare CJK) at half the limit, and cut a stored one when the dialog opens.

    Attributes:
        limit: the most characters the line edit takes.
    """

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        state = QValidator.State.Acceptable if len(text) <= self.limit else QValidator.State.Invalid
        return state, text, pos


def limit_lengths(fields: Mapping[str, QWidget], rules: Mapping[str, TextRule]) -> None:
    """Give each one-line edit in `fields` the length limit of its field's rule (the same limit the
    domain checks and the database column holds); edits with a validator of their own keep it."""
    for name, rule in rules.items():
        widget = fields.get(name)
        if isinstance(widget, QLineEdit) and widget.validator() is None:
            widget.setValidator(CharacterLimit(rule.limit, widget))


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
        text_rules: the value's text rules (e.g. `PersonData.TEXT`); when the dialog first shows,
            each one-line edit in `fields` takes its field's length limit.
    """

    text_rules: ClassVar[Mapping[str, TextRule]] = {}

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
        self.error_label.setStyleSheet(
            f"color: {css(ALERT, self.palette())}; background: {css(ALERT_TINT, self.palette())};"
            " padding: 6px; border-radius: 4px;"
        )
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._result: V | None = None
        self._opened_state: tuple[object, ...] | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opened_state is None:  # first show: focus and Tab follow what the officer sees
            name_from_labels(self)
            limit_lengths(self.fields, self.text_rules)
            inputs = focus_chain(self, exclude=self.buttons)
            buttons = focus_chain(self.buttons)
            for first, second in zip(inputs + buttons, (inputs + buttons)[1:], strict=False):
                QWidget.setTabOrder(first, second)
            if inputs:
                inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self._opened_state = input_state(self)

    def has_edits(self) -> bool:
        """Whether any input differs from what the dialog showed when it opened."""
        return self._opened_state is not None and input_state(self) != self._opened_state

    def confirm_discard(self) -> bool:
        """Asks whether to throw away the edits (tests replace this method)."""
        from visitplanner.ui.messages import message_box

        box = message_box(
            self,
            QMessageBox.Icon.Question,
            "Discard changes?",
            "You have changed this form. Close it and lose those changes?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._may_discard():
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # the title bar's close button; a close by the program (or a test) does not ask
        if event.spontaneous() and not self._may_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def _cancel(self) -> None:
        if self._may_discard():
            self.reject()

    def _may_discard(self) -> bool:
        """Escape, Cancel or the close button: with edits made, only after the officer agrees."""
        return not self.has_edits() or self.confirm_discard()

    def value(self) -> V:
        raise NotImplementedError

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show a refusal in the banner, in the form's words ("End date: ...", not "end_date: ..."),
        and highlight the field; the banner goes as soon as that field is valid again."""
        self._clear_invalid()
        prefix, _, rest = message.partition(": ")
        if rest and (prefix == field or prefix in self.fields):
            message = f"{self.field_label(prefix)}: {rest}"
        self.error_label.setText(message)
        self.error_label.show()
        widget: QWidget | None = self.fields.get(field or "")
        if widget is None and field:
            widget = self.fields.get(field.split(".")[0])
        if widget is not None:
            widget.setStyleSheet(f"border: 2px solid {css(ERROR, widget.palette())}; border-radius: 3px;")
            widget.setProperty("invalid", True)
            widget.setFocus()
            self._watch(widget)

    def field_label(self, field: str) -> str:
        """The field's name as its form label shows it ("End date" for end_date)."""
        widget = self.fields.get(field) or self.fields.get(field.split(".")[0])
        if widget is not None:
            for label in self.findChildren(QLabel):
                if label.buddy() is widget and label.text().strip():
                    return label.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(": ")
        words = field.split(".")[0].replace("_", " ").strip()
        return words[:1].upper() + words[1:]

    def _clear_invalid(self) -> None:
        for each in self.fields.values():
            each.setStyleSheet("")
            each.setProperty("invalid", False)

    def _watch(self, widget: QWidget) -> None:
        """Re-check when the highlighted field changes (connected once per widget)."""
        if widget.property("watched"):
            return
        widget.setProperty("watched", True)
        signals = {
            QLineEdit: "textChanged",
            QPlainTextEdit: "textChanged",
            QTextEdit: "textChanged",
            QComboBox: "currentIndexChanged",
            QDateTimeEdit: "dateTimeChanged",
            QSpinBox: "valueChanged",
            QDoubleSpinBox: "valueChanged",
            QAbstractButton: "toggled",
        }
        for kind, name in signals.items():
            if isinstance(widget, kind):
                getattr(widget, name).connect(self._recheck)
                return
        for child in widget.findChildren(QLineEdit):  # a composite field (a path with Browse…)
            child.textChanged.connect(self._recheck)

    def _recheck(self) -> None:
        invalid = self.invalid_field()
        if invalid is None or self.error_label.isHidden():
            return
        try:
            value = self.value()
            validate = getattr(value, "validate", None)
            if callable(validate):
                validate()
        except UserError as exc:
            if exc.field is not None and exc.field.split(".")[0] == invalid.split(".")[0]:
                return  # still wrong: the message stays until OK shows the new one
        except ValueError:  # a value the form cannot build yet: the banner stays
            return
        self._clear_invalid()
        self.error_label.hide()

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


def focus_chain(root: QWidget, exclude: QWidget | None = None) -> list[QWidget]:
    """The widgets under `root` that take focus with Tab, in reading order: row by row from the
    top, left to right within a row. A widget inside another focusable one (the line edit of a
    spin box, the viewport of a list) is left to its owner."""
    candidates = [
        widget
        for widget in root.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isVisibleTo(root)
        and widget.isEnabled()
        and widget.focusProxy() is None
        and not (exclude is not None and (widget is exclude or exclude.isAncestorOf(widget)))
    ]
    owned = set(candidates)
    chain = [w for w in candidates if not any(_owns(other, w) for other in owned if other is not w)]
    placed = [(w.mapTo(root, QPoint(0, 0)), w) for w in chain]
    placed.sort(key=lambda item: (item[0].y(), item[0].x()))
    rows: list[list[tuple[QPoint, QWidget]]] = []
    for corner, widget in placed:
        if rows and corner.y() < rows[-1][0][0].y() + rows[-1][0][1].height() // 2:
            rows[-1].append((corner, widget))
        else:
            rows.append([(corner, widget)])
    return [widget for row in rows for _, widget in sorted(row, key=lambda item: item[0].x())]


def _owns(owner: QWidget, widget: QWidget) -> bool:
    return owner.isAncestorOf(widget) and isinstance(owner, QAbstractSpinBox | QComboBox | QAbstractItemView)


def input_state(root: QWidget) -> tuple[object, ...]:
    """What every input under `root` holds, to tell whether anything was edited."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return tuple(state)
