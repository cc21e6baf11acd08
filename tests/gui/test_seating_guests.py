"""Unnamed guests in the Seating window (the demo's welcome dinner with "+3 guests"): listed, auto-seated
beside whom they accompany, dragged to a seat (a swap), locked, every gesture undone by Ctrl+Z."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.gui.test_seating_window import drop_on, open_window
from visitplanner.domain.enums import Side
from visitplanner.domain.seating import Sitter, seat_distance, table_geometry
from visitplanner.domain.values import GuestData
from visitplanner.services import engagements, seating
from visitplanner.store.models import Engagement
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.seating import MIME, SeatingWindow, _attendee_mime
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1200, 800)
    page.set_visit(demo_visit_id)
    return page


def give_guests(workspace: Workspace, window: SeatingWindow) -> None:
    """The Mayor of Busan's spouse, the host's, and a press photographer; the top table grows to 14."""
    view = window.view
    assert view is not None and view.plan_id is not None
    people = {p.name.family_name: a for a, p in view.people.items()}
    guests = (
        GuestData(1, "spouse", people["Park"]),
        GuestData(2, "spouse", people["Rotheram"]),
        GuestData(3, "press", None, Side.HOST),
    )

    def change(session):  # type: ignore[no-untyped-def]
        row = session.get(Engagement, view.engagement_id)
        old = engagements.engagement_plan(row)
        data = replace(old.data, guest_count=3, guest_label="guests", guests=guests)
        changes = engagements.update_engagement(session, view.engagement_id, replace(old, data=data))
        table = replace(view.layout.tables[0], seats=14)
        return changes | seating.update_table(session, view.plan_id, 1, table)

    workspace.execute(change)


def seat(window: SeatingWindow, sitter: Sitter) -> tuple[int, int]:
    assert window.view is not None
    return next((p.table + 1, p.seat) for p in window.view.layout.placements if p.sitter == sitter)


def test_guests_are_listed_auto_seated_beside_their_companion_and_drawn(
    qtbot: QtBot,
    tab: ItineraryTab,
    workspace: Workspace,
    errors: ErrorLog,
) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    give_guests(workspace, window)
    assert window.view is not None
    assert [window.unseated.item(i).text() for i in range(window.unseated.count())] == [
        "Guest of Mayor Park (spouse) (박형준)",
        "Guest of Mayor Rotheram (spouse)",
        "Press 1",
    ]
    mime = window.unseated.mimeData([window.unseated.item(2)])
    assert bytes(mime.data(MIME).data()).decode() == "g3"
    assert window.auto_seat()
    assert window.unseated.count() == 0 and "13 seated" in window.status.text()
    geometry = table_geometry(window.view.layout.tables[0], window.view.layout.style)
    park = next(a for a, p in window.view.people.items() if p.name.family_name == "Park")
    near = seat_distance(
        geometry.seat(seat(window, Sitter.of_guest(1))[1]), geometry.seat(seat(window, Sitter(park))[1])
    )
    assert near == pytest.approx(0.6)
    item = window.seat_items[0, seat(window, Sitter.of_guest(1))[1]]
    assert (
        item.toolTip() == "Guest of Mayor Park (spouse) (박형준)" and item.person is not None and item.person.is_guest
    )
    labels = [c.text() for c in item.childItems() if hasattr(c, "text")]
    assert "Guest of\nPark\n박형준" in labels
    workspace.undo_stack.undo()  # Ctrl+Z: the guests have no seat again
    assert window.unseated.count() == 3
    assert not errors


def test_a_guest_dropped_on_a_seat_swaps_is_locked_and_undone(
    qtbot: QtBot,
    tab: ItineraryTab,
    workspace: Workspace,
    errors: ErrorLog,
) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    give_guests(workspace, window)
    assert window.auto_seat()
    assert window.view is not None
    press, kim = (
        Sitter.of_guest(3),
        Sitter(next(a for a, p in window.view.people.items() if p.name.family_name == "Kim")),
    )
    before_press, before_kim = seat(window, press), seat(window, kim)
    drop_on(window, window.seat_items[before_kim[0] - 1, before_kim[1]], _attendee_mime(press))
    assert (seat(window, press), seat(window, kim)) == (before_kim, before_press)
    assert workspace.undo_stack.undoText() == f"Seat Press 1 at table 1, seat {before_kim[1]}"
    window.undo_action.trigger()
    assert (seat(window, press), seat(window, kim)) == (before_press, before_kim)
    assert window.lock(press, True) and window.seat_items[0, before_press[1]].locked
    window.seat(kim, *before_press)
    assert errors and "locked" in str(errors[-1])
    assert window.unseat(Sitter.of_guest(1)) and window.unseated.item(0).text().startswith("Guest of Mayor Park")
    workspace.undo_stack.undo()
    assert window.unseated.count() == 0
