"""The command line, run in-process against a SQLite file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.store.test_briefing_pack import MISDASHED
from visitplanner.cli import main


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert run(path, "demo")[0] == 0
    return path


def test_visits_lists_the_demo(db: Path) -> None:
    code, out, _ = run(db, "visits")
    assert code == 0
    assert "busan-liverpool" in out and "11–12 May 2027" in out


def test_show_prints_the_programme_in_london_and_seoul_time(db: Path) -> None:
    code, out, _ = run(db, "show", "busan-liverpool")
    assert code == 0
    assert "London" in out and "Seoul" in out
    assert "Tuesday 11 May 2027" in out and "Wednesday 12 May 2027" in out
    dif = next(line for line in out.splitlines() if "Tour of the Digital Innovation Facility" in line)
    assert "09:15–10:15" in dif and "17:15–18:15" in dif  # BST is UTC+1, Seoul UTC+9
    mif = next(line for line in out.splitlines() if "Tour of the Materials Innovation Factory" in line)
    assert "10:40–11:50" in mif and "18:40–19:50" in mif
    mou = next(line for line in out.splitlines() if "MOU signing" in line)
    assert "15:15–16:00" in mou and "23:15–Wed 00:00" in mou


def test_officer_facing_output_writes_places_and_ranges_as_the_app_does(db: Path) -> None:
    out = "".join(run(db, *command, "busan-liverpool")[1] for command in (("show",), ("check",), ("attendees",)))
    out += run(db, "visits")[1]
    assert not MISDASHED.findall(out) and "09:00–09:30" in out
    welcome = next(line for line in out.splitlines() if "Welcome briefing" in line)
    assert welcome.endswith("Meeting Room 1, Pullman Liverpool")
    assert "NOTE     dietary-at-meal" in out  # a finding's severity is written as in the app


def test_show_by_id_equals_show_by_slug(db: Path) -> None:
    assert run(db, "show", "1")[1] == run(db, "show", "busan-liverpool")[1]


def test_attendees_lists_both_scripts_in_precedence(db: Path) -> None:
    code, out, _ = run(db, "attendees", "busan-liverpool")
    assert code == 0
    lines = out.splitlines()
    assert "Park Heong-Joon" in lines[1] and "박형준" in lines[1]
    assert any("Steve Rotheram" in line for line in lines)
    assert any("interpreter" in line and "서지연" in line for line in lines)


def test_unknown_visit_is_an_error_on_stderr(db: Path) -> None:
    code, out, err = run(db, "show", "no-such-visit")
    assert code == 1 and out == ""
    assert "no visit has the id or slug 'no-such-visit'" in err


def test_bad_database_url_is_reported(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--database", "mysql://x/y", "visits"], out=out, err=err) == 1
    assert "not supported" in err.getvalue()


def test_visit_file_round_trip_through_the_cli(db: Path, tmp_path: Path) -> None:
    first = tmp_path / "visit.json"
    assert run(db, "export", "visit", "busan-liverpool", "-o", str(first))[0] == 0
    other = tmp_path / "other.sqlite3"
    code, out, _ = run(other, "import", "visit", str(first))
    assert code == 0 and "Imported 'busan-liverpool'" in out
    second = tmp_path / "again.json"
    assert run(other, "export", "visit", "busan-liverpool", "-o", str(second))[0] == 0
    assert json.loads(first.read_text("utf-8")) == json.loads(second.read_text("utf-8"))


def test_broken_visit_file_is_refused_and_nothing_imported(db: Path, tmp_path: Path) -> None:
    good = tmp_path / "visit.json"
    run(db, "export", "visit", "busan-liverpool", "-o", str(good))
    document = json.loads(good.read_text("utf-8"))
    document["engagements"][-1]["end"] = "not a time"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), "utf-8")
    other = tmp_path / "other.sqlite3"
    code, _, err = run(other, "import", "visit", str(broken))
    assert code == 1
    assert f"$.engagements[{len(document['engagements']) - 1}].end" in err
    assert "No visits yet" in run(other, "visits")[1]


def test_missing_file_is_a_clear_error(db: Path, tmp_path: Path) -> None:
    code, _, err = run(db, "import", "visit", str(tmp_path / "missing.json"))
    assert code == 1 and "missing.json" in err


def test_check_passes_the_demo_without_errors(db: Path) -> None:
    code, out, _ = run(db, "check", "busan-liverpool")
    assert code == 0, out
    assert "0 errors" in out


def test_check_reports_the_mayors_double_booking_once(db: Path) -> None:
    from sqlalchemy import select

    from visitplanner.services import engagements
    from visitplanner.store.database import open_database
    from visitplanner.store.models import Engagement

    database = open_database(f"sqlite:///{db}")
    with database.session() as session:
        dif = session.scalars(select(Engagement).where(Engagement.title.like("Tour of the Digital%"))).one()
        mif = session.scalars(select(Engagement).where(Engagement.title.like("Tour of the Materials%"))).one()
        engagements.move_engagement(session, mif.id, dif.start_at.replace(minute=45))  # 09:45, inside DIF
    database.close()
    code, out, _ = run(db, "check", "busan-liverpool")
    assert code == 1
    double = [line for line in out.splitlines() if line.startswith("ERROR") and "person-double-booked" in line]
    assert any(
        "Park Heong-Joon" in line and "Digital Innovation Facility" in line and "Materials Innovation Factory" in line
        for line in double
    )
    code, out, _ = run(db, "check", "busan-liverpool", "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["counts"]["error"] >= 1
    codes = {f["code"] for f in document["findings"]}
    assert "person-double-booked" in codes
    assert "impossible-travel" not in codes  # the same clash, reported once
    double = next(f for f in document["findings"] if f["code"] == "person-double-booked")
    assert len(double["engagements"]) == 2 and all(e["uid"] for e in double["engagements"])


def test_a_mistyped_database_path_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    code, _, err = run(missing, "visits")
    assert code == 1 and "there is no database file" in err
    assert not missing.exists()
    code, _, err = run(tmp_path / "no" / "such" / "folder.sqlite3", "demo")
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_home_times_name_the_zone_when_clocks_change_inside(db: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from visitplanner.domain.formatting import time_span

    new_york = ZoneInfo("America/New_York")
    start = datetime(2026, 11, 1, 5, 45, tzinfo=ZoneInfo("UTC"))  # 01:45 EDT
    end = datetime(2026, 11, 1, 6, 0, tzinfo=ZoneInfo("UTC"))  # 01:00 EST
    assert time_span(start, end, new_york) == "01:45 EDT–01:00 EST"


#: Text a database edited elsewhere (or written before the character rules) may hold: it would
#: clear the screen, retitle the terminal, reverse the rest of the line, or add a fake line.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\u202eevil\u2066\x9b31m\nFAKE LINE\r\x00"


def _terminal_safe(text: str) -> bool:
    return not any(
        (ord(ch) < 0x20 and ch != "\n")
        or 0x7F <= ord(ch) <= 0x9F
        or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for ch in text
    )


def test_names_printed_to_the_terminal_cannot_rewrite_it(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as connection:  # bypassing the checks, as another tool could
        for table, column in (
            ("visit", "title"),
            ("engagement", "title"),
            ("person", "family_name"),
            ("person", "native_name"),
            ("person", "title"),
            ("venue", "name"),
            ("room", "name"),
            ("vehicle", "label"),
        ):
            connection.execute(f"UPDATE {table} SET {column} = {column} || ?", (HOSTILE,))
    outputs = {
        command: run(db, *command)
        for command in (
            ("visits",),
            ("show", "busan-liverpool"),
            ("attendees", "busan-liverpool"),
            ("check", "busan-liverpool"),
            ("check", "busan-liverpool", "--format", "json"),
            ("show", "no-such-\x1b[2J\u202evisit"),
        )
    }
    for command, (_, out, err) in outputs.items():
        assert _terminal_safe(out) and _terminal_safe(err), command
        assert not any(line.startswith("FAKE LINE") for line in out.split("\n")), command  # no line of its own
    assert "\\u202eevil" in outputs["show", "busan-liverpool"][1]  # shown, escaped, not dropped
    assert "\\u001b[2J" in outputs["attendees", "busan-liverpool"][1]
    assert "\\u202evisit" in outputs["show", "no-such-\x1b[2J\u202evisit"][2]
    findings = json.loads(outputs["check", "busan-liverpool", "--format", "json"][1])["findings"]
    assert any(HOSTILE in finding["message"] for finding in findings)  # JSON keeps the text exactly
