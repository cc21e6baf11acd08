"""Notices commits made by other windows or officers, so open views can refresh."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from visitplanner.store.database import CHANGES_CHANNEL, Database

POLL_MILLISECONDS = 1500


class ExternalChangeWatcher(QObject):
    """Polls for commits that did not come from this window.

    SQLite: `PRAGMA data_version` on a connection of its own changes whenever another
    connection commits; after each of this window's own edits the watcher takes the current
    value as its baseline. PostgreSQL: LISTEN on `CHANGES_CHANNEL`, where every unit of work
    that wrote announces itself with its process's instance id (our own are ignored).

    Signals:
        changed(): someone else committed a change.
    """

    changed = Signal()

    def __init__(self, db: Database, parent: QObject | None = None, interval_ms: int = POLL_MILLISECONDS) -> None:
        super().__init__(parent)
        self.db = db
        self._raw: Any = None
        self._version: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        try:
            if self.db.dialect == "sqlite":
                self._raw = self.db.engine.raw_connection()
                self._version = self._data_version()
            elif self.db.dialect == "postgresql":
                import psycopg

                url = self.db.engine.url.set(drivername="postgresql")
                self._raw = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
                self._raw.execute(f"LISTEN {CHANGES_CHANNEL}")
        except Exception:  # watching is a convenience: the app works without it
            self._raw = None
            return
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._raw is not None:
            try:
                self._raw.close()
            finally:
                self._raw = None

    def rebaseline(self) -> None:
        """This window just committed: do not report its own change."""
        if self.db.dialect == "sqlite" and self._raw is not None:
            self._version = self._data_version()

    def _data_version(self) -> int:
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def poll(self) -> None:
        if self._raw is None:
            return
        try:
            if self.db.dialect == "sqlite":
                version = self._data_version()
                if version != self._version:
                    self._version = version
                    self.changed.emit()
            else:
                senders = {n.payload for n in self._raw.notifies(timeout=0)}
                if senders - {self.db.instance}:
                    self.changed.emit()
        except Exception:  # the server went away: stop watching rather than fail the UI
            self.stop()
