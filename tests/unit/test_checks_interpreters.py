"""Interpreter checks (AIIC-style limits) and findings that read right: DST, order by side, one clash once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tests.unit.test_checks import (
    DASH,
    MAY_VISIT,
    OCTOBER,
    TRAVEL_20,
    W,
    attend,
    eng,
    person,
    rows,
    visit,
)
from visitplanner.domain.checks import CheckOptions, CheckVisit, run_checks
from visitplanner.domain.checks_text import Clock
from visitplanner.domain.enums import AttendancePart, EngagementKind, InterpretationMode, Role, Side

INTERPRETER = person(9, side=Side.STAFF, role=Role.INTERPRETER, precedence=1, name="Seo Ji-yeon")
SECOND = person(8, side=Side.STAFF, role=Role.INTERPRETER, precedence=2, name="Han Mi-rae")
SIM = InterpretationMode.SIMULTANEOUS


def simultaneous(id: int, start: str, end: str, **kw: object) -> object:
    return replace(eng(id, start, end, **kw), interpretation=SIM)  # type: ignore[arg-type]


def codes(findings: object) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def test_simultaneous_beyond_forty_minutes_alone_is_a_warning() -> None:
    data = visit(
        [simultaneous(1, "10:00", "11:30", title="Plenary")],
        attend(1, 1, 9),
        attendees=[person(1, precedence=1), INTERPRETER],
    )
    [finding] = run_checks(data)
    assert rows([finding]) == [("interpreter-alone-simultaneous", W, (1,), (9,))]
    assert finding.message == (
        f"'Plenary' (Tue 12 May 10:00{DASH}11:30) is interpreted simultaneously for 1 h 30 min with only "
        "Seo Ji-yeon: beyond 40 min simultaneous interpretation needs two interpreters taking turns."
    )


def test_simultaneous_with_a_team_of_two_or_short_is_fine() -> None:
    team = visit([simultaneous(1, "10:00", "12:00")], attend(1, 1, 9, 8), attendees=[INTERPRETER, SECOND])
    short = visit([simultaneous(1, "10:00", "10:40")], attend(1, 1, 9), attendees=[INTERPRETER])
    consecutive = visit([eng(1, "10:00", "12:00")], attend(1, 1, 9), attendees=[INTERPRETER])
    assert run_checks(team) == run_checks(short) == run_checks(consecutive) == []


def test_simultaneous_with_nobody_interpreting_is_named() -> None:
    data = visit([simultaneous(1, "10:00", "11:00")], attend(1, 1, 2))
    [finding] = run_checks(data)
    assert finding.code == "interpreter-alone-simultaneous"
    assert "with no interpreter" in finding.message


def test_the_part_interpreter_counts_as_an_interpreter() -> None:
    data = visit([simultaneous(1, "10:00", "12:00")], attend(1, 1) + attend(1, 2, 3, part=AttendancePart.INTERPRETER))
    assert run_checks(data) == []


def test_working_alone_more_than_six_hours_a_day_is_a_warning() -> None:
    day = [
        eng(1, "09:00", "12:00"),
        eng(2, "11:00", "12:30"),  # overlaps the first: counts once
        eng(3, "14:00", "17:00"),
        eng(4, "19:00", "21:00", kind=EngagementKind.FREE_TIME),  # not working
    ]
    data = visit(day, [a for e in day for a in attend(e.id, 1, 9)], attendees=[person(1, precedence=1), INTERPRETER])
    overworked = [f for f in run_checks(data) if f.code == "interpreter-overworked"]
    assert [(f.engagement_ids, f.attendee_ids) for f in overworked] == [((1, 2, 3), (9,))]
    assert overworked[0].message == (
        f"Seo Ji-yeon interprets alone for 6 h 30 min of Tue 12 May 09:00{DASH}17:00 (3 engagements), "
        "more than the office's limit of 6 h a day: book a second interpreter for relief."
    )


def test_relief_by_a_second_interpreter_and_the_limit_as_an_option() -> None:
    day = [eng(1, "09:00", "12:00"), eng(2, "13:00", "17:00")]
    relieved = visit(day, attend(1, 1, 9) + attend(2, 1, 9, 8), attendees=[INTERPRETER, SECOND])  # alone only 3 h
    assert codes(run_checks(relieved)) == []
    alone = visit(day, attend(1, 1, 9) + attend(2, 1, 9), attendees=[INTERPRETER])
    assert codes(run_checks(alone)) == ["interpreter-overworked"]
    assert codes(run_checks(alone, CheckOptions(interpreting_daily_minutes=8 * 60))) == []
    assert codes(run_checks(alone, CheckOptions(interpreting_daily_minutes=3 * 60))) == ["interpreter-overworked"]


def test_a_night_across_midnight_counts_on_each_local_day() -> None:
    dates = CheckVisit(date(2026, 5, 11), date(2026, 5, 15), "Europe/London")
    night = [eng(1, "18:00", "24:00", day=12), eng(2, "00:00", "03:00", day=13)]
    data = visit(night, attend(1, 1, 9) + attend(2, 1, 9), attendees=[INTERPRETER], dates=dates)
    assert codes(run_checks(data)) == []  # 6 h on the 12th, 3 h on the 13th


def test_people_are_listed_by_side_then_precedence() -> None:
    principal = person(5, side=Side.VISITING, role=Role.PRINCIPAL, precedence=1, name="Park")
    host = person(3, side=Side.HOST, precedence=1, name="Rotheram")
    data = visit(
        [eng(1, "10:00", "11:00"), eng(2, "10:30", "11:30")],
        attend(1, 9, 3, 5) + attend(2, 9, 3, 5),
        attendees=[INTERPRETER, host, principal],
    )
    [finding] = run_checks(data)
    assert finding.attendee_ids == (5, 3, 9)
    assert finding.message.startswith("Park, Rotheram and Seo Ji-yeon are booked at")


def test_a_double_booking_is_not_also_impossible_travel() -> None:
    data = visit(
        [eng(1, "10:00", "11:00", venue=1), eng(2, "10:30", "11:30", venue=2)],
        attend(1, 1) + attend(2, 1),
        travel=TRAVEL_20,
    )
    assert codes(run_checks(data)) == ["person-double-booked"]


def test_the_hour_that_repeats_names_its_zone() -> None:
    # 25 Oct 2026: London's clocks go back at 02:00 BST to 01:00 GMT, so 01:30 happens twice
    bst = eng(1, "09:00", "10:00")
    bst = replace(bst, start=datetime(2026, 10, 25, 0, 30, tzinfo=UTC), end=datetime(2026, 10, 25, 0, 45, tzinfo=UTC))
    gmt = replace(
        bst, id=2, start=datetime(2026, 10, 25, 1, 30, tzinfo=UTC), end=datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
    )
    clash = replace(gmt, id=3)
    data = visit([bst, gmt, clash], attend(1, 1) + attend(2, 1) + attend(3, 1), dates=OCTOBER)
    [finding] = run_checks(data)
    assert finding.engagement_ids == (2, 3)
    assert f"'E1' (Sun 25 Oct 01:30 GMT {DASH} 01:45 GMT)" in finding.message
    clock = Clock(ZoneInfo("Europe/London"))
    assert clock.at(bst.start) == "Sun 25 Oct 01:30 BST"
    assert clock.at(gmt.start) == "Sun 25 Oct 01:30 GMT"
    assert clock.at(datetime(2026, 10, 25, 9, 0, tzinfo=UTC)) == "Sun 25 Oct 09:00"


def test_a_span_across_the_change_shows_its_real_length() -> None:
    # 00:30 BST to 03:00 GMT is 3.5 hours; without zones it reads like 2.5
    long = eng(1, "00:30", "03:00", day=25, month=10, title="Night shift")
    data = visit([long, eng(2, "02:30", "02:45", day=25, month=10)], attend(1, 1) + attend(2, 1), dates=OCTOBER)
    [finding] = run_checks(data)
    assert f"'Night shift' (Sun 25 Oct 00:30 BST {DASH} 03:00 GMT)" in finding.message
    plain = visit([eng(1, "10:00", "11:00"), eng(2, "10:30", "11:30")], attend(1, 1) + attend(2, 1))
    assert "BST" not in run_checks(plain)[0].message and MAY_VISIT.local_time_zone == "Europe/London"


def test_a_shared_rank_lists_its_people_by_name() -> None:
    zhou = person(1, side=Side.HOST, precedence=2, name="Zhou")
    adams = person(7, side=Side.HOST, precedence=2, name="Adams")
    data = visit([eng(1, "10:00", "11:00")], attend(1, 1, 7), attendees=[zhou, adams])
    [finding] = run_checks(data)
    assert finding.attendee_ids == (7, 1) and finding.message.startswith("Adams and Zhou of the host side")
