"""The GUI's composition root: opens the database, registers fonts and shows the main window."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

#: The demo visit's slug (services.demo.SLUG; repeated so start-up need not import the demo).
DEMO_SLUG = "busan-liverpool"


def _import_database_layer() -> None:
    """Import SQLAlchemy and the models before Qt: once PySide6 is loaded it inspects every
    later import, which makes importing SQLAlchemy noticeably slower."""
    import visitplanner.store.models
    import visitplanner.store.queries  # noqa: F401


def run_gui(
    database_url: str | None = None,
    demo: bool = False,
    argv: list[str] | None = None,
    on_shown: Callable[[Any], None] | None = None,
) -> int:
    """Start the desktop application; returns the process exit status.

    `on_shown(window)` is called once the main window is shown (benchmarks hook in here).

    Start-up allocates hundreds of thousands of long-lived objects (modules, mappers, widgets)
    and almost no garbage, so the cyclic garbage collector is paused until the first frame is
    painted and the checks are shown: its passes over those objects cost about a sixth of the
    start-up time. Then one collection runs and the survivors are frozen, so later collections
    skip them. (A caller that had the collector off keeps it off.)
    """
    if not gc.isenabled():
        return _run_gui(database_url, demo, argv, on_shown, lambda: None)
    gc.disable()
    try:
        return _run_gui(database_url, demo, argv, on_shown, _resume_gc)
    finally:
        _resume_gc()


def _resume_gc() -> None:
    """Collect once, freeze what start-up built and turn the collector back on (once)."""
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()


def _run_gui(
    database_url: str | None,
    demo: bool,
    argv: list[str] | None,
    on_shown: Callable[[Any], None] | None,
    resume_gc: Callable[[], None],
) -> int:
    _import_database_layer()
    from visitplanner.ui.platform_check import explain_import_error, install_fatal_handler

    try:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
    except ImportError as exc:  # a system library Qt links against is missing
        message = explain_import_error(exc)
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        return 1

    from visitplanner.domain.errors import VisitPlannerError
    from visitplanner.store.database import default_url, open_database
    from visitplanner.ui.firstframe import FirstFrame
    from visitplanner.ui.fonts import register_fonts
    from visitplanner.ui.mainwindow import MainWindow, OpenWindow

    existing = QApplication.instance()
    if existing is None:
        restore_handler = install_fatal_handler()  # no platform plugin: a message and status 1, not abort()
        existing = QApplication(argv if argv is not None else sys.argv[:1])
        restore_handler()
    app = existing
    assert isinstance(app, QApplication)
    from visitplanner.ui.crash import install_crash_handler

    install_crash_handler()  # a bug shows its traceback instead of vanishing into Qt's event loop
    app.setApplicationName("VisitPlanner")
    app.setOrganizationName("VisitPlanner")
    app.setApplicationDisplayName("VisitPlanner")
    register_fonts(app)
    url = database_url or default_url()
    try:
        db = open_database(url)
        visit_id = _ensure_demo(db) if demo else None
    except VisitPlannerError as exc:
        QMessageBox.critical(None, "VisitPlanner cannot start", str(exc))
        return 1
    window = MainWindow(db)
    window.remember_database(url)
    window.restore_layout()
    window.checks.hold()  # the first frame shows the visit; the checks fill in just after
    # after the first frame: the checks, then (once they are shown) the garbage collector
    FirstFrame(window, [window.checks.release, lambda: QTimer.singleShot(0, resume_gc)])  # kept by the window
    window.start(visit_id)
    window.show()
    if on_shown is not None:
        on_shown(window)
    open_window = OpenWindow(window)  # from here on, the only owner of the main window
    del window
    restore_sigterm = _stop_cleanly_on_sigterm(app)
    try:
        return app.exec()
    finally:
        del open_window  # the main window lives as long as the event loop
        restore_sigterm()


def on_sigterm(_signum: int, _frame: object) -> None:
    """SIGTERM (a logout, `kill`): remove the temporary files of exports being written, then end
    at once as the default action would (every edit is already committed)."""
    from visitplanner.exporters.files import remove_pending

    remove_pending()
    os._exit(128 + signal.SIGTERM)


def _stop_cleanly_on_sigterm(app: Any) -> Callable[[], None]:
    """Install `on_sigterm`, and a timer that lets Python run it while Qt's event loop waits;
    returns what puts the previous handler back."""
    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except (ValueError, AttributeError):  # not the main thread, or no SIGTERM on this platform
        return lambda: None
    from PySide6.QtCore import QTimer

    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)

    def restore() -> None:
        timer.stop()
        timer.deleteLater()
        signal.signal(signal.SIGTERM, previous)

    return restore


def _ensure_demo(db: object) -> int:
    """The demo visit's id, creating it when it is missing (an edited demo is kept)."""
    from visitplanner.store.database import Database
    from visitplanner.store.queries import visit_id_by_slug

    assert isinstance(db, Database)
    with db.reading() as session:  # usually it is there: no need to wait for the write lock
        visit_id = visit_id_by_slug(session, DEMO_SLUG)
    if visit_id is not None:
        return visit_id
    with db.session() as session:
        visit_id = visit_id_by_slug(session, DEMO_SLUG)  # again, now that no one else can add it
        if visit_id is None:
            from visitplanner.services.demo import build_demo  # only when it must be built

            build_demo(session)
            visit_id = visit_id_by_slug(session, DEMO_SLUG)
            assert visit_id is not None
        return visit_id
