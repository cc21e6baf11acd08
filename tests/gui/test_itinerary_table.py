"""The itinerary table: the model (qtmodeltester), sorting on raw values, filters, in-place edits
as undo commands, and switching between the table and the timeline."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QTimeEdit
from pytestqt.qtbot import QtBot

from tests.gui.conftest import positive_control
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.timerange import local_datetime
from visitplanner.services.reads.itinerary import EngagementRow, Itinerary, read_itinerary
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.models.base import OBJECT_ROLE, SORT_ROLE, SortFilterProxy
from visitplanner.ui.models.engagements import EngagementTableModel
from visitplanner.ui.settings import Settings, header_state
from visitplanner.ui.workspace import Workspace

LONDON = ZoneInfo("Europe/London")
M = EngagementTableModel


@pytest.fixture
def itinerary(workspace: Workspace, demo_visit_id: int) -> Itinerary:
    result = workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    assert result is not None
    return result


@pytest.fixture
def model(itinerary: Itinerary) -> EngagementTableModel:
    table = EngagementTableModel(None, "Europe/London", "Asia/Seoul")
    table.set_rows(itinerary.rows)
    return table


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1300, 700)
    page.set_visit(demo_visit_id)
    page.show()
    qtbot.wait_exposed(page)
    page.show_table()
    return page


def proxy_row(tab: ItineraryTab, title: str) -> int:
    for number in range(tab.proxy.rowCount()):
        if tab.proxy.index(number, M.COL_TITLE).data() == title:
            return number
    raise LookupError(title)


def fresh(workspace: Workspace, visit_id: int, uid: str) -> EngagementRow:
    itinerary = workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    found = itinerary.by_uuid(uid)
    assert found is not None
    return found


def test_model_passes_the_model_tester(qtmodeltester: object, model: EngagementTableModel) -> None:
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = SortFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_model_shows_local_and_home_times(model: EngagementTableModel) -> None:
    number = next(i for i, r in enumerate(model.rows()) if r.title == "Welcome dinner")

    def text(column: int) -> str:
        return str(model.index(number, column).data())

    assert text(M.COL_DAY) == "Tue 11 May"
    assert (text(M.COL_START), text(M.COL_END)) == ("19:00", "21:00")
    assert text(M.COL_HOME) == "Wed 03:00–05:00"
    assert model.headerData(M.COL_HOME, Qt.Orientation.Horizontal) == "Seoul time"
    assert (text(M.COL_KIND), text(M.COL_VENUE), text(M.COL_ROOM)) == (
        "Meal",
        "Pullman Liverpool",
        "Private Dining Room",
    )
    assert text(M.COL_STATUS) == "Confirmed"
    assert text(M.COL_ATTENDEES) == "10"  # the Mayor of the City Region is a guest too
    transfer = next(i for i, r in enumerate(model.rows()) if r.title == "Transfer: hotel to Mann Island")
    assert model.index(transfer, M.COL_VENUE).data() == "Pullman Liverpool → No 1 Mann Island (Combined Authority)"
    editable = {c for c in range(model.columnCount()) if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable}
    assert editable == {M.COL_TITLE, M.COL_START, M.COL_STATUS, M.COL_VENUE}


def test_sorting_uses_raw_values_not_text(model: EngagementTableModel) -> None:
    proxy = SortFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(M.COL_START, Qt.SortOrder.AscendingOrder)
    starts = [proxy.index(i, 0).data(OBJECT_ROLE).start for i in range(proxy.rowCount())]
    assert starts == sorted(starts)  # day 1 19:00 before day 2 08:40, though "08:40" < "19:00"
    assert proxy.index(0, M.COL_START).data(SORT_ROLE) == starts[0]
    proxy.sort(M.COL_ATTENDEES, Qt.SortOrder.AscendingOrder)
    counts = [int(proxy.index(i, M.COL_ATTENDEES).data()) for i in range(proxy.rowCount())]
    assert counts == sorted(counts)  # 9 before 11, though "11" < "9"


def test_filters_by_text_kind_and_status(tab: ItineraryTab, workspace: Workspace, demo_visit_id: int) -> None:
    total = tab.model.rowCount()
    tab.filter_edit.setText("Rahman")  # an attendee's name, shown only in tooltips
    assert [tab.proxy.index(i, M.COL_TITLE).data() for i in range(tab.proxy.rowCount())] == [
        "Tour of the Materials Innovation Factory (MIF)"
    ]
    assert tab.count_label.text() == f"1 of {total} engagements"
    tab.filter_edit.clear()
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(EngagementKind.TOUR))
    assert tab.proxy.rowCount() == 2
    tab.kind_filter.setCurrentIndex(0)
    tab.select_engagement(next(r for r in tab.model.rows() if r.title == "Welcome dinner").id)
    tab.cancel_engagement()
    tab.status_filter.setCurrentIndex(tab.status_filter.findData(EngagementStatus.CANCELLED))
    assert [tab.proxy.index(i, M.COL_TITLE).data() for i in range(tab.proxy.rowCount())] == ["Welcome dinner"]
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("active"))
    assert tab.proxy.rowCount() == total - 1


def test_editing_the_title_in_place_is_an_undoable_command(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    number = proxy_row(tab, "Welcome dinner")
    index = tab.proxy.index(number, M.COL_TITLE)
    original = index.data(OBJECT_ROLE)
    with positive_control(qtbot, workspace.changed, wait=20):  # the same check as for the same title below
        assert tab.proxy.setData(index, "Welcome dinner with the Lord Mayor")
    assert fresh(workspace, demo_visit_id, original.uuid).title == "Welcome dinner with the Lord Mayor"
    assert workspace.undo_stack.undoText() == "Rename “Welcome dinner”"
    assert tab.selected_row() is not None and tab.selected_row().uuid == original.uuid  # type: ignore[union-attr]
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, original.uuid).plan == original.plan
    # the same title again is not an edit
    with qtbot.assert_not_emitted(workspace.changed, wait=20):
        assert not tab.proxy.setData(tab.proxy.index(proxy_row(tab, "Welcome dinner"), M.COL_TITLE), "Welcome dinner")


def test_editing_the_start_through_its_delegate_keeps_the_length(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    index = tab.proxy.index(proxy_row(tab, "Welcome briefing"), M.COL_START)
    original = index.data(OBJECT_ROLE)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = tab.table.viewport().findChild(QTimeEdit)
    assert editor is not None
    editor.setTime(editor.time().addSecs(45 * 60))  # 13:30 -> 14:15
    with qtbot.wait_signal(workspace.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    moved = fresh(workspace, demo_visit_id, original.uuid)
    day = date(2027, 5, 11)
    assert (moved.start, moved.end) == (
        local_datetime(day, time(14, 15), LONDON),
        local_datetime(day, time(15, 15), LONDON),
    )
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, original.uuid).start == original.start


def test_status_and_venue_delegates(qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int) -> None:
    index = tab.proxy.index(proxy_row(tab, "Working lunch"), M.COL_STATUS)
    original = index.data(OBJECT_ROLE)
    tab.table.edit(index)
    combo = tab.table.viewport().findChild(QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["Tentative", "Confirmed", "Cancelled"]
    combo.setCurrentIndex(combo.findData(EngagementStatus.TENTATIVE))
    with qtbot.wait_signal(workspace.changed):
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert fresh(workspace, demo_visit_id, original.uuid).status is EngagementStatus.TENTATIVE
    # the venue: another venue clears a room that is not one of its rooms
    index = tab.proxy.index(proxy_row(tab, "Working lunch"), M.COL_VENUE)
    assert tab.itinerary is not None
    hotel = next(v for v in tab.itinerary.choices.venues if v.code == "HOTEL")
    with qtbot.wait_signal(workspace.changed):
        tab.proxy.setData(index, hotel.id)
    changed = fresh(workspace, demo_visit_id, original.uuid)
    assert (changed.venue_id, changed.room_id) == (hotel.id, None)
    assert workspace.undo_stack.count() == 2
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, original.uuid).plan == original.plan


def test_a_refused_inline_edit_reports_and_changes_nothing(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, errors: list[BaseException]
) -> None:
    index = tab.proxy.index(proxy_row(tab, "Welcome dinner"), M.COL_TITLE)
    tab.proxy.setData(index, "   ")
    qtbot.wait_until(lambda: len(errors) == 1)
    assert "title" in str(errors[0])
    assert workspace.undo_stack.count() == 0


def test_enter_opens_the_editor_and_delete_cancels(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitplanner.ui.dialogs.engagement import EngagementDialog

    opened: list[object] = []
    monkeypatch.setattr(
        EngagementDialog,
        "ask",
        classmethod(lambda cls, parent, choices, initial=None, check=None, **k: opened.append(initial)),
    )
    index = tab.proxy.index(proxy_row(tab, "Press photocall"), M.COL_DAY)
    original = index.data(OBJECT_ROLE)
    tab.table.setCurrentIndex(index)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == [original.plan]
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert fresh(workspace, demo_visit_id, original.uuid).status is EngagementStatus.CANCELLED
    assert original.status is not EngagementStatus.CANCELLED
    workspace.undo_stack.undo()
    assert fresh(workspace, demo_visit_id, original.uuid).status is original.status


def test_switching_views_keeps_the_selection_and_goes_to_its_day(tab: ItineraryTab) -> None:
    index = tab.proxy.index(proxy_row(tab, "Working lunch"), M.COL_TITLE)
    tab.table.setCurrentIndex(index)
    assert tab.day == date(2027, 5, 11)
    tab.show_timeline()
    assert tab.stack.currentIndex() == 0
    assert tab.day == date(2027, 5, 12)
    selected = tab.timeline.selected_row()
    assert selected is not None and selected.title == "Working lunch"
    tab.timeline.step_selection(1)
    tab.show_table()
    current = tab.table.currentIndex()
    assert current.isValid() and current.data(OBJECT_ROLE).uuid == tab.timeline.selected_row().uuid  # type: ignore[union-attr]


def test_find_shows_the_table_and_focuses_the_filter(qtbot: QtBot, tab: ItineraryTab) -> None:
    tab.show_timeline()
    tab.edit_find()
    assert tab.stack.currentWidget() is tab.table
    qtbot.wait_until(lambda: tab.filter_edit.hasFocus())


def test_column_layout_is_saved(tab: ItineraryTab, settings: Settings) -> None:
    tab.table.horizontalHeader().resizeSection(M.COL_TITLE, 333)
    tab.save_layout(settings)
    assert settings.get(header_state("itinerary"))
    again = ItineraryTab(tab.workspace, settings=settings)
    assert again.table.horizontalHeader().sectionSize(M.COL_TITLE) == 333
    again.deleteLater()


def test_model_index_of_uuid(model: EngagementTableModel) -> None:
    first = model.rows()[0]
    assert model.index_of_uuid(first.uuid).row() == 0
    assert model.index_of_uuid("nope") == QModelIndex()


def test_a_start_the_clocks_skip_is_refused_inline(
    qtbot: QtBot, workspace: Workspace, settings: Settings, errors: list[BaseException]
) -> None:
    from visitplanner.domain.changes import Entity
    from visitplanner.domain.enums import EngagementKind
    from visitplanner.domain.values import EngagementData, EngagementPlan, VisitData
    from visitplanner.services.engagements import create_engagement
    from visitplanner.services.visits import create_visit

    new_york = ZoneInfo("America/New_York")
    day = date(2027, 3, 14)  # clocks go forward at 02:00
    visit_id = workspace.execute(
        lambda s: create_visit(
            s,
            VisitData(
                "Visit to New York", "new-york", date(2027, 3, 13), date(2027, 3, 15), "America/New_York", "Asia/Seoul"
            ),
        )
    ).created_id(Entity.VISIT)
    start = local_datetime(day, time(0, 30), new_york)
    workspace.execute(
        lambda s: create_engagement(
            s,
            visit_id,
            EngagementPlan(
                EngagementData(EngagementKind.MEETING, "Night call", start, start + timedelta(minutes=30)), ()
            ),
        )
    )
    workspace.undo_stack.clear()
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.set_visit(visit_id)
    page.show_table()
    page.proxy.setData(page.proxy.index(proxy_row(page, "Night call"), M.COL_START), time(2, 30))
    qtbot.wait_until(lambda: len(errors) == 1)
    assert "start: 02:30 does not exist on Sun 14 Mar 2027 in America/New_York" in str(errors[0])
    assert workspace.undo_stack.count() == 0
    assert page.proxy.index(proxy_row(page, "Night call"), M.COL_START).data() == "00:30"
