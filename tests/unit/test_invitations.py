"""The pending-messages rules of invitations (iTIP): new, update, cancellation, SEQUENCE per UID."""

from __future__ import annotations

from datetime import UTC, datetime

from visitplanner.domain.invitations import (
    MessageKind,
    PartStat,
    PendingCounts,
    PlannedEngagement,
    PlannedEvent,
    RecordedReply,
    ReplyItem,
    ReplyOutcome,
    SentBook,
    SentMethod,
    SentState,
    address_key,
    group_events,
    judge_replies,
    pending_messages,
    seen_digest,
    uuid_of,
)

REQ, CAN = SentMethod.REQUEST, SentMethod.CANCEL


def kinds(planned: list[PlannedEvent], sent: list[SentState]) -> dict[tuple[str, str], tuple[MessageKind, int, bool]]:
    result = pending_messages(group_events(planned), sent)
    return {(m.address, m.uid): (m.kind, m.sequence, m.whole_event) for m in result.messages}


def test_first_send_is_new_with_the_engagement_sequence() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 0, "d1"), PlannedEvent("b@x.org", "u1", 0, "d1")]
    assert kinds(planned, []) == {
        ("a@x.org", "u1"): (MessageKind.NEW, 0, False),
        ("b@x.org", "u1"): (MessageKind.NEW, 0, False),
    }


def test_nothing_unchanged_is_sent_again() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 2, "d1")]
    assert kinds(planned, [SentState("a@x.org", "u1", REQ, 2, "d1")]) == {}


def test_a_changed_digest_is_an_update_with_a_higher_sequence() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 0, "d2"), PlannedEvent("b@x.org", "u1", 0, "d1")]
    sent = [SentState("a@x.org", "u1", REQ, 3, "d1"), SentState("b@x.org", "u1", REQ, 3, "d1")]
    assert kinds(planned, sent) == {("a@x.org", "u1"): (MessageKind.UPDATE, 4, False)}


def test_sequence_never_goes_below_the_highest_sent_to_anyone() -> None:
    # b was sent sequence 5 once; a newcomer c is invited: at least 5, never the engagement's 1
    planned = [PlannedEvent("b@x.org", "u1", 1, "d"), PlannedEvent("c@x.org", "u1", 1, "d")]
    sent = [SentState("b@x.org", "u1", REQ, 5, "d")]
    assert kinds(planned, sent) == {("c@x.org", "u1"): (MessageKind.NEW, 5, False)}
    # the engagement's own sequence wins when it is higher
    planned = [PlannedEvent("c@x.org", "u1", 9, "d")]
    assert kinds(planned, sent)[("c@x.org", "u1")][1] == 9


def test_taken_off_is_a_cancellation_for_them_only() -> None:
    planned = [PlannedEvent("b@x.org", "u1", 0, "d")]
    sent = [SentState("a@x.org", "u1", REQ, 0, "d"), SentState("b@x.org", "u1", REQ, 0, "d")]
    assert kinds(planned, sent) == {("a@x.org", "u1"): (MessageKind.CANCELLATION, 1, False)}


def test_cancelled_and_deleted_engagements_cancel_the_whole_event() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 1, "d", cancelled=True)]
    sent = [SentState("a@x.org", "u1", REQ, 0, "d"), SentState("a@x.org", "u2", REQ, 4, "e")]
    result = pending_messages(group_events(planned), sent)
    found = {m.uid: m for m in result.messages}
    assert found["u1"].kind is MessageKind.CANCELLATION and found["u1"].whole_event and not found["u1"].deleted
    assert found["u1"].sequence == 1
    assert found["u2"].kind is MessageKind.CANCELLATION and found["u2"].whole_event and found["u2"].deleted
    assert found["u2"].sequence == 5


def test_cancellations_are_sent_once_and_never_to_the_uninvited() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 1, "d", cancelled=True)]
    assert kinds(planned, []) == {}
    assert kinds(planned, [SentState("a@x.org", "u1", CAN, 2, "")]) == {}
    assert kinds([], [SentState("a@x.org", "u1", CAN, 2, "")]) == {}


def test_invited_again_after_a_cancellation_is_new_with_a_higher_sequence() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 0, "d")]
    assert kinds(planned, [SentState("a@x.org", "u1", CAN, 2, "")]) == {("a@x.org", "u1"): (MessageKind.NEW, 3, False)}


def test_counts_and_summary() -> None:
    planned = [PlannedEvent("a@x.org", f"u{n}", 0, "d") for n in range(2)] + [PlannedEvent("a@x.org", "u9", 0, "z")]
    sent = [SentState("a@x.org", "u9", REQ, 0, "y"), SentState("a@x.org", "u8", REQ, 0, "y")]
    result = pending_messages(group_events(planned), sent)
    assert result.counts("a@x.org").summary() == "2 new, 1 update, 1 cancellation"
    assert PendingCounts().summary() == "nothing pending"


