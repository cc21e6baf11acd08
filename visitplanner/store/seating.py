"""Reads of seating plans: a plan as a value, the people of an engagement to seat, and a plan as the views show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.formatting import guest_name
from visitplanner.domain.names import PersonName, parse_languages
from visitplanner.domain.protocol_order import LinePerson, ProtocolLines, protocol_lines
from visitplanner.domain.seating import SEATED_KINDS as SEATED_KINDS  # re-exported for the services
from visitplanner.domain.seating import Placement, SeatingGuest, SeatingLayout, SeatingStyle, Sitter, TableData
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    EngagementGuest,
    Person,
    SeatAssignment,
    SeatingPlan,
    SeatingTable,
    Visit,
)


@dataclass(frozen=True)
class SeatedPerson:
    """Someone who attends the engagement or sits in its plan, as the seating views write them.

    Attributes:
        attendee_id: the attendee.
        name: the person's name parts (`display`, `romanised`, `native_name`, `formal`).
        side, role, precedence: their place in the visit.
        languages: ISO codes they speak.
        dietary: what the caterer must know (restricted: only restricted editions print it).
        part: their part at the engagement, or None when they do not attend it.
    """

    attendee_id: int | None
    name: PersonName
    side: Side
    role: Role
    precedence: int | None
    languages: tuple[str, ...]
    dietary: str
    part: AttendancePart | None
    guest_number: int | None = None
    accompanies: int | None = None

    @property
    def key(self) -> Sitter:
        return Sitter(self.attendee_id, None if self.attendee_id is not None else self.guest_number)

    @property
    def is_guest(self) -> bool:
        """Whether this is one of the engagement's unnamed guests (`guest_number`), not an attendee."""
        return self.attendee_id is None

    @property
    def attends(self) -> bool:
        return self.part is not None

    @property
    def to_seat(self) -> bool:
        """Whether the plan should seat them: they attend (an unnamed guest: is one of the
        engagement's), and not as the driver."""
        return self.part is not None and self.part is not AttendancePart.DRIVER

    def guest(self) -> SeatingGuest:
        return SeatingGuest(
            self.attendee_id,
            self.name.display,
            self.side,
            self.role,
            self.precedence,
            self.languages,
            self.role is Role.INTERPRETER or self.part is AttendancePart.INTERPRETER,
            self.guest_number if self.attendee_id is None else None,
            self.accompanies,
        )


@dataclass(frozen=True)
class SeatingView:
    """One engagement's seating plan as the views and exports show it.

    Attributes:
        plan_id, version: the plan (None when the engagement has none yet).
        engagement_id, engagement_uid, title, kind: the engagement.
        layout: style, tables and who sits where.
        people: everyone who attends or is seated, by attendee id.
        guests: the engagement's unnamed guests (and any seated beyond their number, who do not
            attend), by number; each written as its seat shows it ("Guest of Park Heong-Joon
            (spouse)", "Press 1").
        organisations: each side's organisation (naming its copy in the signing order).
        visit_slug: the visit's slug (export file names start with it).
    """

    plan_id: int | None
    version: int
    engagement_id: int
    engagement_uid: str
    title: str
    kind: EngagementKind
    layout: SeatingLayout
    people: Mapping[int, SeatedPerson]
    organisations: Mapping[Side, str] = field(default_factory=dict)
    visit_slug: str = ""
    guests: Mapping[int, SeatedPerson] = field(default_factory=dict)

    @property
    def lines(self) -> ProtocolLines:
        """Receiving line, photo line-up, signing and speaking order of those who attend."""
        people = [
            LinePerson(p.attendee_id, p.name.display, p.side, p.role, p.precedence, p.part)
            for p in self.people.values()
            if p.part is not None and p.attendee_id is not None
        ]
        return protocol_lines(self.kind, people)

    @property
    def seated(self) -> dict[Sitter, Placement]:
        return {p.sitter: p for p in self.layout.placements}

    @property
    def unseated(self) -> list[SeatedPerson]:
        """Those to seat who have no seat, in order of side and precedence (unnamed guests after
        the attendees, by number)."""
        seated = self.seated
        rows = [p for p in self.people.values() if p.to_seat and p.key not in seated]
        guests = [g for n, g in sorted(self.guests.items()) if g.to_seat and g.key not in seated]
        return sorted(rows, key=_reading_order) + guests

    def sitter(self, placement: Placement) -> SeatedPerson | None:
        """Who sits in `placement` (an attendee or an unnamed guest)."""
        if placement.attendee_id is not None:
            return self.people.get(placement.attendee_id)
        return self.guests.get(placement.guest or 0)

    def who(self, sitter: Sitter) -> SeatedPerson | None:
        if sitter.attendee_id is not None:
            return self.people.get(sitter.attendee_id)
        return self.guests.get(sitter.guest or 0)

    def at(self, table: int, seat: int) -> SeatedPerson | None:
        for p in self.layout.placements:
            if p.table == table and p.seat == seat:
                return self.sitter(p)
        return None


