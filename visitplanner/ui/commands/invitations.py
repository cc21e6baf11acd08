"""The undo command of importing replies to invitations (one step for all the files dropped)."""

from __future__ import annotations

from collections.abc import Sequence

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.invitations import RecordedReply, ReplyItem
from visitplanner.services.invitations import import_replies, restore_replies
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


class ImportRepliesCommand(ServiceCommand):
    """Record the answers of `items`; undo puts back the answers recorded before (or none).

    Attributes:
        visit_id: the visit.
        items: the replies read from the files.
        before: what the last run replaced, for undo.
    """

    entity, what = Entity.REPLY, "Import replies"

    def __init__(
        self, workspace: Workspace, visit_id: int, items: Sequence[ReplyItem], initiator: object = None
    ) -> None:
        count = len(items)
        super().__init__(workspace, f"Import {count} repl{'y' if count == 1 else 'ies'}", initiator)
        self.visit_id = visit_id
        self.items = tuple(items)
        self.before: tuple[tuple[str, str, RecordedReply | None], ...] = ()

    def do(self, session: Session) -> Changes:
        result = import_replies(session, self.visit_id, self.items, now=self.workspace.clock())
        self.before = result.before
        return result.changes

    def undo_(self, session: Session) -> Changes:
        return restore_replies(session, self.visit_id, self.before)
