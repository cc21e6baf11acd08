"""Undoing a creation that someone else has since built on is refused, and loses nothing.

Two workspaces on one database stand for two windows (or two officers): A creates something,
B uses it, then A undoes the creation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests.gui.conftest import ErrorLog, fixed_clock
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.values import AttendeeData, PersonData, VehicleData, VisitData
from visitplanner.services.engagements import assign_attendee
from visitplanner.services.people import create_person
from visitplanner.store.database import Database
from visitplanner.store.models import Attendance, Attendee, Engagement, Vehicle
from visitplanner.ui.commands.attendees import AddAttendeeCommand
from visitplanner.ui.commands.vehicles import CreateVehicleCommand
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def other(qapp: object, gui_db: Database) -> Iterator[Workspace]:
    """Window B on the same database."""
    ws = Workspace(gui_db, clock=fixed_clock)
    ws.report_error = lambda parent, exc: pytest.fail(f"B saw an error: {exc}")
    yield ws


def dinner_id(ws: Workspace, visit_id: int) -> int:
    return ws.read(
        lambda s: s.scalars(
            select(Engagement.id).where(Engagement.visit_id == visit_id, Engagement.title == "Welcome dinner")
        ).one()
    )


def test_undoing_an_attendee_someone_has_put_on_an_engagement_is_refused(
    qtbot: QtBot, workspace: Workspace, other: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    person_id = workspace.execute(lambda s: create_person(s, PersonData("Newman", "Alex"))).created_id(Entity.PERSON)
    workspace.undo_stack.clear()
    assert workspace.push(
        AddAttendeeCommand(workspace, demo_visit_id, AttendeeData(person_id, Side.HOST, Role.HOST), "Alex Newman")
    )
    attendee_id = workspace.read(lambda s: s.scalars(select(Attendee.id).where(Attendee.person_id == person_id)).one())
    dinner = dinner_id(other, demo_visit_id)
    other.execute(lambda s: assign_attendee(s, dinner, attendee_id))  # B puts Alex on the dinner

    workspace.undo_stack.undo()
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert "engagement" in str(errors[0]) and "Alex Newman" in str(errors[0])
    still = workspace.read(
        lambda s: s.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.attendee_id == attendee_id, Attendance.engagement_id == dinner)
        )
    )
    assert still == 1  # B's work is intact, and so is the attendee
    qtbot.waitUntil(lambda: workspace.undo_stack.count() == 0)  # the history that no longer applies is dropped


def test_undoing_an_unused_creation_still_works(workspace: Workspace, demo_visit_id: int, errors: ErrorLog) -> None:
    assert workspace.push(CreateVehicleCommand(workspace, demo_visit_id, VehicleData("Spare car", 3)))
    assert (
        workspace.read(
            lambda s: s.scalar(select(func.count()).select_from(Vehicle).where(Vehicle.label == "Spare car"))
        )
        == 1
    )
    workspace.undo_stack.undo()
    assert errors == []
    assert (
        workspace.read(
            lambda s: s.scalar(select(func.count()).select_from(Vehicle).where(Vehicle.label == "Spare car"))
        )
        == 0
    )


def test_undoing_a_vehicle_someone_has_given_a_transfer_is_refused(
    workspace: Workspace, other: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    from visitplanner.domain.enums import EngagementKind
    from visitplanner.services.engagements import engagement_plan, update_engagement

    assert workspace.push(CreateVehicleCommand(workspace, demo_visit_id, VehicleData("Spare car", 3)))
    vehicle_id = workspace.read(lambda s: s.scalars(select(Vehicle.id).where(Vehicle.label == "Spare car")).one())

    def give_a_transfer_the_car(s: object) -> object:
        from dataclasses import replace

        from sqlalchemy.orm import Session

        assert isinstance(s, Session)
        transfer = s.scalars(
            select(Engagement).where(Engagement.visit_id == demo_visit_id, Engagement.kind == EngagementKind.TRANSFER)
        ).first()
        assert transfer is not None
        plan = engagement_plan(transfer)
        return update_engagement(s, transfer.id, replace(plan, data=replace(plan.data, vehicle_id=vehicle_id)))

    other.execute(give_a_transfer_the_car)  # type: ignore[arg-type]
    workspace.undo_stack.undo()
    assert len(errors) == 1 and isinstance(errors[0], ConflictError) and "1 transfer" in str(errors[0])
    assert (
        workspace.read(
            lambda s: s.scalar(select(func.count()).select_from(Engagement).where(Engagement.vehicle_id == vehicle_id))
        )
        == 1
    )


def visit_now(ws: Workspace, visit_id: int) -> VisitData:
    from visitplanner.services.visits import visit_data
    from visitplanner.store.models import Visit

    return ws.read(lambda s: visit_data(s.get(Visit, visit_id)))  # type: ignore[arg-type]


def test_undoing_an_edit_someone_has_edited_since_is_refused(
    qtbot: QtBot, workspace: Workspace, other: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    from visitplanner.services.visits import update_visit
    from visitplanner.ui.commands.visits import EditVisitCommand

    original = visit_now(workspace, demo_visit_id)
    retitled = replace(original, title="Retitled by A")
    assert workspace.push(EditVisitCommand(workspace, demo_visit_id, original, retitled))
    theirs = replace(visit_now(other, demo_visit_id), purpose="Purpose rewritten by B")
    other.execute(lambda s: update_visit(s, demo_visit_id, theirs))

    workspace.undo_stack.undo()  # would put back A's old purpose over B's
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert "no longer applies" in str(errors[0]) and "visit" in str(errors[0])
    assert visit_now(workspace, demo_visit_id) == theirs
    qtbot.waitUntil(lambda: workspace.undo_stack.count() == 0)


def test_a_windows_own_edits_undo_and_redo_without_conflict(
    workspace: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    from visitplanner.ui.commands.visits import EditVisitCommand

    first = visit_now(workspace, demo_visit_id)
    second = replace(first, title="Second title")
    third = replace(second, purpose="Third purpose")
    assert workspace.push(EditVisitCommand(workspace, demo_visit_id, first, second))
    assert workspace.push(EditVisitCommand(workspace, demo_visit_id, second, third))
    for _ in range(2):
        workspace.undo_stack.undo()
    assert visit_now(workspace, demo_visit_id) == first
    for _ in range(2):
        workspace.undo_stack.redo()
    assert visit_now(workspace, demo_visit_id) == third
    workspace.undo_stack.undo()
    assert visit_now(workspace, demo_visit_id) == second
    assert errors == []


def test_undoing_a_new_engagement_someone_has_edited_is_refused(
    workspace: Workspace, other: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from visitplanner.domain.enums import EngagementKind
    from visitplanner.domain.timerange import local_datetime
    from visitplanner.domain.values import EngagementData, EngagementPlan
    from visitplanner.services.engagements import cancel_engagement
    from visitplanner.ui.commands.engagements import CreateEngagementCommand

    start = local_datetime(date(2027, 5, 12), time(7), ZoneInfo("Europe/London"))
    plan = EngagementPlan(
        EngagementData(EngagementKind.MEETING, "Breakfast call", start, start + timedelta(minutes=30)), ()
    )
    assert workspace.push(CreateEngagementCommand(workspace, demo_visit_id, plan))
    new_id = workspace.read(
        lambda s: s.scalars(select(Engagement.id).where(Engagement.title == "Breakfast call")).one()
    )
    other.execute(lambda s: cancel_engagement(s, new_id))  # B marks it cancelled

    workspace.undo_stack.undo()
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert workspace.read(lambda s: s.get(Engagement, new_id)) is not None
