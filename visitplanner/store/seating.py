"""Reads of seating plans: a plan as a value, the people of an engagement to seat, and a plan as the views show it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.names import PersonName, parse_languages
from visitplanner.domain.protocol_order import LinePerson, ProtocolLines, protocol_lines
from visitplanner.domain.seating import SEATED_KINDS as SEATED_KINDS  # re-exported for the services
from visitplanner.domain.seating import Placement, SeatingGuest, SeatingLayout, SeatingStyle, TableData
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
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

    attendee_id: int
    name: PersonName
    side: Side
    role: Role
    precedence: int | None
    languages: tuple[str, ...]
    dietary: str
    part: AttendancePart | None

    @property
    def attends(self) -> bool:
        return self.part is not None

    @property
    def to_seat(self) -> bool:
        """Whether the plan should seat them: they attend, and not as the driver."""
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
        )


@dataclass(frozen=True)
class SeatingView:
    """One engagement's seating plan as the views and exports show it.

    Attributes:
        plan_id, version: the plan (None when the engagement has none yet).
        engagement_id, engagement_uid, title, kind: the engagement.
        layout: style, tables and who sits where.
        people: everyone who attends or is seated, by attendee id.
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

    @property
    def lines(self) -> ProtocolLines:
        """Receiving line, photo line-up, signing and speaking order of those who attend."""
        people = [
            LinePerson(p.attendee_id, p.name.display, p.side, p.role, p.precedence, p.part)
            for p in self.people.values()
            if p.part is not None
        ]
        return protocol_lines(self.kind, people)

    @property
    def seated(self) -> dict[int, Placement]:
        return {p.attendee_id: p for p in self.layout.placements}

    @property
    def unseated(self) -> list[SeatedPerson]:
        """Those to seat who have no seat, in order of side and precedence."""
        seated = self.seated
        rows = [p for p in self.people.values() if p.to_seat and p.attendee_id not in seated]
        return sorted(rows, key=_reading_order)

    def at(self, table: int, seat: int) -> SeatedPerson | None:
        for p in self.layout.placements:
            if p.table == table and p.seat == seat:
                return self.people.get(p.attendee_id)
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
        select(SeatAssignment.table_id, SeatAssignment.seat, SeatAssignment.attendee_id, SeatAssignment.locked).where(
            SeatAssignment.plan_id == plan_id
        )
    ).all()
    placements = sorted(
        (Placement(index[s.table_id], s.seat, s.attendee_id, s.locked) for s in seats),
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


def seating_guests(session: Session, engagement_id: int) -> list[SeatingGuest]:
    """The people auto-seat places: the engagement's attendees, drivers left out."""
    return [p.guest() for p in engagement_people(session, engagement_id).values() if p.to_seat]


def seating_view(session: Session, engagement_id: int) -> SeatingView:
    """The engagement's plan (an empty one with `plan_id` None when it has none yet)."""
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        from visitplanner.domain.errors import UserError

        raise UserError("engagement: it no longer exists (someone else may have deleted it)", field="engagement")
    plan = session.scalars(select(SeatingPlan).where(SeatingPlan.engagement_id == engagement_id)).first()
    layout = plan_layout(session, plan.id) if plan is not None else SeatingLayout(SeatingStyle.CENTRE)
    people = engagement_people(session, engagement_id, {p.attendee_id for p in layout.placements})
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
