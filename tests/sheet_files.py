"""Delegation lists made the way offices make them: CSV in each encoding, XLSX with several sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

KOREAN_HEADERS = ["성명", "직위", "소속", "이메일", "전화", "식이/알레르기", "비고", "성별"]
KOREAN_ROWS = [
    ["김철수", "국장", "대한무역공사", "cs.kim@kotra.example", "010-1111-2222", "갑각류 알레르기", "", "남"],
    ["남궁민수", "과장", "대한무역공사", "", "010-3333-4444", "", "휠체어 사용", "남"],
    ["이영희", "통역", "대한무역공사", "yh.lee@kotra.example", "", "채식", "", "여"],
]


def csv_bytes(rows: Sequence[Sequence[str]], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: Sequence[Sequence[str]], encoding: str = "cp949", delimiter: str = ",") -> Path:
    path.write_bytes(csv_bytes(rows, encoding, delimiter))
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def encrypted_xlsx(path: Path) -> Path:
    """The start of an OLE2 compound file holding an EncryptedPackage stream, as Excel writes a
    password-protected workbook."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le")
    path.write_bytes(header + directory + b"\x00" * 1024)
    return path
