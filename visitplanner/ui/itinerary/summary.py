"""What the bar above the timeline says about the day, or the whole visit, shown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from visitplanner.domain.formatting import time_span, zone_label
from visitplanner.ui.itinerary.layout import DayLayout


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def day_summary(layout: DayLayout, home_zone: ZoneInfo) -> list[str]:
    """The day's engagements, their span, the cancelled ones, how far the home zone is ahead or
    behind, and a clock change."""
    active = [p for p in layout.placements if not p.row.cancelled]
    cancelled = len(layout.placements) - len(active)
    parts = [_count(len(active), "engagement")]
    if active:
        first = min(p.row.start for p in active)
        last = max(p.row.end for p in active)  # another day (before or after) is named
        parts.append(time_span(first, last, layout.tz, layout.day))
    if cancelled:
        parts.append(f"{cancelled} cancelled")
    noon = layout.start + (layout.end - layout.start) / 2
    local_offset = noon.astimezone(layout.tz).utcoffset() or timedelta()
    home_offset = noon.astimezone(home_zone).utcoffset() or timedelta()
    difference = (home_offset - local_offset).total_seconds() / 3600
    if difference:
        hours = f"{abs(difference):g} h"
        parts.append(f"{zone_label(home_zone.key)} is {hours} {'ahead' if difference > 0 else 'behind'}")
    if layout.hours != 24:
        parts.append(f"clocks change: a {layout.hours:g}-hour day")
    return parts


def visit_summary(layouts: Sequence[DayLayout]) -> list[str]:
    """The days, their engagements and the cancelled ones, the zone of the wall clock shown,
    and the days the clocks change."""
    if not layouts:
        return []
    rows = [p.row for layout in layouts for p in layout.placements]
    active = sum(not row.cancelled for row in rows)
    parts = [_count(len(layouts), "day"), _count(active, "engagement")]
    if len(rows) > active:
        parts.append(f"{len(rows) - active} cancelled")
    parts.append(f"{zone_label(layouts[0].tz.key)} time")
    changes = [layout.day for layout in layouts if layout.end - layout.start != timedelta(hours=24)]
    return parts + [f"clocks change on {day:%a} {day.day}" for day in changes]
