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
        help="change a limit, e.g. --set interpreting_daily_minutes=300, --set declaration_threshold=250.00 or "
        "--set 'declaration_rates=KRW=0.00058, EUR=0.86' (repeatable; all or nothing)",
    )
    limits.add_argument("--format", choices=("text", "json"), default="text")


def shown(limit: Limit, options: CheckOptions) -> str:
    """A limit's value as people read it: "45 min", "rank 3", "GBP 140.00", "GBP"."""
    from visitplanner.domain.office import rates_text
    from visitplanner.domain.values import money

    value = getattr(options, limit.name)
    if limit.unit == "minutes":
        return f"{value} min"
    if limit.unit == "rank":
        return f"rank {value}"
    if limit.unit == "amount":
        return money(value, options.declaration_currency)
    if limit.unit == "rates":
        return rates_text(value) or "none"
    return str(value)


def as_json(limit: Limit, options: CheckOptions) -> object:
    """A limit's value in the JSON output: the rates as {"KRW": "0.00058"} (exact decimals)."""
    value = getattr(options, limit.name)
    return dict(value) if limit.unit == "rates" else value


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
            "limits": {limit.name: as_json(limit, options) for limit in LIMITS},
            "defaults": {limit.name: as_json(limit, DEFAULT_OPTIONS) for limit in LIMITS},
        }
        out.write(json.dumps(document, indent=2) + "\n")
        return 0
    width = max(len(limit.name) for limit in LIMITS)
    for limit in LIMITS:
        value = shown(limit, options)
        mark = (
            ""
            if getattr(options, limit.name) == getattr(DEFAULT_OPTIONS, limit.name)
            else f"  (default {shown(limit, DEFAULT_OPTIONS)})"
        )
        print(f"{limit.name:<{width}}  {value:<12} {limit.label}: {limit.help}{mark}", file=out)
    print(f"The office's limits in {db.display_name}: every officer and `visitplanner check` use them.", file=out)
    return 0
