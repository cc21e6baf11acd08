"""Times `import ics --dry-run` of 1k to 100k events against parsing the same file with icalendar alone."""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from visitplanner.domain.changes import Entity
from visitplanner.domain.values import VisitData
from visitplanner.importers.ical import parse_calendar
from visitplanner.services.calendar_import import import_calendar
from visitplanner.services.visits import create_visit
from visitplanner.store.database import Database, open_database

FIRST_DAY = date(2026, 10, 19)  # two weeks across the BST -> GMT change on 25 October 2026
DAYS = 14
#: Goals from issue 17: a dry run of 32,000 events under 10 s, of 100,000 under 30 s.
GOALS = {32_000: 10.0, 100_000: 30.0}


def calendar_text(events: int) -> bytes:
    """An Outlook-like calendar of `events` one-hour events spread over the visit's days, some with
    a location, a description or a recurrence-free override, all with their own UID."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Benchmark//VisitPlanner//EN",
        "METHOD:PUBLISH",
    ]
    minutes = DAYS * 24 * 60
    for n in range(events):
        start = datetime.combine(FIRST_DAY, datetime.min.time()) + timedelta(minutes=(n * 7) % (minutes - 60))
        end = start + timedelta(hours=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@example.org",
            "DTSTAMP:20261001T090000Z",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {n} with the delegation",
            f"LOCATION:Room {n % 40}, Town Hall" if n % 3 else "LOCATION:",
            "DESCRIPTION:Agenda: items 1\\, 2 and 3.\\nBring the briefing." if n % 5 == 0 else "CLASS:PUBLIC",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def make_visit(db: Database) -> int:
    with db.session() as session:
        changes = create_visit(
            session,
            VisitData(
                title="Benchmark visit",
                slug="bench-import",
                start_date=FIRST_DAY,
                end_date=FIRST_DAY + timedelta(days=DAYS - 1),
                local_time_zone="Europe/London",
                home_time_zone="Asia/Seoul",
            ),
        )
        return changes.created_id(Entity.VISIT)


def baseline(data: bytes) -> int:
    """icalendar alone: parse the file and walk its events."""
    return len(Calendar.from_ical(data).walk("VEVENT"))


def ours(db: Database, visit_id: int, data: bytes, phases: dict[str, float]) -> int:
    """What `visitplanner import ics VISIT FILE --dry-run` does: parse, then the dry run."""
    clock = time.perf_counter()
    parsed = parse_calendar(
        data, visit_start=FIRST_DAY, visit_end=FIRST_DAY + timedelta(days=DAYS - 1), visit_zone="Europe/London"
    )
    phases["parse"] = time.perf_counter() - clock
    clock = time.perf_counter()
    with db.session() as session:
        result = import_calendar(session, visit_id, parsed, dry_run=True)
    phases["dry run"] = time.perf_counter() - clock
    return len(result.rows)


def real_import(db: Database, visit_id: int, data: bytes) -> int:
    """The import itself (every engagement inserted), rolled back so the next size starts afresh."""
    parsed = parse_calendar(
        data, visit_start=FIRST_DAY, visit_end=FIRST_DAY + timedelta(days=DAYS - 1), visit_zone="Europe/London"
    )
    session = db.sessions()
    try:
        return len(import_calendar(session, visit_id, parsed).created)
    finally:
        session.rollback()
        session.close()


def timed(work: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    started = time.perf_counter()
    count = work()
    return time.perf_counter() - started, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--events", type=int, nargs="+", default=[1_000, 4_000, 16_000, 32_000, 100_000], help="sizes to time"
    )
    args = parser.parse_args(argv)
    print(
        f".ics import benchmark (dry run): Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )
    print(
        f"{'events':>8} {'icalendar s':>12} {'VisitPlanner s':>15} {'ratio':>6} {'parse s':>8} {'dry run s':>10} "
        f"{'µs/event':>9} {'goal':>8} {'import s':>9}"
    )
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            visit_id = make_visit(db)
            for events in args.events:
                data = calendar_text(events)
                base, found = timed(lambda data=data: baseline(data))
                phases: dict[str, float] = {}
                mine, rows = timed(lambda data=data, phases=phases: ours(db, visit_id, data, phases))
                assert found == events and rows == events, (found, rows, events)
                goal = GOALS.get(events)
                verdict = "" if goal is None else (f"<{goal:.0f} ok" if mine < goal else f"<{goal:.0f} NOT MET")
                failed = failed or (goal is not None and mine >= goal)
                imported, created = timed(lambda data=data: real_import(db, visit_id, data))
                assert created == events
                print(
                    f"{events:>8,} {base:>12.2f} {mine:>15.2f} {mine / base:>6.2f} {phases['parse']:>8.2f} "
                    f"{phases['dry run']:>10.2f} {mine / events * 1e6:>9.0f} {verdict:>8} {imported:>9.2f}"
                )
        finally:
            db.close()
    print(
        "VisitPlanner s: parse + dry run, as `import ics --dry-run`; ratio: against icalendar's parse of the same "
        "file; linear growth shows as a steady µs/event; import s: parse + the real import (rolled back)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
