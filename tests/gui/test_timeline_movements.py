"""Arrivals and departures on the timelines: a marker at the day's edge at the time each journey
lands or leaves, on the day view and the whole-visit view, following journey edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from visitplanner.services import travel
from visitplanner.services.reads.travel import read_legs
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.itinerary.block import EngagementBlock
from visitplanner.ui.itinerary.marker import MovementMarker
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace

ARRIVAL_DAY, DEPARTURE_DAY = date(2027, 5, 11), date(2027, 5, 12)


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1200, 800)
    page.set_visit(demo_visit_id)
    page.show()
    qtbot.wait_exposed(page)
    return page


def texts(markers: list[MovementMarker]) -> list[str]:
    return [m.movement.text for m in markers]


def test_the_delegations_flights_are_marked_on_their_days(tab: ItineraryTab) -> None:
    tab.set_day(ARRIVAL_DAY)
    assert texts(tab.timeline.markers) == ["✈ KE 9021 lands 08:15 MAN T2"]
    [marker] = tab.timeline.markers
    # at 08:15 on the day's axis, across all its lanes, labelled at its left edge
    assert marker.y() == pytest.approx(tab.timeline.y_of(marker.movement.at))
    assert marker.x() == 0 and marker.width == pytest.approx(tab.timeline.lane_lefts[-1])
    assert "Park Heong-Joon" in marker.toolTip() and "Met by Helen Marsh" in marker.toolTip()
    tab.set_day(DEPARTURE_DAY)
    assert texts(tab.timeline.markers) == ["✈ KE 9022 takes off 18:00 MAN T2"]


def test_the_whole_visit_marks_each_flight_on_its_own_day(tab: ItineraryTab) -> None:
    tab.show_view("visit")
    scene = tab.visit_scene
    assert sorted((m.first, m.movement.text) for m in scene.markers) == [
        (0, "✈ KE 9021 lands 08:15 MAN T2"),
        (1, "✈ KE 9022 takes off 18:00 MAN T2"),
    ]


def test_a_marker_takes_no_clicks_and_hides_no_block(qtbot: QtBot, tab: ItineraryTab) -> None:
    """The label sits above the blocks, but presses go through to the block or the lane beneath."""
    tab.set_day(ARRIVAL_DAY)
    [marker] = tab.timeline.markers
    assert marker.acceptedMouseButtons() == marker.acceptedMouseButtons().NoButton
    assert marker.zValue() > max(b.zValue() for b in tab.timeline.blocks.values())
    assert not marker.flags() & marker.GraphicsItemFlag.ItemIsSelectable
    assert all(isinstance(b, EngagementBlock) for b in tab.timeline.blocks.values())


def test_markers_follow_journey_edits(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    tab.set_day(ARRIVAL_DAY)
    [leg] = [r for r in workspace.read(lambda s: read_legs(s, demo_visit_id)) if r.data.number == "KE 9021"]
    later = replace(leg.data, arrives=leg.data.arrives + timedelta(minutes=50), number="KE 9023")
    workspace.execute(lambda s: travel.update_leg(s, leg.id, later))
    assert texts(tab.timeline.markers) == ["✈ KE 9023 lands 09:05 MAN T2"]
    workspace.execute(lambda s: travel.delete_leg(s, leg.id))
    assert tab.timeline.markers == []


def test_the_legend_says_what_the_dashed_line_is(tab: ItineraryTab) -> None:
    assert "arrival&nbsp;or&nbsp;departure" in tab.legend.text() and "dashed block: tentative" in tab.legend.text()


def test_opening_the_arrival_day_shows_the_landing_above_the_first_engagement(qtbot: QtBot, tab: ItineraryTab) -> None:
    """The delegation lands at 08:15 and the first engagement starts at 09:00: the day opens
    scrolled so that the arrival's line and label are in view, not just the engagements."""
    tab.set_day(ARRIVAL_DAY)
    [marker] = tab.timeline.markers

    def label_in_view() -> bool:
        label = marker.mapRectToScene(marker.label_rect())
        shown = tab.view.mapToScene(tab.view.viewport().rect()).boundingRect()
        return shown.top() <= label.top() and label.bottom() <= shown.bottom()

    qtbot.wait_until(label_in_view, timeout=3000)
    first = min(b.top_minutes for b in tab.timeline.blocks.values())
    assert tab.timeline.y_of(marker.movement.at) < tab.timeline.y_at_minutes(first)  # it is above the engagements
