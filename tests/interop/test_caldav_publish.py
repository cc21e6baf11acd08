"""Publishing to a real CalDAV server (Radicale on 127.0.0.1, htpasswd users): create, update by UID,
cancellations marked, deletions removed, ETags kept so a change on the server is reported and not
overwritten, clear errors for a wrong password or a server that is down, and a record of only
what reached the server when publishing stops midway."""

from __future__ import annotations

import dataclasses
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.fixtures_radicale import USERS, Radicale, free_port
from visitplanner.cli import main
from visitplanner.domain.caldav import CopyChange, PublishAction, PublishedCopy, PublishReport
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VenueData,
    VisitData,
)
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters import caldav
from visitplanner.exporters.caldav import Target, publication_targets, publish
from visitplanner.exporters.ical import engagement_uid
from visitplanner.services import attendees, caldav_publish, engagements, people, venues, visits
from visitplanner.store.caldav import published_copies
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Engagement

pytest.importorskip("radicale", reason="the CalDAV publishing tests need Radicale (pip install radicale)")

NOW = datetime(2027, 5, 1, 8, tzinfo=UTC)
PASSWORD = USERS["officer"]


@dataclasses.dataclass
class Plan:
    """A small visit in its own database: two attendees, three engagements."""

    db: Database
    path: Path
    visit_id: int
    slug: str
    mayor: int
    officer: int
    ids: dict[str, int]

    def uid(self, title: str) -> str:
        with self.db.reading() as session:
            engagement = session.get(Engagement, self.ids[title])
            assert engagement is not None
            return engagement_uid(engagement.uuid)

    def publish(self, server: Radicale, *, password: str = PASSWORD, **options: object) -> PublishReport:
        with self.db.reading() as session:
            targets = publication_targets(session, self.visit_id, now=NOW)
            records = published_copies(session, self.visit_id)
        return publish(
            targets,
            records,
            url=server.home(),
            user="officer",
            password=password,
            record=self.record,
            **options,  # type: ignore[arg-type]
        )

    def record(self, changes: list[CopyChange]) -> None:
        with self.db.session() as session:
            caldav_publish.record_copies(session, self.visit_id, changes, now=NOW)

    def copies(self) -> list[PublishedCopy]:
        with self.db.reading() as session:
            return published_copies(session, self.visit_id)


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    path = tmp_path / "caldav.sqlite3"
    db = open_database(f"sqlite:///{path}")
    slug = f"visit-{uuid.uuid4().hex[:8]}"  # the server lives for the whole run: a calendar of its own
    with db.session() as session:
        visit = visits.create_visit(
            session, VisitData("Busan–Liverpool", slug, date(2027, 5, 11), date(2027, 5, 13), "Europe/London")
        ).created_id(Entity.VISIT)

        def person(family: str, given: str, email: str, side: Side, role: Role) -> int:
            pid = people.create_person(session, PersonData(family, given, email=email)).created_id(Entity.PERSON)
            return attendees.add_attendee(session, visit, AttendeeData(pid, side, role)).created_id(Entity.ATTENDEE)

        mayor = person("Park", "Heong-Joon", f"mayor-{slug}@busan.example", Side.VISITING, Role.PRINCIPAL)
        officer = person("Jones", "Carys", f"carys-{slug}@liverpool.example", Side.STAFF, Role.LIAISON)
        hall = venues.create_venue(session, VenueData("Town Hall", f"TH{slug[-4:]}")).created_id(Entity.VENUE)
        ids: dict[str, int] = {}
        for n, (title, kind, who) in enumerate(
            [
                ("Courtesy call", EngagementKind.MEETING, (mayor, officer)),
                ("Working lunch", EngagementKind.MEAL, (mayor, officer)),
                ("Staff briefing", EngagementKind.BRIEFING, (officer,)),
            ]
        ):
            start = datetime(2027, 5, 11, 9 + 2 * n, tzinfo=UTC)
            ids[title] = engagements.create_engagement(
                session,
                visit,
                EngagementPlan(
                    EngagementData(kind, title, start, start + timedelta(hours=1), hall),
                    tuple(AttendanceData(a, AttendancePart.PARTICIPANT) for a in who),
                ),
            ).created_id(Entity.ENGAGEMENT)
    yield Plan(db, path, visit, slug, mayor, officer, ids)
    db.close()


