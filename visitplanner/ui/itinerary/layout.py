"""Where a day's engagements go on the timeline: lanes, side-by-side columns and clipped times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from visitplanner.domain.gestures import NO_VENUE_LANE, TRANSFER_LANE, LaneKey, lane_of
from visitplanner.domain.timerange import local_day_bounds, overlaps
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
    with a daylight-saving change is 23 or 25 hours tall.

    Attributes:
        day: the local date.
        tz: the visit's local zone.
        start: the instant the local day begins.
        end: the instant the next local day begins.
        lanes: venue lanes (by first use) and the transfer lane last.
        placements: the day's engagements.
    """

    day: date
    tz: ZoneInfo
    start: datetime
    end: datetime
    lanes: tuple[Lane, ...]
    placements: tuple[Placement, ...]

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def offset_hours(self, instant: datetime) -> float:
        """Hours of real time from the day's start to `instant`."""
        return (instant - self.start).total_seconds() / 3600

    def at_minutes(self, minutes: float) -> datetime:
        """The instant `minutes` of real time into the day."""
        return self.start + timedelta(minutes=minutes)

    def ticks(self, step_minutes: int = 60) -> list[datetime]:
        """Instants every `step_minutes` from the day's start (local wall-clock hours for zones
        whose offsets change by whole hours)."""
        return [self.start + timedelta(minutes=m) for m in range(0, self.minutes + 1, step_minutes)]

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
    for row in todays:
        key = lane_of(row.plan.data)
        if key == TRANSFER_LANE or key in venue_lanes:
            continue
        if key == NO_VENUE_LANE:
            venue_lanes[key] = Lane(key, "No venue")
        else:
            venue_lanes[key] = Lane(key, row.venue_name, row.venue_code)
    lanes = (
        *(lane for key, lane in venue_lanes.items() if key != NO_VENUE_LANE),
        *([venue_lanes[NO_VENUE_LANE]] if NO_VENUE_LANE in venue_lanes else []),
        Lane(TRANSFER_LANE, "Transfers", "between venues"),
    )
    index = {lane.key: i for i, lane in enumerate(lanes)}
    placements: list[Placement] = []
    for key, number in index.items():
        members = [r for r in todays if lane_of(r.plan.data) == key]
        columns = _columns(members)
        for row in members:
            column, width = columns[row.uuid]
            placements.append(Placement(row, number, column, width, max(row.start, start), min(row.end, end)))
    return DayLayout(day, tz, start, end, lanes, tuple(placements))
