"""Differential: every calendar VisitPlanner exports, and every calendar of the test corpora, reads the
same through the quick reader (importers/ical_fast.py) as through icalendar's parser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.hostile_corpus import calendar_cases
from tests.interop.conftest import Exports
from tests.store.test_ical_import import OUTLOOK
from tests.unit.test_ical_fast import same_both_ways, takes_fast_way
from visitplanner.importers.ical import CalendarImport, parse_calendar

GOLDEN = Path(__file__).parents[1] / "store" / "golden"
#: Windows wide enough for every export (the demo in May 2027, the autumn visit, the year of zones).
WINDOWS = (
    (date(2027, 5, 10), date(2027, 5, 13), "Europe/London"),
    (date(2026, 10, 23), date(2026, 10, 27), "Asia/Seoul"),
    (date(2026, 1, 1), date(2027, 12, 31), "Pacific/Chatham"),
)


def _both(data: bytes, first: date, last: date, zone: str) -> CalendarImport | str:
    results = []
    for fast in (True, False):
        try:
            results.append(parse_calendar(data, visit_start=first, visit_end=last, visit_zone=zone, fast=fast))
        except Exception as exc:  # compared, whatever it is
            results.append(f"{type(exc).__name__}: {exc}")
    assert results[0] == results[1]
    return results[0]


def test_every_export_takes_the_quick_way_and_reads_the_same(exports: Exports) -> None:
    assert len(exports.items) >= 10
    for export in exports.items:
        assert takes_fast_way(export.data), export.name
        for first, last, zone in WINDOWS:
            found = _both(export.data, first, last, zone)
            assert isinstance(found, CalendarImport), (export.name, found)
        whole = _both(export.data, *WINDOWS[2])
        assert isinstance(whole, CalendarImport)
        if export.name.startswith(("demo", "autumn", "zones")):
            assert {e.uid for e in whole.events} >= set(export.expected), export.name


@pytest.mark.parametrize("case", calendar_cases(), ids=lambda c: c.name)
def test_the_hostile_corpus_reads_the_same_both_ways(case: object) -> None:
    data = getattr(case, "data")  # noqa: B009 - the Case of tests/hostile_corpus.py
    same_both_ways(data)
    _both(data, date(2027, 5, 11), date(2027, 5, 12), "Europe/London")


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.ics*")), ids=lambda p: p.name)
def test_the_golden_exports_read_the_same_both_ways(path: Path) -> None:
    data = path.read_bytes()
    assert takes_fast_way(data)
    assert isinstance(_both(data, *WINDOWS[0]), CalendarImport)


def test_an_outlook_file_reads_the_same_both_ways() -> None:
    data = OUTLOOK.format(seq=1, title="Briefing, 부산", hour=10, end=11, location="Town Hall").encode("utf-8")
    assert takes_fast_way(data)
    found = _both(data, *WINDOWS[0])
    assert isinstance(found, CalendarImport) and found.events
