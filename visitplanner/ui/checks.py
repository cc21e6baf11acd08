"""The Checks panel: every finding of the checks engine, refreshed after each edit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.findings import CheckOptions, Finding, Severity
from visitplanner.ui.models.base import OBJECT_ROLE, Column, ModelSortProxy, SortedRowTableModel
from visitplanner.ui.style import SEVERITIES, colour
from visitplanner.ui.tasks import CHECK_IN_BACKGROUND, BackgroundTask
from visitplanner.ui.workspace import Workspace

#: How long a large visit's checks wait after an edit (a burst of nudges is checked once).
LARGE_CHECK_DELAY_MS = 300

WATCHED = (
    Entity.VISIT,
    Entity.ENGAGEMENT,
    Entity.ATTENDEE,
    Entity.PERSON,
    Entity.VENUE,
    Entity.ROOM,
    Entity.TRAVEL_TIME,
    Entity.VEHICLE,
    Entity.ATTENDANCE,
    Entity.SEATING_PLAN,
    Entity.TRAVEL_LEG,  # arrival and departure checks
    Entity.TASK,  # overdue and reopened readiness tasks
    Entity.GIFT,  # gifts not reciprocated or not declared
    Entity.OFFICE,  # the office's limits the checks apply
    Entity.REPLY,  # a principal or signatory who declined; capacity counts only those coming
)


class FindingsModel(SortedRowTableModel[Finding]):
    """Findings as rows: severity, message, code (sorted in the model: a large visit has thousands)."""

    COL_SEVERITY, COL_MESSAGE, COL_CODE = range(3)
    columns = (
        Column("Severity", lambda f: f.severity.label, sort=lambda f: f.severity.rank),
        Column("Finding", lambda f: f.message, tooltip=lambda f: f.message),
        Column("Code", lambda f: f.code),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._numbers: dict[int, int] = {}

    def set_rows(self, rows: Sequence[Finding]) -> None:
        self._numbers = {id(row): number for number, row in enumerate(rows)}  # a finding has no id
        super().set_rows(rows)

    def row_id(self, row: Finding) -> int:
        """The finding's place in the order the checks gave (its id here)."""
        return self._numbers.get(id(row), -1)

    def extra_data(self, row: Finding, column: int, role: int) -> object:
        if column == self.COL_SEVERITY and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colour(SEVERITIES[row.severity]))
        if column == self.COL_SEVERITY and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None


def counts_text(findings: list[Finding]) -> str:
    """ "1 error · 2 warnings · 0 notes"."""
    counts = Counter(f.severity for f in findings)
    return " · ".join(f"{counts[s]} {s.label.lower()}{'' if counts[s] == 1 else 's'}" for s in Severity)


