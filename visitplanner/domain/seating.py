"""Seating plans: table shapes and their seats, the order of honour of seats, and auto-seating by precedence.

Coordinates are metres in the room, x to the right and y down (as on a screen and on the chart).
Each table is drawn around its own centre, then turned by `rotation` degrees (clockwise) and moved
to (x, y).

Seats are numbered from 1 clockwise (round, banquet, boardroom) or left to right as seen from the
room (head table, U-shape head then the right leg down and the left leg up, signing table then the
people standing behind). A seated person's right hand is the seat numbered one lower; this holds
for every shape, so "right of the host" means the same everywhere.

The conventions (one per plan, `SeatingStyle`):

* centre: the host and the chief guest face each other across the middle of the table (round,
  banquet, boardroom); "ends" (English style): they sit at the two ends (a banquet or boardroom
  with end seats; without ends, at opposite corners). A head table, U-shape or signing table always
  puts them side by side in the middle, the chief guest at the host's right.
* The chief guest's side fills the guest's half of the table, the host's side the host's half.
  On the guest's half the next ranks go right, left, right, ... of the chief guest, nearest first;
  the host's half is the mirror image, so that counterparts sit opposite each other.
* Interpreters sit at the left of the principal who needs them (one whose languages the other
  principal at the table does not speak, and the interpreter does). The visiting principal is
  served first, unless the interpreter belongs to the host side.
* Table 1 takes the highest ranks, then table 2, and so on. Staff (other than interpreters) follow
  the host side. A side that runs out leaves its half to the other side.
* Locked seats keep their person; auto-seat fills the other seats around them.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from visitplanner.domain.enums import EngagementKind, Role, Side, Vocabulary
from visitplanner.domain.errors import UserError
from visitplanner.domain.limits import GUESTS, ONE_LINE, TextRule

#: Width of one cover along a table's edge, metres.
COVER = 0.6
#: From a table's edge to the middle of its chairs, metres.
CHAIR = 0.45
#: The most seats one table may have.
MAX_SEATS = 400
#: How far (metres) tables may stand from the room's origin.
MAX_COORD = 1000.0
#: Two seats within this distance (metres, chair centre to chair centre) are within reach.
REACH = 1.3


class TableShape(Vocabulary):
    ROUND = "round"
    BANQUET = "banquet"
    BANQUET_ENDS = "banquet_ends"
    U_SHAPE = "u_shape"
    BOARDROOM = "boardroom"
    HEAD_TABLE = "head_table"
    SIGNING = "signing"

    @property
    def label(self) -> str:
        return _SHAPE_LABELS[self]


_SHAPE_LABELS = {
    TableShape.ROUND: "Round",
    TableShape.BANQUET: "Long banquet",
    TableShape.BANQUET_ENDS: "Long banquet with ends",
    TableShape.U_SHAPE: "U-shape",
    TableShape.BOARDROOM: "Boardroom",
    TableShape.HEAD_TABLE: "Head table",
    TableShape.SIGNING: "Signing table",
}


#: Engagement kinds that may have a seating plan.
SEATED_KINDS = frozenset(
    {EngagementKind.MEAL, EngagementKind.RECEPTION, EngagementKind.MEETING, EngagementKind.CEREMONY}
)


class SeatingStyle(Vocabulary):
    CENTRE = "centre"
    ENDS = "ends"

    @property
    def label(self) -> str:
        return "Centre (host and chief guest face each other)" if self is SeatingStyle.CENTRE else "English (ends)"


@dataclass(frozen=True)
class TableData:
    """One table of a plan.

    Attributes:
        label: what it is called on the chart ("Table 1", "Top table").
        shape: its shape.
        seats: how many seats (for a signing table: the two signatories and those standing behind).
        x, y: where its centre stands in the room, metres.
        rotation: degrees clockwise, 0-359.
    """

    label: str
    shape: TableShape = TableShape.ROUND
    seats: int = 8
    x: float = 0.0
    y: float = 0.0
    rotation: int = 0

    TEXT: ClassVar[Mapping[str, TextRule]] = {"label": ONE_LINE}

    def validate(self) -> None:
        if not self.label.strip():
            raise UserError("label: a table needs a label", field="label")
        ONE_LINE.check(self.label, "label")
        least = 2 if self.shape is TableShape.SIGNING else 1
        if not least <= self.seats <= MAX_SEATS:
            raise UserError(f"seats: a {self.shape.label.lower()} has {least} to {MAX_SEATS} seats", field="seats")
        for name in ("x", "y"):
            value = getattr(self, name)
            if not math.isfinite(value) or abs(value) > MAX_COORD:
                raise UserError(f"{name}: must be within {MAX_COORD:g} m of the room's origin", field=name)
        if not 0 <= self.rotation < 360:
            raise UserError("rotation: must be 0 to 359 degrees", field="rotation")


@dataclass(frozen=True, order=True)
class Sitter:
    """Who sits in a seat: an attendee, or one of the engagement's unnamed guests (by number)."""

    attendee_id: int | None = None
    guest: int | None = None

    @property
    def is_guest(self) -> bool:
        return self.attendee_id is None

    @classmethod
    def of_guest(cls, number: int) -> Sitter:
        return cls(None, number)


