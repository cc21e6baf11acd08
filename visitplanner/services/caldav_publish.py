"""Keeping the record of what was published to CalDAV servers: the copies put there, and those taken off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from visitplanner.domain.caldav import CopyChange
from visitplanner.domain.changes import Changes
from visitplanner.domain.timerange import require_aware
from visitplanner.services.base import get, service
from visitplanner.store.models import CalDavCopy, Visit


@service
def record_copies(session: Session, visit_id: int, changes: Sequence[CopyChange], *, now: datetime) -> Changes:
    """Record copies put on a server (their URL, ETag and digest, replacing what was recorded for
    the same calendar and UID) and forget copies taken off it. The record is bookkeeping of the
    server's state, not part of the plan: nothing in the plan changes, and no view shows it."""
    at = require_aware(now, "now")
    get(session, Visit, visit_id, "visit")
    existing = {
        (row.calendar, row.uid): row
        for row in session.scalars(select(CalDavCopy).where(CalDavCopy.visit_id == visit_id))
    }
    for change in changes:
        copy = change.copy
        row = existing.get((copy.calendar, copy.uid))
        if change.removed:
            if row is not None:
                session.execute(delete(CalDavCopy).where(CalDavCopy.id == row.id))
                del existing[(copy.calendar, copy.uid)]
            continue
        if row is None:
            row = CalDavCopy(visit_id=visit_id, calendar=copy.calendar, uid=copy.uid)
            session.add(row)
            existing[(copy.calendar, copy.uid)] = row
        row.href, row.etag, row.digest, row.published_at = copy.href, copy.etag, copy.digest, at
    return Changes()
