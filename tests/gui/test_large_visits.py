"""Large visits stay fluid: an edit re-reads only the engagements it touched (one table row, the
moved block), a large visit is read and checked in background tasks with progress, and the whole
visit is laid out only when shown. (Speed itself is measured in tests/benchmarks/bench_ui_large.py.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

import visitplanner.services.checks as check_services
import visitplanner.ui.checks as checks_module
import visitplanner.ui.itinerary.tab as tab_module
from tests.gui.conftest import positive_control
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.findings import CheckOptions
from visitplanner.services.reads.itinerary import READ_STEPS, EngagementRow, Itinerary, read_itinerary
from visitplanner.ui.checks import ChecksPanel
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


def full_read(workspace: Workspace, visit_id: int) -> Itinerary:
    itinerary = workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    return itinerary


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1300, 700)
    page.show_view("day")
    page.set_visit(demo_visit_id)
    page.show()
    qtbot.wait_exposed(page)
    return page


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[set[int] | None]]:
    """The engagement ids each re-read of the tab asked for (None: the whole visit)."""
    asked: list[set[int] | None] = []
    partial, whole = tab_module.read_engagement_rows, tab_module.read_itinerary

    def read_rows(session: Any, visit_id: int, ids: Any = None, progress: Any = None) -> list[EngagementRow]:
        asked.append(None if ids is None else set(ids))
        return partial(session, visit_id, ids, progress)

    def read_all(session: Any, visit_id: int, progress: Any = None) -> Itinerary | None:
        asked.append(None)
        return whole(session, visit_id, progress)

    monkeypatch.setattr(tab_module, "read_engagement_rows", read_rows)
    monkeypatch.setattr(tab_module, "read_itinerary", read_all)
    yield asked


def rows_changed(tab: ItineraryTab) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    tab.model.dataChanged.connect(lambda top, bottom, *_: spans.append((top.row(), bottom.row())))
    return spans


def on_shown_day(tab: ItineraryTab, title: str) -> EngagementRow:
    assert tab.itinerary is not None
    row = next(r for r in tab.itinerary.rows if r.title == title)
    tab.set_day(row.start.astimezone(tab.itinerary.choices.local_zone).date())
    assert row.uuid in tab.timeline.blocks
    return row


def test_a_nudge_re_reads_one_engagement_changes_one_row_and_moves_one_block(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, reads: list[set[int] | None]
) -> None:
    row = on_shown_day(tab, "Welcome dinner")
    blocks = dict(tab.timeline.blocks)
    top = blocks[row.uuid].y()
    spans = rows_changed(tab)
    with qtbot.assert_not_emitted(tab.model.modelReset), qtbot.assert_not_emitted(tab.model.layoutChanged):
        tab.nudge_engagement(row, 5)
    assert reads == [{row.id}]  # only the nudged engagement was read again
    number = tab.model.index_of(row.id).row()
    assert spans == [(number, number)]  # one row of the table changed
    assert tab.model.row_at(number).start == row.start + timedelta(minutes=5)
    assert tab.timeline.blocks == blocks  # the same blocks: none was built again
    moved = tab.timeline.blocks[row.uuid]
    assert moved.row.start == row.start + timedelta(minutes=5)
    assert moved.y() == pytest.approx(top + tab.timeline.pixels_per_hour / 12)
    assert tab.itinerary == full_read(workspace, demo_visit_id)  # as if it had all been read again

    reads.clear()
    workspace.undo_stack.undo()
    assert reads == [{row.id}]
    assert tab.timeline.blocks[row.uuid].y() == pytest.approx(top)
    assert tab.itinerary == full_read(workspace, demo_visit_id)


def test_a_copy_and_a_deletion_insert_and_remove_one_row_and_one_block(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, reads: list[set[int] | None]
) -> None:
    row = on_shown_day(tab, "Welcome dinner")
    count = tab.model.rowCount()
    inserted: list[int] = []
    removed: list[int] = []
    tab.model.rowsInserted.connect(lambda _parent, first, last: inserted.append(last - first + 1))
    tab.model.rowsRemoved.connect(lambda _parent, first, last: removed.append(last - first + 1))
    with qtbot.assert_not_emitted(tab.model.modelReset):
        tab.duplicate_engagement(row)
    assert inserted == [1] and tab.model.rowCount() == count + 1
    assert tab.itinerary == full_read(workspace, demo_visit_id)
    copy = next(r for r in tab.itinerary.rows if r.title == row.title and r.id != row.id)
    assert copy.uuid in tab.timeline.blocks
    assert all(len(ids or ()) == 1 for ids in reads)

    with qtbot.assert_not_emitted(tab.model.modelReset):
        tab.delete_engagement(copy)
    assert removed == [1] and tab.model.rowCount() == count
    assert copy.uuid not in tab.timeline.blocks
    assert tab.itinerary == full_read(workspace, demo_visit_id)


def test_a_change_to_what_engagements_name_reads_the_visit_again(
    qtbot: QtBot, tab: ItineraryTab, reads: list[set[int] | None]
) -> None:
    assert tab.itinerary is not None
    venue = next(r.venue_id for r in tab.itinerary.rows if r.venue_id)
    assert venue is not None
    with qtbot.wait_signal(tab.model.modelReset):
        tab.workspace.changed.emit(Changes.of_updated(Entity.VENUE, venue), None)
    assert reads == [None]
    reads.clear()
    with qtbot.assert_not_emitted(tab.model.modelReset):
        tab.workspace.changed.emit(Changes.of_updated(Entity.PERSON, 1), None)  # not shown here
    assert reads == []


def test_the_whole_visit_is_laid_out_only_when_shown(tab: ItineraryTab, workspace: Workspace) -> None:
    assert tab.visit_scene.blocks == {}  # the day is shown: the visit's blocks are not built
    row = on_shown_day(tab, "Welcome dinner")
    tab.nudge_engagement(row, 5)
    assert tab.visit_scene.blocks == {}
    tab.show_visit()
    assert tab.itinerary is not None
    assert set(tab.visit_scene.blocks) == {r.uuid for r in tab.itinerary.rows}
    built = dict(tab.visit_scene.blocks)
    tab.nudge_engagement(tab.itinerary.by_uuid(row.uuid) or row, 5)  # while shown: moved in place
    assert tab.visit_scene.blocks == built
    assert tab.visit_scene.blocks[row.uuid].row.start == row.start + timedelta(minutes=10)


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every visit counts as large (the demo has a few dozen engagements); freezing the collector's
    survivors is recorded instead of done (it would last for the rest of the test run)."""
    frozen: list[str] = []
    monkeypatch.setattr(tab_module, "LARGE_VISIT", 3)
    monkeypatch.setattr(checks_module, "CHECK_IN_BACKGROUND", 3)
    monkeypatch.setattr(checks_module, "LARGE_CHECK_DELAY_MS", 20)
    monkeypatch.setattr(tab_module, "freeze_survivors", lambda: frozen.append("frozen"))
    return frozen


