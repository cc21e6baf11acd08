"""Times the visit-file import and export and the checks' input read of a generated large visit,
each against a floor measured in the same run.

* import: `read_visit_file` + `import_visit` into a fresh database, against `json.loads` of the
  same text and a plain bulk insert of the same rows (one executemany per table, ids given);
* export: `write_visit_file`, against plain SELECTs of the visit's rows + `json.dumps` written
  the same way (`write_atomically`);
* checks input: `check_input` as the Checks dock reads it after an edit committed through a
  service (a nudge, attendances changed, an attendee removed), against `run_checks` on that
  input (the checks engine itself); and, without a goal, the first read after opening.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find synthetic.py

from sqlalchemy import Table, insert, select
from synthetic import visit_document

from visitplanner.domain.changes import Entity
from visitplanner.domain.checks import CheckInput, run_checks
from visitplanner.exporters.files import write_atomically
from visitplanner.exporters.visitfile import dump_visit_document, write_visit_file
from visitplanner.importers.visitfile import read_visit_file
from visitplanner.services.attendees import remove_attendee
from visitplanner.services.checks import check_input
from visitplanner.services.engagements import engagement_plan, move_engagement, update_engagement
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Base,
    Engagement,
    Organisation,
    Person,
    Room,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)

#: Goals from issue 18: import at most 3x the plain bulk insert, export 1.5x the plain SELECT +
#: json.dump, the checks' input (as read after each edit) at most 1x the checks engine.
GOALS = {
    "import": 3.0,
    "export": 1.5,
    "checks input after nudge": 1.0,
    "checks input after attendances": 1.0,
    "checks input after attendee removed": 1.0,
}
#: Printed without a goal: the first read of a visit's checks input (once, when it is opened).
NO_GOAL = ("checks input, first read",)
WORKLOADS = ("import", "export", "checks input")


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def plain_insert(db: Database, path: Path) -> int:
    """The floor of the import: read the file, `json.loads` it, and insert the same rows with one
    executemany per table (ids given, no checks)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    org = {o["key"]: n for n, o in enumerate(doc["organisations"], start=1)}
    person = {p["key"]: n for n, p in enumerate(doc["people"], start=1)}
    venue = {v["code"]: n for n, v in enumerate(doc["venues"], start=1)}
    attendee = {a["key"]: n for n, a in enumerate(doc["attendees"], start=1)}
    vehicle = {v["key"]: n for n, v in enumerate(doc["vehicles"], start=1)}
    rooms: dict[tuple[str, str], int] = {}
    room_rows = []
    for v in doc["venues"]:
        for r in v["rooms"]:
            rooms[v["code"], r["name"]] = len(rooms) + 1
            room_rows.append({"id": len(rooms), "venue_id": venue[v["code"]], **r})
    visit = doc["visit"]
    now = datetime.now().astimezone()
    engagement_rows = []
    attendance_rows = []
    for n, e in enumerate(doc["engagements"], start=1):
        engagement_rows.append(
            {
                "id": n,
                "uuid": e["uid"],
                "visit_id": 1,
                "kind": e["kind"],
                "title": e["title"],
                "start_at": _instant(e["start"]),
                "end_at": _instant(e["end"]),
                "venue_id": venue.get(e["venue"]),
                "room_id": rooms.get((e["venue"], e["room"])),
                "origin_venue_id": venue.get(e["origin_venue"]),
                "vehicle_id": vehicle.get(e["vehicle"]),
                "public_notes": e["public_notes"],
                "restricted_notes": e["restricted_notes"],
                "dress_code": e["dress_code"],
                "status": e["status"],
                "interpretation": e["interpretation"],
                "sequence": e["sequence"],
                "created_at": now,
                "modified_at": now,
            }
        )
        attendance_rows += [
            {"engagement_id": n, "attendee_id": attendee[a["attendee"]], "part": a["part"]} for a in e["attendances"]
        ]
    tables: list[tuple[type[Base], list[dict[str, Any]]]] = [
        (
            Organisation,
            [{"id": org[o["key"]], **{k: v for k, v in o.items() if k != "key"}} for o in doc["organisations"]],
        ),
        (
            Person,
            [
                {
                    "id": person[p["key"]],
                    "organisation_id": org.get(p["organisation"]),
                    **{k: v for k, v in p.items() if k not in ("key", "organisation")},
                }
                for p in doc["people"]
            ],
        ),
        (
            Venue,
            [{"id": venue[v["code"]], **{k: value for k, value in v.items() if k != "rooms"}} for v in doc["venues"]],
        ),
        (Room, room_rows),
        (
            TravelTime,
            [
                {
                    "from_venue_id": venue[t["from"]],
                    "to_venue_id": venue[t["to"]],
                    "minutes": t["minutes"],
                    "mode": t["mode"],
                }
                for t in doc["travel_times"]
            ],
        ),
        (
            Visit,
            [
                {
                    **{k: v for k, v in visit.items() if not k.endswith("organisation")},
                    "id": 1,
                    "start_date": date.fromisoformat(visit["start_date"]),
                    "end_date": date.fromisoformat(visit["end_date"]),
                    "visiting_organisation_id": org.get(visit["visiting_organisation"]),
                    "host_organisation_id": org.get(visit["host_organisation"]),
                }
            ],
        ),
        (
            Attendee,
            [
                {
                    **{k: v for k, v in a.items() if k not in ("key", "person")},
                    "id": attendee[a["key"]],
                    "visit_id": 1,
                    "person_id": person[a["person"]],
                }
                for a in doc["attendees"]
            ],
        ),
        (
            Vehicle,
            [
                {
                    **{k: value for k, value in v.items() if k not in ("key", "driver")},
                    "id": vehicle[v["key"]],
                    "visit_id": 1,
                    "driver_attendee_id": attendee.get(v["driver"]),
                }
                for v in doc["vehicles"]
            ],
        ),
        (Engagement, engagement_rows),
        (Attendance, attendance_rows),
    ]
    with db.engine.begin() as connection:
        for model, rows in tables:
            if rows:
                connection.execute(insert(_table(model)), rows)
    return len(engagement_rows)


