"""`Changes`: what a service call changed, so views refresh only what they show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Entity(StrEnum):
    VISIT = "visit"
    ORGANISATION = "organisation"
    PERSON = "person"
    ATTENDEE = "attendee"
    VENUE = "venue"
    ROOM = "room"
    TRAVEL_TIME = "travel_time"
    VEHICLE = "vehicle"
    ENGAGEMENT = "engagement"
    ATTENDANCE = "attendance"
    TRAVEL_LEG = "travel_leg"
    SEATING_PLAN = "seating_plan"
    TASK = "task"
    TASK_TEMPLATE = "task_template"
    GIFT = "gift"
    INVITATION = "invitation"
    REPLY = "invitation_reply"
    OFFICE = "office"  # the office's settings (one set per database, id 0)


Ref = tuple[Entity, int]


@dataclass(frozen=True)
class Changes:
    """The rows a service created, updated and deleted, by entity kind and id.

    Attributes:
        created: (entity, id) pairs of new rows.
        updated: (entity, id) pairs of changed rows.
        deleted: (entity, id) pairs of removed rows.
        replaced: (entity, old id, new id) of rows a restore put back under a new id (ids are
            never reused), so that holders of the old id can follow it.
    """

    created: frozenset[Ref] = field(default_factory=frozenset)
    updated: frozenset[Ref] = field(default_factory=frozenset)
    deleted: frozenset[Ref] = field(default_factory=frozenset)
    replaced: frozenset[tuple[Entity, int, int]] = field(default_factory=frozenset)

    @classmethod
    def of_created(cls, entity: Entity, *ids: int) -> Changes:
        return cls(created=frozenset((entity, i) for i in ids))

    @classmethod
    def of_updated(cls, entity: Entity, *ids: int) -> Changes:
        return cls(updated=frozenset((entity, i) for i in ids))

    @classmethod
    def of_deleted(cls, entity: Entity, *ids: int) -> Changes:
        return cls(deleted=frozenset((entity, i) for i in ids))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.created | other.created,
            self.updated | other.updated,
            self.deleted | other.deleted,
            self.replaced | other.replaced,
        )

    @staticmethod
    def merge(items: Iterable[Changes]) -> Changes:
        """All of `items` in one value, in time linear in their total size."""
        builder = ChangesBuilder()
        for item in items:
            builder.add(item)
        return builder.build()

    def touches(self, *entities: Entity) -> bool:
        wanted = set(entities)
        return any(e in wanted for e, _ in self.created | self.updated | self.deleted)

    def ids(self, entity: Entity) -> set[int]:
        return {i for e, i in self.created | self.updated | self.deleted if e == entity}

    def created_id(self, entity: Entity) -> int:
        """The id of the one row of `entity` this change created."""
        ids = [i for e, i in self.created if e == entity]
        if len(ids) != 1:
            raise LookupError(f"expected one created {entity}, found {len(ids)}")
        return ids[0]

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


class ChangesBuilder:
    """Collects the `Changes` of many service calls in time linear in their size.

    `a | b` copies both sides, so folding a file's thousands of calls one by one costs time
    quadratic in their number; a builder keeps growing sets and freezes them once, in `build`.
    """

    def __init__(self) -> None:
        self._created: set[Ref] = set()
        self._updated: set[Ref] = set()
        self._deleted: set[Ref] = set()
        self._replaced: set[tuple[Entity, int, int]] = set()

    def add(self, changes: Changes) -> ChangesBuilder:
        """Add what `changes` holds; returns the builder (for chaining)."""
        self._created |= changes.created
        self._updated |= changes.updated
        self._deleted |= changes.deleted
        self._replaced |= changes.replaced
        return self

    def __ior__(self, changes: Changes) -> ChangesBuilder:
        return self.add(changes)

    def created(self, entity: Entity, ids: Iterable[int]) -> ChangesBuilder:
        self._created.update((entity, i) for i in ids)
        return self

    def updated(self, entity: Entity, ids: Iterable[int]) -> ChangesBuilder:
        self._updated.update((entity, i) for i in ids)
        return self

    def deleted(self, entity: Entity, ids: Iterable[int]) -> ChangesBuilder:
        self._deleted.update((entity, i) for i in ids)
        return self

    def build(self) -> Changes:
        """The collected changes as one frozen `Changes` value."""
        return Changes(
            frozenset(self._created), frozenset(self._updated), frozenset(self._deleted), frozenset(self._replaced)
        )
