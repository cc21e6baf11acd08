"""Every itinerary or driver sheet in one step into a folder: one file per person, safe names,
existing files refused before anything is written; the CLI prints a summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from visitplanner.domain.enums import Role
from visitplanner.domain.errors import UserError
from visitplanner.exporters.batch import write_driver_sheets, write_itineraries
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.queries import attendees_of, find_visit

NOW = datetime(2027, 5, 10, 9, tzinfo=UTC)


def test_every_itinerary_one_file_each_named_safely(session: Session, tmp_path: Path) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    folder = tmp_path / "out" / "itineraries"  # made when missing
    files = write_itineraries(session, visit, folder, now=NOW)
    people = [a for a in attendees_of(session, visit) if a.role is not Role.DRIVER]
    assert len(files) == len(people) == len(list(folder.iterdir()))
    assert files[0].path.name == "busan-liverpool-itinerary-park-heong-joon.pdf"
    for file, attendee in zip(files, people, strict=True):
        reader = PdfReader(file.path)
        assert len(reader.pages) == file.pages >= 1
        assert attendee.person.name.romanised.split()[0] in "".join(p.extract_text() for p in reader.pages)
        assert file.path.stat().st_mode & 0o077 == 0  # personal: owner only
    before = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    with pytest.raises(UserError, match="already exist"):
        write_itineraries(session, visit, folder, now=NOW)
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # nothing touched
    assert len(write_itineraries(session, visit, folder, now=NOW, force=True)) == len(people)


def test_every_driver_sheet_one_file_per_vehicle_named_after_its_driver(session: Session, tmp_path: Path) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    files = write_driver_sheets(session, visit, tmp_path, now=NOW)
    assert [f.path.name for f in files] == [
        "busan-liverpool-driver-sheet-daniel-hughes.pdf",
        "busan-liverpool-driver-sheet-priya-nair.pdf",
    ]
    car = "".join(p.extract_text() for p in PdfReader(files[0].path).pages)
    assert "Daniel Hughes" in car and "Priya Nair" not in car  # only that vehicle's sheet


def test_a_file_in_place_of_the_folder_is_refused(session: Session, tmp_path: Path) -> None:
    build_demo(session)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="is a file"):
        write_itineraries(session, find_visit(session, SLUG).id, blocker, now=NOW)


def test_names_two_people_share_get_numbered(session: Session, tmp_path: Path, create_visit, create_attendee) -> None:
    visit = create_visit()
    create_attendee(visit, "Smith")
    create_attendee(visit, "Smith")
    files = write_itineraries(session, visit, tmp_path, now=NOW)
    assert len({f.path for f in files}) == 2 and files[1].path.stem.endswith("-2")


def test_the_command_line_writes_a_folder_and_lists_it(tmp_path: Path) -> None:
    import io

    from visitplanner.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--database", f"sqlite:///{tmp_path / 'cli.sqlite3'}", *args], out=out, err=err)
        return code, out.getvalue(), err.getvalue()

    assert run("demo")[0] == 0
    folder = tmp_path / "itineraries"
    code, out, err = run("export", "itineraries", SLUG, "-o", str(folder), "--lang", "en")
    assert code == 0 and err == "", err
    assert "busan-liverpool-itinerary-park-heong-joon.pdf  Park Heong-Joon (박형준), 5 pages" in out
    assert out.rstrip().endswith(f"Wrote 14 itineraries of 'busan-liverpool' to {folder}")
    code, _, err = run("export", "itineraries", SLUG, "-o", str(folder))
    assert code == 1 and "already exist" in err
    assert run("export", "itineraries", SLUG, "-o", str(folder), "--force")[0] == 0
    code, out, _ = run("export", "itineraries", SLUG, "-o", str(tmp_path / "ko"), "--lang", "ko")
    assert code == 0 and "Wrote 14 itineraries" in out
    assert "2027년 5월 11일" in "".join(
        p.extract_text() for p in PdfReader(tmp_path / "ko" / "busan-liverpool-itinerary-steve-rotheram.pdf").pages
    )
    code, out, _ = run("export", "driver-sheets", SLUG, "-o", str(tmp_path / "drivers"))
    assert code == 0 and "Wrote 2 driver sheets" in out
