"""Arrivals and departures in the checks engine: margins, journeys to and from the airport, pick-ups, greeters."""

from __future__ import annotations

from tests.unit.test_checks import TRAVEL_20, at, attend, eng, person, rows, transfer, visit
from visitplanner.domain.checks import CheckLeg, CheckOptions, Finding, run_checks
from visitplanner.domain.enums import LegDirection, Role, Side
from visitplanner.domain.findings import Severity

E, W = Severity.ERROR, Severity.WARNING
PRINCIPAL = person(1, role=Role.PRINCIPAL, precedence=1, name="Park")
HOST = person(5, side=Side.HOST, role=Role.PRINCIPAL, precedence=1, name="Rotheram")
JUNIOR = person(6, side=Side.HOST, role=Role.LIAISON, precedence=6, name="Whitfield")


def landing(hhmm: str, *, venue: int | None = 3, people: tuple[int, ...] = (1,), met_by: int | None = 5) -> CheckLeg:
    return CheckLeg(
        10,
        "KE 9021",
        LegDirection.ARRIVAL,
        at(11, "01:00"),
        at(12, hhmm),
        "Europe/London",
        "MAN",
        venue,
        people,
        met_by,
    )


def take_off(hhmm: str, *, venue: int | None = 3, people: tuple[int, ...] = (1,)) -> CheckLeg:
    return CheckLeg(
        20, "KE 9022", LegDirection.DEPARTURE, at(12, hhmm), at(13, "12:00"), "Europe/London", "MAN", venue, people
    )


DEFAULTS = CheckOptions()


def check(
    *legs: CheckLeg, engagements: list[object], who: list[object], options: CheckOptions = DEFAULTS
) -> list[Finding]:
    data = visit(engagements, who, attendees=[PRINCIPAL, HOST, JUNIOR], travel=TRAVEL_20)  # type: ignore[arg-type]
    from dataclasses import replace

    return [f for f in run_checks(replace(data, legs=legs), options) if f.code not in {"no-attendees"}]


def test_an_engagement_within_the_margin_after_landing_is_an_error() -> None:
    pickup = transfer(1, "08:50", "09:30", origin=3, venue=1)
    findings = check(landing("08:15"), engagements=[pickup], who=attend(1, 1))
    assert rows(findings) == [("engagement-before-arrival", E, (1,), (1,))]
    assert "not before Tue 12 May 09:00" in findings[0].message
    assert (
        check(landing("08:15"), engagements=[pickup], who=attend(1, 1), options=CheckOptions(arrival_margin_minutes=30))
        == []
    )


def test_an_engagement_elsewhere_needs_the_journey_too() -> None:
    # venue 1 to venue 2 is 20 min: an engagement at venue 2 needs landing + 45 + 20
    leg = CheckLeg(
        10, "KE 9021", LegDirection.ARRIVAL, at(11, "01:00"), at(12, "08:00"), "Europe/London", "", 1, (1,), 5
    )
    early = eng(1, "09:00", "10:00", venue=2)
    late = eng(1, "09:05", "10:00", venue=2)
    assert [f.code for f in check(leg, engagements=[early], who=attend(1, 1))][:1] == ["engagement-before-arrival"]
    assert "engagement-before-arrival" not in [f.code for f in check(leg, engagements=[late], who=attend(1, 1))]


def test_the_last_of_connecting_arrivals_counts() -> None:
    first = CheckLeg(
        11, "KE 905", LegDirection.ARRIVAL, at(11, "01:00"), at(11, "07:00"), "Europe/Berlin", "FRA", None, (1,), 5
    )
    meeting = eng(1, "10:00", "11:00", venue=1, day=12)
    findings = check(first, landing("09:30", venue=None), engagements=[meeting], who=attend(1, 1))
    assert [f.code for f in findings] == ["engagement-before-arrival"] and "KE 9021" in findings[0].message


def test_pickup_from_elsewhere_and_no_pickup() -> None:
    wrong = transfer(1, "09:00", "09:30", origin=2, venue=1)
    findings = check(landing("08:15"), engagements=[wrong], who=attend(1, 1))
    assert [f.code for f in findings] == ["pickup-mismatch"] and "leaves from Venue Two, not Venue Three" in findings[
        0
    ].message
    findings = check(landing("08:15"), engagements=[eng(1, "12:00", "13:00", venue=1)], who=attend(1, 1))
    assert [f.code for f in findings] == ["arrival-without-transfer"]


def test_departure_needs_a_transfer_to_its_airport_in_time() -> None:
    drop = transfer(1, "14:00", "15:00", origin=1, venue=3)
    assert check(take_off("17:00"), engagements=[drop], who=attend(1, 1)) == []
    late = check(take_off("16:00"), engagements=[drop], who=attend(1, 1))
    assert rows(late) == [("engagement-after-departure", E, (1,), (1,))]
    assert "KE 9022 (takes off from MAN Tue 12 May 16:00)" in late[0].message
    none = check(take_off("17:00"), engagements=[eng(1, "10:00", "11:00", venue=1)], who=attend(1, 1))
    assert [f.code for f in none] == ["departure-without-transfer"]


def test_a_visiting_principal_is_met_by_a_senior_host() -> None:
    pickup = transfer(1, "09:00", "09:30", origin=3, venue=1)
    assert check(landing("08:15", met_by=5), engagements=[pickup], who=attend(1, 1)) == []
    junior = check(landing("08:15", met_by=6), engagements=[pickup], who=attend(1, 1))
    assert rows(junior) == [("principal-not-met", W, (), (1, 6))]
    nobody = check(landing("08:15", met_by=None), engagements=[pickup], who=attend(1, 1))
    assert "nobody is down to meet them" in nobody[0].message
    relaxed = CheckOptions(greeter_precedence=6)
    assert check(landing("08:15", met_by=6), engagements=[pickup], who=attend(1, 1), options=relaxed) == []
