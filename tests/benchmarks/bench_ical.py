"""Times the .ics export of a 10k-engagement visit against the same events built directly with icalendar."""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import insert

from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    EngagementStatus,
    NameOrder,
    Role,
    Side,
    VisitStatus,
)
from visitplanner.exporters.ical import default_organiser, export_calendar
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Attendance, Attendee, Engagement, Person, Venue, Visit
from visitplanner.store.queries import attendees_of, engagements_of

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 10, 19)  # two weeks across the BST -> GMT change on 25 October 2026
DAYS = 14
KINDS = list(EngagementKind)


def build(db: Database, engagements: int, seed: int = 1) -> int:
    """A visit with `engagements` engagements (three attendees each) inserted in bulk; returns its id."""
    rng = random.Random(seed)
    now = datetime(2026, 9, 1, tzinfo=UTC)
    with db.session() as session:
        visit = Visit(
            title="Benchmark visit",
            slug=f"bench-{engagements}",
            start_date=FIRST_DAY,
            end_date=FIRST_DAY + timedelta(days=DAYS - 1),
            local_time_zone="Europe/London",
            home_time_zone="Asia/Seoul",
            status=VisitStatus.CONFIRMED,
        )
        session.add(visit)
        session.flush()
        people = [
            Person(
                family_name=f"Family{n}",
                given_names=f"Given{n}",
                native_name="박형준" if n % 3 else "",
                name_order=NameOrder.FAMILY_FIRST if n % 3 else NameOrder.GIVEN_FIRST,
                email=f"person{n}@example.org" if n % 7 else "",
            )
            for n in range(60)
        ]
        session.add_all(people)
        session.flush()
        attendees = [
            Attendee(
                visit_id=visit.id,
                person_id=p.id,
                side=(Side.STAFF, Side.HOST, Side.VISITING)[n % 3],
                role=Role.LIAISON if n == 0 else Role.DELEGATE,
                precedence=n + 1,
            )
            for n, p in enumerate(people)
        ]
        session.add_all(attendees)
        venues = [
            Venue(
                name=f"Venue {n}, Liverpool",
                code=f"BV{engagements}-{n}",
                address=f"{n} Dale Street, Liverpool",
                latitude=53.4 + n / 1000,
                longitude=-2.99 - n / 1000,
                time_zone="Asia/Seoul" if n % 10 == 9 else "",
            )
            for n in range(40)
        ]
        session.add_all(venues)
        session.flush()
        tz = ZoneInfo("Europe/London")
        rows = []
        for n in range(engagements):
            day = FIRST_DAY + timedelta(days=n % DAYS)
            start = datetime.combine(day, datetime.min.time(), tz).astimezone(UTC) + timedelta(
                minutes=7 * 60 + rng.randrange(0, 12 * 60, 5)
            )
            rows.append(
                {
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "visit_id": visit.id,
                    "kind": KINDS[n % len(KINDS)]
                    if KINDS[n % len(KINDS)] is not EngagementKind.TRANSFER
                    else EngagementKind.MEETING,
                    "title": f"Engagement {n}: 회의 with partners, part {n % 5}",
                    "start_at": start,
                    "end_at": start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
                    "venue_id": venues[n % len(venues)].id,
                    "public_notes": "Agenda: introductions; presentations, questions.\nBring badges.",
                    "restricted_notes": "",
                    "dress_code": "Business attire" if n % 4 == 0 else "",
                    "status": EngagementStatus.CANCELLED if n % 97 == 0 else EngagementStatus.CONFIRMED,
                    "sequence": n % 3,
                    "created_at": now,
                    "modified_at": now,
                }
            )
        session.execute(insert(Engagement), rows)
        ids = [
            row[0]
            for row in session.execute(
                Engagement.__table__.select().with_only_columns(Engagement.id).where(Engagement.visit_id == visit.id)
            )
        ]
        session.execute(
            insert(Attendance),
            [
                {
                    "engagement_id": e,
                    "attendee_id": attendees[(e + k * 7) % len(attendees)].id,
                    "part": AttendancePart.PARTICIPANT,
                }
                for e in ids
                for k in range(3)
            ],
        )
        return visit.id


