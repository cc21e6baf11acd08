"""Unnamed guests in seating plans, on SQLite and PostgreSQL: whom each accompanies (the engagement's
guest entries), auto-seat beside them, drag, swap and lock, copy, the checks, undo and the visit file."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from visitplanner.domain.changes import Entity
from visitplanner.domain.checks_seating import GUESTS_NOT_SEATED, SEATED_NOT_ATTENDING, TABLE_OVER_SEATS
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.seating import Sitter, TableData, TableShape, seat_distance, table_geometry
from visitplanner.domain.values import GuestData
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import engagements, seating, snapshots
from visitplanner.services.checks import check_visit
from visitplanner.services.reads.itinerary import read_engagement_rows
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import open_database
from visitplanner.store.models import Engagement, EngagementGuest
from visitplanner.store.seating import plan_id_of, plan_layout, seating_view

Factory = Callable[..., int]


@pytest.fixture
def dinner(
    session: Session, create_visit: Factory, create_attendee: Factory, create_engagement: Factory
) -> dict[str, int]:
    """A dinner of four with "+3 guests (spouses)": the chief guest's spouse, the host's, and one
    whom nobody is named with."""
    visit = create_visit()
    ids = {
        "park": create_attendee(visit, "Park", Side.VISITING, Role.PRINCIPAL, precedence=1),
        "kim": create_attendee(visit, "Kim", Side.VISITING, Role.DELEGATE, precedence=2),
        "host": create_attendee(visit, "Rotheram", Side.HOST, Role.PRINCIPAL, precedence=1),
        "marsh": create_attendee(visit, "Marsh", Side.HOST, Role.HOST, precedence=2),
    }
    guests = (GuestData(1, "spouse", ids["park"]), GuestData(2, "spouse", ids["host"]))
    ids["visit"] = visit
    ids["meal"] = create_engagement(
        visit,
        "Dinner",
        kind=EngagementKind.MEAL,
        attendee_ids=(ids["park"], ids["kim"], ids["host"], ids["marsh"]),
        guest_count=3,
        guest_label="spouses",
        guests=guests,
    )
    ids["lunch"] = create_engagement(
        visit, "Lunch", at(13), kind=EngagementKind.MEAL, attendee_ids=(ids["park"], ids["host"]), guest_count=1
    )
    return ids


def plan_of(session: Session, meal: int) -> int:
    plan = plan_id_of(session, meal)
    return plan if plan is not None else seating.create_plan(session, meal).created_id(Entity.SEATING_PLAN)


def seats(session: Session, plan: int) -> dict[Sitter, tuple[int, int, bool]]:
    return {p.sitter: (p.table + 1, p.seat, p.locked) for p in plan_layout(session, plan).placements}


def test_an_engagement_keeps_whom_its_guests_accompany(session: Session, dinner: dict[str, int]) -> None:
    row = session.get(Engagement, dinner["meal"])
    assert row is not None
    plan = engagements.engagement_plan(row)
    assert plan.data.guests == (GuestData(1, "spouse", dinner["park"]), GuestData(2, "spouse", dinner["host"]))
    (read,) = [r for r in read_engagement_rows(session, dinner["visit"]) if r.id == dinner["meal"]]
    assert read.plan == plan  # the itinerary's read carries them, so an edit from the timeline keeps them
    press = replace(plan.data, guests=(GuestData(3, "press", None, Side.VISITING),))
    assert engagements.update_engagement(session, dinner["meal"], replace(plan, data=press))
    assert engagements.engagement_plan(row).data.guests == (GuestData(3, "press", None, Side.VISITING),)
    copy = engagements.duplicate_engagement(session, dinner["meal"]).created_id(Entity.ENGAGEMENT)
    copied = session.get(Engagement, copy)
    assert copied is not None and engagements.engagement_plan(copied).data.guests == press.guests


def test_guest_entries_are_checked(
    session: Session, dinner: dict[str, int], create_visit: Factory, create_attendee: Factory
) -> None:
    row = session.get(Engagement, dinner["meal"])
    assert row is not None
    plan = engagements.engagement_plan(row)
    stranger = create_attendee(create_visit(), "Stranger")
    for guests, message in [
        ((GuestData(4),), "guest 4 is described, but there are only 3"),
        ((GuestData(1), GuestData(1)), "guest 1 is described twice"),
        ((GuestData(1, "x" * 300),), "label"),
        ((GuestData(1, accompanies_attendee_id=stranger),), "accompanies someone of another visit"),
        ((GuestData(1, side=Side.STAFF),), "host or the visiting side"),
    ]:
        with pytest.raises(UserError, match=message):
            engagements.update_engagement(
                session, dinner["meal"], replace(plan, data=replace(plan.data, guests=guests))
            )
    assert engagements.engagement_plan(row) == plan


def test_auto_seat_puts_each_guest_beside_whom_they_accompany(session: Session, dinner: dict[str, int]) -> None:
    plan = plan_of(session, dinner["meal"])
    layout = plan_layout(session, plan)
    assert layout.tables[0].seats == 7  # a seat for every attendee and every guest
    seating.auto_seat_plan(session, plan)
    placed = seats(session, plan)
    assert len(placed) == 7 and {s for s in placed if s.is_guest} == {Sitter.of_guest(n) for n in (1, 2, 3)}
    geometry = table_geometry(plan_layout(session, plan).tables[0])
    for number, companion in ((1, dinner["park"]), (2, dinner["host"])):
        guest, beside = placed[Sitter.of_guest(number)], placed[Sitter(companion)]
        assert seat_distance(geometry.seat(guest[1]), geometry.seat(beside[1])) < 1.0
    view = seating_view(session, dinner["meal"])
    text = view.guests[1].name.romanised
    assert text.startswith("Guest of ") and "Park" in text and text.endswith(" (spouse)")
    assert view.guests[3].name.romanised == "Spouses 1" and view.guests[3].side is Side.HOST
    assert not view.unseated
    assert {f.code for f in check_visit(session, dinner["visit"]) if dinner["meal"] in f.engagement_ids} <= {
        "dietary-at-seat"
    }


def test_a_guest_is_dragged_swapped_locked_and_unseated_like_anyone(session: Session, dinner: dict[str, int]) -> None:
    plan = plan_of(session, dinner["meal"])
    seating.auto_seat_plan(session, plan)
    before = seats(session, plan)
    spouse, kim = Sitter.of_guest(1), Sitter(dinner["kim"])
    seating.seat_person(session, plan, spouse, before[kim][0], before[kim][1])  # a swap
    after = seats(session, plan)
    assert after[spouse][:2] == before[kim][:2] and after[kim][:2] == before[spouse][:2]
    seating.set_locked(session, plan, spouse, True)
    with pytest.raises(UserError, match="is locked"):
        seating.seat_person(session, plan, kim, *after[spouse][:2])
    seating.auto_seat_plan(session, plan)
    assert seats(session, plan)[spouse] == (*after[spouse][:2], True)  # auto-seat fills around a locked guest
    seating.set_locked(session, plan, spouse, False)
    seating.unseat_person(session, plan, spouse)
    assert spouse not in seats(session, plan)
    assert [p.guest_number for p in seating_view(session, dinner["meal"]).unseated] == [1]
    with pytest.raises(UserError, match="has 3 unnamed guests, not a guest 4"):
        seating.seat_person(session, plan, Sitter.of_guest(4), 1, 1)


def test_the_checks_count_guests_and_name_those_without_a_seat(session: Session, dinner: dict[str, int]) -> None:
    plan = plan_of(session, dinner["meal"])
    seating.auto_seat_plan(session, plan)
    seating.unseat_person(session, plan, Sitter.of_guest(2))
    seating.unseat_person(session, plan, Sitter.of_guest(3))
    findings = {f.code: f for f in check_visit(session, dinner["visit"])}
    assert "2 of the 3 unnamed guests of" in findings[GUESTS_NOT_SEATED].message
    assert "(guests 2-3)" in findings[GUESTS_NOT_SEATED].message
    seating.auto_seat_plan(session, plan)
    layout = plan_layout(session, plan)
    seating.update_table(session, plan, 1, replace(layout.tables[0], seats=4))
    findings = {f.code: f for f in check_visit(session, dinner["visit"])}
    assert "has 4 seats but 7 people" in findings[TABLE_OVER_SEATS].message
    # fewer guests than seated: the one beyond is seated but does not attend
    row = session.get(Engagement, dinner["meal"])
    assert row is not None
    old = engagements.engagement_plan(row)
    engagements.update_engagement(session, dinner["meal"], replace(old, data=replace(old.data, guest_count=2)))
    findings = {f.code: f for f in check_visit(session, dinner["visit"])}
    assert "Unnamed guest 3 sits at" in findings[SEATED_NOT_ATTENDING].message
    assert session.scalars(select(EngagementGuest.number).where(EngagementGuest.engagement_id == row.id)).all() == [
        1,
        2,
    ]


def test_a_copied_plan_keeps_the_guests_the_other_meal_has(session: Session, dinner: dict[str, int]) -> None:
    plan = plan_of(session, dinner["meal"])
    seating.auto_seat_plan(session, plan)
    copy = seating.copy_plan(session, plan, dinner["lunch"]).created_id(Entity.SEATING_PLAN)
    assert {s for s in seats(session, copy) if s.is_guest} == {Sitter.of_guest(1)}  # lunch has one guest


def test_undoing_the_removal_of_a_companion_gives_the_guest_back_to_them(
    session: Session, dinner: dict[str, int]
) -> None:
    snap = snapshots.snapshot(session, Entity.ATTENDEE, dinner["park"])
    snapshots.delete(session, Entity.ATTENDEE, dinner["park"])
    session.expire_all()
    row = session.get(Engagement, dinner["meal"])
    assert row is not None
    assert engagements.engagement_plan(row).data.guests[0] == GuestData(1, "spouse", None)  # kept, unlinked
    new_id = snapshots.restore(session, snap).created_id(Entity.ATTENDEE)
    session.expire_all()
    assert engagements.engagement_plan(row).data.guests[0] == GuestData(1, "spouse", new_id)


def test_guests_and_their_seats_travel_in_the_visit_file(
    session: Session, dinner: dict[str, int], tmp_path: Path
) -> None:
    plan = plan_of(session, dinner["meal"])
    seating.auto_seat_plan(session, plan)
    seating.set_locked(session, plan, Sitter.of_guest(3), True)
    document = export_visit_document(session, dinner["visit"])
    assert document["version"] == 11
    meal = next(e for e in document["engagements"] if e["title"] == "Dinner")
    assert [g["number"] for g in meal["guests"]] == [1, 2] and meal["guests"][0]["accompanies"].startswith("attendee")
    assert sum(1 for s in meal["seating"]["seats"] if "guest" in s) == 3
    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with other.session() as s:
            copy_id = import_visit(s, parse_visit_document(dump_visit_document(document))).created_id(Entity.VISIT)
        with other.reading() as s:
            assert export_visit_document(s, copy_id) == document
    finally:
        other.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e["seating"]["seats"].append({"table": 1, "seat": 7, "guest": 4}), "not a guest 4"),
        (lambda e: e["seating"]["seats"][0].update(guest=1), "an attendee or an unnamed guest, not both"),
        (lambda e: e["guests"].append({"number": 3, "accompanies": "attendee-99"}), "no attendee with key"),
        (lambda e: e["guests"].append({"number": 9}), "guest 9 is described, but there are only 3"),
    ],
)
def test_bad_guests_in_a_visit_file_name_their_path(session: Session, dinner: dict[str, int], change, message) -> None:  # type: ignore[no-untyped-def]
    seating.auto_seat_plan(session, plan_of(session, dinner["meal"]))
    document = export_visit_document(session, dinner["visit"])
    meal = next(e for e in document["engagements"] if e["title"] == "Dinner")
    meal["seating"]["seats"] = [s for s in meal["seating"]["seats"] if s["seat"] != 7]
    change(meal)
    with pytest.raises(UserError, match=message) as caught:
        parse_visit_document(json.dumps(document))
    assert "$.engagements[" in str(caught.value)


def test_a_version_10_file_without_guest_entries_is_still_read(session: Session, dinner: dict[str, int]) -> None:
    seating.auto_seat_plan(session, plan_of(session, dinner["meal"]))
    document = export_visit_document(session, dinner["visit"])
    document["version"] = 10
    for engagement in document["engagements"]:
        engagement.pop("guests")
        if "seating" in engagement:
            engagement["seating"]["seats"] = [s for s in engagement["seating"]["seats"] if "guest" not in s]
    parsed = parse_visit_document(json.dumps(document))
    meal = next(e for e in parsed.engagements if e.data.title == "Dinner")
    assert parsed.version == 10 and meal.data.guest_count == 3 and meal.data.guests == ()
    assert meal.seating is not None and meal.seating.guest_seats == ()


def test_a_plan_with_guests_is_made_in_place_of_a_new_table(session: Session, dinner: dict[str, int]) -> None:
    plan = plan_of(session, dinner["meal"])
    seating.update_table(session, plan, 1, TableData("Top table", TableShape.BANQUET_ENDS, 6))
    with pytest.raises(UserError, match="7 people to seat but only 6 free seats"):
        seating.auto_seat_plan(session, plan)


def test_upgrading_keeps_the_seats_of_a_plan_and_never_reuses_their_ids(tmp_path: Path) -> None:
    """Migration 0015 rebuilds `seat_assignment` on SQLite (its attendee may now be empty): the seats
    stay, and an id given before (even one since freed) is not given again. Also down and up again."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from visitplanner.services import demo
    from visitplanner.store.database import HEAD_REVISION, MIGRATIONS, current_revision

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    database = open_database(url)
    with database.session() as s:
        demo.build_demo(s)
    database.close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    old = open_database(url, migrate=False)
    with old.engine.begin() as connection:  # as the previous release left it
        config.attributes["connection"] = connection
        command.downgrade(config, "0014_office_settings")
    with old.engine.begin() as connection:
        assert current_revision(old.engine) == "0014_office_settings"
        rows = connection.execute(text("SELECT id, attendee_id FROM seat_assignment ORDER BY id")).all()
        highest = rows[-1].id
        connection.execute(text("DELETE FROM seat_assignment WHERE id = :id"), {"id": highest})
    old.close()
    upgraded = open_database(url)
    assert current_revision(upgraded.engine) == HEAD_REVISION
    with upgraded.engine.begin() as connection:
        kept = connection.execute(text("SELECT id, attendee_id, guest FROM seat_assignment ORDER BY id")).all()
        assert [(r.id, r.attendee_id, r.guest) for r in kept] == [(r.id, r.attendee_id, None) for r in rows[:-1]]
        seq = connection.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'seat_assignment'")).scalar()
        assert seq is not None and seq >= highest
    upgraded.close()


