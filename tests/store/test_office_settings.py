"""The office's limits are the database's: stored, read by the checks, refused when bad, one
set per database (two officers, one answer), and the migration that made their table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.findings import DEFAULT_OPTIONS
from visitplanner.domain.office import LIMITS
from visitplanner.services.checks import check_visit
from visitplanner.services.demo import build_demo
from visitplanner.services.office import adopt_check_options, office_check_options, set_check_options, stored_limits
from visitplanner.store.database import HEAD_REVISION, MIGRATIONS, current_revision, open_database
from visitplanner.store.models import OfficeSetting, Visit

RELAXED = replace(DEFAULT_OPTIONS, interpreting_daily_minutes=13 * 60, declaration_threshold=25000)


def test_limits_are_stored_read_back_and_undone(session: Session) -> None:
    assert office_check_options(session) == DEFAULT_OPTIONS and stored_limits(session) == {}
    changes = set_check_options(session, RELAXED)
    assert changes and office_check_options(session) == RELAXED
    assert stored_limits(session)["interpreting_daily_minutes"] == "780"
    assert len(stored_limits(session)) == len(LIMITS)  # every limit, so a later release's defaults do not move them
    assert not set_check_options(session, RELAXED)  # nothing to change: no change reported
    set_check_options(session, DEFAULT_OPTIONS, expected=RELAXED)  # what undo does
    assert office_check_options(session) == DEFAULT_OPTIONS


def test_bad_limits_are_refused_and_change_nothing(session: Session) -> None:
    set_check_options(session, RELAXED)
    for bad in (
        replace(RELAXED, arrival_margin_minutes=-1),
        replace(RELAXED, greeter_precedence=0),
        replace(RELAXED, declaration_currency="pounds"),
        replace(RELAXED, declaration_threshold=10**12),
    ):
        with pytest.raises(UserError) as caught:
            set_check_options(session, bad)
        assert caught.value.field is not None and str(caught.value).startswith(caught.value.field + ": ")
    assert office_check_options(session) == RELAXED


def test_a_change_made_by_someone_else_since_is_a_conflict(session: Session) -> None:
    set_check_options(session, RELAXED)  # another officer saved these after this one read the defaults
    with pytest.raises(ConflictError, match="changed by someone else"):
        set_check_options(session, replace(DEFAULT_OPTIONS, pickup_wait_minutes=30), expected=DEFAULT_OPTIONS)
    assert office_check_options(session) == RELAXED


def test_adopting_limits_kept_on_a_computer_only_fills_an_empty_database(session: Session) -> None:
    assert adopt_check_options(session, RELAXED)
    assert not adopt_check_options(session, replace(DEFAULT_OPTIONS, pickup_wait_minutes=5))
    assert office_check_options(session) == RELAXED


def test_the_checks_apply_the_database_limits(session: Session) -> None:
    """The demo's interpreter works 09:00–21:00: a workload warning under AIIC's 6 hours, none
    once the office allows 13 hours; options passed in still win (the command line's --buffer)."""
    build_demo(session)
    visit = session.scalars(select(Visit.id).where(Visit.slug == "busan-liverpool")).one()
    codes = {f.code for f in check_visit(session, visit)}
    assert "interpreter-overworked" in codes
    set_check_options(session, RELAXED)
    assert "interpreter-overworked" not in {f.code for f in check_visit(session, visit)}
    assert "interpreter-overworked" in {f.code for f in check_visit(session, visit, DEFAULT_OPTIONS)}


def test_two_officers_of_one_database_get_the_same_limits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    mine, theirs = open_database(url), open_database(url)
    try:
        with theirs.session() as session:
            set_check_options(session, RELAXED)
        with mine.reading() as session:
            assert office_check_options(session) == RELAXED
    finally:
        mine.close()
        theirs.close()


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    db = open_database(url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        db.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def test_the_migration_adds_the_table_empty_and_goes_back(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'old.sqlite3'}" if backend == "sqlite" else request.getfixturevalue("own_postgres_url")
    )
    _migrate(url, "0013_caldav_copies")
    db = open_database(url)  # brings it up to date
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        assert "office_setting" in inspect(db.engine).get_table_names()
        with db.session() as session:
            assert office_check_options(session) == DEFAULT_OPTIONS  # an upgraded office starts at the defaults
            set_check_options(session, RELAXED)
        with db.reading() as session:
            assert session.scalars(select(OfficeSetting.value).where(OfficeSetting.name == "greeter_precedence")).one()
    finally:
        db.close()
    _migrate(url, "0013_caldav_copies", down=True)
    old = open_database(url, migrate=False)
    try:
        assert "office_setting" not in inspect(old.engine).get_table_names()
    finally:
        old.close()


def test_hostile_text_is_no_currency_and_no_limit(session: Session) -> None:
    """The corpus of hostile text, as the currency or typed as any limit: refused by name, nothing stored."""
    from tests.hostile import corpus
    from visitplanner.domain.office import LIMITS, with_limits

    for label, value in corpus(3):
        with pytest.raises(UserError) as caught:
            set_check_options(session, replace(DEFAULT_OPTIONS, declaration_currency=value))
        assert caught.value.field == "declaration_currency", label
        for limit in LIMITS:
            try:
                typed = with_limits(DEFAULT_OPTIONS, [f"{limit.name}={value}"])
            except UserError as exc:
                assert exc.field == limit.name, (label, limit.name)
            else:  # only what reads as a value of the limit gets through ("EUR", a number)
                set_check_options(session, typed)
                assert office_check_options(session) == typed
                set_check_options(session, DEFAULT_OPTIONS)
    assert office_check_options(session) == DEFAULT_OPTIONS


@pytest.mark.postgresql
def test_two_officers_saving_at_once_on_postgresql_take_turns(own_postgres_url: str) -> None:
    """The second save waits for the first to commit, then finds the limits it read have changed:
    a conflict, not a clash of rows."""
    import threading

    mine, theirs = open_database(own_postgres_url), open_database(own_postgres_url)
    outcome: list[BaseException | None] = []

    def their_save() -> None:
        try:
            with theirs.session() as session:
                set_check_options(session, replace(DEFAULT_OPTIONS, pickup_wait_minutes=30), expected=DEFAULT_OPTIONS)
            outcome.append(None)
        except BaseException as exc:  # collected for the assertion below
            outcome.append(exc)

    try:
        with mine.session() as session:
            set_check_options(session, RELAXED, expected=DEFAULT_OPTIONS)
            other = threading.Thread(target=their_save)
            other.start()
            other.join(0.5)
            assert other.is_alive()  # waiting for this save to end
        other.join(10)
        assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
        with mine.reading() as session:
            assert office_check_options(session) == RELAXED
    finally:
        mine.close()
        theirs.close()
