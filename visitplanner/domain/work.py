"""Long work's hooks (exports, imports): how it reports progress, how it asks whether it was
cancelled, and the exception it stops with."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: progress(done, total)
Progress = Callable[[int, int], None]
#: cancelled() is True once the officer pressed Cancel
Cancelled = Callable[[], bool]


class WorkCancelled(Exception):
    """The work stopped because `cancelled()` answered True: nothing was written or kept.
    Not a `VisitPlannerError`: there is no failure to report."""


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block, then restored: long work that
    allocates hundreds of thousands of objects living to its end (a calendar's events) would
    otherwise have the collector walk them again and again, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
