"""Undo commands for visits."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand


class CreateVisitCommand(CreateCommand):
    entity, what = Entity.VISIT, "New visit"


class EditVisitCommand(EditCommand):
    entity, what = Entity.VISIT, "Edit visit"


class DeleteVisitCommand(DeleteCommand):
    entity, what = Entity.VISIT, "Delete visit"
