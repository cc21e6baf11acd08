"""Plain values handed to services (by dialogs, importers and the demo), with their own checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar

from visitplanner.domain import limits
from visitplanner.domain.enums import (
    AttendancePart,
    DueAnchor,
    EngagementKind,
    EngagementStatus,
    GiftStatus,
    InterpretationMode,
    JourneyMode,
    LegDirection,
    NameOrder,
    OrganisationKind,
    Role,
    Side,
    TaskStatus,
    TaskWatch,
    TravelMode,
    VisitStatus,
)
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.languages import language_of_code
from visitplanner.domain.limits import LONG_TEXT, ONE_LINE, SHORT_TEXT, TextRule, check_text
from visitplanner.domain.names import PersonName, parse_languages
from visitplanner.domain.timerange import require_aware, zone

# \Z, not $: "$" also matches before a final newline
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
VENUE_CODE = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_.-]{{0,{limits.VENUE_CODE - 1}}}\Z")
#: What a done task was done on: a SHA-256 digest of the plan, or "-" for a subject not recorded.
DONE_ON = re.compile(r"^(?:[0-9a-f]{64}|-)\Z")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def required(value: str, field_name: str, limit: int = limits.LINE) -> str:
    text = value.strip()
    if not text:
        raise UserError(f"{field_name}: must not be empty", field=field_name)
    # the usual one-line field through the rule's quick test (an import validates thousands)
    return ONE_LINE.check(text, field_name) if limit == ONE_LINE.limit else limited(text, field_name, limit)


def limited(value: str, field_name: str, limit: int = limits.LINE, *, multiline: bool = False) -> str:
    """`value` when it fits `limit` characters and holds no control character (line breaks and
    tabs only when `multiline`); otherwise a `UserError` naming the field."""
    return check_text(value, field_name, limit, multiline=multiline)


def check_texts(value: object, rules: Mapping[str, TextRule]) -> None:
    """Check every text field of `value` named in `rules` (a `UserError` names the first bad one)."""
    for name, rule in rules.items():
        text = getattr(value, name)
        if text:  # most optional fields are empty
            rule.check(text, name)


def positive(value: int | None, field_name: str) -> int | None:
    if value is not None and not 0 < value <= limits.MAX_INT:
        raise UserError(
            f"{field_name}: must be a positive number up to {limits.MAX_INT}, not {value}", field=field_name
        )
    return value


@dataclass(frozen=True)
class OrganisationData:
    name: str
    native_name: str = ""
    country: str = ""
    kind: OrganisationKind = OrganisationKind.OTHER

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "name": ONE_LINE,
        "native_name": ONE_LINE,
        "country": TextRule(limits.COUNTRY),
    }

    def validate(self) -> None:
        required(self.name, "name")
        check_texts(self, self.TEXT)


@dataclass(frozen=True)
class VisitData:
    title: str
    slug: str
    start_date: date
    end_date: date
    local_time_zone: str = "Europe/London"
    home_time_zone: str = "Europe/London"
    visiting_organisation_id: int | None = None
    host_organisation_id: int | None = None
    purpose: str = ""
    objectives: str = ""
    status: VisitStatus = VisitStatus.DRAFT
    marking: str = "OFFICIAL"

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "title": ONE_LINE,
        "slug": TextRule(limits.SLUG),
        "local_time_zone": TextRule(limits.ZONE),
        "home_time_zone": TextRule(limits.ZONE),
        "purpose": LONG_TEXT,
        "objectives": LONG_TEXT,
        "marking": TextRule(limits.MARKING),
    }

    def validate(self) -> None:
        required(self.title, "title")
        check_texts(self, self.TEXT)
        if not SLUG.match(self.slug):
            raise UserError(
                f"slug: {self.slug!r} must be lower-case letters, digits and single hyphens (e.g. busan-liverpool)",
                field="slug",
            )
        if self.end_date < self.start_date:
            raise UserError("end_date: the visit ends before it starts", field="end_date")
        if (self.end_date - self.start_date).days > 366:
            raise UserError("end_date: a visit may last at most a year", field="end_date")
        zone(self.local_time_zone, "local_time_zone")
        zone(self.home_time_zone, "home_time_zone")


@dataclass(frozen=True)
class PersonData:
    family_name: str
    given_names: str = ""
    native_name: str = ""
    romanised_name: str = ""
    name_order: NameOrder = NameOrder.GIVEN_FIRST
    honorific: str = ""
    form_of_address: str = ""
    title: str = ""
    organisation_id: int | None = None
    email: str = ""
    phone: str = ""
    languages: str = ""
    dietary: str = ""
    access_needs: str = ""
    biography: str = ""
    notes: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "family_name": ONE_LINE,
        "given_names": ONE_LINE,
        "native_name": ONE_LINE,
        "romanised_name": ONE_LINE,
        "honorific": ONE_LINE,
        "form_of_address": ONE_LINE,
        "title": ONE_LINE,
        "email": ONE_LINE,
        "phone": ONE_LINE,
        "languages": ONE_LINE,
        "dietary": ONE_LINE,
        "access_needs": ONE_LINE,
        "biography": LONG_TEXT,
        "notes": LONG_TEXT,
    }

    @property
    def name(self) -> PersonName:
        return PersonName(
            self.family_name,
            self.given_names,
            self.native_name,
            self.romanised_name,
            self.name_order,
            self.honorific,
            self.form_of_address,
        )

    def validate(self) -> None:
        required(self.family_name, "family_name")
        check_texts(self, self.TEXT)
        # stored as "ko, en": the written form may be longer than what was typed ("ko,en")
        if self.languages:
            limited(", ".join(parse_languages(self.languages)), "languages", self.TEXT["languages"].limit)
        if self.email and not EMAIL.match(self.email):
            raise UserError(f"email: {self.email!r} is not an e-mail address", field="email")


@dataclass(frozen=True)
class AttendeeData:
    person_id: int
    side: Side
    role: Role
    precedence: int | None = None
    arrival: str = ""
    departure: str = ""
    #: The language of their documents ("ko"); "" : the usual one for their languages.
    document_language: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "arrival": SHORT_TEXT,
        "departure": SHORT_TEXT,
        "document_language": TextRule(limits.LANGUAGE_CODE),
    }

    def validate(self) -> None:
        positive(self.precedence, "precedence")
        check_texts(self, self.TEXT)
        if self.document_language:
            language_of_code(self.document_language)


@dataclass(frozen=True)
class VenueData:
    name: str
    code: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    time_zone: str = ""
    capacity: int | None = None
    opening_hours: OpeningHours | None = None
    access_notes: str = ""
    site_contact: str = ""
    site_contact_phone: str = ""
    description: str = ""
    #: The name in the script of the readers it is given for (e.g. Hangul), "" when none is given.
    native_name: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "name": ONE_LINE,
        "native_name": ONE_LINE,
        "code": TextRule(limits.VENUE_CODE),
        "address": TextRule(limits.ADDRESS, multiline=True),
        "time_zone": TextRule(limits.ZONE),
        "access_notes": LONG_TEXT,
        "site_contact": ONE_LINE,
        "site_contact_phone": ONE_LINE,
        "description": LONG_TEXT,
    }

    def validate(self) -> None:
        required(self.name, "name")
        check_texts(self, self.TEXT)
        if not VENUE_CODE.match(self.code):
            raise UserError(
                f"code: {self.code!r} must be 1-32 letters, digits, '.', '_' or '-' (e.g. DIF)", field="code"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise UserError("latitude: give both latitude and longitude, or neither", field="latitude")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise UserError(f"latitude: {self.latitude} is outside -90..90", field="latitude")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise UserError(f"longitude: {self.longitude} is outside -180..180", field="longitude")
        if self.time_zone:
            zone(self.time_zone, "time_zone")
        positive(self.capacity, "capacity")


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int | None = None
    notes: str = ""
    #: The name in another script (e.g. Hangul), "" when none is given.
    native_name: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {"name": ONE_LINE, "notes": SHORT_TEXT, "native_name": ONE_LINE}

    def validate(self) -> None:
        required(self.name, "name")
        check_texts(self, self.TEXT)
        positive(self.capacity, "capacity")


@dataclass(frozen=True)
class TravelTimeData:
    from_venue_id: int
    to_venue_id: int
    minutes: int
    mode: TravelMode = TravelMode.CAR

    def validate(self) -> None:
        if self.from_venue_id == self.to_venue_id:
            raise UserError("to_venue: travel time needs two different venues", field="to_venue")
        if self.minutes < 0 or self.minutes > 24 * 60 * 3:
            raise UserError(f"minutes: {self.minutes} is not a travel time in minutes", field="minutes")


@dataclass(frozen=True)
class VehicleData:
    label: str
    capacity: int
    driver_attendee_id: int | None = None
    registration: str = ""
    notes: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "label": ONE_LINE,
        "registration": TextRule(limits.REGISTRATION),
        "notes": SHORT_TEXT,
    }

    def validate(self) -> None:
        required(self.label, "label")
        check_texts(self, self.TEXT)
        positive(self.capacity, "capacity")


@dataclass(frozen=True)
class GuestData:
    """One of an engagement's unnamed guests with something particular to say about them.

    Attributes:
        number: which guest, 1 to the engagement's `guest_count`.
        label: what this guest is ("spouse", "press"); empty: the engagement's `guest_label`.
        accompanies_attendee_id: the attendee they come with (seated beside them), or None.
        side: the side they seat with when they accompany nobody (else the companion's side).
    """

    number: int
    label: str = ""
    accompanies_attendee_id: int | None = None
    side: Side = Side.HOST

    TEXT: ClassVar[Mapping[str, TextRule]] = {"label": ONE_LINE}

    def validate(self) -> None:
        check_texts(self, self.TEXT)
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise UserError(f"guests: a guest's number is a whole number from 1, not {self.number!r}", field="guests")
        if self.side is Side.STAFF:
            raise UserError("guests: an unnamed guest seats with the host or the visiting side", field="guests")


@dataclass(frozen=True)
class EngagementData:
    kind: EngagementKind
    title: str
    start: datetime
    end: datetime
    venue_id: int | None = None
    room_id: int | None = None
    origin_venue_id: int | None = None
    vehicle_id: int | None = None
    public_notes: str = ""
    restricted_notes: str = ""
    dress_code: str = ""
    status: EngagementStatus = EngagementStatus.CONFIRMED
    interpretation: InterpretationMode = InterpretationMode.CONSECUTIVE
    #: Cleared for the public edition (a transfer is a movement and never public).
    is_public: bool = False
    #: Unnamed guests beyond the attendees ("+3 guests") and who they are ("spouses", "press").
    guest_count: int = 0
    guest_label: str = ""
    #: The guests with something particular (whom they accompany, their own label), by number.
    guests: tuple[GuestData, ...] = ()

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "title": ONE_LINE,
        "public_notes": LONG_TEXT,
        "restricted_notes": LONG_TEXT,
        "dress_code": ONE_LINE,
        "guest_label": ONE_LINE,
    }

    def validate(self) -> None:
        required(self.title, "title")
        check_texts(self, self.TEXT)
        start = require_aware(self.start, "start")
        end = require_aware(self.end, "end")
        if end <= start:
            raise UserError("end: must be after the start", field="end")
        if end - start > timedelta(days=31):
            raise UserError("end: an engagement may last at most 31 days", field="end")
        if self.kind is not EngagementKind.TRANSFER and (self.origin_venue_id or self.vehicle_id):
            raise UserError("origin_venue: only a transfer has an origin and a vehicle", field="origin_venue")
        if self.kind is EngagementKind.TRANSFER and self.is_public:
            raise UserError("is_public: a transfer is a movement and is never public", field="is_public")
        if self.room_id is not None and self.venue_id is None:
            raise UserError("room: choose the venue of the room", field="room")
        if isinstance(self.guest_count, bool) or not isinstance(self.guest_count, int):
            raise UserError(f"guest_count: must be a whole number, not {self.guest_count!r}", field="guest_count")
        if not 0 <= self.guest_count <= limits.GUESTS:
            raise UserError(
                f"guest_count: must be between 0 and {limits.GUESTS}, not {self.guest_count}", field="guest_count"
            )
        if self.guest_label.strip() and not self.guest_count:
            raise UserError(
                f"guest_label: {self.guest_label.strip()!r} names unnamed guests, but there are none: "
                "give their number or clear the label",
                field="guest_label",
            )
        numbers: set[int] = set()
        for guest in self.guests:
            guest.validate()
            if guest.number > self.guest_count:
                raise UserError(
                    f"guests: guest {guest.number} is described, but there are only {self.guest_count} unnamed guests",
                    field="guests",
                )
            if guest.number in numbers:
                raise UserError(f"guests: guest {guest.number} is described twice", field="guests")
            numbers.add(guest.number)


@dataclass(frozen=True)
class AttendanceData:
    attendee_id: int
    part: AttendancePart = AttendancePart.PARTICIPANT


@dataclass(frozen=True)
class EngagementPlan:
    """An engagement with its attendances, as a dialog or importer hands it over."""

    data: EngagementData
    attendances: tuple[AttendanceData, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TravelLegData:
    """A journey bringing attendees to the visit or taking them home: one person's, or a group's
    on one flight or train.

    Attributes:
        direction: arrival or departure.
        mode: flight, train, car or other.
        carrier: e.g. "Korean Air"; number: e.g. "KE 9021".
        from_place, from_terminal, to_place, to_terminal: where it leaves and lands ("ICN", "T2").
        departs, arrives: aware scheduled instants; departs_zone, arrives_zone: the IANA zones
            they are written in (each end's own: Seoul for the departure, London for the landing).
        venue_id: the local end in the venue book (the airport or station), which transfers use.
        met_by_attendee_id: who meets them (for a departure: who sees them off), if anyone.
        traveller_ids: the attendees on it (at least one).
        notes: anything else (seats, baggage, VIP lounge).
    """

    direction: LegDirection
    mode: JourneyMode
    departs: datetime
    arrives: datetime
    departs_zone: str
    arrives_zone: str
    traveller_ids: tuple[int, ...]
    carrier: str = ""
    number: str = ""
    from_place: str = ""
    from_terminal: str = ""
    to_place: str = ""
    to_terminal: str = ""
    venue_id: int | None = None
    met_by_attendee_id: int | None = None
    notes: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "carrier": ONE_LINE,
        "number": TextRule(limits.LEG_NUMBER),
        "from_place": ONE_LINE,
        "from_terminal": TextRule(limits.TERMINAL),
        "to_place": ONE_LINE,
        "to_terminal": TextRule(limits.TERMINAL),
        "notes": SHORT_TEXT,
        "departs_zone": TextRule(limits.ZONE),
        "arrives_zone": TextRule(limits.ZONE),
    }

    def validate(self) -> None:
        check_texts(self, self.TEXT)
        zone(self.departs_zone, "departs_zone")
        zone(self.arrives_zone, "arrives_zone")
        departs = require_aware(self.departs, "departs")
        arrives = require_aware(self.arrives, "arrives")
        if arrives <= departs:
            raise UserError("arrives: must be after the departure", field="arrives")
        if arrives - departs > timedelta(days=3):
            raise UserError("arrives: a journey may last at most 3 days", field="arrives")
        if not self.traveller_ids:
            raise UserError("travellers: choose at least one attendee who travels", field="travellers")
        if len(set(self.traveller_ids)) != len(self.traveller_ids):
            raise UserError("travellers: an attendee is listed twice", field="travellers")
        if self.mode in (JourneyMode.FLIGHT, JourneyMode.TRAIN) and not (self.number.strip() or self.carrier.strip()):
            raise UserError(
                f"number: give the {self.mode.label.lower()}'s number or carrier (e.g. KE 9021)", field="number"
            )

    @property
    def name(self) -> str:
        """How the journey is named in messages: "KE 9021", else "the flight from ICN"."""
        return leg_name(self.mode, self.carrier, self.number, self.from_place, self.to_place, self.direction)


def leg_name(
    mode: JourneyMode, carrier: str, number: str, from_place: str, to_place: str, direction: LegDirection
) -> str:
    """ "KE 9021", "Korean Air", or "the train from London Euston" / "the car to Manchester"."""
    if number.strip():
        return number.strip()
    if carrier.strip():
        return carrier.strip()
    what = "journey" if mode is JourneyMode.OTHER else mode.value
    if direction is LegDirection.ARRIVAL and from_place.strip():
        return f"the {what} from {from_place.strip()}"
    if to_place.strip():
        return f"the {what} to {to_place.strip()}"
    return f"the {direction.value} {what}"


@dataclass(frozen=True)
class TaskData:
    """A readiness task of a visit (or a line of the office's template, without status).

    Attributes:
        title: what is to be done ("Dietary list sent to the caterer").
        owner: who does it (free text: an officer's name or a team).
        due_date: an absolute due date, or None.
        due_days: a relative due date in days, counted from `due_anchor` (used when `due_date`
            is None): 14 with BEFORE_START is "14 days before the visit".
        due_anchor: before the visit's first day or after its last.
        status: open, in progress, done (reopened is worked out, never stored).
        watch: what part of the plan it is about; a done task reopens when that changes.
        notes: anything else.
        done_on: for a done (or reopened) task, the state of what it watches when it was done
            (kept as it is by edits; empty asks the service to take the plan as it is now).
    """

    title: str
    owner: str = ""
    due_date: date | None = None
    due_days: int | None = None
    due_anchor: DueAnchor = DueAnchor.BEFORE_START
    status: TaskStatus = TaskStatus.OPEN
    watch: TaskWatch = TaskWatch.NOTHING
    notes: str = ""
    done_on: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "title": ONE_LINE,
        "owner": ONE_LINE,
        "notes": SHORT_TEXT,
        "done_on": TextRule(limits.FINGERPRINT),
    }

    def validate(self) -> None:
        required(self.title, "title")
        check_texts(self, self.TEXT)
        if self.done_on and not DONE_ON.match(self.done_on):
            raise UserError("done_on: not the record of a plan this app made", field="done_on")
        if self.due_days is not None and not 0 <= self.due_days <= 366:
            raise UserError(f"due_days: {self.due_days} is not a number of days from 0 to 366", field="due_days")

    def due(self, first_day: date, last_day: date) -> date | None:
        """The date the task is due for a visit from `first_day` to `last_day`."""
        if self.due_date is not None:
            return self.due_date
        if self.due_days is None:
            return None
        if self.due_anchor is DueAnchor.BEFORE_START:
            return first_day - timedelta(days=self.due_days)
        return last_day + timedelta(days=self.due_days)

    @property
    def due_text(self) -> str:
        """ "14 days before the visit", "3 May 2027", or ""."""
        if self.due_date is not None:
            return f"{self.due_date.day} {self.due_date:%B %Y}"
        if self.due_days is None:
            return ""
        if self.due_days == 0:
            return "on the first day" if self.due_anchor is DueAnchor.BEFORE_START else "on the last day"
        return f"{self.due_days} day{'s' if self.due_days != 1 else ''} {self.due_anchor.label.lower()}"


#: The office's template when it has not made its own (`due_days`, anchor, watch).
DEFAULT_TASK_TEMPLATE: tuple[TaskData, ...] = (
    TaskData("Invitation letter sent", "Protocol", due_days=60),
    TaskData("Visa support letters sent", "Protocol", due_days=45),
    TaskData("Venues booked", "Events", due_days=30),
    TaskData("Interpreter booked", "Protocol", due_days=21),
    TaskData("Gifts bought", "Protocol", due_days=14),
    TaskData("Catering numbers and dietary list sent to the caterer", "Events", due_days=7, watch=TaskWatch.DIETARY),
    TaskData("Programme sent to the delegation", "Protocol", due_days=7, watch=TaskWatch.PROGRAMME),
    TaskData("Flags ordered", "Events", due_days=7),
    TaskData("Security briefing held", "Security", due_days=3),
    TaskData("Press release approved", "Communications", due_days=2),
    TaskData("Thank-you letters sent", "Protocol", due_days=5, due_anchor=DueAnchor.AFTER_END),
)


@dataclass(frozen=True)
class GiftData:
    """A gift in the visit's register: what, from whom to whom, where it is presented, its value.

    Attributes:
        description: what it is ("Celadon vase").
        giver_attendee_id, giver_organisation_id: who gives it (a person, or an organisation).
        recipient_attendee_id, recipient_organisation_id: who receives it.
        engagement_id: the engagement where it is presented, if any.
        value: estimated value in `currency`, in minor units (pence, won), or None.
        currency: ISO 4217 code ("GBP", "KRW").
        photo: the path of a photo file.
        status: planned, bought, presented, received or declared.
        notes: anything else.
    """

    description: str
    giver_attendee_id: int | None = None
    giver_organisation_id: int | None = None
    recipient_attendee_id: int | None = None
    recipient_organisation_id: int | None = None
    engagement_id: int | None = None
    value: int | None = None
    currency: str = "GBP"
    photo: str = ""
    status: GiftStatus = GiftStatus.PLANNED
    notes: str = ""

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "description": ONE_LINE,
        "currency": TextRule(limits.CURRENCY),
        "photo": TextRule(limits.PATH),
        "notes": SHORT_TEXT,
    }

    def validate(self) -> None:
        required(self.description, "description")
        check_texts(self, self.TEXT)
        if self.giver_attendee_id is None and self.giver_organisation_id is None:
            raise UserError("giver: choose who gives it (an attendee or an organisation)", field="giver")
        if self.recipient_attendee_id is None and self.recipient_organisation_id is None:
            raise UserError("recipient: choose who receives it (an attendee or an organisation)", field="recipient")
        if self.value is not None and not 0 <= self.value <= limits.MAX_INT:
            raise UserError(f"value: {self.value} is not an amount", field="value")
        if not CURRENCY.match(self.currency):
            raise UserError(f"currency: {self.currency!r} is not a currency code like GBP or KRW", field="currency")


#: An ISO 4217 currency code.
CURRENCY = re.compile(r"^[A-Z]{3}\Z")
#: Currencies written without minor units (1 won, not 1.00).
NO_MINOR_UNITS = frozenset({"KRW", "JPY", "VND", "CLP", "ISK", "HUF", "TWD"})


def money(value: int | None, currency: str) -> str:
    """ "GBP 150.00", "KRW 200,000", or "" when no value is recorded."""
    if value is None:
        return ""
    if currency in NO_MINOR_UNITS:
        return f"{currency} {value:,}"
    return f"{currency} {value // 100:,}.{value % 100:02d}"


def parse_amount(text: str, currency: str, field: str = "value") -> int | None:
    """ "120", "120.5", "1,200.00" -> minor units of `currency`; "" -> None; else a `UserError`
    naming `field` and the value."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    whole, _, fraction = cleaned.partition(".")
    places = 0 if currency in NO_MINOR_UNITS else 2
    if not (whole.isascii() and whole.isdigit()) or (
        fraction and (not (fraction.isascii() and fraction.isdigit()) or len(fraction) > places)
    ):
        raise UserError(f"{field}: {text.strip()!r} is not an amount in {currency}", field=field)
    if len(whole) > 15:
        raise UserError(f"{field}: {text.strip()!r} is too large an amount", field=field)
    minor: int = int(whole) * 10**places + (int(fraction.ljust(places, "0")) if places else 0)
    return minor
