"""Undo commands for the itinerary, naming engagements by their UID (stable across delete and undo)."""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.values import EngagementPlan
from visitplanner.services import engagements
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace

CANCELLED = EngagementStatus.CANCELLED


class CreateEngagementCommand(CreateCommand):
    """Add an engagement; undo deletes it, redo brings it back with the same `uid` (made up front)."""

    entity, what = Entity.ENGAGEMENT, "New engagement"

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        plan: EngagementPlan,
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, plan, initiator, visit_id, text)
        self.uid = str(uuidlib.uuid4())


class EditEngagementCommand(EditCommand):
    entity, what = Entity.ENGAGEMENT, "Edit"


class MoveEngagementCommand(EditCommand):
    """Move an engagement keeping its length; undo moves it back."""

    entity = Entity.ENGAGEMENT

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        old_start: datetime,
        new_start: datetime,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, old_start, new_start, version, initiator, f"Move “{title}”")
        self.update = engagements.move_engagement


class NudgeEngagementCommand(MoveEngagementCommand):
    """Alt+Up/Down: nudges of one engagement in a row merge into one step, undone to where it began."""

    def id(self) -> int:
        return 1

    def mergeWith(self, other: object) -> bool:
        if merged := isinstance(other, NudgeEngagementCommand) and other.ident == self.ident:
            self.new, self._wrote = other.new, self._wrote | other._wrote
        return merged


class StatusCommand(EditCommand):
    """Cancel an engagement, or bring it back as `status`; undo puts back the status it had."""

    entity = Entity.ENGAGEMENT

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        status: EngagementStatus = EngagementStatus.CONFIRMED,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        if status is CANCELLED:
            raise ValueError(f"{self.what}: the engagement is already cancelled")
        old, new = (status, CANCELLED) if self.what == "Cancel" else (CANCELLED, status)
        super().__init__(workspace, uid, old, new, version, initiator, f"{self.what} “{title}”")
        self.update = engagements.set_engagement_status


class CancelEngagementCommand(StatusCommand):
    """Mark an engagement cancelled (`status`: the one it has); undo restores exactly that status."""

    what = "Cancel"


class RestoreEngagementCommand(StatusCommand):
    """Bring a cancelled engagement back (as confirmed unless told); undo cancels it again."""

    what = "Restore"


class DuplicateEngagementCommand(CreateCommand):
    """Copy an engagement with its attendances under a new UID (`copy_uid`, made up front); undo
    deletes the copy and redo brings it back with the same UID."""

    entity = Entity.ENGAGEMENT

    def __init__(
        self, workspace: Workspace, uid: str, title: str, new_start: datetime | None = None, initiator: object = None
    ) -> None:
        super().__init__(workspace, new_start, initiator, text=f"Duplicate “{title}”")
        self.source, self.copy_uid = uid, str(uuidlib.uuid4())

    def create(self, session: Session) -> Changes:
        source = engagements.engagement_id(session, self.source)
        return engagements.duplicate_engagement(session, source, self.data, uid=self.copy_uid)


class DeleteEngagementCommand(DeleteCommand):
    entity, what = Entity.ENGAGEMENT, "Delete"
