"""Opening the database: default SQLite file, PostgreSQL by URL, migrations on open, sessions."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy import __version__ as SQLALCHEMY_VERSION
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from visitplanner.domain.errors import ConflictError, StorageError, UserError

#: The session type the layers above pass around; `ui/` takes it from here, never from SQLAlchemy.
__all__ = [
    "CHANGES_CHANNEL",
    "ENV_URL",
    "HEAD_REVISION",
    "MIGRATIONS",
    "SQLALCHEMY_VERSION",
    "Database",
    "Session",
    "create_db_engine",
    "current_revision",
    "default_url",
    "open_database",
    "upgrade",
]

ENV_URL = "VISITPLANNER_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest migration; a test checks it matches the scripts, so opening an up-to-date
#: database does not have to load Alembic at start-up.
#: The PostgreSQL channel on which committed changes are announced.
CHANGES_CHANNEL = "visitplanner_changes"
HEAD_REVISION = "0002_briefing_issues"


def default_url() -> str:
    """The URL from `VISITPLANNER_DATABASE_URL`, else a SQLite file in the user data directory."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    from platformdirs import user_data_path

    directory = user_data_path("VisitPlanner", appauthor=False, ensure_exists=True)
    return f"sqlite:///{directory / 'visitplanner.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN (savepoints work)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


@dataclass
class Database:
    """An open database.

    Attributes:
        url: the URL it was opened with (password hidden by `display_name`).
        engine: the SQLAlchemy engine.
        sessions: the session factory.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    #: Identifies this process's notifications, so it can ignore its own.
    instance: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_name(self) -> str:
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return Path(url.database or ":memory:").name
        return url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        On PostgreSQL a unit of work that wrote anything also sends a notification on
        `CHANGES_CHANNEL` (delivered at commit), so other officers' windows can refresh.
        """
        session = self.sessions()
        try:
            yield session
            if self.dialect == "postgresql" and session.info.get("wrote"):
                session.execute(
                    text("SELECT pg_notify(:channel, :sender)"), {"channel": CHANGES_CHANNEL, "sender": self.instance}
                )
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError("changed or deleted by someone else since it was read: reload") from exc
        except OperationalError as exc:
            session.rollback()
            raise StorageError(f"the database could not be written: {exc.orig}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def create_db_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"database: {url!r} is not a database URL") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise UserError(
                f"database: the PostgreSQL driver is not installed ({exc.name}); "
                "install it with: pip install 'psycopg[binary]'"
            ) from exc
    raise UserError(f"database: {backend!r} is not supported (use a SQLite file or postgresql+psycopg://)")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _copy_aside(url: str, revision: str) -> Path | None:
    """Copy a SQLite file before migrating it; the copy is consistent even with WAL."""
    database = make_url(url).database
    if not database or database == ":memory:" or not Path(database).exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(database).with_name(f"{Path(database).name}.{revision}.{stamp}.bak")
    source = sqlite3.connect(database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, url: str) -> None:
    """Bring the schema to the newest migration (copying a SQLite file aside first)."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    if revision is not None and engine.dialect.name == "sqlite":
        _copy_aside(url, revision)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str | None = None, *, migrate: bool = True, create: bool = True) -> Database:
    """Open (creating or upgrading) the database at `url`, or the default one.

    With `create=False` an explicitly given SQLite file that does not exist is an error (a
    mistyped path must not quietly become a new, empty database); the default file is always
    created. The folder of an explicit file must exist.
    """
    explicit = url is not None
    url = url or default_url()
    parsed = make_url(url) if "://" in url else None
    if (
        explicit
        and parsed is not None
        and parsed.get_backend_name() == "sqlite"
        and parsed.database not in (None, "", ":memory:")
    ):
        path = Path(parsed.database).expanduser()
        if not create and not path.exists():
            raise UserError(f"database: there is no database file at {path}")
        if not path.parent.is_dir():
            raise UserError(f"database: the folder {path.parent} does not exist")
    engine = create_db_engine(url)
    try:
        if migrate:
            upgrade(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database {make_url(url).render_as_string()}: {exc.orig}") from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "after_flush", _mark_written)
    return Database(url, engine, sessions)


def _mark_written(session: Session, _context: Any) -> None:
    """Note that the session wrote, and which versioned rows it inserted, changed or deleted,
    as (model class, id) in `written_rows` and `deleted_rows` (the UI's undo history checks
    that nobody else wrote them since). Ids, not the objects: holding those would keep them in
    the identity map, unrefreshed."""
    if session.new or session.dirty or session.deleted:
        session.info["wrote"] = True
        session.info.setdefault("written_rows", set()).update(
            (type(row), row.id) for row in (*session.new, *session.dirty) if hasattr(row, "version")
        )
        session.info.setdefault("deleted_rows", set()).update(
            (type(row), row.id) for row in session.deleted if hasattr(row, "version")
        )