def straightforward(db: Database, visit_id: int, request: bool, phases: dict[str, float] | None = None) -> bytes:
    """The obvious icalendar build: an Event per engagement, then add_missing_timezones and to_ical."""
    phases = {} if phases is None else phases
    clock = time.perf_counter()
    with db.session() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        organiser = default_organiser(attendees_of(session, visit_id))
        assert organiser is not None
        calendar = Calendar.new(
            prodid="-//VisitPlanner//Visit calendar//EN", method="REQUEST" if request else "PUBLISH", name=visit.title
        )
        first, last = None, None
        rows = engagements_of(session, visit_id)
        phases["load"], clock = time.perf_counter() - clock, time.perf_counter()
        for e in rows:
            tz = ZoneInfo(e.venue.time_zone if e.venue and e.venue.time_zone else visit.local_time_zone)
            event = Event.new(
                uid=f"{e.uuid}@visitplanner",
                sequence=e.sequence,
                stamp=NOW,
                created=e.created_at,
                last_modified=e.modified_at,
                start=e.start_at.astimezone(tz),
                end=e.end_at.astimezone(tz),
                status=e.status.value.upper(),
                summary=e.title,
                location=", ".join(p for p in (e.venue.name, e.venue.address) if p) if e.venue else None,
                description=e.public_notes,
                categories=[e.kind.label],
                organizer=vCalAddress.new(organiser.email, cn=organiser.name),
            )
            if e.venue and e.venue.latitude is not None and e.venue.longitude is not None:
                event.add("geo", (round(e.venue.latitude, 6), round(e.venue.longitude, 6)))
            if request:
                for a in e.attendances:
                    if a.attendee.person.email:
                        event.add(
                            "attendee",
                            vCalAddress.new(
                                a.attendee.person.email,
                                cn=a.attendee.person.name.display,
                                role="REQ-PARTICIPANT",
                                partstat="NEEDS-ACTION",
                                rsvp=True,
                            ),
                        )
            calendar.add_component(event)
            first = min(first or e.start_at, e.start_at)
            last = max(last or e.end_at, e.end_at)
        assert first is not None and last is not None
        phases["events"], clock = time.perf_counter() - clock, time.perf_counter()
        calendar.add_missing_timezones(first.date() - timedelta(days=1), last.date() + timedelta(days=1))
        phases["add_missing_timezones"], clock = time.perf_counter() - clock, time.perf_counter()
        data = calendar.to_ical()
        phases["to_ical"] = time.perf_counter() - clock
        return data


def ours(db: Database, visit_id: int, request: bool) -> bytes:
    with db.session() as session:
        return export_calendar(session, visit_id, method="request" if request else "publish", now=NOW)


def best_of(runs: int, work: Callable[[], bytes]) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        size = len(work())
        best = min(best, time.perf_counter() - started)
    return best, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engagements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    args = parser.parse_args(argv)
    print(
        f".ics export benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{args.engagements} engagements (3 attendees each), best of {args.runs}"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            started = time.perf_counter()
            visit_id = build(db, args.engagements)
            print(f"built the visit in {time.perf_counter() - started:.2f} s")
            print(f"{'method':<8} {'icalendar direct s':>18} {'VisitPlanner s':>15} {'ratio':>6} {'bytes (ours)':>13}")
            worst = 0.0
            for request in (False, True):
                base, _ = best_of(args.runs, lambda request=request: straightforward(db, visit_id, request))
                mine, size = best_of(args.runs, lambda request=request: ours(db, visit_id, request))
                worst = max(worst, mine / base)
                print(
                    f"{'REQUEST' if request else 'PUBLISH':<8} {base:>18.2f} {mine:>15.2f} {mine / base:>6.2f} "
                    f"{size:>13,}"
                )
            phases: dict[str, float] = {}
            straightforward(db, visit_id, False, phases)
            print("direct build, PUBLISH, one run: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
            print(
                "both include loading the engagements from the database; the direct build walks the calendar "
                "again to add its time zones (add_missing_timezones)"
            )
            print("target: ratio <= 1.00 " + ("(met)" if worst <= 1 else "(NOT MET)"))
            return 0 if worst <= 1 else 1
        finally:
            db.close()


if __name__ == "__main__":
    sys.exit(main())
