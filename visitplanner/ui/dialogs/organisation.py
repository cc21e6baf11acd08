"""Organisations: the editor of one, and the small manager listing them all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import OrganisationKind
from visitplanner.domain.values import OrganisationData
from visitplanner.services.reads.people import OrganisationRow, read_organisation_rows
from visitplanner.ui import messages
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.commands.people import (
    CreateOrganisationCommand,
    DeleteOrganisationCommand,
    EditOrganisationCommand,
)
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.models.base import OBJECT_ROLE, SortFilterProxy
from visitplanner.ui.models.people import OrganisationsModel
from visitplanner.ui.workspace import Workspace


class OrganisationDialog(FormDialog[OrganisationData]):
    """Edits an organisation: name, native name, country and kind."""

    text_rules = OrganisationData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: OrganisationData | None,
        check: Callable[[OrganisationData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New organisation" if initial is None else "Edit organisation", check)
        initial = initial or OrganisationData("")
        self.name = QLineEdit(initial.name)
        self.name.setPlaceholderText("e.g. Busan Metropolitan City")
        self.native_name = QLineEdit(initial.native_name)
        self.native_name.setPlaceholderText("In its own script, e.g. 부산광역시")
        self.country = QLineEdit(initial.country)
        self.country.setPlaceholderText("e.g. South Korea")
        self.kind = QComboBox()
        for kind in OrganisationKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(initial.kind))
        for name, label, widget in (
            ("name", "&Name", self.name),
            ("native_name", "Native &script", self.native_name),
            ("country", "&Country", self.country),
            ("kind", "&Kind", self.kind),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.resize(460, 200)

    def value(self) -> OrganisationData:
        return OrganisationData(
            self.name.text().strip(),
            self.native_name.text().strip(),
            self.country.text().strip(),
            OrganisationKind(self.kind.currentData()),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: OrganisationData | None,
        check: Callable[[OrganisationData], None] | None = None,
    ) -> OrganisationData | None:
        dialog = cls(parent, initial, check)
        return dialog.result_value() if dialog.exec() else None


class OrganisationsDialog(QDialog):
    """Lists the organisations with New, Edit and Delete; every edit is an undo command.

    Attributes:
        workspace: where reads and commands run.
        model: the organisations.
        proxy: those matching the search.
        view: the table.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisations")
        self.workspace = workspace
        self.model = OrganisationsModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search organisations")
        name_search_field(self.search)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setObjectName("organisations")
        self.view.setAccessibleName("Organisations")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(OrganisationsModel.COL_NAME, self.view.horizontalHeader().sortIndicatorOrder())
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(OrganisationsModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _: self.edit_organisation())
        self.new_button = QPushButton("&New…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.new_button.clicked.connect(self.new_organisation)
        self.edit_button.clicked.connect(self.edit_organisation)
        self.delete_button.clicked.connect(self.delete_organisation)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        workspace.changed.connect(self._on_changed)
        workspace.reloaded.connect(self.reload)
        self.reload()
        self.resize(720, 420)

    def reload(self) -> None:
        current = self.current()
        self.model.set_rows(self.workspace.read(read_organisation_rows))
        if current is not None:
            self.select(current.id)
        self._update_buttons()

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.ORGANISATION, Entity.PERSON):
            self.reload()
            created = [i for e, i in changes.created if e == Entity.ORGANISATION]
            if created:
                self.select(created[0])

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current(self) -> OrganisationRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        value = rows[0].data(OBJECT_ROLE) if rows else None
        return value if isinstance(value, OrganisationRow) else None

    def select(self, organisation_id: int) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(organisation_id))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def new_organisation(self) -> None:
        from visitplanner.services.organisations import create_organisation

        data = OrganisationDialog.ask(
            self, None, check=lambda v: self.workspace.check(lambda s: create_organisation(s, v))
        )
        if data is not None:
            self.workspace.push(CreateOrganisationCommand(self.workspace, data, initiator=self), self)

    def edit_organisation(self) -> None:
        from visitplanner.services.organisations import update_organisation

        row = self.current()
        if row is None:
            return
        data = OrganisationDialog.ask(
            self,
            row.data,
            check=lambda v: self.workspace.check(
                lambda s: update_organisation(s, row.id, v, expected_version=row.version)
            ),
        )
        if data is not None and data != row.data:
            self.workspace.push(
                EditOrganisationCommand(self.workspace, row.id, row.data, data, row.version, initiator=self), self
            )

    def delete_organisation(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.people and not messages.ask_yes_no(
            self,
            "Delete organisation",
            f"{row.people} {'person belongs' if row.people == 1 else 'people belong'} to “{row.data.name}”; "
            "they will have no organisation. Delete it? You can undo this.",
        ):
            return
        self.workspace.push(DeleteOrganisationCommand(self.workspace, row.id, row.data.name, initiator=self), self)

    @classmethod
    def manage(cls, workspace: Workspace, parent: QWidget | None = None) -> None:
        """Show the manager until the user closes it."""
        dialog = cls(workspace, parent)
        dialog.exec()
        dialog.deleteLater()