# ------------------------------------------------------------------ the demo's dinner with guests


def demo_dinner_with_guests(session: Session) -> tuple[int, int, dict[str, int]]:
    """The demo's welcome dinner with "+3 guests": the Mayor of Busan's spouse, the Mayor of the
    Liverpool City Region's, and one of the press; auto-seated (the top table grows to 14)."""
    from visitplanner.services import demo

    visit = demo.build_demo(session).created_id(Entity.VISIT)
    dinner = session.scalars(select(Engagement.id).where(Engagement.title == "Welcome dinner")).one()
    view = seating_view(session, dinner)
    people = {p.name.family_name: a for a, p in view.people.items()}
    row = session.get(Engagement, dinner)
    assert row is not None and view.plan_id is not None
    old = engagements.engagement_plan(row)
    guests = (
        GuestData(1, "spouse", people["Park"]),
        GuestData(2, "spouse", people["Rotheram"]),
        GuestData(3, "press", None, Side.HOST),
    )
    engagements.update_engagement(
        session, dinner, replace(old, data=replace(old.data, guest_count=3, guest_label="guests", guests=guests))
    )
    seating.update_table(session, view.plan_id, 1, replace(view.layout.tables[0], seats=14))
    seating.auto_seat_plan(session, view.plan_id)
    return visit, dinner, people


