"""Export → Publish to CalDAV…: the visit's calendars to a CalDAV server, in the background, with a summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.caldav import PublishAction, PublishReport
from visitplanner.domain.errors import UserError, VisitPlannerError
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.store.database import Session
from visitplanner.ui import settings as S
from visitplanner.ui.tasks import BackgroundTask, run_with_progress

if TYPE_CHECKING:
    from visitplanner.ui.exports import ExportController


@dataclass(frozen=True)
class PublishRequest:
    """What to publish where.

    Attributes:
        url: the calendar home.
        user: the account's user name.
        password: the password typed, or "" to use the one kept in the keyring.
        remember: keep a typed password in the system keyring once the server took it.
        people: the attendees' personal calendars too.
        overwrite: replace copies someone changed on the server (else they are reported).
    """

    url: str
    user: str
    password: str
    remember: bool = True
    people: bool = True
    overwrite: bool = False


class CalDavPublishDialog(QDialog):
    """The server, account and options; *Publish* runs in the background (progress, Cancel), then
    the dialog shows what happened: created, updated, removed, conflicts.

    Attributes:
        url, user, password: the fields.
        remember, people, overwrite: the options.
        summary: the outcome in a sentence (or why nothing was published).
        table: the events that changed or conflict (unchanged ones are only counted).
        task: the publication running, or None.
        report: the last publication's report, or None.
    """

    def __init__(
        self,
        parent: QWidget | None,
        start: Callable[[PublishRequest], BackgroundTask[PublishReport]],
        *,
        url: str = "",
        user: str = "",
        stored: Callable[[str, str], bool] = lambda url, user: False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publish to CalDAV")
        self._start = start
        self._stored = stored
        self.task: BackgroundTask[PublishReport] | None = None
        self.report: PublishReport | None = None
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://server/dav/calendars/USER/")
        self.url.setAccessibleName("Calendar home URL")
        self.user = QLineEdit(user)
        self.user.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.remember = QCheckBox("&Keep the password in the system keyring")
        self.remember.setChecked(True)
        self.people = QCheckBox("Each attendee's &personal calendar too")
        self.people.setChecked(True)
        self.overwrite = QCheckBox("&Overwrite events someone changed on the server")
        self.summary = QLabel(
            "The visit gets a calendar of its own under this address (and each attendee one of theirs). "
            "Events are replaced by UID; what someone changed on the server is reported, not overwritten."
        )
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["What happened", "Calendar", "Event", "Note"])
        self.table.setAccessibleName("What publishing did")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        form = QFormLayout()
        form.addRow("Calendar &home:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.remember)
        form.addRow("", self.people)
        form.addRow("", self.overwrite)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.publish_button: QPushButton = self.buttons.addButton("&Publish", QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button.clicked.connect(self.publish)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.url.editingFinished.connect(self._follow)  # the keyring is asked once a field is left
        self.user.editingFinished.connect(self._follow)
        self._follow()
        self.resize(760, 460)

    def _follow(self) -> None:
        kept = bool(self.url.text().strip() and self.user.text().strip()) and self._stored(
            self.url.text().strip(), self.user.text().strip()
        )
        self.password.setPlaceholderText("kept in the system keyring" if kept else "")

    def request(self) -> PublishRequest:
        return PublishRequest(
            self.url.text().strip(),
            self.user.text().strip(),
            self.password.text(),
            self.remember.isChecked(),
            self.people.isChecked(),
            self.overwrite.isChecked(),
        )

    def publish(self) -> None:
        """Start publishing in the background; the summary and table follow when it ends."""
        request = self.request()
        if not request.url or not request.user:
            self.summary.setText("Give the calendar home's address and the user name.")
            return
        self.table.setRowCount(0)
        self.publish_button.setEnabled(False)
        task = self._start(request)
        task.succeeded.connect(self._show)
        task.failed.connect(self._refused)
        self.task = task
        self.summary.setText("Publishing…")
        run_with_progress(self, task, modal=True)

    def _show(self, report: PublishReport) -> None:
        self.report = report
        self.task = None
        self.publish_button.setEnabled(True)
        self.password.clear()
        self._follow()
        for row in report.rows:
            if row.action is PublishAction.UNCHANGED:
                continue
            number = self.table.rowCount()
            self.table.insertRow(number)
            for column, text in enumerate((row.action.value, row.calendar, row.title or row.uid, row.reason)):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        conflicts = len(report.conflicts)
        advice = (
            " Events someone changed on the server were left as they are: look at them, then publish again "
            "with Overwrite to replace them."
            if conflicts
            else ""
        )
        self.summary.setText(f"{report.calendar_count()}: {report.summary()}.{advice}")

    def _refused(self, exc: BaseException) -> None:
        self.task = None
        self.publish_button.setEnabled(True)
        if isinstance(exc, WorkCancelled):
            self.summary.setText(
                "Publishing was cancelled. What reached the server is recorded; publish again to finish."
            )
        elif isinstance(exc, VisitPlannerError):
            self.summary.setText(
                f"Publishing stopped: {exc}. What reached the server before is recorded; nothing else changed."
            )
        else:  # a bug: to the crash handler, with its traceback
            raise exc

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        super().done(result)


def open_publish_dialog(controller: ExportController) -> CalDavPublishDialog | None:
    """Export → Publish to CalDAV… for the visit shown: the dialog, modal, until closed."""
    from visitplanner.exporters.caldav import stored_password

    visit_id = controller.visit_id()
    if visit_id is None:
        return None
    settings = controller.settings
    db = controller.workspace.db

    def start(request: PublishRequest) -> BackgroundTask[PublishReport]:
        def work(session: Session, progress: Progress, cancelled: Cancelled) -> PublishReport:
            from visitplanner.exporters.caldav import (
                check_url,
                publication_targets,
                publish,
                remember_password,
                require_password,
            )
            from visitplanner.services.caldav_publish import record_copies
            from visitplanner.store.caldav import published_copies

            url = check_url(request.url)
            password = request.password or require_password(url, request.user)
            now = datetime.now(UTC)
            targets = publication_targets(session, visit_id, now=now, people=request.people)
            records = published_copies(session, visit_id)

            def record(changes: list[Any]) -> None:
                with db.session() as writing:
                    record_copies(writing, visit_id, changes, now=now)

            report = publish(
                targets,
                records,
                url=url,
                user=request.user,
                password=password,
                record=record,
                overwrite=request.overwrite,
                progress=progress,
                cancelled=cancelled,
            )
            if request.password and request.remember:  # only a password the server took
                remember_password(url, request.user, request.password)
            return report

        settings.set(S.CALDAV_URL, request.url)
        settings.set(S.CALDAV_USER, request.user)
        return BackgroundTask(db, "Publishing to CalDAV…", work, controller, unit="reads")

    def stored(url: str, user: str) -> bool:
        try:
            from visitplanner.exporters.caldav import check_url

            return stored_password(check_url(url), user) is not None
        except UserError:
            return False

    dialog = CalDavPublishDialog(
        controller.window,
        start,
        url=settings.get(S.CALDAV_URL),
        user=settings.get(S.CALDAV_USER),
        stored=stored,
    )
    dialog.exec()
    return dialog
