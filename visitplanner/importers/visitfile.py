"""The portable visit file (versioned JSON): parse and validate it into domain values."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TypeVar

from visitplanner.domain import limits
from visitplanner.domain.editions import Audience, EditionData, parse_classes
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
    Privacy,
    Role,
    Side,
    TaskStatus,
    TaskWatch,
    TravelMode,
    VisitStatus,
)
from visitplanner.domain.errors import UserError
from visitplanner.domain.filesizes import VISIT_FILE_MAX_BYTES
from visitplanner.domain.hours import WEEKDAYS, OpeningHours
from visitplanner.domain.invitations import PartStat, RecordedReply, SentMethod, SentRecord, address_key
from visitplanner.domain.seating import MAX_SEATS, SeatingStyle, TableData, TableShape
from visitplanner.domain.timerange import UTC
from visitplanner.domain.values import (
    EMAIL,
    AttendeeData,
    EngagementData,
    GiftData,
    GuestData,
    OrganisationData,
    PersonData,
    RoomData,
    TaskData,
    TravelLegData,
    TravelTimeData,
    VehicleData,
    VenueData,
    VisitData,
    limited,
)

#: The value of the document's "format" field.
FORMAT: Final = "visitplanner-visit"
#: The newest version of the format this module reads (and the exporter writes).
VERSION: Final = 11
#: The largest visit file read, in bytes (and characters for text handed over directly): above
#: the export of the largest visit the app is built for (`domain/filesizes.py`).
MAX_SIZE: Final = VISIT_FILE_MAX_BYTES
#: Integers must fit the database's 32-bit integer columns.
_MAX_INT = limits.MAX_INT
_KEY_LIMIT = 100

E = TypeVar("E", bound=StrEnum)


# --- the parsed document -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationEntry:
    """An organisation of the file.

    Attributes:
        key: the document-local key other entries refer to it by ("org-1").
        data: its values.
    """

    key: str
    data: OrganisationData


@dataclass(frozen=True)
class PersonEntry:
    """A person of the file.

    Attributes:
        key: the document-local key ("person-1").
        data: the values, with `organisation_id` unset.
        organisation: the key of the person's organisation, or None.
    """

    key: str
    data: PersonData
    organisation: str | None


@dataclass(frozen=True)
class VenueEntry:
    """A venue of the file with all its rooms.

    Attributes:
        data: the venue's values (its code identifies it, in the file and on import).
        rooms: its rooms, names stripped and unique.
    """

    data: VenueData
    rooms: tuple[RoomData, ...] = ()

    @property
    def code(self) -> str:
        return self.data.code


@dataclass(frozen=True)
class TravelTimeEntry:
    """Minutes from one venue of the file to another.

    Attributes:
        from_venue: the code of the venue travelled from.
        to_venue: the code of the venue travelled to.
        minutes: the travel time.
        mode: how.
    """

    from_venue: str
    to_venue: str
    minutes: int
    mode: TravelMode = TravelMode.CAR

    def data(self, from_venue_id: int, to_venue_id: int) -> TravelTimeData:
        return TravelTimeData(from_venue_id, to_venue_id, self.minutes, self.mode)


@dataclass(frozen=True)
class VisitEntry:
    """The visit itself.

    Attributes:
        data: its values, with the organisation ids unset.
        visiting_organisation: key of the visiting organisation, or None.
        host_organisation: key of the host organisation, or None.
        issue_number: the number of the last briefing pack issued.
    """

    data: VisitData
    visiting_organisation: str | None = None
    host_organisation: str | None = None
    issue_number: int = 0


@dataclass(frozen=True)
class AttendeeEntry:
    """An attendee of the visit.

    Attributes:
        key: the document-local key ("attendee-1").
        person: the key of the person attending.
        side, role, precedence, arrival, departure, document_language: as in `AttendeeData`
            (files before version 8 have no document language: "", the reader's usual one).
    """

    key: str
    person: str
    side: Side
    role: Role
    precedence: int | None = None
    arrival: str = ""
    departure: str = ""
    document_language: str = ""

    def data(self, person_id: int) -> AttendeeData:
        return AttendeeData(
            person_id,
            self.side,
            self.role,
            self.precedence,
            self.arrival,
            self.departure,
            self.document_language,
        )


@dataclass(frozen=True)
class VehicleEntry:
    """A vehicle at the visit's disposal.

    Attributes:
        key: the document-local key ("vehicle-1").
        data: its values, with `driver_attendee_id` unset.
        driver: the key of the attendee driving it, or None.
    """

    key: str
    data: VehicleData
    driver: str | None = None


@dataclass(frozen=True)
class AttendanceEntry:
    """An attendee taking part in an engagement.

    Attributes:
        attendee: the attendee's key.
        part: what they do there.
    """

    attendee: str
    part: AttendancePart = AttendancePart.PARTICIPANT


@dataclass(frozen=True)
class EngagementEntry:
    """An engagement of the visit.

    Attributes:
        uid: its calendar UID (a canonical UUID string), kept on import.
        sequence: its calendar revision, kept on import.
        data: its values (instants in UTC), with every id field unset.
        venue: the code of its venue, or None.
        room: the name of its room (in `venue`), or None.
        origin_venue: the code of a transfer's origin, or None.
        vehicle: the key of a transfer's vehicle, or None.
        attendances: who takes part, and how.
        seating: its seating plan, or None (files before version 4 have none).
        companions: (guest number, attendee key) of each unnamed guest who accompanies an
            attendee (version 11; `data.guests` holds them with no attendee id yet).
    """

    uid: str
    sequence: int
    data: EngagementData
    venue: str | None = None
    room: str | None = None
    origin_venue: str | None = None
    vehicle: str | None = None
    attendances: tuple[AttendanceEntry, ...] = ()
    seating: SeatingEntry | None = None
    companions: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class SeatingEntry:
    """An engagement's seating plan.

    Attributes:
        style: its convention.
        tables: its tables, table 1 first.
        seats: (table index from 0, seat number, attendee key, locked) of each person seated.
        guest_seats: (table index from 0, seat number, guest number, locked) of each of the
            engagement's unnamed guests seated (version 11).
    """

    style: SeatingStyle
    tables: tuple[TableData, ...]
    seats: tuple[tuple[int, int, str, bool], ...] = ()
    guest_seats: tuple[tuple[int, int, int, bool], ...] = ()


@dataclass(frozen=True)
class TravelLegEntry:
    """An arrival or departure of the visit.

    Attributes:
        data: its values (instants in UTC), with every id field unset and no travellers.
        venue: the code of its local end's venue, or None.
        met_by: the key of the attendee who meets it, or None.
        travellers: the keys of the attendees on it.
    """

    data: TravelLegData
    venue: str | None = None
    met_by: str | None = None
    travellers: tuple[str, ...] = ()


@dataclass(frozen=True)
class GiftEntry:
    """A gift of the register: its values with every id unset, and the keys it refers to."""

    data: GiftData
    giver: str | None = None
    giver_organisation: str | None = None
    recipient: str | None = None
    recipient_organisation: str | None = None
    engagement: str | None = None


@dataclass(frozen=True)
class IssueEntry:
    """A recorded briefing-pack issue (version 9).

    Attributes:
        number, issued_at, issued_by, copies: as recorded.
        snapshot: the plan it showed, attendees named by attendee key (or "former-N" for one who
            has left the visit since).
    """

    number: int
    issued_at: datetime
    issued_by: str
    copies: dict[str, list[str]]
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class InvitationEntry:
    """The last message sent to a recipient about an engagement UID (version 9).

    Attributes:
        record: its values, `person_id` unset.
        person: the key of the recipient's person, or None.
        sent_at: when it was sent.
    """

    record: SentRecord
    person: str | None
    sent_at: datetime


@dataclass(frozen=True)
class VisitDocument:
    """A whole visit file, validated; cross-references are keys and codes, entries keep file order.

    Attributes:
        version: the format version the file was written in.
        visit: the visit.
        organisations, people, venues, travel_times, attendees, vehicles, engagements,
            travel_legs, tasks: the entries in the order of the file (an entry's index is its
            index in the JSON array); files before version 3 have no travel legs, before version
            5 no readiness tasks, before version 6 no gifts.
        editions: the briefing-pack editions (version 7); None in an older file, whose visit
            gets the default editions.
        issues: the recorded briefing-pack issues (version 9; none before).
        invitations, replies: the invitations record and the replies (version 9; none before).
    """

    visit: VisitEntry
    organisations: tuple[OrganisationEntry, ...] = ()
    people: tuple[PersonEntry, ...] = ()
    venues: tuple[VenueEntry, ...] = ()
    travel_times: tuple[TravelTimeEntry, ...] = ()
    attendees: tuple[AttendeeEntry, ...] = ()
    vehicles: tuple[VehicleEntry, ...] = ()
    engagements: tuple[EngagementEntry, ...] = ()
    version: int = field(default=VERSION)
    travel_legs: tuple[TravelLegEntry, ...] = ()
    tasks: tuple[TaskData, ...] = ()
    gifts: tuple[GiftEntry, ...] = ()
    editions: tuple[EditionData, ...] | None = None
    issues: tuple[IssueEntry, ...] = ()
    invitations: tuple[InvitationEntry, ...] = ()
    replies: tuple[RecordedReply, ...] = ()


# --- errors that name the JSON path --------------------------------------------------------------

_LEADING_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+|\[[0-9]+\])*)(?=: )")


def fail(path: str, message: str) -> UserError:
    """A `UserError` whose message starts with the JSON path of the offending value."""
    return UserError(f"{path}: {message}", field=path)


def at_path(path: str, error: UserError, renames: Mapping[str, str] | None = None) -> UserError:
    """`error` (whose message may start with a field name, "email: ...") re-worded to start
    with the JSON path of that field ("$.people[2].email: ...").

    `renames` maps a field name in the message to the file's name for it (e.g. "attendees"
    -> "attendances").
    """
    message = error.message
    match = _LEADING_FIELD.match(message)
    if match is None:
        return UserError(f"{path}: {message}", field=path)
    field = f"{path}.{(renames or {}).get(match[1], match[1])}{match[2]}"
    return UserError(f"{field}{message[match.end() :]}", field=field)


def _validated(path: str, check: Callable[[], object], renames: Mapping[str, str] | None = None) -> None:
    try:
        check()
    except UserError as exc:
        raise at_path(path, exc, renames) from exc


class _NonFinite:
    """NaN or ±Infinity in the JSON text (refused wherever it appears)."""

    def __init__(self, text: str) -> None:
        self.text = text


class _JSONObject(dict[str, Any]):
    """A JSON object that remembers the names it was given more than once."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.duplicates: list[str] = []
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                self.duplicates.append(name)
            seen.add(name)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; one that names a field twice as a `_JSONObject` saying which."""
    value = dict(pairs)
    return value if len(value) == len(pairs) else _JSONObject(pairs)


def _float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _show(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + '…"'


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, _NonFinite):
        return value.text
    if isinstance(value, str):
        return f"the string {_show(value)}"
    if isinstance(value, list):
        return "an array"
    return "an object"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


_MISSING: Any = object()


class _Fields:
    """One JSON object being read: typed accessors whose errors name the JSON path."""

    def __init__(self, value: object, path: str, allowed: tuple[str, ...], what: str) -> None:
        if not isinstance(value, dict):
            raise fail(path, f"expected {what} (a JSON object), not {_describe(value)}")
        if isinstance(value, _JSONObject) and value.duplicates:
            raise fail(f"{path}.{value.duplicates[0]}", "is given more than once")
        for name in value:
            if name not in allowed:
                raise fail(f"{path}.{name}", f"unknown field (the fields of {what} are {', '.join(allowed)})")
        self.value: dict[str, Any] = value
        self.path = path

    def at(self, name: str) -> str:
        return f"{self.path}.{name}"

    def _get(self, name: str, default: Any) -> Any:
        if name in self.value:
            return self.value[name]
        if default is _MISSING:
            raise fail(self.at(name), "is missing")
        return default

    def text(self, name: str, default: str | None = None) -> str:
        """A string (required unless `default` is given)."""
        value = self._get(name, _MISSING if default is None else default)
        if not isinstance(value, str):
            raise fail(self.at(name), f"expected a string, not {_describe(value)}")
        if _has_surrogate(value):
            raise fail(self.at(name), "contains an unpaired surrogate (\\ud800-\\udfff), which is not text")
        return value

    def key(self, name: str, limit: int = _KEY_LIMIT) -> str:
        """A required non-empty key, code or name used as a reference, at most `limit` characters."""
        value = self.text(name)
        if not value.strip():
            raise fail(self.at(name), "must not be empty")
        _validated(self.path, lambda: limited(value, name, limit))
        return value

    def ref(self, name: str, limit: int = _KEY_LIMIT) -> str | None:
        """An optional reference: a key or code (or a name, with the limit of such names), or null
        (also when absent)."""
        if self._get(name, None) is None:
            return None
        return self.key(name, limit)

    def integer(self, name: str, default: int | None = None, *, minimum: int = 0) -> int:
        value = self._get(name, _MISSING if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(self.at(name), f"expected a whole number, not {_describe(value)}")
        if not minimum <= value <= _MAX_INT:
            raise fail(self.at(name), f"{value} is out of range ({minimum} to {_MAX_INT})")
        return value

    def optional_integer(self, name: str) -> int | None:
        """A whole number or null; any range check is left to the value's validate()."""
        value = self._get(name, None)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(self.at(name), f"expected a whole number or null, not {_describe(value)}")
        if abs(value) > _MAX_INT:
            raise fail(self.at(name), f"{value} is out of range")
        return value

    def optional_number(self, name: str) -> float | None:
        value = self._get(name, None)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(self.at(name), f"expected a number or null, not {_describe(value)}")
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise fail(self.at(name), f"expected true or false, not {_describe(value)}")
        return value

    def enum(self, name: str, kind: type[E], default: E | None = None) -> E:
        value = self._get(name, _MISSING if default is None else default.value)
        if isinstance(value, str):
            try:
                return kind(value)
            except ValueError:
                pass
        allowed = ", ".join(member.value for member in kind)
        raise fail(self.at(name), f"{_describe(value)} is not one of: {allowed}")

    def day(self, name: str) -> date:
        value = self.text(name)
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise fail(self.at(name), f'{_show(value)} is not a date like "2027-05-11"') from None

    def instant(self, name: str) -> datetime:
        """An ISO 8601 date-time with a zone ("Z" or an offset), returned in UTC; naive ones are refused."""
        value = self.text(name)
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", value):
                raise ValueError(value)
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise fail(
                self.at(name), f'{_show(value)} is not an ISO date-time with a zone (e.g. "2027-05-11T08:00:00Z")'
            ) from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise fail(
                self.at(name),
                f"{_show(value)} has no time zone, so the instant is ambiguous: "
                "end it with Z (UTC) or an offset such as +01:00",
            )
        return parsed.astimezone(UTC)

    def array(self, name: str) -> list[Any]:
        """A JSON array (an absent one is empty)."""
        value = self._get(name, [])
        if not isinstance(value, list):
            raise fail(self.at(name), f"expected an array, not {_describe(value)}")
        return value


