"""Database locations for people: SQLite file URLs, shared-server logins, labels without passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from visitplanner.domain.errors import UserError

DEFAULT_PORT = 5432


def sqlite_url(path: Path) -> str:
    """The URL of the SQLite file at `path`."""
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for a server (or an in-memory database)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def without_password(url: str) -> str:
    """`url` with any password left out, to keep in the recent list or settings."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.password is None:
        return url
    # URL.set(password=None) keeps the password: None means "unchanged" there
    return parsed._replace(password=None).render_as_string(hide_password=False)


def database_label(url: str) -> str:
    """How a database is named for people: "plan.sqlite3 — /home/kim/visits" for a file,
    "visitplanner on db.example.org:5432 (user kim)" for a server; never the raw URL, never a password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "an unrecognised database location"
    path = sqlite_path(url)
    if path is not None:
        return f"{path.name} — {path.parent}"
    if parsed.get_backend_name() == "sqlite":
        return "a temporary database in memory"
    server = f"{parsed.host or 'localhost'}:{parsed.port or DEFAULT_PORT}"
    user = f" (user {parsed.username})" if parsed.username else ""
    return f"{parsed.database or '(default database)'} on {server}{user}"


@dataclass(frozen=True)
class ServerLogin:
    """How to reach a shared PostgreSQL database.

    Attributes:
        host: the server's name or address.
        port: its TCP port (5432 unless the office says otherwise).
        database: the database's name on the server.
        user: the user name to log in as.
        password: the password ("" to rely on the server's trust or a ~/.pgpass file).
    """

    host: str
    port: int
    database: str
    user: str
    password: str = ""

    def validate(self) -> None:
        if not self.host.strip():
            raise UserError("host: name the server (for example db.office.example or 10.0.0.5)", field="host")
        if re.search(r"[\s/]", self.host.strip()):
            raise UserError("host: a server name has no spaces or slashes", field="host")
        if not 1 <= self.port <= 65535:
            raise UserError("port: a port is between 1 and 65535", field="port")
        if not self.database.strip():
            raise UserError("database: name the database on the server", field="database")
        if not self.user.strip():
            raise UserError("user: give the user name to log in as", field="user")

    def url(self) -> str:
        """The postgresql+psycopg URL (the password in it, escaped: keep it out of settings)."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user.strip(),
            password=self.password or None,
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
        ).render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, url: str) -> ServerLogin | None:
        """The login a server URL names (its password included, if it has one); None for a file."""
        try:
            parsed = make_url(url)
        except ArgumentError:
            return None
        if parsed.get_backend_name() != "postgresql":
            return None
        return cls(
            parsed.host or "localhost",
            parsed.port or DEFAULT_PORT,
            parsed.database or "",
            parsed.username or "",
            parsed.password or "",
        )


def check_server(login: ServerLogin, timeout: int = 5) -> None:
    """Connect to the server once; a refusal is a `UserError` naming the field to correct
    (a wrong password, an unknown database, a server that does not answer)."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(login.url(), connect_args={"connect_timeout": timeout})
    except ModuleNotFoundError as exc:
        raise UserError(f"database: the PostgreSQL driver is not installed ({exc.name})") from exc
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise _refusal(login, str(exc.orig)) from exc
    except SQLAlchemyError as exc:
        raise UserError(f"host: cannot reach {login.host}:{login.port}: {exc}", field="host") from exc
    finally:
        engine.dispose()


def _refusal(login: ServerLogin, reason: str) -> UserError:
    low = reason.lower()
    if "password authentication failed" in low or "no password supplied" in low or "password" in low:
        return UserError(f"password: the server refused user “{login.user}” with this password", field="password")
    if "does not exist" in low and "database" in low:
        return UserError(f"database: the server has no database called “{login.database}”", field="database")
    if "role" in low and "does not exist" in low:
        return UserError(f"user: the server has no user called “{login.user}”", field="user")
    if "no pg_hba.conf entry" in low or "permission denied" in low:
        return UserError(f"user: the server does not let “{login.user}” in from this computer", field="user")
    first_line = reason.strip().splitlines()[0] if reason.strip() else "no answer"
    return UserError(f"host: cannot connect to {login.host}:{login.port} ({first_line})", field="host")
