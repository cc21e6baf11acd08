"""The Venues tab: the venue book, details, rooms, create/edit/delete venues with undo, refresh."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tests.gui.conftest import ErrorLog, positive_control
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import TravelMode
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.values import PersonData, RoomData, TravelTimeData, VenueData
from visitplanner.services import people, venues
from visitplanner.services.reads.venues import read_vehicle_rows, read_venue_rows
from visitplanner.store.models import Room, TravelTime, Venue
from visitplanner.ui import venues as venues_tab_module
from visitplanner.ui.dialogs.room import RoomDialog
from visitplanner.ui.dialogs.venue import VenueDialog
from visitplanner.ui.models.venues import HoursModel, RoomModel, VehicleModel, VenueListModel, hours_rows
from visitplanner.ui.settings import Settings
from visitplanner.ui.venues import VenuesTab
from visitplanner.ui.workspace import Workspace

TOWN_HALL = VenueData(
    "Liverpool Town Hall",
    "LTH",
    "High Street\nLiverpool L2 3SW",
    53.4072,
    -2.9918,
    "",
    300,
    OpeningHours.parse("mon-fri 09:00-17:00; sat 18:00-02:00"),
    "Step-free via Exchange Flags",
    "Civic Protocol Office",
    "+44 151 000 4000",
    "Grade I listed town hall.",
)


def venue_id(workspace: Workspace, code: str) -> int:
    return workspace.read(lambda s: s.scalars(select(Venue.id).where(Venue.code == code)).one())


def ask_returns(monkeypatch: pytest.MonkeyPatch, dialog: type, value: Any) -> list[tuple[Any, ...]]:
    """Make `dialog.ask` return `value`; returns the arguments it was called with."""
    calls: list[tuple[Any, ...]] = []

    def ask(cls: type, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return value

    monkeypatch.setattr(dialog, "ask", classmethod(ask))
    return calls


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> VenuesTab:
    page = VenuesTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


@pytest.fixture
def town_hall(workspace: Workspace) -> int:
    """An unused venue with two rooms and travel times both ways to the hotel."""

    def build(session: Session) -> int:
        ident = venues.create_venue(session, TOWN_HALL).created_id(Entity.VENUE)
        venues.add_room(session, ident, RoomData("Council Chamber", 120, "Gallery upstairs"))
        venues.add_room(session, ident, RoomData("Large Ballroom", 250))
        hotel = session.scalars(select(Venue.id).where(Venue.code == "HOTEL")).one()
        venues.set_travel_time(session, TravelTimeData(ident, hotel, 12, TravelMode.CAR))
        venues.set_travel_time(session, TravelTimeData(hotel, ident, 14, TravelMode.WALK))
        return ident

    with workspace.db.session() as session:
        return build(session)


def allow_delete(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def confirm(parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(venues_tab_module, "confirm", confirm)
    return asked


def state_of(workspace: Workspace, code: str) -> tuple[VenueData, list[RoomData], set[tuple[str, str, int, str]]]:
    """A venue's data, rooms and travel times (by codes), to compare before and after."""

    def read(session: Session) -> tuple[VenueData, list[RoomData], set[tuple[str, str, int, str]]]:
        venue = session.scalars(select(Venue).where(Venue.code == code)).one()
        codes = {v.id: v.code for v in session.scalars(select(Venue))}
        times = session.scalars(
            select(TravelTime).where(or_(TravelTime.from_venue_id == venue.id, TravelTime.to_venue_id == venue.id))
        ).all()
        return (
            venues.venue_data(venue),
            [venues.room_data(r) for r in venue.rooms],
            {(codes[t.from_venue_id], codes[t.to_venue_id], t.minutes, t.mode.value) for t in times},
        )

    return workspace.read(read)


def exists(workspace: Workspace, code: str) -> bool:
    return workspace.read(lambda s: s.scalars(select(Venue.id).where(Venue.code == code)).first()) is not None


