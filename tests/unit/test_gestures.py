"""What drags, resizes, venue changes and new engagements on the itinerary mean for a plan (no Qt)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from visitplanner.domain import gestures
from visitplanner.domain.enums import EngagementKind
from visitplanner.domain.errors import UserError
from visitplanner.domain.gestures import ANY_LANE, NO_VENUE_LANE, TRANSFER_LANE
from visitplanner.domain.timerange import UTC
from visitplanner.domain.values import EngagementData

LONDON = ZoneInfo("Europe/London")
ROOMS = {1: [11, 12], 2: [21], 3: [], 4: [11, 41]}  # venue id -> its rooms


def rooms_of(venue_id: int | None) -> list[int]:
    return ROOMS.get(venue_id, []) if venue_id is not None else []


def meeting(venue_id: int | None = 1, room_id: int | None = 11, hour: int = 10) -> EngagementData:
    start = datetime(2027, 5, 11, hour, tzinfo=UTC)
    return EngagementData(
        EngagementKind.MEETING, "Talks", start, start + timedelta(minutes=90), venue_id=venue_id, room_id=room_id
    )


def transfer() -> EngagementData:
    start = datetime(2027, 5, 11, 12, tzinfo=UTC)
    return EngagementData(
        EngagementKind.TRANSFER, "Drive", start, start + timedelta(minutes=40), venue_id=2, origin_venue_id=1
    )


def test_a_drop_into_another_venue_keeps_the_room_only_if_that_venue_has_it() -> None:
    moved = gestures.dropped(meeting(room_id=11), timedelta(minutes=30), ("venue", 2), rooms_of)
    assert (moved.venue_id, moved.room_id) == (2, None)
    assert moved.start == datetime(2027, 5, 11, 10, 30, tzinfo=UTC)
    assert moved.end - moved.start == timedelta(minutes=90)
    assert gestures.dropped(meeting(room_id=11), timedelta(), ("venue", 4), rooms_of).room_id == 11


def test_a_drop_into_the_no_venue_lane_clears_venue_and_room() -> None:
    moved = gestures.dropped(meeting(), timedelta(), NO_VENUE_LANE, rooms_of)
    assert (moved.venue_id, moved.room_id) == (None, None)


def test_a_drop_within_the_venue_keeps_the_room() -> None:
    moved = gestures.dropped(meeting(room_id=12), timedelta(minutes=-15), ("venue", 1), rooms_of)
    assert (moved.venue_id, moved.room_id) == (1, 12)
    assert moved.start == datetime(2027, 5, 11, 9, 45, tzinfo=UTC)


def test_a_transfer_keeps_its_places_wherever_it_is_dropped() -> None:
    for lane in (TRANSFER_LANE, ("venue", 3)):
        moved = gestures.dropped(transfer(), timedelta(minutes=5), lane, rooms_of)
        assert (moved.origin_venue_id, moved.venue_id) == (1, 2)
        assert moved.start == datetime(2027, 5, 11, 12, 5, tzinfo=UTC)


def test_only_transfers_go_into_the_transfer_lane() -> None:
    assert gestures.accepts(TRANSFER_LANE, EngagementKind.TRANSFER)
    assert not gestures.accepts(TRANSFER_LANE, EngagementKind.MEETING)
    assert not gestures.accepts(("venue", 1), EngagementKind.TRANSFER)
    assert gestures.accepts(NO_VENUE_LANE, EngagementKind.MEAL)


def test_a_whole_visit_day_column_takes_any_engagement_and_keeps_its_places() -> None:
    assert gestures.accepts(ANY_LANE, EngagementKind.TRANSFER) and gestures.accepts(ANY_LANE, EngagementKind.MEETING)
    moved = gestures.dropped(meeting(room_id=12), timedelta(days=1), ANY_LANE, rooms_of)
    assert (moved.venue_id, moved.room_id) == (1, 12)
    assert moved.start == datetime(2027, 5, 12, 10, tzinfo=UTC)


def test_lane_of() -> None:
    assert gestures.lane_of(meeting(venue_id=3)) == ("venue", 3)
    assert gestures.lane_of(meeting(venue_id=None, room_id=None)) == NO_VENUE_LANE
    assert gestures.lane_of(transfer()) == TRANSFER_LANE


def test_a_venue_change_keeps_the_room_only_if_the_venue_has_it() -> None:
    assert gestures.at_venue(meeting(room_id=12), 1, rooms_of(1)).room_id == 12
    assert gestures.at_venue(meeting(room_id=12), 2, rooms_of(2)).room_id is None
    assert gestures.at_venue(meeting(room_id=None), 3, rooms_of(3)).room_id is None


def test_snapping_keeps_a_moved_block_inside_the_day() -> None:
    day = 24 * 60
    assert gestures.snapped_top(62.4, 60, day) == 60
    assert gestures.snapped_top(63, 60, day) == 65
    assert gestures.snapped_top(-20, 60, day) == 0
    assert gestures.snapped_top(day - 10, 60, day) == day - 60
    assert gestures.snapped_top(37, 15, day, step=15) == 30


def test_a_resized_block_is_at_least_one_step_long_and_ends_by_the_end_of_the_day() -> None:
    day = 23 * 60  # the spring-forward day
    assert gestures.snapped_bottom(122, 60, day) == 120
    assert gestures.snapped_bottom(40, 60, day) == 60 + gestures.SNAP_MINUTES
    assert gestures.snapped_bottom(day + 50, 60, day) == day


def test_on_day_is_an_overlap_with_the_local_day() -> None:
    day = date(2027, 5, 11)  # London is at UTC+1: the day is 23:00 UTC the 10th to 23:00 UTC the 11th

    def on_day(start: tuple[int, int], end: tuple[int, int]) -> bool:
        return gestures.on_day(datetime(2027, 5, *start, tzinfo=UTC), datetime(2027, 5, *end, tzinfo=UTC), day, LONDON)

    assert on_day((10, 22), (11, 0))
    assert not on_day((10, 22), (10, 23))  # ends as the day begins
    assert not on_day((11, 23), (12, 1))  # begins as the day ends


def test_starting_at_keeps_the_length() -> None:
    moved = gestures.starting_at(meeting(), datetime(2027, 5, 12, 8, tzinfo=UTC))
    assert (moved.start, moved.end) == (datetime(2027, 5, 12, 8, tzinfo=UTC), datetime(2027, 5, 12, 9, 30, tzinfo=UTC))


def test_a_wall_time_moves_on_the_local_day_and_refuses_a_skipped_time() -> None:
    moved = gestures.at_wall_time(meeting(), time(14, 15), LONDON)
    assert moved.start == datetime(2027, 5, 11, 13, 15, tzinfo=UTC)  # 14:15 BST
    assert moved.end - moved.start == timedelta(minutes=90)
    spring = EngagementData(
        EngagementKind.MEETING,
        "Early",
        datetime(2027, 3, 28, 5, tzinfo=UTC),
        datetime(2027, 3, 28, 6, tzinfo=UTC),
    )
    with pytest.raises(UserError, match="does not exist"):
        gestures.at_wall_time(spring, time(1, 30), LONDON)


def test_a_new_engagement_follows_the_selected_one_else_starts_at_nine() -> None:
    day = date(2027, 5, 11)
    after = gestures.new_engagement(day, LONDON, None, None, meeting(venue_id=2, room_id=21))
    assert (after.kind, after.start, after.venue_id) == (EngagementKind.MEETING, meeting().end, 2)
    assert after.end - after.start == timedelta(hours=1)
    fresh = gestures.new_engagement(day, LONDON, None, None, None)
    assert (fresh.start, fresh.venue_id) == (datetime(2027, 5, 11, 8, tzinfo=UTC), None)


def test_a_new_engagement_takes_its_kind_or_venue_from_the_lane() -> None:
    day, at = date(2027, 5, 11), datetime(2027, 5, 11, 15, tzinfo=UTC)
    in_venue = gestures.new_engagement(day, LONDON, at, ("venue", 3), meeting(venue_id=2))
    assert (in_venue.kind, in_venue.start, in_venue.venue_id) == (EngagementKind.MEETING, at, 3)
    drive = gestures.new_engagement(day, LONDON, None, TRANSFER_LANE, meeting(venue_id=2))
    assert (drive.kind, drive.venue_id) == (EngagementKind.TRANSFER, 2)
    nowhere = gestures.new_engagement(day, LONDON, at, NO_VENUE_LANE, None)
    assert nowhere.venue_id is None
