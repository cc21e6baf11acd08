"""The engagement editor: kind, title, local times with the home-time equivalent, place, transfer
details, attendees with their parts, public and restricted notes, dress code and status."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain import limits
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, InterpretationMode, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range, time_span, zone_label
from visitplanner.domain.invitations import PartStat
from visitplanner.domain.seating import SEATED_KINDS
from visitplanner.domain.timerange import gap_minutes, local_datetime, require_wall_time
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, GuestData
from visitplanner.services.reads.itinerary import AttendeeChoice, EngagementChoices
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.dialogs.visit import from_qdate, to_qdate
from visitplanner.ui.models.base import plain_tooltip
from visitplanner.ui.style import ALERT, ALERT_TINT, ERROR, MUTED, ON_ERROR, colour, css, kind_colours


def swatch(fill: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(fill)
    return QIcon(pixmap)


def default_part(kind: EngagementKind, attendee: AttendeeChoice) -> AttendancePart:
    """The part an attendee most likely plays when first ticked."""
    if kind is EngagementKind.TRANSFER:
        return AttendancePart.DRIVER if attendee.role is Role.DRIVER else AttendancePart.PASSENGER
    if attendee.role is Role.INTERPRETER:
        return AttendancePart.INTERPRETER
    return AttendancePart.PARTICIPANT


def default_plan(choices: EngagementChoices, day: date | None = None) -> EngagementPlan:
    """A new engagement: a one-hour meeting at 09:00 local on `day` (default the first day)."""
    tz = choices.local_zone
    day = day or choices.first_day
    start = local_datetime(day, time(9), tz)
    return EngagementPlan(EngagementData(EngagementKind.MEETING, "", start, start + timedelta(hours=1)))


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


class AttendeePicker(QWidget):
    """The visit's attendees as a checkable list with a Part per ticked attendee.

    Attributes:
        table: one row per attendee: name (checkable), side and role, part.

    Signals:
        changed(): the ticked attendees or their parts changed.
    """

    changed = Signal()
    COL_NAME, COL_SIDE, COL_PART, COL_REPLY = range(4)

    def __init__(
        self,
        attendees: Sequence[AttendeeChoice],
        selected: dict[int, AttendancePart],
        kind: Callable[[], EngagementKind],
        parent: QWidget | None = None,
        answers: Mapping[int, PartStat | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.attendees = list(attendees)
        self._kind = kind
        self._filling = True
        self.table = QTableWidget(len(self.attendees), 4)
        self.table.setObjectName("attendeePicker")
        self.table.setAccessibleName("Attendees of the engagement")
        self.table.setHorizontalHeaderLabels(["Attendee", "Side · role", "Part", "Reply"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SIDE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_PART, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_REPLY, QHeaderView.ResizeMode.ResizeToContents)
        self.part_combos: dict[int, QComboBox] = {}
        for number, attendee in enumerate(self.attendees):
            name = QTableWidgetItem(attendee.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            name.setCheckState(Qt.CheckState.Checked if attendee.id in selected else Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, attendee.id)
            if attendee.title:
                name.setToolTip(plain_tooltip(f"{attendee.name}\n{attendee.title}"))
            self.table.setItem(number, self.COL_NAME, name)
            side = QTableWidgetItem(f"{attendee.side.label} · {attendee.role.label}")
            side.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(number, self.COL_SIDE, side)
            combo = QComboBox()
            combo.setAccessibleName(f"Part of {attendee.name}")
            for part in AttendancePart:
                combo.addItem(part.label, part)
            combo.setCurrentIndex(combo.findData(selected.get(attendee.id, default_part(kind(), attendee))))
            combo.setEnabled(attendee.id in selected)
            combo.currentIndexChanged.connect(lambda _=0: self.changed.emit())
            self.table.setCellWidget(number, self.COL_PART, combo)
            self.part_combos[attendee.id] = combo
            invited = answers is not None and attendee.id in answers
            answer = answers.get(attendee.id) if answers is not None else None
            reply = QTableWidgetItem((answer or PartStat.NEEDS_ACTION).label if invited else "")
            reply.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            reply.setToolTip("Their answer to the invitation" if invited else "Not sent an invitation to it")
            self.table.setItem(number, self.COL_REPLY, reply)
        self.table.itemChanged.connect(self._item_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("attendeeCount")
        delegation = QPushButton("Select &delegation")
        delegation.setToolTip("Tick every attendee of the visiting delegation")
        delegation.clicked.connect(lambda: self.select_side(Side.VISITING))
        everyone = QPushButton("Select a&ll")
        everyone.clicked.connect(lambda: self.select_all(True))
        nobody = QPushButton("Clea&r")
        nobody.clicked.connect(lambda: self.select_all(False))
        self.delegation_button, self.all_button, self.clear_button = delegation, everyone, nobody
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.count_label, 1)
        for button in (delegation, everyone, nobody):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._filling = False
        self._update_count()
        if not self.attendees:
            self.table.setEnabled(False)
            self.count_label.setText("The visit has no attendees yet (add them in the Attendees tab).")

    def _row_of(self, attendee_id: int) -> int:
        return next(i for i, a in enumerate(self.attendees) if a.id == attendee_id)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != self.COL_NAME:
            return
        attendee = self.attendees[item.row()]
        checked = item.checkState() == Qt.CheckState.Checked
        combo = self.part_combos[attendee.id]
        if checked and not combo.isEnabled() and not self._filling:
            combo.setCurrentIndex(combo.findData(default_part(self._kind(), attendee)))
        combo.setEnabled(checked)
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        if self.attendees:
            self.count_label.setText(f"{len(self.checked_ids())} of {len(self.attendees)} attending")

    def _name_item(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, self.COL_NAME)
        assert item is not None
        return item

    def is_checked(self, attendee_id: int) -> bool:
        return self._name_item(self._row_of(attendee_id)).checkState() == Qt.CheckState.Checked

    def checked_ids(self) -> list[int]:
        return [
            a.id
            for number, a in enumerate(self.attendees)
            if self._name_item(number).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, attendee_id: int, checked: bool, part: AttendancePart | None = None) -> None:
        item = self._name_item(self._row_of(attendee_id))
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if part is not None:
            combo = self.part_combos[attendee_id]
            combo.setCurrentIndex(combo.findData(part))

    def select_side(self, side: Side) -> None:
        for attendee in self.attendees:
            if attendee.side is side:
                self.set_checked(attendee.id, True)

    def select_all(self, checked: bool) -> None:
        for attendee in self.attendees:
            self.set_checked(attendee.id, checked)

    def attendances(self) -> tuple[AttendanceData, ...]:
        return tuple(
            AttendanceData(i, AttendancePart(self.part_combos[i].currentData())) for i in sorted(self.checked_ids())
        )


class EngagementDialog(FormDialog[EngagementPlan]):
    """Edits one engagement; times are entered in the visit's local zone and shown in the
    delegation's home zone as they change.

    Attributes:
        choices: venues, vehicles, attendees, zones and the visit's days.
        initial: the plan being edited (None for a new engagement).
        home_label: the live home-time equivalent ("Seoul: Wed 00:15–01:00").
        attendees: the attendee picker.
    """

    text_rules = EngagementData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        choices: EngagementChoices,
        initial: EngagementPlan | None = None,
        check: Callable[[EngagementPlan], None] | None = None,
        *,
        defaults: EngagementPlan | None = None,
        open_seating: Callable[[QWidget], object] | None = None,
        answers: Mapping[int, PartStat | None] | None = None,
    ) -> None:
        super().__init__(parent, "Edit engagement" if initial is not None else "New engagement", check)
        self.choices = choices
        self.initial = initial
        self.tz = choices.local_zone
        self.home_tz = choices.home_zone
        base = initial or defaults or default_plan(choices)
        self._base = base
        data = base.data
        local_start, local_end = data.start.astimezone(self.tz), data.end.astimezone(self.tz)

        self.kind = QComboBox()
        for kind in EngagementKind:
            self.kind.addItem(swatch(kind_colours(kind, self.palette())[1]), kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.title_edit = QLineEdit(data.title)
        self.title_edit.setPlaceholderText("e.g. Courtesy call on the Lord Mayor")
        self.date_edit = QDateEdit(to_qdate(local_start.date()))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setToolTip(f"The visit runs {date_range(choices.first_day, choices.last_day)}")
        self.start_edit = QTimeEdit(to_qtime(local_start.time()))
        self.end_edit = QTimeEdit(to_qtime(local_end.time()))
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName("Start (local time)")
        self.end_edit.setAccessibleName("End (local time)")
        self.next_day = QCheckBox("ends next day")
        self.next_day.setChecked(local_end.date() > local_start.date())
        self.home_label = QLabel()
        self.home_label.setObjectName("homeTime")
        self.home_label.setStyleSheet(f"color: {css(MUTED, self.palette())};")
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("to"))
        row.addWidget(self.end_edit)
        row.addWidget(self.next_day)
        row.addStretch(1)

        self.venue = QComboBox()
        self.venue.addItem("(no venue)", None)
        for venue in choices.venues:
            self.venue.addItem(f"{venue.name} ({venue.code})" if venue.code else venue.name, venue.id)
        self.venue.setCurrentIndex(max(0, self.venue.findData(data.venue_id)))
        self.room = QComboBox()
        self.origin = QComboBox()
        self.origin.addItem("(choose the origin)", None)
        for venue in choices.venues:
            self.origin.addItem(f"{venue.name} ({venue.code})" if venue.code else venue.name, venue.id)
        self.origin.setCurrentIndex(max(0, self.origin.findData(data.origin_venue_id)))
        self.vehicle = QComboBox()
        self.vehicle.addItem("(no vehicle)", None)
        for vehicle in choices.vehicles:
            seats = f" · {vehicle.capacity} seats" if vehicle.capacity else ""
            self.vehicle.addItem(f"{vehicle.label}{seats}", vehicle.id)
        self.vehicle.setCurrentIndex(max(0, self.vehicle.findData(data.vehicle_id)))
        self.status = QComboBox()
        for status in EngagementStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(data.status))
        self.dress_code = QLineEdit(data.dress_code)
        self.dress_code.setPlaceholderText("e.g. Lounge suit")
        self.interpretation = QComboBox()
        for mode in InterpretationMode:
            self.interpretation.addItem(mode.label, mode)
        self.interpretation.setCurrentIndex(self.interpretation.findData(data.interpretation))
        self.interpretation.setToolTip(
            "How the interpreters attending work: simultaneous interpretation needs two of them beyond about 40 minutes"
        )
        self.is_public = QCheckBox("Cleared for the public edition")
        self.is_public.setChecked(data.is_public)
        self.guest_count = QSpinBox()
        self.guest_count.setRange(0, limits.GUESTS)
        self.guest_count.setValue(data.guest_count)
        self.guest_count.setPrefix("+")
        self.guest_count.setAccessibleName("Unnamed guests")
        self.guest_count.setToolTip(
            "People coming who are not attendees of the visit (spouses, press, security): counted against the "
            "room, in the caterer's numbers and on the run sheet"
        )
        self.guest_label = QLineEdit(data.guest_label)
        self.guest_label.setPlaceholderText("who they are, e.g. spouses, press, security")
        self.guest_label.setAccessibleName("Who the unnamed guests are")
        self.guests: tuple[GuestData, ...] = data.guests
        self.guests_button = QPushButton()
        self.guests_button.setAccessibleName("Whom the unnamed guests accompany")
        self.guests_button.setToolTip("Whom each guest accompanies (seated beside them), each one's label and side")
        self.guests_button.clicked.connect(self.edit_guests)
        self.guest_count.valueChanged.connect(self._guest_count_changed)
        self.guests_summary = QLabel()
        self.guests_summary.setStyleSheet(f"color: {css(MUTED, self.palette())};")
        guests = QWidget()
        guests_rows = QVBoxLayout(guests)
        guests_rows.setContentsMargins(0, 0, 0, 0)
        guests_row = QHBoxLayout()
        guests_row.addWidget(self.guest_count)
        guests_row.addWidget(self.guest_label, 1)
        guests_rows.addLayout(guests_row)
        who_row = QHBoxLayout()
        who_row.addWidget(self.guests_button)
        who_row.addWidget(self.guests_summary, 1)
        guests_rows.addLayout(who_row)
        self._show_guests()
        self._fill_rooms(data.room_id)

        self.attendees = AttendeePicker(
            choices.attendees, {a.attendee_id: a.part for a in base.attendances}, self.current_kind, answers=answers
        )
        self.public_notes = QPlainTextEdit(data.public_notes)
        self.public_notes.setPlaceholderText("Shown in the briefing pack and in calendars")
        self.restricted_notes = QPlainTextEdit(data.restricted_notes)
        self.restricted_notes.setPlaceholderText("Security, gifts, negotiating positions: only in restricted editions")
        restricted_palette = self.restricted_notes.palette()
        restricted_palette.setColor(QPalette.ColorRole.Base, colour(ALERT_TINT, restricted_palette))
        self.restricted_notes.setPalette(restricted_palette)
        for text in (self.public_notes, self.restricted_notes):
            text.setTabChangesFocus(True)
            text.setMinimumHeight(80)
            text.setMaximumHeight(150)  # notes scroll; the attendee list gets the height

        rows: list[tuple[str, str, QWidget]] = [
            ("kind", "&Kind", self.kind),
            ("title", "&Title", self.title_edit),
            ("date", "&Date", self.date_edit),
            ("time", "T&ime (local)", times),
            ("home_time", "", self.home_label),
            ("venue", "&Venue", self.venue),
            ("room", "R&oom", self.room),
            ("origin_venue", "&From", self.origin),
            ("vehicle", "Ve&hicle", self.vehicle),
            ("status", "&Status", self.status),
            ("dress_code", "Dress &code", self.dress_code),
            ("interpretation", "Inter&pretation", self.interpretation),
            ("is_public", "&Public", self.is_public),
            ("guest_count", "&Guests", guests),
        ]
        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, label, widget in rows:
            details.addRow(label, widget)
            if name not in ("time", "home_time"):
                self.fields[name] = widget
        self.fields.update(
            {
                "start": self.start_edit,
                "end": self.end_edit,
                "attendees": self.attendees.table,
                "public_notes": self.public_notes,
                "restricted_notes": self.restricted_notes,
                "guest_count": self.guest_count,
                "guest_label": self.guest_label,
                "guests": self.guests_button,
            }
        )
        self.venue_label = details.labelForField(self.venue)
        local_name = zone_label(choices.local_time_zone)
        time_label = details.labelForField(times)
        if isinstance(time_label, QLabel):
            time_label.setText(f"T&ime ({local_name})")

        # attendees on the right, notes below
        attendees_box = QVBoxLayout()
        heading = QLabel("<b>Attendees</b>")
        attendees_box.addWidget(heading)
        attendees_box.addWidget(self.attendees, 1)
        columns = QHBoxLayout()
        columns.addLayout(details, 5)
        columns.addSpacing(12)
        columns.addLayout(attendees_box, 6)
        notes = QGridLayout()
        public_label = QLabel("&Public notes")
        public_label.setBuddy(self.public_notes)
        restricted_label = QLabel(
            f"Res&tricted notes <span style='background:{css(ERROR, self.palette())};"
            f"color:{css(ON_ERROR, self.palette())};"
            "padding:0 4px;font-size:small;font-weight:bold'>&nbsp;RESTRICTED&nbsp;</span> "
            f"<span style='color:{css(ALERT, self.palette())};font-size:small'>not in public exports</span>"
        )
        restricted_label.setObjectName("restrictedLabel")
        restricted_label.setTextFormat(Qt.TextFormat.RichText)
        restricted_label.setBuddy(self.restricted_notes)
        notes.addWidget(public_label, 0, 0)
        notes.addWidget(restricted_label, 0, 1)
        notes.addWidget(self.public_notes, 1, 0)
        notes.addWidget(self.restricted_notes, 1, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(columns, 1)
        body_layout.addSpacing(6)
        body_layout.addLayout(notes, 0)
        self.form.addRow(body)

        # the saved engagement's seating plan, in its own window over this one
        self.seating_button: QPushButton | None = None
        if open_seating is not None and initial is not None and initial.data.kind in SEATED_KINDS:
            self.seating_button = self.buttons.addButton("Seating &plan…", QDialogButtonBox.ButtonRole.ActionRole)
            self.seating_button.setToolTip("The seating plan of this engagement as saved (drag people to seats)")
            self.seating_button.clicked.connect(lambda: open_seating(self))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.venue.currentIndexChanged.connect(lambda _=0: self._fill_rooms(self.room.currentData()))
        for signal in (
            self.date_edit.dateChanged,
            self.start_edit.timeChanged,
            self.end_edit.timeChanged,
            self.next_day.toggled,
        ):
            signal.connect(self._update_times)
        self._kind_changed()
        self._update_times()
        self.title_edit.setFocus()
        self.resize(1000, 660)

    # -- live updates ----------------------------------------------------------------------------
    def current_kind(self) -> EngagementKind:
        return EngagementKind(self.kind.currentData())  # Qt hands a StrEnum back as a plain str

    def _is_transfer(self) -> bool:
        return self.current_kind() is EngagementKind.TRANSFER

    def _kind_changed(self) -> None:
        if self.seating_button is not None:
            self.seating_button.setEnabled(self.current_kind() in SEATED_KINDS)
        transfer = self._is_transfer()
        self.origin.setEnabled(transfer)
        self.vehicle.setEnabled(transfer)
        self.room.setEnabled(not transfer and self.room.count() > 1)
        if isinstance(self.venue_label, QLabel):
            self.venue_label.setText("Destinatio&n" if transfer else "&Venue")
        tip = "" if transfer else "Only a transfer has an origin and a vehicle"
        self.origin.setToolTip(tip)
        self.vehicle.setToolTip(tip)
        self.is_public.setEnabled(not transfer)
        self.is_public.setToolTip(
            "A transfer is a movement: it is never in the public edition"
            if transfer
            else "Only engagements cleared here appear in the public edition of the briefing pack"
        )

    def _fill_rooms(self, keep: int | None) -> None:
        self.room.clear()
        self.room.addItem("(no room)", None)
        venue = self.choices.venue(self.venue.currentData())
        for room in venue.rooms if venue else ():
            capacity = f" · {room.capacity}" if room.capacity else ""
            self.room.addItem(f"{room.name}{capacity}", room.id)
        self.room.setCurrentIndex(max(0, self.room.findData(keep)))
        self.room.setEnabled(self.room.count() > 1 and not self._is_transfer())

    def _instants(self) -> tuple[datetime, datetime]:
        """Start and end from the date and time fields (the initial instants when untouched, so an
        ambiguous wall time in a daylight-saving fold keeps the instant it had)."""
        day = from_qdate(self.date_edit.date())
        start_time, end_time = from_qtime(self.start_edit.time()), from_qtime(self.end_edit.time())
        base_start, base_end = self._base.data.start.astimezone(self.tz), self._base.data.end.astimezone(self.tz)
        end_day = day + timedelta(days=1 if self.next_day.isChecked() else 0)
        if (day, start_time) == (base_start.date(), base_start.time().replace(second=0, microsecond=0)):
            start = self._base.data.start
        else:
            start = local_datetime(day, start_time, self.tz)
        if (end_day, end_time) == (base_end.date(), base_end.time().replace(second=0, microsecond=0)):
            end = self._base.data.end
        else:
            end = local_datetime(end_day, end_time, self.tz)
        return start, end

    def _update_times(self) -> None:
        start, end = self._instants()
        home = zone_label(self.choices.home_time_zone)
        day = from_qdate(self.date_edit.date())
        end_day = day + timedelta(days=1 if self.next_day.isChecked() else 0)
        for what, on, at in (("the start", day, self.start_edit.time()), ("the end", end_day, self.end_edit.time())):
            if gap_minutes(on, from_qtime(at), self.tz):
                self.home_label.setText(
                    f"{from_qtime(at):%H:%M} does not exist that day ({what}): the clocks go forward"
                )
                return
        if end <= start:
            self.home_label.setText(f"{home}: the end is not after the start")
            return
        minutes = int((end - start).total_seconds() // 60)
        hours, rest = divmod(minutes, 60)
        length = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
        there = start.astimezone(self.home_tz)
        self.home_label.setText(f"{home}: {there:%a} {time_span(start, end, self.home_tz)}  ·  {length}")

    # -- the value -------------------------------------------------------------------------------
    def value(self) -> EngagementPlan:
        day = from_qdate(self.date_edit.date())
        if not self.choices.first_day <= day <= self.choices.last_day:
            raise UserError(
                f"date: {day:%a} {day.day} {day:%b %Y} is outside the visit "
                f"({date_range(self.choices.first_day, self.choices.last_day)})",
                field="date",
            )
        start_time, end_time = from_qtime(self.start_edit.time()), from_qtime(self.end_edit.time())
        require_wall_time(day, start_time, self.tz, "start")
        require_wall_time(day + timedelta(days=1 if self.next_day.isChecked() else 0), end_time, self.tz, "end")
        start, end = self._instants()
        transfer = self._is_transfer()
        data = EngagementData(
            kind=self.current_kind(),
            title=self.title_edit.text().strip(),
            start=start,
            end=end,
            venue_id=self.venue.currentData(),
            room_id=None if transfer else self.room.currentData(),
            origin_venue_id=self.origin.currentData() if transfer else None,
            vehicle_id=self.vehicle.currentData() if transfer else None,
            public_notes=self.public_notes.toPlainText().strip(),
            restricted_notes=self.restricted_notes.toPlainText().strip(),
            dress_code=self.dress_code.text().strip(),
            status=EngagementStatus(self.status.currentData()),
            interpretation=InterpretationMode(self.interpretation.currentData()),
            is_public=self.is_public.isChecked() and not transfer,
            guest_count=self.guest_count.value(),
            guest_label=self.guest_label.text().strip(),
            guests=tuple(g for g in self.guests if g.number <= self.guest_count.value()),
        )
        data.validate()  # an EngagementPlan has no validate() of its own for FormDialog to call
        return EngagementPlan(data, self.attendees.attendances())

    def _show_guests(self) -> None:
        count = self.guest_count.value()
        described = sum(1 for g in self.guests if g.number <= count)
        accompanying = sum(1 for g in self.guests if g.number <= count and g.accompanies_attendee_id is not None)
        self.guests_button.setEnabled(count > 0)
        self.guests_button.setText("Whom they accompa&ny…")
        self.guests_summary.setText(
            f"{accompanying} {'accompanies' if accompanying == 1 else 'accompany'} someone"
            if accompanying
            else f"{described} described"
            if described
            else ""
        )

    def _guest_count_changed(self, _count: int) -> None:
        self._show_guests()

    def edit_guests(self) -> bool:
        """Say whom each unnamed guest accompanies (`GuestsDialog`); True when changed."""
        from visitplanner.ui.dialogs.guests import GuestsDialog

        attending = {a.attendee_id for a in self.attendees.attendances()}
        companions = [a for a in self.choices.attendees if a.id in attending]
        count = self.guest_count.value()
        guests = GuestsDialog.ask(
            self, count, self.guest_label.text(), [g for g in self.guests if g.number <= count], companions
        )
        if guests is None:
            return False
        self.guests = guests
        self._show_guests()
        return True

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: EngagementChoices,
        initial: EngagementPlan | None = None,
        check: Callable[[EngagementPlan], None] | None = None,
        *,
        defaults: EngagementPlan | None = None,
        open_seating: Callable[[QWidget], object] | None = None,
        answers: Mapping[int, PartStat | None] | None = None,
    ) -> EngagementPlan | None:
        """Edit `initial` (or a new engagement starting from `defaults`); None when cancelled.
        `open_seating(parent)`: opens the engagement's seating plan (a *Seating plan…* button).
        `answers`: each invited attendee's reply to the invitation (None: no reply yet)."""
        dialog = cls(parent, choices, initial, check, defaults=defaults, open_seating=open_seating, answers=answers)
        return dialog.result_value() if dialog.exec() else None


__all__ = ["AttendeePicker", "EngagementDialog", "default_part", "default_plan"]
