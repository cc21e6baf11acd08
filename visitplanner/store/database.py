"""Opening the database: default SQLite file, PostgreSQL by URL, migrations on open, sessions."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy import __version__ as SQLALCHEMY_VERSION
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from visitplanner.domain.errors import ConflictError, StorageError, UserError, VisitPlannerError

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
    "failure",
    "open_database",
    "upgrade",
]

ENV_URL = "VISITPLANNER_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
#: The PostgreSQL channel on which committed changes are announced.
CHANGES_CHANNEL = "visitplanner_changes"
#: The newest migration; a test checks it matches the scripts, so opening an up-to-date
#: database does not have to load Alembic at start-up.
HEAD_REVISION = "0015_seated_guests"
#: Execution option of the connections that only read: on SQLite their transactions begin
#: deferred (readers never wait for writers, in WAL), on PostgreSQL they are READ ONLY.
READ_ONLY = "visitplanner_read_only"
BUSY_TIMEOUT_SECONDS = 5


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
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """A unit of work that may write takes SQLite's write lock when it begins (`BEGIN IMMEDIATE`).

    Under a deferred `BEGIN`, a unit that reads and then writes fails at once with
    SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT) when another connection wrote in between, whatever
    the busy timeout; taking the lock first makes concurrent writers wait their turn instead.
    Read-only units begin deferred, so in WAL they never wait for writers, and cannot write.
    """
    if connection.get_execution_options().get(READ_ONLY, False):
        connection.exec_driver_sql("PRAGMA query_only=ON")  # and SQLite itself refuses a write in it
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("PRAGMA query_only=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def hide_password(url: str) -> str:
    """`url` with any password replaced by ***, even when the URL cannot be parsed."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:).*@", r"\1***@", url)  # up to the last @: a password may hold one


# -- errors ------------------------------------------------------------------------------------
_SQLITE_BUSY_SNAPSHOT = 517
_SQLITE_READ_ERRORS = {266, 522}  # SQLITE_IOERR_READ, SQLITE_IOERR_SHORT_READ
_SQLITE_MESSAGES = {
    "SQLITE_FULL": "the disk is full: free some space, then try again",
    "SQLITE_READONLY": "the database is read-only (the file or its folder cannot be written)",
    "SQLITE_BUSY": f"the database is busy: another program held it for more than {BUSY_TIMEOUT_SECONDS} seconds; "
    "try again",
    "SQLITE_LOCKED": "the database is busy: try again",
    "SQLITE_CORRUPT": "the database could not be read: the file is damaged",
    "SQLITE_NOTADB": "the database could not be read: the file is not a database",
    "SQLITE_CANTOPEN": "the database file cannot be opened (check that it and its folder may be read)",
}
#: SQLite's messages, for an error that carries no code.
_SQLITE_TEXTS = {
    "database or disk is full": "SQLITE_FULL",
    "disk i/o error": "SQLITE_IOERR",
    "file is not a database": "SQLITE_NOTADB",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "database is locked": "SQLITE_BUSY",
    "unable to open database file": "SQLITE_CANTOPEN",
}
_POSTGRES_MESSAGES = {
    "53100": "the disk is full on the database server: ask its administrator to free some space",
    "53200": "the database server is out of memory: try again",
    "25006": "the database is open read-only",
    "57P01": "the database server shut down: try again when it is back",
    "08006": "the connection to the database server was lost: try again",
}


