"""The `visitplanner` command: the GUI by default, subcommands for scripting and checks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TextIO

from visitplanner import __version__
from visitplanner.domain.errors import VisitPlannerError

#: Commands that only read: they open the database so that nothing can be written to it.
READ_ONLY_COMMANDS = frozenset({"visits", "show", "attendees", "check", "export", "tasks", "gifts", "invitations"})
TODAY_HELP = "the date readiness tasks are overdue against (default: today in the visit's zone)"


def _day(text: str) -> date:
    """A --today value: an ISO date, or argparse's usual message."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-05-11") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="visitplanner",
        description="Plan official delegation visits. Without a command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"VisitPlanner {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database URL: a SQLite file (sqlite:///path) or postgresql+psycopg://… "
        "(default: $VISITPLANNER_DATABASE_URL, else a file in the user data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="with the GUI: create the demo visit if it is missing and open it"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="open the desktop application (the default)")
    commands.add_parser("demo", help="create (or recreate) the demo visit 'busan-liverpool'")
    commands.add_parser("visits", help="list the visits")
    show = commands.add_parser("show", help="print a visit's programme by day, in local and home time")
    show.add_argument("visit", help="visit id or slug")
    people = commands.add_parser("attendees", help="list a visit's attendees by precedence")
    people.add_argument("visit", help="visit id or slug")

    tasks = commands.add_parser("tasks", help="list a visit's readiness tasks (exit 1 when any is overdue or reopened)")
    tasks.add_argument("visit", help="visit id or slug")
    tasks.add_argument("--format", choices=("text", "json"), default="text")
    tasks.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD", help=TODAY_HELP)
    gift_register = commands.add_parser("gifts", help="print a visit's gift register, or write it (CSV, XLSX, PDF)")
    gift_register.add_argument("visit", help="visit id or slug")
    gift_register.add_argument("--format", choices=("text", "json"), default="text")
    gift_register.add_argument(
        "-o", "--output", type=Path, default=None, help="write the register to FILE.csv, FILE.xlsx or FILE.pdf"
    )

    check = commands.add_parser("check", help="check a visit for conflicts and gaps (exit 1 on errors)")
    check.add_argument("visit", help="visit id or slug")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--buffer",
        type=int,
        default=None,
        metavar="MINUTES",
        help="minutes added to every travel time (default: the office's travel buffer, see `visitplanner limits`)",
    )
    check.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD", help=TODAY_HELP)

    export = commands.add_parser("export", help="write a visit to a file")
    export_kinds = export.add_subparsers(dest="kind", metavar="KIND", required=True)
    export_visit = export_kinds.add_parser("visit", help="the portable visit file (JSON)")
    export_visit.add_argument("visit", help="visit id or slug")
    export_visit.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export_visit.add_argument("--force", action="store_true", help="replace FILE if it exists")

    export_ics = export_kinds.add_parser("ics", help="an iCalendar file: the whole visit, one attendee or one venue")
    export_ics.add_argument("visit", help="visit id or slug")
    scope = export_ics.add_mutually_exclusive_group()
    scope.add_argument("--attendee", type=int, metavar="ID", help="only this attendee's engagements")
    scope.add_argument("--venue", metavar="CODE", help="only the engagements at this venue")
    export_ics.add_argument(
        "--method",
        choices=("publish", "request"),
        default="publish",
        help="publish: a calendar to import or subscribe (default); request: invitations",
    )
    export_ics.add_argument("--restricted", action="store_true", help="include restricted notes")
    export_ics.add_argument(
        "--organiser", metavar="EMAIL[:NAME]", help="who sends the invitations (default: the visit's staff liaison)"
    )
    export_ics.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export_ics.add_argument("--force", action="store_true", help="replace FILE if it exists")

    export_briefing = export_kinds.add_parser("briefing", help="the briefing pack (PDF)")
    export_briefing.add_argument("visit", help="visit id or slug")
    export_briefing.add_argument(
        "--edition", default="Host", metavar="NAME", help="one of the visit's editions (default: Host; see 'editions')"
    )
    export_briefing.add_argument("--copy", type=int, metavar="N", help="number this file as copy N of the edition")
    export_briefing.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export_briefing.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export_itinerary = export_kinds.add_parser("itinerary", help="one attendee's personal itinerary (PDF)")
    export_itinerary.add_argument("visit", help="visit id or slug")
    export_itinerary.add_argument("--attendee", type=int, required=True, metavar="ID")
    export_itinerary.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export_itinerary.add_argument("--force", action="store_true", help="replace FILE if it exists")
    for batch, what in (("itineraries", "every personal itinerary"), ("driver-sheets", "every driver sheet")):
        export_batch = export_kinds.add_parser(batch, help=f"{what}, one PDF per person, into a folder")
        export_batch.add_argument("visit", help="visit id or slug")
        export_batch.add_argument(
            "-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write into"
        )
        export_batch.add_argument("--force", action="store_true", help="replace files of the same names")
        if batch == "itineraries":
            export_batch.add_argument(
                "--lang", choices=("en", "ko"), help="document language (default: each attendee's own)"
            )
    export_sheets = export_kinds.add_parser("sheets", help="driver sheets, caterer sheet or name cards (PDF)")
    export_sheets.add_argument("visit", help="visit id or slug")
    export_sheets.add_argument("--kind", dest="sheet_kind", choices=("drivers", "catering", "namecards"), required=True)
    export_sheets.add_argument(
        "--restricted", action="store_true", help="caterer sheet: name the people with each requirement"
    )
    export_sheets.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    export_sheets.add_argument("--force", action="store_true", help="replace FILE if it exists")

    from visitplanner.cli_briefing import add_language_options
    from visitplanner.cli_sheets import add_export_parser

    add_export_parser(export_kinds)
    add_language_options(export_kinds, itinerary=export_itinerary, sheets=export_sheets)

    commands.add_parser(
        "upgrade", help="bring a database made by an older VisitPlanner up to date (a copy is kept beside it)"
    )
    issue = commands.add_parser("issue", help="record an issue of the briefing pack (numbered, with a snapshot)")
    issue.add_argument("visit", help="visit id or slug")

    imports = commands.add_parser("import", help="read a file into the database")
    import_kinds = imports.add_subparsers(dest="kind", metavar="KIND", required=True)
    import_visit = import_kinds.add_parser("visit", help="a portable visit file (JSON), all or nothing")
    import_visit.add_argument("file", type=Path)
    import_visit.add_argument("--replace", action="store_true", help="replace an existing visit with the same slug")
    import_visit.add_argument(
        "--prefer",
        choices=("database", "file"),
        default="database",
        help="where organisations, people, venues or rooms already in the database differ from the file: "
        "keep the database's values (default) or take the file's; every difference is printed either way",
    )
    import_ics = import_kinds.add_parser("ics", help="an iCalendar file into a visit (preview with --dry-run)")
    import_ics.add_argument("visit", help="visit id or slug")
    import_ics.add_argument("file", type=Path)
    import_ics.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    from visitplanner.cli_sheets import add_import_parser

    add_import_parser(import_kinds)
    from visitplanner import cli_seating

    cli_seating.add_parsers(commands, export_kinds)
    from visitplanner import cli_invitations

    cli_invitations.add_parsers(commands, import_kinds)
    from visitplanner import cli_caldav

    cli_caldav.add_parsers(commands)
    from visitplanner import cli_office

    cli_office.add_parsers(commands)
    for sub in _subcommands(parser):  # `visitplanner show VISIT --database URL` works as well
        sub.add_argument(
            "--database", metavar="URL", default=argparse.SUPPRESS, help="as --database before the command"
        )
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every (sub)command's parser below `parser`."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += [sub, *_subcommands(sub)]
    return found


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 error, 2 usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            return _gui(args)
        from visitplanner.store.database import open_database

        read_only = (
            command in READ_ONLY_COMMANDS
            or (command == "seating" and not args.auto)
            or (command == "limits" and not args.assignments)
        )
        db = open_database(args.database, create=command in ("demo", "import"), read_only=read_only)
        try:
            handler = {
                "upgrade": _upgrade,
                "demo": _demo,
                "visits": _visits,
                "show": _show,
                "attendees": _attendees,
                "export": _export,
                "import": _import,
                "check": _check,
                "issue": _issue,
                "tasks": _logistics("tasks"),
                "gifts": _logistics("gifts"),
                "seating": _seating,
                "invitations": _invitations("show_invitations"),
                "send": _invitations("send_invitations"),
                "publish": _publish,
                "limits": _limits,
            }[command]
            return handler(db, args, out)
        finally:
            db.close()
    except VisitPlannerError as exc:
        from visitplanner.domain.formatting import printable

        print(f"visitplanner: error: {printable(str(exc), multiline=True)}", file=err)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        print(f"visitplanner: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=err)
        return 1


def _gui(args: argparse.Namespace) -> int:
    from visitplanner.app import run_gui

    return run_gui(database_url=args.database, demo=args.demo)


def _upgrade(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.store.database import Database, current_revision

    assert isinstance(db, Database)  # opening it brought it up to date
    print(f"{db.display_name} is up to date (schema {current_revision(db.engine)}).", file=out)
    return 0


def _demo(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.services.demo import SLUG, build_demo
    from visitplanner.store.database import Database

    assert isinstance(db, Database)
    with db.session() as session:
        build_demo(session)
    print(f"Created the demo visit '{SLUG}' in {db.display_name}.", file=out)
    print(f"Try: visitplanner show {SLUG}", file=out)
    return 0


def _visits(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.domain.formatting import date_range, printable
    from visitplanner.store.database import Database
    from visitplanner.store.queries import list_visits

    assert isinstance(db, Database)
    with db.reading() as session:
        rows = list_visits(session)
        if not rows:
            print("No visits yet. Create the demo with: visitplanner demo", file=out)
        for visit in rows:
            print(
                f"{visit.id:>4}  {visit.slug:<28} {date_range(visit.start_date, visit.end_date):<24} "
                f"{visit.status.label.lower():<10} {printable(visit.title)}",
                file=out,
            )
    return 0


def _show(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.domain.enums import EngagementKind, EngagementStatus
    from visitplanner.domain.formatting import (
        date_range,
        fit,
        long_date,
        place,
        printable,
        route,
        time_span,
        zone_label,
    )
    from visitplanner.domain.timerange import zone
    from visitplanner.store.database import Database
    from visitplanner.store.queries import engagements_of, find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        local, home = zone(visit.local_time_zone), zone(visit.home_time_zone)
        local_name, home_name = zone_label(visit.local_time_zone), zone_label(visit.home_time_zone)
        print(f"{printable(visit.title)} ({visit.slug})", file=out)
        print(
            f"{date_range(visit.start_date, visit.end_date)} · {visit.status.label.lower()} · times in "
            f"{local_name} ({visit.local_time_zone}) with {home_name} ({visit.home_time_zone})",
            file=out,
        )
        items = engagements_of(session, visit.id)
        if not items:
            print("\nNo engagements yet.", file=out)
        for day, group in groupby(items, key=lambda e: e.start_at.astimezone(local).date()):
            print(f"\n{long_date(day)}", file=out)
            print(f"  {fit(local_name, 13)} {fit(home_name, 17)} {fit('What', 58)} Where", file=out)
            for e in group:
                where = place(e.venue.name, e.room.name if e.room else "") if e.venue else "(no venue)"
                if e.kind is EngagementKind.TRANSFER and e.origin_venue:
                    where = route(e.origin_venue.code, e.venue.code if e.venue else "?")
                    if e.vehicle:
                        where += f" · {e.vehicle.label}"
                title = e.title
                if e.status is EngagementStatus.CANCELLED:
                    title = f"[CANCELLED] {title}"
                elif e.status is EngagementStatus.TENTATIVE:
                    title = f"[tentative] {title}"
                print(
                    f"  {time_span(e.start_at, e.end_at, local, day):<13} "
                    f"{time_span(e.start_at, e.end_at, home, day):<17} "
                    f"{fit(printable(title), 58)} {printable(where)}",
                    file=out,
                )
    return 0


def _logistics(name: str) -> Callable[[object, argparse.Namespace, TextIO], int]:
    """A command of `visitplanner/cli_logistics.py` (imported when it runs)."""

    def run(db: object, args: argparse.Namespace, out: TextIO) -> int:
        from visitplanner import cli_logistics

        command: Callable[[object, argparse.Namespace, TextIO], int] = getattr(cli_logistics, name)
        return command(db, args, out)

    return run


def _publish(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.cli_caldav import publish_caldav

    return publish_caldav(db, args, out)


def _invitations(name: str) -> Callable[[object, argparse.Namespace, TextIO], int]:
    """A command of `visitplanner/cli_invitations.py` (imported when it runs)."""

    def run(db: object, args: argparse.Namespace, out: TextIO) -> int:
        from visitplanner import cli_invitations

        command: Callable[[object, argparse.Namespace, TextIO], int] = getattr(cli_invitations, name)
        return command(db, args, out)

    return run


def _attendees(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.domain.formatting import fit, printable
    from visitplanner.store.database import Database
    from visitplanner.store.queries import attendees_of, find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        rows = attendees_of(session, visit.id)
        print(
            f"{'ID':>4}  {'Side':<9} {'#':>2}  {fit('Name', 30)} {fit('Native script', 14)} {'Role':<13} Title",
            file=out,
        )
        for a in rows:
            name = a.person.name
            print(
                f"{a.id:>4}  {a.side.label.lower():<9} {a.precedence:>2}  {fit(printable(name.formal), 30)} "
                f"{fit(printable(name.native_name) or '—', 14)} {a.role.label.lower():<13} "
                f"{printable(a.person.title)}",
                file=out,
            )
    return 0


def _limits(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.cli_office import limits

    return limits(db, args, out)


def _check(db: object, args: argparse.Namespace, out: TextIO) -> int:
    import json
    from dataclasses import replace

    from sqlalchemy import select

    from visitplanner.domain.checks import Severity
    from visitplanner.domain.errors import UserError
    from visitplanner.domain.formatting import printable
    from visitplanner.services.checks import check_visit
    from visitplanner.store.database import Database
    from visitplanner.store.models import Engagement
    from visitplanner.store.office import office_check_options
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    if args.buffer is not None and not 0 <= args.buffer <= 24 * 60:
        raise UserError(f"--buffer: {args.buffer} is not a number of minutes from 0 to 1440")
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        options = office_check_options(session)  # the office's limits, shared by every officer
        if args.buffer is not None:
            options = replace(options, travel_buffer_minutes=args.buffer)
        findings = check_visit(session, visit.id, options, today=args.today)
        uids: dict[int, str] = {
            row[0]: row[1]
            for row in session.execute(select(Engagement.id, Engagement.uuid).where(Engagement.visit_id == visit.id))
        }
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if args.format == "json":
        document = json.dumps(
            {
                "visit": visit.slug,
                "counts": {s.value: n for s, n in counts.items()},
                "findings": [
                    {
                        "code": f.code,
                        "severity": f.severity.value,
                        "message": f.message,
                        "engagements": [{"id": i, "uid": uids.get(i)} for i in f.engagement_ids],
                        "attendees": list(f.attendee_ids),
                    }
                    for f in findings
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
        # JSON escapes controls itself, but not bidi overrides or C1 controls; the escapes are JSON's own
        out.write(printable(document, multiline=True) + "\n")
    else:
        for finding in findings:
            print(f"{finding.severity.label.upper():<8} {finding.code:<26} {printable(finding.message)}", file=out)
        print(
            f"{visit.slug}: {counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
            f"{counts[Severity.INFO]} notes",
            file=out,
        )
    return 1 if counts[Severity.ERROR] else 0


def _export(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.exporters.files import check_export_target, sqlite_files
    from visitplanner.store.database import Database

    assert isinstance(db, Database)
    batch = args.kind in ("itineraries", "driver-sheets")  # -o names a folder; each file is checked
    # before "already exists": the open database, a folder or a device is refused even with --force
    if not batch:
        check_export_target(args.output, sqlite_files(db.url))
    if not batch and args.output.exists() and not args.force:
        from visitplanner.domain.errors import UserError

        raise UserError(f"{args.output} already exists: add --force to replace it")
    if args.kind == "ics":
        from visitplanner.cli_calendar import export_ics

        return export_ics(db, args, out)
    if args.kind == "attendees":
        from visitplanner.cli_sheets import export_attendees

        return export_attendees(db, args, out)
    if args.kind == "seating":
        from visitplanner.cli_seating import export_chart

        return export_chart(db, args, out)
    if args.kind in ("briefing", "itinerary", "sheets", "programme", "itineraries", "driver-sheets"):
        from visitplanner import cli_briefing

        handler = {
            "briefing": cli_briefing.export_briefing,
            "itinerary": cli_briefing.export_itinerary,
            "sheets": cli_briefing.export_sheets,
            "programme": cli_briefing.export_programme,
            "itineraries": cli_briefing.export_batch,
            "driver-sheets": cli_briefing.export_batch,
        }[args.kind]
        return handler(db, args, out)
    from visitplanner.exporters.visitfile import write_visit_file
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        write_visit_file(session, visit.id, args.output)
        print(f"Wrote '{visit.slug}' to {args.output}", file=out)
    return 0


def _seating(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.cli_seating import run_seating

    return run_seating(db, args, out)


def _issue(db: object, args: argparse.Namespace, out: TextIO) -> int:
    from visitplanner.cli_briefing import record_issue

    return record_issue(db, args, out)


def _import(db: object, args: argparse.Namespace, out: TextIO) -> int:
    if args.kind == "replies":
        from visitplanner.cli_invitations import import_replies

        return import_replies(db, args, out)
    if args.kind == "ics":
        from visitplanner.cli_calendar import import_ics

        return import_ics(db, args, out)
    if args.kind == "attendees":
        from visitplanner.cli_sheets import import_attendees

        return import_attendees(db, args, out)
    from visitplanner.domain.changes import Entity
    from visitplanner.importers.visitfile import read_visit_file
    from visitplanner.services.visitfile import import_visit
    from visitplanner.store.database import Database
    from visitplanner.store.models import Visit

    assert isinstance(db, Database)
    from visitplanner.cli_reconcile import print_differences
    from visitplanner.services.visitfile_reconcile import Prefer, visit_file_differences

    document = read_visit_file(args.file)
    prefer = Prefer(args.prefer)
    with db.session() as session:
        differences = visit_file_differences(session, document)
        changes = import_visit(session, document, replace=args.replace, prefer=prefer)
        visit = session.get(Visit, changes.created_id(Entity.VISIT))
        assert visit is not None
        done = (
            f"Imported '{visit.slug}' ({len(visit.engagements)} engagements, "
            f"{len(visit.attendees)} attendees) into {db.display_name}"
        )
    print_differences(differences, prefer, out)
    print(done, file=out)  # only once it is committed
    return 0
