"""Databases from elsewhere in the application: a newer VisitPlanner's database is one message
box, at start-up or when opened from the File menu, and nothing is written to it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.gui.conftest import DemoFile, ErrorLog
from visitplanner.domain.errors import UserError
from visitplanner.ui.mainwindow import MainWindow, switch_database

ROOT = Path(__file__).resolve().parents[2]
FUTURE = "9999_from_a_newer_visitplanner"


def newer_database(demo_file: DemoFile, folder: Path) -> Path:
    folder.mkdir()
    path = folder / "newer.sqlite3"
    shutil.copyfile(demo_file.path, path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (FUTURE,))
    connection.close()
    return path


def test_opening_a_newer_database_says_so_and_keeps_the_window(
    window: MainWindow, errors: ErrorLog, demo_file: DemoFile, tmp_path: Path
) -> None:
    path = newer_database(demo_file, tmp_path / "elsewhere")
    before = path.read_bytes()
    for _ in range(2):
        assert switch_database(window, f"sqlite:///{path}") is None
    assert len(errors) == 2 and all(isinstance(e, UserError) for e in errors)
    assert "made by a newer version of VisitPlanner" in str(errors[0]) and "update VisitPlanner" in str(errors[0])
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == ["newer.sqlite3"]


def test_starting_on_a_newer_database_shows_one_message_box(demo_file: DemoFile, tmp_path: Path) -> None:
    path = newer_database(demo_file, tmp_path / "elsewhere")
    script = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QMessageBox

        def critical(parent, title, text, *args):
            print(f"{title}|{text}")
            return QMessageBox.StandardButton.Ok

        QMessageBox.critical = critical
        from visitplanner.cli import main
        sys.exit(main(["--database", sys.argv[1]]))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script, f"sqlite:///{path}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    title, text = result.stdout.strip().split("|")
    assert title == "VisitPlanner cannot start"
    assert "made by a newer version of VisitPlanner" in text and "update VisitPlanner" in text
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == ["newer.sqlite3"]  # no backup copy
