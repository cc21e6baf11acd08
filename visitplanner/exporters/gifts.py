"""The gift register as a file: CSV and XLSX for the office's records, PDF in the host edition."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy.orm import Session

from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.store.gifts import GiftRow, read_gifts
from visitplanner.store.models import Visit

if TYPE_CHECKING:
    from visitplanner.exporters.pdf_page import PreparedPdf

#: The formats the register is written in, by file suffix.
FORMATS: Final = ("csv", "xlsx", "pdf")
HEADER: Final = ("Engagement", "Given by", "Received by", "Gift", "Value", "Status", "Photo", "Notes")


def register_rows(rows: list[GiftRow]) -> list[tuple[str, ...]]:
    """The register as text cells, one row per gift, in the order of `HEADER`."""
    return [
        (
            r.engagement,
            r.giver,
            r.recipient,
            r.data.description,
            r.value_text,
            r.data.status.label,
            r.data.photo,
            r.data.notes,
        )
        for r in rows
    ]


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a leading =, +, - or @ is quoted)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def register_csv(rows: list[GiftRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in register_rows(rows):
        writer.writerow([_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def register_xlsx(rows: list[GiftRow], title: str, now: datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Gift register"
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in register_rows(rows):
        sheet.append([_cell(c) for c in row])
    for column, width in zip("ABCDEFGH", (30, 28, 28, 40, 16, 12, 24, 40), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.title = f"{title}: gift register"
    book.properties.creator = "VisitPlanner"
    book.properties.created = book.properties.modified = now.replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def register_pdf(rows: list[GiftRow], visit: Visit, now: datetime) -> tuple[bytes, int]:
    """The register in the host edition: every gift both ways, with values (restricted); the PDF
    and its page count."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable

    from visitplanner.exporters.pdf_page import Furniture, Metadata, Steps, render
    from visitplanner.exporters.pdf_styles import grid, para, paragraph, styles

    st = styles()
    story: list[Flowable] = [
        paragraph("Gift register", st.h1),
        para(f"{visit.title}. Host edition: gifts given and received, with estimated values.", st.small_muted),
    ]
    widths = [34 * mm, 30 * mm, 30 * mm, 40 * mm, 22 * mm, 18 * mm]
    cells = [[para(c, st.cell) for c in row[:6]] for row in register_rows(rows)]
    story.append(grid(HEADER[:6], cells, widths, numeric=(4,)))
    for row in register_rows(rows):
        if row[7]:
            story.append(para(f"{row[3]}: {row[7]}", st.small_muted))
    return render(
        story,
        furniture=Furniture(
            marking=visit.marking, header_left=visit.title, header_right="Gift register · host edition"
        ),
        metadata=Metadata(title=f"{visit.title}: gift register", subject="Gift register, host edition"),
        created=now,
        steps=Steps(),
    )


def gift_register_pdf(session: Session, visit_id: int, now: datetime) -> bytes:
    """The register as a PDF in the host edition (what `write_gift_register` writes to a .pdf)."""
    return prepare_gift_register_pdf(session, visit_id, now).data


def prepare_gift_register_pdf(
    session: Session, visit_id: int, now: datetime, *, target: Path | None = None
) -> PreparedPdf:
    """The register's PDF (host edition) built to be written, readable by its owner only: what the
    preview shows and its Save writes. `target`: refused before the build if it must not be replaced."""
    from visitplanner.exporters.pdf_page import prepare_pdf  # reportlab only for a PDF

    now = require_aware(now, "now")
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    prepared = prepare_pdf(session, target, lambda: register_pdf(read_gifts(session, visit_id), visit, now), True)
    return replace(prepared, what="the gift register")


def write_gift_register(session: Session, visit_id: int, path: Path, now: datetime, kind: str | None = None) -> int:
    """Write the visit's gift register to `path` (CSV, XLSX or PDF, by `kind` or the suffix),
    replacing it atomically; readable by its owner only (values are restricted). Returns the
    number of gifts written."""
    now = require_aware(now, "now")
    kind = (kind or path.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise UserError(f"format: {kind or 'no suffix'!r} is not a register format (csv, xlsx or pdf)", field="format")
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    keep = sqlite_files(session)
    check_export_target(path, keep)
    rows = read_gifts(session, visit_id)
    if kind == "csv":
        data = register_csv(rows)
    elif kind == "xlsx":
        data = register_xlsx(rows, visit.title, now)
    else:
        data, _pages = register_pdf(rows, visit, now)
    write_atomically(path, data, what="the gift register", keep=keep)
    return len(rows)
