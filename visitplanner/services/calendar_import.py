"""Importing a parsed calendar into a visit: create or update engagements by UID, all or nothing, or a dry run."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes
from visitplanner.domain.enums import EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import local_day_bounds, zone
from visitplanner.domain.values import EngagementData, EngagementPlan
from visitplanner.domain.work import WorkCancelled, collection_paused
from visitplanner.importers.ical import CalendarImport, ImportedEvent
from visitplanner.services import engagements
from visitplanner.services.base import get, service
from visitplanner.store.models import Engagement, Room, Venue, Visit

#: The longest engagement the itinerary takes (as EngagementData.validate checks).
_LONGEST = timedelta(days=31)
_BATCH = 500


class ImportAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"


@dataclass(frozen=True)
class ImportRow:
    """What the import does (or, in a dry run, would do) with one event of the file.

    Attributes:
        action: create, update, unchanged or skip.
        line: the line of the event's BEGIN:VEVENT.
        uid: the event's UID.
        title: its title.
        start: its first instant (aware, UTC).
        end: its end (aware, UTC).
        venue: the name of the venue its LOCATION matched, or None.
        location: its LOCATION as written.
        reason: why it is skipped or unchanged, or what an update changes ("time, venue").
        engagement_id: the engagement created or updated (None when skipped or in a dry run
            that creates it).
        all_day: whether the file gave whole days.
        kind: the kind the engagement gets (the officer's choice, else what CATEGORIES or the
            title's words suggest) or, for an update, keeps.
    """

    action: ImportAction
    line: int
    uid: str
    title: str
    start: datetime
    end: datetime
    venue: str | None
    location: str
    reason: str = ""
    engagement_id: int | None = None
    all_day: bool = False
    kind: EngagementKind | None = None


#: The kinds an officer may give an imported engagement (a transfer needs an origin the file cannot give).
IMPORTABLE_KINDS: tuple[EngagementKind, ...] = tuple(k for k in EngagementKind if k is not EngagementKind.TRANSFER)


@dataclass(frozen=True)
class CalendarImportResult:
    """The outcome of an import, one row per event in file order.

    Attributes:
        rows: what happened to each event.
        changes: the rows changed (empty for a dry run).
        dry_run: whether nothing was kept.
    """

    rows: tuple[ImportRow, ...]
    changes: Changes
    dry_run: bool

    def _with(self, action: ImportAction) -> list[ImportRow]:
        return [row for row in self.rows if row.action is action]

    @property
    def created(self) -> list[ImportRow]:
        return self._with(ImportAction.CREATE)

    @property
    def updated(self) -> list[ImportRow]:
        return self._with(ImportAction.UPDATE)

    @property
    def unchanged(self) -> list[ImportRow]:
        return self._with(ImportAction.UNCHANGED)

    @property
    def skipped(self) -> list[ImportRow]:
        return self._with(ImportAction.SKIP)


#: What separates the parts of a LOCATION: "Room, Venue, Address", "Venue; Room", "Venue, Room".
_PARTS = re.compile(r"\s*[,;]\s*")
#: At most this many parts are looked at (the matching tries every run of neighbouring parts).
_MAX_PARTS = 12


class _Venues:
    """The venue book, matched against LOCATION text by exact name or code (ignoring case).

    The whole text is tried first, then each run of neighbouring parts separated by commas or
    semicolons, longest first (a venue whose name holds a comma is still found); the room is then
    a room of that venue named by the parts just before or just after it, so our own "Room,
    Venue, Address" and Outlook's "Venue; Room" or "Venue, Room" all find the venue and its room.
    """

    def __init__(self, venues: Sequence[Venue]) -> None:
        self.by_key: dict[str, list[Venue]] = {}
        for venue in venues:
            for key in {_key(venue.name), _key(venue.code)}:
                self.by_key.setdefault(key, []).append(venue)

    def _one(self, text: str) -> Venue | None:
        found = self.by_key.get(_key(text), [])
        return found[0] if len({v.id for v in found}) == 1 else None

    def match(self, location: str) -> tuple[Venue | None, Room | None]:
        text = location.strip()
        if not text:
            return None, None
        venue = self._one(text)
        if venue is not None:
            return venue, None
        parts = _PARTS.split(text)[:_MAX_PARTS]
        count = len(parts)
        spans = sorted(
            ((i, j) for i in range(count) for j in range(i + 1, count + 1)), key=lambda s: (s[0] - s[1], s[0])
        )
        for first, last in spans:
            venue = self._one(", ".join(parts[first:last]))
            if venue is None:
                continue
            rooms = {_key(r.name): r for r in venue.rooms}
            before = [parts[a:first] for a in range(first - 1, -1, -1)]
            after = [parts[last:b] for b in range(last + 1, count + 1)]
            for run in before + after:
                room = rooms.get(_key(", ".join(run)))
                if room is not None:
                    return venue, room
            return venue, None
        return None, None


def _key(text: str) -> str:
    """A name as LOCATION text is matched against it: case, spacing and the kind of separator ignored."""
    return ", ".join(p for p in _PARTS.split(" ".join(text.split())) if p).casefold()


def _notes(event: ImportedEvent, venue: Venue | None) -> tuple[str, str]:
    """The public and restricted notes of a new engagement: an unmatched LOCATION, and DESCRIPTION
    (restricted when the file marks the event CONFIDENTIAL or PRIVATE)."""
    public = f"Location: {event.location}" if event.location and venue is None else ""
    if event.confidential:
        return public, event.description
    return "\n\n".join(p for p in (public, event.description) if p), ""


@contextmanager
def _at(event: ImportedEvent) -> Iterator[None]:
    """Re-raise a service's `UserError` with the event's line and title."""
    try:
        yield
    except UserError as exc:
        raise UserError(f"line {event.line} ({event.title}): {exc.message}", field="file") from exc


class _Run:
    """One import in progress.

    Attributes:
        session: the session it runs in.
        visit: the visit imported into.
        changes: what has changed so far, as the list of each step's `Changes` (merged once at
            the end: merging step by step copies ever larger sets, quadratic in the events).
        rows: the outcome per event.
    """

    def __init__(
        self, session: Session, visit: Visit, parsed: CalendarImport, kinds: Mapping[str, EngagementKind]
    ) -> None:
        self.session = session
        self.kinds = kinds
        self.visit = visit
        self.parsed = parsed
        tz = zone(visit.local_time_zone)
        self.first = local_day_bounds(visit.start_date, tz)[0]
        self.last = local_day_bounds(visit.end_date, tz)[1]
        self.venues = _Venues(session.scalars(select(Venue)).all())
        self.checker = engagements.EngagementChecker(session, visit.id)
        self.changes: list[Changes] = []
        #: New engagements not yet created, by uuid: (their row's index, the engagement).
        self.pending: dict[str, tuple[int, engagements.NewEngagement]] = {}
        self.rows: list[ImportRow] = []
        self.existing = self._existing([e.engagement_uuid for e in parsed.events])

    def _existing(self, uuids: list[str]) -> dict[str, Engagement]:
        found: dict[str, Engagement] = {}
        for start in range(0, len(uuids), _BATCH):
            rows = self.session.scalars(select(Engagement).where(Engagement.uuid.in_(uuids[start : start + _BATCH])))
            found.update({row.uuid: row for row in rows})
        return found

    def row(
        self,
        event: ImportedEvent,
        action: ImportAction,
        venue: Venue | None,
        reason: str = "",
        engagement_id: int | None = None,
        kind: EngagementKind | None = None,
    ) -> None:
        self.rows.append(
            ImportRow(
                action,
                event.line,
                event.uid,
                event.title,
                event.start,
                event.end,
                venue.name if venue is not None else None,
                event.location,
                reason,
                engagement_id,
                event.all_day,
                kind,
            )
        )

    def clip(self, event: ImportedEvent) -> tuple[ImportedEvent, str]:
        """An all-day event reaching past the visit's days cut to the days inside it (with a note
        saying so); any other event as it is."""
        if not event.all_day or not (event.start < self.last and event.end > self.first):
            return event, ""
        if event.start >= self.first and event.end <= self.last:
            return event, ""
        start, end = max(event.start, self.first), min(event.end, self.last)
        tz = zone(self.visit.local_time_zone)
        first, last = event.start.astimezone(tz).date(), (event.end.astimezone(tz) - timedelta(seconds=1)).date()
        return dataclasses.replace(event, start=start, end=end), (
            f"only its days within the visit (the file has {first:%d %b %Y} to {last:%d %b %Y})"
        )

    def skip_reason(self, event: ImportedEvent) -> str:
        if event.end <= event.start:
            return "it has no duration (a reminder?)"
        if event.end - event.start > _LONGEST:
            return "it lasts longer than 31 days"
        if event.start < self.first or event.end > self.last:
            return "it falls outside the visit's dates"
        return ""

    def check_owner(self, event: ImportedEvent, engagement: Engagement) -> None:
        if engagement.visit_id != self.visit.id:
            other = self.session.get(Visit, engagement.visit_id)
            raise UserError(
                f"line {event.line} ({event.title}): this event (UID {event.uid}) is already the "
                f"engagement {engagement.title!r} of the visit {other.title if other else '?'!r}: "
                "import it into that visit",
                field="file",
            )

    def apply(self, event: ImportedEvent) -> None:
        event, clipped = self.clip(event)
        venue, room = self.venues.match(event.location)
        if event.engagement_uuid in self.pending:  # two UIDs naming one engagement: the second updates it
            self.create_pending()
        engagement = self.existing.get(event.engagement_uuid)
        if engagement is not None:
            self.check_owner(event, engagement)
            self.update(event, engagement, venue, room, clipped)
            return
        reason = self.skip_reason(event)
        if not reason and event.status is EngagementStatus.CANCELLED:
            reason = "it is cancelled and not in the visit"
        if reason:
            self.row(event, ImportAction.SKIP, venue, reason, kind=self.kind(event))
            return
        kind = self.kind(event)
        public, restricted = _notes(event, venue)
        data = EngagementData(
            kind=kind,
            title=event.title,
            start=event.start,
            end=event.end,
            venue_id=venue.id if venue else None,
            room_id=room.id if room else None,
            public_notes=public,
            restricted_notes=restricted,
            status=event.status,
        )
        with _at(event):
            self.checker.check(data)
        # created together at the end (one flush for all: linear time); the row gets its id then
        self.pending[event.engagement_uuid] = (
            len(self.rows),
            engagements.NewEngagement(EngagementPlan(data), event.engagement_uuid, event.sequence),
        )
        self.row(event, ImportAction.CREATE, venue, clipped, kind=kind)

    def kind(self, event: ImportedEvent) -> EngagementKind:
        """The officer's choice for the event, else what the file suggests (a transfer needs an
        origin the file cannot give: other instead)."""
        kind = self.kinds.get(event.uid, event.kind)
        return EngagementKind.OTHER if kind is EngagementKind.TRANSFER else kind

    def create_pending(self) -> None:
        """Create the engagements waiting in `pending`, and put their ids in their rows."""
        if not self.pending:
            return
        waiting = list(self.pending.values())
        self.pending.clear()
        changes, ids = engagements.create_engagements(self.session, self.visit.id, [item for _, item in waiting])
        self.changes.append(changes)
        loaded: dict[int, Engagement] = {}
        for start in range(0, len(ids), 500):  # the new rows, read back with one query per 500
            chunk = ids[start : start + 500]
            loaded.update((e.id, e) for e in self.session.scalars(select(Engagement).where(Engagement.id.in_(chunk))))
        for (index, item), created in zip(waiting, ids, strict=True):
            self.rows[index] = dataclasses.replace(self.rows[index], engagement_id=created)
            assert item.uid is not None
            self.existing[item.uid] = loaded[created]

    def update(
        self, event: ImportedEvent, engagement: Engagement, venue: Venue | None, room: Room | None, clipped: str
    ) -> None:
        plan = engagements.engagement_plan(engagement)
        values: dict[str, object]
        if event.status is EngagementStatus.CANCELLED:
            # a cancellation (Outlook's keeps the title behind "Canceled: ") changes only the status
            values = {"status": event.status}
        else:
            values = {"title": event.title, "start": event.start, "end": event.end, "status": event.status}
            # a transfer keeps its origin and destination; others take a matched venue (and room)
            if engagement.kind is not EngagementKind.TRANSFER and venue is not None and venue.id != plan.data.venue_id:
                values.update(venue_id=venue.id, room_id=room.id if room else None)
            elif engagement.kind is not EngagementKind.TRANSFER and venue is not None and room is not None:
                values.update(room_id=room.id)
        if event.uid in self.kinds and engagement.kind is not EngagementKind.TRANSFER:
            values["kind"] = self.kind(event)
        data = dataclasses.replace(plan.data, **values)  # type: ignore[arg-type]
        shown = venue or engagement.venue
        labels = {
            "title": "title",
            "start": "time",
            "end": "time",
            "status": "status",
            "venue_id": "venue",
            "room_id": "room",
            "kind": "kind",
        }
        changed = sorted({labels[k] for k in values if getattr(data, k) != getattr(plan.data, k)})
        if not changed:
            reason = "already cancelled" if "title" not in values else "the engagement already matches"
            self.row(event, ImportAction.UNCHANGED, shown, reason, engagement.id, plan.data.kind)
            return
        if event.sequence < engagement.sequence:
            self.row(
                event,
                ImportAction.SKIP,
                shown,
                f"the file has an older revision (SEQUENCE {event.sequence}; the engagement is at "
                f"{engagement.sequence})",
                engagement.id,
                plan.data.kind,
            )
            return
        reason = self.skip_reason(event)
        if reason and event.status is not EngagementStatus.CANCELLED:
            self.row(event, ImportAction.SKIP, shown, reason, engagement.id, plan.data.kind)
            return
        with _at(event):
            self.changes.append(
                engagements.update_engagement(self.session, engagement.id, dataclasses.replace(plan, data=data))
            )
        if event.sequence > engagement.sequence:
            engagement.sequence = event.sequence
        note = ", ".join(changed) + (f"; {clipped}" if clipped and "time" in changed else "")
        self.row(event, ImportAction.UPDATE, shown, note, engagement.id, data.kind)


@service
def import_calendar(
    session: Session,
    visit_id: int,
    parsed: CalendarImport,
    *,
    dry_run: bool = False,
    kinds: Mapping[str, EngagementKind] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CalendarImportResult:
    """Create or update the visit's engagements from a parsed calendar file, all or nothing.

    An event whose UID maps to an existing engagement (our own UIDs map back to the engagement
    they came from) updates its title, times, status and, when LOCATION ("Venue", "Room, Venue",
    "Venue; Room", ...) matches a venue by name or code, its venue and room; a cancelled one
    (METHOD:CANCEL, STATUS:CANCELLED or Outlook's "Canceled: " title) only cancels it. An older
    SEQUENCE than the engagement's is skipped, as is an event of another visit's engagement
    refused. A new event becomes an engagement (kind from `kinds` by event UID, the officer's
    choice in the preview, else from CATEGORIES or the title's words; unmatched LOCATION kept in
    the public notes, DESCRIPTION in the public notes or, for a CONFIDENTIAL or PRIVATE event, the
    restricted ones) unless it is cancelled, has no duration or falls outside the visit's dates,
    which are skipped with the reason; an all-day event reaching past the visit's days is
    imported for the days inside it. Any error undoes the whole import. With `dry_run` the same
    work is done and then rolled back: the rows say what would happen, and nothing changes.
    `progress` is called with (events done, events in all); when `cancelled` answers True,
    `WorkCancelled` is raised and nothing is kept.
    """
    with collection_paused():
        return _import(session, visit_id, parsed, dry_run, kinds or {}, progress, cancelled)


def _import(
    session: Session,
    visit_id: int,
    parsed: CalendarImport,
    dry_run: bool,
    kinds: Mapping[str, EngagementKind],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> CalendarImportResult:
    visit = get(session, Visit, visit_id, "visit")
    savepoint = session.begin_nested() if dry_run else None
    try:
        run = _Run(session, visit, parsed, kinds)
        total = len(parsed.events)
        for done, event in enumerate(parsed.events, start=1):
            run.apply(event)
            if done % 100 == 0 or done == total:
                if cancelled is not None and cancelled():
                    raise WorkCancelled("the calendar import was cancelled: nothing was imported")
                if progress is not None:
                    progress(done, total)
        if not dry_run:  # a dry run has checked each new engagement; inserting them only to roll back is waste
            run.create_pending()
        session.flush()
    finally:
        if savepoint is not None:
            savepoint.rollback()
    rows = tuple(
        dataclasses.replace(row, engagement_id=None)
        if dry_run and row.action is ImportAction.CREATE and row.engagement_id is not None
        else row
        for row in run.rows
    )
    return CalendarImportResult(rows, Changes() if dry_run else _merged(run.changes), dry_run)


def _merged(steps: Sequence[Changes]) -> Changes:
    """All the steps' `Changes` as one, in time linear in their sizes."""
    return Changes(
        frozenset().union(*(c.created for c in steps)),
        frozenset().union(*(c.updated for c in steps)),
        frozenset().union(*(c.deleted for c in steps)),
        frozenset().union(*(c.replaced for c in steps)),
    )
