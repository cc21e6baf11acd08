"""The visit editor: title, slug, dates, time zones, organisations, purpose and marking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import available_timezones

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from visitplanner.domain.enums import VisitStatus
from visitplanner.domain.filenames import slugify
from visitplanner.domain.values import VisitData
from visitplanner.ui.dialogs.base import FormDialog

#: A visit longer than this many days is confirmed before it is saved (a mistyped year or month).
LONG_VISIT_DAYS = 21

_ZONES: list[str] | None = None


def time_zone_names() -> list[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return _ZONES


def zone_combo(value: str, allow_empty: bool = False) -> QComboBox:
    """An editable combo of IANA zone names with completion."""
    combo = QComboBox()
    combo.setEditable(True)
    if allow_empty:
        combo.addItem("")
    combo.addItems(time_zone_names())
    completer = QCompleter(time_zone_names(), combo)
    completer.setFilterMode(completer.filterMode().MatchContains)
    combo.setCompleter(completer)
    combo.setCurrentText(value)
    return combo


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class VisitDialog(FormDialog[VisitData]):
    """Edits a visit's details.

    Attributes:
        organisations: (id, name) pairs offered for the visiting and host organisations.
    """

    text_rules = VisitData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: VisitData | None,
        organisations: list[tuple[int, str]],
        check: Callable[[VisitData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New visit" if initial is None else "Edit visit", check)
        today = date.today()
        initial = initial or VisitData("", "", today + timedelta(days=30), today + timedelta(days=31))
        self._slug_touched = bool(initial.slug)
        self.title_edit = QLineEdit(initial.title)
        self.title_edit.setPlaceholderText("e.g. Visit of the Mayor of Busan to the Liverpool City Region")
        self.slug_edit = QLineEdit(initial.slug)
        self.slug_edit.setPlaceholderText("e.g. busan-liverpool")
        self.title_edit.textEdited.connect(self._title_edited)
        self.slug_edit.textEdited.connect(lambda _: setattr(self, "_slug_touched", True))
        self.start_edit = QDateEdit(to_qdate(initial.start_date))
        self.end_edit = QDateEdit(to_qdate(initial.end_date))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
        self._start = initial.start_date
        self.start_edit.dateChanged.connect(self._start_changed)
        self.local_zone = zone_combo(initial.local_time_zone)
        self.home_zone = zone_combo(initial.home_time_zone)
        self.visiting_org = QComboBox()
        self.host_org = QComboBox()
        for combo, current in (
            (self.visiting_org, initial.visiting_organisation_id),
            (self.host_org, initial.host_organisation_id),
        ):
            combo.addItem("(none)", None)
            for ident, name in organisations:
                combo.addItem(name, ident)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.status = QComboBox()
        for status in VisitStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(initial.status))
        self.marking = QLineEdit(initial.marking)
        self.marking.setPlaceholderText("e.g. OFFICIAL-SENSITIVE")
        self.purpose = QPlainTextEdit(initial.purpose)
        self.objectives = QPlainTextEdit(initial.objectives)
        for text in (self.purpose, self.objectives):
            text.setTabChangesFocus(True)
            text.setMinimumHeight(70)
        rows: list[tuple[str, str, QWidget]] = [
            ("title", "&Title", self.title_edit),
            ("slug", "S&lug", self.slug_edit),
            ("start_date", "&Starts", self.start_edit),
            ("end_date", "&Ends", self.end_edit),
            ("local_time_zone", "&Local time zone", self.local_zone),
            ("home_time_zone", "&Home time zone", self.home_zone),
            ("visiting_organisation", "&Visiting organisation", self.visiting_org),
            ("host_organisation", "H&ost organisation", self.host_org),
            ("status", "Stat&us", self.status),
            ("marking", "&Marking", self.marking),
            ("purpose", "&Purpose", self.purpose),
            ("objectives", "O&bjectives", self.objectives),
        ]
        for name, label, widget in rows:
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.resize(560, 600)

    def _start_changed(self, value: QDate) -> None:
        """The end date moves with the start date, so the visit keeps its length."""
        start = from_qdate(value)
        self.end_edit.setDate(to_qdate(from_qdate(self.end_edit.date()) + (start - self._start)))
        self._start = start

    def accept(self) -> None:
        days = (from_qdate(self.end_edit.date()) - from_qdate(self.start_edit.date())).days + 1
        if days > LONG_VISIT_DAYS and not self.confirm_long_visit(days):
            return
        super().accept()

    def confirm_long_visit(self, days: int) -> bool:
        """Asks whether a visit of `days` days is meant (tests replace this method)."""
        from visitplanner.ui.messages import message_box

        box = message_box(
            self,
            QMessageBox.Icon.Question,
            "A long visit",
            f"This visit lasts {days} days. Is that right?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _title_edited(self, text: str) -> None:
        if not self._slug_touched:
            self.slug_edit.setText(slugify(text))

    def value(self) -> VisitData:
        return VisitData(
            title=self.title_edit.text().strip(),
            slug=self.slug_edit.text().strip(),
            start_date=from_qdate(self.start_edit.date()),
            end_date=from_qdate(self.end_edit.date()),
            local_time_zone=self.local_zone.currentText().strip(),
            home_time_zone=self.home_zone.currentText().strip(),
            visiting_organisation_id=self.visiting_org.currentData(),
            host_organisation_id=self.host_org.currentData(),
            purpose=self.purpose.toPlainText().strip(),
            objectives=self.objectives.toPlainText().strip(),
            status=VisitStatus(self.status.currentData()),
            marking=self.marking.text().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: VisitData | None,
        organisations: list[tuple[int, str]],
        check: Callable[[VisitData], None] | None = None,
    ) -> VisitData | None:
        dialog = cls(parent, initial, organisations, check)
        return dialog.result_value() if dialog.exec() else None
