"""Undo command for a visit's briefing-pack editions."""

from __future__ import annotations

from collections.abc import Sequence

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.editions import EditionData
from visitplanner.services import editions
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


class SetEditionsCommand(ServiceCommand):
    """Replace a visit's editions; undo puts the previous list back."""

    entity, what = Entity.VISIT, "Edit briefing editions"

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        old: Sequence[EditionData],
        new: Sequence[EditionData],
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, self.what, initiator, ident=visit_id)
        self.old, self.new = list(old), list(new)

    def do(self, session: Session) -> Changes:
        return editions.set_editions(session, self.target(session), self.new)

    def undo_(self, session: Session) -> Changes:
        return editions.set_editions(session, self.target(session), self.old)
