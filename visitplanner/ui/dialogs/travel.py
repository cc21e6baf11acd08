"""The journey editor: an arrival or departure (flight, train, car) for one attendee or a group."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import JourneyMode, LegDirection, Side
from visitplanner.domain.timerange import local_datetime, require_wall_time, zone
from visitplanner.domain.values import TravelLegData
from visitplanner.services.reads.travel import TravelChoices
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.dialogs.visit import zone_combo


def new_leg(choices: TravelChoices, direction: LegDirection, traveller_ids: tuple[int, ...]) -> TravelLegData:
    """A journey to start the editor with: a flight landing on the first day at 09:00 (local), or
    leaving on the last day at 18:00, the far end in the delegation's home zone."""
    local = choices.local_time_zone
    home = choices.home_time_zone or local
    if direction is LegDirection.ARRIVAL:
        arrives = local_datetime(choices.first_day, time(9), ZoneInfo(local))
        return TravelLegData(
            direction, JourneyMode.FLIGHT, arrives - timedelta(hours=12), arrives, home, local, traveller_ids
        )
    departs = local_datetime(choices.last_day, time(18), ZoneInfo(local))
    return TravelLegData(
        direction, JourneyMode.FLIGHT, departs, departs + timedelta(hours=12), local, home, traveller_ids
    )


def _wall(value: datetime, zone_name: str) -> QDateTime:
    local = value.astimezone(ZoneInfo(zone_name))
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc())


