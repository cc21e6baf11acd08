"""Seating plans: create, add and change tables, seat, swap and lock people, auto-seat, copy; each one step.

Tables are named by their number in the plan (1 = the top table) and people by attendee id, so
that undo (which puts a whole `SeatingLayout` back with `restore_layout`) can never leave a caller
holding a stale table id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind
from visitplanner.domain.errors import UserError
from visitplanner.domain.seating import (
    Placement,
    SeatingLayout,
    SeatingStyle,
    Sitter,
    TableData,
    TableShape,
    auto_seat,
)
from visitplanner.services.base import check_version, get, service, utcnow
from visitplanner.store.models import Attendee, Engagement, SeatAssignment, SeatingPlan, SeatingTable
from visitplanner.store.seating import (
    SEATED_KINDS,
    engagement_guests,
    engagement_people,
    plan_id_of,
    plan_layout,
    seating_guests,
)


def _plan(session: Session, plan_id: int, expected_version: int | None = None) -> SeatingPlan:
    plan = get(session, SeatingPlan, plan_id, "seating plan")
    check_version(plan, expected_version, "The seating plan")
    return plan


def _touch(plan: SeatingPlan) -> Changes:
    plan.modified_at = utcnow()  # a change of any table or seat is a change of the plan (its version)
    return Changes.of_updated(Entity.SEATING_PLAN, plan.id)


def _write(session: Session, plan: SeatingPlan, layout: SeatingLayout) -> None:
    """Make the stored plan equal to `layout` (tables by number, then seats)."""
    layout.validate()
    visit_id = session.scalars(select(Engagement.visit_id).where(Engagement.id == plan.engagement_id)).one()
    people = {p.attendee_id for p in layout.placements if p.attendee_id is not None}
    if people:
        known = set(session.scalars(select(Attendee.id).where(Attendee.id.in_(people), Attendee.visit_id == visit_id)))
        if people - known:
            raise UserError("seat: someone in the plan is not an attendee of this visit", field="seat")
    plan.style = layout.style
    session.execute(delete(SeatAssignment).where(SeatAssignment.plan_id == plan.id))
    tables = {t.number: t for t in session.scalars(select(SeatingTable).where(SeatingTable.plan_id == plan.id))}
    for number in [n for n in tables if n > len(layout.tables)]:
        session.delete(tables.pop(number))
    session.flush()
    rows: list[SeatingTable] = []
    for i, data in enumerate(layout.tables):
        values = {
            "label": data.label.strip(),
            "shape": data.shape,
            "seats": data.seats,
            "x": float(data.x),
            "y": float(data.y),
            "rotation": data.rotation,
        }
        row = tables.get(i + 1)
        if row is None:
            row = SeatingTable(plan_id=plan.id, number=i + 1, **values)
            session.add(row)
        else:
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
        rows.append(row)
    session.flush()
    for p in layout.placements:
        session.add(
            SeatAssignment(
                plan_id=plan.id,
                table_id=rows[p.table].id,
                seat=p.seat,
                attendee_id=p.attendee_id,
                guest=p.guest if p.attendee_id is None else None,
                locked=p.locked,
            )
        )


def _change(session: Session, plan_id: int, layout: SeatingLayout, expected_version: int | None) -> Changes:
    plan = _plan(session, plan_id, expected_version)
    if layout == plan_layout(session, plan_id):
        return Changes()
    _write(session, plan, layout)
    return _touch(plan)


def default_table(number: int, seats: int = 10, shape: TableShape = TableShape.ROUND) -> TableData:
    """Table `number` of a new plan, placed in rows of four, 3.5 m apart."""
    return TableData(f"Table {number}", shape, seats, 3.5 * ((number - 1) % 4), 3.5 * ((number - 1) // 4))


def starting_layout(session: Session, engagement_id: int) -> SeatingLayout:
    """A new plan's layout: one table with a seat for everyone who attends and each unnamed guest
    (a signing table for a ceremony, else a round table)."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    count = len(seating_guests(session, engagement_id))
    shape = TableShape.SIGNING if engagement.kind is EngagementKind.CEREMONY else TableShape.ROUND
    return SeatingLayout(SeatingStyle.CENTRE, (default_table(1, max(count, 2), shape),))


