"""Writing export files atomically: a failed write leaves the previous file and no partial one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from visitplanner.domain.errors import StorageError


def write_atomically(path: Path | str, data: bytes, *, what: str, private: bool = True) -> None:
    """Replace `path` with `data` through a temporary file in the same folder and `os.replace`.

    A `private` file (one holding restricted or internal fields) stays readable by its owner
    only; others get the usual 0644. `what` names the document in error messages.
    """
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"{path}: {what} cannot be written ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise StorageError(f"{path}: {what} cannot be written ({exc.strerror or exc})") from exc
        raise