@dataclass(frozen=True)
class Placement:
    """A sitter in a seat: `table` is the table's index in the plan (0 = table 1), `seat` from 1;
    the sitter is the attendee `attendee_id`, or (when that is None) the engagement's unnamed guest
    number `guest`."""

    table: int
    seat: int
    attendee_id: int | None
    locked: bool = False
    guest: int | None = None

    @property
    def sitter(self) -> Sitter:
        return Sitter(self.attendee_id, None if self.attendee_id is not None else self.guest)

    @classmethod
    def of(cls, table: int, seat: int, sitter: Sitter, locked: bool = False) -> Placement:
        if sitter.attendee_id is not None:
            return cls(table, seat, sitter.attendee_id, locked)
        return cls(table, seat, None, locked, sitter.guest)


@dataclass(frozen=True)
class SeatingLayout:
    """A whole plan as a value: what undo puts back, what a copy and the visit file carry."""

    style: SeatingStyle = SeatingStyle.CENTRE
    tables: tuple[TableData, ...] = ()
    placements: tuple[Placement, ...] = ()

    def validate(self) -> None:
        for table in self.tables:
            table.validate()
        seats: set[tuple[int, int]] = set()
        people: set[Sitter] = set()
        for p in self.placements:
            if not 0 <= p.table < len(self.tables) or not 1 <= p.seat <= MAX_SEATS:
                raise UserError(f"seat: table {p.table + 1} seat {p.seat} is not in the plan", field="seat")
            if (p.attendee_id is None) == (p.guest is None):
                raise UserError(
                    f"seat: table {p.table + 1} seat {p.seat} holds an attendee or an unnamed guest", field="seat"
                )
            if p.guest is not None and not 1 <= p.guest <= GUESTS:
                raise UserError(f"seat: {p.guest} is not the number of an unnamed guest", field="seat")
            if (p.table, p.seat) in seats:
                raise UserError(f"seat: table {p.table + 1} seat {p.seat} is taken twice", field="seat")
            if p.sitter in people:
                raise UserError(
                    "seat: one person is seated twice" if p.guest is None else f"seat: guest {p.guest} is seated twice",
                    field="seat",
                )
            seats.add((p.table, p.seat))
            people.add(p.sitter)


@dataclass(frozen=True)
class Seat:
    """A seat of a table, around the table's centre before it is turned and moved.

    Attributes:
        number: from 1.
        x, y: the chair's centre, metres.
        facing: unit vector the sitter faces (towards the table).
        standing: a place for someone standing (behind a signing table).
    """

    number: int
    x: float
    y: float
    facing: tuple[float, float]
    standing: bool = False

    @property
    def right(self) -> tuple[float, float]:
        """The sitter's right hand (y down: facing down the page, the right hand points left)."""
        return (-self.facing[1], self.facing[0])


