"""Undo and redo of a delegation-list import through its command on the undo stack, and the id
map that follows the thousands of ids a redo replaces."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.ui.workspace import IdMap


def test_id_map_follows_chains_of_replaced_ids() -> None:
    ids = IdMap()
    assert not ids and ids.resolve(Entity.PERSON, 1) == 1
    ids.alias(Entity.PERSON, 1, 5)
    ids.alias(Entity.ATTENDEE, 1, 7)
    ids.alias(Entity.PERSON, 5, 9)  # put back again: both older ids follow
    ids.alias(Entity.PERSON, 2, 2)  # the same id: no alias
    assert [ids.resolve(Entity.PERSON, i) for i in (1, 2, 5, 9)] == [9, 2, 9, 9]
    assert ids.resolve(Entity.ATTENDEE, 1) == 7 and ids.resolve(Entity.ATTENDEE, 5) == 5
    ids.alias(Entity.PERSON, 9, 12)
    assert {ids.resolve(Entity.PERSON, i) for i in (1, 5, 9)} == {12}


def test_id_map_aliases_thousands_of_ids_in_linear_time() -> None:
    ids = IdMap()
    for round_ in range(3):  # an import undone and redone three times: 3 x 20,000 aliases
        for n in range(20_000):
            old = n if round_ == 0 else 100_000 * round_ + n
            ids.alias(Entity.PERSON, old, 100_000 * (round_ + 1) + n)
    assert ids.resolve(Entity.PERSON, 17) == 300_017 and ids.resolve(Entity.PERSON, 100_017) == 300_017
