"""What every service shares: one savepoint per call, error translation, version checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Table, event, func, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from visitplanner.domain.errors import ConflictError, ItemError, UserError
from visitplanner.store.database import environmental, failure, mark_inserted

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def utcnow() -> datetime:
    """The current instant (services read the clock only here, so tests can fix it)."""
    return datetime.now(UTC)


def today_in(zone_name: str, now: datetime | None = None) -> date:
    """The date in the zone `zone_name` at `now` (an aware instant; by default the clock's now):
    what readiness tasks are due against. Callers that must not depend on the real date (a
    window's checks, tests) pass their own `now`."""
    from visitplanner.domain.timerange import require_aware, zone

    instant = utcnow() if now is None else require_aware(now, "now")
    return instant.astimezone(zone(zone_name)).date()


def service(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Run a service inside a savepoint: on any error the session is as it was before the call.

    Database errors become `UserError` (constraint), `ConflictError` (stale row or lost race) or
    `StorageError` (environment, named: "the disk is full", "could not be read", ...).
    """

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with holding_new_rows(session), session.begin_nested():
                result = fn(session, *args, **kwargs)
                session.flush()
        except StaleDataError as exc:
            raise ConflictError("this item was changed or deleted by someone else: reload and try again") from exc
        except IntegrityError as exc:
            raise UserError(f"the change breaks a rule of the database: {_constraint(exc)}") from exc
        except DBAPIError as exc:
            if environmental(exc):  # disk full, read-only, busy, damaged, server gone
                raise failure(exc, writing=True) from exc
            raise
        except StatementError as exc:
            if isinstance(exc.orig, ValueError):
                raise UserError(str(exc.orig)) from exc
            raise
        return result

    return wrapper


@contextmanager
def holding_new_rows(session: Session) -> Iterator[None]:
    """Keep every row inserted inside the block alive until the block ends.

    Services hand back ids, not rows, so a new row can be garbage-collected and loaded again
    by a later step; SQLAlchemy then no longer counts it as new, and a rollback of the
    savepoint would leave it in the identity map (where a reused id would collide with it).
    """
    held: list[object] = []

    def hold(_session: Session, instance: object) -> None:
        held.append(instance)

    event.listen(session, "pending_to_persistent", hold)
    try:
        yield
    finally:
        event.remove(session, "pending_to_persistent", hold)
        held.clear()


def _constraint(exc: IntegrityError) -> str:
    text = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
    return text


class _Versioned(Protocol):
    version: int


def get(session: Session, model: type[M], ident: int | None, what: str, field: str | None = None) -> M:
    """The row of `model` with id `ident`, or a `UserError` naming `what`."""
    row = session.get(model, ident) if ident is not None else None
    if row is None:
        raise UserError(f"{field or what}: there is no {what} with id {ident}", field=field or what)
    return row


def check_version(row: Any, expected: int | None, what: str) -> None:
    """Refuse to write over a row someone else changed since the caller read version `expected`."""
    if expected is not None and row.version != expected:
        raise ConflictError(
            f"{what} was changed by someone else since you opened it "
            f"(version {row.version}, you had {expected}): reload or overwrite"
        )


def assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


@contextmanager
def for_item(index: int) -> Iterator[None]:
    """Inside a batch service: a `UserError` raised for the item at `index` becomes an `ItemError`
    saying which item it was (an `ItemError` passes through unchanged)."""
    try:
        yield
    except ItemError:
        raise
    except UserError as exc:
        raise ItemError(index, exc) from exc


def insert_rows(
    session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]], *, ids: bool = True
) -> list[int]:
    """Insert `rows` (column name -> value) into `model`'s table with one executemany, and return
    the new ids in the order of `rows` (an empty list when not `ids`).

    The batch services use it after validating every row; column defaults apply as for the ORM.
    Rows inserted this way are not in the session's identity map: a collection already loaded
    on a parent must be expired by the caller (`expire_loaded`). They are noted as written
    (`mark_inserted`), as the ORM's flushes are, for the undo history and other officers.
    """
    if not rows:
        return []
    table: Table = model.__table__
    if not ids:
        session.execute(insert(table), list(rows))
        mark_inserted(session, model, ())
        return []
    if session.get_bind().dialect.name == "sqlite":
        # SQLite cannot return ids of a multi-row insert in order (SQLAlchemy would send one INSERT
        # per row): a unit that writes holds the write lock from its BEGIN IMMEDIATE, so the next
        # ids are known, and given explicitly they also advance the AUTOINCREMENT counter.
        first = _next_sqlite_id(session, table)
        numbered = [{**row, "id": first + n} for n, row in enumerate(rows)]
        session.execute(insert(table), numbered)
        new = list(range(first, first + len(rows)))
    else:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        new = list(session.scalars(statement, list(rows)))
    mark_inserted(session, model, new)
    return new


def _next_sqlite_id(session: Session, table: Table) -> int:
    """The id SQLite's AUTOINCREMENT would give the next row of `table` (ids are never reused)."""
    counted = session.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name})
    highest = session.scalar(select(func.max(table.c.id)))
    return max(counted or 0, highest or 0) + 1


def expire_loaded(session: Session, model: type[Any], ids: Iterable[int], *attributes: str) -> None:
    """Expire `attributes` of the rows of `model` with `ids` that the session holds (e.g. a venue's
    `rooms` after rooms were inserted in bulk), so they are read again when next used."""
    for ident in ids:
        row = session.identity_map.get(identity_key(model, ident))
        if row is not None:
            session.expire(row, list(attributes))