def test_addresses_and_uids() -> None:
    assert address_key(" MAILTO:Mayor.Office@Busan.example ") == "mayor.office@busan.example"
    assert uuid_of("abc@VisitPlanner") == "abc" and uuid_of("other-uid") == "other-uid"
    assert PartStat.from_ical("NEEDS-ACTION") is PartStat.NEEDS_ACTION and PartStat.from_ical("X-ODD") is None
    assert PartStat.NEEDS_ACTION.label == "No reply" and PartStat.DECLINED.ical == "DECLINED"
    assert not PartStat.DECLINED.counts_as_coming and PartStat.NEEDS_ACTION.counts_as_coming


def test_replies_are_judged() -> None:
    sent = {
        ("a@x.org", "u1"): SentState("a@x.org", "u1", REQ, 3, "d"),
        ("a@x.org", "u2"): SentState("a@x.org", "u2", CAN, 1, ""),
    }
    stamp = datetime(2027, 5, 1, tzinfo=UTC)
    items = [
        ReplyItem("a@x.org", "u1", PartStat.DECLINED, 3, stamp),
        ReplyItem("a@x.org", "u1", PartStat.ACCEPTED, 2, stamp),  # older SEQUENCE: noted, not applied
        ReplyItem("b@x.org", "u1", PartStat.ACCEPTED, 3),  # never invited
        ReplyItem("a@x.org", "nope", PartStat.ACCEPTED, 0),  # unknown UID
        ReplyItem("a@x.org", "u2", PartStat.ACCEPTED, 1),  # cancelled for them
    ]
    verdicts = [v.outcome for v in judge_replies(items, ["u1", "u2"], sent, {})]
    assert verdicts == [
        ReplyOutcome.APPLIED,
        ReplyOutcome.STALE,
        ReplyOutcome.UNKNOWN_ATTENDEE,
        ReplyOutcome.UNKNOWN_UID,
        ReplyOutcome.UNKNOWN_ATTENDEE,
    ]
    recorded = {("a@x.org", "u1"): RecordedReply("a@x.org", "u1", PartStat.DECLINED, 3, stamp)}
    assert judge_replies(items[:1], ["u1"], sent, recorded)[0].outcome is ReplyOutcome.UNCHANGED


def test_the_book_of_what_was_sent_gives_what_the_states_give() -> None:
    planned = [PlannedEvent("a@x.org", "u1", 0, "d2"), PlannedEvent("b@x.org", "u1", 0, "d1")]
    sent = [
        SentState("a@x.org", "u1", REQ, 3, "d1"),
        SentState("c@x.org", "u1", CAN, 7, ""),
        SentState("b@x.org", "u2", REQ, 1, "d"),
    ]
    book = SentBook.of(sent)
    assert book.digests == {"u1": {"a@x.org": "d1", "c@x.org": None}, "u2": {"b@x.org": "d"}}
    assert book.top == {"u1": 7, "u2": 1}
    assert pending_messages(group_events(planned), book) == pending_messages(group_events(planned), sent)
    # an update and a newcomer after c's cancellation at 7: above it; u2 is gone: b's cancellation at 2
    assert kinds(planned, sent) == {
        ("a@x.org", "u1"): (MessageKind.UPDATE, 8, False),
        ("b@x.org", "u1"): (MessageKind.NEW, 8, False),
        ("b@x.org", "u2"): (MessageKind.CANCELLATION, 2, True),
    }


def test_a_recipient_cancelled_before_does_not_hide_changes_or_cost_a_message() -> None:
    # c was taken off u1 and sent the cancellation; a and b unchanged: nothing pending
    sent = [
        SentState("a@x.org", "u1", REQ, 2, "d"),
        SentState("b@x.org", "u1", REQ, 2, "d"),
        SentState("c@x.org", "u1", CAN, 3, ""),
    ]
    planned = [PlannedEvent("a@x.org", "u1", 2, "d"), PlannedEvent("b@x.org", "u1", 2, "d")]
    assert kinds(planned, sent) == {}
    # b now sees something else: only b, above the cancellation's SEQUENCE
    planned = [PlannedEvent("a@x.org", "u1", 2, "d"), PlannedEvent("b@x.org", "u1", 2, "e")]
    assert kinds(planned, sent) == {("b@x.org", "u1"): (MessageKind.UPDATE, 4, False)}
    # c invited again: new, above everything sent about u1
    planned = [PlannedEvent(a, "u1", 2, "d") for a in ("a@x.org", "b@x.org", "c@x.org")]
    assert kinds(planned, sent) == {("c@x.org", "u1"): (MessageKind.NEW, 4, False)}


def test_the_digest_seen_is_what_all_see_and_ones_own_part() -> None:
    engagement = PlannedEngagement("u1", 0, False, "body", ("a@x.org", "b@x.org"), ("own-a", "own-b"))
    assert engagement.seen() == [seen_digest("body", "own-a"), seen_digest("body", "own-b")]
    sent = [SentState("a@x.org", "u1", REQ, 0, seen_digest("body", "own-a"))]
    result = pending_messages([engagement], sent)
    assert [(m.address, m.kind) for m in result.messages] == [("b@x.org", MessageKind.NEW)]
    assert result.messages[0].digest == "body:own-b"
