"""The base of every undo command: redo and undo are service calls run through the workspace."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Ref
from visitplanner.ui.workspace import Workspace


class ServiceCommand(QUndoCommand):
    """An undoable edit. Subclasses implement `do` and `undo_` as service calls.

    The first `redo()` (when the stack pushes it) does nothing: `Workspace.push` already ran
    `do` to find out whether it succeeds, so a refused edit never reaches the stack.

    Attributes:
        workspace: where the services run.
        overwrite: ignore the row versions read when the command was made (the user chose to
            overwrite someone else's change).
        initiator: passed on with the `changed` broadcast.
    """

    def __init__(self, workspace: Workspace, text: str, initiator: object = None) -> None:
        super().__init__(text)
        self.workspace = workspace
        self.overwrite = False
        self.initiator = initiator
        self._skip_redo = False
        self._has_run = False
        self._wrote: frozenset[Ref] = frozenset()  # the rows its last run wrote

    def do(self, session: Session) -> Changes:
        raise NotImplementedError

    def undo_(self, session: Session) -> Changes:
        raise NotImplementedError

    def first_run(self) -> Changes:
        changes = self.workspace.execute(self.do, self.initiator)
        self._wrote = self.workspace.last_written
        self._skip_redo = True
        self._has_run = True
        return changes

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_)

    def _run(self, step: Callable[[Session], Changes]) -> None:
        """Undo or redo: refused if someone else has since written a row the last run wrote."""
        try:
            self.workspace.execute(step, self.initiator, unchanged=self._wrote)
            self._wrote = self.workspace.last_written
        except Exception as exc:  # the plan changed under us: the history no longer applies
            self.workspace.failed_in_stack(exc)

    def expected(self, version: int | None) -> int | None:
        """The version read when the command was made, checked on its first run only (undo and
        redo change the row themselves), and not at all when the user chose to overwrite."""
        return None if self.overwrite or self._has_run else version
