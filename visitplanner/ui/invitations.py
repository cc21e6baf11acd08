"""The Invitations tab: per recipient what is pending (new, updates, cancellations), what was last sent
and when, and their replies; "Send…" writes the messages and records them; replies are imported by
dropping their files on the tab (or "Import replies…"), after a preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import short_date
from visitplanner.domain.invitations import MessageKind, PartStat, ReplyItem, ReplyOutcome, ReplyVerdict
from visitplanner.domain.timerange import zone
from visitplanner.domain.values import EMAIL
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.exporters.ical import Organiser
from visitplanner.exporters.invitations import RecipientStatus, SendResult
from visitplanner.store.database import Session
from visitplanner.ui.commands.invitations import ImportRepliesCommand
from visitplanner.ui.dialogs.base import FormDialog
from visitplanner.ui.itinerary.bars import LoadingPage
from visitplanner.ui.models.base import OBJECT_ROLE, Column, RowTableModel, SortFilterProxy
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.tasks import LARGE_INVITATIONS, LARGE_VISIT, BackgroundTask
from visitplanner.ui.workspace import Workspace

#: What the tab reads again after: the plan's engagements and people, the record and the replies.
WATCHED = (
    Entity.ENGAGEMENT,
    Entity.ATTENDANCE,
    Entity.ATTENDEE,
    Entity.PERSON,
    Entity.VENUE,
    Entity.ROOM,
    Entity.VISIT,
    Entity.INVITATION,
    Entity.REPLY,
)


def when_text(instant: datetime | None, zone_name: str) -> str:
    """ "Tue 11 May 15:15" in the visit's zone ("" for none)."""
    if instant is None:
        return ""
    local = instant.astimezone(zone(zone_name))
    return f"{short_date(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class RecipientRow:
    """One recipient as the tab lists them.

    Attributes:
        id: the row's position (rows have no id of their own).
        status: what the record and the plan say about them.
        zone_name: the visit's zone (times are shown in it).
        titles: engagement uuid -> title, for their replies.
    """

    id: int
    status: RecipientStatus
    zone_name: str
    titles: dict[str, str]

    @property
    def pending_text(self) -> str:
        return self.status.counts.summary()

    @property
    def last_sent_text(self) -> str:
        s = self.status
        if s.last_sent_at is None:
            return "never"
        count = s.last_sent_messages
        return f"{when_text(s.last_sent_at, self.zone_name)} ({count} message{'s' if count != 1 else ''})"


class RecipientsModel(RowTableModel[RecipientRow]):
    """The recipients: name, address, what is pending, last sent, replies."""

    COL_NAME, COL_ADDRESS, COL_PENDING, COL_SENT, COL_REPLIES = range(5)
    columns = (
        Column(
            "Recipient",
            lambda r: r.status.name + ("" if r.status.attendee_id is not None else " (left the visit)"),
        ),
        Column("Address", lambda r: r.status.email),
        Column(
            "Pending",
            lambda r: r.pending_text,
            sort=lambda r: (-r.status.counts.total, r.status.name.casefold()),
            tooltip=lambda r: "\n".join(f"{i.kind.label}: {i.title}" for i in r.status.pending),
        ),
        Column("Last sent", lambda r: r.last_sent_text, sort=lambda r: r.status.last_sent_at or datetime.min),
        Column("Replies", lambda r: r.status.reply_summary()),
    )


@dataclass(frozen=True)
class DetailRow:
    """A line of the selected recipient's detail: a pending message or a reply."""

    id: int
    what: str
    when: str
    engagement: str


class DetailModel(RowTableModel[DetailRow]):
    COL_WHAT, COL_WHEN, COL_ENGAGEMENT = range(3)
    columns = (
        Column("What", lambda r: r.what),
        Column("When", lambda r: r.when, sort=lambda r: r.id),
        Column("Engagement", lambda r: r.engagement),
    )


def details_of(row: RecipientRow) -> list[DetailRow]:
    """The pending messages of a recipient, then their replies."""
    found: list[DetailRow] = []
    for item in row.status.pending:
        what = f"Pending: {item.kind.label.lower()}"
        if item.kind is MessageKind.CANCELLATION and not item.message.whole_event:
            what += " (taken off it)"
        found.append(DetailRow(len(found), what, when_text(item.start_at, row.zone_name), item.title))
    for uid, answer in sorted(row.status.replies.items(), key=lambda pair: row.titles.get(pair[0], pair[0])):
        found.append(DetailRow(len(found), f"Reply: {answer.label.lower()}", "", row.titles.get(uid, uid)))
    return found