@service
def create_plan(
    session: Session,
    engagement_id: int,
    style: SeatingStyle = SeatingStyle.CENTRE,
    tables: tuple[TableData, ...] | None = None,
) -> Changes:
    """Give a meal, reception, meeting or ceremony a seating plan (by default one round table
    with a seat for everyone who attends)."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    if engagement.kind not in SEATED_KINDS:
        kinds = ", ".join(sorted(k.label.lower() for k in SEATED_KINDS))
        raise UserError(
            f"engagement: a {engagement.kind.label.lower()} has no seating plan (only a {kinds})", field="engagement"
        )
    if plan_id_of(session, engagement_id) is not None:
        raise UserError(f"engagement: {engagement.title!r} already has a seating plan", field="engagement")
    if tables is None:
        tables = starting_layout(session, engagement_id).tables
    plan = SeatingPlan(engagement_id=engagement_id, style=style, modified_at=utcnow())
    session.add(plan)
    session.flush()
    _write(session, plan, SeatingLayout(style, tables))
    return Changes.of_created(Entity.SEATING_PLAN, plan.id)


@service
def create_plan_from_layout(session: Session, engagement_id: int, layout: SeatingLayout) -> Changes:
    """Give the engagement a plan exactly as `layout` (a copy, an import, undo putting a plan back)."""
    changes = create_plan(session, engagement_id, layout.style, layout.tables)
    return changes | _change(session, changes.created_id(Entity.SEATING_PLAN), layout, None)


@service
def delete_plan(session: Session, plan_id: int, expected_version: int | None = None) -> Changes:
    plan = _plan(session, plan_id, expected_version)
    session.delete(plan)
    return Changes.of_deleted(Entity.SEATING_PLAN, plan_id)


@service
def restore_layout(
    session: Session, plan_id: int, layout: SeatingLayout, expected_version: int | None = None
) -> Changes:
    """Make the plan exactly `layout` (what undo puts back)."""
    return _change(session, plan_id, layout, expected_version)


@service
def set_style(session: Session, plan_id: int, style: SeatingStyle, expected_version: int | None = None) -> Changes:
    return _change(session, plan_id, replace(plan_layout(session, plan_id), style=style), expected_version)


@service
def add_table(session: Session, plan_id: int, table: TableData, expected_version: int | None = None) -> Changes:
    layout = plan_layout(session, plan_id)
    return _change(session, plan_id, replace(layout, tables=(*layout.tables, table)), expected_version)


def _table_index(layout: SeatingLayout, number: int) -> int:
    if not 1 <= number <= len(layout.tables):
        raise UserError(f"table: the plan has no table {number}", field="table")
    return number - 1


@service
def update_table(
    session: Session, plan_id: int, number: int, table: TableData, expected_version: int | None = None
) -> Changes:
    """Rename, reshape, resize, move or turn table `number`. People in seats it no longer has keep
    them (nothing is lost): the checks report the table over its seats until they are moved."""
    layout = plan_layout(session, plan_id)
    i = _table_index(layout, number)
    tables = list(layout.tables)
    tables[i] = table
    table.validate()
    return _change(session, plan_id, replace(layout, tables=tuple(tables)), expected_version)


@service
def remove_table(session: Session, plan_id: int, number: int, expected_version: int | None = None) -> Changes:
    """Remove table `number` (those seated there become unseated); later tables move up a number."""
    layout = plan_layout(session, plan_id)
    i = _table_index(layout, number)
    tables = layout.tables[:i] + layout.tables[i + 1 :]
    placements = tuple(
        replace(p, table=p.table - 1 if p.table > i else p.table) for p in layout.placements if p.table != i
    )
    return _change(session, plan_id, replace(layout, tables=tables, placements=placements), expected_version)


def _sitter(who: int | Sitter) -> Sitter:
    """An attendee id, or a `Sitter` (an attendee or an unnamed guest)."""
    return who if isinstance(who, Sitter) else Sitter(who)


def _sitter_text(sitter: Sitter) -> str:
    return "that person" if sitter.attendee_id is not None else f"unnamed guest {sitter.guest}"


@service
def seat_person(
    session: Session,
    plan_id: int,
    attendee_id: int | Sitter,
    number: int,
    seat: int,
    expected_version: int | None = None,
) -> Changes:
    """Put the attendee (or an unnamed guest, given as a `Sitter`) in table `number`'s `seat`;
    whoever sat there takes their old seat (a swap), or becomes unseated if they had none. Locked
    seats are refused."""
    who = _sitter(attendee_id)
    layout = plan_layout(session, plan_id)
    i = _table_index(layout, number)
    table = layout.tables[i]
    if not 1 <= seat <= table.seats:
        raise UserError(f"seat: {table.label.strip()} has seats 1 to {table.seats}, not {seat}", field="seat")
    if who.attendee_id is None:
        count = session.scalars(
            select(Engagement.guest_count)
            .join(SeatingPlan, SeatingPlan.engagement_id == Engagement.id)
            .where(SeatingPlan.id == plan_id)
        ).one()
        if not 1 <= (who.guest or 0) <= count:
            raise UserError(
                f"seat: the engagement has {count} unnamed guest{'s' if count != 1 else ''}, not a guest {who.guest}",
                field="seat",
            )
    mine = next((p for p in layout.placements if p.sitter == who), None)
    theirs = next((p for p in layout.placements if p.table == i and p.seat == seat), None)
    if mine is not None and mine.table == i and mine.seat == seat:
        return Changes()
    for p in (mine, theirs):
        if p is not None and p.locked:
            raise UserError(
                f"seat: {layout.tables[p.table].label.strip()} seat {p.seat} is locked: unlock it first", field="seat"
            )
    placements = [p for p in layout.placements if p not in (mine, theirs)]
    placements.append(Placement.of(i, seat, who))
    if theirs is not None and mine is not None:
        placements.append(Placement.of(mine.table, mine.seat, theirs.sitter))
    return _change(session, plan_id, replace(layout, placements=_sorted(placements)), expected_version)


@service
def unseat_person(
    session: Session, plan_id: int, attendee_id: int | Sitter, expected_version: int | None = None
) -> Changes:
    """Take the attendee (or unnamed guest) out of their seat."""
    who = _sitter(attendee_id)
    layout = plan_layout(session, plan_id)
    placements = tuple(p for p in layout.placements if p.sitter != who)
    return _change(session, plan_id, replace(layout, placements=placements), expected_version)


@service
def set_locked(
    session: Session, plan_id: int, attendee_id: int | Sitter, locked: bool, expected_version: int | None = None
) -> Changes:
    """Lock (or unlock) the seat of a seated attendee or unnamed guest."""
    who = _sitter(attendee_id)
    layout = plan_layout(session, plan_id)
    if all(p.sitter != who for p in layout.placements):
        raise UserError("seat: only a seated person's seat can be locked", field="seat")
    placements = tuple(replace(p, locked=locked) if p.sitter == who else p for p in layout.placements)
    return _change(session, plan_id, replace(layout, placements=placements), expected_version)


@service
def auto_seat_plan(
    session: Session, plan_id: int, style: SeatingStyle | None = None, expected_version: int | None = None
) -> Changes:
    """Seat everyone who attends by precedence (in `style`, or the plan's own), keeping locked seats;
    signatories come first on their side, so that they sit at a signing table's chairs; unnamed
    guests beside whom they accompany, the others at the end of their side."""
    plan = _plan(session, plan_id)
    layout = plan_layout(session, plan_id)
    if style is not None:
        layout = replace(layout, style=style)
    if not layout.tables:
        raise UserError("tables: the plan has no table yet: add one first", field="tables")
    people = engagement_people(session, plan.engagement_id)
    guests = [
        # signatories sign at the signing table's two chairs: first of their side for this seating
        replace(p.guest(), precedence=0) if p.part is AttendancePart.SIGNATORY else p.guest()
        for p in (*people.values(), *engagement_guests(session, plan.engagement_id, people).values())
        if p.to_seat
    ]
    placements = auto_seat(layout, guests, keep=[p for p in layout.placements if p.locked])
    return _change(session, plan_id, replace(layout, placements=placements), expected_version)


@service
def copy_plan(session: Session, plan_id: int, engagement_id: int) -> Changes:
    """Copy the plan's tables and style to another engagement (replacing its plan, if any), with
    the people who attend both in the same seats, and the unnamed guests the other engagement
    also has (by number) in theirs."""
    source = _plan(session, plan_id)
    if source.engagement_id == engagement_id:
        raise UserError("engagement: choose another engagement to copy the plan to", field="engagement")
    layout = plan_layout(session, plan_id)
    target_engagement = get(session, Engagement, engagement_id, "engagement")
    source_visit = session.scalars(select(Engagement.visit_id).where(Engagement.id == source.engagement_id)).one()
    if target_engagement.visit_id != source_visit:
        raise UserError("engagement: a plan can be copied only within its visit", field="engagement")
    attending = {a for a, p in engagement_people(session, engagement_id).items() if p.to_seat}
    guests = target_engagement.guest_count
    copied = replace(
        layout,
        placements=tuple(
            p
            for p in layout.placements
            if (p.attendee_id in attending if p.attendee_id is not None else 1 <= (p.guest or 0) <= guests)
        ),
    )
    target = plan_id_of(session, engagement_id)
    if target is None:
        return create_plan_from_layout(session, engagement_id, copied)
    return _change(session, target, copied, None)


@service
def reseat(session: Session, engagement_id: int, attendee_id: int, number: int, seat: int, locked: bool) -> Changes:
    """Put the attendee back in table `number`'s `seat` of the engagement's plan (what undoing
    their removal does), if the plan, the table and the seat are still there, the seat is free and
    they have no other seat; else nothing changes."""
    plan_id = plan_id_of(session, engagement_id)
    if plan_id is None:
        return Changes()
    layout = plan_layout(session, plan_id)
    if not 1 <= number <= len(layout.tables) or not 1 <= seat <= layout.tables[number - 1].seats:
        return Changes()
    if any(p.attendee_id == attendee_id or (p.table, p.seat) == (number - 1, seat) for p in layout.placements):
        return Changes()
    placements = _sorted([*layout.placements, Placement(number - 1, seat, attendee_id, locked)])
    return _change(session, plan_id, replace(layout, placements=placements), None)


def seats_of(session: Session, attendee_id: int) -> tuple[tuple[str, int, int, bool], ...]:
    """Where the attendee sits: (engagement UID, table number, seat, locked) in every plan."""
    return seats_of_many(session, [attendee_id]).get(attendee_id, ())


def seats_of_many(session: Session, ids: Sequence[int]) -> dict[int, tuple[tuple[str, int, int, bool], ...]]:
    """`seats_of` for many attendees (those seated somewhere only), one query per 500 of them."""
    ordered = sorted(set(ids))
    found: dict[int, list[tuple[str, int, int, bool]]] = {}
    for start in range(0, len(ordered), 500):
        rows = session.execute(
            select(
                SeatAssignment.attendee_id,
                Engagement.uuid,
                SeatingTable.number,
                SeatAssignment.seat,
                SeatAssignment.locked,
            )
            .join(SeatingTable, SeatingTable.id == SeatAssignment.table_id)
            .join(SeatingPlan, SeatingPlan.id == SeatAssignment.plan_id)
            .join(Engagement, Engagement.id == SeatingPlan.engagement_id)
            .where(SeatAssignment.attendee_id.in_(ordered[start : start + 500]))
            .order_by(Engagement.uuid)
        )
        for attendee_id, uid, number, seat, locked in rows:
            assert attendee_id is not None  # the query names an id
            found.setdefault(attendee_id, []).append((uid, number, seat, locked))
    return {attendee_id: tuple(seats) for attendee_id, seats in found.items()}


def _sorted(placements: list[Placement]) -> tuple[Placement, ...]:
    return tuple(sorted(placements, key=lambda p: (p.table, p.seat)))