def stored(server: Radicale, calendar: str) -> dict[str, tuple[str, dict[str, object]]]:
    """What the server holds in a calendar: by UID, (ETag, the event's fields)."""
    status, _, _ = server.request("PROPFIND", urlsplit(calendar).path, headers={"Depth": "0"})
    if status == 404:
        return {}
    found: dict[str, tuple[str, dict[str, object]]] = {}
    status, body, _ = server.request(
        "REPORT",
        urlsplit(calendar).path,
        b'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
        b'<D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>'
        b"</C:calendar-query>",
        {"Depth": "1", "Content-Type": "application/xml"},
    )
    assert status == 207, body[:300]
    from xml.etree import ElementTree

    for item in ElementTree.fromstring(body).iter("{DAV:}response"):
        data = item.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data")
        etag = item.findtext(".//{DAV:}getetag") or ""
        if not data:
            continue
        for event in Calendar.from_ical(data).walk("VEVENT"):
            found[str(event["UID"])] = (
                etag,
                {
                    "summary": str(event["SUMMARY"]),
                    "start": event["DTSTART"].dt.astimezone(UTC),
                    "status": str(event["STATUS"]),
                    "sequence": int(event["SEQUENCE"]),
                },
            )
    return found


def calendars(report: PublishReport) -> tuple[str, str, str]:
    visit, first, second = report.calendars
    return visit, first, second


def test_publish_creates_the_visit_calendar_and_personal_ones_then_sends_nothing_unchanged(
    radicale: Radicale, plan: Plan
) -> None:
    report = plan.publish(radicale)
    visit, mayor, officer = calendars(report)
    assert visit == f"{radicale.home()}{plan.slug}/"
    assert mayor.endswith(f"/{plan.slug}-attendee-{plan.mayor}/")
    assert report.count(PublishAction.CREATED) == 3 + 2 + 3 and not report.conflicts
    on_server = stored(radicale, visit)
    assert {fields["summary"] for _, fields in on_server.values()} == {
        "Courtesy call",
        "Working lunch",
        "Staff briefing",
    }
    assert {f["summary"] for _, f in stored(radicale, mayor).values()} == {"Courtesy call", "Working lunch"}
    assert len(stored(radicale, officer)) == 3
    # the record: one copy per calendar and UID, with the server's own ETag
    copies = plan.copies()
    assert len(copies) == 8
    for copy in copies:
        assert stored(radicale, copy.calendar)[copy.uid][0] == copy.etag
    # the calendar is named for people
    status, body, _ = radicale.request(
        "PROPFIND",
        urlsplit(mayor).path,
        b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:displayname/></D:prop></D:propfind>',
        {"Depth": "0", "Content-Type": "application/xml"},
    )
    assert status == 207 and "Busan–Liverpool: Heong-Joon Park".encode() in body
    again = plan.publish(radicale)
    assert again.count(PublishAction.UNCHANGED) == 8 and again.summary() == (
        "0 created, 0 updated, 0 removed, 8 unchanged, 0 conflicts"
    )
    assert plan.copies() == copies  # nothing was put again: the same ETags


def test_an_update_replaces_by_uid_a_cancellation_is_marked_a_deletion_removed(radicale: Radicale, plan: Plan) -> None:
    plan.publish(radicale)
    call, lunch, briefing = (plan.uid(t) for t in ("Courtesy call", "Working lunch", "Staff briefing"))
    with plan.db.session() as session:
        engagements.move_engagement(session, plan.ids["Courtesy call"], datetime(2027, 5, 12, 9, tzinfo=UTC))
        engagements.cancel_engagement(session, plan.ids["Working lunch"])
        engagements.delete_engagement(session, plan.ids["Staff briefing"])
    report = plan.publish(radicale)
    visit, mayor, officer = calendars(report)
    assert report.summary() == "0 created, 6 updated, 2 removed, 0 unchanged, 0 conflicts"
    for calendar in (visit, officer):
        held = stored(radicale, calendar)
        assert set(held) == {call, lunch}  # the deleted briefing is gone
        assert held[call][1]["start"] == datetime(2027, 5, 12, 9, tzinfo=UTC)
        assert held[lunch][1]["status"] == "CANCELLED" and int(held[lunch][1]["sequence"]) > 0  # type: ignore[call-overload]
    assert briefing not in {c.uid for c in plan.copies()}
    assert len(stored(radicale, mayor)) == 2


