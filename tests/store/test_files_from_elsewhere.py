"""Databases from elsewhere: a newer VisitPlanner's, another application's, an empty or damaged
file, one in a folder nobody may write, a full disk, a malformed server URL. Each gets one
clear message and exit status 1, and a command that only reads never writes."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from visitplanner.cli import main
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.values import PersonData
from visitplanner.services.people import create_person
from visitplanner.store.database import HEAD_REVISION, open_database

ROOT = Path(__file__).resolve().parents[2]
FUTURE = "9999_from_a_newer_visitplanner"
READ_COMMANDS = [
    ["visits"],
    ["show", "busan-liverpool"],
    ["attendees", "busan-liverpool"],
    ["check", "busan-liverpool"],
    ["export", "visit", "busan-liverpool", "-o", "{tmp}/out.json"],
    ["export", "ics", "busan-liverpool", "-o", "{tmp}/out.ics"],
]
WRITE_COMMANDS = [["demo"], ["issue", "busan-liverpool"], ["upgrade"]]


def run(url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", url, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def state(path: Path) -> tuple[bytes, list[str]]:
    """A file's bytes and what lies beside it: a read must change neither."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "office.sqlite3"
    assert run(sqlite_url(path), "demo")[0] == 0
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    folder.mkdir()
    shutil.copy(demo_file, folder / "office.sqlite3")
    return folder / "office.sqlite3"


def commands(tmp_path: Path, table: list[list[str]]) -> Iterator[list[str]]:
    for command in table:
        yield [part.format(tmp=tmp_path) for part in command]


# -- a newer VisitPlanner ------------------------------------------------------------------------
def test_a_database_from_a_newer_visitplanner_is_one_clear_message_and_no_copy(demo_copy: Path, tmp_path: Path) -> None:
    with sqlite3.connect(demo_copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (FUTURE,))
    connection.close()
    before = state(demo_copy)
    for command in commands(tmp_path, READ_COMMANDS + WRITE_COMMANDS):
        code, out, err = run(sqlite_url(demo_copy), *command)
        assert code == 1, command
        assert err.startswith("visitplanner: error: database:") and err.count("\n") == 1, err
        assert "made by a newer version of VisitPlanner" in err and "update VisitPlanner" in err
        assert FUTURE in err and "Traceback" not in err and out == ""
    assert state(demo_copy) == before  # no backup copy, no -wal, nothing written


