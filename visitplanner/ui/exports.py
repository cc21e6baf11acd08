"""Export and Import menus: calendars, briefing packs, itineraries and sheets, run in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity, Ref
from visitplanner.domain.editions import EditionData, default_editions, order_classes
from visitplanner.domain.enums import EngagementKind, Privacy
from visitplanner.domain.errors import UserError, VisitPlannerError
from visitplanner.domain.filenames import export_file_name
from visitplanner.domain.formatting import event_when
from visitplanner.domain.languages import document_language
from visitplanner.domain.timerange import zone
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.services.editions import editions_of, set_editions
from visitplanner.services.reads.people import read_attendee_rows
from visitplanner.services.reads.venues import read_visit_venues
from visitplanner.store.database import Session
from visitplanner.store.queries import row_versions, visit_summary
from visitplanner.ui import messages
from visitplanner.ui import settings as S
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.pdf_export import PdfExport, export_pdf
from visitplanner.ui.tasks import BackgroundTask, Unit, run_with_progress
from visitplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from visitplanner.importers.ical import CalendarImport
    from visitplanner.importers.visitfile import VisitDocument
    from visitplanner.services.calendar_import import CalendarImportResult


class PathEdit(QWidget):
    """A file name with a Browse… button that asks where to save (or what to open).

    A save field may be given a suggested name (`suggest`): it follows the dialog's choices
    until the officer types or browses to a file name of their own.
    """

    def __init__(self, path: Path, filter_text: str, *, save: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(str(path))
        self._filter, self._save = filter_text, save
        self._suggested: str | None = path.name if save else None
        self._folder = path.parent
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        if self._save:  # OK asks before replacing a file, once
            name, _ = QFileDialog.getSaveFileName(
                self, "Save as", self.edit.text(), self._filter, options=QFileDialog.Option.DontConfirmOverwrite
            )
        else:
            name, _ = QFileDialog.getOpenFileName(self, "Open", self.edit.text(), self._filter)
        if name:
            self.edit.setText(name)

    def suggest(self, name: str) -> None:
        """Show `name` as the file's name, in the folder shown, unless the officer has put a
        file name of their own there (a different folder alone keeps following)."""
        text = self.edit.text().strip()
        if text and Path(text).name != self._suggested:
            return
        folder = Path(text).expanduser().parent if text else self._folder
        self._suggested = name
        self.edit.setText(str(folder / name))

    def path(self, field: str = "file") -> Path:
        text = self.edit.text().strip()
        if not text:
            raise UserError(f"{field}: choose a file", field=field)
        path = Path(text).expanduser()
        if self._save and path.is_dir():
            raise UserError(f"{field}: {path} is a folder: add a file name", field=field)
        if self._save and not path.parent.is_dir():
            raise UserError(f"{field}: the folder {path.parent} does not exist", field=field)
        if not self._save and not path.is_file():
            raise UserError(f"{field}: {path} is not a file", field=field)
        return path


def _combo(items: Sequence[tuple[Any, str]]) -> QComboBox:
    combo = QComboBox()
    for data, label in items:
        combo.addItem(label, data)
    return combo


class AttendeeChoice(NamedTuple):
    """An attendee as export dialogs offer them.

    Attributes:
        id: the attendee's id.
        label: what the list shows ("Park Heong-Joon (박형준) — mayor, visiting").
        file_name: the name file names use ("Park Heong-Joon").
        language: the code of their document language ("ko"), which their itinerary is
            written in unless another is chosen.
    """

    id: int
    label: str
    file_name: str
    language: str = "en"


class HasPath(Protocol):
    @property
    def path(self) -> Path: ...


R = TypeVar("R", bound=HasPath)


def replace_question(paths: Sequence[Path]) -> str:
    """What the officer is asked before files are replaced."""
    if len(paths) == 1:
        return f"{paths[0].name} already exists in {paths[0].parent}.\n\nReplace it? What it holds now will be lost."
    listed = "\n".join(f"  {path}" for path in paths)
    return f"These files already exist:\n{listed}\n\nReplace them? What they hold now will be lost."


class ExportDialog(FormDialog[R]):
    """An export dialog: its file field suggests a name that says what the file is (visit,
    document, edition, person...), following the dialog's choices until the officer types a
    name of their own; OK asks before replacing an existing file (`confirm_overwrite`).

    Attributes:
        file: the file field (subclasses build it with `file_field` once their choices exist).
        preview: "Preview before saving" (a PDF export's, built with `preview_field`).
    """

    file: PathEdit
    preview: QCheckBox

    def __init__(self, parent: QWidget | None, title: str, folder: Path, slug: str, extension: str) -> None:
        super().__init__(parent, title)
        self._check = self._may_replace
        self._folder, self._slug, self._extension = folder, slug, extension

    def file_field(self, filter_text: str) -> PathEdit:
        self.file = PathEdit(self._folder / self.file_name(), filter_text)
        return self.file

    def preview_field(self) -> QCheckBox:
        """ "Preview before saving", ticked: a PDF is shown page by page (and can be printed) before
        it is written."""
        self.preview = QCheckBox("Preview before saving (and print from the preview)")
        self.preview.setChecked(True)
        return self.preview

    def name_parts(self) -> list[str]:
        """What the file is, after the visit's slug: ["briefing", "public", "issue2"]."""
        raise NotImplementedError

    def file_name(self) -> str:
        return export_file_name(self._slug, *self.name_parts(), extension=self._extension)

    def follow_choices(self, *_args: object) -> None:
        """A choice changed: so does the suggested file name (unless the officer chose their own)."""
        self.file.suggest(self.file_name())

    def targets(self, value: R) -> list[Path]:
        """The files OK would write."""
        return [value.path]

    def _may_replace(self, value: R) -> None:
        existing = [path for path in self.targets(value) if path.exists() and not path.is_dir()]
        if existing and not self.confirm_overwrite(self, existing):
            raise UserError("file: the existing file is kept: choose another name", field="file")

    @staticmethod
    def confirm_overwrite(parent: QWidget | None, paths: list[Path]) -> bool:
        """Ask whether to replace the existing files `paths`; every export asks here (tests replace it)."""
        box = messages.message_box(
            parent,
            QMessageBox.Icon.Warning,
            "Replace file?" if len(paths) == 1 else "Replace files?",
            replace_question(paths),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        replace = box.button(QMessageBox.StandardButton.Yes)
        if replace is not None:
            replace.setText("&Replace")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes


@dataclass(frozen=True)
class CalendarExportRequest:
    """What to export as iCalendar: scope (None, attendee id or venue code), method, restricted, file."""

    scope: int | str | None
    method: str
    restricted: bool
    path: Path


class CalendarExportDialog(ExportDialog[CalendarExportRequest]):
    """Export → Calendar…: the whole visit, one attendee or one venue; publish or invitations."""

    def __init__(
        self,
        parent: QWidget | None,
        attendees: Sequence[AttendeeChoice],
        venues: Sequence[tuple[str, str]],
        folder: Path,
        slug: str,
    ) -> None:
        super().__init__(parent, "Export calendar", folder, slug, "ics")
        self._names = {a.id: a.file_name for a in attendees}
        self.whole = QRadioButton("The whole &visit")
        self.by_attendee = QRadioButton("One &attendee")
        self.by_venue = QRadioButton("One v&enue")
        self.whole.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.whole, self.by_attendee, self.by_venue):
            group.addButton(button)
        self.attendee = _combo([(a.id, a.label) for a in attendees])
        self.venue = _combo(venues)
        self.attendee.setAccessibleName("Attendee")
        self.venue.setAccessibleName("Venue")
        self.method = _combo(
            [
                ("publish", "Calendar to import or subscribe (PUBLISH)"),
                ("request", "Invitations to attendees (REQUEST, cancellations as CANCEL)"),
            ]
        )
        self.restricted = QCheckBox("Include restricted notes (only for people cleared to see them)")
        self.file_field("iCalendar files (*.ics)")
        self.form.addRow("Scope", self.whole)
        self.form.addRow("", self.by_attendee)
        self.form.addRow("", self.attendee)
        self.form.addRow("", self.by_venue)
        self.form.addRow("", self.venue)
        self.form.addRow("&Method", self.method)
        self.form.addRow("", self.restricted)
        self.form.addRow("&File", self.file)
        self.fields.update({"attendee": self.attendee, "venue": self.venue, "file": self.file.edit})
        group.buttonToggled.connect(self.follow_choices)
        for combo in (self.attendee, self.venue, self.method):
            combo.currentIndexChanged.connect(self.follow_choices)
        self.restricted.toggled.connect(self.follow_choices)
        self.resize(560, 0)

    def name_parts(self) -> list[str]:
        parts = ["invitations" if self.method.currentData() == "request" else "calendar"]
        if self.by_attendee.isChecked() and self.attendee.currentData() is not None:
            parts.append(self._names.get(int(self.attendee.currentData()), "attendee"))
        elif self.by_venue.isChecked() and self.venue.currentData() is not None:
            parts += ["venue", str(self.venue.currentData())]
        if self.restricted.isChecked():
            parts.append("restricted")
        return parts

    def targets(self, value: CalendarExportRequest) -> list[Path]:
        if value.method != "request":
            return [value.path]
        from visitplanner.exporters.ical import cancel_path

        return [value.path, cancel_path(value.path)]  # invitations come with their cancellations

    def value(self) -> CalendarExportRequest:
        scope: int | str | None = None
        if self.by_attendee.isChecked():
            if self.attendee.currentData() is None:
                raise UserError("attendee: choose an attendee", field="attendee")
            scope = int(self.attendee.currentData())
        elif self.by_venue.isChecked():
            if self.venue.currentData() is None:
                raise UserError("venue: choose a venue", field="venue")
            scope = str(self.venue.currentData())
        return CalendarExportRequest(
            scope, str(self.method.currentData()), self.restricted.isChecked(), self.file.path()
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        attendees: Sequence[AttendeeChoice],
        venues: Sequence[tuple[str, str]],
        folder: Path,
        slug: str,
    ) -> CalendarExportRequest | None:
        dialog = cls(parent, attendees, venues, folder, slug)
        return dialog.result_value() if dialog.exec() else None


@dataclass(frozen=True)
class BriefingExportRequest:
    """The briefing pack to write: edition, sections, whether to record it as a new issue, file."""

    edition: str
    sections: frozenset[str]
    record_issue: bool
    path: Path
    preview: bool = False  # see the pages (and print them) before the file is written


class BriefingExportDialog(ExportDialog[BriefingExportRequest]):
    """Export → Briefing pack…: edition, sections, issue or draft."""

    def __init__(
        self,
        parent: QWidget | None,
        sections: list[tuple[str, str]],
        folder: Path,
        slug: str,
        issue_number: int,
        editions: Sequence[EditionData] | None = None,
    ) -> None:
        super().__init__(parent, "Export briefing pack", folder, slug, "pdf")
        self._issue_number = issue_number
        self.edition = _combo([(e.name, edition_choice(e)) for e in editions or default_editions("")])
        self.sections: dict[str, QCheckBox] = {}
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for key, heading in sections:
            check = QCheckBox(heading)
            check.setChecked(True)
            self.sections[key] = check
            column.addWidget(check)
        self.issue = QCheckBox(
            f"Record this as issue {issue_number + 1} (otherwise a draft after issue {issue_number})"
            if issue_number
            else "Record this as issue 1 (otherwise a draft)"
        )
        self.file_field("PDF files (*.pdf)")
        self.form.addRow("&Edition", self.edition)
        self.form.addRow("Sections", box)
        self.form.addRow("", self.issue)
        self.form.addRow("", self.preview_field())
        self.form.addRow("&File", self.file)
        self.fields.update({"sections": box, "file": self.file.edit})
        self.edition.currentIndexChanged.connect(self.follow_choices)
        self.issue.toggled.connect(self.follow_choices)
        self.resize(560, 0)

    def name_parts(self) -> list[str]:
        issue = f"issue{self._issue_number + 1}" if self.issue.isChecked() else "draft"
        return ["briefing", str(self.edition.currentData()).lower(), issue]

    def value(self) -> BriefingExportRequest:
        chosen = frozenset(key for key, check in self.sections.items() if check.isChecked())
        if not chosen:
            raise UserError("sections: choose at least one section", field="sections")
        return BriefingExportRequest(
            str(self.edition.currentData()), chosen, self.issue.isChecked(), self.file.path(), self.preview.isChecked()
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        sections: list[tuple[str, str]],
        folder: Path,
        slug: str,
        issue_number: int,
        editions: Sequence[EditionData] | None = None,
    ) -> BriefingExportRequest | None:
        dialog = cls(parent, sections, folder, slug, issue_number, editions)
        return dialog.result_value() if dialog.exec() else None


def edition_choice(edition: EditionData) -> str:
    """ "Host: OFFICIAL-SENSITIVE · internal, movements, restricted" (how the export dialog lists it)."""
    marking = edition.marking or "no marking"
    shown = ", ".join(c.value for c in order_classes(edition.classes) if c is not Privacy.PUBLIC) or "public only"
    return f"{edition.name}: {marking} · {shown}"


@dataclass(frozen=True)
class ItineraryExportRequest:
    attendee_id: int
    path: Path
    #: The language's code ("ko"); "" : the attendee's document language.
    language: str = ""
    preview: bool = False  # see the pages (and print them) before the file is written


class ItineraryExportDialog(ExportDialog[ItineraryExportRequest]):
    """Export → Personal itinerary…: one attendee's engagements and transfers, in the language
    chosen (the attendee's document language until another is chosen)."""

    def __init__(self, parent: QWidget | None, attendees: Sequence[AttendeeChoice], folder: Path, slug: str) -> None:
        from visitplanner.ui.language_exports import language_combo

        super().__init__(parent, "Export personal itinerary", folder, slug, "pdf")
        self._names = {a.id: a.file_name for a in attendees}
        self._languages = {a.id: a.language for a in attendees}
        self.attendee = _combo([(a.id, a.label) for a in attendees])
        self.language = language_combo(attendees[0].language if attendees else "en")
        self.file_field("PDF files (*.pdf)")
        self.form.addRow("&Attendee", self.attendee)
        self.form.addRow("&Language", self.language)
        self.form.addRow("", self.preview_field())
        self.form.addRow("&File", self.file)
        self.fields.update({"attendee": self.attendee, "lang": self.language, "file": self.file.edit})
        self.attendee.currentIndexChanged.connect(self._attendee_changed)
        self.language.currentIndexChanged.connect(self.follow_choices)
        self.resize(520, 0)

    def _attendee_changed(self) -> None:
        """The language follows the person chosen: their document language."""
        chosen = self.attendee.currentData()
        if chosen is not None:
            self.language.setCurrentIndex(max(self.language.findData(self._languages.get(int(chosen), "en")), 0))
        self.follow_choices()

    def name_parts(self) -> list[str]:
        from visitplanner.ui.language_exports import language_part

        chosen = self.attendee.currentData()
        name = self._names.get(int(chosen), "") if chosen is not None else ""
        return ["itinerary", name, language_part(str(self.language.currentData()))]

    def value(self) -> ItineraryExportRequest:
        if self.attendee.currentData() is None:
            raise UserError("attendee: choose an attendee", field="attendee")
        return ItineraryExportRequest(
            int(self.attendee.currentData()),
            self.file.path(),
            str(self.language.currentData()),
            self.preview.isChecked(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, attendees: Sequence[AttendeeChoice], folder: Path, slug: str
    ) -> ItineraryExportRequest | None:
        dialog = cls(parent, attendees, folder, slug)
        return dialog.result_value() if dialog.exec() else None


@dataclass(frozen=True)
class SheetsExportRequest:
    kind: str
    restricted: bool
    path: Path
    #: Name cards: the readers' language ("ko"); the other sheets are in English.
    language: str = "en"
    preview: bool = False  # see the pages (and print them) before the file is written


SHEET_KINDS = [
    ("drivers", "Driver sheets (per vehicle: legs, addresses, passengers, contacts)"),
    ("catering", "Caterer sheet (per meal: headcount and dietary requirements)"),
    ("namecards", "Name cards (folded tent cards)"),
]


class SheetsExportDialog(ExportDialog[SheetsExportRequest]):
    """Export → Sheets…: driver sheets, the caterer sheet or name cards."""

    def __init__(self, parent: QWidget | None, folder: Path, slug: str) -> None:
        from visitplanner.ui.language_exports import language_combo

        super().__init__(parent, "Export sheets", folder, slug, "pdf")
        self.kind = _combo(SHEET_KINDS)
        self.restricted = QCheckBox("Caterer sheet: name the people with each requirement (restricted)")
        self.language = language_combo()
        self.language.setToolTip("Name cards: the language of the people reading them")
        self.file_field("PDF files (*.pdf)")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.restricted.toggled.connect(self.follow_choices)
        self.language.currentIndexChanged.connect(self.follow_choices)
        self.form.addRow("&Sheets", self.kind)
        self.form.addRow("", self.restricted)
        self.form.addRow("&Language", self.language)
        self.form.addRow("", self.preview_field())
        self.form.addRow("&File", self.file)
        self.fields.update({"kind": self.kind, "lang": self.language, "file": self.file.edit})
        self._kind_changed()
        self.resize(560, 0)

    def name_parts(self) -> list[str]:
        from visitplanner.ui.language_exports import language_part

        kind = str(self.kind.currentData())
        language = language_part(str(self.language.currentData())) if kind == "namecards" else ""
        return ["sheets", kind, "restricted" if kind == "catering" and self.restricted.isChecked() else "", language]

    def _kind_changed(self) -> None:
        self.restricted.setEnabled(self.kind.currentData() == "catering")
        self.language.setEnabled(self.kind.currentData() == "namecards")  # the other sheets are in English
        self.follow_choices()

    def value(self) -> SheetsExportRequest:
        kind = str(self.kind.currentData())
        language = str(self.language.currentData()) if kind == "namecards" else "en"
        restricted = kind == "catering" and self.restricted.isChecked()
        return SheetsExportRequest(kind, restricted, self.file.path(), language, self.preview.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path, slug: str) -> SheetsExportRequest | None:
        dialog = cls(parent, folder, slug)
        return dialog.result_value() if dialog.exec() else None


@dataclass(frozen=True)
class CalendarPreview:
    """A calendar file read for a visit, with what importing it would do (a dry run).

    Attributes:
        path: the file.
        data: the parsed calendar (what the import imports).
        result: the dry run's outcome, one row per event.
        tz: the visit's local time zone (times are shown in it).
    """

    path: Path
    data: CalendarImport
    result: CalendarImportResult
    tz: tzinfo


class CalendarImportDialog(QDialog):
    """Import → Calendar…: choose a file, see what would change (a dry run, in the background),
    then import all of it.

    Attributes:
        table: the table of what the import does per event; the Kind column of the events to
            create or update is a choice the officer may change.
        preview_task: the background task reading the latest file chosen, or None.
        previewed: what the latest finished preview found, or None.
        kinds: the kinds the officer chose in the preview, by event UID (for the import).
    """

    COL_KIND = 3

    def __init__(
        self, parent: QWidget | None, preview: Callable[[Path], BackgroundTask[CalendarPreview]], default: Path
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import calendar")
        self._preview = preview
        self.preview_task: BackgroundTask[CalendarPreview] | None = None
        self.previewed: CalendarPreview | None = None
        self.kinds: dict[str, EngagementKind] = {}
        self.file = PathEdit(default, "iCalendar files (*.ics);;All files (*)", save=False)
        self.file.edit.editingFinished.connect(self.refresh)
        self.file.edit.setAccessibleName("Calendar file")
        self.preview_button = show = QPushButton("&Preview")
        show.clicked.connect(self.refresh)
        show.setDefault(True)  # what Enter does (see keyPressEvent); otherwise Qt would pick Browse…
        self.message = QLabel("Choose a calendar file exported from Outlook, Google or Apple Calendar.")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["Action", "When (local)", "Title", "Kind", "Venue", "Note"])
        self.table.setAccessibleName("What the import would do")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # importing cannot be undone: only a click (or Space on the focused button) imports, never
        # Enter in the file field or the table, so Import is no default button (an accept-role
        # button would be made the default when the dialog shows)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setAutoDefault(False)
        self.import_button.setDefault(False)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file, 1)
        top.addWidget(show)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 480)

    def refresh(self) -> None:
        """Read the chosen file and dry-run its import in the background; the table follows."""
        self.import_button.setEnabled(False)
        self.table.setRowCount(0)
        self.previewed = None
        self.kinds = {}
        if self.preview_task is not None:
            self.preview_task.cancel()
            self.preview_task = None
        try:
            path = self.file.path()
        except UserError as exc:
            self._refused(exc)
            return
        task = self._preview(path)
        task.succeeded.connect(lambda preview: self._show(preview) if task is self.preview_task else None)
        task.failed.connect(lambda exc: self._refused(exc) if task is self.preview_task else None)
        self.preview_task = task
        self.message.setText(f"Reading {path.name}…")
        run_with_progress(self, task)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, WorkCancelled):
            self.message.setText("The preview was cancelled: choose Preview to read the file again.")
        elif isinstance(exc, (VisitPlannerError, OSError)):
            self.message.setText(f"<b>Nothing can be imported:</b> {_escape(str(exc))}")
        else:  # a bug: to the crash handler, with its traceback
            raise exc

    def _show(self, preview: CalendarPreview) -> None:
        from visitplanner.services.calendar_import import IMPORTABLE_KINDS  # loaded by the preview already

        self.previewed = preview
        counts: dict[str, int] = {}
        for row in preview.result.rows:
            counts[row.action.value] = counts.get(row.action.value, 0) + 1
            number = self.table.rowCount()
            self.table.insertRow(number)
            tz = preview.tz
            when = event_when(row.start, row.end, row.all_day, tz)
            kind = row.kind.label if row.kind is not None else ""
            for column, text in enumerate(
                (row.action.value, when, row.title, kind, row.venue or row.location or "", row.reason or "")
            ):
                self.table.setItem(number, column, QTableWidgetItem(text))
            if row.kind in IMPORTABLE_KINDS and row.action.value in ("create", "update"):
                self.table.setCellWidget(number, self.COL_KIND, self._kind_choice(row.uid, row.title, row.kind))
        self.table.resizeColumnsToContents()
        summary = ", ".join(
            f"{n} to {action}" if action in ("create", "update") else f"{n} {action}"
            for action, n in sorted(counts.items())
        )
        self.message.setText(
            f"{preview.path.name}: {summary or 'no events'}. Importing adds or updates them all at once, "
            "or nothing if anything fails."
        )
        self.import_button.setEnabled(any(r.action.value in ("create", "update") for r in preview.result.rows))

    def _kind_choice(self, uid: str, title: str, kind: EngagementKind) -> QComboBox:
        """The Kind cell of an event to create or update: choosing another kind records it in `kinds`."""
        from visitplanner.services.calendar_import import IMPORTABLE_KINDS

        choice = _combo([(k, k.label) for k in IMPORTABLE_KINDS])
        choice.setCurrentIndex(IMPORTABLE_KINDS.index(kind))
        choice.setAccessibleName(f"Kind of {title}")

        def chosen(index: int) -> None:
            picked = EngagementKind(choice.itemData(index))  # Qt hands the value back as a plain str
            if picked is kind:
                self.kinds.pop(uid, None)
            else:
                self.kinds[uid] = picked

        choice.currentIndexChanged.connect(chosen)
        return choice

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never imports: in the file field the preview has just started (editingFinished);
        on a button it presses that button; anywhere else it reads the file again (Preview)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            focused = self.focusWidget()
            if focused is self.file.edit:
                return
            if isinstance(focused, QPushButton):
                if focused.isEnabled():
                    focused.click()
                return
            self.preview_button.click()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        if self.preview_task is not None:  # closed while reading: stop it
            self.preview_task.cancel()
        super().done(result)


