"""The People tab: the address book, person commands with undo, organisations, and the Attendees
tab following edits made here."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog, positive_control
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import NameOrder, OrganisationKind
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import OrganisationData, PersonData
from visitplanner.services.people import create_person
from visitplanner.services.reads.people import PersonRow
from visitplanner.store.models import Person
from visitplanner.ui import messages
from visitplanner.ui.attendees import AttendeesTab
from visitplanner.ui.dialogs.organisation import OrganisationDialog, OrganisationsDialog
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.models.people import PeopleModel
from visitplanner.ui.people import PeopleTab
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def people(qtbot: QtBot, workspace: Workspace) -> PeopleTab:
    page = PeopleTab(workspace)
    qtbot.add_widget(page)
    page.reload()  # as the main window does at start: no visit needed
    return page


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)


def person(tab: PeopleTab, family_name: str) -> PersonRow:
    return next(r for r in tab.model.rows() if r.data.family_name == family_name)


def test_lists_the_address_book_without_a_visit(people: PeopleTab) -> None:
    assert people.visit_id is None
    assert people.model.rowCount() == 16
    assert people.count_label.text() == "16 people in the address book"
    people.search.setText("busan")
    assert people.proxy.rowCount() == 5
    people.search.setText("서지연")
    assert people.proxy.rowCount() == 1
    assert people.proxy.index(0, PeopleModel.COL_ROMANISED).data() == "Seo Ji-yeon"


def test_new_person_and_undo(people: PeopleTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    data = PersonData("Yoon", "Seo-yeon", "윤서연", name_order=NameOrder.FAMILY_FIRST, email="sy.yoon@example.org")
    monkeypatch.setattr(PersonDialog, "ask", classmethod(lambda cls, *a, **k: data))
    people.edit_new()
    yoon = person(people, "Yoon")
    assert people.selected_ids() == [yoon.id]
    assert yoon.visits == 0
    workspace.undo_stack.undo()
    assert "Yoon" not in [r.data.family_name for r in people.model.rows()]
    workspace.undo_stack.redo()
    again = person(people, "Yoon")
    assert again.data == yoon.data and again.id != yoon.id
    assert workspace.ids.resolve(Entity.PERSON, yoon.id) == again.id


def test_editing_a_person_refreshes_the_attendees_tab(
    qtbot: QtBot, people: PeopleTab, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendees = AttendeesTab(workspace)
    qtbot.add_widget(attendees)
    attendees.set_visit(demo_visit_id)
    park = person(people, "Park")
    new = replace(park.data, title="Mayor of Busan", native_name="박형준 시장", dietary="No shellfish")
    monkeypatch.setattr(PersonDialog, "ask", classmethod(lambda cls, *a, **k: new))
    people.select_people([park.id])
    people.edit_action.trigger()
    shown = next(r for r in attendees.model.rows() if r.person_id == park.id)
    assert shown.person.title == "Mayor of Busan" and shown.person.native_name == "박형준 시장"
    assert "4 dietary" in attendees.count_label.text()
    assert people.selected_ids() == [park.id]  # the selection survives the reload
    workspace.undo_stack.undo()
    shown = next(r for r in attendees.model.rows() if r.person_id == park.id)
    assert shown.person == park.data
    workspace.undo_stack.redo()  # redo after undo is not mistaken for someone else's edit
    assert person(people, "Park").data == new


def test_delete_refused_while_attending(people: PeopleTab, workspace: Workspace, errors: ErrorLog, yes: None) -> None:
    people.select_people([person(people, "Park").id])
    people.edit_delete()
    assert len(errors) == 1 and isinstance(errors[0], UserError)
    assert "attends Visit of the Mayor of Busan" in str(errors[0])
    assert workspace.undo_stack.count() == 0
    assert people.model.rowCount() == 16


def test_delete_then_undo_recreates_the_person(people: PeopleTab, workspace: Workspace, yes: None) -> None:
    data = PersonData("Yoon", "Seo-yeon", notes="Met at the Korea Week reception")
    old_id = workspace.execute(lambda s: create_person(s, data)).created_id(Entity.PERSON)
    people.select_people([old_id])
    people.delete_action.trigger()
    assert "Yoon" not in [r.data.family_name for r in people.model.rows()]
    workspace.undo_stack.undo()
    back = person(people, "Yoon")
    assert back.data == data and workspace.ids.resolve(Entity.PERSON, old_id) == back.id
    workspace.undo_stack.redo()
    assert workspace.read(lambda s: s.get(Person, back.id)) is None


def test_deleting_several_people_is_all_or_nothing(
    people: PeopleTab, workspace: Workspace, errors: ErrorLog, yes: None
) -> None:
    yoon = workspace.execute(lambda s: create_person(s, PersonData("Yoon"))).created_id(Entity.PERSON)
    people.select_people([yoon, person(people, "Kim").id])
    people.delete_people()
    assert len(errors) == 1  # Kim attends a visit: nobody is deleted
    assert workspace.read(lambda s: s.get(Person, yoon)) is not None
    assert workspace.undo_stack.count() == 0


def test_organisations_manager(
    qtbot: QtBot, people: PeopleTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, yes: None
) -> None:
    dialog = OrganisationsDialog(workspace)
    qtbot.add_widget(dialog)
    assert dialog.model.rowCount() == 4
    created = OrganisationData(
        "Korea Trade-Investment Promotion Agency", "대한무역투자진흥공사", "South Korea", OrganisationKind.AGENCY
    )
    monkeypatch.setattr(OrganisationDialog, "ask", classmethod(lambda cls, *a, **k: created))
    dialog.new_button.click()
    assert dialog.current() is not None and dialog.current().data == created  # type: ignore[union-attr]
    uol = next(r for r in dialog.model.rows() if r.data.name == "University of Liverpool")
    renamed = replace(uol.data, name="The University of Liverpool")
    monkeypatch.setattr(OrganisationDialog, "ask", classmethod(lambda cls, *a, **k: renamed))
    dialog.select(uol.id)
    dialog.edit_button.click()
    assert person(people, "Marsh").organisation == "The University of Liverpool"
    members = {r.id for r in people.model.rows() if r.data.organisation_id == uol.id}
    assert len(members) == 9
    dialog.select(uol.id)
    dialog.delete_button.click()
    assert {r.data.organisation_id for r in people.model.rows() if r.id in members} == {None}
    workspace.undo_stack.undo()
    restored = workspace.ids.resolve(Entity.ORGANISATION, uol.id)
    assert restored != uol.id
    assert {r.data.organisation_id for r in people.model.rows() if r.id in members} == {restored}
    assert person(people, "Marsh").organisation == "The University of Liverpool"
    workspace.undo_stack.undo()
    assert person(people, "Marsh").organisation == "University of Liverpool"
    workspace.undo_stack.redo()
    workspace.undo_stack.redo()
    assert {r.data.organisation_id for r in people.model.rows() if r.id in members} == {None}


def test_organisation_used_by_a_visit_cannot_be_deleted(qtbot: QtBot, workspace: Workspace, errors: ErrorLog) -> None:
    dialog = OrganisationsDialog(workspace)
    qtbot.add_widget(dialog)
    busan = next(r for r in dialog.model.rows() if r.data.name == "Busan Metropolitan City")
    dialog.select(busan.id)
    assert busan.people == 5
    from visitplanner.ui.commands.people import DeleteOrganisationCommand

    assert not workspace.push(DeleteOrganisationCommand(workspace, busan.id, busan.data.name))
    assert "used by the visit" in str(errors[0])


def test_people_tab_ignores_unrelated_changes(qtbot: QtBot, people: PeopleTab, workspace: Workspace) -> None:
    from visitplanner.domain.changes import Changes

    with qtbot.assert_not_emitted(people.model.modelReset):
        workspace.changed.emit(Changes.of_updated(Entity.ENGAGEMENT, 1), None)
    with positive_control(qtbot, people.model.modelReset):
        workspace.changed.emit(Changes.of_updated(Entity.ORGANISATION, 1), None)


def test_header_layout_is_saved_and_restored(
    qtbot: QtBot, people: PeopleTab, workspace: Workspace, settings: Settings
) -> None:
    people.view.setColumnWidth(PeopleModel.COL_FAMILY, 133)
    people.save_layout(settings)
    other = PeopleTab(workspace)
    qtbot.add_widget(other)
    other.restore_layout(settings)
    assert other.view.columnWidth(PeopleModel.COL_FAMILY) == 133


def test_in_the_main_window(window: MainWindow, errors: ErrorLog, yes: None) -> None:
    people = next(p for p in window.tab_pages if isinstance(p, PeopleTab))
    attendees = next(p for p in window.tab_pages if isinstance(p, AttendeesTab))
    assert people.model.rowCount() == 16 and attendees.model.rowCount() == 16
    window.tabs.setCurrentIndex(2)
    enabled = {verb for verb, action in window.edit_actions.items() if action.isEnabled()}
    assert enabled == {"new", "delete", "find"}
    attendees.select_attendees([attendees.model.rows()[-1].id])
    window.edit_actions["delete"].trigger()
    assert attendees.model.rowCount() == 15
    assert people.model.rowCount() == 16  # still in the address book
    window.undo_action.trigger()
    assert attendees.model.rowCount() == 16 and errors == []
