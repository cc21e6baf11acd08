"""The `invitations`, `send invitations` and `import replies` commands: invitations kept in step (iTIP)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from visitplanner.domain.errors import UserError


def add_parsers(commands: Any, import_kinds: Any) -> None:
    pending = commands.add_parser(
        "invitations", help="what each recipient of a visit's invitations is owed: new, updates, cancellations"
    )
    pending.add_argument("visit", help="visit id or slug")
    pending.add_argument("--format", choices=("text", "json"), default="text")
    pending.add_argument("--organiser", metavar="EMAIL[:NAME]", help="who sends them (default: the staff liaison)")
    send = commands.add_parser("send", help="write messages to send from your own mail client")
    send_kinds = send.add_subparsers(dest="kind", metavar="KIND", required=True)
    invitations = send_kinds.add_parser(
        "invitations", help="one .ics (and .eml) per recipient with what is pending, recorded as sent"
    )
    invitations.add_argument("visit", help="visit id or slug")
    invitations.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write to")
    invitations.add_argument("--eml", action="store_true", help="also write one e-mail message (.eml) per file")
    invitations.add_argument("--organiser", metavar="EMAIL[:NAME]", help="who sends them (default: the staff liaison)")
    replies = import_kinds.add_parser(
        "replies", help="iTIP replies (.ics, or .eml holding them) to a visit's invitations: each answer recorded"
    )
    replies.add_argument("visit", help="visit id or slug")
    replies.add_argument("files", nargs="+", type=Path, metavar="FILE")
    replies.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")


def parse_organiser(text: str | None) -> Any:
    """`EMAIL[:NAME]` as an `Organiser` (None when not given)."""
    from visitplanner.domain.values import EMAIL
    from visitplanner.exporters.ical import Organiser

    if not text:
        return None
    email, _, name = text.partition(":")
    if not EMAIL.match(email.strip()):
        raise UserError(f"--organiser: {email.strip()!r} is not an e-mail address (use EMAIL or EMAIL:NAME)")
    return Organiser(email.strip(), name.strip())


def _when(instant: Any, zone_name: str) -> str:
    from visitplanner.domain.formatting import short_date
    from visitplanner.domain.timerange import zone

    local = instant.astimezone(zone(zone_name))
    return f"{short_date(local.date())} {local:%H:%M}"


def show_invitations(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner invitations VISIT [--format text|json]`: pending per recipient (exit 0)."""
    from visitplanner.domain.formatting import printable
    from visitplanner.domain.invitations import MessageKind
    from visitplanner.exporters.invitations import invitation_status
    from visitplanner.services.base import utcnow
    from visitplanner.store.queries import find_visit

    with db.reading() as session:
        visit = find_visit(session, args.visit)
        status = invitation_status(session, visit.id, now=utcnow(), organiser=parse_organiser(args.organiser))
    zone_name = status.local_time_zone
    if args.format == "json":
        document = {
            "visit": status.visit_slug,
            "counts": {
                "new": status.counts.new,
                "update": status.counts.update,
                "cancellation": status.counts.cancellation,
            },
            "recipients": [
                {
                    "address": r.email,
                    "name": r.name,
                    "in_visit": r.attendee_id is not None,
                    "counts": {"new": r.counts.new, "update": r.counts.update, "cancellation": r.counts.cancellation},
                    "pending": [
                        {
                            "kind": i.kind.value,
                            "uid": i.message.uid,
                            "title": i.title,
                            "start": i.start_at.isoformat(),
                            "sequence": i.message.sequence,
                            "whole_event": i.message.whole_event,
                        }
                        for i in r.pending
                    ],
                    "last_sent": r.last_sent_at.isoformat() if r.last_sent_at else None,
                    "replies": {uid: answer.value for uid, answer in sorted(r.replies.items())},
                }
                for r in status.recipients
            ],
        }
        out.write(printable(json.dumps(document, ensure_ascii=False, indent=2), multiline=True) + "\n")
        return 0
    for r in status.recipients:
        last = f"last sent {_when(r.last_sent_at, zone_name)}" if r.last_sent_at else "never sent"
        replies = r.reply_summary()
        gone = "" if r.attendee_id is not None else " (no longer in the visit)"
        print(
            f"{printable(r.name)} <{printable(r.email)}>{gone}: {r.counts.summary()}; {last}"
            + (f"; replies: {replies}" if replies else ""),
            file=out,
        )
        for i in r.pending:
            off = " (taken off it)" if i.kind is MessageKind.CANCELLATION and not i.message.whole_event else ""
            print(f"  {i.kind.value:<12} {_when(i.start_at, zone_name)}  {printable(i.title)}{off}", file=out)
    owed = sum(1 for r in status.recipients if r.pending)
    print(
        f"{status.visit_slug}: {status.counts.summary()}"
        + (f" for {owed} recipient{'' if owed == 1 else 's'}" if owed else ""),
        file=out,
    )
    return 0


