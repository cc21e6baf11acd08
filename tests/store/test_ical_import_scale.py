"""A calendar import grows linearly: the statements it sends do not grow with the events, ids reach the rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tests.benchmarks.bench_ical_import import DAYS, FIRST_DAY, calendar_text
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind
from visitplanner.domain.values import EngagementData
from visitplanner.importers.ical import parse_calendar
from visitplanner.services.calendar_import import ImportAction, import_calendar
from visitplanner.store.models import Engagement


@pytest.fixture
def visit(create_visit: Callable[..., int]) -> int:
    return create_visit(start_date=FIRST_DAY, end_date=date.fromordinal(FIRST_DAY.toordinal() + DAYS - 1))


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    sent: list[str] = []
    engine = session.get_bind().engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _parsed(events: int) -> Any:
    return parse_calendar(
        calendar_text(events),
        visit_start=FIRST_DAY,
        visit_end=date.fromordinal(FIRST_DAY.toordinal() + DAYS - 1),
        visit_zone="Europe/London",
    )


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_statements_sent_do_not_grow_with_the_events(session: Session, visit: int, dry_run: bool) -> None:
    small, large = _parsed(20), _parsed(400)
    with statements(session) as few:
        import_calendar(session, visit, small, dry_run=True)
    with statements(session) as many:
        result = import_calendar(session, visit, large, dry_run=dry_run)
    assert len(result.created) == 400
    # one statement per event (or more) was the quadratic-looking 106 s at 32,000 events
    # a real import inserts the engagements with one executemany and reads them back in one query
    assert len(many) - len(few) < 20, (len(few), len(many))


def test_a_real_import_puts_the_new_ids_in_its_rows_and_changes(session: Session, visit: int) -> None:
    result = import_calendar(session, visit, _parsed(30))
    ids = [row.engagement_id for row in result.rows]
    assert None not in ids and len(set(ids)) == 30
    assert result.changes.ids(Entity.ENGAGEMENT) == set(ids)
    stored = dict(session.execute(select(Engagement.id, Engagement.title).where(Engagement.visit_id == visit)).all())
    assert all(stored[row.engagement_id] == row.title for row in result.rows if row.engagement_id is not None)


def test_two_uids_naming_one_engagement_create_it_once(session: Session, visit: int) -> None:
    """ "<uuid>@visitplanner" in two spellings of the uuid: the second event updates what the first created."""
    uid = "0c9e7a52-4a3e-4c1b-9d3e-3f0e1a2b3c4d"
    text = calendar_text(2).decode()
    text = text.replace("UID:bench-0@example.org", f"UID:{uid}@visitplanner", 1)
    text = text.replace("UID:bench-1@example.org", f"UID:{uid.upper()}@visitplanner", 1)
    parsed = parse_calendar(
        text.encode(),
        visit_start=FIRST_DAY,
        visit_end=date.fromordinal(FIRST_DAY.toordinal() + DAYS - 1),
        visit_zone="Europe/London",
    )
    result = import_calendar(session, visit, parsed)
    assert [row.action for row in result.rows] == [ImportAction.CREATE, ImportAction.UPDATE]
    assert result.rows[0].engagement_id == result.rows[1].engagement_id
    assert (
        session.scalars(select(Engagement).where(Engagement.uuid == uid)).one().title == "Meeting 1 with the delegation"
    )


def test_create_engagements_refuses_what_create_engagement_refuses(session: Session, visit: int) -> None:
    from datetime import UTC, datetime

    from visitplanner.domain.errors import UserError
    from visitplanner.domain.values import EngagementPlan
    from visitplanner.services.engagements import NewEngagement, create_engagements

    start = datetime(2026, 10, 20, 9, tzinfo=UTC)
    good = EngagementData(kind=EngagementKind.MEETING, title="Fine", start=start, end=start.replace(hour=10))
    outside = EngagementData(
        kind=EngagementKind.MEETING, title="Late", start=start.replace(year=2027), end=start.replace(year=2027, hour=10)
    )
    with pytest.raises(UserError, match="falls outside the visit"):
        create_engagements(
            session, visit, [NewEngagement(EngagementPlan(good)), NewEngagement(EngagementPlan(outside))]
        )
    with pytest.raises(UserError, match="not a UUID"):
        create_engagements(session, visit, [NewEngagement(EngagementPlan(good), uid="nope")])
    changes, ids = create_engagements(session, visit, [NewEngagement(EngagementPlan(good))] * 2)
    assert len(ids) == 2 and changes.ids(Entity.ENGAGEMENT) == set(ids)
