"""A large visit's invitations are worked out off the UI thread: the Invitations tab shows its
progress (and keeps the recipients it lists while an edit is worked out), Send waits for it, a
hidden tab waits until shown, and a read overtaken by a later one is not shown. The visit comes
from the invitations benchmark's generator (everyone at every engagement, sent once, then
changed). Speed itself is measured in tests/benchmarks/bench_invitations.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

import visitplanner.exporters.invitations as invitations_module
from tests.benchmarks.bench_invitations import build
from tests.gui.conftest import ErrorLog, fixed_clock
from visitplanner.exporters.invitations import STATUS_STEPS
from visitplanner.services import engagements
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Engagement
from visitplanner.ui.invitations import InvitationsTab, RecipientsModel, read_shown
from visitplanner.ui.tasks import LARGE_VISIT
from visitplanner.ui.workspace import Workspace

RECIPIENTS = 30
ENGAGEMENTS = LARGE_VISIT + 10  # large by its engagements, without any threshold patched


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("large") / "invitations.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        visit_id, _ = build(db, RECIPIENTS, ENGAGEMENTS)
    finally:
        db.close()
    return path, visit_id


@pytest.fixture
def large_db(large_file: tuple[Path, int], tmp_path: Path) -> Iterator[Database]:
    import shutil

    path = tmp_path / "large.sqlite3"
    shutil.copyfile(large_file[0], path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.close()


@pytest.fixture
def large_workspace(qapp: object, large_db: Database, errors: ErrorLog) -> Workspace:
    ws = Workspace(large_db, clock=fixed_clock)
    ws.report_error = errors
    return ws


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread each working-out of the invitations ran in."""
    seen: list[threading.Thread] = []
    real = invitations_module.invitation_status

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(invitations_module, "invitation_status", spy)
    return seen


def settled(tab: InvitationsTab) -> None:
    """Wait for the tab's background read, if any (a thread must not outlive its tab)."""
    task = tab.loading_task
    if task is not None and task.is_running():
        task.wait()


def listed(tab: InvitationsTab) -> list[tuple[str, str]]:
    return [
        (
            str(tab.model.index(n, RecipientsModel.COL_ADDRESS).data()),
            str(tab.model.index(n, RecipientsModel.COL_PENDING).data()),
        )
        for n in range(tab.model.rowCount())
    ]


def expected(workspace: Workspace, visit_id: int) -> list[tuple[str, str]]:
    shown = workspace.read(lambda s: read_shown(s, visit_id, fixed_clock()))
    return [(r.email, r.counts.summary()) for r in shown.recipients]


def test_a_large_visit_is_worked_out_in_the_background_with_its_progress(
    qtbot: QtBot,
    large_workspace: Workspace,
    large_file: tuple[Path, int],
    threads: list[threading.Thread],
    errors: ErrorLog,
) -> None:
    visit_id = large_file[1]
    tab = InvitationsTab(large_workspace)
    qtbot.add_widget(tab, before_close_func=settled)
    tab.resize(1000, 600)
    tab.set_visit(visit_id)
    assert not tab.is_loading() and tab.model.rowCount() == 0 and threads == []  # hidden: waits until shown

    steps: list[int] = []
    tab.loading.bar.valueChanged.connect(steps.append)
    tab.show()
    qtbot.wait_exposed(tab)
    assert tab.is_loading() and tab.stack.currentWidget() is tab.loading
    assert f"{ENGAGEMENTS - 1} engagements" in tab.loading.label.text()  # the generator deleted one
    assert not tab.send_button.isEnabled()  # Send waits for what is pending
    with qtbot.wait_signal(tab.loaded, timeout=30_000):
        pass
    assert threads and all(t is not threading.main_thread() for t in threads)  # worked out off the UI thread
    assert steps and steps[-1] == tab.loading.bar.maximum() == STATUS_STEPS
    assert tab.stack.currentWidget() is tab.lists and not tab.is_loading()
    first = listed(tab)
    assert first == expected(large_workspace, visit_id)
    assert len(first) == RECIPIENTS and all("5 updates" in pending for _, pending in first)
    assert tab.send_button.isEnabled() and errors == []

    # an edit is worked out in the background too, the recipients still listed meanwhile
    uid = large_workspace.read(
        lambda s: s.scalars(
            select(Engagement.id).where(Engagement.visit_id == visit_id).order_by(Engagement.id)
        ).first()
    )
    assert uid is not None
    threads.clear()
    large_workspace.execute(lambda s: engagements.cancel_engagement(s, uid))
    assert tab.is_loading() and tab.stack.currentWidget() is tab.lists and listed(tab) == first
    with qtbot.wait_signal(tab.loaded, timeout=30_000):
        pass
    assert threads and threads[0] is not threading.main_thread()
    after = listed(tab)
    assert after == expected(large_workspace, visit_id) and after != first


def test_a_read_overtaken_by_a_later_one_is_not_shown(
    qtbot: QtBot, large_workspace: Workspace, large_file: tuple[Path, int], errors: ErrorLog
) -> None:
    tab = InvitationsTab(large_workspace)
    qtbot.add_widget(tab, before_close_func=settled)
    tab.show()
    qtbot.wait_exposed(tab)
    tab.set_visit(large_file[1])
    task = tab.loading_task
    assert task is not None
    tab.set_visit(None)  # the officer left the visit before it was worked out
    with qtbot.wait_signal(task.finished, timeout=30_000):
        pass
    qtbot.wait(20)
    assert tab.model.rowCount() == 0 and not tab.is_loading() and tab.summary.text() == "No visit selected"
    assert tab.stack.currentWidget() is tab.lists and errors == []
