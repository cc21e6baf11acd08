"""Attendee dialogs: the attendee editor, and the picker that adds a person from the address book."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.languages import DocumentLanguage, usual_language
from visitplanner.domain.values import AttendeeData
from visitplanner.services.reads.people import PersonRow
from visitplanner.ui.accessibility import name_search_field
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.models.base import OBJECT_ROLE, SortFilterProxy
from visitplanner.ui.models.people import PersonPickerModel

#: The role a new attendee most likely has on each side.
DEFAULT_ROLES = {Side.VISITING: Role.DELEGATE, Side.HOST: Role.HOST, Side.STAFF: Role.LIAISON}


def current_side(combo: QComboBox) -> Side:
    """The combo's side (Qt hands item data back as plain strings, not enum members)."""
    return Side(combo.currentData())


def current_role(combo: QComboBox) -> Role:
    return Role(combo.currentData())


def side_combo(value: Side) -> QComboBox:
    combo = QComboBox()
    for side in Side:
        combo.addItem(side.label, side)
    combo.setCurrentIndex(combo.findData(value))
    return combo


def language_combo(chosen: str, languages: str) -> QComboBox:
    """The document language: first "Usual for their languages (Korean)" ("" ), then each language."""
    combo = QComboBox()
    combo.addItem(f"Usual for their languages ({usual_language(languages).label})", "")
    for language in DocumentLanguage:
        combo.addItem(language.label, language.value)
    index = combo.findData(chosen.strip().lower())
    combo.setCurrentIndex(max(index, 0))
    return combo


def role_combo(value: Role) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role)
    combo.setCurrentIndex(combo.findData(value))
    return combo


