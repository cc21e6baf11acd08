"""--database may stand before the command or after it."""

from __future__ import annotations

import io
from pathlib import Path

from tests.store.test_cli import run
from visitplanner.cli import main


def test_database_after_the_command_is_the_same_as_before(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert run(db, "demo")[0] == 0
    out = io.StringIO()
    code = main(["show", "busan-liverpool", "--database", f"sqlite:///{db}"], out=out, err=io.StringIO())
    assert code == 0
    assert out.getvalue() == run(db, "show", "busan-liverpool")[1]
    out = io.StringIO()  # nested commands too, and the one after the command wins
    other = tmp_path / "missing.sqlite3"
    code = main(
        [
            "--database",
            f"sqlite:///{other}",
            "export",
            "visit",
            "busan-liverpool",
            "--database",
            f"sqlite:///{db}",
            "-o",
            str(tmp_path / "v.json"),
        ],
        out=out,
        err=io.StringIO(),
    )
    assert code == 0 and (tmp_path / "v.json").exists() and not other.exists()
