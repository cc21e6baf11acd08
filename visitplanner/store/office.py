"""Reads of the office's settings (shared by every officer of the database)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.findings import CheckOptions
from visitplanner.domain.office import LIMITS, options_from_text
from visitplanner.store.models import OfficeSetting
from visitplanner.store.queries import table

__all__ = ["office_check_options", "stored_limits"]

_NAMES = [limit.name for limit in LIMITS]


def stored_limits(session: Session) -> dict[str, str]:
    """The limits the database holds, as stored text, by name (empty when none was ever saved)."""
    rows = table(OfficeSetting)
    return {
        name: value for name, value in session.execute(select(rows.c.name, rows.c.value).where(rows.c.name.in_(_NAMES)))
    }


def office_check_options(session: Session) -> CheckOptions:
    """The limits the checks apply for this office: those stored, the defaults for the rest."""
    return options_from_text(stored_limits(session))
