"""Reading spreadsheets: encodings, delimiters, XLSX sheets, and the reasons a file cannot be read."""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.sheet_files import KOREAN_HEADERS, KOREAN_ROWS, csv_bytes, encrypted_xlsx, write_csv, write_xlsx
from visitplanner.domain.errors import UserError
from visitplanner.importers.attendee_sheet import Target, apply_overrides, parse_rows, recognise
from visitplanner.importers.sheet import column_letter, read_sheet, sniff_delimiter

TABLE = [KOREAN_HEADERS, *KOREAN_ROWS]


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("cp949", b"", "CP949"),
        ("euc-kr", b"", "CP949"),
        ("utf-8", b"", "UTF-8"),
        ("utf-8", codecs.BOM_UTF8, "UTF-8 with BOM"),
        ("utf-16", b"", "UTF-16"),  # Python writes a BOM
        ("utf-16-le", b"", "UTF-16"),  # no BOM
    ],
)
def test_each_encoding_reads_the_hangul(tmp_path: Path, encoding: str, prefix: bytes, label: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(prefix + csv_bytes(TABLE, encoding))
    sheet = read_sheet(path)
    assert sheet.encoding == label
    assert sheet.headers == tuple(KOREAN_HEADERS)
    assert sheet.rows[1][0] == "남궁민수"
    assert sheet.row_numbers == (2, 3, 4)


def test_cp949_bytes_are_really_cp949(tmp_path: Path) -> None:
    data = csv_bytes(TABLE, "cp949")
    assert "김철수".encode("cp949") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(
        tmp_path / "d.csv",
        [["Name", "Title, role", "E-mail"], ["Jane Smith", "Dr, chair", "j@x.org"]],
        "utf-8",
        delimiter,
    )
    sheet = read_sheet(path)
    assert sheet.delimiter == delimiter
    assert sheet.rows[0] == ("Jane Smith", "Dr, chair", "j@x.org")


def test_sniffing_a_single_column_falls_back_to_comma() -> None:
    assert sniff_delimiter("Name\nJane\n") == ","


def test_blank_rows_are_skipped_and_short_rows_padded(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "b.csv", [["Name", "E-mail"], [], ["", ""], ["Jane Smith"], ["Bo Li", "b@x.org"]], "utf-8"
    )
    sheet = read_sheet(path)
    assert sheet.rows == (("Jane Smith", ""), ("Bo Li", "b@x.org"))
    assert sheet.row_numbers == (4, 5)


def test_an_undecodable_file_says_which_encodings_were_tried(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Name\nMüller\n".encode("latin-1") + b"\xff\xfe\xfa")
    with pytest.raises(UserError, match=r"neither UTF-8, UTF-16 nor CP949/EUC-KR \(line 2"):
        read_sheet(path)
    assert read_sheet(path, encoding="latin-1").rows[0][0] == "Müller"


def test_binary_and_other_files_are_not_spreadsheets(tmp_path: Path) -> None:
    png = tmp_path / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UserError, match="not a spreadsheet"):
        read_sheet(png)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(UserError, match=r"Excel 97-2003"):
        read_sheet(xls)
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UserError, match="a ZIP archive, not an XLSX workbook"):
        read_sheet(tmp_path / "a.xlsx")
    with pytest.raises(UserError, match="no such file"):
        read_sheet(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        read_sheet(tmp_path / "empty.csv")


def test_a_password_protected_workbook_says_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="password-protected"):
        read_sheet(encrypted_xlsx(tmp_path / "secret.xlsx"))


def test_xlsx_sheets_dates_numbers_and_formulas(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "list.xlsx",
        {
            "Cover": [["Delegation of Busan"]],
            "명단": [
                ["성명", "전화", "도착", "비고"],
                ["박형준", 1012345678, datetime(2026, 5, 11, 14, 30), "=1+1"],
                [None, None, None, None],
                ["김철수", 7.5, datetime(2026, 5, 11), "ok"],
            ],
        },
    )
    sheet = read_sheet(path, "명단")
    assert sheet.sheet_names == ("Cover", "명단")
    assert sheet.encoding == "XLSX"
    # a formula openpyxl wrote has no saved value: it reads as blank, never as its text
    assert sheet.rows == (("박형준", "1012345678", "2026-05-11 14:30", ""), ("김철수", "7.5", "2026-05-11", "ok"))
    assert sheet.row_numbers == (2, 4)
    assert read_sheet(path).name == "Cover"
    with pytest.raises(UserError, match=r"no sheet 'People' \(its sheets: Cover, 명단\)"):
        read_sheet(path, "People")


