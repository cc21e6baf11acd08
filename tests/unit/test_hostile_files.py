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
