"""The office's settings: the limits the checks apply, one set for every officer of the database."""

from __future__ import annotations

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import ConflictError
from visitplanner.domain.findings import CheckOptions
from visitplanner.domain.office import options_to_text, validate_options
from visitplanner.services.base import service
from visitplanner.store.models import OfficeSetting
from visitplanner.store.office import office_check_options, stored_limits

__all__ = ["OFFICE_ID", "adopt_check_options", "office_check_options", "set_check_options", "stored_limits"]

#: The id `Changes` gives the office's settings (there is one set per database).
OFFICE_ID = 0


#: The PostgreSQL advisory lock that saves of the office's limits take in turn.
OFFICE_LOCK = 0x0FF1CE


def _take_turn(session: Session) -> None:
    """Wait for any other officer's save of the limits to end before reading them (PostgreSQL; a
    SQLite write unit holds the database's write lock from its start): two saves at once are a
    conflict or one after the other, never a clash of half-replaced rows."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OFFICE_LOCK})


@service
def set_check_options(session: Session, options: CheckOptions, expected: CheckOptions | None = None) -> Changes:
    """Make `options` the office's limits (every limit is stored, so later defaults do not move
    them); undo passes the old options back.

    `expected`: the limits the officer saw; if the database holds others (someone else saved
    since), nothing is written and `ConflictError` is raised. Refused with a `UserError` naming
    the limit: a value out of its range, a currency that is not a code.
    """
    validate_options(options)
    _take_turn(session)
    current = office_check_options(session)
    if expected is not None and current != expected:
        raise ConflictError("the office limits were changed by someone else since you read them: reload and try again")
    wanted = options_to_text(options)
    if current == options and stored_limits(session) == wanted:
        return Changes()
    session.execute(delete(OfficeSetting).where(OfficeSetting.name.in_(list(wanted))))
    session.add_all(OfficeSetting(name=name, value=value) for name, value in wanted.items())
    session.flush()
    return Changes.of_updated(Entity.OFFICE, OFFICE_ID)


@service
def adopt_check_options(session: Session, options: CheckOptions) -> Changes:
    """Store `options` as the office's limits only if the database holds none yet (what one
    computer kept before the limits were the office's); otherwise the stored ones stand."""
    if stored_limits(session):
        return Changes()
    return set_check_options(session, options)
