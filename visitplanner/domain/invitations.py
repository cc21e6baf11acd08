"""Invitations kept in step (iTIP, RFC 5546): what each recipient should be sent, from what was sent and the plan.

Pure rules, no I/O. A *recipient* is a calendar address (an e-mail address, compared in lower
case): iTIP knows people by it, replies come from it, and a person whose address changes is a
new recipient (the old address gets the cancellations). Per recipient and engagement UID the
record keeps the last message sent (its method, SEQUENCE and a digest of the event as the
recipient saw it); the plan gives, per recipient, the engagements they attend with the digest of
the event they would see now. `pending_messages` compares the two.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from visitplanner.domain.enums import Vocabulary

#: The suffix of every UID the calendars carry ("<engagement uuid>@visitplanner").
UID_SUFFIX: Final = "@visitplanner"


def uuid_of(uid: str) -> str:
    """The engagement uuid of a calendar UID ("…@visitplanner" -> "…"); other UIDs as they are."""
    uid = uid.strip()
    return uid[: -len(UID_SUFFIX)] if uid.lower().endswith(UID_SUFFIX) else uid


def address_key(email: str) -> str:
    """How a calendar address is compared and stored: without "mailto:", stripped, lower case."""
    text = email.strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()


class SentMethod(StrEnum):
    """The iTIP method of a message sent."""

    REQUEST = "request"
    CANCEL = "cancel"


class MessageKind(Vocabulary):
    """What a pending message is to its recipient."""

    NEW = "new"
    UPDATE = "update"
    CANCELLATION = "cancellation"

    @property
    def method(self) -> SentMethod:
        return SentMethod.CANCEL if self is MessageKind.CANCELLATION else SentMethod.REQUEST


class PartStat(Vocabulary):
    """A recipient's answer to an invitation (iCalendar PARTSTAT); NEEDS_ACTION is "no reply"."""

    NEEDS_ACTION = "needs_action"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"
    DELEGATED = "delegated"

    @property
    def label(self) -> str:
        return "No reply" if self is PartStat.NEEDS_ACTION else super().label

    @property
    def ical(self) -> str:
        """The iCalendar value: "ACCEPTED", "NEEDS-ACTION"."""
        return self.value.upper().replace("_", "-")

    @classmethod
    def from_ical(cls, value: str) -> PartStat | None:
        """The answer an iCalendar PARTSTAT value gives (None for an unknown one)."""
        try:
            return cls(value.strip().lower().replace("-", "_"))
        except ValueError:
            return None

    @property
    def counts_as_coming(self) -> bool:
        """Whether capacity and catering count the person: accepted, tentative or no reply yet."""
        return self not in (PartStat.DECLINED, PartStat.DELEGATED)


@dataclass(frozen=True, slots=True)
class SentState:
    """The last message sent to one recipient for one UID.

    Attributes:
        address: the recipient (`address_key`).
        uid: the engagement's uuid.
        method: REQUEST or CANCEL.
        sequence: the SEQUENCE it carried.
        digest: the digest of the event as the recipient saw it ("" for a cancellation).
    """

    address: str
    uid: str
    method: SentMethod
    sequence: int
    digest: str


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """An engagement as one recipient would see it now.

    Attributes:
        address: the recipient (`address_key`).
        uid: the engagement's uuid.
        sequence: the engagement's own SEQUENCE (the calendars' revision of it).
        digest: the digest of the event as the recipient would see it.
        cancelled: whether the engagement is cancelled (they are then owed a cancellation, if
            they were invited).
    """

    address: str
    uid: str
    sequence: int
    digest: str
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """A message one recipient is owed.

    Attributes:
        address: the recipient.
        uid: the engagement's uuid.
        kind: new, update or cancellation.
        sequence: the SEQUENCE to send.
        digest: the digest of what the message shows ("" for a cancellation).
        whole_event: for a cancellation, whether the engagement itself is off (cancelled or
            deleted: STATUS:CANCELLED) rather than the recipient taken off it.
        deleted: for a cancellation, whether the engagement is no longer in the plan.
    """

    address: str
    uid: str
    kind: MessageKind
    sequence: int
    digest: str = ""
    whole_event: bool = False
    deleted: bool = False

    @property
    def method(self) -> SentMethod:
        return self.kind.method


