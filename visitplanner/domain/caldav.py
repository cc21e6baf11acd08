"""What publishing to a CalDAV server keeps and reports: the copies published, and what happened to each event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class PublishedCopy:
    """An event as VisitPlanner last put it on a CalDAV server.

    Attributes:
        calendar: the URL of the calendar collection it is in.
        uid: the event's UID.
        href: the URL of the event's resource on the server.
        etag: the server's ETag for what was put (a later change by anyone else changes it).
        digest: SHA-256 of the event as put, DTSTAMP left out (equal digests: nothing to send).
    """

    calendar: str
    uid: str
    href: str
    etag: str
    digest: str


@dataclass(frozen=True)
class CopyChange:
    """A copy put on the server (`removed` False) or taken off it (True): what the record keeps."""

    copy: PublishedCopy
    removed: bool = False


class PublishAction(StrEnum):
    """What publishing did with one event."""

    CREATED = "created"
    UPDATED = "updated"
    REMOVED = "removed"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class PublishRow:
    """One event of one calendar, and what publishing did with it.

    Attributes:
        calendar: the calendar's title ("Busan–Liverpool visit", "…: Park Heong-Joon").
        uid: the event's UID.
        title: the event's SUMMARY ("" for one removed whose title is no longer known).
        action: created, updated, removed, unchanged or conflict.
        reason: for a conflict, what was found on the server and what to do.
    """

    calendar: str
    uid: str
    title: str
    action: PublishAction
    reason: str = ""


@dataclass(frozen=True)
class PublishReport:
    """What a publication did: a row per event, the calendars' URLs, in the order they were published."""

    rows: tuple[PublishRow, ...]
    calendars: tuple[str, ...]

    def count(self, action: PublishAction) -> int:
        return sum(1 for row in self.rows if row.action is action)

    @property
    def conflicts(self) -> Sequence[PublishRow]:
        return [row for row in self.rows if row.action is PublishAction.CONFLICT]

    def calendar_count(self) -> str:
        """ "1 calendar", "3 calendars" """
        count = len(self.calendars)
        return f"{count} calendar{'s' if count != 1 else ''}"

    def summary(self) -> str:
        """ "3 created, 1 updated, 0 removed, 12 unchanged, 1 conflict" """
        conflicts = self.count(PublishAction.CONFLICT)
        return (
            f"{self.count(PublishAction.CREATED)} created, {self.count(PublishAction.UPDATED)} updated, "
            f"{self.count(PublishAction.REMOVED)} removed, {self.count(PublishAction.UNCHANGED)} unchanged, "
            f"{conflicts} conflict{'s' if conflicts != 1 else ''}"
        )
