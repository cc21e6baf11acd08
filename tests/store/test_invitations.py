"""Invitations on the demo visit: pending per recipient, sending (.ics and .eml) recorded in one step."""

from __future__ import annotations

import email
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.cli import main
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import MessageKind
from visitplanner.domain.values import AttendanceData, AttendeeData, EngagementData, EngagementPlan, PersonData
from visitplanner.exporters.invitations import InvitationStatus, invitation_status, write_invitations
from visitplanner.services import attendees, engagements, people
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.services.invitations import record_sent
from visitplanner.store.models import Attendance, Attendee, Engagement, InvitationSent, Person

NOW = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)
MAYOR = "mayor.office@busan.example"
MIF_TOUR = "Tour of the Materials Innovation Factory (MIF)"


def demo(session: Session) -> int:
    build_demo(session)
    from visitplanner.store.queries import find_visit

    return find_visit(session, SLUG).id


def send(
    session: Session, visit_id: int, folder: Path, *, now: datetime = NOW, eml: bool = False
) -> tuple[InvitationStatus, object]:
    status = invitation_status(session, visit_id, now=now, details=False)
    result = write_invitations(
        session, status, folder, now=now, eml=eml, record=lambda sent: record_sent(session, visit_id, sent, now=now)
    )
    return status, result


def attendance_of(session: Session, visit_id: int, title: str, address: str) -> tuple[int, int]:
    row = session.execute(
        select(Engagement.id, Attendee.id)
        .join(Attendance, Attendance.engagement_id == Engagement.id)
        .join(Attendee, Attendee.id == Attendance.attendee_id)
        .join(Person, Person.id == Attendee.person_id)
        .where(Engagement.visit_id == visit_id, Engagement.title == title, Person.email == address)
    ).one()
    return row[0], row[1]


def test_the_mayor_taken_off_the_mif_tour_gets_one_cancellation_and_nothing_else(
    session: Session, tmp_path: Path
) -> None:
    visit_id = demo(session)
    first = invitation_status(session, visit_id, now=NOW)
    assert first.counts.new > 100 and first.counts.update == 0 and first.counts.cancellation == 0
    send(session, visit_id, tmp_path / "first", eml=True)
    assert invitation_status(session, visit_id, now=NOW).counts.total == 0  # nothing unchanged again

    engagement_id, attendee_id = attendance_of(session, visit_id, MIF_TOUR, MAYOR)
    engagements.unassign_attendee(session, engagement_id, attendee_id)
    status = invitation_status(session, visit_id, now=NOW + timedelta(hours=1))
    owed = [r for r in status.recipients if r.pending]
    assert [r.address for r in owed] == [MAYOR]
    (item,) = owed[0].pending
    assert item.kind is MessageKind.CANCELLATION and item.title == MIF_TOUR and not item.message.whole_event
    sent_before = session.scalar(
        select(func.max(InvitationSent.sequence)).where(InvitationSent.uid == item.message.uid)
    )
    assert item.message.sequence > (sent_before or 0)
    assert owed[0].counts.summary() == "1 cancellation"

    send(session, visit_id, tmp_path / "second", now=NOW + timedelta(hours=1), eml=True)
    names = sorted(p.name for p in (tmp_path / "second").iterdir())
    assert names == ["mayor-office-busan-example-cancel.eml", "mayor-office-busan-example-cancel.ics"]
    calendar = Calendar.from_ical((tmp_path / "second" / names[1]).read_bytes())
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert "STATUS" not in event  # only he is taken off: the tour itself goes ahead
    assert str(event["ATTENDEE"]).lower() == f"mailto:{MAYOR}"
    assert invitation_status(session, visit_id, now=NOW).counts.total == 0


