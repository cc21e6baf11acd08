"""The main window: visit list beside the visit workspace tabs, menus, toolbar and undo."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from visitplanner import __version__
from visitplanner.domain.changes import Changes
from visitplanner.domain.errors import UserError, VisitPlannerError
from visitplanner.domain.findings import Finding, Severity
from visitplanner.store.database import SQLALCHEMY_VERSION, Database, open_database
from visitplanner.store.urls import ServerLogin, database_label, sqlite_path, sqlite_url, without_password
from visitplanner.ui import messages
from visitplanner.ui import settings as S
from visitplanner.ui.checks import ChecksPanel, counts_text, marks_by_engagement
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.visitlist import VisitList
from visitplanner.ui.watcher import ExternalChangeWatcher
from visitplanner.ui.workspace import Workspace

if TYPE_CHECKING:
    from visitplanner.ui.exports import ExportController

MAX_RECENT = 8
#: The workspace tabs: title, module and class. Each is imported and built when first shown,
#: so the window paints before the heavier tabs load.
TABS = (
    ("Overview", "visitplanner.ui.overview", "OverviewTab"),
    ("Itinerary", "visitplanner.ui.itinerary", "ItineraryTab"),
    ("Attendees", "visitplanner.ui.attendees", "AttendeesTab"),
    ("Venues", "visitplanner.ui.venues", "VenuesTab"),
    ("Tasks", "visitplanner.ui.readiness", "TasksTab"),
    ("Gifts", "visitplanner.ui.gifts", "GiftsTab"),
    ("Invitations", "visitplanner.ui.invitations", "InvitationsTab"),
    ("People", "visitplanner.ui.people", "PeopleTab"),
)


class StepAction(QAction):
    """A toolbar twin of Edit → Undo or Redo: a short text that never changes, so the toolbar never
    reflows; the step it takes ("Undo Move “Welcome dinner”") is its tooltip (see `follow`)."""

    def __init__(self, verb: str, keys: QKeySequence, parent: QWidget) -> None:
        super().__init__(verb, parent)
        self.verb, self.keys = verb, keys.toString(QKeySequence.SequenceFormat.NativeText)
        self.follow("")

    def follow(self, step: str) -> None:
        """Name the step the stack would take now ("" when none)."""
        text = f"{self.verb} {step}" if step else self.verb
        self.setToolTip(f"{text} ({self.keys})" if self.keys else text)
        self.setStatusTip(text)


class WorkspaceTabs(QTabWidget):
    """The tab widget of the visit workspace; a tab's page stands for its slot."""

    def _slot_of(self, widget: QWidget) -> QWidget:
        parent = widget.parentWidget()
        return parent if isinstance(parent, TabSlot) and not isinstance(widget, TabSlot) else widget

    def setCurrentWidget(self, widget: QWidget) -> None:
        super().setCurrentWidget(self._slot_of(widget))

    def indexOf(self, widget: QWidget) -> int:
        return super().indexOf(self._slot_of(widget))


class TabSlot(QWidget):
    """Holds one workspace tab and builds its page the first time it is needed.

    Attributes:
        title: the tab's label.
        built: the page once built, else None.
    """

    def __init__(self, window: MainWindow, title: str, module: str, name: str) -> None:
        super().__init__()
        self.window_ = window
        self.title = title
        self._module, self._name = module, name
        self.built: VisitTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def page(self) -> VisitTab:
        if self.built is None:
            import importlib
            import inspect

            cls = getattr(importlib.import_module(self._module), self._name)
            if "settings" in inspect.signature(cls).parameters:
                page: VisitTab = cls(self.window_.workspace, settings=self.window_.settings)
            else:
                page = cls(self.window_.workspace)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(page)
            self.built = page
            restore = getattr(page, "restore_layout", None)
            if callable(restore):
                restore(self.window_.settings)
            page.set_visit(self.window_.visit_id)
            if not page.needs_visit:  # the address book shows everyone, visit or not
                page.reload()
            set_marked = getattr(page, "set_marked", None)
            if callable(set_marked) and self.window_.marks:
                set_marked(self.window_.marks)
        return self.built


