"""Times a personal itinerary in Korean against the same itinerary in English, in the same run, and
prints both times and their ratio (target: the Korean one within 1.10x of the English one).

Two itineraries: the demo's Mayor of Busan, and the principal of the first team of the synthetic
300-attendee, 5-day visit of `bench_briefing.py` (30 engagements, each listing some 28 people), its
venues and rooms given Korean names so the Korean one has them to print."""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from tests.benchmarks.bench_briefing import build_visit
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import Role, Side
from visitplanner.exporters.itinerary import build_itinerary
from visitplanner.exporters.pdf_fonts import fonts
from visitplanner.services import venues
from visitplanner.services.demo import build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Attendee, Room, Venue

NOW = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
TARGET = 1.10


def _give_korean_names(db: Database) -> None:
    with db.session() as s:
        for venue in s.scalars(select(Venue)).all():
            venues.update_venue(s, venue.id, replace(venues.venue_data(venue), native_name=f"{venue.name} 센터"))
        for room in s.scalars(select(Room)).all():
            venues.update_room(s, room.id, replace(venues.room_data(room), native_name=f"{room.name} 회의실"))


def _principal(db: Database, visit_id: int) -> int:
    with db.reading() as s:
        return int(
            s.scalars(
                select(Attendee.id)
                .where(Attendee.visit_id == visit_id, Attendee.side == Side.VISITING, Attendee.role == Role.PRINCIPAL)
                .order_by(Attendee.id)
            ).first()
            or 0
        )


def _timed_pair(runs: int, english: Callable[[], bytes], korean: Callable[[], bytes]) -> tuple[float, float]:
    """Best of `runs` of each, interleaved (so a busy moment of the machine hits both alike)."""
    best_en = best_ko = float("inf")
    for _ in range(runs):
        for work, which in ((english, "en"), (korean, "ko")):
            gc.collect()
            started = time.perf_counter()
            work()
            took = time.perf_counter() - started
            if which == "en":
                best_en = min(best_en, took)
            else:
                best_ko = min(best_ko, took)
    return best_en, best_ko


def _measure(label: str, db: Database, visit_id: int, attendee_id: int, runs: int) -> float:
    def itinerary(language: str) -> Callable[[], bytes]:
        def build() -> bytes:
            with db.reading() as session:
                return build_itinerary(session, visit_id, attendee_id, now=NOW, language=language)

        return build

    itinerary("en")()  # warm both paths (fonts, parses cached by text) before timing either
    itinerary("ko")()
    english, korean = _timed_pair(runs, itinerary("en"), itinerary("ko"))
    ratio = korean / english
    print(f"{label:<44} {english:>8.3f} {korean:>8.3f} {ratio:>7.2f}x")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="best of this many builds of each (default 3)")
    args = parser.parse_args(argv)
    print(f"itinerary language benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}")
    fonts()  # font registration is a one-off cost of either; not timed
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        demo_db = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        with demo_db.session() as s:
            demo = build_demo(s).created_id(Entity.VISIT)
        large_url = f"sqlite:///{Path(folder) / 'large.sqlite3'}"
        large = build_visit(large_url)
        large_db = open_database(large_url)
        _give_korean_names(large_db)
        print(f"{'itinerary':<44} {'en (s)':>8} {'ko (s)':>8} {'ko/en':>8}")
        ratios.append(_measure("demo: the Mayor of Busan", demo_db, demo, _principal(demo_db, demo), args.runs))
        ratios.append(
            _measure("300 attendees x 5 days: a principal", large_db, large, _principal(large_db, large), args.runs)
        )
        demo_db.close()
        large_db.close()
    worst = max(ratios)
    verdict = "OK" if worst <= TARGET else "OVER"
    print(f"worst ratio Korean / English: {worst:.2f}x (target: within {TARGET:.2f}x) -> {verdict}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