def _rewritten(path: Path, edit: Callable[[str], str]) -> Path:
    """`path` with its worksheets' XML passed through `edit` (as Excel or another writer would save it)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/"):
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return path


def test_a_formula_without_a_saved_result_is_named_in_a_warning(tmp_path: Path) -> None:
    rows: list[list[object]] = [["성명", "비고", "소속"], ["박형준", "=1+1", "부산광역시"]]
    rows += [[f"김{i}", f"=A{i}" if i % 2 else "ok", "=B1"] for i in range(3, 12)]
    sheet = read_sheet(write_xlsx(tmp_path / "f.xlsx", {"명단": rows}))
    assert [row[1] for row in sheet.rows[:3]] == ["", "", "ok"]
    assert sheet.warnings == (
        "column '비고': 6 cells hold formulas whose result the file does not keep (rows 2, 3, 5, 7, 9 "
        "and 1 more), read as blank; open the file in Excel or LibreOffice and save it to keep the results",
        "column '소속': 9 cells hold formulas whose result the file does not keep (rows 3, 4, 5, 6, 7 "
        "and 4 more), read as blank; open the file in Excel or LibreOffice and save it to keep the results",
    )
    one = read_sheet(write_xlsx(tmp_path / "one.xlsx", {"S": [["Name", "Notes"], ["Kim", "=1+1"], ["Lee", "x"]]}))
    assert one.warnings == (
        "column 'Notes': a cell holds a formula whose result the file does not keep (row 2), read as blank; "
        "open the file in Excel or LibreOffice and save it to keep the results",
    )


def test_formulas_with_saved_results_read_as_their_results_without_a_warning(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "saved.xlsx", {"S": [["Name", "Total", "Label"], ["Kim", "=1+1", '=""'], ["Lee", 3, "x"]]}
    )

    def as_excel_saves(xml: str) -> str:  # results kept: a number, and an empty text (t="str")
        xml = xml.replace('<c r="B2"><f>1+1</f><v></v></c>', '<c r="B2"><f>1+1</f><v>2</v></c>')
        return xml.replace('<c r="C2"><f>""</f><v></v></c>', '<c r="C2" t="str"><f>""</f><v></v></c>')

    sheet = read_sheet(_rewritten(path, as_excel_saves))
    assert sheet.rows == (("Kim", "2", ""), ("Lee", "3", "x"))
    assert sheet.warnings == ()
    # a CSV keeps no formulas: never a warning
    (tmp_path / "l.csv").write_text("Name,Notes\nKim,=1+1\n", encoding="utf-8")
    assert read_sheet(tmp_path / "l.csv").warnings == ()


def test_a_prefixed_namespace_and_shared_formulas_are_found(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", {"S": [["Name", "Notes"], ["Kim", "=1+1"], ["Lee", "=2+2"], ["Cho", "y"]]})

    def prefixed(xml: str) -> str:  # <x:c>, and row 3's formula shared from row 2's, self-closing
        xml = xml.replace('<c r="B3"><f>2+2</f><v></v></c>', '<c r="B3"><f t="shared" si="0"/></c>')
        xml = xml.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>")
        for tag in ("sheetData", "row", "c", "f", "v", "is", "t", "sheetPr", "outlinePr", "pageSetUpPr", "dimension"):
            xml = xml.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ")
            xml = xml.replace(f"</{tag}>", f"</x:{tag}>")
        for tag in ("sheetViews", "sheetView", "selection", "sheetFormatPr", "pageMargins"):
            xml = xml.replace(f"<{tag}", f"<x:{tag}").replace(f"</{tag}>", f"</x:{tag}>")
        return xml

    sheet = read_sheet(_rewritten(path, prefixed))
    assert sheet.rows == (("Kim", ""), ("Lee", ""), ("Cho", "y"))
    assert len(sheet.warnings) == 1 and "(rows 2, 3)" in sheet.warnings[0]


def test_merged_header_cells_leave_named_columns(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["성명", None, "소속"])
    ws.append(["박형준", "Park Heong-Joon", "부산광역시"])
    ws.merge_cells("A1:B1")
    book.save(tmp_path / "m.xlsx")
    sheet = read_sheet(tmp_path / "m.xlsx")
    assert sheet.headers == ("성명", "Column B", "소속")
    targets = apply_overrides(sheet.headers, recognise(sheet.headers), ["B=romanised_name"])
    row = parse_rows(sheet, targets)[0]
    assert (row.person.family_name, row.person.native_name, row.organisation) == ("Park", "박형준", "부산광역시")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_korean_and_english_headers_are_recognised() -> None:
    assert recognise(KOREAN_HEADERS) == (
        Target.FULL_NAME,
        Target.TITLE,
        Target.ORGANISATION,
        Target.EMAIL,
        Target.PHONE,
        Target.DIETARY,
        Target.NOTES,
        Target.IGNORE,
    )
    assert recognise(["성", "이름", "이름(영문)", "직책", "전자우편"]) == (
        Target.FAMILY_NAME,
        Target.GIVEN_NAMES,
        Target.ROMANISED_NAME,
        Target.TITLE,
        Target.EMAIL,
    )
    assert recognise(
        ["First name", "Last Name", "E-mail Address", "Organization", "Dietary requirements", "Remarks"]
    ) == (
        Target.GIVEN_NAMES,
        Target.FAMILY_NAME,
        Target.EMAIL,
        Target.ORGANISATION,
        Target.DIETARY,
        Target.NOTES,
    )
    assert recognise(["Name", "Name"]) == (Target.FULL_NAME, Target.IGNORE)


def test_rows_become_people_and_errors_name_row_and_column(tmp_path: Path) -> None:
    rows = [KOREAN_HEADERS, *KOREAN_ROWS, ["최민", "", "", "not-an-email", "", "", "", ""]]
    sheet = read_sheet(write_csv(tmp_path / "l.csv", rows))
    with pytest.raises(UserError) as caught:
        parse_rows(sheet, recognise(sheet.headers))
    assert caught.value.message == "row 5, column '이메일': 'not-an-email' is not an e-mail address"
    good = parse_rows(read_sheet(write_csv(tmp_path / "g.csv", TABLE)), recognise(KOREAN_HEADERS))
    first = good[0].person
    assert (first.family_name, first.given_names, first.native_name, first.name_order.value) == (
        "김",
        "철수",
        "김철수",
        "family_first",
    )
    assert good[1].person.family_name == "남궁"


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("Kim\x1b[31m", "Name", "contains a control character"),
        # where it is in the cell, not in the part of the name split off (given names "철\x07수")
        ("김철\x07수", "Name", r"control character \(U\+0007\) at character 3"),
        ("Dr Jane \x07Smith", "Name", r"\(U\+0007\) at character 9"),
        ("x" * 201, "Name", "at most 200"),
        ("\u202eevil", None, None),  # a bidi override is text, kept as written
    ],
)
def test_hostile_cells(tmp_path: Path, cell: str, column: str | None, message: str | None) -> None:
    sheet = read_sheet(write_csv(tmp_path / "h.csv", [["Name", "Side"], [cell, "visiting"]], "utf-8"))
    if message is None:
        assert parse_rows(sheet, recognise(sheet.headers))[0].person.family_name == "\u202eevil"
        return
    with pytest.raises(UserError, match=f"row 2, column '{column}': .*{message}"):
        parse_rows(sheet, recognise(sheet.headers))


def test_bad_side_role_and_precedence_name_their_column(tmp_path: Path) -> None:
    for header, value, text in (
        ("Side", "enemy", "not a side"),
        ("Role", "king", "not a role"),
        ("No", "-3", "not a precedence"),
    ):
        sheet = read_sheet(write_csv(tmp_path / "s.csv", [["Name", header], ["Jane Smith", value]], "utf-8"))
        with pytest.raises(UserError, match=f"row 2, column '{header}': .*{text}"):
            parse_rows(sheet, recognise(sheet.headers))


def test_a_mapping_needs_a_name_and_one_column_per_field(tmp_path: Path) -> None:
    sheet = read_sheet(write_csv(tmp_path / "s.csv", [["A", "B"], ["x", "y"]], "utf-8"))
    with pytest.raises(UserError, match="no column holds the names"):
        parse_rows(sheet, recognise(sheet.headers))
    with pytest.raises(UserError, match="both mapped to"):
        parse_rows(
            sheet,
            apply_overrides(sheet.headers, recognise(sheet.headers), ["A=email", "B=email", "A=full_name"])
            and (Target.EMAIL, Target.EMAIL),
        )
    with pytest.raises(UserError, match="no column 'C'"):
        apply_overrides(sheet.headers, recognise(sheet.headers), ["C=email"])
    with pytest.raises(UserError, match="not a field"):
        apply_overrides(sheet.headers, recognise(sheet.headers), ["A=shoe_size"])


def test_dates_as_bare_excel_serials_are_read_as_dates(tmp_path: Path) -> None:
    """A date cell that lost its format (or a CSV saved from one) holds Excel's serial number."""
    path = write_xlsx(
        tmp_path / "serials.xlsx",
        {"명단": [["성명", "도착", "출발"], ["박형준", 46153.5, 46156], ["김철수", "KE907 46153", 12345]]},
    )
    sheet = read_sheet(path)
    assert sheet.rows[0][1:] == ("46153.5", "46156")  # the sheet holds what the cells hold
    first, second = parse_rows(sheet, recognise(sheet.headers))
    assert (first.arrival, first.departure) == ("2026-05-11 12:00", "2026-05-14")
    assert (second.arrival, second.departure) == ("KE907 46153", "12345")  # text, and a number no date