class TravelLegDialog(FormDialog[TravelLegData]):
    """Edits one journey: how, which carrier and number, from and to (with terminals), the
    scheduled times each in its own zone, the airport or station in the venue book, who meets
    them, and who travels (a group: tick several, or the whole delegation at once).

    Attributes:
        travellers: the attendees, ticked when on the journey.
        departs, arrives: wall-clock times in `departs_zone` and `arrives_zone`.
    """

    text_rules = TravelLegData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        choices: TravelChoices,
        initial: TravelLegData,
        *,
        new: bool = False,
        check: Callable[[TravelLegData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New journey" if new else "Edit journey", check)
        self.choices = choices
        self.direction = QComboBox()
        for direction in LegDirection:
            self.direction.addItem(direction.label, direction)
        self.direction.setCurrentIndex(self.direction.findData(initial.direction))
        self.mode = QComboBox()
        for mode in JourneyMode:
            self.mode.addItem(mode.label, mode)
        self.mode.setCurrentIndex(self.mode.findData(initial.mode))
        self.carrier = QLineEdit(initial.carrier)
        self.carrier.setPlaceholderText("e.g. Korean Air")
        self.number = QLineEdit(initial.number)
        self.number.setPlaceholderText("e.g. KE 9021")
        self.from_place = QLineEdit(initial.from_place)
        self.from_place.setPlaceholderText("e.g. Seoul Incheon (ICN)")
        self.from_terminal = QLineEdit(initial.from_terminal)
        self.from_terminal.setPlaceholderText("Terminal")
        self.to_place = QLineEdit(initial.to_place)
        self.to_place.setPlaceholderText("e.g. Manchester Airport (MAN)")
        self.to_terminal = QLineEdit(initial.to_terminal)
        self.to_terminal.setPlaceholderText("Terminal")
        self.departs_zone = zone_combo(initial.departs_zone)
        self.arrives_zone = zone_combo(initial.arrives_zone)
        self.departs = QDateTimeEdit(_wall(initial.departs, initial.departs_zone))
        self.arrives = QDateTimeEdit(_wall(initial.arrives, initial.arrives_zone))
        for edit in (self.departs, self.arrives):
            edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
            edit.setCalendarPopup(True)
            edit.setTimeZone(QTimeZone.utc())  # a plain wall clock: the end's own zone is beside it
        self.venue = QComboBox()
        self.venue.addItem("(not in the venue book)", None)
        for venue in choices.venues:
            self.venue.addItem(f"{venue.name} ({venue.code})" if venue.code else venue.name, venue.id)
        self.venue.setCurrentIndex(max(0, self.venue.findData(initial.venue_id)))
        self.venue.setToolTip("The airport or station here, so the checks can match transfers to it")
        self.met_by = QComboBox()
        self.met_by.addItem("(nobody)", None)
        for attendee in choices.attendees:
            self.met_by.addItem(attendee.name, attendee.id)
        self.met_by.setCurrentIndex(max(0, self.met_by.findData(initial.met_by_attendee_id)))
        self.travellers = QListWidget()
        self.travellers.setObjectName("travellers")
        self.travellers.setAccessibleName("Who travels")
        for attendee in choices.attendees:
            item = QListWidgetItem(f"{attendee.name} · {attendee.side.label}")
            item.setData(Qt.ItemDataRole.UserRole, attendee.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = attendee.id in initial.traveller_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.travellers.addItem(item)
        self.travellers.setMinimumHeight(120)
        self.whole_delegation = QPushButton("Whole &delegation")
        self.whole_delegation.setToolTip("Tick everyone on the visiting side: one journey for the group")
        self.whole_delegation.clicked.connect(lambda: self.tick_side(Side.VISITING))
        travellers = QWidget()
        travellers_layout = QVBoxLayout(travellers)
        travellers_layout.setContentsMargins(0, 0, 0, 0)
        travellers_layout.addWidget(self.travellers)
        travellers_layout.addWidget(self.whole_delegation, 0, Qt.AlignmentFlag.AlignLeft)
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)

        def pair(first: QWidget, second: QWidget) -> QWidget:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(first, 3)
            row.addWidget(second, 1)
            return box

        for name, label, widget in (
            ("direction", "&Direction", self.direction),
            ("mode", "&Mode", self.mode),
            ("carrier", "&Carrier", self.carrier),
            ("number", "&Number", self.number),
            ("from_place", "&From", pair(self.from_place, self.from_terminal)),
            ("to_place", "&To", pair(self.to_place, self.to_terminal)),
            ("departs", "De&parts (local there)", pair(self.departs, self.departs_zone)),
            ("arrives", "&Arrives (local there)", pair(self.arrives, self.arrives_zone)),
            ("venue", "&Venue here", self.venue),
            ("met_by", "M&et by", self.met_by),
            ("travellers", "&Who travels", travellers),
            ("notes", "N&otes", self.notes),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.fields.update(
            {
                "from_terminal": self.from_terminal,
                "to_terminal": self.to_terminal,
                "departs_zone": self.departs_zone,
                "arrives_zone": self.arrives_zone,
            }
        )
        self.resize(620, 640)

    def tick_side(self, side: Side) -> None:
        """Tick every attendee of `side` (the others keep their ticks)."""
        sides = {a.id: a.side for a in self.choices.attendees}
        for row in range(self.travellers.count()):
            item = self.travellers.item(row)
            if sides.get(item.data(Qt.ItemDataRole.UserRole)) is side:
                item.setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> tuple[int, ...]:
        return tuple(
            int(self.travellers.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.travellers.count())
            if self.travellers.item(row).checkState() is Qt.CheckState.Checked
        )

    def _instant(self, edit: QDateTimeEdit, zone_box: QComboBox, name: str) -> datetime:
        zone_name = zone_box.currentText().strip()
        tz = zone(zone_name, f"{name}_zone")
        wall = edit.dateTime()
        day = date(wall.date().year(), wall.date().month(), wall.date().day())
        at = time(wall.time().hour(), wall.time().minute())
        require_wall_time(day, at, tz, name)
        return local_datetime(day, at, tz)

    def value(self) -> TravelLegData:
        return TravelLegData(
            direction=LegDirection(self.direction.currentData()),
            mode=JourneyMode(self.mode.currentData()),
            departs=self._instant(self.departs, self.departs_zone, "departs"),
            arrives=self._instant(self.arrives, self.arrives_zone, "arrives"),
            departs_zone=self.departs_zone.currentText().strip(),
            arrives_zone=self.arrives_zone.currentText().strip(),
            traveller_ids=self.ticked(),
            carrier=self.carrier.text().strip(),
            number=self.number.text().strip(),
            from_place=self.from_place.text().strip(),
            from_terminal=self.from_terminal.text().strip(),
            to_place=self.to_place.text().strip(),
            to_terminal=self.to_terminal.text().strip(),
            venue_id=self.venue.currentData(),
            met_by_attendee_id=self.met_by.currentData(),
            notes=self.notes.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: TravelChoices,
        initial: TravelLegData,
        *,
        new: bool = False,
        check: Callable[[TravelLegData], None] | None = None,
    ) -> TravelLegData | None:
        dialog = cls(parent, choices, initial, new=new, check=check)
        return dialog.result_value() if dialog.exec() else None
