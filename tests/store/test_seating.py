"""Seating services and reads on SQLite and PostgreSQL: plans, tables, seats, swaps, locks, auto-seat, copy, checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.checks_seating import NOT_SEATED, SEATED_NOT_ATTENDING, TABLE_OVER_SEATS
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.domain.seating import SeatingStyle, TableData, TableShape, table_geometry
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import attendees, demo, engagements, seating
from visitplanner.services.checks import check_visit
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import open_database
from visitplanner.store.models import Engagement, SeatAssignment, SeatingPlan, SeatingTable
from visitplanner.store.seating import plan_id_of, plan_layout, seating_view

Factory = Callable[..., int]


@pytest.fixture
def meal(
    session: Session, create_visit: Factory, create_attendee: Factory, create_engagement: Factory
) -> dict[str, int]:
    visit = create_visit()
    ids = {
        "guest": create_attendee(visit, "Guest", Side.VISITING, Role.PRINCIPAL, precedence=1),
        "aide": create_attendee(visit, "Aide", Side.VISITING, Role.DELEGATE, precedence=2),
        "host": create_attendee(visit, "Host", Side.HOST, Role.PRINCIPAL, precedence=1),
        "deputy": create_attendee(visit, "Deputy", Side.HOST, Role.HOST, precedence=2),
        "absent": create_attendee(visit, "Absent", Side.HOST, Role.HOST, precedence=3),
    }
    attending = (ids["guest"], ids["aide"], ids["host"], ids["deputy"])
    ids["visit"] = visit
    ids["meal"] = create_engagement(visit, "Lunch", kind=EngagementKind.MEAL, attendee_ids=attending)
    ids["dinner"] = create_engagement(visit, "Dinner", kind=EngagementKind.MEAL, attendee_ids=attending[:3])
    ids["plan"] = seating.create_plan(session, ids["meal"]).created_id(Entity.SEATING_PLAN)
    return ids


def placed(session: Session, plan: int) -> dict[int, tuple[int, int, bool]]:
    return {p.attendee_id: (p.table + 1, p.seat, p.locked) for p in plan_layout(session, plan).placements}


def test_a_new_plan_has_one_round_table_seating_everyone_who_attends(session: Session, meal: dict[str, int]) -> None:
    view = seating_view(session, meal["meal"])
    assert view.plan_id == meal["plan"] and view.title == "Lunch"
    assert view.layout.tables == (TableData("Table 1", TableShape.ROUND, 4, 0.0, 0.0),)
    assert [p.name.family_name for p in view.unseated] == ["Host", "Deputy", "Guest", "Aide"]


def test_only_meals_receptions_meetings_and_ceremonies_have_plans(
    session: Session, meal: dict[str, int], create_engagement: Factory
) -> None:
    transfer = create_engagement(meal["visit"], "Walk", kind=EngagementKind.TOUR)
    with pytest.raises(UserError, match="a tour has no seating plan") as caught:
        seating.create_plan(session, transfer)
    assert caught.value.field == "engagement"
    with pytest.raises(UserError, match="already has a seating plan"):
        seating.create_plan(session, meal["meal"])


def test_auto_seat_seats_everyone_who_attends_once_with_the_principals_facing(
    session: Session, meal: dict[str, int]
) -> None:
    changes = seating.auto_seat_plan(session, meal["plan"])
    assert changes.updated == {(Entity.SEATING_PLAN, meal["plan"])}
    seats = placed(session, meal["plan"])
    assert set(seats) == {meal["guest"], meal["aide"], meal["host"], meal["deputy"]}
    assert seats[meal["host"]][1] == 1 and seats[meal["guest"]][1] == 3
    assert seating.auto_seat_plan(session, meal["plan"]) == seating.Changes()  # nothing to change


def test_dragging_a_person_onto_a_taken_seat_swaps_them(session: Session, meal: dict[str, int]) -> None:
    seating.auto_seat_plan(session, meal["plan"])
    before = placed(session, meal["plan"])
    seating.seat_person(session, meal["plan"], meal["aide"], 1, before[meal["deputy"]][1])
    after = placed(session, meal["plan"])
    assert after[meal["aide"]] == before[meal["deputy"]] and after[meal["deputy"]] == before[meal["aide"]]


def test_seating_an_unseated_person_unseats_whoever_sat_there(session: Session, meal: dict[str, int]) -> None:
    seating.seat_person(session, meal["plan"], meal["guest"], 1, 2)
    seating.seat_person(session, meal["plan"], meal["aide"], 1, 2)
    assert placed(session, meal["plan"]) == {meal["aide"]: (1, 2, False)}
    with pytest.raises(UserError, match="seats 1 to 4, not 5"):
        seating.seat_person(session, meal["plan"], meal["guest"], 1, 5)
    with pytest.raises(UserError, match="no table 2"):
        seating.seat_person(session, meal["plan"], meal["guest"], 2, 1)


def test_locked_seats_survive_auto_seat_and_refuse_a_drag(session: Session, meal: dict[str, int]) -> None:
    seating.seat_person(session, meal["plan"], meal["aide"], 1, 1)
    seating.set_locked(session, meal["plan"], meal["aide"], True)
    seating.auto_seat_plan(session, meal["plan"])
    seats = placed(session, meal["plan"])
    assert seats[meal["aide"]] == (1, 1, True) and len(seats) == 4
    with pytest.raises(UserError, match="seat 1 is locked"):
        seating.seat_person(session, meal["plan"], meal["guest"], 1, 1)
    with pytest.raises(UserError, match="only a seated person"):
        seating.set_locked(session, meal["plan"], meal["absent"], True)


def test_tables_are_added_moved_and_removed_by_number(session: Session, meal: dict[str, int]) -> None:
    seating.add_table(session, meal["plan"], TableData("Table 2", TableShape.BOARDROOM, 6, 4.0, 0.0))
    seating.seat_person(session, meal["plan"], meal["guest"], 2, 3)
    seating.update_table(session, meal["plan"], 2, TableData("Table 2", TableShape.BOARDROOM, 6, 5.5, 1.0, 90))
    layout = plan_layout(session, meal["plan"])
    assert layout.tables[1] == TableData("Table 2", TableShape.BOARDROOM, 6, 5.5, 1.0, 90)
    seating.remove_table(session, meal["plan"], 1)
    assert placed(session, meal["plan"]) == {meal["guest"]: (1, 3, False)}
    assert (
        session.scalar(select(func.count()).select_from(SeatingTable).where(SeatingTable.plan_id == meal["plan"])) == 1
    )


def test_shrinking_a_table_keeps_its_people_and_the_checks_say_so(session: Session, meal: dict[str, int]) -> None:
    seating.auto_seat_plan(session, meal["plan"])
    seating.update_table(session, meal["plan"], 1, TableData("Table 1", TableShape.ROUND, 2))
    assert len(placed(session, meal["plan"])) == 4
    codes = [f.code for f in check_visit(session, meal["visit"])]
    assert TABLE_OVER_SEATS in codes


def test_restore_layout_puts_a_whole_plan_back(session: Session, meal: dict[str, int]) -> None:
    before = plan_layout(session, meal["plan"])
    seating.auto_seat_plan(session, meal["plan"], SeatingStyle.ENDS)
    seating.add_table(session, meal["plan"], TableData("Table 2"))
    seating.restore_layout(session, meal["plan"], before)
    assert plan_layout(session, meal["plan"]) == before


def test_a_stale_version_is_refused(session: Session, meal: dict[str, int]) -> None:
    version = session.get(SeatingPlan, meal["plan"]).version  # type: ignore[union-attr]
    seating.auto_seat_plan(session, meal["plan"], expected_version=version)
    with pytest.raises(ConflictError):
        seating.set_style(session, meal["plan"], SeatingStyle.ENDS, expected_version=version)
    assert session.get(SeatingPlan, meal["plan"]).style is SeatingStyle.CENTRE  # type: ignore[union-attr]


def test_copying_a_plan_keeps_the_people_who_attend_both(session: Session, meal: dict[str, int]) -> None:
    seating.auto_seat_plan(session, meal["plan"])
    changes = seating.copy_plan(session, meal["plan"], meal["dinner"])
    copy = changes.created_id(Entity.SEATING_PLAN)
    assert plan_layout(session, copy).tables == plan_layout(session, meal["plan"]).tables
    assert set(placed(session, copy)) == {meal["guest"], meal["aide"], meal["host"]}
    seating.copy_plan(session, meal["plan"], meal["dinner"])  # again: replaces the copy in place
    assert plan_id_of(session, meal["dinner"]) == copy
    with pytest.raises(UserError, match="choose another engagement"):
        seating.copy_plan(session, meal["plan"], meal["meal"])


def test_the_checks_report_unseated_and_non_attending_people(session: Session, meal: dict[str, int]) -> None:
    seating.seat_person(session, meal["plan"], meal["absent"], 1, 1)
    findings = {f.code: f for f in check_visit(session, meal["visit"])}
    assert findings[NOT_SEATED].engagement_ids == (meal["meal"],)
    assert set(findings[NOT_SEATED].attendee_ids) == {meal["guest"], meal["aide"], meal["host"], meal["deputy"]}
    assert findings[SEATED_NOT_ATTENDING].attendee_ids == (meal["absent"],)


def test_deleting_the_engagement_or_an_attendee_takes_their_seats_along(session: Session, meal: dict[str, int]) -> None:
    seating.auto_seat_plan(session, meal["plan"])
    attendees.remove_attendee(session, meal["aide"])
    assert meal["aide"] not in placed(session, meal["plan"])
    engagements.delete_engagement(session, meal["meal"])
    session.flush()
    assert session.get(SeatingPlan, meal["plan"]) is None
    assert (
        session.scalar(select(func.count()).select_from(SeatAssignment).where(SeatAssignment.plan_id == meal["plan"]))
        == 0
    )


def test_a_plan_refuses_people_of_another_visit(
    session: Session, meal: dict[str, int], create_visit: Factory, create_attendee: Factory
) -> None:
    stranger = create_attendee(create_visit(), "Stranger")
    layout = plan_layout(session, meal["plan"])
    bad = replace(layout, placements=(seating.Placement(0, 1, stranger),))
    with pytest.raises(UserError, match="not an attendee of this visit"):
        seating.restore_layout(session, meal["plan"], bad)
    assert plan_layout(session, meal["plan"]) == layout


def test_the_demo_welcome_dinner_is_seated_by_the_centre_convention(session: Session) -> None:
    demo.build_demo(session)
    dinner = session.scalars(select(Engagement.id).where(Engagement.title == "Welcome dinner")).one()
    view = seating_view(session, dinner)
    geometry = table_geometry(view.layout.tables[0], view.layout.style)
    by_name = {view.people[p.attendee_id].name.family_name: p.seat for p in view.layout.placements}
    assert by_name["Rotheram"] == geometry.host_seat and by_name["Park"] == geometry.guest_seat
    park, seo = geometry.seat(by_name["Park"]), geometry.seat(by_name["Seo"])
    assert abs(park.x - seo.x) == pytest.approx(0.6) and park.y == seo.y
    kim, marsh = geometry.seat(by_name["Kim"]), geometry.seat(by_name["Marsh"])
    assert kim.x == pytest.approx(marsh.x) and kim.y == pytest.approx(-marsh.y)
    assert not view.unseated and len(by_name) == len(view.people)
    visit = session.scalars(select(Engagement.visit_id).where(Engagement.id == dinner)).one()
    findings = [f for f in check_visit(session, visit) if dinner in f.engagement_ids]
    # the dietary needs are listed seat by seat, in place of the meal's count; no transfer is missing
    codes = {f.code for f in findings} - {"interpreter-overworked"}  # the day's interpreting, not the seating
    assert codes == {"dietary-at-seat"}


# ------------------------------------------------------------------------------- the visit file


def test_the_seating_plan_travels_in_the_visit_file(session: Session, tmp_path: Path) -> None:
    visit_id = demo.build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    assert document["version"] >= 4  # 5 since readiness tasks
    dinner = next(e for e in document["engagements"] if e["title"] == "Welcome dinner")
    assert dinner["seating"]["style"] == "centre"
    assert dinner["seating"]["tables"][0]["shape"] == "banquet_ends"
    assert len(dinner["seating"]["seats"]) == len(dinner["attendances"])
    assert all("seating" not in e for e in document["engagements"] if e["title"] != "Welcome dinner")
    other = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    try:
        with other.session() as s:
            copy_id = import_visit(s, parse_visit_document(dump_visit_document(document))).created_id(Entity.VISIT)
        with other.reading() as s:
            assert export_visit_document(s, copy_id) == document
    finally:
        other.close()


def test_a_version_3_file_without_seating_is_still_read(session: Session) -> None:
    visit_id = demo.build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    document["version"] = 3
    for engagement in document["engagements"]:
        engagement.pop("seating", None)
    parsed = parse_visit_document(json.dumps(document))
    assert parsed.version == 3 and all(e.seating is None for e in parsed.engagements)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda s: s["seats"].append(dict(s["seats"][0], attendee="attendee-99")), "seats[", "attendee"),
        (
            lambda s: (
                s["seats"].append(dict(s["seats"][1], table=1))
                or s["seats"][-1].update(seat=s["seats"][0]["seat"], table=s["seats"][0]["table"])
            ),
            "seats[",
            "twice",
        ),
        (lambda s: s["seats"][0].update(table=2), "seats[0].table", "has 1 tables, not a table 2"),
        (lambda s: s["tables"][0].update(shape="oval"), "tables[0].shape", "not one of"),
        (lambda s: s["tables"][0].update(seats=0), "tables[0].seats", "out of range"),
        (lambda s: s.update(colour="red"), "seating.colour", "unknown field"),
    ],
)
def test_a_bad_seating_plan_in_a_visit_file_names_its_path(session: Session, change, path: str, message: str) -> None:  # type: ignore[no-untyped-def]
    visit_id = demo.build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    dinner = next(e for e in document["engagements"] if e["title"] == "Welcome dinner")
    change(dinner["seating"])
    with pytest.raises(UserError) as caught:
        parse_visit_document(json.dumps(document))
    assert path in str(caught.value) and message in str(caught.value)


def test_undoing_the_removal_of_an_attendee_gives_their_seats_back(session: Session, meal: dict[str, int]) -> None:
    from visitplanner.services import snapshots

    seating.auto_seat_plan(session, meal["plan"])
    seating.set_locked(session, meal["plan"], meal["aide"], True)
    seating.copy_plan(session, meal["plan"], meal["dinner"])
    second = plan_id_of(session, meal["dinner"])
    assert second is not None
    before = {plan: placed(session, plan) for plan in (meal["plan"], second)}
    version = session.get(SeatingPlan, meal["plan"]).version  # type: ignore[union-attr]

    snap = snapshots.snapshot(session, Entity.ATTENDEE, meal["aide"])
    changes = snapshots.delete(session, Entity.ATTENDEE, meal["aide"])
    assert meal["plan"] in changes.ids(Entity.SEATING_PLAN)  # the plan's views read it again
    assert session.get(SeatingPlan, meal["plan"]).version > version  # type: ignore[union-attr]
    assert meal["aide"] not in placed(session, meal["plan"])

    restored = snapshots.restore(session, snap)
    new_id = restored.created_id(Entity.ATTENDEE)
    for plan, seats in before.items():
        again = placed(session, plan)
        assert again.pop(new_id) == seats.pop(meal["aide"])  # same table, seat and lock
        assert again == seats


def test_a_seat_taken_meanwhile_is_not_taken_back_by_undo(session: Session, meal: dict[str, int]) -> None:
    from visitplanner.services import snapshots

    seating.auto_seat_plan(session, meal["plan"])
    table, seat, _ = placed(session, meal["plan"])[meal["aide"]]
    snap = snapshots.snapshot(session, Entity.ATTENDEE, meal["aide"])
    snapshots.delete(session, Entity.ATTENDEE, meal["aide"])
    seating.seat_person(session, meal["plan"], meal["deputy"], table, seat)
    new_id = snapshots.restore(session, snap).created_id(Entity.ATTENDEE)
    seats = placed(session, meal["plan"])
    assert seats[meal["deputy"]][:2] == (table, seat) and new_id not in seats  # the checks report them unseated


def test_removing_someone_from_an_engagement_keeps_their_seat_until_undone(
    session: Session, meal: dict[str, int]
) -> None:
    seating.auto_seat_plan(session, meal["plan"])
    before = placed(session, meal["plan"])
    row = session.get(Engagement, meal["meal"])
    assert row is not None
    old = engagements.engagement_plan(row)
    without = replace(old, attendances=tuple(a for a in old.attendances if a.attendee_id != meal["aide"]))
    engagements.update_engagement(session, meal["meal"], without)
    assert placed(session, meal["plan"]) == before  # nothing lost: the checks name them seated, not attending
    findings = {f.code: f for f in check_visit(session, meal["visit"])}
    assert meal["aide"] in findings[SEATED_NOT_ATTENDING].attendee_ids
    engagements.update_engagement(session, meal["meal"], old)  # what undo runs
    assert placed(session, meal["plan"]) == before
    assert SEATED_NOT_ATTENDING not in {f.code for f in check_visit(session, meal["visit"])}
