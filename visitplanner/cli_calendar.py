"""The `export ics` and `import ics` commands: calendars of a visit, an attendee or a venue, and their import."""

from __future__ import annotations

import argparse
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import event_when, fit, printable, zone_label
from visitplanner.domain.timerange import zone
from visitplanner.store.database import Database
from visitplanner.store.models import Attendee, Venue, Visit
from visitplanner.store.queries import find_visit, venues_of


def _check_scope(session: Session, visit: Visit, args: argparse.Namespace) -> int | str | None:
    """The export scope from --attendee / --venue, with errors naming the option."""
    if args.attendee is not None:
        attendee = session.get(Attendee, args.attendee)
        if attendee is None or attendee.visit_id != visit.id:
            raise UserError(
                f"--attendee: {args.attendee} is not an attendee of '{visit.slug}' "
                f"(list them with: visitplanner attendees {visit.slug})",
                field="attendee",
            )
        return int(args.attendee)
    if args.venue is not None:
        code = str(args.venue).strip()
        venues = session.scalars(select(Venue)).all()
        exact = [v for v in venues if v.code == code] or [v for v in venues if v.code.casefold() == code.casefold()]
        if len(exact) != 1:
            used = sorted(v.code for v in venues_of(session, visit.id))
            raise UserError(
                f"--venue: no venue has the code {code!r} (the venues of '{visit.slug}' are "
                f"{', '.join(used) or 'none'})",
                field="venue",
            )
        return exact[0].code
    return None


def _place(venue: str | None, location: str) -> str:
    if venue:
        return venue
    return f"(unassigned: {location})" if location else "(none)"


def export_ics(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner export ics VISIT [--attendee ID | --venue CODE] [--method ...] [--restricted] -o FILE`."""
    from visitplanner.domain.values import EMAIL
    from visitplanner.exporters.ical import Organiser, report_written, write_calendar
    from visitplanner.services.base import utcnow

    organiser = None
    if getattr(args, "organiser", None):
        email, _, name = str(args.organiser).partition(":")
        if not EMAIL.match(email.strip()):
            raise UserError(f"--organiser: {email.strip()!r} is not an e-mail address (use EMAIL or EMAIL:NAME)")
        organiser = Organiser(email.strip(), name.strip())
    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        scope = _check_scope(session, visit, args)
        written = write_calendar(
            session,
            visit.id,
            args.output,
            scope=scope,
            method=args.method,
            restricted=args.restricted,
            now=utcnow(),
            organiser=organiser,
        )
    for line in report_written(args.output, written):
        print(line, file=out)
    if args.restricted:
        print("The file includes restricted notes: handle it as the visit's marking requires.", file=out)
    return 0


def import_ics(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner import ics VISIT FILE [--dry-run]`: a preview table, then the import (all or nothing)."""
    from visitplanner.importers.ical import read_calendar_file
    from visitplanner.services.calendar_import import import_calendar

    assert isinstance(db, Database)
    lines: list[str] = []  # printed once the import is committed (a dry run: once it is undone)
    with db.reading() as session:  # the file is read before the import takes SQLite's write lock
        visit = find_visit(session, args.visit)
    parsed = read_calendar_file(
        args.file, visit_start=visit.start_date, visit_end=visit.end_date, visit_zone=visit.local_time_zone
    )
    with db.dry_run() if args.dry_run else db.session() as session:
        result = import_calendar(session, visit.id, parsed, dry_run=args.dry_run)
        tz = zone(visit.local_time_zone)
        label = zone_label(visit.local_time_zone)
        if not result.rows:
            lines.append(f"{args.file.name}: no events within reach of the visit.")
        else:
            lines.append(f"{'Action':<9} {fit(label + ' time', 22)} {fit('Title', 44)} Venue")
        for row in sorted(result.rows, key=lambda r: (r.start, r.line)):
            lines.append(
                f"{row.action.value:<9} {fit(event_when(row.start, row.end, row.all_day, tz), 22)} "
                f"{fit(printable(row.title), 44)} {printable(_place(row.venue, row.location))}"
            )
            if row.reason and row.action.value in ("update", "skip"):
                lines.append(f"{'':<9} {'':<22} └ {printable(row.reason)}")
        counts = (
            f"{len(result.created)} to create, {len(result.updated)} to update, "
            f"{len(result.unchanged)} unchanged, {len(result.skipped)} skipped"
        )
        if args.dry_run:
            lines.append(f"Dry run: {counts}. Nothing was changed.")
        else:
            lines.append(
                f"Imported into '{visit.slug}': "
                + counts.replace("to create", "created").replace("to update", "updated")
            )
    for line in lines:
        print(line, file=out)
    return 0
