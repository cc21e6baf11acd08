"""Undo commands for seating plans: every change is one step, undone by putting the whole plan back."""

from __future__ import annotations

from collections.abc import Callable

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.seating import SeatingLayout
from visitplanner.services import engagements, seating
from visitplanner.store.database import Session
from visitplanner.store.seating import plan_id_of, plan_layout
from visitplanner.ui.commands.base import CreateCommand, ServiceCommand
from visitplanner.ui.workspace import Workspace

#: A change of a plan as a service call: step(session, plan id, expected version).
Step = Callable[[Session, int, int | None], Changes]


class CreateSeatingPlanCommand(CreateCommand):
    """Give an engagement (its id is `parent`) a seating plan; undo deletes the plan."""

    entity, what = Entity.SEATING_PLAN, "New seating plan"

    def __init__(self, workspace: Workspace, engagement_id: int, layout: SeatingLayout, title: str) -> None:
        super().__init__(workspace, layout, parent=engagement_id, text=f"New seating plan for “{title}”")


class SeatingCommand(ServiceCommand):
    """One change of a plan (seat, swap, lock, auto-seat, a table added, moved or removed); undo
    puts back the layout the plan had before it (`before`, its attendee ids resolved)."""

    entity, what = Entity.SEATING_PLAN, "Seating"

    def __init__(
        self,
        workspace: Workspace,
        plan_id: int,
        before: SeatingLayout,
        step: Step,
        text: str,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, text, initiator, version, plan_id)
        self.before, self.step = before, step

    def do(self, session: Session) -> Changes:
        return self.step(session, self.target(session), self.expected())

    def undo_(self, session: Session) -> Changes:
        return seating.restore_layout(session, self.target(session), self.ids.current(self.before))


class CopySeatingPlanCommand(ServiceCommand):
    """Copy another engagement's plan (tables, convention, and the seats of those who attend both)
    onto this one, replacing its plan if it has one; undo puts back what it had (its plan, or none).
    Both engagements are named by calendar UID, which survives their deletion and undo."""

    entity, what = Entity.SEATING_PLAN, "Copy seating plan"

    def __init__(
        self, workspace: Workspace, source_uid: str, target_uid: str, text: str, initiator: object = None
    ) -> None:
        super().__init__(workspace, text, initiator)
        self.source_uid, self.target_uid = source_uid, target_uid
        self.before: SeatingLayout | None = None

    def do(self, session: Session) -> Changes:
        source = plan_id_of(session, engagements.engagement_id(session, self.source_uid))
        if source is None:
            raise UserError("engagement: the plan to copy no longer exists", field="engagement")
        target = engagements.engagement_id(session, self.target_uid)
        existing = plan_id_of(session, target)
        self.before = plan_layout(session, existing) if existing is not None else None
        return seating.copy_plan(session, source, target)

    def undo_(self, session: Session) -> Changes:
        plan = plan_id_of(session, engagements.engagement_id(session, self.target_uid))
        if plan is None:
            return Changes()
        if self.before is None:
            return seating.delete_plan(session, plan)
        return seating.restore_layout(session, plan, self.ids.current(self.before))
