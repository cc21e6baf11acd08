"""Table models of the address book: people (with the visits they attend) and organisations."""

from __future__ import annotations

from PySide6.QtCore import Qt

from visitplanner.services.reads.people import OrganisationRow, PersonRow
from visitplanner.ui.models.base import Column, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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


class OrganisationsModel(RowTableModel[OrganisationRow]):
    """Organisations by name."""

    COL_NAME, COL_NATIVE, COL_COUNTRY, COL_KIND, COL_PEOPLE = range(5)
    columns = (
        Column("Name", lambda r: r.data.name, tooltip=lambda r: r.data.name),
        Column("Native name", lambda r: r.data.native_name),
        Column("Country", lambda r: r.data.country),
        Column("Kind", lambda r: r.data.kind.label),
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
