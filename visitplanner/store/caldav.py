"""Reads of the copies of a visit's events published to CalDAV servers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.caldav import PublishedCopy
from visitplanner.store.models import CalDavCopy


def published_copies(session: Session, visit_id: int) -> list[PublishedCopy]:
    """Every copy of the visit's events last put on a CalDAV server, by calendar then UID."""
    rows = session.execute(
        select(CalDavCopy.calendar, CalDavCopy.uid, CalDavCopy.href, CalDavCopy.etag, CalDavCopy.digest)
        .where(CalDavCopy.visit_id == visit_id)
        .order_by(CalDavCopy.calendar, CalDavCopy.uid)
    ).all()
    return [PublishedCopy(*row) for row in rows]
