"""Times auto-seating 500 guests at 50 round tables against a floor measured in the same run: sorting
the same guests by precedence (what any seating must at least do), and prints the ratio.

    .venv/bin/python tests/benchmarks/bench_seating.py [--runs N] [--guests N] [--tables N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.seating import (
    SeatingGuest,
    SeatingLayout,
    SeatingStyle,
    TableData,
    TableShape,
    auto_seat,
    precedence_key,
)

TARGET_SECONDS = 1.0  # the bound for 500 guests at 50 tables


def guests(count: int) -> list[SeatingGuest]:
    rng = random.Random(14)
    people = []
    for i in range(count):
        side = Side.VISITING if i % 2 else Side.HOST
        role = Role.PRINCIPAL if i < 2 else Role.INTERPRETER if i % 97 == 5 else Role.DELEGATE
        people.append(
            SeatingGuest(
                i + 1,
                f"Guest {i:04d}",
                side,
                role,
                i // 2 + 1,
                rng.choice([("ko",), ("en",), ("ko", "en")]),
                role is Role.INTERPRETER,
            )
        )
    rng.shuffle(people)
    return people


def with_unnamed(people: list[SeatingGuest], unnamed: int) -> list[SeatingGuest]:
    """The last `unnamed` people replaced by unnamed guests: half accompany someone (seated beside
    them), half nobody (at the end of their side)."""
    named = people[: len(people) - unnamed]
    ids = [p.attendee_id for p in named if p.attendee_id is not None]
    extra = [
        SeatingGuest(
            None,
            f"Unnamed {n}",
            Side.VISITING if n % 2 else Side.HOST,
            guest=n,
            accompanies=ids[(n * 7) % len(ids)] if n % 2 else None,
        )
        for n in range(1, unnamed + 1)
    ]
    return named + extra


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--guests", type=int, default=500)
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--unnamed", type=int, default=100, help="of the guests, how many are unnamed guests")
    args = parser.parse_args()
    attendees = guests(args.guests)
    mixes = [
        ("attendees", attendees),
        (f"{args.unnamed} of them unnamed guests", with_unnamed(attendees, args.unnamed)),
    ]
    seats = -(-args.guests // args.tables)
    tables = tuple(
        TableData(f"Table {n + 1}", TableShape.ROUND, seats, 3.5 * (n % 10), 3.5 * (n // 10))
        for n in range(args.tables)
    )
    for (what, people), style in ((m, s) for m in mixes for s in SeatingStyle):
        layout = SeatingLayout(style, tables)
        placements = auto_seat(layout, people)
        assert len({p.sitter for p in placements}) == len(people)
        floor = best(args.runs, lambda people=people: sorted(people, key=precedence_key))
        seated = best(args.runs, lambda layout=layout, people=people: auto_seat(layout, people))
        verdict = "ok" if seated < TARGET_SECONDS else "SLOWER THAN 1 s"
        print(
            f"auto-seat {len(people)} guests ({what}) at {args.tables} tables ({style.value}): "
            f"{seated * 1000:.1f} ms; sorting them by precedence: {floor * 1000:.3f} ms; "
            f"ratio {seated / floor:.0f}x; {verdict}"
        )


if __name__ == "__main__":
    main()
