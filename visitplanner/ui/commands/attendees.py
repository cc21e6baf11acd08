"""Undo commands for a visit's attendees: add, create in place, edit, remove and reorder precedence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Side
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services import attendees, people
from visitplanner.services.attendees_extra import AttendeeSnapshot, restore_attendee, snapshot_attendee
from visitplanner.services.undo import ensure_unused
from visitplanner.store.models import Attendee
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.commands.people import CompositeCommand, VersionedCommand, resolved_person
from visitplanner.ui.workspace import Workspace


def resolved_attendee(workspace: Workspace, data: AttendeeData) -> AttendeeData:
    """`data` with its person id mapped through the ids replaced by undo/redo."""
    return replace(data, person_id=workspace.ids.resolve(Entity.PERSON, data.person_id))


class AddAttendeeCommand(ServiceCommand):
    """Make an address-book person an attendee of the visit; undo removes them again.

    Attributes:
        visit_id: the visit (resolved through `workspace.ids`).
        data: side, role, precedence (None: last on the side) and travel details.
        attendee_id: the id the attendee got first.
    """

    def __init__(
        self, workspace: Workspace, visit_id: int, data: AttendeeData, name: str, initiator: object = None
    ) -> None:
        super().__init__(workspace, f"Add attendee “{name}”", initiator)
        self.visit_id, self.data = visit_id, data
        self.attendee_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = attendees.add_attendee(
            session,
            self.workspace.ids.resolve(Entity.VISIT, self.visit_id),
            resolved_attendee(self.workspace, self.data),
        )
        new_id = changes.created_id(Entity.ATTENDEE)
        if self.attendee_id is None:
            self.attendee_id = new_id
        else:
            self.workspace.ids.alias(Entity.ATTENDEE, self.attendee_id, new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.attendee_id is not None
        attendee_id = self.workspace.ids.resolve(Entity.ATTENDEE, self.attendee_id)
        ensure_unused(session, Entity.ATTENDEE, attendee_id, f"Cannot undo “{self.text()}”: the attendee")
        return attendees.remove_attendee(session, attendee_id)


class CreateAttendeeCommand(ServiceCommand):
    """Create a person in the address book and make them an attendee, in one transaction and
    one undo step; undo removes the attendee and deletes the person.

    Attributes:
        visit_id: the visit (resolved through `workspace.ids`).
        person: the new person's fields.
        data: the attendee's fields (its `person_id` is ignored).
        person_id: the id the person got first.
        attendee_id: the id the attendee got first.
    """

    def __init__(
        self, workspace: Workspace, visit_id: int, person: PersonData, data: AttendeeData, initiator: object = None
    ) -> None:
        super().__init__(workspace, f"New attendee “{person.name.display}”", initiator)
        self.visit_id, self.person, self.data = visit_id, person, data
        self.person_id: int | None = None
        self.attendee_id: int | None = None

    def do(self, session: Session) -> Changes:
        ids = self.workspace.ids
        changes = people.create_person(session, resolved_person(self.workspace, self.person))
        person_id = changes.created_id(Entity.PERSON)
        changes |= attendees.add_attendee(
            session, ids.resolve(Entity.VISIT, self.visit_id), replace(self.data, person_id=person_id)
        )
        attendee_id = changes.created_id(Entity.ATTENDEE)
        if self.person_id is None or self.attendee_id is None:
            self.person_id, self.attendee_id = person_id, attendee_id
        else:
            ids.alias(Entity.PERSON, self.person_id, person_id)
            ids.alias(Entity.ATTENDEE, self.attendee_id, attendee_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.person_id is not None and self.attendee_id is not None
        ids = self.workspace.ids
        attendee_id = ids.resolve(Entity.ATTENDEE, self.attendee_id)
        ensure_unused(session, Entity.ATTENDEE, attendee_id, f"Cannot undo “{self.text()}”: the attendee")
        changes = attendees.remove_attendee(session, attendee_id)
        return changes | people.delete_person(session, ids.resolve(Entity.PERSON, self.person_id))


class EditAttendeeCommand(VersionedCommand):
    """Change an attendee's side, role, precedence or travel details; undo puts them back.

    Attributes:
        attendee_id: the attendee (resolved through `workspace.ids`).
        old: the fields before the edit.
        new: the fields after it.
    """

    def __init__(
        self,
        workspace: Workspace,
        attendee_id: int,
        old: AttendeeData,
        new: AttendeeData,
        name: str,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit attendee “{name}”", version, initiator)
        self.attendee_id, self.old, self.new = attendee_id, old, new

    def _id(self) -> int:
        return self.workspace.ids.resolve(Entity.ATTENDEE, self.attendee_id)

    def do(self, session: Session) -> Changes:
        return attendees.update_attendee(
            session, self._id(), resolved_attendee(self.workspace, self.new), expected_version=self.checked_version()
        )

    def undo_(self, session: Session) -> Changes:
        return attendees.update_attendee(session, self._id(), resolved_attendee(self.workspace, self.old))


class RemoveAttendeeCommand(ServiceCommand):
    """Remove an attendee from the visit (the person stays in the address book); undo adds them
    back with their rank, their attendances and the vehicles they drive, and aliases the old
    attendee id to the new one.

    Attributes:
        attendee_id: the attendee (resolved through `workspace.ids`).
        snapshot: what the removal took away, taken each time it runs.
    """

    def __init__(self, workspace: Workspace, attendee_id: int, name: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Remove attendee “{name}”", initiator)
        self.attendee_id = attendee_id
        self.snapshot: AttendeeSnapshot | None = None

    def do(self, session: Session) -> Changes:
        attendee_id = self.workspace.ids.resolve(Entity.ATTENDEE, self.attendee_id)
        snapshot = snapshot_attendee(session, attendee_id)
        changes = attendees.remove_attendee(session, attendee_id)
        self.snapshot = snapshot
        return (
            changes
            | Changes.of_updated(Entity.ENGAGEMENT, *snapshot.engagement_ids)
            | Changes.of_updated(Entity.VEHICLE, *snapshot.driven_vehicle_ids)
        )

    def undo_(self, session: Session) -> Changes:
        assert self.snapshot is not None
        ids = self.workspace.ids
        snapshot = replace(
            self.snapshot,
            visit_id=ids.resolve(Entity.VISIT, self.snapshot.visit_id),
            data=resolved_attendee(self.workspace, self.snapshot.data),
            driven_vehicle_ids=tuple(ids.resolve(Entity.VEHICLE, v) for v in self.snapshot.driven_vehicle_ids),
        )
        changes = restore_attendee(session, snapshot)
        ids.alias(Entity.ATTENDEE, self.attendee_id, changes.created_id(Entity.ATTENDEE))
        return changes


class ReorderPrecedenceCommand(ServiceCommand):
    """Give one side's attendees a new precedence order (ranks 1..n); undo restores the exact
    ranks they had before, gaps and ties included.

    Attributes:
        visit_id: the visit (resolved through `workspace.ids`).
        side: the side reordered.
        order: all the side's attendee ids, in the new order.
        old_ranks: attendee id -> rank before the reorder, read when it runs.
    """

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        side: Side,
        order: Sequence[int],
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, text or f"Reorder {side.value} precedence", initiator)
        self.visit_id, self.side, self.order = visit_id, side, list(order)
        self.old_ranks: dict[int, int] = {}

    def do(self, session: Session) -> Changes:
        ids = self.workspace.ids
        visit_id = ids.resolve(Entity.VISIT, self.visit_id)
        self.old_ranks = dict(
            session.execute(
                select(Attendee.id, Attendee.precedence).where(
                    Attendee.visit_id == visit_id, Attendee.side == self.side
                )
            ).all()
        )
        return attendees.reorder_precedence(
            session, visit_id, self.side, [ids.resolve(Entity.ATTENDEE, i) for i in self.order]
        )

    def undo_(self, session: Session) -> Changes:
        ids = self.workspace.ids
        return attendees.set_precedences(
            session, {ids.resolve(Entity.ATTENDEE, i): rank for i, rank in self.old_ranks.items()}
        )


class RemoveAttendeesCommand(CompositeCommand):
    """Remove several attendees at once, in one undo step."""

    def __init__(self, workspace: Workspace, attendees_ids: list[tuple[int, str]], initiator: object = None) -> None:
        super().__init__(
            workspace,
            f"Remove {len(attendees_ids)} attendees",
            [RemoveAttendeeCommand(workspace, ident, name, initiator) for ident, name in attendees_ids],
            initiator,
        )
