"""Seating rules: table shapes and seats, the order of honour, auto-seating by precedence, and the seating checks."""

from __future__ import annotations

import math

import pytest

from visitplanner.domain.checks_seating import (
    DIETARY_AT_SEAT,
    INTERPRETER_OUT_OF_REACH,
    NOT_SEATED,
    PRECEDENCE_BROKEN,
    SEATED_NOT_ATTENDING,
    TABLE_OVER_SEATS,
    CheckSeatingPlan,
    check_plan,
)
from visitplanner.domain.enums import AttendancePart, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.seating import (
    MAX_SEATS,
    REACH,
    Placement,
    SeatingGuest,
    SeatingLayout,
    SeatingStyle,
    TableData,
    TableShape,
    auto_seat,
    honour_order,
    seat_distance,
    table_geometry,
    to_room,
)

G = SeatingGuest


def dinner_guests() -> list[SeatingGuest]:
    """The demo's welcome dinner: five visitors, three hosts, an interpreter and a liaison officer."""
    return [
        G(1, "Park", Side.VISITING, Role.PRINCIPAL, 1, ("ko",)),
        G(2, "Kim", Side.VISITING, Role.DELEGATE, 2, ("ko", "en")),
        G(3, "Lee", Side.VISITING, Role.DELEGATE, 3, ("ko", "en")),
        G(4, "Choi", Side.VISITING, Role.DELEGATE, 4, ("ko", "en")),
        G(5, "Jung", Side.VISITING, Role.DELEGATE, 5, ("ko", "en")),
        G(6, "Seo", Side.STAFF, Role.INTERPRETER, 1, ("ko", "en"), interpreter=True),
        G(7, "Okafor", Side.STAFF, Role.LIAISON, 2, ("en",)),
        G(8, "Rotheram", Side.HOST, Role.PRINCIPAL, 1, ("en",)),
        G(9, "Marsh", Side.HOST, Role.HOST, 2, ("en",)),
        G(10, "Whitfield", Side.HOST, Role.LIAISON, 6, ("en",)),
    ]


def seat_of(placements: tuple[Placement, ...], attendee_id: int) -> tuple[int, int]:
    found = [(p.table, p.seat) for p in placements if p.attendee_id == attendee_id]
    assert len(found) == 1, f"attendee {attendee_id} seated {len(found)} times"
    return found[0]


@pytest.mark.parametrize("shape", list(TableShape))
@pytest.mark.parametrize("seats", [2, 3, 7, 12, 41])
def test_every_shape_has_its_seats_numbered_from_one_apart_and_facing_the_table(shape: TableShape, seats: int) -> None:
    geometry = table_geometry(TableData("T", shape, seats))
    assert [s.number for s in geometry.seats] == list(range(1, seats + 1))
    for a in geometry.seats:
        assert math.isclose(math.hypot(*a.facing), 1.0)
        for b in geometry.seats:
            if a.number < b.number:
                assert seat_distance(a, b) >= 0.5, (a, b)  # chairs do not overlap
    left, top, right, bottom = geometry.bounds
    assert left < right and top < bottom


def test_a_round_table_puts_the_host_at_the_top_and_the_chief_guest_facing_them() -> None:
    geometry = table_geometry(TableData("T", TableShape.ROUND, 10))
    host, guest = geometry.seat(geometry.host_seat or 0), geometry.seat(geometry.guest_seat or 0)
    assert (host.number, guest.number) == (1, 6)
    assert host.y < 0 < guest.y and math.isclose(host.x, -guest.x, abs_tol=1e-6)
    assert host.facing == pytest.approx((0.0, 1.0))


def test_seat_numbered_one_lower_is_at_the_sitters_right_on_every_shape() -> None:
    for shape in TableShape:
        geometry = table_geometry(TableData("T", shape, 12))
        for seat in geometry.seats[1:]:
            if seat.standing:
                continue
            previous = geometry.seat(seat.number - 1)
            if seat_distance(seat, previous) > 1.0:
                continue  # round a corner: not neighbours
            dx, dy = previous.x - seat.x, previous.y - seat.y
            assert dx * seat.right[0] + dy * seat.right[1] > 0, (shape, seat.number)


def test_the_ends_style_seats_host_and_chief_guest_at_the_two_ends() -> None:
    geometry = table_geometry(TableData("T", TableShape.BANQUET_ENDS, 12), SeatingStyle.ENDS)
    host, guest = geometry.seat(geometry.host_seat or 0), geometry.seat(geometry.guest_seat or 0)
    assert host.x < 0 < guest.x and host.y == guest.y == 0
    centre = table_geometry(TableData("T", TableShape.BANQUET_ENDS, 12), SeatingStyle.CENTRE)
    host, guest = centre.seat(centre.host_seat or 0), centre.seat(centre.guest_seat or 0)
    assert host.y < 0 < guest.y and math.isclose(host.x, guest.x)


