"""The `publish caldav` command: a visit's calendars to a CalDAV server, ETags kept, changes on the server reported."""

from __future__ import annotations

import argparse
import getpass
from datetime import UTC, datetime
from typing import Any, TextIO

from visitplanner.domain.caldav import PublishAction, PublishReport


def add_parsers(commands: Any) -> None:
    publish = commands.add_parser("publish", help="publish a visit somewhere others read it")
    kinds = publish.add_subparsers(dest="kind", metavar="KIND", required=True)
    caldav = kinds.add_parser(
        "caldav",
        help="the visit's calendar and each attendee's, to a CalDAV server (password from the keyring or "
        "VISITPLANNER_CALDAV_PASSWORD)",
    )
    caldav.add_argument("visit", help="visit id or slug")
    caldav.add_argument(
        "--url", required=True, help="the calendar home on the server, e.g. https://server/dav/calendars/USER/"
    )
    caldav.add_argument("--user", help="the account's user name (default: your login name)")
    caldav.add_argument("--visit-only", action="store_true", help="only the visit's calendar, no personal ones")
    caldav.add_argument(
        "--overwrite", action="store_true", help="replace (or remove) copies someone changed on the server"
    )
    caldav.add_argument("--format", choices=("text", "json"), default="text")


def publish_caldav(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Publish, print what happened to each event that changed or conflicts, and a summary;
    exit 0, or 1 when something conflicts (the rest is published all the same)."""
    import json

    from visitplanner.exporters.caldav import check_url, publication_targets, publish, require_password
    from visitplanner.services.caldav_publish import record_copies
    from visitplanner.store.caldav import published_copies
    from visitplanner.store.database import Database
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    url = check_url(args.url)
    user = args.user or getpass.getuser()
    password = require_password(url, user)
    now = datetime.now(UTC)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        targets = publication_targets(session, visit.id, now=now, people=not args.visit_only)
        records = published_copies(session, visit.id)

    def record(changes: list[Any]) -> None:
        with db.session() as session:
            record_copies(session, visit.id, changes, now=now)

    report = publish(targets, records, url=url, user=user, password=password, record=record, overwrite=args.overwrite)
    if args.format == "json":
        document = {
            "visit": visit.slug,
            "calendars": list(report.calendars),
            "counts": {action.value: report.count(action) for action in PublishAction},
            "events": [
                {"calendar": r.calendar, "uid": r.uid, "title": r.title, "action": r.action.value, "reason": r.reason}
                for r in report.rows
            ],
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(report, out)
    return 1 if report.conflicts else 0


def _print(report: PublishReport, out: TextIO) -> None:
    from visitplanner.domain.formatting import printable

    for row in report.rows:
        if row.action is PublishAction.UNCHANGED:
            continue
        print(f"{row.action.value:<9} {printable(row.calendar)}: {printable(row.title or row.uid)}", file=out)
        if row.reason:
            print(f"{'':<9} └ {printable(row.reason)}", file=out)
    print(f"{report.calendar_count()}: {report.summary()}", file=out)
