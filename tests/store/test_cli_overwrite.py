"""The command line never writes over an existing file unless told to with --force."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.test_cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert run(path, "demo")[0] == 0
    return path


@pytest.mark.parametrize(
    ("kind", "extra", "name"),
    [
        ("visit", [], "v.json"),
        ("ics", [], "v.ics"),
        ("briefing", ["--edition", "public"], "pack.pdf"),
        ("sheets", ["--kind", "namecards"], "cards.pdf"),
    ],
)
def test_an_existing_file_is_kept_without_force(
    db: Path, tmp_path: Path, kind: str, extra: list[str], name: str
) -> None:
    target = tmp_path / name
    target.write_bytes(b"the restricted pack")
    code, _, err = run(db, "export", kind, "busan-liverpool", *extra, "-o", str(target))
    assert code == 1
    assert f"{target} already exists: add --force to replace it" in err
    assert target.read_bytes() == b"the restricted pack"
    code, _, err = run(db, "export", kind, "busan-liverpool", *extra, "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes() != b"the restricted pack"
