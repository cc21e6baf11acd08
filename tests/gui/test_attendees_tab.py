"""The Attendees tab: precedence by drag and keyboard with exact undo, adding, creating in place,
editing and removing attendees (with their attendances and driving restored by undo)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.gui.conftest import ErrorLog, positive_control
from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import AttendancePart, NameOrder, Role, Side
from visitplanner.domain.values import AttendeeData, PersonData
from visitplanner.services.attendees import set_precedences
from visitplanner.services.people import create_person
from visitplanner.services.reads.people import AttendeeRow
from visitplanner.store.models import Attendance, Attendee, Engagement, Person, Vehicle
from visitplanner.ui import messages
from visitplanner.ui.attendees import AttendeesTab
from visitplanner.ui.dialogs.attendee import AttendeeDialog, PersonPickerDialog
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.models.attendees import ATTENDEE_IDS_MIME, AttendeesModel
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> AttendeesTab:
    page = AttendeesTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)


def ranks(workspace: Workspace, visit_id: int, side: Side) -> dict[int, int]:
    return workspace.read(
        lambda s: dict(
            s.execute(
                select(Attendee.id, Attendee.precedence).where(Attendee.visit_id == visit_id, Attendee.side == side)
            ).all()
        )
    )


def row_of(tab: AttendeesTab, family_name: str) -> AttendeeRow:
    return next(r for r in tab.model.rows() if r.person.family_name == family_name)


def choose(tab: AttendeesTab, *family_names: str) -> None:
    tab.select_attendees([row_of(tab, name).id for name in family_names])


def shown_names(tab: AttendeesTab, side: Side) -> list[str]:
    return [r.person.family_name for r in tab.model.rows() if r.side == side]


def test_shows_the_demo_attendees_with_hangul(tab: AttendeesTab) -> None:
    assert tab.model.rowCount() == 16
    assert shown_names(tab, Side.VISITING) == ["Park", "Kim", "Lee", "Choi", "Jung"]
    park = tab.proxy.index(0, AttendeesModel.COL_NATIVE)
    assert park.data() == "박형준"
    assert tab.count_label.text().startswith("16 attendees · 5 visiting, 6 host, 5 staff")


def test_filters_and_search(tab: AttendeesTab) -> None:
    tab.side_filter.setCurrentIndex(tab.side_filter.findData(Side.HOST))
    assert tab.proxy.rowCount() == 6
    tab.role_filter.setCurrentIndex(tab.role_filter.findData(Role.PRINCIPAL))
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.index(0, AttendeesModel.COL_NAME).data() == "Mayor Steve Rotheram"
    tab.side_filter.setCurrentIndex(0)
    tab.role_filter.setCurrentIndex(0)
    tab.search.setText("photographer")
    assert tab.proxy.rowCount() == 2
    assert "2 shown" in tab.count_label.text()


def test_drag_reorder_then_undo_restores_the_exact_ranks(
    qtbot: QtBot, tab: AttendeesTab, workspace: Workspace, demo_visit_id: int
) -> None:
    visiting = tab.model.side_ids(Side.VISITING)
    gappy = dict(zip(visiting, (1, 3, 7, 8, 10), strict=True))  # gaps must survive undo
    workspace.execute(lambda s: set_precedences(s, gappy))
    choi = row_of(tab, "Choi").id
    with qtbot.wait_signal(workspace.changed):
        assert tab.model.moveRows(QModelIndex(), 3, 1, QModelIndex(), 0)  # Choi to the top
    assert shown_names(tab, Side.VISITING) == ["Choi", "Park", "Kim", "Lee", "Jung"]
    assert ranks(workspace, demo_visit_id, Side.VISITING)[choi] == 1
    assert tab.selected_ids() == [] or tab.selected_ids() == [choi]
    workspace.undo_stack.undo()
    assert ranks(workspace, demo_visit_id, Side.VISITING) == gappy
    assert shown_names(tab, Side.VISITING) == ["Park", "Kim", "Lee", "Choi", "Jung"]
    workspace.undo_stack.redo()
    assert ranks(workspace, demo_visit_id, Side.VISITING) == {
        choi: 1,
        visiting[0]: 2,
        visiting[1]: 3,
        visiting[2]: 4,
        visiting[4]: 5,
    }
    workspace.undo_stack.undo()
    assert ranks(workspace, demo_visit_id, Side.VISITING) == gappy


def test_drop_through_the_view(qtbot: QtBot, tab: AttendeesTab, workspace: Workspace) -> None:
    """A drop at a point of the viewport, handled by the view's own dropEvent: it finds the rows
    around the point and calls the proxy. (Offscreen Qt cannot run a real QDrag, and InternalMove
    accepts only drags the view itself started, so the test drops in DragDrop mode.)"""
    tab.resize(1000, 600)
    with qtbot.wait_exposed(tab):
        tab.show()
    tab.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    kim = row_of(tab, "Kim")
    choose(tab, "Kim")
    data = tab.proxy.mimeData(tab.view.selectionModel().selectedIndexes())
    target = tab.view.visualRect(tab.proxy.index(4, AttendeesModel.COL_NAME))  # Jung's row
    point = QPoint(target.center().x(), target.bottom() - 2)  # the lower half: below Jung
    event = QDropEvent(
        point.toPointF(), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    with positive_control(qtbot, workspace.changed, wait=20):  # the same check as the refused drop's below
        tab.view.dropEvent(event)
    assert shown_names(tab, Side.VISITING) == ["Park", "Lee", "Choi", "Jung", "Kim"]
    assert tab.selected_ids() == [kim.id]
    host_rect = tab.view.visualRect(tab.proxy.index(8, AttendeesModel.COL_NAME))
    refused = QDropEvent(
        host_rect.center().toPointF(),
        Qt.DropAction.MoveAction,
        tab.proxy.mimeData([tab.proxy.index(0, 0)]),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.assert_not_emitted(workspace.changed, wait=20):
        tab.view.dropEvent(refused)
    assert not refused.isAccepted()
    assert workspace.undo_stack.count() == 1


def test_dropping_across_sides_changes_nothing(qtbot: QtBot, tab: AttendeesTab, workspace: Workspace) -> None:
    park = row_of(tab, "Park").id
    data = QMimeData()
    data.setData(ATTENDEE_IDS_MIME, json.dumps([park]).encode())
    assert not tab.proxy.canDropMimeData(data, Qt.DropAction.MoveAction, 8, 0, QModelIndex())
    with qtbot.assert_not_emitted(workspace.changed, wait=20):
        assert not tab.proxy.dropMimeData(data, Qt.DropAction.MoveAction, 8, 0, QModelIndex())
    assert workspace.undo_stack.count() == 0
    with positive_control(qtbot, workspace.changed, wait=20):  # within the side, the same check sees it
        assert tab.proxy.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())


def test_ctrl_down_and_move_up(qtbot: QtBot, tab: AttendeesTab, workspace: Workspace, demo_visit_id: int) -> None:
    with qtbot.wait_active(tab):
        tab.show()
        tab.activateWindow()
    choose(tab, "Kim")
    tab.view.setFocus()
    with qtbot.wait_signal(workspace.changed):
        qtbot.keyClick(tab.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert shown_names(tab, Side.VISITING) == ["Park", "Lee", "Kim", "Choi", "Jung"]
    assert workspace.undo_stack.undoText() == "Move Ms Kim Min-seo down"
    assert [r.person.family_name for r in tab.selected_rows()] == ["Kim"]
    choose(tab, "Park")
    assert not tab.up_action.isEnabled()
    choose(tab, "Jung")
    assert not tab.down_action.isEnabled()
    tab.up_action.trigger()
    assert shown_names(tab, Side.VISITING) == ["Park", "Lee", "Kim", "Jung", "Choi"]
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert shown_names(tab, Side.VISITING) == ["Park", "Kim", "Lee", "Choi", "Jung"]
    assert sorted(ranks(workspace, demo_visit_id, Side.VISITING).values()) == [1, 2, 3, 4, 5]


def test_selection_survives_a_reload(tab: AttendeesTab, workspace: Workspace) -> None:
    choose(tab, "Marsh", "Lloyd")
    workspace.reloaded.emit()
    assert sorted(r.person.family_name for r in tab.selected_rows()) == ["Lloyd", "Marsh"]


def test_add_from_the_address_book(tab: AttendeesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    new_id = workspace.execute(
        lambda s: create_person(
            s, PersonData("Yoon", "Seo-yeon", "윤서연", name_order=NameOrder.FAMILY_FIRST, honorific="Dr")
        )
    ).created_id(Entity.PERSON)
    offered: list[int] = []

    def ask(cls: type, parent: object, candidates: list, **kwargs: object) -> AttendeeData:
        offered.extend(c.id for c in candidates)
        return AttendeeData(new_id, Side.HOST, Role.DELEGATE)

    monkeypatch.setattr(PersonPickerDialog, "ask", classmethod(ask))
    tab.add_action.trigger()
    assert offered == [new_id]  # only people not attending yet
    yoon = row_of(tab, "Yoon")
    assert (yoon.side, yoon.role, yoon.precedence) == (Side.HOST, Role.DELEGATE, 7)
    assert yoon.person.native_name == "윤서연"
    assert tab.selected_ids() == [yoon.id]
    assert workspace.undo_stack.undoText() == "Add attendee “Dr Yoon Seo-yeon”"
    workspace.undo_stack.undo()
    assert "Yoon" not in shown_names(tab, Side.HOST)
    workspace.undo_stack.redo()
    assert row_of(tab, "Yoon").precedence == 7


def test_new_person_in_place_is_one_undo_step(
    tab: AttendeesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = PersonData(
        "Han",
        "Ji-min",
        "한지민",
        name_order=NameOrder.FAMILY_FIRST,
        honorific="Ms",
        title="Consul-General",
        dietary="Vegetarian",
    )
    monkeypatch.setattr(PersonDialog, "ask", classmethod(lambda cls, *a, **k: person))
    monkeypatch.setattr(
        AttendeeDialog, "ask", classmethod(lambda cls, *a, **k: AttendeeData(0, Side.VISITING, Role.DELEGATE, 2))
    )

    def people(session: Session) -> list[str]:
        return list(session.scalars(select(Person.family_name).order_by(Person.family_name)).all())

    before = workspace.read(people)
    tab.new_action.trigger()
    assert shown_names(tab, Side.VISITING)[:3] == ["Park", "Han", "Kim"]  # rank 2, tied with Kim: by name
    assert "Han" in workspace.read(people)
    assert workspace.undo_stack.count() == 1
    workspace.undo_stack.undo()
    assert "Han" not in shown_names(tab, Side.VISITING)
    assert workspace.read(people) == before
    workspace.undo_stack.redo()
    assert row_of(tab, "Han").person.dietary == "Vegetarian"


def test_new_person_cancelled_creates_nothing(
    tab: AttendeesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PersonDialog, "ask", classmethod(lambda cls, *a, **k: PersonData("Han")))
    monkeypatch.setattr(AttendeeDialog, "ask", classmethod(lambda cls, *a, **k: None))
    tab.new_action.trigger()
    assert workspace.undo_stack.count() == 0
    assert tab.model.rowCount() == 16


def test_edit_attendee_and_undo(tab: AttendeesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    lee = row_of(tab, "Lee")
    seen: dict[str, object] = {}

    def ask(cls: type, parent: object, initial: AttendeeData, name: str, **kwargs: object) -> AttendeeData:
        seen.update(initial=initial, name=name, edit_person=kwargs.get("edit_person"))
        return AttendeeData(initial.person_id, Side.STAFF, Role.INTERPRETER, None, initial.arrival, "Stays on")

    monkeypatch.setattr(AttendeeDialog, "ask", classmethod(ask))
    choose(tab, "Lee")
    tab.view.doubleClicked.emit(tab.view.currentIndex())
    assert seen["initial"] == lee.data and seen["name"] == "Lee Ji-hoon (이지훈)" and seen["edit_person"]
    moved = row_of(tab, "Lee")
    assert (moved.side, moved.role, moved.precedence, moved.data.departure) == (
        Side.STAFF,
        Role.INTERPRETER,
        6,
        "Stays on",
    )
    workspace.undo_stack.undo()
    assert row_of(tab, "Lee").data == lee.data
    workspace.undo_stack.redo()  # redo after undo is not taken for someone else's edit
    assert row_of(tab, "Lee").side is Side.STAFF


def attendances_of(session: Session, attendee_id: int) -> set[tuple[str, AttendancePart]]:
    return set(
        session.execute(
            select(Engagement.uuid, Attendance.part)
            .join(Attendance, Attendance.engagement_id == Engagement.id)
            .where(Attendance.attendee_id == attendee_id)
        ).all()
    )


def driver_of(session: Session, label: str) -> int | None:
    return session.scalars(select(Vehicle.driver_attendee_id).where(Vehicle.label == label)).one()


def test_remove_attendee_and_undo_restores_attendances_and_driving(
    tab: AttendeesTab, workspace: Workspace, yes: None
) -> None:
    hughes = row_of(tab, "Hughes")
    attended = workspace.read(lambda s: attendances_of(s, hughes.id))
    assert (len(attended), workspace.read(lambda s: driver_of(s, "Car 1 (Mayor)"))) == (2, hughes.id)
    choose(tab, "Hughes")
    changes: list[Changes] = []
    workspace.changed.connect(lambda c, _: changes.append(c))
    tab.remove_action.trigger()
    assert "Hughes" not in shown_names(tab, Side.STAFF)
    assert workspace.read(lambda s: driver_of(s, "Car 1 (Mayor)")) is None
    assert changes[-1].touches(Entity.ENGAGEMENT) and changes[-1].touches(Entity.VEHICLE)
    workspace.undo_stack.undo()
    back = row_of(tab, "Hughes")
    assert back.id != hughes.id and workspace.ids.resolve(Entity.ATTENDEE, hughes.id) == back.id
    assert back.data == hughes.data  # side, role, rank and travel details
    assert workspace.read(lambda s: attendances_of(s, back.id)) == attended
    assert workspace.read(lambda s: driver_of(s, "Car 1 (Mayor)")) == back.id
    workspace.undo_stack.redo()
    assert "Hughes" not in shown_names(tab, Side.STAFF)
    workspace.undo_stack.undo()
    again = row_of(tab, "Hughes")
    assert workspace.read(lambda s: attendances_of(s, again.id)) == attended
    assert workspace.ids.resolve(Entity.ATTENDEE, hughes.id) == again.id


def test_remove_several_attendees_is_one_step(tab: AttendeesTab, workspace: Workspace, yes: None) -> None:
    choose(tab, "Kim", "Nair")
    tab.edit_delete()
    assert workspace.undo_stack.undoText() == "Remove 2 attendees"
    assert tab.model.rowCount() == 14
    workspace.undo_stack.undo()
    assert tab.model.rowCount() == 16
    assert workspace.read(lambda s: driver_of(s, "Delegation minibus")) == row_of(tab, "Nair").id


def test_remove_asks_first(tab: AttendeesTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def question(parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(messages, "ask_yes_no", question)
    choose(tab, "Park")
    tab.remove_action.trigger()
    assert "engagements" in asked[0] and "undo" in asked[0]
    assert tab.model.rowCount() == 16


def test_no_visit_means_nothing_to_do(tab: AttendeesTab, errors: ErrorLog) -> None:
    tab.set_visit(None)
    assert tab.model.rowCount() == 0
    assert not tab.add_action.isEnabled() and not tab.new_action.isEnabled()
    tab.add_from_address_book()
    assert errors == []


def test_header_layout_is_saved_and_restored(
    qtbot: QtBot, tab: AttendeesTab, workspace: Workspace, settings: Settings
) -> None:
    tab.view.setColumnWidth(AttendeesModel.COL_NAME, 251)
    tab.save_layout(settings)
    other = AttendeesTab(workspace)
    qtbot.add_widget(other)
    other.restore_layout(settings)
    assert other.view.columnWidth(AttendeesModel.COL_NAME) == 251
