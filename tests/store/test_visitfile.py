"""The visit file on real databases: round trips, replace, all-or-nothing, hostile text, time zones."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.timerange import UTC
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    OrganisationData,
    PersonData,
    RoomData,
    VenueData,
    VisitData,
)
from visitplanner.exporters.visitfile import dump_visit_document, export_visit_document, write_visit_file
from visitplanner.importers.visitfile import parse_visit_document, read_visit_file
from visitplanner.services import attendees, engagements, organisations, people, venues, visits
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.services.visitfile import import_visit
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    Organisation,
    Person,
    Room,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import engagements_of, find_visit

Document = dict[str, Any]
ALL_MODELS = (Organisation, Person, Visit, Attendee, Venue, Room, TravelTime, Vehicle, Engagement, Attendance)

HOSTILE = '박형준 "double" \'single\' back\\slash <img src=x> & </script> {"json": 1}'
HOSTILE_NOTES = 'line one\nline two\r\n\t"tabbed" \\n not a newline <img src=x onerror=alert(1)>\n한국어 끝'


@pytest.fixture
def other_database(tmp_path: Path) -> Iterator[Database]:
    """A fresh, empty SQLite database beside the backend under test."""
    db = open_database(f"sqlite:///{tmp_path}/other.sqlite3")
    yield db
    db.close()


def _through_text(document: Document) -> Any:
    """The document as a file would carry it: dumped to text and parsed back."""
    return parse_visit_document(dump_visit_document(document))


def _counts(session: Session) -> dict[str, int]:
    return {model.__name__: session.scalar(select(func.count()).select_from(model)) or 0 for model in ALL_MODELS}


def _import_elsewhere(database: Database, document: Document) -> Document:
    """Import into `database` (committed) and export the imported visit again."""
    with database.session() as other:
        changes = import_visit(other, _through_text(document))
        return export_visit_document(other, changes.created_id(Entity.VISIT))


def test_demo_round_trips_through_an_empty_database(session: Session, other_database: Database) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    visits.set_issue_number(session, visit_id, 3)
    first = engagements_of(session, visit_id)[0]
    engagements.cancel_engagement(session, first.id)  # status cancelled, sequence 1
    original = export_visit_document(session, visit_id)

    with other_database.session() as other:
        changes = import_visit(other, _through_text(original))
        counts = _counts(other)
    with other_database.session() as other:
        again = export_visit_document(other, changes.created_id(Entity.VISIT))

    assert again == original
    assert original["visit"]["issue_number"] == 3
    assert original["engagements"][0]["sequence"] == 1
    assert original["engagements"][0]["status"] == "cancelled"
    assert counts["Organisation"] == len(original["organisations"]) == 4
    assert counts["Person"] == len(original["people"]) == 16
    assert counts["Venue"] == len(original["venues"]) == 6
    assert counts["Engagement"] == len(original["engagements"])
    assert len(changes.ids(Entity.ENGAGEMENT)) == len(original["engagements"])
    assert changes.created_id(Entity.VISIT) > 0


def test_export_of_an_imported_copy_is_stable(session: Session, other_database: Database) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    original = export_visit_document(session, visit_id)
    assert _import_elsewhere(other_database, original) == original
    assert dump_visit_document(original) == dump_visit_document(export_visit_document(session, visit_id))


def test_replace_on_the_same_backend_reuses_people_venues_and_organisations(session: Session) -> None:
    old_id = build_demo(session).created_id(Entity.VISIT)
    original = export_visit_document(session, old_id)
    before = _counts(session)

    changes = import_visit(session, _through_text(original), replace=True)

    new_id = changes.created_id(Entity.VISIT)
    assert new_id != old_id
    assert (Entity.VISIT, old_id) in changes.deleted
    assert session.get(Visit, old_id) is None
    assert export_visit_document(session, new_id) == original
    assert _counts(session) == before  # nothing duplicated: the same rows, reused or re-created
    assert not changes.ids(Entity.PERSON) and not changes.ids(Entity.VENUE)
    assert not changes.ids(Entity.ORGANISATION) and not changes.ids(Entity.TRAVEL_TIME)


def test_slug_clash_without_replace_names_the_slug(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    before = _counts(session)
    with pytest.raises(UserError) as info:
        import_visit(session, _through_text(document))
    assert info.value.message.startswith("$.visit.slug: ")
    assert "replace" in info.value.message
    assert _counts(session) == before


def test_uid_of_another_visit_names_the_engagement(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    document["visit"]["slug"] = "busan-liverpool-copy"
    before = _counts(session)
    with pytest.raises(UserError) as info:
        import_visit(session, _through_text(document))
    assert info.value.message.startswith("$.engagements[0].uid: ")
    assert _counts(session) == before


def _broken_at_the_last_engagement(document: Document) -> tuple[Document, int]:
    """A copy whose last engagement falls after the visit: only the service can tell."""
    broken = copy.deepcopy(document)
    last = len(broken["engagements"]) - 1
    broken["engagements"][last]["start"] = "2027-05-20T09:00:00Z"
    broken["engagements"][last]["end"] = "2027-05-20T10:00:00Z"
    return broken, last


def test_a_failure_at_the_last_engagement_adds_nothing(session: Session, other_database: Database) -> None:
    with other_database.session() as other:
        document = export_visit_document(other, build_demo(other).created_id(Entity.VISIT))
    broken, last = _broken_at_the_last_engagement(document)
    parsed = _through_text(broken)  # valid as a file
    before = _counts(session)

    with pytest.raises(UserError) as info:
        import_visit(session, parsed)

    assert info.value.message.startswith(f"$.engagements[{last}].start: ")
    assert _counts(session) == before
    busan = select(Organisation).where(Organisation.name == "Busan Metropolitan City")
    assert session.scalars(busan).first() is None
    assert session.scalars(select(Person).where(Person.email == "mayor.office@busan.example")).first() is None
    assert session.scalars(select(Venue).where(Venue.code == "DIF")).first() is None
    assert session.scalars(select(Visit).where(Visit.slug == SLUG)).first() is None
    # the session is still usable and the same document imports once fixed
    import_visit(session, _through_text(document))
    assert find_visit(session, SLUG).title == document["visit"]["title"]


def test_a_failed_replace_keeps_the_old_visit(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    broken, last = _broken_at_the_last_engagement(document)
    before = _counts(session)
    with pytest.raises(UserError, match=rf"^\$\.engagements\[{last}\]\.start: "):
        import_visit(session, _through_text(broken), replace=True)
    assert _counts(session) == before
    assert export_visit_document(session, visit_id) == document


def test_hostile_text_round_trips(session: Session, other_database: Database) -> None:
    org = organisations.create_organisation(session, OrganisationData(HOSTILE, HOSTILE, HOSTILE)).created_id(
        Entity.ORGANISATION
    )
    visit_id = visits.create_visit(
        session,
        VisitData(
            HOSTILE,
            "hostile-visit",
            date(2027, 5, 11),
            date(2027, 5, 12),
            "Europe/London",
            "Asia/Seoul",
            org,
            org,
            HOSTILE_NOTES,
            HOSTILE_NOTES,
            marking=HOSTILE[:80],
        ),
    ).created_id(Entity.VISIT)
    person = people.create_person(
        session,
        PersonData(
            HOSTILE,
            HOSTILE,
            HOSTILE,
            HOSTILE,
            honorific="<b>",
            title=HOSTILE,
            organisation_id=org,
            email="o'brien+test@example.org",
            dietary=HOSTILE,
            biography=HOSTILE_NOTES,
            notes=HOSTILE_NOTES,
        ),
    ).created_id(Entity.PERSON)
    attendee = attendees.add_attendee(
        session, visit_id, AttendeeData(person, Side.VISITING, Role.PRINCIPAL, arrival=HOSTILE_NOTES)
    ).created_id(Entity.ATTENDEE)
    venue = venues.create_venue(
        session, VenueData(HOSTILE, "HOSTILE-1", HOSTILE_NOTES, access_notes=HOSTILE_NOTES, description=HOSTILE_NOTES)
    ).created_id(Entity.VENUE)
    room = venues.add_room(session, venue, RoomData(HOSTILE, 10, HOSTILE_NOTES)).created_id(Entity.ROOM)
    engagements.create_engagement(
        session,
        visit_id,
        EngagementPlan(
            EngagementData(
                EngagementKind.MEETING,
                HOSTILE,
                datetime(2027, 5, 11, 9, tzinfo=UTC),
                datetime(2027, 5, 11, 10, tzinfo=UTC),
                venue,
                room,
                public_notes=HOSTILE_NOTES,
                restricted_notes=HOSTILE_NOTES,
                dress_code=HOSTILE,
            ),
            (AttendanceData(attendee, AttendancePart.SPEAKER),),
        ),
    )
    original = export_visit_document(session, visit_id)

    text = dump_visit_document(original)
    assert "박형준" in text  # written as text, not \u escapes
    assert _import_elsewhere(other_database, original) == original
    engagement = original["engagements"][0]
    assert engagement["title"] == HOSTILE
    assert engagement["room"] == HOSTILE
    assert engagement["public_notes"] == HOSTILE_NOTES
    assert original["people"][0]["biography"] == HOSTILE_NOTES
    assert original["organisations"][0]["name"] == HOSTILE


def test_london_times_across_the_end_of_summer_time(
    session: Session, other_database: Database, create_engagement: Callable[..., int]
) -> None:
    london = ZoneInfo("Europe/London")
    visit_id = visits.create_visit(
        session,
        VisitData(
            "Autumn visit", "autumn-visit", date(2026, 10, 24), date(2026, 10, 26), "Europe/London", "Asia/Seoul"
        ),
    ).created_id(Entity.VISIT)
    # clocks go back at 02:00 BST on 25 October 2026: 01:00-02:00 happens twice
    slots = {
        "Before the change": (
            datetime(2026, 10, 25, 0, 30, tzinfo=london),
            datetime(2026, 10, 25, 1, 30, tzinfo=london),
        ),  # both BST
        "In the repeated hour": (
            datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=london),
            datetime(2026, 10, 25, 2, 30, tzinfo=london),
        ),  # both GMT
        "Across the change": (
            datetime(2026, 10, 25, 1, 15, tzinfo=london),
            datetime(2026, 10, 25, 1, 15, fold=1, tzinfo=london),
        ),  # one hour long
        "Morning": (datetime(2026, 10, 25, 10, 0, tzinfo=london), datetime(2026, 10, 25, 11, 0, tzinfo=london)),
    }
    for title, (start, end) in slots.items():
        create_engagement(visit_id, title, start, end)
    original = export_visit_document(session, visit_id)
    written = {e["title"]: (e["start"], e["end"]) for e in original["engagements"]}
    assert written == {
        "Before the change": ("2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z"),
        "In the repeated hour": ("2026-10-25T01:30:00Z", "2026-10-25T02:30:00Z"),
        "Across the change": ("2026-10-25T00:15:00Z", "2026-10-25T01:15:00Z"),
        "Morning": ("2026-10-25T10:00:00Z", "2026-10-25T11:00:00Z"),
    }

    # the same instants written with local offsets import as the same instants
    with_offsets = copy.deepcopy(original)
    for engagement in with_offsets["engagements"]:
        for bound in ("start", "end"):
            instant = datetime.fromisoformat(engagement[bound]).astimezone(london)
            engagement[bound] = instant.isoformat()  # e.g. 2026-10-25T01:30:00+01:00
    assert with_offsets["engagements"] != original["engagements"]
    assert _import_elsewhere(other_database, with_offsets) == original
    with other_database.session() as other:
        stored = {e.title: (e.start_at, e.end_at) for e in other.scalars(select(Engagement))}
    assert stored == {title: (s.astimezone(UTC), e.astimezone(UTC)) for title, (s, e) in slots.items()}
    assert stored["Across the change"][1] - stored["Across the change"][0] == timedelta(hours=1)


def test_write_and_read_a_visit_file(session: Session, tmp_path: Path) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    path = tmp_path / "busan.visit.json"
    write_visit_file(session, visit_id, path)
    raw = path.read_bytes()
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
    assert "박형준".encode() in raw
    assert json.loads(raw.decode("utf-8")) == export_visit_document(session, visit_id)
    assert read_visit_file(path) == _through_text(export_visit_document(session, visit_id))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_failed_write_leaves_no_partial_file(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    path = tmp_path / "busan.visit.json"
    path.write_text("previous contents\n", encoding="utf-8")

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError, match="No space left on device"):
        write_visit_file(session, visit_id, path)
    assert path.read_text(encoding="utf-8") == "previous contents\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_exporting_a_missing_visit_is_a_user_error(session: Session) -> None:
    with pytest.raises(UserError, match="no visit with id 999999"):
        export_visit_document(session, 999_999)


def test_existing_rows_are_reused_as_they_are(session: Session, other_database: Database) -> None:
    with other_database.session() as other:
        document = export_visit_document(other, build_demo(other).created_id(Entity.VISIT))
    # the target already knows one organisation (other case), one person (other case e-mail) and
    # one venue, with different details and without one of its rooms
    organisations.create_organisation(session, OrganisationData("busan metropolitan city", "", "KR"))
    person = people.create_person(session, PersonData("Park", "H.", email="MAYOR.OFFICE@busan.example"))
    venue = venues.create_venue(session, VenueData("Our name for DIF", "DIF"))
    venues.add_room(session, venue.created_id(Entity.VENUE), RoomData("Seminar Room", 99))

    changes = import_visit(session, _through_text(document))

    assert session.scalar(select(func.count()).select_from(Organisation)) == 4
    assert (
        session.scalars(
            select(Organisation.country).where(func.lower(Organisation.name) == "busan metropolitan city")
        ).one()
        == "KR"
    )
    park = session.get(Person, person.created_id(Entity.PERSON))
    assert park is not None and park.given_names == "H."
    dif = session.scalars(select(Venue).where(Venue.code == "DIF")).one()
    assert dif.name == "Our name for DIF"
    assert {r.name: r.capacity for r in dif.rooms} == {"Seminar Room": 99, "Immersive Lab": 15}
    assert (Entity.VENUE, dif.id) not in changes.created
    exported = export_visit_document(session, changes.created_id(Entity.VISIT))
    assert len(exported["engagements"]) == len(document["engagements"])
    assert [e["uid"] for e in exported["engagements"]] == [e["uid"] for e in document["engagements"]]
    assert {e["status"] for e in exported["engagements"]} == {EngagementStatus.CONFIRMED.value}


def test_import_reports_progress_and_a_cancel_keeps_nothing(session: Session, other_database: Database) -> None:
    from visitplanner.domain.work import WorkCancelled

    with other_database.session() as other:
        document = _through_text(export_visit_document(other, build_demo(other).created_id(Entity.VISIT)))
    total = len(document.engagements)
    before = _counts(session)
    with pytest.raises(WorkCancelled):
        import_visit(session, document, cancelled=lambda: True)
    assert _counts(session) == before
    reports: list[tuple[int, int]] = []
    import_visit(session, document, progress=lambda done, all_: reports.append((done, all_)), cancelled=lambda: False)
    assert reports[0] == (0, total) and reports[-1] == (total, total)
    assert find_visit(session, SLUG).title == document.visit.data.title


def test_export_reports_progress_and_a_cancel_writes_nothing(session: Session, tmp_path: Path) -> None:
    from visitplanner.domain.work import WorkCancelled

    visit_id = build_demo(session).created_id(Entity.VISIT)
    path = tmp_path / "busan.visit.json"
    with pytest.raises(WorkCancelled):
        write_visit_file(session, visit_id, path, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []
    reports: list[tuple[int, int]] = []
    write_visit_file(session, visit_id, path, progress=lambda done, all_: reports.append((done, all_)))
    assert reports and reports[0] == (0, len(engagements_of(session, visit_id)))
    assert json.loads(path.read_text(encoding="utf-8")) == export_visit_document(session, visit_id)


def test_editions_and_public_flags_round_trip_and_a_version_6_file_gets_the_defaults(
    session: Session, other_database: Database
) -> None:
    from dataclasses import replace

    from visitplanner.domain.editions import Audience, EditionData, default_editions
    from visitplanner.domain.enums import Privacy
    from visitplanner.services import editions

    visit_id = build_demo(session).created_id(Entity.VISIT)
    own = EditionData("Press office", Audience.DELEGATION, "OFFICIAL", frozenset({Privacy.PUBLIC}), ("Press desk",))
    host, *rest = editions.editions_of(session, visit_id)
    editions.set_editions(session, visit_id, [replace(host, distribution=("Chief of staff",)), *rest, own])
    original = export_visit_document(session, visit_id)
    assert original["version"] >= 7
    assert [e["name"] for e in original["editions"]] == ["Host", "Delegation", "Public", "Press office"]
    assert sum(e["is_public"] for e in original["engagements"]) == 5
    assert _import_elsewhere(other_database, original) == original

    old = copy.deepcopy(original)  # as VisitPlanner wrote it before editions were data
    old["version"] = 6
    del old["editions"]
    for engagement in old["engagements"]:
        del engagement["is_public"]
    with other_database.session() as other:
        other_visit = import_visit(other, _through_text(old), replace=True).created_id(Entity.VISIT)
        assert editions.editions_of(other, other_visit) == list(default_editions("OFFICIAL-SENSITIVE"))
        assert not any(e.is_public for e in engagements_of(other, other_visit))  # cleared by an officer only
