"""The crash handler: a bug (any exception the app does not expect) is printed with its
traceback and shown in a dialog whose details hold the traceback, and the app keeps running."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def report(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The text a bug report needs: the exception and the traceback, as Python prints them."""
    return "".join(traceback.format_exception(kind, exc, tb))


def show_crash(details: str, summary: str) -> None:
    """The dialog: what happened in one line, the traceback under "Show Details…"."""
    from visitplanner.ui.messages import message_box

    box = message_box(
        QApplication.activeWindow(),
        QMessageBox.Icon.Critical,
        "VisitPlanner hit a bug",
        f"{summary}\n\nYour saved work is safe: every edit is saved when it is made. "
        "Please send the details below to whoever supports VisitPlanner.",
    )
    box.setDetailedText(details)
    box.exec()


def install_crash_handler(show: Callable[[str, str], None] = show_crash) -> Hook:
    """Make `sys.excepthook` print the traceback to standard error and `show` it; returns the
    hook it replaced. KeyboardInterrupt keeps Python's own handling."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        details = report(kind, exc, tb)
        sys.stderr.write(details)
        if QApplication.instance() is not None:
            show(details, f"{kind.__name__}: {exc}")

    sys.excepthook = hook
    return previous
