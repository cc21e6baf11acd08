"""Cut, copy and paste of engagements, and the Edit menu of the Itinerary tab (new, delete)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import EngagementStatus
from visitplanner.domain.timerange import local_datetime
from visitplanner.domain.values import EngagementPlan
from visitplanner.services.reads.itinerary import EngagementRow, read_itinerary
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.itinerary.clipboard import MIME_TYPE, decode, encode, pasted_plan
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace

LONDON = ZoneInfo("Europe/London")
DAY1, DAY2 = date(2027, 5, 11), date(2027, 5, 12)


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


def all_rows(workspace: Workspace, visit_id: int) -> list[EngagementRow]:
    itinerary = workspace.read(lambda s: read_itinerary(s, visit_id))
    assert itinerary is not None
    return list(itinerary.rows)


def status_by_uid(workspace: Workspace, visit_id: int) -> dict[str, EngagementStatus]:
    """Each engagement's status as stored now."""
    return {r.uuid: r.status for r in all_rows(workspace, visit_id)}


def titled(tab: ItineraryTab, title: str) -> EngagementRow:
    assert tab.itinerary is not None
    return next(r for r in tab.itinerary.rows if r.title == title)


def test_copy_puts_the_plan_and_a_readable_line_on_the_clipboard(tab: ItineraryTab) -> None:
    dinner = titled(tab, "Welcome dinner")
    tab.select_engagement(dinner.id)
    tab.edit_copy()
    mime = QApplication.clipboard().mimeData()
    assert mime is not None and mime.hasFormat(MIME_TYPE)
    assert mime.text() == "Welcome dinner, 19:00–21:00, Private Dining Room, Pullman Liverpool"
    copied = decode(mime)
    assert copied is not None and copied.plan == dinner.plan


