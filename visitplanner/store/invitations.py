"""Reads of the invitations record: the last message sent per recipient and UID, and the replies."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, case, func, null, select, type_coerce
from sqlalchemy.orm import Session

from visitplanner.domain.invitations import PartStat, RecordedReply, SentBook, SentMethod, SentState
from visitplanner.store.models import Attendance, Attendee, Engagement, InvitationReply, InvitationSent, Person
from visitplanner.store.queries import table

_CHUNK = 400


def sent_states(session: Session, visit_id: int) -> list[SentState]:
    """The last message sent per recipient and UID, as the pending computation compares them
    (plain values: a visit may have tens of thousands)."""
    sent = table(InvitationSent)
    # Core columns and the method as plain text: no ORM loading or type hook per row
    rows = session.execute(
        select(sent.c.address, sent.c.uid, type_coerce(sent.c.method, String), sent.c.sequence, sent.c.digest).where(
            sent.c.visit_id == visit_id
        )
    ).all()  # one fetchall: row by row costs twice as much
    methods = {m.value: m for m in SentMethod}
    return [
        SentState(address, uid, methods[method], sequence, digest) for address, uid, method, sequence, digest in rows
    ]


def sent_book(session: Session, visit_id: int) -> SentBook:
    """The record as the pending computation compares it (`SentBook`): one query, four narrow
    columns per message, no ORM objects or type hooks (a visit may have tens of thousands)."""
    sent = table(InvitationSent)
    cancel = type_coerce(sent.c.method, String) == SentMethod.CANCEL.value
    rows = session.execute(
        select(sent.c.uid, sent.c.address, case((cancel, null()), else_=sent.c.digest), sent.c.sequence).where(
            sent.c.visit_id == visit_id
        )
    ).all()  # one fetchall: row by row costs twice as much
    book = SentBook()
    digests, top = book.digests, book.top
    for uid, address, digest, sequence in rows:
        found = digests.get(uid)
        if found is None:
            found = digests[uid] = {}
            top[uid] = sequence
        elif sequence > top[uid]:
            top[uid] = sequence
        found[address] = digest
    return book


@dataclass(frozen=True, slots=True)
class SentDetail:
    """What a message recorded as sent showed (for a cancellation of an engagement since deleted)."""

    address: str
    uid: str
    name: str
    person_id: int | None
    title: str
    start_at: datetime
    end_at: datetime
    sequence: int
    method: SentMethod
    sent_at: datetime


_DETAIL = select(
    InvitationSent.address,
    InvitationSent.uid,
    InvitationSent.name,
    InvitationSent.person_id,
    InvitationSent.title,
    InvitationSent.start_at,
    InvitationSent.end_at,
    InvitationSent.sequence,
    InvitationSent.method,
    InvitationSent.sent_at,
)


def sent_details(session: Session, visit_id: int, keys: Iterable[tuple[str, str]] | None = None) -> list[SentDetail]:
    """The recorded messages of the visit (only those (address, uid) of `keys`, when given)."""
    query = _DETAIL.where(InvitationSent.visit_id == visit_id)
    if keys is None:
        return [_detail(row) for row in session.execute(query.order_by(InvitationSent.id))]
    wanted = set(keys)
    # the recipients and the UIDs named, looked up by the (visit, address, uid) index: a few
    # addresses or a few UIDs (a deleted engagement, someone gone) each way, the pairs kept
    addresses = sorted({address for address, _ in wanted})
    uids = sorted({uid for _, uid in wanted})
    found: list[SentDetail] = []
    for start in range(0, len(addresses), _CHUNK):
        for first in range(0, len(uids), _CHUNK):
            rows = session.execute(
                query.where(
                    InvitationSent.address.in_(addresses[start : start + _CHUNK]),
                    InvitationSent.uid.in_(uids[first : first + _CHUNK]),
                )
            )
            found += [_detail(row) for row in rows if (row[0], row[1]) in wanted]
    return found


def first_sent(session: Session, visit_id: int, besides: Collection[str]) -> dict[str, SentDetail]:
    """The first message recorded for each recipient of the visit not in `besides` (those the plan
    no longer invites): one grouped query for the recipients, then only their first messages."""
    rows = session.execute(
        select(func.min(InvitationSent.id), InvitationSent.address)
        .where(InvitationSent.visit_id == visit_id)
        .group_by(InvitationSent.address)
    ).all()
    ids = sorted(ident for ident, address in rows if address not in besides)
    found: dict[str, SentDetail] = {}
    for start in range(0, len(ids), _CHUNK):
        query = _DETAIL.where(InvitationSent.id.in_(ids[start : start + _CHUNK])).order_by(InvitationSent.id)
        for row in session.execute(query):
            detail = _detail(row)
            found[detail.address] = detail
    return found


def _detail(row: Any) -> SentDetail:
    return SentDetail(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], SentMethod(row[8]), row[9])


@dataclass(frozen=True, slots=True)
class RecipientSent:
    """When a recipient was last sent anything, and how many messages that send held."""

    address: str
    last_sent_at: datetime
    messages: int


def last_sent(session: Session, visit_id: int) -> dict[str, RecipientSent]:
    """Per recipient: the latest send and how many of their recorded messages it wrote (one
    grouped query: a row per recipient and send)."""
    rows = session.execute(
        select(InvitationSent.address, InvitationSent.sent_at, func.count())
        .where(InvitationSent.visit_id == visit_id)
        .group_by(InvitationSent.address, InvitationSent.sent_at)
    )
    found: dict[str, RecipientSent] = {}
    for address, at, count in rows:
        before = found.get(address)
        if before is None or at > before.last_sent_at:
            found[address] = RecipientSent(address, at, count)
    return found


def replies_of(session: Session, visit_id: int) -> list[RecordedReply]:
    """The answers recorded for the visit, by recipient and UID."""
    rows = session.execute(
        select(
            InvitationReply.address,
            InvitationReply.uid,
            InvitationReply.partstat,
            InvitationReply.sequence,
            InvitationReply.received_at,
        )
        .where(InvitationReply.visit_id == visit_id)
        .order_by(InvitationReply.id)
    )
    return [RecordedReply(*row) for row in rows]


def answers_by_uid(session: Session, visit_id: int) -> dict[tuple[str, str], PartStat]:
    """(address, uid) -> the recorded answer, for the views and the checks."""
    return {(r.address, r.uid): r.partstat for r in replies_of(session, visit_id)}


def engagement_titles(session: Session, visit_id: int) -> dict[str, str]:
    """Engagement uuid -> title: the visit's engagements, and those only the record still names
    (as last recorded; the record is read only for engagements no longer in the plan)."""
    titles: dict[str, str] = dict(
        session.execute(select(Engagement.uuid, Engagement.title).where(Engagement.visit_id == visit_id)).all()
    )
    recorded = session.scalars(select(InvitationSent.uid).where(InvitationSent.visit_id == visit_id).distinct())
    gone = sorted(set(recorded) - titles.keys())
    for start in range(0, len(gone), _CHUNK):
        rows = session.execute(
            select(InvitationSent.uid, InvitationSent.title)
            .where(InvitationSent.visit_id == visit_id, InvitationSent.uid.in_(gone[start : start + _CHUNK]))
            .order_by(InvitationSent.id)
        )
        titles.update((uid, title) for uid, title in rows)
    return titles


def plan_size(session: Session, visit_id: int) -> tuple[int, int]:
    """(engagements, attendances) of the visit: what working out its invitations costs grows with
    (one indexed count each: whether the Invitations tab works it out in the background)."""
    engagements = session.scalar(select(func.count()).select_from(Engagement).where(Engagement.visit_id == visit_id))
    attendances = session.scalar(
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.engagement_id.in_(select(Engagement.id).where(Engagement.visit_id == visit_id)))
    )
    return int(engagements or 0), int(attendances or 0)


def engagement_answers(session: Session, engagement_id: int) -> dict[int, PartStat | None]:
    """For each attendee of the engagement who was sent an invitation to it: their recorded answer
    (None: no reply yet). Attendees never invited to it are left out."""
    rows = session.execute(
        select(Attendance.attendee_id, InvitationReply.partstat)
        .join(Engagement, Engagement.id == Attendance.engagement_id)
        .join(Attendee, Attendee.id == Attendance.attendee_id)
        .join(Person, Person.id == Attendee.person_id)
        .join(
            InvitationSent,
            (InvitationSent.visit_id == Engagement.visit_id)
            & (InvitationSent.uid == Engagement.uuid)
            & (InvitationSent.address == func.lower(func.trim(Person.email)))
            & (InvitationSent.method == SentMethod.REQUEST),
        )
        .outerjoin(
            InvitationReply,
            (InvitationReply.visit_id == Engagement.visit_id)
            & (InvitationReply.uid == Engagement.uuid)
            & (InvitationReply.address == InvitationSent.address),
        )
        .where(Attendance.engagement_id == engagement_id)
    )
    return {attendee_id: answer for attendee_id, answer in rows}


def attendee_answers(session: Session, visit_id: int) -> dict[int, dict[PartStat, int]]:
    """Per attendee of the visit: how many engagements they answered each way."""
    rows = session.execute(
        select(Attendance.attendee_id, InvitationReply.partstat)
        .join(Engagement, Engagement.id == Attendance.engagement_id)
        .join(Attendee, Attendee.id == Attendance.attendee_id)
        .join(Person, Person.id == Attendee.person_id)
        .join(
            InvitationReply,
            (InvitationReply.visit_id == Engagement.visit_id)
            & (InvitationReply.uid == Engagement.uuid)
            & (InvitationReply.address == func.lower(func.trim(Person.email))),
        )
        .where(Engagement.visit_id == visit_id)
    )
    counts: dict[int, dict[PartStat, int]] = {}
    for attendee_id, answer in rows:
        mine = counts.setdefault(attendee_id, {})
        mine[answer] = mine.get(answer, 0) + 1
    return counts


def answers_summary(counts: dict[PartStat, int]) -> str:
    """ "2 accepted, 1 declined" in a fixed order ("" for none)."""
    return ", ".join(f"{counts[a]} {a.label.lower()}" for a in PartStat if counts.get(a))
