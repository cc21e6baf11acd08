"""Times the checks engine on synthetic visits of 2k, 20k and 200k engagements and prints how cost grows."""

from __future__ import annotations

import argparse
import gc
import itertools
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find synthetic.py

from synthetic import synthetic_visit

from visitplanner.domain.checks import CheckInput, Finding, run_checks

SIZES = (2_000, 20_000, 200_000)
TARGET_20K_SECONDS = 0.2


def best_of(runs: int, work: Callable[[], object], collector: bool = True) -> float:
    """The shortest wall-clock time of `runs` calls of `work`, each after a full collection.

    With `collector` false the garbage collector is paused during each call: the difference
    shows how much of the time is the collector walking the (large) input, not the checks.
    """
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        if not collector:
            gc.disable()
        try:
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(SIZES),
        help="engagement counts to time (default: 2000 20000 200000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs below 100k engagements")
    args = parser.parse_args(argv)

    print(f"checks benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}")
    print(
        "columns: build = generating the visit; sort = baseline from this run (sorting the engagements "
        "by start); checks = run_checks; no-gc = run_checks with the garbage collector paused"
    )
    print(
        f"{'engagements':>11} {'attendances':>11} {'people':>6} {'build s':>8} {'sort s':>7} "
        f"{'checks s':>9} {'/sort':>6} {'no-gc s':>8} {'findings':>8}  by code"
    )
    times: dict[int, float] = {}
    for size in args.sizes:
        started = time.perf_counter()
        data = synthetic_visit(size).data
        built = time.perf_counter() - started
        runs = args.runs if size < 100_000 else 1
        findings: list[Finding] = []

        def check(data: CheckInput = data, findings: list[Finding] = findings) -> None:
            findings[:] = run_checks(data)

        def sort_only(data: CheckInput = data) -> None:
            sorted(data.engagements, key=lambda e: (e.start, e.end, e.id))

        baseline = best_of(runs, sort_only)
        elapsed = best_of(runs, check)
        paused = best_of(runs, check, collector=False)
        times[size] = elapsed
        codes = ", ".join(f"{code} {n}" for code, n in sorted(Counter(f.code for f in findings).items()))
        print(
            f"{len(data.engagements):>11} {len(data.attendances):>11} {len(data.attendees):>6} "
            f"{built:>8.3f} {baseline:>7.4f} {elapsed:>9.4f} {elapsed / baseline:>6.1f} {paused:>8.4f} "
            f"{len(findings):>8}  {codes}"
        )

    for small, large in itertools.pairwise(sorted(times)):
        print(
            f"growth {large // 1000}k / {small // 1000}k: {times[large] / times[small]:5.1f} "
            f"(linear would be {large / small:.0f})"
        )
    if 20_000 in times:
        verdict = "met" if times[20_000] < TARGET_20K_SECONDS else "MISSED"
        print(f"target: 20k engagements in < {TARGET_20K_SECONDS} s: {verdict} ({times[20_000]:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
