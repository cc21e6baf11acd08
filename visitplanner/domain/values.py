"""Plain values handed to services (by dialogs, importers and the demo), with their own checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    EngagementStatus,
    NameOrder,
    OrganisationKind,
    Role,
    Side,
    TravelMode,
    VisitStatus,
)
from visitplanner.domain.errors import UserError
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.names import PersonName
from visitplanner.domain.timerange import require_aware, zone

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VENUE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT_LIMIT = 200


def required(value: str, field_name: str, limit: int = TEXT_LIMIT) -> str:
    text = value.strip()
    if not text:
        raise UserError(f"{field_name}: must not be empty", field=field_name)
    return limited(text, field_name, limit)


def limited(value: str, field_name: str, limit: int = TEXT_LIMIT) -> str:
    if len(value) > limit:
        raise UserError(f"{field_name}: is {len(value)} characters long, at most {limit} are allowed", field=field_name)
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise UserError(f"{field_name}: contains control characters", field=field_name)
    return value


def positive(value: int | None, field_name: str) -> int | None:
    if value is not None and value <= 0:
        raise UserError(f"{field_name}: must be a positive number, not {value}", field=field_name)
    return value


@dataclass(frozen=True)
class OrganisationData:
    name: str
    native_name: str = ""
    country: str = ""
    kind: OrganisationKind = OrganisationKind.OTHER

    def validate(self) -> None:
        required(self.name, "name")
        limited(self.native_name, "native_name")
        limited(self.country, "country")


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

    def validate(self) -> None:
        required(self.title, "title")
        if not SLUG.match(self.slug) or len(self.slug) > 64:
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
        limited(self.purpose, "purpose", 20000)
        limited(self.objectives, "objectives", 20000)
        limited(self.marking, "marking", 80)


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
        for name in (
            "given_names",
            "native_name",
            "romanised_name",
            "honorific",
            "form_of_address",
            "title",
            "phone",
            "languages",
            "dietary",
            "access_needs",
        ):
            limited(getattr(self, name), name)
        limited(self.biography, "biography", 20000)
        limited(self.notes, "notes", 20000)
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

    def validate(self) -> None:
        positive(self.precedence, "precedence")
        limited(self.arrival, "arrival", 2000)
        limited(self.departure, "departure", 2000)


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

    def validate(self) -> None:
        required(self.name, "name")
        if not VENUE_CODE.match(self.code):
            raise UserError(
                f"code: {self.code!r} must be 1-32 letters, digits, '.', '_' or '-' (e.g. DIF)", field="code"
            )
        limited(self.address, "address", 1000)
        if (self.latitude is None) != (self.longitude is None):
            raise UserError("latitude: give both latitude and longitude, or neither", field="latitude")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise UserError(f"latitude: {self.latitude} is outside -90..90", field="latitude")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise UserError(f"longitude: {self.longitude} is outside -180..180", field="longitude")
        if self.time_zone:
            zone(self.time_zone, "time_zone")
        positive(self.capacity, "capacity")
        for name in ("access_notes", "site_contact", "site_contact_phone", "description"):
            limited(getattr(self, name), name, 20000)


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int | None = None
    notes: str = ""

    def validate(self) -> None:
        required(self.name, "name")
        positive(self.capacity, "capacity")
        limited(self.notes, "notes", 2000)


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

    def validate(self) -> None:
        required(self.label, "label")
        positive(self.capacity, "capacity")
        limited(self.registration, "registration", 40)
        limited(self.notes, "notes", 2000)


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

    def validate(self) -> None:
        required(self.title, "title")
        start = require_aware(self.start, "start")
        end = require_aware(self.end, "end")
        if end <= start:
            raise UserError("end: must be after the start", field="end")
        if end - start > timedelta(days=31):
            raise UserError("end: an engagement may last at most 31 days", field="end")
        if self.kind is not EngagementKind.TRANSFER and (self.origin_venue_id or self.vehicle_id):
            raise UserError("origin_venue: only a transfer has an origin and a vehicle", field="origin_venue")
        if self.room_id is not None and self.venue_id is None:
            raise UserError("room: choose the venue of the room", field="room")
        limited(self.public_notes, "public_notes", 20000)
        limited(self.restricted_notes, "restricted_notes", 20000)
        limited(self.dress_code, "dress_code")


@dataclass(frozen=True)
class AttendanceData:
    attendee_id: int
    part: AttendancePart = AttendancePart.PARTICIPANT


@dataclass(frozen=True)
class EngagementPlan:
    """An engagement with its attendances, as a dialog or importer hands it over."""

    data: EngagementData
    attendances: tuple[AttendanceData, ...] = field(default_factory=tuple)
