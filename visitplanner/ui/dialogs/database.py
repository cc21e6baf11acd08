"""File → Connect to a shared database…: the server, port, database, user and password of a PostgreSQL login."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from visitplanner.store.urls import DEFAULT_PORT, ServerLogin
from visitplanner.ui.dialogs.base import FormDialog


class ConnectDialog(FormDialog[ServerLogin]):
    """Asks how to reach a shared PostgreSQL database; OK tries the login (`check`), so a wrong
    password or an unknown database is refused in the dialog, naming the field to correct.

    The password is used for this connection only: VisitPlanner never stores it.
    """

    def __init__(
        self,
        parent: QWidget | None,
        initial: ServerLogin | None = None,
        check: Callable[[ServerLogin], None] | None = None,
    ) -> None:
        super().__init__(parent, "Connect to a shared database", check)
        initial = initial or ServerLogin("", DEFAULT_PORT, "visitplanner", "")
        self.host_edit = QLineEdit(initial.host)
        self.host_edit.setPlaceholderText("e.g. db.office.example")
        self.port_edit = QSpinBox()
        self.port_edit.setRange(1, 65535)
        self.port_edit.setValue(initial.port)
        self.database_edit = QLineEdit(initial.database)
        self.user_edit = QLineEdit(initial.user)
        self.password_edit = QLineEdit(initial.password)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("empty: the server's own arrangement (~/.pgpass)")
        for name, label, widget in (
            ("host", "&Server", self.host_edit),
            ("port", "P&ort", self.port_edit),
            ("database", "&Database", self.database_edit),
            ("user", "&User name", self.user_edit),
            ("password", "&Password", self.password_edit),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.resize(440, 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        invalid = self.invalid_field()  # opened on a refusal: the cursor goes where the fix is
        if invalid is not None:
            self.fields[invalid].setFocus()

    def value(self) -> ServerLogin:
        return ServerLogin(
            self.host_edit.text().strip(),
            self.port_edit.value(),
            self.database_edit.text().strip(),
            self.user_edit.text().strip(),
            self.password_edit.text(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: ServerLogin | None = None,
        check: Callable[[ServerLogin], None] | None = None,
        problem: tuple[str, str | None] | None = None,
    ) -> ServerLogin | None:
        """The login to use, or None if cancelled; `problem` (message, field) is shown on opening
        (a saved server that refused to connect without a password)."""
        dialog = cls(parent, initial, check)
        if problem is not None:
            dialog.show_error(*problem)
        return dialog.result_value() if dialog.exec() else None
