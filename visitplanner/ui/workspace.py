"""The one place UI operations run: service calls through undo commands, errors to dialogs,
and a `changed` broadcast so only the views showing what changed refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from visitplanner.domain.changes import Changes, Entity, Ref
from visitplanner.domain.errors import ConflictError, StorageError, UserError, VisitPlannerError
from visitplanner.services.base import utcnow
from visitplanner.services.snapshots import with_ids
from visitplanner.store.database import Database, Session
from visitplanner.store.queries import row_versions, written_rows

R = TypeVar("R")
T = TypeVar("T")


class IdMap:
    """Maps ids that undo/redo replaced: a row deleted and recreated gets a new id (ids are
    never reused), and commands further along the stack still hold the old one."""

    def __init__(self) -> None:
        self._aliases: dict[tuple[Entity, int], int] = {}
        #: For each current id, the older ids that lead to it (so that a new alias of a current id
        #: moves them along in time proportional to their number, not to every alias held: an
        #: undone and redone import replaces thousands of ids at once).
        self._older: dict[tuple[Entity, int], list[int]] = {}

    def alias(self, entity: Entity, old: int, new: int) -> None:
        if old == new:
            return
        followers = self._older.pop((entity, old), [])
        followers.append(old)
        for ident in followers:
            self._aliases[entity, ident] = new
        self._older.setdefault((entity, new), []).extend(followers)

    def __bool__(self) -> bool:
        """Whether any id was replaced."""
        return bool(self._aliases)

    def resolve(self, entity: Entity, ident: int) -> int:
        return self._aliases.get((entity, ident), ident)

    def current(self, value: T) -> T:
        """`value` (a domain value) with the ids of the rows it refers to resolved."""
        return with_ids(value, self.resolve)


class Workspace(QObject):
    """The open database with its undo stack; every edit of a window goes through here.

    Attributes:
        db: the open database.
        undo_stack: the window's undo stack (every step is saved at once: there is no unsaved state).
        ids: ids replaced by undo/redo.
        report_error: shows an error to the user (tests replace it to collect errors).
        ask_conflict: asks "reload or overwrite?"; returns True to overwrite.
        clock: the current instant (aware UTC) for what depends on today's date (overdue tasks,
            the visit list's "upcoming"); tests fix it, so no test depends on the real date.

    Signals:
        changed(Changes, object): after any service call, with what changed and the initiator
            (the view that asked, or None), so views refresh only what they show.
        reloaded(): everything must be read again (another database, or a conflict reload).
    """

    changed = Signal(object, object)
    reloaded = Signal()

    def __init__(
        self, db: Database, parent: QObject | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock: Callable[[], datetime] = clock or utcnow
        self.undo_stack = QUndoStack(self)
        self.ids = IdMap()
        self.report_error: Callable[[QWidget | None, BaseException], None] = show_error
        self.ask_conflict: Callable[[QWidget | None, ConflictError], bool] = ask_overwrite
        #: The version each row had when this window last wrote it (see `execute`).
        self.written: dict[Ref, int] = {}
        self.last_written: frozenset[Ref] = frozenset()

    # -- reading ---------------------------------------------------------------------------
    def read(self, fn: Callable[[Session], R]) -> R:
        """Run a read-only function in a fresh read-only session (it never waits for writers)."""
        with self.db.reading() as session:
            return fn(session)

    def check(self, fn: Callable[[Session], Any]) -> None:
        """Dry-run a service (rolled back) so a dialog can show the service's own refusal
        before closing; raises `UserError` / `ConflictError`. Like any unit that may write, it
        takes its turn at SQLite's write lock."""
        with self.db.dry_run() as session:
            fn(session)

    # -- writing ---------------------------------------------------------------------------
    def execute(
        self, fn: Callable[[Session], Changes], initiator: object = None, *, unchanged: Iterable[Ref] = ()
    ) -> Changes:
        """Run one service call in its own transaction and broadcast what changed.

        `unchanged`: rows that must still be as this window last wrote them (an undo or redo
        step passes the rows its last run wrote; ids go through `ids`); if anyone else has
        written one since, nothing is done and `ConflictError` is raised. After the call, the rows it wrote
        are remembered with their new versions, and `last_written` holds them.

        Raises the service's errors; commands call this, views call `push`.
        """
        with self.db.session() as session:
            self._ensure_unchanged(session, unchanged)
            changes = fn(session)
            session.flush()
            written, deleted = written_rows(session)
        for ref in deleted:
            self.written.pop(ref, None)
        for entity, old, new in changes.replaced:
            self.ids.alias(entity, old, new)
        self.written.update(written)
        self.last_written = frozenset(written)
        if changes:
            self.changed.emit(changes, initiator)
        return changes

    def _ensure_unchanged(self, session: Session, refs: Iterable[Ref]) -> None:
        resolved = {(entity, self.ids.resolve(entity, ident)) for entity, ident in refs}
        mine = {ref: self.written[ref] for ref in resolved if ref in self.written}
        if not mine:
            return
        now = row_versions(session, mine)
        for (entity, ident), version in mine.items():
            # a row that is gone is left to the step itself (it may have been deleted along
            # with another row by this window); one written since by anyone else is refused
            if (entity, ident) in now and now[(entity, ident)] != version:
                raise ConflictError(
                    f"this step no longer applies: {entity.value.replace('_', ' ')} {ident} "
                    "was changed by someone else after this window last changed it"
                )

    def push(self, command: QUndoCommand, parent: QWidget | None = None) -> bool:
        """Do `command` and put it on the undo stack; on an error, tell the user and push nothing.

        A conflict asks whether to overwrite the other officer's change or reload.
        """
        from visitplanner.ui.commands.base import ServiceCommand

        try:
            if isinstance(command, ServiceCommand):
                command.first_run()
        except ConflictError as exc:
            if isinstance(command, ServiceCommand) and self.ask_conflict(parent, exc):
                command.overwrite = True
                return self.push(command, parent)
            self.reloaded.emit()
            return False
        except VisitPlannerError as exc:
            self.report_error(parent, exc)
            return False
        self.undo_stack.push(command)
        return True

    def failed_in_stack(self, exc: VisitPlannerError) -> None:
        """Undo or redo was refused (someone else changed the rows): say so and drop the history.
        Only the app's own errors come here; a bug goes on to the crash handler."""
        self.report_error(None, exc)
        QTimer.singleShot(0, self.undo_stack.clear)
        self.reloaded.emit()


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The one place errors become message boxes."""
    from visitplanner.ui.messages import warn

    if isinstance(exc, UserError):
        warn(parent, "Cannot do that", str(exc))
    elif isinstance(exc, ConflictError):
        warn(parent, "Changed by someone else", str(exc))
    elif isinstance(exc, StorageError):
        warn(parent, "Database problem", str(exc), critical=True)
    else:
        warn(parent, "Unexpected error", f"{type(exc).__name__}: {exc}", critical=True)


def ask_overwrite(parent: QWidget | None, exc: ConflictError) -> bool:
    from visitplanner.ui.messages import message_box

    box = message_box(
        parent,
        QMessageBox.Icon.Warning,
        "Changed by someone else",
        f"{exc}\n\nOverwrite their change with yours, or reload and lose yours?",
        QMessageBox.StandardButton.NoButton,
    )
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Reload", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is overwrite
