"""The venue editor: name, code, address, coordinates, zone, capacity, opening hours per
weekday, access notes and site contact."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import clock_span
from visitplanner.domain.hours import DAY_NAMES, WEEKDAYS, OpeningHours
from visitplanner.domain.values import VenueData
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.dialogs.room import count_edit, read_count
from visitplanner.ui.dialogs.visit import zone_combo
from visitplanner.ui.style import MUTED, css

Span = tuple[time, time]
DEFAULT_SPAN: Span = (time(9), time(17))
RESTRICTED_TIP = "Restricted: left out of every edition of the briefing pack except the restricted one"


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _minutes(span: Span) -> tuple[int, int]:
    """The span as minutes from the day's midnight; a span past midnight ends after 1440."""
    start = span[0].hour * 60 + span[0].minute
    end = span[1].hour * 60 + span[1].minute
    return start, end if end > start else end + 24 * 60


def spans_overlap(a: Span, b: Span) -> bool:
    (a0, a1), (b0, b1) = _minutes(a), _minutes(b)
    return a0 < b1 and b0 < a1


def suggest_code(name: str) -> str:
    """ "Digital Innovation Facility" -> "DIF" (initials of the significant words)."""
    minor = {"of", "the", "and", "for", "at"}
    words: list[str] = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in minor]
    if len(words) == 1:
        return words[0][:6].upper()
    return "".join(w[0] for w in words)[:8].upper()


class DayRow:
    """The widgets of one weekday in the opening-hours editor.

    Attributes:
        open_box: whether the venue opens that day.
        first: the (opens, closes) time edits of the first span.
        second_box: whether there is a second span.
        second: the time edits of the second span.
        hint: says when a span runs past midnight or all day.
        extra: spans beyond the second (from imported data), kept while the day stays open.
    """

    def __init__(self, day: str) -> None:
        self.day = day
        self.label = QLabel(DAY_NAMES[day])
        self.open_box = QCheckBox("Open")
        self.open_box.setObjectName(f"open_{day}")
        self.open_box.setAccessibleName(f"Open on {DAY_NAMES[day]}")
        self.first = (self._time_edit(f"Opens on {DAY_NAMES[day]}"), self._time_edit(f"Closes on {DAY_NAMES[day]}"))
        self.second_box = QCheckBox("and")
        self.second_box.setToolTip(f"A second span on {DAY_NAMES[day]} (e.g. closed over lunch)")
        self.second_box.setAccessibleName(f"Open again on {DAY_NAMES[day]}")
        self.second = (
            self._time_edit(f"Opens again on {DAY_NAMES[day]}"),
            self._time_edit(f"Closes again on {DAY_NAMES[day]}"),
        )
        self.hint = QLabel()
        self.hint.setStyleSheet(f"color: {css(MUTED)};")
        self.extra: tuple[Span, ...] = ()
        for edit in (*self.first, *self.second):
            edit.timeChanged.connect(self.update_state)
        self.open_box.toggled.connect(self.update_state)
        self.second_box.toggled.connect(self.update_state)

    @staticmethod
    def _time_edit(tip: str) -> QTimeEdit:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        edit.setToolTip(tip)
        edit.setAccessibleName(tip)
        return edit

    def set_spans(self, spans: tuple[Span, ...]) -> None:
        first = spans[0] if spans else DEFAULT_SPAN
        second = spans[1] if len(spans) > 1 else (first[1], first[1])
        for edits, span in ((self.first, first), (self.second, second)):
            edits[0].setTime(to_qtime(span[0]))
            edits[1].setTime(to_qtime(span[1]))
        self.extra = tuple(spans[2:])
        self.second_box.setChecked(len(spans) > 1)
        self.open_box.setChecked(bool(spans))
        self.update_state()

    def spans(self) -> tuple[Span, ...]:
        if not self.open_box.isChecked():
            return ()
        result = [(from_qtime(self.first[0].time()), from_qtime(self.first[1].time()))]
        if self.second_box.isChecked():
            second = (from_qtime(self.second[0].time()), from_qtime(self.second[1].time()))
            if spans_overlap(result[0], second):
                raise UserError(
                    f"opening_hours.{self.day}: on {DAY_NAMES[self.day]} the second span "
                    f"{clock_span(*second)} overlaps the first {clock_span(*result[0])}",
                    field=f"opening_hours.{self.day}.2",
                )
            result.append(second)
        return (*result, *self.extra)

    def update_state(self) -> None:
        is_open = self.open_box.isChecked()
        for edit in self.first:
            edit.setEnabled(is_open)
        self.second_box.setEnabled(is_open)
        for edit in self.second:
            edit.setEnabled(is_open and self.second_box.isChecked())
        self.hint.setText(self._hint() if is_open else "Closed")

    def _hint(self) -> str:
        notes = []
        spans = [self.first] + ([self.second] if self.second_box.isChecked() else [])
        for opens_edit, closes_edit in spans:
            opens, closes = from_qtime(opens_edit.time()), from_qtime(closes_edit.time())
            if opens == closes:
                notes.append("all day" if opens == time(0) else "24 hours")
            elif closes < opens:
                notes.append("until next day")
        if self.extra:
            notes.append(f"+{len(self.extra)} more span{'s' if len(self.extra) > 1 else ''}")
        return ", ".join(dict.fromkeys(notes))


