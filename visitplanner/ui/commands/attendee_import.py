"""The undo command of a delegation-list import: the whole import is one step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from visitplanner.domain.changes import Changes, Entity
from visitplanner.importers.attendee_sheet import ImportedAttendee
from visitplanner.services import attendee_import
from visitplanner.services.attendee_import import ImportOptions, ImportOutcome, ImportPlan
from visitplanner.services.snapshots import Snapshot
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


@dataclass(frozen=True)
class AttendeeImportRequest:
    """What the import dialog hands over: the rows read, the choices and the preview accepted.

    Attributes:
        path: the file read.
        rows: every row of the sheet as values.
        options: the side and role for rows without.
        accepted: the row numbers the officer accepted.
        plan: the preview they saw (the import is refused if the address book changed since).
        mapping: (headers key, fields) of the column mapping, remembered with the import; None: not remembered.
    """

    path: Path
    rows: tuple[ImportedAttendee, ...]
    options: ImportOptions
    accepted: frozenset[int]
    plan: ImportPlan
    mapping: tuple[str, tuple[str, ...]] | None = None


class ImportAttendeesCommand(ServiceCommand):
    """Import the accepted rows of a delegation list; undo removes the people, organisations and
    attendees it created and puts changed fields back; redo does it all again."""

    def __init__(
        self, workspace: Workspace, visit_id: int, request: AttendeeImportRequest, initiator: object = None
    ) -> None:
        count = sum(1 for r in request.plan.rows if r.row in request.accepted and r.status.value != "unchanged")
        super().__init__(workspace, f"Import {count} attendees from “{request.path.name}”", initiator)
        self.visit_id, self.request = visit_id, request
        self.outcome: ImportOutcome | None = None
        self.taken: tuple[Snapshot, ...] = ()

    def do(self, session: Session) -> Changes:
        if self.outcome is not None:
            return attendee_import.redo_import(session, self.outcome, self.taken, self.ids.resolve)
        request = self.request
        self.outcome = attendee_import.import_attendees(
            session,
            self.ids.resolve(Entity.VISIT, self.visit_id),
            request.rows,
            request.options,
            accepted=request.accepted,
            expected=None if self.overwrite else request.plan,
            mapping=request.mapping,
        )
        return self.outcome.changes

    def undo_(self, session: Session) -> Changes:
        assert self.outcome is not None
        changes, self.taken = attendee_import.undo_import(session, self.outcome, self.ids.resolve, self.text())
        return changes
