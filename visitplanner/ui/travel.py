"""Arrivals and departures in the attendee editor: one attendee's journeys, and the edits on them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import LegDirection
from visitplanner.services.reads.travel import LegRow, read_legs, read_travel_choices
from visitplanner.ui import messages
from visitplanner.ui.commands.travel import CreateTravelLegCommand, DeleteTravelLegCommand, EditTravelLegCommand
from visitplanner.ui.dialogs.travel import TravelLegDialog, new_leg
from visitplanner.ui.workspace import Workspace


class AttendeeJourneys:
    """The journeys of one attendee, read and changed through the workspace (each change one undo step).

    Attributes:
        workspace: where reads and commands run.
        visit_id, attendee_id: whose journeys (ids as the caller knew them; resolved through `ids`).
    """

    def __init__(self, workspace: Workspace, visit_id: int, attendee_id: int, initiator: object = None) -> None:
        self.workspace, self.visit_id, self.attendee_id, self.initiator = workspace, visit_id, attendee_id, initiator

    def _ids(self) -> tuple[int, int]:
        return self.workspace.ids.resolve(Entity.VISIT, self.visit_id), self.workspace.ids.resolve(
            Entity.ATTENDEE, self.attendee_id
        )

    def rows(self) -> list[LegRow]:
        visit_id, attendee_id = self._ids()
        return self.workspace.read(lambda s: read_legs(s, visit_id, attendee_id))

    def add(self, parent: QWidget | None, direction: LegDirection) -> bool:
        from visitplanner.services.travel import create_leg

        visit_id, attendee_id = self._ids()
        choices = self.workspace.read(lambda s: read_travel_choices(s, visit_id))
        if choices is None:
            return False
        data = TravelLegDialog.ask(
            parent,
            choices,
            new_leg(choices, direction, (attendee_id,)),
            new=True,
            check=lambda v: self.workspace.check(lambda s: create_leg(s, visit_id, v)),
        )
        if data is None:
            return False
        return self.workspace.push(CreateTravelLegCommand(self.workspace, visit_id, data, self.initiator), parent)

    def edit(self, parent: QWidget | None, row: LegRow) -> bool:
        from visitplanner.services.travel import update_leg

        visit_id, _ = self._ids()
        choices = self.workspace.read(lambda s: read_travel_choices(s, visit_id))
        if choices is None:
            return False
        data = TravelLegDialog.ask(
            parent,
            choices,
            row.data,
            check=lambda v: self.workspace.check(lambda s: update_leg(s, row.id, v, expected_version=row.version)),
        )
        if data is None or data == row.data:
            return False
        return self.workspace.push(
            EditTravelLegCommand(self.workspace, row.id, row.data, data, row.version, self.initiator), parent
        )

    def remove(self, parent: QWidget | None, row: LegRow) -> bool:
        """Take the attendee off a group's journey; delete a journey only they take."""
        _, attendee_id = self._ids()
        others = [i for i in row.data.traveller_ids if i != attendee_id]
        if others:
            if not messages.ask_yes_no(
                parent,
                "Remove from journey",
                f"{row.data.name} also carries {len(others)} other attendee{'s' if len(others) != 1 else ''}. "
                "Take only this attendee off it? You can undo this.",
            ):
                return False
            new = replace(row.data, traveller_ids=tuple(others))
            return self.workspace.push(
                EditTravelLegCommand(
                    self.workspace, row.id, row.data, new, row.version, self.initiator, f"Remove from “{row.data.name}”"
                ),
                parent,
            )
        if not messages.ask_yes_no(parent, "Delete journey", f"Delete {row.data.name}? You can undo this."):
            return False
        command = DeleteTravelLegCommand(self.workspace, row.id, row.data.name, row.version, initiator=self.initiator)
        return self.workspace.push(command, parent)


class JourneysBox(QWidget):
    """The attendee editor's list of their arrivals and departures, with Add, Edit and Remove.

    Attributes:
        journeys: reads and changes them.
        view: one line per journey.
    """

    def __init__(self, journeys: AttendeeJourneys, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journeys = journeys
        self.view = QListWidget()
        self.view.setObjectName("journeys")
        self.view.setAccessibleName("Arrivals and departures")
        self.view.setWordWrap(True)
        self.view.setMinimumHeight(70)
        self.view.itemDoubleClicked.connect(lambda _: self.edit_current())
        self.add_arrival = QPushButton("Add a&rrival…")
        self.add_departure = QPushButton("Add de&parture…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("Re&move")
        self.add_arrival.clicked.connect(lambda: self._add(LegDirection.ARRIVAL))
        self.add_departure.clicked.connect(lambda: self._add(LegDirection.DEPARTURE))
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        for button in (self.add_arrival, self.add_departure, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.currentRowChanged.connect(lambda _: self._enable())
        self.refresh()

    def refresh(self) -> None:
        current = self.current()
        self.view.clear()
        for row in self.journeys.rows():
            met = f" · met by {row.met_by}" if row.met_by and row.data.direction is LegDirection.ARRIVAL else ""
            group = len(row.data.traveller_ids) - 1
            also = f" · with {group} other{'s' if group != 1 else ''}" if group > 0 else ""
            item = QListWidgetItem(f"{row.summary}{also}{met}")
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.view.addItem(item)
            if current is not None and row.id == current.id:
                self.view.setCurrentItem(item)
        self._enable()

    def current(self) -> LegRow | None:
        item = self.view.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, LegRow) else None

    def _enable(self) -> None:
        chosen = self.current() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _add(self, direction: LegDirection) -> None:
        if self.journeys.add(self, direction):
            self.refresh()

    def edit_current(self) -> None:
        row = self.current()
        if row is not None and self.journeys.edit(self, row):
            self.refresh()

    def remove_current(self) -> None:
        row = self.current()
        if row is not None and self.journeys.remove(self, row):
            self.refresh()
