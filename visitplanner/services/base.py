"""What every service shares: one savepoint per call, error translation, version checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.store.database import environmental, failure

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def utcnow() -> datetime:
    """The current instant (services read the clock only here, so tests can fix it)."""
    return datetime.now(UTC)


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
