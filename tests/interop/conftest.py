"""The exports the interoperability tests read: the demo visit and an autumn visit across BST -> GMT."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, NameOrder, Role, Side
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VenueData,
    VisitData,
)
from visitplanner.exporters.ical import engagement_uid, export_calendars
from visitplanner.services import attendees, engagements, people, venues, visits
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Attendee, Person, Venue
from visitplanner.store.queries import engagements_of, find_visit

NOW = datetime(2027, 5, 1, 8, 0, tzinfo=UTC)
_STATUS = {
    EngagementStatus.TENTATIVE: "TENTATIVE",
    EngagementStatus.CONFIRMED: "CONFIRMED",
    EngagementStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True)
class Truth:
    """What the database says about an engagement, as an exported event must show it."""

    sequence: int
    start: int
    end: int
    summary: str
    status: str


@dataclass(frozen=True)
class Export:
    """One exported iCalendar object and the engagements it should hold.

    Attributes:
        name: a label for messages ("demo publish", "mayor request", ...).
        method: PUBLISH, REQUEST or CANCEL.
        data: the bytes.
        path: where the bytes are (for libical).
        expected: by UID, the truth of each event it must hold.
    """

    name: str
    method: str
    data: bytes
    path: Path
    expected: dict[str, Truth]


def _truth(session: Session, visit_id: int) -> dict[str, Truth]:
    return {
        engagement_uid(e.uuid): Truth(
            e.sequence, int(e.start_at.timestamp()), int(e.end_at.timestamp()), e.title, _STATUS[e.status]
        )
        for e in engagements_of(session, visit_id)
    }


def _autumn_visit(session: Session) -> int:
    """A visit from 23 to 27 October 2026 (clocks go back on the 25th), with a venue in Seoul."""
    visit = visits.create_visit(
        session,
        VisitData(
            "Autumn exchange across the clock change",
            "autumn-exchange",
            date(2026, 10, 23),
            date(2026, 10, 27),
            "Europe/London",
            "Asia/Seoul",
        ),
    ).created_id(Entity.VISIT)

    def person(data: PersonData, side: Side, role: Role) -> int:
        found = session.scalars(select(Person).where(Person.email == data.email)).first()
        person_id = found.id if found else people.create_person(session, data).created_id(Entity.PERSON)
        return attendees.add_attendee(session, visit, AttendeeData(person_id, side, role)).created_id(Entity.ATTENDEE)

    envoy = person(
        PersonData("Kim", "Ha-neul", "김하늘", "", NameOrder.FAMILY_FIRST, email="hn.kim@busan.example"),
        Side.VISITING,
        Role.PRINCIPAL,
    )
    officer = person(PersonData("Jones", "Carys", email="c.jones@liverpool.example"), Side.STAFF, Role.LIAISON)
    london = venues.create_venue(
        session, VenueData("Cunard Building", "CUNARD", "Pier Head, Liverpool L3 1QX", 53.40555, -2.99528)
    ).created_id(Entity.VENUE)
    seoul = venues.create_venue(
        session, VenueData("Busan City Hall", "BUSANCH", "1001 Jungang-daero, Busan", 35.1798, 129.0750, "Asia/Seoul")
    ).created_id(Entity.VENUE)
    both = (AttendanceData(envoy, AttendancePart.PARTICIPANT), AttendanceData(officer, AttendancePart.SUPPORT))

    def add(
        title: str,
        start: datetime,
        end: datetime,
        venue: int,
        kind: EngagementKind = EngagementKind.MEETING,
        origin: int | None = None,
    ) -> None:
        engagements.create_engagement(
            session,
            visit,
            EngagementPlan(
                EngagementData(
                    kind, title, start, end, venue, origin_venue_id=origin, public_notes=f"{title}: 일정, 장소; 참고"
                ),
                both,
            ),
        )

    utc = UTC
    add(
        "Saturday briefing (BST)", datetime(2026, 10, 24, 9, tzinfo=utc), datetime(2026, 10, 24, 10, tzinfo=utc), london
    )
    add(
        "Night session, first 01:30 (BST)",
        datetime(2026, 10, 25, 0, 30, tzinfo=utc),
        datetime(2026, 10, 25, 0, 55, tzinfo=utc),
        london,
    )
    add(
        "Night session, second 01:30 (GMT)",
        datetime(2026, 10, 25, 1, 30, tzinfo=utc),
        datetime(2026, 10, 25, 2, 15, tzinfo=utc),
        london,
    )
    add(
        "Vigil across the change",
        datetime(2026, 10, 24, 23, 0, tzinfo=utc),
        datetime(2026, 10, 25, 3, 0, tzinfo=utc),
        london,
    )
    add(
        "Monday round table (GMT)",
        datetime(2026, 10, 26, 10, tzinfo=utc),
        datetime(2026, 10, 26, 11, tzinfo=utc),
        london,
    )
    add(
        "Video call with Busan City Hall",
        datetime(2026, 10, 26, 8, tzinfo=utc),
        datetime(2026, 10, 26, 9, tzinfo=utc),
        seoul,
    )
    add(
        "Flight to Busan",
        datetime(2026, 10, 26, 19, tzinfo=utc),
        datetime(2026, 10, 27, 8, tzinfo=utc),
        seoul,
        EngagementKind.TRANSFER,
        origin=london,
    )
    return visit


#: Zones with every kind of change: none, yearly rules north and south, half hours, 45 minutes,
#: negative DST (Dublin), changes without a yearly rule (Casablanca's Ramadan), DST abolished (Tehran).
ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/St_Johns",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Asia/Seoul",
    "Asia/Kathmandu",
    "Asia/Tehran",
)


def _zones_visit(session: Session) -> int:
    """A year-long visit with a venue in each of `ZONES` and engagements around every change of each."""
    from zoneinfo import ZoneInfo

    from visitplanner.exporters.ical_zones import transitions

    first, last = date(2026, 7, 1), date(2027, 6, 30)
    visit = visits.create_visit(
        session, VisitData("Around the world", "around-the-world", first, last, "Europe/London", "Asia/Seoul")
    ).created_id(Entity.VISIT)
    liaison = people.create_person(session, PersonData("Ahmed", "Nadia", email="n.ahmed@liverpool.example"))
    attendees.add_attendee(session, visit, AttendeeData(liaison.created_id(Entity.PERSON), Side.STAFF, Role.LIAISON))
    begin = datetime(2026, 7, 2, tzinfo=UTC)
    end = datetime(2027, 6, 28, tzinfo=UTC)
    for n, name in enumerate(ZONES):
        venue = venues.create_venue(session, VenueData(f"Venue in {name}", f"Z{n}", time_zone=name)).created_id(
            Entity.VENUE
        )
        moments = [begin + (end - begin) * k / 5 for k in range(1, 5)]
        for change in transitions(ZoneInfo(name), begin, end):
            moments.extend(change.at + timedelta(minutes=m) for m in (-90, -30, -1, 0, 29, 90))
        for moment in moments:
            engagements.create_engagement(
                session,
                visit,
                EngagementPlan(
                    EngagementData(
                        EngagementKind.MEETING,
                        f"{name} at {moment:%Y-%m-%d %H:%M}Z",
                        moment,
                        moment + timedelta(minutes=20),
                        venue,
                    )
                ),
            )
    return visit


@dataclass
class Exports:
    """Every export the interoperability tests read, written into one folder."""

    items: list[Export]
    folder: Path

    def named(self, name: str) -> Export:
        return next(item for item in self.items if item.name == name)


@pytest.fixture(scope="session")
def interop_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('interop') / 'interop.sqlite3'}")
    yield database
    database.close()


@pytest.fixture(scope="session")
def exports(interop_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Exports:
    folder = tmp_path_factory.mktemp("exports")
    items: list[Export] = []

    def take(session: Session, visit_id: int, label: str, **options: object) -> None:
        truth = _truth(session, visit_id)
        for n, item in enumerate(export_calendars(session, visit_id, now=NOW, **options)):  # type: ignore[arg-type]
            name = f"{label} {item.method.lower()}" + (f" {n}" if options.get("per_event") else "")
            path = folder / (name.replace(" ", "-") + ".ics")
            path.write_bytes(item.data)
            items.append(Export(name, item.method, item.data, path, {uid: truth[uid] for uid in item.uids}))

    with interop_database.session() as session:
        build_demo(session)
        demo = find_visit(session, SLUG).id
        mayor = session.scalars(
            select(Attendee.id).join(Person).where(Attendee.visit_id == demo, Person.family_name == "Park")
        ).one()
        take(session, demo, "demo")
        take(session, demo, "demo restricted", restricted=True)
        take(session, demo, "demo", method="request")
        take(session, demo, "mayor", scope=mayor)
        take(session, demo, "mayor", scope=mayor, method="request", restricted=True)
        for code in sorted(session.scalars(select(Venue.code)).all()):
            take(session, demo, f"venue {code}", scope=code)
        # the update story: the MIF tour moves, the working lunch is cancelled
        by_title = {e.title: e for e in engagements_of(session, demo)}
        tour = by_title["Tour of the Materials Innovation Factory (MIF)"]
        engagements.move_engagement(session, tour.id, tour.start_at.replace(minute=50))
        engagements.cancel_engagement(session, by_title["Working lunch"].id)
        take(session, demo, "updated")
        take(session, demo, "updated", method="request")
        autumn = _autumn_visit(session)
        take(session, autumn, "autumn")
        take(session, autumn, "autumn", method="request")
        take(session, _zones_visit(session), "zones")
    return Exports(items, folder)
