"""The `import attendees` and `export attendees` commands: a visit's attendee list from and to a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from visitplanner.domain.enums import Role, Side


def add_import_parser(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub = kinds.add_parser(
        "attendees", help="a delegation list (CSV or XLSX) into a visit: preview with --dry-run, all or nothing"
    )
    sub.add_argument("visit", help="visit id or slug")
    sub.add_argument("file", help="the spreadsheet (.csv or .xlsx)")
    sub.add_argument("--sheet", metavar="NAME", help="the worksheet to read (default: the first)")
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="what a column holds, overriding the recognised headers or the mapping remembered for them "
        "(FIELD 'ignore' skips it); repeatable; an import remembers the mapping for the next file with these headers",
    )
    sub.add_argument(
        "--side", choices=[s.value for s in Side], default=Side.VISITING.value, help="for rows without one"
    )
    sub.add_argument(
        "--role", choices=[r.value for r in Role], default=Role.DELEGATE.value, help="for rows without one"
    )
    sub.add_argument("--encoding", metavar="CODEC", help="a CSV's encoding when detection gets it wrong (e.g. cp949)")
    sub.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")


def import_attendees(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner import attendees VISIT FILE [--sheet NAME] [--map COLUMN=FIELD ...] [--dry-run]`."""
    from visitplanner.domain.formatting import printable
    from visitplanner.importers.attendee_sheet import (
        apply_overrides,
        mapping_key,
        parse_rows,
        recognise,
        remembered_targets,
    )
    from visitplanner.importers.sheet import read_sheet
    from visitplanner.services.attendee_import import ImportOptions, import_attendees, preview_import
    from visitplanner.store.database import Database
    from visitplanner.store.queries import find_visit, sheet_mapping

    assert isinstance(db, Database)
    sheet = read_sheet(Path(args.file), args.sheet, encoding=args.encoding)
    key = mapping_key(sheet.headers)
    with db.reading() as session:
        remembered = remembered_targets(sheet_mapping(session, key), sheet.headers)
    targets = apply_overrides(sheet.headers, remembered or recognise(sheet.headers), args.map)
    print(
        f"{printable(Path(args.file).name)}: sheet '{printable(sheet.name)}', {sheet.encoding}, {len(sheet.rows)} rows",
        file=out,
    )
    for warning in sheet.warnings:
        print(f"  warning: {printable(warning)}", file=out)
    if remembered is not None:
        print("  (the mapping remembered for these headers; --map changes it)", file=out)
    for header, target in zip(sheet.headers, targets, strict=True):
        print(f"  column '{printable(header)}' → {target.label.lower()}", file=out)
    rows = parse_rows(sheet, targets)
    options = ImportOptions(Side(args.side), Role(args.role))
    if args.dry_run:
        with db.reading() as session:
            visit = find_visit(session, args.visit)
            plan = preview_import(session, visit.id, rows, options)
            slug = visit.slug
    else:
        with db.session() as session:
            visit = find_visit(session, args.visit)
            slug = visit.slug
            mapping = (key, [t.value for t in targets])
            plan = import_attendees(session, visit.id, rows, options, mapping=mapping).plan
    for item in plan.rows:
        how = f" (matched by {item.matched_by})" if item.matched_by else ""
        print(f"row {item.row:>4}  {item.status.value:<9}  {printable(item.name)}{how}", file=out)
        if item.status.value != "unchanged":
            for diff in item.diffs:
                before = f"'{printable(diff.old)}' → " if item.person_id is not None else ""
                print(f"            {diff.label}: {before}'{printable(diff.new)}'", file=out)
    print(f"{plan.summary}", file=out)
    if args.dry_run:
        print("Dry run: nothing was written.", file=out)
    else:
        print(f"Imported into '{slug}' in {db.display_name}.", file=out)
    return 0


def add_export_parser(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub = kinds.add_parser(
        "attendees", help="the attendee list (XLSX or CSV) for hotels, security and caterers, by precedence"
    )
    sub.add_argument("visit", help="visit id or slug")
    sub.add_argument("-o", "--output", required=True, type=Path, help="file to write (.xlsx or .csv)")
    sub.add_argument(
        "--columns",
        metavar="A,B,...",
        help="the columns, in order (default: all but the restricted ones); e.g. family_name,given_names,dietary",
    )
    sub.add_argument(
        "--restricted", action="store_true", help="include restricted columns (phone, dietary, access needs, notes)"
    )
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")


def export_attendees(db: object, args: argparse.Namespace, out: TextIO) -> int:
    """`visitplanner export attendees VISIT -o FILE.xlsx|FILE.csv [--restricted] [--columns ...]`."""
    from visitplanner.exporters.attendee_sheet import write_attendee_sheet
    from visitplanner.store.database import Database
    from visitplanner.store.queries import find_visit

    assert isinstance(db, Database)
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    with db.reading() as session:
        visit = find_visit(session, args.visit)
        count = write_attendee_sheet(session, visit.id, args.output, columns=columns, restricted=args.restricted)
        variant = " (with restricted columns)" if args.restricted else ""
        print(f"Wrote the attendee list{variant} of '{visit.slug}' ({count} attendees) to {args.output}", file=out)
    return 0
