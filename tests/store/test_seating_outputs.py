"""Seating outputs: the `seating` command, `export seating`, and the seating chart PDF read back with pypdf."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.store.test_cli import run
from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import UserError
from visitplanner.exporters.seating import build_seating_chart
from visitplanner.services import demo
from visitplanner.store.models import Engagement
from visitplanner.store.seating import seating_view

NOW = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    assert run(path, "demo")[0] == 0
    return path


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages)


def test_seating_prints_the_welcome_dinner_plan(db: Path) -> None:
    code, out, err = run(db, "seating", "busan-liverpool", "welcome dinner")
    assert (code, err) == (0, "")
    assert "Top table (long banquet with ends, 12 seats)" in out
    assert "Park Heong-Joon (박형준)  (visiting)" in out and "No seat" not in out


def test_seating_json_and_auto_make_a_plan_for_the_signing(db: Path) -> None:
    code, out, _ = run(db, "seating", "busan-liverpool", "MOU signing", "--format", "json")
    assert code == 0 and json.loads(out)["tables"] == []
    code, out, err = run(db, "seating", "busan-liverpool", "MOU signing", "--auto", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    [table] = document["tables"]
    assert table["shape"] == "signing" and not document["unseated"]
    chairs = {s["seat"]: s["name"] for s in table["seated"] if s["seat"] <= 2}
    assert chairs == {1: "Park Heong-Joon (박형준)", 2: "Steve Rotheram"}  # the signatories sit; the guest at the right


def test_seating_prints_the_lines_of_the_signing_and_the_press_call(db: Path) -> None:
    code, out, err = run(db, "seating", "busan-liverpool", "MOU signing")
    assert (code, err) == (0, "")
    assert "Receiving line: 1. Steve Rotheram, 2. Park Heong-Joon (박형준), 3. Helen Marsh, 4. Kim Min-seo" in out
    assert "Signing order:  1. Park Heong-Joon (박형준) signs the Busan Metropolitan City copy" in out
    code, out, _ = run(db, "seating", "busan-liverpool", "Press photocall", "--format", "json")
    lines = json.loads(out)["lines"]
    assert [p["name"] for p in lines["photo"]] == ["Park Heong-Joon (박형준)", "Steve Rotheram"]
    assert [p["name"] for p in lines["speaking"]] == ["Steve Rotheram", "Park Heong-Joon (박형준)"]
    assert lines["receiving"] == [] and lines["signing"] == []
    code, out, _ = run(db, "seating", "busan-liverpool", "Press photocall")
    assert "Press photocall has no seating plan (only meals, receptions, meetings and ceremonies have one)." in out


def test_seating_names_an_ambiguous_or_unknown_engagement(db: Path) -> None:
    code, _, err = run(db, "seating", "busan-liverpool", "Transfer")
    assert code == 1 and "matches 9 engagements" in err
    code, _, err = run(db, "seating", "busan-liverpool", "no such thing")
    assert code == 1 and "no engagement of the visit" in err
    code, _, err = run(db, "seating", "busan-liverpool", "Transfer: hotel to Mann Island", "--auto")
    assert code == 1 and "a transfer has no seating plan" in err


def test_export_seating_writes_the_chart(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "dinner.pdf"
    code, _, err = run(db, "export", "seating", "busan-liverpool", "Welcome dinner", "-o", str(target), "--paper", "a3")
    assert (code, err) == (0, "") and target.exists()
    page = PdfReader(target).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert round(float(page.mediabox.width)) == 1191  # A3
    code, _, err = run(db, "export", "seating", "busan-liverpool", "Welcome dinner", "-o", str(target))
    assert code == 1 and "already exists" in err


def test_the_chart_shows_names_in_both_scripts_and_dietary_needs_only_when_restricted(session: Session) -> None:
    demo.build_demo(session)
    dinner = session.scalars(select(Engagement.id).where(Engagement.title == "Welcome dinner")).one()
    public = text_of(build_seating_chart(session, dinner, now=NOW))
    for text in (
        "Welcome dinner",
        "Top table",
        "Legend",
        "Host side",
        "Visiting side",
        "박형준",
        "Kim Min-seo",
        "OFFICIAL-SENSITIVE",
        "10 seated at 1 table",
    ):
        assert text in public, text
    assert "No pork" not in public and "Dietary" not in public and "table(s)" not in public
    restricted = text_of(build_seating_chart(session, dinner, now=NOW, restricted=True))
    assert "No pork" in restricted and "seat 8: Kim Min-seo" in restricted
    assert build_seating_chart(session, dinner, now=NOW) == build_seating_chart(session, dinner, now=NOW)


def test_a_chart_needs_a_plan(session: Session) -> None:
    demo.build_demo(session)
    lunch = session.scalars(select(Engagement.id).where(Engagement.title == "Working lunch")).one()
    with pytest.raises(UserError, match="has no seating plan"):
        build_seating_chart(session, lunch, now=NOW)


def test_driver_sheets_give_the_car_order_and_the_seats(session: Session) -> None:
    from visitplanner.exporters.sheets import build_sheets

    visit = demo.build_demo(session).created_id(Entity.VISIT)
    text = text_of(build_sheets(session, visit, "drivers", now=NOW))
    mayor = text[text.index("Transfer: airport to hotel (Mayor)") :]
    mayor = mayor[: mayor.index("Wednesday")]
    assert "car 1 of 2" in mayor  # the Mayor's car goes first
    assert mayor.index("Park Heong-Joon") < mayor.index("rear left") < mayor.index("(seat of honour)")
    delegation = text[text.index("Transfer: airport to hotel (delegation)") :]
    assert "car 2 of 2" in delegation[:2000]


def test_place_cards_follow_table_and_seat_and_the_door_list_the_alphabet(session: Session) -> None:
    from visitplanner.exporters.seating_lists import build_seating_list
    from visitplanner.services import seating
    from visitplanner.store.seating import plan_id_of

    demo.build_demo(session)
    dinner = session.scalars(select(Engagement.id).where(Engagement.title == "Welcome dinner")).one()
    plan = plan_id_of(session, dinner)
    assert plan is not None
    seating.add_table(session, plan, seating.default_table(2, 4))
    view_people = {p.name.family_name: a for a, p in seating_view(session, dinner).people.items()}
    seating.seat_person(session, plan, view_people["Marsh"], 2, 3)  # Helen Marsh moves to table 2
    data, pages = build_seating_list(session, dinner, "placecards", now=NOW)
    reader = PdfReader(io.BytesIO(data))
    assert pages == len(reader.pages) == 10
    marks = [page.extract_text().split("Top table · seat ")[-1][:2].strip() for page in reader.pages[:9]]
    assert marks == ["1", "2", "3", "5", "7", "8", "9", "10", "11"]  # seat order, the empty ones skipped
    assert "Table 2 · seat 3" in reader.pages[9].extract_text() and "Helen Marsh" in reader.pages[9].extract_text()

    door, _ = build_seating_list(session, dinner, "doorlist", now=NOW)
    text = text_of(door)
    order = ["Choi, Yu-na", "Jung, Hae-won", "Kim, Min-seo", "Lee, Ji-hoon", "Marsh, Helen", "Okafor, Sam"]
    order += ["Park, Heong-Joon", "Rotheram, Steve", "Seo, Ji-yeon", "Whitfield, Tom"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)  # alphabetical by family name
    assert "박형준" in text and "Marsh, Helen Table 2" in " ".join(text.split())
    assert "No pork" not in text  # never a dietary need on the door


def test_the_caterer_sheet_lists_a_seated_meal_seat_by_seat(session: Session) -> None:
    from visitplanner.exporters.sheets import build_sheets

    visit = demo.build_demo(session).created_id(Entity.VISIT)
    public = " ".join(text_of(build_sheets(session, visit, "catering", now=NOW)).split())
    assert "Seat by seat: Welcome dinner" in public and "Seat by seat: Working lunch" not in public  # no plan
    assert "8 D1 No pork" in public and "11 D2 Vegetarian" in public and "9 standard" in public
    assert "Kim Min-seo" not in public  # the public caterer sheet names nobody
    restricted = " ".join(text_of(build_sheets(session, visit, "catering", now=NOW, restricted=True)).split())
    assert "8 D1 No pork Kim Min-seo" in restricted


def test_export_seating_place_cards_and_door_list_from_the_command_line(db: Path, tmp_path: Path) -> None:
    cards, door = tmp_path / "cards.pdf", tmp_path / "door.pdf"
    code, out, err = run(db, "export", "seating", "busan-liverpool", "dinner", "--kind", "placecards", "-o", str(cards))
    assert (code, err) == (0, "") and out.strip() == f"Wrote place cards (10 pages) to {cards}"
    assert len(PdfReader(cards).pages) == 10
    code, out, err = run(db, "export", "seating", "busan-liverpool", "dinner", "--kind", "doorlist", "-o", str(door))
    assert (code, err) == (0, "") and "Steve Rotheram" not in text_of(door.read_bytes())  # written "Rotheram, Steve"
    assert "Rotheram, Steve" in text_of(door.read_bytes())
    code, _, err = run(
        db,
        "export",
        "seating",
        "busan-liverpool",
        "dinner",
        "--kind",
        "doorlist",
        "--restricted",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1 and "only the chart" in err
