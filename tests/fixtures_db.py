"""Database fixtures: each test runs in a transaction rolled back afterwards, on SQLite and PostgreSQL.

PostgreSQL tests use the server named by VISITPLANNER_TEST_POSTGRES_URL (an admin URL; a
scratch database is created for the run). Without it they skip, unless
VISITPLANNER_REQUIRE_POSTGRES=1, when a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.timerange import UTC
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VenueData,
    VisitData,
)
from visitplanner.services import attendees, engagements, people, venues, visits
from visitplanner.store.database import Database, open_database

PG_ENV = "VISITPLANNER_TEST_POSTGRES_URL"
REQUIRE_PG_ENV = "VISITPLANNER_REQUIRE_POSTGRES"


def _postgres_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    required = os.environ.get(REQUIRE_PG_ENV) == "1"
    if not url:
        if required:
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but {PG_ENV} is not set")
        pytest.skip(f"PostgreSQL tests need a server: set {PG_ENV}=postgresql+psycopg://user@127.0.0.1/postgres")
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test run, dropped afterwards.

    Tests share it inside rolled-back transactions; a test that must commit uses
    `own_postgres_url` instead, so it cannot leave rows behind for the others.
    """
    yield from _scratch_postgres()


@pytest.fixture
def own_postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for one test that commits."""
    yield from _scratch_postgres()


def _scratch_postgres() -> Iterator[str]:
    admin_url = _postgres_admin_url()
    assert admin_url is not None
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"vp_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is down or refuses: a clear failure or skip
        admin.dispose()
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"PostgreSQL at {admin_url} is required but unusable: {exc}")
        pytest.skip(f"PostgreSQL at {admin_url} is unusable: {exc}")
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated database of each backend, shared by the tests of a run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    db = open_database(url)
    yield db
    db.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session whose work is rolled back after the test (services' savepoints nest inside)."""
    connection = database.engine.connect()
    transaction = connection.begin()
    db_session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db_session
    finally:
        db_session.close()
        transaction.rollback()
        connection.close()


VISIT_DAY = date(2027, 5, 11)


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    """An instant on the default test visit's first day (+day), in UTC (London is UTC+1 in May)."""
    return datetime(2027, 5, 11, hour, minute, tzinfo=UTC) + timedelta(days=day)


@pytest.fixture
def create_visit(session: Session) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> int:
        n = next(counter)
        values: dict[str, Any] = {
            "title": f"Test visit {n}",
            "slug": f"test-visit-{n}",
            "start_date": VISIT_DAY,
            "end_date": VISIT_DAY + timedelta(days=2),
            "local_time_zone": "Europe/London",
            "home_time_zone": "Asia/Seoul",
        }
        values.update(overrides)
        return visits.create_visit(session, VisitData(**values)).created_id(Entity.VISIT)

    return make


@pytest.fixture
def create_person(session: Session) -> Callable[..., int]:
    def make(family_name: str = "Smith", **overrides: Any) -> int:
        return people.create_person(session, PersonData(family_name, **overrides)).created_id(Entity.PERSON)

    return make


@pytest.fixture
def create_venue(session: Session) -> Callable[..., int]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> int:
        n = next(counter)
        values: dict[str, Any] = {"name": f"Venue {n}", "code": f"V{n}"}
        values.update(overrides)
        return venues.create_venue(session, VenueData(**values)).created_id(Entity.VENUE)

    return make


@pytest.fixture
def create_attendee(session: Session, create_person: Callable[..., int]) -> Callable[..., int]:
    def make(
        visit_id: int, family_name: str = "Smith", side: Side = Side.HOST, role: Role = Role.HOST, **overrides: Any
    ) -> int:
        person_id = create_person(family_name)
        return attendees.add_attendee(session, visit_id, AttendeeData(person_id, side, role, **overrides)).created_id(
            Entity.ATTENDEE
        )

    return make


@pytest.fixture
def create_engagement(session: Session) -> Callable[..., int]:
    def make(
        visit_id: int,
        title: str = "Meeting",
        start: datetime | None = None,
        end: datetime | None = None,
        attendee_ids: tuple[int, ...] = (),
        **overrides: Any,
    ) -> int:
        start = start or at(9)
        data = EngagementData(
            overrides.pop("kind", EngagementKind.MEETING), title, start, end or start + timedelta(hours=1), **overrides
        )
        plan = EngagementPlan(data, tuple(AttendanceData(a) for a in attendee_ids))
        return engagements.create_engagement(session, visit_id, plan).created_id(Entity.ENGAGEMENT)

    return make