def send_invitations(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner send invitations VISIT -o DIR [--eml] [--organiser EMAIL[:NAME]]`."""
    from visitplanner.exporters.invitations import invitation_status, write_invitations
    from visitplanner.services.base import utcnow
    from visitplanner.services.invitations import record_sent
    from visitplanner.store.queries import find_visit

    organiser = parse_organiser(args.organiser)
    now = utcnow()
    with db.session() as session:
        visit = find_visit(session, args.visit)
        status = invitation_status(session, visit.id, now=now, organiser=organiser, details=False)
        result = write_invitations(
            session,
            status,
            args.output,
            now=now,
            eml=args.eml,
            record=lambda sent: record_sent(session, visit.id, sent, now=now),
        )
        slug = visit.slug
    if not result.files:
        print(f"{slug}: nothing pending; nothing was written.", file=out)
        return 0
    for item in result.files:
        noun = "invitation" if item.method.value == "request" else "cancellation"
        print(f"Wrote {item.events} {noun}{'' if item.events == 1 else 's'} ({item.kind}) to {item.path}", file=out)
    sent, recipients = len(result.sent), result.recipients
    print(
        f"{slug}: {sent} message{'' if sent == 1 else 's'} to {recipients} recipient{'' if recipients == 1 else 's'} "
        "recorded as sent. "
        "Send each file to its recipient from your mail client.",
        file=out,
    )
    return 0


def import_replies(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner import replies VISIT FILE... [--dry-run]`: the preview, then the answers recorded."""
    from visitplanner.domain.formatting import fit, printable
    from visitplanner.domain.invitations import ReplyOutcome
    from visitplanner.importers.replies import read_reply_files
    from visitplanner.services.base import utcnow
    from visitplanner.services.invitations import import_replies as record_replies
    from visitplanner.services.invitations import judge
    from visitplanner.store.invitations import engagement_titles
    from visitplanner.store.queries import find_visit

    items = read_reply_files(args.files)  # every file read before anything changes
    lines: list[str] = []
    with db.dry_run() if args.dry_run else db.session() as session:
        visit = find_visit(session, args.visit)
        titles = engagement_titles(session, visit.id)
        verdicts = (
            judge(session, visit.id, items)
            if args.dry_run
            else record_replies(session, visit.id, items, now=utcnow()).verdicts
        )
        for v in verdicts:
            item = v.item
            what = titles.get(item.uid, item.uid)
            lines.append(
                f"{fit(printable(item.source), 24)} {fit(printable(item.address), 30)} {item.partstat.label:<10} "
                f"{fit(printable(what), 40)} {v.outcome.label}"
                + (
                    f" (answers SEQUENCE {item.sequence}, last sent {v.sent_sequence})"
                    if v.outcome is ReplyOutcome.STALE
                    else ""
                )
            )
        applied = sum(1 for v in verdicts if v.outcome is ReplyOutcome.APPLIED)
        unmatched = sum(1 for v in verdicts if v.outcome in (ReplyOutcome.UNKNOWN_UID, ReplyOutcome.UNKNOWN_ATTENDEE))
        stale = sum(1 for v in verdicts if v.outcome is ReplyOutcome.STALE)
        summary = f"{applied} answer{'' if applied == 1 else 's'} {'to record' if args.dry_run else 'recorded'}"
        summary += f", {stale} for an older SEQUENCE (not applied), {unmatched} unmatched (nothing changed for them)"
        lines.append(f"{visit.slug}: {summary}." + (" Dry run: nothing was changed." if args.dry_run else ""))
    for line in lines:
        print(line, file=out)
    return 0
