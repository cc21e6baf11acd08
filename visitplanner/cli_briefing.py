"""The briefing-pack commands: export briefing, itinerary and sheets, and record an issue."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from visitplanner.domain.formatting import printable
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.store.database import Database


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return ""


def _warn(warnings: list[str]) -> None:
    """A written document's warnings (characters no font has), on stderr: the export still succeeded."""
    for line in warnings:
        print(f"visitplanner: warning: {printable(line)}", file=sys.stderr)


def export_briefing(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`export briefing VISIT [--edition E] -o FILE`: the pack is "Issue N" when the plan is exactly
    what the last recorded issue showed, else a draft compared with that issue."""
    from visitplanner.exporters.briefing import write_briefing_pack
    from visitplanner.services.base import utcnow
    from visitplanner.store.editions import find_edition
    from visitplanner.store.issues import issue_status
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        warnings: list[str] = []
        status = issue_status(session, visit.id)
        pages = write_briefing_pack(
            session,
            visit.id,
            args.output,
            edition=args.edition,
            copy=args.copy,
            draft=not status.current,
            now=utcnow(),
            warn=warnings.append,
        )
        if status.current:
            version = f"Issue {status.number}"
        elif status.number:
            version = f"a draft (the plan has changed since issue {status.number})"
        else:
            version = "a draft (no issue recorded yet: record one with 'visitplanner issue " + visit.slug + "')"
        edition = find_edition(session, visit.id, args.edition)
        copy = f", copy {args.copy}" if args.copy else ""
        print(
            f"Wrote the {edition.label}{copy} of the '{visit.slug}' briefing pack, {version}, "
            f"{pages} pages, to {args.output}",
            file=out,
        )
    _warn(warnings)
    return 0


LANGUAGES = tuple(language.value for language in DocumentLanguage)


def add_language_options(
    export_kinds: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    itinerary: argparse.ArgumentParser,
    sheets: argparse.ArgumentParser,
) -> None:
    """`--lang` on the itinerary and the sheets (name cards), and `export programme`."""
    itinerary.add_argument(
        "--lang", choices=LANGUAGES, help="the language it is written in (default: the attendee's document language)"
    )
    sheets.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="name cards: the readers' language (default: en)"
    )
    programme = export_kinds.add_parser("programme", help="the visit's programme, day by day (PDF)")
    programme.add_argument("visit", help="visit id or slug")
    programme.add_argument(
        "--edition",
        default="Delegation",
        metavar="NAME",
        help="the edition whose information it shows (default: Delegation; Public: engagements cleared for the public)",
    )
    programme.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="the language it is written in (default: en)"
    )
    programme.add_argument(
        "--bilingual", action="store_true", help="English and Korean side by side (with --lang ko or alone)"
    )
    programme.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    programme.add_argument("--force", action="store_true", help="replace FILE if it exists")


def export_itinerary(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`export itinerary VISIT --attendee ID [--lang en|ko] -o FILE`."""
    from visitplanner.exporters.itinerary import itinerary_language, write_itinerary
    from visitplanner.services.base import utcnow
    from visitplanner.store.models import Attendee
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        warnings: list[str] = []
        language = getattr(args, "lang", None)
        pages = write_itinerary(
            session, visit.id, args.attendee, args.output, now=utcnow(), warn=warnings.append, language=language
        )
        attendee = session.get(Attendee, args.attendee)
        assert attendee is not None
        written = DocumentLanguage(language) if language else itinerary_language(session, attendee.id)
        print(
            f"Wrote the itinerary of {printable(attendee.person.name.display)} in {written.label} "
            f"({_pages(pages)}) to {args.output}",
            file=out,
        )
    _warn(warnings)
    return 0


def export_batch(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`export itineraries|driver-sheets VISIT -o DIR`: one PDF per person into the folder, then a
    line per file."""
    from visitplanner.exporters.batch import write_driver_sheets, write_itineraries
    from visitplanner.services.base import utcnow
    from visitplanner.store.queries import find_visit

    write = write_itineraries if args.kind == "itineraries" else write_driver_sheets
    what = "itineraries" if args.kind == "itineraries" else "driver sheets"
    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        warnings: list[str] = []
        options = {"language": args.lang} if args.kind == "itineraries" else {}
        files = write(session, visit.id, args.output, now=utcnow(), force=args.force, warn=warnings.append, **options)
        for file in files:
            print(f"  {printable(file.path.name)}  {printable(file.who)}, {_pages(file.pages)}", file=out)
        print(f"Wrote {len(files)} {what} of '{visit.slug}' to {args.output}", file=out)
    _warn(warnings)
    return 0


def export_sheets(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`export sheets VISIT --kind drivers|catering|namecards [--restricted] -o FILE`.

    The kind of sheet is read from `args.sheet_kind` (the parser's `--kind` needs `dest="sheet_kind"`:
    `kind` is the export subcommand's own dest), falling back to `args.kind`.
    """
    from visitplanner.exporters.sheets import write_sheets
    from visitplanner.services.base import utcnow
    from visitplanner.store.queries import find_visit

    kind = getattr(args, "sheet_kind", None) or args.kind
    what = {"drivers": "driver sheets", "catering": "caterer sheet", "namecards": "name cards"}[kind]
    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        warnings: list[str] = []
        language = getattr(args, "lang", None) or "en"
        pages = write_sheets(
            session,
            visit.id,
            kind,
            args.output,
            now=utcnow(),
            restricted=args.restricted,
            warn=warnings.append,
            language=language,
        )
        variant = " (restricted: with names)" if args.restricted else ""
        if language != "en":
            variant += f" in {DocumentLanguage(language).label}"
        print(f"Wrote the {what}{variant} of '{visit.slug}' ({_pages(pages)}) to {args.output}", file=out)
    _warn(warnings)
    return 0


def export_programme(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`export programme VISIT [--edition NAME] [--lang en|ko] [--bilingual] -o FILE`."""
    from visitplanner.exporters.programme import languages_of, write_programme
    from visitplanner.services.base import utcnow
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        warnings: list[str] = []
        pages = write_programme(
            session,
            visit.id,
            args.output,
            now=utcnow(),
            edition=args.edition,
            language=args.lang,
            bilingual=args.bilingual,
            warn=warnings.append,
        )
        written = " and ".join(w.language.label for w in languages_of(args.lang, args.bilingual))
        print(
            f"Wrote the programme of '{visit.slug}' ({printable(args.edition)} edition) in {written} "
            f"({_pages(pages)}) to {args.output}",
            file=out,
        )
    _warn(warnings)
    return 0


def record_issue(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`issue VISIT`: record the next issue of the pack and print its number."""
    from visitplanner.services import issues
    from visitplanner.services.base import utcnow
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    with db.session() as session:
        visit = find_visit(session, args.visit)
        issues.record_issue(session, visit.id, now=utcnow(), issued_by=_user())
        number, slug = visit.issue_number, visit.slug
    # only once it is committed
    print(f"Recorded issue {number} of the '{slug}' briefing pack.", file=out)
    print(f"Export it with: visitplanner export briefing {slug} -o {slug}-issue-{number}.pdf", file=out)
    return 0


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"
