"""Undo and redo of a delegation-list import through its command on the undo stack, and the id
map that follows the thousands of ids a redo replaces."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ErrorLog, fixed_clock
from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.values import PersonData
from visitplanner.importers.attendee_sheet import ImportedAttendee
from visitplanner.services.attendee_import import ImportOptions, preview_import
from visitplanner.services.attendees import attendee_data
from visitplanner.services.base import get
from visitplanner.services.engagements import assign_attendee
from visitplanner.services.people import person_data, update_person
from visitplanner.store.models import Attendee, Engagement, Person
from visitplanner.store.queries import attendees_of
from visitplanner.ui.commands.attendee_import import AttendeeImportRequest, ImportAttendeesCommand
from visitplanner.ui.commands.attendees import EditAttendeeCommand
from visitplanner.ui.workspace import IdMap, Workspace


def test_id_map_follows_chains_of_replaced_ids() -> None:
    ids = IdMap()
    assert not ids and ids.resolve(Entity.PERSON, 1) == 1
    ids.alias(Entity.PERSON, 1, 5)
    ids.alias(Entity.ATTENDEE, 1, 7)
    ids.alias(Entity.PERSON, 5, 9)  # put back again: both older ids follow
    ids.alias(Entity.PERSON, 2, 2)  # the same id: no alias
    assert [ids.resolve(Entity.PERSON, i) for i in (1, 2, 5, 9)] == [9, 2, 9, 9]
    assert ids.resolve(Entity.ATTENDEE, 1) == 7 and ids.resolve(Entity.ATTENDEE, 5) == 5
    ids.alias(Entity.PERSON, 9, 12)
    assert {ids.resolve(Entity.PERSON, i) for i in (1, 5, 9)} == {12}


def test_id_map_aliases_thousands_of_ids_in_linear_time() -> None:
    ids = IdMap()
    for round_ in range(3):  # an import undone and redone three times: 3 x 20,000 aliases
        for n in range(20_000):
            old = n if round_ == 0 else 100_000 * round_ + n
            ids.alias(Entity.PERSON, old, 100_000 * (round_ + 1) + n)
    assert ids.resolve(Entity.PERSON, 17) == 300_017 and ids.resolve(Entity.PERSON, 100_017) == 300_017


def the_list(count: int = 30) -> tuple[ImportedAttendee, ...]:
    """`count` new people (a third in a new organisation) and, last, one of the demo's people
    with a new title."""
    given = frozenset({"family_name", "given_names", "email", "title"})
    rows = [
        ImportedAttendee(
            n + 2,
            PersonData(f"Family{n}", f"Given{n}", email=f"p{n}@list.example", title="Delegate"),
            given,
            "Busan Trade Office" if n % 3 == 0 else "",
        )
        for n in range(count)
    ]
    return tuple(rows)


def imported(workspace: Workspace, visit_id: int) -> list[str]:
    return sorted(
        workspace.read(
            lambda s: [f"{a.person.family_name}:{a.arrival}:{a.precedence}" for a in attendees_of(s, visit_id)]
        )
    )


def push_import(workspace: Workspace, visit_id: int, rows: tuple[ImportedAttendee, ...]) -> ImportAttendeesCommand:
    plan = workspace.read(lambda s: preview_import(s, visit_id, rows))
    request = AttendeeImportRequest(Path("list.xlsx"), rows, ImportOptions(), frozenset(r.row for r in rows), plan)
    command = ImportAttendeesCommand(workspace, visit_id, request)
    assert workspace.push(command)
    return command


def test_undo_redo_and_a_later_commands_undo_through_the_stack(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    before = imported(workspace, demo_visit_id)
    command = push_import(workspace, demo_visit_id, the_list())
    after = imported(workspace, demo_visit_id)
    assert len(after) == len(before) + 30
    assert command.outcome is not None
    first = next(i for e, i in command.outcome.created if e is Entity.ATTENDEE)
    old = workspace.read(lambda s: attendee_data(get(s, Attendee, first, "attendee")))
    edited = replace(old, arrival="OZ 521, 14:05")
    assert workspace.push(EditAttendeeCommand(workspace, first, old, edited, text="Edit attendee “Family0”"))
    stack = workspace.undo_stack
    stack.undo()  # the edit
    stack.undo()  # the import
    assert imported(workspace, demo_visit_id) == before and errors == []
    stack.redo()  # the import: the rows come back under new ids
    assert workspace.ids.resolve(Entity.ATTENDEE, first) != first
    assert imported(workspace, demo_visit_id) == after
    stack.redo()  # the edit follows its attendee to the new id
    now = workspace.ids.resolve(Entity.ATTENDEE, first)
    assert workspace.read(lambda s: get(s, Attendee, now, "attendee").arrival) == "OZ 521, 14:05"
    stack.undo()  # the edit's undo finds the row too
    assert imported(workspace, demo_visit_id) == after
    stack.undo()
    assert imported(workspace, demo_visit_id) == before
    stack.redo()
    stack.undo()  # a second round, through twice-replaced ids
    assert imported(workspace, demo_visit_id) == before and errors == []


def test_undo_refused_when_another_window_used_a_created_row(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    command = push_import(workspace, demo_visit_id, the_list(6))
    assert command.outcome is not None
    after = imported(workspace, demo_visit_id)
    other = Workspace(workspace.db, clock=fixed_clock)
    created = [i for e, i in command.outcome.created if e is Entity.ATTENDEE]
    dinner = other.read(
        lambda s: s.scalars(
            select(Engagement.id).where(Engagement.visit_id == demo_visit_id, Engagement.title == "Welcome dinner")
        ).one()
    )
    other.execute(lambda s: assign_attendee(s, dinner, created[2]))  # B puts one of them on the dinner
    workspace.undo_stack.undo()
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert str(errors[0]).startswith("Cannot undo “Import 6 attendees from “list.xlsx””: the attendee is now used by 1")
    assert imported(workspace, demo_visit_id) == after  # nothing undone
    qtbot.wait_until(lambda: workspace.undo_stack.count() == 0)  # the history no longer applies


def test_undo_refused_when_another_window_edited_a_created_person(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, errors: ErrorLog
) -> None:
    command = push_import(workspace, demo_visit_id, the_list(6))
    assert command.outcome is not None
    person = next(i for e, i in command.outcome.created if e is Entity.PERSON)
    other = Workspace(workspace.db, clock=fixed_clock)
    data = other.read(lambda s: person_data(get(s, Person, person, "person")))
    other.execute(lambda s: update_person(s, person, replace(data, dietary="Vegetarian")))
    after = imported(workspace, demo_visit_id)
    workspace.undo_stack.undo()
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert f"person {person} was changed by someone else" in str(errors[0])
    assert imported(workspace, demo_visit_id) == after