@dataclass(frozen=True)
class Outline:
    """A part of a table's top: an ellipse or a rectangle (x, y = top left, around the centre)."""

    kind: str  # "ellipse" | "rect"
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TableGeometry:
    """A table's top and seats, around its centre, unturned."""

    outline: tuple[Outline, ...]
    seats: tuple[Seat, ...]
    host_seat: int | None
    guest_seat: int | None

    def seat(self, number: int) -> Seat:
        return self.seats[number - 1]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of top and chairs, unturned."""
        xs = [o.x for o in self.outline] + [o.x + o.width for o in self.outline]
        ys = [o.y for o in self.outline] + [o.y + o.height for o in self.outline]
        xs += [s.x - CHAIR / 2 for s in self.seats] + [s.x + CHAIR / 2 for s in self.seats]
        ys += [s.y - CHAIR / 2 for s in self.seats] + [s.y + CHAIR / 2 for s in self.seats]
        return (min(xs), min(ys), max(xs), max(ys))


def _row(count: int, y: float, facing: tuple[float, float], start: int, reverse: bool = False) -> list[Seat]:
    xs = [(i - (count - 1) / 2) * COVER for i in range(count)]
    if reverse:
        xs.reverse()
    return [Seat(start + i, x, y, facing) for i, x in enumerate(xs)]


def _nearest_x(seats: Sequence[Seat], x: float, prefer_right: bool = False) -> Seat:
    return min(seats, key=lambda s: (round(abs(s.x - x), 6), -s.x if prefer_right else s.x))


def table_geometry(table: TableData, style: SeatingStyle = SeatingStyle.CENTRE) -> TableGeometry:
    """The top, seats and the host's and chief guest's seats of `table` for `style`."""
    n, shape = table.seats, table.shape
    down, up = (0.0, 1.0), (0.0, -1.0)
    if shape is TableShape.ROUND:
        r = max(0.45, n * COVER / (2 * math.pi))
        seats = []
        for k in range(n):
            a = -math.pi / 2 + 2 * math.pi * k / n
            c, s = math.cos(a), math.sin(a)
            seats.append(Seat(k + 1, round((r + CHAIR) * c, 6), round((r + CHAIR) * s, 6), (-c, -s)))
        return TableGeometry(
            (Outline("ellipse", -r, -r, 2 * r, 2 * r),), tuple(seats), 1, n // 2 + 1 if n > 1 else None
        )
    if shape in (TableShape.BANQUET, TableShape.BANQUET_ENDS, TableShape.BOARDROOM):
        depth = 1.4 if shape is TableShape.BOARDROOM else 0.9
        ends = 1 if shape is not TableShape.BANQUET and n >= 4 else 0
        side = n - 2 * ends
        top_n = (side + 1) // 2
        bottom_n = side - top_n
        length = max(top_n, 1) * COVER + (0.3 if ends else 0.0)
        top = _row(top_n, -(depth / 2 + CHAIR), down, 1)
        seats = list(top)
        right_end = left_end = None
        if ends:
            right_end = Seat(len(seats) + 1, length / 2 + CHAIR, 0.0, (-1.0, 0.0))
            seats.append(right_end)
        bottom = _row(bottom_n, depth / 2 + CHAIR, up, len(seats) + 1, reverse=True)
        seats += bottom
        if ends:
            left_end = Seat(len(seats) + 1, -(length / 2 + CHAIR), 0.0, (1.0, 0.0))
            seats.append(left_end)
        outline = (Outline("rect", -length / 2, -depth / 2, length, depth),)
        if n == 1:
            return TableGeometry(outline, tuple(seats), 1, None)
        if style is SeatingStyle.ENDS:
            if right_end is not None and left_end is not None:
                return TableGeometry(outline, tuple(seats), left_end.number, right_end.number)
            host = top[0]
            guest = bottom[0] if bottom else top[-1]
            return TableGeometry(outline, tuple(seats), host.number, guest.number)
        host = _nearest_x(top, 0.0, prefer_right=True)
        guest = _nearest_x(bottom, host.x) if bottom else (right_end or top[-1])
        return TableGeometry(outline, tuple(seats), host.number, guest.number)
    if shape is TableShape.HEAD_TABLE:
        depth = 0.8
        length = max(n, 1) * COVER
        seats = _row(n, -(depth / 2 + CHAIR), down, 1)
        return TableGeometry(
            (Outline("rect", -length / 2, -depth / 2, length, depth),), tuple(seats), *_side_by_side(seats)
        )
    if shape is TableShape.U_SHAPE:
        depth = 0.8
        head_n = max(1, min(n, round(n / 3)))
        leg = n - head_n
        right_n = (leg + 1) // 2
        left_n = leg - right_n
        width = max(head_n, 2) * COVER + 2 * depth
        legs = max(right_n, 1) * COVER
        height = depth + legs
        head = [Seat(s.number, s.x, -height / 2 - CHAIR, down) for s in _row(head_n, 0.0, down, 1)]
        seats = list(head)
        y0 = -height / 2 + depth + COVER / 2
        for i in range(right_n):
            seats.append(Seat(len(seats) + 1, width / 2 + CHAIR, y0 + i * COVER, (-1.0, 0.0)))
        for i in reversed(range(left_n)):
            seats.append(Seat(len(seats) + 1, -(width / 2 + CHAIR), y0 + i * COVER, (1.0, 0.0)))
        u_outline = (
            Outline("rect", -width / 2, -height / 2, width, depth),
            Outline("rect", -width / 2, -height / 2 + depth, depth, legs),
            Outline("rect", width / 2 - depth, -height / 2 + depth, depth, legs),
        )
        return TableGeometry(u_outline, tuple(seats), *_side_by_side(head))
    # signing table: two signatories at the table, the others standing in a row behind them
    depth, length = 0.8, 2.4
    signatories = [Seat(1, -0.6, -(depth / 2 + CHAIR), down), Seat(2, 0.6, -(depth / 2 + CHAIR), down)]
    behind = [Seat(s.number, s.x, -(depth / 2 + CHAIR + 0.9), down, standing=True) for s in _row(n - 2, 0.0, down, 3)]
    return TableGeometry((Outline("rect", -length / 2, -depth / 2, length, depth),), tuple(signatories + behind), 2, 1)


def _side_by_side(row: Sequence[Seat]) -> tuple[int | None, int | None]:
    """Host in the middle of a row, the chief guest at the host's right (the seat numbered one lower)."""
    if not row:
        return None, None
    host = _nearest_x(row, 0.0, prefer_right=True)
    if len(row) == 1:
        return host.number, None
    index = row.index(host)
    guest = row[index - 1] if index > 0 else row[index + 1]
    return host.number, guest.number


