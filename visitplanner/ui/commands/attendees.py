"""Undo commands for a visit's attendees: add, create in place, edit, remove and reorder precedence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Side
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services import attendees, people
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand, ServiceCommand
from visitplanner.ui.workspace import Workspace


class AddAttendeeCommand(CreateCommand):
    """Make an address-book person an attendee of the visit; undo removes them again."""

    entity = Entity.ATTENDEE

    def __init__(self, workspace: Workspace, visit_id: int, data: AttendeeData, name: str, initiator: object = None):
        super().__init__(workspace, data, initiator, visit_id, f"Add attendee “{name}”")


class CreateAttendeeCommand(CreateCommand):
    """Create a person and make them an attendee in one step; undo removes the attendee and the person."""

    entity = Entity.ATTENDEE

    def __init__(
        self, workspace: Workspace, visit_id: int, person: PersonData, data: AttendeeData, initiator: object = None
    ) -> None:
        super().__init__(workspace, data, initiator, visit_id, f"New attendee “{person.name.display}”")
        self.person = person

    def create(self, session: Session) -> Changes:
        changes = people.create_person(session, self.ids.current(self.person))
        data = replace(self.data, person_id=changes.created_id(Entity.PERSON))
        return changes | attendees.add_attendee(session, self.ids.resolve(Entity.VISIT, self.parent), data)


class EditAttendeeCommand(EditCommand):
    """Change an attendee's side, role, precedence or travel details (`text`: "Edit attendee “name”");
    undo puts them back."""

    entity = Entity.ATTENDEE


class RemoveAttendeeCommand(DeleteCommand):
    entity, what = Entity.ATTENDEE, "Remove attendee"


class ReorderPrecedenceCommand(ServiceCommand):
    """Give one side's attendees the ranks 1..n in `order`; undo restores the exact ranks they had before."""

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        side: Side,
        order: Sequence[int],
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, text or f"Reorder {side.label.lower()} precedence", initiator)
        self.visit_id, self.side, self.order = visit_id, side, list(order)
        self.old_ranks: dict[int, int] = {}

    def do(self, session: Session) -> Changes:
        visit_id = self.ids.resolve(Entity.VISIT, self.visit_id)
        self.old_ranks = attendees.precedences(session, visit_id, self.side)
        order = [self.ids.resolve(Entity.ATTENDEE, i) for i in self.order]
        return attendees.reorder_precedence(session, visit_id, self.side, order)

    def undo_(self, session: Session) -> Changes:
        ranks = {self.ids.resolve(Entity.ATTENDEE, i): rank for i, rank in self.old_ranks.items()}
        return attendees.set_precedences(session, ranks)


class RemoveAttendeesCommand(DeleteCommand):
    """Remove several attendees at once, in one undo step."""

    entity = Entity.ATTENDEE

    def __init__(self, workspace: Workspace, attendees_ids: list[tuple[int, str]], initiator: object = None) -> None:
        rows, text = [i for i, _ in attendees_ids], f"{len(attendees_ids)} attendees"
        super().__init__(workspace, rows, text, None, "Remove", initiator)
