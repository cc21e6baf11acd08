"""Replies to invitations: iTIP REPLY files and .eml messages, recorded per recipient, shown and checked."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.itip import reply_eml, reply_ics
from visitplanner.cli import main
from visitplanner.domain.checks import KEY_PERSON_DECLINED
from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import PartStat, ReplyOutcome
from visitplanner.exporters.ical import engagement_uid
from visitplanner.exporters.invitations import invitation_status, write_invitations
from visitplanner.importers.replies import read_reply_files
from visitplanner.services.checks import check_visit
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.services.invitations import import_replies, record_sent, restore_replies
from visitplanner.store.models import Engagement, InvitationReply
from visitplanner.store.queries import find_visit

NOW = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)
MAYOR = "mayor.office@busan.example"


def sent_demo(session: Session, tmp_path: Path) -> tuple[int, str, int]:
    build_demo(session)
    visit_id = find_visit(session, SLUG).id
    status = invitation_status(session, visit_id, now=NOW, details=False)
    write_invitations(
        session, status, tmp_path / "sent", now=NOW, record=lambda sent: record_sent(session, visit_id, sent, now=NOW)
    )
    signing = next(e for e in status.invitations.events if e.title == "MOU signing ceremony")
    sent = status.pending.sequences[signing.uid]
    return visit_id, signing.uid, sent


def test_a_signatory_declining_the_signing_shows_and_raises_the_check(session: Session, tmp_path: Path) -> None:
    visit_id, uid, sequence = sent_demo(session, tmp_path)
    before = {f.code for f in check_visit(session, visit_id)}
    assert KEY_PERSON_DECLINED not in before
    path = tmp_path / "reply.eml"
    path.write_bytes(
        reply_eml(reply_ics(engagement_uid(uid), "Mayor.Office@Busan.example", "DECLINED", sequence), sender=MAYOR)
    )
    items = read_reply_files([path])
    result = import_replies(session, visit_id, items, now=NOW)
    assert [v.outcome for v in result.verdicts] == [ReplyOutcome.APPLIED]
    recipient = invitation_status(session, visit_id, now=NOW).recipient(MAYOR)
    assert recipient is not None and recipient.replies == {uid: PartStat.DECLINED}
    assert recipient.reply_summary() == "1 declined"
    findings = [f for f in check_visit(session, visit_id) if f.code == KEY_PERSON_DECLINED]
    assert len(findings) == 1 and "signatory" in findings[0].message and "MOU signing ceremony" in findings[0].message
    # undo puts back what was there (nothing)
    restore_replies(session, visit_id, result.before)
    assert session.scalar(select(func.count()).select_from(InvitationReply)) == 0
    assert KEY_PERSON_DECLINED not in {f.code for f in check_visit(session, visit_id)}


def test_stale_and_unmatched_replies_change_nothing(session: Session, tmp_path: Path) -> None:
    from datetime import timedelta

    from visitplanner.services import engagements

    visit_id, uid, old = sent_demo(session, tmp_path)
    signing = engagements.engagement_id(session, uid)
    row = session.get(Engagement, signing)
    assert row is not None
    engagements.move_engagement(session, signing, row.start_at + timedelta(minutes=15))
    status = invitation_status(session, visit_id, now=NOW, details=False)
    write_invitations(
        session, status, tmp_path / "again", now=NOW, record=lambda sent: record_sent(session, visit_id, sent, now=NOW)
    )
    sequence = status.pending.sequences[uid]
    assert sequence > old
    files = []
    for n, data in enumerate(
        [
            reply_ics(engagement_uid(uid), MAYOR, "ACCEPTED", old),
            reply_ics("no-such-uid@visitplanner", MAYOR, "ACCEPTED", 0),
            reply_ics(engagement_uid(uid), "stranger@example.org", "ACCEPTED", sequence),
        ]
    ):
        path = tmp_path / f"r{n}.ics"
        path.write_bytes(data)
        files.append(path)
    result = import_replies(session, visit_id, read_reply_files(files), now=NOW)
    outcomes = [v.outcome for v in result.verdicts]
    assert outcomes == [ReplyOutcome.STALE, ReplyOutcome.UNKNOWN_UID, ReplyOutcome.UNKNOWN_ATTENDEE]
    assert result.verdicts[0].sent_sequence == sequence
    assert len(result.unmatched) == 2
    assert session.scalar(select(func.count()).select_from(InvitationReply)) == 0


def test_unreadable_reply_files_are_refused_and_nothing_changes(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "invite.ics"
    bad.write_bytes(reply_ics("u@visitplanner", MAYOR, "ACCEPTED", 0).replace(b"METHOD:REPLY", b"METHOD:REQUEST"))
    with pytest.raises(UserError, match="METHOD is REQUEST, not REPLY"):
        read_reply_files([bad])
    mail = tmp_path / "plain.eml"
    mail.write_bytes(b"From: a@b.example\r\nSubject: hi\r\n\r\nno calendar here\r\n")
    with pytest.raises(UserError, match="holds no calendar"):
        read_reply_files([mail])
    korean = tmp_path / "cp949.ics"
    korean.write_bytes(reply_ics("u@visitplanner", MAYOR, "TENTATIVE", 0, name="박형준").decode().encode("cp949"))
    (item,) = read_reply_files([korean])
    assert item.name == "박형준" and item.partstat is PartStat.TENTATIVE and item.uid == "u"
    with pytest.raises(UserError, match="cannot be read"):
        read_reply_files([tmp_path / "missing.ics"])


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_imports_replies_with_a_preview(tmp_path: Path) -> None:
    import json

    db = tmp_path / "cli.sqlite3"
    assert run(db, "demo")[0] == 0
    assert run(db, "send", "invitations", SLUG, "-o", str(tmp_path / "out"))[0] == 0
    status = json.loads(run(db, "invitations", SLUG, "--format", "json")[1])
    assert status["counts"] == {"new": 0, "update": 0, "cancellation": 0}
    import sqlite3

    with sqlite3.connect(db) as connection:
        uid, sequence = connection.execute(
            "SELECT s.uid, s.sequence FROM invitation_sent s WHERE s.address = ? AND s.title = 'MOU signing ceremony'",
            (MAYOR,),
        ).fetchone()
    reply = tmp_path / "decline.ics"
    reply.write_bytes(reply_ics(engagement_uid(uid), MAYOR, "DECLINED", sequence))
    code, out, err = run(db, "import", "replies", SLUG, str(reply), "--dry-run")
    assert code == 0, err
    assert "Applied" in out and "Dry run" in out
    assert json.loads(run(db, "invitations", SLUG, "--format", "json")[1])["recipients"][0]["replies"] == {}
    code, out, _ = run(db, "import", "replies", SLUG, str(reply))
    assert code == 0 and "1 answer recorded" in out
    mayor = next(
        r
        for r in json.loads(run(db, "invitations", SLUG, "--format", "json")[1])["recipients"]
        if r["address"] == MAYOR
    )
    assert mayor["replies"] == {uid: "declined"}
    code, out, _ = run(db, "check", SLUG)
    assert code == 1 and "key-person-declined" in out
    code, _, err = run(db, "import", "replies", SLUG, str(tmp_path / "nope.ics"))
    assert code == 1 and "cannot be read" in err
