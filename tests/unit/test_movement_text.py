"""How an arrival or departure is written on the timeline and in the documents."""

from __future__ import annotations

from datetime import UTC, datetime

from visitplanner.domain.formatting import movement_text, short_place

LONDON = "Europe/London"


def test_a_flight_lands_at_its_airport_code_and_terminal() -> None:
    landing = datetime(2027, 5, 11, 7, 15, tzinfo=UTC)
    args = ("KE 9021", "Flight", True, landing, LONDON, LONDON, "Manchester Airport (MAN)", "T2")
    assert movement_text(*args) == "✈ KE 9021 lands 08:15 MAN T2"
    assert movement_text(*args, symbol=False) == "Flight KE 9021 lands 08:15 MAN T2"
    take_off = datetime(2027, 5, 12, 17, 0, tzinfo=UTC)
    assert movement_text("KE 9022", "Flight", False, take_off, LONDON, LONDON, "MAN") == "✈ KE 9022 takes off 18:00 MAN"


def test_other_modes_arrive_and_depart() -> None:
    at = datetime(2027, 5, 11, 13, 5, tzinfo=UTC)
    assert movement_text("1S42", "Train", True, at, LONDON, LONDON, "Liverpool Lime Street", "Platform 6") == (
        "Train 1S42 arrives 14:05 Liverpool Lime Street Platform 6"
    )
    assert movement_text("the car to Manchester", "Car", False, at, LONDON, LONDON) == (
        "The car to Manchester departs 14:05"
    )


def test_the_zone_is_named_when_it_is_not_the_visits_or_the_hour_repeats() -> None:
    paris = datetime(2027, 5, 11, 13, 5, tzinfo=UTC)
    assert movement_text("AF 1", "Flight", True, paris, "Europe/Paris", LONDON, "CDG") == "✈ AF 1 lands 15:05 Paris CDG"
    # 25 Oct 2026: 01:30 happens twice in London, once in BST and once in GMT
    first, second = datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert movement_text("BA 1", "Flight", True, first, LONDON, LONDON, "LHR") == "✈ BA 1 lands 01:30 BST LHR"
    assert movement_text("BA 2", "Flight", True, second, LONDON, LONDON, "LHR") == "✈ BA 2 lands 01:30 GMT LHR"


def test_short_place_keeps_a_code_in_brackets_only() -> None:
    assert short_place("Manchester Airport (MAN)") == "MAN"
    assert short_place("Gare du Nord (Paris)") == "Gare du Nord (Paris)"
    assert short_place("  Lime Street ") == "Lime Street"
