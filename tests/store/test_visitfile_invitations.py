"""The visit file carries the invitations record, the replies and the briefing-pack issues (version 8)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import PartStat, ReplyItem, address_key
from visitplanner.exporters.invitations import invitation_status, write_invitations
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import SNAPSHOT_ENGAGEMENT, parse_visit_document
from visitplanner.services import attendees, issues
from visitplanner.services.demo import build_demo
from visitplanner.services.invitations import import_replies, record_sent
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import Database, open_database
from visitplanner.store.issues import issue_status
from visitplanner.store.models import BriefingIssue
from visitplanner.store.queries import attendees_of

NOW = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def other_database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    yield db
    db.close()


def test_snapshot_fields_are_the_models() -> None:
    assert set(SNAPSHOT_ENGAGEMENT) == set(BriefingIssue.SNAPSHOT_SOURCES)


def _sent_demo(session: Session, tmp_path: Path) -> int:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    status = invitation_status(session, visit_id, now=NOW, details=False)
    write_invitations(
        session, status, tmp_path / "sent", now=NOW, record=lambda sent: record_sent(session, visit_id, sent, now=NOW)
    )
    return visit_id


def test_a_moved_visit_owes_nothing_new_and_keeps_replies_and_issues(
    session: Session, other_database: Database, tmp_path: Path
) -> None:
    visit_id = _sent_demo(session, tmp_path)
    signing = next(e for e in invitation_status(session, visit_id, now=NOW).invitations.events if "signing" in e.title)
    import_replies(
        session,
        visit_id,
        [ReplyItem("mayor.office@busan.example", signing.uid, PartStat.DECLINED, signing.sequence)],
        now=NOW,
    )
    issues.record_issue(session, visit_id, now=NOW)
    # someone in the first issue then leaves the visit: the snapshot names a former attendee
    leaving = next(a for a in attendees_of(session, visit_id) if a.person.email == "p.nair@liverpool.example")
    attendees.remove_attendee(session, leaving.id)
    issues.record_issue(session, visit_id, now=NOW + timedelta(days=1))
    original = export_visit_document(session, visit_id)
    assert original["version"] >= 9
    assert len(original["invitations"]) > 100 and len(original["replies"]) == 1
    assert [i["number"] for i in original["briefing_issues"]] == [1, 2]
    first_attendees = original["briefing_issues"][0]["snapshot"]["attendees"]
    assert "former-1" in first_attendees and all(k.startswith(("attendee-", "former-")) for k in first_attendees)

    with other_database.session() as other:
        moved = import_visit(other, parse_visit_document(dump_visit_document(original))).created_id(Entity.VISIT)
        again = export_visit_document(other, moved)
        assert again == original  # field by field, the record and the issues included
        status = invitation_status(other, moved, now=NOW)
        # p.nair left the visit after being invited: only her cancellations are owed
        assert {r.address for r in status.recipients if r.pending} == {"p.nair@liverpool.example"}
        assert status.recipient("mayor.office@busan.example").replies == {signing.uid: PartStat.DECLINED}  # type: ignore[union-attr]
        assert issue_status(other, moved).current  # the plan is what issue 2 showed: no false "changed"


def test_a_version_8_file_is_still_read(session: Session, other_database: Database, tmp_path: Path) -> None:
    visit_id = _sent_demo(session, tmp_path)
    old = copy.deepcopy(export_visit_document(session, visit_id))
    old["version"] = 8
    for key in ("briefing_issues", "invitations", "replies"):
        del old[key]
    with other_database.session() as other:
        moved = import_visit(other, parse_visit_document(dump_visit_document(old))).created_id(Entity.VISIT)
        assert invitation_status(other, moved, now=NOW).counts.new > 100  # no record: everything is new


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["invitations"][0].update(address="not an address"), "$.invitations[0].address"),
        (lambda d: d["invitations"][0].update(method="publish"), "$.invitations[0].method"),
        (lambda d: d["invitations"][0].update(sequence=-1), "$.invitations[0].sequence"),
        (lambda d: d["invitations"][0].update(person="person-999"), "$.invitations[0].person"),
        (lambda d: d["invitations"].append(dict(d["invitations"][0])), "$.invitations[1].uid"),
        (
            lambda d: d["replies"].append(
                {
                    "address": "a@b.example",
                    "uid": "u",
                    "partstat": "maybe",
                    "sequence": 0,
                    "received_at": "2027-01-01T00:00:00Z",
                }
            ),
            "$.replies[0].partstat",
        ),
        (
            lambda d: d["briefing_issues"].append(
                {
                    "number": 1,
                    "issued_at": "2027-01-01T00:00:00Z",
                    "snapshot": {"format": 1, "attendees": {"attendee-999": "X"}, "engagements": {}},
                }
            ),
            "$.briefing_issues[0].snapshot.attendees.attendee-999",
        ),
    ],
)
def test_bad_records_are_refused_naming_the_path(session: Session, tmp_path: Path, change: object, path: str) -> None:
    visit_id = _sent_demo(session, tmp_path)
    document = copy.deepcopy(export_visit_document(session, visit_id))
    document["invitations"] = document["invitations"][:1]
    change(document)  # type: ignore[operator]
    with pytest.raises(UserError) as raised:
        parse_visit_document(dump_visit_document(document))
    assert str(raised.value).startswith(path), str(raised.value)
    assert address_key("A@B.example") == "a@b.example"