def test_head_table_and_signing_table_seat_the_chief_guest_at_the_hosts_right() -> None:
    for shape in (TableShape.HEAD_TABLE, TableShape.SIGNING, TableShape.U_SHAPE):
        geometry = table_geometry(TableData("T", shape, 9))
        assert geometry.guest_seat == (geometry.host_seat or 0) - 1, shape
    signing = table_geometry(TableData("T", TableShape.SIGNING, 6))
    assert [s.standing for s in signing.seats] == [False, False, True, True, True, True]


def test_the_order_of_honour_pairs_mirror_images_so_counterparts_sit_opposite() -> None:
    geometry = table_geometry(TableData("T", TableShape.BANQUET_ENDS, 12))
    order = honour_order(geometry)
    assert order.pairs[0] == (geometry.host_seat, geometry.guest_seat)
    for h, g in order.pairs[1:]:
        if h is None or g is None:
            continue
        a, b = geometry.seat(h), geometry.seat(g)
        assert math.isclose(a.x, b.x, abs_tol=1e-6) and math.isclose(a.y, -b.y, abs_tol=1e-6), (h, g)
    assert sorted(order.position) == list(range(1, 13))


def test_auto_seat_follows_the_centre_convention_at_the_welcome_dinner() -> None:
    layout = SeatingLayout(SeatingStyle.CENTRE, (TableData("Top table", TableShape.BANQUET_ENDS, 12),))
    placements = auto_seat(layout, dinner_guests())
    geometry = table_geometry(layout.tables[0])
    assert sorted(p.attendee_id for p in placements) == list(range(1, 11))  # everyone exactly once
    assert seat_of(placements, 8) == (0, geometry.host_seat)  # the Mayor of the Liverpool City Region
    assert seat_of(placements, 1) == (0, geometry.guest_seat)  # the Mayor of Busan, facing him
    park = geometry.seat(geometry.guest_seat or 0)
    kim = geometry.seat(seat_of(placements, 2)[1])
    seo = geometry.seat(seat_of(placements, 6)[1])
    marsh = geometry.seat(seat_of(placements, 9)[1])
    assert seat_distance(park, kim) == pytest.approx(0.6) and (kim.x - park.x) * park.right[0] > 0  # at his right
    assert seat_distance(park, seo) == pytest.approx(0.6) and (seo.x - park.x) * park.right[0] < 0  # at his left
    assert marsh.x == pytest.approx(kim.x) and marsh.y == pytest.approx(-kim.y)  # counterparts opposite


def test_auto_seat_fills_table_one_first_and_lets_a_short_side_give_way() -> None:
    guests = [G(i, f"V{i}", Side.VISITING, Role.DELEGATE, i) for i in range(1, 4)]
    guests += [G(10 + i, f"H{i}", Side.HOST, Role.HOST, i) for i in range(1, 10)]
    layout = SeatingLayout(tables=(TableData("1", TableShape.ROUND, 8), TableData("2", TableShape.ROUND, 8)))
    placements = auto_seat(layout, guests)
    assert {seat_of(placements, i)[0] for i in (1, 2, 3, 11, 12, 13)} == {0}
    assert seat_of(placements, 19)[0] == 1  # the lowest host rank at table 2
    assert len(placements) == 12


def test_auto_seat_keeps_locked_seats_and_seats_around_them() -> None:
    layout = SeatingLayout(tables=(TableData("T", TableShape.ROUND, 10),))
    locked = Placement(0, 1, 5, locked=True)  # Jung locked in the host's seat
    placements = auto_seat(layout, dinner_guests(), keep=[locked])
    assert locked in placements
    assert seat_of(placements, 8) != (0, 1)
    assert len({(p.table, p.seat) for p in placements}) == len(placements) == 10


def test_auto_seat_refuses_more_people_than_seats_and_names_the_numbers() -> None:
    layout = SeatingLayout(tables=(TableData("T", TableShape.ROUND, 6),))
    with pytest.raises(UserError, match="10 people to seat but only 6 free seats"):
        auto_seat(layout, dinner_guests())


def test_an_interpreter_nobody_needs_is_seated_like_anyone_else() -> None:
    guests = [g for g in dinner_guests() if g.attendee_id != 8]  # no English-only principal
    guests.append(G(8, "Rotheram", Side.HOST, Role.PRINCIPAL, 1, ("ko", "en")))
    placements = auto_seat(SeatingLayout(tables=(TableData("T", TableShape.ROUND, 10),)), guests)
    assert len(placements) == 10


def test_table_data_refuses_bad_values_naming_the_field() -> None:
    for bad, field in (
        (TableData(" "), "label"),
        (TableData("T", seats=0), "seats"),
        (TableData("T", seats=MAX_SEATS + 1), "seats"),
        (TableData("T", TableShape.SIGNING, 1), "seats"),
        (TableData("T", x=float("nan")), "x"),
        (TableData("T", y=1e9), "y"),
        (TableData("T", rotation=360), "rotation"),
        (TableData("T\x1b"), "label"),
    ):
        with pytest.raises(UserError) as caught:
            bad.validate()
        assert caught.value.field == field