def _claim(seen: dict[str, str], value: str, path: str, what: str, *, shown: str | None = None) -> None:
    """Record `value` as used by the entry owning the field at `path`, refusing a second use."""
    if value in seen:
        raise fail(path, f"{what} {_show(shown if shown is not None else value)} is already used by {seen[value]}")
    seen[value] = path.rsplit(".", 1)[0]


def _resolve(fields: _Fields, name: str, known: Mapping[str, object], what: str, by: str = "key") -> str | None:
    value = fields.ref(name)
    if value is not None and value not in known:
        raise fail(fields.at(name), f"no {what} with {by} {_show(value)}")
    return value


# --- the sections --------------------------------------------------------------------------------

_TOP = (
    "format",
    "version",
    "visit",
    "organisations",
    "people",
    "venues",
    "travel_times",
    "attendees",
    "vehicles",
    "engagements",
    "travel_legs",
    "tasks",
    "gifts",
    "editions",
    "briefing_issues",
    "invitations",
    "replies",
)
_VISIT = (
    "title",
    "slug",
    "start_date",
    "end_date",
    "local_time_zone",
    "home_time_zone",
    "visiting_organisation",
    "host_organisation",
    "purpose",
    "objectives",
    "status",
    "marking",
    "issue_number",
)
_ORGANISATION = ("key", "name", "native_name", "country", "kind")
_PERSON = (
    "key",
    "family_name",
    "given_names",
    "native_name",
    "romanised_name",
    "name_order",
    "honorific",
    "form_of_address",
    "title",
    "organisation",
    "email",
    "phone",
    "languages",
    "dietary",
    "access_needs",
    "biography",
    "notes",
)
_VENUE = (
    "code",
    "name",
    "native_name",
    "address",
    "latitude",
    "longitude",
    "time_zone",
    "capacity",
    "opening_hours",
    "access_notes",
    "site_contact",
    "site_contact_phone",
    "description",
    "rooms",
)
_ROOM = ("name", "native_name", "capacity", "notes")
_TRAVEL = ("from", "to", "minutes", "mode")
_ATTENDEE = ("key", "person", "side", "role", "precedence", "arrival", "departure", "document_language")
_VEHICLE = ("key", "label", "capacity", "driver", "registration", "notes")
_ENGAGEMENT = (
    "uid",
    "sequence",
    "kind",
    "title",
    "start",
    "end",
    "venue",
    "room",
    "origin_venue",
    "vehicle",
    "public_notes",
    "restricted_notes",
    "dress_code",
    "status",
    "interpretation",
    "is_public",
    "guest_count",
    "guest_label",
    "attendances",
    "seating",
    "guests",
)
_ATTENDANCE = ("attendee", "part")
_GUEST = ("number", "label", "accompanies", "side")
_SEATING = ("style", "tables", "seats")
_TABLE = ("label", "shape", "seats", "x", "y", "rotation")
_SEAT = ("table", "seat", "attendee", "guest", "locked")
_LEG = (
    "direction",
    "mode",
    "carrier",
    "number",
    "from_place",
    "from_terminal",
    "to_place",
    "to_terminal",
    "departs",
    "departs_zone",
    "arrives",
    "arrives_zone",
    "venue",
    "met_by",
    "travellers",
    "notes",
)
_EDITION = ("name", "audience", "marking", "classes", "distribution")