def test_a_postgresql_database_from_a_newer_visitplanner_is_refused(own_postgres_url: str) -> None:
    db = open_database(own_postgres_url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    db.close()
    for command in (["visits"], ["demo"]):
        code, _, err = run(own_postgres_url, *command)
        assert code == 1 and "made by a newer version of VisitPlanner" in err
    db = open_database(own_postgres_url, migrate=False)
    with db.engine.connect() as connection:  # nothing was migrated or added
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == FUTURE
    db.close()


def test_an_older_database_is_upgraded_by_a_command_that_writes_not_by_one_that_reads(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from visitplanner.store.database import MIGRATIONS, current_revision

    path = tmp_path / "old.sqlite3"
    old = open_database(sqlite_url(path), migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    old.close()
    before = state(path)
    code, _, err = run(sqlite_url(path), "visits")
    assert code == 1 and "made by an older version of VisitPlanner" in err and "visitplanner upgrade" in err
    assert state(path) == before
    code, out, _ = run(sqlite_url(path), "upgrade")
    assert code == 0 and HEAD_REVISION in out
    assert len(list(tmp_path.glob("old.sqlite3.0001_initial.*.bak"))) == 1
    assert run(sqlite_url(path), "visits")[0] == 0
    db = open_database(sqlite_url(path))
    assert current_revision(db.engine) == HEAD_REVISION
    db.close()


# -- another application's file ------------------------------------------------------------------
@pytest.fixture
def other_application(tmp_path: Path) -> Path:
    """A SQLite database of another application, in rollback-journal mode."""
    path = tmp_path / "recipes.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipe (name TEXT, steps TEXT)")
    connection.execute("INSERT INTO recipe VALUES ('bibimbap', 'rice, vegetables, gochujang')")
    connection.commit()
    connection.close()
    return path


def test_another_applications_database_is_refused_and_left_as_it_was(other_application: Path, tmp_path: Path) -> None:
    before = state(other_application)
    for command in commands(tmp_path, [*READ_COMMANDS, *WRITE_COMMANDS, ["import", "visit", "x.json"]]):
        code, out, err = run(sqlite_url(other_application), *command)
        assert code == 1 and out == "", command
        assert "is not a VisitPlanner database (it holds other tables: recipe)" in err, err
    assert state(other_application) == before
    connection = sqlite3.connect(f"file:{other_application}?mode=ro", uri=True)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # not switched to WAL
    connection.close()


def test_an_empty_file_is_refused_by_a_command_that_reads(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    for command in commands(tmp_path, READ_COMMANDS):
        code, _, err = run(sqlite_url(empty), *command)
        assert code == 1 and "is not a VisitPlanner database (it is empty)" in err, command
    assert state(empty) == (b"", ["empty.sqlite3"])


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("minutes of the planning meeting\n" * 200, "utf-8")
    before = state(notes)
    for command in commands(tmp_path, [*READ_COMMANDS, ["demo"]]):
        code, _, err = run(sqlite_url(notes), *command)
        assert code == 1 and "is not a VisitPlanner database (it is not a SQLite file)" in err, command
    assert state(notes) == before


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    for command in ("visits", "demo"):
        code, _, err = run(sqlite_url(tmp_path), command)
        assert code == 1 and err == f"visitplanner: error: database: {tmp_path} is a folder, not a database file\n"


def test_a_damaged_database_says_it_could_not_be_read(demo_copy: Path) -> None:
    data = bytearray(demo_copy.read_bytes())
    page = 4096
    data[3 * page : len(data) - page] = b"\xa5" * (len(data) - 4 * page)  # the schema page survives
    demo_copy.write_bytes(bytes(data))
    code, _, err = run(sqlite_url(demo_copy), "show", "busan-liverpool")
    assert code == 1 and "could not be read" in err and "Traceback" not in err, err


# -- a folder nobody may write -------------------------------------------------------------------
def test_a_database_in_a_read_only_folder_can_be_listed(demo_copy: Path) -> None:
    folder = demo_copy.parent
    before = state(demo_copy)
    if os.geteuid() == 0:  # chmod does not stop root: mount the folder read-only in a namespace
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare to mount a read-only folder as root")
        script = (
            f"mount --bind -o ro '{folder}' '{folder}' && touch '{folder}/probe' 2>/dev/null && exit 99; "
            f"exec '{sys.executable}' -m visitplanner --database 'sqlite:///{demo_copy}' visits"
        )
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0 and "mount" in result.stderr:
            pytest.skip(f"cannot mount a read-only folder here: {result.stderr.strip()}")
        assert result.returncode == 0, result.stderr
        assert "busan-liverpool" in result.stdout
    else:
        demo_copy.chmod(0o444)
        folder.chmod(0o555)
        try:
            code, out, err = run(sqlite_url(demo_copy), "visits")
        finally:
            folder.chmod(0o755)
        assert code == 0 and "busan-liverpool" in out, err
    assert state(demo_copy) == before  # no -wal or -shm could appear, nothing written


def test_a_read_only_open_cannot_write_even_where_it_could(demo_copy: Path) -> None:
    """The same guarantee where the folder can be written (root): the connection itself is
    read-only, and the database file is byte for byte the same afterwards."""
    before = demo_copy.read_bytes()
    db = open_database(sqlite_url(demo_copy), read_only=True, create=False)
    try:
        with pytest.raises(StorageError, match="the database is read-only"), db.reading() as session:
            session.execute(text("DELETE FROM person"))
        with pytest.raises(UserError, match="open for reading only"), db.session():
            pass
    finally:
        db.close()
    assert demo_copy.read_bytes() == before


def test_a_read_only_unit_of_work_that_writes_is_a_bug(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "a.sqlite3"))
    try:
        with pytest.raises(RuntimeError, match="read-only unit of work tried to write"), db.reading() as session:
            create_person(session, PersonData("Nobody"))
    finally:
        db.close()


# -- a full disk, an unreadable file ------------------------------------------------------------
def _fail_statements(db_engine: Engine, starting: str, message: str, code: int, name: str, *, abort: bool) -> None:
    """Make statements beginning with `starting` fail as SQLite does; with `abort`, SQLite
    has also rolled the whole transaction back (as it may on a full disk)."""

    def do_execute(cursor: sqlite3.Cursor, statement: str, parameters: object, context: object) -> None:
        if statement.lstrip().upper().startswith(starting):
            if abort:
                cursor.connection.execute("ROLLBACK")
            error = sqlite3.OperationalError(message)
            error.sqlite_errorcode = code
            error.sqlite_errorname = name
            raise error

    event.listen(db_engine.dialect, "do_execute", do_execute)


def test_a_full_disk_says_the_disk_is_full_not_no_such_savepoint(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "a.sqlite3"))
    try:
        with db.session() as session:
            create_person(session, PersonData("Before"))
        _fail_statements(db.engine, "INSERT", "database or disk is full", 13, "SQLITE_FULL", abort=True)
        with pytest.raises(StorageError) as caught, db.session() as session:
            create_person(session, PersonData("After"))
        assert "the disk is full" in str(caught.value) and "savepoint" not in str(caught.value)
    finally:
        db.close()


def test_a_read_error_says_the_database_could_not_be_read(demo_copy: Path, tmp_path: Path) -> None:
    db = open_database(sqlite_url(demo_copy), read_only=True, create=False)
    try:
        _fail_statements(db.engine, "SELECT", "disk I/O error", 266, "SQLITE_IOERR_READ", abort=False)
        with (
            pytest.raises(StorageError, match="the database could not be read: an input/output error"),
            db.reading() as session,
        ):
            session.execute(text("SELECT count(*) FROM visit")).scalar()
    finally:
        db.close()


def test_a_real_full_disk(tmp_path: Path) -> None:
    """On a tiny tmpfs (root, in a mount namespace): the import fails saying the disk is full."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a tiny tmpfs")
    visit_file = tmp_path / "visit.json"
    folder = tmp_path / "full"
    folder.mkdir()
    demo = tmp_path / "demo.sqlite3"
    assert run(sqlite_url(demo), "demo")[0] == 0
    assert run(sqlite_url(demo), "export", "visit", "busan-liverpool", "-o", str(visit_file))[0] == 0
    # an empty, migrated database copied in, with a little room to spare: the schema grows with
    # every migration, so the disk is sized from it rather than by a fixed number
    empty = tmp_path / "empty.sqlite3"
    open_database(sqlite_url(empty)).close()
    size_k = empty.stat().st_size // 1024 + 96  # the write-ahead log and its index need room to open
    python = f"'{sys.executable}' -m visitplanner --database 'sqlite:///{folder}/office.sqlite3'"
    script = (
        f"mount -t tmpfs -o size={size_k}k tmpfs '{folder}' && cp '{empty}' '{folder}/office.sqlite3' && "
        f"{python} import visit '{visit_file}'"
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True)
    if "mount" in result.stderr and "visitplanner" not in result.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    assert result.returncode == 1 and result.stdout == ""  # no "Imported" before the failed commit
    assert result.stderr.strip() == "visitplanner: error: the disk is full: free some space, then try again"


# -- a malformed server URL ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+psycopg://officer:s3cret@db.example:port/visits", "the port must be a number"),
        ("postgresql+psycopg://officer:s3cret@[::1/visits", "IPv6 host is written in [brackets]"),
        ("postgresql+psycopg://officer:s3@cret@[::1/visits", "IPv6 host is written in [brackets]"),
        ("postgresql+psycopg://officer:s3cret@127.0.0.1:99999/visits", "invalid port number"),
        ("postgresql+psycopg://officer:s3cret@127.0.0.1/visits?sslmode=bogus", "sslmode"),
        ("postgresql+psycopg://officer:s3cret@127.0.0.1/visits?connect_timeout=soon", "connect_timeout"),
        ("postgresql+psycopg://officer:s3cret@127.0.0.1/visits?bogus_option=1", "bogus_option"),
        ("postgresql+nosuchdriver://officer:s3cret@127.0.0.1/visits", "is not a usable URL"),
        ("mysql://officer:s3cret@127.0.0.1/visits", "not supported"),
        ("://officer:s3cret@nowhere", "is not a database URL"),
        ("postgresql+psycopg://officer:s3cret@127.0.0.1:1/visits", "Connection refused"),
    ],
)
def test_a_malformed_postgresql_url_is_named_with_the_password_hidden(url: str, says: str) -> None:
    for command in ("visits", "demo"):
        code, out, err = run(url, command)
        assert code == 1 and out == ""
        assert err.startswith("visitplanner: error: ") and says in err, err
        assert "s3cret" not in err and "cret" not in err and "Traceback" not in err