@dataclass(frozen=True)
class PendingCounts:
    """How many messages of each kind a recipient is owed."""

    new: int = 0
    update: int = 0
    cancellation: int = 0

    @property
    def total(self) -> int:
        return self.new + self.update + self.cancellation

    def summary(self) -> str:
        """ "2 new, 1 update, 1 cancellation" ("nothing pending" when none)."""
        parts = []
        if self.new:
            parts.append(f"{self.new} new")
        if self.update:
            parts.append(f"{self.update} update{'s' if self.update != 1 else ''}")
        if self.cancellation:
            parts.append(f"{self.cancellation} cancellation{'s' if self.cancellation != 1 else ''}")
        return ", ".join(parts) or "nothing pending"

    @staticmethod
    def of(messages: Iterable[PendingMessage]) -> PendingCounts:
        new = update = cancellation = 0
        for m in messages:
            if m.kind is MessageKind.NEW:
                new += 1
            elif m.kind is MessageKind.UPDATE:
                update += 1
            else:
                cancellation += 1
        return PendingCounts(new, update, cancellation)


@dataclass(frozen=True)
class Pending:
    """Every message owed, per recipient in the order first met, and the SEQUENCE per UID.

    Attributes:
        by_recipient: address -> that recipient's messages (in plan order, cancellations of
            engagements no longer planned last).
        sequences: uid -> the SEQUENCE every message about it carries in this send.
    """

    by_recipient: dict[str, list[PendingMessage]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    @property
    def messages(self) -> list[PendingMessage]:
        return [m for messages in self.by_recipient.values() for m in messages]

    def counts(self, address: str) -> PendingCounts:
        return PendingCounts.of(self.by_recipient.get(address, ()))


@dataclass(frozen=True, slots=True)
class SentRecord:
    """A message written for a recipient, to be recorded as the last one sent about its UID.

    Attributes:
        address: the recipient (`address_key`).
        name: their name as the message gave it.
        person_id: their address-book entry (None when no longer known).
        uid: the engagement's uuid.
        method: REQUEST or CANCEL.
        sequence: the SEQUENCE it carried.
        digest: the digest of the event as shown ("" for a cancellation).
        title, start_at, end_at: what it showed.
    """

    address: str
    name: str
    person_id: int | None
    uid: str
    method: SentMethod
    sequence: int
    digest: str
    title: str
    start_at: datetime
    end_at: datetime


@dataclass(frozen=True, slots=True)
class PlannedEngagement:
    """An engagement of the plan and who is invited to it, as the pending computation reads it.

    Attributes:
        uid: the engagement's uuid.
        sequence: its own SEQUENCE (the calendars' revision of it).
        cancelled: whether it is cancelled (its invitees are then owed a cancellation, if invited).
        body: the digest of what every invitee sees alike (computed once per engagement).
        addresses: the invitees' addresses, each once.
        owns: per invitee (parallel to `addresses`), the digest of what only they see (their
            ATTENDEE line); the digest of the event as one invitee sees it is `seen_digest(body, own)`.
    """

    uid: str
    sequence: int
    cancelled: bool
    body: str
    addresses: tuple[str, ...]
    owns: tuple[str, ...]

    def seen(self) -> list[str]:
        """The digest of the event as each invitee sees it, in the order of `addresses`."""
        body = self.body
        return [f"{body}:{own}" for own in self.owns] if body else list(self.owns)


def seen_digest(body: str, own: str) -> str:
    """The digest of an event as one invitee sees it: what all see, and their own part."""
    return f"{body}:{own}" if body else own


def group_events(events: Iterable[PlannedEvent]) -> list[PlannedEngagement]:
    """Per-recipient planned events as engagements (each digest taken as the recipient's own)."""
    grouped: dict[str, tuple[PlannedEvent, list[tuple[str, str]]]] = {}
    for event in events:
        grouped.setdefault(event.uid, (event, []))[1].append((event.address, event.digest))
    return [
        PlannedEngagement(e.uid, e.sequence, e.cancelled, "", tuple(a for a, _ in who), tuple(d for _, d in who))
        for e, who in grouped.values()
    ]


@dataclass(frozen=True)
class SentBook:
    """The record of what was sent, arranged for the pending computation: per UID, per recipient,
    the digest of the invitation last sent them (None when the last message was a cancellation),
    and the highest SEQUENCE last sent to anyone about the UID.

    Attributes:
        digests: uid -> address -> digest, or None after a cancellation.
        top: uid -> the highest SEQUENCE of the last messages about it.
    """

    digests: dict[str, dict[str, str | None]] = field(default_factory=dict)
    top: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def of(states: Iterable[SentState]) -> SentBook:
        book = SentBook()
        for state in states:
            book.add(
                state.uid, state.address, None if state.method is SentMethod.CANCEL else state.digest, state.sequence
            )
        return book

    def add(self, uid: str, address: str, digest: str | None, sequence: int) -> None:
        """Note the last message sent to `address` about `uid` (the record holds one per pair)."""
        found = self.digests.get(uid)
        if found is None:
            found = self.digests[uid] = {}
            self.top[uid] = sequence
        elif sequence > self.top[uid]:
            self.top[uid] = sequence
        found[address] = digest


def pending_messages(planned: Iterable[PlannedEngagement], sent: SentBook | Iterable[SentState]) -> Pending:
    """The messages that bring every recipient's calendar to the plan, and nothing else.

    - an engagement on (not cancelled) that the recipient attends: a *new* invitation when they
      were never invited to it or were last sent its cancellation; an *update* when what they
      would see differs from what they were sent (the digests differ);
    - a *cancellation* when they were last sent an invitation and now the engagement is
      cancelled or deleted (`whole_event`), or they no longer attend it (taken off it, out of
      the visit, or their address changed);
    - nothing otherwise: unchanged invitations are not sent again.

    SEQUENCE only ever increases per UID, across recipients: every message about a UID carries
    the engagement's own SEQUENCE, raised above the highest ever sent for the UID when any
    recipient had the UID before (an update, a cancellation, an invitation after a
    cancellation), else at least that highest.

    The work is set-based per engagement: the digests everyone would see now, as one mapping,
    compared with the mapping of what they were sent in one comparison; only an engagement
    where they differ is walked recipient by recipient. A visit of 300 people at 200
    engagements unchanged since the last send is 200 comparisons of mappings.
    """
    book = sent if isinstance(sent, SentBook) else SentBook.of(sent)
    record, top_of = book.digests, book.top
    new_kind, update_kind, cancel_kind = MessageKind.NEW, MessageKind.UPDATE, MessageKind.CANCELLATION
    result: dict[str, list[PendingMessage]] = {}
    sequences: dict[str, int] = {}
    planned_uids: set[str] = set()
    for engagement in planned:
        uid = engagement.uid
        planned_uids.add(uid)
        before = record.get(uid)
        addresses = engagement.addresses
        wanted: list[tuple[str, MessageKind, str]]
        if engagement.cancelled:
            if not before:
                continue
            wanted = [(a, cancel_kind, "") for a in addresses if before.get(a) is not None]
            invited: Collection[str] = set(addresses)
        elif not before:
            wanted = [(a, new_kind, digest) for a, digest in zip(addresses, engagement.seen(), strict=True)]
            invited = ()
        else:
            now = dict(zip(addresses, engagement.seen(), strict=True))
            if now == before:  # everyone invited, and sees what they were sent
                continue
            wanted = []
            for address, digest in now.items():
                if address not in before or before[address] is None:
                    wanted.append((address, new_kind, digest))
                elif before[address] != digest:
                    wanted.append((address, update_kind, digest))
            invited = now
        dropped = sorted(a for a, d in before.items() if d is not None and a not in invited) if before else []
        if not wanted and not dropped:
            continue
        if before is None:
            sequence = engagement.sequence
        elif dropped or any(kind is not new_kind or address in before for address, kind, _ in wanted):
            sequence = max(engagement.sequence, top_of[uid] + 1)
        else:
            sequence = max(engagement.sequence, top_of[uid])
        sequences[uid] = sequence
        for address, kind, digest in wanted:
            result.setdefault(address, []).append(
                PendingMessage(address, uid, kind, sequence, digest, whole_event=kind is cancel_kind)
            )
        for address in dropped:
            result.setdefault(address, []).append(
                PendingMessage(address, uid, cancel_kind, sequence, whole_event=engagement.cancelled)
            )
    # engagements no longer in the plan: a cancellation to everyone last sent an invitation
    for uid in sorted(set(record) - planned_uids):
        owed = sorted(a for a, d in record[uid].items() if d is not None)
        if not owed:
            continue
        sequence = sequences[uid] = top_of[uid] + 1
        for address in owed:
            result.setdefault(address, []).append(
                PendingMessage(address, uid, cancel_kind, sequence, whole_event=True, deleted=True)
            )
    return Pending(result, sequences)


# --- replies -------------------------------------------------------------------------------------


class ReplyOutcome(Vocabulary):
    """What importing one reply does."""

    APPLIED = "applied"
    UNCHANGED = "unchanged"
    STALE = "stale"
    UNKNOWN_UID = "unknown_uid"
    UNKNOWN_ATTENDEE = "unknown_attendee"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    ReplyOutcome.APPLIED: "Applied",
    ReplyOutcome.UNCHANGED: "Already recorded",
    ReplyOutcome.STALE: "Older SEQUENCE: noted, not applied",
    ReplyOutcome.UNKNOWN_UID: "Unmatched: no engagement of the visit has this UID",
    ReplyOutcome.UNKNOWN_ATTENDEE: "Unmatched: this attendee was not invited to the engagement",
}


