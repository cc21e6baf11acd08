"""Waiting for the background tasks of the Export and Import menus until their outcome is shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from visitplanner.ui.exports import ExportController


def settle(qtbot: QtBot, exports: ExportController, timeout: int = 120_000) -> bool:
    """Wait until the task `exports` started last has reported its outcome, and then for any task
    that outcome started (the replacing import after "Replace visit?"); True when the last one
    succeeded. Call it right after starting the task, before anything lets the event loop run.
    """
    outcomes: list[bool] = []
    task = None
    while exports.last_task is not task:
        task = exports.last_task
        assert task is not None
        blocker = qtbot.wait_signal(task.finished, timeout=timeout)
        task.succeeded.connect(lambda _result: outcomes.append(True))
        task.failed.connect(lambda _error: outcomes.append(False))
        blocker.wait()
    return outcomes[-1]
