"""Writing export files atomically, never over the database, a folder or a device, and never leaving a partial file."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from visitplanner.domain.errors import StorageError, UserError

#: The first bytes of a SQLite database file and of its write-ahead log (both byte orders).
_SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
#: The files beside a SQLite database that belong to it.
_COMPANIONS = ("-wal", "-shm", "-journal")

#: Temporary files being written now; removed if the process is told to stop (SIGTERM).
_pending: set[str] = set()
_pending_lock = threading.Lock()


def sqlite_files(source: Session | URL | str | None) -> tuple[Path, ...]:
    """The SQLite database file behind `source` (a session, or a database URL), resolved; () for
    PostgreSQL or an in-memory database. These are the files no export may replace."""
    if source is None:
        return ()
    if isinstance(source, Session):
        bind = source.get_bind()
        url: URL = getattr(bind, "url", None) or bind.engine.url
    else:
        try:
            url = make_url(source)
        except ArgumentError:
            return ()
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return ()
    name = url.database
    if name.startswith("file:"):  # a URI filename: "file:/path/db?mode=ro"
        name = name[len("file:") :].split("?", 1)[0]
    return (Path(name).expanduser().resolve(),)


def _protected_name(target: Path, database: Path) -> bool:
    """Whether `target` (resolved) names `database`, one of its companions or a backup copy of it."""
    if target.parent != database.parent:
        return False
    fold = os.path.normcase
    name, base = fold(target.name), fold(database.name)
    if name == base or any(name == base + suffix for suffix in _COMPANIONS):
        return True
    return name.startswith(base + ".") and name.endswith(".bak")  # "<db>.<revision>.<stamp>.bak"


def _same_file(target: Path, others: Iterable[Path]) -> Path | None:
    for other in others:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, other):
                return other
    return None


def _database_family(database: Path) -> Iterator[Path]:
    """The database, its companions and its backup copies that exist now."""
    yield database
    for suffix in _COMPANIONS:
        yield database.with_name(database.name + suffix)
    with contextlib.suppress(OSError):
        yield from database.parent.glob(f"{database.name}.*.bak")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_export_target(path: Path | str, databases: Iterable[Path] = ()) -> None:
    """Refuse, with a `UserError` naming the file, an export target that must not be replaced:

    the open database (`databases`, from `sqlite_files`), its `-wal`, `-shm` or `-journal` file or
    a backup copy, by name (through symbolic links) or as the same file (hard links); any other
    SQLite database or write-ahead log; and anything that is not a regular file (a folder, a
    named pipe, a device, or a symbolic link to one).
    """
    target = Path(path).expanduser()
    resolved = target.resolve()
    for database in databases:
        same = resolved if _protected_name(resolved, database) else _same_file(target, _database_family(database))
        if same is not None:
            raise UserError(
                f"{target}: this is the open database ({database.name}) or one of its files; an export "
                "never replaces it. Choose another file name.",
                field="file",
            )
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"{target}: cannot be checked ({exc.strerror or exc})", field="file") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UserError(
            f"{target} is {_kind(info.st_mode)}: an export only replaces a regular file. Choose another file name.",
            field="file",
        )
    try:
        with open(target, "rb") as stream:
            head = stream.read(len(_SQLITE_HEADER))
    except OSError:
        return  # unreadable: the write itself will say whether it can replace it
    if head == _SQLITE_HEADER or head[:4] in _WAL_HEADERS:
        raise UserError(
            f"{target} is a database (SQLite): an export never replaces a database. Choose another file name.",
            field="file",
        )


class _StopRequested(SystemExit):
    """SIGTERM arrived during a write: unwinds like Ctrl+C, so the temporary file is removed."""


def _on_terminate(signum: int, _frame: FrameType | None) -> None:
    raise _StopRequested(128 + signum)


@contextlib.contextmanager
def _terminate_unwinds() -> Iterator[None]:
    """While writing on the main thread with SIGTERM's default action (which kills without
    cleaning up), turn SIGTERM into an exception, so the `finally` below removes the temporary file."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous: Any = signal.getsignal(signal.SIGTERM)
    except (ValueError, AttributeError):  # no SIGTERM on this platform
        yield
        return
    if previous is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_pending() -> None:
    """Remove the temporary files of writes in progress (a process stopping from another thread
    calls it: the GUI's SIGTERM handler). Never touches a target: only `.<name>.*.tmp` files."""
    with _pending_lock:
        pending = list(_pending)
    for temporary in pending:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_atomically(
    path: Path | str, data: bytes, *, what: str, private: bool = True, keep: Iterable[Path] = ()
) -> None:
    """Replace `path` with `data` through a temporary file in the same folder and `os.replace`.

    `check_export_target(path, keep)` runs first: pass `sqlite_files(session)` as `keep`, so the
    open database is never replaced. A `private` file (one holding restricted or internal
    fields) stays readable by its owner only; others get the usual 0644. `what` names the
    document in error messages. The temporary file is removed when the write or the rename
    fails, on Ctrl+C and on SIGTERM.
    """
    path = Path(path).expanduser()
    check_export_target(path, keep)
    with _terminate_unwinds():
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise StorageError(f"{path}: {what} cannot be written ({exc.strerror or exc})") from exc
        with _pending_lock:
            _pending.add(temporary)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if not private:
                os.chmod(temporary, 0o644)
            check_export_target(path, keep)  # again: the target may have changed while rendering
            os.replace(temporary, path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(exc, OSError):
                raise StorageError(f"{path}: {what} cannot be written ({exc.strerror or exc})") from exc
            raise
        finally:
            with _pending_lock:
                _pending.discard(temporary)
