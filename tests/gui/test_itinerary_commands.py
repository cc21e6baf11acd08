"""Itinerary undo commands: each undo restores the exact previous state (attendances included),
engagements keep their UID across delete and undo, and later commands stay valid."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.gui.conftest import ErrorLog
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementStatus
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.values import AttendanceData, EngagementPlan
from visitplanner.services import engagements
from visitplanner.services.reads.itinerary import EngagementRow, read_itinerary
from visitplanner.store.models import Engagement
from visitplanner.ui.commands.engagements import (
    CancelEngagementCommand,
    CreateEngagementCommand,
    DeleteEngagementCommand,
    DuplicateEngagementCommand,
    EditEngagementCommand,
    MoveEngagementCommand,
    RestoreEngagementCommand,
)
from visitplanner.ui.workspace import Workspace


def rows(workspace: Workspace, visit_id: int) -> dict[str, EngagementRow]:
    itinerary = workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    return {r.uuid: r for r in itinerary.rows}


def titled(workspace: Workspace, visit_id: int, title: str) -> EngagementRow:
    return next(r for r in rows(workspace, visit_id).values() if r.title == title)


def snapshot(workspace: Workspace, visit_id: int) -> dict[str, tuple[EngagementPlan, int]]:
    """Every engagement's plan (fields and attendances) and calendar sequence, by UID."""
    return {uid: (r.plan, r.sequence) for uid, r in rows(workspace, visit_id).items()}


def plans(workspace: Workspace, visit_id: int) -> dict[str, EngagementPlan]:
    return {uid: r.plan for uid, r in rows(workspace, visit_id).items()}


def count(workspace: Workspace) -> int:
    return int(workspace.read(lambda s: s.scalar(select(func.count()).select_from(Engagement))) or 0)


def test_edit_with_attendances_undoes_and_redoes_exactly(workspace: Workspace, demo_visit_id: int) -> None:
    dinner = titled(workspace, demo_visit_id, "Welcome dinner")
    before = plans(workspace, demo_visit_id)
    first, *rest = dinner.plan.attendances[1:]  # one attendee fewer, another with a new part
    attendances = (replace(first, part=AttendancePart.SPEAKER), *rest)
    new = EngagementPlan(
        replace(
            dinner.plan.data,
            title="Gala dinner",
            end=dinner.end + timedelta(minutes=30),
            restricted_notes="Seating plan agreed with both offices",
        ),
        attendances,
    )
    command = EditEngagementCommand(workspace, dinner.uuid, dinner.plan, new, dinner.version)
    assert command.text() == "Edit “Gala dinner”"
    assert workspace.push(command)
    after = plans(workspace, demo_visit_id)
    assert after[dinner.uuid] == new
    workspace.undo_stack.undo()
    assert plans(workspace, demo_visit_id) == before
    workspace.undo_stack.redo()
    assert plans(workspace, demo_visit_id) == after


def test_create_undo_redo_keeps_the_uid(workspace: Workspace, demo_visit_id: int) -> None:
    dinner = titled(workspace, demo_visit_id, "Welcome dinner")
    plan = EngagementPlan(
        replace(dinner.plan.data, title="Nightcap", start=dinner.end, end=dinner.end + timedelta(hours=1)),
        (AttendanceData(dinner.plan.attendances[0].attendee_id, AttendancePart.CHAIR),),
    )
    before = count(workspace)
    command = CreateEngagementCommand(workspace, demo_visit_id, plan)
    assert workspace.push(command)
    created = rows(workspace, demo_visit_id)[command.uid]
    assert created.plan == plan
    first_id = created.id
    workspace.undo_stack.undo()
    assert command.uid not in rows(workspace, demo_visit_id) and count(workspace) == before
    workspace.undo_stack.redo()
    again = rows(workspace, demo_visit_id)[command.uid]
    assert again.plan == plan
    assert again.id != first_id
    assert workspace.ids.resolve(Entity.ENGAGEMENT, first_id) == again.id


def test_delete_then_undo_recreates_the_same_uid_sequence_and_attendances(
    workspace: Workspace, demo_visit_id: int
) -> None:
    ceremony = titled(workspace, demo_visit_id, "MOU signing ceremony")
    with workspace.db.session() as session:  # give it a calendar history
        engagements.move_engagement(session, ceremony.id, ceremony.start + timedelta(minutes=5))
        engagements.move_engagement(session, ceremony.id, ceremony.start)
    ceremony = titled(workspace, demo_visit_id, "MOU signing ceremony")
    assert ceremony.sequence == 2
    before = snapshot(workspace, demo_visit_id)
    command = DeleteEngagementCommand(workspace, ceremony.uuid, ceremony.title, ceremony.version)
    assert workspace.push(command)
    assert ceremony.uuid not in rows(workspace, demo_visit_id)
    workspace.undo_stack.undo()
    assert snapshot(workspace, demo_visit_id) == before
    back = rows(workspace, demo_visit_id)[ceremony.uuid]
    assert back.id != ceremony.id
    assert workspace.ids.resolve(Entity.ENGAGEMENT, ceremony.id) == back.id
    assert {a.part for a in back.plan.attendances} >= {AttendancePart.SIGNATORY, AttendancePart.WITNESS}
    workspace.undo_stack.redo()
    assert ceremony.uuid not in rows(workspace, demo_visit_id)


