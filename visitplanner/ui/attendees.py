"""The Attendees tab: who takes part in the visit, on which side, and in what order of precedence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.values import AttendeeData
from visitplanner.services.reads.people import (
    AttendeeRow,
    read_attendee_rows,
    read_candidates,
    read_removal_summary,
    read_visit_organisations,
)
from visitplanner.ui import messages
from visitplanner.ui import settings as S
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.commands.attendees import (
    AddAttendeeCommand,
    CreateAttendeeCommand,
    EditAttendeeCommand,
    RemoveAttendeeCommand,
    RemoveAttendeesCommand,
    ReorderPrecedenceCommand,
)
from visitplanner.ui.dialogs.attendee import DEFAULT_ROLES, AttendeeDialog, PersonPickerDialog
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.elided import ElidedLabel
from visitplanner.ui.models.attendees import AttendeesModel, AttendeesProxy
from visitplanner.ui.models.base import OBJECT_ROLE
from visitplanner.ui.people import configure_table, edit_person_by_dialog, organisation_choices, tool_button
from visitplanner.ui.style import MUTED, css
from visitplanner.ui.tabs import VisitTab, select_ids
from visitplanner.ui.workspace import Workspace


class AttendeesTab(VisitTab):
    """The visit's attendees by side and precedence: add from the address book or as a new
    person, edit, remove, and reorder precedence by dragging or with Ctrl+Up / Ctrl+Down.

    Attributes:
        model: the visit's attendees in precedence order.
        proxy: those matching the side, role and text filters.
        view: the table (drag rows within a side to reorder).
        side_filter, role_filter, search: the filters.
    """

    header_name = "attendees"

    title = "Attendees"
    can_edit = frozenset({"new", "delete", "find"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.model = AttendeesModel(self)
        self.model.reorder_requested.connect(self.reorder, Qt.ConnectionType.QueuedConnection)
        self.proxy = AttendeesProxy(self)
        self.proxy.setSourceModel(self.model)

        self.side_filter = QComboBox()
        self.side_filter.setObjectName("sideFilter")
        self.side_filter.setAccessibleName("Show attendees of side")
        self.side_filter.addItem("All sides", None)
        for side in Side:
            self.side_filter.addItem(side.label, side)
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("roleFilter")
        self.role_filter.setAccessibleName("Show attendees with role")
        self.role_filter.addItem("All roles", None)
        for role in Role:
            self.role_filter.addItem(role.label, role)
        self.side_filter.currentIndexChanged.connect(self._filters_changed)
        self.role_filter.currentIndexChanged.connect(self._filters_changed)
        self.search = QLineEdit()
        self.search.setObjectName("attendeeSearch")
        self.search.setPlaceholderText("Search attendees")
        name_search_field(self.search)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)

        self.view = QTableView()
        self.view.setObjectName("attendeesTable")
        self.view.setAccessibleName("Attendees of the visit")
        self.view.setModel(self.proxy)
        configure_table(
            self.view,
            {
                AttendeesModel.COL_PRECEDENCE: 34,
                AttendeesModel.COL_NAME: 180,
                AttendeesModel.COL_NATIVE: 82,
                AttendeesModel.COL_SIDE: 78,
                AttendeesModel.COL_ROLE: 88,
                AttendeesModel.COL_DIETARY: 58,
                AttendeesModel.COL_ACCESS: 58,
                AttendeesModel.COL_LANGUAGES: 66,
            },
            (AttendeesModel.COL_TITLE, AttendeesModel.COL_ORGANISATION),
        )
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(AttendeesModel.COL_PRECEDENCE, Qt.SortOrder.AscendingOrder)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self._update_drag())
        self.view.doubleClicked.connect(lambda _: self.edit_attendee())

        self.add_action = self._action(
            "&Add from address book…",
            self.add_from_address_book,
            tip="Make someone from the address book an attendee of this visit",
        )
        self.new_action = self._action(
            "&New person…", self.new_person, tip="Create a person and add them to this visit in one step"
        )
        self.edit_action = self._action(
            "&Edit…", self.edit_attendee, tip="Edit the attendee's side, role, precedence and travel (double-click)"
        )
        self.remove_action = self._action(
            "&Remove",
            self.remove_attendees,
            tip="Remove the selected attendees from this visit (they stay in the address book)",
        )
        self.import_action = self._action(
            "&Import…",
            self.import_from_spreadsheet,
            tip="Add or update attendees from a delegation list (CSV or XLSX), with a review of each row",
        )
        self.up_action = self._action(
            "Move &up", lambda: self.move_selected(-1), "Ctrl+Up", "Raise the selected attendee in precedence (Ctrl+Up)"
        )
        self.down_action = self._action(
            "Move do&wn",
            lambda: self.move_selected(1),
            "Ctrl+Down",
            "Lower the selected attendee in precedence (Ctrl+Down)",
        )
        for action in (
            self.add_action,
            self.new_action,
            self.edit_action,
            self.remove_action,
            self.up_action,
            self.down_action,
        ):
            self.view.addAction(action)

        self.count_label = QLabel()
        self.count_label.setObjectName("attendeeCount")
        self.count_label.setStyleSheet(f"color: {css(MUTED)};")
        self.hint_label = ElidedLabel()  # cut short with "…" rather than widen the window
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint_label.setStyleSheet(f"color: {css(MUTED)};")
        top = QHBoxLayout()
        for action in (self.add_action, self.new_action, self.edit_action, self.remove_action, self.import_action):
            top.addWidget(tool_button(action))
        top.addSpacing(12)
        for action in (self.up_action, self.down_action):
            top.addWidget(tool_button(action))
        top.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.side_filter)
        filters.addWidget(self.role_filter)
        filters.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.hint_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        layout.addLayout(bottom)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()
        self._update_drag()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.setToolTip(tip or text.replace("&", ""))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # -- reading ---------------------------------------------------------------------------
    def set_visit(self, visit_id: int | None) -> None:
        changed = visit_id != self.visit_id
        super().set_visit(visit_id)
        if changed:
            self.view.clearSelection()
            self.view.scrollToTop()

    def reload(self) -> None:
        selected = self.selected_ids()
        current = self.view.currentIndex().data(OBJECT_ROLE)
        visit_id = self.visit_id
        rows = self.workspace.read(lambda s: read_attendee_rows(s, visit_id)) if visit_id else []
        self.model.set_rows(rows)
        self.select_attendees(selected, current.id if isinstance(current, AttendeeRow) else None)
        self._update_count()
        self._update_actions()

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.ATTENDEE, Entity.PERSON, Entity.ORGANISATION, Entity.VISIT, Entity.REPLY):
            self.reload()
            created = [i for e, i in changes.created if e == Entity.ATTENDEE]
            if created and initiator is self:
                self.select_attendees(created)

    def _filters_changed(self) -> None:
        side, role = self.side_filter.currentData(), self.role_filter.currentData()
        self.proxy.set_side_and_role(Side(side) if side else None, Role(role) if role else None)
        self._update_count()

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        rows = self.model.rows()
        if self.visit_id is None:
            self.count_label.setText("Choose a visit to see its attendees.")
            return
        sides = Counter(r.side for r in rows)
        text = f"{len(rows)} attendee{'s' if len(rows) != 1 else ''}"
        if rows:
            text += " · " + ", ".join(f"{sides[s]} {s.label.lower()}" for s in Side if sides[s])
            needs = [
                f"{count} {what}"
                for count, what in (
                    (sum(1 for r in rows if r.person.dietary), "dietary"),
                    (sum(1 for r in rows if r.person.access_needs), "access"),
                )
                if count
            ]
            if needs:
                text += " · " + ", ".join(needs)
        shown = self.proxy.rowCount()
        self.count_label.setText(text if shown == len(rows) else f"{text} · {shown} shown")

    def _update_drag(self) -> None:
        ordered = self.proxy.in_precedence_order()
        self.view.setDragEnabled(ordered)
        self.view.setAcceptDrops(ordered)
        self.hint_label.set_full_text(
            "Drag rows or press Ctrl+Up / Ctrl+Down to change precedence"
            if ordered
            else "Sort by # to drag rows into a new order of precedence"
        )

    def _update_actions(self) -> None:
        has_visit = self.visit_id is not None
        rows = self.selected_rows()
        one_side = len({r.side for r in rows}) == 1
        self.add_action.setEnabled(has_visit)
        self.new_action.setEnabled(has_visit)
        self.edit_action.setEnabled(len(rows) == 1)
        self.remove_action.setEnabled(bool(rows))
        self.up_action.setEnabled(one_side and self._can_move(rows, -1))
        self.down_action.setEnabled(one_side and self._can_move(rows, 1))

    # -- selection -------------------------------------------------------------------------
    def selected_rows(self) -> list[AttendeeRow]:
        """The selected attendees in precedence order."""
        selection = self.view.selectionModel()
        rows = [index.data(OBJECT_ROLE) for index in selection.selectedRows()]
        return sorted((r for r in rows if isinstance(r, AttendeeRow)), key=lambda r: r.order_key)

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def current_attendee(self) -> AttendeeRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def select_attendees(self, ids: list[int], current: int | None = None) -> None:
        select_ids(self.view, self.proxy, self.model, ids, current)

    # -- precedence ------------------------------------------------------------------------
    def _can_move(self, rows: list[AttendeeRow], delta: int) -> bool:
        if not rows:
            return False
        order = self.model.side_ids(rows[0].side)
        positions = [order.index(r.id) for r in rows]
        return min(positions) > 0 if delta < 0 else max(positions) < len(order) - 1

    def move_selected(self, delta: int) -> None:
        """Raise (delta -1) or lower (+1) the selected attendees of one side by one place."""
        rows = self.selected_rows()
        if not rows or len({r.side for r in rows}) != 1 or not self._can_move(rows, delta) or not self.visit_id:
            return
        order = self.model.side_ids(rows[0].side)
        moving = {r.id for r in rows}
        positions = sorted((order.index(i) for i in moving), reverse=delta > 0)
        for position in positions:
            order[position], order[position + delta] = order[position + delta], order[position]
        name = rows[0].name.formal if len(rows) == 1 else f"{len(rows)} attendees"
        self.workspace.push(
            ReorderPrecedenceCommand(
                self.workspace,
                self.visit_id,
                rows[0].side,
                order,
                f"Move {name} {'up' if delta < 0 else 'down'}",
                initiator=self,
            ),
            self,
        )

    def reorder(self, side: Side, order: list[int]) -> None:
        """Give `side` the precedence order `order` (from a drag), as one undoable step."""
        if self.visit_id is None or order == self.model.side_ids(side):
            return
        self.workspace.push(
            ReorderPrecedenceCommand(
                self.workspace, self.visit_id, side, order, f"Reorder {side.label.lower()} precedence", initiator=self
            ),
            self,
        )

    # -- editing ---------------------------------------------------------------------------
    def import_from_spreadsheet(self) -> None:
        """Import a delegation list (one undo step); see `visitplanner/ui/dialogs/attendee_import.py`."""
        from visitplanner.ui.dialogs.attendee_import import import_attendees_into

        if self.visit_id is not None:
            import_attendees_into(self, self.workspace, self.visit_id)

    def add_from_address_book(self) -> None:
        from visitplanner.services.attendees import add_attendee

        visit_id = self.visit_id
        if visit_id is None:
            return
        candidates = self.workspace.read(lambda s: read_candidates(s, visit_id))
        visiting, host = self.workspace.read(lambda s: read_visit_organisations(s, visit_id))
        data = PersonPickerDialog.ask(
            self,
            candidates,
            visiting_organisation_id=visiting,
            host_organisation_id=host,
            check=lambda v: self.workspace.check(lambda s: add_attendee(s, visit_id, v)),
        )
        if data is None:
            return
        name = next((c.name.formal for c in candidates if c.id == data.person_id), "")
        self.workspace.push(AddAttendeeCommand(self.workspace, visit_id, data, name, initiator=self), self)

    def new_person(self) -> None:
        """Create a person and make them an attendee: one undo step."""
        from visitplanner.services.people import create_person

        visit_id = self.visit_id
        if visit_id is None:
            return
        person = PersonDialog.ask(
            self,
            None,
            organisation_choices(self.workspace),
            check=lambda v: self.workspace.check(lambda s: create_person(s, v)),
        )
        if person is None:
            return
        visiting, host = self.workspace.read(lambda s: read_visit_organisations(s, visit_id))
        sides = {visiting: Side.VISITING, host: Side.HOST}
        sides.pop(None, None)
        side = sides.get(person.organisation_id, Side.VISITING)
        data = AttendeeDialog.ask(
            self, AttendeeData(0, side, DEFAULT_ROLES[side]), person.name.display, new=True, languages=person.languages
        )
        if data is None:
            return
        self.workspace.push(CreateAttendeeCommand(self.workspace, visit_id, person, data, initiator=self), self)

    def edit_attendee(self) -> None:
        from visitplanner.services.attendees import update_attendee

        row = self.current_attendee()
        if row is None:
            return
        from visitplanner.ui.travel import AttendeeJourneys, JourneysBox

        assert self.visit_id is not None
        new = AttendeeDialog.ask(
            self,
            row.data,
            row.name.display,
            edit_person=lambda: edit_person_by_dialog(self.workspace, self, row.person_id, initiator=self),
            check=lambda v: self.workspace.check(lambda s: update_attendee(s, row.id, v, expected_version=row.version)),
            journeys=JourneysBox(AttendeeJourneys(self.workspace, self.visit_id, row.id, initiator=self)),
            languages=row.person.languages,
        )
        if new is not None and new != row.data:
            self.workspace.push(
                EditAttendeeCommand(
                    self.workspace, row.id, row.data, new, row.version, self, f"Edit attendee “{row.name.formal}”"
                ),
                self,
            )

    def remove_attendees(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        ids = [r.id for r in rows]
        engagements, vehicles = self.workspace.read(lambda s: read_removal_summary(s, ids))
        who = rows[0].name.formal if len(rows) == 1 else f"{len(rows)} attendees"
        they = "They take" if len(rows) == 1 else "Together they take"
        details = []
        if engagements:
            details.append(f"{they} part in {engagements} engagement{'s' if engagements != 1 else ''}")
        if vehicles:
            details.append(f"drive{'s' if len(rows) == 1 else ''} {', '.join(vehicles)}")
        text = f"Remove {who} from this visit?"
        if details:
            text += " " + " and ".join(details) + "."
        text += " They stay in the address book. You can undo this."
        if not messages.ask_yes_no(self, "Remove attendee" if len(rows) == 1 else "Remove attendees", text):
            return
        if len(rows) == 1:
            command: RemoveAttendeeCommand | RemoveAttendeesCommand = RemoveAttendeeCommand(
                self.workspace, rows[0].id, rows[0].name.formal, initiator=self
            )
        else:
            command = RemoveAttendeesCommand(self.workspace, [(r.id, r.name.formal) for r in rows], initiator=self)
        self.workspace.push(command, self)

    def edit_new(self) -> None:
        self.add_from_address_book()

    def edit_delete(self) -> None:
        self.remove_attendees()

    def edit_find(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- layout ----------------------------------------------------------------------------
    def header_view(self) -> QHeaderView:
        return self.view.horizontalHeader()

    def restore_layout(self, settings: S.Settings) -> None:
        super().restore_layout(settings)
        self._update_drag()  # dragging follows the restored sort order
