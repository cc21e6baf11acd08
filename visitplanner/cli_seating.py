"""The `seating` command (print or make an engagement's seating plan) and `export seating` (the chart PDF)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from visitplanner.domain.errors import UserError


def add_parsers(commands: Any, export_kinds: Any) -> None:
    seating = commands.add_parser(
        "seating", help="print an engagement's seating plan; --auto makes one (or seats it again) by precedence"
    )
    seating.add_argument("visit", help="visit id or slug")
    seating.add_argument("engagement", help="the engagement: its UID or a unique fragment of its title")
    seating.add_argument(
        "--auto", action="store_true", help="seat everyone who attends by precedence (locked seats stay)"
    )
    seating.add_argument("--style", choices=("centre", "ends"), help="the convention for --auto (default: the plan's)")
    seating.add_argument("--format", choices=("text", "json"), default="text")
    chart = export_kinds.add_parser(
        "seating",
        help="an engagement's seating chart (PDF, landscape), place cards in seat order or the table list for the door",
    )
    chart.add_argument("visit", help="visit id or slug")
    chart.add_argument("engagement", help="the engagement: its UID or a unique fragment of its title")
    chart.add_argument(
        "--kind",
        dest="seating_kind",
        choices=("chart", "placecards", "doorlist"),
        default="chart",
        help="chart (default), place cards in table and seat order, or the door list (alphabetical: name → table)",
    )
    chart.add_argument("--paper", choices=("a4", "a3"), default="a4", help="the chart's paper")
    chart.add_argument("--restricted", action="store_true", help="the chart: mark dietary needs at seats")
    chart.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    chart.add_argument("--force", action="store_true", help="replace FILE if it exists")


def find_engagement(session: Any, visit_id: int, ref: str) -> int:
    """The engagement of the visit whose UID is `ref`, or whose title holds `ref` (one only)."""
    from sqlalchemy import select

    from visitplanner.store.models import Engagement

    text = ref.strip()
    rows = session.execute(
        select(Engagement.id, Engagement.uuid, Engagement.title).where(Engagement.visit_id == visit_id)
    ).all()
    exact = [r.id for r in rows if r.uuid == text]
    if exact:
        return int(exact[0])
    found = [r for r in rows if text and text.casefold() in r.title.casefold()]
    if len(found) == 1:
        return int(found[0].id)
    if not found:
        raise UserError(f"engagement: no engagement of the visit has the UID or a title containing {text!r}")
    titles = ", ".join(repr(r.title) for r in found[:5])
    raise UserError(
        f"engagement: {text!r} matches {len(found)} engagements ({titles}): give more of the title or the UID"
    )


def run_seating(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.domain.changes import Entity
    from visitplanner.domain.seating import SeatingStyle
    from visitplanner.services import seating
    from visitplanner.store.queries import find_visit
    from visitplanner.store.seating import plan_id_of, seating_view

    style = SeatingStyle(args.style) if args.style else None
    if args.auto:
        with db.session() as session:
            visit = find_visit(session, args.visit)
            engagement = find_engagement(session, visit.id, args.engagement)
            plan = plan_id_of(session, engagement)
            if plan is None:
                plan = seating.create_plan(session, engagement, style or SeatingStyle.CENTRE).created_id(
                    Entity.SEATING_PLAN
                )
            seating.auto_seat_plan(session, plan, style)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        view = seating_view(session, find_engagement(session, visit.id, args.engagement))
    if args.format == "json":
        print(json.dumps(plan_document(view), ensure_ascii=False, indent=2), file=out)
        return 0
    print_plan(view, out)
    return 0


def plan_document(view: Any) -> dict[str, Any]:
    """The plan as JSON: tables and their seats, with who sits where, and who has no seat."""
    layout = view.layout
    return {
        "engagement": {"uid": view.engagement_uid, "title": view.title},
        "style": layout.style.value if view.plan_id is not None else None,
        "tables": [
            {
                "number": t + 1,
                "label": table.label,
                "shape": table.shape.value,
                "seats": table.seats,
                "x": table.x,
                "y": table.y,
                "rotation": table.rotation,
                "seated": [
                    {
                        "seat": p.seat,
                        # an unnamed guest: "attendee" null, "guest" its number, and whom it accompanies
                        "attendee": p.attendee_id,
                        **(
                            {"guest": p.guest, "accompanies": view.sitter(p).accompanies}
                            if p.attendee_id is None
                            else {}
                        ),
                        "name": view.sitter(p).name.display,
                        "side": view.sitter(p).side.value,
                        "locked": p.locked,
                    }
                    for p in layout.placements
                    if p.table == t and view.sitter(p) is not None
                ],
            }
            for t, table in enumerate(layout.tables)
        ],
        "unseated": [
            {"attendee": p.attendee_id, "name": p.name.display}
            if not p.is_guest
            else {"attendee": None, "guest": p.guest_number, "name": p.name.display}
            for p in view.unseated
        ],
        "lines": lines_document(view.lines),
    }


def lines_document(lines: Any) -> dict[str, Any]:
    """Receiving line, photo line-up (left to right as the photographer sees it), signing rounds
    and speaking order, each person as attendee id and name."""

    def who(people: Any) -> list[dict[str, Any]]:
        return [{"attendee": p.attendee_id, "name": p.name} for p in people]

    return {
        "receiving": who(lines.receiving),
        "photo": who(lines.photo),
        "signing": [
            {
                "round": step.round,
                "copy": step.copy.value,
                "signatories": who(step.signatories),
                "witnesses": who(step.witnesses),
            }
            for step in lines.signing
        ],
        "speaking": who(lines.speaking),
    }


def print_plan(view: Any, out: TextIO) -> None:
    from visitplanner.domain.formatting import printable

    if view.plan_id is None:
        from visitplanner.domain.seating import SEATED_KINDS

        hint = (
            "make one with --auto"
            if view.kind in SEATED_KINDS
            else "only meals, receptions, meetings and ceremonies have one"
        )
        print(f"{printable(view.title)} has no seating plan ({hint}).", file=out)
        print_lines(view, out)
        return
    print(f"{printable(view.title)}: seating plan, {view.layout.style.label.lower()}", file=out)
    for t, table in enumerate(view.layout.tables):
        print(f"\n{printable(table.label)} ({table.shape.label.lower()}, {table.seats} seats)", file=out)
        for p in sorted((p for p in view.layout.placements if p.table == t), key=lambda p: p.seat):
            person = view.sitter(p)
            name = (
                printable(person.name.display)
                if person is not None
                else f"attendee {p.attendee_id}"
                if p.attendee_id is not None
                else f"unnamed guest {p.guest}"
            )
            side = person.side.label.lower() if person is not None else ""
            print(f"  {p.seat:>3}  {name}  ({side}){'  [locked]' if p.locked else ''}", file=out)
    if view.unseated:
        print("\nNo seat: " + ", ".join(printable(p.name.display) for p in view.unseated), file=out)
    print_lines(view, out)


def print_lines(view: Any, out: TextIO) -> None:
    """The engagement's receiving line, photo line-up, signing and speaking order, if it has any."""
    from visitplanner.domain.formatting import printable
    from visitplanner.domain.protocol_order import lines_text

    rows = lines_text(view.lines, lambda p: p.name, view.organisations)
    if rows:
        print("", file=out)
    for label, text in rows:
        print(f"{printable(label) + ':' if label else '':<16}{printable(text)}", file=out)


def export_chart(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    from datetime import UTC, datetime

    from visitplanner.exporters.seating import write_seating_chart
    from visitplanner.exporters.seating_lists import SeatingList, write_seating_list
    from visitplanner.store.queries import find_visit

    kind = getattr(args, "seating_kind", "chart")
    if kind != "chart" and (args.restricted or args.paper != "a4"):
        raise UserError("--restricted and --paper: only the chart has them")
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        engagement = find_engagement(session, visit.id, args.engagement)
        if kind == "chart":
            write_seating_chart(
                session, engagement, args.output, now=datetime.now(UTC), paper=args.paper, restricted=args.restricted
            )
            what = "the seating chart"
        else:
            pages = write_seating_list(session, engagement, kind, args.output, now=datetime.now(UTC))
            what = f"{SeatingList(kind).label.lower()} ({pages} page{'s' if pages != 1 else ''})"
    print(f"Wrote {what} to {args.output}", file=out)
    return 0
