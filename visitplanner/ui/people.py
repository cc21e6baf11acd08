"""The People tab: the address book shared by every visit, with its organisations."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.services.reads.people import PersonRow, read_organisation_names, read_person_row, read_person_rows
from visitplanner.ui import messages
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.commands.people import (
    CreatePersonCommand,
    DeletePeopleCommand,
    DeletePersonCommand,
    EditPersonCommand,
)
from visitplanner.ui.dialogs.organisation import OrganisationsDialog
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.models.base import OBJECT_ROLE, SortFilterProxy
from visitplanner.ui.models.people import PeopleModel
from visitplanner.ui.style import MUTED, css
from visitplanner.ui.tabs import VisitTab, select_ids
from visitplanner.ui.workspace import Workspace


def organisation_choices(workspace: Workspace) -> list[tuple[int, str]]:
    """(id, name) of every organisation, for the person editor's combo."""
    return workspace.read(read_organisation_names)


def edit_person_by_dialog(
    workspace: Workspace, parent: QWidget | None, person_id: int, initiator: object = None
) -> str | None:
    """Open the person editor on `person_id` and push the edit; returns the name as now
    written ("Park Heong-Joon (박형준)"), or None when nothing changed."""
    from visitplanner.services.people import update_person

    row = workspace.read(lambda s: read_person_row(s, person_id))
    if row is None:
        return None
    new = PersonDialog.ask(
        parent,
        row.data,
        organisation_choices(workspace),
        check=lambda v: workspace.check(lambda s: update_person(s, row.id, v, expected_version=row.version)),
    )
    if new is None or new == row.data:
        return None
    if not workspace.push(EditPersonCommand(workspace, row.id, row.data, new, row.version, initiator), parent):
        return None
    return new.name.display