class OpeningHoursEditor(QWidget):
    """Opening hours per weekday: open or closed, one or two spans a day (a span whose closing
    time is not after its opening runs past midnight; 00:00–00:00 is all day), or not specified.

    Attributes:
        unspecified_box: checked when the venue's hours are not known.
        rows: the day rows, by weekday key ("mon".."sun").
        same_as_monday: a button whose menu copies Monday to other days.
    """

    def __init__(self, hours: OpeningHours | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unspecified_box = QCheckBox("Not specified")
        self.unspecified_box.setToolTip("The venue's opening hours are not known; the checks do not look at them")
        self.rows = {day: DayRow(day) for day in WEEKDAYS}
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for number, row in enumerate(self.rows.values()):
            widgets = [
                row.label,
                row.open_box,
                row.first[0],
                QLabel("–"),
                row.first[1],
                row.second_box,
                row.second[0],
                QLabel("–"),
                row.second[1],
                row.hint,
            ]
            for column, widget in enumerate(widgets):
                grid.addWidget(widget, number, column)
        grid.setColumnStretch(len(widgets) - 1, 1)
        self.grid_widget = QWidget()
        self.grid_widget.setLayout(grid)
        self.same_as_monday = QPushButton("Same as Monday")
        menu = QMenu(self.same_as_monday)
        menu.addAction("For Tuesday to Friday", lambda: self.copy_monday(WEEKDAYS[1:5]))
        menu.addAction("For every day", lambda: self.copy_monday(WEEKDAYS[1:]))
        self.same_as_monday.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(self.unspecified_box)
        top.addStretch(1)
        top.addWidget(self.same_as_monday)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.grid_widget)
        help_label = QLabel(
            "In the venue's time zone. A span that closes at or before it opens runs past "
            "midnight (18:00–02:00); 00:00–00:00 is open all day."
        )
        help_label.setWordWrap(True)
        help_label.setStyleSheet(f"color: {css(MUTED, self.palette())};")
        layout.addWidget(help_label)
        self.unspecified_box.toggled.connect(self._update_enabled)
        self.set_hours(hours)

    def set_hours(self, hours: OpeningHours | None) -> None:
        for day, row in self.rows.items():
            row.set_spans(tuple(hours.spans.get(day, ())) if hours is not None else ())
        self.unspecified_box.setChecked(hours is None)
        self._update_enabled()

    def hours(self) -> OpeningHours | None:
        """The hours shown, or None when not specified; a `UserError` names the bad day."""
        if self.unspecified_box.isChecked():
            return None
        spans = {day: row.spans() for day, row in self.rows.items()}
        return OpeningHours({day: value for day, value in spans.items() if value})

    def copy_monday(self, days: Iterable[str]) -> None:
        spans = self._raw_spans(self.rows["mon"])
        for day in days:
            self.rows[day].set_spans(spans)

    @staticmethod
    def _raw_spans(row: DayRow) -> tuple[Span, ...]:
        """The row's spans without the overlap check (copying is not the place to refuse)."""
        if not row.open_box.isChecked():
            return ()
        result = [(from_qtime(row.first[0].time()), from_qtime(row.first[1].time()))]
        if row.second_box.isChecked():
            result.append((from_qtime(row.second[0].time()), from_qtime(row.second[1].time())))
        return (*result, *row.extra)

    def field_widgets(self) -> dict[str, QWidget]:
        """Field names a `UserError` may carry, mapped to the widget to highlight."""
        widgets: dict[str, QWidget] = {"opening_hours": self.grid_widget}
        for day, row in self.rows.items():
            widgets[f"opening_hours.{day}"] = row.first[0]
            widgets[f"opening_hours.{day}.2"] = row.second[0]
        return widgets

    def _update_enabled(self) -> None:
        specified = not self.unspecified_box.isChecked()
        self.grid_widget.setEnabled(specified)
        self.same_as_monday.setEnabled(specified)


