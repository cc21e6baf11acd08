"""What a gesture on the itinerary means for an engagement's plan: drags across lanes, resizes, new ones, pastes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo

from visitplanner.domain.enums import EngagementKind
from visitplanner.domain.timerange import local_datetime, local_day_bounds, overlaps, require_wall_time
from visitplanner.domain.values import EngagementData

#: ("venue", id), ("none", None) for engagements without a venue, ("transfer", None) for transfers.
LaneKey = tuple[str, int | None]
TRANSFER_LANE: LaneKey = ("transfer", None)
NO_VENUE_LANE: LaneKey = ("none", None)
#: a day's one column in the whole-visit view: it takes any engagement, and a drop there keeps its places.
ANY_LANE: LaneKey = ("any", None)
SNAP_MINUTES = 5


def snap_minutes(minutes: float, step: int = SNAP_MINUTES) -> int:
    return round(minutes / step) * step


def snapped_top(minutes: float, length: int, day_minutes: int, step: int = SNAP_MINUTES) -> int:
    """Where something `length` minutes long dragged to `minutes` into the day starts: snapped to
    `step` and kept inside the day."""
    return max(0, min(snap_minutes(minutes, step), day_minutes - length))


def snapped_bottom(minutes: float, top: int, day_minutes: int) -> int:
    """Where a block starting at `top` ends when its bottom edge is dragged to `minutes`: snapped,
    at least one step long and inside the day."""
    return max(top + SNAP_MINUTES, min(snap_minutes(minutes), day_minutes))


def lane_of(data: EngagementData) -> LaneKey:
    if data.kind is EngagementKind.TRANSFER:
        return TRANSFER_LANE
    return ("venue", data.venue_id) if data.venue_id is not None else NO_VENUE_LANE


def accepts(lane: LaneKey, kind: EngagementKind) -> bool:
    """Whether an engagement of `kind` may be dropped into `lane` (transfers only in the transfer lane, and back)."""
    return lane == ANY_LANE or (lane == TRANSFER_LANE) == (kind is EngagementKind.TRANSFER)


def on_day(start: datetime, end: datetime, day: date, tz: tzinfo) -> bool:
    """Whether [start, end) shares an instant with the local calendar `day` in `tz`."""
    return overlaps(start, end, *local_day_bounds(day, tz))


def starting_at(data: EngagementData, start: datetime) -> EngagementData:
    """`data` moved to begin at `start`, keeping its length."""
    return replace(data, start=start, end=start + (data.end - data.start))


def at_wall_time(data: EngagementData, at: time, tz: tzinfo) -> EngagementData:
    """`data` moved to wall-clock `at` on its own local day in `tz`, keeping its length; a time the
    clocks skip is refused with a `UserError`."""
    day = data.start.astimezone(tz).date()
    require_wall_time(day, at, tz, "start")
    return starting_at(data, local_datetime(day, at, tz))


def at_venue(data: EngagementData, venue_id: int | None, venue_rooms: Collection[int]) -> EngagementData:
    """`data` at `venue_id` (whose rooms are `venue_rooms`), keeping its room only if that venue has it."""
    room_id = data.room_id if data.room_id in venue_rooms else None
    return replace(data, venue_id=venue_id, room_id=room_id)


def dropped(
    data: EngagementData, delta: timedelta, lane: LaneKey, rooms_of: Callable[[int | None], Collection[int]]
) -> EngagementData:
    """`data` dragged by `delta` and dropped into `lane`: into a venue's lane (or the no-venue lane)
    it moves to that venue (see `at_venue`, `rooms_of` gives a venue's rooms); a transfer, or a
    drop into the transfer lane or a whole-visit day column (`ANY_LANE`), keeps its places."""
    moved = replace(data, start=data.start + delta, end=data.end + delta)
    if lane in (TRANSFER_LANE, ANY_LANE) or data.kind is EngagementKind.TRANSFER:
        return moved
    return at_venue(moved, lane[1], rooms_of(lane[1]))


def new_engagement(
    day: date, tz: tzinfo, start: datetime | None, lane: LaneKey | None, after: EngagementData | None
) -> EngagementData:
    """An hour-long engagement to offer on `day`: at `start`, else where `after` (the engagement
    selected on that day) ends and at its venue, else at 09:00; in the transfer lane a transfer,
    in a venue's lane at that venue."""
    venue_id: int | None = None
    if start is None:
        if after is not None:
            start, venue_id = after.end, after.venue_id  # a transfer's destination, or the same venue
        else:
            start = local_datetime(day, time(9), tz)
    kind = EngagementKind.MEETING
    if lane == TRANSFER_LANE:
        kind = EngagementKind.TRANSFER
    elif lane is not None:
        venue_id = lane[1]
    return EngagementData(kind, "", start, start + timedelta(hours=1), venue_id=venue_id)
