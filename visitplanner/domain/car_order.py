"""Car order for transfers: which car goes first and who rides in which seat, from precedence.

* The seat of honour is the rear seat on the kerb side, behind the front passenger: rear left where
  traffic drives on the left (the United Kingdom, Japan, Australia…), rear right elsewhere. Traffic
  is read from the IANA zone of the place the transfer leaves from (`drives_on_left`).
* The highest-ranked passenger takes it: a visiting principal first, then a host principal, then the
  others by side (visiting, host) and precedence. The highest of the other side sits beside them
  (the host beside the guest), else the next in rank.
* The front passenger seat goes to whoever works rather than ranks (interpreter, liaison, security,
  photographer, driver riding along), else the lowest in rank; the middle rear seat is used last.
* Car order: of the cars leaving one place at one time, car 1 carries the highest-ranked passenger;
  the others follow in the order of their highest passengers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from visitplanner.domain.enums import Role, Side

#: Zones (and zone prefixes ending in "/") whose traffic drives on the left.
LEFT_HAND_TRAFFIC = (
    "Australia/",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Isle_of_Man",
    "Europe/Jersey",
    "Europe/Guernsey",
    "Europe/Malta",
    "Europe/Nicosia",
    "Asia/Nicosia",
    "Asia/Famagusta",
    "Asia/Tokyo",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Kuching",
    "Asia/Brunei",
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Pontianak",
    "Asia/Dili",
    "Asia/Bangkok",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "Asia/Colombo",
    "Asia/Dhaka",
    "Asia/Kathmandu",
    "Asia/Thimphu",
    "Asia/Karachi",
    "Indian/Maldives",
    "Indian/Mauritius",
    "Indian/Mahe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Fiji",
    "Pacific/Port_Moresby",
    "Pacific/Guadalcanal",
    "Pacific/Apia",
    "Pacific/Tongatapu",
    "Pacific/Tarawa",
    "Africa/Johannesburg",
    "Africa/Maputo",
    "Africa/Harare",
    "Africa/Lusaka",
    "Africa/Gaborone",
    "Africa/Windhoek",
    "Africa/Maseru",
    "Africa/Mbabane",
    "Africa/Nairobi",
    "Africa/Kampala",
    "Africa/Dar_es_Salaam",
    "Africa/Blantyre",
    "Atlantic/Bermuda",
    "Atlantic/Stanley",
    "Atlantic/St_Helena",
    "America/Jamaica",
    "America/Barbados",
    "America/Port_of_Spain",
    "America/Nassau",
    "America/Guyana",
    "America/Paramaribo",
    "America/St_Lucia",
    "America/Grenada",
    "America/Antigua",
    "America/St_Kitts",
    "America/St_Vincent",
    "America/Dominica",
    "America/Anguilla",
    "America/Montserrat",
    "America/Tortola",
    "America/St_Thomas",
    "America/Cayman",
)

#: Roles that ride in front: they work on the journey rather than rank.
FRONT_ROLES = frozenset({Role.INTERPRETER, Role.LIAISON, Role.SECURITY, Role.PHOTOGRAPHER, Role.DRIVER, Role.OTHER})


def drives_on_left(zone_name: str) -> bool:
    """Whether traffic drives on the left where the IANA zone `zone_name` is."""
    return any(zone_name.startswith(z) if z.endswith("/") else zone_name == z for z in LEFT_HAND_TRAFFIC)


@dataclass(frozen=True)
class Passenger:
    """Someone riding in a car (not its driver)."""

    attendee_id: int
    name: str
    side: Side
    role: Role
    precedence: int | None = None


@dataclass(frozen=True)
class CarSeat:
    """A passenger and their seat ("Rear left (seat of honour)", "Front passenger", ...)."""

    seat: str
    passenger: Passenger


def rank_key(p: Passenger) -> tuple[int, int, bool, int, str, int]:
    """Order of rank across both sides: principals first (visiting before host), then visiting,
    host and staff by precedence; those who work ride after those who rank."""
    sides = {Side.VISITING: 0, Side.HOST: 1, Side.STAFF: 2}
    principal = 0 if p.role is Role.PRINCIPAL else 1
    working = 1 if p.role in FRONT_ROLES else 0
    return (
        principal * 2 + working,
        sides[p.side],
        p.precedence is None,
        p.precedence or 0,
        p.name.casefold(),
        p.attendee_id,
    )


def car_seats(passengers: Sequence[Passenger], *, left_hand_traffic: bool) -> list[CarSeat]:
    """Who sits where in one car (four passenger seats of a saloon; more ride behind, in rank order)."""
    kerb, road = ("left", "right") if left_hand_traffic else ("right", "left")
    ranked = sorted(passengers, key=rank_key)
    if not ranked:
        return []
    seats: list[CarSeat] = [CarSeat(f"Rear {kerb} (seat of honour)", ranked[0])]
    rest = ranked[1:]
    beside = next(
        (p for p in rest if p.side is not ranked[0].side and p.side is not Side.STAFF and p.role not in FRONT_ROLES),
        None,
    )
    if beside is None:
        beside = next((p for p in rest if p.role not in FRONT_ROLES), rest[0] if rest else None)
    if beside is not None:
        rest.remove(beside)
        seats.append(CarSeat(f"Rear {road}", beside))
    if rest:
        front = next((p for p in rest if p.role in FRONT_ROLES), rest[-1])
        rest.remove(front)
        seats.append(CarSeat("Front passenger", front))
    if rest:
        seats.append(CarSeat("Rear middle", rest.pop(0)))
    for n, p in enumerate(rest, start=1):
        seats.append(CarSeat(f"Further seat {n}", p))
    return seats


def car_order(cars: Sequence[tuple[str, Sequence[Passenger]]]) -> list[str]:
    """The cars (by label) in the order they go: car 1 carries the highest-ranked passenger."""

    def key(car: tuple[str, Sequence[Passenger]]) -> tuple[object, ...]:
        best = min(car[1], key=rank_key, default=None)
        return (best is None, rank_key(best) if best is not None else (), car[0])

    return [label for label, _ in sorted(cars, key=key)]
