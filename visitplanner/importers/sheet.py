"""Read a spreadsheet (CSV in any usual encoding and delimiter, or XLSX) into rows of text."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from visitplanner.domain.errors import UserError
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled, collection_paused

#: The first bytes of an OLE2 compound file: an encrypted (password-protected) XLSX or an old .xls.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: Delimiters a CSV may use, in the order a tie is decided.
DELIMITERS = (",", ";", "\t", "|")
#: The encodings a text file is tried in when it has no byte-order mark.
ENCODINGS = ("utf-8", "cp949")
#: The largest file read (a delegation list is kilobytes; this refuses a wrong file early).
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    """One table read from a file: its header and data rows, as text.

    Attributes:
        name: the worksheet's name (XLSX) or the file's name (CSV).
        headers: the column headers as written (a blank header is named by its column, "Column C").
        rows: the data rows (blank rows left out), each as long as `headers`.
        row_numbers: each data row's row number in the file (1-based, as a spreadsheet shows it).
        encoding: how the file was read: "XLSX", "UTF-8", "UTF-8 with BOM", "UTF-16", "CP949".
        sheet_names: every worksheet of the workbook (one name for a CSV).
        delimiter: the CSV delimiter ("" for XLSX).
        warnings: what was read but may not be what the file means, one line per column (cells
            holding a formula whose result the file does not keep, read as blank).
    """

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str
    sheet_names: tuple[str, ...] = ()
    delimiter: str = ""
    warnings: tuple[str, ...] = ()


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheet(
    path: Path,
    sheet: str | None = None,
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Sheet:
    """Read `path` (CSV or XLSX; for a workbook the sheet named `sheet`, else the first).

    `encoding` forces a CSV's encoding (Python's codec name); otherwise it is detected.
    Raises `UserError` saying why a file cannot be read (encoding, not a spreadsheet, a
    password-protected workbook, an unknown sheet).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError as exc:
        raise UserError(f"{path}: is a folder, not a spreadsheet") from exc
    except FileNotFoundError as exc:
        raise UserError(f"{path}: there is no such file") from exc
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise UserError(f"{path.name}: is larger than {MAX_BYTES // (1024 * 1024)} MB; is it the delegation list?")
    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UserError(
                f"{path.name}: the workbook is password-protected (encrypted); open it in Excel, "
                "remove the password (File → Info → Protect Workbook) and save it again"
            )
        raise UserError(
            f"{path.name}: is an old Excel 97-2003 (.xls) or other Office file, not XLSX or CSV; "
            "save it as .xlsx or CSV"
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(path, data, sheet, progress, cancelled)
    if sheet not in (None, "", path.name):
        raise UserError(f"--sheet: {path.name} is a CSV file with one table; it has no sheet {sheet!r}")
    return _read_csv(path, data, encoding, progress, cancelled)


# -- CSV ----------------------------------------------------------------------------------------


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding (byte-order marks first, then UTF-8, then CP949)."""
    if encoding:
        try:
            codec = codecs.lookup(encoding)
        except LookupError as exc:
            raise UserError(f"encoding: {encoding!r} is not an encoding Python knows (e.g. utf-8, cp949)") from exc
        try:
            return data.decode(codec.name), codec.name.upper()
        except UnicodeDecodeError as exc:
            raise UserError(f"{name}: is not {codec.name.upper()} text ({_where(data, exc)})") from exc
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "UTF-16"
    if b"\x00" in data and len(data) % 2 == 0:  # UTF-16 without a BOM: ASCII's high bytes are 0
        odd, even = data[1::2].count(0), data[0::2].count(0)
        wide = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = ""
        if text and "\x00" not in text and max(odd, even) >= 4 * min(odd, even):
            return text, "UTF-16"
    if b"\x00" in data:
        raise UserError(f"{name}: is not a spreadsheet (it holds binary data, not CSV text or XLSX)")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp949"), "CP949"
        except UnicodeDecodeError:
            raise UserError(
                f"{name}: cannot read its text: it is neither UTF-8, UTF-16 nor CP949/EUC-KR "
                f"({_where(data, utf8_error)}); save it as 'CSV UTF-8' or XLSX"
            ) from None


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UserError(f"{name}: is marked as {codec.upper()} but is not ({_where(data, exc)})") from exc


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return f"line {line}, byte 0x{data[exc.start]:02X}"


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the candidate splitting its first non-blank rows into the same
    number (more than one) of fields most often; a comma when nothing splits."""
    lines = [line for line in text.splitlines()[:50] if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(
    path: Path, data: bytes, encoding: str | None, progress: Progress | None, cancelled: Cancelled | None
) -> Sheet:
    text, how = decode(data, path.name, encoding)
    delimiter = sniff_delimiter(text)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise UserError(f"{path.name}: is not a readable CSV file ({exc})") from exc
    if cancelled is not None and cancelled():
        raise WorkCancelled
    if progress is not None:
        progress(1, 1)
    table = [[_unneutralised(cell).strip() for cell in row] for row in table]
    return _table(path.name, table, how, (path.name,), delimiter)


def _unneutralised(cell: str) -> str:
    """A cell as written before an export neutralised it: "'=1+1" -> "=1+1" (spreadsheets hide
    an apostrophe that makes a formula-looking cell text; the attendee export writes one)."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") and cell[1:2] else cell


# -- XLSX ---------------------------------------------------------------------------------------


def _read_xlsx(
    path: Path, data: bytes, sheet: str | None, progress: Progress | None, cancelled: Cancelled | None
) -> Sheet:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise UserError(f"{path.name}: is a damaged ZIP file, not a readable XLSX workbook") from exc
    if "xl/workbook.xml" not in names:
        kind = "an OpenDocument spreadsheet (.ods)" if "content.xml" in names else "a ZIP archive"
        raise UserError(f"{path.name}: is {kind}, not an XLSX workbook; save it as .xlsx or CSV")
    # the collector paused: thousands of cells read, all living to the end (see collection_paused)
    with collection_paused():
        return _read_book(path, data, archive, sheet, progress, cancelled)


def _read_book(
    path: Path,
    data: bytes,
    archive: zipfile.ZipFile,
    sheet: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Sheet:
    import openpyxl  # lazily: only XLSX needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on a broken file
        raise UserError(f"{path.name}: is not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        sheet_names = tuple(book.sheetnames)
        if not sheet_names:
            raise UserError(f"{path.name}: the workbook has no sheets")
        if sheet:
            if sheet not in sheet_names:
                raise UserError(
                    f"--sheet: {path.name} has no sheet {sheet!r} (its sheets: {', '.join(sheet_names)})",
                    field="sheet",
                )
            chosen = sheet
        else:
            chosen = sheet_names[0]
        worksheet = book[chosen]
        unsaved = _unsaved_formulas(archive, getattr(worksheet, "_worksheet_path", None))
        total = worksheet.max_row or 0
        table: list[list[str]] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            # most cells are text: stripped here, the rest written as text first
            table.append([v.strip() if type(v) is str else _cell_text(v).strip() for v in values])
            if number % 500 == 0:
                if cancelled is not None and cancelled():
                    raise WorkCancelled
                if progress is not None:
                    progress(number, max(total, number))
    finally:
        book.close()
    return _table(chosen, table, "XLSX", sheet_names, "", unsaved)


# A worksheet's cells as XML: <c r="H2" t="str"><f>A2&amp;B2</f><v>text</v></c>, any namespace prefix.
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData[\s>]")
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*\Z')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_STRING_RESULT = re.compile(rb'\st="str"')


def _unsaved_formulas(archive: zipfile.ZipFile, member: object) -> list[tuple[int, int]]:
    """(row, column index) of each cell of the worksheet `member` holding a formula with no saved
    result: a file written by a program that does not calculate (openpyxl, many exporters) keeps
    the formula only, and read-only reading with values gives such a cell as empty. A formula
    whose saved result is an empty text (t="str", <v></v>) is not one. Cost: the sheet's XML
    unpacked once more and searched for its formulas (bytes.find, in C), then work per formula."""
    if not isinstance(member, str):
        return []
    try:
        xml = archive.read(member.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return []  # openpyxl read it: what cannot be asked again here is left unsaid
    start = _SHEET_DATA.search(xml)
    if start is None:
        return []
    prefix = start.group(1)
    end = xml.rfind(b"</" + prefix + b"sheetData>")
    end = end if end > start.end() else len(xml)
    needle, close = b"<" + prefix + b"f", b"</" + prefix + b"c>"
    found: list[tuple[int, int]] = []
    at = xml.find(needle, start.end(), end)
    while at >= 0:
        after = at + len(needle)
        if xml[after : after + 1] in (b" ", b">", b"/", b"\t", b"\r", b"\n"):
            tag_start = xml.rfind(b"<", start.end(), at)
            cell = _CELL_TAG.match(xml, tag_start, at) if tag_start >= 0 else None
            # a formula that is not a cell's first child is not a layout we know: left unsaid
            if cell is not None:
                cell_end = xml.find(close, after, end)
                body = xml[at : cell_end if cell_end >= 0 else end]
                if _VALUE.search(body) is None and _STRING_RESULT.search(cell.group(0)) is None:
                    found.append((int(cell.group(2)), _column_index(cell.group(1).decode("ascii"))))
        at = xml.find(needle, after, end)
    return found


def _column_index(letters: str) -> int:
    """ "A" -> 0, "AA" -> 26 (the inverse of `column_letter`)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ".0", dates and times in ISO order."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


#: Excel's day 0 (its 1900 date system, as from 1 March 1900), and the serials read as dates
#: (1954 to 2119): a date cell that lost its format, or a CSV saved from one, holds only this number.
EXCEL_EPOCH = datetime(1899, 12, 30)
SERIAL_DAYS = range(20_000, 80_000)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?\Z")


def serial_as_date(text: str) -> str:
    """`text` as a date when it is an Excel date serial ("46153.5" -> "2026-05-11 12:00"), else unchanged."""
    if not _SERIAL.match(text) or int(float(text)) not in SERIAL_DAYS:
        return text
    when = EXCEL_EPOCH + timedelta(minutes=round(float(text) * 24 * 60))
    return _cell_text(when)


# -- both ---------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


#: How many row numbers a warning lists before it says how many more.
ROWS_NAMED = 5


def _table(
    name: str,
    table: Sequence[Sequence[str]],
    how: str,
    sheet_names: tuple[str, ...],
    delimiter: str,
    unsaved: Sequence[tuple[int, int]] = (),
) -> Sheet:
    """The header (the first non-blank row) and the non-blank rows after it (cells already stripped),
    with a warning per column whose data rows hold `unsaved` formulas (row, column index) read as blank."""
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(row)]
    if not numbered:
        raise UserError(f"{name}: the sheet is empty (no header row)")
    header = numbered[0][1]
    width = max(len(header), *(len(row) for _, row in numbered))
    # merged header cells leave the cells after the first blank: name them by their column
    headers = tuple(
        _SPACE.sub(" ", header[i]) if i < len(header) and header[i] else f"Column {column_letter(i)}"
        for i in range(width)
    )
    rows = tuple(tuple(row) + ("",) * (width - len(row)) if len(row) < width else tuple(row) for _, row in numbered[1:])
    by_column: dict[int, list[int]] = {}
    for row_number, column in sorted(unsaved):
        cells = table[row_number - 1] if 0 < row_number <= len(table) else ()
        if row_number > numbered[0][0] and column < width and not (column < len(cells) and cells[column]):
            by_column.setdefault(column, []).append(row_number)
    warnings = tuple(_unsaved_warning(headers[column], numbers) for column, numbers in sorted(by_column.items()))
    return Sheet(name, headers, rows, tuple(n for n, _ in numbered[1:]), how, sheet_names, delimiter, warnings)


def _unsaved_warning(header: str, rows: Sequence[int]) -> str:
    named = ", ".join(str(n) for n in rows[:ROWS_NAMED])
    more = f" and {len(rows) - ROWS_NAMED} more" if len(rows) > ROWS_NAMED else ""
    cells = "a cell holds a formula" if len(rows) == 1 else f"{len(rows)} cells hold formulas"
    return (
        f"column '{header}': {cells} whose result the file does not keep (row{'s' if len(rows) > 1 else ''} "
        f"{named}{more}), read as blank; open the file in Excel or LibreOffice and save it to keep the results"
    )