class VenueDialog(FormDialog[VenueData]):
    """Edits a venue of the venue book.

    Attributes:
        hours_editor: the opening hours per weekday.
        no_coordinates: checked when the venue has no latitude and longitude.
    """

    text_rules = VenueData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: VenueData | None,
        visit_zone: str = "",
        check: Callable[[VenueData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New venue" if initial is None else f"Edit venue — {initial.name}", check)
        self._code_touched = initial is not None
        initial = initial or VenueData("", "")
        self.name_edit = QLineEdit(initial.name)
        self.name_edit.setPlaceholderText("e.g. Digital Innovation Facility")
        self.native_name_edit = QLineEdit(initial.native_name)
        self.native_name_edit.setPlaceholderText("In the readers' script, e.g. 디지털 혁신 시설")
        self.native_name_edit.setToolTip(
            "Printed after the name in documents for readers of that script (a Korean itinerary: the Hangul form)"
        )
        self.code_edit = QLineEdit(initial.code)
        self.code_edit.setPlaceholderText("e.g. DIF")
        self.code_edit.setMaximumWidth(160)
        self.code_edit.setToolTip("A short unique code: letters, digits, '.', '_' or '-'")
        self.name_edit.textEdited.connect(self._name_edited)
        self.code_edit.textEdited.connect(lambda _: setattr(self, "_code_touched", True))
        self.address_edit = QPlainTextEdit(initial.address)
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(64)
        self.latitude_spin = self._coordinate_spin("Latitude in degrees north (−90 to 90)", initial.latitude)
        self.longitude_spin = self._coordinate_spin("Longitude in degrees east (−180 to 180)", initial.longitude)
        self.no_coordinates = QCheckBox("No coordinates")
        self.no_coordinates.setChecked(initial.latitude is None and initial.longitude is None)
        self.no_coordinates.toggled.connect(self._update_coordinates)
        coordinates = QHBoxLayout()
        coordinates.setContentsMargins(0, 0, 0, 0)
        for label, spin in (("Lat", self.latitude_spin), ("Lon", self.longitude_spin)):
            coordinates.addWidget(QLabel(label))
            coordinates.addWidget(spin)
        coordinates.addWidget(self.no_coordinates)
        coordinates.addStretch(1)
        self.zone_combo = zone_combo(initial.time_zone, allow_empty=True)
        line = self.zone_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(f"the visit's zone ({visit_zone})" if visit_zone else "the visit's zone")
        self.capacity_edit = count_edit(initial.capacity)
        self.site_contact_edit = QLineEdit(initial.site_contact)
        self.site_contact_edit.setPlaceholderText("e.g. Facility Manager")
        self.site_contact_phone_edit = QLineEdit(initial.site_contact_phone)
        self.site_contact_phone_edit.setToolTip(RESTRICTED_TIP)
        self.hours_editor = OpeningHoursEditor(initial.opening_hours)
        self.access_notes_edit = QPlainTextEdit(initial.access_notes)
        self.access_notes_edit.setPlaceholderText("Entrances, step-free access, security, parking, drop-off")
        self.description_edit = QPlainTextEdit(initial.description)
        for edit in (self.access_notes_edit, self.description_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(64)

        general = QFormLayout()
        general.setContentsMargins(0, 0, 0, 0)
        coordinates_widget = QWidget()
        coordinates_widget.setLayout(coordinates)
        coordinates_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        phone_label = QLabel("Contact &phone (restricted)")
        phone_label.setToolTip(RESTRICTED_TIP)
        phone_label.setBuddy(self.site_contact_phone_edit)
        rows: list[tuple[str, QLabel | str, QWidget]] = [
            ("name", "&Name", self.name_edit),
            ("native_name", "Nati&ve script", self.native_name_edit),
            ("code", "&Code", self.code_edit),
            ("address", "&Address", self.address_edit),
            ("coordinates", "Coordinates", coordinates_widget),
            ("time_zone", "&Time zone", self.zone_combo),
            ("capacity", "Ca&pacity", self.capacity_edit),
            ("site_contact", "&Site contact", self.site_contact_edit),
            ("site_contact_phone", phone_label, self.site_contact_phone_edit),
        ]
        for name, caption, widget in rows:
            general.addRow(caption, widget)
            self.fields[name] = widget
        self.fields["latitude"] = self.latitude_spin
        self.fields["longitude"] = self.longitude_spin
        general_widget = QWidget()
        general_widget.setLayout(general)
        hours_box = QGroupBox("&Opening hours")
        hours_layout = QVBoxLayout(hours_box)
        hours_layout.addWidget(self.hours_editor)
        self.fields.update(self.hours_editor.field_widgets())
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(general_widget, 1)
        columns.addWidget(hours_box, 0)
        columns_widget = QWidget()
        columns_widget.setLayout(columns)
        self.form.addRow(columns_widget)
        for name, text, edit in (
            ("access_notes", "Access &notes", self.access_notes_edit),
            ("description", "&Description", self.description_edit),
        ):
            self.form.addRow(text, edit)
            self.fields[name] = edit
        self._update_coordinates()
        self.resize(1080, 600)

    @staticmethod
    def _coordinate_spin(tip: str, value: float | None) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setDecimals(6)
        spin.setRange(-999.0, 999.0)  # wider than valid, so a slip is explained rather than clamped
        spin.setSingleStep(0.001)
        spin.setValue(value or 0.0)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    def _update_coordinates(self) -> None:
        for spin in (self.latitude_spin, self.longitude_spin):
            spin.setEnabled(not self.no_coordinates.isChecked())

    def _name_edited(self, text: str) -> None:
        if not self._code_touched:
            self.code_edit.setText(suggest_code(text))

    def value(self) -> VenueData:
        has_coordinates = not self.no_coordinates.isChecked()
        return VenueData(
            name=self.name_edit.text().strip(),
            code=self.code_edit.text().strip(),
            address=self.address_edit.toPlainText().strip(),
            latitude=round(self.latitude_spin.value(), 6) if has_coordinates else None,
            longitude=round(self.longitude_spin.value(), 6) if has_coordinates else None,
            time_zone=self.zone_combo.currentText().strip(),
            capacity=read_count(self.capacity_edit, "capacity"),
            opening_hours=self.hours_editor.hours(),
            access_notes=self.access_notes_edit.toPlainText().strip(),
            site_contact=self.site_contact_edit.text().strip(),
            site_contact_phone=self.site_contact_phone_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            native_name=self.native_name_edit.text().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: VenueData | None,
        visit_zone: str = "",
        check: Callable[[VenueData], None] | None = None,
    ) -> VenueData | None:
        dialog = cls(parent, initial, visit_zone, check)
        return dialog.result_value() if dialog.exec() else None
