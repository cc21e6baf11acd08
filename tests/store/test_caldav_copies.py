"""The record of copies published to CalDAV servers: kept, replaced and forgotten by calendar and UID, both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.caldav import CopyChange, PublishedCopy
from visitplanner.domain.errors import UserError
from visitplanner.services import visits
from visitplanner.services.caldav_publish import record_copies
from visitplanner.store.caldav import published_copies
from visitplanner.store.models import CalDavCopy

NOW = datetime(2027, 5, 1, tzinfo=UTC)
HOME = "https://dav.example/calendars/officer/"


def copy(calendar: str, uid: str, etag: str = '"1"', digest: str = "a" * 64) -> PublishedCopy:
    return PublishedCopy(f"{HOME}{calendar}/", uid, f"{HOME}{calendar}/{uid}.ics", etag, digest)


def test_copies_are_recorded_replaced_and_forgotten(session: Session, create_visit: Callable[..., int]) -> None:
    visit, other = create_visit(), create_visit()
    record_copies(
        session, visit, [CopyChange(copy("v", "a")), CopyChange(copy("v", "b")), CopyChange(copy("p", "a"))], now=NOW
    )
    record_copies(session, other, [CopyChange(copy("o", "a"))], now=NOW)
    assert published_copies(session, visit) == [copy("p", "a"), copy("v", "a"), copy("v", "b")]
    record_copies(
        session,
        visit,
        [CopyChange(copy("v", "a", '"2"', "b" * 64)), CopyChange(copy("p", "a"), removed=True)],
        now=NOW,
    )
    assert published_copies(session, visit) == [copy("v", "a", '"2"', "b" * 64), copy("v", "b")]
    record_copies(session, visit, [CopyChange(copy("gone", "x"), removed=True)], now=NOW)  # nothing to forget: fine
    assert published_copies(session, other) == [copy("o", "a")]
    stamps = session.scalars(select(CalDavCopy.published_at).where(CalDavCopy.visit_id == visit)).all()
    assert stamps and all(s == NOW for s in stamps)


def test_the_record_goes_with_its_visit(session: Session, create_visit: Callable[..., int]) -> None:
    visit = create_visit()
    record_copies(session, visit, [CopyChange(copy("v", "a"))], now=NOW)
    visits.delete_visit(session, visit)
    session.flush()
    assert session.scalar(select(func.count(CalDavCopy.id))) == 0


def test_a_naive_time_or_an_unknown_visit_is_refused(session: Session, create_visit: Callable[..., int]) -> None:
    with pytest.raises(UserError):
        record_copies(session, create_visit(), [], now=datetime(2027, 5, 1))
    with pytest.raises(UserError, match="visit"):
        record_copies(session, 999_999, [CopyChange(copy("v", "a"))], now=NOW)
