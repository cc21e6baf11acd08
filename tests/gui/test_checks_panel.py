"""The Checks panel: findings after each edit, counts in the status bar, jumping to engagements."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from visitplanner.domain.checks import Severity
from visitplanner.services import engagements, gifts, travel
from visitplanner.store.database import Database
from visitplanner.store.models import Engagement, Gift, TravelLeg
from visitplanner.ui.checks import ChecksPanel, FindingsModel, counts_text, marks_by_engagement
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.workspace import Workspace


def tour_ids(db: Database) -> tuple[int, int]:
    with db.session() as session:
        dif = session.scalars(select(Engagement.id).where(Engagement.title.like("Tour of the Digital%"))).one()
        mif = session.scalars(select(Engagement.id).where(Engagement.title.like("Tour of the Materials%"))).one()
        return dif, mif


def overlap_the_tours(workspace: Workspace, db: Database) -> None:
    dif, mif = tour_ids(db)
    with db.session() as session:
        start = session.get(Engagement, dif).start_at + timedelta(minutes=30)  # type: ignore[union-attr]
    workspace.execute(lambda s: engagements.move_engagement(s, mif, start))


def test_panel_lists_findings_and_updates_after_an_edit(
    qtbot: QtBot, workspace: Workspace, gui_db: Database, demo_visit_id: int
) -> None:
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    assert not [f for f in panel.findings if f.severity is Severity.ERROR]
    with qtbot.wait_signal(panel.findings_changed, timeout=5000):
        overlap_the_tours(workspace, gui_db)
    codes = {f.code for f in panel.findings if f.severity is Severity.ERROR}
    assert "person-double-booked" in codes and "impossible-travel" not in codes  # one clash, once
    assert panel.summary.text().startswith(f"{sum(f.severity is Severity.ERROR for f in panel.findings)} error")


def test_findings_model(
    qtmodeltester: object, qtbot: QtBot, workspace: Workspace, gui_db: Database, demo_visit_id: int
) -> None:
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    overlap_the_tours(workspace, gui_db)
    panel.set_visit(demo_visit_id, immediately=True)
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
    assert panel.model.rowCount() == len(panel.findings) > 0
    first = panel.proxy.index(0, FindingsModel.COL_SEVERITY).data()
    assert first == "Error"


def test_activating_a_finding_names_its_engagement(
    qtbot: QtBot, workspace: Workspace, gui_db: Database, demo_visit_id: int
) -> None:
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    overlap_the_tours(workspace, gui_db)
    panel.set_visit(demo_visit_id, immediately=True)
    dif, mif = tour_ids(gui_db)
    with qtbot.wait_signal(panel.engagement_activated) as blocker:
        panel.view.activated.emit(panel.proxy.index(0, 1))
    assert blocker.args[0] in (dif, mif)


def test_severity_filter(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData(Severity.ERROR))
    assert panel.proxy.rowCount() == 0
    panel.severity_filter.setCurrentIndex(0)
    assert panel.proxy.rowCount() == len(panel.findings)


def test_counts_and_marks() -> None:
    from visitplanner.domain.checks import Finding

    findings = [
        Finding("a", Severity.INFO, "x", (1,)),
        Finding("b", Severity.ERROR, "y", (1, 2)),
        Finding("c", Severity.WARNING, "z", (3,)),
    ]
    assert counts_text(findings) == "1 error · 1 warning · 1 note"
    assert marks_by_engagement(findings) == {1: "error", 2: "error", 3: "warning"}


def test_status_bar_counts_follow_the_checks(window: MainWindow, qtbot: QtBot, gui_db: Database) -> None:
    # the demo interpreter works alone over six hours on both days: two genuine warnings; the
    # Busan side's vase is valued in won, for which the office keeps no exchange rate: a third
    qtbot.wait_until(lambda: window.status_label.text() == "0 errors · 3 warnings · 2 notes", timeout=5000)
    [vase] = [f for f in window.checks.findings if f.code == "gift-not-compared"]  # listed in the Checks panel
    assert "no exchange rate for KRW, so it cannot be compared with the declaration threshold" in vase.message
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        overlap_the_tours(window.workspace, gui_db)
    assert not window.status_label.text().startswith("0 errors")


def test_panel_follows_gift_and_journey_edits(
    qtbot: QtBot, workspace: Workspace, gui_db: Database, demo_visit_id: int
) -> None:
    """Gifts and journeys feed checks of their own: editing them refreshes the dock as an engagement edit does."""
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    assert "gift-not-reciprocated" not in {f.code for f in panel.findings}
    with gui_db.session() as session:
        host_gift = session.scalars(
            select(Gift.id).where(Gift.visit_id == demo_visit_id, Gift.description.like("%Liver Bird%"))
        ).one()
        leg = session.scalars(select(TravelLeg.id).where(TravelLeg.visit_id == demo_visit_id)).first()
    # the demo exchanges gifts both ways at the signing: take the hosts' away and theirs is unanswered
    with qtbot.wait_signal(panel.findings_changed, timeout=5000):
        workspace.execute(lambda s: gifts.delete_gift(s, host_gift))
    assert "gift-not-reciprocated" in {f.code for f in panel.findings}
    assert leg is not None, "the demo has its flights as journeys"
    with qtbot.wait_signal(panel.findings_changed, timeout=5000):  # a journey edit is checked again too
        workspace.execute(lambda s: travel.delete_leg(s, leg))


def test_overdue_tasks_follow_the_workspace_clock(
    qtbot: QtBot, workspace: Workspace, gui_db: Database, demo_visit_id: int
) -> None:
    """The dock and the Tasks tab read today's date from the window's clock, never the machine's:
    at the tests' fixed instant nothing is overdue; three weeks before the visit two tasks are."""
    from datetime import UTC, datetime

    from visitplanner.ui.readiness import TasksTab

    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    assert "task-overdue" not in {f.code for f in panel.findings}
    workspace.clock = lambda: datetime(2027, 4, 20, 23, 30, tzinfo=UTC)  # already the 21st in London (BST)
    panel.recheck()
    overdue = [f.message for f in panel.findings if f.code == "task-overdue"]
    assert len(overdue) == 2 and any("'Interpreter booked'" in m and "(1 day ago)" in m for m in overdue)
    tasks = TasksTab(workspace)
    qtbot.add_widget(tasks)
    tasks.set_visit(demo_visit_id)
    assert tasks.summary.text().endswith("2 needing attention")