_SIDES = {Side.HOST: 0, Side.VISITING: 1, Side.STAFF: 2}


def _reading_order(p: SeatedPerson) -> tuple[int, bool, int, str]:
    return (_SIDES[p.side], p.precedence is None, p.precedence or 0, p.name.romanised.casefold())


def plan_id_of(session: Session, engagement_id: int) -> int | None:
    return session.scalars(select(SeatingPlan.id).where(SeatingPlan.engagement_id == engagement_id)).first()


def plan_layout(session: Session, plan_id: int) -> SeatingLayout:
    """The plan as a value (tables in number order; placements by table index)."""
    plan = session.get(SeatingPlan, plan_id)
    if plan is None:
        return SeatingLayout()
    tables = session.execute(
        select(
            SeatingTable.id,
            SeatingTable.label,
            SeatingTable.shape,
            SeatingTable.seats,
            SeatingTable.x,
            SeatingTable.y,
            SeatingTable.rotation,
        )
        .where(SeatingTable.plan_id == plan_id)
        .order_by(SeatingTable.number)
    ).all()
    index = {t.id: i for i, t in enumerate(tables)}
    seats = session.execute(
        select(
            SeatAssignment.table_id,
            SeatAssignment.seat,
            SeatAssignment.attendee_id,
            SeatAssignment.locked,
            SeatAssignment.guest,
        ).where(SeatAssignment.plan_id == plan_id)
    ).all()
    placements = sorted(
        (Placement(index[s.table_id], s.seat, s.attendee_id, s.locked, s.guest) for s in seats),
        key=lambda p: (p.table, p.seat),
    )
    return SeatingLayout(
        plan.style,
        tuple(TableData(t.label, t.shape, t.seats, t.x, t.y, t.rotation) for t in tables),
        tuple(placements),
    )


_PERSON = (
    Attendee.id,
    Attendee.side,
    Attendee.role,
    Attendee.precedence,
    Person.family_name,
    Person.given_names,
    Person.native_name,
    Person.romanised_name,
    Person.name_order,
    Person.honorific,
    Person.form_of_address,
    Person.languages,
    Person.dietary,
)


def engagement_people(session: Session, engagement_id: int, also: set[int] | None = None) -> dict[int, SeatedPerson]:
    """Those who attend the engagement (with their part), and the attendees in `also` who do not
    (plain columns: a plan of hundreds reads in two queries)."""
    attending = session.execute(
        select(*_PERSON, Attendance.part)
        .join(Person, Person.id == Attendee.person_id)
        .join(Attendance, Attendance.attendee_id == Attendee.id)
        .where(Attendance.engagement_id == engagement_id)
    ).all()
    people = {r.id: _person(r, r.part) for r in attending}
    missing = (also or set()) - people.keys()
    if missing:
        rows = session.execute(
            select(*_PERSON).join(Person, Person.id == Attendee.person_id).where(Attendee.id.in_(missing))
        ).all()
        for r in rows:
            people[r.id] = _person(r, None)
    return people


def _person(r: Any, part: AttendancePart | None) -> SeatedPerson:
    name = PersonName(
        r.family_name, r.given_names, r.native_name, r.romanised_name, r.name_order, r.honorific, r.form_of_address
    )
    return SeatedPerson(r.id, name, r.side, r.role, r.precedence, parse_languages(r.languages), r.dietary, part)


def engagement_guests(
    session: Session, engagement_id: int, people: Mapping[int, SeatedPerson], also: set[int] | None = None
) -> dict[int, SeatedPerson]:
    """The engagement's unnamed guests by number (1 to its `guest_count`), and the numbers in
    `also` beyond them (seated, but no longer among its guests: they do not attend). Each is
    named as its seat shows it: "Guest of Mayor Park (spouse)" with the companion's name in
    its own script, or "Press 1". `people`: the engagement's people (companions are named from
    them, or read)."""
    count, label = session.execute(
        select(Engagement.guest_count, Engagement.guest_label).where(Engagement.id == engagement_id)
    ).one()
    extra = {n for n in also or () if n > count}
    if not count and not extra:
        return {}
    described = {
        r.number: r
        for r in session.execute(
            select(
                EngagementGuest.number,
                EngagementGuest.label,
                EngagementGuest.accompanies_attendee_id,
                EngagementGuest.side,
            ).where(EngagementGuest.engagement_id == engagement_id)
        )
    }
    companions = dict(people)
    wanted = {r.accompanies_attendee_id for r in described.values() if r.accompanies_attendee_id is not None}
    missing = wanted - companions.keys()
    if missing:
        for r in session.execute(
            select(*_PERSON).join(Person, Person.id == Attendee.person_id).where(Attendee.id.in_(missing))
        ):
            companions[r.id] = _person(r, None)
    guests: dict[int, SeatedPerson] = {}
    ordinals: dict[str, int] = {}
    for number in [*range(1, count + 1), *sorted(extra)]:
        row = described.get(number)
        own = (row.label if row is not None else "").strip() or label.strip()
        companion = (
            companions.get(row.accompanies_attendee_id) if row is not None and row.accompanies_attendee_id else None
        )
        if companion is not None:
            text, native = guest_name(own, 0, _short(companion.name)), companion.name.native_name.strip()
            side = companion.side
        else:
            key = own.casefold()
            ordinals[key] = ordinals.get(key, 0) + 1
            text, native = guest_name(own, ordinals[key]), ""
            side = row.side if row is not None else Side.HOST
        guests[number] = SeatedPerson(
            None,
            PersonName(text, native_name=native, romanised_name=text),
            side,
            Role.DELEGATE,
            None,
            (),
            "",
            AttendancePart.PARTICIPANT if number <= count else None,
            number,
            companion.attendee_id if companion is not None else None,
        )
    return guests


