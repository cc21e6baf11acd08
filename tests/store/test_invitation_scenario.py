"""The issue's scenario: invite five people; move one engagement; take one attendee off another; delete
one; cancel one; add one. Every message sent, applied in order to each recipient's calendar by the
iTIP rules (parsed by icalendar, and again by vobject), leaves each calendar equal to their part of
the plan, event for event; every file passes the four parsers of the interop suite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from tests.interop.parsers import libical_available, with_ical, with_icalendar, with_libical, with_vobject
from tests.itip import MemoryCalendar, apply_itip, plan_view
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.invitations import MessageKind
from visitplanner.domain.values import AttendanceData, AttendeeData, EngagementData, EngagementPlan, PersonData
from visitplanner.exporters.invitations import SendResult, invitation_status, write_invitations
from visitplanner.services import attendees, engagements, people
from visitplanner.services.invitations import record_sent

NOW = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)
PEOPLE = [
    ("Park", "Heong-Joon", "박형준", "park@busan.example", Side.VISITING, Role.PRINCIPAL),
    ("Kim", "Min-seo", "김민서", "kim@busan.example", Side.VISITING, Role.DELEGATE),
    ("Marsh", "Helen", "", "marsh@lcr.example", Side.HOST, Role.HOST),
    ("Rahman", "Aisha", "", "rahman@lcr.example", Side.HOST, Role.HOST),
    ("O'Neill; Smith", "Seán, Jr", "", "oneill@lcr.example", Side.HOST, Role.HOST),  # hostile text
]


def _visit(
    session: Session, create_visit: Callable[..., int], create_venue: Callable[..., int]
) -> tuple[int, dict[str, int], dict[str, int]]:
    # the clocks change in the middle of nowhere else: a visit in Seoul's zone, venues with their own zones
    visit_id = create_visit(local_time_zone="Europe/London", home_time_zone="Asia/Seoul")
    liaison = people.create_person(session, PersonData("Desk", "Visits", email="desk@lcr.example")).created_id(
        Entity.PERSON
    )
    attendees.add_attendee(session, visit_id, AttendeeData(liaison, Side.STAFF, Role.LIAISON))
    ids: dict[str, int] = {}
    for family, given, native, email, side, role in PEOPLE:
        person = people.create_person(session, PersonData(family, given, native_name=native, email=email)).created_id(
            Entity.PERSON
        )
        ids[email] = attendees.add_attendee(session, visit_id, AttendeeData(person, side, role)).created_id(
            Entity.ATTENDEE
        )
    hall = create_venue(name="Town Hall; Council Chamber", code="TH")
    plan: dict[str, int] = {}
    everyone = tuple(ids.values())
    for n, (title, who) in enumerate(
        [
            ("Welcome, briefing", everyone),
            ("MOU signing", everyone[:3]),
            ("Lunch", everyone),
            ("Tour", everyone[1:]),
            ("Press call", everyone[::2]),
        ]
    ):
        data = EngagementData(EngagementKind.MEETING, title, at(9 + 2 * n), at(10 + 2 * n), venue_id=hall)
        parts = tuple(
            AttendanceData(
                a,
                AttendancePart.SIGNATORY if title == "MOU signing" and a == everyone[0] else AttendancePart.PARTICIPANT,
            )
            for a in who
        )
        plan[title] = engagements.create_engagement(session, visit_id, EngagementPlan(data, parts)).created_id(
            Entity.ENGAGEMENT
        )
    return visit_id, ids, plan


def _send(session: Session, visit_id: int, folder: Path, now: datetime) -> SendResult:
    status = invitation_status(session, visit_id, now=now, details=False)
    return write_invitations(
        session, status, folder, now=now, eml=True, record=lambda sent: record_sent(session, visit_id, sent, now=now)
    )


def test_every_calendar_equals_its_part_of_the_plan_through_the_changes(
    session: Session, create_visit: Callable[..., int], create_venue: Callable[..., int], tmp_path: Path
) -> None:
    visit_id, ids, plan = _visit(session, create_visit, create_venue)
    addresses = [email for *_, email, _side, _role in PEOPLE] + ["desk@lcr.example"]
    stores = {a: MemoryCalendar() for a in addresses}
    second = {a: MemoryCalendar() for a in addresses}
    files: list[Path] = []

    def deliver(result: SendResult) -> None:
        for item in result.files:
            if item.kind != "ics":
                continue
            files.append(item.path)
            data = item.path.read_bytes()
            apply_itip(stores[item.address], data)
            apply_itip(second[item.address], data, parser="vobject")

    first = _send(session, visit_id, tmp_path / "1", NOW)
    assert first.recipients == 5  # the five invited; the liaison organises and attends nothing
    deliver(first)

    # the changes
    engagements.move_engagement(session, plan["Lunch"], at(13, 30))
    engagements.unassign_attendee(session, plan["Tour"], ids["kim@busan.example"])
    engagements.delete_engagement(session, plan["Press call"])
    engagements.cancel_engagement(session, plan["MOU signing"])
    new = EngagementData(EngagementKind.MEAL, "Farewell dinner", at(19), at(21))
    engagements.create_engagement(
        session,
        visit_id,
        EngagementPlan(new, (AttendanceData(ids["park@busan.example"]), AttendanceData(ids["marsh@lcr.example"]))),
    )
    status = invitation_status(session, visit_id, now=NOW)
    kim = status.recipient("kim@busan.example")
    assert kim is not None
    assert sorted((i.kind.value, i.title) for i in kim.pending) == [
        ("cancellation", "MOU signing"),
        ("cancellation", "Tour"),
        ("update", "Lunch"),
    ]
    park = status.recipient("park@busan.example")
    assert park is not None and park.counts.summary() == "1 new, 1 update, 2 cancellations"
    assert all(i.message.sequence >= 1 for i in park.pending if i.kind is not MessageKind.NEW)

    deliver(_send(session, visit_id, tmp_path / "2", NOW + timedelta(hours=1)))
    assert invitation_status(session, visit_id, now=NOW).counts.total == 0

    for address in addresses:
        wanted = plan_view(session, visit_id, address)
        assert stores[address].shown() == wanted, address
        assert second[address].shown() == wanted, address
    assert {e[1] for e in stores["kim@busan.example"].shown()} == {"Welcome, briefing", "Lunch"}
    assert {e[1] for e in stores["park@busan.example"].shown()} == {"Welcome, briefing", "Lunch", "Farewell dinner"}

    # every file through the four parsers (libical with its restriction check)
    for path in files:
        data = path.read_bytes()
        read = [set(with_icalendar(data)), set(with_ical(data)), set(with_vobject(data))]
        assert read[0] == read[1] == read[2] and read[0], path
    if libical_available() is None:
        for path, report in with_libical(files).items():
            assert report.errors == (), (path, report.errors)
            assert report.method.lower() in ("request", "cancel"), report.method


def test_a_reinvitation_after_a_cancellation_comes_back(
    session: Session, create_visit: Callable[..., int], create_venue: Callable[..., int], tmp_path: Path
) -> None:
    visit_id, ids, plan = _visit(session, create_visit, create_venue)
    store = MemoryCalendar()

    def deliver(result: SendResult) -> None:
        for item in result.files:
            if item.kind == "ics" and item.address == "rahman@lcr.example":
                apply_itip(store, item.path.read_bytes())

    deliver(_send(session, visit_id, tmp_path / "1", NOW))
    engagements.unassign_attendee(session, plan["Lunch"], ids["rahman@lcr.example"])
    deliver(_send(session, visit_id, tmp_path / "2", NOW))
    assert "Lunch" not in {e[1] for e in store.shown()}
    engagements.assign_attendee(session, plan["Lunch"], ids["rahman@lcr.example"])
    deliver(_send(session, visit_id, tmp_path / "3", NOW))
    assert store.shown() == plan_view(session, visit_id, "rahman@lcr.example")


@pytest.mark.parametrize("parser", ["icalendar", "vobject"])
def test_the_store_ignores_an_older_sequence(parser: str) -> None:
    from tests.itip import StoredEvent

    store = MemoryCalendar()
    store.put("u@x", "", StoredEvent("u@x", 5, "Kept", NOW, NOW))
    request = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:u@x\r\n"
        b"SEQUENCE:4\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270101T100000Z\r\nDTEND:20270101T110000Z\r\n"
        b"SUMMARY:Older\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert apply_itip(store, request, parser=parser) == ["ignored u@x (sequence 4 < 5)"]  # type: ignore[arg-type]
    assert store.events["u@x"].summary == "Kept"
