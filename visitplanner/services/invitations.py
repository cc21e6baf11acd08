"""Invitations (iTIP): record what was sent, and import the recipients' replies (with undo)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, ChangesBuilder, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import (
    RecordedReply,
    ReplyItem,
    ReplyOutcome,
    ReplyVerdict,
    SentRecord,
    SentState,
    judge_replies,
)
from visitplanner.domain.timerange import require_aware
from visitplanner.services.base import get, insert_rows, service
from visitplanner.store.invitations import replies_of
from visitplanner.store.models import Engagement, InvitationReply, InvitationSent, Visit


@service
def record_sent(session: Session, visit_id: int, sent: Sequence[SentRecord], *, now: datetime) -> Changes:
    """Record `sent` as the last message sent per recipient and UID (replacing what was recorded).

    Not undoable: what was sent cannot be unsent. A SEQUENCE lower than one already recorded for
    the UID is refused (SEQUENCE only ever increases per UID)."""
    sent_at = require_aware(now, "now")
    get(session, Visit, visit_id, "visit")
    if not sent:
        return Changes()
    rows = session.execute(
        select(InvitationSent.id, InvitationSent.address, InvitationSent.uid, InvitationSent.sequence).where(
            InvitationSent.visit_id == visit_id
        )
    )
    existing: dict[tuple[str, str], int] = {}
    highest: dict[str, int] = {}
    for ident, address, uid, sequence in rows:
        existing[address, uid] = ident
        highest[uid] = max(highest.get(uid, -1), sequence)
    changes = ChangesBuilder()
    updates: list[dict[str, object]] = []
    inserts: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for record in sent:
        key = (record.address, record.uid)
        if key in seen:
            raise UserError(f"invitations: two messages to {record.address} about {record.uid} in one send")
        seen.add(key)
        if record.sequence < highest.get(record.uid, -1):
            raise UserError(
                f"invitations: SEQUENCE {record.sequence} for {record.uid} is lower than the "
                f"{highest[record.uid]} already sent: reload and send again"
            )
        values: dict[str, object] = {
            "name": record.name,
            "person_id": record.person_id,
            "method": record.method,
            "sequence": record.sequence,
            "digest": record.digest,
            "title": record.title,
            "start_at": record.start_at,
            "end_at": record.end_at,
            "sent_at": sent_at,
        }
        if key in existing:
            updates.append({"id": existing[key], **values})
        else:
            inserts.append({"visit_id": visit_id, "address": record.address, "uid": record.uid, **values})
    if updates:
        session.execute(update(InvitationSent), updates)
        changes.add(Changes.of_updated(Entity.INVITATION, *(int(str(u["id"])) for u in updates)))
    if inserts:
        changes.add(Changes.of_created(Entity.INVITATION, *insert_rows(session, InvitationSent, inserts)))
    return changes.build()


@dataclass(frozen=True)
class ReplyImport:
    """What importing replies did (or, in a preview, would do).

    Attributes:
        verdicts: one per reply read, in the order given.
        changes: the rows changed.
        before: for each (address, uid) applied, the answer recorded before (None: none), so an
            undo can put it back (`restore_replies`).
    """

    verdicts: tuple[ReplyVerdict, ...]
    changes: Changes
    before: tuple[tuple[str, str, RecordedReply | None], ...]

    def count(self, outcome: ReplyOutcome) -> int:
        return sum(1 for v in self.verdicts if v.outcome is outcome)

    @property
    def unmatched(self) -> list[ReplyVerdict]:
        return [v for v in self.verdicts if v.outcome in (ReplyOutcome.UNKNOWN_UID, ReplyOutcome.UNKNOWN_ATTENDEE)]


def _sent_map(session: Session, visit_id: int) -> dict[tuple[str, str], SentState]:
    from visitplanner.store.invitations import sent_states

    return {(s.address, s.uid): s for s in sent_states(session, visit_id)}


def judge(session: Session, visit_id: int, items: Sequence[ReplyItem]) -> list[ReplyVerdict]:
    """What importing `items` would do, changing nothing (the preview)."""
    uids = session.scalars(select(Engagement.uuid).where(Engagement.visit_id == visit_id)).all()
    recorded = {(r.address, r.uid): r for r in replies_of(session, visit_id)}
    return judge_replies(items, uids, _sent_map(session, visit_id), recorded)


@service
def import_replies(session: Session, visit_id: int, items: Sequence[ReplyItem], *, now: datetime) -> ReplyImport:
    """Record each matched reply's answer (PARTSTAT) for its recipient and engagement.

    Replies for an unknown UID or from an attendee who was not invited change nothing; a reply
    to an older SEQUENCE than the last one sent is noted (its verdict) and not applied. Undo with
    `restore_replies(…, result.before)`."""
    received = require_aware(now, "now")
    get(session, Visit, visit_id, "visit")
    verdicts = judge(session, visit_id, items)
    recorded = {(r.address, r.uid): r for r in replies_of(session, visit_id)}
    rows = {
        (row.address, row.uid): row
        for row in session.scalars(select(InvitationReply).where(InvitationReply.visit_id == visit_id))
    }
    changes = ChangesBuilder()
    before: list[tuple[str, str, RecordedReply | None]] = []
    for verdict in verdicts:
        if verdict.outcome is not ReplyOutcome.APPLIED:
            continue
        item = verdict.item
        key = (item.address, item.uid)
        before.append((item.address, item.uid, recorded.get(key)))
        row = rows.get(key)
        if row is None:
            row = InvitationReply(
                visit_id=visit_id,
                address=item.address,
                uid=item.uid,
                partstat=item.partstat,
                sequence=item.sequence,
                received_at=received,
            )
            session.add(row)
            session.flush()
            rows[key] = row
            changes.add(Changes.of_created(Entity.REPLY, row.id))
        else:
            row.partstat, row.sequence, row.received_at = item.partstat, item.sequence, received
            changes.add(Changes.of_updated(Entity.REPLY, row.id))
    session.flush()
    return ReplyImport(tuple(verdicts), changes.build(), tuple(before))


@service
def restore_replies(
    session: Session, visit_id: int, states: Sequence[tuple[str, str, RecordedReply | None]]
) -> Changes:
    """Put the recorded answers back as `states` gives them (None: no answer): the undo of an import."""
    get(session, Visit, visit_id, "visit")
    changes = ChangesBuilder()
    for address, uid, state in states:
        row = session.scalars(
            select(InvitationReply).where(
                InvitationReply.visit_id == visit_id, InvitationReply.address == address, InvitationReply.uid == uid
            )
        ).one_or_none()
        if state is None:
            if row is not None:
                changes.add(Changes.of_deleted(Entity.REPLY, row.id))
                session.execute(delete(InvitationReply).where(InvitationReply.id == row.id))
            continue
        if row is None:
            row = InvitationReply(visit_id=visit_id, address=address, uid=uid)
            session.add(row)
        row.partstat, row.sequence, row.received_at = state.partstat, state.sequence, state.received_at
        session.flush()
        changes.add(Changes.of_updated(Entity.REPLY, row.id))
    return changes.build()


@service
def restore_record(
    session: Session,
    visit_id: int,
    sent: Sequence[tuple[SentRecord, datetime]],
    replies: Sequence[RecordedReply],
) -> Changes:
    """Put back a visit's invitations record and replies as a visit file carries them (a visit
    moved between databases keeps what its recipients were sent, so nothing is sent twice)."""
    get(session, Visit, visit_id, "visit")
    sent_ids = insert_rows(
        session,
        InvitationSent,
        [
            {
                "visit_id": visit_id,
                "address": record.address,
                "name": record.name,
                "person_id": record.person_id,
                "uid": record.uid,
                "method": record.method,
                "sequence": record.sequence,
                "digest": record.digest,
                "title": record.title,
                "start_at": record.start_at,
                "end_at": record.end_at,
                "sent_at": require_aware(sent_at, "sent_at"),
            }
            for record, sent_at in sent
        ],
    )
    reply_ids = insert_rows(
        session,
        InvitationReply,
        [
            {
                "visit_id": visit_id,
                "address": reply.address,
                "uid": reply.uid,
                "partstat": reply.partstat,
                "sequence": reply.sequence,
                "received_at": require_aware(reply.received_at, "received_at"),
            }
            for reply in replies
        ],
    )
    return Changes.merge(
        [Changes.of_created(Entity.INVITATION, *sent_ids), Changes.of_created(Entity.REPLY, *reply_ids)]
    )