def test_commands_made_before_a_delete_still_work_after_its_undo(workspace: Workspace, demo_visit_id: int) -> None:
    lunch = titled(workspace, demo_visit_id, "Working lunch")
    start = lunch.start
    move = MoveEngagementCommand(
        workspace, lunch.uuid, lunch.title, start, start + timedelta(minutes=15), lunch.version
    )
    assert workspace.push(move)
    moved = titled(workspace, demo_visit_id, "Working lunch")
    assert workspace.push(DeleteEngagementCommand(workspace, moved.uuid, moved.title, moved.version))
    workspace.undo_stack.undo()  # the delete: recreated under a new id
    workspace.undo_stack.undo()  # the move, found by UID
    assert titled(workspace, demo_visit_id, "Working lunch").start == start
    workspace.undo_stack.redo()
    workspace.undo_stack.redo()
    assert lunch.uuid not in rows(workspace, demo_visit_id)
    workspace.undo_stack.undo()
    assert titled(workspace, demo_visit_id, "Working lunch").start == start + timedelta(minutes=15)


@pytest.mark.parametrize("previous", [EngagementStatus.TENTATIVE, EngagementStatus.CONFIRMED])
def test_cancel_undo_restores_the_previous_status(
    workspace: Workspace, demo_visit_id: int, previous: EngagementStatus
) -> None:
    press = titled(workspace, demo_visit_id, "Press photocall")
    with workspace.db.session() as session:
        engagements.update_engagement(
            session, press.id, EngagementPlan(replace(press.plan.data, status=previous), press.plan.attendances)
        )
    press = titled(workspace, demo_visit_id, "Press photocall")
    command = CancelEngagementCommand(workspace, press.uuid, press.title, press.status, press.version)
    assert command.text() == "Cancel “Press photocall”"
    assert workspace.push(command)
    assert titled(workspace, demo_visit_id, "Press photocall").status is EngagementStatus.CANCELLED
    workspace.undo_stack.undo()
    assert titled(workspace, demo_visit_id, "Press photocall").plan == press.plan
    with pytest.raises(ValueError, match="already cancelled"):
        CancelEngagementCommand(workspace, press.uuid, press.title, EngagementStatus.CANCELLED)


def test_restore_and_its_undo(workspace: Workspace, demo_visit_id: int) -> None:
    press = titled(workspace, demo_visit_id, "Press photocall")
    with workspace.db.session() as session:
        engagements.cancel_engagement(session, press.id)
    press = titled(workspace, demo_visit_id, "Press photocall")
    assert workspace.push(
        RestoreEngagementCommand(workspace, press.uuid, press.title, EngagementStatus.TENTATIVE, press.version)
    )
    assert titled(workspace, demo_visit_id, "Press photocall").status is EngagementStatus.TENTATIVE
    workspace.undo_stack.undo()
    assert titled(workspace, demo_visit_id, "Press photocall").status is EngagementStatus.CANCELLED


def test_duplicate_undo_redo_keeps_the_copy_uid(workspace: Workspace, demo_visit_id: int) -> None:
    tour = titled(workspace, demo_visit_id, "Tour of the Digital Innovation Facility (DIF)")
    before = plans(workspace, demo_visit_id)
    command = DuplicateEngagementCommand(workspace, tour.uuid, tour.title)
    assert workspace.push(command)
    assert command.copy_uid is not None and command.copy_uid != tour.uuid
    copy = rows(workspace, demo_visit_id)[command.copy_uid]
    assert copy.start == tour.end and copy.plan.attendances == tour.plan.attendances
    workspace.undo_stack.undo()
    assert plans(workspace, demo_visit_id) == before
    workspace.undo_stack.redo()
    assert rows(workspace, demo_visit_id)[command.copy_uid].plan == copy.plan


def test_a_stale_version_is_a_conflict_on_the_first_run(
    workspace: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    dinner = titled(workspace, demo_visit_id, "Welcome dinner")
    with workspace.db.session() as session:  # another officer edits it
        engagements.move_engagement(session, dinner.id, dinner.start + timedelta(minutes=30))
    reloads: list[bool] = []
    workspace.reloaded.connect(lambda: reloads.append(True))
    for command in (
        MoveEngagementCommand(workspace, dinner.uuid, dinner.title, dinner.start, dinner.start, dinner.version),
        CancelEngagementCommand(workspace, dinner.uuid, dinner.title, dinner.status, dinner.version),
        EditEngagementCommand(workspace, dinner.uuid, dinner.plan, dinner.plan, dinner.version),
        DeleteEngagementCommand(workspace, dinner.uuid, dinner.title, dinner.version),
    ):
        assert not workspace.push(command)
    assert len(reloads) == 4
    assert workspace.undo_stack.count() == 0
    assert titled(workspace, demo_visit_id, "Welcome dinner").start == dinner.start + timedelta(minutes=30)
    # choosing "overwrite" runs it without the check
    workspace.ask_conflict = lambda parent, exc: isinstance(exc, ConflictError)
    assert workspace.push(CancelEngagementCommand(workspace, dinner.uuid, dinner.title, dinner.status, dinner.version))
    assert titled(workspace, demo_visit_id, "Welcome dinner").status is EngagementStatus.CANCELLED


def test_refusals_leave_nothing_on_the_stack(workspace: Workspace, demo_visit_id: int, errors: ErrorLog) -> None:
    dinner = titled(workspace, demo_visit_id, "Welcome dinner")
    outside = EngagementPlan(
        replace(dinner.plan.data, start=dinner.start + timedelta(days=5), end=dinner.end + timedelta(days=5)),
        dinner.plan.attendances,
    )
    assert not workspace.push(EditEngagementCommand(workspace, dinner.uuid, dinner.plan, outside, dinner.version))
    assert "outside the visit" in str(errors[-1])
    assert workspace.undo_stack.count() == 0