def test_paste_on_another_day_keeps_the_local_time_with_a_new_uid(
    tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    dinner = titled(tab, "Welcome dinner")
    tab.select_engagement(dinner.id)
    tab.edit_copy()
    tab.set_day(DAY2)
    before = {r.uuid for r in all_rows(workspace, demo_visit_id)}
    tab.edit_paste()
    added = [r for r in all_rows(workspace, demo_visit_id) if r.uuid not in before]
    assert len(added) == 1
    pasted = added[0]
    assert pasted.uuid != dinner.uuid
    assert pasted.start == local_datetime(DAY2, time(19), LONDON)
    assert pasted.end - pasted.start == dinner.end - dinner.start
    assert pasted.plan.attendances == dinner.plan.attendances
    assert (pasted.venue_id, pasted.room_id) == (dinner.venue_id, dinner.room_id)
    assert workspace.undo_stack.undoText() == "Paste “Welcome dinner”"
    assert tab.selected_row() is not None and tab.selected_row().uuid == pasted.uuid  # type: ignore[union-attr]
    workspace.undo_stack.undo()
    assert {r.uuid for r in all_rows(workspace, demo_visit_id)} == before


def test_cut_deletes_in_one_undoable_step_and_paste_brings_it_back(
    tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    press = titled(tab, "Press photocall")
    tab.select_engagement(press.id)
    tab.edit_cut()
    assert press.uuid not in {r.uuid for r in all_rows(workspace, demo_visit_id)}
    assert workspace.undo_stack.count() == 1
    assert workspace.undo_stack.undoText() == "Cut “Press photocall”"
    workspace.undo_stack.undo()
    back = next(r for r in all_rows(workspace, demo_visit_id) if r.uuid == press.uuid)
    assert back.plan == press.plan
    workspace.undo_stack.redo()
    tab.edit_paste()  # on the day shown: the same day, same time
    pasted = next(r for r in all_rows(workspace, demo_visit_id) if r.title == "Press photocall")
    assert pasted.uuid != press.uuid and pasted.start == press.start


def test_paste_from_another_visit_keeps_only_this_visits_people_and_vehicles(tab: ItineraryTab) -> None:
    transfer = titled(tab, "Transfer: hotel to Mann Island")
    assert tab.itinerary is not None
    choices = tab.itinerary.choices
    mime = QMimeData()
    source = encode(
        replace(
            transfer,
            plan=EngagementPlan(
                replace(transfer.plan.data, status=EngagementStatus.CANCELLED), transfer.plan.attendances
            ),
        ),
        visit_id=999,
        local_time_zone="Asia/Seoul",
    )
    for fmt in source.formats():
        mime.setData(fmt, source.data(fmt))
    copied = decode(mime)
    assert copied is not None
    other_visit_choices = replace(choices, attendees=choices.attendees[:2], vehicles=())
    plan = pasted_plan(copied, tab.itinerary.visit_id, DAY2, other_visit_choices)
    assert {a.attendee_id for a in plan.attendances} <= {a.id for a in choices.attendees[:2]}
    assert plan.data.vehicle_id is None
    assert plan.data.status is EngagementStatus.TENTATIVE
    # the wall-clock time in the source visit's zone is kept in this visit's zone
    seoul_time = transfer.start.astimezone(ZoneInfo("Asia/Seoul")).time()
    assert plan.data.start == local_datetime(DAY2, seoul_time, LONDON)


def test_garbage_on_the_clipboard_is_ignored(tab: ItineraryTab, workspace: Workspace) -> None:
    mime = QMimeData()
    mime.setData(MIME_TYPE, b"{not json")
    assert decode(mime) is None
    QApplication.clipboard().setText("just text")
    tab.edit_paste()
    assert workspace.undo_stack.count() == 0


def test_edit_new_starts_after_the_selected_engagement(
    tab: ItineraryTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
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
    ) -> None:
        assert defaults is not None
        seen.append(defaults)

    monkeypatch.setattr(EngagementDialog, "ask", classmethod(ask))
    tab.edit_new()
    assert seen[-1].data.start == local_datetime(DAY1, time(9), LONDON)
    briefing = titled(tab, "Welcome briefing")
    tab.select_engagement(briefing.id)
    tab.edit_new()
    assert seen[-1].data.start == briefing.end
    assert seen[-1].data.venue_id == briefing.venue_id
    assert workspace.undo_stack.count() == 0


def test_edit_new_creates_through_the_dialog_check(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ask(
        cls: type,
        parent: object,
        choices: object,
        initial: object = None,
        check: object = None,
        *,
        defaults: EngagementPlan | None = None,
    ) -> EngagementPlan:
        assert defaults is not None and callable(check)
        plan = EngagementPlan(replace(defaults.data, title="Courtesy call on the Lord Mayor"))
        check(plan)  # the service's dry run accepts it
        return plan

    monkeypatch.setattr(EngagementDialog, "ask", classmethod(ask))
    tab.edit_new()
    created = next(r for r in all_rows(workspace, demo_visit_id) if r.title == "Courtesy call on the Lord Mayor")
    assert workspace.undo_stack.undoText() == "New engagement “Courtesy call on the Lord Mayor”"
    assert tab.selected_row() == created


def test_edit_delete_cancels_the_selected_engagement(
    tab: ItineraryTab, workspace: Workspace, demo_visit_id: int
) -> None:
    tour = titled(tab, "Tour of the Materials Innovation Factory (MIF)")
    tab.select_engagement(tour.id)
    tab.edit_delete()
    assert status_by_uid(workspace, demo_visit_id)[tour.uuid] is EngagementStatus.CANCELLED
    tab.edit_delete()  # already cancelled: nothing more
    assert workspace.undo_stack.count() == 1
    workspace.undo_stack.undo()
    assert tour.status is not EngagementStatus.CANCELLED
    assert status_by_uid(workspace, demo_visit_id)[tour.uuid] is tour.status  # the status it had
    workspace.undo_stack.redo()
    assert tab.can_edit == {"new", "cut", "copy", "paste", "delete", "find"}


def test_duplicate_selects_the_copy(tab: ItineraryTab, workspace: Workspace, demo_visit_id: int) -> None:
    tour = titled(tab, "Tour of the Materials Innovation Factory (MIF)")
    tab.select_engagement(tour.id)
    tab.duplicate_engagement()
    copy = tab.selected_row()
    assert copy is not None and copy.uuid != tour.uuid and copy.title == tour.title and copy.start == tour.end


def test_the_main_windows_edit_menu_and_delete_key_reach_the_tab(
    qtbot: QtBot, window: MainWindow, errors: list[BaseException], demo_visit_id: int
) -> None:
    window.show()
    qtbot.wait_exposed(window)
    page = window.tab_pages[1]
    assert isinstance(page, ItineraryTab)
    window.tabs.setCurrentWidget(page)
    assert all(action.isEnabled() for action in window.edit_actions.values())
    before = status_by_uid(window.workspace, demo_visit_id)
    dinner = titled(page, "Welcome dinner")
    page.select_engagement(dinner.id)
    window.edit_actions["delete"].trigger()
    stack = window.workspace.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Cancel “Welcome dinner”"
    assert status_by_uid(window.workspace, demo_visit_id) == {**before, dinner.uuid: EngagementStatus.CANCELLED}
    briefing = titled(page, "Welcome briefing")
    page.select_engagement(briefing.id)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # the view takes the key: one command, not two
    assert stack.count() == 2 and stack.undoText() == "Cancel “Welcome briefing”"
    assert status_by_uid(window.workspace, demo_visit_id) == {
        **before,
        dinner.uuid: EngagementStatus.CANCELLED,
        briefing.uuid: EngagementStatus.CANCELLED,
    }
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert not any(r.cancelled for r in all_rows(window.workspace, demo_visit_id))
    assert status_by_uid(window.workspace, demo_visit_id) == before
    assert errors == []


def _every_format(mime: QMimeData) -> bytes:
    """All the bytes any program could read from the clipboard."""
    return b"".join(bytes(mime.data(name).data()) for name in mime.formats()) + mime.text().encode("utf-8")


def test_copy_leaves_the_restricted_notes_off_the_system_clipboard(tab: ItineraryTab) -> None:
    from visitplanner.ui.itinerary import clipboard

    arrival = titled(tab, "Arrival at Manchester Airport")
    secret = arrival.plan.data.restricted_notes
    assert secret  # positive control: the demo's arrival has restricted notes
    tab.select_engagement(arrival.id)
    tab.edit_copy()
    mime = QApplication.clipboard().mimeData()
    assert mime is not None and mime.hasFormat(MIME_TYPE)
    assert b"Border Force" not in _every_format(mime)
    # pasted inside this application, the engagement keeps them (held in this process only)
    copied = decode(mime)
    assert copied is not None and copied.plan.data.restricted_notes == secret
    # another program (or this one restarted) reading the clipboard gets no restricted notes
    clipboard._held.clear()
    copied = decode(QApplication.clipboard().mimeData())
    assert copied is not None and copied.plan.data.restricted_notes == ""


def test_copy_with_restricted_notes_is_a_separate_action(tab: ItineraryTab) -> None:
    arrival = titled(tab, "Arrival at Manchester Airport")
    menu = tab.context_menu(arrival, None, None)
    actions = {a.text(): a for a in menu.actions()}
    assert "Copy with &restricted notes" in actions
    actions["Copy with &restricted notes"].trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime is not None
    assert b"Border Force" in _every_format(mime)
    assert "Restricted notes: Flight KE 9021" in mime.text()
    copied = decode(mime)
    assert copied is not None and copied.plan == arrival.plan
    # an engagement without restricted notes offers only the ordinary copy
    menu = tab.context_menu(titled(tab, "Welcome dinner"), None, None)
    assert "Copy with &restricted notes" not in {a.text() for a in menu.actions()}
