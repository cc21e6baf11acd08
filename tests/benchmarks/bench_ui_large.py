"""Large visits in the window: opening a 500- and a 5,000-engagement visit with the Itinerary shown,
and one 5-minute nudge in the large one, against a bare `QTableView` of the same rows measured in
the same run, with the longest time the UI thread did not turn its event loop.

Run: .venv/bin/python tests/benchmarks/bench_ui_large.py [--runs 3]

The visits are generated into SQLite files (tests/benchmarks/synthetic_db.py: teams, venues, rooms,
vehicles, transfers, cancellations; 500 engagements / 100 attendees and 5,000 / 1,000). Each run is
a fresh process (offscreen Qt) with the main window shown on an empty visit and the Itinerary tab
current, as an officer leaves it:

* open: the large visit is chosen in the visit list; the time until the timeline has painted the
  visit's first day (its blocks), and the longest UI block meanwhile (measured by a 2 ms timer on
  the event loop: the longest gap between its ticks, so 2 ms is the floor of the measure).
* nudge: Alt+Down on a selected engagement (5 minutes later); the time until the timeline has
  painted the block at its new place, and the longest block until the edit's follow-up work
  (the checks) is done.
* floor: the same visit's engagements read with one plain SELECT into a bare `QTableView` over a
  minimal model (title, start, end, venue), shown and painted: what any table of these rows costs.

Figures are medians over the runs; the ratio is against the floor of the same size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = ((500, 100), (5000, 1000))
TICK_MS = 2
SETTLE_S = 1.5  # how long after a nudge the follow-up work (checks) may take and still be measured


def child(path: Path) -> dict[str, Any]:
    """One run on the database at `path`: the floor, the open and a nudge (see the module docstring)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import (
        QAbstractTableModel,
        QElapsedTimer,
        QEvent,
        QEventLoop,
        QObject,
        QSettings,
        Qt,
        QTimer,
    )
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication([])
    from visitplanner.store.database import open_database
    from visitplanner.ui import settings as S
    from visitplanner.ui.mainwindow import MainWindow

    clock = QElapsedTimer()
    clock.start()

    def now() -> float:
        return clock.nsecsElapsed() / 1e9

    class BlockMeter(QObject):
        """The longest gap between ticks of a short timer: how long the event loop did not turn."""

        def __init__(self) -> None:
            super().__init__()
            self.timer = QTimer(self)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.setInterval(TICK_MS)
            self.timer.timeout.connect(self.tick)
            self.last = 0.0
            self.longest = 0.0

        def start(self) -> None:
            self.last, self.longest = now(), 0.0
            self.timer.start()

        def tick(self) -> None:
            at = now()
            self.longest = max(self.longest, at - self.last)
            self.last = at

        def stop(self) -> float:
            self.tick()
            self.timer.stop()
            return self.longest

    class PaintWatch(QObject):
        """Records the first paint of a widget for which `ready()` holds."""

        def __init__(self, widget: Any, ready: Any) -> None:
            super().__init__()
            self.widget, self.ready, self.at = widget, ready, None
            widget.installEventFilter(self)

        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and self.at is None and self.ready():
                self.at = now()
            return False

    def wait_until(condition: Any, timeout: float = 60.0) -> None:
        loop = QEventLoop()
        deadline = now() + timeout
        poll = QTimer()
        poll.setInterval(1)
        poll.timeout.connect(lambda: (condition() or now() > deadline) and loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        if not condition():
            raise TimeoutError("the benchmark's condition never held")

    def settle(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    result: dict[str, Any] = {}
    url = f"sqlite:///{path}"

    # -- the floor: one plain SELECT into a bare QTableView, shown and painted --------------------
    import sqlite3

    class Bare(QAbstractTableModel):
        def __init__(self, rows: list[tuple[Any, ...]]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent: Any = None) -> int:
            return 0 if parent is not None and parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = None) -> int:
            return 0 if parent is not None and parent.isValid() else 4

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

    started = now()
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT e.title, e.start_at, e.end_at, v.name FROM engagement e LEFT JOIN venue v ON v.id = e.venue_id "
        "WHERE e.visit_id = 1 ORDER BY e.start_at"
    ).fetchall()
    connection.close()
    table = QTableView()
    table.resize(1000, 600)
    model = Bare(rows)
    table.setModel(model)
    bare_watch = PaintWatch(table.viewport(), lambda: True)
    table.show()
    wait_until(lambda: bare_watch.at is not None)
    result["floor"] = bare_watch.at - started
    table.close()

    # -- the window on the empty visit, Itinerary shown ---------------------------------------------
    ini = Path(tempfile.mkdtemp()) / "settings.ini"
    settings = S.Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    settings.set(S.LAST_VISIT_ID, 2)
    settings.set(S.LAST_TAB, 1)
    settings.set(S.ITINERARY_VIEW, "day")
    db = open_database(url)
    window = MainWindow(db, settings)
    window.resize(1280, 800)
    window.show()
    window.start()
    tab: Any = window.itinerary_tab()
    wait_until(lambda: tab.visit_id == 2 and window.checks.visit_id == 2)
    settle(0.3)
    import gc

    gc.collect()

    # -- open the large visit -----------------------------------------------------------------------
    def opened() -> bool:
        itinerary = tab.itinerary
        return itinerary is not None and itinerary.visit_id == 1 and bool(tab.timeline.blocks)

    meter = BlockMeter()
    open_watch = PaintWatch(tab.view.viewport(), opened)
    meter.start()
    started = now()
    QTimer.singleShot(0, lambda: window.visit_list.select_visit(1))
    wait_until(lambda: open_watch.at is not None)
    result["open"] = open_watch.at - started
    # the work the open started after painting (the rest of the visit, the checks) counts as blocks too
    wait_until(lambda: not tab.is_loading() and tab.itinerary.complete)
    result["open_whole"] = now() - started
    result["rows"] = len(tab.itinerary.rows)
    wait_until(lambda: getattr(window.checks, "visit_id", None) == 1 and not _checking(window))
    settle(0.2)
    result["open_block"] = meter.stop()

    # -- one nudge ----------------------------------------------------------------------------------
    row = next(r for r in tab.itinerary.rows if not r.cancelled and r.uuid in tab.timeline.blocks)
    tab.timeline.select(row.uuid)
    tab.view.setFocus()
    settle(0.3)
    from datetime import timedelta

    target = row.start + timedelta(minutes=5)

    def moved() -> bool:
        block = tab.timeline.blocks.get(row.uuid)
        return block is not None and block.row.start == target

    nudge_watch = PaintWatch(tab.view.viewport(), moved)
    meter.start()
    started = now()
    QTimer.singleShot(0, lambda: tab.nudge_engagement(row, 5))
    wait_until(lambda: nudge_watch.at is not None)
    result["nudge"] = nudge_watch.at - started
    settle(0.05)
    wait_until(lambda: not _checking(window))
    settle(SETTLE_S if result["rows"] > 1000 else 0.3)
    result["nudge_block"] = meter.stop()
    window.close()
    db.close()
    app.processEvents()
    return result


