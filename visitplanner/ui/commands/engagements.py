"""Undo commands for the itinerary; they name engagements by their stable UUID, so a delete and
its undo (which brings the row back under a new id) leave the rest of the history valid."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import AttendanceData, EngagementPlan
from visitplanner.services import engagements
from visitplanner.services.base import check_version
from visitplanner.store.models import Engagement
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import IdMap, Workspace


def engagement_by_uid(session: Session, uid: str) -> Engagement:
    """The engagement whose calendar UID is `uid`, or a `UserError`."""
    row = session.scalars(select(Engagement).where(Engagement.uuid == uid)).one_or_none()
    if row is None:
        raise UserError("engagement: it no longer exists (someone else may have deleted it)", field="engagement")
    return row


def resolve_plan(ids: IdMap, plan: EngagementPlan) -> EngagementPlan:
    """`plan` with venue, room, vehicle and attendee ids replaced by undo/redo mapped to the current ones."""

    def current(entity: Entity, ident: int | None) -> int | None:
        return None if ident is None else ids.resolve(entity, ident)

    data = replace(
        plan.data,
        venue_id=current(Entity.VENUE, plan.data.venue_id),
        room_id=current(Entity.ROOM, plan.data.room_id),
        origin_venue_id=current(Entity.VENUE, plan.data.origin_venue_id),
        vehicle_id=current(Entity.VEHICLE, plan.data.vehicle_id),
    )
    attendances = tuple(AttendanceData(ids.resolve(Entity.ATTENDEE, a.attendee_id), a.part) for a in plan.attendances)
    return EngagementPlan(data, attendances)


class EngagementCommand(ServiceCommand):
    """The base of the commands acting on one existing engagement.

    Attributes:
        uid: the engagement's calendar UID (stable across delete and undo).
        title: its title when the command was made (for the command text).
        version: the row version the user saw; checked on the first run only.
    """

    def __init__(
        self, workspace: Workspace, uid: str, text: str, version: int | None = None, initiator: object = None
    ) -> None:
        super().__init__(workspace, text, initiator)
        self.uid = uid
        self.version = version

    def expected_version(self) -> int | None:
        """The version to check: the one the user saw, on the first run only (see `expected`)."""
        return self.expected(self.version)

    def current_id(self, session: Session) -> int:
        return engagement_by_uid(session, self.uid).id


class CreateEngagementCommand(ServiceCommand):
    """Add an engagement; undo deletes it, redo brings it back with the same UID.

    Attributes:
        visit_id: the visit it belongs to.
        plan: what to create.
        uid: the calendar UID it gets (made up front, so redo keeps it).
        engagement_id: its id after the last run.
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
        super().__init__(workspace, text or f"New engagement “{plan.data.title}”", initiator)
        self.visit_id = visit_id
        self.plan = plan
        self.uid = uid or str(uuidlib.uuid4())
        self.engagement_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = engagements.create_engagement(
            session,
            self.workspace.ids.resolve(Entity.VISIT, self.visit_id),
            resolve_plan(self.workspace.ids, self.plan),
            uid=self.uid,
        )
        new_id = changes.created_id(Entity.ENGAGEMENT)
        if self.engagement_id is not None:
            self.workspace.ids.alias(Entity.ENGAGEMENT, self.engagement_id, new_id)
        self.engagement_id = new_id
        return changes

    def undo_(self, session: Session) -> Changes:
        return engagements.delete_engagement(session, engagement_by_uid(session, self.uid).id)


class EditEngagementCommand(EngagementCommand):
    """Replace an engagement's fields and attendances (the editor, drags across lanes, resizing and
    inline edits); undo puts the old plan back."""

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        old: EngagementPlan,
        new: EngagementPlan,
        version: int | None = None,
        text: str | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, text or f"Edit “{new.data.title}”", version, initiator)
        self.old, self.new = old, new

    def do(self, session: Session) -> Changes:
        return engagements.update_engagement(
            session,
            self.current_id(session),
            resolve_plan(self.workspace.ids, self.new),
            expected_version=self.expected_version(),
        )

    def undo_(self, session: Session) -> Changes:
        return engagements.update_engagement(
            session, self.current_id(session), resolve_plan(self.workspace.ids, self.old)
        )


class MoveEngagementCommand(EngagementCommand):
    """Move an engagement keeping its length; undo moves it back."""

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
        super().__init__(workspace, uid, text or f"Move “{title}”", version, initiator)
        self.old_start, self.new_start = old_start, new_start

    def do(self, session: Session) -> Changes:
        return engagements.move_engagement(
            session, self.current_id(session), self.new_start, expected_version=self.expected_version()
        )

    def undo_(self, session: Session) -> Changes:
        return engagements.move_engagement(session, self.current_id(session), self.old_start)


