"""Undo command for the office's limits (shared by every officer of the database)."""

from __future__ import annotations

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.findings import CheckOptions
from visitplanner.services import office
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


class SetOfficeLimitsCommand(ServiceCommand):
    """Make `new` the office's limits; undo puts `old` back. Each step is refused as a conflict
    when the database no longer holds what the step starts from (another officer saved since),
    unless the officer chose to overwrite."""

    entity, what = Entity.OFFICE, "Edit the office limits"

    def __init__(self, workspace: Workspace, old: CheckOptions, new: CheckOptions, initiator: object = None) -> None:
        super().__init__(workspace, self.what, initiator)
        self.old, self.new = old, new

    def do(self, session: Session) -> Changes:
        return office.set_check_options(session, self.new, expected=None if self.overwrite else self.old)

    def undo_(self, session: Session) -> Changes:
        return office.set_check_options(session, self.old, expected=self.new)
