"""Where a day's engagements go on the timeline (lanes, side-by-side columns and clipped times),
and the visit's days side by side."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from visitplanner.domain.formatting import short_date
from visitplanner.domain.gestures import ANY_LANE, NO_VENUE_LANE, TRANSFER_LANE, LaneKey, lane_of, on_day
from visitplanner.domain.timerange import local_datetime, local_day_bounds, overlaps
from visitplanner.services.reads.itinerary import EngagementRow


@dataclass(frozen=True)
class Lane:
    """A column of the timeline.

    Attributes:
        key: what the lane holds (see `LaneKey`).
        title: the header text (the venue's name, "Transfers", "No venue").
        subtitle: a second header line (the venue code).
    """

    key: LaneKey
    title: str
    subtitle: str = ""

    @property
    def is_transfer(self) -> bool:
        return self.key == TRANSFER_LANE

    @property
    def venue_id(self) -> int | None:
        return self.key[1]


@dataclass(frozen=True)
class Placement:
    """One engagement on the day.

    Attributes:
        row: the engagement.
        lane: index into `DayLayout.lanes`.
        column: its column among the engagements it overlaps in the lane (0-based).
        columns: how many columns that cluster of overlapping engagements needs.
        start: where the block starts (the engagement's start, or the day's start if earlier).
        end: where the block ends (likewise clipped to the day's end).
    """

    row: EngagementRow
    lane: int
    column: int
    columns: int
    start: datetime
    end: datetime

    @property
    def clipped_start(self) -> bool:
        return self.start != self.row.start

    @property
    def clipped_end(self) -> bool:
        return self.end != self.row.end


@dataclass(frozen=True)
class DayLayout:
    """A local calendar day of the visit laid out on a linear axis of real (UTC) time, so a day
    with a daylight-saving change is 23 or 25 hours tall; or, with `wall_clock`, on the local
    wall clock, so that days side by side line up hour by hour (the repeated hour of a clock
    change then holds both passes, and the skipped one nothing).

    Attributes:
        day: the local date.
        tz: the visit's local zone.
        start: the instant the local day begins.
        end: the instant the next local day begins.
        lanes: venue lanes (by first use) and the transfer lane last.
        placements: the day's engagements.
        wall_clock: whether the axis is the local wall clock rather than real time.
    """

    day: date
    tz: ZoneInfo
    start: datetime
    end: datetime
    lanes: tuple[Lane, ...]
    placements: tuple[Placement, ...]
    wall_clock: bool = False

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def minutes(self) -> int:
        return 24 * 60 if self.wall_clock else int((self.end - self.start).total_seconds() // 60)

    def offset_minutes(self, instant: datetime) -> float:
        """Where `instant` is on the day's axis, in minutes from its start."""
        if self.wall_clock:
            local = instant.astimezone(self.tz).replace(tzinfo=None)
            return (local - datetime.combine(self.day, time(0))).total_seconds() / 60
        return (instant - self.start).total_seconds() / 60

    def offset_hours(self, instant: datetime) -> float:
        return self.offset_minutes(instant) / 60

    def at_minutes(self, minutes: float) -> datetime:
        """The instant `minutes` into the day's axis (on the wall clock, a time the clocks skip
        is read as `local_datetime` reads it)."""
        if self.wall_clock:
            wall = datetime.combine(self.day, time(0)) + timedelta(minutes=minutes)
            return local_datetime(wall.date(), wall.time(), self.tz)
        return self.start + timedelta(minutes=minutes)

    def ticks(self, step_minutes: int = 60) -> list[datetime]:
        """Instants every `step_minutes` from the day's start (local wall-clock hours for zones
        whose offsets change by whole hours)."""
        return [self.at_minutes(m) for m in range(0, self.minutes + 1, step_minutes)]

    def lane_index(self, key: LaneKey) -> int | None:
        return next((i for i, lane in enumerate(self.lanes) if lane.key == key), None)

    def placement(self, uid: str) -> Placement | None:
        return next((p for p in self.placements if p.row.uuid == uid), None)

    def in_order(self) -> list[Placement]:
        """Placements as the keyboard walks them: by start, then lane, then column."""
        return sorted(self.placements, key=lambda p: (p.start, p.lane, p.column, p.row.title))


def _columns(items: list[EngagementRow]) -> dict[str, tuple[int, int]]:
    """Side-by-side columns for overlapping engagements: uuid -> (column, columns in its cluster)."""
    result: dict[str, tuple[int, int]] = {}
    ordered = sorted(items, key=lambda r: (r.start, r.end, r.title))
    cluster: list[tuple[EngagementRow, int]] = []
    ends: list[datetime] = []  # per column: when it is free again
    cluster_end: datetime | None = None

    def close() -> None:
        width = max((c for _, c in cluster), default=-1) + 1
        for row, column in cluster:
            result[row.uuid] = (column, width)

    for row in ordered:
        if cluster_end is not None and row.start >= cluster_end:
            close()
            cluster, ends, cluster_end = [], [], None
        column = next((i for i, end in enumerate(ends) if end <= row.start), len(ends))
        if column == len(ends):
            ends.append(row.end)
        else:
            ends[column] = row.end
        cluster.append((row, column))
        cluster_end = row.end if cluster_end is None else max(cluster_end, row.end)
    close()
    return result


def lay_out_day(rows: Sequence[EngagementRow], day: date, tz: ZoneInfo) -> DayLayout:
    """Lay out the engagements overlapping the local `day`: one lane per venue used (in order of
    first use), one for engagements without a venue when there are any, and the transfer lane."""
    start, end = local_day_bounds(day, tz)
    todays = sorted((r for r in rows if overlaps(r.start, r.end, start, end)), key=lambda r: (r.start, r.end, r.title))
    venue_lanes: dict[LaneKey, Lane] = {}
    members: dict[LaneKey, list[EngagementRow]] = {TRANSFER_LANE: []}
    for row in todays:
        key = lane_of(row.plan.data)
        if key not in members:
            members[key] = []
            if key == NO_VENUE_LANE:
                venue_lanes[key] = Lane(key, "No venue")
            elif key != TRANSFER_LANE:
                venue_lanes[key] = Lane(key, row.venue_name, row.venue_code)
        members[key].append(row)
    lanes = (
        *(lane for key, lane in venue_lanes.items() if key != NO_VENUE_LANE),
        *([venue_lanes[NO_VENUE_LANE]] if NO_VENUE_LANE in venue_lanes else []),
        Lane(TRANSFER_LANE, "Transfers", "between venues"),
    )
    placements: list[Placement] = []
    for number, lane in enumerate(lanes):
        placements += _placed(members.get(lane.key, []), number, start, end)
    return DayLayout(day, tz, start, end, lanes, tuple(placements))


def _placed(members: list[EngagementRow], lane: int, start: datetime, end: datetime) -> list[Placement]:
    columns = _columns(members)
    return [Placement(r, lane, *columns[r.uuid], max(r.start, start), min(r.end, end)) for r in members]


def lay_out_visit(rows: Sequence[EngagementRow], days: Sequence[date], tz: ZoneInfo) -> tuple[DayLayout, ...]:
    """Lay out the visit's `days` side by side on the wall clock, one column per day (engagements
    that overlap side by side in it): each engagement once, on the first of the days it touches."""
    members: dict[date, list[EngagementRow]] = {day: [] for day in days}
    for row in rows:
        day = first_day(row, days, tz, members)
        if day is not None:
            members[day].append(row)
    layouts = []
    for day in days:
        start, end = local_day_bounds(day, tz)
        lanes = (Lane(ANY_LANE, short_date(day)),)
        placed = tuple(_placed(members[day], 0, start, end))
        layouts.append(DayLayout(day, tz, start, end, lanes, placed, wall_clock=True))
    return tuple(layouts)


def first_day(
    row: EngagementRow, days: Sequence[date], tz: ZoneInfo, among: Collection[date] | None = None
) -> date | None:
    """The first of `days` (ascending) that the engagement touches, or None. That is the local day
    it starts on when that is one of them (`among`: the days as a set, to look up): every earlier
    day ends before it starts. Otherwise (it starts before the first day) the days are searched."""
    starts_on = row.start.astimezone(tz).date()
    if starts_on in (days if among is None else among):
        return starts_on
    return next((d for d in days if on_day(row.start, row.end, d, tz)), None)