def to_room(table: TableData, x: float, y: float) -> tuple[float, float]:
    """A point around the table's centre, turned and moved into the room."""
    a = math.radians(table.rotation)
    c, s = math.cos(a), math.sin(a)
    return (table.x + x * c - y * s, table.y + x * s + y * c)


@dataclass(frozen=True)
class HonourOrder:
    """A table's seats in order of honour.

    Attributes:
        pairs: (host's half seat, guest's half seat) from the host and chief guest outwards; either
            may be None where the halves are uneven.
        position: seat number -> its distance from the principals (0 = the principals' own seats).
        host_half: the seat numbers on the host's half.
    """

    pairs: tuple[tuple[int | None, int | None], ...]
    position: Mapping[int, int]
    host_half: frozenset[int]


def honour_order(geometry: TableGeometry) -> HonourOrder:
    """Split the seats into the host's and the chief guest's halves and order each from its principal."""
    seats = geometry.seats
    if geometry.host_seat is None:
        return HonourOrder(
            ((1, None),) if seats else (), {1: 0} if seats else {}, frozenset({1}) if seats else frozenset()
        )
    host = geometry.seat(geometry.host_seat)
    if geometry.guest_seat is None:
        ordered = sorted(seats, key=lambda s: _honour_key(host, s, right_first=True))
        return HonourOrder(
            tuple((s.number, None) for s in ordered),
            {s.number: i for i, s in enumerate(ordered)},
            frozenset(s.number for s in seats),
        )
    guest = geometry.seat(geometry.guest_seat)
    ux, uy = guest.x - host.x, guest.y - host.y
    mx, my = (host.x + guest.x) / 2, (host.y + guest.y) / 2
    guest_side: list[Seat] = []
    host_side: list[Seat] = []
    middle: list[Seat] = []
    for s in seats:
        if s.number in (host.number, guest.number):
            continue
        d = (s.x - mx) * ux + (s.y - my) * uy
        (guest_side if d > 1e-6 else host_side if d < -1e-6 else middle).append(s)
    # the guest's half: right first; the host's half: its mirror image, so left first
    g_order = sorted(guest_side, key=lambda s: _honour_key(guest, s, right_first=True))
    h_order = sorted(host_side, key=lambda s: _honour_key(host, s, right_first=False))
    pairs: list[tuple[int | None, int | None]] = [(host.number, guest.number)]
    for i in range(max(len(g_order), len(h_order))):
        pairs.append((h_order[i].number if i < len(h_order) else None, g_order[i].number if i < len(g_order) else None))
    for s in sorted(middle, key=lambda s: _honour_key(host, s, right_first=True)):
        pairs.append((s.number, None))
    position: dict[int, int] = {}
    for i, pair in enumerate(pairs):
        for number in pair:
            if number is not None:
                position[number] = i
    return HonourOrder(
        tuple(pairs), position, frozenset({host.number, *(s.number for s in host_side), *(s.number for s in middle)})
    )


