"""`Changes` merge in time linear in their size, with the same result as folding `|`."""

from __future__ import annotations

import functools
import operator

import pytest

from visitplanner.domain.changes import Changes, ChangesBuilder, Entity


def _many(n: int) -> list[Changes]:
    return [
        Changes.of_created(Entity.ENGAGEMENT, i)
        | Changes.of_updated(Entity.VISIT, 1)
        | Changes.of_deleted(Entity.ATTENDANCE, i)
        | Changes(replaced=frozenset({(Entity.VENUE, i, i + n)}))
        for i in range(n)
    ]


def test_merge_equals_the_fold_of_or() -> None:
    items = _many(300)
    assert Changes.merge(items) == functools.reduce(operator.or_, items, Changes())
    assert Changes.merge([]) == Changes()


def test_the_builder_collects_changes_and_ids() -> None:
    builder = ChangesBuilder()
    builder.add(Changes.of_created(Entity.PERSON, 1))
    builder |= Changes.of_deleted(Entity.ROOM, 7)
    builder.created(Entity.PERSON, [2, 3]).updated(Entity.VENUE, [4]).deleted(Entity.ROOM, [8])
    built = builder.build()
    assert built.ids(Entity.PERSON) == {1, 2, 3}
    assert built.updated == frozenset({(Entity.VENUE, 4)})
    assert built.deleted == frozenset({(Entity.ROOM, 7), (Entity.ROOM, 8)})
    builder.add(Changes.of_created(Entity.PERSON, 9))
    assert (Entity.PERSON, 9) not in built.created  # a built value does not change afterwards


def test_merge_never_copies_a_growing_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folding with `|` copies the whole result at every step (quadratic over a file): merge
    and the builder must not use it."""

    def refused(self: Changes, other: Changes) -> Changes:
        raise AssertionError("Changes.__or__ used while merging")

    items = _many(50)
    expected = functools.reduce(operator.or_, items, Changes())
    monkeypatch.setattr(Changes, "__or__", refused)
    assert Changes.merge(items) == expected
