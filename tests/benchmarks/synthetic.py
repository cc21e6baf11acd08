"""Large synthetic visits as plain check inputs: realistic, mostly clash-free days with some clashes."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from visitplanner.domain.checks import (
    CheckAttendance,
    CheckAttendee,
    CheckEngagement,
    CheckInput,
    CheckRoom,
    CheckTravelTime,
    CheckVehicle,
    CheckVenue,
    CheckVisit,
)
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.timerange import local_datetime

VISIT_START = date(2026, 10, 19)  # two weeks spanning the BST -> GMT change on 25 Oct 2026
VISIT_DAYS = 14
LOCAL_ZONE = "Europe/London"
ROOMS_PER_VENUE = 4
DELEGATES_PER_TEAM = 4

# One team's day: (kind, title, start, end, stop). Stop 0 and 3 are the team's hotel, 1 and 2
# the day's venues (used by no other team that day); a transfer goes from stop k-1 to stop k,
# leaving when the previous engagement ends and arriving before the next starts, so a clean day
# has no findings except dietary notes.
DAY_PLAN: tuple[tuple[EngagementKind, str, time, time, int], ...] = (
    (EngagementKind.BRIEFING, "Morning briefing", time(8, 0), time(8, 45), 0),
    (EngagementKind.TRANSFER, "Transfer", time(8, 45), time(9, 15), 1),
    (EngagementKind.MEETING, "Meeting", time(9, 30), time(10, 45), 1),
    (EngagementKind.TOUR, "Site tour", time(11, 0), time(12, 0), 1),
    (EngagementKind.MEAL, "Working lunch", time(12, 15), time(13, 15), 1),
    (EngagementKind.TRANSFER, "Transfer", time(13, 15), time(13, 45), 2),
    (EngagementKind.MEETING, "Round table", time(14, 0), time(15, 30), 2),
    (EngagementKind.CEREMONY, "Signing", time(15, 45), time(16, 15), 2),
    (EngagementKind.TRANSFER, "Transfer to hotel", time(16, 15), time(16, 45), 3),
)


@dataclass(frozen=True)
class SyntheticVisit:
    """A generated visit and what went into it.

    Attributes:
        data: the check input.
        teams: how many teams (4 delegates, a host, an interpreter and a driver) it has.
        injected: how many clashes were deliberately added.
    """

    data: CheckInput
    teams: int
    injected: int


def synthetic_visit(engagements: int, seed: int = 1, clash_rate: float = 0.005) -> SyntheticVisit:
    """A visit with exactly `engagements` engagements, built from team days like `DAY_PLAN`.

    Teams move between venues that no other team uses at the same time, each with its own
    vehicle and driver; about `clash_rate` of the engagements are then disturbed (moved onto
    a neighbour, given another team's room or vehicle) and 1% cancelled.
    """
    rng = random.Random(seed)
    tz = ZoneInfo(LOCAL_ZONE)
    per_team = VISIT_DAYS * len(DAY_PLAN)
    teams = max(1, -(-engagements // per_team))
    pool = teams * 2 + 7  # the venues of the day; hotels come after them
    venue_count = pool + teams

    hours_day = OpeningHours.parse("mon-sun 07:00-20:00")
    hours_week = OpeningHours.parse("mon-fri 07:30-19:00; sat-sun 08:00-18:00")
    venues = [
        CheckVenue(
            id=v + 1,
            name=f"Venue {v + 1}",
            code=f"V{v + 1}",
            time_zone=LOCAL_ZONE if v % 5 == 0 else "",
            capacity=40 if v % 3 == 0 else None,
            opening_hours=(hours_day if v % 2 == 0 else hours_week) if v % 7 else None,
        )
        for v in range(venue_count)
    ]
    rooms = [
        CheckRoom(id=v * ROOMS_PER_VENUE + r + 1, venue_id=v + 1, name=f"Room {r + 1}", capacity=12 if r else 30)
        for v in range(venue_count)
        for r in range(ROOMS_PER_VENUE)
    ]
    travel = [
        CheckTravelTime(v + 1, (v + k) % venue_count + 1, 15 + (v * 7 + k) % 10)
        for v in range(venue_count)
        for k in (1, 2, 3, 5, 8, 13)
    ]

    attendees: list[CheckAttendee] = []
    vehicles: list[CheckVehicle] = []
    team_members: list[list[int]] = []
    team_driver: list[int] = []
    next_id = 1
    for t in range(teams):
        members: list[int] = []
        for d in range(DELEGATES_PER_TEAM):
            attendees.append(
                CheckAttendee(
                    id=next_id,
                    name=f"Delegate {t}-{d}",
                    side=Side.VISITING,
                    role=Role.DELEGATE,
                    precedence=t * DELEGATES_PER_TEAM + d + 1,
                    languages=("ko", "en") if d < 2 else ("ko",),
                    has_dietary_requirement=rng.random() < 0.1,
                )
            )
            members.append(next_id)
            next_id += 1
        attendees.append(
            CheckAttendee(
                id=next_id, name=f"Host {t}", side=Side.HOST, role=Role.HOST, precedence=t + 1, languages=("en",)
            )
        )
        members.append(next_id)
        next_id += 1
        attendees.append(
            CheckAttendee(
                id=next_id, name=f"Interpreter {t}", side=Side.STAFF, role=Role.INTERPRETER, languages=("ko", "en")
            )
        )
        members.append(next_id)
        next_id += 1
        attendees.append(
            CheckAttendee(id=next_id, name=f"Driver {t}", side=Side.STAFF, role=Role.DRIVER, languages=("en",))
        )
        vehicles.append(CheckVehicle(id=t + 1, label=f"Car {t + 1}", capacity=7, driver_attendee_id=next_id))
        team_driver.append(next_id)
        next_id += 1
        team_members.append(members)

    engs: list[CheckEngagement] = []
    attendances: list[CheckAttendance] = []
    team_of: list[int] = []
    eid = 0
    for day in range(VISIT_DAYS):
        when = VISIT_START + timedelta(days=day)
        for t in range(teams):
            hotel = pool + t + 1
            stops = [hotel, (t * 2 + day * 7) % pool + 1, (t * 2 + day * 7 + 1) % pool + 1, hotel]
            for kind, title, start, end, stop in DAY_PLAN:
                if eid == engagements:
                    break
                eid += 1
                venue = stops[stop]
                is_transfer = kind is EngagementKind.TRANSFER
                engs.append(
                    CheckEngagement(
                        id=eid,
                        title=f"{title} {t}",
                        kind=kind,
                        status=EngagementStatus.CONFIRMED,
                        start=local_datetime(when, start, tz),
                        end=local_datetime(when, end, tz),
                        venue_id=venue,
                        room_id=None if is_transfer else (venue - 1) * ROOMS_PER_VENUE + 1 + t % ROOMS_PER_VENUE,
                        origin_venue_id=stops[stop - 1] if is_transfer else None,
                        vehicle_id=t + 1 if is_transfer else None,
                    )
                )
                team_of.append(t)
                for a in team_members[t]:
                    part = (
                        AttendancePart.SIGNATORY
                        if kind is EngagementKind.CEREMONY and a == team_members[t][0]
                        else AttendancePart.PARTICIPANT
                    )
                    attendances.append(CheckAttendance(eid, a, part))
                if is_transfer:
                    attendances.append(CheckAttendance(eid, team_driver[t], AttendancePart.DRIVER))

    injected = 0
    for k in range(len(engs)):
        roll = rng.random()
        e = engs[k]
        if roll < clash_rate / 3 and k > 0:  # overlap the engagement before it
            engs[k] = replace(e, start=e.start - timedelta(minutes=30), end=e.end - timedelta(minutes=10))
            injected += 1
        elif roll < 2 * clash_rate / 3 and e.room_id is not None:  # another team's room
            other = rng.randrange(len(engs))
            if engs[other].room_id is not None:
                engs[k] = replace(e, room_id=engs[other].room_id, venue_id=engs[other].venue_id)
                injected += 1
        elif roll < clash_rate and e.vehicle_id is not None:  # another team's vehicle
            engs[k] = replace(e, vehicle_id=rng.randrange(teams) + 1)
            injected += 1
        elif roll > 0.99:
            engs[k] = replace(e, status=EngagementStatus.CANCELLED)

    visit = CheckVisit(
        start_date=VISIT_START,
        end_date=VISIT_START + timedelta(days=VISIT_DAYS - 1),
        local_time_zone=LOCAL_ZONE,
        home_time_zone="Asia/Seoul",
    )
    data = CheckInput(
        visit=visit,
        engagements=tuple(engs),
        attendances=tuple(attendances),
        attendees=tuple(attendees),
        venues=tuple(venues),
        rooms=tuple(rooms),
        travel_times=tuple(travel),
        vehicles=tuple(vehicles),
    )
    return SyntheticVisit(data=data, teams=teams, injected=injected)


def visit_document(engagements: int, attendees: int, seed: int = 1) -> dict[str, object]:
    """`synthetic_visit(engagements)` as a visit file (a JSON-ready document of the current format)
    with `attendees` attendees: the teams' delegates, hosts, interpreters and drivers, then
    observers joining the teams' engagements other than transfers, round robin, until the count
    is reached. Each person has an organisation (one per team and one for the hosts); venues
    have their rooms; vehicles their drivers; cancellations and clashes are kept."""
    from visitplanner.exporters.visitfile import FORMAT, VERSION

    visit = synthetic_visit(engagements, seed=seed)
    data = visit.data

    def instant(value: datetime) -> str:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")

    organisations = [{"key": "org-host", "name": "Host City Council", "kind": "government", "country": "GB"}]
    organisations += [
        {"key": f"org-{t}", "name": f"Delegation team {t}", "kind": "government", "country": "KR"}
        for t in range(visit.teams)
    ]
    people: list[dict[str, object]] = []
    attendee_docs: list[dict[str, object]] = []
    team_of_attendee: dict[int, int] = {}
    for a in data.attendees:
        team = (a.id - 1) // 7
        team_of_attendee[a.id] = team
        family, _, given = a.name.partition(" ")
        people.append(
            {
                "key": f"person-{a.id}",
                "family_name": family,
                "given_names": given,
                "native_name": "박" if a.side is Side.VISITING else "",
                "organisation": f"org-{team}" if a.side is Side.VISITING else "org-host",
                "email": f"person{a.id}@example.org",
                "languages": ", ".join(a.languages),
                "dietary": "vegetarian" if a.has_dietary_requirement else "",
            }
        )
        attendee_docs.append(
            {
                "key": f"attendee-{a.id}",
                "person": f"person-{a.id}",
                "side": a.side.value,
                "role": a.role.value,
                "precedence": a.precedence,
            }
        )
    observers: dict[int, list[str]] = {}
    for n in range(max(0, attendees - len(data.attendees))):
        team = n % visit.teams
        key = f"observer-{n + 1}"
        people.append(
            {
                "key": f"person-{key}",
                "family_name": "Observer",
                "given_names": str(n + 1),
                "organisation": f"org-{team}",
                "languages": "ko",
            }
        )
        attendee_docs.append({"key": key, "person": f"person-{key}", "side": "visiting", "role": "other"})
        observers.setdefault(team, []).append(key)

    codes = {v.id: v.code for v in data.venues}
    rooms_of = {r.id: r for r in data.rooms}
    venues = [
        {
            "code": v.code,
            "name": v.name,
            "time_zone": v.time_zone,
            "capacity": v.capacity,
            "opening_hours": v.opening_hours.to_json() if v.opening_hours is not None else None,
            "rooms": [{"name": r.name, "capacity": r.capacity} for r in data.rooms if r.venue_id == v.id],
        }
        for v in data.venues
    ]
    travel = [
        {"from": codes[t.from_venue_id], "to": codes[t.to_venue_id], "minutes": t.minutes, "mode": "car"}
        for t in data.travel_times
    ]
    vehicles = [
        {
            "key": f"vehicle-{v.id}",
            "label": v.label,
            "capacity": v.capacity,
            "driver": f"attendee-{v.driver_attendee_id}",
        }
        for v in data.vehicles
    ]
    attendances: dict[int, list[dict[str, str]]] = {}
    for x in data.attendances:
        attendances.setdefault(x.engagement_id, []).append(
            {"attendee": f"attendee-{x.attendee_id}", "part": x.part.value}
        )
    rng = random.Random(seed)
    engagement_docs = []
    for e in data.engagements:
        joined = list(attendances.get(e.id, []))
        team = team_of_attendee[int(joined[0]["attendee"].split("-")[1])] if joined else 0
        if e.kind is not EngagementKind.TRANSFER:
            joined += [{"attendee": key, "part": "participant"} for key in observers.get(team, [])]
        engagement_docs.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "sequence": 0,
                "kind": e.kind.value,
                "title": e.title,
                "start": instant(e.start),
                "end": instant(e.end),
                "venue": codes[e.venue_id] if e.venue_id is not None else None,
                "room": rooms_of[e.room_id].name if e.room_id is not None else None,
                "origin_venue": codes[e.origin_venue_id] if e.origin_venue_id is not None else None,
                "vehicle": f"vehicle-{e.vehicle_id}" if e.vehicle_id is not None else None,
                "public_notes": "",
                "restricted_notes": "",
                "dress_code": "",
                "status": e.status.value,
                "attendances": joined,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "visit": {
            "title": f"Synthetic visit of {len(data.engagements)} engagements",
            "slug": f"synthetic-{len(data.engagements)}",
            "start_date": data.visit.start_date.isoformat(),
            "end_date": data.visit.end_date.isoformat(),
            "local_time_zone": data.visit.local_time_zone,
            "home_time_zone": data.visit.home_time_zone,
            "visiting_organisation": "org-0",
            "host_organisation": "org-host",
            "status": "confirmed",
        },
        "organisations": organisations,
        "people": people,
        "venues": venues,
        "travel_times": travel,
        "attendees": attendee_docs,
        "vehicles": vehicles,
        "engagements": engagement_docs,
    }
