"""The GUI's composition root: opens the database, registers fonts and shows the main window."""

from __future__ import annotations

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


def run_gui(database_url: str | None = None, demo: bool = False, argv: list[str] | None = None,
            on_shown: Callable[[Any], None] | None = None) -> int:
    """Start the desktop application; returns the process exit status.

    `on_shown(window)` is called once the main window is shown (benchmarks hook in here).
    """
    _import_database_layer()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from visitplanner.domain.errors import VisitPlannerError
    from visitplanner.store.database import default_url, open_database
    from visitplanner.ui.fonts import register_fonts
    from visitplanner.ui.mainwindow import MainWindow, switch_database

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
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
    window.database_switch_requested.connect(lambda u: switch_database(window, u))
    window.remember_database(url)
    window.restore_layout()
    window.start(visit_id)
    window.show()
    if on_shown is not None:
        on_shown(window)
    return app.exec()


def _ensure_demo(db: object) -> int:
    """The demo visit's id, creating it when it is missing (an edited demo is kept)."""
    from sqlalchemy import select

    from visitplanner.store.database import Database
    from visitplanner.store.models import Visit

    assert isinstance(db, Database)
    with db.session() as session:
        visit_id = session.scalars(select(Visit.id).where(Visit.slug == DEMO_SLUG)).first()
        if visit_id is None:
            from visitplanner.services.demo import build_demo  # only when it must be built

            build_demo(session)
            visit_id = session.scalars(select(Visit.id).where(Visit.slug == DEMO_SLUG)).one()
        return int(visit_id)