class CancelEngagementCommand(EngagementCommand):
    """Mark an engagement cancelled; undo restores exactly the status it had (tentative or confirmed)."""

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
        super().__init__(workspace, uid, f"Cancel “{title}”", version, initiator)
        self.previous = previous

    def do(self, session: Session) -> Changes:
        return engagements.cancel_engagement(
            session, self.current_id(session), expected_version=self.expected_version()
        )

    def undo_(self, session: Session) -> Changes:
        return engagements.restore_engagement(session, self.current_id(session), self.previous)


class RestoreEngagementCommand(EngagementCommand):
    """Bring a cancelled engagement back (as confirmed unless told); undo cancels it again."""

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        status: EngagementStatus = EngagementStatus.CONFIRMED,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, f"Restore “{title}”", version, initiator)
        self.status = status

    def do(self, session: Session) -> Changes:
        return engagements.restore_engagement(
            session, self.current_id(session), self.status, expected_version=self.expected_version()
        )

    def undo_(self, session: Session) -> Changes:
        return engagements.cancel_engagement(session, self.current_id(session))


class DuplicateEngagementCommand(EngagementCommand):
    """Copy an engagement with its attendances under a new UID; undo deletes the copy and redo
    recreates it with the same UID.

    Attributes:
        new_start: where the copy starts (None: straight after the original).
        copy_uid: the copy's UID after the first run.
    """

    def __init__(
        self, workspace: Workspace, uid: str, title: str, new_start: datetime | None = None, initiator: object = None
    ) -> None:
        super().__init__(workspace, uid, f"Duplicate “{title}”", None, initiator)
        self.new_start = new_start
        self.copy_uid: str | None = None
        self.copy_id: int | None = None
        self._copy: tuple[int, EngagementPlan] | None = None

    def do(self, session: Session) -> Changes:
        if self._copy is None or self.copy_uid is None:
            changes = engagements.duplicate_engagement(session, self.current_id(session), self.new_start)
            copy = session.get(Engagement, changes.created_id(Entity.ENGAGEMENT))
            assert copy is not None
            self.copy_uid, self.copy_id = copy.uuid, copy.id
            self._copy = (copy.visit_id, engagements.engagement_plan(copy))
            return changes
        visit_id, plan = self._copy
        changes = engagements.create_engagement(
            session,
            self.workspace.ids.resolve(Entity.VISIT, visit_id),
            resolve_plan(self.workspace.ids, plan),
            uid=self.copy_uid,
        )
        new_id = changes.created_id(Entity.ENGAGEMENT)
        if self.copy_id is not None:
            self.workspace.ids.alias(Entity.ENGAGEMENT, self.copy_id, new_id)
        self.copy_id = new_id
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.copy_uid is not None
        return engagements.delete_engagement(session, engagement_by_uid(session, self.copy_uid).id)


class DeleteEngagementCommand(EngagementCommand):
    """Remove an engagement for good; undo recreates it from a snapshot with the same UID,
    sequence and attendances (under a new id, aliased in `workspace.ids`).

    Attributes:
        snapshot: (visit id, plan, sequence, id) taken just before the delete.
    """

    def __init__(
        self,
        workspace: Workspace,
        uid: str,
        title: str,
        version: int | None = None,
        verb: str = "Delete",
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, uid, f"{verb} “{title}”", version, initiator)
        self.snapshot: tuple[int, EngagementPlan, int, int] | None = None

    def do(self, session: Session) -> Changes:
        engagement = engagement_by_uid(session, self.uid)
        check_version(engagement, self.expected_version(), f"Engagement {engagement.title!r}")
        self.snapshot = (
            engagement.visit_id,
            engagements.engagement_plan(engagement),
            engagement.sequence,
            engagement.id,
        )
        return engagements.delete_engagement(session, engagement.id)

    def undo_(self, session: Session) -> Changes:
        assert self.snapshot is not None
        visit_id, plan, sequence, old_id = self.snapshot
        changes = engagements.create_engagement(
            session,
            self.workspace.ids.resolve(Entity.VISIT, visit_id),
            resolve_plan(self.workspace.ids, plan),
            uid=self.uid,
            sequence=sequence,
        )
        self.workspace.ids.alias(Entity.ENGAGEMENT, old_id, changes.created_id(Entity.ENGAGEMENT))
        return changes