def our_import(db: Database, path: Path) -> int:
    """What File > Import visit file and `visitplanner import visit FILE` do."""
    document = read_visit_file(path)
    with db.session() as session:
        changes = import_visit(session, document)
    return len(changes.ids(Entity.ENGAGEMENT))


def _jsonable(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def plain_export(db: Database, visit_id: int, path: Path) -> int:
    """The floor of the export: plain SELECTs of the visit's rows (every column) and `json.dumps`,
    written to `path` as the export writes (`write_atomically`)."""
    engagement, attendance, attendee = _table(Engagement), _table(Attendance), _table(Attendee)
    person, venue, room, travel = _table(Person), _table(Venue), _table(Room), _table(TravelTime)
    used = select(engagement.c.venue_id).where(engagement.c.visit_id == visit_id).distinct()
    queries = {
        "visit": select(_table(Visit)).where(_table(Visit).c.id == visit_id),
        "attendees": select(attendee).where(attendee.c.visit_id == visit_id),
        "people": select(person)
        .join(attendee, attendee.c.person_id == person.c.id)
        .where(attendee.c.visit_id == visit_id),
        "organisations": select(_table(Organisation)),
        "venues": select(venue).where(venue.c.id.in_(used)),
        "rooms": select(room).where(room.c.venue_id.in_(used)),
        "travel_times": select(travel).where(travel.c.from_venue_id.in_(used), travel.c.to_venue_id.in_(used)),
        "vehicles": select(_table(Vehicle)).where(_table(Vehicle).c.visit_id == visit_id),
        "engagements": select(engagement).where(engagement.c.visit_id == visit_id),
        "attendances": select(attendance)
        .join(engagement, engagement.c.id == attendance.c.engagement_id)
        .where(engagement.c.visit_id == visit_id),
    }
    with db.engine.connect() as connection:
        document = {name: [row._asdict() for row in connection.execute(query)] for name, query in queries.items()}
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_jsonable) + "\n"
    write_atomically(path, text.encode("utf-8"), what="the visit file")
    return len(document["engagements"])


def our_export(db: Database, visit_id: int, path: Path) -> int:
    """What File > Export visit file and `visitplanner export visit` do."""
    with db.reading() as session:
        write_visit_file(session, visit_id, path)
    return visit_id


def timed(work: Callable[[], object], setup: Callable[[], None] | None = None) -> float:
    if setup is not None:
        setup()
    gc.collect()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def paired(
    runs: int,
    floor: Callable[[], object],
    ours: Callable[[], object],
    setup: Callable[[], None] | None = None,
    ours_setup: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Medians of the floor and of ours, timed in turn (floor, ours, floor, ...), so that a change
    in the machine's load during the run weighs on both alike."""
    floors, ours_times = [], []
    for _ in range(runs):
        floors.append(timed(floor, setup))
        ours_times.append(timed(ours, ours_setup or setup))
    return statistics.median(floors), statistics.median(ours_times)


class Databases:
    """Fresh SQLite databases in one folder, one at a time (the previous one is closed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made = 0
        self.current: Database | None = None

    def fresh(self) -> None:
        if self.current is not None:
            self.current.engine.dispose()
        self.made += 1
        self.current = open_database(f"sqlite:///{self.folder / f'db-{self.made}.sqlite3'}")

    @property
    def db(self) -> Database:
        assert self.current is not None
        return self.current


def time_size(
    size: int, attendees: int, runs: int, only: list[str], folder: Path
) -> tuple[int, dict[str, tuple[float, float]]]:
    """(attendees in the file, {workload: (floor s, ours s)}) for a generated visit of `size` engagements."""
    databases = Databases(folder)
    generated = folder / f"generated-{size}.json"
    generated.write_text(dump_visit_document(visit_document(size, attendees)), encoding="utf-8")
    # the file timed is what the app writes for the generated visit: every field present
    databases.fresh()
    our_import(databases.db, generated)
    source = folder / f"visit-{size}.json"
    with databases.db.reading() as session:
        our_export(databases.db, session.scalars(select(Visit.id)).one(), source)
    people = len(json.loads(source.read_text(encoding="utf-8"))["attendees"])

    results: dict[str, tuple[float, float]] = {}
    if "import" in only:
        results["import"] = paired(
            runs, lambda: plain_insert(databases.db, source), lambda: our_import(databases.db, source), databases.fresh
        )
    databases.fresh()
    db = databases.db
    our_import(db, source)
    with db.reading() as session:
        visit_id = session.scalars(select(Visit.id)).one()
    if "export" in only:
        results["export"] = paired(
            runs,
            lambda: plain_export(db, visit_id, folder / "plain.json"),
            lambda: our_export(db, visit_id, folder / "ours.json"),
        )
    if "checks input" in only:
        results.update(time_checks_input(db, visit_id, runs))
    db.engine.dispose()
    return people, results


def time_checks_input(db: Database, visit_id: int, runs: int) -> dict[str, tuple[float, float]]:
    """What the app does after an edit: the edit is committed through a service (as the window's
    undo command does), then the Checks dock reads the input through a read-only session
    (`check_visit` = `check_input` + `run_checks`). Timed: that read, against `run_checks` on
    the visit's input, the two timed in turn. Three kinds of edit: a 5-minute nudge; an engagement's attendances changed
    in its editor; an attendee removed from the visit (their attendances go by the database's
    cascade). The first read after the visit is opened (nothing kept yet) is timed too."""
    with db.reading() as session:
        engagement_ids = list(session.scalars(select(Engagement.id).where(Engagement.visit_id == visit_id)))
        attendee_ids = list(session.scalars(select(Attendee.id).where(Attendee.visit_id == visit_id)))
    picks = iter(range(10**6))

    def nudge() -> None:
        with db.session() as session:
            engagement = session.get(Engagement, engagement_ids[next(picks) * 37 % len(engagement_ids)])
            assert engagement is not None
            move_engagement(session, engagement.id, engagement.start_at + timedelta(minutes=5))

    def attendances() -> None:
        with db.session() as session:
            engagement = session.get(Engagement, engagement_ids[next(picks) * 53 % len(engagement_ids)])
            assert engagement is not None
            plan = engagement_plan(engagement)
            update_engagement(session, engagement.id, replace(plan, attendances=plan.attendances[1:]))

    def remove() -> None:
        with db.session() as session:
            remove_attendee(session, attendee_ids.pop())

    def read() -> CheckInput:
        with db.reading() as session:
            return check_input(session, visit_id)

    data = read()
    results = {}
    for name, edit in (("nudge", nudge), ("attendances", attendances), ("attendee removed", remove)):
        results[f"checks input after {name}"] = paired(runs, lambda: run_checks(data), read, None, edit)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        source = sqlite3.connect(str(db.engine.url.database))
        try:
            source.execute("VACUUM INTO ?", (str(copy),))
        finally:
            source.close()
        results["checks input, first read"] = paired(
            runs, lambda: run_checks(data), lambda: _first_read(copy, visit_id)
        )
    return results


def _first_read(path: Path, visit_id: int) -> None:
    """The first read of the visit's input in a process (nothing kept yet): a database opened afresh."""
    db = open_database(f"sqlite:///{path}")
    try:
        with db.reading() as session:
            check_input(session, visit_id)
    finally:
        db.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engagements", type=int, nargs="+", default=[5_000], help="visit sizes (default 5000)")
    parser.add_argument("--attendees", type=int, default=1_000, help="attendees of each visit (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    parser.add_argument(
        "--only", choices=WORKLOADS, nargs="+", default=list(WORKLOADS), help="the workloads to time (default all)"
    )
    args = parser.parse_args(argv)
    print(f"visit-file benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}, SQLite")
    print(f"medians of {args.runs} runs; ratio = VisitPlanner / floor measured in the same run")
    print(
        f"{'workload':>36} {'engagements':>11} {'attendees':>9} {'floor s':>8} {'ours s':>8} {'ratio':>6} {'goal':>6}"
    )
    missed = False
    for size in args.engagements:
        with tempfile.TemporaryDirectory() as folder:
            people, results = time_size(size, args.attendees, args.runs, args.only, Path(folder))
        for name, (floor, ours) in results.items():
            ratio = ours / floor
            goal = GOALS.get(name)
            verdict = "(no goal)" if goal is None else ("met" if ratio <= goal else "NOT MET")
            missed = missed or (goal is not None and ratio > goal)
            shown = "" if goal is None else f"≤{goal:.1f}x"
            print(f"{name:>36} {size:>11} {people:>9} {floor:>8.3f} {ours:>8.3f} {ratio:>5.2f}x {shown:>6} {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