#: Field names in domain messages that the file calls otherwise.
TRAVEL_RENAMES: Final = {"from_venue": "from", "to_venue": "to"}
ENGAGEMENT_RENAMES: Final = {"attendees": "attendances"}
LEG_RENAMES: Final = {"met_by_attendee_id": "met_by", "venue_id": "venue"}


def _check_header(root: object) -> None:
    if not isinstance(root, dict):
        raise fail("$", f"a visit file is a JSON object, not {_describe(root)}")
    if "format" not in root:
        raise fail("$.format", f'is missing: this is not a VisitPlanner visit file (expected "{FORMAT}")')
    if root["format"] != FORMAT:
        raise fail("$.format", f'{_describe(root["format"])} is not a VisitPlanner visit file (expected "{FORMAT}")')
    if "version" not in root:
        raise fail("$.version", "is missing")
    version = root["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail("$.version", f"expected a whole number, not {_describe(version)}")
    if version > VERSION:
        raise fail(
            "$.version",
            f"this file is version {version}, written by a newer VisitPlanner; this one "
            f"reads version {VERSION} only: update VisitPlanner to open it",
        )
    if version < 1:
        raise fail("$.version", f"unsupported version {version} (this VisitPlanner reads version {VERSION})")


def _organisations(items: list[Any]) -> tuple[OrganisationEntry, ...]:
    entries: list[OrganisationEntry] = []
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.organisations[{i}]", _ORGANISATION, "an organisation")
        key = f.key("key")
        _claim(keys, key, f.at("key"), "the key")
        data = OrganisationData(
            f.text("name"),
            f.text("native_name", ""),
            f.text("country", ""),
            f.enum("kind", OrganisationKind, OrganisationKind.OTHER),
        )
        _validated(f.path, data.validate)
        data = replace(data, name=data.name.strip())
        _claim(names, data.name.casefold(), f.at("name"), "the name", shown=data.name)
        entries.append(OrganisationEntry(key, data))
    return tuple(entries)


def _people(items: list[Any], organisations: Mapping[str, object]) -> tuple[PersonEntry, ...]:
    entries: list[PersonEntry] = []
    keys: dict[str, str] = {}
    emails: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.people[{i}]", _PERSON, "a person")
        key = f.key("key")
        _claim(keys, key, f.at("key"), "the key")
        data = PersonData(
            family_name=f.text("family_name"),
            given_names=f.text("given_names", ""),
            native_name=f.text("native_name", ""),
            romanised_name=f.text("romanised_name", ""),
            name_order=f.enum("name_order", NameOrder, NameOrder.GIVEN_FIRST),
            honorific=f.text("honorific", ""),
            form_of_address=f.text("form_of_address", ""),
            title=f.text("title", ""),
            email=f.text("email", ""),
            phone=f.text("phone", ""),
            languages=f.text("languages", ""),
            dietary=f.text("dietary", ""),
            access_needs=f.text("access_needs", ""),
            biography=f.text("biography", ""),
            notes=f.text("notes", ""),
        )
        organisation = _resolve(f, "organisation", organisations, "organisation")
        _validated(f.path, data.validate)
        if data.email.strip():
            # people are matched by e-mail on import, so two of them cannot share one
            _claim(emails, data.email.strip().casefold(), f.at("email"), "the e-mail address", shown=data.email.strip())
        entries.append(PersonEntry(key, data, organisation))
    return tuple(entries)


def _opening_hours(f: _Fields) -> OpeningHours | None:
    value = f.value.get("opening_hours")
    if value is None:
        return None
    path = f.at("opening_hours")
    if not isinstance(value, dict):
        raise fail(path, f'expected an object like {{"mon": [["08:00", "18:00"]]}} or null, not {_describe(value)}')
    if isinstance(value, _JSONObject) and value.duplicates:
        raise fail(f"{path}.{value.duplicates[0]}", "is given more than once")
    for day, spans in value.items():
        if day not in WEEKDAYS:
            raise fail(f"{path}.{day}", f"unknown weekday (use {', '.join(WEEKDAYS)})")
        if not isinstance(spans, list):
            raise fail(f"{path}.{day}", f"expected an array of [opening, closing] pairs, not {_describe(spans)}")
        for j, span in enumerate(spans):
            if not isinstance(span, list) or len(span) != 2 or not all(isinstance(t, str) for t in span):
                raise fail(
                    f"{path}.{day}[{j}]", f'expected a pair of times like ["08:00", "18:00"], not {_describe(span)}'
                )
    try:
        return OpeningHours.from_json(value)
    except UserError as exc:
        raise at_path(f.path, exc) from exc


def _venues(items: list[Any]) -> tuple[VenueEntry, ...]:
    entries: list[VenueEntry] = []
    codes: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.venues[{i}]", _VENUE, "a venue")
        data = VenueData(
            name=f.text("name"),
            code=f.key("code"),
            address=f.text("address", ""),
            latitude=f.optional_number("latitude"),
            longitude=f.optional_number("longitude"),
            time_zone=f.text("time_zone", ""),
            capacity=f.optional_integer("capacity"),
            opening_hours=_opening_hours(f),
            access_notes=f.text("access_notes", ""),
            site_contact=f.text("site_contact", ""),
            site_contact_phone=f.text("site_contact_phone", ""),
            description=f.text("description", ""),
            native_name=f.text("native_name", ""),  # version 8
        )
        _validated(f.path, data.validate)
        _claim(codes, data.code, f.at("code"), "the code")
        rooms: list[RoomData] = []
        names: dict[str, str] = {}
        for j, room_item in enumerate(f.array("rooms")):
            r = _Fields(room_item, f"{f.path}.rooms[{j}]", _ROOM, "a room")
            room = RoomData(
                r.text("name"), r.optional_integer("capacity"), r.text("notes", ""), r.text("native_name", "")
            )
            _validated(r.path, room.validate)
            room = replace(room, name=room.name.strip())
            _claim(names, room.name, r.at("name"), "the room name")
            rooms.append(room)
        entries.append(VenueEntry(data, tuple(rooms)))
    return tuple(entries)


def _travel_times(items: list[Any], venues: Mapping[str, int]) -> tuple[TravelTimeEntry, ...]:
    entries: list[TravelTimeEntry] = []
    pairs: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.travel_times[{i}]", _TRAVEL, "a travel time")
        from_code = _resolve(f, "from", venues, "venue", "code")
        to_code = _resolve(f, "to", venues, "venue", "code")
        if from_code is None or to_code is None:
            raise fail(f.at("from" if from_code is None else "to"), "expected a venue code, not null")
        entry = TravelTimeEntry(
            from_code, to_code, f.integer("minutes", minimum=-_MAX_INT), f.enum("mode", TravelMode, TravelMode.CAR)
        )
        _validated(f.path, entry.data(venues[from_code], venues[to_code]).validate, TRAVEL_RENAMES)
        pair = f"{from_code}\n{to_code}"
        if pair in pairs:
            raise fail(
                f.path, f"the travel time from {_show(from_code)} to {_show(to_code)} is already given by {pairs[pair]}"
            )
        pairs[pair] = f.path
        entries.append(entry)
    return tuple(entries)


def _visit(value: object, organisations: Mapping[str, object]) -> VisitEntry:
    f = _Fields(value, "$.visit", _VISIT, "the visit")
    defaults = VisitData("", "", date.min, date.min)
    data = VisitData(
        title=f.text("title"),
        slug=f.text("slug"),
        start_date=f.day("start_date"),
        end_date=f.day("end_date"),
        local_time_zone=f.text("local_time_zone", defaults.local_time_zone),
        home_time_zone=f.text("home_time_zone", defaults.home_time_zone),
        purpose=f.text("purpose", ""),
        objectives=f.text("objectives", ""),
        status=f.enum("status", VisitStatus, defaults.status),
        marking=f.text("marking", defaults.marking),
    )
    entry = VisitEntry(
        data,
        _resolve(f, "visiting_organisation", organisations, "organisation"),
        _resolve(f, "host_organisation", organisations, "organisation"),
        f.integer("issue_number", 0),
    )
    _validated(f.path, data.validate)
    return entry


def _attendees(items: list[Any], people: Mapping[str, object]) -> tuple[AttendeeEntry, ...]:
    entries: list[AttendeeEntry] = []
    keys: dict[str, str] = {}
    persons: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.attendees[{i}]", _ATTENDEE, "an attendee")
        key = f.key("key")
        _claim(keys, key, f.at("key"), "the key")
        person = _resolve(f, "person", people, "person")
        if person is None:
            raise fail(f.at("person"), "expected a person key, not null")
        if person in persons:
            raise fail(f.at("person"), f"the person {_show(person)} already attends as {persons[person]}")
        persons[person] = f.path
        entry = AttendeeEntry(
            key,
            person,
            f.enum("side", Side),
            f.enum("role", Role),
            f.optional_integer("precedence"),
            f.text("arrival", ""),
            f.text("departure", ""),
            f.text("document_language", ""),  # version 8
        )
        _validated(f.path, entry.data(0).validate)
        entries.append(entry)
    return tuple(entries)


def _vehicles(items: list[Any], attendees: Mapping[str, object]) -> tuple[VehicleEntry, ...]:
    entries: list[VehicleEntry] = []
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.vehicles[{i}]", _VEHICLE, "a vehicle")
        key = f.key("key")
        _claim(keys, key, f.at("key"), "the key")
        data = VehicleData(
            f.text("label"),
            f.integer("capacity", minimum=-_MAX_INT),
            None,
            f.text("registration", ""),
            f.text("notes", ""),
        )
        driver = _resolve(f, "driver", attendees, "attendee")
        _validated(f.path, data.validate)
        _claim(labels, data.label.strip(), f.at("label"), "the label")
        entries.append(VehicleEntry(key, data, driver))
    return tuple(entries)


_PARTS: Final = {part.value: part for part in AttendancePart}


def _plain_attendance(
    value: object, attendees: Mapping[str, object], listed: Mapping[str, int]
) -> AttendanceEntry | None:
    """The attendance `value` when it is plainly right (the usual case, read without building a
    path for each): an object of no other fields than attendee and part, whose attendee is the
    key of an attendee of the file (keys were checked as such) not listed before, and whose part
    is a known part or absent. None for anything else, which `_Fields` then reads and explains."""
    # a plain dict (a _JSONObject has duplicates) naming the attendee, and the part at most
    if (
        type(value) is not dict
        or "attendee" not in value
        or not (len(value) == 1 or (len(value) == 2 and "part" in value))
    ):
        return None
    attendee, part = value.get("attendee"), value.get("part", AttendancePart.PARTICIPANT.value)
    if type(attendee) is not str or attendee not in attendees or attendee in listed or type(part) is not str:
        return None
    known = _PARTS.get(part)
    return None if known is None else AttendanceEntry(attendee, known)


def _engagements(
    items: list[Any], venues: Mapping[str, VenueEntry], vehicles: Mapping[str, object], attendees: Mapping[str, object]
) -> tuple[EngagementEntry, ...]:
    entries: list[EngagementEntry] = []
    uids: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.engagements[{i}]", _ENGAGEMENT, "an engagement")
        raw_uid = f.key("uid")
        try:
            uid = str(uuid.UUID(raw_uid))
        except ValueError:
            raise fail(
                f.at("uid"), f'{_show(raw_uid)} is not a UUID (e.g. "3f2b6c1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e")'
            ) from None
        _claim(uids, uid, f.at("uid"), "the UID")
        data = EngagementData(
            kind=f.enum("kind", EngagementKind),
            title=f.text("title"),
            start=f.instant("start"),
            end=f.instant("end"),
            public_notes=f.text("public_notes", ""),
            restricted_notes=f.text("restricted_notes", ""),
            dress_code=f.text("dress_code", ""),
            status=f.enum("status", EngagementStatus, EngagementStatus.CONFIRMED),
            interpretation=f.enum("interpretation", InterpretationMode, InterpretationMode.CONSECUTIVE),
            is_public=f.boolean("is_public", False),  # version 1 had no public flag: not public
            guest_count=f.integer("guest_count", 0),  # before version 10: no unnamed guests
            guest_label=f.text("guest_label", ""),
        )
        described: list[GuestData] = []
        companions: list[tuple[int, str]] = []
        for j, item in enumerate(f.array("guests")):  # version 11
            g = _Fields(item, f"{f.path}.guests[{j}]", _GUEST, "an unnamed guest")
            number = g.integer("number", minimum=1)
            companion = _resolve(g, "accompanies", attendees, "attendee")
            described.append(GuestData(number, g.text("label", ""), None, g.enum("side", Side, Side.HOST)))
            if companion is not None:
                companions.append((number, companion))
        data = replace(data, guests=tuple(described))
        venue = _resolve(f, "venue", venues, "venue", "code")
        room = f.ref("room", RoomData.TEXT["name"].limit)  # a room's name: as long as a room's name may be
        origin = _resolve(f, "origin_venue", venues, "venue", "code")
        vehicle = _resolve(f, "vehicle", vehicles, "vehicle")
        # validate() looks at which places are set; stand-in ids say "set" without naming a row
        probe = replace(
            data,
            venue_id=None if venue is None else 1,
            room_id=None if room is None else 1,
            origin_venue_id=None if origin is None else 1,
            vehicle_id=None if vehicle is None else 1,
        )
        _validated(f.path, probe.validate, ENGAGEMENT_RENAMES)
        if room is not None and venue is not None:
            room = room.strip()
            if room not in {r.name for r in venues[venue].rooms}:
                raise fail(f.at("room"), f"the venue {_show(venue)} has no room {_show(room)}")
        sequence = f.integer("sequence", 0)
        attendances: list[AttendanceEntry] = []
        listed: dict[str, int] = {}
        for j, attendance in enumerate(f.array("attendances")):
            entry = _plain_attendance(attendance, attendees, listed)
            if entry is None:  # anything unusual: the field-by-field reading, whose errors name the path
                a = _Fields(attendance, f"{f.path}.attendances[{j}]", _ATTENDANCE, "an attendance")
                attendee = _resolve(a, "attendee", attendees, "attendee")
                if attendee is None:
                    raise fail(a.at("attendee"), "expected an attendee key, not null")
                if attendee in listed:
                    raise fail(
                        a.at("attendee"),
                        f"the attendee {_show(attendee)} is listed twice "
                        f"(also at {f.path}.attendances[{listed[attendee]}])",
                    )
                entry = AttendanceEntry(attendee, a.enum("part", AttendancePart, AttendancePart.PARTICIPANT))
            listed[entry.attendee] = j
            attendances.append(entry)
        seating = _seating(f, attendees, data.guest_count) if f.value.get("seating") is not None else None
        entries.append(
            EngagementEntry(
                uid, sequence, data, venue, room, origin, vehicle, tuple(attendances), seating, tuple(companions)
            )
        )
    return tuple(entries)


def _seating(engagement: _Fields, attendees: Mapping[str, object], guest_count: int = 0) -> SeatingEntry:
    f = _Fields(engagement.value["seating"], engagement.at("seating"), _SEATING, "a seating plan")
    style = f.enum("style", SeatingStyle, SeatingStyle.CENTRE)
    tables: list[TableData] = []
    for i, item in enumerate(f.array("tables")):
        t = _Fields(item, f"{f.path}.tables[{i}]", _TABLE, "a table")
        table = TableData(
            t.text("label"),
            t.enum("shape", TableShape),
            t.integer("seats", minimum=1),
            t.optional_number("x") or 0.0,
            t.optional_number("y") or 0.0,
            t.integer("rotation", 0),
        )
        _validated(t.path, table.validate)
        tables.append(table)
    seats: list[tuple[int, int, str, bool]] = []
    guest_seats: list[tuple[int, int, int, bool]] = []
    guests_seated: dict[int, int] = {}
    taken: dict[tuple[int, int], int] = {}
    seated: dict[str, int] = {}
    for j, item in enumerate(f.array("seats")):
        a = _Fields(item, f"{f.path}.seats[{j}]", _SEAT, "a seat")
        number = a.integer("table", minimum=1)
        if number > len(tables):
            raise fail(a.at("table"), f"the plan has {len(tables)} tables, not a table {number}")
        seat = a.integer("seat", minimum=1)
        if seat > MAX_SEATS:
            raise fail(a.at("seat"), f"a table has at most {MAX_SEATS} seats, not a seat {seat}")
        is_guest = a.value.get("guest") is not None  # version 11: one of the unnamed guests, by number
        attendee = None if is_guest else _resolve(a, "attendee", attendees, "attendee")
        if not is_guest and attendee is None:
            raise fail(a.at("attendee"), "expected an attendee key, not null")
        locked = a.value.get("locked", False)
        if not isinstance(locked, bool):
            raise fail(a.at("locked"), f"expected true or false, not {_describe(locked)}")
        if (number, seat) in taken:
            raise fail(
                a.path, f"table {number} seat {seat} is taken twice (also at {f.path}.seats[{taken[number, seat]}])"
            )
        if is_guest:
            if a.value.get("attendee") is not None:
                raise fail(a.path, "a seat holds an attendee or an unnamed guest, not both")
            guest = a.integer("guest", minimum=1)
            if guest > guest_count:
                raise fail(
                    a.at("guest"),
                    f"the engagement has {guest_count} unnamed guest{'s' if guest_count != 1 else ''}, "
                    f"not a guest {guest}",
                )
            if guest in guests_seated:
                raise fail(
                    a.at("guest"), f"guest {guest} is seated twice (also at {f.path}.seats[{guests_seated[guest]}])"
                )
            taken[number, seat] = j
            guests_seated[guest] = j
            guest_seats.append((number - 1, seat, guest, locked))
            continue
        assert attendee is not None
        if attendee in seated:
            raise fail(
                a.at("attendee"), f"{_show(attendee)} is seated twice (also at {f.path}.seats[{seated[attendee]}])"
            )
        taken[number, seat] = j
        seated[attendee] = j
        seats.append((number - 1, seat, attendee, locked))
    return SeatingEntry(style, tuple(tables), tuple(seats), tuple(guest_seats))


def _travel_legs(
    items: list[Any], venues: Mapping[str, object], attendees: Mapping[str, object]
) -> tuple[TravelLegEntry, ...]:
    entries: list[TravelLegEntry] = []
    for i, item in enumerate(items):
        f = _Fields(item, f"$.travel_legs[{i}]", _LEG, "a travel leg")
        travellers: list[str] = []
        for j, value in enumerate(f.array("travellers")):
            path = f"{f.at('travellers')}[{j}]"
            if not isinstance(value, str):
                raise fail(path, f"expected an attendee key, not {_describe(value)}")
            if value not in attendees:
                raise fail(path, f"no attendee with key {_show(value)}")
            if value in travellers:
                raise fail(path, f"the attendee {_show(value)} is listed twice")
            travellers.append(value)
        data = TravelLegData(
            direction=f.enum("direction", LegDirection),
            mode=f.enum("mode", JourneyMode),
            departs=f.instant("departs"),
            arrives=f.instant("arrives"),
            departs_zone=f.text("departs_zone"),
            arrives_zone=f.text("arrives_zone"),
            traveller_ids=(),
            carrier=f.text("carrier", ""),
            number=f.text("number", ""),
            from_place=f.text("from_place", ""),
            from_terminal=f.text("from_terminal", ""),
            to_place=f.text("to_place", ""),
            to_terminal=f.text("to_terminal", ""),
            notes=f.text("notes", ""),
        )
        venue = _resolve(f, "venue", venues, "venue", "code")
        met_by = _resolve(f, "met_by", attendees, "attendee")
        # validate() counts the travellers; stand-in ids say how many without naming rows
        probe = replace(data, traveller_ids=tuple(range(1, len(travellers) + 1)))
        _validated(f.path, probe.validate)
        if met_by is not None and met_by in travellers:
            raise fail(f.at("met_by"), f"the attendee {_show(met_by)} is on the journey and cannot also meet it")
        entries.append(TravelLegEntry(data, venue, met_by, tuple(travellers)))
    return tuple(entries)


_TASK = ("title", "owner", "due_date", "due_days", "due_anchor", "status", "watch", "notes", "done_on")


def _tasks(items: list[Any]) -> tuple[TaskData, ...]:
    entries: list[TaskData] = []
    for i, item in enumerate(items):
        f = _Fields(item, f"$.tasks[{i}]", _TASK, "a readiness task")
        due_date = f.day("due_date") if f.value.get("due_date") is not None else None
        data = TaskData(
            title=f.text("title"),
            owner=f.text("owner", ""),
            due_date=due_date,
            due_days=f.optional_integer("due_days"),
            due_anchor=f.enum("due_anchor", DueAnchor, DueAnchor.BEFORE_START),
            status=f.enum("status", TaskStatus, TaskStatus.OPEN),
            watch=f.enum("watch", TaskWatch, TaskWatch.NOTHING),
            notes=f.text("notes", ""),
            done_on=f.text("done_on", ""),
        )
        _validated(f.path, data.validate)
        entries.append(data)
    return tuple(entries)


_GIFT = (
    "description",
    "giver",
    "giver_organisation",
    "recipient",
    "recipient_organisation",
    "engagement",
    "value",
    "currency",
    "photo",
    "status",
    "notes",
)


def _gifts(
    items: list[Any], attendees: Mapping[str, object], organisations: Mapping[str, object], uids: Mapping[str, object]
) -> tuple[GiftEntry, ...]:
    entries: list[GiftEntry] = []
    for i, item in enumerate(items):
        f = _Fields(item, f"$.gifts[{i}]", _GIFT, "a gift")
        giver = _resolve(f, "giver", attendees, "attendee")
        giver_org = _resolve(f, "giver_organisation", organisations, "organisation")
        recipient = _resolve(f, "recipient", attendees, "attendee")
        recipient_org = _resolve(f, "recipient_organisation", organisations, "organisation")
        engagement = _resolve(f, "engagement", uids, "engagement", "UID")
        data = GiftData(
            description=f.text("description"),
            value=f.optional_integer("value"),
            currency=f.text("currency", "GBP"),
            photo=f.text("photo", ""),
            status=f.enum("status", GiftStatus, GiftStatus.PLANNED),
            notes=f.text("notes", ""),
        )
        probe = replace(
            data,
            giver_attendee_id=1 if giver is not None else None,
            giver_organisation_id=1 if giver_org is not None else None,
            recipient_attendee_id=1 if recipient is not None else None,
            recipient_organisation_id=1 if recipient_org is not None else None,
        )
        _validated(f.path, probe.validate)
        entries.append(GiftEntry(data, giver, giver_org, recipient, recipient_org, engagement))
    return tuple(entries)


def _editions(items: list[Any] | None) -> tuple[EditionData, ...] | None:
    """The visit's editions (None when the file has none: version 1, the defaults are given)."""
    if items is None:
        return None
    entries: list[EditionData] = []
    names: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.editions[{i}]", _EDITION, "an edition")
        classes = f.array("classes")
        if not all(isinstance(c, str) for c in classes):
            raise fail(f.at("classes"), "expected an array of class names")
        lines = f.array("distribution")
        if not all(isinstance(line, str) for line in lines):
            raise fail(f.at("distribution"), "expected an array of names")
        data = EditionData(
            name=f.text("name"),
            audience=f.enum("audience", Audience),
            marking=f.text("marking", ""),
            classes=_validated_classes(f.at("classes"), classes),
            distribution=tuple(lines),
        )
        _validated(f.path, data.validate)
        _claim(names, data.name.strip().casefold(), f.at("name"), "the name", shown=data.name.strip())
        entries.append(data)
    if not entries:
        raise fail("$.editions", "a visit needs at least one edition")
    return tuple(entries)


_ISSUE = ("number", "issued_at", "issued_by", "copies", "snapshot")
_SNAPSHOT = ("format", "attendees", "engagements")
#: The fields of an engagement in an issue's snapshot (`BriefingIssue.SNAPSHOT_SOURCES`; a test
#: keeps them the same).
SNAPSHOT_ENGAGEMENT: Final = (
    "title",
    "kind",
    "status",
    "start",
    "end",
    "venue",
    "room",
    "origin",
    "vehicle",
    "attendances",
)
_SNAPSHOT_ENGAGEMENT = SNAPSHOT_ENGAGEMENT
_FORMER = re.compile(r"former-[1-9][0-9]{0,8}")


def _issues(items: list[Any], attendees: Mapping[str, object]) -> tuple[IssueEntry, ...]:
    entries: list[IssueEntry] = []
    numbers: dict[str, str] = {}

    def who(path: str, key: object) -> str:
        if not isinstance(key, str) or (key not in attendees and not _FORMER.fullmatch(key)):
            raise fail(path, f'no attendee with key {_show(key)} (nor a former one, "former-N")')
        return key

    for i, item in enumerate(items):
        f = _Fields(item, f"$.briefing_issues[{i}]", _ISSUE, "a briefing-pack issue")
        number = f.integer("number", minimum=1)
        _claim(numbers, str(number), f.at("number"), "the issue number")
        copies_value = f.value.get("copies", {})
        if not isinstance(copies_value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in copies_value.items()
        ):
            raise fail(f.at("copies"), "expected an object of edition names to lists of names")
        snap = _Fields(f.value.get("snapshot"), f.at("snapshot"), _SNAPSHOT, "a snapshot of the plan")
        fmt = snap.integer("format", minimum=1)
        named = snap.value.get("attendees", {})
        if not isinstance(named, dict) or not all(isinstance(v, str) for v in named.values()):
            raise fail(snap.at("attendees"), "expected an object of attendee keys to names")
        attendees_doc = {who(f"{snap.at('attendees')}.{k}", k): v for k, v in named.items()}
        engagements_value = snap.value.get("engagements", {})
        if not isinstance(engagements_value, dict):
            raise fail(snap.at("engagements"), f"expected an object, not {_describe(engagements_value)}")
        engagements_doc: dict[str, Any] = {}
        for uid, body in engagements_value.items():
            e = _Fields(body, f"{snap.at('engagements')}.{uid}", _SNAPSHOT_ENGAGEMENT, "an engagement as issued")
            for name in _SNAPSHOT_ENGAGEMENT:
                value = e.value.get(name)
                if name != "attendances" and value is not None and not isinstance(value, str):
                    raise fail(e.at(name), f"expected a string or null, not {_describe(value)}")
            parts = e.value.get("attendances", {})
            if not isinstance(parts, dict) or not all(isinstance(v, str) for v in parts.values()):
                raise fail(e.at("attendances"), "expected an object of attendee keys to parts")
            engagements_doc[uid] = {
                **e.value,
                "attendances": {who(f"{e.at('attendances')}.{k}", k): v for k, v in parts.items()},
            }
        entries.append(
            IssueEntry(
                number,
                f.instant("issued_at"),
                f.text("issued_by", ""),
                {k: list(v) for k, v in copies_value.items()},
                {"format": fmt, "attendees": attendees_doc, "engagements": engagements_doc},
            )
        )
    return tuple(entries)


_INVITATION = (
    "address",
    "name",
    "person",
    "uid",
    "method",
    "sequence",
    "digest",
    "title",
    "start",
    "end",
    "sent_at",
)
_REPLY = ("address", "uid", "partstat", "sequence", "received_at")


def _address(f: _Fields) -> str:
    value = address_key(f.key("address", limits.LINE))
    if not EMAIL.match(value):
        raise fail(f.at("address"), f"{_show(value)} is not an e-mail address")
    return value


def _invitations(items: list[Any], people: Mapping[str, object]) -> tuple[InvitationEntry, ...]:
    entries: list[InvitationEntry] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.invitations[{i}]", _INVITATION, "an invitation sent")
        address = _address(f)
        uid = f.key("uid", limits.UUID)
        _claim(seen, f"{address} {uid}", f.at("uid"), "the recipient and UID", shown=f"{address}, {uid}")
        person = _resolve(f, "person", people, "person")
        name = f.text("name", "")
        title = f.text("title", "")
        digest = f.text("digest", "")
        for field_name, value, limit in (
            ("name", name, limits.LINE),
            ("title", title, limits.LINE),
            ("digest", digest, limits.FINGERPRINT),
        ):
            if len(value) > limit:
                raise fail(f.at(field_name), f"is {len(value)} characters long; it may be at most {limit}")
        start, end = f.instant("start"), f.instant("end")
        record = SentRecord(
            address,
            name,
            None,
            uid,
            f.enum("method", SentMethod),
            f.integer("sequence"),
            digest,
            title,
            start,
            end,
        )
        entries.append(InvitationEntry(record, person, f.instant("sent_at")))
    return tuple(entries)


def _replies(items: list[Any]) -> tuple[RecordedReply, ...]:
    entries: list[RecordedReply] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        f = _Fields(item, f"$.replies[{i}]", _REPLY, "a reply")
        address = _address(f)
        uid = f.key("uid", limits.UUID)
        _claim(seen, f"{address} {uid}", f.at("uid"), "the recipient and UID", shown=f"{address}, {uid}")
        entries.append(
            RecordedReply(address, uid, f.enum("partstat", PartStat), f.integer("sequence"), f.instant("received_at"))
        )
    return tuple(entries)


def _validated_classes(path: str, names: list[str]) -> frozenset[Privacy]:
    try:
        return parse_classes(",".join(names))
    except UserError as error:
        raise fail(path, error.message.split(": ", 1)[-1]) from None


# --- entry points --------------------------------------------------------------------------------


def _load(text: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_NonFinite, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise fail("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise fail("$", "not a visit file: its values are nested too deeply") from None
    except ValueError:  # an integer with thousands of digits
        raise fail("$", "not valid JSON: a number in it is too long to read") from None


def parse_visit_document(text: str) -> VisitDocument:
    """Parse and validate a visit file's text; every error is a `UserError` naming the JSON path."""
    if len(text) > MAX_SIZE:
        raise fail(
            "$",
            f"the file is {len(text) / 1024 / 1024:.0f} MB; a visit file may be at most {MAX_SIZE // 1024 // 1024} MB",
        )
    root = _load(text)
    _check_header(root)
    top = _Fields(root, "$", _TOP, "a visit file")
    if "visit" not in top.value:
        raise fail("$.visit", "is missing")
    organisations = _organisations(top.array("organisations"))
    org_keys = {o.key: o for o in organisations}
    people = _people(top.array("people"), org_keys)
    venues = _venues(top.array("venues"))
    venue_positions = {v.code: i for i, v in enumerate(venues)}
    travel_times = _travel_times(top.array("travel_times"), venue_positions)
    visit = _visit(top.value["visit"], org_keys)
    attendees = _attendees(top.array("attendees"), {p.key: p for p in people})
    attendee_keys = {a.key: a for a in attendees}
    vehicles = _vehicles(top.array("vehicles"), attendee_keys)
    engagements = _engagements(
        top.array("engagements"), {v.code: v for v in venues}, {v.key: v for v in vehicles}, attendee_keys
    )
    travel_legs = _travel_legs(top.array("travel_legs"), {v.code: v for v in venues}, attendee_keys)
    editions = _editions(top.array("editions") if "editions" in top.value else None)
    return VisitDocument(
        visit,
        organisations,
        people,
        venues,
        travel_times,
        attendees,
        vehicles,
        engagements,
        version=top.value["version"],
        travel_legs=travel_legs,
        tasks=_tasks(top.array("tasks")),
        gifts=_gifts(top.array("gifts"), attendee_keys, org_keys, {e.uid: e for e in engagements}),
        editions=editions,
        issues=_issues(top.array("briefing_issues"), attendee_keys),
        invitations=_invitations(top.array("invitations"), {p.key: p for p in people}),
        replies=_replies(top.array("replies")),
    )


def read_visit_file(path: Path) -> VisitDocument:
    """Read, decode (UTF-8) and parse the visit file at `path`."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SIZE + 1)
    except OSError as exc:
        raise UserError(f"{path}: the file cannot be read ({exc.strerror or exc})", field="path") from exc
    if len(raw) > MAX_SIZE:
        raise fail("$", f"{path.name} is larger than {MAX_SIZE // 1024 // 1024} MB, too large for a visit file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(
            "$", f"{path.name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): save it as UTF-8"
        ) from None
    return parse_visit_document(text.removeprefix("\ufeff"))
