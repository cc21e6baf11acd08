"""The visit read for printing, field by field through the privacy classes the document may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Column, inspect
from sqlalchemy.orm import Session

from visitplanner.domain.catalogue import ENGLISH, Words
from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    EngagementStatus,
    JourneyMode,
    LegDirection,
    Privacy,
    Role,
    Side,
)
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import (
    clock_span,
    guests,
    leg_end,
    movement_text,
    place,
    route,
    span,
    time_span,
    wall_clock,
    zone_label,
    zone_over,
)
from visitplanner.domain.hours import WEEKDAYS, OpeningHours
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.domain.names import PersonName
from visitplanner.domain.timerange import zone
from visitplanner.domain.values import leg_name
from visitplanner.store.models import (
    Attendee,
    Base,
    Engagement,
    Organisation,
    Person,
    Room,
    TravelLeg,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import (
    SIDE_ORDER,
    attendees_of,
    engagements_of,
    travel_legs_of,
    vehicles_of,
    venues_of,
)

#: The classes a document shows when it names one level: movements come with internal information.
LEVELS = {
    Privacy.PUBLIC: frozenset({Privacy.PUBLIC}),
    Privacy.INTERNAL: frozenset({Privacy.PUBLIC, Privacy.INTERNAL, Privacy.MOVEMENTS}),
    Privacy.MOVEMENTS: frozenset({Privacy.PUBLIC, Privacy.INTERNAL, Privacy.MOVEMENTS}),
    Privacy.RESTRICTED: frozenset(Privacy),
}


class FieldAccess:
    """Which columns a document may read: those whose class is one of `classes`, plus `grants`.

    Every value a document prints is read through `text`, `value` or `follow`, which answer
    "" or None for a withheld column, so a document cannot show what its edition may not.

    A relationship is followed when its foreign key may be read. A mandatory (NOT NULL)
    foreign key is what the row is (an attendance *is* an attendee at an engagement), so it is
    always followed; an optional one (an engagement's vehicle, a vehicle's driver) is a fact
    recorded about the row and takes its column's class.

    Attributes:
        classes: the classes of information the document shows (a single `Privacy` given
            instead stands for that level and those below it, see `LEVELS`).
        every_engagement: True for a working sheet that lists every engagement of its kind (the
            caterer's meals) whatever the engagement's own class; its fields still go by `classes`.
    """

    def __init__(
        self, classes: Privacy | Iterable[Privacy], grants: Iterable[Any] = (), *, every_engagement: bool = False
    ) -> None:
        self.every_engagement = every_engagement
        self.classes = LEVELS[classes] if isinstance(classes, Privacy) else frozenset(classes) | {Privacy.PUBLIC}
        self._grants = frozenset(_column(g) for g in grants)
        self._allowed: dict[tuple[type, str], bool] = {}

    def allows_column(self, column: Column[Any]) -> bool:
        """True when the document may show `column`."""
        privacy = column.info.get("privacy")
        if not isinstance(privacy, Privacy):  # an unclassified column is treated as restricted
            privacy = Privacy.RESTRICTED
        return privacy in self.classes or column in self._grants

    def shows(self, privacy: Privacy) -> bool:
        """True when the document shows information of class `privacy`."""
        return privacy in self.classes

    def shows_engagement(self, row: Engagement) -> bool:
        """Whether the engagement itself may be printed: a transfer is a movement, an engagement not
        cleared as public is internal."""
        return self.every_engagement or self.shows(engagement_class(row.kind, row.is_public))

    def allows(self, model: type[Base], name: str) -> bool:
        """True when the document may show the attribute `name` of `model`."""
        key = (model, name)
        if key not in self._allowed:
            mapper = inspect(model)
            if name in mapper.relationships:
                prop = mapper.relationships[name]
                keys = [cast(Column[Any], dest) for _src, dest in prop.synchronize_pairs]
                allowed = all(not col.nullable or self.allows_column(col) for col in keys)
            else:
                allowed = self.allows_column(mapper.columns[name])
            self._allowed[key] = allowed
        return self._allowed[key]

    def allows_source(self, source: str) -> bool:
        """True for a "table.column" source the document may show (e.g. "engagement.vehicle_id")."""
        table, name = source.split(".", 1)
        return self.allows_column(Base.metadata.tables[table].columns[name])

    def text(self, row: Base, name: str) -> str:
        """The text column `name` of `row`, or "" when withheld."""
        if not self.allows(type(row), name):
            return ""
        value = getattr(row, name)
        return "" if value is None else str(value)

    def value(self, row: Base, name: str) -> Any:
        """Column `name` of `row`, or None when withheld."""
        return getattr(row, name) if self.allows(type(row), name) else None

    def follow(self, row: Base, name: str) -> Any:
        """The row (or rows) related through `name`, or None when the link is withheld."""
        return getattr(row, name) if self.allows(type(row), name) else None


def engagement_class(kind: EngagementKind, is_public: bool) -> Privacy:
    """The class of an engagement as a whole: movements (a transfer), public (cleared), else internal."""
    if kind is EngagementKind.TRANSFER:
        return Privacy.MOVEMENTS
    return Privacy.PUBLIC if is_public else Privacy.INTERNAL


def _column(attribute: Any) -> Column[Any]:
    columns = attribute.property.columns
    return columns[0]  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class OrganisationView:
    name: str
    native_name: str
    country: str

    @property
    def display(self) -> str:
        native = self.native_name.strip()
        return f"{self.name} ({native})" if native and native != self.name else self.name


@dataclass(frozen=True, slots=True, eq=False)
class PersonView:
    """An attendee as a document may show them (`key` is the attendee id, never printed)."""

    key: int
    side: Side
    role: Role
    precedence: int
    name: PersonName
    title: str
    organisation: OrganisationView | None
    email: str
    phone: str
    languages: str
    dietary: str
    access_needs: str
    biography: str
    notes: str
    arrival: str
    departure: str
    journeys: tuple[str, ...] = ()
    #: The language chosen for their documents ("ko"), "" for the usual one for their languages.
    document_language: str = ""

    @property
    def sort_key(self) -> tuple[int, int, tuple[str, str]]:
        return (SIDE_ORDER[self.side], self.precedence, self.name.sort_key)


@dataclass(frozen=True, slots=True)
class RoomView:
    name: str
    capacity: int | None
    notes: str
    native_name: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class VenueView:
    key: int
    name: str
    code: str
    address: str
    time_zone: str
    capacity: int | None
    opening_hours: str
    description: str
    access_notes: str
    site_contact: str
    site_contact_phone: str
    rooms: tuple[RoomView, ...]
    native_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code and self.code not in self.name else self.name


@dataclass(frozen=True, slots=True, eq=False)
class VehicleView:
    key: int
    label: str
    capacity: int | None
    registration: str
    notes: str
    driver: PersonView | None


@dataclass(frozen=True, slots=True)
class AttendanceView:
    person: PersonView
    part: AttendancePart


@dataclass(frozen=True, slots=True, eq=False)
class EngagementView:
    uid: str
    kind: EngagementKind
    title: str
    start: datetime
    end: datetime
    status: EngagementStatus
    venue: VenueView | None
    room: RoomView | None
    origin: VenueView | None
    vehicle: VehicleView | None
    public_notes: str
    restricted_notes: str
    dress_code: str
    attendances: tuple[AttendanceView, ...]
    #: Unnamed guests ("+3 guests (spouses)"); 0 and "" in an edition that does not show them.
    guest_count: int = 0
    guest_label: str = ""

    @property
    def is_transfer(self) -> bool:
        return self.kind is EngagementKind.TRANSFER

    @property
    def cancelled(self) -> bool:
        return self.status is EngagementStatus.CANCELLED

    def part_of(self, person: PersonView) -> AttendancePart | None:
        return next((a.part for a in self.attendances if a.person is person), None)

    @property
    def guests(self) -> str:
        """The unnamed guests as every document writes them ("+3 guests (spouses)"), or ""."""
        return guests(self.guest_count, self.guest_label)

    @property
    def headcount(self) -> int:
        """Everyone to cater and seat for: the attendees and the unnamed guests."""
        return len(self.attendances) + self.guest_count

    @property
    def place(self) -> str:
        """ "Room, Venue" (or the venue alone)."""
        if self.venue is None:
            return ""
        return place(self.venue.name, self.room.name if self.room is not None else "")


@dataclass(frozen=True, slots=True)
class VisitView:
    id: int
    title: str
    slug: str
    start_date: date
    end_date: date
    local_time_zone: str
    home_time_zone: str
    purpose: str
    objectives: str
    marking: str
    issue_number: int
    visiting: OrganisationView | None
    host: OrganisationView | None


@dataclass(frozen=True, slots=True)
class MovementView:
    """An arrival or departure as a document may show it (only where journeys are shown).

    Attributes:
        at: when it lands (an arrival) or leaves (a departure).
        arriving: an arrival, else a departure.
        text: "Flight KE 9021 lands 08:15 MAN T2" (`formatting.movement_text`, without symbols).
        travellers: the people on it, by side and precedence.
        met_by: who meets them (an arrival) or sees them off, if anyone.
        venue: the airport or station in the venue book, if recorded.
    """

    at: datetime
    arriving: bool
    text: str
    travellers: tuple[PersonView, ...]
    met_by: PersonView | None
    venue: VenueView | None


@dataclass(frozen=True)
class Plan:
    """A visit as one document may show it.

    Attributes:
        access: what the document may read.
        visit: the visit.
        attendees: by side (visiting, host, staff), then precedence.
        engagements: in time order.
        venues: the venues the engagements shown use (as place or origin), by name.
        vehicles: by label (empty when the document may not see which vehicle does what).
        local, home: the visit's zones.
    """

    access: FieldAccess
    visit: VisitView
    attendees: tuple[PersonView, ...]
    engagements: tuple[EngagementView, ...]
    venues: tuple[VenueView, ...]
    vehicles: tuple[VehicleView, ...]
    local: ZoneInfo
    home: ZoneInfo
    movements: tuple[MovementView, ...] = ()

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.local).date()

    def days(self) -> list[tuple[date, list[EngagementView]]]:
        """Every day of the visit (and any day with an engagement outside it), with its engagements."""
        by_day = {day: list(group) for day, group in groupby(self.engagements, key=lambda e: self.local_day(e.start))}
        days = {
            self.visit.start_date + timedelta(days=n)
            for n in range((self.visit.end_date - self.visit.start_date).days + 1)
        }
        return [(day, by_day.get(day, [])) for day in sorted(days | set(by_day))]

    def person(self, key: int) -> PersonView | None:
        return next((p for p in self.attendees if p.key == key), None)

    @property
    def two_zones(self) -> bool:
        """False when the delegation's home zone is the local zone (one time column is enough)."""
        return self.visit.home_time_zone != self.visit.local_time_zone

    @property
    def local_name(self) -> str:
        return zone_label(self.visit.local_time_zone)

    @property
    def home_name(self) -> str:
        return zone_label(self.visit.home_time_zone)

    def local_span(self, e: EngagementView, day: date | None = None, lang: str = "en") -> str:
        """ "15:15–16:00" in the visit's zone (a day other than `day` is named)."""
        return time_span(e.start, e.end, self.local, day or self.local_day(e.start), lang)

    def home_span(self, e: EngagementView, day: date | None = None, lang: str = "en") -> str:
        """ "23:15–Wed 00:00" in the delegation's home zone, the weekday named when it is not `day`
        (Korean: "23:15–익일 00:00")."""
        return time_span(e.start, e.end, self.home, day or self.local_day(e.start), lang)

    def when(self, start: datetime, end: datetime) -> str:
        """ "Tue 11 May 15:15–16:00" in the visit's zone."""
        local = start.astimezone(self.local)
        return f"{local:%a} {local.day} {local:%b} {time_span(start, end, self.local, local.date())}"

    def visit_zone_note(self, lang: str = "en") -> str:
        """The zones over the whole visit, naming any change of the clocks during it:
        "London: BST (UTC+1) until Sun 25 Oct, then GMT (UTC+0); Seoul: KST (UTC+9)"."""
        first, last = self.visit.start_date, self.visit.end_date
        notes = [zone_over(self.visit.local_time_zone, first, last, lang)]
        if self.two_zones:
            notes.append(zone_over(self.visit.home_time_zone, first, last, lang))
        return "; ".join(notes)

    @property
    def clocks_change(self) -> bool:
        """True when either zone changes its clocks during the visit."""
        return " until " in self.visit_zone_note()

    def zone_note(self, day: date) -> str:
        """ "London (BST, UTC+01:00); Seoul (KST, UTC+09:00)" on `day`."""

        def one(name: str, tz: ZoneInfo) -> str:
            noon = datetime.combine(day, time(12), tzinfo=tz)
            offset = noon.strftime("%z")
            return f"{zone_label(name)} ({noon.tzname()}, UTC{offset[:3]}:{offset[3:]})"

        text = one(self.visit.local_time_zone, self.local)
        return f"{text}; {one(self.visit.home_time_zone, self.home)}" if self.two_zones else text


def _organisation(access: FieldAccess, org: Organisation | None) -> OrganisationView | None:
    if org is None:
        return None
    return OrganisationView(access.text(org, "name"), access.text(org, "native_name"), access.text(org, "country"))


def _person(access: FieldAccess, attendee: Attendee) -> PersonView:
    person: Person = access.follow(attendee, "person")
    t = access.text
    name = PersonName(
        t(person, "family_name"),
        t(person, "given_names"),
        t(person, "native_name"),
        t(person, "romanised_name"),
        access.value(person, "name_order"),
        t(person, "honorific"),
        t(person, "form_of_address"),
    )
    return PersonView(
        key=attendee.id,
        side=access.value(attendee, "side"),
        role=access.value(attendee, "role"),
        precedence=access.value(attendee, "precedence") or 0,
        name=name,
        title=t(person, "title"),
        organisation=_organisation(access, access.follow(person, "organisation")),
        email=t(person, "email"),
        phone=t(person, "phone"),
        languages=t(person, "languages"),
        dietary=t(person, "dietary"),
        access_needs=t(person, "access_needs"),
        biography=t(person, "biography"),
        notes=t(person, "notes"),
        arrival=t(attendee, "arrival"),
        departure=t(attendee, "departure"),
        document_language=t(attendee, "document_language"),
    )


def journey_line(access: FieldAccess, leg: TravelLeg, names: dict[int, str], words: Words = ENGLISH) -> str:
    """One journey as a document may show it ("" when its edition may not see journeys):
    "Arrival by flight: KE 9021 (Korean Air) · Seoul Incheon (ICN) T2 → Manchester Airport (MAN)
    T2 · Tue 11 May 01:45 Seoul – Tue 11 May 08:15 London · met by Helen Marsh · notes", in the
    language of `words` ("도착 (항공편): KE 9021 … · 5월 11일 (화) 01:45 서울 – … · 영접: …")."""
    if not access.allows(TravelLeg, "number"):
        return ""
    t = access.text
    direction: LegDirection = access.value(leg, "direction")
    mode: JourneyMode = access.value(leg, "mode")
    name = leg_name(mode, t(leg, "carrier"), t(leg, "number"), t(leg, "from_place"), t(leg, "to_place"), direction)
    carrier = t(leg, "carrier").strip()
    if carrier and carrier != name:
        name = f"{name} ({carrier})"
    ends = route(
        leg_end(t(leg, "from_place"), t(leg, "from_terminal")) or "?",
        leg_end(t(leg, "to_place"), t(leg, "to_terminal")) or "?",
    )
    times = span(
        wall_clock(leg.departs_at, t(leg, "departs_zone"), words.code),
        wall_clock(leg.arrives_at, t(leg, "arrives_zone"), words.code),
        spaced=True,
    )
    met = access.value(leg, "met_by_attendee_id")
    parts = [words("journey.line", direction=words.direction(direction), mode=words.mode(mode), name=name), ends, times]
    if met is not None and met in names:
        parts.append(words("journey.met" if direction is LegDirection.ARRIVAL else "journey.seen_off", name=names[met]))
    if t(leg, "notes").strip():
        parts.append(t(leg, "notes").strip())
    return " · ".join(parts)


def _with_journeys(
    access: FieldAccess, people: dict[int, PersonView], legs: Iterable[TravelLeg], words: Words = ENGLISH
) -> dict[int, PersonView]:
    """The people with the lines of the journeys they are on (none when the edition withholds them)."""
    if not access.allows(TravelLeg, "number"):
        return people
    names = {key: person_name(p, words) for key, p in people.items()}
    lines: dict[int, list[str]] = {}
    for leg in legs:
        line = journey_line(access, leg, names, words)
        for traveller in leg.travellers:
            lines.setdefault(traveller.attendee_id, []).append(line)
    return {key: replace(p, journeys=tuple(lines.get(key, ()))) for key, p in people.items()}


def _movements(
    access: FieldAccess,
    legs: Iterable[TravelLeg],
    people: dict[int, PersonView],
    venues: dict[int, VenueView],
    visit_zone: str,
    words: Words = ENGLISH,
) -> tuple[MovementView, ...]:
    """The visit's arrivals and departures in time order (none when the document may not see journeys)."""
    if not access.allows(TravelLeg, "number"):
        return ()
    t = access.text
    found = []
    for leg in legs:
        direction: LegDirection = access.value(leg, "direction")
        arriving = direction is LegDirection.ARRIVAL
        mode: JourneyMode = access.value(leg, "mode")
        name = leg_name(mode, t(leg, "carrier"), t(leg, "number"), t(leg, "from_place"), t(leg, "to_place"), direction)
        at, zone_name = (
            (leg.arrives_at, t(leg, "arrives_zone")) if arriving else (leg.departs_at, t(leg, "departs_zone"))
        )
        where = t(leg, "to_place") if arriving else t(leg, "from_place")
        terminal = t(leg, "to_terminal") if arriving else t(leg, "from_terminal")
        venue = venues.get(leg.venue_id) if leg.venue_id is not None else None
        if not where.strip() and venue is not None:
            where = venue.code or venue.name
        travellers = sorted(
            (people[x.attendee_id] for x in leg.travellers if x.attendee_id in people), key=lambda p: p.sort_key
        )
        met = access.value(leg, "met_by_attendee_id")
        mode_name = mode.label if words.language is DocumentLanguage.EN else words.mode(mode)
        text = movement_text(
            name, mode_name, arriving, at, zone_name, visit_zone, where, terminal, symbol=False, lang=words.code
        )
        found.append(MovementView(at, arriving, text, tuple(travellers), people.get(met) if met else None, venue))
    found.sort(key=lambda m: (m.at, m.text))
    return tuple(found)


def _room(access: FieldAccess, room: Room) -> RoomView:
    return RoomView(
        access.text(room, "name"),
        access.value(room, "capacity"),
        access.text(room, "notes"),
        access.text(room, "native_name"),
    )


def _venue(access: FieldAccess, venue: Venue) -> VenueView:
    t = access.text
    hours = access.value(venue, "opening_hours")
    rooms = access.follow(venue, "rooms") or []
    return VenueView(
        key=venue.id,
        name=t(venue, "name"),
        code=t(venue, "code"),
        address=t(venue, "address"),
        time_zone=t(venue, "time_zone"),
        capacity=access.value(venue, "capacity"),
        opening_hours=hours_text(OpeningHours.from_json(hours)) if hours else "",
        description=t(venue, "description"),
        access_notes=t(venue, "access_notes"),
        site_contact=t(venue, "site_contact"),
        site_contact_phone=t(venue, "site_contact_phone"),
        rooms=tuple(_room(access, r) for r in sorted(rooms, key=lambda r: r.name)),
        native_name=t(venue, "native_name"),
    )


def hours_text(hours: OpeningHours) -> str:
    """ "Mon–Fri 08:00–18:00; Sat 10:00–14:00", runs of days with the same hours joined."""

    def spans(day: str) -> str:
        return ", ".join("all day" if a == b == time(0) else clock_span(a, b) for a, b in hours.spans.get(day, ()))

    if all(spans(day) == "all day" for day in WEEKDAYS):
        return "Open all day, every day"
    clauses, index = [], 0
    while index < len(WEEKDAYS):
        text, end = spans(WEEKDAYS[index]), index
        while end + 1 < len(WEEKDAYS) and spans(WEEKDAYS[end + 1]) == text:
            end += 1
        if text:
            first, last = WEEKDAYS[index].capitalize(), WEEKDAYS[end].capitalize()
            days = span(first, last) if end > index else first
            clauses.append(f"{days} {text}")
        index = end + 1
    return "; ".join(clauses) or "Closed"


def person_name(person: PersonView, words: Words = ENGLISH) -> str:
    """A person's name in running text: "Park Heong-Joon (박형준)"; for a reader of another
    language, as it writes names ("박형준 시장 (Park Heong-Joon)", see `PersonName.native_first`)."""
    if words.language is DocumentLanguage.EN:
        return person.name.display
    first, after = person.name.native_first(words.honorific(person.name.honorific))
    return f"{first} ({after})" if after else first


def read_plan(session: Session, visit_id: int, access: FieldAccess, words: Words = ENGLISH) -> Plan:
    """Read the visit for one document (journeys written in the language of `words`); raises
    `UserError` for an unknown visit."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    # Rows this session loaded before a service changed a foreign key keep the old related row
    # (e.g. `engagement.vehicle` after `vehicle_id` changed): read everything afresh.
    session.flush()
    session.expire_all()
    t = access.text
    view = VisitView(
        id=visit.id,
        title=t(visit, "title"),
        slug=t(visit, "slug"),
        start_date=access.value(visit, "start_date"),
        end_date=access.value(visit, "end_date"),
        local_time_zone=t(visit, "local_time_zone"),
        home_time_zone=t(visit, "home_time_zone"),
        purpose=t(visit, "purpose"),
        objectives=t(visit, "objectives"),
        marking=t(visit, "marking"),
        issue_number=access.value(visit, "issue_number") or 0,
        visiting=_organisation(access, access.follow(visit, "visiting_organisation")),
        host=_organisation(access, access.follow(visit, "host_organisation")),
    )

    people = {a.id: _person(access, a) for a in attendees_of(session, visit_id)}
    legs = travel_legs_of(session, visit_id)
    people = _with_journeys(access, people, legs, words)
    venues = {v.id: _venue(access, v) for v in venues_of(session, visit_id)}
    rows = engagements_of(session, visit_id)
    show_vehicles = access.allows(Engagement, "vehicle")
    vehicles: dict[int, VehicleView] = {}
    if show_vehicles:
        for v in vehicles_of(session, visit_id):
            driver = access.follow(v, "driver")
            vehicles[v.id] = VehicleView(
                key=v.id,
                label=t(v, "label"),
                capacity=access.value(v, "capacity"),
                registration=t(v, "registration"),
                notes=t(v, "notes"),
                driver=people.get(driver.id) if driver is not None else None,
            )

    def venue_of(row: Engagement, name: str) -> VenueView | None:
        related: Venue | None = access.follow(row, name)
        return venues.get(related.id) if related is not None else None

    engagements = []
    for e in rows:
        if not access.shows_engagement(e):
            continue
        room: Room | None = access.follow(e, "room")
        vehicle: Vehicle | None = access.follow(e, "vehicle")
        attendances = sorted(
            (
                AttendanceView(people[a.attendee_id], access.value(a, "part"))
                for a in (access.follow(e, "attendances") or [])
                if a.attendee_id in people
            ),
            key=lambda a: a.person.sort_key,
        )
        engagements.append(
            EngagementView(
                uid=t(e, "uuid"),
                kind=access.value(e, "kind"),
                title=t(e, "title"),
                start=access.value(e, "start_at"),
                end=access.value(e, "end_at"),
                status=access.value(e, "status"),
                venue=venue_of(e, "venue"),
                room=_room(access, room) if room is not None else None,
                origin=venue_of(e, "origin_venue"),
                vehicle=vehicles.get(vehicle.id) if vehicle is not None else None,
                public_notes=t(e, "public_notes"),
                restricted_notes=t(e, "restricted_notes"),
                dress_code=t(e, "dress_code"),
                attendances=tuple(attendances),
                guest_count=access.value(e, "guest_count") or 0,
                guest_label=t(e, "guest_label"),
            )
        )
    used = {v.key for e in engagements for v in (e.venue, e.origin) if v is not None}
    return Plan(
        access=access,
        visit=view,
        attendees=tuple(people.values()),
        engagements=tuple(engagements),
        venues=tuple(v for v in venues.values() if v.key in used),
        vehicles=tuple(vehicles.values()),
        local=zone(view.local_time_zone),
        home=zone(view.home_time_zone),
        movements=_movements(access, legs, people, venues, view.local_time_zone, words),
    )
