"""Time ranges, overlaps and wall-clock times across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import (
    UTC,
    TimeRange,
    gap_minutes,
    local_datetime,
    local_day_bounds,
    overlaps,
    require_wall_time,
    snap,
    zone,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((9, 10), (10, 11), False),  # back to back
        ((9, 11), (10, 12), True),
        ((9, 12), (10, 11), True),
        ((10, 11), (9, 10), False),
        ((9, 10), (9, 10), True),
    ],
)
def test_overlaps_is_half_open(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    def at(h: int) -> datetime:
        return datetime(2027, 5, 11, h, tzinfo=UTC)

    assert overlaps(at(a[0]), at(a[1]), at(b[0]), at(b[1])) is expected
    assert TimeRange(at(a[0]), at(a[1])).overlaps(TimeRange(at(b[0]), at(b[1]))) is expected


def test_time_range_refuses_naive_and_reversed() -> None:
    with pytest.raises(UserError, match="time zone"):
        TimeRange(datetime(2027, 5, 11, 9), datetime(2027, 5, 11, 10))
    with pytest.raises(UserError, match="after the start"):
        TimeRange(datetime(2027, 5, 11, 10, tzinfo=UTC), datetime(2027, 5, 11, 9, tzinfo=UTC))


def test_wall_time_in_the_spring_gap_lands_after_it() -> None:
    """28 Mar 2027: London jumps from 01:00 GMT to 02:00 BST; 01:30 does not exist."""
    instant = local_datetime(date(2027, 3, 28), time(1, 30), LONDON)
    assert instant == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert instant.astimezone(LONDON).strftime("%H:%M %Z") == "02:30 BST"


def test_wall_time_in_the_autumn_fold_is_the_first_occurrence() -> None:
    """25 Oct 2026: 01:30 happens twice in London; the first is BST (00:30 UTC)."""
    assert local_datetime(date(2026, 10, 25), time(1, 30), LONDON) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_day_with_the_autumn_change_has_25_hours() -> None:
    start, end = local_day_bounds(date(2026, 10, 25), LONDON)
    assert end - start == timedelta(hours=25)
    start, end = local_day_bounds(date(2027, 3, 28), LONDON)
    assert end - start == timedelta(hours=23)


def test_zone_names_the_field() -> None:
    with pytest.raises(UserError) as info:
        zone("GMT Standard Time", "home_time_zone")
    assert info.value.field == "home_time_zone"
    assert zone("Asia/Seoul").key == "Asia/Seoul"


def test_snap_to_five_minutes() -> None:
    assert snap(datetime(2027, 5, 11, 9, 3, tzinfo=UTC), 5) == datetime(2027, 5, 11, 9, 5, tzinfo=UTC)
    assert snap(datetime(2027, 5, 11, 9, 2, tzinfo=UTC), 5) == datetime(2027, 5, 11, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone_name", "day", "at", "jump"),
    [
        ("Europe/London", date(2027, 3, 28), time(1, 30), 60),  # 01:00 GMT → 02:00 BST
        ("Europe/London", date(2027, 3, 28), time(0, 59), 0),
        ("Europe/London", date(2027, 3, 28), time(2, 0), 0),
        ("America/New_York", date(2027, 3, 14), time(2, 0), 60),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), 30),  # a half-hour change
        ("Europe/London", date(2027, 10, 31), time(1, 30), 0),  # falling back: it exists twice, not never
        ("Asia/Seoul", date(2027, 3, 28), time(1, 30), 0),
    ],
)
def test_gap_minutes(zone_name: str, day: date, at: time, jump: int) -> None:
    assert gap_minutes(day, at, ZoneInfo(zone_name)) == jump


def test_require_wall_time_names_the_time_the_day_and_the_jump() -> None:
    with pytest.raises(
        UserError,
        match=r"^start: 02:15 does not exist on Sun 4 Oct 2026 in Australia/Lord_Howe: "
        r"the clocks go forward 30 minutes that night",
    ) as caught:
        require_wall_time(date(2026, 10, 4), time(2, 15), ZoneInfo("Australia/Lord_Howe"), "start")
    assert caught.value.field == "start"
    require_wall_time(date(2026, 10, 4), time(2, 30), ZoneInfo("Australia/Lord_Howe"), "start")


def test_time_span_names_the_zone_in_the_hour_that_repeats() -> None:
    from visitplanner.domain.formatting import time_span

    london = ZoneInfo("Europe/London")
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT, an hour later
    assert time_span(first, first + timedelta(minutes=15), london) == "01:30 BST–01:45 BST"
    assert time_span(second, second + timedelta(minutes=15), london) == "01:30 GMT–01:45 GMT"
    assert time_span(first, second + timedelta(hours=1), london) == "01:30 BST–02:30 GMT"
    ordinary = datetime(2027, 10, 31, 10, 0, tzinfo=UTC)
    assert time_span(ordinary, ordinary + timedelta(hours=1), london) == "10:00–11:00"
