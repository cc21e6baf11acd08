"""Personal invitations (iTIP): what each recipient is owed, and the .ics / .eml files that carry it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.invitations import (
    MessageKind,
    PartStat,
    Pending,
    PendingCounts,
    PendingMessage,
    PlannedEngagement,
    SentMethod,
    SentRecord,
    pending_messages,
)
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled, collection_paused
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.exporters.ical import CancelItem, Invitations, Invitee, Organiser
from visitplanner.store.invitations import SentDetail, first_sent, last_sent, replies_of, sent_book, sent_details
from visitplanner.store.models import Visit


@dataclass(frozen=True, slots=True)
class PendingItem:
    """A pending message with what it is about.

    Attributes:
        message: the message (kind, UID, SEQUENCE).
        title, start_at, end_at: the engagement (as planned, or as last sent when deleted).
    """

    message: PendingMessage
    title: str
    start_at: datetime
    end_at: datetime

    @property
    def kind(self) -> MessageKind:
        return self.message.kind


@dataclass(frozen=True)
class RecipientStatus:
    """One recipient of the visit's invitations.

    Attributes:
        address: their calendar address (lower case).
        email: the address as written.
        name: their name.
        person_id: their address-book entry (None if no longer known).
        attendee_id: their attendee row in the visit (None when out of the visit).
        language: the language their messages are written in ("en", "ko").
        pending: the messages they are owed, invitations first, then cancellations.
        last_sent_at: when they were last sent anything (None: never).
        last_sent_messages: how many messages that send held for them.
        replies: their recorded answers by engagement uid.
    """

    address: str
    email: str
    name: str
    person_id: int | None
    attendee_id: int | None
    language: str
    pending: tuple[PendingItem, ...] = ()
    last_sent_at: datetime | None = None
    last_sent_messages: int = 0
    replies: dict[str, PartStat] = field(default_factory=dict)

    @property
    def counts(self) -> PendingCounts:
        return PendingCounts.of(item.message for item in self.pending)

    def reply_summary(self) -> str:
        """ "2 accepted, 1 declined" ("" with no replies)."""
        counts: dict[PartStat, int] = {}
        for answer in self.replies.values():
            counts[answer] = counts.get(answer, 0) + 1
        return ", ".join(f"{n} {answer.label.lower()}" for answer, n in counts.items())


@dataclass(frozen=True)
class InvitationStatus:
    """The visit's invitations: every recipient (in the plan or in the record) and what is pending.

    Attributes:
        visit_id, visit_slug, visit_title: the visit.
        recipients: the plan's invitees by side and precedence, then recipients only in the record.
        pending: the domain's result (messages per recipient, SEQUENCE per UID).
        invitations: the events as recipients see them, and the calendar writer.
    """

    visit_id: int
    visit_slug: str
    visit_title: str
    local_time_zone: str
    recipients: tuple[RecipientStatus, ...]
    pending: Pending
    invitations: Invitations

    @property
    def counts(self) -> PendingCounts:
        return PendingCounts.of(self.pending.messages)

    def recipient(self, address: str) -> RecipientStatus | None:
        return next((r for r in self.recipients if r.address == address), None)


def visit_organiser(session: Session, visit_id: int) -> Organiser | None:
    """Who sends the visit's invitations unless the officer names another (its staff liaison)."""
    from visitplanner.exporters.ical import default_organiser
    from visitplanner.store.queries import attendees_of

    return default_organiser(attendees_of(session, visit_id))


def planned_engagements(invitations: Invitations) -> list[PlannedEngagement]:
    """Every engagement of the plan with its invitees and the digests of what they see."""
    return invitations.planned


#: The steps `invitation_status` reports to its `progress`: the plan read, the messages worked out,
#: the last sends and replies read.
STATUS_STEPS = 3


def invitation_status(
    session: Session,
    visit_id: int,
    *,
    now: datetime,
    organiser: Organiser | None = None,
    details: bool = True,
    progress: Progress | None = None,
) -> InvitationStatus:
    """What each recipient of the visit is owed now, from the record and the plan.

    With `details` False only the messages are computed (no last-sent times or replies): what
    sending needs, and what the benchmark measures. The work is set-based: a few queries per
    visit, no ORM object per engagement, attendee or message, and the garbage collector paused
    (everything it allocates lives to the end). `progress` is told (step, `STATUS_STEPS`).
    """
    with collection_paused():
        return _invitation_status(session, visit_id, now=now, organiser=organiser, details=details, progress=progress)


