"""Importing a portable visit file: one transaction through the ordinary services, all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, ChangesBuilder, Entity
from visitplanner.domain.errors import ItemError, UserError
from visitplanner.domain.seating import Placement, SeatingLayout
from visitplanner.domain.values import AttendanceData, EngagementPlan, GiftData, PersonData, RoomData, TravelTimeData
from visitplanner.domain.work import WorkCancelled
from visitplanner.importers.visitfile import (
    ENGAGEMENT_RENAMES,
    LEG_RENAMES,
    TRAVEL_RENAMES,
    EngagementEntry,
    GiftEntry,
    VisitDocument,
    at_path,
    fail,
)
from visitplanner.services import (
    attendees,
    editions,
    engagements,
    gifts,
    invitations,
    organisations,
    people,
    seating,
    tasks,
    travel,
    vehicles,
    venues,
    visits,
)
from visitplanner.services import issues as briefing_issues
from visitplanner.services.base import service
from visitplanner.services.visitfile_reconcile import Prefer, taken_from_file
from visitplanner.store.models import Engagement, Organisation, Person, Room, TravelTime, Venue, Visit

_UID_BATCH = 500
#: How many engagements are checked and inserted as one batch (between two progress reports and
#: checks for a cancel).
_ENGAGEMENT_BATCH = 1000


@contextmanager
def _at(path: str, renames: Mapping[str, str] | None = None) -> Iterator[None]:
    """Re-raise a service's `UserError` ("email: ...") with the JSON path ("$.people[2].email: ...").

    `path` may hold "{}", filled with the position an `ItemError` of a batch names (plus `offset`).
    """
    try:
        yield
    except UserError as exc:
        raise at_path(path, exc, renames) from exc


@contextmanager
def _at_item(path: str, renames: Mapping[str, str] | None = None, offset: int = 0) -> Iterator[None]:
    """Re-raise the `ItemError` of a batch service with the JSON path of the item it names
    (`path` holds "{}" for its position in the file, `offset` plus its position in the batch)."""
    try:
        yield
    except ItemError as exc:
        raise at_path(path.format(offset + exc.index), exc, renames) from exc


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


class _Import:
    """One import in progress: the ids given to the document's keys and codes, and what changed.

    Every kind of row is checked and inserted as a batch (one query to find what exists, one
    insert for what is new), so the import's time grows linearly with the file.

    Attributes:
        session: the session the import runs in.
        document: the parsed visit file.
        changes: everything created, updated and deleted so far.
    """

    def __init__(self, session: Session, document: VisitDocument, taken: frozenset[str] = frozenset()) -> None:
        self.session = session
        self.document = document
        #: the JSON paths of the reused organisations, people, venues and rooms the file's values replace
        self.taken = taken
        self.changes = ChangesBuilder()
        self.organisations: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.venues: dict[str, int] = {}
        self.rooms: dict[tuple[str, str], int] = {}
        self.attendees: dict[str, int] = {}
        self.vehicles: dict[str, int] = {}

    def _created(self, changes: Changes, entity: Entity) -> int:
        self.changes.add(changes)
        return changes.created_id(entity)

    def _batch(self, result: tuple[Changes, list[int]]) -> list[int]:
        self.changes.add(result[0])
        return result[1]

    def replace_or_refuse(self, replace: bool) -> None:
        slug = self.document.visit.data.slug
        existing = self.session.scalars(select(Visit).where(Visit.slug == slug)).first()
        if existing is None:
            return
        if not replace:
            raise SlugTaken(slug, existing.title)
        with _at("$.visit"):
            self.changes.add(visits.delete_visit(self.session, existing.id))

    def check_uids(self) -> None:
        """Refuse engagement UIDs another visit already uses (calendars know them as its events)."""
        uids = [e.uid for e in self.document.engagements]
        used: dict[str, str] = {}
        for start in range(0, len(uids), _UID_BATCH):
            rows = self.session.execute(
                select(Engagement.uuid, Visit.title)
                .join(Visit, Visit.id == Engagement.visit_id)
                .where(Engagement.uuid.in_(uids[start : start + _UID_BATCH]))
            )
            used.update({uid: title for uid, title in rows})
        for i, uid in enumerate(uids):
            if uid in used:
                raise fail(
                    f"$.engagements[{i}].uid",
                    f"the UID {uid} is already used by an engagement of the visit {used[uid]!r}",
                )

    def _existing(self, column: Any, keys: Sequence[str], lower: bool) -> dict[str, int]:
        """Key (lower-cased when `lower`) -> the lowest id of a row whose `column` has it."""
        found: dict[str, int] = {}
        wanted = sorted({k.lower() if lower else k for k in keys if k})
        table_id = column.table.c.id
        compared = func.lower(column) if lower else column
        for start, stop in _chunks(len(wanted), _UID_BATCH):
            rows = self.session.execute(
                select(compared, table_id).where(compared.in_(wanted[start:stop])).order_by(table_id)
            )
            for key, ident in rows:
                found.setdefault(key, ident)
        return found

    def import_organisations(self) -> None:
        entries = self.document.organisations
        found = self._existing(Organisation.__table__.c.name, [e.data.name for e in entries], lower=True)
        for i, entry in enumerate(entries):
            name = entry.data.name.lower()
            if name not in found:
                with _at(f"$.organisations[{i}]"):
                    found[name] = self._created(
                        organisations.create_organisation(self.session, entry.data), Entity.ORGANISATION
                    )
            elif f"$.organisations[{i}]" in self.taken:
                with _at(f"$.organisations[{i}]"):
                    self.changes.add(organisations.update_organisation(self.session, found[name], entry.data))
            self.organisations[entry.key] = found[name]

    def import_people(self) -> None:
        entries = self.document.people
        found = self._existing(Person.__table__.c.email, [e.data.email.strip() for e in entries], lower=True)
        new: list[tuple[int, PersonData]] = []
        for i, entry in enumerate(entries):
            email = entry.data.email.strip().lower()
            org = self.organisations[entry.organisation] if entry.organisation is not None else None
            if email and email in found:
                self.people[entry.key] = found[email]
                if f"$.people[{i}]" in self.taken:
                    with _at(f"$.people[{i}]"):
                        data = dataclasses.replace(entry.data, organisation_id=org)
                        self.changes.add(people.update_person(self.session, found[email], data))
                continue
            new.append((i, dataclasses.replace(entry.data, organisation_id=org)))
        try:
            ids = self._batch(people.create_people(self.session, [data for _, data in new]))
        except ItemError as exc:
            raise at_path(f"$.people[{new[exc.index][0]}]", exc) from exc
        for (i, _), ident in zip(new, ids, strict=True):
            self.people[entries[i].key] = ident

    def import_venues(self) -> None:
        entries = self.document.venues
        codes = [e.code.strip() for e in entries]
        found = self._existing(Venue.__table__.c.code, codes, lower=False)
        new = [i for i, code in enumerate(codes) if code not in found]
        try:
            ids = self._batch(venues.create_venues(self.session, [entries[i].data for i in new]))
        except ItemError as exc:
            raise at_path(f"$.venues[{new[exc.index]}]", exc) from exc
        found.update((codes[i], ident) for i, ident in zip(new, ids, strict=True))
        known: dict[tuple[int, str], int] = {}
        fresh = set(new)
        reused = sorted({found[code] for i, code in enumerate(codes) if i not in fresh})
        for start, stop in _chunks(len(reused), _UID_BATCH):
            rows = self.session.execute(
                select(Room.venue_id, Room.name, Room.id).where(Room.venue_id.in_(reused[start:stop]))
            )
            known.update(((venue_id, name), ident) for venue_id, name, ident in rows)
        rooms: list[tuple[str, int, tuple[int, RoomData]]] = []
        for i, entry in enumerate(entries):
            venue_id = found[codes[i]]
            if i not in fresh and f"$.venues[{i}]" in self.taken:
                with _at(f"$.venues[{i}]"):
                    self.changes.add(venues.update_venue(self.session, venue_id, entry.data))
            for j, room in enumerate(entry.rooms):
                if (venue_id, room.name) in known:
                    self.rooms[entry.code, room.name] = known[venue_id, room.name]
                    if f"$.venues[{i}].rooms[{j}]" in self.taken:
                        with _at(f"$.venues[{i}].rooms[{j}]"):
                            self.changes.add(venues.update_room(self.session, known[venue_id, room.name], room))
                else:
                    rooms.append((f"$.venues[{i}].rooms[{j}]", venue_id, (venue_id, room)))
        try:
            room_ids = self._batch(venues.add_rooms(self.session, [pair for _, _, pair in rooms]))
        except ItemError as exc:
            raise at_path(rooms[exc.index][0], exc) from exc
        for (_, _, (venue_id, room)), ident in zip(rooms, room_ids, strict=True):
            known[venue_id, room.name] = ident
        for i, entry in enumerate(entries):
            for room in entry.rooms:
                self.rooms[entry.code, room.name] = known[found[codes[i]], room.name]
            self.venues[entry.code] = found[codes[i]]

    def import_travel_times(self) -> None:
        entries = self.document.travel_times
        pairs = sorted({(self.venues[e.from_venue], self.venues[e.to_venue]) for e in entries})
        known: set[tuple[int, int]] = set()
        for start, stop in _chunks(len(pairs), _UID_BATCH):
            known.update(
                (a, b)
                for a, b in self.session.execute(
                    select(TravelTime.from_venue_id, TravelTime.to_venue_id).where(
                        tuple_(TravelTime.from_venue_id, TravelTime.to_venue_id).in_(pairs[start:stop])
                    )
                )
            )
        new: list[tuple[int, TravelTimeData]] = []
        for i, entry in enumerate(entries):
            pair = (self.venues[entry.from_venue], self.venues[entry.to_venue])
            if pair not in known:
                known.add(pair)
                new.append((i, entry.data(*pair)))
        try:
            self._batch(venues.add_travel_times(self.session, [data for _, data in new]))
        except ItemError as exc:
            raise at_path(f"$.travel_times[{new[exc.index][0]}]", exc, TRAVEL_RENAMES) from exc

    def add_visit(self) -> int:
        entry = self.document.visit
        data = dataclasses.replace(
            entry.data,
            visiting_organisation_id=(
                self.organisations[entry.visiting_organisation] if entry.visiting_organisation is not None else None
            ),
            host_organisation_id=(
                self.organisations[entry.host_organisation] if entry.host_organisation is not None else None
            ),
        )
        with _at("$.visit"):
            visit_id = self._created(visits.create_visit(self.session, data), Entity.VISIT)
            if entry.issue_number:
                self.changes.add(visits.set_issue_number(self.session, visit_id, entry.issue_number))
        return visit_id

    def import_editions(self, visit_id: int) -> None:
        """The file's editions replace the defaults (checked once the attendees are in, as a host
        edition's list may not name the visiting side); a version-1 file keeps the defaults."""
        if self.document.editions is not None:
            with _at("$.editions"):
                self.changes |= editions.set_editions(self.session, visit_id, self.document.editions)

    def import_attendees(self, visit_id: int) -> None:
        entries = self.document.attendees
        with _at_item("$.attendees[{}]"):
            ids = self._batch(
                attendees.add_attendees(self.session, visit_id, [e.data(self.people[e.person]) for e in entries])
            )
        self.attendees.update((e.key, ident) for e, ident in zip(entries, ids, strict=True))

    def import_vehicles(self, visit_id: int) -> None:
        entries = self.document.vehicles
        items = [
            dataclasses.replace(e.data, driver_attendee_id=self.attendees[e.driver] if e.driver is not None else None)
            for e in entries
        ]
        with _at_item("$.vehicles[{}]"):
            ids = self._batch(vehicles.create_vehicles(self.session, visit_id, items))
        self.vehicles.update((e.key, ident) for e, ident in zip(entries, ids, strict=True))

    def _new_engagement(self, entry: EngagementEntry) -> engagements.NewEngagement:
        data = dataclasses.replace(
            entry.data,
            venue_id=self.venues[entry.venue] if entry.venue is not None else None,
            room_id=(
                self.rooms[entry.venue, entry.room] if entry.venue is not None and entry.room is not None else None
            ),
            origin_venue_id=self.venues[entry.origin_venue] if entry.origin_venue is not None else None,
            vehicle_id=self.vehicles[entry.vehicle] if entry.vehicle is not None else None,
        )
        if entry.companions:
            companions = {number: self.attendees[key] for number, key in entry.companions}
            data = dataclasses.replace(
                data,
                guests=tuple(
                    dataclasses.replace(g, accompanies_attendee_id=companions.get(g.number)) for g in data.guests
                ),
            )
        plan = EngagementPlan(
            data, tuple(AttendanceData(self.attendees[a.attendee], a.part) for a in entry.attendances)
        )
        return engagements.NewEngagement(plan, entry.uid, entry.sequence)

    def import_engagements(
        self, visit_id: int, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        entries = self.document.engagements
        total = len(entries)
        for start, stop in _chunks(total, _ENGAGEMENT_BATCH):
            if cancelled is not None and cancelled():
                raise WorkCancelled("the visit import was cancelled: nothing was imported")
            if progress is not None:
                progress(start, total)
            items = [self._new_engagement(entry) for entry in entries[start:stop]]
            with _at_item("$.engagements[{}]", ENGAGEMENT_RENAMES, offset=start):
                self._batch(engagements.create_engagements(self.session, visit_id, items))

    def import_seating(self) -> None:
        """The engagements' seating plans (after the engagements, found by their UIDs)."""
        for i, entry in enumerate(self.document.engagements):
            if entry.seating is None:
                continue
            plan = entry.seating
            engagement_id = engagements.engagement_id(self.session, entry.uid)
            layout = SeatingLayout(
                plan.style,
                plan.tables,
                tuple(
                    sorted(
                        [
                            *(Placement(t, s, self.attendees[key], locked) for t, s, key, locked in plan.seats),
                            *(Placement(t, s, None, locked, number) for t, s, number, locked in plan.guest_seats),
                        ],
                        key=lambda p: (p.table, p.seat),
                    )
                ),
            )
            with _at(f"$.engagements[{i}].seating"):
                self.changes.add(seating.create_plan_from_layout(self.session, engagement_id, layout))

    def gift_data(self, entry: GiftEntry) -> GiftData:
        uid = entry.engagement
        engagement = (
            self.session.scalars(select(Engagement.id).where(Engagement.uuid == uid)).one() if uid is not None else None
        )
        return dataclasses.replace(
            entry.data,
            giver_attendee_id=self.attendees[entry.giver] if entry.giver is not None else None,
            giver_organisation_id=(
                self.organisations[entry.giver_organisation] if entry.giver_organisation is not None else None
            ),
            recipient_attendee_id=self.attendees[entry.recipient] if entry.recipient is not None else None,
            recipient_organisation_id=(
                self.organisations[entry.recipient_organisation] if entry.recipient_organisation is not None else None
            ),
            engagement_id=engagement,
        )

    def import_travel_legs(self, visit_id: int) -> None:
        for i, entry in enumerate(self.document.travel_legs):
            data = dataclasses.replace(
                entry.data,
                venue_id=self.venues[entry.venue] if entry.venue is not None else None,
                met_by_attendee_id=self.attendees[entry.met_by] if entry.met_by is not None else None,
                traveller_ids=tuple(self.attendees[key] for key in entry.travellers),
            )
            with _at(f"$.travel_legs[{i}]", LEG_RENAMES):
                self.changes.add(travel.create_leg(self.session, visit_id, data))

    def import_issues(self, visit_id: int) -> None:
        """The recorded briefing-pack issues, their snapshots keyed by the new attendee ids (an
        attendee who had left the visit, "former-N", by the id -N, which no row has)."""

        def ident(key: str) -> str:
            if key in self.attendees:
                return str(self.attendees[key])
            return "-" + key.removeprefix("former-")

        issues = []
        for entry in self.document.issues:
            snapshot = dict(entry.snapshot)
            snapshot["attendees"] = {ident(k): v for k, v in entry.snapshot["attendees"].items()}
            snapshot["engagements"] = {
                uid: {**e, "attendances": {ident(k): p for k, p in e["attendances"].items()}}
                for uid, e in entry.snapshot["engagements"].items()
            }
            issues.append((entry.number, entry.issued_at, entry.issued_by, entry.copies, snapshot))
        if issues:
            with _at("$.briefing_issues"):
                self.changes.add(briefing_issues.restore_issues(self.session, visit_id, issues))

    def import_invitations(self, visit_id: int) -> None:
        document = self.document
        if not document.invitations and not document.replies:
            return
        sent = [
            (
                dataclasses.replace(
                    entry.record, person_id=self.people[entry.person] if entry.person is not None else None
                ),
                entry.sent_at,
            )
            for entry in document.invitations
        ]
        with _at("$.invitations"):
            self.changes.add(invitations.restore_record(self.session, visit_id, sent, document.replies))


class SlugTaken(UserError):
    """The file's visit has the slug of a visit already in the database (import it again with
    `replace` to overwrite that visit).

    Attributes:
        slug: the slug.
        title: the title of the visit that has it.
    """

    def __init__(self, slug: str, title: str) -> None:
        super().__init__(
            f"$.visit.slug: the visit {title!r} already has the slug {slug!r}: replace that visit "
            "(--replace on the command line), or change the slug in the file",
            field="$.visit.slug",
        )
        self.slug, self.title = slug, title


@service
def import_visit(
    session: Session,
    document: VisitDocument,
    *,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    prefer: Prefer | str = Prefer.DATABASE,
    choices: Mapping[str, bool] | None = None,
) -> Changes:
    """Create the document's visit with its attendees, vehicles and engagements, all or nothing.

    Organisations are reused when one has the same name (ignoring case), people when one has
    the same e-mail address (ignoring case; people without one are always created), venues when
    one has the same code (rooms the venue lacks are added). Where a reused row's values differ
    from the file's (`visitfile_reconcile.visit_file_differences`), the file's replace them for
    the items `choices` maps to True (by JSON path, e.g. "$.venues[0].rooms[1]"), and for the
    others when `prefer` is "file"; otherwise the database's are kept.
    Travel times are added where none is recorded for that pair of venues. Engagements keep their
    UID and sequence. A visit with the same slug is refused unless `replace`, which deletes it
    first. Every `UserError` names the JSON path of the entry it concerns. `progress` is called
    with (engagements done, engagements in all); when `cancelled` answers True,
    `WorkCancelled` is raised and nothing is kept.
    """
    with session.begin_nested():
        taken, _ = taken_from_file(session, document, prefer, choices)
        run = _Import(session, document, taken)
        run.replace_or_refuse(replace)
        run.check_uids()
        run.import_organisations()
        run.import_people()
        run.import_venues()
        run.import_travel_times()
        visit_id = run.add_visit()
        run.import_attendees(visit_id)
        run.import_vehicles(visit_id)
        run.import_engagements(visit_id, progress, cancelled)
        run.import_travel_legs(visit_id)
        run.import_seating()
        for i, entry in enumerate(document.gifts):
            with _at(f"$.gifts[{i}]"):
                run.changes.add(gifts.create_gift(session, visit_id, run.gift_data(entry)))
        for i, data in enumerate(document.tasks):
            with _at(f"$.tasks[{i}]"):
                run.changes.add(tasks.create_task(session, visit_id, data))
        run.import_editions(visit_id)
        run.import_issues(visit_id)
        run.import_invitations(visit_id)
    if progress is not None:
        progress(len(document.engagements), len(document.engagements))
    return run.changes.build()
