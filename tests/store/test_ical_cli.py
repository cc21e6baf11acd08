"""`visitplanner export ics` and `import ics` on the demo visit, run in-process against a SQLite file."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from visitplanner.cli import main
from visitplanner.services import engagements
from visitplanner.store.database import open_database
from visitplanner.store.models import Attendee, Engagement, Person

TOUR = "Tour of the Materials Innovation Factory (MIF)"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert run(path, "demo")[0] == 0
    return path


def mayor_id(db: Path) -> int:
    database = open_database(f"sqlite:///{db}")
    try:
        with database.session() as session:
            return session.scalars(select(Attendee.id).join(Person).where(Person.family_name == "Park")).one()
    finally:
        database.close()


def events(path: Path) -> dict[str, Calendar]:
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_export_the_whole_visit(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "visit.ics"
    code, out, err = run(db, "export", "ics", "busan-liverpool", "-o", str(target))
    assert (code, err) == (0, "")
    assert out == f"Wrote 20 events (METHOD:PUBLISH) to {target}\n"
    assert len(events(target)) == 20


def test_export_invitations_for_the_mayor(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "mayor.ics"
    code, out, _ = run(
        db,
        "export",
        "ics",
        "busan-liverpool",
        "--attendee",
        str(mayor_id(db)),
        "--method",
        "request",
        "-o",
        str(target),
    )
    assert code == 0 and "invitations (METHOD:REQUEST)" in out
    found = events(target)
    assert "Transfer: airport to hotel (Mayor)" in found and "Transfer: airport to hotel (delegation)" not in found
    signing = found["MOU signing ceremony"]
    assert any(a.params.get("CN") == "Park Heong-Joon (박형준)" for a in signing["ATTENDEE"])


def test_export_a_venue_and_clear_errors_for_unknown_scopes(db: Path, tmp_path: Path) -> None:
    code, out, _ = run(db, "export", "ics", "busan-liverpool", "--venue", "mif", "-o", str(tmp_path / "mif.ics"))
    assert code == 0 and "Wrote 3 events" in out  # the tour, the transfer there and the one leaving
    code, _, err = run(db, "export", "ics", "busan-liverpool", "--attendee", "9999", "-o", str(tmp_path / "x.ics"))
    assert code == 1 and "--attendee: 9999 is not an attendee of 'busan-liverpool'" in err
    code, _, err = run(db, "export", "ics", "busan-liverpool", "--venue", "XYZ", "-o", str(tmp_path / "x.ics"))
    assert code == 1 and "--venue: no venue has the code 'XYZ' (the venues of 'busan-liverpool' are DIF, FC" in err
    assert not (tmp_path / "x.ics").exists()


def test_moving_the_mif_tour_keeps_its_uid_with_a_higher_sequence(db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    run(db, "export", "ics", "busan-liverpool", "-o", str(first))
    database = open_database(f"sqlite:///{db}")
    with database.session() as session:
        tour = session.scalars(select(Engagement).where(Engagement.title == TOUR)).one()
        engagements.move_engagement(session, tour.id, tour.start_at.replace(minute=50))
    database.close()
    run(db, "export", "ics", "busan-liverpool", "-o", str(second))
    before, after = events(first)[TOUR], events(second)[TOUR]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["DTSTART"].dt - before["DTSTART"].dt == timedelta(minutes=10)


def test_import_preview_with_dry_run_changes_nothing(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "visit.ics"
    run(db, "export", "ics", "busan-liverpool", "-o", str(target))
    code, out, _ = run(db, "import", "ics", "busan-liverpool", str(target), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Action", "London", "time", "Title", "Venue"]
    assert lines[-1] == "Dry run: 0 to create, 0 to update, 20 unchanged, 0 skipped. Nothing was changed."
    outlook = tmp_path / "outlook.ics"
    outlook.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:ol-1\r\nDTSTAMP:20270401T100000Z\r\nSUMMARY:Call with Seoul\r\n"
        b"DTSTART;TZID=Korea Standard Time:20270512T220000\r\nDTEND;TZID=Korea Standard Time:20270512T230000\r\n"
        b"LOCATION:dif\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    code, out, _ = run(db, "import", "ics", "busan-liverpool", str(outlook), "--dry-run")
    assert "create    Wed 12 May 14:00–15:00 Call with Seoul" in out
    assert "Digital Innovation Facility" in out and "Nothing was changed" in out
    assert "Call with Seoul" not in run(db, "show", "busan-liverpool")[1]
    code, out, _ = run(db, "import", "ics", "busan-liverpool", str(outlook))
    assert code == 0 and out.splitlines()[-1] == (
        "Imported into 'busan-liverpool': 1 created, 0 updated, 0 unchanged, 0 skipped"
    )
    assert "Call with Seoul" in run(db, "show", "busan-liverpool")[1]


def test_a_broken_file_names_the_line_and_imports_nothing(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20270511T100000Z\r\nEND:VCALENDAR\r\n"
    )
    code, out, err = run(db, "import", "ics", "busan-liverpool", str(broken))
    assert code == 1 and out == ""
    assert err.strip() == (
        "visitplanner: error: broken.ics, line 6: END:VCALENDAR found while the VEVENT begun "
        "on line 3 is still open (END:VEVENT is missing)"
    )


def test_organiser_can_be_named_on_the_command_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "invitations.ics"
    code, _, _ = run(
        db,
        "export",
        "ics",
        "busan-liverpool",
        "--method",
        "request",
        "--organiser",
        "protocol@liverpool.example:Protocol Office",
        "-o",
        str(path),
    )
    assert code == 0
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert events and all(str(e["ORGANIZER"]) == "mailto:protocol@liverpool.example" for e in events)
    assert all(e["ORGANIZER"].params["CN"] == "Protocol Office" for e in events)
    code, _, err = run(
        db, "export", "ics", "busan-liverpool", "--organiser", "not-an-address", "-o", str(tmp_path / "x.ics")
    )
    assert code == 1 and "--organiser" in err
    assert not (tmp_path / "x.ics").exists()