@dataclass(frozen=True)
class SendChoice:
    """What the Send dialog asks.

    Attributes:
        folder: where the messages go.
        eml: whether to write an e-mail message (.eml) beside each calendar.
        organiser: who sends them (None: the visit's staff liaison).
    """

    folder: Path
    eml: bool
    organiser: Organiser | None


class SendInvitationsDialog(FormDialog[SendChoice]):
    """Asks where to write the pending messages, whether as e-mail messages too, and who sends them."""

    def __init__(self, parent: QWidget | None, summary: str, folder: Path, organiser: Organiser | None) -> None:
        super().__init__(parent, "Send invitations")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.folder = QLineEdit(str(folder))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(browse)
        self.eml = QCheckBox("Also write &e-mail messages (.eml) to send from your mail client")
        self.eml.setChecked(True)
        self.organiser_email = QLineEdit(organiser.email if organiser else "")
        self.organiser_email.setPlaceholderText("e.g. visits@liverpool.example")
        self.organiser_name = QLineEdit(organiser.name if organiser else "")
        self.form.addRow(self.summary)
        for name, label, widget in (
            ("folder", "&Folder", row),
            ("eml", "", self.eml),
            ("organiser", "&Organiser's address", self.organiser_email),
            ("organiser_name", "Organiser's &name", self.organiser_name),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.fields["folder"] = self.folder
        self.resize(560, 220)

    def ask_folder(self) -> str:
        """The folder chosen in the file dialog ("" when cancelled; tests replace this)."""
        return QFileDialog.getExistingDirectory(self, "Folder for the messages", self.folder.text())

    def _browse(self) -> None:
        chosen = self.ask_folder()
        if chosen:
            self.folder.setText(chosen)

    def value(self) -> SendChoice:
        folder = self.folder.text().strip()
        if not folder:
            raise UserError("folder: choose the folder the messages are written to", field="folder")
        email = self.organiser_email.text().strip()
        if email and not EMAIL.match(email):
            raise UserError(f"organiser: {email!r} is not an e-mail address", field="organiser")
        organiser = Organiser(email, self.organiser_name.text().strip()) if email else None
        return SendChoice(Path(folder).expanduser(), self.eml.isChecked(), organiser)

    @classmethod
    def ask(cls, parent: QWidget | None, summary: str, folder: Path, organiser: Organiser | None) -> SendChoice | None:
        dialog = cls(parent, summary, folder, organiser)
        return dialog.result_value() if dialog.exec() else None


class ReplyPreviewDialog(QDialog):
    """Shows what importing replies will do, reply by reply: applied, already recorded, older
    SEQUENCE (noted, not applied) or unmatched (nothing changes for them). OK imports.

    Attributes:
        table: one row per reply: file, who, answer, engagement, outcome.
        summary: the counts.
    """

    def __init__(self, parent: QWidget | None, verdicts: Sequence[ReplyVerdict], titles: dict[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import replies")
        self.table = QTableWidget(len(verdicts), 5)
        self.table.setObjectName("replyPreview")
        self.table.setAccessibleName("Replies to import")
        self.table.setHorizontalHeaderLabels(["File", "From", "Answer", "Engagement", "What happens"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for n, verdict in enumerate(verdicts):
            item = verdict.item
            what = verdict.outcome.label
            if verdict.outcome is ReplyOutcome.STALE:
                what += f" (answers SEQUENCE {item.sequence}; last sent {verdict.sent_sequence})"
            engagement = titles.get(item.uid, item.uid)
            for column, text in enumerate((item.source, item.address, item.partstat.label, engagement, what)):
                self.table.setItem(n, column, QTableWidgetItem(text))
        applied = sum(1 for v in verdicts if v.outcome is ReplyOutcome.APPLIED)
        unmatched = sum(1 for v in verdicts if v.outcome in (ReplyOutcome.UNKNOWN_UID, ReplyOutcome.UNKNOWN_ATTENDEE))
        stale = sum(1 for v in verdicts if v.outcome is ReplyOutcome.STALE)
        self.applied = applied
        self.summary = QLabel(
            f"{applied} answer{'' if applied == 1 else 's'} to record; {stale} for an older SEQUENCE "
            f"(noted, not applied); {unmatched} unmatched (nothing changes for them)."
        )
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Import")
        ok.setEnabled(applied > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(820, 320)

    @classmethod
    def ask(cls, parent: QWidget | None, verdicts: Sequence[ReplyVerdict], titles: dict[str, str]) -> bool:
        """True when the officer chose to import (only when some answer would be recorded)."""
        dialog = cls(parent, verdicts, titles)
        return bool(dialog.exec()) and dialog.applied > 0


@dataclass(frozen=True)
class Shown:
    """What the tab shows of a visit, as one read (on the UI thread, or in a background task).

    Attributes:
        visit_id: the visit.
        recipients: every recipient, with what they are owed, last sends and replies.
        zone_name: the visit's zone; titles: engagement uuid -> title; total: "2 new, 1 update";
        slug: the visit's short name.
    """

    visit_id: int
    recipients: tuple[RecipientStatus, ...]
    zone_name: str
    titles: dict[str, str]
    total: str
    slug: str


def read_shown(session: Session, visit_id: int, now: datetime, progress: Progress | None = None) -> Shown:
    """Read what the tab shows of the visit (`progress`: see `invitation_status`)."""
    from visitplanner.exporters.invitations import invitation_status

    status = invitation_status(session, visit_id, now=now, progress=progress)
    return Shown(
        visit_id,
        status.recipients,
        status.local_time_zone,
        _titles(session, visit_id),
        status.counts.summary(),
        status.visit_slug,
    )


def _titles(session: Session, visit_id: int) -> dict[str, str]:
    from visitplanner.store.invitations import engagement_titles

    return engagement_titles(session, visit_id)


class InvitationsTab(VisitTab):
    """The visit's invitations: recipients with what they are owed, the selected one's detail,
    Send… and Import replies… (or drop reply files on the tab).

    Attributes:
        model, proxy, view: the recipients.
        detail_model, detail: the selected recipient's pending messages and replies.
        summary: the visit's totals.
        last_result: what the last send wrote (None before any).
        stack: the lists, or `loading` while a large visit is first worked out.
        loading_task: the background read under way (None when none).

    Signals:
        loaded(): a background read (of a large visit) is shown.
    """

    title = "Invitations"
    header_name = "invitations"
    #: A background read (of a large visit) was shown.
    loaded = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setAcceptDrops(True)
        self.zone_name = "UTC"
        self.model = RecipientsModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("invitationsView")
        self.view.setAccessibleName("Recipients of the invitations")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in (RecipientsModel.COL_NAME, RecipientsModel.COL_PENDING, RecipientsModel.COL_SENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RecipientsModel.COL_ADDRESS, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail_model = DetailModel(self)
        self.detail = QTableView()
        self.detail.setObjectName("invitationDetail")
        self.detail.setAccessibleName("Pending messages and replies of the selected recipient")
        self.detail.setModel(self.detail_model)
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().hide()
        for column in (DetailModel.COL_WHAT, DetailModel.COL_WHEN):
            self.detail.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.detail.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("invitationsSummary")
        hint = QLabel("Drop reply files (.ics or .eml) here to record the answers.")
        hint.setEnabled(False)
        self.send_button = QPushButton("&Send…")
        self.send_button.setToolTip("Write the pending messages (.ics, and .eml) to a folder and record them as sent")
        self.send_button.clicked.connect(self.send)
        self.import_button = QPushButton("Import &replies…")
        self.import_button.clicked.connect(self.import_replies)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(hint)
        self.lists = QSplitter(Qt.Orientation.Vertical)
        self.lists.addWidget(self.view)
        self.lists.addWidget(self.detail)
        self.lists.setStretchFactor(0, 3)
        self.lists.setStretchFactor(1, 1)
        self.loading = LoadingPage()
        self.loading.setObjectName("invitationsLoading")
        self.loading.bar.setAccessibleName("Working out the pending invitations")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.lists)
        self.stack.addWidget(self.loading)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.folder = Path.home() / "invitations"
        self.last_result: SendResult | None = None
        self.loading_task: BackgroundTask[Shown] | None = None
        self._generation = 0  # a background read started before the last reload is not shown
        self._shown_visit: int | None = None  # whose recipients the lists hold
        self._stale = False  # a large visit's reload waits until the tab is shown

    def header_view(self) -> QHeaderView:
        return self.view.horizontalHeader()

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Work out again what every recipient is owed: at once, or for a large visit (many
        engagements or attendances) in a background task while the tab shows its progress; a
        large visit's hidden tab waits until it is shown."""
        self._generation += 1
        self._stale = False
        visit_id = self.visit_id
        if visit_id is None:
            self.loading_task = None
            self._shown_visit = None
            self.model.set_rows([])
            self.detail_model.set_rows([])
            self.summary.setText("No visit selected")
            self.stack.setCurrentWidget(self.lists)
            self._update_buttons()
            return
        now = self.workspace.clock()
        from visitplanner.store.invitations import plan_size

        engagements, attendances = self.workspace.read(lambda s: plan_size(s, visit_id))
        if engagements > LARGE_VISIT or attendances > LARGE_INVITATIONS:
            if not self.isVisible():
                self.loading_task = None
                self._stale = True  # worked out when the tab is shown
                return
            self._read_in_background(visit_id, now, engagements)
            return
        self.loading_task = None
        try:
            shown = self.workspace.read(lambda s: read_shown(s, visit_id, now))
        except UserError as exc:
            self.workspace.report_error(self, exc)
            return
        self._apply(shown)

    def is_loading(self) -> bool:
        """Whether a background read of the invitations is under way."""
        return self.loading_task is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _read_in_background(self, visit_id: int, now: datetime, engagements: int) -> None:
        """Work out a large visit's invitations off the UI thread. The recipients of the visit
        already shown stay listed meanwhile (Send waits); another visit's are cleared."""
        from visitplanner.exporters.invitations import STATUS_STEPS

        generation = self._generation
        title = f"Working out the invitations of {engagements:,} engagements…"
        self.loading.start(title, STATUS_STEPS)
        if self._shown_visit != visit_id:
            self._shown_visit = None
            self.model.set_rows([])
            self.detail_model.set_rows([])
            self.summary.setText("")  # the loading page says what is worked out
            self.stack.setCurrentWidget(self.loading)
        else:
            self.summary.setText(title)

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Shown:
            return read_shown(session, visit_id, now, progress)

        task: BackgroundTask[Shown] = BackgroundTask(self.workspace.db, title, work, self, unit="reads")
        self.loading_task = task
        task.progressed.connect(self.loading.progressed)
        task.succeeded.connect(lambda shown: self._loaded(generation, shown))
        task.failed.connect(lambda exc: self._load_failed(generation, exc))
        task.finished.connect(task.deleteLater)
        self._update_buttons()
        task.start()

    def _loaded(self, generation: int, shown: object) -> None:
        if generation != self._generation:
            return  # a later reload is under way
        self.loading_task = None
        self.loading.stop()
        assert isinstance(shown, Shown)
        self._apply(shown)
        self.loaded.emit()

    def _load_failed(self, generation: int, exc: object) -> None:
        if generation != self._generation:
            return
        self.loading_task = None
        self.loading.stop()
        self.stack.setCurrentWidget(self.lists)
        self.summary.setText("The invitations could not be worked out")
        self._update_buttons()
        if isinstance(exc, BaseException):
            self.workspace.report_error(self, exc)

    def _apply(self, shown: Shown) -> None:
        self.zone_name = shown.zone_name
        self.slug = shown.slug
        recipients = shown.recipients
        current = self.current()
        self._shown_visit = shown.visit_id
        self.model.set_rows([RecipientRow(n, r, self.zone_name, shown.titles) for n, r in enumerate(recipients)])
        self.view.resizeColumnToContents(RecipientsModel.COL_ADDRESS)
        owed = sum(1 for r in recipients if r.pending)
        self.summary.setText(
            f"{len(recipients)} recipient{'s' if len(recipients) != 1 else ''}: "
            + (f"{shown.total} for {owed} of them" if owed else "nothing pending")
        )
        self.stack.setCurrentWidget(self.lists)
        if current is not None:
            self.select_address(current.status.address)
        self._show_detail()
        self._update_buttons()

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def rows(self) -> list[RecipientRow]:
        return [self.model.index(n, 0).data(OBJECT_ROLE) for n in range(self.model.rowCount())]

    def current(self) -> RecipientRow | None:
        value = self.view.currentIndex().data(OBJECT_ROLE)
        return value if isinstance(value, RecipientRow) else None

    def select_address(self, address: str) -> None:
        for n in range(self.proxy.rowCount()):
            row = self.proxy.index(n, 0).data(OBJECT_ROLE)
            if isinstance(row, RecipientRow) and row.status.address == address:
                self.view.setCurrentIndex(self.proxy.index(n, 0))
                return

    def _show_detail(self) -> None:
        row = self.current()
        self.detail_model.set_rows(details_of(row) if row is not None else [])

    def _update_buttons(self) -> None:
        pending = any(r.status.pending for r in self.rows())
        self.send_button.setEnabled(self.visit_id is not None and pending and self.loading_task is None)
        self.import_button.setEnabled(self.visit_id is not None)

    # -- sending ---------------------------------------------------------------------------
    def ask_send(self, summary: str, organiser: Organiser | None) -> SendChoice | None:
        """The Send dialog (tests replace this method)."""
        return SendInvitationsDialog.ask(self, summary, self.folder, organiser)

    def send(self) -> None:
        """Ask where and how, then write every pending message and record it as sent, in one
        background step: Cancel (or a failed write) writes and records nothing."""
        from visitplanner.exporters.invitations import visit_organiser

        visit_id = self.visit_id
        if visit_id is None:
            return
        organiser = self.workspace.read(lambda s: visit_organiser(s, visit_id))
        owed = [r for r in self.rows() if r.status.pending]
        total = self.summary.text()
        choice = self.ask_send(f"{total}. Each recipient gets their own files.", organiser)
        if choice is None or not owed:
            return
        self.folder = choice.folder
        self.run_send(visit_id, choice)

    def run_send(self, visit_id: int, choice: SendChoice) -> None:
        from visitplanner.ui.tasks import BackgroundTask, run_with_progress

        now = self.workspace.clock()

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> tuple[SendResult, Changes]:
            from visitplanner.exporters.invitations import invitation_status, write_invitations
            from visitplanner.services.invitations import record_sent

            status = invitation_status(session, visit_id, now=now, organiser=choice.organiser, details=False)
            recorded: list[Changes] = []
            result = write_invitations(
                session,
                status,
                choice.folder,
                now=now,
                eml=choice.eml,
                record=lambda sent: recorded.append(record_sent(session, visit_id, sent, now=now)),
                progress=progress,
                cancelled=cancelled,
            )
            if cancelled():  # after the last check: the session rolls back, so the files go too
                for item in result.files:
                    item.path.unlink(missing_ok=True)
                raise WorkCancelled("sending was cancelled: nothing was written or recorded")
            return result, Changes.merge(recorded)

        task: BackgroundTask[tuple[SendResult, Changes]] = BackgroundTask(
            self.workspace.db, "Writing the invitations…", work, self, unit="writes"
        )
        task.succeeded.connect(self._sent)
        task.failed.connect(self._send_failed)
        self.last_task = task
        run_with_progress(self, task, modal=True)

    def _sent(self, outcome: object) -> None:
        assert isinstance(outcome, tuple)
        result, changes = outcome
        self.last_result = result
        self.workspace.changed.emit(changes or Changes.of_updated(Entity.VISIT, self.visit_id or 0), self)
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(
                f"Wrote {len(result.files)} files for {result.recipients} recipients to {self.folder}", 8000
            )

    def _send_failed(self, exc: BaseException) -> None:
        if isinstance(exc, WorkCancelled):
            self.summary.setText(self.summary.text() + " (sending cancelled: nothing was written or recorded)")
            return
        self.workspace.report_error(self, exc)

    # -- replies ---------------------------------------------------------------------------
    def ask_reply_files(self) -> list[Path]:
        """Reply files chosen in a file dialog (tests replace this method)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import replies", str(self.folder), "Replies (*.ics *.eml);;All files (*)"
        )
        return [Path(p) for p in paths]

    def import_replies(self) -> None:
        self.import_reply_files(self.ask_reply_files())

    def ask_preview(self, verdicts: Sequence[ReplyVerdict], titles: dict[str, str]) -> bool:
        """The preview of an import (tests replace this method)."""
        return ReplyPreviewDialog.ask(self, verdicts, titles)

    def import_reply_files(self, paths: Sequence[Path]) -> bool:
        """Read the replies in `paths`, show what importing them does, and import on OK (one undo
        step). Unreadable files stop it with their name; nothing changes."""
        from visitplanner.importers.replies import read_reply_files
        from visitplanner.services.invitations import judge

        visit_id = self.visit_id
        if visit_id is None or not paths:
            return False
        try:
            items: list[ReplyItem] = read_reply_files(paths)
            verdicts, titles = self.workspace.read(lambda s: (judge(s, visit_id, items), _titles(s, visit_id)))
        except UserError as exc:
            self.workspace.report_error(self, exc)
            return False
        if not self.ask_preview(verdicts, titles):
            return False
        return self.workspace.push(ImportRepliesCommand(self.workspace, visit_id, items, self), self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.visit_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_reply_files(paths)


def answer_text(answer: PartStat | None) -> str:
    """How a reply reads beside an attendee ("" when they were never asked)."""
    return answer.label if answer is not None else ""
