"""The seating chart (PDF): the room with its tables drawn to scale, names in both scripts at each seat, a legend.

One landscape page, A4 or A3, for the easel at the door. The restricted edition marks the seats of
people with dietary needs and lists them (the room copy never shows a dietary need).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from visitplanner import __version__
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import long_date, place, time_span
from visitplanner.domain.seating import CHAIR, SeatingLayout, TableData, table_geometry, to_room
from visitplanner.exporters.pdf_fonts import fonts
from visitplanner.exporters.pdf_page import PreparedPdf, prepare_pdf, set_creation_date
from visitplanner.exporters.pdf_styles import ACCENT, ALERT, INK, MUTED, RULE
from visitplanner.exporters.pdf_text import draw_text, plain, text_width
from visitplanner.store.models import Engagement, Visit
from visitplanner.store.seating import SeatedPerson, SeatingView, seating_view

#: Side colours of the chart's seats (fill), with the legend's words.
SIDE_COLOURS = {
    Side.HOST: (colors.HexColor("#1f3a5f"), "Host side"),
    Side.VISITING: (colors.HexColor("#9c4221"), "Visiting side"),
    Side.STAFF: (colors.HexColor("#5b6573"), "Staff and interpreters"),
}
TABLE_FILL = colors.HexColor("#f3efe6")
PAPER = {"a4": A4, "a3": A3}
#: Most points per metre: a small plan is not blown up beyond what reads well.
MAX_SCALE = 95.0


@dataclass(frozen=True)
class ChartHeader:
    title: str
    when: str
    where: str
    visit: str
    marking: str


def _header(session: Session, view: SeatingView) -> ChartHeader:
    engagement = session.get(Engagement, view.engagement_id)
    assert engagement is not None
    visit = session.get(Visit, engagement.visit_id)
    assert visit is not None
    tz = ZoneInfo(visit.local_time_zone)
    start = engagement.start_at.astimezone(tz)
    when = f"{long_date(start.date())}, {time_span(engagement.start_at, engagement.end_at, tz, start.date())}"
    venue = engagement.venue.name if engagement.venue is not None else ""
    room = engagement.room.name if engagement.room is not None else ""
    return ChartHeader(engagement.title, when, place(venue, room) if venue else room, visit.title, visit.marking)


def build_seating_chart(
    session: Session, engagement_id: int, *, now: datetime, paper: str = "a4", restricted: bool = False
) -> bytes:
    """The chart of the engagement's seating plan as PDF bytes (deterministic given `now`)."""
    if paper not in PAPER:
        raise UserError(f"paper: choose a4 or a3, not {paper!r}", field="paper")
    view = seating_view(session, engagement_id)
    if view.plan_id is None or not view.layout.tables:
        raise UserError(f"engagement: {view.title!r} has no seating plan with tables yet", field="engagement")
    fonts()
    buffer = io.BytesIO()
    size = landscape(PAPER[paper])
    canvas = Canvas(buffer, pagesize=size, invariant=True, pageCompression=1)
    set_creation_date(canvas, now)
    header = _header(session, view)
    canvas.setTitle(f"Seating chart: {plain(header.title)}")
    canvas.setAuthor("VisitPlanner")
    canvas.setCreator(f"VisitPlanner {__version__}")
    _draw(canvas, size, view, header, restricted, now, paper)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def prepare_seating_chart(
    session: Session,
    engagement_id: int,
    *,
    target: Path | str | None = None,
    now: datetime,
    paper: str = "a4",
    restricted: bool = False,
) -> PreparedPdf:
    """The chart built to be written (one page; the restricted edition is for its owner only): what
    a preview shows and its Save writes. `target`: refused before the build if it must not be replaced."""
    return prepare_pdf(
        session,
        target,
        lambda: (build_seating_chart(session, engagement_id, now=now, paper=paper, restricted=restricted), 1),
        private=restricted,
    )


