"""Invitations kept in step (iTIP, RFC 5546): what each recipient should be sent, from what was sent and the plan.

Pure rules, no I/O. A *recipient* is a calendar address (an e-mail address, compared in lower
case): iTIP knows people by it, replies come from it, and a person whose address changes is a
new recipient (the old address gets the cancellations). Per recipient and engagement UID the
record keeps the last message sent (its method, SEQUENCE and a digest of the event as the
recipient saw it); the plan gives, per recipient, the engagements they attend with the digest of
the event they would see now. `pending_messages` compares the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


def pending_messages(planned: Iterable[PlannedEvent], sent: Iterable[SentState]) -> Pending:
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
    """
    last: dict[tuple[str, str], SentState] = {}
    highest: dict[str, int] = {}
    for state in sent:
        last[state.address, state.uid] = state
        if state.sequence > highest.get(state.uid, -1):
            highest[state.uid] = state.sequence
    wanted: list[tuple[PlannedEvent, MessageKind]] = []
    planned_keys: set[tuple[str, str]] = set()
    planned_uids: dict[str, PlannedEvent] = {}
    for event in planned:
        key = (event.address, event.uid)
        planned_keys.add(key)
        planned_uids.setdefault(event.uid, event)
        before = last.get(key)
        if event.cancelled:
            if before is not None and before.method is SentMethod.REQUEST:
                wanted.append((event, MessageKind.CANCELLATION))
        elif before is None or before.method is SentMethod.CANCEL:
            wanted.append((event, MessageKind.NEW))
        elif before.digest != event.digest:
            wanted.append((event, MessageKind.UPDATE))
    dropped = [state for key, state in last.items() if state.method is SentMethod.REQUEST and key not in planned_keys]
    # The SEQUENCE per UID: above the highest sent when anyone had the UID before.
    raise_uids: set[str] = set()
    for event, kind in wanted:
        if kind is not MessageKind.NEW or last.get((event.address, event.uid)) is not None:
            raise_uids.add(event.uid)
    raise_uids.update(state.uid for state in dropped)
    sequences: dict[str, int] = {}

    def sequence_of(uid: str, own: int) -> int:
        found = sequences.get(uid)
        if found is None:
            top = highest.get(uid)
            if top is None:
                found = own
            elif uid in raise_uids:
                found = max(own, top + 1)
            else:
                found = max(own, top)
            sequences[uid] = found
        return found

    result: dict[str, list[PendingMessage]] = {}
    for event, kind in wanted:
        result.setdefault(event.address, []).append(
            PendingMessage(
                event.address,
                event.uid,
                kind,
                sequence_of(event.uid, event.sequence),
                "" if kind is MessageKind.CANCELLATION else event.digest,
                whole_event=kind is MessageKind.CANCELLATION,
            )
        )
    for state in sorted(dropped, key=lambda s: (s.address, s.uid)):
        on_plan = planned_uids.get(state.uid)
        deleted = on_plan is None
        result.setdefault(state.address, []).append(
            PendingMessage(
                state.address,
                state.uid,
                MessageKind.CANCELLATION,
                sequence_of(state.uid, on_plan.sequence if on_plan is not None else state.sequence),
                whole_event=on_plan is None or on_plan.cancelled,
                deleted=deleted,
            )
        )
    return Pending(result, sequences)


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