@dataclass(frozen=True, slots=True)
class ReplyItem:
    """One attendee's answer read from an iTIP REPLY.

    Attributes:
        address: who answers (`address_key`).
        uid: the engagement's uuid (`uuid_of` the UID).
        partstat: their answer.
        sequence: the SEQUENCE of the invitation they answer.
        stamp: the reply's DTSTAMP (None if it had none).
        source: the file it came from (for the preview).
        name: the CN they gave, if any.
    """

    address: str
    uid: str
    partstat: PartStat
    sequence: int
    stamp: datetime | None = None
    source: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class RecordedReply:
    """The answer recorded for a recipient and UID."""

    address: str
    uid: str
    partstat: PartStat
    sequence: int
    received_at: datetime


@dataclass(frozen=True, slots=True)
class ReplyVerdict:
    """What importing one reply does, and why."""

    item: ReplyItem
    outcome: ReplyOutcome
    sent_sequence: int | None = None


def judge_replies(
    items: Sequence[ReplyItem],
    uids: Iterable[str],
    sent: Mapping[tuple[str, str], SentState],
    recorded: Mapping[tuple[str, str], RecordedReply],
) -> list[ReplyVerdict]:
    """The outcome of each reply: unknown UID, unknown attendee (never sent an invitation to it),
    stale (it answers an older SEQUENCE than the last one sent them: noted, not applied), the
    same as recorded, or applied. Of several replies from one attendee for one UID, the one with
    the highest SEQUENCE (then the latest DTSTAMP, then the last given) is applied, the others are
    unchanged."""
    known = set(uids)
    best: dict[tuple[str, str], int] = {}

    def rank(item: ReplyItem, position: int) -> tuple[int, float, int]:
        return (item.sequence, item.stamp.timestamp() if item.stamp else float("-inf"), position)

    verdicts: list[ReplyVerdict | None] = []
    for position, item in enumerate(items):
        key = (item.address, item.uid)
        if item.uid not in known and key not in sent:
            verdicts.append(ReplyVerdict(item, ReplyOutcome.UNKNOWN_UID))
            continue
        state = sent.get(key)
        if state is None or state.method is not SentMethod.REQUEST:
            verdicts.append(ReplyVerdict(item, ReplyOutcome.UNKNOWN_ATTENDEE))
            continue
        if item.sequence < state.sequence:
            verdicts.append(ReplyVerdict(item, ReplyOutcome.STALE, state.sequence))
            continue
        verdicts.append(None)
        if key not in best or rank(item, position) > rank(items[best[key]], best[key]):
            best[key] = position
    result: list[ReplyVerdict] = []
    for position, (item, verdict) in enumerate(zip(items, verdicts, strict=True)):
        if verdict is not None:
            result.append(verdict)
            continue
        key = (item.address, item.uid)
        state = sent[key]
        before = recorded.get(key)
        if best[key] != position or (
            before is not None and before.partstat is item.partstat and before.sequence == item.sequence
        ):
            result.append(ReplyVerdict(item, ReplyOutcome.UNCHANGED, state.sequence))
        else:
            result.append(ReplyVerdict(item, ReplyOutcome.APPLIED, state.sequence))
    return result