def test_a_large_visit_is_read_in_a_background_task_showing_its_progress(
    qtbot: QtBot,
    workspace: Workspace,
    demo_visit_id: int,
    settings: Settings,
    large: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    whole = tab_module.read_itinerary

    def read_all(session: Any, visit_id: int, progress: Any = None) -> Itinerary | None:
        threads.append(threading.current_thread())
        return whole(session, visit_id, progress)

    monkeypatch.setattr(tab_module, "read_itinerary", read_all)
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.show()
    steps: list[int] = []
    page.loading.bar.valueChanged.connect(steps.append)

    page.set_visit(demo_visit_id)

    assert page.is_loading() and page.itinerary is None
    assert page.stack.currentWidget() is page.loading
    assert "engagements" in page.loading.label.text()
    task = page.loading_task
    assert task is not None
    with qtbot.wait_signal(task.finished, timeout=10_000):
        pass
    qtbot.wait_until(lambda: not page.is_loading())
    assert threads and threads[0] is not threading.main_thread()  # read off the UI thread
    assert page.itinerary == full_read(workspace, demo_visit_id)
    assert page.stack.currentWidget() is not page.loading and page.timeline.blocks
    assert steps and steps[-1] == page.loading.bar.maximum() == READ_STEPS + 1
    assert large == ["frozen"]


def test_a_large_visit_shows_its_first_day_while_the_rest_is_read(
    qtbot: QtBot,
    workspace: Workspace,
    demo_visit_id: int,
    settings: Settings,
    large: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    whole = tab_module.read_itinerary

    def read_all(session: Any, visit_id: int, progress: Any = None) -> Itinerary | None:
        release.wait(10)  # the whole visit is "slow": the test looks at the tab meanwhile
        return whole(session, visit_id, progress)

    monkeypatch.setattr(tab_module, "read_itinerary", read_all)
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.show_view("day")
    page.show()
    try:
        page.set_visit(demo_visit_id)
        qtbot.wait_until(lambda: page.itinerary is not None, timeout=10_000)
        itinerary = page.itinerary
        assert itinerary is not None and not itinerary.complete and page.is_loading()
        everything = full_read(workspace, demo_visit_id)
        first = everything.choices.days[0]
        assert page.day == itinerary.only_day == first
        zone = everything.choices.local_zone
        from visitplanner.domain.gestures import on_day

        todays = [r for r in everything.rows if on_day(r.start, r.end, first, zone)]
        assert list(itinerary.rows) == todays and len(todays) < len(everything.rows)
        assert set(page.timeline.blocks) == {r.uuid for r in todays}  # the day is shown
        assert page.stack.currentWidget() is not page.loading
        page.show_view("table")  # the table waits for the whole visit
        assert page.stack.currentWidget() is page.loading and page.model.rowCount() == 0
        page.show_view("day")
        page.set_day(everything.choices.days[1])  # a day not read yet
        assert page.stack.currentWidget() is page.loading
    finally:
        release.set()
    with qtbot.wait_signal(page.loaded, timeout=10_000):
        pass
    assert page.itinerary == everything and not page.is_loading()
    assert page.day == everything.choices.days[1] and page.stack.currentWidget() is not page.loading
    page.show_view("table")
    assert page.model.rowCount() == len(everything.rows)


def test_a_background_read_that_was_overtaken_is_not_shown(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings, large: list[str]
) -> None:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    task = page.loading_task
    assert task is not None
    page.set_visit(None)  # the officer chose no visit before it was read
    with qtbot.wait_signal(task.finished, timeout=10_000):
        pass
    qtbot.wait(20)
    assert page.itinerary is None and not page.is_loading()
    assert page.stack.currentWidget() is page.empty


def test_a_large_visit_is_checked_off_the_ui_thread_once_after_a_burst_of_edits(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, large: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = check_services.check_visit

    def check_visit(session: Any, visit_id: int, options: CheckOptions, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(session, visit_id, options, **kwargs)

    monkeypatch.setattr(check_services, "check_visit", check_visit)
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    with qtbot.wait_signal(panel.findings_changed, timeout=10_000):
        panel.set_visit(demo_visit_id)
        assert panel.busy()
    expected = workspace.read(lambda s: real(s, demo_visit_id, CheckOptions()))
    assert panel.findings == expected and panel.model.rowCount() == len(expected)
    assert threads and all(t is not threading.main_thread() for t in threads)
    threads.clear()
    with qtbot.wait_signal(panel.findings_changed, timeout=10_000):
        for _ in range(3):  # three nudges in a row
            workspace.changed.emit(Changes.of_updated(Entity.ENGAGEMENT, 1), None)
    qtbot.wait_until(lambda: not panel.busy())
    assert len(threads) == 1  # checked once, after the burst
    with positive_control(qtbot, panel.findings_changed, wait=2000):
        workspace.changed.emit(Changes.of_updated(Entity.ENGAGEMENT, 1), None)
    with qtbot.assert_not_emitted(panel.findings_changed, wait=100):
        workspace.changed.emit(Changes.of_updated(Entity.ORGANISATION, 1), None)  # not checked
    assert not panel.busy()


def test_findings_sort_in_their_model(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    panel = ChecksPanel(workspace)
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    ranks = [
        panel.proxy.index(n, 0).data(checks_module.OBJECT_ROLE).severity.rank for n in range(panel.proxy.rowCount())
    ]
    assert ranks == sorted(ranks) and ranks
    assert panel.model.index_of(0).isValid() and not panel.model.index_of(len(ranks)).isValid()
    assert not panel.proxy.mapFromSource(QModelIndex()).isValid()


def test_the_whole_visit_puts_each_engagement_on_the_first_day_it_touches() -> None:
    """`lay_out_visit` finds each engagement's day from its start, not by asking every day: the
    same days as asking every day in turn, across a clock change, midnight and the visit's edges."""
    import random
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from visitplanner.domain.enums import EngagementKind
    from visitplanner.domain.gestures import on_day
    from visitplanner.domain.values import EngagementData, EngagementPlan
    from visitplanner.ui.itinerary.layout import lay_out_visit

    zone = ZoneInfo("Europe/London")
    days = [date(2026, 10, 23) + timedelta(days=n) for n in range(5)]  # the clocks go back on the 25th
    rng = random.Random(7)
    rows = []
    for n in range(400):
        start = datetime(2026, 10, 21, tzinfo=zone) + timedelta(minutes=15 * rng.randrange(9 * 24 * 4))
        end = start + timedelta(minutes=15 * rng.randrange(1, 4 * 30))
        data = EngagementData(EngagementKind.MEETING, f"E{n}", start, end)
        rows.append(EngagementRow(n, f"uid-{n}", 1, 0, EngagementPlan(data)))
    placed = {p.row.uuid: layout.day for layout in lay_out_visit(rows, days, zone) for p in layout.placements}
    expected = {r.uuid: day for r in rows if (day := next((d for d in days if on_day(r.start, r.end, d, zone)), None))}
    assert placed == expected
    assert len(set(expected.values())) == len(days)


def test_many_blocks_are_built_a_chunk_at_a_time_keeping_the_selection(
    qtbot: QtBot, tab: ItineraryTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitplanner.ui.itinerary.scene import TimelineScene

    monkeypatch.setattr(TimelineScene, "BUILD_CHUNK", 4)
    assert tab.itinerary is not None
    chosen = tab.itinerary.rows[-1]
    tab.select_engagement(chosen.id)
    tab.show_visit()
    scene = tab.visit_scene
    assert scene.building() and len(scene.blocks) == 4  # the first chunk now, the rest later
    qtbot.wait_until(lambda: not scene.building())
    assert set(scene.blocks) == {r.uuid for r in tab.itinerary.rows}
    assert scene.selected_row() == chosen
    rects = {uid: block.sceneBoundingRect() for uid, block in scene.blocks.items()}
    scene.relayout()
    assert {uid: block.sceneBoundingRect() for uid, block in scene.blocks.items()} == rects  # all placed
