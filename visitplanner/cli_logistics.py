"""The logistics commands: a visit's readiness tasks (and, with the gift register, its gifts)."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from visitplanner.domain.formatting import fit, printable
from visitplanner.store.database import Database


def tasks(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`tasks VISIT [--format text|json]`: the readiness checklist by due date; overdue and
    reopened tasks are marked. Exit status 1 when any task is overdue or reopened."""
    from visitplanner.domain.enums import TaskStatus
    from visitplanner.services.base import today_in
    from visitplanner.services.tasks import TaskRow, read_tasks
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        rows = read_tasks(session, visit.id)
        today = args.today or today_in(visit.local_time_zone)
        slug = visit.slug

    def overdue(row: TaskRow) -> bool:
        return row.due is not None and row.due < today and row.data.status is not TaskStatus.DONE

    attention = sum(1 for r in rows if overdue(r) or r.data.status is TaskStatus.REOPENED)
    if args.format == "json":
        document = {
            "visit": slug,
            "today": today.isoformat(),
            "tasks": [
                {
                    "id": r.id,
                    "title": r.data.title,
                    "owner": r.data.owner,
                    "due": r.due.isoformat() if r.due is not None else None,
                    "due_rule": r.data.due_text,
                    "status": r.data.status.value,
                    "overdue": overdue(r),
                    "watch": r.data.watch.value,
                    "notes": r.data.notes,
                }
                for r in rows
            ],
        }
        out.write(printable(json.dumps(document, ensure_ascii=False, indent=2), multiline=True) + "\n")
        return 1 if attention else 0
    statuses = [r.data.status.label + (" (overdue)" if overdue(r) else "") for r in rows]
    width = max([11, *(len(s) for s in statuses)])  # "In progress (overdue)" whole, not cut
    print(f"{'Due':<11} {fit('Status', width)} {fit('Owner', 16)} Task", file=out)
    for r, status in zip(rows, statuses, strict=True):
        due = r.due.isoformat() if r.due is not None else "—"
        print(
            f"{due:<11} {fit(status, width)} {fit(printable(r.data.owner) or '—', 16)} {printable(r.data.title)}",
            file=out,
        )
    done = sum(1 for r in rows if r.data.status is TaskStatus.DONE)
    print(f"{slug}: {len(rows)} tasks, {done} done, {attention} needing attention (overdue or reopened)", file=out)
    return 1 if attention else 0


def gifts(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`gifts VISIT [--format text|json] [-o FILE.csv|.xlsx|.pdf]`: the gift register, printed or
    written to a file (the PDF is the host edition)."""
    from visitplanner.services.base import utcnow
    from visitplanner.services.gifts import read_gifts
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    if args.output is not None:
        from visitplanner.exporters.gifts import write_gift_register

        with db.reading() as session:
            visit = find_visit(session, args.visit)
            count = write_gift_register(session, visit.id, args.output, utcnow())
        print(f"Wrote {count} gift{'s' if count != 1 else ''} to {printable(str(args.output))}", file=out)
        return 0
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        rows = read_gifts(session, visit.id)
        slug = visit.slug
    if args.format == "json":
        document = {
            "visit": slug,
            "gifts": [
                {
                    "description": r.data.description,
                    "giver": r.giver,
                    "giver_side": r.giver_side.value if r.giver_side else None,
                    "recipient": r.recipient,
                    "recipient_side": r.recipient_side.value if r.recipient_side else None,
                    "engagement": r.engagement or None,
                    "value": r.data.value,
                    "currency": r.data.currency,
                    "status": r.data.status.value,
                    "notes": r.data.notes,
                }
                for r in rows
            ],
        }
        out.write(printable(json.dumps(document, ensure_ascii=False, indent=2), multiline=True) + "\n")
        return 0
    for r in rows:
        print(
            f"{fit(printable(r.engagement) or '—', 24)} {fit(printable(r.giver), 26)} → "
            f"{fit(printable(r.recipient), 26)} {fit(r.data.status.label, 10)} "
            f"{fit(r.value_text or '—', 14)} {printable(r.data.description)}",
            file=out,
        )
    print(f"{slug}: {len(rows)} gift{'s' if len(rows) != 1 else ''}", file=out)
    return 0
