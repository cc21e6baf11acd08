"""The hostile corpus through the command line, on SQLite and PostgreSQL: refused with a message naming
the line or JSON path (exit 1), or imported; never a traceback, and a refused file changes nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_db import _scratch_postgres
from tests.hostile_corpus import VISIT, Case, calendar_cases, visit_cases
from visitplanner.cli import main


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of each backend holding the demo visit, shared by this module's tests."""
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.sqlite3'}"
        assert run(found, "demo")[0] == 0
        yield found
        return
    for found in _scratch_postgres():
        assert run(found, "demo")[0] == 0
        yield found


def run(url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", url, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _answer(case: Case, code: int, err: str) -> None:
    assert "Traceback" not in err
    if case.expect is None:
        assert code == 0, f"{case.name}: {err}"
        return
    assert code == 1, f"{case.name}: accepted, expected {case.expect}"
    message = err.removeprefix("visitplanner: error: ").strip()
    message = message.removeprefix(f"{case.name}, ")  # the calendar reader names the file first
    assert re.search(case.expect, message), f"{case.name}: {message}"


@pytest.mark.parametrize("case", calendar_cases(), ids=lambda c: c.name)
def test_hostile_calendar_import(url: str, case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    before = run(url, "show", VISIT)[1]
    code, _, err = run(url, "import", "ics", VISIT, str(path), "--dry-run")
    _answer(case, code, err)
    code, _, err = run(url, "import", "ics", VISIT, str(path))
    _answer(case, code, err)
    if case.expect is not None:
        assert run(url, "show", VISIT)[1] == before  # a refused file changes nothing


@pytest.mark.parametrize("case", visit_cases(), ids=lambda c: c.name)
def test_hostile_visit_import(url: str, case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    before = run(url, "visits")[1]
    code, _, err = run(url, "import", "visit", str(path), "--replace")
    _answer(case, code, err)
    if case.expect is not None:
        assert run(url, "visits")[1] == before
