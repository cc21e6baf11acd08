"""Background tasks: results, errors and cancellation reach the UI thread."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.errors import UserError
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.store.database import Database
from visitplanner.store.models import Engagement
from visitplanner.ui.tasks import BackgroundTask, run_with_progress


def count_engagements(session: Session, progress: Progress, cancelled: Cancelled) -> int:
    progress(1, 2)
    n = session.scalar(select(func.count()).select_from(Engagement)) or 0
    progress(2, 2)
    return n


def test_result_and_progress_arrive(qtbot: QtBot, gui_db: Database) -> None:
    task = BackgroundTask(gui_db, "Counting", count_engagements)
    seen: list[tuple[int, int]] = []
    task.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.wait_signal(task.succeeded, timeout=10_000) as blocker:
        task.start()
    assert blocker.args[0] == 20
    qtbot.wait_until(lambda: seen == [(1, 2), (2, 2)])
    assert task.thread() is not None


def test_errors_arrive(qtbot: QtBot, gui_db: Database) -> None:
    def broken(session: Session, progress: Progress, cancelled: Cancelled) -> None:
        raise UserError("attendee: no such attendee")

    task = BackgroundTask(gui_db, "Failing", broken)
    with qtbot.wait_signal(task.failed, timeout=10_000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], UserError)


def test_cancel_stops_the_work(qtbot: QtBot, gui_db: Database) -> None:
    started = threading.Event()

    def slow(session: Session, progress: Progress, cancelled: Cancelled) -> None:
        started.set()
        for _ in range(10_000):
            if cancelled():
                raise WorkCancelled
            threading.Event().wait(0.001)

    task = BackgroundTask(gui_db, "Slow", slow)
    with qtbot.wait_signal(task.failed, timeout=20_000) as blocker:
        task.start()
        assert started.wait(10)
        task.cancel()
    assert isinstance(blocker.args[0], WorkCancelled)


@pytest.mark.parametrize("cancel", [False, True])
def test_progress_dialog(qtbot: QtBot, gui_db: Database, cancel: bool) -> None:
    task = BackgroundTask(gui_db, "Counting", count_engagements)
    with qtbot.wait_signal(task.finished, timeout=10_000):
        dialog = run_with_progress(None, task)
        if cancel:
            dialog.cancel()
    assert not task.is_running() or task.wait()


def test_a_task_cancelled_after_its_work_returned_commits_nothing(qtbot: QtBot, gui_db: Database) -> None:
    from visitplanner.domain.values import OrganisationData
    from visitplanner.services.organisations import create_organisation
    from visitplanner.store.models import Organisation

    def count(session: Session) -> int:
        return session.scalar(select(func.count()).select_from(Organisation)) or 0

    with gui_db.session() as session:
        before = count(session)

    def work(session: Session, progress: Progress, cancelled: Cancelled) -> None:
        create_organisation(session, OrganisationData("Written, then cancelled"))
        task.cancel()  # the user's Cancel arrives after the work's last look at `cancelled`

    task = BackgroundTask(gui_db, "Writing", work)
    with qtbot.wait_signal(task.failed, timeout=10_000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], WorkCancelled)
    with gui_db.session() as session:
        assert count(session) == before


def test_the_progress_dialog_is_reset_before_the_outcome_is_shown(qtbot: QtBot, gui_db: Database) -> None:
    """So that a question or an error about the outcome is not shown under a progress dialog."""
    task = BackgroundTask(gui_db, "Counting", count_engagements)
    seen: list[object] = []
    task.finished.connect(lambda: seen.append("finished"))
    with qtbot.wait_signal(task.succeeded, timeout=10_000):
        dialog = run_with_progress(None, task)
        task.succeeded.connect(lambda result: seen.append(dialog.value()))  # -1 once reset; 2 (of 2) before
    assert seen == ["finished", -1]