def _short(name: PersonName) -> str:
    """A companion as a guest's seat names them: "Mayor Park" (honorific and family name), else the name."""
    honorific, family = name.honorific.strip(), name.family_name.strip()
    return f"{honorific} {family}" if honorific and family else name.romanised


def seating_guests(session: Session, engagement_id: int) -> list[SeatingGuest]:
    """Those auto-seat places: the engagement's attendees (drivers left out) and its unnamed guests."""
    people = engagement_people(session, engagement_id)
    guests = engagement_guests(session, engagement_id, people)
    return [p.guest() for p in (*people.values(), *guests.values()) if p.to_seat]


def seating_view(session: Session, engagement_id: int) -> SeatingView:
    """The engagement's plan (an empty one with `plan_id` None when it has none yet)."""
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        from visitplanner.domain.errors import UserError

        raise UserError("engagement: it no longer exists (someone else may have deleted it)", field="engagement")
    plan = session.scalars(select(SeatingPlan).where(SeatingPlan.engagement_id == engagement_id)).first()
    layout = plan_layout(session, plan.id) if plan is not None else SeatingLayout(SeatingStyle.CENTRE)
    people = engagement_people(
        session, engagement_id, {p.attendee_id for p in layout.placements if p.attendee_id is not None}
    )
    guests = engagement_guests(
        session, engagement_id, people, {p.guest for p in layout.placements if p.guest is not None}
    )
    visit = engagement.visit
    organisations = {
        side: organisation.name
        for side, organisation in ((Side.VISITING, visit.visiting_organisation), (Side.HOST, visit.host_organisation))
        if organisation is not None
    }
    return SeatingView(
        plan.id if plan is not None else None,
        plan.version if plan is not None else 0,
        engagement.id,
        engagement.uuid,
        engagement.title,
        engagement.kind,
        layout,
        people,
        organisations,
        visit.slug,
        guests,
    )


def visit_plans(session: Session, visit_id: int) -> list[tuple[int, str, SeatingLayout]]:
    """(engagement id, engagement UID, layout) of every plan of the visit, in the engagements' order."""
    rows = session.execute(
        select(SeatingPlan.id, Engagement.id, Engagement.uuid)
        .join(Engagement, Engagement.id == SeatingPlan.engagement_id)
        .where(Engagement.visit_id == visit_id)
        .order_by(Engagement.start_at, Engagement.id)
    ).all()
    return [(engagement_id, uid, plan_layout(session, plan_id)) for plan_id, engagement_id, uid in rows]


@dataclass(frozen=True)
class PlanSource:
    """Another engagement's plan that can be copied: its engagement, when (`local_zone`: the
    visit's), and how full."""

    engagement_uid: str
    title: str
    start: datetime
    local_zone: str
    tables: int
    seated: int


def plans_to_copy(session: Session, engagement_id: int) -> list[PlanSource]:
    """The plans of the engagement's visit other than its own, in the engagements' order."""
    visit_id = session.scalars(select(Engagement.visit_id).where(Engagement.id == engagement_id)).one()
    rows = session.execute(
        select(SeatingPlan.id, Engagement.uuid, Engagement.title, Engagement.start_at, Visit.local_time_zone)
        .join(Engagement, Engagement.id == SeatingPlan.engagement_id)
        .join(Visit, Visit.id == Engagement.visit_id)
        .where(Engagement.visit_id == visit_id, Engagement.id != engagement_id)
        .order_by(Engagement.start_at, Engagement.id)
    ).all()
    ids = [r.id for r in rows]
    tables: dict[int, int] = {
        plan: count
        for plan, count in session.execute(
            select(SeatingTable.plan_id, func.count())
            .where(SeatingTable.plan_id.in_(ids))
            .group_by(SeatingTable.plan_id)
        )
    }
    seated: dict[int, int] = {
        plan: count
        for plan, count in session.execute(
            select(SeatAssignment.plan_id, func.count())
            .where(SeatAssignment.plan_id.in_(ids))
            .group_by(SeatAssignment.plan_id)
        )
    }
    return [
        PlanSource(r.uuid, r.title, r.start_at, r.local_time_zone, tables.get(r.id, 0), seated.get(r.id, 0))
        for r in rows
    ]
