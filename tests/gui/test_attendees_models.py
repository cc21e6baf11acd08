"""The attendee and address-book table models: contents, order, filters and drop arithmetic."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import positive_control
from visitplanner.domain.enums import Role, Side
from visitplanner.services.reads.people import AttendeeRow, read_attendee_rows, read_organisation_rows, read_person_rows
from visitplanner.ui.models.attendees import ATTENDEE_IDS_MIME, AttendeesModel, AttendeesProxy
from visitplanner.ui.models.base import OBJECT_ROLE
from visitplanner.ui.models.people import OrganisationsModel, PeopleModel, PersonPickerModel
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def rows(workspace: Workspace, demo_visit_id: int) -> list[AttendeeRow]:
    return workspace.read(lambda s: read_attendee_rows(s, demo_visit_id))


@pytest.fixture
def model(qapp: object, rows: list[AttendeeRow]) -> AttendeesModel:
    model = AttendeesModel()
    model.set_rows(rows)
    return model


@pytest.fixture
def proxy(model: AttendeesModel) -> AttendeesProxy:
    proxy = AttendeesProxy()
    proxy.setSourceModel(model)
    return proxy


def by_family(model: AttendeesModel, family_name: str) -> AttendeeRow:
    return next(r for r in model.rows() if r.person.family_name == family_name)


def ids_mime(*ids: int) -> QMimeData:
    data = QMimeData()
    data.setData(ATTENDEE_IDS_MIME, json.dumps(list(ids)).encode())
    return data


def test_models_pass_the_model_tester(
    qtmodeltester: object, model: AttendeesModel, proxy: AttendeesProxy, workspace: Workspace
) -> None:
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy.sort(AttendeesModel.COL_NAME)
    proxy.set_side_and_role(Side.HOST, None)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    people = PeopleModel()
    people.set_rows(workspace.read(read_person_rows))
    qtmodeltester.check(people)  # type: ignore[attr-defined]
    picker = PersonPickerModel()
    picker.set_rows(workspace.read(read_person_rows))
    qtmodeltester.check(picker)  # type: ignore[attr-defined]
    organisations = OrganisationsModel()
    organisations.set_rows(workspace.read(read_organisation_rows))
    qtmodeltester.check(organisations)  # type: ignore[attr-defined]


def test_rows_are_ordered_by_side_then_precedence(model: AttendeesModel) -> None:
    keys = [(r.side, r.precedence) for r in model.rows()]
    sides = [side for side, _ in keys]
    assert sides == sorted(sides, key=[Side.VISITING, Side.HOST, Side.STAFF].index)
    for side in Side:
        ranks = [rank for s, rank in keys if s == side]
        assert ranks == sorted(ranks) and ranks[0] == 1
    first = model.rows()[0]
    assert first.person.family_name == "Park" and first.role is Role.PRINCIPAL


def test_columns_show_names_sides_and_flags(model: AttendeesModel) -> None:
    park = model.index_of(by_family(model, "Park").id).row()
    assert model.index(park, AttendeesModel.COL_NATIVE).data() == "박형준"
    assert model.index(park, AttendeesModel.COL_NAME).data() == "Mayor Park Heong-Joon"
    assert model.index(park, AttendeesModel.COL_SIDE).data() == "Visiting"
    assert model.index(park, AttendeesModel.COL_PRECEDENCE).data() == "1"
    assert model.index(park, AttendeesModel.COL_NAME).data(Qt.ItemDataRole.FontRole).bold()
    choi = model.index_of(by_family(model, "Choi").id).row()
    dietary = model.index(choi, AttendeesModel.COL_DIETARY)
    assert dietary.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Vegetarian" in dietary.data(Qt.ItemDataRole.ToolTipRole)
    assert "restricted" in dietary.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(park, AttendeesModel.COL_DIETARY).data(Qt.ItemDataRole.DecorationRole) is None
    marsh = model.index_of(by_family(model, "Marsh").id).row()
    assert "Wheelchair" in model.index(marsh, AttendeesModel.COL_ACCESS).data(Qt.ItemDataRole.ToolTipRole)


def test_filters_by_side_role_and_text(proxy: AttendeesProxy, model: AttendeesModel) -> None:
    proxy.set_side_and_role(Side.STAFF, None)
    shown = [proxy.index(r, 0).data(OBJECT_ROLE) for r in range(proxy.rowCount())]
    assert {r.side for r in shown} == {Side.STAFF} and len(shown) == 5
    proxy.set_side_and_role(Side.STAFF, Role.DRIVER)
    assert sorted(proxy.index(r, AttendeesModel.COL_NAME).data() for r in range(proxy.rowCount())) == [
        "Mr Daniel Hughes",
        "Ms Priya Nair",
    ]
    proxy.set_side_and_role(None, None)
    proxy.setFilterFixedString("정해원")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("university of liverpool")
    assert proxy.rowCount() == 9


def test_drop_order_within_a_side(model: AttendeesModel) -> None:
    visiting = model.side_ids(Side.VISITING)
    park, kim, lee, choi, jung = visiting
    above, below = model.neighbours(1)  # between Park and Kim
    assert model.order_for_drop([choi], above, below) == (Side.VISITING, [park, choi, kim, lee, jung])
    above, below = model.neighbours(5)  # after Jung: the end of the visiting side, not the start of the host side
    assert model.order_for_drop([park], above, below) == (Side.VISITING, [kim, lee, choi, jung, park])
    assert model.order_for_drop([kim, lee], *model.neighbours(0)) == (Side.VISITING, [kim, lee, park, choi, jung])


def test_drops_across_sides_or_in_place_are_refused(model: AttendeesModel) -> None:
    park = model.side_ids(Side.VISITING)[0]
    host = model.side_ids(Side.HOST)
    assert model.order_for_drop([park], *model.neighbours(7)) is None  # among the hosts
    assert model.order_for_drop([park], *model.neighbours(0)) is None  # where it is
    assert model.order_for_drop([park], *model.neighbours(1)) is None  # just below itself
    assert model.order_for_drop([park, host[0]], *model.neighbours(2)) is None  # two sides at once
    assert not model.canDropMimeData(ids_mime(park), Qt.DropAction.MoveAction, 8, 0, QModelIndex())
    assert not model.canDropMimeData(ids_mime(park), Qt.DropAction.CopyAction, 3, 0, QModelIndex())
    assert model.canDropMimeData(ids_mime(park), Qt.DropAction.MoveAction, 3, 0, QModelIndex())


def test_move_rows_asks_for_the_new_order(qtbot: QtBot, model: AttendeesModel) -> None:
    kim, lee = model.side_ids(Side.VISITING)[1:3]
    with qtbot.wait_signal(model.reorder_requested) as blocker:
        assert model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 3)  # Kim below Lee
    side, order = blocker.args
    assert side is Side.VISITING and order.index(lee) < order.index(kim)
    with qtbot.assert_not_emitted(model.reorder_requested):
        assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 9)  # into the host side
    with positive_control(qtbot, model.reorder_requested):  # within the side, the same check sees it
        assert model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 3)
    assert [r.id for r in model.rows()][1] == kim  # the rows move only when the store says so


def test_proxy_drops_between_the_rows_shown(qtbot: QtBot, model: AttendeesModel, proxy: AttendeesProxy) -> None:
    proxy.set_side_and_role(Side.VISITING, None)
    park = model.side_ids(Side.VISITING)[0]
    end = proxy.rowCount()  # below the last visiting row shown: source row is far off, in the staff
    with qtbot.wait_signal(model.reorder_requested) as blocker:
        assert proxy.dropMimeData(ids_mime(park), Qt.DropAction.MoveAction, end, 0, QModelIndex())
    assert blocker.args[1][-1] == park
    proxy.sort(AttendeesModel.COL_NAME)
    assert not proxy.in_precedence_order()
    assert not proxy.canDropMimeData(ids_mime(park), Qt.DropAction.MoveAction, 2, 0, QModelIndex())


def test_drag_payload_names_the_dragged_attendees(model: AttendeesModel) -> None:
    indexes = [model.index(2, c) for c in range(model.columnCount())]
    data = model.mimeData(indexes)
    assert json.loads(bytes(data.data(ATTENDEE_IDS_MIME).data())) == [model.rows()[2].id]
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_people_rows_count_visits(workspace: Workspace) -> None:
    people = PeopleModel()
    people.set_rows(workspace.read(read_person_rows))
    park = next(r for r in people.rows() if r.data.family_name == "Park")
    row = people.index_of(park.id).row()
    assert people.index(row, PeopleModel.COL_NATIVE).data() == "박형준"
    assert people.index(row, PeopleModel.COL_ROMANISED).data() == "Park Heong-Joon"
    assert people.index(row, PeopleModel.COL_VISITS).data() == "1"
    assert people.index(row, PeopleModel.COL_ORGANISATION).data() == "Busan Metropolitan City"
