"""Undo commands for visits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.values import VisitData
from visitplanner.services import visits
from visitplanner.services.undo import ensure_unused
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


class CreateVisitCommand(ServiceCommand):
    """Create a visit; undo deletes it."""

    def __init__(self, workspace: Workspace, data: VisitData, initiator: object = None) -> None:
        super().__init__(workspace, f"New visit “{data.title}”", initiator)
        self.data = data
        self.visit_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = visits.create_visit(session, self.data)
        new_id = changes.created_id(Entity.VISIT)
        if self.visit_id is None:
            self.visit_id = new_id
        else:  # redo after undo: the visit comes back under a new id
            self.workspace.ids.alias(Entity.VISIT, self.workspace.ids.resolve(Entity.VISIT, self.visit_id), new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.visit_id is not None
        visit_id = self.workspace.ids.resolve(Entity.VISIT, self.visit_id)
        ensure_unused(session, Entity.VISIT, visit_id, f"Cannot undo “{self.text()}”: the visit")
        return visits.delete_visit(session, visit_id)


class EditVisitCommand(ServiceCommand):
    """Change a visit's details; undo puts the old ones back."""

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        old: VisitData,
        new: VisitData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit visit “{new.title}”", initiator)
        self.visit_id, self.old, self.new, self.version = visit_id, old, new, version

    def do(self, session: Session) -> Changes:
        return visits.update_visit(
            session,
            self.workspace.ids.resolve(Entity.VISIT, self.visit_id),
            self.new,
            expected_version=self.expected(self.version),
        )

    def undo_(self, session: Session) -> Changes:
        return visits.update_visit(session, self.workspace.ids.resolve(Entity.VISIT, self.visit_id), self.old)


class DeleteVisitCommand(ServiceCommand):
    """Delete a visit; undo re-imports the snapshot taken before (same engagement UIDs)."""

    def __init__(self, workspace: Workspace, visit_id: int, title: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Delete visit “{title}”", initiator)
        self.visit_id = visit_id
        self.snapshot: dict[str, Any] | None = None

    def do(self, session: Session) -> Changes:
        from visitplanner.exporters.visitfile import export_visit_document

        visit_id = self.workspace.ids.resolve(Entity.VISIT, self.visit_id)
        self.snapshot = export_visit_document(session, visit_id)
        return visits.delete_visit(session, visit_id)

    def undo_(self, session: Session) -> Changes:
        import json

        from visitplanner.importers.visitfile import parse_visit_document
        from visitplanner.services.visitfile import import_visit

        assert self.snapshot is not None
        changes = import_visit(session, parse_visit_document(json.dumps(self.snapshot)))
        self.workspace.ids.alias(
            Entity.VISIT, self.workspace.ids.resolve(Entity.VISIT, self.visit_id), changes.created_id(Entity.VISIT)
        )
        return changes