def tool_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def configure_table(view: QTableView, widths: dict[int, int], stretch: tuple[int, ...]) -> None:
    """The look every address-book and attendee table shares: column `widths`, and the long
    text columns in `stretch` sharing the room left."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(28)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    if stretch:
        view.installEventFilter(_StretchColumns(view, stretch))
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


class _StretchColumns(QObject):
    """Gives the long text columns the room the others leave, but never less than `MINIMUM`
    pixels each: on a narrow window the table scrolls sideways rather than cutting "Title" to
    "T…" (Qt's own Stretch mode shrinks them to nothing)."""

    MINIMUM = 120

    def __init__(self, view: QTableView, columns: tuple[int, ...]) -> None:
        super().__init__(view)
        self.view, self.columns = view, columns

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            header = self.view.horizontalHeader()
            others = sum(
                header.sectionSize(c)
                for c in range(header.count())
                if c not in self.columns and not header.isSectionHidden(c)
            )
            room = self.view.viewport().width() - others
            for column in self.columns:
                self.view.setColumnWidth(column, max(self.MINIMUM, room // len(self.columns)))
        return False


class PeopleTab(VisitTab):
    """The address book: search people, create, edit and delete them, manage organisations.

    Works with no visit selected. Editing a person changes every visit they attend.

    Attributes:
        model: every person.
        proxy: the people matching the search.
        view: the table.
        search: the search box.
    """

    header_name = "people"

    needs_visit = False

    title = "People"
    can_edit = frozenset({"new", "delete", "find"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.model = PeopleModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText("Search people: name, native script, title, organisation, email")
        name_search_field(self.search)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.view = QTableView()
        self.view.setObjectName("peopleTable")
        self.view.setAccessibleName("People in the address book")
        self.view.setModel(self.proxy)
        configure_table(
            self.view,
            {
                PeopleModel.COL_FAMILY: 92,
                PeopleModel.COL_GIVEN: 96,
                PeopleModel.COL_NATIVE: 82,
                PeopleModel.COL_ROMANISED: 124,
                PeopleModel.COL_LANGUAGES: 68,
                PeopleModel.COL_VISITS: 48,
            },
            (PeopleModel.COL_TITLE, PeopleModel.COL_ORGANISATION, PeopleModel.COL_EMAIL),
        )
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(PeopleModel.COL_FAMILY, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _: self.edit_person())

        self.new_action = QAction("&New person…", self)
        self.new_action.setToolTip("Add a person to the address book")
        self.new_action.triggered.connect(self.new_person)
        self.edit_action = QAction("&Edit…", self)
        self.edit_action.setToolTip("Edit the selected person (every visit they attend shows the change)")
        self.edit_action.triggered.connect(lambda: self.edit_person())
        self.delete_action = QAction("&Delete", self)
        self.delete_action.setToolTip(
            "Delete the selected people from the address book (only people attending no visit)"
        )
        self.delete_action.triggered.connect(self.delete_people)
        self.organisations_action = QAction("&Organisations…", self)
        self.organisations_action.setToolTip("List, add, edit and delete organisations")
        self.organisations_action.triggered.connect(self.manage_organisations)
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.view.addAction(action)

        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")
        self.count_label.setStyleSheet(f"color: {css(MUTED)};")
        top = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.delete_action):
            top.addWidget(tool_button(action))
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        top.addSpacing(12)
        top.addWidget(tool_button(self.organisations_action))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.count_label)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_ids()
        current = self.view.currentIndex().data(OBJECT_ROLE)
        self.model.set_rows(self.workspace.read(read_person_rows))
        self.select_people(selected, current.id if isinstance(current, PersonRow) else None)
        self._update_count()
        self._update_actions()

    def set_visit(self, visit_id: int | None) -> None:
        self.visit_id = visit_id  # the address book does not change with the visit

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.PERSON, Entity.ORGANISATION, Entity.ATTENDEE, Entity.VISIT):
            self.reload()
            created = [i for e, i in changes.created if e == Entity.PERSON]
            if created and initiator is self:
                self.select_people(created)

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = f"{total} {'person' if total == 1 else 'people'} in the address book"
        self.count_label.setText(text if shown == total else f"{text} · {shown} shown")

    def _update_actions(self) -> None:
        count = len(self.selected_rows())
        self.edit_action.setEnabled(count == 1)
        self.delete_action.setEnabled(count > 0)

    # -- selection -------------------------------------------------------------------------
    def selected_rows(self) -> list[PersonRow]:
        selection = self.view.selectionModel()
        rows = [index.data(OBJECT_ROLE) for index in sorted(selection.selectedRows(), key=lambda i: i.row())]
        return [r for r in rows if isinstance(r, PersonRow)]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def current_person(self) -> PersonRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def select_people(self, ids: list[int], current: int | None = None) -> None:
        select_ids(self.view, self.proxy, self.model, ids, current)

    # -- editing ---------------------------------------------------------------------------
    def new_person(self) -> None:
        from visitplanner.services.people import create_person

        data = PersonDialog.ask(
            self,
            None,
            organisation_choices(self.workspace),
            check=lambda v: self.workspace.check(lambda s: create_person(s, v)),
        )
        if data is not None:
            self.workspace.push(CreatePersonCommand(self.workspace, data, initiator=self), self)

    def edit_person(self, person_id: int | None = None) -> None:
        if person_id is None:
            row = self.current_person()
            if row is None:
                return
            person_id = row.id
        edit_person_by_dialog(self.workspace, self, person_id, initiator=self)

    def delete_people(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        names = ", ".join(r.name.display for r in rows[:5]) + (" …" if len(rows) > 5 else "")
        if not messages.ask_yes_no(
            self,
            "Delete people" if len(rows) > 1 else "Delete person",
            f"Delete {names} from the address book? You can undo this.",
        ):
            return
        if len(rows) == 1:
            command: DeletePersonCommand | DeletePeopleCommand = DeletePersonCommand(
                self.workspace, rows[0].id, rows[0].name.display, initiator=self
            )
        else:
            command = DeletePeopleCommand(self.workspace, [(r.id, r.name.display) for r in rows], initiator=self)
        self.workspace.push(command, self)

    def manage_organisations(self) -> None:
        OrganisationsDialog.manage(self.workspace, self)

    def edit_new(self) -> None:
        self.new_person()

    def edit_delete(self) -> None:
        self.delete_people()

    def edit_find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- layout ----------------------------------------------------------------------------
    def header_view(self) -> QHeaderView:
        return self.view.horizontalHeader()
