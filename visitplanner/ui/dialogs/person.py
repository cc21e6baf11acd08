"""The person editor: every field of an address-book entry, with a live preview of the name."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from visitplanner.domain.enums import NameOrder, Privacy
from visitplanner.domain.names import usual_name_order
from visitplanner.domain.values import PersonData
from visitplanner.store.queries import person_field_privacy
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.style import ALERT, ALERT_TINT, MUTED, PANEL, PANEL_LINE, css


def restricted_tag() -> str:
    return (
        f"<span style='background-color:{css(ALERT_TINT)}; color:{css(ALERT)}; font-size:small'>"
        "&nbsp;restricted&nbsp;</span>"
    )


NAME_ORDERS = {
    NameOrder.FAMILY_FIRST: "Family name first (e.g. Park Heong-Joon)",
    NameOrder.GIVEN_FIRST: "Given names first (e.g. Helen Marsh)",
}


def is_restricted(field_name: str) -> bool:
    """Whether exports leave the person's field out of public editions."""
    return person_field_privacy(field_name) is Privacy.RESTRICTED


def field_label(text: str, buddy: QWidget, restricted: bool) -> QWidget:
    """A form label (with its mnemonic) and, for restricted fields, a small "restricted" tag."""
    label = QLabel(text)
    label.setBuddy(buddy)
    if not restricted:
        return label
    buddy.setAccessibleDescription("Restricted: left out of public editions of exports")
    box = QWidget()
    box.setObjectName("restrictedLabel")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    tag = QLabel(restricted_tag())
    tag.setObjectName("restrictedTag")
    tag.setTextFormat(Qt.TextFormat.RichText)
    tag.setToolTip("Restricted: left out of public editions of the briefing pack, sheets and calendars")
    row.addWidget(label)
    row.addWidget(tag)
    row.addStretch(1)
    return box


