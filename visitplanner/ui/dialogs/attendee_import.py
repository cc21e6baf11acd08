"""Import → Attendees from spreadsheet…: choose a file and sheet, map its columns (with a live
preview of the first rows), review each row's match (new / update / unchanged) and accept or
reject it; nothing is written before *Import*."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError, VisitPlannerError
from visitplanner.domain.formatting import printable
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
from visitplanner.services.attendee_import import ImportOptions, ImportPlan, preview_import
from visitplanner.store.database import Session
from visitplanner.store.queries import sheet_mapping
from visitplanner.ui import settings as S
from visitplanner.ui.commands.attendee_import import AttendeeImportRequest, ImportAttendeesCommand
from visitplanner.ui.models.attendee_import import COL_CHANGES, ReviewModel
from visitplanner.ui.style import ERROR, WARNING, css
from visitplanner.ui.tasks import BackgroundTask
from visitplanner.ui.workspace import Workspace

#: How many rows the mapping's live preview shows.
PREVIEW_ROWS = 5
#: A sheet with more rows than this is parsed and matched again off the UI thread when the
#: mapping or the side and role change (5,000 rows take about a third of a second, 200 a few ms).
PREVIEW_IN_BACKGROUND = 200


@dataclass(frozen=True)
class _Previewed:
    """The rows parsed with a mapping and matched to the address book.

    Attributes:
        rows: the rows parsed (empty when the mapping or a row is refused).
        plan: the match review, or None when something is refused.
        error: why nothing can be imported ("" when all is well).
    """

    rows: tuple[ImportedAttendee, ...]
    plan: ImportPlan | None
    error: str = ""


def _previewed(
    session: Session,
    visit_id: int,
    sheet: Sheet,
    targets: Sequence[Target],
    options: ImportOptions,
    cancelled: Cancelled | None = None,
) -> _Previewed:
    """Parse `sheet` with `targets` and match its rows (in whatever thread the session is of)."""
    rows: tuple[ImportedAttendee, ...] = ()
    try:
        rows = parse_rows(sheet, targets, cancelled=cancelled)
        return _Previewed(rows, preview_import(session, visit_id, rows, options, cancelled=cancelled))
    except UserError as exc:
        return _Previewed(rows, None, f"Nothing can be imported: {exc}")


#: A file read off the UI thread: the sheet, the mapping remembered for its headers (or None),
#: and its rows previewed with that mapping (or the one recognised).
_Read = tuple[Sheet, tuple[Target, ...] | None, _Previewed]


def _item(text: str, *, checkable: bool = False, checked: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if checkable:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setFlags(flags)
    return item


class AttendeeImportDialog(QDialog):
    """The import dialog. The file is read, the mapping remembered for its headers looked up and
    the rows parsed and matched off the UI thread; `file_read` says when that is over, whatever
    its outcome. A new mapping (or side and role) is previewed again at once for a small sheet,
    off the UI thread for a large one (`PREVIEW_IN_BACKGROUND`); `previewed` says when.

    Attributes:
        sheet: the sheet read, or None.
        rows: the rows parsed with the current mapping (empty on an error).
        plan: the latest match review, or None.
        mapping_table: one line per column: header, first values, field.
        preview_table: the first rows as the import reads them.
        review_table: one line per row (`review_model`): accept, row, status, name, matched by, changes.
        message: what is wrong, or the summary.

    Signals:
        file_read(): a file was read, or refused (the message says why).
        previewed(): the rows were parsed and matched again (or refused: the message says why).
    """

    file_read = Signal()
    previewed = Signal()

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
        self._task: BackgroundTask[_Read] | BackgroundTask[_Previewed] | None = None
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
        # what was read but may not be what the file means (formulas without their results)
        self.sheet_warnings = QLabel()
        self.sheet_warnings.setAccessibleName("Warnings about the file")
        self.sheet_warnings.setWordWrap(True)
        self.sheet_warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.sheet_warnings.hide()
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
        self.review_model = ReviewModel(self)
        self.review_table = QTableView()
        self.review_table.setModel(self.review_model)
        self.review_table.setAccessibleName("Rows to import")
        self.review_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.review_table.verticalHeader().hide()
        header = self.review_table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(0)  # widths from the rows in view, not thousands
        self.review_model.dataChanged.connect(lambda *_args: self._update_button())
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
        self.file_label = QLabel("&File:")
        self.file_label.setBuddy(self.file_edit)  # a row of a layout has no buddy of its own: Alt+F
        form.addRow(self.file_label, top)
        form.addRow("S&heet:", self.sheet_combo)
        form.addRow("", self.file_info)
        form.addRow("", self.sheet_warnings)
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
        # the mapping's rows are combo boxes: a list's usual seven to ten columns want the most room
        splitter.setSizes([500, 260, 340])
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
        """Whether a file is being read, or its rows parsed and matched, off the UI thread."""
        return self._task is not None

    def read_file(self) -> None:
        """Read the chosen file (and sheet) off the UI thread, recognise or recall the mapping, and
        parse and match the rows there too. Work still under way is cancelled and its outcome ignored."""
        text = self.file_edit.text().strip()
        self._stop_reading()
        self._clear()
        if not text:
            return
        path = Path(text).expanduser()
        same_file = self.sheet_combo.property("path") == str(path)
        chosen = (self.sheet_combo.currentText() or None) if same_file else None
        visit_id, options = self.visit_id, self.options

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> _Read:
            sheet = read_sheet(path, chosen, progress=progress, cancelled=cancelled)
            remembered = remembered_targets(sheet_mapping(session, mapping_key(sheet.headers)), sheet.headers)
            targets = remembered or recognise(sheet.headers)
            return sheet, remembered, _previewed(session, visit_id, sheet, targets, options, cancelled)

        task: BackgroundTask[_Read] = BackgroundTask(
            self.workspace.db, f"Reading {path.name}…", work, self, unit="reads"
        )
        task.succeeded.connect(lambda result: self._read(task, path, result))
        task.failed.connect(lambda error: self._not_read(task, error))
        task.progressed.connect(lambda done, total: self._progressed(task, path, done, total))
        self._task = task
        self.message.setStyleSheet("")
        self.message.setText(f"Reading {path.name}…")
        task.start()

    def _progressed(self, task: object, path: Path, done: int, total: int) -> None:
        if task is self._task and total > 0:
            self.message.setText(f"Reading {path.name}… {min(done, total):,} of {total:,} rows")

    def _stop_reading(self) -> None:
        """Cancel the work under way and wait for it to stop (it asks every few hundred rows)."""
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
        sheet, remembered, previewed = result
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
        self.sheet_warnings.setText("\n".join(f"⚠ {warning}" for warning in sheet.warnings))
        self.sheet_warnings.setStyleSheet(f"color: {css(WARNING, self.sheet_warnings.palette())};")
        self.sheet_warnings.setVisible(bool(sheet.warnings))
        self._fill_mapping(sheet, remembered)
        self._show(previewed)
        self.file_read.emit()

    def _fill_mapping(self, sheet: Sheet, remembered: tuple[Target, ...] | None) -> None:
        targets = remembered or recognise(sheet.headers)
        self._combos = []
        self.mapping_table.setRowCount(len(sheet.headers))
        for i, header in enumerate(sheet.headers):
            # as written, control characters shown as escapes ("\u0007"), never as a box
            samples = printable(", ".join(v for v in (row[i] for row in sheet.rows[:3]) if v))
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
        """Parse the rows with the current mapping and match them again (the live preview): at
        once for a small sheet, off the UI thread for a large one."""
        if self._task is not None:
            self._stop_reading()
            if self.sheet is None:  # a file was being read: read it again, with the new choices
                self.read_file()
                return
        self._clear_preview()
        if self.sheet is None:
            return
        sheet, targets, options, visit_id = self.sheet, self.targets, self.options, self.visit_id
        if len(sheet.rows) <= PREVIEW_IN_BACKGROUND:
            self._show(self.workspace.read(lambda s: _previewed(s, visit_id, sheet, targets, options)))
            return

        def work(session: Session, _progress: Progress, cancelled: Cancelled) -> _Previewed:
            return _previewed(session, visit_id, sheet, targets, options, cancelled)

        task: BackgroundTask[_Previewed] = BackgroundTask(
            self.workspace.db, f"Matching {len(sheet.rows):,} rows…", work, self, unit="reads"
        )
        task.succeeded.connect(lambda result: self._rematched(task, result))
        task.failed.connect(lambda error: self._not_rematched(task, error))
        self._task = task
        self.message.setText(f"Matching {len(sheet.rows):,} rows with the address book…")
        task.start()

    def _rematched(self, task: BackgroundTask[_Previewed], result: _Previewed) -> None:
        if task is self._task:
            self._task = None
            self._show(result)

    def _not_rematched(self, task: BackgroundTask[_Previewed], error: object) -> None:
        if task is not self._task:
            return
        self._task = None
        if isinstance(error, WorkCancelled):
            self.message.setText("")
        else:
            self._refused(f"The rows could not be matched: {type(error).__name__}: {error}")
        self.previewed.emit()

    def _show(self, previewed: _Previewed) -> None:
        """Show rows parsed and matched: the first rows as read, the review, or why not."""
        self.rows, self.plan = previewed.rows, previewed.plan
        self.message.setStyleSheet("")
        self._fill_preview()
        if previewed.plan is None:
            self._refused(previewed.error)
        else:
            self._fill_review(previewed.plan)
        self.previewed.emit()

    def _clear_preview(self) -> None:
        self.rows, self.plan = (), None
        self.preview_table.setRowCount(0)
        self.review_model.set_rows(())
        self.import_button.setEnabled(False)
        self.message.setStyleSheet("")

    def _fill_preview(self) -> None:
        shown = self.rows[:PREVIEW_ROWS]
        self.preview_table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            p = row.person
            for c, text in enumerate(
                (str(row.row), p.family_name, p.given_names, p.native_name, p.name.latin, p.title,
                 row.organisation, p.email)
            ):  # fmt: skip
                self.preview_table.setItem(r, c, _item(text))
        self.preview_table.resizeColumnsToContents()

    def _fill_review(self, plan: ImportPlan) -> None:
        self.review_model.set_rows(plan.rows)
        self.review_table.resizeColumnsToContents()
        self.review_table.setColumnWidth(COL_CHANGES, max(self.review_table.columnWidth(COL_CHANGES), 200))
        self.message.setText(
            f"{plan.summary}. Untick a row to leave it out. Import writes the ticked rows at once "
            "(one undo step), or nothing if anything fails."
        )
        self._update_button()

    @property
    def accepted_rows(self) -> frozenset[int]:
        if self.plan is None:
            return frozenset()
        return frozenset(self.review_model.accepted)

    def set_accepted(self, row: int, accepted: bool) -> None:
        """Tick or untick the row numbered `row` in the file."""
        assert self.plan is not None
        assert self.review_model.set_accepted(row, accepted), f"row {row} cannot be ticked"

    def _update_button(self) -> None:
        self.import_button.setEnabled(bool(self.accepted_rows))

    def _clear(self) -> None:
        self.sheet = None
        self.sheet_warnings.clear()
        self.sheet_warnings.hide()
        self._clear_preview()

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
