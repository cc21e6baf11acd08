"""The attendee list as XLSX or CSV (for hotels, security, caterers): chosen columns, restricted
ones only when asked for, names in both scripts, precedence order; formula-looking cells neutralised.

The headers are ones the attendee import recognises, so an exported list reads back unchanged."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import Privacy, Side
from visitplanner.domain.errors import UserError
from visitplanner.exporters.files import sqlite_files, write_atomically
from visitplanner.store.models import Attendee, Person, Visit
from visitplanner.store.queries import person_field_privacy

#: Characters that make a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# characters no XLSX cell may hold (C0 controls but tab, line feed and carriage return)
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Column:
    """One column of the export.

    Attributes:
        key: its name on the command line (`--columns`).
        header: its header (one the import recognises).
        value: the cell's text for an attendee.
        privacy: the privacy class of what it shows.
    """

    key: str
    header: str
    value: Callable[[Attendee], str]
    privacy: Privacy


def _person(field: str, header: str) -> Column:
    privacy = person_field_privacy(field) or Privacy.INTERNAL
    return Column(field, header, lambda a: str(getattr(a.person, field) or ""), privacy)


COLUMNS: tuple[Column, ...] = (
    Column("side", "Side", lambda a: a.side.value, Privacy.PUBLIC),
    Column("precedence", "Precedence", lambda a: str(a.precedence), Privacy.PUBLIC),
    Column("role", "Role", lambda a: a.role.value, Privacy.PUBLIC),
    _person("form_of_address", "Form of address"),
    _person("honorific", "Honorific"),
    _person("family_name", "Family name"),
    _person("given_names", "Given names"),
    _person("native_name", "Native name"),
    Column("romanised", "Romanised name", lambda a: a.person.name.latin, Privacy.PUBLIC),
    _person("title", "Title"),
    Column(
        "organisation",
        "Organisation",
        lambda a: a.person.organisation.name if a.person.organisation else "",
        Privacy.PUBLIC,
    ),
    _person("email", "E-mail"),
    _person("phone", "Phone"),
    _person("languages", "Languages"),
    _person("dietary", "Dietary"),
    _person("access_needs", "Access needs"),
    Column("arrival", "Arrival", lambda a: a.arrival, Privacy.INTERNAL),
    Column("departure", "Departure", lambda a: a.departure, Privacy.INTERNAL),
    _person("notes", "Notes"),
)
BY_KEY = {c.key: c for c in COLUMNS}
#: The columns written when none are chosen (restricted ones are added only with `restricted`).
DEFAULT_COLUMNS = tuple(c.key for c in COLUMNS)
_SIDE_ORDER = {side: i for i, side in enumerate(Side)}


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe
    (`=HYPERLINK(...)` -> `'=HYPERLINK(...)`), which spreadsheets hide and the import takes off."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def choose_columns(keys: Sequence[str] | None, restricted: bool) -> tuple[Column, ...]:
    """The columns for `keys` (all when None); a restricted one only with `restricted`."""
    wanted = list(keys) if keys else list(DEFAULT_COLUMNS)
    unknown = [k for k in wanted if k not in BY_KEY]
    if unknown:
        raise UserError(
            f"--columns: {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a column; "
            f"the columns are {', '.join(DEFAULT_COLUMNS)}",
            field="columns",
        )
    chosen = [BY_KEY[k] for k in dict.fromkeys(wanted)]
    if not restricted:
        if keys and (hidden := [c.key for c in chosen if c.privacy is Privacy.RESTRICTED]):
            raise UserError(
                f"--columns: {', '.join(hidden)} {'is' if len(hidden) == 1 else 'are'} restricted: add --restricted",
                field="columns",
            )
        chosen = [c for c in chosen if c.privacy is not Privacy.RESTRICTED]
    return tuple(chosen)


def attendee_table(
    session: Session, visit_id: int, columns: Sequence[Column]
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and one row per attendee (by side, then precedence), as text."""
    if session.get(Visit, visit_id) is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    rows = session.scalars(select(Attendee).join(Person).where(Attendee.visit_id == visit_id)).unique().all()
    ordered = sorted(rows, key=lambda a: (_SIDE_ORDER[a.side], a.precedence, a.person.name.sort_key, a.id))
    return tuple(c.header for c in columns), [tuple(c.value(a) for c in columns) for a in ordered]


def write_attendee_sheet(
    session: Session,
    visit_id: int,
    path: Path,
    *,
    columns: Sequence[str] | None = None,
    restricted: bool = False,
) -> int:
    """Write the attendee list to `path` (`.xlsx` or `.csv`); returns the number of attendees."""
    chosen = choose_columns(columns, restricted)
    header, rows = attendee_table(session, visit_id, chosen)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx(header, rows)
    elif suffix == ".csv":
        data = _csv(header, rows)
    else:
        raise UserError(f"file: {path.name} must end in .xlsx or .csv", field="file")
    private = any(c.privacy is not Privacy.PUBLIC for c in chosen)
    write_atomically(path, data, what="the attendee list", private=private, keep=sqlite_files(session))
    return len(rows)


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Hangul), comma-separated, every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """One sheet, "Attendees", every cell a string (never a formula); formula-looking cells
    neutralised as in CSV and marked quote-prefixed, as Excel marks text typed after an apostrophe."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Attendees")
    bold = Font(bold=True)

    def cell(text: str, *, head: bool = False) -> Cell:
        clean = _ILLEGAL_IN_XLSX.sub("\ufffd", text)
        item = WriteOnlyCell(sheet, value=None)
        item.value = clean  # set first, then force the type: openpyxl would take "=..." for a formula
        item.data_type = "s"
        if clean.startswith(FORMULA_STARTS):
            item.quotePrefix = True
        if head:
            item.font = bold
        return item

    sheet.append([cell(h, head=True) for h in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