def _cause(exc: BaseException) -> BaseException:
    """The error that started it: a failed statement can abort SQLite's transaction, and then
    rolling back the savepoint fails too ("no such savepoint"), hiding the real reason."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        message = str(getattr(current, "orig", current))
        if "no such savepoint" not in message and "no transaction is active" not in message:
            return current
        current = current.__context__
    return exc


def failure(exc: BaseException, *, writing: bool | None) -> VisitPlannerError:
    """The error to report for a database failure the environment caused: disk full,
    read-only, busy, damaged, server gone; a write that lost a race is a `ConflictError`.
    `writing`: whether the unit of work could write (None: the database was being opened)."""
    cause = _cause(exc)
    orig = getattr(cause, "orig", cause)
    code = getattr(orig, "sqlite_errorcode", None)
    if code == _SQLITE_BUSY_SNAPSHOT:
        return ConflictError("changed by someone else while you were saving: reload and try again")
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    name = getattr(orig, "sqlite_errorname", None) or _SQLITE_TEXTS.get(first.lower())
    if name in _SQLITE_MESSAGES:
        return StorageError(_SQLITE_MESSAGES[name])
    if (name or "").startswith("SQLITE_IOERR"):
        if not writing or code in _SQLITE_READ_ERRORS:
            return StorageError(f"the database could not be read: an input/output error ({first})")
        return StorageError(f"the database could not be written: an input/output error ({first})")
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in _POSTGRES_MESSAGES:
        return StorageError(_POSTGRES_MESSAGES[sqlstate])
    if writing is None:
        return StorageError(first)
    return StorageError(f"the database could not be {'written' if writing else 'read'}: {first}")


def environmental(exc: BaseException) -> bool:
    """Whether a database error comes from the environment (not from a rule or a bug)."""
    if isinstance(exc, OperationalError) or type(exc) is DatabaseError:
        return True
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in _POSTGRES_MESSAGES


# -- sessions ----------------------------------------------------------------------------------
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(row) for row in session.dirty):
        raise RuntimeError("a read-only unit of work tried to write: use Database.session() for changes")


@dataclass
class Database:
    """An open database.

    Attributes:
        url: the URL it was opened with (password hidden by `display_name`).
        engine: the SQLAlchemy engine.
        sessions: the session factory of units of work that may write (on SQLite they take
            the write lock when they begin).
        read_sessions: the session factory of read-only units (never waiting for writers).
        read_only: opened for reading only (`session()` is refused).
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session] | None = None
    read_only: bool = False
    #: Identifies this process's notifications, so it can ignore its own.
    instance: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if self.read_sessions is None:
            reader = self.engine.execution_options(**{READ_ONLY: True})
            self.read_sessions = sessionmaker(reader, expire_on_commit=False)
            event.listen(self.read_sessions, "before_flush", _refuse_writes)
            if self.dialect == "postgresql":
                event.listen(self.read_sessions, "after_begin", _postgres_read_only)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def display_name(self) -> str:
        """The database as a title names it: the file's name, or "visits on db.example.org:5432"."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return Path(url.database or ":memory:").name
        return f"{url.database} on {url.host or 'localhost'}:{url.port or 5432}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that may write: commits on success, rolls back on any error.

        On SQLite it holds the write lock from its first statement to its commit, so two
        windows or officers saving at once take turns. On PostgreSQL a unit of work that
        wrote anything also sends a notification on `CHANGES_CHANNEL` (delivered at
        commit), so other officers' windows can refresh.
        """
        if self.read_only:
            raise UserError(f"database: {self.display_name} is open for reading only")
        session = self.sessions()
        try:
            yield session
            if self.dialect == "postgresql" and session.info.get("wrote"):
                session.execute(
                    text("SELECT pg_notify(:channel, :sender)"), {"channel": CHANGES_CHANNEL, "sender": self.instance}
                )
            session.commit()
        except StaleDataError as exc:
            _rollback(session)
            raise ConflictError("changed or deleted by someone else since it was read: reload") from exc
        except DBAPIError as exc:
            _rollback(session)
            if environmental(exc):
                raise failure(exc, writing=True) from exc
            raise
        except BaseException:
            _rollback(session)
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One unit of work that only reads: it never takes the write lock and is rolled back
        at the end (the rows it loaded stay readable); a change made in it is a bug (raises)."""
        assert self.read_sessions is not None
        session = self.read_sessions()
        try:
            yield session
        except DBAPIError as exc:
            if environmental(exc):
                raise failure(exc, writing=False) from exc
            raise
        finally:
            session.close()

    @contextmanager
    def dry_run(self) -> Iterator[Session]:
        """A unit of work that may write but is always rolled back (a preview, a check): it takes
        its turn at SQLite's write lock like any writer, and announces nothing."""
        if self.read_only:
            raise UserError(f"database: {self.display_name} is open for reading only")
        session = self.sessions()
        try:
            yield session
        except DBAPIError as exc:
            if environmental(exc):
                raise failure(exc, writing=True) from exc
            raise
        finally:
            _rollback(session)
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _rollback(session: Session) -> None:
    """Roll back, keeping the error that led here when the rollback fails too."""
    with suppress(DBAPIError):
        session.rollback()


