"""Export → Attendee list…: the attendees as XLSX or CSV, with the columns chosen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QListWidget, QListWidgetItem, QWidget

from visitplanner.domain.enums import Privacy
from visitplanner.domain.errors import UserError
from visitplanner.exporters.attendee_sheet import COLUMNS
from visitplanner.ui.exports import ExportDialog


@dataclass(frozen=True)
class AttendeeListRequest:
    """The chosen columns (keys, in order), whether restricted ones may be written, and the file."""

    columns: tuple[str, ...]
    restricted: bool
    path: Path


class AttendeeListExportDialog(ExportDialog[AttendeeListRequest]):
    """Choose the format, the columns (restricted ones only after ticking *Restricted columns*) and the file.

    Attributes:
        columns: the checkable list of columns.
        restricted: whether restricted columns (phone, dietary, access needs, notes) may be chosen.
        format: XLSX or CSV.
    """

    def __init__(self, parent: QWidget | None, folder: Path, slug: str) -> None:
        super().__init__(parent, "Export attendee list", folder, slug, "xlsx")
        self.format = QComboBox()
        self.format.addItem("Excel workbook (.xlsx)", "xlsx")
        self.format.addItem("CSV, UTF-8 (.csv)", "csv")
        self.restricted = QCheckBox("Include &restricted columns (phone, dietary, access needs, notes)")
        self.columns = QListWidget()
        self.columns.setAccessibleName("Columns")
        for column in COLUMNS:
            item = QListWidgetItem(column.header)
            item.setData(Qt.ItemDataRole.UserRole, column.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, column.privacy is Privacy.RESTRICTED)
            item.setCheckState(Qt.CheckState.Checked)
            self.columns.addItem(item)
        self.file_field("Spreadsheets (*.xlsx *.csv)")
        self.format.currentIndexChanged.connect(self._format_changed)
        self.restricted.toggled.connect(self._restricted_changed)
        self.form.addRow("F&ormat", self.format)
        self.form.addRow("", self.restricted)
        self.form.addRow("&Columns", self.columns)
        self.form.addRow("&File", self.file)
        self.fields.update({"columns": self.columns, "file": self.file.edit})
        self._restricted_changed(False)
        self.resize(560, 0)

    def _format_changed(self) -> None:
        self._extension = str(self.format.currentData())
        self.follow_choices()

    def _restricted_changed(self, on: bool) -> None:
        for i in range(self.columns.count()):
            item = self.columns.item(i)
            if item.data(Qt.ItemDataRole.UserRole + 1):
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if on else flags)
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.follow_choices()

    def set_column(self, key: str, checked: bool) -> None:
        for i in range(self.columns.count()):
            item = self.columns.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def name_parts(self) -> list[str]:
        return ["attendees", "restricted" if self.restricted.isChecked() else ""]

    def value(self) -> AttendeeListRequest:
        keys = tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.columns.item(i) for i in range(self.columns.count()))
            if item.checkState() == Qt.CheckState.Checked
            and (self.restricted.isChecked() or not item.data(Qt.ItemDataRole.UserRole + 1))
        )
        if not keys:
            raise UserError("columns: choose at least one column", field="columns")
        path = self.file.path()
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise UserError("file: the name must end in .xlsx or .csv", field="file")
        return AttendeeListRequest(keys, self.restricted.isChecked(), path)

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path, slug: str) -> AttendeeListRequest | None:
        dialog = cls(parent, folder, slug)
        return dialog.result_value() if dialog.exec() else None
