"""The address book and a visit's attendees as plain rows: people, organisations, attendees."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.names import PersonName
from visitplanner.domain.values import AttendeeData, OrganisationData, PersonData
from visitplanner.services.attendees import attendee_data
from visitplanner.services.organisations import organisation_data
from visitplanner.services.people import person_data
from visitplanner.store.database import Session
from visitplanner.store.models import Attendance, Attendee, Person, Vehicle, Visit
from visitplanner.store.queries import SIDE_ORDER, all_organisations, all_people, attendees_of


@dataclass(frozen=True)
class PersonRow:
    """A person as the address book shows them.

    Attributes:
        id: the person's id.
        version: the row version read (for conflict checks when editing).
        data: every field of the person, as the editor and the services take them.
        organisation: the organisation's name ("" when none).
        visits: how many visits they attend.
    """

    id: int
    version: int
    data: PersonData
    organisation: str = ""
    visits: int = 0

    @property
    def name(self) -> PersonName:
        return self.data.name


def read_person_rows(session: Session) -> list[PersonRow]:
    counts = dict(
        session.execute(
            select(Attendee.person_id, func.count(func.distinct(Attendee.visit_id))).group_by(Attendee.person_id)
        ).all()
    )
    return [
        PersonRow(p.id, p.version, person_data(p), p.organisation.name if p.organisation else "", counts.get(p.id, 0))
        for p in all_people(session)
    ]


def read_person_row(session: Session, person_id: int) -> PersonRow | None:
    person = session.get(Person, person_id)
    if person is None:
        return None
    visits = (
        session.scalar(select(func.count(func.distinct(Attendee.visit_id))).where(Attendee.person_id == person_id)) or 0
    )
    return PersonRow(
        person.id, person.version, person_data(person), person.organisation.name if person.organisation else "", visits
    )


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation as the organisations manager shows it.

    Attributes:
        id: the organisation's id.
        version: the row version read.
        data: its fields.
        people: how many people in the address book belong to it.
    """

    id: int
    version: int
    data: OrganisationData
    people: int = 0


def read_organisation_rows(session: Session) -> list[OrganisationRow]:
    counts = dict(
        session.execute(
            select(Person.organisation_id, func.count())
            .where(Person.organisation_id.is_not(None))
            .group_by(Person.organisation_id)
        ).all()
    )
    return [
        OrganisationRow(o.id, o.version, organisation_data(o), counts.get(o.id, 0)) for o in all_organisations(session)
    ]


@dataclass(frozen=True)
class AttendeeRow:
    """An attendee as the Attendees tab shows them.

    Attributes:
        id: the attendee's id.
        version: the attendee row's version (for conflict checks).
        visit_id: the visit attended.
        data: the attendee's fields (side, role, precedence, arrival, departure).
        person_id: the person's id in the address book.
        person_version: the person row's version.
        person: every field of the person.
        organisation: the person's organisation name ("" when none).
        replies: their answers to the visit's invitations ("2 accepted, 1 declined"; "" when none).
    """

    id: int
    version: int
    visit_id: int
    data: AttendeeData
    person_id: int
    person_version: int
    person: PersonData
    organisation: str = ""
    replies: str = ""

    @property
    def name(self) -> PersonName:
        return self.person.name

    @property
    def side(self) -> Side:
        return self.data.side

    @property
    def role(self) -> Role:
        return self.data.role

    @property
    def precedence(self) -> int:
        return self.data.precedence or 0

    @property
    def order_key(self) -> tuple[int, int, tuple[str, str]]:
        return (SIDE_ORDER[self.side], self.precedence, self.name.sort_key)


def read_attendee_rows(session: Session, visit_id: int) -> list[AttendeeRow]:
    """The visit's attendees by side (visiting, host, staff) then precedence, with their replies."""
    from visitplanner.store.invitations import answers_summary, attendee_answers

    answers = attendee_answers(session, visit_id)
    return [
        AttendeeRow(
            a.id,
            a.version,
            a.visit_id,
            attendee_data(a),
            a.person_id,
            a.person.version,
            person_data(a.person),
            a.person.organisation.name if a.person.organisation else "",
            answers_summary(answers.get(a.id, {})),
        )
        for a in attendees_of(session, visit_id)
    ]


def read_visit_organisations(session: Session, visit_id: int) -> tuple[int | None, int | None]:
    visit = session.get(Visit, visit_id)
    return (visit.visiting_organisation_id, visit.host_organisation_id) if visit else (None, None)


def read_removal_summary(session: Session, attendee_ids: list[int]) -> tuple[int, list[str]]:
    """How many engagements the attendees take part in, and the vehicles they drive."""
    engagements = (
        session.scalar(
            select(func.count(func.distinct(Attendance.engagement_id))).where(Attendance.attendee_id.in_(attendee_ids))
        )
        or 0
    )
    vehicles = session.scalars(
        select(Vehicle.label).where(Vehicle.driver_attendee_id.in_(attendee_ids)).order_by(Vehicle.label)
    ).all()
    return engagements, list(vehicles)


def read_candidates(session: Session, visit_id: int) -> list[PersonRow]:
    """The address book's people who do not attend the visit yet."""
    attending = set(session.scalars(select(Attendee.person_id).where(Attendee.visit_id == visit_id)).all())
    return [row for row in read_person_rows(session) if row.id not in attending]


def read_organisation_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every organisation, by name: the choices of an organisation field."""
    return [(o.id, o.name) for o in all_organisations(session)]
