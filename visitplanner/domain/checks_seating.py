"""The checks of seating plans, run by the checks engine for every engagement that has a plan.

* not-seated: someone attends the engagement (not as its driver) but has no seat.
* guests-not-seated: some of the engagement's unnamed guests ("+3 guests") have no seat.
* seated-not-attending: someone sits in the plan but does not attend the engagement (or an
  unnamed guest whose number the engagement no longer has).
* table-over-seats: more people at a table than it has seats (someone in a seat it no longer
  has); unnamed guests count.
* precedence-broken: on one side, someone of lower rank sits nearer the principals than someone
  of higher rank (tables in number order, then seats in the order of honour of `honour_order`);
  interpreters, who sit by need, and people with no rank are left out. Names both.
* interpreter-out-of-reach: a principal needs an interpreter (shares no language with the other
  principal of the plan), interpreters are seated, but none who speaks the principal's language
  sits within `REACH` of them at their table.
* dietary-at-seat: a seated person has a dietary need that the caterer sheet lists at their seat
  (one finding per plan, naming them), so that the officer hands the caterer the current sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from visitplanner.domain.checks_text import join_names, verb
from visitplanner.domain.enums import AttendancePart, Role, Side
from visitplanner.domain.seating import (
    REACH,
    Placement,
    SeatingGuest,
    SeatingLayout,
    TableGeometry,
    honour_order,
    needs_interpreter,
    seat_distance,
    table_geometry,
)

NOT_SEATED = "not-seated"
GUESTS_NOT_SEATED = "guests-not-seated"
SEATED_NOT_ATTENDING = "seated-not-attending"
TABLE_OVER_SEATS = "table-over-seats"
PRECEDENCE_BROKEN = "precedence-broken"
INTERPRETER_OUT_OF_REACH = "interpreter-out-of-reach"
DIETARY_AT_SEAT = "dietary-at-seat"


@dataclass(frozen=True, slots=True)
class CheckSeatingPlan:
    """The seating plan of one engagement.

    Attributes:
        engagement_id: the engagement.
        layout: its style, tables and placements.
    """

    engagement_id: int
    layout: SeatingLayout


@dataclass(frozen=True, slots=True)
class SeatingFinding:
    code: str
    message: str
    attendee_ids: tuple[int, ...] = ()


def _guest_text(number: int) -> str:
    return f"unnamed guest {number}"


def check_plan(
    plan: CheckSeatingPlan,
    label: str,
    guests: Mapping[int, SeatingGuest],
    attending: Mapping[int, AttendancePart],
    dietary: Callable[[int], bool],
    guest_count: int = 0,
) -> list[SeatingFinding]:
    """The findings for one plan. `label` names the engagement; `guests` are the visit's attendees
    (as seating sees them); `attending`: the engagement's attendees and their parts;
    `guest_count`: its unnamed guests ("+3 guests"), seated by number."""
    found: list[SeatingFinding] = []
    layout = plan.layout
    seated = {p.attendee_id: p for p in layout.placements if p.attendee_id is not None}
    unnamed = {p.guest: p for p in layout.placements if p.attendee_id is None and p.guest is not None}

    def name(a: int) -> str:
        g = guests.get(a)
        return g.name if g is not None else f"attendee #{a}"

    def sitter_name(p: Placement) -> str:
        return name(p.attendee_id) if p.attendee_id is not None else _guest_text(p.guest or 0)

    def where(a: int) -> str:
        p = seated[a]
        return f"{layout.tables[p.table].label.strip()} seat {p.seat}"

    missing = [
        a for a, part in attending.items() if part is not AttendancePart.DRIVER and a not in seated and a in guests
    ]
    if missing:
        ids = _ordered(missing, guests)
        found.append(
            SeatingFinding(
                NOT_SEATED,
                f"{join_names([name(a) for a in ids])} {verb(len(ids), 'has', 'have')} no seat at {label}.",
                tuple(ids),
            )
        )
    without = [n for n in range(1, guest_count + 1) if n not in unnamed]
    if without:
        found.append(
            SeatingFinding(
                GUESTS_NOT_SEATED,
                f"{len(without)} of the {guest_count} unnamed guest{'s' if guest_count != 1 else ''} of {label} "
                f"{verb(len(without), 'has', 'have')} no seat (guest{'s' if len(without) != 1 else ''} "
                f"{_numbers(without)}).",
            )
        )
    for a in _ordered([a for a in seated if a not in attending], guests):
        found.append(
            SeatingFinding(
                SEATED_NOT_ATTENDING, f"{name(a)} sits at {where(a)} of {label} but does not attend it.", (a,)
            )
        )
    for n in sorted(n for n in unnamed if n > guest_count):
        p = unnamed[n]
        found.append(
            SeatingFinding(
                SEATED_NOT_ATTENDING,
                f"Unnamed guest {n} sits at {layout.tables[p.table].label.strip()} seat {p.seat} of {label}, "
                f"which has {guest_count} unnamed guest{'s' if guest_count != 1 else ''}.",
            )
        )
    for t, table in enumerate(layout.tables):
        at_table = [p for p in layout.placements if p.table == t]
        over = [p for p in at_table if p.seat > table.seats]
        if over:
            over_ids = tuple(p.attendee_id for p in over if p.attendee_id is not None)
            found.append(
                SeatingFinding(
                    TABLE_OVER_SEATS,
                    f"{table.label.strip()} at {label} has {table.seats} seats but {len(at_table)} people: "
                    f"{join_names([sitter_name(p) for p in over])} {verb(len(over), 'has', 'have')} no seat there.",
                    over_ids,
                )
            )
    geometries = [table_geometry(t, layout.style) for t in layout.tables]
    orders = [honour_order(g) for g in geometries]

    def rank_position(a: int) -> tuple[int, int]:
        p = seated[a]
        return (p.table, orders[p.table].position.get(p.seat, len(orders[p.table].pairs)))

    for side in (Side.VISITING, Side.HOST):
        ranked = sorted(
            (
                (a, guests[a])
                for a in seated
                if a in guests
                and guests[a].side is side
                and guests[a].precedence is not None
                and not guests[a].interpreter
                and attending.get(a) is not AttendancePart.INTERPRETER
            ),
            key=lambda item: (item[1].precedence, item[0]),
        )
        best_so_far: tuple[int, SeatingGuest] | None = None
        for a, g in ranked:
            if best_so_far is not None and rank_position(a) < rank_position(best_so_far[0]):
                b, best = best_so_far
                found.append(
                    SeatingFinding(
                        PRECEDENCE_BROKEN,
                        f"At {label}, {g.name} (rank {g.precedence}, {where(a)}) sits nearer the "
                        f"principals than {best.name} (rank {best.precedence}, "
                        f"{where(b)}) of the {side.label.lower()} side.",
                        (b, a),
                    )
                )
            if best_so_far is None or rank_position(a) > rank_position(best_so_far[0]):
                best_so_far = (a, g)
    found += _interpreters(layout, geometries, seated, guests, attending, label, name, where)
    needs = _ordered([a for a in seated if a in attending and dietary(a)], guests)
    if needs:
        found.append(
            SeatingFinding(
                DIETARY_AT_SEAT,
                f"Dietary needs at {label}: {join_names([f'{name(a)} ({where(a)})' for a in needs])}; give the "
                "caterer the current caterer sheet.",
                tuple(needs),
            )
        )
    return found


def _interpreters(
    layout: SeatingLayout,
    geometries: Sequence[TableGeometry],
    placed: Mapping[int, Placement],
    guests: Mapping[int, SeatingGuest],
    attending: Mapping[int, AttendancePart],
    label: str,
    name: Callable[[int], str],
    where: Callable[[int], str],
) -> list[SeatingFinding]:
    interpreters = [
        a for a in placed if a in guests and (guests[a].interpreter or attending.get(a) is AttendancePart.INTERPRETER)
    ]
    if not interpreters:
        return []
    principals = [a for a in placed if a in guests and guests[a].role is Role.PRINCIPAL and a not in interpreters]
    needy = []
    for a in principals:
        others = [b for b in principals if b != a and guests[b].side is not guests[a].side]
        if any(needs_interpreter(guests[a], guests[b]) for b in others):
            needy.append(a)
    # the visiting principals first, as auto-seat serves them; an interpreter serves one principal
    needy.sort(key=lambda a: (guests[a].side is not Side.VISITING, guests[a].precedence or 0, a))

    def speaks_for(i: int, a: int) -> bool:
        return bool(set(guests[i].languages) & set(guests[a].languages))

    busy = {
        i
        for i in interpreters
        if any(speaks_for(i, a) and _within_reach(geometries[placed[a].table], placed[a], placed[i]) for a in needy)
    }
    found = []
    for a in needy:
        speakers = [i for i in interpreters if speaks_for(i, a)]
        if not speakers or any(_within_reach(geometries[placed[a].table], placed[a], placed[i]) for i in speakers):
            continue
        free = [i for i in speakers if i not in busy]
        if not free:
            continue  # every interpreter who speaks their language is serving another principal
        nearest = free[0]
        busy.add(nearest)
        found.append(
            SeatingFinding(
                INTERPRETER_OUT_OF_REACH,
                f"At {label}, {name(a)} ({where(a)}) needs an interpreter but {name(nearest)} sits at "
                f"{where(nearest)}, out of reach.",
                (a, nearest),
            )
        )
    return found


def _numbers(numbers: Sequence[int]) -> str:
    """1, 2, 3 and 7 as "1-3, 7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _within_reach(geometry: TableGeometry, a: Placement, b: Placement) -> bool:
    if a.table != b.table or max(a.seat, b.seat) > len(geometry.seats):
        return False
    return seat_distance(geometry.seat(a.seat), geometry.seat(b.seat)) <= REACH


def _ordered(ids: Sequence[int], guests: Mapping[int, SeatingGuest]) -> list[int]:
    def key(a: int) -> tuple[bool, int, str, int]:
        g = guests.get(a)
        if g is None:
            return (True, 0, "", a)
        return (g.precedence is None, g.precedence or 0, g.name.casefold(), a)

    return sorted(ids, key=key)