class AttendeeDialog(FormDialog[AttendeeData]):
    """Edits an attendee's part in the visit: side, role, precedence, arrival and departure notes, the
    language of their documents, and (for an attendee already saved) their journeys, each change to
    those an undo step of its own.

    Attributes:
        person_label: the attendee's name (updated after "Edit person…").
        edit_person_button: opens the person editor (when the caller allows it).
    """

    text_rules = AttendeeData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: AttendeeData,
        person_name: str,
        *,
        new: bool = False,
        edit_person: Callable[[], str | None] | None = None,
        check: Callable[[AttendeeData], None] | None = None,
        journeys: QWidget | None = None,
        languages: str = "",
    ) -> None:
        super().__init__(parent, "New attendee" if new else "Edit attendee", check)
        self.initial = initial
        self._edit_person = edit_person
        self._precedence_touched = False
        self.person_label = QLabel()
        self.person_label.setObjectName("attendeeName")
        self.person_label.setTextFormat(Qt.TextFormat.RichText)
        self._show_name(person_name)
        self.edit_person_button = QPushButton("Edit &person…")
        self.edit_person_button.setToolTip(
            "Change the person's name, title, contact details and needs (every visit they attend shows the change)"
        )
        self.edit_person_button.clicked.connect(self._edit_person_clicked)
        self.edit_person_button.setVisible(edit_person is not None)
        person_row = QWidget()
        person_layout = QHBoxLayout(person_row)
        person_layout.setContentsMargins(0, 0, 0, 0)
        person_layout.addWidget(self.person_label, 1)
        person_layout.addWidget(self.edit_person_button)
        self.side = side_combo(initial.side)
        self.role = role_combo(initial.role)
        self.precedence = QSpinBox()
        self.precedence.setRange(0, 999)
        self.precedence.setSpecialValueText("Last on the side")
        self.precedence.setValue(initial.precedence or 0)
        self.precedence.setToolTip("Rank within the side: 1 is the most senior")
        self.precedence.valueChanged.connect(lambda _: setattr(self, "_precedence_touched", True))
        self.side.currentIndexChanged.connect(self._side_changed)
        self.arrival = QPlainTextEdit(initial.arrival)
        self.arrival.setPlaceholderText("Arrival notes, e.g. VIP fast-track; luggage in the minibus")
        self.departure = QPlainTextEdit(initial.departure)
        self.departure.setPlaceholderText("Departure notes, e.g. check-in at the VIP suite")
        for text in (self.arrival, self.departure):
            text.setTabChangesFocus(True)
            text.setMinimumHeight(52)
        self.document_language = language_combo(initial.document_language, languages)
        self.document_language.setToolTip(
            "The language of their personal itinerary, programme and name card (labels, dates, names)"
        )
        self.form.addRow("Person", person_row)
        self.fields["person"] = person_row
        for name, label, widget in (
            ("side", "&Side", self.side),
            ("role", "&Role", self.role),
            ("precedence", "Pre&cedence", self.precedence),
            ("arrival", "&Arrival notes", self.arrival),
            ("departure", "&Departure notes", self.departure),
            ("document_language", "Document &language", self.document_language),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.journeys = journeys
        if journeys is not None:  # an attendee already saved: their flights, trains and cars
            self.form.addRow("&Journeys", journeys)
            self.fields["journeys"] = journeys
        self.resize(640, 550 if journeys is not None else 370)

    def _show_name(self, name: str) -> None:
        self.person_label.setText(f"<b>{escape(name)}</b>")

    def _edit_person_clicked(self) -> None:
        if self._edit_person is not None:
            name = self._edit_person()
            if name:
                self._show_name(name)

    def _side_changed(self) -> None:
        if not self._precedence_touched:
            self.precedence.blockSignals(True)
            same_side = current_side(self.side) is self.initial.side
            self.precedence.setValue((self.initial.precedence or 0) if same_side else 0)
            self.precedence.blockSignals(False)

    def value(self) -> AttendeeData:
        return AttendeeData(
            self.initial.person_id,
            current_side(self.side),
            current_role(self.role),
            self.precedence.value() or None,
            self.arrival.toPlainText().strip(),
            self.departure.toPlainText().strip(),
            str(self.document_language.currentData() or ""),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: AttendeeData,
        person_name: str,
        *,
        new: bool = False,
        edit_person: Callable[[], str | None] | None = None,
        check: Callable[[AttendeeData], None] | None = None,
        journeys: QWidget | None = None,
        languages: str = "",
    ) -> AttendeeData | None:
        dialog = cls(
            parent,
            initial,
            person_name,
            new=new,
            edit_person=edit_person,
            check=check,
            journeys=journeys,
            languages=languages,
        )
        return dialog.result_value() if dialog.exec() else None


class PersonPickerDialog(FormDialog[AttendeeData]):
    """Adds an attendee from the address book: search the people not attending yet, pick one,
    choose their side and role (guessed from their organisation until chosen).

    Attributes:
        search: the search box.
        view: the table of candidates.
        model: the candidates.
        proxy: the candidates matching the search.
    """

    def __init__(
        self,
        parent: QWidget | None,
        candidates: Sequence[PersonRow],
        *,
        visiting_organisation_id: int | None = None,
        host_organisation_id: int | None = None,
        check: Callable[[AttendeeData], None] | None = None,
    ) -> None:
        super().__init__(parent, "Add attendee from the address book", check)
        self._organisation_sides = {visiting_organisation_id: Side.VISITING, host_organisation_id: Side.HOST}
        self._organisation_sides.pop(None, None)
        self._side_touched = self._role_touched = False
        self.model = PersonPickerModel(self)
        self.model.set_rows(candidates)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(PersonPickerModel.COL_NAME)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, native script, title or organisation")
        name_search_field(self.search, "Search people")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.view = QTableView()
        self.view.setObjectName("personPicker")
        self.view.setAccessibleName("People in the address book")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(PersonPickerModel.COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _: self.accept())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._person_changed())
        self.empty_label = QLabel(
            "Everyone in the address book already attends this visit: use <b>New person…</b> to add someone new."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not candidates)
        self.side = side_combo(Side.VISITING)
        self.role = role_combo(DEFAULT_ROLES[Side.VISITING])
        self.side.activated.connect(lambda _: setattr(self, "_side_touched", True))
        self.role.activated.connect(lambda _: setattr(self, "_role_touched", True))
        self.side.currentIndexChanged.connect(lambda _: self._side_changed())
        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(self.search)
        picker_layout.addWidget(self.view)
        picker_layout.addWidget(self.empty_label)
        self.form.addRow(picker)
        self.form.addRow("&Side", self.side)
        self.form.addRow("&Role", self.role)
        self.fields.update({"person": self.view, "side": self.side, "role": self.role})
        self.search.setFocus()
        self.resize(640, 480)

    def _search_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def selected(self) -> PersonRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        value = index.data(OBJECT_ROLE)
        return value if isinstance(value, PersonRow) else None

    def select_person(self, person_id: int) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(person_id))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        return True

    def _person_changed(self) -> None:
        person = self.selected()
        if person is None or self._side_touched:
            return
        side = self._organisation_sides.get(person.data.organisation_id)
        if side is not None:
            self.side.setCurrentIndex(self.side.findData(side))

    def _side_changed(self) -> None:
        if not self._role_touched:
            self.role.setCurrentIndex(self.role.findData(DEFAULT_ROLES[current_side(self.side)]))

    def value(self) -> AttendeeData:
        person = self.selected()
        if person is None:
            raise UserError("person: choose a person from the list", field="person")
        return AttendeeData(person.id, current_side(self.side), current_role(self.role))

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        candidates: Sequence[PersonRow],
        *,
        visiting_organisation_id: int | None = None,
        host_organisation_id: int | None = None,
        check: Callable[[AttendeeData], None] | None = None,
    ) -> AttendeeData | None:
        dialog = cls(
            parent,
            candidates,
            visiting_organisation_id=visiting_organisation_id,
            host_organisation_id=host_organisation_id,
            check=check,
        )
        return dialog.result_value() if dialog.exec() else None
