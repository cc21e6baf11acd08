"""Car order: the seat of honour on the kerb side, the host beside, car 1 with the highest rank."""

from __future__ import annotations

import pytest

from visitplanner.domain.car_order import Passenger, car_order, car_seats, drives_on_left
from visitplanner.domain.enums import Role, Side

PARK = Passenger(1, "Park", Side.VISITING, Role.PRINCIPAL, 1)
KIM = Passenger(2, "Kim", Side.VISITING, Role.DELEGATE, 2)
SEO = Passenger(3, "Seo", Side.STAFF, Role.INTERPRETER, 1)
ROTHERAM = Passenger(4, "Rotheram", Side.HOST, Role.PRINCIPAL, 1)
LEE = Passenger(5, "Lee", Side.VISITING, Role.DELEGATE, 3)


@pytest.mark.parametrize(
    ("zone", "left"),
    [
        ("Europe/London", True),
        ("Asia/Tokyo", True),
        ("Australia/Sydney", True),
        ("Africa/Johannesburg", True),
        ("Asia/Seoul", False),
        ("Europe/Paris", False),
        ("America/New_York", False),
        ("Europe/Londonderry", False),  # not a zone: no prefix match by accident
    ],
)
def test_which_side_traffic_drives_on(zone: str, left: bool) -> None:
    assert drives_on_left(zone) is left


def test_the_guest_takes_the_seat_of_honour_on_the_kerb_side_with_the_host_beside() -> None:
    seats = car_seats([SEO, KIM, ROTHERAM, PARK], left_hand_traffic=True)
    assert [(s.seat, s.passenger.name) for s in seats] == [
        ("Rear left (seat of honour)", "Park"),
        ("Rear right", "Rotheram"),
        ("Front passenger", "Seo"),
        ("Rear middle", "Kim"),
    ]
    right = car_seats([PARK, ROTHERAM], left_hand_traffic=False)
    assert right[0].seat == "Rear right (seat of honour)" and right[1].seat == "Rear left"


def test_without_a_host_the_next_in_rank_sits_beside_and_the_interpreter_in_front() -> None:
    seats = car_seats([SEO, LEE, KIM, PARK], left_hand_traffic=True)
    assert [s.passenger.name for s in seats] == ["Park", "Kim", "Seo", "Lee"]
    assert car_seats([], left_hand_traffic=True) == []


def test_car_one_carries_the_highest_rank() -> None:
    assert car_order([("Delegation minibus", [KIM, LEE, SEO]), ("Car 1 (Mayor)", [PARK, KIM])]) == [
        "Car 1 (Mayor)",
        "Delegation minibus",
    ]
    assert car_order([("Empty", []), ("B", [LEE])]) == ["B", "Empty"]