def _checking(window: Any) -> bool:
    """Whether the checks panel still has a check running or due."""
    busy = getattr(window.checks, "busy", None)
    return bool(busy()) if callable(busy) else False


def run_child(path: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"the benchmark's child failed:\n{done.stdout}\n{done.stderr}")
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return dict(json.loads(line[len("RESULT ") :]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(child(args.child)), flush=True)
        return
    from tests.benchmarks.synthetic_db import make_database

    folder = Path(tempfile.mkdtemp(prefix="vp-bench-ui-"))
    print(f"Large visits in the window (offscreen, median of {args.runs} fresh processes)")
    for engagements, attendees in SIZES:
        path = folder / f"visit-{engagements}.sqlite3"
        made = time.perf_counter()
        make_database(path, engagements, attendees)
        print(f"\n{engagements} engagements, {attendees} attendees (generated in {time.perf_counter() - made:.1f} s)")
        runs = [run_child(path) for _ in range(args.runs)]

        def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        def spread(key: str, scale: float = 1.0, digits: int = 3, runs: list[dict[str, Any]] = runs) -> str:
            values = sorted(r[key] * scale for r in runs)
            return "–".join(f"{v:.{digits}f}" for v in (values[0], values[-1]))

        floor = median("floor")
        print(f"  floor: bare QTableView of the rows    {floor:.3f} s   ({spread('floor')})")
        print(
            f"  open, Itinerary painted              {median('open'):.3f} s   ({spread('open')})   "
            f"{median('open') / floor:.2f}x floor"
        )
        print(
            f"  open: longest UI block               {median('open_block') * 1000:.0f} ms   "
            f"({spread('open_block', 1000, 0)} ms)"
        )
        if engagements >= 5000:
            print(
                f"  nudge 5 min, until repainted         {median('nudge') * 1000:.0f} ms   "
                f"({spread('nudge', 1000, 0)} ms)"
            )
            print(
                f"  nudge: longest UI block              {median('nudge_block') * 1000:.0f} ms   "
                f"({spread('nudge_block', 1000, 0)} ms)"
            )


if __name__ == "__main__":
    main()
