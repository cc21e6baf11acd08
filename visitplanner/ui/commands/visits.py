"""Undo commands for visits."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.domain.values import VisitData
from visitplanner.services import visits
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreateVisitCommand(CreateCommand):
    """Create a visit; undo deletes it."""

    def __init__(self, workspace: Workspace, data: VisitData, initiator: object = None) -> None:
        super().__init__(
            workspace,
            f"New visit “{data.title}”",
            lambda s: visits.create_visit(s, workspace.ids.current(data)),
            initiator,
        )


class EditVisitCommand(EditCommand):
    """Change a visit's details; undo puts the old ones back."""

    entity, what = Entity.VISIT, "Edit visit"


class DeleteVisitCommand(DeleteCommand):
    """Delete a visit with its attendees, vehicles and engagements; undo puts them all back (same UIDs)."""

    entity, what = Entity.VISIT, "Delete visit"