def write_seating_chart(
    session: Session,
    engagement_id: int,
    path: Path | str,
    *,
    now: datetime,
    paper: str = "a4",
    restricted: bool = False,
) -> None:
    """Write the chart to `path` atomically; the restricted edition is readable by its owner only."""
    prepare_seating_chart(session, engagement_id, target=path, now=now, paper=paper, restricted=restricted).write(path)


def _room_bounds(layout: SeatingLayout) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for table in layout.tables:
        geometry = table_geometry(table, layout.style)
        left, top, right, bottom = geometry.bounds
        for x, y in ((left, top), (right, top), (left, bottom), (right, bottom)):
            rx, ry = to_room(table, x, y)
            xs.append(rx)
            ys.append(ry)
    return min(xs), min(ys), max(xs), max(ys)


def _draw(
    canvas: Canvas,
    size: tuple[float, float],
    view: SeatingView,
    header: ChartHeader,
    restricted: bool,
    now: datetime,
    paper: str,
) -> None:
    width, height = size
    margin = 12 * mm
    big = 1.0 if paper == "a4" else 1.3
    # header
    canvas.setFillColor(ACCENT)
    draw_text(canvas, margin, height - margin - 14 * big, header.title, 16 * big, bold=True)
    canvas.setFillColor(INK)
    draw_text(canvas, margin, height - margin - 30 * big, f"{header.when} · {header.where}", 9.5 * big)
    canvas.setFillColor(MUTED)
    draw_text(canvas, margin, height - margin - 43 * big, header.visit, 8 * big)
    canvas.setFillColor(ALERT)
    draw_text(canvas, width - margin, height - margin - 10 * big, header.marking, 9 * big, bold=True, align="right")
    edition = "Restricted edition: dietary needs marked" if restricted else "Room copy: no dietary needs shown"
    canvas.setFillColor(MUTED)
    draw_text(canvas, width - margin, height - margin - 23 * big, edition, 7.5 * big, align="right")
    # room area: left of the legend column
    legend_width = 62 * mm * big
    top = height - margin - 56 * big
    bottom = margin + 14
    area_left, area_right = margin, width - margin - legend_width - 6 * mm
    label_room = 20 * big  # names stand outside the chairs
    left, upper, right, lower = _room_bounds(view.layout)
    span_x, span_y = max(right - left, 1.0), max(lower - upper, 1.0)
    scale = min(
        (area_right - area_left - 2 * label_room * 3) / span_x,
        (top - bottom - 2 * label_room) / span_y,
        MAX_SCALE * big,
    )
    ox = area_left + ((area_right - area_left) - span_x * scale) / 2
    oy = top - ((top - bottom) - span_y * scale) / 2

    def page(x: float, y: float) -> tuple[float, float]:
        return ox + (x - left) * scale, oy - (y - upper) * scale

    names_size = max(4.5, min(7.5 * big, scale * 0.085))
    dietary: list[tuple[str, str, SeatedPerson]] = []
    for t, table in enumerate(view.layout.tables):
        _draw_table(canvas, view, t, table, page, scale, names_size, restricted, dietary)
    # scale bar: one metre
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.8)
    canvas.line(area_left, bottom - 6, area_left + scale, bottom - 6)
    canvas.setFillColor(MUTED)
    draw_text(canvas, area_left + scale + 4, bottom - 8.5, "1 m", 6.5)
    _legend(canvas, width - margin - legend_width, top, legend_width, view, restricted, dietary, big)
    canvas.setFillColor(MUTED)
    draw_text(
        canvas,
        width - margin,
        margin - 2,
        f"Seating chart · made {now.strftime('%d %b %Y %H:%M')} UTC by VisitPlanner",
        6.5,
        align="right",
    )


