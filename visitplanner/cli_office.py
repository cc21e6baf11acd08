"""The `limits` command: show or change the office's limits the checks apply (kept in the database)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from visitplanner.domain.findings import CheckOptions
from visitplanner.domain.office import LIMITS, Limit


def add_parsers(commands: Any) -> None:
    limits = commands.add_parser(
        "limits",
        help="show the office's limits the checks apply (interpreters, margins, gifts, travel buffer), "
        "or change them with --set",
    )
    limits.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a limit, e.g. --set interpreting_daily_minutes=300 or --set declaration_threshold=250.00 "
        "(repeatable; all or nothing)",
    )
    limits.add_argument("--format", choices=("text", "json"), default="text")


def shown(limit: Limit, options: CheckOptions) -> str:
    """A limit's value as people read it: "45 min", "rank 3", "GBP 140.00", "GBP"."""
    from visitplanner.domain.values import money

    value = getattr(options, limit.name)
    if limit.unit == "minutes":
        return f"{value} min"
    if limit.unit == "rank":
        return f"rank {value}"
    if limit.unit == "amount":
        return money(value, options.declaration_currency)
    return str(value)


def limits(db: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Print the limits (after applying --set, all or nothing, through the office service)."""
    import json

    from visitplanner.domain.findings import DEFAULT_OPTIONS
    from visitplanner.domain.office import with_limits
    from visitplanner.services.office import office_check_options, set_check_options
    from visitplanner.store.database import Database

    assert isinstance(db, Database)
    if args.assignments:
        with db.session() as session:
            current = office_check_options(session)
            set_check_options(session, with_limits(current, args.assignments), expected=current)
    with db.reading() as session:
        options = office_check_options(session)
    if args.format == "json":
        document = {
            "limits": {limit.name: getattr(options, limit.name) for limit in LIMITS},
            "defaults": {limit.name: limit.default for limit in LIMITS},
        }
        out.write(json.dumps(document, indent=2) + "\n")
        return 0
    width = max(len(limit.name) for limit in LIMITS)
    for limit in LIMITS:
        value = shown(limit, options)
        mark = "" if getattr(options, limit.name) == limit.default else f"  (default {shown(limit, DEFAULT_OPTIONS)})"
        print(f"{limit.name:<{width}}  {value:<12} {limit.label}: {limit.help}{mark}", file=out)
    print(f"The office's limits in {db.display_name}: every officer and `visitplanner check` use them.", file=out)
    return 0
