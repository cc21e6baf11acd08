"""The shapes of every undo command: redo and undo are service calls run through the workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtGui import QUndoCommand

from visitplanner.domain.changes import Changes, Entity, Ref
from visitplanner.domain.errors import VisitPlannerError
from visitplanner.domain.names import PersonName
from visitplanner.services import engagements, snapshots
from visitplanner.store.database import Session
from visitplanner.ui.workspace import IdMap, Workspace


class ServiceCommand(QUndoCommand):
    """An undoable edit. Subclasses implement `do` and `undo_` as service calls.

    The first `redo()` (when the stack pushes it) does nothing: `Workspace.push` already ran
    `do` to find out whether it succeeds, so a refused edit never reaches the stack.

    Attributes:
        workspace: where the services run.
        entity, ident: the row it acts on, if one: its id when the command was made, or an
            engagement's calendar UID (stable across delete and undo); see `target`.
        version: the row version the user saw (see `expected`); `overwrite`: ignore it.
        initiator: passed on with the `changed` broadcast.
    """

    entity: ClassVar[Entity]
    what: ClassVar[str]  # the start of its text ("Edit visit"); the row's name follows
    do: Callable[[Session], Changes]  # the step, as a service call
    undo_: Callable[[Session], Changes]  # its inverse

    def __init__(
        self,
        workspace: Workspace,
        text: str,
        initiator: object = None,
        version: int | None = None,
        ident: int | str = 0,
    ) -> None:
        super().__init__(text)
        self.workspace, self.ident, self.version, self.initiator = workspace, ident, version, initiator
        self.overwrite = self._skip_redo = self._has_run = False
        self._wrote: frozenset[Ref] = frozenset()  # the rows its last run wrote

    @property
    def ids(self) -> IdMap:
        return self.workspace.ids

    def target(self, session: Session, ident: int | str | None = None) -> int:
        """The current id of the row it acts on (or of `ident`)."""
        ident = self.ident if ident is None else ident
        return (
            engagements.engagement_id(session, ident)
            if isinstance(ident, str)
            else self.ids.resolve(self.entity, ident)
        )

    def first_run(self) -> Changes:
        changes = self.workspace.execute(self.do, self.initiator)
        self._wrote = self.workspace.last_written
        self._skip_redo = self._has_run = True
        return changes

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_)

    def _run(self, step: Callable[[Session], Changes]) -> None:
        """Undo or redo: refused if someone else has since written a row the last run wrote.
        A refusal clears the history; any other exception is a bug and goes on to the crash handler."""
        try:
            self.workspace.execute(step, self.initiator, unchanged=self._wrote)
        except VisitPlannerError as exc:  # the plan changed under us: the history no longer applies
            self.workspace.failed_in_stack(exc)
            return
        self._wrote = self.workspace.last_written

    def expected(self) -> int | None:
        """The version to check: the one the user saw, on the first run only (undo and redo change
        the row themselves), and not at all when the user chose to overwrite."""
        return None if self.overwrite or self._has_run else self.version


def describe(data: Any) -> str:
    """How a command's text names a row from its fields: title, label or name."""
    name = getattr(data, "data", data)  # an engagement plan names its engagement
    name = getattr(name, "label", None) or getattr(name, "name", None) or name.title
    return name.display if isinstance(name, PersonName) else str(name).strip()


class CreateCommand(ServiceCommand):
    """Create a row of `entity` from `data` (in `parent`); undo deletes what it created (refused if
    anything uses it now), redo puts that back from the snapshot undo took (new ids, aliased).

    Attributes:
        uid: an engagement's calendar UID, made up front (so that the view can follow it).
        created: the rows the first run created, in the order they are restored.
    """

    uid: str | None = None

    def __init__(
        self, workspace: Workspace, data: Any, initiator: object = None, parent: int = 0, text: str | None = None
    ) -> None:
        super().__init__(workspace, text or f"{self.what} “{describe(data)}”", initiator)
        self.data, self.parent = data, parent
        self.created: list[Ref] = []
        self._snapshots: list[snapshots.Snapshot] = []

    def created_id(self, entity: Entity) -> int | None:
        """The first id of the row of `entity` it created (resolve it through `ids`), None before it ran."""
        return next((ident for kind, ident in self.created if kind == entity), None)

    def create(self, session: Session) -> Changes:
        parent = self.ids.resolve(snapshots.PARENT[self.entity], self.parent) if self.parent else None
        return snapshots.create(session, self.entity, self.ids.current(self.data), parent, uid=self.uid)

    def do(self, session: Session) -> Changes:
        if self._has_run:
            return snapshots.restore(session, *self._snapshots, resolve=self.ids.resolve)
        changes = self.create(session)
        self.created = snapshots.restorable(changes)
        return changes

    def undo_(self, session: Session) -> Changes:
        current = [(entity, self.ids.resolve(entity, ident)) for entity, ident in self.created]
        self._snapshots = [snapshots.snapshot(session, *ref) for ref in current]
        return Changes.merge(snapshots.delete(session, *ref, undoing=self.text()) for ref in reversed(current))


class EditCommand(ServiceCommand):
    """Replace a row's fields with `new` through its kind's `update` service; undo puts `old` back.

    Attributes:
        old, new: the fields before and after (their ids resolved through `ids`).
        update: the service called as update(session, id, fields, expected_version=...).
    """

    def __init__(
        self,
        workspace: Workspace,
        ident: int | str,
        old: Any,
        new: Any,
        version: int | None = None,
        initiator: object = None,
        text: str | None = None,
    ) -> None:
        super().__init__(workspace, text or f"{self.what} “{describe(new)}”", initiator, version, ident)
        self.old, self.new, self.update = old, new, snapshots.UPDATE[self.entity]

    def do(self, session: Session) -> Changes:
        return self.update(session, self.target(session), self.ids.current(self.new), expected_version=self.expected())

    def undo_(self, session: Session) -> Changes:
        return self.update(session, self.target(session), self.ids.current(self.old))


class DeleteCommand(ServiceCommand):
    """Delete a row (or several: `ident` a list, all or none) with what goes with it; undo restores
    it from the snapshot taken just before (new ids, aliased to the old ones).

    Attributes:
        snapshots: what the last run deleted.
    """

    def __init__(
        self,
        workspace: Workspace,
        ident: int | str | list[int],
        name: str,
        version: int | None = None,
        verb: str | None = None,
        initiator: object = None,
    ) -> None:
        text = f"{verb or self.what} {name}" if isinstance(ident, list) else f"{verb or self.what} “{name}”"
        super().__init__(workspace, text, initiator, version)
        self.rows = ident if isinstance(ident, list) else [ident]
        self.snapshots: list[snapshots.Snapshot] = []

    def do(self, session: Session) -> Changes:
        rows = [self.target(session, ident) for ident in self.rows]
        self.snapshots = [snapshots.snapshot(session, self.entity, ident) for ident in rows]
        version = self.expected()
        return Changes.merge(snapshots.delete(session, self.entity, i, expected_version=version) for i in rows)

    def undo_(self, session: Session) -> Changes:
        return snapshots.restore(session, *self.snapshots, resolve=self.ids.resolve)
