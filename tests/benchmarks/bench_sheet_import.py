"""Times `import attendees --dry-run` of a 5,000-row XLSX against openpyxl reading the same file alone.

Goal (issue 13): within 1.5x of the floor, measured in the same run: the fastest of `--runs` runs
of each, taken in turn (the median and the processor time are printed beside it). The address book already holds
a third of the people (matched by e-mail or by native name and organisation), so matching is timed too.
"""

from __future__ import annotations

import argparse
import gc
import platform
import re
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import NameOrder
from visitplanner.domain.values import OrganisationData, PersonData, VisitData
from visitplanner.importers.attendee_sheet import parse_rows, recognise
from visitplanner.importers.sheet import read_sheet
from visitplanner.services.attendee_import import preview_import
from visitplanner.services.organisations import create_organisation
from visitplanner.services.people import create_person
from visitplanner.services.visits import create_visit
from visitplanner.store.database import open_database

GOAL = 1.5
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지훈유나해원영희철수준호은지현우수빈"
HEADERS = ["성명", "영문 성명", "직위", "소속", "이메일", "전화", "식이/알레르기", "비고", "성별"]


def person(n: int) -> list[object]:
    native = FAMILY[n % len(FAMILY)] + GIVEN[n % 17] + GIVEN[(n // 17) % 19]
    return [
        native,
        f"Person{n} Family{n % 97}",
        "주무관" if n % 3 else "과장",
        f"기관 {n % 400}",
        f"p{n}@office.example" if n % 2 else None,
        f"010-{n:04d}-{(n * 7) % 10000:04d}",
        "채식" if n % 11 == 0 else None,
        f"=note {n}" if n % 50 == 0 else "",
        "남" if n % 2 else "여",
    ]


SHAPES = ("write-only", "sized", "shared-strings")


def write_book(path: Path, rows: int, shape: str = "write-only") -> None:
    """The list as openpyxl's write-only mode saves it (inline strings, no <dimension>: openpyxl
    then reads each sheet once more on opening, to size it); as openpyxl's normal mode saves it
    (`shape="sized"`: inline strings, the sheet's size at its start; a lower floor); or as Excel
    saves it (`shape="shared-strings"`: sized, every text in the workbook's shared-string table,
    each cell its index; the lowest floor)."""
    book = openpyxl.Workbook(write_only=shape == "write-only")
    if shape != "write-only":
        book.remove(book.active)
    book.create_sheet("표지").append(["대표단 명단"])
    sheet = book.create_sheet("명단")
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append(person(n))
    book.save(path)
    if shape == "shared-strings":
        _share_strings(path)


_INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*) t="inlineStr"><is><t>(.*?)</t></is></c>', re.DOTALL)


def _share_strings(path: Path) -> None:
    """Rewrite the workbook at `path` as Excel lays it out: its texts in xl/sharedStrings.xml."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    strings: dict[str, int] = {}

    def shared(cell: re.Match[str]) -> str:
        index = strings.setdefault(cell.group(3), len(strings))
        return f'<c r="{cell.group(1)}"{cell.group(2)} t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(shared, data.decode("utf-8")).encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(info, data)
        table = "".join(f"<si><t>{text}</t></si>" for text in strings)  # already escaped as XML
        target.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )


def floor(path: Path) -> int:
    """openpyxl alone: open read-only, read every cell of the sheet."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book["명단"].iter_rows(values_only=True))
    book.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=SHAPES, default="write-only", help="how the file is saved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.xlsx"
        write_book(path, args.rows, args.shape)
        db = open_database(f"sqlite:///{folder}/bench.sqlite3", create=True)
        with db.session() as session:
            visit_id = create_visit(
                session, VisitData("Bench", "bench", date(2027, 5, 10), date(2027, 5, 14))
            ).created_id(Entity.VISIT)
            orgs = {
                i: create_organisation(session, OrganisationData(f"기관 {i}")).created_id(Entity.ORGANISATION)
                for i in range(400)
            }
            for n in range(0, args.rows, 3):  # a third already in the address book
                row = person(n)
                create_person(
                    session,
                    PersonData(
                        str(row[0])[0], str(row[0])[1:], str(row[0]), name_order=NameOrder.FAMILY_FIRST,
                        organisation_id=orgs[n % 400], email=str(row[4] or ""),
                    ),
                )  # fmt: skip

        def ours() -> int:
            sheet = read_sheet(path, "명단")
            rows = parse_rows(sheet, recognise(sheet.headers))
            with db.reading() as session:
                plan = preview_import(session, visit_id, rows)
            return len(plan.rows)

        assert floor(path) == args.rows + 1 and ours() == args.rows  # warm up, and check both read it all
        floors: list[tuple[float, float]] = []  # (wall, processor) seconds
        mine: list[tuple[float, float]] = []
        for _ in range(args.runs):  # in turn, so the machine's load weighs on both alike
            for times, fn in ((floors, floor), (mine, ours)):
                gc.collect()
                start, start_cpu = time.perf_counter(), time.process_time()
                fn(path)  if fn is floor else fn()  # type: ignore[operator]  # fmt: skip
                times.append((time.perf_counter() - start, time.process_time() - start_cpu))
        db.close()
    print(
        f"python {platform.python_version()}, openpyxl {openpyxl.__version__}, {args.rows} rows, "
        f"{args.runs} runs, file saved {args.shape}"
    )
    print("                                            fastest   median   processor (fastest)")
    for label, times in (
        ("openpyxl read-only, every cell (floor)", floors),
        ("import attendees --dry-run (read, match)", mine),
    ):
        walls = [wall for wall, _ in times]
        print(f"{label:<42} {min(walls):7.3f} s {statistics.median(walls):7.3f} s {min(c for _, c in times):7.3f} s")
    # the fastest run of each: what the code costs, least disturbed by the rest of the machine
    # (a shared machine's load moves a median by a fifth from one run of the script to the next)
    ratios = [min(m[k] for m in mine) / min(f[k] for f in floors) for k in (0, 1)]
    median_ratio = statistics.median(w for w, _ in mine) / statistics.median(w for w, _ in floors)
    print(
        f"ratio to the floor: {ratios[0]:.2f}x (fastest), {median_ratio:.2f}x (median), "
        f"{ratios[1]:.2f}x (processor time); goal {GOAL}x"
    )
    return 0 if ratios[0] <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