def _name_lines(person: SeatedPerson, size: float, room: float) -> list[tuple[str, bool]]:
    """The seat's label: the romanised name (on two lines when too wide), then the native script;
    an unnamed guest ("Guest of Park Heong-Joon (spouse)", then the companion's native name) not bold."""
    name = person.name
    romanised = plain(name.romanised)
    bold = not person.is_guest
    lines: list[tuple[str, bool]] = []
    if text_width(romanised, size, bold) <= room or " " not in romanised:
        lines.append((romanised, bold))
    else:
        words = romanised.split(" ")
        best = min(
            range(1, len(words)),
            key=lambda k: max(text_width(" ".join(words[:k]), size, True), text_width(" ".join(words[k:]), size, True)),
        )
        lines += [(" ".join(words[:best]), bold), (" ".join(words[best:]), bold)]
    native = plain(name.native_name).strip()
    if native and native != romanised:
        lines.append((native, False))
    return lines


def _draw_table(
    canvas: Canvas,
    view: SeatingView,
    t: int,
    table: TableData,
    page: object,
    scale: float,
    names_size: float,
    restricted: bool,
    dietary: list[tuple[str, str, SeatedPerson]],
) -> None:
    assert callable(page)
    geometry = table_geometry(table, view.layout.style)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.setFillColor(TABLE_FILL)
    for part in geometry.outline:
        if part.kind == "ellipse":
            cx, cy = page(*to_room(table, part.x + part.width / 2, part.y + part.height / 2))
            canvas.circle(cx, cy, part.width / 2 * scale, stroke=1, fill=1)
        else:
            corners = [
                page(*to_room(table, x, y))
                for x, y in (
                    (part.x, part.y),
                    (part.x + part.width, part.y),
                    (part.x + part.width, part.y + part.height),
                    (part.x, part.y + part.height),
                )
            ]
            path = canvas.beginPath()
            path.moveTo(*corners[0])
            for corner in corners[1:]:
                path.lineTo(*corner)
            path.close()
            canvas.drawPath(path, stroke=1, fill=1)
    cx, cy = page(table.x, table.y)
    canvas.setFillColor(ACCENT)
    draw_text(canvas, cx, cy - 3, table.label.strip(), max(6.0, min(10.0, scale * 0.12)), bold=True, align="center")
    by_seat = {p.seat: p for p in view.layout.placements if p.table == t}
    radius = CHAIR / 2 * scale
    for seat in geometry.seats:
        sx, sy = page(*to_room(table, seat.x, seat.y))
        placement = by_seat.get(seat.number)
        person = view.sitter(placement) if placement is not None else None
        fill, _ = SIDE_COLOURS[person.side] if person is not None else (colors.white, "")
        canvas.setFillColor(fill)
        canvas.setStrokeColor(INK if person is not None else RULE)
        canvas.setDash(2, 1.5) if seat.standing else canvas.setDash()
        canvas.circle(sx, sy, radius, stroke=1, fill=1)
        canvas.setDash()
        canvas.setFillColor(colors.white if person is not None else MUTED)
        draw_text(canvas, sx, sy - 2.2, str(seat.number), max(4.0, min(7.0, radius * 0.9)), align="center")
        if person is None:
            continue
        # the label stands outside the chair, away from the table
        fx, fy = seat.facing
        a = math.radians(table.rotation)
        ux = -(fx * math.cos(a) - fy * math.sin(a))
        uy = -(fx * math.sin(a) + fy * math.cos(a))  # room y down
        room_width = max(0.6 * scale - 3, 30.0)
        lines = _name_lines(person, names_size, room_width)
        line_height = names_size * 1.18
        gap = radius + 2.5
        lx, ly = sx + ux * gap, sy - uy * gap
        align = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
        if uy < -0.35:  # above the chair on the page
            first = ly + (len(lines) - 1) * line_height + 1
        elif uy > 0.35:
            first = ly - names_size
        else:
            first = ly + (len(lines) - 1) * line_height / 2 - names_size / 3
        for k, (text, bold) in enumerate(lines):
            canvas.setFillColor(INK if bold else MUTED)
            draw_text(canvas, lx, first - k * line_height, text, names_size, bold=bold, align=align)
        if person.role is Role.INTERPRETER:
            canvas.setFillColor(colors.white)
        if restricted and person.dietary.strip():
            _diamond(canvas, sx + radius * 0.9, sy + radius * 0.9, max(2.5, radius * 0.45))
            dietary.append((table.label.strip(), str(seat.number), person))


