"""Imports and the visit-file export run off the UI thread: the event loop keeps turning, Cancel changes nothing."""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests.benchmarks.synthetic import LOCAL_ZONE, VISIT_DAYS, VISIT_START, synthetic_visit
from tests.gui.conftest import ErrorLog
from tests.gui.waiting import settle
from visitplanner.store.database import Database
from visitplanner.store.models import Base, Engagement, Visit
from visitplanner.ui.mainwindow import MainWindow

#: The longest the UI thread may be kept from its event loop (ARCHITECTURE.md); the positive control
#: below shows the meter sees a block of this size. Speeds themselves are measured in tests/benchmarks/.
LONGEST_GAP = 0.100


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def synthetic_visit_file(path: Path, engagements: int, slug: str = "synthetic") -> Path:
    """Write a visit file of the benchmarks' synthetic visit with `engagements` engagements."""
    data = synthetic_visit(engagements).data
    codes = {v.id: v.code for v in data.venues}
    rooms = {r.id: r for r in data.rooms}
    attendances: dict[int, list[dict[str, str]]] = {}
    for a in data.attendances:
        attendances.setdefault(a.engagement_id, []).append({"attendee": f"attendee-{a.attendee_id}", "part": a.part})
    document = {
        "format": "visitplanner-visit",
        "version": 1,
        "visit": {
            "title": f"Synthetic visit of {engagements} engagements",
            "slug": slug,
            "start_date": VISIT_START.isoformat(),
            "end_date": (VISIT_START + timedelta(days=VISIT_DAYS - 1)).isoformat(),
            "local_time_zone": LOCAL_ZONE,
            "home_time_zone": "Asia/Seoul",
        },
        "organisations": [],
        "people": [
            {"key": f"person-{a.id}", "family_name": a.name.split()[0], "given_names": a.name.split()[1]}
            for a in data.attendees
        ],
        "venues": [
            {
                "code": v.code,
                "name": v.name,
                "time_zone": v.time_zone,
                "rooms": [{"name": r.name} for r in data.rooms if r.venue_id == v.id],
            }
            for v in data.venues
        ],
        "travel_times": [
            {"from": codes[t.from_venue_id], "to": codes[t.to_venue_id], "minutes": t.minutes, "mode": "car"}
            for t in {(t.from_venue_id, t.to_venue_id): t for t in data.travel_times}.values()
            if t.from_venue_id != t.to_venue_id  # a small synthetic visit has too few venues for its pattern
        ],
        "attendees": [
            {"key": f"attendee-{a.id}", "person": f"person-{a.id}", "side": a.side, "role": a.role}
            | ({"precedence": a.precedence} if a.precedence is not None else {})
            for a in data.attendees
        ],
        "vehicles": [
            {
                "key": f"vehicle-{v.id}",
                "label": v.label,
                "capacity": v.capacity,
                "driver": f"attendee-{v.driver_attendee_id}",
            }
            for v in data.vehicles
        ],
        "engagements": [
            {
                "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{slug}/{e.id}")),
                "kind": e.kind,
                "title": e.title,
                "start": _utc(e.start),
                "end": _utc(e.end),
                "venue": codes[e.venue_id] if e.venue_id else None,
                "room": rooms[e.room_id].name if e.room_id else None,
                "origin_venue": codes[e.origin_venue_id] if e.origin_venue_id else None,
                "vehicle": f"vehicle-{e.vehicle_id}" if e.vehicle_id else None,
                "status": e.status,
                "attendances": attendances.get(e.id, []),
            }
            for e in data.engagements
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    with db.session() as session:
        return {
            table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def engagements_of_slug(db: Database, slug: str) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(Engagement).join(Visit).where(Visit.slug == slug)
        return session.scalar(query) or 0


class GapMeter:
    """Records each turn of the UI thread's event loop: a timer ticking every 10 ms notes the time.

    Attributes:
        ticks: when each tick ran (`time.perf_counter()`), from `start()` to `stop()`.
    """

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self, *_outcome: object) -> None:
        self.timer.stop()
        self.ticks.append(time.perf_counter())

    def longest_gap(self) -> float:
        """The longest time, in seconds, the event loop did not turn."""
        return max(later - earlier for earlier, later in itertools.pairwise(self.ticks))


def test_the_gap_meter_sees_a_blocked_event_loop(qtbot: QtBot) -> None:
    """The positive control: the same measurement around a blocking call on the UI thread."""
    blocked = threading.Event()

    def block() -> None:
        time.sleep(0.3)  # the kind of work that must not run on the UI thread
        blocked.set()

    meter = GapMeter()
    meter.start()
    QTimer.singleShot(30, block)
    qtbot.wait_until(blocked.is_set)
    meter.stop()
    assert meter.longest_gap() > LONGEST_GAP


