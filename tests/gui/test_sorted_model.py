"""`SortedRowTableModel` sorts itself on plain keys (no Python per comparison) and stays sorted
through targeted updates; `ModelSortProxy` hands it the sorting and filters with one call per row."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from visitplanner.ui.models.base import OBJECT_ROLE, Column, ModelSortProxy, SortedRowTableModel


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    size: int


class CountingModel(SortedRowTableModel[Item]):
    columns = (
        Column("Name", lambda r: r.name),
        Column("Size", lambda r: str(r.size), sort=lambda r: r.size),
    )

    def __init__(self) -> None:
        super().__init__()
        self.data_calls = 0
        self.key_calls = 0

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        self.data_calls += 1
        return super().data(index, role)

    def sort_key(self, row: Item, column: int) -> Any:
        self.key_calls += 1
        return super().sort_key(row, column)


def items(count: int, seed: int = 3) -> list[Item]:
    rng = random.Random(seed)
    return [
        Item(n, rng.choice(["alpha", "Beta", "gamma", "Delta"]) + str(rng.randint(0, 99)), rng.randint(0, 500))
        for n in range(1, count + 1)
    ]


def shown(proxy: ModelSortProxy) -> list[Item]:
    return [proxy.index(n, 0).data(OBJECT_ROLE) for n in range(proxy.rowCount())]


@pytest.fixture
def model() -> CountingModel:
    model = CountingModel()
    model.set_rows(items(300))
    return model


def test_the_model_and_its_proxy_pass_the_model_tester(qtmodeltester: Any, model: CountingModel) -> None:
    proxy = ModelSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_computes_each_key_once_and_reads_no_data(model: CountingModel, order: Qt.SortOrder) -> None:
    proxy = ModelSortProxy()
    proxy.setSourceModel(model)
    model.data_calls = model.key_calls = 0
    proxy.sort(1, order)
    assert model.data_calls == 0  # no lessThan reading data() per comparison
    assert model.key_calls == 300  # one key per row, computed once
    expected = sorted(model.rows(), key=lambda r: (r.size, r.id), reverse=order == Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == expected
    model.key_calls = 0
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    proxy.sort(1, order)
    assert model.key_calls == 300  # the size keys were kept: only the names were computed
    assert shown(proxy) == expected


def test_a_selected_row_stays_selected_through_a_sort(qtbot: QtBot, model: CountingModel) -> None:
    proxy = ModelSortProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.add_widget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.selectRow(10)
    chosen = view.currentIndex().data(OBJECT_ROLE)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().data(OBJECT_ROLE) == chosen
    assert view.horizontalHeader().sortIndicatorSection() == 1


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_an_updated_row_moves_to_its_place_and_changes_only_itself(
    qtbot: QtBot, model: CountingModel, order: Qt.SortOrder
) -> None:
    model.sort(1, order)
    rng = random.Random(5)
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: spans.append((a.row(), b.row())))
    for _ in range(60):
        target = rng.choice(model.rows())
        changed = Item(target.id, target.name, rng.randint(-10, 520))
        keep = QPersistentModelIndex(model.index_of(target.id))
        spans.clear()
        with qtbot.assert_not_emitted(model.modelReset), qtbot.assert_not_emitted(model.layoutChanged):
            assert model.update_row(changed)
        number = model.index_of(target.id).row()
        assert spans == [(number, number)]
        assert keep.row() == number and keep.data(OBJECT_ROLE) == changed
        expected = sorted(model.rows(), key=lambda r: (r.size, r.id), reverse=order == Qt.SortOrder.DescendingOrder)
        assert model.rows() == expected
    assert not model.update_row(Item(99_999, "nobody", 1))


def test_inserted_and_removed_rows_keep_the_order(qtbot: QtBot, model: CountingModel) -> None:
    proxy = ModelSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    with qtbot.assert_not_emitted(model.modelReset):
        model.insert_row(Item(1000, "new", 250))
        model.insert_row(Item(1001, "first", -1))
        assert model.remove_id(5)
    assert not model.remove_id(5)
    assert model.rowCount() == 301
    assert shown(proxy) == sorted(model.rows(), key=lambda r: (r.size, r.id))
    assert shown(proxy)[0].id == 1001
    assert model.index_of(1000).data(OBJECT_ROLE).name == "new"
    assert not model.index_of(5).isValid()


def test_the_filter_asks_the_predicate_once_per_row_and_keeps_the_sort(model: CountingModel) -> None:
    proxy = ModelSortProxy()
    proxy.setSourceModel(model)
    proxy.setDynamicSortFilter(True)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    asked: list[int] = []

    def small(row: object) -> bool:
        assert isinstance(row, Item)
        asked.append(row.id)
        return row.size < 100

    model.data_calls = 0
    proxy.set_predicate(small)
    proxy.rowCount()  # the proxy may filter when first asked
    assert sorted(asked) == sorted(r.id for r in model.rows())
    assert model.data_calls == 300  # one per row (the filter role), none per column or comparison
    assert shown(proxy) == sorted((r for r in model.rows() if r.size < 100), key=lambda r: (r.size, r.id))
    proxy.set_predicate(lambda row: isinstance(row, Item) and row.size >= 400)
    assert shown(proxy) == sorted((r for r in model.rows() if r.size >= 400), key=lambda r: (r.size, r.id))
    model.data_calls = 0
    proxy.set_predicate(None)
    assert proxy.rowCount() == 300
    model.set_rows(items(300, seed=4))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.data_calls == 0  # with no filter, neither a reset nor a sort calls data()
    assert not proxy.mapFromSource(QModelIndex()).isValid()