def _diamond(canvas: Canvas, x: float, y: float, r: float) -> None:
    canvas.setFillColor(ALERT)
    canvas.setStrokeColor(colors.white)
    path = canvas.beginPath()
    path.moveTo(x, y + r)
    path.lineTo(x + r, y)
    path.lineTo(x, y - r)
    path.lineTo(x - r, y)
    path.close()
    canvas.drawPath(path, stroke=1, fill=1)


def _legend(
    canvas: Canvas,
    x: float,
    top: float,
    width: float,
    view: SeatingView,
    restricted: bool,
    dietary: list[tuple[str, str, SeatedPerson]],
    big: float,
) -> None:
    y = top
    canvas.setFillColor(ACCENT)
    draw_text(canvas, x, y - 10 * big, "Legend", 10 * big, bold=True)
    y -= 24 * big
    sides = {p.side for p in (*view.people.values(), *view.guests.values())}
    for side, (fill, words) in SIDE_COLOURS.items():
        if side not in sides:
            continue
        canvas.setFillColor(fill)
        canvas.setStrokeColor(INK)
        canvas.circle(x + 5 * big, y + 3 * big, 4.5 * big, stroke=1, fill=1)
        canvas.setFillColor(INK)
        draw_text(canvas, x + 14 * big, y, words, 8 * big)
        y -= 14 * big
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(RULE)
    canvas.circle(x + 5 * big, y + 3 * big, 4.5 * big, stroke=1, fill=1)
    canvas.setFillColor(INK)
    draw_text(canvas, x + 14 * big, y, "Empty seat (numbered)", 8 * big)
    y -= 14 * big
    if any(s.standing for t in view.layout.tables for s in table_geometry(t).seats):
        canvas.setStrokeColor(INK)
        canvas.setDash(2, 1.5)
        canvas.circle(x + 5 * big, y + 3 * big, 4.5 * big, stroke=1, fill=0)
        canvas.setDash()
        draw_text(canvas, x + 14 * big, y, "Standing behind the signatories", 8 * big)
        y -= 14 * big
    if restricted:
        _diamond(canvas, x + 5 * big, y + 3 * big, 4 * big)
        canvas.setFillColor(INK)
        draw_text(canvas, x + 14 * big, y, "Dietary need (see below)", 8 * big)
        y -= 14 * big
    y -= 6 * big
    canvas.setFillColor(MUTED)
    seated = len(view.layout.placements)
    unnamed = sum(1 for p in view.layout.placements if p.attendee_id is None)
    draw_text(
        canvas,
        x,
        y,
        f"{seated} seated at {len(view.layout.tables)} table{'s' if len(view.layout.tables) != 1 else ''}"
        + (f" ({unnamed} unnamed guest{'s' if unnamed != 1 else ''})" if unnamed else ""),
        7.5 * big,
    )
    y -= 11 * big
    convention = "host and chief guest face each other" if view.layout.style.value == "centre" else "ends"
    draw_text(canvas, x, y, f"Convention: {convention}", 7.5 * big)
    y -= 11 * big
    if restricted and dietary:
        y -= 6 * big
        canvas.setFillColor(ALERT)
        draw_text(canvas, x, y, "Dietary needs at seats", 8.5 * big, bold=True)
        y -= 12 * big
        for label, seat, person in dietary:
            canvas.setFillColor(INK)
            draw_text(canvas, x, y, f"{label}, seat {seat}: {plain(person.name.romanised)}", 7.5 * big, bold=True)
            y -= 10 * big
            canvas.setFillColor(MUTED)
            draw_text(canvas, x + 8, y, plain(person.dietary.strip()), 7.5 * big)
            y -= 12 * big
