"""Runs the checks engine on a stored visit: reads plain values, hands them to the domain.

The checks run again after every edit, and reading a large visit's input afresh each time (a
5,000-engagement visit has some 100,000 attendances) would cost more than the checks
themselves. So the input read through a read-only session (what the window and the command
line use: committed rows only) is kept per database and visit, and brought up to date on the
next read from what the database says changed:

* engagements, attendees (with their people) and venues carry a version that every committed
  change raises, and ids are never reused: rows whose (id, version) the keeper does not hold are
  read again, rows gone are dropped;
* attendances have no version: a change of part raises the engagement's version (the only
  service that changes a part also stamps the engagement); one added or removed changes the count
  or the sum of the attendance ids of its engagement (new ids are always larger than every id
  before them, so replacing some by as many others raises the sum). One aggregate over the visit
  tells whether that happened anywhere outside the engagements read again; only then does a
  second one, grouped by engagement, say where;
* the visit, its rooms, travel times, vehicles and travel legs are small and read whole every
  time.

A session that may write (a test's, a dry run) sees its own uncommitted rows, which a rollback
can take back while their ids and versions come round again: it reads the whole input afresh,
through the same code, and keeps nothing.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from visitplanner.domain.checks import (
    CheckAttendance,
    CheckAttendee,
    CheckEngagement,
    CheckGift,
    CheckInput,
    CheckLeg,
    CheckOptions,
    CheckRoom,
    CheckSeatingPlan,
    CheckTask,
    CheckTravelTime,
    CheckVehicle,
    CheckVenue,
    CheckVisit,
    Finding,
    run_checks,
)
from visitplanner.domain.enums import GiftStatus, LegDirection
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.invitations import PartStat
from visitplanner.domain.names import PersonName, parse_languages
from visitplanner.domain.values import leg_name
from visitplanner.services.base import today_in
from visitplanner.services.gifts import read_gifts
from visitplanner.services.tasks import read_tasks
from visitplanner.store.database import READ_ONLY
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    InvitationReply,
    Person,
    Room,
    TravelLeg,
    TravelLegTraveller,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.office import office_check_options
from visitplanner.store.queries import find_visit, table
from visitplanner.store.seating import visit_plans

#: Ids per IN (...) list.
_CHUNK = 500
#: How many visits' inputs are kept per database (the visit shown, and one or two before it).
_KEPT_VISITS = 3


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


@dataclass
class _VisitInput:
    """The checks' input of one visit as last read, with what tells whether each part is current.

    Attributes:
        engagements: id -> (version, the engagement).
        attendances: engagement id -> its attendances as (attendance id, the attendance), by id.
        digests: engagement id -> (count, sum of ids) of its attendances held.
        attendees: attendee id -> ((attendee version, person version), the attendee).
        venues: venue id -> (version, the venue).
        flat: the attendances as one tuple, built again only when one changed.
    """

    engagements: dict[int, tuple[int, CheckEngagement]] = field(default_factory=dict)
    attendances: dict[int, tuple[tuple[int, CheckAttendance], ...]] = field(default_factory=dict)
    digests: dict[int, tuple[int, int]] = field(default_factory=dict)
    attendees: dict[int, tuple[tuple[int, int], CheckAttendee]] = field(default_factory=dict)
    venues: dict[int, tuple[int, CheckVenue]] = field(default_factory=dict)
    flat: tuple[CheckAttendance, ...] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def digest(self) -> tuple[int, int]:
        """(count, sum of ids) of the attendances held."""
        return sum(n for n, _ in self.digests.values()), sum(total for _, total in self.digests.values())

    def set_attendances(self, engagement: int, rows: list[tuple[int, CheckAttendance]]) -> None:
        if rows:
            rows.sort(key=lambda row: row[0])
            self.attendances[engagement] = tuple(rows)
            self.digests[engagement] = (len(rows), sum(ident for ident, _ in rows))
        else:
            self.attendances.pop(engagement, None)
            self.digests.pop(engagement, None)
        self.flat = None


class _Reader:
    """Brings a `_VisitInput` up to date for one visit through one session."""

    def __init__(
        self, session: Session, visit_id: int, held: _VisitInput, today: date | None = None, now: datetime | None = None
    ) -> None:
        self.today = today
        self.now = now
        self.session = session
        self.visit_id = visit_id
        self.held = held

    def rows(self, query: Select[Any]) -> Sequence[Any]:
        return self.session.execute(query).all()

    def in_chunks(self, query: Select[Any], column: Any, ids: Iterable[int]) -> list[Any]:
        found: list[Any] = []
        for chunk in _chunks(ids):
            found += self.rows(query.where(column.in_(chunk)))
        return found

    # -- engagements and attendances ---------------------------------------------------------

    def engagements(self) -> set[int]:
        """Read the engagements not held at their current version; the ids of those read."""
        e = table(Engagement)
        current = dict(self.rows(select(e.c.id, e.c.version).where(e.c.visit_id == self.visit_id)))
        held = self.held.engagements
        for gone in held.keys() - current.keys():
            del held[gone]
            self.held.set_attendances(gone, [])
        stale = {ident for ident, version in current.items() if ident not in held or held[ident][0] != version}
        if not stale:
            return stale
        query = select(
            e.c.id,
            e.c.version,
            e.c.title,
            e.c.kind,
            e.c.status,
            e.c.start_at,
            e.c.end_at,
            e.c.venue_id,
            e.c.room_id,
            e.c.origin_venue_id,
            e.c.vehicle_id,
            e.c.interpretation,
            e.c.guest_count,
        ).where(e.c.visit_id == self.visit_id)
        found = self.rows(query) if len(stale) > _CHUNK else self.in_chunks(query, e.c.id, stale)
        for row in found:
            if row.id in stale:
                held[row.id] = (
                    row.version,
                    CheckEngagement(
                        row.id,
                        row.title,
                        row.kind,
                        row.status,
                        _utc(row.start_at),
                        _utc(row.end_at),
                        row.venue_id,
                        row.room_id,
                        row.origin_venue_id,
                        row.vehicle_id,
                        row.interpretation,
                        row.guest_count,
                    ),
                )
        return stale

    def attendances(self, stale: set[int]) -> None:
        """Read the attendances of the engagements read again, and of any other whose set of
        attendances changed (found by the aggregates described in the module's docstring)."""
        if stale:
            self.read_attendances(stale)
        a, e = table(Attendance), table(Engagement)
        of_visit = select(func.count(a.c.id), func.coalesce(func.sum(a.c.id), 0)).join(e, e.c.id == a.c.engagement_id)
        count, total = self.rows(of_visit.where(e.c.visit_id == self.visit_id))[0]
        if (int(count), int(total)) == self.held.digest():
            return
        per_engagement = self.rows(
            select(a.c.engagement_id, func.count(a.c.id), func.sum(a.c.id))
            .join(e, e.c.id == a.c.engagement_id)
            .where(e.c.visit_id == self.visit_id)
            .group_by(a.c.engagement_id)
        )
        current = {engagement: (int(n), int(s)) for engagement, n, s in per_engagement}
        digests = self.held.digests
        changed = {e for e in self.held.engagements if current.get(e, (0, 0)) != digests.get(e, (0, 0))}
        self.read_attendances(changed)

    def read_attendances(self, engagements: set[int]) -> None:
        a, e = table(Attendance), table(Engagement)
        query = (
            select(a.c.id, a.c.engagement_id, a.c.attendee_id, a.c.part)
            .join(e, e.c.id == a.c.engagement_id)
            .where(e.c.visit_id == self.visit_id)
        )
        whole = len(engagements) > _CHUNK
        found = self.rows(query) if whole else self.in_chunks(query, a.c.engagement_id, engagements)
        grouped: dict[int, list[tuple[int, CheckAttendance]]] = {engagement: [] for engagement in engagements}
        for ident, engagement, attendee, part in found:
            if engagement in grouped:
                grouped[engagement].append((ident, CheckAttendance(engagement, attendee, part)))
        for engagement, rows in grouped.items():
            self.held.set_attendances(engagement, rows)

    # -- attendees and venues ----------------------------------------------------------------

    def attendees(self) -> None:
        a, p = table(Attendee), table(Person)
        current = {
            ident: (version, person_version)
            for ident, version, person_version in self.rows(
                select(a.c.id, a.c.version, p.c.version)
                .join(p, p.c.id == a.c.person_id)
                .where(a.c.visit_id == self.visit_id)
            )
        }
        held = self.held.attendees
        for gone in held.keys() - current.keys():
            del held[gone]
        stale = {ident for ident, versions in current.items() if ident not in held or held[ident][0] != versions}
        if not stale:
            return
        query = (
            select(
                a.c.id,
                a.c.version,
                p.c.version.label("person_version"),
                a.c.side,
                a.c.role,
                a.c.precedence,
                p.c.family_name,
                p.c.given_names,
                p.c.native_name,
                p.c.romanised_name,
                p.c.name_order,
                p.c.languages,
                p.c.dietary,
            )
            .join(p, p.c.id == a.c.person_id)
            .where(a.c.visit_id == self.visit_id)
        )
        for row in self.rows(query) if len(stale) > _CHUNK else self.in_chunks(query, a.c.id, stale):
            name = PersonName(row.family_name, row.given_names, row.native_name, row.romanised_name, row.name_order)
            held[row.id] = (
                (row.version, row.person_version),
                CheckAttendee(
                    row.id,
                    name.display,
                    row.side,
                    row.role,
                    row.precedence,
                    parse_languages(row.languages),
                    bool(row.dietary.strip()),
                ),
            )

    def venues(self, used: set[int]) -> None:
        v = table(Venue)
        current = dict(self.in_chunks(select(v.c.id, v.c.version), v.c.id, used))
        held = self.held.venues
        for gone in held.keys() - current.keys():
            del held[gone]
        stale = {ident for ident, version in current.items() if ident not in held or held[ident][0] != version}
        query = select(v.c.id, v.c.version, v.c.name, v.c.code, v.c.time_zone, v.c.capacity, v.c.opening_hours)
        for row in self.in_chunks(query, v.c.id, stale):
            hours = OpeningHours.from_json(row.opening_hours) if row.opening_hours is not None else None
            held[row.id] = (row.version, CheckVenue(row.id, row.name, row.code, row.time_zone, row.capacity, hours))

    def travel_times(self, used: set[int]) -> list[Any]:
        t = table(TravelTime)
        query = select(t.c.from_venue_id, t.c.to_venue_id, t.c.minutes)
        if len(used) > _CHUNK:  # the IN list would be too long for one statement: filter here
            return [row for row in self.rows(query) if row.from_venue_id in used and row.to_venue_id in used]
        return self.in_chunks(query.where(t.c.to_venue_id.in_(sorted(used))), t.c.from_venue_id, used)

    def legs(self) -> tuple[list[Any], dict[int, list[int]]]:
        """The visit's travel legs, by id, and each one's travellers."""
        leg, traveller = table(TravelLeg), table(TravelLegTraveller)
        legs = list(self.rows(select(leg).where(leg.c.visit_id == self.visit_id).order_by(leg.c.id)))
        travellers: dict[int, list[int]] = {}
        for leg_id, attendee_id in self.rows(
            select(traveller.c.leg_id, traveller.c.attendee_id)
            .join(leg, leg.c.id == traveller.c.leg_id)
            .where(leg.c.visit_id == self.visit_id)
        ):
            travellers.setdefault(leg_id, []).append(attendee_id)
        return legs, travellers

    def answers(self) -> dict[tuple[int, int], PartStat]:
        """(engagement id, attendee id) -> the reply recorded for that attendee's address and the
        engagement's UID (only attendances with a reply)."""
        reply, a, e, at, p = (
            table(InvitationReply),
            table(Attendance),
            table(Engagement),
            table(Attendee),
            table(Person),
        )
        rows = self.rows(
            select(a.c.engagement_id, a.c.attendee_id, reply.c.partstat)
            .join(e, e.c.id == a.c.engagement_id)
            .join(at, at.c.id == a.c.attendee_id)
            .join(p, p.c.id == at.c.person_id)
            .join(
                reply,
                (reply.c.visit_id == e.c.visit_id)
                & (reply.c.uid == e.c.uuid)
                & (reply.c.address == func.lower(func.trim(p.c.email))),
            )
            .where(e.c.visit_id == self.visit_id)
        )
        return {(row[0], row[1]): PartStat(row[2]) for row in rows}

    # -- the whole input ---------------------------------------------------------------------

    def read(self) -> CheckInput:
        visits = table(Visit)
        visit = self.session.execute(
            select(visits.c.start_date, visits.c.end_date, visits.c.local_time_zone, visits.c.home_time_zone).where(
                visits.c.id == self.visit_id
            )
        ).first()
        if visit is None:
            find_visit(self.session, self.visit_id)  # raises the usual "no visit" error
            raise AssertionError
        self.attendances(self.engagements())
        self.attendees()
        engagements = [held for _, held in self.held.engagements.values()]
        legs, travellers = self.legs()
        used = (
            {e.venue_id for e in engagements if e.venue_id}
            | {e.origin_venue_id for e in engagements if e.origin_venue_id}
            | {leg.venue_id for leg in legs if leg.venue_id}
        )
        self.venues(used)
        r, vh = table(Room), table(Vehicle)
        rooms = self.in_chunks(select(r.c.id, r.c.venue_id, r.c.name, r.c.capacity), r.c.venue_id, used)
        travel = self.travel_times(used)
        vehicles = self.rows(
            select(vh.c.id, vh.c.label, vh.c.capacity, vh.c.driver_attendee_id).where(vh.c.visit_id == self.visit_id)
        )
        if self.held.flat is None:
            self.held.flat = tuple(
                attendance
                for engagement in sorted(self.held.attendances)
                for _, attendance in self.held.attendances[engagement]
            )
        attendances = self.held.flat
        answers = self.answers()
        if answers:  # replies to invitations: few, read every time (they carry no version)
            attendances = tuple(
                dataclasses.replace(a, answer=answers[a.engagement_id, a.attendee_id])
                if (a.engagement_id, a.attendee_id) in answers
                else a
                for a in attendances
            )
        return CheckInput(
            visit=CheckVisit(*visit),
            engagements=tuple(held for _, (_, held) in sorted(self.held.engagements.items())),
            attendances=attendances,
            attendees=tuple(held for _, (_, held) in sorted(self.held.attendees.items())),
            venues=tuple(held for _, (_, held) in sorted(self.held.venues.items())),
            rooms=tuple(CheckRoom(*row) for row in sorted(rooms, key=lambda row: row.id)),
            travel_times=tuple(CheckTravelTime(*row) for row in sorted(travel)),
            vehicles=tuple(CheckVehicle(*row) for row in sorted(vehicles, key=lambda row: row.id)),
            legs=tuple(_check_leg(leg, travellers.get(leg.id, []), self.held.venues) for leg in legs),
            seating=tuple(CheckSeatingPlan(e, layout) for e, _uid, layout in visit_plans(self.session, self.visit_id)),
            tasks=tuple(
                CheckTask(t.id, t.data.title, t.data.owner, t.due, t.data.status, t.data.watch)
                for t in read_tasks(self.session, self.visit_id)
            ),
            today=self.today or today_in(visit.local_time_zone, self.now),
            gifts=tuple(
                CheckGift(
                    g.id,
                    g.data.description,
                    g.data.engagement_id,
                    g.giver_side,
                    g.recipient_side,
                    g.data.value,
                    g.data.currency,
                    g.data.status is GiftStatus.DECLARED,
                    g.giver,
                    g.recipient,
                )
                for g in read_gifts(self.session, self.visit_id)
            ),
        )


def _check_leg(leg: Any, travellers: list[int], venues: dict[int, tuple[int, CheckVenue]]) -> CheckLeg:
    arriving = leg.direction is LegDirection.ARRIVAL
    place, terminal = (leg.to_place, leg.to_terminal) if arriving else (leg.from_place, leg.from_terminal)
    if not place.strip() and leg.venue_id is not None and leg.venue_id in venues:
        place = venues[leg.venue_id][1].name
    return CheckLeg(
        leg.id,
        leg_name(leg.mode, leg.carrier, leg.number, leg.from_place, leg.to_place, leg.direction),
        leg.direction,
        leg.departs_at,
        leg.arrives_at,
        leg.arrives_zone if arriving else leg.departs_zone,
        " ".join(p for p in (place.strip(), terminal.strip()) if p),
        leg.venue_id,
        tuple(sorted(travellers)),
        leg.met_by_attendee_id,
        leg.mode,
    )


#: Per database (its connection pool, shared by its read and write engines), the inputs kept by visit id.
_KEPT: weakref.WeakKeyDictionary[Any, dict[int, _VisitInput]] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def _kept(session: Session, visit_id: int) -> _VisitInput | None:
    """The input kept for the visit, when `session` reads only committed rows (None otherwise)."""
    bind = session.get_bind()
    if not isinstance(bind, Engine) or not bind.get_execution_options().get(READ_ONLY, False):
        return None
    with _KEPT_LOCK:
        visits = _KEPT.setdefault(bind.pool, {})
        held = visits.pop(visit_id, None) or _VisitInput()
        visits[visit_id] = held  # the most recently used last
        while len(visits) > _KEPT_VISITS:
            del visits[next(iter(visits))]
        return held


def check_input(session: Session, visit_id: int, today: date | None = None, now: datetime | None = None) -> CheckInput:
    """The plain values the checks engine reads for one visit: through a read-only session, the
    input kept from the last read brought up to date (see the module's docstring); through any
    other session, read whole. `today` (by default the date in the visit's zone at `now`, by
    default the clock's now) decides which readiness tasks are overdue."""
    held = _kept(session, visit_id)
    if held is None:
        return _Reader(session, visit_id, _VisitInput(), today, now).read()
    with held.lock:
        try:
            return _Reader(session, visit_id, held, today, now).read()
        except BaseException:
            held.engagements.clear()  # a read cut short leaves nothing half-updated behind
            held.attendances.clear()
            held.digests.clear()
            held.attendees.clear()
            held.venues.clear()
            held.flat = None
            raise


def check_visit(
    session: Session,
    visit_id: int,
    options: CheckOptions | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every finding of the checks engine for the stored visit (`today` and `now` as for
    `check_input`), under `options`, by default the office's limits stored in the database."""
    if options is None:
        options = office_check_options(session)
    return run_checks(check_input(session, visit_id, today, now), options)
