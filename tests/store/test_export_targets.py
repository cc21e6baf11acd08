"""Exports never destroy: not the open database or its files, not a folder, pipe or device; no temporary file left."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.test_cli import run
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.exporters import files
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.exporters.visitfile import write_visit_file
from visitplanner.store.database import Session

NOW = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)

EXPORTS = [
    ("visit", []),
    ("ics", []),
    ("ics", ["--method", "request"]),
    ("briefing", ["--edition", "public"]),
    ("itinerary", ["--attendee", "1"]),
    ("sheets", ["--kind", "namecards"]),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    assert run(path, "demo")[0] == 0
    return path


def _intact(db: Path) -> None:
    """The database still opens and lists the demo visit."""
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    code, out, err = run(db, "visits")
    assert code == 0, err
    assert "busan-liverpool" in out


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(("kind", "extra"), EXPORTS)
def test_the_open_database_is_never_an_export_target(db: Path, kind: str, extra: list[str]) -> None:
    before = db.read_bytes()
    code, _, err = run(db, "export", kind, "busan-liverpool", *extra, "-o", str(db), "--force")
    assert code == 1
    assert "the open database (office.db)" in err and "never replaces it" in err
    assert "Traceback" not in err
    assert db.read_bytes() == before
    _intact(db)


@pytest.mark.parametrize("name", ["office.db-wal", "office.db-shm", "office.db-journal", "office.db.0001.x.bak"])
def test_the_database_companions_and_backups_are_refused(db: Path, name: str) -> None:
    target = db.with_name(name)
    existed = target.exists()
    before = target.read_bytes() if existed else None
    code, _, err = run(db, "export", "ics", "busan-liverpool", "-o", str(target), "--force")
    assert code == 1 and "never replaces it" in err
    if before is not None:
        assert target.read_bytes() == before
    elif target.exists():  # SQLite itself may have made it (an empty -wal) when the command opened the database
        assert b"VCALENDAR" not in target.read_bytes()
    _intact(db)


def test_links_to_the_database_are_refused(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    symlink = other / "calendar.ics"
    symlink.symlink_to(db)
    hardlink = other / "pack.pdf"
    os.link(db, hardlink)
    relative = other / ".." / "office.db"
    for target in (symlink, hardlink, relative):
        code, _, err = run(db, "export", "ics", "busan-liverpool", "-o", str(target), "--force")
        assert code == 1 and "the open database" in err, target
    _intact(db)


def test_a_backup_copy_made_before_a_migration_is_refused_by_content_too(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-office.sqlite"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    code, _, err = run(db, "export", "visit", "busan-liverpool", "-o", str(copy), "--force")
    assert code == 1 and "is a database (SQLite)" in err
    assert copy.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_fifo_is_never_replaced(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    code, _, err = run(db, "export", "ics", "busan-liverpool", "-o", str(fifo), "--force")
    assert code == 1 and "is a named pipe (FIFO)" in err
    assert fifo.is_fifo()
    _no_temporaries(tmp_path)


def test_a_folder_and_a_device_are_never_replaced(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pack.pdf"
    folder.mkdir()
    (folder / "inside").write_text("kept")
    code, _, err = run(db, "export", "briefing", "busan-liverpool", "-o", str(folder), "--force")
    assert code == 1 and "is a folder" in err
    assert (folder / "inside").read_text() == "kept"
    if Path("/dev/null").exists():
        link = tmp_path / "null.ics"
        link.symlink_to("/dev/null")
        for target in (Path("/dev/null"), link):
            code, _, err = run(db, "export", "ics", "busan-liverpool", "-o", str(target), "--force")
            assert code == 1 and "is a device" in err
        assert link.is_symlink()


def test_the_writer_refuses_the_sessions_own_database(session: Session, tmp_path: Path) -> None:
    """The check lives in the writer (the GUI's exports call the same functions)."""
    from visitplanner.domain.changes import Entity
    from visitplanner.services.demo import build_demo

    visit_id = build_demo(session).created_id(Entity.VISIT)
    kept = sqlite_files(session)
    if session.get_bind().dialect.name == "sqlite":
        assert kept
        with pytest.raises(UserError, match="the open database"):
            write_visit_file(session, visit_id, kept[0])
    else:
        assert kept == ()
    write_visit_file(session, visit_id, tmp_path / "v.json")  # an ordinary file is fine
    assert (tmp_path / "v.json").stat().st_size > 0


def test_sqlite_files_of_urls(tmp_path: Path) -> None:
    assert sqlite_files(f"sqlite:///{tmp_path}/a.db") == ((tmp_path / "a.db").resolve(),)
    assert sqlite_files("sqlite://") == ()
    assert sqlite_files("postgresql+psycopg://u:p@host/db") == ()
    assert sqlite_files("not a url") == ()
    check_export_target(tmp_path / "a.db.x.ics", sqlite_files(f"sqlite:///{tmp_path}/a.db"))  # other names pass


# --- the temporary file is removed whatever happens --------------------------------------------


def _failing(exc: BaseException) -> Callable[..., None]:
    def fail(*_args: object) -> None:
        raise exc

    return fail


@pytest.mark.parametrize(
    ("where", "exc", "expected"),
    [
        ("replace", OSError(18, "Invalid cross-device link"), StorageError),
        ("replace", KeyboardInterrupt(), KeyboardInterrupt),
        ("fsync", KeyboardInterrupt(), KeyboardInterrupt),
        ("fsync", OSError(28, "No space left on device"), StorageError),
    ],
)
def test_no_temporary_file_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, exc: BaseException, expected: type[BaseException]
) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"previous")
    monkeypatch.setattr(files.os, where, _failing(exc))
    with pytest.raises(expected):
        write_atomically(target, b"new", what="the calendar")
    assert target.read_bytes() == b"previous"
    _no_temporaries(tmp_path)
    assert files._pending == set()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"previous")
    started = tmp_path / "started"
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from visitplanner.exporters import files

        def slow_fsync(fd):
            Path({str(started)!r}).write_text("writing")
            time.sleep(60)

        files.os.fsync = slow_fsync
        files.write_atomically(Path({str(target)!r}), b"new", what="the calendar")
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + 30
        while not started.exists():
            assert process.poll() is None, "the writer stopped early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] != []  # positive control
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if process.poll() is None:
            process.kill()
    assert target.read_bytes() == b"previous"
    _no_temporaries(tmp_path)


def test_remove_pending_removes_only_temporaries(tmp_path: Path) -> None:
    temporary = tmp_path / ".out.ics.abc.tmp"
    temporary.write_bytes(b"half")
    files._pending.add(str(temporary))
    try:
        files.remove_pending()
    finally:
        files._pending.discard(str(temporary))
    assert not temporary.exists()


def test_the_guis_sigterm_handler_removes_pending_temporaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GUI writes in a background thread: SIGTERM's handler (main thread) removes the temporary files."""
    from visitplanner import app

    temporary = tmp_path / ".out.ics.abc.tmp"
    temporary.write_bytes(b"half")
    exits: list[int] = []
    monkeypatch.setattr(app.os, "_exit", exits.append)
    files._pending.add(str(temporary))
    try:
        app.on_sigterm(signal.SIGTERM, None)
    finally:
        files._pending.discard(str(temporary))
    assert exits == [128 + signal.SIGTERM]
    assert not temporary.exists()
