"""Table models of the address book: people (with the visits they attend) and organisations."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import OrganisationKind
from visitplanner.domain.names import PersonName
from visitplanner.domain.values import OrganisationData, PersonData
from visitplanner.services.organisations import organisation_data
from visitplanner.services.people import person_data
from visitplanner.store.models import Attendee, Person
from visitplanner.store.queries import all_organisations, all_people
from visitplanner.ui.models.base import Column, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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


def _languages(codes: str) -> str:
    return ", ".join(code.strip() for code in codes.split(",") if code.strip())


class PeopleModel(RowTableModel[PersonRow]):
    """The address book, one row per person."""

    (
        COL_FAMILY,
        COL_GIVEN,
        COL_NATIVE,
        COL_ROMANISED,
        COL_TITLE,
        COL_ORGANISATION,
        COL_EMAIL,
        COL_LANGUAGES,
        COL_VISITS,
    ) = range(9)
    columns = (
        Column("Family name", lambda r: r.data.family_name, sort=lambda r: r.name.sort_key),
        Column("Given names", lambda r: r.data.given_names),
        Column("Native name", lambda r: r.data.native_name),
        Column("Romanised", lambda r: r.name.romanised, tooltip=lambda r: r.name.formal),
        Column("Title", lambda r: r.data.title, tooltip=lambda r: r.data.title),
        Column("Organisation", lambda r: r.organisation, tooltip=lambda r: r.organisation),
        Column("Email", lambda r: r.data.email),
        Column("Languages", lambda r: _languages(r.data.languages)),
        Column(
            "Visits",
            lambda r: str(r.visits),
            sort=lambda r: r.visits,
            alignment=RIGHT,
            tooltip=lambda r: f"Attends {r.visits} visit{'s' if r.visits != 1 else ''}",
        ),
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


def kind_label(kind: OrganisationKind) -> str:
    return kind.value.capitalize()


class OrganisationsModel(RowTableModel[OrganisationRow]):
    """Organisations by name."""

    COL_NAME, COL_NATIVE, COL_COUNTRY, COL_KIND, COL_PEOPLE = range(5)
    columns = (
        Column("Name", lambda r: r.data.name, tooltip=lambda r: r.data.name),
        Column("Native name", lambda r: r.data.native_name),
        Column("Country", lambda r: r.data.country),
        Column("Kind", lambda r: kind_label(r.data.kind)),
        Column("People", lambda r: str(r.people), sort=lambda r: r.people, alignment=RIGHT),
    )


class PersonPickerModel(RowTableModel[PersonRow]):
    """People offered when adding an attendee from the address book."""

    COL_NAME, COL_TITLE, COL_ORGANISATION = range(3)
    columns = (
        Column("Name", lambda r: r.name.display, sort=lambda r: r.name.sort_key, tooltip=lambda r: r.name.formal),
        Column("Title", lambda r: r.data.title, tooltip=lambda r: r.data.title),
        Column("Organisation", lambda r: r.organisation, tooltip=lambda r: r.organisation),
    )