def test_the_eml_is_an_invitation_to_email_parsers(session: Session, tmp_path: Path) -> None:
    visit_id = demo(session)
    send(session, visit_id, tmp_path, eml=True)
    message = email.message_from_bytes((tmp_path / "mayor-office-busan-example.eml").read_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    assert message["To"].addresses[0].addr_spec == MAYOR
    assert message["Content-Language"] == "ko"  # the Mayor reads Korean
    parts = {part.get_content_type(): part for part in message.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(calendar_part.get_content())
    assert calendar["METHOD"] == "REQUEST"
    events = calendar.walk("VEVENT")
    assert len(events) == 18 and all(e.get("ORGANIZER") for e in events)
    attendees = {
        str(a).lower() for e in events for a in (e["ATTENDEE"] if isinstance(e["ATTENDEE"], list) else [e["ATTENDEE"]])
    }
    assert f"mailto:{MAYOR}" in attendees and not any("ms.kim" in a for a in attendees)  # only him (and the organiser)
    text = parts["text/plain"].get_content()
    assert "초대합니다" in text and "박형준" in text and "MOU signing ceremony" in text
    assert "시간은 런던 현지 시간 기준입니다." in text and "London" not in text  # the zone's city in Korean too
    english = email.message_from_bytes((tmp_path / "h-marsh-liverpool-example.eml").read_bytes(), policy=default)
    plain = next(p for p in english.walk() if p.get_content_type() == "text/plain").get_content()
    assert "You are invited" in plain and "Times are London time." in plain


def test_a_failed_write_records_nothing(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    visit_id = demo(session)
    from visitplanner.exporters import invitations as module

    calls = 0
    real = module.write_atomically

    def failing(path: Path, data: bytes, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device")
        real(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "write_atomically", failing)
    with pytest.raises(OSError):
        send(session, visit_id, tmp_path)
    assert session.scalar(select(func.count()).select_from(InvitationSent)) == 0
    assert list(tmp_path.iterdir()) == []  # the four written were removed
    assert invitation_status(session, visit_id, now=NOW).counts.new > 100


def test_a_folder_that_is_a_file_is_refused(session: Session, tmp_path: Path) -> None:
    visit_id = demo(session)
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UserError, match="is a file"):
        send(session, visit_id, target)
    assert session.scalar(select(func.count()).select_from(InvitationSent)) == 0


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_lists_pending_and_sends(tmp_path: Path) -> None:
    import json

    db = tmp_path / "cli.sqlite3"
    assert run(db, "demo")[0] == 0
    code, out, _ = run(db, "invitations", SLUG, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["counts"]["new"] > 100
    code, out, err = run(
        db,
        "send",
        "invitations",
        SLUG,
        "-o",
        str(tmp_path / "out"),
        "--eml",
        "--organiser",
        "desk@lcr.example:Visits Desk",
    )
    assert code == 0, err
    assert out.splitlines()[-1].startswith(f"{SLUG}: 172 messages to 16 recipients recorded as sent.")
    code, out, _ = run(db, "invitations", SLUG)
    assert code == 0 and out.splitlines()[-1] == f"{SLUG}: nothing pending"
    code, out, _ = run(db, "send", "invitations", SLUG, "-o", str(tmp_path / "again"))
    assert code == 0 and "nothing pending" in out and not (tmp_path / "again").exists()
    code, _, err = run(db, "send", "invitations", SLUG, "-o", str(tmp_path / "x"), "--organiser", "not-an-address")
    assert code == 1 and "--organiser" in err

    # the Mayor taken off the MIF tour: one cancellation for him, said to be his alone, sent as one message
    from visitplanner.store.database import open_database

    database = open_database(f"sqlite:///{db}")
    try:
        with database.session() as other:
            from visitplanner.store.queries import find_visit

            engagement_id, attendee_id = attendance_of(other, find_visit(other, SLUG).id, MIF_TOUR, MAYOR)
            engagements.unassign_attendee(other, engagement_id, attendee_id)
    finally:
        database.close()
    code, out, _ = run(db, "invitations", SLUG)
    assert [line for line in out.splitlines() if line.startswith("  ")] == [
        f"  cancellation Wed 12 May 10:40  {MIF_TOUR} (taken off it)"
    ]
    code, out, _ = run(db, "invitations", SLUG, "--format", "json")
    owed = [r for r in json.loads(out)["recipients"] if r["pending"]]
    assert [(r["address"], [(i["kind"], i["whole_event"]) for i in r["pending"]]) for r in owed] == [
        (MAYOR, [("cancellation", False)])
    ]
    code, out, _ = run(
        db, "send", "invitations", SLUG, "-o", str(tmp_path / "third"), "--organiser", "desk@lcr.example"
    )
    assert code == 0 and out.splitlines()[-1].startswith(f"{SLUG}: 1 message to 1 recipient recorded as sent.")


def test_a_shared_address_is_invited_once_and_a_changed_address_gets_the_cancellations(
    session: Session, create_visit: Callable[..., int], tmp_path: Path
) -> None:
    """Two attendees sharing an office address (in another case) are one recipient, named as the
    first of them in the visit's order; a person whose address changes is a new recipient and the
    old address, now only in the record, is owed the cancellations."""
    visit_id = create_visit()

    def attendee(family: str, email_address: str, side: Side, role: Role, precedence: int) -> int:
        person = people.create_person(session, PersonData(family, "Test", email=email_address))
        data = AttendeeData(person.created_id(Entity.PERSON), side, role, precedence)
        return attendees.add_attendee(session, visit_id, data).created_id(Entity.ATTENDEE)

    attendee("Desk", "desk@office.example", Side.STAFF, Role.LIAISON, 1)
    aide = attendee("Lee", "Office@Busan.example", Side.VISITING, Role.DELEGATE, 2)
    mayor = attendee("Kim", "office@busan.example", Side.VISITING, Role.PRINCIPAL, 1)
    host = attendee("Park", "park@host.example", Side.HOST, Role.HOST, 1)
    start = datetime(2027, 5, 11, 9, 0, tzinfo=UTC)
    both = EngagementPlan(
        EngagementData(EngagementKind.MEETING, "Talks", start, start + timedelta(hours=1)),
        (AttendanceData(aide), AttendanceData(mayor), AttendanceData(host)),
    )
    aide_only = EngagementPlan(
        EngagementData(EngagementKind.MEETING, "Briefing", start + timedelta(hours=2), start + timedelta(hours=3)),
        (AttendanceData(aide),),
    )
    engagements.create_engagement(session, visit_id, both)
    engagements.create_engagement(session, visit_id, aide_only)

    status = invitation_status(session, visit_id, now=NOW)
    assert [(r.address, r.name, r.counts.summary()) for r in status.recipients] == [
        ("office@busan.example", "Test Kim", "2 new"),  # the mayor comes first in the visit's order
        ("park@host.example", "Test Park", "1 new"),
    ]
    talks = next(e for e in status.invitations.events if e.title == "Talks")
    assert [(i.address, i.attendee_id, i.role) for i in talks.invitees] == [
        ("office@busan.example", mayor, "CHAIR"),
        ("park@host.example", host, "REQ-PARTICIPANT"),
    ]
    send(session, visit_id, tmp_path / "first")
    assert invitation_status(session, visit_id, now=NOW).counts.total == 0

    park = session.scalar(select(Attendee.person_id).where(Attendee.id == host))
    assert park is not None
    people.update_person(session, park, PersonData("Park", "Test", email="park@new.example"))
    status = invitation_status(session, visit_id, now=NOW)
    assert [(r.address, r.attendee_id, r.counts.summary()) for r in status.recipients] == [
        ("office@busan.example", mayor, "nothing pending"),
        ("park@new.example", host, "1 new"),
        ("park@host.example", None, "1 cancellation"),  # only in the record now
    ]
    old = status.recipient("park@host.example")
    assert old is not None and old.name == "Test Park" and old.last_sent_messages == 1
    (item,) = old.pending
    assert item.title == "Talks" and not item.message.whole_event
