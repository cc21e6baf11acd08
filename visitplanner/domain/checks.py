"""The checks engine: finds clashes and gaps in one visit's plan, from plain values.

How the rules read the plan (codes in brackets; see `RULES` for each code's severity):

* Cancelled engagements never take part in a rule, except that one still holding
  attendees is mentioned (cancelled-with-attendees).
* Overlap is always `timerange.overlaps`: half-open ranges, so back-to-back is fine.
  Overlapping pairs are found with a sweep line per resource (person, room, vehicle,
  driver), so the cost grows with the engagements plus the clashes actually found.
* person-double-booked: one finding per pair of engagements, naming everyone booked at
  both (any attendee: interpreters and drivers included).
* driver-double-booked: a vehicle's driver (`CheckVehicle.driver_attendee_id`) is needed by
  two overlapping transfers in different vehicles. Not repeated when the driver attends both
  transfers, as person-double-booked already names them; two transfers in the same vehicle
  are vehicle-double-booked.
* vehicle-over-capacity: passengers are the transfer's attendees other than the vehicle's
  driver and anyone attending with the part "driver", plus its unnamed guests; the vehicle's
  capacity counts seats for passengers.
* Where a person is: at an engagement's venue; on a transfer, at its origin when it starts
  and at its venue (the destination) when it ends. Unknown venues are never compared.
* impossible-travel / unknown-travel-time: for each person, engagements in order of start;
  for each consecutive pair that changes place, the gap must be at least the recorded travel
  time (looked up in the given direction, then the other) plus
  `CheckOptions.travel_buffer_minutes`. Two overlapping engagements are a double booking and
  nothing more: one clash is reported once. With no travel time recorded, a warning is given
  only when the gap is shorter than the buffer alone.
* missing-transfer: a person's consecutive non-transfer engagements (that do not overlap) at
  different venues on the same local day, with no transfer of theirs starting in between
  (overnight, people are assumed to make their own way). Attendees whose role is driver are
  exempt.
* venue-closed: opening hours are read in the venue's zone (the visit's local zone when the
  venue has none); a venue with no hours recorded is never closed; transfers are not checked.
* room-over-capacity counts the engagement's attendees and unnamed guests ("+3 guests")
  against the room; with no room but a venue capacity, venue-over-capacity is a warning.
  Transfers are not counted.
* outside-visit-dates: starts before the first day's local midnight or ends after the last
  day's (in the visit's local zone).
* no-common-language: for meetings, ceremonies, meals, tours, briefings, press events and
  receptions, the attendees with languages recorded (drivers left out) share no one language,
  and no interpreter (by role or by part) attends.
* duplicate-precedence: two attendees of one side with the same precedence rank (visit-wide).
* no-signatory: a ceremony where nobody attends with the part "signatory".
* signatory-missing: a ceremony where someone of a side signs, but a principal of that side
  (role principal) does not attend it at all; one finding per missing principal.
* dietary-at-meal: a meal with attendees who have dietary requirements (one finding with the
  count).
* Replies to invitations (`CheckAttendance.answer`): room-over-capacity, venue-over-capacity and
  dietary-at-meal count the attendees who accepted or have not answered (or answered tentatively),
  never those who declined. key-person-declined: a principal (role) or a signatory (part) who
  declined an engagement still on.
* Interpreters at an engagement: its attendees whose role is interpreter or who attend with
  the part "interpreter". An interpreter booked at two engagements at once is a
  person-double-booked finding like anyone else's.
* interpreter-alone-simultaneous: an engagement interpreted simultaneously for longer than
  `CheckOptions.simultaneous_solo_minutes` with fewer than two interpreters.
* interpreter-overworked: an interpreter who works alone (the only interpreter at engagements
  of any kind but free time: a transfer with the principal is interpreted too) for longer than
  `CheckOptions.interpreting_daily_minutes` in one local day; overlapping engagements count
  once, and an engagement across midnight counts on each day for its part of it.
* Seating plans (not-seated, seated-not-attending, table-over-seats, precedence-broken,
  interpreter-out-of-reach, dietary-at-seat): see `visitplanner/domain/checks_seating.py`. A
  cancelled engagement's plan is not checked; a meal's dietary-at-seat replaces its dietary-at-meal.

Findings are sorted by severity, then the start of their first engagement (visit-wide
findings first), then code, then the ids involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from visitplanner.domain import checks_seating
from visitplanner.domain.checks_seating import CheckSeatingPlan as CheckSeatingPlan  # re-exported with the inputs
from visitplanner.domain.checks_sweep import OpeningIndex, overlapping_pairs
from visitplanner.domain.checks_text import (
    WEEKDAY_PLURAL,
    Clock,
    day_text,
    headcount,
    hours_text,
    join_names,
    minutes_text,
    verb,
)
from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    EngagementStatus,
    InterpretationMode,
    JourneyMode,
    LegDirection,
    Role,
    Side,
    TaskStatus,
    TaskWatch,
)
from visitplanner.domain.findings import DEFAULT_OPTIONS as DEFAULT_OPTIONS  # re-exported: the engine's API
from visitplanner.domain.findings import CheckOptions as CheckOptions
from visitplanner.domain.findings import Finding as Finding
from visitplanner.domain.findings import Severity as Severity
from visitplanner.domain.formatting import clock_span, span
from visitplanner.domain.hours import WEEKDAYS, OpeningHours
from visitplanner.domain.invitations import PartStat
from visitplanner.domain.office import in_declaration_currency
from visitplanner.domain.seating import SeatingGuest
from visitplanner.domain.timerange import local_day_bounds, overlaps, require_aware, zone
from visitplanner.domain.values import money

PERSON_DOUBLE_BOOKED = "person-double-booked"
ROOM_DOUBLE_BOOKED = "room-double-booked"
VEHICLE_DOUBLE_BOOKED = "vehicle-double-booked"
VEHICLE_OVER_CAPACITY = "vehicle-over-capacity"
DRIVER_DOUBLE_BOOKED = "driver-double-booked"
IMPOSSIBLE_TRAVEL = "impossible-travel"
UNKNOWN_TRAVEL_TIME = "unknown-travel-time"
MISSING_TRANSFER = "missing-transfer"
VENUE_CLOSED = "venue-closed"
ROOM_OVER_CAPACITY = "room-over-capacity"
VENUE_OVER_CAPACITY = "venue-over-capacity"
OUTSIDE_VISIT_DATES = "outside-visit-dates"
NO_ATTENDEES = "no-attendees"
CANCELLED_WITH_ATTENDEES = "cancelled-with-attendees"
NO_COMMON_LANGUAGE = "no-common-language"
DUPLICATE_PRECEDENCE = "duplicate-precedence"
NO_SIGNATORY = "no-signatory"
SIGNATORY_MISSING = "signatory-missing"
DIETARY_AT_MEAL = "dietary-at-meal"
INTERPRETER_ALONE_SIMULTANEOUS = "interpreter-alone-simultaneous"
INTERPRETER_OVERWORKED = "interpreter-overworked"
BEFORE_ARRIVAL = "engagement-before-arrival"
AFTER_DEPARTURE = "engagement-after-departure"
PICKUP_MISMATCH = "pickup-mismatch"
ARRIVAL_WITHOUT_TRANSFER = "arrival-without-transfer"
DEPARTURE_WITHOUT_TRANSFER = "departure-without-transfer"
PRINCIPAL_NOT_MET = "principal-not-met"
TASK_OVERDUE = "task-overdue"
TASK_REOPENED = "task-reopened"
GIFT_NOT_RECIPROCATED = "gift-not-reciprocated"
GIFT_NOT_DECLARED = "gift-not-declared"
GIFT_NOT_COMPARED = "gift-not-compared"
KEY_PERSON_DECLINED = "key-person-declined"

RULES: Mapping[str, tuple[Severity, str]] = {
    PERSON_DOUBLE_BOOKED: (Severity.ERROR, "a person is booked at two engagements at once"),
    ROOM_DOUBLE_BOOKED: (Severity.ERROR, "a room is booked for two engagements at once"),
    VEHICLE_DOUBLE_BOOKED: (Severity.ERROR, "a vehicle is booked for two transfers at once"),
    VEHICLE_OVER_CAPACITY: (Severity.ERROR, "a transfer has more passengers than the vehicle seats"),
    DRIVER_DOUBLE_BOOKED: (Severity.ERROR, "a driver is needed for two vehicles at once"),
    IMPOSSIBLE_TRAVEL: (Severity.ERROR, "too little time to travel between two engagements"),
    UNKNOWN_TRAVEL_TIME: (Severity.WARNING, "a tight change of venue with no travel time recorded"),
    MISSING_TRANSFER: (Severity.WARNING, "a change of venue with no transfer planned"),
    VENUE_CLOSED: (Severity.ERROR, "an engagement outside the venue's opening hours"),
    ROOM_OVER_CAPACITY: (Severity.ERROR, "more attendees than the room holds"),
    VENUE_OVER_CAPACITY: (Severity.WARNING, "more attendees than the venue holds"),
    OUTSIDE_VISIT_DATES: (Severity.ERROR, "an engagement outside the visit's dates"),
    NO_ATTENDEES: (Severity.WARNING, "an engagement nobody attends"),
    CANCELLED_WITH_ATTENDEES: (Severity.INFO, "a cancelled engagement still lists attendees"),
    NO_COMMON_LANGUAGE: (Severity.ERROR, "attendees share no language and no interpreter attends"),
    DUPLICATE_PRECEDENCE: (Severity.WARNING, "two attendees of one side share a precedence rank"),
    NO_SIGNATORY: (Severity.WARNING, "a ceremony with no signatory"),
    SIGNATORY_MISSING: (Severity.WARNING, "a principal is absent from a ceremony their side signs at"),
    DIETARY_AT_MEAL: (Severity.INFO, "a meal with attendees who have dietary requirements"),
    INTERPRETER_ALONE_SIMULTANEOUS: (
        Severity.WARNING,
        "simultaneous interpretation longer than one interpreter may give alone",
    ),
    INTERPRETER_OVERWORKED: (Severity.WARNING, "an interpreter works longer in a day than the office's limit"),
    BEFORE_ARRIVAL: (Severity.ERROR, "an engagement for a person before they arrive"),
    AFTER_DEPARTURE: (Severity.ERROR, "an engagement for a person after they must leave for their departure"),
    PICKUP_MISMATCH: (Severity.WARNING, "an airport or station pick-up that does not match the arrival"),
    ARRIVAL_WITHOUT_TRANSFER: (Severity.WARNING, "an arrival with no transfer from the airport or station"),
    DEPARTURE_WITHOUT_TRANSFER: (Severity.WARNING, "a departure with no transfer to the airport or station"),
    PRINCIPAL_NOT_MET: (Severity.WARNING, "a visiting principal met on arrival by nobody of suitable precedence"),
    checks_seating.NOT_SEATED: (Severity.WARNING, "an attendee has no seat in the engagement's seating plan"),
    checks_seating.GUESTS_NOT_SEATED: (
        Severity.WARNING,
        "some of the engagement's unnamed guests have no seat in its seating plan",
    ),
    checks_seating.SEATED_NOT_ATTENDING: (Severity.ERROR, "someone seated in a plan does not attend the engagement"),
    checks_seating.TABLE_OVER_SEATS: (Severity.ERROR, "more people at a table than it has seats"),
    checks_seating.PRECEDENCE_BROKEN: (Severity.WARNING, "a lower rank sits nearer the principals than a higher one"),
    checks_seating.INTERPRETER_OUT_OF_REACH: (Severity.WARNING, "an interpreter sits out of reach of their principal"),
    checks_seating.DIETARY_AT_SEAT: (Severity.INFO, "dietary needs at seats of a seating plan"),
    TASK_OVERDUE: (Severity.WARNING, "a readiness task past its due date and not done"),
    TASK_REOPENED: (Severity.WARNING, "a done readiness task whose subject has changed since"),
    GIFT_NOT_RECIPROCATED: (Severity.WARNING, "an official gift received with nothing given in return there"),
    GIFT_NOT_DECLARED: (Severity.WARNING, "a gift received over the declaration threshold, not yet declared"),
    GIFT_NOT_COMPARED: (
        Severity.WARNING,
        "a gift received, not yet declared, valued in a currency the office keeps no exchange rate for",
    ),
    KEY_PERSON_DECLINED: (Severity.ERROR, "a principal or signatory declined the invitation to an engagement"),
}

#: Kinds of engagement where people must be able to talk to each other.
SPOKEN_KINDS = frozenset(
    {
        EngagementKind.MEETING,
        EngagementKind.CEREMONY,
        EngagementKind.MEAL,
        EngagementKind.TOUR,
        EngagementKind.BRIEFING,
        EngagementKind.PRESS,
        EngagementKind.RECEPTION,
    }
)


@dataclass(frozen=True, slots=True)
class CheckVisit:
    """The visit the checks run for.

    Attributes:
        start_date: first day of the visit (in its local zone).
        end_date: last day of the visit (inclusive).
        local_time_zone: IANA zone where the visit happens; times in messages use it.
        home_time_zone: IANA zone of the delegation's home (may be empty).
    """

    start_date: date
    end_date: date
    local_time_zone: str
    home_time_zone: str = ""


@dataclass(frozen=True, slots=True)
class CheckEngagement:
    """One engagement of the visit.

    Attributes:
        id: the engagement's id.
        title: its title, as shown to officers.
        kind: meeting, transfer, meal, ...
        status: tentative, confirmed or cancelled.
        start: aware start instant.
        end: aware end instant (after start).
        venue_id: where it happens; for a transfer, the destination.
        room_id: the room booked, if any.
        origin_venue_id: for a transfer, where it leaves from.
        vehicle_id: for a transfer, the vehicle used.
        interpretation: consecutive or simultaneous (when interpreters attend).
        guests: unnamed guests beyond the attendees ("+3 guests (spouses)"); counted against
            the room, venue or vehicle like attendees.
    """

    id: int
    title: str
    kind: EngagementKind
    status: EngagementStatus
    start: datetime
    end: datetime
    venue_id: int | None = None
    room_id: int | None = None
    origin_venue_id: int | None = None
    vehicle_id: int | None = None
    interpretation: InterpretationMode = InterpretationMode.CONSECUTIVE
    guests: int = 0


@dataclass(frozen=True, slots=True)
class CheckAttendance:
    """An attendee booked at an engagement.

    Attributes:
        engagement_id: the engagement.
        attendee_id: the attendee.
        part: what they do there (participant, signatory, interpreter, ...).
        answer: their reply to the invitation (no reply: NEEDS_ACTION).
    """

    engagement_id: int
    attendee_id: int
    part: AttendancePart = AttendancePart.PARTICIPANT
    answer: PartStat = PartStat.NEEDS_ACTION


@dataclass(frozen=True, slots=True)
class CheckAttendee:
    """A person taking part in the visit.

    Attributes:
        id: the attendee's id.
        name: display name, e.g. "Park Heong-Joon (박형준)".
        side: visiting, host or staff.
        role: principal, delegate, interpreter, driver, ...
        precedence: rank within the side (1 = first), or None.
        languages: ISO codes of the languages they speak, e.g. ("ko", "en").
        has_dietary_requirement: whether the caterer must be told something.
    """

    id: int
    name: str
    side: Side
    role: Role
    precedence: int | None = None
    languages: tuple[str, ...] = ()
    has_dietary_requirement: bool = False


@dataclass(frozen=True, slots=True)
class CheckVenue:
    """A venue engagements take place at.

    Attributes:
        id: the venue's id.
        name: its name.
        code: its short code, e.g. "DIF".
        time_zone: IANA zone of the venue; empty means the visit's local zone.
        capacity: how many people it holds, or None when not recorded.
        opening_hours: weekly hours, or None when not recorded (never reported closed).
    """

    id: int
    name: str
    code: str = ""
    time_zone: str = ""
    capacity: int | None = None
    opening_hours: OpeningHours | None = None


@dataclass(frozen=True, slots=True)
class CheckRoom:
    """A bookable room of a venue.

    Attributes:
        id: the room's id.
        venue_id: the venue it is in.
        name: its name.
        capacity: how many people it holds, or None when not recorded.
    """

    id: int
    venue_id: int
    name: str
    capacity: int | None = None


@dataclass(frozen=True, slots=True)
class CheckTravelTime:
    """How long it takes to get from one venue to another.

    Attributes:
        from_venue_id: where the journey starts.
        to_venue_id: where it ends.
        minutes: the journey's length (used for the other direction too, unless that has its own).
    """

    from_venue_id: int
    to_venue_id: int
    minutes: int


@dataclass(frozen=True, slots=True)
class CheckVehicle:
    """A vehicle used for transfers.

    Attributes:
        id: the vehicle's id.
        label: e.g. "Car 1".
        capacity: passenger seats (the driver not counted).
        driver_attendee_id: the attendee who drives it, if any.
    """

    id: int
    label: str
    capacity: int
    driver_attendee_id: int | None = None


@dataclass(frozen=True, slots=True)
class CheckLeg:
    """A journey bringing attendees to the visit or taking them home.

    Attributes:
        id: the travel leg's id.
        name: how messages name it: "KE 9021".
        direction: arrival or departure.
        departs: aware take-off (or departure) instant.
        arrives: aware landing (or arrival) instant.
        zone: IANA zone of its local end (the landing's for an arrival, the take-off's for a
            departure); its time is written in that zone.
        place: the local end as written: "Manchester Airport T1".
        venue_id: the local end in the venue book, which transfers use, if recorded.
        traveller_ids: the attendees on it.
        met_by_attendee_id: who meets them (arrivals), if anyone.
        mode: flight, train, car or other.
    """

    id: int
    name: str
    direction: LegDirection
    departs: datetime
    arrives: datetime
    zone: str
    place: str = ""
    venue_id: int | None = None
    traveller_ids: tuple[int, ...] = ()
    met_by_attendee_id: int | None = None
    mode: JourneyMode = JourneyMode.FLIGHT


@dataclass(frozen=True, slots=True)
class CheckTask:
    """A readiness task of the visit.

    Attributes:
        id: the task's id.
        title: what is to be done.
        owner: who does it.
        due: the date it is due, or None.
        status: open, in progress, done or reopened (done, but what it is about has changed).
        watch: what it is about.
    """

    id: int
    title: str
    owner: str = ""
    due: date | None = None
    status: TaskStatus = TaskStatus.OPEN
    watch: TaskWatch = TaskWatch.NOTHING


@dataclass(frozen=True, slots=True)
class CheckGift:
    """A gift in the visit's register.

    Attributes:
        id: the gift's id.
        description: what it is.
        engagement_id: where it is presented, or None.
        giver_side, recipient_side: the sides of giver and recipient (None when unknown).
        value: estimated value in minor units of `currency`, or None.
        currency: ISO code.
        declared: whether it has been declared.
        giver, recipient: their names, for messages.
    """

    id: int
    description: str
    engagement_id: int | None = None
    giver_side: Side | None = None
    recipient_side: Side | None = None
    value: int | None = None
    currency: str = "GBP"
    declared: bool = False
    giver: str = ""
    recipient: str = ""


@dataclass(frozen=True, slots=True)
class CheckInput:
    """Everything the checks look at for one visit.

    Attendances naming an engagement or attendee not given here are ignored.

    Attributes:
        visit: the visit's dates and zones.
        engagements: its engagements (ids unique).
        attendances: who attends what.
        attendees: its attendees.
        venues: the venues its engagements use.
        rooms: the rooms its engagements use.
        travel_times: known journey times between venues.
        vehicles: its vehicles.
        legs: its arrivals and departures.
        seating: the seating plans of its engagements.
        tasks: its readiness checklist.
        gifts: its gift register.
        today: the date in the visit's zone (tasks due before it are overdue); None: no date checks.
    """

    visit: CheckVisit
    engagements: Sequence[CheckEngagement] = ()
    attendances: Sequence[CheckAttendance] = ()
    attendees: Sequence[CheckAttendee] = ()
    venues: Sequence[CheckVenue] = ()
    rooms: Sequence[CheckRoom] = ()
    travel_times: Sequence[CheckTravelTime] = ()
    vehicles: Sequence[CheckVehicle] = ()
    legs: Sequence[CheckLeg] = ()
    seating: Sequence[CheckSeatingPlan] = ()
    tasks: Sequence[CheckTask] = ()
    today: date | None = None
    gifts: Sequence[CheckGift] = ()


def run_checks(data: CheckInput, options: CheckOptions = DEFAULT_OPTIONS) -> list[Finding]:
    """All findings for the visit in `data`, errors first, then by time and code."""
    return _Engine(data, options).run()


@lru_cache(maxsize=256)
def _zone(name: str, field_name: str) -> ZoneInfo:
    return zone(name, field_name)


_DAY = timedelta(days=1)
#: What has changed when a done task of each kind reopens.
_WATCHED_CHANGE = {
    TaskWatch.DIETARY: "a dietary need or a meal's attendance has changed",
    TaskWatch.PROGRAMME: "the programme has changed (a new briefing issue is due)",
}
#: The order sides are listed in: the delegation, then the hosts, then support staff.
SIDE_RANK: Mapping[Side, int] = {side: n for n, side in enumerate(Side)}


class _Engine:
    """One run of the checks: the input indexed by position in start order, and the findings."""

    def __init__(self, data: CheckInput, options: CheckOptions) -> None:
        self.options = options
        self.visit = data.visit
        self.local_tz = _zone(data.visit.local_time_zone, "local_time_zone")
        self.clock = Clock(self.local_tz)
        self.findings: list[Finding] = []
        self.attendees = {a.id: a for a in data.attendees}
        self.venues = {v.id: v for v in data.venues}
        self.rooms = {r.id: r for r in data.rooms}
        self.vehicles = {v.id: v for v in data.vehicles}
        self.legs = sorted(data.legs, key=lambda leg: (leg.arrives, leg.id))
        self.seating = tuple(data.seating)
        self.tasks = sorted(data.tasks, key=lambda t: (t.due is None, t.due or date.min, t.id))
        self.today = data.today
        self.gifts = sorted(data.gifts, key=lambda g: g.id)
        self.travel: dict[tuple[int, int], int] = {}
        for t in data.travel_times:
            self.travel[(t.from_venue_id, t.to_venue_id)] = t.minutes
        for t in data.travel_times:
            self.travel.setdefault((t.to_venue_id, t.from_venue_id), t.minutes)

        given = list(data.engagements)
        starts: list[float] = []
        ends: list[float] = []
        for e in given:
            if e.start.tzinfo is None or e.end.tzinfo is None:
                require_aware(e.start, "start")
                require_aware(e.end, "end")  # one of them raises: a naive time is ambiguous
            starts.append(e.start.timestamp())
            ends.append(e.end.timestamp())
        # by (start, end, id): three stable sorts on plain numbers, about twice as fast as one
        # sort on tuple keys, and no key tuples for the garbage collector to track
        order = sorted(range(len(given)), key=[e.id for e in given].__getitem__)
        order.sort(key=ends.__getitem__)
        order.sort(key=starts.__getitem__)
        self.engs = [given[k] for k in order]
        self.start = [starts[k] for k in order]
        self.end = [ends[k] for k in order]
        self.pos = {e.id: i for i, e in enumerate(self.engs)}
        cancelled = EngagementStatus.CANCELLED
        self.active = [e.status is not cancelled for e in self.engs]

        # who attends what: distinct attendees per engagement, the non-participant parts, and
        # each attendee's active engagements (in start order once sorted)
        self.members: list[list[int]] = [[] for _ in self.engs]
        self.parts: dict[int, list[tuple[int, AttendancePart]]] = {}
        self.by_person: dict[int, list[int]] = {}
        #: per engagement position, the attendees who declined its invitation
        self.declined: dict[int, set[int]] = {}
        pos_get, attendees, members, active = self.pos.get, self.attendees, self.members, self.active
        parts, by_person = self.parts, self.by_person
        participant = AttendancePart.PARTICIPANT
        needs_action = PartStat.NEEDS_ACTION
        for a in data.attendances:
            i = pos_get(a.engagement_id)
            person = a.attendee_id
            if i is None or person not in attendees:
                continue
            if a.part is not participant:
                parts.setdefault(i, []).append((person, a.part))
            if a.answer is not needs_action and not a.answer.counts_as_coming:
                self.declined.setdefault(i, set()).add(person)
            here = members[i]
            if person not in here:
                here.append(person)
                if active[i]:
                    seq = by_person.get(person)
                    if seq is None:
                        by_person[person] = [i]
                    else:
                        seq.append(i)
        for seq in by_person.values():
            seq.sort()
        self._labels: dict[int, str] = {}
        self._venue_tz: dict[int, tzinfo] = {}
        self._opening: dict[int, OpeningIndex] = {}
        self._opening_by_hours: dict[tuple[object, ...], OpeningIndex] = {}

    # ----------------------------------------------------------------- wording
    def label(self, i: int) -> str:
        """The engagement at position `i` as "'DIF tour' (Tue 14 May 10:30–11:30)"."""
        text = self._labels.get(i)
        if text is None:
            e = self.engs[i]
            text = f"'{e.title}' ({self.clock.span(e.start, e.end)})"
            self._labels[i] = text
        return text

    def person(self, attendee_id: int) -> str:
        return self.attendees[attendee_id].name

    def ordered(self, attendee_ids: Iterable[int]) -> list[int]:
        """The attendees in the order a list of names is read: by side (visiting, host, staff),
        then precedence, then name, so a principal comes before their interpreter."""
        attendees = self.attendees

        def key(a: int) -> tuple[int, bool, int, str, int]:
            rank = attendees[a].precedence
            return (SIDE_RANK[attendees[a].side], rank is None, rank or 0, attendees[a].name.casefold(), a)

        return sorted(attendee_ids, key=key)

    def people(self, attendee_ids: Sequence[int]) -> str:
        return join_names([self.person(a) for a in attendee_ids])

    def venue_name(self, venue_id: int) -> str:
        venue = self.venues.get(venue_id)
        return venue.name if venue is not None else f"venue #{venue_id}"

    def venue_tz(self, venue: CheckVenue) -> tzinfo:
        tz = self._venue_tz.get(venue.id)
        if tz is None:
            tz = _zone(venue.time_zone, "time_zone") if venue.time_zone else self.local_tz
            self._venue_tz[venue.id] = tz
        return tz

    def add(self, code: str, message: str, engagements: Iterable[int] = (), attendee_ids: Iterable[int] = ()) -> None:
        """Record a finding; `engagements` are positions, turned into ids here."""
        self.findings.append(
            Finding(code, RULES[code][0], message, tuple(self.engs[i].id for i in engagements), tuple(attendee_ids))
        )

    # ------------------------------------------------------------------- rules
    def run(self) -> list[Finding]:
        self.check_people()
        by_room, by_vehicle, by_driver = self._by_resource()
        self.check_rooms(by_room)
        self.check_vehicles(by_vehicle, by_driver)
        self.check_engagements()
        self.check_interpreters()
        self.check_legs()
        self.check_tasks()
        self.check_gifts()
        self.check_precedence()
        self.check_seating()
        start_of = {e.id: s for e, s in zip(self.engs, self.start, strict=True)}
        no_time = float("-inf")

        def key(f: Finding) -> tuple[int, float, str, tuple[int, ...], tuple[int, ...], str]:
            first = min((start_of[e] for e in f.engagement_ids), default=no_time)
            return (f.severity.rank, first, f.code, f.engagement_ids, f.attendee_ids, f.message)

        return sorted(self.findings, key=key)

    def _confirm(self, j: int, i: int) -> bool:
        a, b = self.engs[j], self.engs[i]
        return overlaps(a.start, a.end, b.start, b.end)

    def check_people(self) -> None:
        """Double bookings, travel between venues and missing transfers, per person in one sweep.

        People with the same engagements (a delegation moving as one) are swept once together.
        """
        schedules: dict[tuple[tuple[int, ...], bool], list[int]] = {}
        for person, seq in self.by_person.items():
            key = (tuple(seq), self.attendees[person].role is not Role.DRIVER)
            group = schedules.get(key)
            if group is None:
                schedules[key] = [person]
            else:
                group.append(person)

        engs, starts, ends = self.engs, self.start, self.end
        is_transfer = [e.kind is EngagementKind.TRANSFER for e in engs]
        arrive_place = [e.venue_id for e in engs]
        leave_place = [e.origin_venue_id if t else e.venue_id for e, t in zip(engs, is_transfer, strict=True)]
        travel = self.travel
        buffer_s = self.options.travel_buffer_minutes * 60.0
        local_tz = self.local_tz
        local_day = [e.start.astimezone(local_tz).date() for e in engs]
        double: dict[tuple[int, int], list[int]] = {}
        too_far: dict[tuple[int, int], list[int]] = {}
        unknown: dict[tuple[int, int], list[int]] = {}
        missing: dict[tuple[int, int], list[int]] = {}

        for (schedule, needs_transfers), people in schedules.items():
            # double bookings: the same sweep line as every other resource
            for pair in overlapping_pairs(schedule, starts, ends, self._confirm):
                double.setdefault(pair, []).extend(people)
            prev = -1
            last_stay = -1  # the last non-transfer engagement
            moved = False  # a transfer started since last_stay
            for i in schedule:
                start = starts[i]
                # travel from the previous engagement (by start) when they do not overlap
                if prev >= 0:
                    gap = start - ends[prev]
                    here, there = arrive_place[prev], leave_place[i]
                    if here is not None and there is not None and here != there:
                        minutes = travel.get((here, there))
                        if gap < 0:
                            pass  # at two venues at once: reported once, as a double booking
                        elif minutes is None:
                            if gap < buffer_s:
                                unknown.setdefault((prev, i), []).extend(people)
                        elif gap < minutes * 60.0 + buffer_s:
                            too_far.setdefault((prev, i), []).extend(people)
                prev = i
                # a change of venue needs a transfer
                if needs_transfers:
                    if is_transfer[i]:
                        moved = True
                    else:
                        if (
                            last_stay >= 0
                            and not moved
                            and ends[last_stay] <= start
                            and local_day[last_stay] == local_day[i]
                        ):
                            here, there = arrive_place[last_stay], arrive_place[i]
                            if here is not None and there is not None and here != there:
                                missing.setdefault((last_stay, i), []).extend(people)
                        last_stay = i
                        moved = False

        for (j, i), people in double.items():
            people = self.ordered(people)
            self.add(
                PERSON_DOUBLE_BOOKED,
                f"{self.people(people)} {verb(len(people), 'is', 'are')} booked at {self.label(j)} "
                f"and {self.label(i)} at the same time.",
                (j, i),
                people,
            )
        for (j, i), people in too_far.items():
            people = self.ordered(people)
            here, there = arrive_place[j], leave_place[i]
            assert here is not None and there is not None
            minutes = travel.get((here, there))
            route = (
                f"{self.people(people)} cannot get from {self.label(j)} at {self.venue_name(here)} "
                f"to {self.label(i)} at {self.venue_name(there)}"
            )
            reason = (
                f"the journey takes {minutes} min plus a {self.options.travel_buffer_minutes} min "
                f"buffer, but there is only {minutes_text(starts[i] - ends[j])}."
            )
            self.add(IMPOSSIBLE_TRAVEL, f"{route}: {reason}", (j, i), people)
        for (j, i), people in unknown.items():
            people = self.ordered(people)
            here, there = arrive_place[j], leave_place[i]
            assert here is not None and there is not None
            self.add(
                UNKNOWN_TRAVEL_TIME,
                f"No travel time is recorded between {self.venue_name(here)} and "
                f"{self.venue_name(there)}, and {self.people(people)} "
                f"{verb(len(people), 'has', 'have')} "
                f"only {minutes_text(starts[i] - ends[j])} between {self.label(j)} and "
                f"{self.label(i)}.",
                (j, i),
                people,
            )
        for (j, i), people in missing.items():
            people = self.ordered(people)
            here, there = arrive_place[j], arrive_place[i]
            assert here is not None and there is not None
            self.add(
                MISSING_TRANSFER,
                f"{self.people(people)} {verb(len(people), 'goes', 'go')} from {self.label(j)} at "
                f"{self.venue_name(here)} to {self.label(i)} at {self.venue_name(there)} "
                f"with no transfer planned.",
                (j, i),
                people,
            )

    def _by_resource(self) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, list[int]]]:
        """Active engagement positions (in start order) per room, per vehicle and per driver."""
        by_room: dict[int, list[int]] = {}
        by_vehicle: dict[int, list[int]] = {}
        by_driver: dict[int, list[int]] = {}
        vehicles = self.vehicles
        for i, e in enumerate(self.engs):
            if not self.active[i]:
                continue
            if e.room_id is not None:
                by_room.setdefault(e.room_id, []).append(i)
            if e.vehicle_id is not None:
                by_vehicle.setdefault(e.vehicle_id, []).append(i)
                vehicle = vehicles.get(e.vehicle_id)
                if vehicle is not None and vehicle.driver_attendee_id is not None:
                    by_driver.setdefault(vehicle.driver_attendee_id, []).append(i)
        return by_room, by_vehicle, by_driver

    def check_rooms(self, by_room: Mapping[int, list[int]]) -> None:
        """Two engagements in one room at once."""
        for room_id, seq in by_room.items():
            room = self.rooms.get(room_id)
            where = f"{room.name} at {self.venue_name(room.venue_id)}" if room is not None else f"room #{room_id}"
            for j, i in overlapping_pairs(seq, self.start, self.end, self._confirm):
                self.add(
                    ROOM_DOUBLE_BOOKED,
                    f"{where} is booked for {self.label(j)} and {self.label(i)} at the same time.",
                    (j, i),
                )

    def check_vehicles(self, by_vehicle: Mapping[int, list[int]], by_driver: Mapping[int, list[int]]) -> None:
        """Vehicles and their drivers on two transfers at once."""
        for vehicle_id, seq in by_vehicle.items():
            vehicle = self.vehicles.get(vehicle_id)
            name = f"'{vehicle.label}'" if vehicle is not None else f"vehicle #{vehicle_id}"
            for j, i in overlapping_pairs(seq, self.start, self.end, self._confirm):
                self.add(
                    VEHICLE_DOUBLE_BOOKED,
                    f"Vehicle {name} is booked for {self.label(j)} and {self.label(i)} at the same time.",
                    (j, i),
                )

        for driver, seq in by_driver.items():
            for j, i in overlapping_pairs(seq, self.start, self.end, self._confirm):
                a_id, b_id = self.engs[j].vehicle_id, self.engs[i].vehicle_id
                if a_id == b_id:
                    continue  # the vehicle itself is double-booked
                if driver in self.members[j] and driver in self.members[i]:
                    continue  # already a person-double-booked finding
                assert a_id is not None and b_id is not None  # only engagements with a vehicle are swept
                a_vehicle, b_vehicle = self.vehicles[a_id], self.vehicles[b_id]
                name = self.person(driver) if driver in self.attendees else f"attendee #{driver}"
                self.add(
                    DRIVER_DOUBLE_BOOKED,
                    f"{name} drives '{a_vehicle.label}' for {self.label(j)} and '{b_vehicle.label}' "
                    f"for {self.label(i)} at the same time.",
                    (j, i),
                    (driver,),
                )

    def check_engagements(self) -> None:
        """The rules about one engagement at a time."""
        lo, _ = local_day_bounds(self.visit.start_date, self.local_tz)
        _, hi = local_day_bounds(self.visit.end_date, self.local_tz)
        lo_ts, hi_ts = lo.timestamp(), hi.timestamp()
        window = (lo - 2 * _DAY, hi + 2 * _DAY)
        first, last = day_text(self.visit.start_date), day_text(self.visit.end_date)
        dates = f"{span(first, last, spaced=True)} {self.visit.end_date.year}"
        attendees, venues, rooms, vehicles = self.attendees, self.venues, self.rooms, self.vehicles
        principals: dict[Side, list[int]] = {}
        for a in attendees.values():
            if a.role is Role.PRINCIPAL:
                principals.setdefault(a.side, []).append(a.id)
        languages = {a.id: frozenset(code.lower() for code in a.languages) for a in attendees.values()}
        speaks_for_others = {a.id for a in attendees.values() if a.role is Role.INTERPRETER}
        drivers = {a.id for a in attendees.values() if a.role is Role.DRIVER}
        dietary = {a.id for a in attendees.values() if a.has_dietary_requirement}
        # the same people with the same parts reach the same verdict on language
        no_common_language: dict[tuple[tuple[int, ...], tuple[tuple[int, AttendancePart], ...]], list[int] | None] = {}
        transfer, ceremony, meal = EngagementKind.TRANSFER, EngagementKind.CEREMONY, EngagementKind.MEAL
        all_members, active, all_starts, all_ends = self.members, self.active, self.start, self.end

        for i, e in enumerate(self.engs):
            members = all_members[i]
            if not active[i]:
                if members:
                    members = self.ordered(members)
                    self.add(
                        CANCELLED_WITH_ATTENDEES,
                        f"{self.label(i)} is cancelled but still lists {len(members)} "
                        f"attendee{'s' if len(members) != 1 else ''}: {self.people(members)}.",
                        (i,),
                        members,
                    )
                continue
            start_ts, end_ts = all_starts[i], all_ends[i]
            if start_ts < lo_ts or end_ts > hi_ts:
                self.add(OUTSIDE_VISIT_DATES, f"{self.label(i)} is outside the visit's dates ({dates}).", (i,))
            if not members:
                self.add(NO_ATTENDEES, f"Nobody attends {self.label(i)}.", (i,))
            kind = e.kind
            if kind is transfer:
                vehicle = vehicles.get(e.vehicle_id) if e.vehicle_id is not None else None
                if vehicle is not None and len(members) + e.guests > vehicle.capacity:
                    self._vehicle_capacity(i, vehicle)
                continue
            venue = venues.get(e.venue_id) if e.venue_id is not None else None
            if venue is not None and venue.opening_hours is not None:
                index = self._opening_index(venue, window)
                if not index.is_open_throughout(e.start, e.end, start_ts, end_ts):
                    self._venue_closed(i, venue)
            declined = self.declined.get(i)
            if declined:
                self._declined(i, members, declined)
                coming = [a for a in members if a not in declined]
            else:
                coming = members
            room = rooms.get(e.room_id) if e.room_id is not None else None
            people = len(coming) + e.guests
            if room is not None:
                if room.capacity is not None and people > room.capacity:
                    self.add(
                        ROOM_OVER_CAPACITY,
                        f"{self.label(i)} has {headcount(len(coming), e.guests, 'attendee')} "
                        f"but {room.name} holds {room.capacity}.",
                        (i,),
                        self.ordered(coming),
                    )
            elif venue is not None and venue.capacity is not None and people > venue.capacity:
                self.add(
                    VENUE_OVER_CAPACITY,
                    f"{self.label(i)} has {headcount(len(coming), e.guests, 'attendee')} "
                    f"but {venue.name} holds {venue.capacity}.",
                    (i,),
                    self.ordered(coming),
                )
            if kind in SPOKEN_KINDS and len(members) > 1:
                parts = self.parts.get(i, ())
                key = (tuple(members), tuple(parts))
                if key in no_common_language:
                    speakers = no_common_language[key]
                else:
                    speakers = self._no_common_language(members, parts, languages, speaks_for_others, drivers)
                    no_common_language[key] = speakers
                if speakers is not None:
                    who = join_names([f"{self.person(a)} ({', '.join(sorted(languages[a]))})" for a in speakers])
                    self.add(
                        NO_COMMON_LANGUAGE,
                        f"The attendees of {self.label(i)} share no language and no interpreter attends: {who}.",
                        (i,),
                        speakers,
                    )
            if kind is ceremony:
                self._signatories(i, members, principals)
            elif kind is meal:
                special = [a for a in coming if a in dietary]
                if special:
                    special = self.ordered(special)
                    self.add(
                        DIETARY_AT_MEAL,
                        f"{len(special)} attendee{'s' if len(special) != 1 else ''} at {self.label(i)} "
                        f"{verb(len(special), 'has a dietary requirement', 'have dietary requirements')}"
                        ": see the caterer sheet.",
                        (i,),
                        special,
                    )

    def _declined(self, i: int, members: Sequence[int], declined: set[int]) -> None:
        """key-person-declined: a principal or a signatory of engagement `i` declined it."""
        signing = {a for a, part in self.parts.get(i, ()) if part is AttendancePart.SIGNATORY}
        for a in self.ordered(a for a in members if a in declined):
            if a in signing or self.attendees[a].role is Role.PRINCIPAL:
                what = "signatory" if a in signing else "principal"
                self.add(
                    KEY_PERSON_DECLINED,
                    f"{self.person(a)}, a {what}, declined the invitation to {self.label(i)}.",
                    (i,),
                    [a],
                )

    def _vehicle_capacity(self, i: int, vehicle: CheckVehicle) -> None:
        driving = {a for a, part in self.parts.get(i, ()) if part is AttendancePart.DRIVER}
        if vehicle.driver_attendee_id is not None:
            driving.add(vehicle.driver_attendee_id)
        passengers = [a for a in self.members[i] if a not in driving]
        guests = self.engs[i].guests
        if len(passengers) + guests > vehicle.capacity:
            passengers = self.ordered(passengers)
            self.add(
                VEHICLE_OVER_CAPACITY,
                f"{self.label(i)} has {headcount(len(passengers), guests, 'passenger')} "
                f"but '{vehicle.label}' seats {vehicle.capacity}.",
                (i,),
                passengers,
            )

    def _venue_closed(self, i: int, venue: CheckVenue) -> None:
        assert venue.opening_hours is not None
        e = self.engs[i]
        tz = self.venue_tz(venue)
        local = e.start.astimezone(tz)
        spans = venue.opening_hours.spans.get(WEEKDAYS[local.weekday()], ())
        day = WEEKDAY_PLURAL[local.weekday()]
        hours = f"open {', '.join(clock_span(o, c) for o, c in spans)} on {day}" if spans else f"closed on {day}"
        there = ""
        if tz is not self.local_tz:
            there = f" ({Clock(tz).span(e.start, e.end)} {venue.time_zone} time)"
        self.add(VENUE_CLOSED, f"{self.label(i)} is at {venue.name}{there}, which is {hours}.", (i,))

    def _opening_index(self, venue: CheckVenue, window: tuple[datetime, datetime]) -> OpeningIndex:
        """The venue's hours as an index, shared by venues with the same hours and zone."""
        index = self._opening.get(venue.id)
        if index is None:
            assert venue.opening_hours is not None
            tz = self.venue_tz(venue)
            key = (tuple(sorted(venue.opening_hours.spans.items())), tz)
            index = self._opening_by_hours.get(key)
            if index is None:
                index = OpeningIndex(venue.opening_hours, tz, window)
                self._opening_by_hours[key] = index
            self._opening[venue.id] = index
        return index

    def _no_common_language(
        self,
        members: list[int],
        parts: Sequence[tuple[int, AttendancePart]],
        languages: Mapping[int, frozenset[str]],
        interpreters: set[int],
        drivers: set[int],
    ) -> list[int] | None:
        """The attendees (in reading order) who share no language, or None when all is well."""
        if any(a in interpreters for a in members) or any(part is AttendancePart.INTERPRETER for _, part in parts):
            return None
        driving = {a for a, part in parts if part is AttendancePart.DRIVER}
        speakers = [a for a in members if languages[a] and a not in drivers and a not in driving]
        if len(speakers) < 2:
            return None
        shared = languages[speakers[0]]
        for a in speakers[1:]:
            shared = shared & languages[a]
            if not shared:
                return self.ordered(speakers)
        return None

    def _signatories(self, i: int, members: list[int], principals: Mapping[Side, list[int]]) -> None:
        signing_sides: list[Side] = []
        for a, part in self.parts.get(i, ()):
            side = self.attendees[a].side
            if part is AttendancePart.SIGNATORY and side not in signing_sides:
                signing_sides.append(side)
        if not signing_sides:
            self.add(NO_SIGNATORY, f"Nobody is down to sign at {self.label(i)}.", (i,))
            return
        for side in signing_sides:
            for p in principals.get(side, ()):
                if p not in members:
                    self.add(
                        SIGNATORY_MISSING,
                        f"{self.person(p)}, a principal of the {side.label.lower()} side, is not attending "
                        f"{self.label(i)}, where the {side.label.lower()} side signs.",
                        (i,),
                        (p,),
                    )

    def check_interpreters(self) -> None:
        """Simultaneous interpretation given alone for too long, and interpreters working alone
        for longer in a day than the office's limit."""
        attendees = self.attendees
        by_role = {a.id for a in attendees.values() if a.role is Role.INTERPRETER}
        solo_limit = self.options.simultaneous_solo_minutes * 60.0
        daily_limit = self.options.interpreting_daily_minutes * 60.0
        alone: dict[int, list[int]] = {}  # interpreter -> positions where they interpret alone
        for i, e in enumerate(self.engs):
            if not self.active[i] or e.kind is EngagementKind.FREE_TIME:
                continue
            interpreters = [a for a in self.members[i] if a in by_role]
            for a, part in self.parts.get(i, ()):
                if part is AttendancePart.INTERPRETER and a not in interpreters:
                    interpreters.append(a)
            length = self.end[i] - self.start[i]
            if e.interpretation is InterpretationMode.SIMULTANEOUS and len(interpreters) < 2 and length > solo_limit:
                who = f"only {self.person(interpreters[0])}" if interpreters else "no interpreter"
                self.add(
                    INTERPRETER_ALONE_SIMULTANEOUS,
                    f"{self.label(i)} is interpreted simultaneously for {hours_text(length)} with {who}: "
                    f"beyond {self.options.simultaneous_solo_minutes} min simultaneous interpretation "
                    "needs two interpreters taking turns.",
                    (i,),
                    interpreters,
                )
            if len(interpreters) == 1:
                alone.setdefault(interpreters[0], []).append(i)
        for interpreter in self.ordered(alone):
            per_day: dict[date, list[tuple[float, float, int]]] = {}
            for i in alone[interpreter]:
                start, end = self.engs[i].start, self.engs[i].end
                day = start.astimezone(self.local_tz).date()
                while True:
                    _, day_end = local_day_bounds(day, self.local_tz)
                    piece_end = min(end, day_end)
                    per_day.setdefault(day, []).append((start.timestamp(), piece_end.timestamp(), i))
                    if end <= day_end:
                        break
                    start, day = day_end, day + _DAY
            for _day, pieces in sorted(per_day.items()):
                pieces.sort()
                worked = 0.0
                covered_to = float("-inf")
                for lo, hi, _ in pieces:
                    lo = max(lo, covered_to)
                    if hi > lo:
                        worked += hi - lo
                        covered_to = hi
                if worked <= daily_limit:
                    continue
                first_lo, last_hi = pieces[0][0], max(hi for _, hi, _ in pieces)
                tz = self.local_tz
                span_text = self.clock.span(datetime.fromtimestamp(first_lo, tz), datetime.fromtimestamp(last_hi, tz))
                positions = sorted({i for _, _, i in pieces})
                self.add(
                    INTERPRETER_OVERWORKED,
                    f"{self.person(interpreter)} interprets alone for {hours_text(worked)} of "
                    f"{span_text} ({len(positions)} engagement"
                    f"{'s' if len(positions) != 1 else ''}), more than the office's limit of "
                    f"{hours_text(daily_limit)} a day: book a second interpreter for relief.",
                    positions,
                    (interpreter,),
                )

    def _journey(self, from_venue: int | None, to_venue: int | None) -> float:
        """Seconds of recorded travel between two venues (0 when the same, unknown or not recorded)."""
        if from_venue is None or to_venue is None or from_venue == to_venue:
            return 0.0
        return self.travel.get((from_venue, to_venue), 0) * 60.0

    def _leg_time(self, leg: CheckLeg) -> str:
        """ "KE 9021 (lands at Manchester Airport Tue 11 May 08:15)", in the zone of its local end."""
        arriving = leg.direction is LegDirection.ARRIVAL
        clock = Clock(_zone(leg.zone, "zone")) if leg.zone else self.clock
        at = clock.at(leg.arrives if arriving else leg.departs)
        flight = leg.mode is JourneyMode.FLIGHT
        verb_text = ("lands" if flight else "arrives") if arriving else ("takes off" if flight else "departs")
        where = f" {'at' if arriving else 'from'} {leg.place}" if leg.place else ""
        return f"{leg.name} ({verb_text}{where} {at})"

    def check_legs(self) -> None:
        """Engagements before arrival or after departure, pick-ups and drop-offs, and who meets a principal.

        For each traveller the last arrival and the first departure count (a connection's earlier
        legs do not). An engagement at another venue needs the recorded journey from (or to) the
        airport or station on top of the margin.
        """
        if not self.legs:
            return
        arrival_margin = self.options.arrival_margin_minutes * 60.0
        departure_margin = self.options.departure_margin_minutes * 60.0
        wait = self.options.pickup_wait_minutes * 60.0
        last_arrival: dict[int, CheckLeg] = {}
        first_departure: dict[int, CheckLeg] = {}
        for leg in self.legs:  # by landing time
            for person in leg.traveller_ids:
                if person not in self.attendees:
                    continue
                if leg.direction is LegDirection.ARRIVAL:
                    last_arrival[person] = leg
                elif person not in first_departure:
                    first_departure[person] = leg
        engs, starts, ends = self.engs, self.start, self.end
        transfer = EngagementKind.TRANSFER
        grouped: dict[tuple[str, int, int], list[int]] = {}
        no_transfer: dict[tuple[str, int], list[int]] = {}

        for person, leg in last_arrival.items():
            landed = leg.arrives.timestamp()
            pickup = -1
            took_off = leg.departs.timestamp()
            for i in self.by_person.get(person, ()):
                e = engs[i]
                if ends[i] <= took_off:
                    continue  # before the journey began: elsewhere, not here
                place = e.origin_venue_id if e.kind is transfer else e.venue_id
                if starts[i] < landed + arrival_margin + self._journey(leg.venue_id, place):
                    grouped.setdefault((BEFORE_ARRIVAL, leg.id, i), []).append(person)
                if pickup < 0 and e.kind is transfer and starts[i] <= landed + 24 * 3600:
                    pickup = i  # their first transfer once the journey began (too early: reported above)
            if leg.venue_id is None:
                continue
            if pickup < 0:
                no_transfer.setdefault((ARRIVAL_WITHOUT_TRANSFER, leg.id), []).append(person)
            elif engs[pickup].origin_venue_id != leg.venue_id:
                grouped.setdefault((PICKUP_MISMATCH + ":place", leg.id, pickup), []).append(person)
            elif starts[pickup] > landed + arrival_margin + wait:
                grouped.setdefault((PICKUP_MISMATCH + ":wait", leg.id, pickup), []).append(person)

        for person, leg in first_departure.items():
            leaves = leg.departs.timestamp()
            drop_off = -1
            for i in self.by_person.get(person, ()):
                e = engs[i]
                if starts[i] >= leg.arrives.timestamp():
                    continue  # after they have landed elsewhere: another journey
                if ends[i] > leaves - departure_margin - self._journey(e.venue_id, leg.venue_id):
                    grouped.setdefault((AFTER_DEPARTURE, leg.id, i), []).append(person)
                if e.kind is transfer and leaves - 24 * 3600 <= ends[i]:
                    drop_off = i  # the last one before they land (too late: reported above)
            if leg.venue_id is None:
                continue
            if drop_off < 0 or engs[drop_off].venue_id != leg.venue_id:
                no_transfer.setdefault((DEPARTURE_WITHOUT_TRANSFER, leg.id), []).append(person)

        legs = {leg.id: leg for leg in self.legs}
        for (code, leg_id, i), people in grouped.items():
            leg, people = legs[leg_id], self.ordered(people)
            who = self.people(people)
            if code == BEFORE_ARRIVAL:
                ready = leg.arrives + timedelta(seconds=arrival_margin)
                self.add(
                    code,
                    f"{who} {verb(len(people), 'arrives', 'arrive')} on {self._leg_time(leg)}, but "
                    f"{verb(len(people), 'is', 'are')} booked at {self.label(i)}: allow "
                    f"{self.options.arrival_margin_minutes} min after "
                    f"{'landing' if leg.mode is JourneyMode.FLIGHT else 'arrival'}"
                    f"{' and the journey from there' if self._journey(leg.venue_id, engs[i].venue_id) else ''} "
                    f"(not before {self.clock.at(ready)}).",
                    (i,),
                    people,
                )
            elif code == AFTER_DEPARTURE:
                self.add(
                    code,
                    f"{who} {verb(len(people), 'leaves', 'leave')} on {self._leg_time(leg)}, but "
                    f"{self.label(i)} ends too late: allow {self.options.departure_margin_minutes} min "
                    f"before {'take-off' if leg.mode is JourneyMode.FLIGHT else 'it leaves'}"
                    f"{' and the journey there' if self._journey(engs[i].venue_id, leg.venue_id) else ''}.",
                    (i,),
                    people,
                )
            else:
                e = engs[i]
                if code.endswith(":place"):
                    origin = self.venue_name(e.origin_venue_id) if e.origin_venue_id is not None else "nowhere"
                    reason = f"leaves from {origin}, not {self.venue_name(leg.venue_id or 0)}"
                else:
                    late = starts[i] - leg.arrives.timestamp() - arrival_margin
                    reason = f"leaves {hours_text(late)} after they are through arrivals"
                self.add(
                    PICKUP_MISMATCH,
                    f"The pick-up {self.label(i)} for {who} {reason}, who "
                    f"{verb(len(people), 'arrives', 'arrive')} on {self._leg_time(leg)}.",
                    (i,),
                    people,
                )
        for (code, leg_id), people in no_transfer.items():
            leg, people = legs[leg_id], self.ordered(people)
            where = self.venue_name(leg.venue_id or 0)
            arriving = code == ARRIVAL_WITHOUT_TRANSFER
            moves = verb(len(people), "arrives", "arrive") if arriving else verb(len(people), "leaves", "leave")
            text = (
                f"{self.people(people)} {moves} on {self._leg_time(leg)} with no transfer "
                f"{'from' if arriving else 'to'} {where} planned."
            )
            self.add(code, text, (), people)
        self._greeters(last_arrival)

    def _greeters(self, last_arrival: Mapping[int, CheckLeg]) -> None:
        """A visiting principal must be met by a host of suitable precedence."""
        limit = self.options.greeter_precedence
        for person, leg in last_arrival.items():
            principal = self.attendees[person]
            if principal.role is not Role.PRINCIPAL or principal.side is not Side.VISITING:
                continue
            greeter = self.attendees.get(leg.met_by_attendee_id) if leg.met_by_attendee_id is not None else None
            if greeter is None:
                why = "nobody is down to meet them"
            elif greeter.side is not Side.HOST or greeter.precedence is None or greeter.precedence > limit:
                rank = (
                    f"{greeter.side.label.lower()} side, rank {greeter.precedence}"
                    if greeter.precedence is not None
                    else f"{greeter.side.label.lower()} side"
                )
                why = f"{greeter.name} ({rank}) meets them; the office expects a host ranked 1–{limit}"
            else:
                continue
            self.add(
                PRINCIPAL_NOT_MET,
                f"{principal.name} arrives on {self._leg_time(leg)}, and {why}.",
                (),
                (person,) if greeter is None else (person, greeter.id),
            )

    def check_tasks(self) -> None:
        """Readiness tasks reopened by a change of the plan, or past their due date and not done."""
        today = self.today
        for task in self.tasks:
            owner = f" ({task.owner})" if task.owner.strip() else ""
            late = today is not None and task.due is not None and task.due < today
            due = f", due {day_text(task.due)} {task.due.year}" if late and task.due is not None else ""
            if task.status is TaskStatus.REOPENED:
                what = _WATCHED_CHANGE.get(task.watch, "what it is about has changed")
                self.add(
                    TASK_REOPENED,
                    f"The task '{task.title}'{owner} was done, but {what} since: it is open again{due}.",
                )
            elif late and task.status is not TaskStatus.DONE:
                assert task.due is not None and today is not None
                days = (today - task.due).days
                self.add(
                    TASK_OVERDUE,
                    f"The task '{task.title}'{owner} was due on {day_text(task.due)} {task.due.year} "
                    f"({days} day{'s' if days != 1 else ''} ago) and is {task.status.label.lower()}.",
                )

    def check_gifts(self) -> None:
        """Official gifts the hosts receive: one given in return at the same engagement, and a
        declaration above the office's threshold."""
        received = [g for g in self.gifts if g.recipient_side is Side.HOST and g.giver_side is Side.VISITING]
        given_at = {g.engagement_id for g in self.gifts if g.giver_side is Side.HOST and g.engagement_id is not None}
        threshold, currency = self.options.declaration_threshold, self.options.declaration_currency
        for gift in received:
            at = self.pos.get(gift.engagement_id) if gift.engagement_id is not None else None
            where = (at,) if at is not None else ()
            if at is not None and gift.engagement_id not in given_at:
                self.add(
                    GIFT_NOT_RECIPROCATED,
                    f"{gift.recipient or 'The hosts'} receive{'s' if gift.recipient else ''} '{gift.description}' "
                    f"from {gift.giver or 'the delegation'} at {self.label(at)}, and nothing is given in return there.",
                    where,
                )
            worth = in_declaration_currency(gift.value, gift.currency, self.options) if gift.value is not None else None
            if gift.value is not None and worth is None and not gift.declared:
                self.add(
                    GIFT_NOT_COMPARED,
                    f"'{gift.description}', received by {gift.recipient or 'the hosts'}, is valued at "
                    f"{money(gift.value, gift.currency)}, but the office keeps no exchange rate for "
                    f"{gift.currency}, so it cannot be compared with the declaration threshold of "
                    f"{money(threshold, currency)}. Add a rate for {gift.currency} (what one unit is worth "
                    f"in {currency}) under Edit ▸ Office limits… ▸ Exchange rates, or with `visitplanner "
                    f"limits --set 'declaration_rates={gift.currency}=…'` (listing every rate the office keeps).",
                    where,
                )
            if gift.value is not None and worth is not None and worth > threshold and not gift.declared:
                valued = money(gift.value, gift.currency)
                if gift.currency != currency:  # through the office's rate
                    rate = dict(self.options.declaration_rates)[gift.currency]
                    valued += f" (about {money(worth, currency)} at the office's rate of {rate})"
                self.add(
                    GIFT_NOT_DECLARED,
                    f"'{gift.description}', received by {gift.recipient or 'the hosts'}, is valued at "
                    f"{valued}, over the declaration threshold of {money(threshold, currency)}, "
                    "and is not declared yet.",
                    where,
                )

    def check_precedence(self) -> None:
        """Two attendees of one side with the same precedence rank."""
        ranks: dict[tuple[Side, int], list[int]] = {}
        for a in sorted(self.attendees.values(), key=lambda a: a.id):
            if a.precedence is not None:
                ranks.setdefault((a.side, a.precedence), []).append(a.id)
        for (side, rank), ids in sorted(ranks.items()):
            if len(ids) > 1:
                ids = self.ordered(ids)  # same side and rank: by name, as every list of people reads
                self.add(
                    DUPLICATE_PRECEDENCE,
                    f"{self.people(ids)} of the {side.label.lower()} side share precedence rank {rank}.",
                    (),
                    ids,
                )

    def check_seating(self) -> None:
        """The seating plans' findings (see `checks_seating`), for engagements not cancelled."""
        if not self.seating:
            return
        guests = {
            a.id: SeatingGuest(a.id, a.name, a.side, a.role, a.precedence, a.languages, a.role is Role.INTERPRETER)
            for a in self.attendees.values()
        }
        for plan in self.seating:
            i = self.pos.get(plan.engagement_id)
            if i is None or not self.active[i]:
                continue
            attending: dict[int, AttendancePart] = dict.fromkeys(self.members[i], AttendancePart.PARTICIPANT)
            attending.update(dict(self.parts.get(i, ())))
            for f in checks_seating.check_plan(
                plan,
                self.label(i),
                guests,
                attending,
                lambda a: self.attendees[a].has_dietary_requirement,
                self.engs[i].guests,
            ):
                if f.code == checks_seating.DIETARY_AT_SEAT:  # says more than dietary-at-meal: replaces it
                    eid = self.engs[i].id
                    self.findings = [
                        x for x in self.findings if not (x.code == DIETARY_AT_MEAL and x.engagement_ids == (eid,))
                    ]
                self.add(f.code, f.message, (i,), f.attendee_ids)
