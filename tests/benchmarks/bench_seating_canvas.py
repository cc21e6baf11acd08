"""Times the Seating window's canvas with 500 seats (50 round tables of 10, everyone seated) offscreen:
each frame of dragging a table across the room (the table and its seats move, the view repaints),
the whole view repainted, and a drop (the swap saved, the plan read, the two seats drawn again). Beside each,
a floor measured in the same run: a bare QGraphicsView painting 500 plain circles and 50 tables.
The issue's bound: no frame over 50 ms while dragging.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_seating_canvas.py [--runs N] [--frames N]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView  # noqa: E402
from sqlalchemy import select  # noqa: E402

from visitplanner.domain.changes import Entity  # noqa: E402
from visitplanner.domain.enums import EngagementKind, NameOrder, Role, Side  # noqa: E402
from visitplanner.domain.seating import SeatingStyle, TableData, TableShape  # noqa: E402
from visitplanner.domain.values import (  # noqa: E402
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VisitData,
)
from visitplanner.services import attendees, engagements, people, seating, visits  # noqa: E402
from visitplanner.store.database import open_database  # noqa: E402
from visitplanner.store.models import Engagement  # noqa: E402

FRAME_LIMIT_MS = 50.0  # the bound while dragging
FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Smith", "Jones", "Taylor", "Brown", "Evans"]
HANGUL = ["김", "이", "박", "최", "정", "", "", "", "", ""]
GIVEN = ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Alex", "Sam", "Jo", "Chris"]


def build(url: str, guests: int, tables: int) -> str:
    """A visit with one dinner of `guests` attendees at `tables` round tables, auto-seated; returns its UID."""
    db = open_database(url)
    with db.session() as session:
        visit = visits.create_visit(
            session,
            VisitData("Benchmark visit", "bench", date(2027, 5, 11), date(2027, 5, 12), "Europe/London", "Asia/Seoul"),
        ).created_id(Entity.VISIT)
        items = []
        for i in range(guests):
            korean = i % 2 == 0
            family = FAMILY[i % 5] if korean else FAMILY[5 + i % 5]
            native = f"{HANGUL[i % 5]}민준{i}" if korean else ""
            order = NameOrder.FAMILY_FIRST if korean else NameOrder.GIVEN_FIRST
            items.append(PersonData(family, f"{GIVEN[i % 8]} {i}", native, name_order=order))
        _, person_ids = people.create_people(session, items)
        roles = [Role.PRINCIPAL if i < 2 else Role.DELEGATE for i in range(guests)]
        _, attendee_ids = attendees.add_attendees(
            session,
            visit,
            [
                AttendeeData(p, Side.VISITING if i % 2 == 0 else Side.HOST, roles[i], i // 2 + 1)
                for i, p in enumerate(person_ids)
            ],
        )
        start = datetime(2027, 5, 11, 18, tzinfo=UTC)
        plan = EngagementPlan(
            EngagementData(EngagementKind.MEAL, "Gala dinner", start, start.replace(hour=21)),
            tuple(AttendanceData(a) for a in attendee_ids),
        )
        dinner = engagements.create_engagement(session, visit, plan).created_id(Entity.ENGAGEMENT)
        seats = -(-guests // tables)
        layout = tuple(
            TableData(f"Table {n + 1}", TableShape.ROUND, seats, 3.5 * (n % 10), 3.5 * (n // 10)) for n in range(tables)
        )
        plan_id = seating.create_plan(session, dinner, SeatingStyle.CENTRE, layout).created_id(Entity.SEATING_PLAN)
        seating.auto_seat_plan(session, plan_id)
        uid = session.scalars(select(Engagement.uuid).where(Engagement.id == dinner)).one()
    db.engine.dispose()
    return uid


def paint(view: QGraphicsView) -> float:
    """Milliseconds to paint the whole viewport now (synchronously)."""
    timer = QElapsedTimer()
    timer.start()
    view.viewport().repaint()
    return timer.nsecsElapsed() / 1e6


def floor_view(seats: int, tables: int) -> tuple[QGraphicsView, list[object]]:
    """The floor: a bare view of `tables` circles with `seats` plain circles around, no text."""
    scene = QGraphicsScene()
    items: list[object] = [scene]  # the scene first: kept alive with the view
    per = -(-seats // tables)
    for n in range(tables):
        x, y = 3.5 * (n % 10) * 90, 3.5 * (n // 10) * 90
        items.append(scene.addEllipse(QRectF(x - 90, y - 90, 180, 180), brush=QBrush()))
        for k in range(per):
            a = 2 * math.pi * k / per
            items.append(scene.addEllipse(QRectF(x + 130 * math.cos(a) - 20, y + 130 * math.sin(a) - 20, 40, 40)))
    view = QGraphicsView(scene)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.resize(1100, 720)
    view.show()
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    return view, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=60, help="frames of one table drag")
    parser.add_argument("--guests", type=int, default=500)
    parser.add_argument("--tables", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from visitplanner.ui.seating import SCALE, SeatingWindow, TableItem
    from visitplanner.ui.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        uid = build(url, args.guests, args.tables)
        workspace = Workspace(open_database(url))
        window = SeatingWindow(workspace, uid)
        window.show()
        window.fit()
        app.processEvents()
        assert window.view is not None
        seated = len(window.view.layout.placements)
        floor, floor_items = floor_view(seated, args.tables)
        app.processEvents()

        drag_frames: list[float] = []
        floor_frames: list[float] = []
        full: list[float] = []
        floor_full: list[float] = []
        redraw: list[float] = []
        for _ in range(args.runs):
            table = next(i for i in window.scene.items() if isinstance(i, TableItem) and i.index == 0)
            origin = QPointF(table.pos())
            for f in range(args.frames):  # drag table 1 two metres to the right and back
                step = 2.0 * SCALE * (f if f < args.frames // 2 else args.frames - f) / (args.frames // 2)
                timer = QElapsedTimer()
                timer.start()
                table.setPos(origin + QPointF(step, step / 3))  # its seats follow (itemChange)
                window.canvas.viewport().repaint()
                drag_frames.append(timer.nsecsElapsed() / 1e6)
                floor_item = floor_items[1]
                timer.restart()
                floor_item.setPos(QPointF(step, step / 3))  # type: ignore[attr-defined]
                floor.viewport().repaint()
                floor_frames.append(timer.nsecsElapsed() / 1e6)
            table.setPos(origin)
            full.append(paint(window.canvas))
            floor_full.append(paint(floor))
            first, second = window.view.layout.placements[5], window.view.layout.placements[17]
            timer = QElapsedTimer()
            timer.start()
            # a drop: the swap saved (one undo step), the plan read again, the two seats redrawn
            window.seat(first.attendee_id, second.table + 1, second.seat)
            window.canvas.viewport().repaint()
            redraw.append(timer.nsecsElapsed() / 1e6)

        def line(what: str, times: list[float], base: list[float] | None, bound: float | None = None) -> None:
            worst, median = max(times), statistics.median(times)
            text = f"{what}: median {median:.1f} ms, longest {worst:.1f} ms"
            if base is not None:
                text += f"; floor (bare view) median {statistics.median(base):.1f} ms, longest {max(base):.1f} ms"
                text += f"; ratio {median / max(statistics.median(base), 1e-3):.1f}x"
            if bound is not None:
                text += "; ok" if worst <= bound else f"; OVER {bound:.0f} ms"
            print(text)

        print(f"seating canvas, {seated} seated at {args.tables} tables, {args.runs} runs of {args.frames} frames")
        line("drag a table, one frame (move + repaint)", drag_frames, floor_frames, FRAME_LIMIT_MS)
        line("repaint the whole view", full, floor_full, FRAME_LIMIT_MS)
        line("a drop: swap saved, plan read, seats redrawn, repaint", redraw, None)
        window.close()
        floor.close()
        workspace.db.engine.dispose()


if __name__ == "__main__":
    main()
