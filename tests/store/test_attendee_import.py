"""Importing a delegation list: matching to the address book, all or nothing, undo and redo as one step."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.sheet_files import KOREAN_HEADERS, KOREAN_ROWS, write_csv, write_xlsx
from visitplanner.cli import main
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import NameOrder, Role, Side
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.values import OrganisationData
from visitplanner.importers.attendee_sheet import ImportedAttendee, parse_rows, recognise
from visitplanner.importers.sheet import read_sheet
from visitplanner.services import organisations
from visitplanner.services.attendee_import import (
    ImportOptions,
    RowStatus,
    import_attendees,
    preview_import,
    redo_import,
    undo_import,
)
from visitplanner.store.models import Attendee, Organisation, Person


def rows_of(path: Path, sheet: str | None = None) -> tuple[ImportedAttendee, ...]:
    table = read_sheet(path, sheet)
    return parse_rows(table, recognise(table.headers))


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_cp949_list_imports_family_first_and_reimports_unchanged(
    session: Session, create_visit: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    rows = rows_of(write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS]))
    plan = preview_import(session, visit, rows)
    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 3
    outcome = import_attendees(session, visit, rows, ImportOptions(Side.VISITING, Role.DELEGATE))
    people = {p.native_name: p for p in session.scalars(select(Person))}
    kim, namgung = people["김철수"], people["남궁민수"]
    assert (kim.family_name, kim.given_names, kim.name_order) == ("김", "철수", NameOrder.FAMILY_FIRST)
    assert (namgung.family_name, namgung.given_names) == ("남궁", "민수")
    assert kim.organisation is not None and kim.organisation.name == "대한무역공사"
    assert (kim.email, kim.dietary, kim.title) == ("cs.kim@kotra.example", "갑각류 알레르기", "국장")
    assert count(session, Organisation) == 1  # one organisation for the three rows
    ranks = session.execute(select(Attendee.precedence, Attendee.side).order_by(Attendee.precedence)).all()
    assert ranks == [(1, Side.VISITING), (2, Side.VISITING), (3, Side.VISITING)]
    assert outcome.changes.ids(Entity.PERSON) == {kim.id, namgung.id, people["이영희"].id}
    again = preview_import(session, visit, rows)
    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 3
    assert [r.matched_by for r in again.rows] == ["e-mail", "native name and organisation", "e-mail"]
    assert not import_attendees(session, visit, rows).changes


def test_precedence_follows_the_existing_ones_and_columns_win(
    session: Session, create_visit: Callable[..., int], create_attendee: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    create_attendee(visit, "Rotheram", side=Side.HOST)
    create_attendee(visit, "Park", side=Side.VISITING, role=Role.PRINCIPAL)
    path = write_csv(
        tmp_path / "l.csv",
        [["Name", "Side", "Role", "Precedence"], ["Jane Smith", "", "", ""], ["Bo Li", "주최", "통역", "9"]],
        "utf-8",
    )
    import_attendees(session, visit, rows_of(path), ImportOptions(Side.VISITING, Role.DELEGATE))
    found = {
        a.person.family_name: (a.side, a.role, a.precedence)
        for a in session.scalars(select(Attendee).where(Attendee.visit_id == visit))
    }
    assert found["Smith"] == (Side.VISITING, Role.DELEGATE, 2)
    assert found["Li"] == (Side.HOST, Role.INTERPRETER, 9)


def test_update_shows_old_and_new_and_only_accepted_rows_are_written(
    session: Session, create_visit: Callable[..., int], create_person: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    org = organisations.create_organisation(session, OrganisationData("KOTRA", "대한무역공사")).created_id(
        Entity.ORGANISATION
    )
    existing = create_person(
        "Kim", given_names="Cheol-su", native_name="김철수", organisation_id=org, title="Director", email=""
    )
    rows = rows_of(write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS]))
    plan = preview_import(session, visit, rows)
    first = plan.rows[0]
    assert (first.status, first.person_id, first.matched_by) == (
        RowStatus.UPDATE,
        existing,
        "native name and organisation",
    )
    diffs = {d.field: (d.old, d.new) for d in first.diffs}
    assert diffs["title"] == ("Director", "국장")
    assert diffs["email"] == ("", "cs.kim@kotra.example")
    assert "organisation" not in diffs  # 대한무역공사 is KOTRA's native name
    # the list writes the name in Hangul only: the book's Latin-script parts are kept, not replaced by 김 / 철수
    assert not {"family_name", "given_names", "name_order"} & diffs.keys()
    import_attendees(session, visit, rows, accepted=[2], expected=plan)
    person = session.get(Person, existing)
    assert person is not None and person.title == "국장"
    assert (person.family_name, person.given_names, person.native_name) == ("Kim", "Cheol-su", "김철수")
    assert count(session, Person) == 1  # rows 3 and 4 were rejected
    with pytest.raises(ConflictError, match="changed since the preview"):
        import_attendees(session, visit, rows, expected=plan)


def test_a_bad_row_stops_the_import_with_nothing_written(
    session: Session, create_visit: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    rows = [*KOREAN_ROWS[:2], ["최민", "", "", "bad@", "", "", "", ""], KOREAN_ROWS[2]]
    path = write_csv(tmp_path / "bad.csv", [KOREAN_HEADERS, *rows])
    with pytest.raises(UserError, match=r"^row 4, column '이메일': 'bad@' is not an e-mail address$"):
        rows_of(path)
    assert count(session, Person) == 0
    # two rows naming one person: refused, naming both rows
    dup = write_csv(tmp_path / "dup.csv", [KOREAN_HEADERS, KOREAN_ROWS[0], KOREAN_ROWS[0]])
    import_attendees(session, visit, rows_of(dup)[:1])
    with pytest.raises(UserError, match="row 3: is the same person as row 2"):
        preview_import(session, visit, rows_of(dup))


def test_undo_and_redo_are_one_step(
    session: Session, create_visit: Callable[..., int], create_person: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    existing = create_person("Lee", given_names="Young-hee", email="yh.lee@kotra.example", title="Interpreter")
    rows = rows_of(write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS]))
    outcome = import_attendees(session, visit, rows)
    assert count(session, Person) == 3 and count(session, Attendee) == 3
    changes, taken = undo_import(session, outcome)
    assert changes
    assert count(session, Person) == 1 and count(session, Attendee) == 0 and count(session, Organisation) == 0
    person = session.get(Person, existing)
    assert person is not None and (person.title, person.organisation_id, person.native_name) == (
        "Interpreter",
        None,
        "",
    )
    redone = redo_import(session, outcome, taken)
    assert {e for e, _, _ in redone.replaced} == {Entity.ORGANISATION, Entity.PERSON, Entity.ATTENDEE}
    assert count(session, Person) == 3 and count(session, Attendee) == 3
    person = session.get(Person, existing)
    assert person is not None and person.title == "통역" and person.organisation_id is not None
    organisation = session.get(Organisation, person.organisation_id)
    assert organisation is not None and organisation.name == "대한무역공사"


def test_xlsx_with_several_sheets_and_english_headers(
    session: Session, create_visit: Callable[..., int], tmp_path: Path
) -> None:
    visit = create_visit()
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {
            "Notes": [["nothing here"]],
            "Delegation": [
                ["Full name", "Name (Korean)", "Position", "Organisation", "E-mail"],
                ["H.E. PARK Heong-Joon", "박형준", "Mayor", "Busan", "mayor@busan.example"],
                ["Dr Jane Smith", None, "Adviser", "Busan", None],
            ],
        },
    )
    import_attendees(session, visit, rows_of(path, "Delegation"))
    people = {p.family_name: p for p in session.scalars(select(Person))}
    park = people["Park"]
    assert (park.given_names, park.form_of_address, park.native_name, park.romanised_name) == (
        "Heong-Joon",
        "H.E.",
        "박형준",
        "PARK Heong-Joon",
    )
    assert park.name_order is NameOrder.FAMILY_FIRST
    smith = people["Smith"]
    assert (smith.honorific, smith.given_names, smith.name_order) == ("Dr", "Jane", NameOrder.GIVEN_FIRST)


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_dry_run_import_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert cli(db, "demo")[0] == 0
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--dry-run")
    assert code == 0, out
    assert "CP949" in out and "column '성명' → full name" in out
    assert "3 new, 0 update, 0 unchanged" in out and "Dry run: nothing was written." in out
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--side", "host", "--role", "liaison")
    assert code == 0 and "Imported into 'busan-liverpool'" in out
    _, listing, _ = cli(db, "attendees", "busan-liverpool")
    assert "남궁민수" in listing and "liaison" in listing
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--dry-run")
    assert "0 new, 0 update, 3 unchanged" in out
    bad = write_csv(tmp_path / "bad.csv", [KOREAN_HEADERS, ["최민", "", "", "bad@", "", "", "", ""]])
    code, out, err = cli(db, "import", "attendees", "busan-liverpool", str(bad))
    assert code == 1 and "row 2, column '이메일': 'bad@' is not an e-mail address" in err
    code, _, err = cli(db, "import", "attendees", "busan-liverpool", str(path), "--map", "성명=shoe")
    assert code == 1 and "not a field" in err
    code, out, _ = cli(
        db,
        "import",
        "attendees",
        "busan-liverpool",
        str(path),
        "--map",
        "비고=ignore",
        "--map",
        "E=ignore",
        "--dry-run",
    )
    assert code == 0 and "column '비고' → (not imported)" in out and "column '전화' → (not imported)" in out


def test_cli_dry_run_warns_of_formulas_without_their_results(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert cli(db, "demo")[0] == 0
    book = write_xlsx(tmp_path / "f.xlsx", {"명단": [["성명", "비고"], ["김철수", "=1+1"], ["이영희", "=A2"]]})
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(book), "--dry-run")
    assert code == 0, out
    assert (
        "  warning: column '비고': 2 cells hold formulas whose result the file does not keep (rows 2, 3), read as blank"
        in out
    )
    assert "2 new, 0 update, 0 unchanged" in out


def test_the_cli_remembers_a_mapping_for_the_same_headers(tmp_path: Path) -> None:
    """An import with --map remembers the mapping (not a dry run); the next file with the same
    headers is read with it, and --map still changes it."""
    db = tmp_path / "cli.sqlite3"
    assert cli(db, "demo")[0] == 0
    path = write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--map", "비고=ignore", "--dry-run")
    assert code == 0 and "remembered" not in out
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--dry-run")
    assert "remembered" not in out and "column '비고' → notes" in out  # a dry run remembers nothing
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--map", "비고=ignore")
    assert code == 0, out
    later = write_csv(tmp_path / "later.csv", [KOREAN_HEADERS, KOREAN_ROWS[0]])
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(later), "--dry-run")
    assert code == 0 and "the mapping remembered for these headers" in out
    assert "column '비고' → (not imported)" in out
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(later), "--map", "비고=notes", "--dry-run")
    assert "column '비고' → notes" in out


def test_a_mapping_is_remembered_with_the_import_and_replaced_by_the_next(
    session: Session, create_visit: Callable[..., int], tmp_path: Path
) -> None:
    from visitplanner.importers.attendee_sheet import mapping_key, remembered_targets
    from visitplanner.services.attendee_import import remember_mapping
    from visitplanner.store.queries import sheet_mapping

    visit = create_visit()
    table = read_sheet(write_csv(tmp_path / "list.csv", [KOREAN_HEADERS, *KOREAN_ROWS]))
    key = mapping_key(table.headers)
    assert sheet_mapping(session, key) is None
    targets = [t.value for t in recognise(table.headers)]
    targets[6] = "ignore"
    import_attendees(session, visit, parse_rows(table, recognise(table.headers)), mapping=(key, targets))
    assert sheet_mapping(session, key) == ",".join(targets)
    remember_mapping(session, key, ["ignore"] * len(targets))
    stored = sheet_mapping(session, key)
    assert remembered_targets(stored, table.headers) is not None and set(stored.split(",")) == {"ignore"}
    assert remembered_targets(stored, table.headers[:-1]) is None  # another number of columns
    assert remembered_targets("full_name,shoe", ("a", "b")) is None  # a field this version does not know
    with pytest.raises(UserError):  # an import that fails remembers nothing either
        import_attendees(session, 10**9, (), mapping=(key, targets))
    assert set((sheet_mapping(session, key) or "").split(",")) == {"ignore"}


def test_done_when_as_a_new_user_on_the_command_line(tmp_path: Path) -> None:
    """Issue 13's "done when", from the command line: a CP949 CSV with Korean headers and Hangul
    full names imports family-first; again, all unchanged; a bad e-mail stops the import naming row
    and column with nothing written; the exported XLSX keeps the Hangul and an '=' title as text."""
    import openpyxl

    db = tmp_path / "new.sqlite3"
    assert cli(db, "demo")[0] == 0
    path = write_csv(tmp_path / "명단.csv", [KOREAN_HEADERS, *KOREAN_ROWS])
    assert path.read_bytes().decode("cp949").startswith("성명")
    code, out, err = cli(db, "import", "attendees", "busan-liverpool", str(path))
    assert code == 0, err
    assert "CP949" in out and "3 new" in out
    _, listing, _ = cli(db, "attendees", "busan-liverpool")
    assert "Kim Cheol" not in listing and "김철수" in listing  # family first: 김 + 철수
    code, out, _ = cli(db, "import", "attendees", "busan-liverpool", str(path), "--dry-run")
    assert "0 new, 0 update, 3 unchanged" in out
    bad = write_csv(
        tmp_path / "bad.csv",
        [KOREAN_HEADERS, ["박민준", "=1+1 과장", "대한무역공사", "mj.park@kotra.example", "", "", "", "남"],
         ["최민", "", "", "bad@", "", "", "", ""]],
    )  # fmt: skip
    code, _, err = cli(db, "import", "attendees", "busan-liverpool", str(bad))
    assert code == 1 and "row 3, column '이메일': 'bad@' is not an e-mail address" in err
    _, again, _ = cli(db, "attendees", "busan-liverpool")
    assert again == listing  # nothing written, not even the good row before it
    good = write_csv(
        tmp_path / "good.csv",
        [KOREAN_HEADERS, ["박민준", "=1+1 과장", "대한무역공사", "mj.park@kotra.example", "", "", "", "남"]],
    )
    assert cli(db, "import", "attendees", "busan-liverpool", str(good))[0] == 0
    out_path = tmp_path / "list.xlsx"
    assert cli(db, "export", "attendees", "busan-liverpool", "-o", str(out_path))[0] == 0
    sheet = openpyxl.load_workbook(out_path)["Attendees"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert any(c.value == "김철수" for c in cells) and any(c.value == "남궁민수" for c in cells)
    title = next(c for c in cells if c.value == "=1+1 과장")
    assert title.data_type == "s"  # text, never a formula
    assert not any(c.data_type == "f" for c in cells)