def test_a_layout_refuses_a_seat_taken_twice_or_a_person_seated_twice() -> None:
    tables = (TableData("T"),)
    with pytest.raises(UserError, match="taken twice"):
        SeatingLayout(tables=tables, placements=(Placement(0, 1, 1), Placement(0, 1, 2))).validate()
    with pytest.raises(UserError, match="seated twice"):
        SeatingLayout(tables=tables, placements=(Placement(0, 1, 1), Placement(0, 2, 1))).validate()
    with pytest.raises(UserError, match="not in the plan"):
        SeatingLayout(tables=tables, placements=(Placement(1, 1, 1),)).validate()


def test_to_room_turns_and_moves_a_point() -> None:
    table = TableData("T", x=10.0, y=5.0, rotation=90)
    assert to_room(table, 1.0, 0.0) == pytest.approx((10.0, 6.0))


# ---------------------------------------------------------------------------- the checks


def check(layout: SeatingLayout, attending: dict[int, AttendancePart] | None = None, dietary: set[int] = frozenset()):  # type: ignore[no-untyped-def, assignment]
    guests = {g.attendee_id: g for g in dinner_guests()}
    attending = attending if attending is not None else dict.fromkeys(guests, AttendancePart.PARTICIPANT)
    return check_plan(CheckSeatingPlan(1, layout), "'Dinner'", guests, attending, lambda a: a in dietary)


def seated_dinner() -> SeatingLayout:
    layout = SeatingLayout(tables=(TableData("Top table", TableShape.BANQUET_ENDS, 12),))
    return SeatingLayout(layout.style, layout.tables, auto_seat(layout, dinner_guests()))


def test_an_auto_seated_plan_has_no_findings_but_the_dietary_list() -> None:
    assert check(seated_dinner()) == []
    findings = check(seated_dinner(), dietary={2})
    assert [f.code for f in findings] == [DIETARY_AT_SEAT]
    assert "Kim (Top table seat" in findings[0].message


def test_someone_not_seated_and_someone_seated_who_does_not_attend_are_reported() -> None:
    layout = seated_dinner()
    attending = dict.fromkeys(range(1, 10), AttendancePart.PARTICIPANT)  # Whitfield no longer attends
    attending[11] = AttendancePart.PARTICIPANT  # unknown to the plan: not a guest, ignored
    layout = SeatingLayout(layout.style, layout.tables, tuple(p for p in layout.placements if p.attendee_id != 3))
    findings = {f.code: f for f in check(layout, attending)}
    assert findings[NOT_SEATED].attendee_ids == (3,) and "Lee has no seat" in findings[NOT_SEATED].message
    assert findings[SEATED_NOT_ATTENDING].attendee_ids == (10,)


def test_a_driver_at_the_meal_need_not_be_seated() -> None:
    layout = seated_dinner()
    layout = SeatingLayout(layout.style, layout.tables, tuple(p for p in layout.placements if p.attendee_id != 7))
    attending = dict.fromkeys(range(1, 11), AttendancePart.PARTICIPANT)
    attending[7] = AttendancePart.DRIVER
    assert check(layout, attending) == []


def test_a_table_over_its_seats_is_an_error_naming_who_has_no_seat() -> None:
    layout = seated_dinner()
    smaller = SeatingLayout(layout.style, (TableData("Top table", TableShape.BANQUET_ENDS, 8),), layout.placements)
    over = [f for f in check(smaller) if f.code == TABLE_OVER_SEATS]
    assert len(over) == 1 and "has 8 seats but 10 people" in over[0].message


def test_precedence_broken_names_both_people() -> None:
    layout = seated_dinner()
    kim, lee = (next(p for p in layout.placements if p.attendee_id == a) for a in (2, 3))
    swapped = tuple(
        Placement(p.table, lee.seat, 2)
        if p.attendee_id == 2
        else Placement(p.table, kim.seat, 3)
        if p.attendee_id == 3
        else p
        for p in layout.placements
    )
    findings = [f for f in check(SeatingLayout(layout.style, layout.tables, swapped)) if f.code == PRECEDENCE_BROKEN]
    assert len(findings) == 1
    assert findings[0].attendee_ids == (2, 3)
    assert "Lee (rank 3" in findings[0].message and "than Kim (rank 2" in findings[0].message


def test_an_interpreter_out_of_reach_of_the_principal_who_needs_them() -> None:
    layout = seated_dinner()
    geometry = table_geometry(layout.tables[0])
    park = geometry.seat(geometry.guest_seat or 0)
    far = max(
        (s for s in geometry.seats if not any(p.seat == s.number for p in layout.placements)),
        key=lambda s: seat_distance(s, park),
    )
    assert seat_distance(far, park) > REACH
    moved = tuple(Placement(0, far.number, 6) if p.attendee_id == 6 else p for p in layout.placements)
    findings = [
        f for f in check(SeatingLayout(layout.style, layout.tables, moved)) if f.code == INTERPRETER_OUT_OF_REACH
    ]
    assert [f.attendee_ids for f in findings] == [(1, 6)]  # one interpreter: reported once, for the guest
