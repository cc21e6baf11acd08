"""The Itinerary tab's day timeline: layout from times (also across a clock change), dragging,
resizing, opening, cancelling, keyboard use, zoom, selection and check badges."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from tests.gui.conftest import ErrorLog, centre_of, drag, positive_control
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.findings import Severity
from visitplanner.domain.gestures import TRANSFER_LANE
from visitplanner.domain.timerange import local_datetime
from visitplanner.domain.values import EngagementData, EngagementPlan, VenueData, VisitData
from visitplanner.services import engagements, venues, visits
from visitplanner.services.reads.itinerary import EngagementRow, read_itinerary
from visitplanner.store.models import Venue
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.itinerary.layout import lay_out_day
from visitplanner.ui.itinerary.scene import BASE_PIXELS_PER_HOUR
from visitplanner.ui.settings import TIMELINE_ZOOM, Settings
from visitplanner.ui.workspace import Workspace

LONDON = ZoneInfo("Europe/London")
DAY1, DAY2 = date(2027, 5, 11), date(2027, 5, 12)


def at(day: date, hhmm: str) -> datetime:
    return local_datetime(day, time.fromisoformat(hhmm), LONDON)


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1200, 800)
    page.set_visit(demo_visit_id)
    page.show()
    qtbot.wait_exposed(page)
    return page


def row(tab: ItineraryTab, title: str) -> EngagementRow:
    assert tab.itinerary is not None
    return next(r for r in tab.itinerary.rows if r.title == title)


def fresh(workspace: Workspace, visit_id: int, uid: str) -> EngagementRow:
    itinerary = workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    found = itinerary.by_uuid(uid)
    assert found is not None
    return found


# -- layout ------------------------------------------------------------------------------------------
def test_blocks_sit_at_their_times_in_venue_lanes_and_the_transfer_lane(tab: ItineraryTab) -> None:
    layout = tab.timeline.layout
    assert layout is not None and layout.day == DAY1
    assert [lane.title for lane in layout.lanes] == [
        "Manchester Airport",
        "Pullman Liverpool",
        "No 1 Mann Island (Combined Authority)",
        "Transfers",
    ]
    pph = tab.timeline.pixels_per_hour
    assert pph == BASE_PIXELS_PER_HOUR
    dinner = row(tab, "Welcome dinner")
    rect = tab.timeline.blocks[dinner.uuid].sceneBoundingRect().adjusted(2, 2, -2, -2)
    assert rect.top() == pytest.approx(19 * pph)
    assert rect.height() == pytest.approx(2 * pph)
    hotel = layout.lane_index(("venue", dinner.venue_id))
    assert hotel == 1
    assert tab.timeline.lane_x(1) <= rect.left() < rect.right() <= tab.timeline.lane_x(2)
    # the two parallel airport transfers share the transfer lane side by side
    transfers = [p for p in layout.placements if p.row.title.startswith("Transfer: airport to hotel")]
    assert {p.lane for p in transfers} == {layout.lane_index(TRANSFER_LANE)}
    assert sorted((p.column, p.columns) for p in transfers) == [(0, 2), (1, 2)]
    assert tab.timeline.sceneRect().height() == pytest.approx(24 * pph)
    # the lane holding engagements side by side is wider than the others
    widths = [tab.timeline.lane_width(i) for i in range(len(layout.lanes))]
    assert widths[3] > widths[0] == pytest.approx(widths[1])


@pytest.fixture
def autumn_visit(workspace: Workspace) -> int:
    """A visit across the end of British Summer Time (Sunday 25 October 2026)."""

    def build(session: Session) -> int:
        visit_id = visits.create_visit(
            session,
            VisitData(
                "Autumn visit", "autumn-2026", date(2026, 10, 24), date(2026, 10, 26), "Europe/London", "Asia/Seoul"
            ),
        ).created_id(Entity.VISIT)
        venue_id = venues.create_venue(session, VenueData("Town Hall", "TH-DST")).created_id(Entity.VENUE)
        day = date(2026, 10, 25)
        for title, start, end in (
            (
                "Early call",
                datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")),
                datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("UTC")),
            ),
            ("Breakfast", local_datetime(day, time(3), LONDON), local_datetime(day, time(4), LONDON)),
        ):
            engagements.create_engagement(
                session, visit_id, EngagementPlan(EngagementData(EngagementKind.MEETING, title, start, end, venue_id))
            )
        return visit_id

    with workspace.db.session() as session:
        return build(session)


def test_a_day_with_25_hours_is_taller_and_blocks_follow_real_time(
    qtbot: QtBot, workspace: Workspace, autumn_visit: int, settings: Settings
) -> None:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.set_visit(autumn_visit)
    page.set_day(date(2026, 10, 25))
    layout = page.timeline.layout
    assert layout is not None
    assert layout.hours == 25
    pph = page.timeline.pixels_per_hour
    assert page.timeline.sceneRect().height() == pytest.approx(25 * pph)
    # 00:30 UTC is 01:30 BST (first pass); 03:00 GMT comes four real hours after local midnight
    assert page.itinerary is not None
    early = next(r for r in page.itinerary.rows if r.title == "Early call")
    breakfast = next(r for r in page.itinerary.rows if r.title == "Breakfast")
    assert early.start.astimezone(LONDON).strftime("%H:%M %Z") == "01:30 BST"
    assert page.timeline.blocks[early.uuid].sceneBoundingRect().top() + 2 == pytest.approx(1.5 * pph)
    assert page.timeline.blocks[breakfast.uuid].sceneBoundingRect().top() + 2 == pytest.approx(4 * pph)
    # the local axis passes 01:00 twice
    assert [t.astimezone(LONDON).strftime("%H") for t in layout.ticks()][:4] == ["00", "01", "01", "02"]
    assert "25-hour day" in page.day_summary.full_text and "25-hour day" in page.day_summary.toolTip()
    # the day before and after have 24 hours, the spring change 23
    assert lay_out_day([], date(2026, 10, 24), LONDON).hours == 24
    assert lay_out_day([], date(2027, 3, 28), LONDON).hours == 23


def test_a_drag_across_the_clock_change_moves_by_real_time(
    qtbot: QtBot, workspace: Workspace, autumn_visit: int, settings: Settings
) -> None:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1000, 700)
    page.set_visit(autumn_visit)
    page.set_day(date(2026, 10, 25))
    page.show()
    qtbot.wait_exposed(page)
    assert page.itinerary is not None
    early = next(r for r in page.itinerary.rows if r.title == "Early call")
    pph = page.timeline.pixels_per_hour
    start = centre_of(page, early.uuid)
    with qtbot.wait_signal(workspace.changed):
        drag(qtbot, page, start, start + QPoint(0, round(1.5 * pph)))
    moved = fresh(workspace, autumn_visit, early.uuid)
    assert moved.start - early.start == timedelta(hours=1, minutes=30)
    assert moved.start.astimezone(LONDON).strftime("%H:%M %Z") == "02:00 GMT"


# -- mouse -------------------------------------------------------------------------------------------
def test_dragging_a_block_moves_it_snapping_to_five_minutes(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    briefing = row(tab, "Welcome briefing")
    pph = tab.timeline.pixels_per_hour
    start = centre_of(tab, briefing.uuid)
    with qtbot.wait_signal(workspace.changed):
        drag(qtbot, tab, start, start + QPoint(0, round(47 / 60 * pph)))  # 47 minutes: snaps to 45
    moved = fresh(workspace, demo_visit_id, briefing.uuid)
    assert moved.start == at(DAY1, "14:15") and moved.end == at(DAY1, "15:15")
    assert moved.venue_id == briefing.venue_id and moved.room_id == briefing.room_id
    assert moved.plan.attendances == briefing.plan.attendances
    assert workspace.undo_stack.undoText() == "Move “Welcome briefing”"
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == at(DAY1, "13:30")
    # the block follows the data after the undo
    assert tab.timeline.blocks[briefing.uuid].sceneBoundingRect().top() + 2 == pytest.approx(13.5 * pph)


def test_a_click_without_moving_changes_nothing(qtbot: QtBot, tab: ItineraryTab, workspace: Workspace) -> None:
    briefing = row(tab, "Welcome briefing")
    point = centre_of(tab, briefing.uuid)
    with qtbot.assert_not_emitted(tab.timeline.move_requested, wait=20):
        qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert tab.selected_row() == briefing
    assert workspace.undo_stack.count() == 0
    with positive_control(qtbot, tab.timeline.move_requested, wait=20):  # a drag would have been seen
        drag(qtbot, tab, point, point + QPoint(0, round(tab.timeline.pixels_per_hour / 2)))


def test_dropping_in_another_venue_lane_changes_the_venue_and_clears_a_foreign_room(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    briefing = row(tab, "Welcome briefing")  # Pullman Liverpool, Meeting Room 1
    layout = tab.timeline.layout
    assert layout is not None and briefing.room_id is not None
    target = 2  # No 1 Mann Island
    start = centre_of(tab, briefing.uuid)
    scene_start = tab.view.mapToScene(start)
    end = tab.view.mapFromScene(tab.timeline.lane_x(target) + tab.timeline.lane_width(target) / 2, scene_start.y())
    with qtbot.wait_signal(workspace.changed):
        drag(qtbot, tab, start, end)
    moved = fresh(workspace, demo_visit_id, briefing.uuid)
    assert moved.venue_id == layout.lanes[target].venue_id
    assert moved.room_id is None
    assert moved.start == briefing.start
    workspace.undo_stack.undo()
    back = fresh(workspace, demo_visit_id, briefing.uuid)
    assert (back.venue_id, back.room_id) == (briefing.venue_id, briefing.room_id)


def test_a_transfer_cannot_be_dropped_into_a_venue_lane_nor_a_meeting_into_the_transfer_lane(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    layout = tab.timeline.layout
    assert layout is not None
    transfer = row(tab, "Transfer: hotel to Mann Island")
    start = centre_of(tab, transfer.uuid)
    end = tab.view.mapFromScene(tab.timeline.lane_x(1) + 20, tab.view.mapToScene(start).y())
    with qtbot.assert_not_emitted(tab.timeline.move_requested, wait=20):
        drag(qtbot, tab, start, end)
    block = tab.timeline.blocks[transfer.uuid]
    assert tab.timeline.lane_at(block.sceneBoundingRect().center().x()) == layout.lane_index(TRANSFER_LANE)
    briefing = row(tab, "Welcome briefing")
    start = centre_of(tab, briefing.uuid)
    end = tab.view.mapFromScene(tab.timeline.lane_x(3) + 20, tab.view.mapToScene(start).y())
    with qtbot.assert_not_emitted(tab.timeline.move_requested, wait=20):
        drag(qtbot, tab, start, end)
    assert workspace.undo_stack.count() == 0
    assert fresh(workspace, demo_visit_id, briefing.uuid).plan == briefing.plan
    start = centre_of(tab, briefing.uuid)
    end = tab.view.mapFromScene(tab.timeline.lane_x(2) + 20, tab.view.mapToScene(start).y())
    with positive_control(qtbot, tab.timeline.move_requested, wait=20):  # another venue's lane takes it
        drag(qtbot, tab, start, end)


def test_dragging_the_bottom_edge_resizes(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    briefing = row(tab, "Welcome briefing")  # 13:30-14:30
    pph = tab.timeline.pixels_per_hour
    height = tab.timeline.blocks[briefing.uuid].shape_rect().height()
    start = centre_of(tab, briefing.uuid, dy=height / 2 - 1)
    with qtbot.wait_signal(workspace.changed):
        drag(qtbot, tab, start, start + QPoint(0, round(32 / 60 * pph)))  # 32 minutes: snaps to 30
    resized = fresh(workspace, demo_visit_id, briefing.uuid)
    assert (resized.start, resized.end) == (at(DAY1, "13:30"), at(DAY1, "15:00"))
    assert workspace.undo_stack.undoText() == "Resize “Welcome briefing”"
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, briefing.uuid).end == at(DAY1, "14:30")


def test_double_click_opens_the_editor_and_saves_its_answer(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    dinner = row(tab, "Welcome dinner")
    asked: list[EngagementPlan | None] = []
    new_plan = EngagementPlan(
        replace(dinner.plan.data, title="Welcome dinner (black tie)", dress_code="Black tie"),
        dinner.plan.attendances[:3],
    )

    def ask(
        cls: type,
        parent: object,
        choices: object,
        initial: EngagementPlan | None = None,
        check: object = None,
        **kwargs: object,
    ) -> EngagementPlan:
        asked.append(initial)
        return new_plan

    monkeypatch.setattr(EngagementDialog, "ask", classmethod(ask))
    with qtbot.wait_signal(workspace.changed):
        qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=centre_of(tab, dinner.uuid))
    assert asked == [dinner.plan]
    saved = fresh(workspace, demo_visit_id, dinner.uuid)
    assert saved.plan == new_plan
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, dinner.uuid).plan == dinner.plan


def test_double_click_on_empty_space_offers_a_new_engagement_there(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[EngagementPlan] = []

    def ask(
        cls: type,
        parent: object,
        choices: object,
        initial: object = None,
        check: object = None,
        *,
        defaults: EngagementPlan | None = None,
    ) -> EngagementPlan | None:
        assert defaults is not None
        seen.append(defaults)
        return EngagementPlan(replace(defaults.data, title="Courtesy call"))

    monkeypatch.setattr(EngagementDialog, "ask", classmethod(ask))
    pph = tab.timeline.pixels_per_hour
    lane = 2  # No 1 Mann Island, free at 17:00
    x, y = tab.timeline.lane_x(lane) + 30, 17 * pph + 5
    tab.view.centerOn(x, y)
    with qtbot.wait_signal(workspace.changed):
        qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=tab.view.mapFromScene(x, y))
    layout = tab.timeline.layout
    assert layout is not None
    assert seen[0].data.start == at(DAY1, "17:00")
    assert seen[0].data.venue_id == layout.lanes[lane].venue_id
    created = tab.selected_row()
    assert created is not None and created.title == "Courtesy call"
    assert tab.timeline.selected_row() == created


# -- keyboard ----------------------------------------------------------------------------------------
def test_delete_cancels_and_undo_restores_the_exact_previous_status(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    dinner = row(tab, "Welcome dinner")
    with workspace.db.session() as session:
        engagements.update_engagement(
            session,
            dinner.id,
            EngagementPlan(replace(dinner.plan.data, status=EngagementStatus.TENTATIVE), dinner.plan.attendances),
        )
    tab.reload()
    assert tab.select_engagement(dinner.id)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert fresh(workspace, demo_visit_id, dinner.uuid).status is EngagementStatus.CANCELLED
    assert tab.timeline.blocks[dinner.uuid].row.cancelled
    # cancelling a cancelled engagement offers nothing
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert workspace.undo_stack.count() == 1
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, dinner.uuid).status is EngagementStatus.TENTATIVE
    workspace.undo_stack.redo()
    assert fresh(workspace, demo_visit_id, dinner.uuid).status is EngagementStatus.CANCELLED
    # Restore (from the context menu) brings it back as confirmed, undoably
    tab.restore_engagement()
    assert fresh(workspace, demo_visit_id, dinner.uuid).status is EngagementStatus.CONFIRMED
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, dinner.uuid).status is EngagementStatus.CANCELLED


def test_keyboard_walks_the_blocks_edits_and_moves_by_five_minutes(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = tab.timeline.layout
    assert layout is not None
    order = [p.row.title for p in layout.in_order()]
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Tab)
    assert tab.selected_row() is not None and tab.selected_row().title == order[0]  # type: ignore[union-attr]
    qtbot.keyClick(tab.view, Qt.Key.Key_Down)
    qtbot.keyClick(tab.view, Qt.Key.Key_Tab)
    assert tab.selected_row().title == order[2]  # type: ignore[union-attr]
    qtbot.keyClick(tab.view, Qt.Key.Key_Backtab)
    assert tab.selected_row().title == order[1]  # type: ignore[union-attr]
    qtbot.keyClick(tab.view, Qt.Key.Key_End)
    assert tab.selected_row().title == order[-1]  # type: ignore[union-attr]
    selected = tab.selected_row()
    assert selected is not None
    qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(tab.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert fresh(workspace, demo_visit_id, selected.uuid).start == selected.start + timedelta(minutes=5)
    assert workspace.undo_stack.count() == 1  # nudges of one engagement in a row merge into one step
    assert tab.selected_row() is not None and tab.selected_row().uuid == selected.uuid  # type: ignore[union-attr]
    opened: list[EngagementPlan | None] = []
    monkeypatch.setattr(
        EngagementDialog,
        "ask",
        classmethod(lambda cls, parent, choices, initial=None, check=None, **k: opened.append(initial)),
    )
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: len(opened) == 1)
    assert opened[0] is not None and opened[0].data.title == selected.title


def test_nudges_of_one_engagement_in_a_row_are_one_undo_step(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    stack = workspace.undo_stack

    def nudge(title: str, key: Qt.Key) -> None:
        tab.select_engagement(row(tab, title).id)
        tab.view.setFocus()
        qtbot.keyClick(tab.view, key, Qt.KeyboardModifier.AltModifier)

    briefing, dinner = row(tab, "Welcome briefing"), row(tab, "Welcome dinner")
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up):
        nudge("Welcome briefing", key)
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == briefing.start + timedelta(minutes=10)
    assert stack.count() == 1 and stack.text(0) == "Move “Welcome briefing”"
    nudge("Welcome dinner", Qt.Key.Key_Down)  # another engagement: a step of its own
    nudge("Welcome briefing", Qt.Key.Key_Down)  # the chain was broken: a new step
    assert stack.count() == 3
    stack.undo()
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == briefing.start + timedelta(minutes=10)
    stack.undo()
    assert fresh(workspace, demo_visit_id, dinner.uuid).start == dinner.start
    stack.undo()  # the four merged nudges, in one step, to where the briefing began
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == briefing.start
    assert not stack.canUndo()
    stack.redo()
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == briefing.start + timedelta(minutes=10)
    # another kind of command in between breaks the chain too
    tab.cancel_engagement(row(tab, "Welcome dinner"))
    nudge("Welcome briefing", Qt.Key.Key_Up)
    assert stack.count() == 3 and stack.index() == 3
    stack.undo()  # only the nudge after the cancel
    assert fresh(workspace, demo_visit_id, briefing.uuid).start == briefing.start + timedelta(minutes=10)


def test_left_and_right_go_to_the_neighbouring_lane(qtbot: QtBot, tab: ItineraryTab) -> None:
    briefing = row(tab, "Welcome briefing")
    tab.select_engagement(briefing.id)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)
    right = tab.selected_row()
    assert right is not None and right.venue_code == "LCRCA"
    qtbot.keyClick(tab.view, Qt.Key.Key_Left)
    qtbot.keyClick(tab.view, Qt.Key.Key_Left)
    left = tab.selected_row()
    assert left is not None and left.venue_code == "MAN"


# -- days, zoom, selection, refresh ------------------------------------------------------------------
def test_day_selector_lists_the_visit_days_and_steps(tab: ItineraryTab) -> None:
    assert [tab.day_combo.itemText(i) for i in range(tab.day_combo.count())] == ["Tue 11 May", "Wed 12 May"]
    assert not tab.prev_button.isEnabled()
    tab.next_button.click()
    assert tab.day == DAY2
    assert tab.day_combo.currentText() == "Wed 12 May"
    assert not tab.next_button.isEnabled()
    layout = tab.timeline.layout
    assert layout is not None and layout.day == DAY2
    assert {p.row.title for p in layout.placements} >= {"Working lunch", "Farewell and departure"}
    tab.set_day(date(2027, 5, 11))  # a date equal to, not the same object as, the combo's
    assert tab.day_combo.currentText() == "Tue 11 May"
    assert tab.prev_button.isEnabled() is False and tab.next_button.isEnabled()


def test_zoom_scales_the_day_and_is_remembered(qtbot: QtBot, tab: ItineraryTab, settings: Settings) -> None:
    tab.zoom_in_button.click()
    assert tab.zoom == 125
    assert tab.timeline.pixels_per_hour == pytest.approx(BASE_PIXELS_PER_HOUR * 1.25)
    assert tab.timeline.sceneRect().height() == pytest.approx(24 * BASE_PIXELS_PER_HOUR * 1.25)
    assert settings.get(TIMELINE_ZOOM) == 125
    tab.view.zoom_requested.emit(-1)
    tab.view.zoom_requested.emit(-1)
    assert tab.zoom == 75
    tab.save_layout(settings)
    again = ItineraryTab(tab.workspace, settings=settings)
    qtbot.add_widget(again)
    assert again.zoom == 75


def test_select_engagement_switches_day_and_survives_reload(tab: ItineraryTab, workspace: Workspace) -> None:
    lunch = row(tab, "Working lunch")
    assert tab.select_engagement(lunch.id)
    assert tab.day == DAY2
    assert tab.timeline.selected_row() == lunch
    assert lunch.venue_id is not None
    venue_id = lunch.venue_id

    def rename(session: Session) -> Changes:  # as the Venues tab would: the itinerary reloads
        venue = session.get(Venue, venue_id)
        assert venue is not None
        data = replace(venues.venue_data(venue), name="Foresight Centre (renamed)")
        return venues.update_venue(session, venue_id, data)

    workspace.execute(rename)
    layout = tab.timeline.layout
    assert layout is not None
    assert "Foresight Centre (renamed)" in [lane.title for lane in layout.lanes]
    selected = tab.timeline.selected_row()
    assert selected is not None and selected.uuid == lunch.uuid
    assert not tab.select_engagement(999_999)


def test_unrelated_changes_do_not_reload(tab: ItineraryTab, workspace: Workspace) -> None:
    before = tab.itinerary
    workspace.changed.emit(Changes.of_updated(Entity.PERSON, 1), None)
    assert tab.itinerary is before
    workspace.changed.emit(Changes.of_updated(Entity.ROOM, 1), None)
    assert tab.itinerary is not before


def test_marked_engagements_get_a_badge(tab: ItineraryTab) -> None:
    dinner = row(tab, "Welcome dinner")
    tab.set_marked({dinner.id: Severity.WARNING})
    assert tab.timeline.marked == {dinner.id: "warning"}
    assert "warning" in tab.timeline.blocks[dinner.uuid].toolTip()
    tab.reload()
    assert tab.timeline.marked == {dinner.id: "warning"}


def test_errors_from_a_refused_drag_put_the_block_back(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, errors: ErrorLog, demo_visit_id: int
) -> None:
    arrival = row(tab, "Arrival at Manchester Airport")
    with workspace.db.session() as session:  # someone else moves it meanwhile: our version is stale
        engagements.move_engagement(session, arrival.id, at(DAY1, "08:30"))
    start = centre_of(tab, arrival.uuid)  # where the tab still shows it
    with qtbot.wait_signal(workspace.reloaded):
        drag(qtbot, tab, start, start + QPoint(0, round(tab.timeline.pixels_per_hour / 2)))
    assert workspace.undo_stack.count() == 0
    assert fresh(workspace, demo_visit_id, arrival.uuid).start == at(DAY1, "08:30")
    block = tab.timeline.blocks[arrival.uuid]
    assert block.row.start == at(DAY1, "08:30")  # the conflict reloaded the tab


def test_context_menu_offers_cancel_or_restore_and_deletes_permanently(
    tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    dinner = row(tab, "Welcome dinner")

    def texts(menu: QMenu) -> list[str]:
        return [a.text() for a in menu.actions() if not a.isSeparator()]

    assert texts(tab.context_menu(dinner, None, None)) == [
        "&Edit…",
        "D&uplicate",
        "&Seating plan…",
        "&Cancel engagement",
        "Delete &permanently",
        "Cu&t",
        "C&opy",
    ]
    tab.cancel_engagement(dinner)
    cancelled = row(tab, "Welcome dinner")
    menu = tab.context_menu(cancelled, None, None)
    assert "&Restore" in texts(menu) and "&Cancel engagement" not in texts(menu)
    next(a for a in menu.actions() if a.text() == "Delete &permanently").trigger()
    assert tab.itinerary is not None and tab.itinerary.by_uuid(dinner.uuid) is None
    workspace.undo_stack.undo()
    back = fresh(workspace, demo_visit_id, dinner.uuid)
    assert back.status is EngagementStatus.CANCELLED and back.plan.attendances == dinner.plan.attendances
    empty = tab.context_menu(None, at(DAY1, "17:00"), ("venue", dinner.venue_id))
    assert texts(empty) == ["&New engagement here…", "&Paste here"]


def test_right_click_asks_for_the_menu_of_the_block_under_the_pointer(qtbot: QtBot, tab: ItineraryTab) -> None:
    dinner = row(tab, "Welcome dinner")
    tab.view.menu_requested.disconnect()  # the tab would open a real (modal) menu
    point = centre_of(tab, dinner.uuid)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, tab.view.viewport().mapToGlobal(point))
    with qtbot.wait_signal(tab.view.menu_requested) as blocker:
        QApplication.sendEvent(tab.view.viewport(), event)
    assert blocker.args is not None and blocker.args[0] == dinner


def test_ctrl_wheel_zooms(tab: ItineraryTab) -> None:
    point = QPointF(50, 50)
    event = QWheelEvent(
        point,
        tab.view.viewport().mapToGlobal(point),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(tab.view.viewport(), event)
    assert tab.zoom == 125


def test_an_engagement_outside_the_visit_days_is_shown_in_the_table_and_delete_spares_the_unseen(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    import dataclasses

    from visitplanner.domain.enums import EngagementStatus
    from visitplanner.services.visits import update_visit, visit_data
    from visitplanner.store.models import Visit

    old = workspace.read(lambda s: visit_data(s.get(Visit, demo_visit_id)))  # type: ignore[arg-type]
    workspace.execute(lambda s: update_visit(s, demo_visit_id, dataclasses.replace(old, end_date=date(2027, 5, 11))))
    qtbot.wait_until(lambda: tab.itinerary is not None and len(tab.itinerary.choices.days) == 1)
    lunch = row(tab, "Working lunch")  # on 12 May, now after the visit's last day
    tab.show_timeline()
    assert tab.select_engagement(lunch.id)
    assert not tab.timeline_shown()  # only the table lists it
    assert tab.table.currentIndex().isValid() and tab.selected_row() == lunch
    tab.show_timeline()  # back on 11 May: the lunch is selected but not on screen
    assert lunch.uuid not in tab.timeline.blocks
    tab.edit_delete()
    tab.edit_cut()
    assert fresh(workspace, demo_visit_id, lunch.uuid).status is not EngagementStatus.CANCELLED
    assert workspace.undo_stack.count() == 0


def test_the_day_summary_names_the_other_day_of_an_engagement_past_midnight(
    qtbot: QtBot, workspace: Workspace, autumn_visit: int, settings: Settings
) -> None:
    with workspace.db.session() as session:
        venue_id = venues.create_venue(session, VenueData("Night venue", "NIGHT")).created_id(Entity.VENUE)
        engagements.create_engagement(
            session,
            autumn_visit,
            EngagementPlan(
                EngagementData(
                    EngagementKind.MEETING,
                    "Late reception",
                    local_datetime(date(2026, 10, 24), time(23), LONDON),
                    local_datetime(date(2026, 10, 25), time(0, 30), LONDON),
                    venue_id,
                )
            ),
        )
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.set_visit(autumn_visit)
    page.set_day(date(2026, 10, 24))
    assert "23:00–Sun 00:30" in page.day_summary.full_text
    page.set_day(date(2026, 10, 25))  # begins the day before; the breakfast ends at 04:00 GMT
    assert "Sat 23:00 BST–Sun 04:00 GMT" in page.day_summary.full_text
