"""The error taxonomy: what the user can fix, conflicts, and environment failures."""

from __future__ import annotations


class VisitPlannerError(Exception):
    """Base of the errors the application reports as messages rather than bugs."""


class UserError(VisitPlannerError):
    """Bad input the user can correct; the message names the field, row or line.

    Attributes:
        field: the name of the offending field, when there is one (dialogs highlight it).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0])


class ItemError(UserError):
    """A `UserError` about one item of a batch handed to a service (people, engagements, ...).

    Attributes:
        index: the position of the offending item in the batch (0-based).
        field: as for `UserError`; the message is the item's own error, so a caller can
            prefix its own name for the item ("$.people[2].email: ...").
    """

    def __init__(self, index: int, error: UserError) -> None:
        super().__init__(error.message, field=error.field)
        self.index = index


class ConflictError(VisitPlannerError):
    """Someone else changed or deleted the row since it was read."""


class StorageError(VisitPlannerError):
    """The environment failed: disk full, database server down, file locked."""
