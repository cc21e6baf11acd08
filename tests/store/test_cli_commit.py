"""The command line says it did something only once it is committed: a commit that fails
(disk full, server gone) prints the failure, never the success before it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from visitplanner.cli import main


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A demo database, its visit file and its calendar."""
    db = tmp_path / "office.sqlite3"
    assert run(db, "demo")[0] == 0
    visit, calendar = tmp_path / "visit.json", tmp_path / "visit.ics"
    assert run(db, "export", "visit", "busan-liverpool", "-o", str(visit))[0] == 0
    assert run(db, "export", "ics", "busan-liverpool", "-o", str(calendar))[0] == 0
    return db, visit, calendar


def _full_disk_at_commit(self: Session) -> None:
    import sqlite3

    raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))


@pytest.mark.parametrize(
    ("command", "success"),
    [
        (["import", "visit", "--replace", "{visit}"], "Imported"),
        (["import", "ics", "busan-liverpool", "{calendar}"], "Imported into"),
        (["issue", "busan-liverpool"], "Recorded issue"),
        (["demo"], "Created the demo"),
    ],
)
def test_success_is_printed_only_after_the_commit(
    files: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, command: list[str], success: str
) -> None:
    db, visit, calendar = files
    args = [part.format(visit=visit, calendar=calendar) for part in command]
    monkeypatch.setattr(Session, "commit", _full_disk_at_commit)
    code, out, err = run(db, *args)
    assert code == 1 and success not in out, out
    assert err == "visitplanner: error: the disk is full: free some space, then try again\n"
    monkeypatch.undo()
    code, out, _ = run(db, *args)  # the positive control: the same command, committed, says so
    assert code == 0 and success in out
