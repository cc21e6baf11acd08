"""The attendee list as XLSX and CSV: columns, restricted fields, both scripts, order, neutralised formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session

from tests.sheet_files import KOREAN_HEADERS, KOREAN_ROWS, write_csv
from visitplanner.cli import main
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.exporters.attendee_sheet import neutralise, write_attendee_sheet
from visitplanner.importers.attendee_sheet import parse_rows, recognise
from visitplanner.importers.sheet import read_sheet
from visitplanner.services.attendee_import import RowStatus, import_attendees, preview_import

HOSTILE_TITLE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def visit(
    session: Session, create_visit: Callable[..., int], create_attendee: Callable[..., int], tmp_path: Path
) -> int:
    visit_id = create_visit()
    import_attendees(
        session, visit_id, parse_rows(*_read(write_csv(tmp_path / "in.csv", [KOREAN_HEADERS, *KOREAN_ROWS])))
    )
    create_attendee(
        visit_id,
        "Rotheram",
        side=Side.HOST,
        role=Role.PRINCIPAL,
        precedence=1,
    )
    create_attendee(visit_id, "Hacker", side=Side.STAFF, role=Role.OTHER)
    from sqlalchemy import select

    from visitplanner.store.models import Person

    hacker = session.scalars(select(Person).where(Person.family_name == "Hacker")).one()
    hacker.title, hacker.phone, hacker.given_names = HOSTILE_TITLE, "+44 7700 900000", "@SUM(A1)"
    session.flush()
    return visit_id


def _read(path: Path) -> tuple:
    sheet = read_sheet(path)
    return sheet, recognise(sheet.headers)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_list_round_trips_through_the_import(session: Session, visit: int, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    assert write_attendee_sheet(session, visit, path, restricted=True) == 5
    rows = parse_rows(*_read(path))
    plan = preview_import(session, visit, rows)
    assert [r.status for r in plan.rows] == [RowStatus.UNCHANGED] * 5, [r.diffs for r in plan.rows]
    assert rows[4].person.title == HOSTILE_TITLE  # neutralised on the way out, itself again on the way in


def test_xlsx_keeps_hangul_and_shows_formulas_as_text(session: Session, visit: int, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_attendee_sheet(session, visit, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Attendees"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header = table[0]
    assert header[:3] == ["Side", "Precedence", "Role"]
    assert "Phone" not in header and "Dietary" not in header and "Notes" not in header  # restricted
    native = header.index("Native name")
    assert [r[native] for r in table[1:4]] == ["김철수", "남궁민수", "이영희"]
    romanised = header.index("Romanised name")  # known only in Hangul: no Latin-script name to give
    assert [r[romanised] for r in table[1:4]] == [None] * 3 and table[4][romanised] == "Rotheram"
    assert [r[0] for r in table[1:]] == ["visiting"] * 3 + ["host", "staff"]  # precedence order
    title = header.index("Title")
    hostile = next(row for row in sheet.iter_rows(min_row=2) if row[title].value == HOSTILE_TITLE)
    assert hostile[title].data_type == "s" and hostile[title].quotePrefix
    given = header.index("Given names")
    assert hostile[given].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_csv_is_utf8_with_bom_and_neutralised(session: Session, visit: int, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_attendee_sheet(
        session, visit, path, columns=["family_name", "given_names", "title", "phone"], restricted=True
    )
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Family name", "Given names", "Title", "Phone"]
    assert rows[1][:2] == ["김", "철수"]
    assert rows[-1] == ["Hacker", "'@SUM(A1)", "'" + HOSTILE_TITLE, "'+44 7700 900000"]
    assert path.stat().st_mode & 0o077 == 0  # restricted columns: readable by the owner only


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_each_formula_start_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Kim = Park") == "Kim = Park"


def test_column_choices_are_checked(session: Session, visit: int, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="dietary is restricted: add --restricted"):
        write_attendee_sheet(session, visit, tmp_path / "a.xlsx", columns=["family_name", "dietary"])
    with pytest.raises(UserError, match="shoe is not a column"):
        write_attendee_sheet(session, visit, tmp_path / "a.xlsx", columns=["shoe"])
    with pytest.raises(UserError, match=r"must end in \.xlsx or \.csv"):
        write_attendee_sheet(session, visit, tmp_path / "a.pdf")


def test_cli_export_attendees(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(["--database", f"sqlite:///{db}", *args], out=out, err=err), out.getvalue(), err.getvalue()

    assert run("demo")[0] == 0
    target = tmp_path / "list.xlsx"
    code, out, _ = run("export", "attendees", "busan-liverpool", "-o", str(target))
    assert code == 0 and "attendees) to" in out
    assert openpyxl.load_workbook(target).active.cell(2, 8).value == "박형준"
    code, _, err = run("export", "attendees", "busan-liverpool", "-o", str(target))
    assert code == 1 and "--force" in err
    code, _, err = run("export", "attendees", "busan-liverpool", "-o", str(target), "--force", "--columns", "notes")
    assert code == 1 and "restricted" in err
    code, out, _ = run(
        "export",
        "attendees",
        "busan-liverpool",
        "-o",
        str(tmp_path / "l.csv"),
        "--columns",
        "family_name,dietary",
        "--restricted",
    )
    assert code == 0 and (tmp_path / "l.csv").read_text("utf-8-sig").startswith("Family name,Dietary")
    code, out, _ = run("import", "attendees", "busan-liverpool", str(target), "--dry-run")
    assert code == 0 and " 0 new, 0 update" in " " + out.splitlines()[-2]