def _honour_key(anchor: Seat, seat: Seat, *, right_first: bool) -> tuple[float, int, int]:
    dx, dy = seat.x - anchor.x, seat.y - anchor.y
    rx, ry = anchor.right
    on_right = dx * rx + dy * ry > 1e-6
    return (round(math.hypot(dx, dy), 3), 0 if on_right == right_first else 1, seat.number)


@dataclass(frozen=True)
class SeatingGuest:
    """Someone to seat: an attendee, or one of the engagement's unnamed guests.

    Attributes:
        attendee_id: the attendee (None for an unnamed guest).
        name: for messages.
        side: visiting, host or staff (an unnamed guest: its companion's, or its own).
        role: principal, interpreter, ...
        precedence: rank within the side (1 = first), or None (after all ranked).
        languages: ISO codes they speak.
        interpreter: interprets here (by role or by their part at the engagement).
        guest: an unnamed guest's number in the engagement (None for an attendee).
        accompanies: the attendee an unnamed guest comes with (sits beside), or None.
    """

    attendee_id: int | None
    name: str
    side: Side
    role: Role = Role.DELEGATE
    precedence: int | None = None
    languages: tuple[str, ...] = ()
    interpreter: bool = False
    guest: int | None = None
    accompanies: int | None = None

    @property
    def key(self) -> Sitter:
        return Sitter(self.attendee_id, None if self.attendee_id is not None else self.guest)


def precedence_key(guest: SeatingGuest) -> tuple[bool, int, str, int, int]:
    """Order of precedence within a side: ranked first by rank, then unranked, then by name."""
    return (
        guest.precedence is None,
        guest.precedence or 0,
        guest.name.casefold(),
        guest.attendee_id or 0,
        guest.guest or 0,
    )


