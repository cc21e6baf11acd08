"""Sweep-line helpers for the checks: overlapping pairs per resource, and fast opening-hours look-ups."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from visitplanner.domain.hours import OpeningHours


def overlapping_pairs(
    order: Sequence[int],
    starts: Sequence[float],
    ends: Sequence[float],
    confirm: Callable[[int, int], bool],
) -> list[tuple[int, int]]:
    """The pairs (earlier, later) of items in `order` whose ranges overlap.

    `order` lists item indices sorted by start; `starts`/`ends` hold each item's instants as
    POSIX timestamps. An item stays in the active list until an item starting at or after its
    end is reached, so each item is dropped once and every other look at the active list
    yields a reported pair: the cost is O(n + pairs), not O(n²). Each candidate is confirmed
    with `confirm` (which asks `timerange.overlaps`, the one definition of overlap).
    """
    pairs: list[tuple[int, int]] = []
    active: list[int] = []
    max_end = float("-inf")
    for i in order:
        start = starts[i]
        if start < max_end:
            still: list[int] = []
            for j in active:
                if ends[j] > start:
                    still.append(j)
                    if confirm(j, i):
                        pairs.append((j, i))
            still.append(i)
            active = still
            if ends[i] > max_end:
                max_end = ends[i]
        else:
            active = [i]
            max_end = ends[i]
    return pairs


class OpeningIndex:
    """A venue's opening hours over one window of time, as sorted timestamps for bisecting.

    Built once per venue from `OpeningHours.open_intervals` (so spans past midnight and
    daylight-saving changes are handled there); ranges outside the window fall back to
    `OpeningHours.is_open_throughout`.

    Attributes:
        hours: the venue's weekly hours.
        tz: the zone the hours are read in.
        window_start: first instant (timestamp) the index answers for.
        window_end: last instant (timestamp) the index answers for.
    """

    def __init__(self, hours: OpeningHours, tz: tzinfo, window: tuple[datetime, datetime]) -> None:
        self.hours = hours
        self.tz = tz
        self.window_start = window[0].timestamp()
        self.window_end = window[1].timestamp()
        merged = hours.open_intervals(window[0], window[1], tz)
        self._opens = [o.timestamp() for o, _ in merged]
        self._closes = [c.timestamp() for _, c in merged]

    def is_open_throughout(self, start: datetime, end: datetime, start_ts: float, end_ts: float) -> bool:
        """True when the venue is open for the whole of [start, end) (timestamps given too)."""
        if start_ts < self.window_start or end_ts > self.window_end:
            return self.hours.is_open_throughout(start, end, self.tz)
        k = bisect_right(self._opens, start_ts) - 1
        return k >= 0 and end_ts <= self._closes[k]