# -- models -------------------------------------------------------------------------------------
def test_models_pass_the_model_tester(qtmodeltester: Any, workspace: Workspace, demo_visit_id: int) -> None:
    rows = workspace.read(lambda s: read_venue_rows(s, demo_visit_id))
    venue_model = VenueListModel()
    venue_model.set_rows(rows)
    qtmodeltester.check(venue_model)
    rooms = RoomModel()
    rooms.set_rows([room for row in rows for room in row.rooms])
    qtmodeltester.check(rooms)
    hours = HoursModel()
    hours.set_rows(hours_rows(OpeningHours.parse("mon-fri 09:00-17:00; sat 18:00-02:00")))
    qtmodeltester.check(hours)
    vehicles = VehicleModel()
    vehicles.set_rows(workspace.read(lambda s: read_vehicle_rows(s, demo_visit_id)))
    qtmodeltester.check(vehicles)


def test_hours_rows_name_closed_days_and_spans_past_midnight() -> None:
    rows = hours_rows(OpeningHours.parse("mon 09:00-12:00, 13:00-17:00; sat 18:00-02:00; sun 00:00-00:00"))
    assert [r.text for r in rows] == [
        "09:00–12:00, 13:00–17:00",
        "Closed",
        "Closed",
        "Closed",
        "Closed",
        "18:00–02:00 (next day)",
        "Open all day",
    ]
    assert hours_rows(None) == []


# -- the tab ------------------------------------------------------------------------------------
def test_lists_the_visits_venues_first_and_shows_the_selected_one(tab: VenuesTab, town_hall: int) -> None:
    tab.reload()
    shown = [tab.venue_proxy.index(r, VenueListModel.COL_CODE).data() for r in range(tab.venue_proxy.rowCount())]
    assert shown[-1] == "LTH"  # not used by the visit: after all the used ones
    assert set(shown[:-1]) == {"MAN", "HOTEL", "LCRCA", "DIF", "MIF", "FC"}
    assert tab.venue_proxy.index(len(shown) - 1, VenueListModel.COL_VISIT).data() == ""
    first_used = tab.venue_proxy.index(0, VenueListModel.COL_VISIT)
    assert first_used.data().isdigit()
    assert "engagements of this visit" in first_used.data(Qt.ItemDataRole.ToolTipRole)
    assert tab.select_venue(town_hall)
    details = tab.details
    assert "Liverpool Town Hall" in details.heading.text() and "Not used by this visit" in details.heading.text()
    assert "High Street<br>Liverpool L2 3SW" in details.details.text()
    assert "RESTRICTED" in details.details.text()
    assert "the visit's (Europe/London)" in details.details.text()
    assert details.hours_model.rowCount() == 7
    assert details.hours_model.index(5, HoursModel.COL_HOURS).data() == "18:00–02:00 (next day)"
    assert [details.rooms_model.index(r, 0).data() for r in range(2)] == ["Council Chamber", "Large Ballroom"]
    assert tab.sections.tabText(1) == "Travel times" and tab.sections.tabText(2) == "Vehicles"


def test_user_text_is_escaped(tab: VenuesTab, workspace: Workspace) -> None:
    data = VenueData("R&D <Lab>", "RD", "<b>not bold</b>")
    workspace.execute(lambda s: venues.create_venue(s, data))
    assert tab.select_venue(venue_id(workspace, "RD"))
    assert "R&amp;D &lt;Lab&gt;" in tab.details.heading.text()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tab.details.details.text()


def test_search_filters_by_name_code_address_and_room(tab: VenuesTab) -> None:
    def codes() -> list[str]:
        return sorted(tab.venue_proxy.index(r, 0).data() for r in range(tab.venue_proxy.rowCount()))

    tab.search.setText("leverhulme")
    assert codes() == ["FC"]
    tab.search.setText("L3 ")
    assert codes() == ["HOTEL", "LCRCA"]
    tab.search.setText("mif")
    assert codes() == ["MIF"]
    assert tab.current_venue() is not None and tab.current_venue().data.code == "MIF"  # type: ignore[union-attr]
    tab.search.clear()
    assert len(codes()) == 6


def test_find_focuses_the_search_box(tab: VenuesTab, qtbot: QtBot) -> None:
    tab.show()
    qtbot.wait_exposed(tab)
    tab.search.setText("airport")
    tab.edit_find()
    qtbot.wait_until(lambda: tab.search.hasFocus())
    assert tab.search.selectedText() == "airport"
    assert tab.can_edit == frozenset({"new", "delete", "find"})