def issue_changed(previewed: object, now: object) -> str:
    """Why a previewed briefing pack was neither saved nor recorded: its issue (an `IssueRecord`)
    is no longer the one recorded on Save, because someone changed the visit while the officer looked."""
    number = getattr(previewed, "number", 0)
    if getattr(now, "number", number) != number:
        why = f"another officer recorded issue {number} of this visit while you looked at the preview"
    else:
        why = (
            "the plan (its attendees, engagements or numbered copies) changed while you looked at the "
            "preview: another officer's edit"
        )
    return (
        f"The briefing pack was not saved and issue {number} was not recorded: {why}. "
        "Nothing was written. Export the briefing pack again to preview it as it is now."
    )


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def open_in_desktop(path: Path) -> bool:
    """Open a file in its viewer, or a folder in the file manager; False when nothing opened it."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class ExportController(QObject):
    """Runs the Export and Import menu commands of a main window.

    After an export the status bar says where the file went and offers *Show in folder*; the
    folder is remembered (across sessions) as where the next export goes.

    Attributes:
        open_when_done: open finished PDFs in the system viewer.
        last_task: the most recent background task (tests wait on it).
        show_folder_button: the status bar's *Show in folder*, shown for a while after an export.
        written_folder: the folder the last export went to (what *Show in folder* opens).
    """

    #: How long *Show in folder* stays in the status bar after an export.
    NOTICE_MS = 30_000

    def __init__(
        self,
        window: QMainWindow,
        workspace: Workspace,
        visit_id: Callable[[], int | None],
        settings: S.Settings | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.visit_id = visit_id
        self.settings = settings or S.Settings()
        self.open_when_done = True
        self.last_task: BackgroundTask[Any] | None = None
        self.written_folder: Path | None = None
        self.show_folder_button = QPushButton("Show in folder")
        self.show_folder_button.setFlat(True)
        self.show_folder_button.clicked.connect(self.show_folder)
        self.show_folder_button.hide()
        window.statusBar().addPermanentWidget(self.show_folder_button)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.show_folder_button.hide)

    @property
    def folder(self) -> Path:
        """Where exports go unless the officer chooses: the last export's folder, else the home folder."""
        stored = self.settings.get(S.EXPORT_FOLDER)
        if stored and Path(stored).is_dir():
            return Path(stored)
        return Path.home()

    @folder.setter
    def folder(self, folder: Path) -> None:
        self.settings.set(S.EXPORT_FOLDER, str(folder))

    # -- helpers ---------------------------------------------------------------------------
    def _visit(self) -> tuple[int, str, int] | None:
        visit_id = self.visit_id()
        if visit_id is None:
            return None
        visit = self.workspace.read(lambda s: visit_summary(s, visit_id))
        return (visit_id, visit.slug, visit.issue_number) if visit is not None else None

    def _attendees(self, visit_id: int) -> list[AttendeeChoice]:
        rows = self.workspace.read(lambda s: read_attendee_rows(s, visit_id))
        return [
            AttendeeChoice(
                a.id,
                f"{a.name.display} — {a.role.label.lower()}, {a.side.label.lower()}",
                a.name.romanised or a.name.native_name,
                document_language(a.data.document_language, a.person.languages).value,
            )
            for a in rows
        ]

    def wrote(self, path: Path, message: str) -> None:
        """After an export to `path`: remember its folder, say where it went, offer *Show in folder*."""
        self.folder = self.written_folder = path.parent
        self.window.statusBar().showMessage(message, self.NOTICE_MS)
        self.show_folder_button.setToolTip(f"Open {path.parent} in the file manager")
        self.show_folder_button.show()
        self._notice_timer.start(self.NOTICE_MS)

    def show_folder(self) -> None:
        """*Show in folder*: open the last export's folder in the file manager (or say it could not)."""
        folder = self.written_folder
        if folder is not None and not open_in_desktop(folder):
            messages.warn(
                self.window,
                "Cannot show the folder",
                f"No file manager opened the folder {folder}. Open it yourself to find the file.",
            )

    def open_written(self, path: Path, what: str) -> None:
        """Open a finished document in its viewer; if none opens it, say so and where it is."""
        if not open_in_desktop(path):
            messages.warn(
                self.window,
                "Cannot open the file",
                f"{what[:1].upper()}{what[1:]} was written to {path}, but no program opened it. "
                "Open it yourself from its folder.",
            )

    def _run(
        self,
        title: str,
        work: Callable[[Session, Progress, Cancelled], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        modal: bool = False,
        unit: Unit = "reads",
    ) -> BackgroundTask[Any]:
        task: BackgroundTask[Any] = BackgroundTask(self.workspace.db, title, work, self, unit=unit)
        task.succeeded.connect(done)
        task.failed.connect(failed or self._failed)
        self.last_task = task
        run_with_progress(self.window, task, modal=modal)
        return task

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkCancelled):
            self.window.statusBar().showMessage("Cancelled: nothing was written", 5000)
        elif isinstance(exc, (VisitPlannerError, OSError)):
            self.workspace.report_error(self.window, exc)
        else:  # a bug: to the crash handler, with the worker's traceback
            raise exc

    def _imported(self, changes: Changes) -> None:
        """After an import in the background: refresh the views, as `Workspace.execute` does."""
        if changes:
            self.workspace.changed.emit(changes, None)
        self.workspace.undo_stack.clear()  # an import is not undoable: earlier steps may no longer apply

    def _written(
        self, path: Path, what: str, open_it: bool = True, warnings: list[str] | None = None
    ) -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            self.wrote(path, f"Wrote {what} to {path}")
            if warnings:  # characters no font has: the document is written, with gaps
                messages.inform(
                    self.window, "Written with warnings", f"Wrote {what} to {path}.\n\n" + "\n".join(warnings)
                )
            if open_it and self.open_when_done:
                self.open_written(path, what)

        return done

    def _export_pdf(self, job: PdfExport, recorded: Callable[[Any], None] | None = None) -> None:
        """Write a PDF (`export_pdf`: built once; previewed first when asked, then the bytes shown
        written on Save); once written, `recorded(result)` and the usual *Wrote … to …*, with the
        build's warnings."""

        def run(
            title: str, work: Callable[[Session, Progress, Cancelled], Any], done: Callable[[Any], None], unit: Unit
        ) -> BackgroundTask[Any]:
            return self._run(title, work, done, unit=unit)

        def done(result: Any, warnings: list[str]) -> None:
            report = self._written(job.path, job.what, warnings=warnings)
            if recorded is None or not result:
                report(None)
                return
            recorded(result)
            # after the window's "Saved" for the change recorded (its own zero timer): say where it went
            QTimer.singleShot(0, self, lambda: report(None))

        export_pdf(job, self.window, run, done)

    # -- menu commands ---------------------------------------------------------------------
    def export_calendar(self) -> None:
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        venues = [
            (v.code, f"{v.name} ({v.code})") for v in self.workspace.read(lambda s: read_visit_venues(s, visit_id))
        ]
        request = CalendarExportDialog.ask(self.window, self._attendees(visit_id), venues, self.folder, slug)
        if request is None:
            return
        from visitplanner.exporters.ical import Method, write_calendar

        now = datetime.now(UTC)

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            method: Method = "request" if request.method == "request" else "publish"
            return write_calendar(
                session,
                visit_id,
                request.path,
                scope=request.scope,
                method=method,
                restricted=request.restricted,
                now=now,
                progress=progress,
                cancelled=cancelled,
            )

        def done(written: Any) -> None:
            from visitplanner.exporters.ical import report_written

            lines = report_written(request.path, written)
            self.wrote(request.path, lines[0])
            if len(lines) > 1:  # a cancellation file to send too, or an out-of-date file beside them
                messages.inform(self.window, "Calendar written", "\n\n".join(lines))

        self._run("Writing the calendar…", work, done)

    def export_briefing(self) -> None:
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, issue_number = visit
        from visitplanner.exporters.briefing import Section, prepare_briefing_pack

        editions = self.workspace.read(lambda s: editions_of(s, visit_id))
        request = BriefingExportDialog.ask(
            self.window, [(s.value, s.heading) for s in Section], self.folder, slug, issue_number, editions
        )
        if request is None:
            return
        now = datetime.now(UTC)

        def record(session: Session, previewed: object | None) -> tuple[object, Any]:
            # the issue is recorded in the transaction the pack is written in (a cancelled or failed
            # export records nothing); before a preview, in a dry run (rolled back)
            from visitplanner.services.issues import record_issue
            from visitplanner.store.issues import last_issue_record

            record_issue(session, visit_id, now=now)
            shows = last_issue_record(session, visit_id)
            if previewed is not None and shows != previewed:
                raise UserError(issue_changed(previewed, shows))
            return shows, row_versions(session, [(Entity.VISIT, visit_id)])

        def recorded(versions: dict[Ref, int] | None) -> None:
            if versions:  # this window wrote the visit's issue number: its undo history may go on
                self.workspace.written.update(versions)
                self.workspace.changed.emit(Changes.of_updated(Entity.VISIT, visit_id), self)

        prepare = partial(
            prepare_briefing_pack,
            visit_id=visit_id,
            edition=request.edition,
            sections=request.sections,
            draft=not request.record_issue,
            now=now,
        )
        job = PdfExport(
            "the briefing pack",
            request.path,
            prepare,
            request.preview,
            title=f"{request.edition} edition",
            save_text="&Save and record the issue" if request.record_issue else "&Save",
            record=record if request.record_issue else None,
        )
        self._export_pdf(job, recorded)

    def edit_editions(self) -> None:
        """Export → Briefing editions…: the visit's editions, edited as one undoable step."""
        from visitplanner.ui.commands.editions import SetEditionsCommand
        from visitplanner.ui.dialogs.editions import EditionsDialog

        visit_id = self.visit_id()
        if visit_id is None:
            return
        old = self.workspace.read(lambda s: editions_of(s, visit_id))

        def check(new: list[EditionData]) -> None:
            self.workspace.check(lambda s: set_editions(s, visit_id, new))

        new = EditionsDialog.ask(self.window, old, check)
        if new is not None and new != old:
            self.workspace.push(SetEditionsCommand(self.workspace, visit_id, old, new), self.window)

    def choose_folder(self, title: str) -> Path | None:
        """The folder a batch goes into (tests replace this method)."""
        chosen = QFileDialog.getExistingDirectory(self.window, title, str(self.folder))
        return Path(chosen) if chosen else None

    def export_batch(self, kind: str) -> None:
        """Export ▸ Every itinerary… / Every driver sheet…: one PDF per person into a folder, in
        the background, then a summary of the files written."""
        from visitplanner.exporters.batch import BatchFile, write_driver_sheets, write_itineraries

        visit = self._visit()
        if visit is None:
            return
        visit_id = visit[0]
        what = "itineraries" if kind == "itineraries" else "driver sheets"
        folder = self.choose_folder(f"Folder for every one of the {what}")
        if folder is None:
            return
        write = write_itineraries if kind == "itineraries" else write_driver_sheets
        now = datetime.now(UTC)
        warnings: list[str] = []

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            return write(
                session, visit_id, folder, now=now, progress=progress, cancelled=cancelled, warn=warnings.append
            )

        def done(files: list[BatchFile]) -> None:
            self.wrote(folder / "batch", f"Wrote {len(files)} {what} to {folder}")  # remembers the folder
            lines = [f"{f.path.name} — {f.who}, {f.pages} page{'' if f.pages == 1 else 's'}" for f in files]
            text = f"Wrote {len(files)} {what} to {folder}:\n\n" + "\n".join(lines)
            if warnings:
                text += "\n\nWarnings:\n" + "\n".join(warnings)
            messages.inform(self.window, f"{what[:1].upper()}{what[1:]} written", text)

        self._run(f"Writing every one of the {what}…", work, done)

    def export_itinerary(self) -> None:
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        request = ItineraryExportDialog.ask(self.window, self._attendees(visit_id), self.folder, slug)
        if request is None:
            return
        from visitplanner.exporters.itinerary import prepare_itinerary

        prepare = partial(
            prepare_itinerary,
            visit_id=visit_id,
            attendee_id=request.attendee_id,
            now=datetime.now(UTC),
            language=request.language or None,
        )
        self._export_pdf(PdfExport("the itinerary", request.path, prepare, request.preview))

    def export_sheets(self) -> None:
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        request = SheetsExportDialog.ask(self.window, self.folder, slug)
        if request is None:
            return
        from visitplanner.exporters.sheets import prepare_sheets

        prepare = partial(
            prepare_sheets,
            visit_id=visit_id,
            kind=request.kind,
            now=datetime.now(UTC),
            restricted=request.restricted,
            language=request.language,
        )
        self._export_pdf(PdfExport("the sheets", request.path, prepare, request.preview))

    def export_programme(self) -> None:
        """Export → Programme…: the visit's programme in the edition, language(s) chosen."""
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        from visitplanner.store.editions import editions_of
        from visitplanner.ui.language_exports import ProgrammeExportDialog

        names = [e.name for e in self.workspace.read(lambda s: editions_of(s, visit_id))]
        request = ProgrammeExportDialog.ask(self.window, names, self.folder, slug)
        if request is None:
            return
        from visitplanner.exporters.programme import prepare_programme

        prepare = partial(
            prepare_programme,
            visit_id=visit_id,
            now=datetime.now(UTC),
            edition=request.edition,
            language=request.language,
            bilingual=request.bilingual,
        )
        self._export_pdf(PdfExport("the programme", request.path, prepare, request.preview))

    def export_attendee_list(self) -> None:
        """Export → Attendee list…: XLSX or CSV, written in the background."""
        from visitplanner.ui.dialogs.attendee_export import AttendeeListExportDialog

        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        request = AttendeeListExportDialog.ask(self.window, self.folder, slug)
        if request is None:
            return

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            from visitplanner.exporters.attendee_sheet import write_attendee_sheet

            return write_attendee_sheet(
                session, visit_id, request.path, columns=request.columns, restricted=request.restricted
            )

        self._run("Writing the attendee list…", work, self._written(request.path, "the attendee list", open_it=False))

    def publish_caldav(self) -> Any:
        """Export → Publish to CalDAV…: the dialog (`visitplanner/ui/caldav.py`); returns it once closed."""
        from visitplanner.ui.caldav import open_publish_dialog

        return open_publish_dialog(self)

    def import_calendar(self) -> BackgroundTask[Any] | None:
        """Import → Calendar…: the file is read and previewed in the background, the user sees
        the preview, and the import runs in the background; returns the import's task."""
        visit = self._visit()
        if visit is None:
            return None
        visit_id = visit[0]

        def preview(path: Path) -> BackgroundTask[CalendarPreview]:
            def work(session: Session, progress: Progress, cancelled: Cancelled) -> CalendarPreview:
                from visitplanner.importers.ical import read_calendar_file  # loaded here, not on the UI thread
                from visitplanner.services.calendar_import import import_calendar

                # the visit's dates from a read-only session: the dry run's session takes SQLite's
                # write lock with its first statement, and must not hold it while the file is read
                with self.workspace.db.reading() as reader:
                    v = visit_summary(reader, visit_id)
                if v is None:
                    raise UserError("visit: the visit was deleted")
                data = read_calendar_file(
                    path, visit_start=v.start_date, visit_end=v.end_date, visit_zone=v.local_time_zone
                )
                result = import_calendar(session, visit_id, data, dry_run=True, progress=progress, cancelled=cancelled)
                return CalendarPreview(path, data, result, zone(v.local_time_zone))

            return BackgroundTask(self.workspace.db, "Reading the calendar…", work, self, unit="dry run")

        dialog = CalendarImportDialog(self.window, preview, self.folder)
        if not dialog.exec() or dialog.previewed is None:
            return None
        data = dialog.previewed.data
        kinds = dict(dialog.kinds)

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Changes:
            from visitplanner.services.calendar_import import import_calendar

            return import_calendar(session, visit_id, data, kinds=kinds, progress=progress, cancelled=cancelled).changes

        def done(changes: Changes) -> None:
            self._imported(changes)
            self.window.statusBar().showMessage(
                f"Imported the calendar ({len(changes.ids(Entity.ENGAGEMENT))} engagements added or updated)", 8000
            )

        return self._run("Importing the calendar…", work, done, modal=True, unit="writes")

    def import_visit_file(
        self,
        path: Path,
        replacing: VisitDocument | None = None,
        choices: dict[str, bool] | None = None,
    ) -> BackgroundTask[Any]:
        """File → Import visit file…: read `path` in the background and compare it with the address
        and venue books; where the database already has its organisations, people, venues or rooms
        with other values, the officer chooses per item (`ReconcileDialog`); then import. When
        another visit has its slug, the user is asked (on the UI thread, between the runs) whether
        to replace that visit by the document already read (`replacing`, with the `choices` made)."""
        if replacing is not None:
            return self._import_visit_document(path, replacing, choices or {}, replace=True)
        found: list[VisitDocument] = []

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            from visitplanner.importers.visitfile import read_visit_file  # loaded here, not on the UI thread
            from visitplanner.services.visitfile_reconcile import visit_file_differences

            found.append(read_visit_file(path))
            return visit_file_differences(session, found[0])

        def compared(differences: Any) -> None:
            chosen: dict[str, bool] = {}
            if differences:
                from visitplanner.ui.dialogs.visitfile_reconcile import ReconcileDialog

                asked = ReconcileDialog.ask(self.window, path.name, differences)
                if asked is None:
                    self.window.statusBar().showMessage("Cancelled: nothing was imported", 5000)
                    return
                chosen = asked
            self._import_visit_document(path, found[0], chosen, replace=False)

        return self._run("Reading the visit file…", work, compared, unit="reads")

    def _import_visit_document(
        self, path: Path, document: VisitDocument, choices: dict[str, bool], *, replace: bool
    ) -> BackgroundTask[Any]:
        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Changes:
            from visitplanner.services.visitfile import import_visit

            return import_visit(
                session, document, replace=replace, choices=choices, progress=progress, cancelled=cancelled
            )

        def failed(exc: BaseException) -> None:
            from visitplanner.services.visitfile import SlugTaken

            if not isinstance(exc, SlugTaken):
                self._failed(exc)
            elif messages.ask_yes_no(
                self.window,
                "Replace visit",
                f"The visit “{exc.title}” already has the slug {exc.slug}.\n\n"
                "Replace it, with its itinerary, attendees and vehicles, by the visit in the "
                "file? This cannot be undone.",
            ):
                self.import_visit_file(path, document, choices)

        return self._run("Importing the visit file…", work, self._imported, failed, modal=True, unit="writes")

    def export_visit_file(self) -> None:
        """File → Export visit file…: the selected visit, written in the background."""
        visit = self._visit()
        if visit is None:
            return
        visit_id, slug, _ = visit
        default = self.folder / export_file_name(slug, "visit", extension="json")
        while True:  # the file dialog does not ask before replacing: the one question every export asks does
            name, _ = QFileDialog.getSaveFileName(
                self.window,
                "Export visit file",
                str(default),
                "Visit files (*.json)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not name:
                return
            path = Path(name)
            if not path.is_file() or ExportDialog.confirm_overwrite(self.window, [path]):
                break
            default = path

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> None:
            from visitplanner.exporters.visitfile import write_visit_file  # loaded here, not on the UI thread

            write_visit_file(session, visit_id, path, progress=progress, cancelled=cancelled)

        self._run("Writing the visit file…", work, self._written(path, "the visit file", open_it=False))
