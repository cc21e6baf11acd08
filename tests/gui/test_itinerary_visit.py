"""The Itinerary tab's whole-visit view: the days side by side, each engagement once in its day's
column, dragged to another day through an undo command, on the wall clock across a clock change,
five days on a 1024-pixel screen, and the view remembered."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from tests.gui.conftest import fixed_clock
from tests.gui.test_itinerary_timeline import fresh, row
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.timerange import local_datetime
from visitplanner.domain.values import EngagementData, EngagementPlan, VenueData, VisitData
from visitplanner.services import engagements, venues, visits
from visitplanner.store.database import Database
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.itinerary.block import EngagementBlock
from visitplanner.ui.itinerary.scene import BASE_PIXELS_PER_HOUR
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.models.base import OBJECT_ROLE
from visitplanner.ui.settings import ITINERARY_VIEW, Settings
from visitplanner.ui.workspace import Workspace

LONDON = ZoneInfo("Europe/London")
Plan = tuple[str, date, str, str]  # title, day, local start, local end ("+1 00:30" ends the next day)


def build_visit(workspace: Workspace, slug: str, first: date, last: date, plans: list[Plan]) -> int:
    def local(day: date, hhmm: str) -> datetime:
        if hhmm.startswith("+1 "):
            day, hhmm = day + timedelta(days=1), hhmm[3:]
        return local_datetime(day, time.fromisoformat(hhmm), LONDON)

    def build(session: Session) -> int:
        visit_id = visits.create_visit(
            session, VisitData(f"Visit {slug}", slug, first, last, "Europe/London", "Asia/Seoul")
        ).created_id(Entity.VISIT)
        venue_id = venues.create_venue(session, VenueData(f"Hall {slug}", slug.upper())).created_id(Entity.VENUE)
        for title, day, start, end in plans:
            data = EngagementData(EngagementKind.MEETING, title, local(day, start), local(day, end), venue_id)
            engagements.create_engagement(session, visit_id, EngagementPlan(data))
        return visit_id

    with workspace.db.session() as session:
        return build(session)


JUNE = [date(2027, 6, d) for d in (1, 2, 3, 4, 5)]
THREE_DAYS: list[Plan] = [
    ("Arrival call", JUNE[0], "09:00", "10:00"),
    ("Press briefing", JUNE[0], "09:30", "10:30"),  # overlaps: side by side
    ("Port tour", JUNE[1], "14:00", "16:00"),
    ("Late reception", JUNE[1], "23:00", "+1 00:30"),  # past midnight, still shown once
    ("Farewell", JUNE[2], "12:00", "13:00"),
]


@pytest.fixture
def three_days(workspace: Workspace) -> int:
    return build_visit(workspace, "june3", JUNE[0], JUNE[2], THREE_DAYS)


def visit_tab(qtbot: QtBot, workspace: Workspace, settings: Settings, visit_id: int, width: int = 1200) -> ItineraryTab:
    tab = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(tab)
    tab.resize(width, 700)
    tab.set_visit(visit_id)
    tab.show()
    qtbot.wait_exposed(tab)
    tab.switch.visit_button.click()
    return tab


def day_of_column(tab: ItineraryTab, block: EngagementBlock) -> date:
    """The day of the column the block is drawn in, found from where it is drawn."""
    scene = tab.visit_scene
    column = scene.lane_at(block.sceneBoundingRect().center().x())
    assert column is not None
    left, right = scene.lane_x(column), scene.lane_x(column + 1)
    assert left <= block.sceneBoundingRect().left() + 2 < block.sceneBoundingRect().right() - 2 <= right
    return scene.columns[column][0].day


def drag_to_day(qtbot: QtBot, tab: ItineraryTab, uid: str, column: int) -> None:
    """Drag the block of `uid` sideways into `column`, keeping its height on the wall clock."""
    view, scene = tab.visit_view, tab.visit_scene
    block = scene.blocks[uid]
    view.centerOn(block)
    centre = block.sceneBoundingRect().center()
    start = view.mapFromScene(centre)
    end = view.mapFromScene(QPointF(scene.lane_x(column) + scene.lane_width(column) / 2, centre.y()))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(viewport, start + (end - start) * (step / 4))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_every_engagement_shows_once_in_its_days_column(
    qtbot: QtBot, workspace: Workspace, settings: Settings, three_days: int
) -> None:
    tab = visit_tab(qtbot, workspace, settings, three_days)
    assert tab.stack.currentIndex() == 0 and tab.timeline_stack.currentWidget() is tab.visit_view
    scene = tab.visit_scene
    assert [layout.day for layout in scene.layouts] == JUNE[:3]
    assert [layout.lanes[0].title for layout in scene.layouts] == ["Tue 1 Jun", "Wed 2 Jun", "Thu 3 Jun"]
    placed = [p.row.title for layout in scene.layouts for p in layout.placements]
    assert sorted(placed) == sorted(title for title, *_ in THREE_DAYS)  # each exactly once
    expected = {title: day for title, day, *_ in THREE_DAYS}
    assert {b.row.title: day_of_column(tab, b) for b in scene.blocks.values()} == expected
    pph = scene.pixels_per_hour
    tour = scene.blocks[row(tab, "Port tour").uuid].sceneBoundingRect().adjusted(2, 2, -2, -2)
    assert (tour.top(), tour.height()) == (pytest.approx(14 * pph), pytest.approx(2 * pph))
    # overlapping engagements of a day sit side by side; one past midnight stops at the day's end
    call, press = (scene.blocks[row(tab, t).uuid].sceneBoundingRect() for t in ("Arrival call", "Press briefing"))
    assert call.right() <= press.left() + 4
    late = scene.blocks[row(tab, "Late reception").uuid]
    assert late.placement.clipped_end and late.sceneBoundingRect().bottom() - 2 == pytest.approx(24 * pph)
    assert "Late reception" in late.toolTip() and "Seoul" in late.toolTip()  # both zones in the tooltip
    assert "3 days" in tab.day_summary.full_text and not tab.day_combo.isVisibleTo(tab)


def test_dragging_a_block_to_the_next_day_moves_it_by_a_day_through_undo(
    qtbot: QtBot, workspace: Workspace, settings: Settings, three_days: int
) -> None:
    tab = visit_tab(qtbot, workspace, settings, three_days)
    tour = row(tab, "Port tour")
    with qtbot.wait_signal(workspace.changed):
        drag_to_day(qtbot, tab, tour.uuid, 2)
    moved = fresh(workspace, three_days, tour.uuid)
    assert (moved.start, moved.end) == (tour.start + timedelta(days=1), tour.end + timedelta(days=1))
    assert (moved.venue_id, moved.room_id) == (tour.venue_id, tour.room_id)
    assert workspace.undo_stack.undoText() == "Move “Port tour”"
    assert day_of_column(tab, tab.visit_scene.blocks[tour.uuid]) == JUNE[2]
    assert tab.selected_row() == moved and tab.table.currentIndex().data(OBJECT_ROLE) == moved
    workspace.undo_stack.undo()
    assert fresh(workspace, three_days, tour.uuid).start == tour.start
    assert day_of_column(tab, tab.visit_scene.blocks[tour.uuid]) == JUNE[1]


def test_the_same_keys_and_the_table_selection_work_in_the_whole_visit(
    qtbot: QtBot, workspace: Workspace, settings: Settings, three_days: int
) -> None:
    tab = visit_tab(qtbot, workspace, settings, three_days)
    farewell = row(tab, "Farewell")
    tab.show_table()
    index = next(
        tab.proxy.index(r, 0)
        for r in range(tab.proxy.rowCount())
        if tab.proxy.index(r, 0).data(OBJECT_ROLE) == farewell
    )
    tab.table.setCurrentIndex(index)
    tab.switch.visit_button.click()
    assert tab.visit_scene.selected_row() == farewell
    qtbot.keyClick(tab.visit_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert fresh(workspace, three_days, farewell.uuid).start == farewell.start + timedelta(minutes=5)
    qtbot.keyClick(tab.visit_view, Qt.Key.Key_Delete)
    assert fresh(workspace, three_days, farewell.uuid).status is EngagementStatus.CANCELLED
    qtbot.keyClick(tab.visit_view, Qt.Key.Key_Left)  # the day before: the nearest in time of day
    assert tab.selected_row() == row(tab, "Port tour")
    assert tab.table.currentIndex().data(OBJECT_ROLE) == row(tab, "Port tour")


def test_a_clock_change_mid_visit_keeps_blocks_at_their_wall_clock_times(
    qtbot: QtBot, workspace: Workspace, settings: Settings
) -> None:
    days = [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]  # BST ends on Sunday the 25th
    visit_id = build_visit(
        workspace, "autumn", days[0], days[2], [(f"Breakfast {day.day}", day, "09:00", "10:00") for day in days]
    )
    tab = visit_tab(qtbot, workspace, settings, visit_id)
    scene = tab.visit_scene
    pph = scene.pixels_per_hour
    tops = [scene.blocks[row(tab, f"Breakfast {d.day}").uuid].sceneBoundingRect().top() + 2 for d in days]
    assert tops == [pytest.approx(9 * pph)] * 3
    assert scene.sceneRect().height() == pytest.approx(24 * pph)
    assert "clocks change on Sun 25" in tab.day_summary.full_text
    saturday = row(tab, "Breakfast 24")
    with qtbot.wait_signal(workspace.changed):
        drag_to_day(qtbot, tab, saturday.uuid, 1)
    moved = fresh(workspace, visit_id, saturday.uuid)
    assert moved.start.astimezone(LONDON).strftime("%a %H:%M %Z") == "Sun 09:00 GMT"
    assert moved.start - saturday.start == timedelta(hours=25)


def test_five_days_fit_on_a_1024_pixel_screen_without_scrolling_sideways(
    qtbot: QtBot, workspace: Workspace, settings: Settings, gui_db: Database
) -> None:
    plans = [(f"Meeting {day.day}", day, "10:00", "11:00") for day in JUNE]
    visit_id = build_visit(workspace, "june5", JUNE[0], JUNE[4], plans)
    window = MainWindow(gui_db, settings, clock=fixed_clock)
    qtbot.add_widget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.wait_exposed(window)
    window.show_visit(visit_id)
    tab = window.itinerary_tab()
    assert isinstance(tab, ItineraryTab)
    window.tabs.setCurrentWidget(tab)
    tab.switch.visit_button.click()
    # the Itinerary tab no longer forces a wider window (the hint follows once the layouts settle)
    qtbot.wait_until(lambda: window.minimumSizeHint().width() <= 1024)
    window.resize(1024, 700)
    qtbot.wait_until(lambda: tab.visit_view.isVisible() and window.width() == 1024)
    assert len(tab.visit_scene.columns) == 5
    assert tab.visit_view.horizontalScrollBar().maximum() == 0
    assert tab.visit_scene.sceneRect().width() <= tab.visit_view.viewport().width()
    assert min(tab.visit_scene.lane_width(i) for i in range(5)) >= 96
    assert (
        tab.visit_view.mapToGlobal(QPoint(tab.visit_view.width(), 0)).x()
        <= window.mapToGlobal(QPoint(window.width(), 0)).x()
    )


def test_the_view_is_remembered_and_survives_switching_visits(
    qtbot: QtBot, workspace: Workspace, settings: Settings, three_days: int, demo_visit_id: int
) -> None:
    tab = visit_tab(qtbot, workspace, settings, three_days)
    assert settings.get(ITINERARY_VIEW) == "visit"
    tab.zoom_by(1)
    assert tab.visit_scene.pixels_per_hour == pytest.approx(BASE_PIXELS_PER_HOUR * 1.25)
    tab.set_visit(demo_visit_id)
    assert tab.timeline_stack.currentWidget() is tab.visit_view and tab.switch.visit_button.isChecked()
    assert [layout.day for layout in tab.visit_scene.layouts] == [date(2027, 5, 11), date(2027, 5, 12)]
    again = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(again)
    again.set_visit(three_days)
    assert again.switch.view == "visit" and again.timeline_stack.currentWidget() is again.visit_view
    again.switch.table_button.click()
    assert settings.get(ITINERARY_VIEW) == "table"
    assert again.stack.currentWidget() is again.table
