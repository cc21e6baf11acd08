"""The Gifts tab: the visit's gift register (given and received), its editor and its export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import GiftStatus
from visitplanner.domain.errors import VisitPlannerError
from visitplanner.domain.values import NO_MINOR_UNITS, GiftData, parse_amount
from visitplanner.services.gifts import GiftChoices, GiftRow, gift_choices, read_gifts
from visitplanner.ui import messages
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.models.base import OBJECT_ROLE, Column, RowTableModel, SortFilterProxy
from visitplanner.ui.tabs import VisitTab, select_ids
from visitplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from visitplanner.exporters.pdf_page import PreparedPdf


class CreateGiftCommand(CreateCommand):
    entity, what = Entity.GIFT, "New gift"

    def __init__(self, workspace: Workspace, visit_id: int, data: GiftData, initiator: object = None) -> None:
        super().__init__(workspace, data, initiator, visit_id, text=f"New gift “{data.description}”")


class EditGiftCommand(EditCommand):
    entity, what = Entity.GIFT, "Edit gift"


class DeleteGiftCommand(DeleteCommand):
    entity, what = Entity.GIFT, "Delete gift"


def amount_text(value: int | None, currency: str) -> str:
    """Minor units as the editor shows them: "120.00", "450000", or ""."""
    if value is None:
        return ""
    return str(value) if currency in NO_MINOR_UNITS else f"{value // 100}.{value % 100:02d}"


class GiftDialog(FormDialog[GiftData]):
    """Edits one gift: what, given by whom to whom (an attendee or an organisation), at which
    engagement, its estimated value and currency, a photo file, its status and notes."""

    text_rules = GiftData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        choices: GiftChoices,
        initial: GiftData,
        *,
        new: bool = False,
        check: Callable[[GiftData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New gift" if new else "Edit gift", check)
        self.description = QLineEdit(initial.description)
        self.description.setPlaceholderText("e.g. Celadon vase")

        def party(attendee: int | None, organisation: int | None) -> QComboBox:
            combo = QComboBox()
            combo.addItem("(choose)", None)
            for choice, name in choices.parties:
                combo.addItem(name, choice)
            chosen = (
                f"a:{attendee}" if attendee is not None else f"o:{organisation}" if organisation is not None else None
            )
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            return combo

        self.giver = party(initial.giver_attendee_id, initial.giver_organisation_id)
        self.recipient = party(initial.recipient_attendee_id, initial.recipient_organisation_id)
        self.engagement = QComboBox()
        self.engagement.addItem("(no engagement)", None)
        for ident, label in choices.engagements:
            self.engagement.addItem(label, ident)
        self.engagement.setCurrentIndex(max(0, self.engagement.findData(initial.engagement_id)))
        self.currency = QLineEdit(initial.currency)
        self.currency.setMaximumWidth(60)
        self.amount = QLineEdit(amount_text(initial.value, initial.currency))
        self.amount.setPlaceholderText("Estimated value")
        money_row = QWidget()
        row = QHBoxLayout(money_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount, 1)
        row.addWidget(self.currency)
        self.photo = QLineEdit(initial.photo)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        photo_row = QWidget()
        prow = QHBoxLayout(photo_row)
        prow.setContentsMargins(0, 0, 0, 0)
        prow.addWidget(self.photo, 1)
        prow.addWidget(browse)
        self.status = QComboBox()
        for status in GiftStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(initial.status))
        self.notes = QPlainTextEdit(initial.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("description", "&Gift", self.description),
            ("giver", "Given &by", self.giver),
            ("recipient", "&Received by", self.recipient),
            ("engagement", "&Engagement", self.engagement),
            ("value", "&Value", money_row),
            ("photo", "P&hoto file", photo_row),
            ("status", "&Status", self.status),
            ("notes", "&Notes", self.notes),
        )
        for name, label, widget in rows:
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.fields["currency"] = self.currency
        self.resize(560, 380)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Photo of the gift", self.photo.text(), "Images (*.jpg *.jpeg *.png)"
        )
        if path:
            self.photo.setText(path)

    def value(self) -> GiftData:
        currency = self.currency.text().strip().upper()

        def ids(combo: QComboBox) -> tuple[int | None, int | None]:
            key = combo.currentData()
            if not isinstance(key, str):
                return None, None
            kind, _, ident = key.partition(":")
            return (int(ident), None) if kind == "a" else (None, int(ident))

        giver, giver_org = ids(self.giver)
        recipient, recipient_org = ids(self.recipient)
        return GiftData(
            description=self.description.text().strip(),
            giver_attendee_id=giver,
            giver_organisation_id=giver_org,
            recipient_attendee_id=recipient,
            recipient_organisation_id=recipient_org,
            engagement_id=self.engagement.currentData(),
            value=parse_amount(self.amount.text(), currency),
            currency=currency,
            photo=self.photo.text().strip(),
            status=GiftStatus(self.status.currentData()),
            notes=self.notes.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: GiftChoices,
        initial: GiftData,
        *,
        new: bool = False,
        check: Callable[[GiftData], None] | None = None,
    ) -> GiftData | None:
        dialog = cls(parent, choices, initial, new=new, check=check)
        return dialog.result_value() if dialog.exec() else None


class GiftModel(RowTableModel[GiftRow]):
    """The register: one row per gift."""

    COL_ENGAGEMENT, COL_GIVER, COL_RECIPIENT, COL_GIFT, COL_VALUE, COL_STATUS = range(6)
    columns = (
        Column("Engagement", lambda r: r.engagement),
        Column("Given by", lambda r: r.giver),
        Column("Received by", lambda r: r.recipient),
        Column("Gift", lambda r: r.data.description, tooltip=lambda r: r.data.notes),
        Column(
            "Value",
            lambda r: r.value_text,
            sort=lambda r: (r.data.currency, r.data.value or 0),
            alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
        Column("Status", lambda r: r.data.status.label),
    )


class GiftsTab(VisitTab):
    """The gift register of the visit, both ways, with its export (CSV, XLSX, PDF host edition).

    Attributes:
        model, proxy, view: the register.
    """

    title = "Gifts"
    header_name = "gifts"
    can_edit = frozenset({"new", "delete"})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.model = GiftModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("giftsView")
        self.view.setAccessibleName("Gift register")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(GiftModel.COL_GIFT, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _: self.edit_gift())
        self.summary = QLabel()
        self.new_button = QPushButton("&New gift…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete")
        self.export_button = QPushButton("E&xport register…")
        self.export_button.setToolTip("CSV or XLSX for the office's records; PDF in the host edition (with values)")
        self.new_button.clicked.connect(self.new_gift)
        self.edit_button.clicked.connect(self.edit_gift)
        self.delete_button.clicked.connect(self.delete_gift)
        self.export_button.clicked.connect(self.export_register)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def header_view(self) -> QHeaderView:
        return self.view.horizontalHeader()

    def reload(self) -> None:
        visit_id = self.visit_id
        rows = self.workspace.read(lambda s: read_gifts(s, visit_id)) if visit_id is not None else []
        self.model.set_rows(rows)
        self.summary.setText(f"{len(rows)} gift{'s' if len(rows) != 1 else ''}" if visit_id else "No visit selected")

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.GIFT, Entity.ATTENDEE, Entity.ENGAGEMENT, Entity.ORGANISATION, Entity.VISIT):
            self.reload()

    def current(self) -> GiftRow | None:
        value = self.view.currentIndex().data(OBJECT_ROLE)
        return value if isinstance(value, GiftRow) else None

    def select_gift(self, ident: int) -> None:
        select_ids(self.view, self.proxy, self.model, [ident])

    def _choices(self) -> GiftChoices | None:
        visit_id = self.visit_id
        return self.workspace.read(lambda s: gift_choices(s, visit_id)) if visit_id is not None else None

    def new_gift(self) -> None:
        from visitplanner.services.gifts import create_gift

        visit_id, choices = self.visit_id, self._choices()
        if visit_id is None or choices is None:
            return
        data = GiftDialog.ask(
            self,
            choices,
            GiftData(""),
            new=True,
            check=lambda v: self.workspace.check(lambda s: create_gift(s, visit_id, v)),
        )
        if data is not None:
            self.workspace.push(CreateGiftCommand(self.workspace, visit_id, data, self), self)

    def edit_gift(self) -> None:
        from visitplanner.services.gifts import update_gift

        row, choices = self.current(), self._choices()
        if row is None or choices is None:
            return
        data = GiftDialog.ask(
            self,
            choices,
            row.data,
            check=lambda v: self.workspace.check(lambda s: update_gift(s, row.id, v, expected_version=row.version)),
        )
        if data is not None and data != row.data:
            text = f"Edit gift “{data.description}”"
            self.workspace.push(EditGiftCommand(self.workspace, row.id, row.data, data, row.version, self, text), self)

    def delete_gift(self) -> None:
        row = self.current()
        if row is None or not messages.ask_yes_no(
            self, "Delete gift", f"Delete “{row.data.description}” from the register? You can undo this."
        ):
            return
        self.workspace.push(
            DeleteGiftCommand(self.workspace, row.id, row.data.description, row.version, initiator=self), self
        )

    def ask_export_path(self) -> Path | None:
        """Where to write the register (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export gift register", "gift-register.xlsx", "Excel (*.xlsx);;CSV (*.csv);;PDF, host edition (*.pdf)"
        )
        return Path(path) if path else None

    def export_register(self) -> Path | None:
        from visitplanner.exporters.gifts import write_gift_register
        from visitplanner.services.base import utcnow

        visit_id = self.visit_id
        path = self.ask_export_path() if visit_id is not None else None
        if visit_id is None or path is None:
            return None
        now = utcnow()
        try:
            if path.suffix.lower() == ".pdf":
                pdf = self._previewed(visit_id, path, now)
                if pdf is None:
                    return None  # the officer cancelled in the preview: nothing written
                pdf.write(path)  # the bytes previewed, not a second build
            else:
                self.workspace.read(lambda s: write_gift_register(s, visit_id, path, now))
        except VisitPlannerError as exc:
            self.workspace.report_error(self, exc)
            return None
        return path

    def _previewed(self, visit_id: int, path: Path, now: datetime) -> PreparedPdf | None:
        """The register's PDF shown page by page, with Print…; the PDF to write when the officer
        chose Save, None when they cancelled."""
        from visitplanner.exporters.gifts import prepare_gift_register_pdf
        from visitplanner.ui.preview import PdfPreviewDialog

        pdf = self.workspace.read(lambda s: prepare_gift_register_pdf(s, visit_id, now, target=path))
        return pdf if PdfPreviewDialog.ask(self, path.name, pdf.data) else None

    def edit_new(self) -> None:
        self.new_gift()

    def edit_delete(self) -> None:
        self.delete_gift()