@dataclass
class _Plan:
    geometries: list[TableGeometry]
    orders: list[HonourOrder]
    taken: dict[tuple[int, int], Sitter] = field(default_factory=dict)
    seated: dict[Sitter, tuple[int, int]] = field(default_factory=dict)
    #: attendee id -> the unnamed guests who accompany them and have no seat yet (in number order)
    companions: dict[int, list[SeatingGuest]] = field(default_factory=dict)
    #: guests whose companion's table had no free seat left: seated after everyone else
    stranded: list[SeatingGuest] = field(default_factory=list)

    def put(self, table: int, seat: int, sitter: Sitter) -> None:
        self.taken[table, seat] = sitter
        self.seated[sitter] = (table, seat)
        if sitter.attendee_id is not None:
            self.seat_companions(sitter.attendee_id)

    def seat_companions(self, attendee_id: int) -> None:
        """Seat the attendee's accompanying guests in the free seats nearest them at their table
        (of two as near, the one lower in honour, so that the order of precedence keeps its seats)."""
        waiting = self.companions.pop(attendee_id, [])
        if not waiting:
            return
        t, number = self.seated[Sitter(attendee_id)]
        geometry, order = self.geometries[t], self.orders[t]
        if number > len(geometry.seats):
            self.stranded += waiting
            return
        anchor = geometry.seat(number)
        for g in waiting:
            free = [s for s in geometry.seats if (t, s.number) not in self.taken]
            if not free:
                self.stranded.append(g)
                continue
            best = min(
                free,
                key=lambda s: (
                    round(seat_distance(anchor, s), 3),
                    -order.position.get(s.number, len(order.pairs)),
                    s.number,
                ),
            )
            self.put(t, best.number, g.key)


def auto_seat(
    layout: SeatingLayout, guests: Sequence[SeatingGuest], *, keep: Iterable[Placement] = ()
) -> tuple[Placement, ...]:
    """Seat `guests` at the tables of `layout` by precedence (see the module's conventions).

    `keep`: placements that stay as they are (the locked seats); anyone in them is not moved.
    Unnamed guests who accompany someone to seat sit in the free seat nearest them; the others
    go, in number order, at the end of their side (after everyone of that side who has a rank or
    none, before the staff).
    Raises `UserError` when the tables have fewer free seats than there are guests to seat.
    """
    geometries = [table_geometry(t, layout.style) for t in layout.tables]
    plan = _Plan(geometries, [honour_order(g) for g in geometries])
    by_key = {g.key: g for g in guests}
    by_id = {g.attendee_id: g for g in guests if g.attendee_id is not None}
    kept = []
    for p in keep:
        fits = 0 <= p.table < len(geometries) and 1 <= p.seat <= len(geometries[p.table].seats)
        if fits and p.sitter in by_key and (p.table, p.seat) not in plan.taken and p.sitter not in plan.seated:
            plan.taken[p.table, p.seat] = p.sitter
            plan.seated[p.sitter] = (p.table, p.seat)
            kept.append(Placement.of(p.table, p.seat, p.sitter, True))
    free_seats = sum(len(g.seats) for g in geometries) - len(plan.taken)
    to_seat = [g for g in guests if g.key not in plan.seated]
    if len(to_seat) > free_seats:
        raise UserError(
            f"seats: {len(to_seat)} people to seat but only {free_seats} free seats at the tables: "
            "add a table or seats",
            field="seats",
        )
    unnamed = sorted((g for g in to_seat if g.attendee_id is None), key=lambda g: g.guest or 0)
    alone: list[SeatingGuest] = []
    for u in unnamed:
        if u.accompanies is not None and u.accompanies in by_id:
            plan.companions.setdefault(u.accompanies, []).append(u)
        else:
            alone.append(u)
    ordered = sorted((g for g in to_seat if g.attendee_id is not None), key=precedence_key)
    interpreters = [g for g in ordered if g.interpreter]
    visiting = [g for g in ordered if g.side is Side.VISITING and not g.interpreter]
    visiting += [u for u in alone if u.side is Side.VISITING]
    hosts = [g for g in ordered if g.side is Side.HOST and not g.interpreter]
    hosts += [u for u in alone if u.side is not Side.VISITING]
    hosts += [g for g in ordered if g.side is Side.STAFF and not g.interpreter]

    def take(first: list[SeatingGuest], second: list[SeatingGuest]) -> SeatingGuest | None:
        source = first or second
        return source.pop(0) if source else None

    # the principals of the first table first, so that interpreters can sit beside them; their
    # guests, and those of the people in locked seats, once the interpreters have their seats
    for t, order in enumerate(plan.orders):
        if not order.pairs:
            continue
        h, g = order.pairs[0]
        if h is not None and (t, h) not in plan.taken and (guest := take(hosts, visiting)) is not None:
            plan.taken[t, h] = guest.key
            plan.seated[guest.key] = (t, h)
        if g is not None and (t, g) not in plan.taken and (guest := take(visiting, hosts)) is not None:
            plan.taken[t, g] = guest.key
            plan.seated[guest.key] = (t, g)
        break
    left_over = _seat_interpreters(plan, interpreters, by_id)
    hosts += left_over
    for sitter in list(plan.seated):
        if sitter.attendee_id is not None:
            plan.seat_companions(sitter.attendee_id)
    for t, order in enumerate(plan.orders):
        for h, g in order.pairs:
            for number, first, second in ((g, visiting, hosts), (h, hosts, visiting)):
                if number is not None and (t, number) not in plan.taken:
                    guest = take(first, second)
                    if guest is None:
                        break
                    plan.put(t, number, guest.key)
    # guests whose companion's table was full, and any whose companion did not get a seat
    waiting = plan.stranded + [u for us in plan.companions.values() for u in us]
    for t, order in enumerate(plan.orders):
        for pair in order.pairs:
            for number in pair:
                if number is not None and (t, number) not in plan.taken and waiting:
                    plan.put(t, number, waiting.pop(0).key)
    kept_keys = {p.sitter for p in kept}
    result = kept + [Placement.of(t, s, a) for (t, s), a in sorted(plan.taken.items()) if a not in kept_keys]
    return tuple(sorted(result, key=lambda p: (p.table, p.seat)))


