"""What every service shares: one savepoint per call, error translation, version checks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from visitplanner.domain.errors import ConflictError, StorageError, UserError

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def utcnow() -> datetime:
    """The current instant (services read the clock only here, so tests can fix it)."""
    return datetime.now(timezone.utc)


def service(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Run a service inside a savepoint: on any error the session is as it was before the call.

    Database errors become `UserError` (constraint), `ConflictError` (stale row) or
    `StorageError` (environment).
    """

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with session.begin_nested():
                result = fn(session, *args, **kwargs)
                session.flush()
        except StaleDataError as exc:
            raise ConflictError("this item was changed or deleted by someone else: reload and try again") from exc
        except IntegrityError as exc:
            raise UserError(f"the change breaks a rule of the database: {_constraint(exc)}") from exc
        except OperationalError as exc:
            raise StorageError(f"the database could not be written: {exc.orig}") from exc
        except StatementError as exc:
            if isinstance(exc.orig, ValueError):
                raise UserError(str(exc.orig)) from exc
            raise
        return result

    return wrapper


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
        raise ConflictError(f"{what} was changed by someone else since you opened it "
                            f"(version {row.version}, you had {expected}): reload or overwrite")


def assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed
