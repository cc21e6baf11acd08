"""Times undo and redo of a large delegation-list import against the import itself, in one run.

The import goes through the real undo command (`ImportAttendeesCommand` on a workspace's undo
stack, offscreen), as Ctrl+Z and Ctrl+Y run it on the UI thread: `--rows` new people, each made an
attendee (a tenth of them in 100 new organisations), and a third as many people already in the
address book whose fields change (half of them already attend the visit, and their attendee row
changes too). Printed: the import, undo and redo times (median of `--runs`) and the ratio of undo
and redo to the import measured in the same run. Goal (issue 13): a small multiple of the import.
SQLite by default; `--postgres ADMIN_URL` runs it on a scratch PostgreSQL database.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import NameOrder, Role, Side
from visitplanner.domain.values import AttendeeData, OrganisationData, PersonData, VisitData
from visitplanner.importers.attendee_sheet import ImportedAttendee
from visitplanner.services.attendee_import import ImportOptions, preview_import
from visitplanner.services.attendees import add_attendees
from visitplanner.services.organisations import create_organisation
from visitplanner.services.people import create_people
from visitplanner.services.visits import create_visit
from visitplanner.store.database import open_database
from visitplanner.store.models import Attendee, Organisation, Person

FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지훈유나해원영희철수준호은지현우수빈"
KNOWN_ORGS = 300  # organisations in the book; rows also name NEW_ORGS more
NEW_ORGS = 100
GIVEN_FIELDS = frozenset({"family_name", "given_names", "native_name", "name_order", "title", "email", "phone"})


def native(n: int) -> str:
    """A name of its own for each `n` (so that no two rows match one person)."""
    name = FAMILY[n % 20] + GIVEN[(n // 20) % 20] + GIVEN[(n // 400) % 20]
    return name + (str(n // 8000) if n >= 8000 else "")


def row(n: int, *, known: bool) -> ImportedAttendee:
    """Row `n` of the list; a known person's title, phone and arrival change."""
    name = native(n)
    person = PersonData(
        name[0],
        name[1:],
        name,
        name_order=NameOrder.FAMILY_FIRST,
        title="국장" if known else "주무관",
        email=f"p{n}@office.example",
        phone=f"010-{n % 10000:04d}-{(n * 7) % 10000:04d}",
    )
    organisation = f"기관 {n % KNOWN_ORGS}" if known or n % 10 else f"새 기관 {n % NEW_ORGS}"
    return ImportedAttendee(n + 2, person, GIVEN_FIELDS, organisation, arrival="KE 907 10 May" if known else "")


def build(url: str, new: int, updated: int) -> tuple[int, tuple[ImportedAttendee, ...]]:
    """The database at `url` given the visit and the known people (half of them attending); the list's rows."""
    db = open_database(url, create=True)
    with db.session() as session:
        visit_id = create_visit(session, VisitData("Bench", "bench", date(2027, 5, 10), date(2027, 5, 14))).created_id(
            Entity.VISIT
        )
        orgs = [
            create_organisation(session, OrganisationData(f"기관 {i}")).created_id(Entity.ORGANISATION)
            for i in range(KNOWN_ORGS)
        ]
        known = range(new, new + updated)
        _changes, ids = create_people(
            session,
            [
                PersonData(
                    native(n)[0],
                    native(n)[1:],
                    native(n),
                    name_order=NameOrder.FAMILY_FIRST,
                    organisation_id=orgs[n % KNOWN_ORGS],
                    email=f"p{n}@office.example",
                )
                for n in known
            ],
        )
        add_attendees(session, visit_id, [AttendeeData(p, Side.VISITING, Role.DELEGATE) for p in ids[::2]])
    db.close()
    rows = tuple(row(n, known=n >= new) for n in range(new + updated))
    return visit_id, rows


@contextmanager
def scratch(postgres: str | None) -> Iterator[str]:
    """The URL of an empty database for the run: a SQLite file, or a PostgreSQL database made
    with the admin URL `postgres` (dropped afterwards)."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    name = f"vp_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def counts(url: str) -> tuple[int, int, int]:
    db = open_database(url)
    with db.reading() as session:
        found = tuple(
            session.scalar(select(func.count()).select_from(model)) or 0 for model in (Person, Attendee, Organisation)
        )
    db.close()
    return found  # type: ignore[return-value]


def one_run(url: str, visit_id: int, rows: tuple[ImportedAttendee, ...]) -> tuple[float, float, float, float]:
    """Import, undo, redo and undo again through the command on a fresh workspace; the seconds of each."""
    from visitplanner.ui.commands.attendee_import import AttendeeImportRequest, ImportAttendeesCommand
    from visitplanner.ui.workspace import Workspace

    db = open_database(url)
    workspace = Workspace(db)
    with db.reading() as session:
        plan = preview_import(session, visit_id, rows)
    request = AttendeeImportRequest(
        Path("list.xlsx"), rows, ImportOptions(), frozenset(r.row for r in rows), plan, None
    )
    command = ImportAttendeesCommand(workspace, visit_id, request)
    errors: list[BaseException] = []
    workspace.report_error = lambda _parent, exc: errors.append(exc)
    times = []
    stack = workspace.undo_stack
    for step in (lambda: workspace.push(command), stack.undo, stack.redo, stack.undo):
        gc.collect()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
        if errors:
            raise RuntimeError(f"the step failed: {errors[0]}")
    stack.clear()
    db.close()
    return times[0], times[1], times[2], times[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000, help="new people in the list")
    parser.add_argument("--updated", type=int, default=None, help="known people whose fields change (rows / 3)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="run on a scratch PostgreSQL database made there")
    args = parser.parse_args()
    updated = args.rows // 3 if args.updated is None else args.updated

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    results: list[tuple[float, float, float, float]] = []
    with scratch(args.postgres) as url:
        visit_id, rows = build(url, args.rows, updated)
        before = counts(url)
        for _ in range(args.runs):
            results.append(one_run(url, visit_id, rows))
            after = counts(url)
            if after != before:  # each run ends undone: the database is as it was built
                raise RuntimeError(f"undo left {after} (people, attendees, organisations), not {before}")
    del app
    imported, undone, redone, again = (statistics.median(r[i] for r in results) for i in range(4))
    print(
        f"python {platform.python_version()}, {'PostgreSQL' if args.postgres else 'SQLite'}, "
        f"{args.rows} new people and attendees, "
        f"{updated} people updated ({(updated + 1) // 2} attendees), {args.runs} runs (medians)"
    )
    print(f"import (the command's first run)   {imported:7.3f} s")
    print(f"undo  (Ctrl+Z)                     {undone:7.3f} s   {undone / imported:5.2f}x the import")
    print(f"redo  (Ctrl+Y)                     {redone:7.3f} s   {redone / imported:5.2f}x the import")
    print(f"undo again                         {again:7.3f} s   {again / imported:5.2f}x the import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