def test_the_chart_cli_and_caterer_sheet_show_the_guests(session: Session, tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    from tests.store.test_seating_outputs import NOW, text_of
    from visitplanner.cli_seating import plan_document
    from visitplanner.exporters.seating import build_seating_chart
    from visitplanner.exporters.seating_lists import build_seating_list
    from visitplanner.exporters.sheets import build_sheets

    visit, dinner, people = demo_dinner_with_guests(session)
    chart = " ".join(text_of(build_seating_chart(session, dinner, now=NOW)).split())
    assert "Guest of Mayor Park (spouse)" in chart and "Guest of Mayor Rotheram (spouse)" in chart
    assert "Press 1" in chart and "13 seated at 1 table (3 unnamed guests)" in chart
    document = plan_document(seating_view(session, dinner))
    seated = document["tables"][0]["seated"]
    guests = {s["guest"]: s for s in seated if s["attendee"] is None}
    assert set(guests) == {1, 2, 3} and guests[1]["accompanies"] == people["Park"] and guests[3]["name"] == "Press 1"
    # place cards and the door list are for named people; the caterer serves every seat
    cards, pages = build_seating_list(session, dinner, "placecards", now=NOW)
    assert pages == len(PdfReader(io.BytesIO(cards)).pages) == 10
    assert "Guest of" not in text_of(build_seating_list(session, dinner, "doorlist", now=NOW)[0])
    restricted = " ".join(text_of(build_sheets(session, visit, "catering", now=NOW, restricted=True)).split())
    assert restricted.count("standard unnamed guest") == 3
    assert not {f.code for f in check_visit(session, visit) if dinner in f.engagement_ids} - {
        "dietary-at-seat",
        "interpreter-overworked",
    }


def test_a_guest_entry_changed_in_the_editor_is_changed_in_place(session: Session, dinner: dict[str, int]) -> None:
    row = session.get(Engagement, dinner["meal"])
    assert row is not None
    old = engagements.engagement_plan(row)
    changed = (
        GuestData(1, "husband", dinner["kim"]),
        GuestData(2, "spouse", None, Side.VISITING),
        GuestData(3, "press"),
    )
    assert engagements.update_engagement(session, dinner["meal"], replace(old, data=replace(old.data, guests=changed)))
    session.flush()
    session.expire_all()
    assert engagements.engagement_plan(row).data.guests == changed
    assert engagements.update_engagement(session, dinner["meal"], old)  # what undo runs
    session.flush()
    session.expire_all()
    assert engagements.engagement_plan(row) == old
    assert not engagements.update_engagement(session, dinner["meal"], old)  # nothing to change