def test_someone_taken_off_loses_the_event_from_their_calendar_only(radicale: Radicale, plan: Plan) -> None:
    plan.publish(radicale)
    lunch = plan.uid("Working lunch")
    with plan.db.session() as session:
        data = engagements.engagement_plan(session.get(Engagement, plan.ids["Working lunch"]))  # type: ignore[arg-type]
        officer_only = dataclasses.replace(
            data, attendances=tuple(a for a in data.attendances if a.attendee_id != plan.mayor)
        )
        engagements.update_engagement(session, plan.ids["Working lunch"], officer_only)
    report = plan.publish(radicale)
    visit, mayor, _ = calendars(report)
    removed = [(r.calendar, r.title) for r in report.rows if r.action is PublishAction.REMOVED]
    assert removed == [("Busan–Liverpool: Heong-Joon Park", "Working lunch")]
    assert lunch not in stored(radicale, mayor) and lunch in stored(radicale, visit)


def test_a_copy_changed_on_the_server_is_reported_not_overwritten(radicale: Radicale, plan: Plan) -> None:
    report = plan.publish(radicale)
    visit = report.calendars[0]
    call = plan.uid("Courtesy call")
    (copy,) = [c for c in plan.copies() if c.calendar == visit and c.uid == call]
    # a colleague edits the event in their calendar client
    status, body, _ = radicale.request("GET", urlsplit(copy.href).path)
    assert status == 200
    edited = body.replace(b"SUMMARY:Courtesy call", b"SUMMARY:Courtesy call (room changed by Sam)")
    status, _, _ = radicale.request("PUT", urlsplit(copy.href).path, edited, {"Content-Type": "text/calendar"})
    assert status in (201, 204)
    with plan.db.session() as session:
        engagements.move_engagement(session, plan.ids["Courtesy call"], datetime(2027, 5, 12, 9, tzinfo=UTC))
    report = plan.publish(radicale)
    (conflict,) = report.conflicts
    assert (conflict.calendar, conflict.title) == ("Busan–Liverpool", "Courtesy call")
    assert "changed on the server by someone else" in conflict.reason
    assert report.count(PublishAction.UPDATED) == 2  # the two personal calendars, untouched by Sam
    assert stored(radicale, visit)[call][1]["summary"] == "Courtesy call (room changed by Sam)"
    assert [c for c in plan.copies() if c.calendar == visit and c.uid == call] == [copy]  # record kept as it was
    # and the officer decides: overwrite
    forced = plan.publish(radicale, overwrite=True)
    assert not forced.conflicts and forced.count(PublishAction.UPDATED) == 1
    held = stored(radicale, visit)[call]
    assert held[1]["summary"] == "Courtesy call" and held[1]["start"] == datetime(2027, 5, 12, 9, tzinfo=UTC)


def test_a_copy_removed_on_the_server_is_reported(radicale: Radicale, plan: Plan) -> None:
    report = plan.publish(radicale)
    lunch = plan.uid("Working lunch")
    (copy,) = [c for c in plan.copies() if c.calendar == report.calendars[0] and c.uid == lunch]
    assert radicale.request("DELETE", urlsplit(copy.href).path)[0] in (200, 204)
    again = plan.publish(radicale)
    assert [(c.title, "was removed on the server" in c.reason) for c in again.conflicts] == [("Working lunch", True)]


def test_a_wrong_password_is_a_clear_error_and_nothing_is_recorded(radicale: Radicale, plan: Plan) -> None:
    with pytest.raises(UserError, match=r"refused the user 'officer' with this password \(HTTP 401\)"):
        plan.publish(radicale, password="wrong")
    assert plan.copies() == []


def test_a_server_that_is_down_is_a_clear_error(plan: Plan) -> None:
    down = Radicale("127.0.0.1", free_port(), Path("."))
    with pytest.raises(StorageError, match=r"cannot be reached \(connection refused\).*running"):
        plan.publish(down)
    assert plan.copies() == []


def test_another_users_home_is_refused_with_the_reason(radicale: Radicale, plan: Plan) -> None:
    with pytest.raises((UserError, StorageError), match=r"HTTP 403|refused"):
        with plan.db.reading() as session:
            targets = publication_targets(session, plan.visit_id, now=NOW)
        publish(targets, [], url=radicale.home("colleague"), user="officer", password=PASSWORD, record=plan.record)
    assert plan.copies() == []


