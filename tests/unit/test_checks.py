"""The checks engine: each rule, its wording, and the time-zone and midnight edge cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitplanner.domain.checks import (
    RULES,
    CheckAttendance,
    CheckAttendee,
    CheckEngagement,
    CheckInput,
    CheckOptions,
    CheckRoom,
    CheckTravelTime,
    CheckVehicle,
    CheckVenue,
    CheckVisit,
    Finding,
    Severity,
    run_checks,
)
from visitplanner.domain.checks_sweep import overlapping_pairs
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.timerange import UTC, local_datetime

LONDON = ZoneInfo("Europe/London")
SEOUL = ZoneInfo("Asia/Seoul")
MAY_VISIT = CheckVisit(date(2026, 5, 11), date(2026, 5, 15), "Europe/London", "Asia/Seoul")  # Mon-Fri
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
DASH = "\N{EN DASH}"
K = EngagementKind


def at(day: int, hhmm: str, tz: ZoneInfo = LONDON, month: int = 5) -> datetime:
    """The UTC instant of `hhmm` wall-clock time on `day` May 2026 (or `month`) in `tz`."""
    hour, minute = map(int, hhmm.split(":"))
    return local_datetime(date(2026, month, day), time(hour, minute), tz)


def eng(
    id: int,
    start: str,
    end: str,
    *,
    day: int = 12,
    kind: EngagementKind = K.MEETING,
    status: EngagementStatus = EngagementStatus.CONFIRMED,
    venue: int | None = 1,
    room: int | None = None,
    origin: int | None = None,
    vehicle: int | None = None,
    title: str = "",
    tz: ZoneInfo = LONDON,
    month: int = 5,
) -> CheckEngagement:
    """An engagement from `start` to `end` (wall clock in `tz`) on `day`; ending "24:00" is midnight."""
    end_day = day + 1 if end == "24:00" else day
    end = "00:00" if end == "24:00" else end
    return CheckEngagement(
        id=id,
        title=title or f"E{id}",
        kind=kind,
        status=status,
        start=at(day, start, tz, month),
        end=at(end_day, end, tz, month),
        venue_id=venue,
        room_id=room,
        origin_venue_id=origin,
        vehicle_id=vehicle,
    )


def transfer(id: int, start: str, end: str, origin: int, venue: int, vehicle: int | None = None) -> CheckEngagement:
    """A transfer on Tuesday 12 May from venue `origin` to venue `venue`."""
    return eng(id, start, end, kind=K.TRANSFER, origin=origin, venue=venue, vehicle=vehicle)


def person(
    id: int,
    *,
    side: Side = Side.VISITING,
    role: Role = Role.DELEGATE,
    precedence: int | None = None,
    languages: tuple[str, ...] = ("en",),
    dietary: bool = False,
    name: str = "",
) -> CheckAttendee:
    return CheckAttendee(
        id=id,
        name=name or f"P{id}",
        side=side,
        role=role,
        precedence=precedence,
        languages=languages,
        has_dietary_requirement=dietary,
    )


def attend(
    engagement_id: int, *people: int, part: AttendancePart = AttendancePart.PARTICIPANT
) -> list[CheckAttendance]:
    return [CheckAttendance(engagement_id, p, part) for p in people]


VENUES = (CheckVenue(1, "Venue One", "V1"), CheckVenue(2, "Venue Two", "V2"), CheckVenue(3, "Venue Three", "V3"))


def visit(
    engagements: Iterable[CheckEngagement],
    attendances: Iterable[CheckAttendance] = (),
    *,
    attendees: Iterable[CheckAttendee] = (),
    venues: Sequence[CheckVenue] = VENUES,
    rooms: Sequence[CheckRoom] = (),
    travel: Sequence[CheckTravelTime] = (),
    vehicles: Sequence[CheckVehicle] = (),
    dates: CheckVisit = MAY_VISIT,
) -> CheckInput:
    """A check input; attendees named in attendances but not given are made with `person()`."""
    attendances = list(attendances)
    given = {a.id: a for a in attendees}
    for a in attendances:
        given.setdefault(a.attendee_id, person(a.attendee_id))
    for v in vehicles:
        if v.driver_attendee_id is not None:
            driver = person(v.driver_attendee_id, side=Side.STAFF, role=Role.DRIVER)
            given.setdefault(v.driver_attendee_id, driver)
    return CheckInput(
        visit=dates,
        engagements=tuple(engagements),
        attendances=tuple(attendances),
        attendees=tuple(given.values()),
        venues=tuple(venues),
        rooms=tuple(rooms),
        travel_times=tuple(travel),
        vehicles=tuple(vehicles),
    )


Row = tuple[str, Severity, tuple[int, ...], tuple[int, ...]]


def rows(findings: Iterable[Finding]) -> list[Row]:
    return [(f.code, f.severity, f.engagement_ids, f.attendee_ids) for f in findings]


@dataclass(frozen=True)
class Case:
    """A table row: a visit and every finding it must produce (code, severity, engagements, attendees)."""

    name: str
    data: CheckInput
    expected: list[Row] = field(default_factory=list)
    options: CheckOptions = field(default_factory=CheckOptions)


DIF_HOURS = OpeningHours.parse("mon-fri 09:00-17:00")
LATE_HOURS = OpeningHours.parse("mon-sun 18:00-02:00")
CAR = CheckVehicle(1, "Car 1", capacity=2)
VAN = CheckVehicle(2, "Van", capacity=6)
TRAVEL_20 = (CheckTravelTime(1, 2, 20),)

CASES = [
    # ------------------------------------------------------------------ people
    Case(
        "person double-booked",
        visit([eng(1, "10:00", "11:00"), eng(2, "10:30", "11:30")], attend(1, 1, 2) + attend(2, 1)),
        [("person-double-booked", E, (1, 2), (1,))],
    ),
    Case(
        "back-to-back is not an overlap",
        visit([eng(1, "10:00", "11:00"), eng(2, "11:00", "12:00")], attend(1, 1) + attend(2, 1)),
    ),
    Case(
        "people booked at both are named together",
        visit([eng(1, "10:00", "11:00"), eng(2, "10:59", "11:30")], attend(1, 3, 1, 2) + attend(2, 2, 3)),
        [("person-double-booked", E, (1, 2), (2, 3))],
    ),
    Case(
        "A long, B and C inside it, D after C: every overlapping pair once",
        visit(
            [eng(1, "09:00", "13:00"), eng(2, "10:00", "11:00"), eng(3, "10:30", "12:00"), eng(4, "12:30", "13:30")],
            attend(1, 1) + attend(2, 1) + attend(3, 1) + attend(4, 1),
        ),
        [
            ("person-double-booked", E, (1, 2), (1,)),
            ("person-double-booked", E, (1, 3), (1,)),
            ("person-double-booked", E, (2, 3), (1,)),
            ("person-double-booked", E, (1, 4), (1,)),
        ],
    ),
    Case(
        "identical times",
        visit([eng(2, "10:00", "11:00"), eng(1, "10:00", "11:00")], attend(1, 1) + attend(2, 1)),
        [("person-double-booked", E, (1, 2), (1,))],
    ),
    Case(
        "interpreters and drivers are people too",
        visit(
            [eng(1, "10:00", "11:00"), eng(2, "10:30", "11:30")],
            attend(1, 1, 8, 9) + attend(2, 8, 9) + attend(2, 1, part=AttendancePart.INTERPRETER),
            attendees=[person(8, side=Side.STAFF, role=Role.INTERPRETER), person(9, side=Side.STAFF, role=Role.DRIVER)],
        ),
        [("person-double-booked", E, (1, 2), (1, 8, 9))],
    ),
    Case(
        "listed twice at one engagement is not a clash with itself",
        visit([eng(1, "10:00", "11:00")], attend(1, 1) + attend(1, 1, part=AttendancePart.SPEAKER)),
    ),
    Case(
        "cancelled engagements never conflict",
        visit(
            [eng(1, "10:00", "11:00", room=11), eng(2, "10:30", "11:30", room=11, status=EngagementStatus.CANCELLED)],
            attend(1, 1) + attend(2, 1),
            rooms=[CheckRoom(11, 1, "Salon")],
        ),
        [("cancelled-with-attendees", INFO, (2,), (1,))],
    ),
    # ------------------------------------------------------------------- rooms
    Case(
        "room double-booked",
        visit(
            [eng(1, "10:00", "11:00", room=11), eng(2, "10:45", "11:30", room=11)],
            attend(1, 1) + attend(2, 2),
            rooms=[CheckRoom(11, 1, "Salon")],
        ),
        [("room-double-booked", E, (1, 2), ())],
    ),
    Case(
        "different rooms of one venue",
        visit(
            [eng(1, "10:00", "11:00", room=11), eng(2, "10:00", "11:00", room=12)],
            attend(1, 1) + attend(2, 2),
            rooms=[CheckRoom(11, 1, "Salon"), CheckRoom(12, 1, "Hall")],
        ),
    ),
    Case(
        "room back to back",
        visit(
            [eng(1, "10:00", "11:00", room=11), eng(2, "11:00", "11:30", room=11)],
            attend(1, 1) + attend(2, 2),
            rooms=[CheckRoom(11, 1, "Salon")],
        ),
    ),
    # ---------------------------------------------------------------- vehicles
    Case(
        "vehicle double-booked",
        visit(
            [transfer(1, "10:00", "10:30", 1, 2, vehicle=1), transfer(2, "10:15", "10:45", 1, 3, vehicle=1)],
            attend(1, 1) + attend(2, 2),
            vehicles=[CAR],
        ),
        [("vehicle-double-booked", E, (1, 2), ())],
    ),
    Case(
        "vehicle over capacity (the driver does not count)",
        visit(
            [transfer(1, "10:00", "10:30", 1, 2, vehicle=1)],
            attend(1, 1, 2, 3) + attend(1, 9, part=AttendancePart.DRIVER),
            vehicles=[CheckVehicle(1, "Car 1", capacity=2, driver_attendee_id=9)],
        ),
        [("vehicle-over-capacity", E, (1,), (1, 2, 3))],
    ),
    Case(
        "vehicle full but not over",
        visit(
            [transfer(1, "10:00", "10:30", 1, 2, vehicle=1)],
            attend(1, 1, 2, 9),
            vehicles=[CheckVehicle(1, "Car 1", capacity=2, driver_attendee_id=9)],
        ),
    ),
    Case(
        "driver of two vehicles at once",
        visit(
            [transfer(1, "10:00", "10:30", 1, 2, vehicle=1), transfer(2, "10:15", "10:45", 1, 3, vehicle=2)],
            attend(1, 1) + attend(2, 2),
            vehicles=[
                CheckVehicle(1, "Car 1", 4, driver_attendee_id=9),
                CheckVehicle(2, "Car 2", 4, driver_attendee_id=9),
            ],
        ),
        [("driver-double-booked", E, (1, 2), (9,))],
    ),
    Case(
        "overlapping engagements at two venues are one clash, reported once as a double booking",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "10:30", "11:30", venue=2)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
        [("person-double-booked", E, (1, 2), (1,))],
    ),
    Case(
        "a driver attending both transfers is reported once, as a person",
        visit(
            [transfer(1, "10:00", "10:30", 1, 2, vehicle=1), transfer(2, "10:15", "10:45", 1, 3, vehicle=2)],
            attend(1, 1, 9) + attend(2, 2, 9),
            vehicles=[
                CheckVehicle(1, "Car 1", 4, driver_attendee_id=9),
                CheckVehicle(2, "Car 2", 4, driver_attendee_id=9),
            ],
        ),
        [("person-double-booked", E, (1, 2), (9,))],
    ),
    # ------------------------------------------------------------------ travel
    Case(
        "impossible travel (and no transfer)",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "11:20", "12:00", venue=2)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
        [("impossible-travel", E, (1, 2), (1,)), ("missing-transfer", W, (1, 2), (1,))],
    ),
    Case(
        "exactly travel time plus buffer is enough (the reverse direction is used)",
        visit(
            [eng(1, "10:00", "11:00", venue=2), eng(2, "11:30", "12:00", venue=1)],
            attend(1, 1) + attend(2, 1),
            attendees=[person(1, side=Side.STAFF, role=Role.DRIVER)],
            travel=TRAVEL_20,
        ),
    ),
    Case(
        "the buffer is an option",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "11:25", "12:00", venue=2)],
            attend(1, 1) + attend(2, 1),
            attendees=[person(1, side=Side.STAFF, role=Role.DRIVER)],
            travel=TRAVEL_20,
        ),
        [],
        CheckOptions(travel_buffer_minutes=5),
    ),
    Case(
        "a transfer's origin is where its passengers must be at the start",
        visit(
            [eng(1, "10:00", "11:00", venue=1), transfer(2, "11:05", "11:30", 2, 3)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
        [("impossible-travel", E, (1, 2), (1,))],
    ),
    Case(
        "travel through a transfer is fine",
        visit(
            [eng(1, "10:00", "11:00", venue=1), transfer(2, "11:00", "11:25", 1, 2), eng(3, "11:25", "12:00", venue=2)],
            attend(1, 1) + attend(2, 1) + attend(3, 1),
            travel=TRAVEL_20,
        ),
    ),
    Case(
        "no travel time recorded and the gap under the buffer",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "11:05", "12:00", venue=3)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
        [("unknown-travel-time", W, (1, 2), (1,)), ("missing-transfer", W, (1, 2), (1,))],
    ),
    Case(
        "no travel time recorded but time enough for the buffer",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "11:15", "12:00", venue=3)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
        [("missing-transfer", W, (1, 2), (1,))],
    ),
    Case(
        "missing transfer",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "14:00", "15:00", venue=2)],
            attend(1, 1, 2) + attend(2, 1, 2),
            travel=TRAVEL_20,
        ),
        [("missing-transfer", W, (1, 2), (1, 2))],
    ),
    Case(
        "overnight, people make their own way: no transfer needed across days",
        visit(
            [eng(1, "16:00", "17:00", venue=1, day=12), eng(2, "09:00", "10:00", venue=2, day=13)],
            attend(1, 1) + attend(2, 1),
            travel=TRAVEL_20,
        ),
    ),
    Case(
        "a transfer in between",
        visit(
            [eng(1, "10:00", "11:00", venue=1), transfer(3, "12:00", "12:30", 1, 2), eng(2, "14:00", "15:00", venue=2)],
            attend(1, 1) + attend(2, 1) + attend(3, 1),
            travel=TRAVEL_20,
        ),
    ),
    Case(
        "someone else's transfer does not count",
        visit(
            [eng(1, "10:00", "11:00", venue=1), transfer(3, "12:00", "12:30", 1, 2), eng(2, "14:00", "15:00", venue=2)],
            attend(1, 1, 2) + attend(2, 1, 2) + attend(3, 1),
            travel=TRAVEL_20,
        ),
        [("missing-transfer", W, (1, 2), (2,))],
    ),
    Case(
        "drivers make their own way",
        visit(
            [eng(1, "10:00", "11:00", venue=1), eng(2, "14:00", "15:00", venue=2)],
            attend(1, 9) + attend(2, 9),
            attendees=[person(9, side=Side.STAFF, role=Role.DRIVER)],
            travel=TRAVEL_20,
        ),
    ),
    # ------------------------------------------------------------------ venues
    Case(
        "venue closed",
        visit([eng(1, "16:30", "17:30")], attend(1, 1), venues=[CheckVenue(1, "DIF", "DIF", opening_hours=DIF_HOURS)]),
        [("venue-closed", E, (1,), ())],
    ),
    Case(
        "venue open",
        visit([eng(1, "09:00", "17:00")], attend(1, 1), venues=[CheckVenue(1, "DIF", "DIF", opening_hours=DIF_HOURS)]),
    ),
    Case(
        "venue closed at the weekend",
        visit(
            [eng(1, "10:00", "11:00", day=16)],
            attend(1, 1),
            venues=[CheckVenue(1, "DIF", "DIF", opening_hours=DIF_HOURS)],
            dates=CheckVisit(date(2026, 5, 11), date(2026, 5, 17), "Europe/London"),
        ),
        [("venue-closed", E, (1,), ())],
    ),
    Case(
        "no opening hours recorded: never closed",
        visit([eng(1, "03:00", "04:00")], attend(1, 1), venues=[CheckVenue(1, "DIF", "DIF")]),
    ),
    Case(
        "open past midnight: 01:00 inside 18:00-02:00",
        visit(
            [eng(1, "01:00", "01:45", day=13)],
            attend(1, 1),
            venues=[CheckVenue(1, "Night", "N", opening_hours=LATE_HOURS)],
        ),
    ),
    Case(
        "open past midnight: 23:00 to 01:30 spans midnight",
        visit(
            [eng(1, "23:00", "24:00"), eng(2, "00:00", "01:30", day=13)],
            attend(1, 1) + attend(2, 1),
            venues=[CheckVenue(1, "Night", "N", opening_hours=LATE_HOURS)],
        ),
    ),
    Case(
        "closed after 02:00",
        visit(
            [eng(1, "01:30", "02:30", day=13)],
            attend(1, 1),
            venues=[CheckVenue(1, "Night", "N", opening_hours=LATE_HOURS)],
        ),
        [("venue-closed", E, (1,), ())],
    ),
    Case(
        "a transfer is checked at neither end",
        visit(
            [transfer(1, "03:00", "03:30", 1, 2)],
            attend(1, 1),
            venues=[
                CheckVenue(1, "DIF", "DIF", opening_hours=DIF_HOURS),
                CheckVenue(2, "MIF", "MIF", opening_hours=DIF_HOURS),
            ],
        ),
    ),
    Case(
        "the venue's own zone: 10:00 in Seoul (02:00 in London) is open",
        visit(
            [eng(1, "10:00", "11:00", tz=SEOUL)],
            attend(1, 1),
            venues=[
                CheckVenue(
                    1,
                    "Seoul Hall",
                    "SH",
                    time_zone="Asia/Seoul",
                    opening_hours=OpeningHours.parse("mon-sun 09:00-18:00"),
                )
            ],
        ),
    ),
    Case(
        "without a zone the venue is read in the visit's zone: 02:00 London is closed",
        visit(
            [eng(1, "10:00", "11:00", tz=SEOUL)],
            attend(1, 1),
            venues=[CheckVenue(1, "Seoul Hall", "SH", opening_hours=OpeningHours.parse("mon-sun 09:00-18:00"))],
        ),
        [("venue-closed", E, (1,), ())],
    ),
    Case(
        "room over capacity",
        visit(
            [eng(1, "10:00", "11:00", room=11)],
            attend(1, 1, 2, 3),
            rooms=[CheckRoom(11, 1, "Salon", capacity=2)],
            venues=[CheckVenue(1, "DIF", "DIF", capacity=100)],
        ),
        [("room-over-capacity", E, (1,), (1, 2, 3))],
    ),
    Case(
        "room at capacity",
        visit([eng(1, "10:00", "11:00", room=11)], attend(1, 1, 2), rooms=[CheckRoom(11, 1, "Salon", capacity=2)]),
    ),
    Case(
        "no room: venue over capacity",
        visit([eng(1, "10:00", "11:00")], attend(1, 1, 2, 3), venues=[CheckVenue(1, "DIF", "DIF", capacity=2)]),
        [("venue-over-capacity", W, (1,), (1, 2, 3))],
    ),
    Case(
        "a room with no capacity recorded: the venue's is not used",
        visit(
            [eng(1, "10:00", "11:00", room=11)],
            attend(1, 1, 2, 3),
            rooms=[CheckRoom(11, 1, "Salon")],
            venues=[CheckVenue(1, "DIF", "DIF", capacity=2)],
        ),
    ),
    Case(
        "a transfer is not held to the destination's capacity",
        visit(
            [transfer(1, "10:00", "10:30", 2, 1)],
            attend(1, 1, 2, 3),
            venues=[CheckVenue(1, "DIF", "DIF", capacity=2), CheckVenue(2, "Hotel", "H")],
        ),
    ),
    # ------------------------------------------------------- dates, attendance
    Case(
        "before the visit's first day (local midnight)",
        visit([eng(1, "23:00", "23:30", day=10), eng(2, "00:00", "00:30", day=11)], attend(1, 1) + attend(2, 1)),
        [("outside-visit-dates", E, (1,), ())],
    ),
    Case(
        "after the visit's last day",
        visit([eng(1, "23:00", "24:00", day=15), eng(2, "00:00", "00:30", day=16)], attend(1, 1) + attend(2, 2)),
        [("outside-visit-dates", E, (2,), ())],
    ),
    Case("no attendees", visit([eng(1, "10:00", "11:00")]), [("no-attendees", W, (1,), ())]),
    Case(
        "cancelled with attendees",
        visit([eng(1, "10:00", "11:00", status=EngagementStatus.CANCELLED)], attend(1, 2, 1)),
        [("cancelled-with-attendees", INFO, (1,), (1, 2))],
    ),
    Case(
        "cancelled and empty: nothing to say",
        visit([eng(1, "10:00", "11:00", day=1, status=EngagementStatus.CANCELLED)]),
    ),
    # ---------------------------------------------------------------- language
    Case(
        "no common language",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2),
            attendees=[person(1, languages=("ko",)), person(2, languages=("en",))],
        ),
        [("no-common-language", E, (1,), (1, 2))],
    ),
    Case(
        "everyone shares English",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2, 3),
            attendees=[
                person(1, languages=("ko", "en")),
                person(2, languages=("en",)),
                person(3, languages=("EN", "fr")),
            ],
        ),
    ),
    Case(
        "pairs speak but no one language is shared by all",
        visit(
            [eng(1, "10:00", "11:00", kind=K.MEAL)],
            attend(1, 1, 2, 3),
            attendees=[person(1, languages=("ko",)), person(2, languages=("ko", "en")), person(3, languages=("en",))],
        ),
        [("no-common-language", E, (1,), (1, 2, 3))],
    ),
    Case(
        "an interpreter by role",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2, 3),
            attendees=[
                person(1, languages=("ko",)),
                person(2, languages=("en",)),
                person(3, side=Side.STAFF, role=Role.INTERPRETER, languages=("ko", "en")),
            ],
        ),
    ),
    Case(
        "an interpreter by part",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2) + attend(1, 3, part=AttendancePart.INTERPRETER),
            attendees=[
                person(1, languages=("ko",)),
                person(2, languages=("en",)),
                person(3, side=Side.HOST, role=Role.HOST, languages=("ko", "en")),
            ],
        ),
    ),
    Case(
        "no languages recorded: ignored; drivers: not counted",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2, 9),
            attendees=[
                person(1, languages=("ko",)),
                person(2, languages=()),
                person(9, side=Side.STAFF, role=Role.DRIVER, languages=("fr",)),
            ],
        ),
    ),
    Case(
        "transfers and free time need no common language",
        visit(
            [transfer(1, "09:00", "09:30", 2, 1), eng(2, "10:00", "11:00", kind=K.FREE_TIME)],
            attend(1, 1, 2) + attend(2, 1, 2),
            attendees=[person(1, languages=("ko",)), person(2, languages=("en",))],
        ),
    ),
    # -------------------------------------------------- precedence, ceremonies
    Case(
        "duplicate precedence on one side",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2, 3),
            attendees=[person(1, precedence=1), person(2, precedence=2), person(3, precedence=1)],
        ),
        [("duplicate-precedence", W, (), (1, 3))],
    ),
    Case(
        "the same rank on different sides is fine",
        visit(
            [eng(1, "10:00", "11:00")],
            attend(1, 1, 2),
            attendees=[person(1, precedence=1), person(2, side=Side.HOST, role=Role.HOST, precedence=1)],
        ),
    ),
    Case(
        "a ceremony with no signatory",
        visit([eng(1, "10:00", "11:00", kind=K.CEREMONY)], attend(1, 1, 2)),
        [("no-signatory", W, (1,), ())],
    ),
    Case(
        "a principal missing from a ceremony their side signs at",
        visit(
            [eng(1, "10:00", "11:00", kind=K.CEREMONY), eng(2, "12:00", "13:00")],
            attend(1, 2, 5, part=AttendancePart.SIGNATORY) + attend(2, 1),
            attendees=[
                person(1, role=Role.PRINCIPAL),
                person(2),
                person(4, side=Side.HOST, role=Role.PRINCIPAL),
                person(5, side=Side.HOST, role=Role.HOST),
            ],
        ),
        [("signatory-missing", W, (1,), (1,)), ("signatory-missing", W, (1,), (4,))],
    ),
    Case(
        "the principal attends (not signing): fine; the other side does not sign",
        visit(
            [eng(1, "10:00", "11:00", kind=K.CEREMONY)],
            attend(1, 2, part=AttendancePart.SIGNATORY) + attend(1, 1, 5),
            attendees=[
                person(1, role=Role.PRINCIPAL),
                person(2),
                person(4, side=Side.HOST, role=Role.PRINCIPAL),
                person(5, side=Side.HOST),
            ],
        ),
    ),
    Case(
        "dietary requirements at a meal",
        visit(
            [eng(1, "12:30", "13:30", kind=K.MEAL, title="Working lunch"), eng(2, "14:00", "15:00")],
            attend(1, 1, 2, 3, 4) + attend(2, 1),
            attendees=[person(1, dietary=True), person(2, dietary=True), person(3), person(4, dietary=True)],
        ),
        [("dietary-at-meal", INFO, (1,), (1, 2, 4))],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule(case: Case) -> None:
    findings = run_checks(case.data, case.options)
    assert sorted(rows(findings), key=repr) == sorted(case.expected, key=repr)
    for f in findings:
        assert f.severity is RULES[f.code][0]
        assert f.message


# ------------------------------------------------------------------------ wording
KOREAN = person(1, name="Park Heong-Joon (박형준)", languages=("ko", "en"))


def test_double_booking_message_names_the_person_engagements_and_local_times() -> None:
    data = visit(
        [eng(1, "10:30", "11:30", title="DIF tour"), eng(2, "11:00", "12:00", title="MIF tour")],
        attend(1, 1) + attend(2, 1),
        attendees=[KOREAN],
    )
    [finding] = run_checks(data)
    assert finding.message == (
        f"Park Heong-Joon (박형준) is booked at 'DIF tour' "
        f"(Tue 12 May 10:30{DASH}11:30) and 'MIF tour' (Tue 12 May 11:00{DASH}12:00) "
        "at the same time."
    )


def test_times_are_shown_in_the_visits_local_zone() -> None:
    data = visit([eng(1, "10:00", "11:00", tz=SEOUL, title="Call")])
    [finding] = run_checks(data)
    assert finding.message == f"Nobody attends 'Call' (Tue 12 May 02:00{DASH}03:00)."


def test_an_engagement_across_midnight_shows_both_days() -> None:
    data = visit(
        [eng(1, "23:00", "24:00", title="Late"), eng(2, "22:30", "23:30", title="Later")], attend(1, 1) + attend(2, 1)
    )
    [finding] = run_checks(data)
    assert f"'Later' (Tue 12 May 22:30{DASH}23:30)" in finding.message
    assert f"'Late' (Tue 12 May 23:00 {DASH} Wed 13 May 00:00)" in finding.message


def test_dietary_message_gives_the_count() -> None:
    data = visit(
        [eng(1, "12:30", "13:30", kind=K.MEAL, title="Working lunch")],
        attend(1, 1, 2, 3, 4),
        attendees=[person(1, dietary=True), person(2, dietary=True), person(3), person(4, dietary=True)],
    )
    [finding] = run_checks(data)
    assert finding.message.startswith(
        f"3 attendees at 'Working lunch' (Tue 12 May 12:30{DASH}13:30) have dietary requirements: see the caterer sheet"
    )


def test_venue_closed_message_gives_the_venues_hours_and_local_time() -> None:
    data = visit(
        [eng(1, "20:00", "21:00", title="Dinner")],
        attend(1, 1),
        venues=[
            CheckVenue(
                1, "Seoul Hall", "SH", time_zone="Asia/Seoul", opening_hours=OpeningHours.parse("mon-fri 09:00-18:00")
            )
        ],
    )
    [finding] = run_checks(data)
    assert finding.message == (
        f"'Dinner' (Tue 12 May 20:00{DASH}21:00) is at Seoul Hall "
        f"(Wed 13 May 04:00{DASH}05:00 Asia/Seoul time), "
        f"which is open 09:00{DASH}18:00 on Wednesdays."
    )


def test_travel_message_names_venues_and_minutes() -> None:
    data = visit(
        [eng(1, "10:00", "11:00", venue=1, title="A"), eng(2, "11:20", "12:00", venue=2, title="B")],
        attend(1, 1) + attend(2, 1),
        attendees=[KOREAN],
        travel=TRAVEL_20,
    )
    travel = next(f for f in run_checks(data) if f.code == "impossible-travel")
    assert travel.message == (
        f"Park Heong-Joon (박형준) cannot get from 'A' (Tue 12 May 10:00{DASH}11:00) "
        f"at Venue One to 'B' (Tue 12 May 11:20{DASH}12:00) at Venue Two: "
        "the journey takes 20 min plus a 10 min buffer, but there is only 20 min."
    )


def test_many_names_are_shortened_and_listed_by_precedence() -> None:
    people = [person(i, precedence=10 - i) for i in range(1, 9)]
    data = visit(
        [eng(1, "10:00", "11:00"), eng(2, "10:30", "11:30")],
        attend(1, *range(1, 9)) + attend(2, *range(1, 9)),
        attendees=people,
    )
    [finding] = run_checks(data)
    assert finding.attendee_ids == (8, 7, 6, 5, 4, 3, 2, 1)
    assert finding.message.startswith("P8, P7, P6, P5, P4 and 3 others are booked at")


# ------------------------------------------------------------------ time zones
OCTOBER = CheckVisit(date(2026, 10, 22), date(2026, 10, 28), "Europe/London", "Asia/Seoul")
OFFICE_HOURS = OpeningHours.parse("mon-sun 08:00-18:00")


@pytest.mark.parametrize(
    ("day", "start", "end", "closed"),
    [
        (26, "09:00", "10:00", False),  # Monday after the change: GMT, 09:00 UTC
        (24, "09:00", "10:00", False),  # Saturday before: BST, 08:00 UTC
        (25, "08:00", "18:00", False),  # the day of the change itself, all of it
        (26, "07:30", "08:30", True),
        (24, "17:30", "18:30", True),
    ],
)
def test_opening_hours_across_the_bst_to_gmt_change(day: int, start: str, end: str, closed: bool) -> None:
    data = visit(
        [eng(1, start, end, day=day, month=10)],
        attend(1, 1),
        venues=[CheckVenue(1, "Guildhall", "GH", opening_hours=OFFICE_HOURS)],
        dates=OCTOBER,
    )
    assert rows(run_checks(data)) == ([("venue-closed", E, (1,), ())] if closed else [])


def test_visit_dates_are_local_across_the_change() -> None:
    # the visit's last day, 28 Oct, ends at local midnight (GMT by then, not BST)
    data = visit(
        [eng(1, "23:30", "24:00", day=28, month=10), eng(2, "00:00", "00:30", day=29, month=10)],
        attend(1, 1) + attend(2, 2),
        dates=OCTOBER,
    )
    assert rows(run_checks(data)) == [("outside-visit-dates", E, (2,), ())]


def test_naive_times_are_refused() -> None:
    naive = CheckEngagement(
        1, "E1", K.MEETING, EngagementStatus.CONFIRMED, datetime(2026, 5, 12, 10), datetime(2026, 5, 12, 11)
    )
    with pytest.raises(UserError, match="time zone"):
        run_checks(visit([naive]))


def test_times_in_any_zone_object_compare_as_instants() -> None:
    a = eng(1, "10:00", "11:00")
    b = CheckEngagement(
        2,
        "E2",
        K.MEETING,
        EngagementStatus.CONFIRMED,
        a.start.astimezone(SEOUL) + timedelta(minutes=30),
        a.end.astimezone(LONDON) + timedelta(minutes=30),
    )
    assert rows(run_checks(visit([a, b], attend(1, 1) + attend(2, 1)))) == [("person-double-booked", E, (1, 2), (1,))]


# --------------------------------------------------------------------- ordering
def test_findings_are_sorted_by_severity_then_time_then_code() -> None:
    data = visit(
        [
            eng(1, "15:00", "16:00", kind=K.MEAL),
            eng(2, "09:00", "10:00"),
            eng(3, "09:30", "10:30"),
            eng(4, "08:00", "09:00"),
            eng(5, "12:00", "13:00", day=20),
        ],
        attend(1, 2) + attend(2, 1) + attend(3, 1) + attend(5, 1),
        attendees=[person(1, precedence=1), person(2, precedence=1, dietary=True)],
    )
    assert [(f.severity, f.code, f.engagement_ids) for f in run_checks(data)] == [
        (E, "person-double-booked", (2, 3)),
        (E, "outside-visit-dates", (5,)),
        (W, "duplicate-precedence", ()),
        (W, "no-attendees", (4,)),
        (INFO, "dietary-at-meal", (1,)),
    ]


def test_the_input_order_does_not_change_the_findings() -> None:
    engagements = [eng(i, f"{9 + i % 4}:00", f"{10 + i % 4}:30", room=11 if i % 2 else None) for i in range(1, 9)]
    attendances = [a for i in range(1, 9) for a in attend(i, i % 3 + 1, (i + 1) % 3 + 1)]
    forwards = run_checks(visit(engagements, attendances, rooms=[CheckRoom(11, 1, "Salon")]))
    backwards = run_checks(visit(engagements[::-1], attendances[::-1], rooms=[CheckRoom(11, 1, "Salon")]))
    assert forwards == backwards
    assert len(forwards) > 5


def test_an_empty_visit_has_no_findings() -> None:
    assert run_checks(CheckInput(MAY_VISIT)) == []


def test_every_code_has_a_severity_and_a_description() -> None:
    assert len(RULES) == 40  # 33 on the plan (one on replies to invitations), 7 on seating plans (checks_seating)
    assert all(isinstance(sev, Severity) and text for sev, text in RULES.values())


# ------------------------------------------------------------------------ sweep
def test_sweep_output_grows_with_the_clashes_not_the_square() -> None:
    # one long engagement with 1000 back-to-back ones inside it: 1000 clashes, not 500,000 comparisons
    starts = [0.0] + [float(k) for k in range(1000)]
    ends = [1000.0] + [float(k + 1) for k in range(1000)]
    confirmed: list[tuple[int, int]] = []

    def confirm(j: int, i: int) -> bool:
        confirmed.append((j, i))
        return True

    pairs = overlapping_pairs(range(1001), starts, ends, confirm)
    assert pairs == [(0, i) for i in range(1, 1001)]
    assert len(confirmed) == 1000


def test_a_large_visit_of_back_to_back_engagements_is_clean() -> None:
    start = at(12, "00:00").astimezone(UTC)
    engagements = [
        CheckEngagement(
            i,
            f"E{i}",
            K.OTHER,
            EngagementStatus.CONFIRMED,
            start + timedelta(minutes=5 * i),
            start + timedelta(minutes=5 * i + 5),
            room_id=11,
        )
        for i in range(200)
    ]
    data = visit(engagements, [a for i in range(200) for a in attend(i, 1)], rooms=[CheckRoom(11, 1, "Salon")])
    assert run_checks(data) == []
