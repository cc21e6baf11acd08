"""Parties: groups of attendees that travel and attend together, named once in the run sheet
("Full delegation", "Car 1 party") instead of listing the same names on every engagement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from visitplanner.domain.enums import AttendancePart, Role, Side
from visitplanner.exporters.pdf_plan import AttendanceView, EngagementView, PersonView
from visitplanner.exporters.pdf_text import plain

#: What each side's party is called.
SIDE_PARTIES = {Side.VISITING: "Full delegation", Side.HOST: "Host party", Side.STAFF: "Visit staff"}

#: The fewest people a party has, and the fewest engagements it must be named on to be worth a name.
MIN_MEMBERS = 3
MIN_USES = 2


@dataclass(frozen=True, eq=False)
class Party:
    """A named group of attendees.

    Attributes:
        key: the anchor its list of members is printed at (for "see page N").
        name: "Full delegation", "Car 1 (Mayor) party".
        members: the attendees, by side and precedence.
    """

    key: str
    name: str
    members: tuple[PersonView, ...]


@dataclass(frozen=True)
class AttendeeLine:
    """One line of an engagement's attendees: a party whose members all take one part, or one person."""

    part: AttendancePart
    party: Party | None = None
    person: PersonView | None = None


def _people(e: EngagementView) -> list[AttendanceView]:
    """Who attends or rides (a transfer's driver is printed with the vehicle)."""
    return [a for a in e.attendances if not (e.is_transfer and a.part is AttendancePart.DRIVER)]


def find_parties(attendees: Sequence[PersonView], engagements: Sequence[EngagementView]) -> list[Party]:
    """The parties worth naming in these engagements: each side's whole party (drivers aside) and
    each vehicle's usual passengers, kept when at least `MIN_MEMBERS` strong and found whole, in one
    part, on at least `MIN_USES` engagements. Largest first; a vehicle's party that is a side's
    whole party is not named twice."""
    order = {p.key: n for n, p in enumerate(attendees)}
    candidates: list[tuple[str, str, frozenset[int]]] = []
    for side, name in SIDE_PARTIES.items():
        members = frozenset(p.key for p in attendees if p.side is side and p.role is not Role.DRIVER)
        candidates.append((f"party-{side.value}", name, members))
    rides: Counter[tuple[int, frozenset[int]]] = Counter()
    labels: dict[int, str] = {}
    for e in engagements:
        if e.is_transfer and e.vehicle is not None:
            labels[e.vehicle.key] = e.vehicle.label
            rides[(e.vehicle.key, frozenset(a.person.key for a in _people(e)))] += 1
    for vehicle_key in sorted(labels):
        sets = [(count, members) for (v, members), count in rides.items() if v == vehicle_key]
        count, members = max(sets, key=lambda item: (item[0], len(item[1]), sorted(item[1])))
        if count >= MIN_USES:
            candidates.append((f"party-vehicle-{vehicle_key}", f"{plain(labels[vehicle_key])} party", members))
    by_key = {p.key: p for p in attendees}
    chosen: list[Party] = []
    seen: set[frozenset[int]] = set()
    for key, name, members in sorted(candidates, key=lambda c: -len(c[2])):
        if len(members) < MIN_MEMBERS or members in seen:
            continue
        uses = sum(1 for e in engagements if _whole(members, _people(e)))
        if uses >= MIN_USES:
            seen.add(members)
            people = tuple(sorted((by_key[k] for k in members), key=lambda p: order[p.key]))
            chosen.append(Party(key, name, people))
    return chosen


def _whole(members: frozenset[int], attendances: Sequence[AttendanceView]) -> bool:
    """Whether every member attends, all in one part."""
    parts = {a.part for a in attendances if a.person.key in members}
    return len(parts) == 1 and members <= {a.person.key for a in attendances}


def attendee_lines(e: EngagementView, parties: Sequence[Party]) -> list[AttendeeLine]:
    """The engagement's attendees with each party that attends whole, in one part, named once (at
    the place of its first member), the others one by one, in the engagement's order."""
    people = _people(e)
    used: list[Party] = []
    covered: set[int] = set()
    for party in parties:  # largest first
        members = frozenset(p.key for p in party.members)
        if not members & covered and _whole(members, people):
            used.append(party)
            covered |= members
    lines: list[AttendeeLine] = []
    placed: set[str] = set()
    for attendance in people:
        found = next((p for p in used if any(m.key == attendance.person.key for m in p.members)), None)
        if found is None:
            lines.append(AttendeeLine(attendance.part, person=attendance.person))
        elif found.key not in placed:
            placed.add(found.key)
            lines.append(AttendeeLine(attendance.part, party=found))
    return lines
