"""Undo commands for visits."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand


class CreateVisitCommand(CreateCommand):
    """Create a visit; undo deletes it."""

    entity, what = Entity.VISIT, "New visit"


class EditVisitCommand(EditCommand):
    """Change a visit's details; undo puts the old ones back."""

    entity, what = Entity.VISIT, "Edit visit"


class DeleteVisitCommand(DeleteCommand):
    """Delete a visit with its attendees, vehicles and engagements; undo puts them all back (same UIDs)."""

    entity, what = Entity.VISIT, "Delete visit"
