"""Import → Attendees from spreadsheet…: choose a file and sheet, map its columns (with a live
preview of the first rows), review each row's match (new / update / unchanged) and accept or
reject it; nothing is written before *Import*."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import VisitPlannerError
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.importers.attendee_sheet import (
    ImportedAttendee,
    Target,
    mapping_key,
    parse_rows,
    recognise,
    remembered_targets,
)
from visitplanner.importers.sheet import Sheet, read_sheet
from visitplanner.services.attendee_import import ImportOptions, ImportPlan, RowStatus, preview_import
from visitplanner.store.database import Session
from visitplanner.store.queries import sheet_mapping
from visitplanner.ui import settings as S
from visitplanner.ui.commands.attendee_import import AttendeeImportRequest, ImportAttendeesCommand
from visitplanner.ui.style import ERROR, css
from visitplanner.ui.tasks import BackgroundTask
from visitplanner.ui.workspace import Workspace

#: How many rows the mapping's live preview shows.
PREVIEW_ROWS = 5

Preview = Callable[[Sequence[ImportedAttendee], ImportOptions], ImportPlan]
#: A file read off the UI thread: the sheet, and the mapping remembered for its headers (or None).
_Read = tuple[Sheet, tuple[Target, ...] | None]


def _item(text: str, *, checkable: bool = False, checked: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if checkable:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setFlags(flags)
    return item


class AttendeeImportDialog(QDialog):
    """The import dialog. The file is read (and the mapping remembered for its headers looked up)
    off the UI thread; `file_read` says when that is over, whatever its outcome.

    Attributes:
        sheet: the sheet read, or None.
        rows: the rows parsed with the current mapping (empty on an error).
        plan: the latest match review, or None.
        mapping_table: one line per column: header, first values, field.
        preview_table: the first rows as the import reads them.
        review_table: one line per row: accept, row, status, name, matched by, changes.
        message: what is wrong, or the summary.

    Signals:
        file_read(): a file was read, or refused (the message says why).
    """

    file_read = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        workspace: Workspace,
        visit_id: int,
        folder: Path,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import attendees from a spreadsheet")
        self.workspace, self.visit_id = workspace, visit_id
        self._folder = folder
        self._task: BackgroundTask[_Read] | None = None
        self.sheet: Sheet | None = None
        self.rows: tuple[ImportedAttendee, ...] = ()
        self.plan: ImportPlan | None = None
        self._combos: list[QComboBox] = []
        self._filling = False

        self.file_edit = QLineEdit(str(path) if path else "")
        self.file_edit.setAccessibleName("Spreadsheet file")
        self.file_edit.editingFinished.connect(self.read_file)
        browse = QPushButton("&Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_combo.currentTextChanged.connect(lambda _t: None if self._filling else self.read_file())
        self.file_info = QLabel()
        self.side_combo = QComboBox()
        for side in Side:
            self.side_combo.addItem(side.label, side)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role.label, role)
        self.role_combo.setCurrentIndex(list(Role).index(Role.DELEGATE))
        self.side_combo.currentIndexChanged.connect(lambda _i: self.remap())
        self.role_combo.currentIndexChanged.connect(lambda _i: self.remap())

        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(["Column", "First values", "Imported as"])
        self.mapping_table.setAccessibleName("Column mapping")
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.preview_table = QTableWidget(0, 8)
        self.preview_table.setHorizontalHeaderLabels(
            ["Row", "Family name", "Given names", "Native name", "Romanised", "Title", "Organisation", "E-mail"]
        )
        self.preview_table.setAccessibleName("How the first rows are read")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().hide()
        self.review_table = QTableWidget(0, 6)
        self.review_table.setHorizontalHeaderLabels(["Import", "Row", "Status", "Name", "Matched by", "Changes"])
        self.review_table.setAccessibleName("Rows to import")
        self.review_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review_table.verticalHeader().hide()
        self.review_table.horizontalHeader().setStretchLastSection(True)
        self.review_table.itemChanged.connect(lambda _item: self._update_button())
        self.message = QLabel("Choose a delegation list: CSV (any usual encoding) or XLSX.")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # only a click imports, never Enter in the file field (see keyPressEvent)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setAutoDefault(False)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_edit, 1)
        top.addWidget(browse)
        form = QFormLayout()
        form.addRow("&File:", top)
        form.addRow("S&heet:", self.sheet_combo)
        form.addRow("", self.file_info)
        choices = QHBoxLayout()
        choices.addWidget(self.side_combo)
        choices.addWidget(self.role_combo)
        choices.addStretch(1)
        form.addRow("Rows without side or role:", choices)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in (
            ("Columns", self.mapping_table),
            ("First rows as read", self.preview_table),
            ("Review", self.review_table),
        ):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(QLabel(f"<b>{title}</b>"))
            inner.addWidget(table)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(960, 720)
        if path is not None:
            self.read_file()

    # -- reading -----------------------------------------------------------------------------
    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Delegation list", str(self._folder), "Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"
        )
        if name:
            self.file_edit.setText(name)
            self.read_file()

    @property
    def reading(self) -> bool:
        """Whether a file is being read."""
        return self._task is not None

    def _preview(self, rows: Sequence[ImportedAttendee], options: ImportOptions) -> ImportPlan:
        return self.workspace.read(lambda s: preview_import(s, self.visit_id, rows, options))

    def read_file(self) -> None:
        """Read the chosen file (and sheet) off the UI thread; then recognise or recall the mapping
        and preview. A read still under way is cancelled and its outcome ignored."""
        text = self.file_edit.text().strip()
        self._stop_reading()
        self._clear()
        if not text:
            return
        path = Path(text).expanduser()
        same_file = self.sheet_combo.property("path") == str(path)
        chosen = (self.sheet_combo.currentText() or None) if same_file else None

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> _Read:
            sheet = read_sheet(path, chosen, progress=progress, cancelled=cancelled)
            return sheet, remembered_targets(sheet_mapping(session, mapping_key(sheet.headers)), sheet.headers)

        task: BackgroundTask[_Read] = BackgroundTask(
            self.workspace.db, f"Reading {path.name}…", work, self, unit="reads"
        )
        task.succeeded.connect(lambda result: self._read(task, path, result))
        task.failed.connect(lambda error: self._not_read(task, error))
        self._task = task
        self.message.setStyleSheet("")
        self.message.setText(f"Reading {path.name}…")
        task.start()

    def _stop_reading(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task.wait()
            self._task = None

    def _not_read(self, task: BackgroundTask[_Read], error: object) -> None:
        if task is not self._task:
            return  # a read given up for another
        self._task = None
        if isinstance(error, WorkCancelled):
            self.message.setText("")
        elif isinstance(error, VisitPlannerError):
            self._refused(str(error))
        else:
            self._refused(f"The file could not be read: {type(error).__name__}: {error}")
        self.file_read.emit()

    def _read(self, task: BackgroundTask[_Read], path: Path, result: _Read) -> None:
        if task is not self._task:
            return
        self._task = None
        sheet, remembered = result
        self.sheet = sheet
        self.message.setStyleSheet("")
        self._filling = True
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheet_names))
        self.sheet_combo.setCurrentText(sheet.name)
        self.sheet_combo.setEnabled(len(sheet.sheet_names) > 1)
        self.sheet_combo.setProperty("path", str(path))
        self._filling = False
        how = f"{sheet.encoding}, delimiter {sheet.delimiter!r}" if sheet.delimiter else sheet.encoding
        remembered_note = " · the mapping remembered for these headers" if remembered else ""
        self.file_info.setText(f"{how} · {len(sheet.rows)} rows · {len(sheet.headers)} columns{remembered_note}")
        self._fill_mapping(sheet, remembered)
        self.remap()
        self.file_read.emit()

    def _fill_mapping(self, sheet: Sheet, remembered: tuple[Target, ...] | None) -> None:
        targets = remembered or recognise(sheet.headers)
        self._combos = []
        self.mapping_table.setRowCount(len(sheet.headers))
        for i, header in enumerate(sheet.headers):
            samples = ", ".join(v for v in (row[i] for row in sheet.rows[:3]) if v)
            self.mapping_table.setItem(i, 0, _item(header))
            self.mapping_table.setItem(i, 1, _item(samples))
            combo = QComboBox()
            combo.setAccessibleName(f"Field of column {header}")
            for target in Target:
                combo.addItem(target.label, target)
            combo.setCurrentIndex(list(Target).index(targets[i]))
            combo.currentIndexChanged.connect(lambda _i: self.remap())
            self.mapping_table.setCellWidget(i, 2, combo)
            self._combos.append(combo)
        self.mapping_table.resizeColumnsToContents()

    @property
    def targets(self) -> tuple[Target, ...]:
        return tuple(Target(c.currentData()) for c in self._combos)

    def set_target(self, column: int, target: Target) -> None:
        """Map the sheet's column `column` to `target` (as choosing it in the list does)."""
        self._combos[column].setCurrentIndex(list(Target).index(target))

    @property
    def options(self) -> ImportOptions:
        return ImportOptions(Side(self.side_combo.currentData()), Role(self.role_combo.currentData()))

    def remap(self) -> None:
        """Parse the rows with the current mapping and match them again (the live preview)."""
        self.rows, self.plan = (), None
        self.preview_table.setRowCount(0)
        self.review_table.setRowCount(0)
        self.import_button.setEnabled(False)
        self.message.setStyleSheet("")
        if self.sheet is None:
            return
        try:
            self.rows = parse_rows(self.sheet, self.targets)
            self._fill_preview()
            self.plan = self._preview(self.rows, self.options)
        except VisitPlannerError as exc:
            self._refused(f"Nothing can be imported: {exc}")
            return
        self._fill_review(self.plan)

    def _fill_preview(self) -> None:
        shown = self.rows[:PREVIEW_ROWS]
        self.preview_table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            p = row.person
            for c, text in enumerate(
                (str(row.row), p.family_name, p.given_names, p.native_name, p.name.romanised, p.title,
                 row.organisation, p.email)
            ):  # fmt: skip
                self.preview_table.setItem(r, c, _item(text))
        self.preview_table.resizeColumnsToContents()

    def _fill_review(self, plan: ImportPlan) -> None:
        table = self.review_table
        table.blockSignals(True)
        table.setRowCount(len(plan.rows))
        for r, item in enumerate(plan.rows):
            changes = "; ".join(f"{d.label}: {d.old} → {d.new}" if d.old else f"{d.label}: {d.new}" for d in item.diffs)
            importable = item.status is not RowStatus.UNCHANGED
            accept = _item("", checkable=importable, checked=importable)
            if not importable:
                accept.setFlags(Qt.ItemFlag.ItemIsSelectable)
            table.setItem(r, 0, accept)
            for c, text in enumerate(
                (str(item.row), item.status.label, item.name, item.matched_by, changes or "—"), start=1
            ):
                table.setItem(r, c, _item(text))
        table.blockSignals(False)
        table.resizeColumnsToContents()
        self.message.setText(
            f"{plan.summary}. Untick a row to leave it out. Import writes the ticked rows at once "
            "(one undo step), or nothing if anything fails."
        )
        self._update_button()

    @property
    def accepted_rows(self) -> frozenset[int]:
        if self.plan is None:
            return frozenset()
        return frozenset(
            item.row
            for r, item in enumerate(self.plan.rows)
            if (cell := self.review_table.item(r, 0)) is not None and cell.checkState() == Qt.CheckState.Checked
        )

    def set_accepted(self, row: int, accepted: bool) -> None:
        """Tick or untick the row numbered `row` in the file."""
        assert self.plan is not None
        index = next(i for i, item in enumerate(self.plan.rows) if item.row == row)
        cell = self.review_table.item(index, 0)
        assert cell is not None
        cell.setCheckState(Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked)

    def _update_button(self) -> None:
        self.import_button.setEnabled(bool(self.accepted_rows))

    def _clear(self) -> None:
        self.sheet, self.rows, self.plan = None, (), None
        for table in (self.preview_table, self.review_table):
            table.setRowCount(0)
        self.import_button.setEnabled(False)

    def _refused(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {css(ERROR, self.message.palette())};")
        self.import_button.setEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never imports: it reads the file again (or presses the focused button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused is not self.import_button and focused.isEnabled():
                focused.click()
            elif focused is not self.file_edit:
                self.read_file()
            return
        super().keyPressEvent(event)

    # -- result ------------------------------------------------------------------------------
    def request(self) -> AttendeeImportRequest | None:
        if self.sheet is None or self.plan is None or not self.accepted_rows:
            return None
        return AttendeeImportRequest(
            Path(self.file_edit.text().strip()).expanduser(),
            self.rows,
            self.options,
            self.accepted_rows,
            self.plan,
            # the same headers next time: the same mapping (remembered with the import)
            (mapping_key(self.sheet.headers), tuple(t.value for t in self.targets)),
        )

    def done(self, result: int) -> None:
        self._stop_reading()  # never leave a thread reading for a dialog that is gone
        super().done(result)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        workspace: Workspace,
        visit_id: int,
        folder: Path,
        path: Path | None = None,
    ) -> AttendeeImportRequest | None:
        dialog = cls(parent, workspace, visit_id, folder, path)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None


def import_attendees_into(
    parent: QWidget | None, workspace: Workspace, visit_id: int, settings: S.Settings | None = None
) -> bool:
    """Ask for a delegation list and import the accepted rows into the visit as one undo step."""
    settings = settings or S.Settings()
    folder = Path(settings.get(S.EXPORT_FOLDER) or Path.home())
    request = AttendeeImportDialog.ask(parent, workspace, visit_id, folder)
    if request is None:
        return False
    return workspace.push(ImportAttendeesCommand(workspace, visit_id, request, initiator=None), parent)
