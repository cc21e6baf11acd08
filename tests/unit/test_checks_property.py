"""The checks engine against brute-force oracles on random small visits."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import combinations
from random import Random
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from visitplanner.domain.checks import (
    CheckAttendance,
    CheckAttendee,
    CheckEngagement,
    CheckInput,
    CheckRoom,
    CheckVehicle,
    CheckVenue,
    CheckVisit,
    Finding,
    run_checks,
)
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.hours import WEEKDAYS, OpeningHours
from visitplanner.domain.timerange import UTC, overlaps

LONDON = ZoneInfo("Europe/London")
SEOUL = ZoneInfo("Asia/Seoul")
DAY_START = datetime(2026, 5, 12, 7, 0, tzinfo=UTC)
SLOT = timedelta(minutes=15)
VISIT = CheckVisit(date(2026, 5, 11), date(2026, 5, 15), "Europe/London", "Asia/Seoul")
ZONES = (UTC, LONDON, SEOUL)  # the same instant written in different zones must compare equal

Pair = frozenset[int]


@st.composite
def small_visits(draw: st.DrawFn) -> CheckInput:
    """Up to 12 engagements on one day, on a 15-minute grid (so back-to-back and identical times
    are common), with up to 5 people, 2 rooms and 3 vehicles whose drivers may be attendees."""
    people = draw(st.integers(1, 5))
    count = draw(st.integers(0, 12))
    engagements = []
    attendances = []
    for eid in range(1, count + 1):
        start = DAY_START + draw(st.integers(0, 40)) * SLOT
        end = start + draw(st.integers(1, 10)) * SLOT
        vehicle = draw(st.none() | st.integers(1, 3))
        engagements.append(
            CheckEngagement(
                id=eid,
                title=f"E{eid}",
                kind=EngagementKind.TRANSFER if vehicle else draw(st.sampled_from(EngagementKind)),
                status=draw(st.sampled_from(EngagementStatus)),
                start=start.astimezone(draw(st.sampled_from(ZONES))),
                end=end.astimezone(draw(st.sampled_from(ZONES))),
                venue_id=draw(st.none() | st.integers(1, 2)),
                room_id=draw(st.none() | st.integers(1, 2)),
                origin_venue_id=1 if vehicle else None,
                vehicle_id=vehicle,
            )
        )
        for person in draw(st.lists(st.integers(1, people), max_size=4)):  # repeats allowed
            attendances.append(CheckAttendance(eid, person, draw(st.sampled_from(AttendancePart))))
    attendees = [
        CheckAttendee(
            p,
            f"P{p}",
            draw(st.sampled_from(Side)),
            draw(st.sampled_from(Role)),
            precedence=draw(st.none() | st.integers(1, 3)),
            languages=draw(st.sampled_from([(), ("en",), ("ko",), ("ko", "en")])),
        )
        for p in range(1, people + 1)
    ]
    vehicles = [
        CheckVehicle(
            v, f"Car {v}", capacity=draw(st.integers(1, 4)), driver_attendee_id=draw(st.none() | st.integers(1, people))
        )
        for v in (1, 2, 3)
    ]
    return CheckInput(
        visit=VISIT,
        engagements=engagements,
        attendances=attendances,
        attendees=attendees,
        venues=[CheckVenue(1, "V1", "V1"), CheckVenue(2, "V2", "V2")],
        rooms=[CheckRoom(1, 1, "R1"), CheckRoom(2, 2, "R2")],
        vehicles=vehicles,
    )


def reported(findings: list[Finding], code: str, with_people: bool) -> Counter[tuple[Pair, int]]:
    """How often each (pair of engagements, attendee or 0) is reported under `code`."""
    counts: Counter[tuple[Pair, int]] = Counter()
    for f in findings:
        if f.code == code:
            assert len(f.engagement_ids) == 2
            for person in f.attendee_ids if with_people else (0,):
                counts[(frozenset(f.engagement_ids), person)] += 1
    return counts


@settings(max_examples=200, deadline=None)
@given(small_visits())
def test_double_bookings_match_a_brute_force_oracle(data: CheckInput) -> None:
    active = [e for e in data.engagements if e.status is not EngagementStatus.CANCELLED]
    members: dict[int, set[int]] = {e.id: set() for e in data.engagements}
    for attendance in data.attendances:
        members[attendance.engagement_id].add(attendance.attendee_id)
    driver_of = {v.id: v.driver_attendee_id for v in data.vehicles}

    people: set[tuple[Pair, int]] = set()
    rooms: set[tuple[Pair, int]] = set()
    vehicles: set[tuple[Pair, int]] = set()
    drivers: set[tuple[Pair, int]] = set()
    for a, b in combinations(active, 2):  # every pair: the O(n²) definition
        if not overlaps(a.start, a.end, b.start, b.end):
            continue
        pair = frozenset({a.id, b.id})
        people |= {(pair, p) for p in members[a.id] & members[b.id]}
        if a.room_id is not None and a.room_id == b.room_id:
            rooms.add((pair, 0))
        if a.vehicle_id is not None and a.vehicle_id == b.vehicle_id:
            vehicles.add((pair, 0))
        if a.vehicle_id is not None and b.vehicle_id is not None and a.vehicle_id != b.vehicle_id:
            driver = driver_of[a.vehicle_id]
            if (
                driver is not None
                and driver == driver_of[b.vehicle_id]
                and not (driver in members[a.id] and driver in members[b.id])
            ):
                drivers.add((pair, driver))

    findings = run_checks(data)
    for code, expected, with_people in (
        ("person-double-booked", people, True),
        ("room-double-booked", rooms, False),
        ("vehicle-double-booked", vehicles, False),
        ("driver-double-booked", drivers, True),
    ):
        counts = reported(findings, code, with_people)
        assert set(counts) == expected, code  # nothing missed, nothing invented
        assert all(n == 1 for n in counts.values()), code  # and nothing said twice


@settings(max_examples=100, deadline=None)
@given(small_visits(), st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_matter(data: CheckInput, rng: Random) -> None:
    engagements, attendances = list(data.engagements), list(data.attendances)
    rng.shuffle(engagements)
    rng.shuffle(attendances)
    shuffled = CheckInput(
        visit=data.visit,
        engagements=engagements,
        attendances=attendances,
        attendees=list(reversed(data.attendees)),
        venues=data.venues,
        rooms=data.rooms,
        vehicles=list(reversed(data.vehicles)),
    )
    assert run_checks(shuffled) == run_checks(data)


# --------------------------------------------------------------- opening hours
HALF_HOURS = st.builds(lambda k: time(k // 2, 30 * (k % 2)), st.integers(0, 47))
SPANS = st.lists(st.tuples(HALF_HOURS, HALF_HOURS), max_size=2).map(tuple)
HOURS = st.fixed_dictionaries({}, optional={day: SPANS for day in WEEKDAYS}).map(OpeningHours)
OCTOBER = CheckVisit(date(2026, 10, 20), date(2026, 10, 30), "Europe/London")  # across 25 Oct (BST -> GMT)
OCTOBER_BASE = datetime(2026, 10, 14, 0, 0, tzinfo=UTC)  # engagements also before and after the visit


@settings(max_examples=200, deadline=None)
@given(
    HOURS,
    st.sampled_from(["", "Europe/London", "Asia/Seoul", "America/New_York"]),
    st.lists(st.tuples(st.integers(0, 22 * 96), st.integers(1, 36 * 4)), min_size=1, max_size=15),
)
def test_venue_closed_matches_opening_hours_directly(
    hours: OpeningHours, zone_name: str, times: list[tuple[int, int]]
) -> None:
    engagements = [
        CheckEngagement(
            k,
            f"E{k}",
            EngagementKind.MEETING,
            EngagementStatus.CONFIRMED,
            OCTOBER_BASE + start * SLOT,
            OCTOBER_BASE + (start + length) * SLOT,
            venue_id=1,
        )
        for k, (start, length) in enumerate(times)
    ]
    data = CheckInput(
        visit=OCTOBER,
        engagements=engagements,
        venues=[CheckVenue(1, "Venue", "V", time_zone=zone_name, opening_hours=hours)],
    )
    tz = ZoneInfo(zone_name or OCTOBER.local_time_zone)
    expected = {e.id for e in engagements if not hours.is_open_throughout(e.start, e.end, tz)}
    closed = [f.engagement_ids[0] for f in run_checks(data) if f.code == "venue-closed"]
    assert sorted(closed) == sorted(expected)
