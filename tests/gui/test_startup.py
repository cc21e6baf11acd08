"""Start-up order: the window paints its first frame, then the checks run and the garbage
collector resumes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from visitplanner.store.database import Database
from visitplanner.ui.checks import ChecksPanel
from visitplanner.ui.firstframe import FirstFrame
from visitplanner.ui.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def test_first_frame_runs_its_callbacks_once_after_the_first_paint(qtbot: QtBot) -> None:
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    qtbot.addWidget(window)
    calls: list[str] = []
    first = FirstFrame(window, [lambda: calls.append("a"), lambda: calls.append("b")], deadline_ms=60_000)
    assert calls == []
    window.show()
    qtbot.waitUntil(lambda: first.done, timeout=10_000)  # well before the deadline: the paint did it
    assert calls == ["a", "b"]
    window.update()
    window.repaint()
    first.fire()
    assert calls == ["a", "b"]


def test_first_frame_runs_every_callback_even_when_one_fails(qapp: object) -> None:
    window = QMainWindow()
    calls: list[str] = []

    def boom() -> None:
        raise RuntimeError("boom")

    first = FirstFrame(window, [boom, lambda: calls.append("after")])
    with pytest.raises(RuntimeError, match="boom"):
        first.fire()  # a window never shown can still release its work
    assert calls == ["after"] and first.done


def test_first_frame_runs_its_callbacks_at_the_deadline_when_nothing_is_painted(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setUpdatesEnabled(False)  # shown, but never painted
    calls: list[str] = []
    first = FirstFrame(window, [lambda: calls.append("a")], deadline_ms=100)
    qtbot.wait(300)
    assert calls == []  # the deadline counts from the window being shown, not from creation
    window.show()
    qtbot.waitUntil(lambda: first.done, timeout=300)  # positive control: shown, the same 300 ms see it run
    assert calls == ["a"]


def test_a_held_checks_panel_checks_only_when_released(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    panel = ChecksPanel(workspace)
    qtbot.addWidget(panel)
    runs: list[int] = []
    panel.findings_changed.connect(lambda findings: runs.append(len(findings)))
    panel.set_visit(demo_visit_id)  # scheduled for the next turn of the event loop...
    panel.hold()  # ...and held back with the rest
    assert panel.summary.text() == "Checking…"
    workspace.reloaded.emit()
    qtbot.wait(50)  # several turns of the event loop: nothing may run while held
    assert runs == []
    panel.release()
    qtbot.wait(50)  # positive control: released, the same wait sees the check run
    assert len(runs) == 1 and runs[0] > 0  # the held requests were coalesced into one check
    assert panel.summary.text() != "Checking…"


def test_a_check_run_while_held_is_not_repeated_on_release(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int
) -> None:
    panel = ChecksPanel(workspace)
    qtbot.addWidget(panel)
    runs: list[int] = []
    panel.findings_changed.connect(lambda findings: runs.append(len(findings)))
    panel.hold()
    panel.set_visit(demo_visit_id, immediately=True)
    assert len(runs) == 1
    panel.release()
    qtbot.wait(50)
    assert len(runs) == 1
    workspace.reloaded.emit()  # positive control: a re-check that is due runs within the same wait
    qtbot.wait(50)
    assert len(runs) == 2


def test_releasing_with_nothing_to_check_leaves_no_checking_message(qtbot: QtBot, workspace: Workspace) -> None:
    panel = ChecksPanel(workspace)  # an empty database: no visit is ever selected
    qtbot.addWidget(panel)
    panel.hold()
    panel.release()
    qtbot.wait(50)
    assert panel.summary.text() != "Checking…"


def test_the_app_paints_before_it_checks_and_resumes_garbage_collection(gui_db: Database, tmp_path: Path) -> None:
    """The real start-up path (console script's `main`), in a fresh process."""
    url = gui_db.url
    script = textwrap.dedent("""
        import gc, sys
        import visitplanner.app
        events = []
        real_run_gui = visitplanner.app.run_gui

        def on_shown(window):
            from PySide6.QtCore import QEvent, QObject, QTimer
            from PySide6.QtWidgets import QApplication

            class Watch(QObject):
                def eventFilter(self, obj, event):
                    if event.type() == QEvent.Type.Paint and "paint" not in events:
                        events.append("paint")
                    return False

            window._watch = Watch()
            window.installEventFilter(window._watch)
            events.append("gc on" if gc.isenabled() else "gc off")

            def after_resume():  # queued behind the collector's resumption
                events.append("gc on, frozen" if gc.isenabled() and gc.get_freeze_count() > 0 else "gc not resumed")
                QApplication.instance().quit()

            def checked(findings):
                events.append(f"checked {len(findings)}")
                QTimer.singleShot(0, after_resume)

            window.checks.findings_changed.connect(checked)

        visitplanner.app.run_gui = lambda **kw: real_run_gui(on_shown=on_shown, **kw)
        from visitplanner.cli import main
        status = main(["--database", sys.argv[1], "--demo"])
        events.append("gc on" if gc.isenabled() else "gc off")
        print(" / ".join(events))
        sys.exit(status)
    """)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script, url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    events = result.stdout.strip().split(" / ")
    assert events[:2] == ["gc off", "paint"], events
    assert events[2].startswith("checked ") and int(events[2].split()[1]) > 0, events
    assert events[3:] == ["gc on, frozen", "gc on"], events