def test_create_venue_by_dialog_then_undo_and_redo(
    tab: VenuesTab, workspace: Workspace, qtbot: QtBot, errors: ErrorLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = ask_returns(monkeypatch, VenueDialog, TOWN_HALL)
    with qtbot.wait_signal(workspace.changed):
        tab.edit_new()
    assert calls and calls[0][1] is None and calls[0][2] == "Europe/London"
    assert state_of(workspace, "LTH")[0] == TOWN_HALL
    assert tab.current_venue() is not None and tab.current_venue().data.code == "LTH"  # type: ignore[union-attr]
    assert workspace.undo_stack.undoText() == "New venue “Liverpool Town Hall”"
    workspace.undo_stack.undo()
    assert not exists(workspace, "LTH")
    assert "LTH" not in [r.data.code for r in tab.venue_model.rows()]
    workspace.undo_stack.redo()
    assert state_of(workspace, "LTH")[0] == TOWN_HALL
    workspace.undo_stack.undo()
    workspace.undo_stack.redo()  # the second recreation resolves the id the first one aliased
    assert exists(workspace, "LTH")
    assert errors == []


def test_edit_venue_by_dialog_then_undo(
    tab: VenuesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    dif = venue_id(workspace, "DIF")
    assert tab.select_venue(dif)
    before = state_of(workspace, "DIF")[0]
    after = VenueData(**{**before.__dict__, "capacity": 75, "opening_hours": OpeningHours.parse("mon-sat 07:30-22:00")})
    calls = ask_returns(monkeypatch, VenueDialog, after)
    tab.edit_venue()
    assert calls[0][1] == before
    assert state_of(workspace, "DIF")[0] == after
    assert tab.current_venue().data == after  # type: ignore[union-attr]  # selection kept
    assert "07:30–22:00" in tab.details.hours_model.index(5, 1).data()
    workspace.undo_stack.undo()
    assert state_of(workspace, "DIF")[0] == before
    assert errors == []


def test_dialog_cancel_changes_nothing(tab: VenuesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    ask_returns(monkeypatch, VenueDialog, None)
    tab.new_venue()
    tab.edit_venue()
    assert workspace.undo_stack.count() == 0


def test_delete_venue_used_by_engagements_is_refused(
    tab: VenuesTab, workspace: Workspace, errors: ErrorLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = allow_delete(monkeypatch)
    assert tab.select_venue(venue_id(workspace, "DIF"))
    tab.edit_delete()
    assert len(errors) == 1 and isinstance(errors[0], UserError)
    assert "Digital Innovation Facility is used by" in str(errors[0]) and "Tour of the Digital" in str(errors[0])
    assert asked == []  # refused before asking
    assert exists(workspace, "DIF") and workspace.undo_stack.count() == 0
    # the command itself shows the service's refusal too
    from visitplanner.ui.commands.venues import DeleteVenueCommand

    assert not workspace.push(DeleteVenueCommand(workspace, venue_id(workspace, "DIF"), "DIF"))
    assert "move or delete those engagements first" in str(errors[-1])


def test_delete_unused_venue_with_rooms_and_travel_times_then_undo(
    tab: VenuesTab, workspace: Workspace, town_hall: int, errors: ErrorLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab.reload()
    before = state_of(workspace, "LTH")
    assert len(before[1]) == 2 and len(before[2]) == 2
    asked = allow_delete(monkeypatch)
    assert tab.select_venue(town_hall)
    tab.edit_delete()
    assert "with its 2 rooms" in asked[0]
    assert not exists(workspace, "LTH")
    assert workspace.read(lambda s: s.scalars(select(Room).where(Room.name == "Council Chamber")).all()) == []
    assert len(workspace.read(lambda s: s.scalars(select(TravelTime)).all())) == 11  # the demo's own
    workspace.undo_stack.undo()
    assert state_of(workspace, "LTH") == before
    assert tab.current_venue() is not None and tab.current_venue().data.code == "LTH"  # type: ignore[union-attr]
    workspace.undo_stack.redo()
    assert not exists(workspace, "LTH")
    workspace.undo_stack.undo()
    assert state_of(workspace, "LTH") == before
    assert errors == []


def test_rooms_add_edit_delete_with_undo(
    tab: VenuesTab, workspace: Workspace, errors: ErrorLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    dif = venue_id(workspace, "DIF")
    assert tab.select_venue(dif)

    def rooms() -> list[RoomData]:
        return state_of(workspace, "DIF")[1]

    original = rooms()
    ask_returns(monkeypatch, RoomDialog, RoomData("Green Room", 12, "Hospitality"))
    tab.add_room()
    assert RoomData("Green Room", 12, "Hospitality") in rooms()
    assert tab.details.current_room() is not None and tab.details.current_room().data.name == "Green Room"  # type: ignore[union-attr]
    ask_returns(monkeypatch, RoomDialog, RoomData("Green Room", 10, "Hospitality; no food"))
    tab.edit_room()
    assert RoomData("Green Room", 10, "Hospitality; no food") in rooms()
    tab.details.rooms_view.setFocus()
    tab.delete_room()
    assert rooms() == original
    workspace.undo_stack.undo()  # delete
    assert RoomData("Green Room", 10, "Hospitality; no food") in rooms()
    workspace.undo_stack.undo()  # edit (of the recreated room, through the id map)
    assert RoomData("Green Room", 12, "Hospitality") in rooms()
    workspace.undo_stack.undo()  # add
    assert rooms() == original
    workspace.undo_stack.redo()
    workspace.undo_stack.redo()
    workspace.undo_stack.redo()
    assert rooms() == original
    assert errors == []


def test_deleting_a_booked_room_is_refused(tab: VenuesTab, workspace: Workspace, errors: ErrorLog) -> None:
    assert tab.select_venue(venue_id(workspace, "DIF"))
    model = tab.details.rooms_model
    booked = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Immersive Lab")
    tab.details.rooms_view.setCurrentIndex(model.index(booked, 0))
    tab.delete_room()
    assert "Immersive Lab is booked for" in str(errors[0])
    assert workspace.undo_stack.count() == 0


def test_room_dialog_shows_the_services_refusal(qtbot: QtBot, workspace: Workspace) -> None:
    dif = venue_id(workspace, "DIF")
    dialog = RoomDialog(None, None, "DIF", check=lambda d: workspace.check(lambda s: venues.add_room(s, dif, d)))
    qtbot.add_widget(dialog)
    dialog.name_edit.setText("Seminar Room")
    dialog.accept()
    assert dialog.result_value() is None
    assert "already has a room called" in dialog.error_label.text()
    assert dialog.invalid_field() == "name"
    dialog.name_edit.setText("Annex")
    dialog.capacity_edit.setText("0")
    dialog.accept()
    assert dialog.invalid_field() == "capacity" and dialog.result_value() is None
    dialog.capacity_edit.setText("")
    dialog.accept()
    assert dialog.result_value() == RoomData("Annex", None, "")


# -- refresh ------------------------------------------------------------------------------------
def test_refreshes_on_venue_changes_only_and_keeps_the_selection(
    tab: VenuesTab, workspace: Workspace, qtbot: QtBot
) -> None:
    hotel = venue_id(workspace, "HOTEL")
    assert tab.select_venue(hotel)
    with qtbot.assert_not_emitted(tab.venue_model.modelReset):
        workspace.execute(lambda s: people.create_person(s, PersonData("Nobody")))
    with positive_control(qtbot, tab.venue_model.modelReset):
        workspace.execute(lambda s: venues.create_venue(s, VenueData("Albert Dock", "DOCK")))
    assert "DOCK" in [r.data.code for r in tab.venue_model.rows()]
    assert tab.current_venue().id == hotel  # type: ignore[union-attr]


def test_layout_is_saved_and_restored(
    tab: VenuesTab, settings: Settings, workspace: Workspace, qtbot: QtBot, demo_visit_id: int
) -> None:
    tab.venue_view.horizontalHeader().resizeSection(VenueListModel.COL_CODE, 91)
    tab.save_layout(settings)
    other = VenuesTab(workspace)
    qtbot.add_widget(other)
    other.restore_layout(settings)
    other.set_visit(demo_visit_id)
    assert other.venue_view.horizontalHeader().sectionSize(VenueListModel.COL_CODE) == 91


def test_without_a_visit_the_venue_book_still_shows(qtbot: QtBot, workspace: Workspace) -> None:
    page = VenuesTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(None)
    assert page.venue_model.rowCount() == 6
    assert not page.vehicles.add_button.isEnabled()
    assert page.matrix.model.rowCount() == 6  # every venue when there is no visit