def section(title: str) -> QLabel:
    label = QLabel(f"<b>{escape(title)}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class PersonDialog(FormDialog[PersonData]):
    """Edits a person: names (with a live preview), position, contact, needs, biography, notes.

    Attributes:
        preview: the label showing how the name will be written.
        organisations: (id, name) pairs offered for the organisation.
    """

    text_rules = PersonData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: PersonData | None,
        organisations: list[tuple[int, str]],
        check: Callable[[PersonData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New person" if initial is None else "Edit person", check)
        initial = initial or PersonData("")
        self.organisations = organisations
        self.family_name = QLineEdit(initial.family_name)
        self.family_name.setPlaceholderText("e.g. Park")
        self.given_names = QLineEdit(initial.given_names)
        self.given_names.setPlaceholderText("e.g. Heong-Joon")
        self.native_name = QLineEdit(initial.native_name)
        self.native_name.setPlaceholderText("In the person's own script, e.g. 박형준")
        self.romanised_name = QLineEdit(initial.romanised_name)
        self.name_order = QComboBox()
        for order, label in NAME_ORDERS.items():
            self.name_order.addItem(label, order)
        self.name_order.setCurrentIndex(self.name_order.findData(initial.name_order))
        # a new person's order follows the native script (박형준: family name first) until chosen
        self._order_chosen = bool(initial.family_name or initial.native_name)
        self.name_order.activated.connect(lambda _: setattr(self, "_order_chosen", True))
        self.honorific = QLineEdit(initial.honorific)
        self.honorific.setPlaceholderText("e.g. Mayor, Dr, Ms, Professor")
        self.form_of_address = QLineEdit(initial.form_of_address)
        self.form_of_address.setPlaceholderText("e.g. His Excellency, The Rt Hon")
        self.preview = QLabel()
        self.preview.setObjectName("namePreview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.preview.setStyleSheet(
            f"background: {css(PANEL)}; border: 1px solid {css(PANEL_LINE)}; border-radius: 4px; padding: 6px;"
        )
        self.title_edit = QLineEdit(initial.title)
        self.title_edit.setPlaceholderText("Position, e.g. Mayor of Busan Metropolitan City")
        self.organisation = QComboBox()
        self.organisation.addItem("(none)", None)
        for ident, name in organisations:
            self.organisation.addItem(name, ident)
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(initial.organisation_id)))
        self.email = QLineEdit(initial.email)
        self.email.setPlaceholderText("name@example.org")
        self.phone = QLineEdit(initial.phone)
        self.phone.setPlaceholderText("With the country code, e.g. +44 151 000 1001")
        self.languages = QLineEdit(initial.languages)
        self.languages.setPlaceholderText("Language codes, e.g. ko, en")
        self.dietary = QLineEdit(initial.dietary)
        self.dietary.setPlaceholderText("The requirement only (e.g. Vegetarian, no nuts), never the reason")
        self.access_needs = QLineEdit(initial.access_needs)
        self.access_needs.setPlaceholderText("e.g. Step-free routes, hearing loop")
        self.biography = QPlainTextEdit(initial.biography)
        self.biography.setPlaceholderText("For the briefing pack")
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setPlaceholderText("For officers only")
        for text in (self.biography, self.notes):
            text.setTabChangesFocus(True)
            text.setMinimumHeight(56)

        rows: list[tuple[str, str, QWidget] | str] = [
            "Name",
            ("family_name", "&Family name", self.family_name),
            ("given_names", "&Given names", self.given_names),
            ("native_name", "Native &script", self.native_name),
            ("name_order", "Name &order", self.name_order),
            ("romanised_name", "&Romanisation used", self.romanised_name),
            ("honorific", "&Honorific", self.honorific),
            ("form_of_address", "Form of &address", self.form_of_address),
            ("preview", "Written as", self.preview),
            "Position and contact",
            ("title", "&Title / position", self.title_edit),
            ("organisation", "Organisa&tion", self.organisation),
            ("email", "&Email", self.email),
            ("phone", "&Phone", self.phone),
            ("languages", "&Languages", self.languages),
            "Needs and background",
            ("dietary", "&Dietary requirement", self.dietary),
            ("access_needs", "A&ccess needs", self.access_needs),
            ("biography", "&Biography", self.biography),
            ("notes", "&Notes", self.notes),
        ]
        for item in rows:
            if isinstance(item, str):
                self.form.addRow(section(item))
                continue
            name, label, widget = item
            self.form.addRow(field_label(label, widget, is_restricted(name)), widget)
            if name != "preview":
                self.fields[name] = widget
        legend = QLabel(f"{restricted_tag()}&nbsp; fields are left out of public editions of exports.")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setStyleSheet(f"color: {css(MUTED)};")
        self.form.addRow(legend)
        for edit in (
            self.family_name,
            self.given_names,
            self.native_name,
            self.romanised_name,
            self.honorific,
            self.form_of_address,
        ):
            edit.textChanged.connect(self.update_preview)
        self.name_order.currentIndexChanged.connect(self.update_preview)
        self.native_name.textEdited.connect(self._native_name_edited)
        self.update_preview()
        self.family_name.setFocus()
        self.resize(600, 780)

    def _native_name_edited(self, text: str) -> None:
        order = usual_name_order(text)
        if order is not None and not self._order_chosen:
            self.name_order.setCurrentIndex(self.name_order.findData(order))

    def update_preview(self) -> None:
        """Show how the name will be written, as the name fields are typed."""
        name = self.value().name
        composed = PersonData(name.family_name, name.given_names, name_order=name.name_order).name.romanised
        self.romanised_name.setPlaceholderText(
            f"Leave empty to use “{composed}”" if composed else "As the person writes it in Latin script"
        )
        if not name.romanised:
            hint = "Type a family name to see how the name is written."
            self.preview.setText(f"<span style='color:{css(MUTED)}'>{hint}</span>")
            return
        rows = [("In lists", name.display), ("Formally", name.formal)]
        if name.form_of_address:
            rows.append(("Addressed as", name.form_of_address))
        self.preview.setText(
            "<br>".join(
                f"<span style='color:{css(MUTED)}'>{escape(label)}:</span> {escape(text)}" for label, text in rows
            )
        )

    def preview_text(self) -> str:
        """The preview as plain text (for tests and accessibility)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.preview.text())
        return document.toPlainText()

    def value(self) -> PersonData:
        return PersonData(
            family_name=self.family_name.text().strip(),
            given_names=self.given_names.text().strip(),
            native_name=self.native_name.text().strip(),
            romanised_name=self.romanised_name.text().strip(),
            name_order=NameOrder(self.name_order.currentData()),
            honorific=self.honorific.text().strip(),
            form_of_address=self.form_of_address.text().strip(),
            title=self.title_edit.text().strip(),
            organisation_id=self.organisation.currentData(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            languages=self.languages.text().strip(),
            dietary=self.dietary.text().strip(),
            access_needs=self.access_needs.text().strip(),
            biography=self.biography.toPlainText().strip(),
            notes=self.notes.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: PersonData | None,
        organisations: list[tuple[int, str]],
        check: Callable[[PersonData], None] | None = None,
    ) -> PersonData | None:
        dialog = cls(parent, initial, organisations, check)
        return dialog.result_value() if dialog.exec() else None
