"""Undo commands for the itinerary; they name engagements by their stable UUID, so a delete and
its undo (which brings the row back under a new id) leave the rest of the history valid."""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.values import EngagementPlan
from visitplanner.services import engagements
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreateEngagementCommand(CreateCommand):
    """Add an engagement; undo deletes it, redo brings it back with the same UID.

    Attributes:
        uid: the calendar UID it gets (made up front, so the view can follow it).
    """

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        plan: EngagementPlan,
        uid: str | None = None,
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        ids, new_uid = workspace.ids, uid or str(uuidlib.uuid4())
        super().__init__(
            workspace,
            text or f"New engagement “{plan.data.title}”",
            lambda s: engagements.create_engagement(
                s, ids.resolve(Entity.VISIT, visit_id), ids.current(plan), uid=new_uid
            ),
            initiator,
        )
        self.uid = new_uid


class EditEngagementCommand(EditCommand):
    """Replace an engagement's fields and attendances (the editor, drags across lanes, resizing and
    inline edits); undo puts the old plan back."""

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
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, old_start, new_start, version, initiator, text or f"Move “{title}”")
        self.update = engagements.move_engagement


class CancelEngagementCommand(EditCommand):
    """Mark an engagement cancelled; undo restores exactly the status it had (tentative or confirmed)."""

    entity = Entity.ENGAGEMENT

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        previous: EngagementStatus,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        if previous is EngagementStatus.CANCELLED:
            raise ValueError("the engagement is already cancelled")
        super().__init__(workspace, uid, previous, EngagementStatus.CANCELLED, version, initiator, f"Cancel “{title}”")
        self.update = engagements.set_engagement_status


class RestoreEngagementCommand(EditCommand):
    """Bring a cancelled engagement back (as confirmed unless told); undo cancels it again."""

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
        if status is EngagementStatus.CANCELLED:
            raise ValueError("restore to tentative or confirmed")
        super().__init__(workspace, uid, EngagementStatus.CANCELLED, status, version, initiator, f"Restore “{title}”")
        self.update = engagements.set_engagement_status


class DuplicateEngagementCommand(CreateCommand):
    """Copy an engagement with its attendances under a new UID; undo deletes the copy and redo
    brings it back with the same UID.

    Attributes:
        copy_uid: the copy's UID (made up front).
    """

    def __init__(
        self, workspace: Workspace, uid: str, title: str, new_start: datetime | None = None, initiator: object = None
    ) -> None:
        copy_uid = str(uuidlib.uuid4())
        super().__init__(
            workspace,
            f"Duplicate “{title}”",
            lambda s: engagements.duplicate_engagement(s, engagements.engagement_id(s, uid), new_start, uid=copy_uid),
            initiator,
        )
        self.copy_uid = copy_uid


class DeleteEngagementCommand(DeleteCommand):
    """Remove an engagement for good; undo puts it back with the same UID, sequence and attendances."""

    entity = Entity.ENGAGEMENT

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        version: int | None = None,
        verb: str = "Delete",
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, title, initiator, version, f"{verb} “{title}”")
