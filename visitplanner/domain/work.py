"""Long work's hooks (exports, imports): how it reports progress, how it asks whether it was
cancelled, and the exception it stops with."""

from __future__ import annotations

from collections.abc import Callable

#: progress(done, total)
Progress = Callable[[int, int], None]
#: cancelled() is True once the officer pressed Cancel
Cancelled = Callable[[], bool]


class WorkCancelled(Exception):
    """The work stopped because `cancelled()` answered True: nothing was written or kept.
    Not a `VisitPlannerError`: there is no failure to report."""