class MainWindow(QMainWindow):
    """The application window for one open database.

    Attributes:
        workspace: the database, undo stack and change broadcast of this window.
        visit_list: the list of visits on the left.
        tabs: the visit workspace (Overview, Itinerary, Attendees, Venues, Tasks, Gifts, Invitations, People).

    Signals:
        database_switch_requested(str, bool): the user chose another database (its URL, and
            whether it is a new one to create: File → New database…).
    """

    database_switch_requested = Signal(str, bool)

    def __init__(
        self,
        db: Database,
        settings: S.Settings | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or S.Settings()
        self.workspace = Workspace(db, self, clock)
        self.visit_list = VisitList(self.workspace)
        self.tabs = WorkspaceTabs()
        self.tabs.setDocumentMode(True)
        self.slots = [TabSlot(self, *spec) for spec in TABS]
        for slot in self.slots:
            self.tabs.addTab(slot, slot.title)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        # visit titles stay readable, and with the widest tab the window still fits a 1024-pixel screen
        self.visit_list.setMinimumWidth(220)
        self.splitter.addWidget(self.visit_list)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 1000])
        self.setCentralWidget(self.splitter)
        self.visit_list.visit_selected.connect(self.show_visit)
        for renamed in (self.visit_list.model.modelReset, self.visit_list.model.dataChanged):
            renamed.connect(lambda *_: self._update_title())  # a visit renamed, here or elsewhere
        self.workspace.changed.connect(self._on_changed)
        self._undo_index = self.workspace.undo_stack.index()
        self.workspace.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.visit_id: int | None = None
        self._exports: ExportController | None = None
        self.marks: dict[int, Severity] = {}
        self.status_label = QLabel()
        self.status_label.setObjectName("checkCounts")
        self.statusBar().addPermanentWidget(self.status_label)
        self.checks = ChecksPanel(self.workspace, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.checks)
        self.checks.findings_changed.connect(self._findings_changed)
        self.checks.engagement_activated.connect(self.show_engagement)
        self.resizeDocks([self.checks], [170], Qt.Orientation.Vertical)
        self.watcher = ExternalChangeWatcher(db, self)
        self.watcher.changed.connect(self._external_change)
        self._build_actions()
        self._update_title()
        self.resize(1280, 800)

    def edit_office_limits(self) -> None:
        """Edit the limits the checks apply: the office's, in the database (one undo step)."""
        from visitplanner.services.office import office_check_options
        from visitplanner.ui.commands.office import SetOfficeLimitsCommand
        from visitplanner.ui.dialogs.limits import OfficeLimitsDialog

        current = self.workspace.read(office_check_options)
        options = OfficeLimitsDialog.ask(self, current)
        if options is not None and options != current:
            self.workspace.push(SetOfficeLimitsCommand(self.workspace, current, options, self), self)

    def _copy_legacy_limits(self) -> None:
        """Limits this computer kept in its settings (before they were the office's) go into a
        database that has none stored, once; then this computer forgets them."""
        from visitplanner.services.office import adopt_check_options

        legacy = S.legacy_check_options(self.settings)
        if legacy is None:
            return
        try:  # not an undo step: nothing the officer did here
            self.workspace.execute(lambda session: adopt_check_options(session, legacy))
        except VisitPlannerError:  # the database could not take them now: try again next time
            return
        S.forget_legacy_check_options(self.settings)

    # -- actions and menus -----------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_visit_action = self._action("&New visit…", self.new_visit, K.New, "Create a visit")
        self.new_database_action = self._action(
            "New &database…", self.new_database, tip="Create an empty VisitPlanner database file"
        )
        self.open_database_action = self._action(
            "&Open database…", self.open_database, K.Open, "Open an existing VisitPlanner database file"
        )
        self.connect_database_action = self._action(
            "&Connect to a shared database…",
            lambda: self.connect_database(),
            tip="Open the office's shared database on a PostgreSQL server",
        )
        self.import_visit_action = self._action(
            "&Import visit file…", self.import_visit_file, tip="Read a visit from a portable visit file (.json)"
        )
        self.export_visit_action = self._action(
            "&Export visit file…",
            lambda: self.exports.export_visit_file(),
            tip="Write the selected visit to a portable visit file (.json)",
        )
        self.delete_visit_action = self._action("Delete visit…", self.delete_visit, tip="Delete the selected visit")
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self.undo_action = self.workspace.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(K.Undo)
        self.redo_action = self.workspace.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Y")])
        self.edit_actions = {
            "new": self._action(
                "New &item…",
                lambda: self._edit("new"),
                "Ctrl+Shift+N",
                "Add an engagement, attendee, venue or person to the current tab",
            ),
            "cut": self._action("Cu&t", lambda: self._edit("cut"), K.Cut),
            "copy": self._action("&Copy", lambda: self._edit("copy"), K.Copy),
            "paste": self._action("&Paste", lambda: self._edit("paste"), K.Paste),
            "delete": self._action("&Delete", lambda: self._edit("delete"), K.Delete),
            "find": self._action("&Find…", lambda: self._edit("find"), K.Find),
        }
        for action in self.edit_actions.values():
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.about_action = self._action("&About VisitPlanner", self.about)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_visit_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_database_action)
        file_menu.addAction(self.open_database_action)
        file_menu.addAction(self.connect_database_action)
        self.recent_menu = file_menu.addMenu("Open &recent database")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.import_visit_action)
        file_menu.addAction(self.export_visit_action)
        file_menu.addSeparator()
        file_menu.addAction(self.delete_visit_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for key in ("new", "cut", "copy", "paste", "delete"):
            edit_menu.addAction(self.edit_actions[key])
        edit_menu.addSeparator()
        edit_menu.addAction(self.edit_actions["find"])
        edit_menu.addSeparator()
        self.limits_action = self._action(
            "Office &limits…", self.edit_office_limits, tip="The limits the checks apply: interpreters, margins, gifts"
        )
        edit_menu.addAction(self.limits_action)
        self.edit_menu = edit_menu

        view_menu = self.menuBar().addMenu("&View")
        for number, slot in enumerate(self.slots, start=1):
            view_menu.addAction(
                self._action(
                    f"&{number} {slot.title}", lambda _=False, t=slot: self.tabs.setCurrentWidget(t), f"Ctrl+{number}"
                )
            )
        view_menu.addSeparator()
        self.checks_action = self.checks.toggleViewAction()
        self.checks_action.setText("&Checks panel")
        self.checks_action.setShortcut(QKeySequence("F8"))
        view_menu.addAction(self.checks_action)
        self.view_menu = view_menu
        export_menu = self.menuBar().addMenu("E&xport")
        self.export_actions = {
            "calendar": self._action(
                "&Calendar…",
                lambda: self.exports.export_calendar(),
                "Ctrl+Shift+E",
                "iCalendar for the whole visit, one attendee or one venue",
            ),
            "briefing": self._action(
                "&Briefing pack…",
                lambda: self.exports.export_briefing(),
                "Ctrl+Shift+B",
                "The briefing pack in one of the visit's editions (Host, Delegation, Public…), as a draft or an issue",
            ),
            "editions": self._action(
                "Briefing &editions…",
                lambda: self.exports.edit_editions(),
                tip="The visit's editions of the briefing pack: audience, marking, what each shows, distribution",
            ),
            "itinerary": self._action(
                "&Personal itinerary…",
                lambda: self.exports.export_itinerary(),
                tip="One attendee's engagements and transfers",
            ),
            "itineraries": self._action(
                "Every &itinerary…",
                lambda: self.exports.export_batch("itineraries"),
                tip="Every attendee's personal itinerary, one PDF each, into a folder",
            ),
            "driver_sheets": self._action(
                "Every &driver sheet…",
                lambda: self.exports.export_batch("driver-sheets"),
                tip="One driver sheet per vehicle, named after its driver, into a folder",
            ),
            "sheets": self._action(
                "&Sheets…", lambda: self.exports.export_sheets(), tip="Driver sheets, the caterer sheet or name cards"
            ),
            "programme": self._action(
                "P&rogramme…",
                lambda: self.exports.export_programme(),
                tip="The visit's programme day by day, in English, Korean or both side by side",
            ),
            "attendees": self._action(
                "&Attendee list…",
                lambda: self.exports.export_attendee_list(),
                tip="The attendees as XLSX or CSV, for hotels, security and caterers",
            ),
            "caldav": self._action(
                "Publish to Cal&DAV…",
                lambda: self.exports.publish_caldav(),
                tip="The visit's calendar and each attendee's to a CalDAV server, kept in step",
            ),
        }
        for action in self.export_actions.values():
            export_menu.addAction(action)
        import_menu = self.menuBar().addMenu("&Import")
        self.import_calendar_action = self._action(
            "&Calendar…",
            lambda: self.exports.import_calendar(),
            tip="Engagements from an Outlook, Google or Apple calendar file",
        )
        import_menu.addAction(self.import_calendar_action)
        self.import_attendees_action = self._action(
            "&Attendees from spreadsheet…",
            self.import_attendees,
            tip="A delegation list (CSV or XLSX) into the visit, reviewed row by row",
        )
        import_menu.addAction(self.import_attendees_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        stack = self.workspace.undo_stack
        self.undo_button_action = StepAction("Undo", self.undo_action.shortcut(), self)
        self.undo_button_action.triggered.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_button_action.setEnabled)
        stack.undoTextChanged.connect(self.undo_button_action.follow)
        self.redo_button_action = StepAction("Redo", self.redo_action.shortcut(), self)
        self.redo_button_action.triggered.connect(stack.redo)
        stack.canRedoChanged.connect(self.redo_button_action.setEnabled)
        stack.redoTextChanged.connect(self.redo_button_action.follow)
        for button in (self.undo_button_action, self.redo_button_action):
            button.setEnabled(False)  # the stack is empty
        for action in (
            self.new_visit_action,
            self.edit_actions["new"],
            self.undo_button_action,
            self.redo_button_action,
            self.edit_actions["delete"],
        ):
            toolbar.addAction(action)
        self.toolbar = toolbar
        self.tabs.currentChanged.connect(self._update_edit_actions)
        self._update_edit_actions()

    @property
    def exports(self) -> ExportController:
        """The Export and Import menu commands (their module loads on first use)."""
        if self._exports is None:
            from visitplanner.ui.exports import ExportController

            self._exports = ExportController(self, self.workspace, self.visit_list.current_visit_id, self.settings)
        return self._exports

    def _edit(self, verb: str) -> None:
        page = self.current_tab()
        if page is not None and verb in page.can_edit:
            getattr(page, f"edit_{verb}")()

    def _update_edit_actions(self) -> None:
        page = self.current_tab()
        has_visit = self.visit_list.current_visit_id() is not None
        for verb, action in self.edit_actions.items():
            action.setEnabled(page is not None and verb in page.can_edit and (has_visit or not page.needs_visit))
        self.export_visit_action.setEnabled(has_visit)
        for action in (*self.export_actions.values(), self.import_calendar_action, self.import_attendees_action):
            action.setEnabled(has_visit)
        self.delete_visit_action.setEnabled(has_visit)

    def current_tab(self) -> VisitTab | None:
        slot = self.tabs.currentWidget()
        return slot.page() if isinstance(slot, TabSlot) else None

    @property
    def tab_pages(self) -> list[VisitTab]:
        """Every tab's page (building the ones not shown yet)."""
        return [slot.page() for slot in self.slots]

    def built_pages(self) -> list[VisitTab]:
        return [slot.built for slot in self.slots if slot.built is not None]

    def _tab_shown(self, index: int) -> None:
        slot = self.tabs.widget(index)
        if isinstance(slot, TabSlot):
            slot.page()
        self._update_edit_actions()

    # -- state -----------------------------------------------------------------------------
    def _external_change(self) -> None:
        """Another window or officer committed: show their change (our undo history stays; a
        step that no longer applies is refused as a conflict)."""
        self.workspace.reloaded.emit()
        self.statusBar().showMessage("Updated with changes saved elsewhere", 5000)

    def _update_title(self) -> None:
        """The visit shown and the database: "Visit of … — visitplanner.sqlite3 — VisitPlanner".
        No unsaved-changes marker: every edit is saved at once."""
        visit = next((row.title for row in self.visit_list.model.rows() if row.id == self.visit_id), None)
        parts = [visit, self.workspace.db.display_name, "VisitPlanner"]
        # Qt reads "[*]" as the modified marker's place; doubled, it is shown as written
        self.setWindowTitle(" — ".join(p.replace("[*]", "[*][*]") for p in parts if p))

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        self.watcher.rebaseline()
        # a step of the undo history names itself once the stack has moved (just after this
        # signal); any other change (an import, say) is only "Saved"
        index = self.workspace.undo_stack.index()
        QTimer.singleShot(0, self, lambda: self._saved_unless_stepped(index))

    def _saved_unless_stepped(self, index_before: int) -> None:
        if self.workspace.undo_stack.index() == index_before:
            self.statusBar().showMessage("Saved", 4000)

    def _undo_index_changed(self, index: int) -> None:
        stack, before = self.workspace.undo_stack, self._undo_index
        self._undo_index = index
        if stack.count() == 0:  # the history was cleared
            return
        if index == before + 1:
            self.statusBar().showMessage(stack.text(index - 1), 4000)
        elif index == before - 1:
            self.statusBar().showMessage(f"Undone: {stack.text(index)}", 4000)

    def start(self, visit_id: int | None = None) -> None:
        """Load the visits and open `visit_id`, else the last visit, else the first."""
        self.watcher.start()
        self._copy_legacy_limits()
        self.visit_list.reload()
        wanted = visit_id or self.settings.get(S.LAST_VISIT_ID)
        if not (wanted and self.visit_list.select_visit(wanted)):
            first = self.visit_list.proxy.index(0, 0)
            if first.isValid():
                self.visit_list.view.setCurrentIndex(first)
        self.tabs.setCurrentIndex(min(self.settings.get(S.LAST_TAB), self.tabs.count() - 1))
        current = self.current_tab()  # build the tab on show; the others are built when first opened
        if current is not None and not current.needs_visit:
            current.reload()

    def show_visit(self, visit_id: int) -> None:
        self.visit_id = visit_id or None
        for page in self.built_pages():
            page.set_visit(self.visit_id)
        self.checks.set_visit(visit_id or None)
        self._update_edit_actions()
        self._update_title()
        if visit_id:
            self.settings.set(S.LAST_VISIT_ID, visit_id)

    def _findings_changed(self, findings: list[Finding]) -> None:
        self.status_label.setText(counts_text(findings) if self.checks.visit_id else "")
        self.marks = marks_by_engagement(findings)
        itinerary = self.slots[1].built
        set_marked = getattr(itinerary, "set_marked", None)
        if callable(set_marked):
            set_marked(self.marks)

    def itinerary_tab(self) -> VisitTab:
        return self.slots[1].page()

    def show_engagement(self, engagement_id: int) -> None:
        """Bring the engagement into view on the itinerary (from a finding)."""
        itinerary = self.itinerary_tab()
        self.tabs.setCurrentWidget(self.slots[1])
        open_engagement = getattr(itinerary, "select_engagement", None)
        if callable(open_engagement):
            open_engagement(engagement_id)

    def restore_layout(self) -> None:
        geometry = self.settings.get(S.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        state = self.settings.get(S.WINDOW_STATE)
        if state:
            self.restoreState(state)
        splitter = self.settings.get(S.MAIN_SPLITTER)
        if splitter:
            self.splitter.restoreState(splitter)
        for page in self.built_pages():
            restore = getattr(page, "restore_layout", None)
            if callable(restore):
                restore(self.settings)

    def save_layout(self) -> None:
        self.settings.set(S.WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(S.WINDOW_STATE, bytes(self.saveState().data()))
        self.settings.set(S.MAIN_SPLITTER, bytes(self.splitter.saveState().data()))
        self.settings.set(S.LAST_TAB, self.tabs.currentIndex())
        for page in self.built_pages():
            save = getattr(page, "save_layout", None)
            if callable(save):
                save(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.stop()
        self.save_layout()
        super().closeEvent(event)

    # -- commands --------------------------------------------------------------------------
    def new_visit(self) -> None:
        from visitplanner.services.reads.people import read_organisation_names
        from visitplanner.services.visits import create_visit
        from visitplanner.ui.commands.visits import CreateVisitCommand
        from visitplanner.ui.dialogs.visit import VisitDialog

        organisations = self.workspace.read(read_organisation_names)
        data = VisitDialog.ask(
            self, None, organisations, check=lambda v: self.workspace.check(lambda s: create_visit(s, v))
        )
        if data is not None:
            self.workspace.push(CreateVisitCommand(self.workspace, data), self)

    def delete_visit(self) -> None:
        visit_id = self.visit_list.current_visit_id()
        if visit_id is None:
            return
        title = self.visit_list.view.currentIndex().siblingAtColumn(0).data()
        if messages.ask_yes_no(
            self,
            "Delete visit",
            f"Delete “{title}” with its itinerary, attendees and vehicles?\n"
            "People and venues stay in the address book. You can undo this.",
        ):
            from visitplanner.ui.commands.visits import DeleteVisitCommand

            self.workspace.push(DeleteVisitCommand(self.workspace, visit_id, str(title)), self)

    def import_attendees(self) -> None:
        """Import → Attendees from spreadsheet…: one undo step, like any edit."""
        from visitplanner.ui.dialogs.attendee_import import import_attendees_into

        visit_id = self.visit_list.current_visit_id()
        if visit_id is not None:
            import_attendees_into(self, self.workspace, visit_id, self.settings)

    def import_visit_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Import visit file", "", "Visit files (*.json);;All files (*)")
        if path:
            self.exports.import_visit_file(Path(path))

    def _database_folder(self) -> str:
        """Where the database dialogs start: the open database's folder, if it is a file."""
        path = sqlite_path(self.workspace.db.url)
        return str(path.parent) if path is not None else ""

    def open_database(self) -> None:
        """File → Open database…: an existing VisitPlanner database file (never a new one)."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            self._database_folder(),
            "VisitPlanner databases (*.sqlite3 *.sqlite *.db);;All files (*)",
        )
        if name:
            self.open_database_file(Path(name))

    def open_database_file(self, path: Path) -> None:
        """Open the database file at `path`, or say why it is not one (nothing is created or changed)."""
        from visitplanner.store.queries import database_file_problem

        problem = database_file_problem(path)
        if problem is not None:
            messages.warn(self, "Cannot open the database", problem)
            return
        self.database_switch_requested.emit(sqlite_url(path), False)

    def new_database(self) -> None:
        """File → New database…: an empty database in a new file (an existing file is refused)."""
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(
            self,
            "New database",
            str(Path(self._database_folder() or Path.home()) / "visits.sqlite3"),
            "VisitPlanner databases (*.sqlite3)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # refused below rather than replaced
        )
        if name:
            self.create_database_file(Path(name))

    def create_database_file(self, path: Path) -> None:
        """Create a database at `path` (".sqlite3" added to a name without an extension) and
        open it; a file already there is never replaced."""
        if not path.suffix:
            path = path.with_name(f"{path.name}.sqlite3")
        if path.exists():
            messages.warn(
                self,
                "Cannot create the database",
                f"{path} already exists, and a new database never replaces a file. Choose another "
                "name, or File → Open database… to open it.",
            )
            return
        if not path.parent.is_dir():
            messages.warn(self, "Cannot create the database", f"The folder {path.parent} does not exist.")
            return
        self.database_switch_requested.emit(sqlite_url(path), True)

    def connect_database(
        self, initial: ServerLogin | None = None, problem: tuple[str, str | None] | None = None
    ) -> None:
        """File → Connect to a shared database…: a PostgreSQL login, tried before the switch."""
        from visitplanner.store.urls import check_server
        from visitplanner.ui.dialogs.database import ConnectDialog

        login = ConnectDialog.ask(self, initial, check_server, problem)
        if login is not None:
            self.database_switch_requested.emit(login.url(), False)

    def open_recent(self, url: str) -> None:
        """A database of the recent list: a file is checked first; a server is tried without a
        password (the server's own arrangement, ~/.pgpass) and, if it wants one, asked for it."""
        path = sqlite_path(url)
        if path is not None:
            self.open_database_file(path)
            return
        login = ServerLogin.from_url(url)
        if login is None:
            self.database_switch_requested.emit(url, False)
            return
        from visitplanner.store.urls import check_server

        try:
            check_server(login)
        except UserError as exc:
            self.connect_database(login, (str(exc), exc.field))
            return
        self.database_switch_requested.emit(login.url(), False)

    def recent_databases(self) -> list[str]:
        """The recent list, newest first, as stored: URLs without passwords."""
        urls: list[str] = []
        for url in (without_password(str(u)) for u in self.settings.get(S.RECENT_DATABASES)):
            if url not in urls:
                urls.append(url)
        return urls[:MAX_RECENT]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_databases()
        for url in recent:
            label = database_label(url)
            action = self._action(label.replace("&", "&&"), lambda _=False, u=url: self.open_recent(u), tip=label)
            self.recent_menu.addAction(action)
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def remember_database(self, url: str) -> None:
        """Put `url` first in the recent list, without its password (passwords are never stored)."""
        url = without_password(url)
        recent = [u for u in self.recent_databases() if u != url]
        self.settings.set(S.RECENT_DATABASES, [url, *recent][:MAX_RECENT])

    def about(self) -> None:
        import PySide6

        QMessageBox.about(
            self,
            "About VisitPlanner",
            f"<h3>VisitPlanner {__version__}</h3>"
            "<p>Plans official delegation visits: venues, itinerary, attendees, checks, "
            "calendars and briefing packs.</p>"
            f"<p>Database: {escape(self.workspace.db.display_name)} ({self.workspace.db.dialect})</p>"
            f"<p>PySide6 {PySide6.__version__} · Qt {PySide6.QtCore.qVersion()} · "
            f"SQLAlchemy {SQLALCHEMY_VERSION}</p>"
            "<p>Hangul font: NanumGothic (SIL Open Font License 1.1).</p>",
        )


def switch_database(window: MainWindow, url: str, create: bool = False) -> MainWindow | None:
    """Open `url` in a new window replacing `window`, which is closed and then deleted; on
    failure keep the old one (the error is reported in it). Unless `create`, a SQLite file must
    already be a VisitPlanner database: a mistyped or foreign file is refused, never changed."""
    try:
        path = sqlite_path(url)
        if not create and path is not None:
            from visitplanner.store.queries import database_file_problem

            problem = database_file_problem(path)
            if problem is not None:
                raise UserError(problem)
        db = open_database(url, create=create)
    except VisitPlannerError as exc:
        window.workspace.report_error(window, exc)
        return None
    new = MainWindow(db, window.settings, clock=window.workspace.clock)
    new.remember_database(url)
    window.save_layout()
    new.restore_layout()
    new.start()
    new.show()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.close()
    window.workspace.db.close()
    # start-up froze the objects it built (see app.run_gui); those of the window just closed
    # must become collectable again
    gc.unfreeze()
    return new


class OpenWindow:
    """Keeps the application's main window open, and replaces it when the user opens another
    database. Nothing else keeps a replaced window alive: it is deleted once closed.

    Attributes:
        window: the main window shown now.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._closing: set[MainWindow] = set()  # closed, kept until Qt deletes them
        window.database_switch_requested.connect(self.switch)

    def switch(self, url: str, create: bool = False) -> MainWindow | None:
        """Open `url` (a new database if `create`) in place of the current window; None (and the
        current window kept) if it fails."""
        old = self.window
        new = switch_database(old, url, create)
        if new is None:
            return None
        # the old window may be in the middle of the event that asked for the switch: it is
        # released only when Qt has deleted it
        self._closing.add(old)
        old.destroyed.connect(lambda: self._closing.discard(old))
        self.window = new
        new.database_switch_requested.connect(self.switch)
        return new
