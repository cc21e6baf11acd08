"""A large visit written into a database, for the UI benchmarks: the teams, venues, rooms, vehicles,
transfers and cancellations of `synthetic.synthetic_visit`, plus guests up to the attendee count
asked for (names in Hangul and in Latin script), inserted in bulk in one transaction.

Run: .venv/bin/python tests/benchmarks/synthetic_db.py PATH [--engagements 5000] [--attendees 1000]
(makes a new SQLite file at PATH and prints the visit's id).
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.synthetic import synthetic_visit  # noqa: E402  (after the path is set)
from visitplanner.domain.enums import (  # noqa: E402
    AttendancePart,
    EngagementStatus,
    NameOrder,
    Role,
    Side,
    TravelMode,
    VisitStatus,
)
from visitplanner.store.database import Database, open_database  # noqa: E402
from visitplanner.store.models import (  # noqa: E402
    Attendance,
    Attendee,
    Engagement,
    Person,
    Room,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import table  # noqa: E402

FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]
FAMILY_HANGUL = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
GIVEN = ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Soo-ah", "Ye-jun", "Ji-woo"]
GIVEN_HANGUL = ["민준", "서연", "지호", "하은", "도윤", "수아", "예준", "지우"]
ENGLISH = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Hughes"]
ENGLISH_GIVEN = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee"]


def build_visit(db: Database, engagements: int = 5000, attendees: int = 1000, seed: int = 1) -> int:
    """Write one visit of `engagements` engagements and `attendees` attendees into the empty
    database `db` (one transaction, bulk inserts), and an empty visit (id 2); returns the
    large visit's id."""
    rng = random.Random(seed)
    plan = synthetic_visit(engagements, seed=seed).data
    now = datetime(2026, 9, 1, tzinfo=UTC)
    with db.session() as session:

        def put(model: type[Any], rows: list[dict[str, Any]]) -> None:
            if rows:
                session.execute(insert(table(model)), rows)

        put(
            Visit,
            [
                {
                    "id": 1,
                    "title": f"Large delegation ({engagements} engagements)",
                    "slug": "large-delegation",
                    "start_date": plan.visit.start_date,
                    "end_date": plan.visit.end_date,
                    "local_time_zone": plan.visit.local_time_zone,
                    "home_time_zone": plan.visit.home_time_zone,
                    "status": VisitStatus.CONFIRMED,
                },
                {  # an empty visit beside it: the benchmarks open the large one from here
                    "id": 2,
                    "title": "Empty visit",
                    "slug": "empty-visit",
                    "start_date": plan.visit.start_date,
                    "end_date": plan.visit.start_date,
                    "local_time_zone": plan.visit.local_time_zone,
                    "home_time_zone": plan.visit.home_time_zone,
                    "status": VisitStatus.DRAFT,
                },
            ],
        )
        put(
            Venue,
            [
                {"id": v.id, "name": v.name, "code": v.code, "time_zone": v.time_zone, "capacity": v.capacity}
                for v in plan.venues
            ],
        )
        put(
            Room,
            [{"id": r.id, "venue_id": r.venue_id, "name": r.name, "capacity": r.capacity} for r in plan.rooms],
        )
        put(
            TravelTime,
            [
                {
                    "from_venue_id": t.from_venue_id,
                    "to_venue_id": t.to_venue_id,
                    "minutes": t.minutes,
                    "mode": TravelMode.CAR,
                }
                for t in {(t.from_venue_id, t.to_venue_id): t for t in plan.travel_times}.values()
                if t.from_venue_id != t.to_venue_id
            ],
        )
        # people: the teams' members, then guests up to `attendees`
        team_people = list(plan.attendees)
        people: list[dict[str, Any]] = []
        attendee_rows: list[dict[str, Any]] = []
        for number in range(max(attendees, len(team_people))):
            korean = number % 2 == 0
            f, g = number % len(FAMILY), (number // len(FAMILY)) % len(GIVEN)
            people.append(
                {
                    "id": number + 1,
                    "family_name": FAMILY[f] if korean else ENGLISH[f],
                    "given_names": f"{GIVEN[g] if korean else ENGLISH_GIVEN[g]} {number}",
                    "native_name": f"{FAMILY_HANGUL[f]}{GIVEN_HANGUL[g]}" if korean else "",
                    "name_order": NameOrder.FAMILY_FIRST if korean else NameOrder.GIVEN_FIRST,
                    "title": "Delegate" if korean else "Officer",
                }
            )
            team = team_people[number] if number < len(team_people) else None
            attendee_rows.append(
                {
                    "id": number + 1,
                    "visit_id": 1,
                    "person_id": number + 1,
                    "side": team.side if team else (Side.VISITING if korean else Side.HOST),
                    "role": team.role if team else Role.DELEGATE,
                    "precedence": (team.precedence or number + 1) if team else number + 1,
                }
            )
        put(Person, people)
        put(Attendee, attendee_rows)
        put(
            Vehicle,
            [
                {
                    "id": v.id,
                    "visit_id": 1,
                    "label": v.label,
                    "capacity": v.capacity,
                    "driver_attendee_id": v.driver_attendee_id,
                }
                for v in plan.vehicles
            ],
        )
        put(
            Engagement,
            [
                {
                    "id": e.id,
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "visit_id": 1,
                    "kind": e.kind,
                    "title": e.title,
                    "start_at": e.start,
                    "end_at": e.end,
                    "venue_id": e.venue_id,
                    "room_id": e.room_id,
                    "origin_venue_id": e.origin_venue_id,
                    "vehicle_id": e.vehicle_id,
                    "status": e.status,
                    "public_notes": "Dress: lounge suit" if e.id % 11 == 0 else "",
                    "created_at": now,
                    "modified_at": now,
                }
                for e in plan.engagements
            ],
        )
        taken = {(a.engagement_id, a.attendee_id): a.part for a in plan.attendances}
        # guests follow a team (whose engagements do not overlap): three at each of its morning
        # engagements at the day's first venue (so they need no transfer), taking turns
        guests = list(range(len(team_people) + 1, len(attendee_rows) + 1))
        teams = max(len(plan.vehicles), 1)
        followers = [guests[t::teams] for t in range(teams)]
        turn = [0] * teams
        for e in plan.engagements:
            team = int(e.title.rsplit(" ", 1)[1]) % teams  # synthetic titles end with the team
            pool = followers[team]
            at_first_venue = e.title.startswith(("Meeting", "Site tour", "Working lunch"))
            if at_first_venue and e.status is not EngagementStatus.CANCELLED and pool:
                for k in range(min(3, len(pool))):
                    taken.setdefault((e.id, pool[(turn[team] + k) % len(pool)]), AttendancePart.PARTICIPANT)
                turn[team] += 1
        put(
            Attendance,
            [{"engagement_id": e, "attendee_id": a, "part": part} for (e, a), part in sorted(taken.items())],
        )
    return 1


def make_database(path: Path, engagements: int = 5000, attendees: int = 1000, seed: int = 1) -> tuple[str, int]:
    """A new SQLite database at `path` holding one generated visit; returns its URL and the visit's id."""
    if path.exists():
        path.unlink()
    url = f"sqlite:///{path}"
    db = open_database(url)
    try:
        visit_id = build_visit(db, engagements, attendees, seed)
    finally:
        db.close()
    return url, visit_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--engagements", type=int, default=5000)
    parser.add_argument("--attendees", type=int, default=1000)
    args = parser.parse_args()
    started = datetime.now()
    url, visit_id = make_database(args.path, args.engagements, args.attendees)
    seconds = (datetime.now() - started + timedelta()).total_seconds()
    print(f"{url}: visit {visit_id}, {args.engagements} engagements, {args.attendees} attendees ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
