"""Rows and Qt models of the Venues tab: the venue book, rooms, opening hours and vehicles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from visitplanner.domain.formatting import clock_span
from visitplanner.domain.hours import DAY_NAMES, WEEKDAYS, OpeningHours
from visitplanner.services.reads.venues import RoomRow, VehicleRow, VenueRow
from visitplanner.ui.models.base import Column, RowTableModel
from visitplanner.ui.style import MUTED, OK, colour

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class HoursRow:
    """One weekday of a venue's opening hours."""

    day: str
    text: str
    closed: bool


def hours_rows(hours: OpeningHours | None) -> list[HoursRow]:
    """Seven rows, Monday first; empty when the hours are not specified."""
    if hours is None:
        return []
    rows = []
    for day in WEEKDAYS:
        spans = hours.spans.get(day, ())
        rows.append(HoursRow(day, ", ".join(span_text(a, b) for a, b in spans) or "Closed", not spans))
    return rows


def span_text(opens: time, closes: time) -> str:
    """ "09:00–17:30", "18:00–02:00 (next day)" or "Open all day"."""
    if opens == closes and opens.hour == 0 and opens.minute == 0:
        return "Open all day"
    text = clock_span(opens, closes)
    return f"{text} (next day)" if closes <= opens else text


def capacity_text(value: int | None) -> str:
    return "" if value is None else str(value)


class VenueListModel(RowTableModel[VenueRow]):
    """The venue book; venues the visit uses sort first and show in bold."""

    COL_CODE, COL_NAME, COL_VISIT = range(3)
    columns = (
        Column(
            "Code",
            lambda r: r.data.code,
            sort=lambda r: (not r.used, r.data.code.casefold()),
            tooltip=lambda r: r.data.name,
        ),
        Column(
            "Venue",
            lambda r: r.data.name,
            sort=lambda r: (not r.used, r.data.name.casefold()),
            tooltip=lambda r: "\n".join(filter(None, (r.data.name, r.data.address))),
        ),
        Column(
            "In visit",
            lambda r: str(r.engagements) if r.used else "",
            sort=lambda r: -r.engagements,
            alignment=RIGHT,
            tooltip=lambda r: (
                f"Used by {r.engagements} engagement{'s' if r.engagements != 1 else ''} of this visit"
                if r.used
                else "Not used by this visit"
            ),
        ),
    )

    def extra_data(self, row: VenueRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.used and column != self.COL_VISIT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_VISIT:
            return colour(OK)
        return None


class RoomModel(RowTableModel[RoomRow]):
    """The rooms of one venue."""

    COL_NAME, COL_CAPACITY, COL_NOTES = range(3)
    columns = (
        Column("Room", lambda r: r.data.name),
        Column(
            "Capacity",
            lambda r: capacity_text(r.data.capacity),
            sort=lambda r: r.data.capacity if r.data.capacity is not None else -1,
            alignment=RIGHT,
        ),
        Column("Notes", lambda r: " ".join(r.data.notes.split()), tooltip=lambda r: r.data.notes),
    )


class HoursModel(RowTableModel[HoursRow]):
    """A venue's opening hours, one row per weekday."""

    COL_DAY, COL_HOURS = range(2)
    columns = (
        Column("Day", lambda r: DAY_NAMES[r.day], sort=lambda r: WEEKDAYS.index(r.day)),
        Column("Hours", lambda r: r.text),
    )

    def row_id(self, row: HoursRow) -> int:
        return WEEKDAYS.index(row.day)

    def extra_data(self, row: HoursRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.closed:
            return colour(MUTED)
        return None


class VehicleModel(RowTableModel[VehicleRow]):
    """The visit's vehicles."""

    COL_LABEL, COL_CAPACITY, COL_DRIVER, COL_REGISTRATION, COL_NOTES = range(5)
    columns = (
        Column(
            "Vehicle", lambda r: r.data.label, tooltip=lambda r: f"{r.data.label}: used by {r.transfers} transfer(s)"
        ),
        Column("Seats", lambda r: str(r.data.capacity), sort=lambda r: r.data.capacity, alignment=RIGHT),
        Column("Driver", lambda r: r.driver or "—"),
        Column("Registration", lambda r: r.data.registration),
        Column("Notes", lambda r: " ".join(r.data.notes.split()), tooltip=lambda r: r.data.notes),
    )

    def extra_data(self, row: VehicleRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_DRIVER and not row.driver:
            return colour(MUTED)
        return None