def _postgres_read_only(_session: Session, _transaction: Any, connection: Connection) -> None:
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")


# -- opening -----------------------------------------------------------------------------------
def _parse(url: str) -> URL:
    """`url` parsed; `postgres://` (as many services write it) means PostgreSQL."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise UserError(f"database: {hide_password(url)!r} is not a database URL ({_reason(exc)})") from exc
    if parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError) and "int()" in str(exc):
        return "the port must be a number, and an IPv6 host is written in [brackets]"
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return reason.rstrip(".")


def create_db_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`; with `read_only` a SQLite file is opened so that nothing can write it."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = parsed.database
        if read_only and path and path != ":memory:":  # opened so that nothing can write it
            connect = _sqlite_read_only_connector(Path(path).expanduser())
            engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
            event.listen(engine, "connect", _sqlite_read_only_pragmas)
            event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
            return engine
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
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
        except (ArgumentError, ValueError, TypeError) as exc:
            raise UserError(f"database: {hide_password(url)!r} is not a usable URL ({_reason(exc)})") from exc
    raise UserError(f"database: {backend!r} is not supported (use a SQLite file or postgresql+psycopg://)")


def _sqlite_uri(path: Path, *, immutable: bool) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")


def _sqlite_read_only_connector(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that cannot write `path`, nor create its `-wal` or `-shm`: opened with
    `mode=ro`, or, when the file sits in a folder nobody may write (so SQLite cannot make the
    `-shm` a WAL database needs), as immutable (nobody can be writing it there either)."""
    immutable = _needs_immutable(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            _sqlite_uri(path, immutable=immutable), uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )

    return connect


