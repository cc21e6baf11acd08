"""The hostile corpus through the parsers: read, or refused naming the line or JSON path; never a traceback."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from tests.hostile_corpus import Case, calendar_cases, visit_cases
from visitplanner.domain.errors import UserError
from visitplanner.importers.ical import parse_calendar
from visitplanner.importers.visitfile import parse_visit_document


def _check(case: Case, read: object) -> None:
    assert callable(read)
    started = time.perf_counter()
    try:
        read()
    except UserError as exc:
        assert case.expect is not None, f"{case.name}: refused: {exc}"
        assert re.search(case.expect, str(exc)), f"{case.name}: {exc}"
    else:
        assert case.expect is None, f"{case.name}: read, but should be refused ({case.expect})"
    assert time.perf_counter() - started < 20, f"{case.name}: too slow"


@pytest.mark.parametrize("case", calendar_cases(), ids=lambda c: c.name)
def test_hostile_calendar(case: Case) -> None:
    _check(
        case,
        lambda: parse_calendar(
            case.data, visit_start=date(2027, 5, 11), visit_end=date(2027, 5, 12), visit_zone="Europe/London"
        ),
    )


@pytest.mark.parametrize("case", visit_cases(), ids=lambda c: c.name)
def test_hostile_visit_file(case: Case) -> None:
    def read() -> object:
        try:
            text = case.data.decode("utf-8")
        except UnicodeDecodeError:
            from pathlib import Path
            from tempfile import TemporaryDirectory

            from visitplanner.importers.visitfile import read_visit_file

            with TemporaryDirectory() as folder:
                path = Path(folder) / case.name
                path.write_bytes(case.data)
                return read_visit_file(path)
        return parse_visit_document(text.removeprefix("\ufeff"))

    _check(case, read)


@pytest.mark.parametrize(
    ("rule", "matches"),
    [
        ("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", False),
        ("FREQ=DAILY;BYMONTH=4,6,9,11;BYMONTHDAY=31", False),
        ("FREQ=HOURLY;BYYEARDAY=366;BYMONTH=1", False),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", True),  # leap years
        ("FREQ=MINUTELY;BYDAY=MO;BYMONTHDAY=13", True),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", True),  # steps by years: no need to look
        ("FREQ=DAILY", True),
    ],
)
def test_rules_whose_days_never_come_are_found_at_once(rule: str, matches: bool) -> None:
    """dateutil steps day by day to the year 9999 (over 10 s) looking for such a day."""
    from visitplanner.importers.ical import _some_day_matches

    started = time.perf_counter()
    assert _some_day_matches(rule) is matches
    assert time.perf_counter() - started < 2