def test_a_large_visit_file_is_imported_off_the_ui_thread_while_the_event_loop_turns(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    """Where the import runs and whether the event loop turns meanwhile, not how fast: timings are
    the benchmarks' business (tests/benchmarks/), and a loaded machine makes any fixed gap flaky."""
    import visitplanner.services.visitfile as service

    path = synthetic_visit_file(tmp_path / "large.json", 5000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    real = service.import_visit
    inside: dict[str, Any] = {}
    meter = GapMeter()

    def watched(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("dry_run"):
            return real(*args, **kwargs)
        inside["thread"] = threading.current_thread()
        inside["entered"] = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            inside["left"] = time.perf_counter()

    monkeypatch.setattr(service, "import_visit", watched)
    meter.start()
    window.import_visit_action.trigger()  # File → Import visit file…
    assert settle(qtbot, window.exports)
    meter.stop()
    assert errors == []
    assert engagements_of_slug(window.workspace.db, "synthetic") == 5000
    assert inside["thread"] is not threading.main_thread(), "the import ran on the UI thread"
    turns = [t for t in meter.ticks if inside["entered"] < t < inside["left"]]
    # the 10 ms timer kept firing while the worker was inside the import (several seconds for 5k rows)
    assert len(turns) >= 3, f"the event loop turned {len(turns)} times during the import"


class Held:
    """A service the GUI calls in its worker, held at its entry until released (dry runs pass).

    Attributes:
        entered: set once the worker is inside the service.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.entered = threading.Event()
        self._go_on = threading.Event()
        real = getattr(module, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            if not kwargs.get("dry_run"):
                self.entered.set()
                assert self._go_on.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, held)

    def release(self) -> None:
        self._go_on.set()


def cancel_inside(qtbot: QtBot, window: MainWindow, held: Held) -> bool:
    """Once the worker is inside the held service, cancel its task and let it go on; True when
    the task still succeeded."""
    try:
        qtbot.wait_until(held.entered.is_set, timeout=30_000)
        task = window.exports.last_task  # the task running the service (a visit file is read by one before)
        assert task is not None
        task.cancel()  # what the progress dialog's Cancel does
    finally:
        held.release()
    return settle(qtbot, window.exports)


def test_cancelling_a_visit_file_import_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    import visitplanner.services.visitfile as service

    path = synthetic_visit_file(tmp_path / "small.json", 200)
    before = contents(window.workspace.db)
    held = Held(monkeypatch, service, "import_visit")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_visit_action.trigger()
    assert not cancel_inside(qtbot, window, held)
    assert errors == [] and window.statusBar().currentMessage() == "Cancelled: nothing was written"
    assert contents(window.workspace.db) == before


def test_cancelling_a_calendar_import_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    import visitplanner.services.calendar_import as service
    from visitplanner.ui.exports import CalendarImportDialog

    ics = tmp_path / "outlook.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:outlook-123@example.com\r\nDTSTAMP:20270401T090000Z\r\n"
        b"DTSTART;TZID=GMT Standard Time:20270512T070000\r\nDTEND;TZID=GMT Standard Time:20270512T080000\r\n"
        b"SUMMARY:Breakfast with the Consul\r\nLOCATION:Pullman Liverpool\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    def run(self: CalendarImportDialog) -> int:
        self.file.edit.setText(str(ics))
        self.refresh()
        assert self.preview_task is not None
        qtbot.wait_signal(self.preview_task.finished, timeout=30_000).wait()
        assert self.import_button.isEnabled()
        return 1

    monkeypatch.setattr(CalendarImportDialog, "exec", run)
    before = contents(window.workspace.db)
    held = Held(monkeypatch, service, "import_calendar")
    assert window.exports.import_calendar()
    assert not cancel_inside(qtbot, window, held)
    assert errors == [] and window.statusBar().currentMessage() == "Cancelled: nothing was written"
    assert contents(window.workspace.db) == before


def test_the_visit_file_export_runs_in_the_background(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    from visitplanner.exporters.visitfile import export_visit_document

    path = tmp_path / "busan.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.export_visit_action.trigger()  # File → Export visit file…
    assert window.exports.last_task is not None and window.exports.last_task.is_running()
    assert settle(qtbot, window.exports)
    assert errors == [] and window.statusBar().currentMessage() == f"Wrote the visit file to {path}"
    expected = window.workspace.read(lambda s: export_visit_document(s, demo_visit_id))
    assert json.loads(path.read_text(encoding="utf-8")) == expected


def test_a_bug_in_a_background_import_reaches_the_crash_handler(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    import visitplanner.services.visitfile as service

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug in the importer")

    monkeypatch.setattr(service, "import_visit", broken)
    path = synthetic_visit_file(tmp_path / "small.json", 20)
    window.exports.import_visit_file(path)
    with qtbot.capture_exceptions() as raised:  # what reaches sys.excepthook, the crash handler
        assert not settle(qtbot, window.exports)
    assert errors == []  # not dressed up as a refusal
    assert [(kind, str(exc)) for kind, exc, _ in raised] == [(TypeError, "a bug in the importer")]


def test_an_import_refreshes_the_window_and_clears_the_undo_history(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    """As before it ran in the background: the views follow the `changed` broadcast, and earlier
    steps are no longer undoable (they may no longer apply)."""
    from datetime import date

    from visitplanner.domain.values import VisitData
    from visitplanner.ui.dialogs.visit import VisitDialog

    data = VisitData("Visit A", "visit-a", date(2027, 9, 1), date(2027, 9, 3), "Europe/London", "Asia/Seoul")
    monkeypatch.setattr(VisitDialog, "ask", classmethod(lambda cls, *a, **k: data))
    window.new_visit_action.trigger()
    assert window.workspace.undo_stack.count() == 1
    window.exports.import_visit_file(synthetic_visit_file(tmp_path / "small.json", 20))
    assert settle(qtbot, window.exports)
    assert errors == [] and window.workspace.undo_stack.count() == 0
    with window.workspace.db.session() as session:
        imported = session.scalars(select(Visit.id).where(Visit.slug == "synthetic")).one()
    assert window.visit_list.current_visit_id() == imported