def _needs_immutable(path: Path) -> bool:
    try:
        probe = sqlite3.connect(_sqlite_uri(path, immutable=False), uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.OperationalError as exc:
        wal = path.with_name(path.name + "-wal")
        return exc.sqlite_errorname == "SQLITE_CANTOPEN" and not wal.exists()
    except sqlite3.DatabaseError:
        return False
    return False


def _sqlite_tables(path: Path) -> tuple[set[str], str | None]:
    """The tables of a SQLite file and its Alembic revision, read without writing anything.

    When no `-wal` lies beside the file, everything committed is in the file itself, and it
    is read as immutable: not even the `-shm` and `-wal` a WAL reader makes are left behind.
    """
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        connection = _sqlite_read_only_connector(path)()
    else:
        connection = sqlite3.connect(_sqlite_uri(path, immutable=True), uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return {t for t in tables if not t.startswith("sqlite_")}, revision
    finally:
        connection.close()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        connection = connection.execution_options(**{READ_ONLY: True})
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _check_revision(name: str, revision: str | None, tables: set[str], *, read_only: bool) -> None:
    """Refuse what this version cannot open: another application's database, an empty one
    (for reading), one made by a newer VisitPlanner, or (for reading) an older one."""
    if revision == HEAD_REVISION:
        return
    if revision is None:
        if tables - {"alembic_version"}:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise UserError(
                f"database: {name} is not a VisitPlanner database (it holds other tables: {shown}); nothing was changed"
            )
        if read_only:
            raise UserError(f"database: {name} is not a VisitPlanner database (it is empty)")
        return
    if revision not in _known_revisions():
        raise UserError(
            f"database: {name} was made by a newer version of VisitPlanner (schema {revision}): "
            "update VisitPlanner to open it"
        )
    if read_only:
        raise UserError(
            f"database: {name} was made by an older version of VisitPlanner (schema {revision}): "
            "bring it up to date with: visitplanner upgrade"
        )


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
    """Bring the schema to the newest migration (copying a SQLite file aside first); a
    database from a newer VisitPlanner is refused before anything is written."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    name = _name(url)
    _check_revision(name, revision, set(inspect(engine).get_table_names()), read_only=False)
    if revision is not None and engine.dialect.name == "sqlite":
        _copy_aside(url, revision)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _name(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or ":memory:")
    return parsed.render_as_string(hide_password=True)


def open_database(
    url: str | None = None, *, migrate: bool = True, create: bool = True, read_only: bool = False
) -> Database:
    """Open (creating or upgrading) the database at `url`, or the default one.

    With `create=False` an explicitly given SQLite file that does not exist is an error (a
    mistyped path must not quietly become a new, empty database); the default file is always
    created. The folder of an explicit file must exist. A SQLite file that belongs to another
    application is refused before anything is written to it.

    With `read_only` nothing is ever written (no tables, no WAL switch, no upgrade): the
    database must be an up-to-date VisitPlanner database, and a file in a folder that cannot
    be written can still be read. A missing default file is still created.
    """
    explicit = url is not None
    url = url or default_url()
    parsed = _parse(url) if "://" in url else None
    sqlite_path: Path | None = None
    if parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        sqlite_path = Path(str(parsed.database)).expanduser()
        if explicit and not (create and not read_only) and not sqlite_path.exists():
            raise UserError(f"database: there is no database file at {sqlite_path}")
        if sqlite_path.is_dir():
            raise UserError(f"database: {sqlite_path} is a folder, not a database file")
        if explicit and not sqlite_path.parent.is_dir():
            raise UserError(f"database: the folder {sqlite_path.parent} does not exist")
        if read_only and not sqlite_path.exists():
            read_only = False  # the default file, not made yet: it is created as usual
        if sqlite_path.exists():
            _check_sqlite_file(sqlite_path, read_only=read_only)
    engine = create_db_engine(url, read_only=read_only)
    try:
        if read_only and sqlite_path is None:
            _check_revision(
                _name(url), current_revision(engine), set(inspect(engine).get_table_names()), read_only=True
            )
        elif migrate:
            upgrade(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        error = failure(exc, writing=None)
        raise type(error)(f"cannot open the database {_name(url)}: {error}") from exc
    except BaseException:
        engine.dispose()
        raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "after_flush", _mark_written)
    return Database(url, engine, sessions, read_only=read_only)


def _check_sqlite_file(path: Path, *, read_only: bool) -> None:
    """Refuse a file that is not a SQLite database, or another application's, before the
    engine (which switches a file to WAL) touches it."""
    try:
        tables, revision = _sqlite_tables(path)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise UserError(f"database: {path} is not a VisitPlanner database (it is not a SQLite file)") from exc
        error = failure(exc, writing=None)
        raise type(error)(f"cannot open the database {path}: {error}") from exc
    _check_revision(str(path), revision, tables, read_only=read_only)


def mark_inserted(session: Session, model: type[Any], ids: Iterable[int]) -> None:
    """Note rows inserted without the ORM (a bulk insert) as `_mark_written` notes flushed ones:
    the session wrote (PostgreSQL then notifies other officers), and which versioned rows."""
    session.info["wrote"] = True
    if hasattr(model, "version"):
        session.info.setdefault("written_rows", set()).update((model, ident) for ident in ids)


def mark_deleted(session: Session, model: type[Any], ids: Iterable[int]) -> None:
    """Note rows deleted without the ORM (a bulk delete) as `_mark_written` notes flushed deletes."""
    session.info["wrote"] = True
    if hasattr(model, "version"):
        session.info.setdefault("deleted_rows", set()).update((model, ident) for ident in ids)


def _mark_written(session: Session, _context: Any) -> None:
    """Note that the session wrote, and which versioned rows it inserted, changed or deleted,
    as (model class, id) in `written_rows` and `deleted_rows` (the UI's undo history checks
    that nobody else wrote them since). Ids, not the objects: holding those would keep them in
    the identity map, unrefreshed."""
    if session.new or session.deleted or session.dirty:
        session.info["wrote"] = True
        session.info.setdefault("written_rows", set()).update(
            (type(row), row.id) for row in (*session.new, *session.dirty) if hasattr(row, "version")
        )
        session.info.setdefault("deleted_rows", set()).update(
            (type(row), row.id) for row in session.deleted if hasattr(row, "version")
        )
