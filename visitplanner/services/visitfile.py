"""Importing a portable visit file: one transaction through the ordinary services, all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import AttendanceData, EngagementPlan
from visitplanner.domain.work import WorkCancelled
from visitplanner.importers.visitfile import ENGAGEMENT_RENAMES, TRAVEL_RENAMES, VisitDocument, at_path, fail
from visitplanner.services import attendees, engagements, organisations, people, vehicles, venues, visits
from visitplanner.services.base import service
from visitplanner.store.models import Engagement, Organisation, Person, Room, TravelTime, Venue, Visit

_UID_BATCH = 500
#: How many engagements are imported between two progress reports (and checks for a cancel).
_REPORT_EVERY = 50


@contextmanager
def _at(path: str, renames: Mapping[str, str] | None = None) -> Iterator[None]:
    """Re-raise a service's `UserError` ("email: ...") with the JSON path ("$.people[2].email: ...")."""
    try:
        yield
    except UserError as exc:
        raise at_path(path, exc, renames) from exc


class _Import:
    """One import in progress: the ids given to the document's keys and codes, and what changed.

    Attributes:
        session: the session the import runs in.
        document: the parsed visit file.
        changes: everything created, updated and deleted so far.
    """

    def __init__(self, session: Session, document: VisitDocument) -> None:
        self.session = session
        self.document = document
        self.changes = Changes()
        self.organisations: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.venues: dict[str, int] = {}
        self.rooms: dict[tuple[str, str], int] = {}
        self.attendees: dict[str, int] = {}
        self.vehicles: dict[str, int] = {}

    def _created(self, changes: Changes, entity: Entity) -> int:
        self.changes |= changes
        return changes.created_id(entity)

    def replace_or_refuse(self, replace: bool) -> None:
        slug = self.document.visit.data.slug
        existing = self.session.scalars(select(Visit).where(Visit.slug == slug)).first()
        if existing is None:
            return
        if not replace:
            raise SlugTaken(slug, existing.title)
        with _at("$.visit"):
            self.changes |= visits.delete_visit(self.session, existing.id)

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

    def import_organisations(self) -> None:
        for i, entry in enumerate(self.document.organisations):
            found = self.session.scalars(
                select(Organisation.id)
                .where(func.lower(Organisation.name) == entry.data.name.lower())
                .order_by(Organisation.id)
            ).first()
            if found is None:
                with _at(f"$.organisations[{i}]"):
                    found = self._created(
                        organisations.create_organisation(self.session, entry.data), Entity.ORGANISATION
                    )
            self.organisations[entry.key] = found

    def import_people(self) -> None:
        for i, entry in enumerate(self.document.people):
            email = entry.data.email.strip()
            found = None
            if email:
                found = self.session.scalars(
                    select(Person.id).where(func.lower(Person.email) == email.lower()).order_by(Person.id)
                ).first()
            if found is None:
                org = self.organisations[entry.organisation] if entry.organisation is not None else None
                data = dataclasses.replace(entry.data, organisation_id=org)
                with _at(f"$.people[{i}]"):
                    found = self._created(people.create_person(self.session, data), Entity.PERSON)
            self.people[entry.key] = found

    def import_venues(self) -> None:
        for i, entry in enumerate(self.document.venues):
            path = f"$.venues[{i}]"
            venue = self.session.scalars(select(Venue).where(Venue.code == entry.code.strip())).first()
            if venue is None:
                with _at(path):
                    venue_id = self._created(venues.create_venue(self.session, entry.data), Entity.VENUE)
                rooms: dict[str, int] = {}
            else:
                venue_id = venue.id
                rooms = {
                    room.name: room.id for room in self.session.scalars(select(Room).where(Room.venue_id == venue_id))
                }
            for j, room in enumerate(entry.rooms):
                if room.name not in rooms:
                    with _at(f"{path}.rooms[{j}]"):
                        rooms[room.name] = self._created(venues.add_room(self.session, venue_id, room), Entity.ROOM)
                self.rooms[entry.code, room.name] = rooms[room.name]
            self.venues[entry.code] = venue_id

    def import_travel_times(self) -> None:
        for i, entry in enumerate(self.document.travel_times):
            a, b = self.venues[entry.from_venue], self.venues[entry.to_venue]
            known = self.session.scalars(
                select(TravelTime.id).where(TravelTime.from_venue_id == a, TravelTime.to_venue_id == b)
            ).first()
            if known is None:
                with _at(f"$.travel_times[{i}]", TRAVEL_RENAMES):
                    self.changes |= venues.set_travel_time(self.session, entry.data(a, b))

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
                self.changes |= visits.set_issue_number(self.session, visit_id, entry.issue_number)
        return visit_id

    def import_attendees(self, visit_id: int) -> None:
        for i, entry in enumerate(self.document.attendees):
            with _at(f"$.attendees[{i}]"):
                self.attendees[entry.key] = self._created(
                    attendees.add_attendee(self.session, visit_id, entry.data(self.people[entry.person])),
                    Entity.ATTENDEE,
                )

    def import_vehicles(self, visit_id: int) -> None:
        for i, entry in enumerate(self.document.vehicles):
            driver = self.attendees[entry.driver] if entry.driver is not None else None
            data = dataclasses.replace(entry.data, driver_attendee_id=driver)
            with _at(f"$.vehicles[{i}]"):
                self.vehicles[entry.key] = self._created(
                    vehicles.create_vehicle(self.session, visit_id, data), Entity.VEHICLE
                )

    def import_engagements(
        self, visit_id: int, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        total = len(self.document.engagements)
        for i, entry in enumerate(self.document.engagements):
            if i % _REPORT_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise WorkCancelled("the visit import was cancelled: nothing was imported")
                if progress is not None:
                    progress(i, total)
            data = dataclasses.replace(
                entry.data,
                venue_id=self.venues[entry.venue] if entry.venue is not None else None,
                room_id=(
                    self.rooms[entry.venue, entry.room] if entry.venue is not None and entry.room is not None else None
                ),
                origin_venue_id=self.venues[entry.origin_venue] if entry.origin_venue is not None else None,
                vehicle_id=self.vehicles[entry.vehicle] if entry.vehicle is not None else None,
            )
            plan = EngagementPlan(
                data, tuple(AttendanceData(self.attendees[a.attendee], a.part) for a in entry.attendances)
            )
            with _at(f"$.engagements[{i}]", ENGAGEMENT_RENAMES):
                self._created(
                    engagements.create_engagement(self.session, visit_id, plan, uid=entry.uid, sequence=entry.sequence),
                    Entity.ENGAGEMENT,
                )


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
) -> Changes:
    """Create the document's visit with its attendees, vehicles and engagements, all or nothing.

    Organisations are reused when one has the same name (ignoring case), people when one has
    the same e-mail address (ignoring case; people without one are always created), venues when
    one has the same code (rooms the venue lacks are added); reused rows are left as they are.
    Travel times are added where none is recorded for that pair of venues. Engagements keep their
    UID and sequence. A visit with the same slug is refused unless `replace`, which deletes it
    first. Every `UserError` names the JSON path of the entry it concerns. `progress` is called
    with (engagements done, engagements in all); when `cancelled` answers True,
    `WorkCancelled` is raised and nothing is kept.
    """
    run = _Import(session, document)
    with session.begin_nested():
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
    if progress is not None:
        progress(len(document.engagements), len(document.engagements))
    return run.changes
