"""Seating rules: table shapes and seats, the order of honour, auto-seating by precedence, and the seating checks."""

from __future__ import annotations

import math

import pytest

from visitplanner.domain.checks_seating import (
    DIETARY_AT_SEAT,
    GUESTS_NOT_SEATED,
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


# ---------------------------------------------------------------------------- unnamed guests


def spouse(number: int, of: int, side: Side = Side.VISITING) -> SeatingGuest:
    return G(None, f"Guest of {of}", side, guest=number, accompanies=of)


def guest_seat(placements: tuple[Placement, ...], number: int) -> tuple[int, int]:
    found = [(p.table, p.seat) for p in placements if p.attendee_id is None and p.guest == number]
    assert len(found) == 1, f"guest {number} seated {len(found)} times"
    return found[0]


def test_an_unnamed_guest_sits_beside_whom_they_accompany_and_the_ranks_keep_their_seats() -> None:
    layout = SeatingLayout(SeatingStyle.CENTRE, (TableData("Top table", TableShape.BANQUET_ENDS, 14),))
    without = auto_seat(layout, dinner_guests())
    guests = [*dinner_guests(), spouse(1, 1), spouse(2, 8, Side.HOST)]
    placements = auto_seat(layout, guests)
    geometry = table_geometry(layout.tables[0])
    assert len(placements) == 12 and len({(p.table, p.seat) for p in placements}) == 12
    park, rotheram = geometry.seat(seat_of(placements, 1)[1]), geometry.seat(seat_of(placements, 8)[1])
    assert seat_distance(park, geometry.seat(guest_seat(placements, 1)[1])) == pytest.approx(0.6)
    assert seat_distance(rotheram, geometry.seat(guest_seat(placements, 2)[1])) == pytest.approx(0.6)
    # the principals and the interpreter at the Mayor of Busan's left keep their places; the guests
    # take the seats beside them, and the ranks follow in order of honour (no precedence broken)
    for attendee in (1, 8, 6):
        assert seat_of(placements, attendee) == seat_of(without, attendee)
    by_id = {g.attendee_id: g for g in dinner_guests() if g.attendee_id is not None}
    attending = dict.fromkeys(by_id, AttendancePart.PARTICIPANT)
    plan = CheckSeatingPlan(1, SeatingLayout(layout.style, layout.tables, placements))
    assert check_plan(plan, "'Dinner'", by_id, attending, lambda a: False, 2) == []


def test_guests_accompanying_nobody_go_together_at_the_end_of_their_side() -> None:
    layout = SeatingLayout(SeatingStyle.CENTRE, (TableData("T", TableShape.ROUND, 14),))
    press = [G(None, "Press", Side.HOST, guest=n) for n in (3, 4)]
    visiting = G(None, "Aide", Side.VISITING, guest=5)
    placements = auto_seat(layout, [*dinner_guests(), *press, visiting])
    order = honour_order(table_geometry(layout.tables[0]))
    rank = {number: position for number, position in order.position.items()}
    host_side = [rank[seat_of(placements, a)[1]] for a in (8, 9, 10)]
    press_ranks = [rank[guest_seat(placements, n)[1]] for n in (3, 4)]
    assert min(press_ranks) > max(host_side)  # after every host of the host side
    assert rank[seat_of(placements, 7)[1]] >= max(press_ranks)  # staff (the liaison officer) after them
    assert rank[guest_seat(placements, 5)[1]] > max(rank[seat_of(placements, a)[1]] for a in (1, 2, 3, 4, 5))


def test_a_guest_whose_companion_does_not_attend_is_seated_with_the_rest() -> None:
    layout = SeatingLayout(tables=(TableData("T", TableShape.ROUND, 12),))
    placements = auto_seat(layout, [*dinner_guests(), spouse(1, 99)])
    assert guest_seat(placements, 1)[0] == 0 and len(placements) == 11


def test_guests_count_against_the_free_seats_and_keep_locked_seats() -> None:
    layout = SeatingLayout(tables=(TableData("T", TableShape.ROUND, 11),))
    with pytest.raises(UserError, match="12 people to seat but only 11 free seats"):
        auto_seat(layout, [*dinner_guests(), spouse(1, 1), spouse(2, 8)])
    locked = Placement(0, 5, None, locked=True, guest=1)
    placements = auto_seat(layout, [*dinner_guests(), spouse(1, 1)], keep=[locked])
    assert locked in placements and guest_seat(placements, 1) == (0, 5)


def test_a_companion_sits_elsewhere_only_when_their_table_is_full() -> None:
    roomy = SeatingLayout(tables=(TableData("1", TableShape.ROUND, 10), TableData("2", TableShape.ROUND, 4)))
    placements = auto_seat(roomy, [*dinner_guests(), spouse(1, 1)])
    assert guest_seat(placements, 1)[0] == 0 and seat_of(placements, 1)[0] == 0  # beside him; the last rank moves
    full = SeatingLayout(tables=(TableData("1", TableShape.ROUND, 2), TableData("2", TableShape.ROUND, 10)))
    placements = auto_seat(full, [*dinner_guests(), spouse(1, 1)])
    assert seat_of(placements, 1) == (0, 2) and guest_seat(placements, 1)[0] == 1 and len(placements) == 11


def test_a_layout_holds_an_attendee_or_a_guest_in_each_seat() -> None:
    table = (TableData("T", TableShape.ROUND, 4),)
    with pytest.raises(UserError, match="holds an attendee or an unnamed guest"):
        SeatingLayout(tables=table, placements=(Placement(0, 1, None),)).validate()
    with pytest.raises(UserError, match="guest 2 is seated twice"):
        SeatingLayout(
            tables=table, placements=(Placement(0, 1, None, guest=2), Placement(0, 2, None, guest=2))
        ).validate()
    SeatingLayout(tables=table, placements=(Placement(0, 1, 2), Placement(0, 2, None, guest=2))).validate()


def test_the_checks_count_guests_at_a_table_and_say_which_have_no_seat() -> None:
    layout = seated_dinner()
    guests = {g.attendee_id: g for g in dinner_guests() if g.attendee_id is not None}
    attending = dict.fromkeys(guests, AttendancePart.PARTICIPANT)
    with_guest = SeatingLayout(layout.style, layout.tables, (*layout.placements, Placement(0, 11, None, guest=1)))
    findings = check_plan(CheckSeatingPlan(1, with_guest), "'Dinner'", guests, attending, lambda a: False, 4)
    missing = [f for f in findings if f.code == GUESTS_NOT_SEATED]
    assert len(missing) == 1 and "3 of the 4 unnamed guests of 'Dinner' have no seat (guests 2-4)" in missing[0].message
    beyond = check_plan(CheckSeatingPlan(1, with_guest), "'Dinner'", guests, attending, lambda a: False, 0)
    assert [f.code for f in beyond] == [SEATED_NOT_ATTENDING] and "Unnamed guest 1 sits at Top table" in beyond[
        0
    ].message
    smaller = SeatingLayout(layout.style, (TableData("Top table", TableShape.BANQUET_ENDS, 10),), with_guest.placements)
    over = [
        f
        for f in check_plan(CheckSeatingPlan(1, smaller), "'D'", guests, attending, lambda a: False, 1)
        if f.code == TABLE_OVER_SEATS
    ]
    assert len(over) == 1 and "10 seats but 11 people" in over[0].message and "unnamed guest 1" in over[0].message