def needs_interpreter(principal: SeatingGuest, other: SeatingGuest) -> bool:
    """Whether `principal` and `other` (both with languages recorded) share no language."""
    return bool(principal.languages and other.languages and not set(principal.languages) & set(other.languages))


def _seat_interpreters(
    plan: _Plan, interpreters: list[SeatingGuest], by_id: Mapping[int, SeatingGuest]
) -> list[SeatingGuest]:
    """Seat each interpreter at the left of a principal who needs them; return those nobody needs."""
    served: set[int] = set()
    left_over: list[SeatingGuest] = []
    for interpreter in interpreters:
        spot = None
        for t, order in enumerate(plan.orders):
            if not order.pairs or None in order.pairs[0]:
                continue
            h_seat, g_seat = order.pairs[0]
            assert h_seat is not None and g_seat is not None
            h_sitter, g_sitter = plan.taken.get((t, h_seat)), plan.taken.get((t, g_seat))
            if h_sitter is None or g_sitter is None:
                continue
            h_id, g_id = h_sitter.attendee_id, g_sitter.attendee_id
            if h_id is None or g_id is None or h_id not in by_id or g_id not in by_id:
                continue
            host, guest = by_id[h_id], by_id[g_id]
            candidates = [(guest, host, g_seat), (host, guest, h_seat)]
            if interpreter.side is Side.HOST:
                candidates.reverse()
            for principal, other, seat in candidates:
                if (
                    principal.attendee_id not in served
                    and needs_interpreter(principal, other)
                    and set(interpreter.languages) & set(principal.languages)
                ):
                    taken = {s for (table, s) in plan.taken if table == t}
                    free = nearest_free(plan.geometries[t], seat, taken)
                    if free is not None:
                        spot = (t, free, principal.attendee_id or 0)
                        break
            if spot is not None:
                break
        if spot is None:
            left_over.append(interpreter)
            continue
        t, seat, principal_id = spot
        served.add(principal_id)
        plan.taken[t, seat] = interpreter.key
        plan.seated[interpreter.key] = (t, seat)
    return left_over


def nearest_free(geometry: TableGeometry, number: int, taken: Container[int]) -> int | None:
    """The free seat nearest seat `number`, its sitter's left before right (for an interpreter)."""
    anchor = geometry.seat(number)
    candidates = [s for s in geometry.seats if s.number != number and s.number not in taken]
    if not candidates:
        return None
    return min(candidates, key=lambda s: _honour_key(anchor, s, right_first=False)).number


def seat_distance(a: Seat, b: Seat) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)
