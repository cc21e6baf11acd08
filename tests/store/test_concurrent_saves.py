"""Two windows, two officers, two processes saving at once on one database: every save of a
different row succeeds; of the same row exactly one wins and the rest are conflicts, never
"database is locked"."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.store.concurrent_saves import race_one_row, save_rows, version_of
from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import StorageError
from visitplanner.domain.values import PersonData
from visitplanner.services.people import create_person
from visitplanner.store.database import Database, open_database

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own (the saves commit), on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    else:
        url = request.getfixturevalue("own_postgres_url")
    db = open_database(url)
    yield db
    db.close()


def people(db: Database, count: int) -> list[int]:
    with db.session() as session:
        return [create_person(session, PersonData(f"Officer {n}")).created_id(Entity.PERSON) for n in range(count)]


def test_sixteen_threads_saving_different_rows_all_succeed(shared: Database) -> None:
    ids = people(shared, 16)
    outcomes = save_rows(shared, ids, ROUNDS, "thread")
    assert outcomes == {"saved": 16 * ROUNDS}
    assert {version_of(shared, i)[0] for i in ids} == {1 + ROUNDS}


def test_saves_of_the_same_row_one_wins_the_others_are_conflicts(shared: Database) -> None:
    (person_id,) = people(shared, 1)
    for race in range(3):
        outcomes = race_one_row(shared, person_id, 16, f"race {race}")
        assert outcomes == {"saved": 1, "conflict": 15}


def test_two_processes_of_eight_threads_saving_different_rows_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    db = open_database(url)
    try:
        ids = people(db, 16)
    finally:
        db.close()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.concurrent_saves", url, str(ROUNDS), *map(str, half)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in (ids[:8], ids[8:])
    ]
    results = [process.communicate(timeout=120) for process in processes]
    for (out, err), process in zip(results, processes, strict=True):
        assert process.returncode == 0, err
        assert json.loads(out) == {"saved": 8 * ROUNDS}, err
    db = open_database(url)
    try:
        assert {version_of(db, i)[0] for i in ids} == {1 + ROUNDS}
    finally:
        db.close()


def test_a_read_only_unit_of_work_cannot_write_even_in_sql(database: Database) -> None:
    """`reading()` is read-only in the database itself (SQLite `query_only`, PostgreSQL `READ ONLY`),
    not only in the ORM: it can never take the write lock it does not wait for."""
    with pytest.raises(StorageError, match="read-only"), database.reading() as session:
        session.execute(text("DELETE FROM person WHERE id < 0"))
    with database.session() as session:  # and the pooled connection writes again in a unit that may
        session.execute(text("DELETE FROM person WHERE id < 0"))