def _invitation_status(
    session: Session,
    visit_id: int,
    *,
    now: datetime,
    organiser: Organiser | None,
    details: bool,
    progress: Progress | None,
) -> InvitationStatus:
    step = progress or (lambda done, total: None)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    invitations = Invitations(session, visit_id, now=now, organiser=organiser)
    step(1, STATUS_STEPS)
    pending = pending_messages(invitations.planned, sent_book(session, visit_id))
    people = invitations.recipients()
    step(2, STATUS_STEPS)
    gone_keys = [(m.address, m.uid) for m in pending.messages if m.deleted or m.address not in people]
    gone: dict[tuple[str, str], SentDetail] = {
        (d.address, d.uid): d for d in sent_details(session, visit_id, gone_keys)
    }
    recorded_only: dict[str, SentDetail] = {}
    if details:
        recorded_only = first_sent(session, visit_id, people)
    else:
        for detail in gone.values():
            if detail.address not in people:
                recorded_only.setdefault(detail.address, detail)
    sent = last_sent(session, visit_id) if details else {}
    answers: dict[str, dict[str, PartStat]] = {}
    if details:
        for reply in replies_of(session, visit_id):
            answers.setdefault(reply.address, {})[reply.uid] = reply.partstat
    step(3, STATUS_STEPS)

    def item(message: PendingMessage) -> PendingItem:
        event = invitations.event(message.uid)
        if event is not None:
            return PendingItem(message, event.title, event.start_at, event.end_at)
        detail = gone[message.address, message.uid]
        return PendingItem(message, detail.title, detail.start_at, detail.end_at)

    def status(
        address: str, email: str, name: str, person: int | None, attendee: int | None, langs: str
    ) -> RecipientStatus:
        messages = pending.by_recipient.get(address, [])
        items = tuple(
            sorted((item(m) for m in messages), key=lambda i: (i.kind is MessageKind.CANCELLATION, i.start_at))
        )
        last = sent.get(address)
        return RecipientStatus(
            address,
            email,
            name,
            person,
            attendee,
            langs,
            items,
            last.last_sent_at if last else None,
            last.messages if last else 0,
            answers.get(address, {}),
        )

    ranked = sorted(people.items(), key=lambda pair: invitations.rank(pair[1].attendee_id))
    recipients = [
        status(address, invitee.email, invitee.name, invitee.person_id, invitee.attendee_id, invitee.language)
        for address, invitee in ranked
    ]
    recipients += [
        status(address, detail.address, detail.name, detail.person_id, None, "en")
        for address, detail in recorded_only.items()
    ]
    return InvitationStatus(
        visit_id, visit.slug, visit.title, visit.local_time_zone, tuple(recipients), pending, invitations
    )


# --- writing the messages ------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageFile:
    """A file written by `write_invitations`.

    Attributes:
        path: where.
        address: the recipient.
        method: REQUEST or CANCEL.
        events: how many engagements it carries.
        kind: "ics" or "eml".
    """

    path: Path
    address: str
    method: SentMethod
    events: int
    kind: str


@dataclass(frozen=True)
class SendResult:
    """What `write_invitations` wrote and what it recorded as sent."""

    files: tuple[MessageFile, ...]
    sent: tuple[SentRecord, ...]

    @property
    def recipients(self) -> int:
        return len({f.address for f in self.files})


def file_stem(address: str) -> str:
    """A recipient's file name (without extension) in a send folder: their address, made safe."""
    from visitplanner.domain.filenames import name_part

    return name_part(address, 96) or "recipient"


