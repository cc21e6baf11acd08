"""Undo and redo: a refusal the app knows (`VisitPlannerError`) is shown and drops the history; a bug
is not dressed up as a database problem but reaches the crash handler with its traceback."""

from __future__ import annotations

import traceback

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from visitplanner.domain.changes import Changes
from visitplanner.domain.errors import StorageError
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


class FailingUndo(ServiceCommand):
    """Does nothing; its undo raises `error`."""

    def __init__(self, workspace: Workspace, error: Exception) -> None:
        super().__init__(workspace, "Step that cannot be undone")
        self.error = error

    def do(self, session: Session) -> Changes:
        return Changes()

    def undo_(self, session: Session) -> Changes:
        raise self.error


def test_a_refusal_in_undo_is_shown_and_drops_the_history(qtbot: QtBot, workspace: Workspace, errors: ErrorLog) -> None:
    refusal = StorageError("the server went away")
    assert workspace.push(FailingUndo(workspace, refusal))
    with qtbot.capture_exceptions() as crashes:
        workspace.undo_stack.undo()
    assert errors == [refusal] and crashes == []
    qtbot.waitUntil(lambda: workspace.undo_stack.count() == 0)


def test_a_bug_in_undo_reaches_the_crash_handler_with_its_traceback(
    qtbot: QtBot, workspace: Workspace, errors: ErrorLog
) -> None:
    assert workspace.push(FailingUndo(workspace, KeyError("no such lane")))
    with qtbot.capture_exceptions() as crashes:
        QTimer.singleShot(0, workspace.undo_stack.undo)  # from the event loop, as the Undo action runs it
        qtbot.waitUntil(lambda: len(crashes) == 1)
    assert errors == []  # not shown as "could not undo or redo", a storage problem
    assert len(crashes) == 1
    kind, exc, tb = crashes[0]
    assert kind is KeyError and "no such lane" in str(exc)
    assert "undo_" in "".join(traceback.format_tb(tb))  # the frame that raised


@pytest.mark.parametrize("error", [ValueError("a bug"), RuntimeError("a bug")])
def test_a_bug_on_the_first_run_is_not_reported_as_a_refusal(
    workspace: Workspace, errors: ErrorLog, error: Exception
) -> None:
    class FailingDo(FailingUndo):
        def do(self, session: Session) -> Changes:
            raise self.error

    with pytest.raises(type(error)):
        workspace.push(FailingDo(workspace, error))
    assert errors == [] and workspace.undo_stack.count() == 0