class ChecksPanel(QDockWidget):
    """A dock listing the findings of the selected visit.

    Attributes:
        findings: the current findings.
        options: the checks' options; None (the default): the office's limits in the database,
            read at every check, so another officer's change applies at the next one.

    Signals:
        engagement_activated(int): the user chose a finding; its first engagement's id.
        findings_changed(list): after every re-check.
    """

    engagement_activated = Signal(int)
    findings_changed = Signal(list)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Checks", parent)
        self.setObjectName("checksDock")
        self.workspace = workspace
        self.visit_id: int | None = None
        self.options: CheckOptions | None = None  # None: the office's limits, read from the database at each check
        self.findings: list[Finding] = []
        self.model = FindingsModel(self)
        self.proxy = ModelSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.severity_filter = QComboBox()
        self.severity_filter.addItem("All findings", None)
        self.severity_filter.setAccessibleName("Show findings")
        for severity in Severity:
            self.severity_filter.addItem(f"{severity.label}s only", severity)
        self.severity_filter.currentIndexChanged.connect(self._filter)
        self.summary = QLabel()
        self.view = QTableView()
        self.view.setObjectName("findingsView")
        self.view.setAccessibleName("Findings of the checks")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FindingsModel.COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(FindingsModel.COL_MESSAGE, header.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.severity_filter)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(lambda: self.recheck(waited=self._timer.interval() > 0))
        self._held = False
        self._pending = False
        self._large = False  # the visit checked last was large: checked off the UI thread
        self._task: BackgroundTask[list[Finding]] | None = None
        self._again = False  # a re-check was asked for while one ran
        workspace.changed.connect(self._on_changed)
        workspace.reloaded.connect(self._schedule)

    def _schedule(self) -> None:
        """Re-check just after the current event (coalescing a burst), unless held."""
        if self._held:
            self._pending = True
            self.summary.setText("Checking…")
        else:
            # a large visit is checked once a burst of edits is over, off the UI thread
            self._timer.setInterval(LARGE_CHECK_DELAY_MS if self._large else 0)
            self._timer.start()

    def busy(self) -> bool:
        """Whether a check is running or due."""
        return self._task is not None or self._timer.isActive() or self._pending

    def hold(self) -> None:
        """Postpone re-checks until `release` (start-up paints the window first)."""
        self._held = True
        if self._timer.isActive():  # one already scheduled waits too
            self._timer.stop()
            self._schedule()

    def release(self) -> None:
        """Run the re-check postponed by `hold`, if one is still due."""
        self._held = False
        if self._pending:
            self._pending = False
            self._timer.start()

    def set_visit(self, visit_id: int | None, *, immediately: bool = False) -> None:
        """Check `visit_id`; by default just after the current event (the window paints first)."""
        self.visit_id = visit_id
        if immediately:
            self.recheck()
        else:
            self._schedule()

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(*WATCHED):
            self._schedule()

    def recheck(self, waited: bool = True) -> None:
        """Check the visit again: at once, or for a large visit in a background task (the findings
        shown meanwhile are the last ones, marked "Checking…"). A large visit's check that was
        not `waited` for (the first after it was chosen) waits its turn, so that it does not slow
        down reading the visit for the itinerary."""
        self._pending = False  # whatever was waiting or scheduled is done by this check
        self._timer.stop()
        from visitplanner.services.reads.itinerary import visit_size

        visit_id = self.visit_id
        size = self.workspace.read(lambda s: visit_size(s, visit_id)) if visit_id is not None else None
        self._large = size is not None and size > CHECK_IN_BACKGROUND
        if visit_id is None or size is None:
            self._show([])
        elif self._large and not waited:
            self.summary.setText("Checking…")
            self._schedule()
        elif self._large:
            self._check_in_background(visit_id)
        else:
            from visitplanner.services.checks import check_visit

            now = self.workspace.clock()
            self._show(self.workspace.read(lambda s: check_visit(s, visit_id, self.options, now=now)))

    def _check_in_background(self, visit_id: int) -> None:
        if self._task is not None:  # one check at a time; this one runs when it is done
            self._again = True
            return
        from visitplanner.services.checks import check_visit

        options, now = self.options, self.workspace.clock()
        task: BackgroundTask[list[Finding]] = BackgroundTask(
            self.workspace.db,
            "Checking the visit…",
            lambda session, progress, cancelled: check_visit(session, visit_id, options, now=now),
            self,
            unit="reads",
        )
        self._task = task
        self.summary.setText("Checking…")
        task.succeeded.connect(lambda findings: self._checked(visit_id, findings))
        task.failed.connect(self._check_failed)
        task.finished.connect(self._check_done)
        task.start()

    def _checked(self, visit_id: int, findings: object) -> None:
        if visit_id == self.visit_id and not self._again and isinstance(findings, list):
            self._show(findings)

    def _check_failed(self, exc: object) -> None:
        self.summary.setText("The checks could not run")
        if isinstance(exc, BaseException):
            self.workspace.report_error(self, exc)

    def _check_done(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self.recheck()

    def _show(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.model.set_rows(self.findings)
        self._fit_severity_column()
        self.summary.setText(counts_text(self.findings) if self.visit_id else "No visit selected")
        self.findings_changed.emit(self.findings)

    def _fit_severity_column(self) -> None:
        """Make the severity column as wide as its widest label (measured, not sampled from the
        rows: Qt reads a thousand rows to fit a column to its contents)."""
        font = QFont(self.view.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        title = self.view.horizontalHeader().sectionSizeHint(FindingsModel.COL_SEVERITY)
        widest = max(metrics.horizontalAdvance(severity.label) for severity in Severity)
        self.view.horizontalHeader().resizeSection(FindingsModel.COL_SEVERITY, max(widest + 16, title))

    def _filter(self) -> None:
        severity = self.severity_filter.currentData()
        self.proxy.set_predicate(None if severity is None else (lambda f: f.severity == severity))

    def _activated(self, index: QModelIndex) -> None:
        finding = index.data(OBJECT_ROLE)
        if isinstance(finding, Finding) and finding.engagement_ids:
            self.engagement_activated.emit(finding.engagement_ids[0])


def marks_by_engagement(findings: list[Finding]) -> dict[int, Severity]:
    """The worst severity per engagement, for marking blocks on the timeline."""
    worst: dict[int, Severity] = {}
    for finding in findings:
        for engagement_id in finding.engagement_ids:
            current = worst.get(engagement_id)
            if current is None or finding.severity.rank < current.rank:
                worst[engagement_id] = finding.severity
    return worst