def build_messages(
    status: InvitationStatus, *, now: datetime, eml: bool, cancelled: Cancelled | None = None
) -> list[tuple[str, str, SentMethod, int, str, bytes, list[SentRecord]]]:
    """The files of every pending message: (address, file name, method, events, kind, bytes,
    records) — one .ics per recipient and method, and with `eml` one .eml each as well."""
    from visitplanner.exporters.invitation_mail import invitation_email

    invitations = status.invitations
    out: list[tuple[str, str, SentMethod, int, str, bytes, list[SentRecord]]] = []
    for n, recipient in enumerate(status.recipients):
        if cancelled is not None and n % 20 == 0 and cancelled():
            raise WorkCancelled("sending invitations was cancelled: nothing was written or recorded")
        if not recipient.pending:
            continue
        stem = file_stem(recipient.address)
        title = f"{status.visit_title}: {recipient.name}" if recipient.name else status.visit_title
        requests = [i for i in recipient.pending if i.kind is not MessageKind.CANCELLATION]
        cancels = [i for i in recipient.pending if i.kind is MessageKind.CANCELLATION]
        if requests:
            invitee = _invitee_of(invitations, recipient.address, requests[0].message.uid)
            data = invitations.request(invitee, [(i.message.uid, i.message.sequence) for i in requests], title)
            records = [
                SentRecord(
                    recipient.address,
                    invitee.name,
                    invitee.person_id,
                    i.message.uid,
                    SentMethod.REQUEST,
                    i.message.sequence,
                    i.message.digest,
                    i.title,
                    i.start_at,
                    i.end_at,
                )
                for i in requests
            ]
            out.append((recipient.address, f"{stem}.ics", SentMethod.REQUEST, len(requests), "ics", data, records))
            if eml:
                mail = invitation_email(status, recipient, requests, SentMethod.REQUEST, data, now=now)
                out.append((recipient.address, f"{stem}.eml", SentMethod.REQUEST, len(requests), "eml", mail, []))
        if cancels:
            items = [
                CancelItem(i.message.uid, i.message.sequence, i.title, i.start_at, i.end_at, i.message.whole_event)
                for i in cancels
            ]
            data = invitations.cancel(recipient.email, recipient.name, items, title)
            records = [
                SentRecord(
                    recipient.address,
                    recipient.name,
                    recipient.person_id,
                    i.message.uid,
                    SentMethod.CANCEL,
                    i.message.sequence,
                    "",
                    i.title,
                    i.start_at,
                    i.end_at,
                )
                for i in cancels
            ]
            out.append((recipient.address, f"{stem}-cancel.ics", SentMethod.CANCEL, len(cancels), "ics", data, records))
            if eml:
                mail = invitation_email(status, recipient, cancels, SentMethod.CANCEL, data, now=now)
                out.append((recipient.address, f"{stem}-cancel.eml", SentMethod.CANCEL, len(cancels), "eml", mail, []))
    return out


def _invitee_of(invitations: Invitations, address: str, uid: str) -> Invitee:
    event = invitations.event(uid)
    assert event is not None
    return next(i for i in event.invitees if i.address == address)


def write_invitations(
    session: Session,
    status: InvitationStatus,
    folder: Path,
    *,
    now: datetime,
    eml: bool = False,
    record: Callable[[Sequence[SentRecord]], object],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SendResult:
    """Write every pending message of `status` into `folder` and then `record` them as sent, as
    one step: the messages are built first (a cancel stops there), then written (each file
    atomically); if any write fails, the files written by this call are removed and nothing is
    recorded. `record` runs in the caller's unit of work, which commits it.

    Per recipient: `ADDRESS.ics` (METHOD:REQUEST: new invitations and updates) and
    `ADDRESS-cancel.ics` (METHOD:CANCEL), and with `eml` the same as e-mail messages
    (`.eml`) a mail client opens as ready invitations. Nothing pending: nothing is written.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file, not a folder: choose a folder for the messages", field="folder")
    if status.invitations.organiser is None and status.pending.messages:
        raise UserError(
            "organiser: invitations need an organiser: give the visit a staff liaison with an e-mail address, "
            "or name the organiser (--organiser EMAIL[:NAME])",
            field="organiser",
        )
    built = build_messages(status, now=now, eml=eml, cancelled=cancelled)
    if not built:
        return SendResult((), ())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{folder}: the folder cannot be created ({exc.strerror or exc})") from exc
    keep = sqlite_files(session)
    for _address, name, *_rest in built:
        check_export_target(folder / name, keep)
    written: list[MessageFile] = []
    try:
        for n, (address, name, method, events, kind, data, _records) in enumerate(built):
            path = folder / name
            write_atomically(path, data, what="the invitation", keep=keep)
            written.append(MessageFile(path, address, method, events, kind))
            if progress is not None:
                progress(n + 1, len(built))
    except BaseException:
        for done in written:
            done.path.unlink(missing_ok=True)
        raise
    records = tuple(r for *_head, records in built for r in records)
    try:
        record(records)
    except BaseException:
        for done in written:
            done.path.unlink(missing_ok=True)
        raise
    return SendResult(tuple(written), records)
