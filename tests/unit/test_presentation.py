"""How places, ranges and the vocabularies' labels are written: one rule each, used everywhere."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from visitplanner.domain import enums
from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side, TravelMode, Vocabulary
from visitplanner.domain.findings import Severity
from visitplanner.domain.formatting import clock_span, date_range, place, route, span, time_span
from visitplanner.domain.hours import DAY_NAMES, WEEKDAYS

PACKAGE = Path(__file__).resolve().parents[2] / "visitplanner"
LONDON = ZoneInfo("Europe/London")


def test_a_range_takes_the_en_dash() -> None:
    assert span("09:00", "10:30") == "09:00–10:30"
    assert span("Mon", "Fri") == "Mon–Fri"
    assert span("30 April", "2 May 2027", spaced=True) == "30 April – 2 May 2027"
    assert clock_span(time(18), time(2)) == "18:00–02:00"


def test_time_and_date_ranges_go_through_span() -> None:
    start = datetime(2027, 5, 11, 8, 15, tzinfo=ZoneInfo("UTC"))
    assert time_span(start, start.replace(hour=9), LONDON) == "09:15–10:15"
    assert time_span(start, start.replace(day=12, hour=1), LONDON, date(2027, 5, 11)) == "09:15–Wed 02:15"
    assert date_range(date(2027, 5, 11), date(2027, 5, 12)) == "11–12 May 2027"
    assert date_range(date(2027, 4, 30), date(2027, 5, 2)) == "30 April – 2 May 2027"
    assert date_range(date(2027, 12, 30), date(2028, 1, 2)) == "30 December 2027 – 2 January 2028"


def test_a_place_is_room_then_venue_and_a_transfer_a_route() -> None:
    assert place("Pullman Liverpool", "Private Dining Room") == "Private Dining Room, Pullman Liverpool"
    assert place("Pullman Liverpool") == "Pullman Liverpool"
    assert place("Pullman Liverpool", "") == "Pullman Liverpool"
    assert route("Pullman Liverpool", "Town Hall") == "Pullman Liverpool → Town Hall"


def test_labels_are_capitalised_words() -> None:
    assert EngagementKind.FREE_TIME.label == "Free time"
    assert Role.INTERPRETER.label == "Interpreter"
    assert AttendancePart.SIGNATORY.label == "Signatory"
    assert TravelMode.CAR.label == "Car"
    vocabularies = [v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, Vocabulary)]
    assert len(vocabularies) > 8
    for vocabulary in [*vocabularies, Severity]:
        for member in vocabulary:
            assert member.label[0].isupper() and "_" not in member.label, member


def test_one_word_for_each_side_and_each_severity() -> None:
    assert [s.label for s in Side] == ["Visiting", "Host", "Staff"]
    assert [s.group for s in Side] == ["Delegation", "Hosts", "Support"]
    assert [s.label for s in Severity] == ["Error", "Warning", "Note"]


def test_day_names_follow_the_weekdays() -> None:
    assert [DAY_NAMES[d] for d in WEEKDAYS][:2] == ["Monday", "Tuesday"]
    assert DAY_NAMES["sun"] == "Sunday"


# Two wall-clock times joined by a hyphen, a minus or an em dash, built by an f-string.
HYPHENATED = re.compile(r"%H:%M\}?\s*[-—−]\s*\{")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_joins_two_times_with_anything_but_the_en_dash(path: Path) -> None:
    assert not HYPHENATED.findall(path.read_text("utf-8"))


def test_the_scan_would_find_a_hyphen() -> None:
    assert HYPHENATED.findall('f"{a:%H:%M}-{b:%H:%M}"') and HYPHENATED.findall('f"{a:%H:%M} — {b}"')
    assert not HYPHENATED.findall('f"{a:%H:%M}–{b:%H:%M}"')