def test_stopped_midway_only_what_reached_the_server_is_recorded(radicale: Radicale, plan: Plan) -> None:
    """Publishing records what succeeded (it is on the server): a cancel after three events, and a
    server refusal at the third, each leave exactly those events recorded, matching the server."""
    steps: list[int] = []

    def cancel_after_three() -> bool:
        steps.append(1)
        return len(steps) >= 3

    with pytest.raises(WorkCancelled):
        plan.publish(radicale, cancelled=cancel_after_three)
    copies = plan.copies()
    assert len(copies) == 3
    for copy in copies:
        assert stored(radicale, copy.calendar)[copy.uid][0] == copy.etag
    # the rest follows on the next publication, nothing twice
    report = plan.publish(radicale)
    assert report.count(PublishAction.UNCHANGED) == 3 and report.count(PublishAction.CREATED) == 5
    # a refusal midway: the third event is not iCalendar, and the server says so
    good = {f"ok-{n}@test": _event(f"ok-{n}@test") for n in range(2)}
    targets = [Target(f"{plan.slug}-broken", "Broken", {**good, "bad@test": b"not a calendar", "after@test": b""})]
    with pytest.raises(StorageError, match=r"answered PUT .* with HTTP 4\d\d"):
        publish(targets, [], url=radicale.home(), user="officer", password=PASSWORD, record=plan.record)
    recorded = {c.uid for c in plan.copies() if c.calendar.endswith(f"{plan.slug}-broken/")}
    assert recorded == set(good)


def _event(uid: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20270401T000000Z\r\nDTSTART:20270511T090000Z\r\nDTEND:20270511T100000Z\r\n"
        "SUMMARY:Fine\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_the_cli_publishes_with_the_password_from_the_environment(
    radicale: Radicale, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISITPLANNER_CALDAV_PASSWORD", PASSWORD)
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "--database",
        f"sqlite:///{plan.path}",
        "publish",
        "caldav",
        plan.slug,
        "--url",
        radicale.home(),
        "--user",
        "officer",
    ]
    assert main(argv, out, err) == 0, err.getvalue()
    assert out.getvalue().splitlines()[-1] == "3 calendars: 8 created, 0 updated, 0 removed, 0 unchanged, 0 conflicts"
    assert "created   Busan–Liverpool: Courtesy call" in out.getvalue()
    out = io.StringIO()
    assert main([*argv, "--format", "json"], out, err) == 0
    import json

    document = json.loads(out.getvalue())
    assert document["counts"]["unchanged"] == 8 and len(document["calendars"]) == 3
    monkeypatch.setenv("VISITPLANNER_CALDAV_PASSWORD", "wrong")
    err = io.StringIO()
    assert main(argv, io.StringIO(), err) == 1
    assert "refused the user 'officer'" in err.getvalue() and "wrong" not in err.getvalue()


def test_the_cli_without_a_password_says_where_to_put_one(
    plan: Plan, radicale: Radicale, memory_keyring: dict[tuple[str, str], str]
) -> None:
    err = io.StringIO()
    argv = [
        "--database",
        f"sqlite:///{plan.path}",
        "publish",
        "caldav",
        plan.slug,
        "--url",
        radicale.home(),
        "--user",
        "x",
    ]
    assert main(argv, io.StringIO(), err) == 1
    assert "VISITPLANNER_CALDAV_PASSWORD" in err.getvalue() and "keyring" in err.getvalue()
    # once in the keyring (as the app's dialog puts it), the CLI finds it
    caldav.remember_password(radicale.home(), "officer", PASSWORD)
    assert memory_keyring == {("VisitPlanner CalDAV", f"officer@http://127.0.0.1:{radicale.port}"): PASSWORD}
    out = io.StringIO()
    argv[-1] = "officer"
    assert main(argv, out, err) == 0, err.getvalue()
    with plan.db.reading() as session:
        assert len(published_copies(session, plan.visit_id)) == 8
        assert session.scalars(select(Engagement)).first() is not None


def test_the_password_never_reaches_the_database(radicale: Radicale, plan: Plan) -> None:
    plan.publish(radicale)
    assert len(plan.copies()) == 8
    plan.db.close()  # the write-ahead log folded back into the file
    files = list(plan.path.parent.glob(plan.path.name + "*"))
    assert files and not any(PASSWORD.encode() in f.read_bytes() for f in files)
