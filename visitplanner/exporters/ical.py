"""iCalendar export of a visit, one attendee or one venue: PUBLISH, or REQUEST with CANCEL, deterministically."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Final, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import guests, place, route, time_span, zone_label
from visitplanner.domain.invitations import UID_SUFFIX, PlannedEngagement, address_key, seen_digest
from visitplanner.domain.languages import document_language
from visitplanner.domain.names import PersonName
from visitplanner.domain.timerange import whole_days, zone
from visitplanner.domain.values import EMAIL
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.exporters.ical_text import ContentLines, escape_text, param_value, utc_stamp
from visitplanner.exporters.ical_zones import vtimezone
from visitplanner.store.models import Attendance, Attendee, Engagement, Person, Room, Vehicle, Venue, Visit
from visitplanner.store.queries import SIDE_ORDER, attendees_of, table

#: Every exported UID is "<engagement uuid>@visitplanner" (`UID_SUFFIX`); the importer maps it back.
#: Fixed, without a version number, so the same data gives the same bytes in every release.
PRODID: Final = "-//VisitPlanner//Visit calendar//EN"
#: The file name suffix of the cancellations written next to a REQUEST export.
CANCEL_SUFFIX: Final = "-cancel"

Method = Literal["publish", "request"]
#: Called with (events written, events in the export) as an export advances.
#: Polled during an export: True stops it with `WorkCancelled`.
_REPORT_EVERY = 200
#: What to export: None for the whole visit, an int for one attendee (by attendee id), a str
#: for one venue (by venue code).
Scope = int | str | None

_STATUS = {
    EngagementStatus.TENTATIVE: "TENTATIVE",
    EngagementStatus.CONFIRMED: "CONFIRMED",
    EngagementStatus.CANCELLED: "CANCELLED",
}
_LOCAL = "%Y%m%dT%H%M%S"


def engagement_uid(uuid: str) -> str:
    """The iCalendar UID of the engagement with this uuid."""
    return f"{uuid}{UID_SUFFIX}"


@dataclass(frozen=True)
class Organiser:
    """Who sends the invitations of a REQUEST export (replies go to this address).

    Attributes:
        email: the organiser's e-mail address.
        name: the name shown for it (may be empty).
    """

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarFile:
    """One iCalendar object of an export.

    Attributes:
        method: "PUBLISH", "REQUEST" or "CANCEL".
        data: the object's bytes (UTF-8, CRLF line ends, folded).
        uids: the UIDs of its events, in the order written.
        suffix: what `write_calendar` adds to the file name: "" or `CANCEL_SUFFIX`.
    """

    method: str
    data: bytes
    uids: tuple[str, ...]
    suffix: str = ""

    @property
    def events(self) -> int:
        return len(self.uids)


@dataclass(frozen=True)
class WrittenCalendar:
    """A file written by `write_calendar`.

    Attributes:
        path: where it was written.
        method: "PUBLISH", "REQUEST" or "CANCEL".
        events: how many events it holds.
    """

    path: Path
    method: str
    events: int


@dataclass
class _Export:
    """The settings and lookups of one export run.

    Attributes:
        visit: the exported visit.
        method: "publish" or "request".
        restricted: whether restricted and internal fields are included.
        now: the DTSTAMP of every event.
        organiser: the sender of invitations (REQUEST only).
        attendees: the visit's attendees by id as plain values, in ATTENDEE order (visiting, host,
            staff; precedence).
        attendances: for each engagement id, its (attendee id, part) pairs in that order.
        zones: for each TZID, the first and last instant written with it.
    """

    visit: Visit
    method: Method
    restricted: bool
    now: datetime
    organiser: Organiser | None
    attendees: dict[int, _Guest]
    attendances: dict[int, list[tuple[int, AttendancePart]]]
    zones: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    total: int = 0
    done: int = 0
    #: Invitations to one person: the event names only them (and the organiser), and says
    #: nothing that changes when others join or leave it (the attendee count).
    personal: bool = False
    _tz: dict[str, ZoneInfo] = field(default_factory=dict)
    _stamp: str = ""

    def advance(self) -> None:
        """Count one event written; report progress and honour a cancel now and then."""
        self.done += 1
        if self.done % _REPORT_EVERY == 0 or self.done == self.total:
            if self.cancelled is not None and self.cancelled():
                raise WorkCancelled("the calendar export was cancelled")
            if self.progress is not None:
                self.progress(self.done, self.total)

    @property
    def stamp(self) -> str:
        if not self._stamp:
            self._stamp = utc_stamp(self.now)
        return self._stamp

    def tz(self, name: str) -> ZoneInfo:
        found = self._tz.get(name)
        if found is None:
            found = self._tz[name] = zone(name)
        return found

    def zone_of(self, venue: _Place | None) -> str:
        return (venue.time_zone if venue is not None and venue.time_zone else "") or self.visit.local_time_zone

    def when(self, name: str, instant: datetime, tzid: str) -> tuple[str, list[tuple[str, str]], str]:
        """A DTSTART/DTEND line's parts: the local time with TZID, or UTC for the repeated hour.

        A wall time in the hour that occurs twice when clocks go back is its first occurrence
        to RFC 5545 (3.3.5), but libical reads it as the second: both occurrences are written in
        UTC, which every parser reads alike.
        """
        tz = self.tz(tzid)
        local = instant.astimezone(tz)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            return name, [], utc_stamp(instant)
        first, last = self.zones.get(tzid, (instant, instant))
        self.zones[tzid] = (min(first, instant), max(last, instant))
        return name, [("TZID", param_value(tzid))], local.strftime(_LOCAL)


def _resolve_scope(session: Session, visit: Visit, scope: Scope) -> tuple[int | None, Venue | None]:
    if scope is None:
        return None, None
    if isinstance(scope, int):
        attendee = session.get(Attendee, scope)
        if attendee is None or attendee.visit_id != visit.id:
            raise UserError(
                f"attendee: there is no attendee with id {scope} in the visit {visit.title!r}", field="attendee"
            )
        return attendee.id, None
    code = scope.strip()
    venue = session.scalars(select(Venue).where(Venue.code == code)).first()
    if venue is None:
        matches = [v for v in session.scalars(select(Venue)).all() if v.code.casefold() == code.casefold()]
        venue = matches[0] if len(matches) == 1 else None
    if venue is None:
        raise UserError(f"venue: there is no venue with the code {code!r}", field="venue")
    return None, venue


@dataclass(frozen=True, slots=True)
class _Place:
    """What an event says about a venue."""

    id: int
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    time_zone: str


@dataclass(frozen=True, slots=True)
class _Item:
    """One engagement as plain values: formatting thousands of them reads no ORM attributes."""

    id: int
    uuid: str
    kind: EngagementKind
    title: str
    start_at: datetime
    end_at: datetime
    venue: _Place | None
    origin_venue: _Place | None
    room: str
    vehicle: str
    public_notes: str
    restricted_notes: str
    dress_code: str
    status: EngagementStatus
    sequence: int
    created_at: datetime
    modified_at: datetime
    guest_count: int = 0
    guest_label: str = ""


def _engagements(session: Session, visit_id: int) -> list[_Item]:
    """The visit's engagements in a stable order (start, end, title, uuid), as plain values."""
    of_visit = Engagement.visit_id == visit_id
    places = {
        v.id: _Place(v.id, v.name, v.address, v.latitude, v.longitude, v.time_zone)
        for v in session.scalars(
            select(Venue).where(
                Venue.id.in_(select(Engagement.venue_id).where(of_visit))
                | Venue.id.in_(select(Engagement.origin_venue_id).where(of_visit))
            )
        )
    }
    rooms: dict[int, str] = {
        row[0]: row[1]
        for row in session.execute(
            select(Room.id, Room.name).where(Room.id.in_(select(Engagement.room_id).where(of_visit)))
        )
    }
    vehicles: dict[int, str] = {
        row[0]: row[1] for row in session.execute(select(Vehicle.id, Vehicle.label).where(Vehicle.visit_id == visit_id))
    }
    rows = session.execute(
        select(
            Engagement.id,
            Engagement.uuid,
            Engagement.kind,
            Engagement.title,
            Engagement.start_at,
            Engagement.end_at,
            Engagement.venue_id,
            Engagement.origin_venue_id,
            Engagement.room_id,
            Engagement.vehicle_id,
            Engagement.public_notes,
            Engagement.restricted_notes,
            Engagement.dress_code,
            Engagement.status,
            Engagement.sequence,
            Engagement.created_at,
            Engagement.modified_at,
            Engagement.guest_count,
            Engagement.guest_label,
        )
        .where(of_visit)
        .order_by(Engagement.start_at, Engagement.end_at, Engagement.title, Engagement.uuid)
    )
    return [
        _Item(
            id_,
            uuid,
            kind,
            title,
            start,
            end,
            places.get(venue) if venue else None,
            places.get(origin) if origin else None,
            rooms.get(room, "") if room else "",
            vehicles.get(vehicle, "") if vehicle else "",
            public,
            restricted,
            dress,
            status,
            sequence,
            created,
            modified,
            guest_count,
            guest_label,
        )
        for (
            id_,
            uuid,
            kind,
            title,
            start,
            end,
            venue,
            origin,
            room,
            vehicle,
            public,
            restricted,
            dress,
            status,
            sequence,
            created,
            modified,
            guest_count,
            guest_label,
        ) in rows
    ]


def _attendances(session: Session, visit_id: int, rank: dict[int, int]) -> dict[int, list[tuple[int, AttendancePart]]]:
    """(attendee id, part) per engagement id, as plain rows: no ORM objects for the many attendances."""
    found: dict[int, list[tuple[int, AttendancePart]]] = {}
    attendance, engagement = table(Attendance), table(Engagement)
    # Core columns, the part as plain text: tens of thousands of rows without a per-row type hook
    rows = session.execute(
        select(attendance.c.engagement_id, attendance.c.attendee_id, type_coerce(attendance.c.part, String))
        .join(engagement, engagement.c.id == attendance.c.engagement_id)
        .where(engagement.c.visit_id == visit_id)
    ).all()  # one fetchall: row by row costs twice as much
    parts = {p.value: p for p in AttendancePart}
    for engagement_id, attendee_id, part in rows:
        pairs = found.get(engagement_id)
        if pairs is None:
            pairs = found[engagement_id] = []
        pairs.append((attendee_id, parts[part]))
    far = 1 << 30
    for pairs in found.values():
        pairs.sort(key=lambda pair: (rank.get(pair[0], far), pair[0]))
    return found


def _in_scope(
    engagements: Sequence[_Item],
    attendances: dict[int, list[tuple[int, AttendancePart]]],
    attendee_id: int | None,
    venue: Venue | None,
) -> list[_Item]:
    if attendee_id is not None:
        return [e for e in engagements if any(a == attendee_id for a, _ in attendances.get(e.id, ()))]
    if venue is not None:
        return [
            e
            for e in engagements
            if venue.id in (e.venue.id if e.venue else None, e.origin_venue.id if e.origin_venue else None)
        ]
    return list(engagements)


@dataclass(frozen=True, slots=True)
class _Guest:
    """An attendee as calendars name them, as plain values (no ORM object per attendee).

    Attributes:
        id: the attendee row; person_id: their address-book entry.
        side, role: for the organiser's choice and the ATTENDEE's ROLE (a principal chairs).
        email: their e-mail address, stripped ("" when none).
        name: their name as shown (CN).
        language: the language their messages are written in ("en", "ko").
    """

    id: int
    person_id: int
    side: Side
    role: Role
    email: str
    name: str
    language: str

    @property
    def principal(self) -> bool:
        return self.role is Role.PRINCIPAL

    @staticmethod
    def of(attendee: Attendee) -> _Guest:
        person = attendee.person
        language = document_language(attendee.document_language, person.languages).value
        return _Guest(
            attendee.id, person.id, attendee.side, attendee.role, person.email.strip(), person.name.display, language
        )


def _guests(session: Session, visit_id: int) -> list[_Guest]:
    """The visit's attendees by side (visiting, host, staff), precedence and name, as `attendees_of`
    orders them: one Core query, plain values."""
    attendee, person = table(Attendee), table(Person)
    rows = session.execute(
        select(
            attendee.c.id,
            attendee.c.side,
            attendee.c.role,
            attendee.c.precedence,
            attendee.c.document_language,
            person.c.id,
            person.c.email,
            person.c.languages,
            person.c.family_name,
            person.c.given_names,
            person.c.native_name,
            person.c.romanised_name,
            person.c.name_order,
            person.c.honorific,
            person.c.form_of_address,
        )
        .join(person, person.c.id == attendee.c.person_id)
        .where(attendee.c.visit_id == visit_id)
        .order_by(attendee.c.id)
    ).all()
    languages: dict[tuple[str, str], str] = {}
    ranked: list[tuple[tuple[int, int, tuple[str, str]], _Guest]] = []
    for ident, side, role, precedence, chosen, person_id, email, spoken, *name_parts in rows:
        name = PersonName(*name_parts)
        language = languages.get((chosen, spoken))
        if language is None:
            language = languages[chosen, spoken] = document_language(chosen, spoken).value
        guest = _Guest(ident, person_id, Side(side), Role(role), email.strip(), name.display, language)
        ranked.append(((SIDE_ORDER[guest.side], precedence, name.sort_key), guest))
    ranked.sort(key=lambda pair: pair[0])
    return [guest for _, guest in ranked]


def default_organiser(attendees: Sequence[Attendee]) -> Organiser | None:
    """The visit's liaison office: the first staff liaison with an e-mail address, else the first
    host-side liaison, else the first staff member, else the first host with one (None if nobody)."""
    return _organiser_among([_Guest.of(a) for a in attendees])


def _organiser_among(guests: Sequence[_Guest]) -> Organiser | None:
    """`default_organiser` of attendees as plain values, in the visit's order."""
    with_email = [g for g in guests if g.email]
    for wanted in ((Side.STAFF, Role.LIAISON), (Side.HOST, Role.LIAISON), (Side.STAFF, None), (Side.HOST, None)):
        for guest in with_email:
            if guest.side is wanted[0] and wanted[1] in (None, guest.role):
                return Organiser(guest.email, guest.name)
    return None


def _number(value: float) -> str:
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _location(engagement: _Item) -> tuple[str, _Place | None]:
    """The LOCATION text and the venue whose coordinates go into GEO."""
    venue = engagement.venue
    if engagement.kind is EngagementKind.TRANSFER and engagement.origin_venue is not None:
        origin = engagement.origin_venue
        return route(origin.name, venue.name if venue else "?"), origin
    if venue is None:
        return "", None
    where = place(venue.name.strip(), engagement.room.strip())
    return ", ".join(p for p in (where, venue.address.strip()) if p), venue


def _role_of(principal: bool, part: AttendancePart) -> str:
    """The ATTENDEE's ROLE: CHAIR for a principal or a chair, OPT-PARTICIPANT for support."""
    if part is AttendancePart.CHAIR or principal:
        return "CHAIR"
    if part is AttendancePart.SUPPORT:
        return "OPT-PARTICIPANT"
    return "REQ-PARTICIPANT"


def _description(run: _Export, engagement: _Item, tzid: str, uninvited: Sequence[str]) -> str:
    paragraphs: list[str] = []
    if engagement.status is EngagementStatus.CANCELLED:
        paragraphs.append("CANCELLED")
    elif engagement.status is EngagementStatus.TENTATIVE:
        paragraphs.append("Tentative: to be confirmed")
    if engagement.public_notes.strip():
        paragraphs.append(engagement.public_notes.strip())
    if run.restricted and engagement.restricted_notes.strip():
        paragraphs.append(f"Restricted: {engagement.restricted_notes.strip()}")
    facts: list[str] = []
    if engagement.kind is EngagementKind.TRANSFER and engagement.origin_venue is not None:
        facts.append(f"From: {engagement.origin_venue.name}")
        if engagement.venue is not None:
            facts.append(f"To: {engagement.venue.name}")
        if run.restricted and engagement.vehicle:
            facts.append(f"Vehicle: {engagement.vehicle}")
    if engagement.dress_code.strip():
        facts.append(f"Dress code: {engagement.dress_code.strip()}")
    count = 0 if run.personal else len(run.attendances.get(engagement.id, ()))
    unnamed = guests(engagement.guest_count, engagement.guest_label) if run.restricted else ""  # internal
    if count or unnamed:
        facts.append("Attendees: " + ", ".join(str(p) for p in (count or "", unnamed) if p))
    home_name = run.visit.home_time_zone
    if home_name and home_name != tzid:
        home, local = run.tz(home_name), run.tz(tzid)
        if engagement.start_at.astimezone(home).utcoffset() != engagement.start_at.astimezone(local).utcoffset():
            day = engagement.start_at.astimezone(local).date()
            facts.append(
                f"Home time ({zone_label(home_name)}): {time_span(engagement.start_at, engagement.end_at, home, day)}"
            )
    if uninvited:
        facts.append(f"Not invited (no e-mail address): {', '.join(uninvited)}")
    if facts:
        paragraphs.append("\n".join(facts))
    return "\n\n".join(paragraphs)


def _people(lines: ContentLines, organiser: Organiser, attendees: Sequence[tuple[str, str, str]] | None) -> None:
    """ORGANIZER and, for an invitation (`attendees` given), an ATTENDEE per (address, name, role).

    The organiser is an attendee who has accepted: as such when they attend, else as a
    non-participant (REQUEST needs one ATTENDEE at least, and clients look for the organiser).
    """
    cn = [("CN", param_value(organiser.name, always_quote=True))] if organiser.name else []
    lines.add("ORGANIZER", f"mailto:{organiser.email}", cn)
    if attendees is None:
        return
    own = organiser.email.casefold()
    if own not in {email.casefold() for email, _, _ in attendees}:
        lines.add(
            "ATTENDEE",
            f"mailto:{organiser.email}",
            [("CUTYPE", "INDIVIDUAL"), ("ROLE", "NON-PARTICIPANT"), ("PARTSTAT", "ACCEPTED"), *cn],
        )
    for email, display, role in attendees:
        answer = (
            [("PARTSTAT", "ACCEPTED")] if email.casefold() == own else [("PARTSTAT", "NEEDS-ACTION"), ("RSVP", "TRUE")]
        )
        lines.add(
            "ATTENDEE",
            f"mailto:{email}",
            [("CUTYPE", "INDIVIDUAL"), ("ROLE", role), *answer, ("CN", param_value(display, always_quote=True))],
        )


def _all_day(run: _Export, engagement: _Item) -> tuple[date, date] | None:
    """The days of an engagement that fills whole local days of the visit's zone (midnight to
    midnight, as an imported all-day item is kept), written as an all-day event; else None. A
    transfer always has its times."""
    if engagement.kind is EngagementKind.TRANSFER:
        return None
    return whole_days(engagement.start_at, engagement.end_at, run.tz(run.visit.local_time_zone))


def _invited(run: _Export, engagement: _Item, only: int | None) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The (address, name, ROLE) of each attendee invited to `engagement` (only attendee `only`,
    when given), and the names of those who cannot be (no e-mail address)."""
    uninvited: list[str] = []
    attendees: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for attendee_id, part in run.attendances.get(engagement.id, ()):
        if only is not None and attendee_id != only:
            continue
        guest = run.attendees[attendee_id]
        email = guest.email
        if not email or not EMAIL.match(email) or email.casefold() in seen:
            uninvited.append(guest.name)
            continue
        seen.add(email.casefold())
        attendees.append((email, guest.name, _role_of(guest.principal, part)))
    return attendees, uninvited


def _event(
    run: _Export, lines: ContentLines, engagement: _Item, *, only: int | None = None, sequence: int | None = None
) -> str:
    """Write the VEVENT of `engagement`; `only` names the one attendee invited (a personal
    invitation), `sequence` overrides the engagement's SEQUENCE."""
    uid = engagement_uid(engagement.uuid)
    end_zone = run.zone_of(engagement.venue)
    start_zone = (
        run.zone_of(engagement.origin_venue)
        if engagement.kind is EngagementKind.TRANSFER and engagement.origin_venue is not None
        else end_zone
    )
    lines.add("BEGIN", "VEVENT")
    lines.add("UID", escape_text(uid))
    lines.add("SEQUENCE", str(engagement.sequence if sequence is None else sequence))
    lines.add("DTSTAMP", run.stamp)
    lines.add("CREATED", utc_stamp(engagement.created_at))
    lines.add("LAST-MODIFIED", utc_stamp(engagement.modified_at))
    days = _all_day(run, engagement)
    if days is not None:  # whole days of the visit (an imported all-day item): dates, and free time
        lines.add("DTSTART", days[0].strftime("%Y%m%d"), [("VALUE", "DATE")])
        lines.add("DTEND", days[1].strftime("%Y%m%d"), [("VALUE", "DATE")])
    else:
        name, params, value = run.when("DTSTART", engagement.start_at, start_zone)
        lines.add(name, value, params)
        name, params, value = run.when("DTEND", engagement.end_at, end_zone)
        lines.add(name, value, params)
    lines.add("STATUS", _STATUS[engagement.status])
    lines.text("SUMMARY", engagement.title)
    location, place = _location(engagement)
    if location:
        lines.text("LOCATION", location)
    if place is not None and place.latitude is not None and place.longitude is not None:
        lines.add("GEO", f"{_number(place.latitude)};{_number(place.longitude)}")
    uninvited: list[str] = []
    attendees: list[tuple[str, str, str]] = []
    if run.method == "request" and not (run.personal and run.organiser is None):
        attendees, uninvited = _invited(run, engagement, only)
        if run.personal:
            uninvited = []
    description = _description(run, engagement, start_zone, uninvited)
    if description:
        lines.text("DESCRIPTION", description)
    lines.text("CATEGORIES", engagement.kind.label)
    if run.restricted:
        lines.add("CLASS", "CONFIDENTIAL")
    if engagement.kind is EngagementKind.FREE_TIME or days is not None:
        lines.add("TRANSP", "TRANSPARENT")
    if run.organiser is not None:
        _people(lines, run.organiser, attendees if run.method == "request" else None)
    lines.add("END", "VEVENT")
    return uid


def _calendar(run: _Export, method: str, events: Sequence[_Item], title: str, suffix: str) -> CalendarFile:
    body = ContentLines()
    uids: list[str] = []
    for engagement in events:
        uids.append(_event(run, body, engagement))
        run.advance()
    head = ContentLines()
    head.add("BEGIN", "VCALENDAR")
    head.add("VERSION", "2.0")
    head.add("PRODID", escape_text(PRODID))
    head.add("CALSCALE", "GREGORIAN")
    head.add("METHOD", method)
    head.text("X-WR-CALNAME", title)
    used = dict(sorted(run.zones.items()))
    run.zones.clear()
    for tzid, (first, last) in used.items():
        head.extend(vtimezone(tzid, first, last))
    head.extend(body.lines)
    head.add("END", "VCALENDAR")
    return CalendarFile(method, head.to_bytes(), tuple(uids), suffix)


def _scope_title(visit: Visit, attendee_id: int | None, venue: Venue | None, attendees: Sequence[Attendee]) -> str:
    if attendee_id is not None:
        person = next(a.person for a in attendees if a.id == attendee_id)
        return f"{visit.title}: {person.name.display}"
    if venue is not None:
        return f"{visit.title}: {venue.name}"
    return visit.title


def export_calendars(
    session: Session,
    visit_id: int,
    *,
    scope: Scope = None,
    method: Method = "publish",
    restricted: bool = False,
    now: datetime,
    organiser: Organiser | None = None,
    per_event: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[CalendarFile, ...]:
    """The iCalendar objects of an export, in the order to send or import them.

    `scope` is None (the whole visit), an attendee id (the engagements they attend, transfers
    included) or a venue code (the engagements at the venue, or leaving from it). With
    `method="publish"` there is one PUBLISH object holding every engagement in scope,
    cancelled ones with STATUS:CANCELLED, and no ATTENDEE. With `method="request"` there is a
    REQUEST object for the engagements still on (ATTENDEE per attendee with an e-mail address,
    the organiser as an accepted attendee) and, when some are cancelled, a CANCEL object for
    those (suffix `CANCEL_SUFFIX`). Both methods name the ORGANIZER, as iTIP (RFC 5546 3.2.1)
    and libical's restriction check require even for PUBLISH: `organiser`, by default
    `default_organiser` (left out of a PUBLISH export when the visit has nobody to name).
    With `per_event`, every event gets an object of its own (with its VTIMEZONEs), as a
    CalDAV server stores them and as one invitation e-mail carries them.

    The bytes depend only on the data and `now` (the DTSTAMP). Restricted notes and internal
    fields (the vehicle) are included only when `restricted`. `progress` is called with (events
    written, events in all) as the work advances; when `cancelled` answers True,
    `WorkCancelled` is raised.
    """
    if method not in ("publish", "request"):
        raise UserError(f"method: {method!r} is not publish or request", field="method")
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    attendee_id, venue = _resolve_scope(session, visit, scope)
    attendees = attendees_of(session, visit_id)
    rank = {a.id: n for n, a in enumerate(attendees)}
    attendances = _attendances(session, visit_id, rank)
    chosen = _in_scope(_engagements(session, visit_id), attendances, attendee_id, venue)
    if not chosen:
        raise UserError(
            "scope: there are no engagements to export"
            + (
                " for this attendee"
                if attendee_id is not None
                else " at this venue"
                if venue is not None
                else " in this visit"
            ),
            field="scope",
        )
    sender = organiser or default_organiser(attendees)
    if sender is None and method == "request":
        raise UserError(
            "organiser: invitations need an organiser: give the visit a staff liaison with an "
            "e-mail address, or name the organiser",
            field="organiser",
        )
    if sender is not None:
        if not EMAIL.match(sender.email.strip()):
            raise UserError(f"organiser: {sender.email!r} is not an e-mail address", field="organiser")
        sender = Organiser(sender.email.strip(), sender.name.strip())
    run = _Export(
        visit,
        method,
        restricted,
        now,
        sender,
        {a.id: _Guest.of(a) for a in attendees},
        attendances,
        progress=progress,
        cancelled=cancelled,
        total=len(chosen),
    )
    title = _scope_title(visit, attendee_id, venue, attendees)
    if method == "publish":
        groups = [("PUBLISH", chosen, "")]
    else:
        groups = [
            ("REQUEST", [e for e in chosen if e.status is not EngagementStatus.CANCELLED], ""),
            ("CANCEL", [e for e in chosen if e.status is EngagementStatus.CANCELLED], CANCEL_SUFFIX),
        ]
    files: list[CalendarFile] = []
    for kind, events, suffix in groups:
        if not events:
            continue
        if per_event:
            files.extend(_calendar(run, kind, [event], title, suffix) for event in events)
        else:
            files.append(_calendar(run, kind, events, title, suffix))
    return tuple(files)


def export_calendar(
    session: Session,
    visit_id: int,
    *,
    scope: Scope = None,
    method: Method = "publish",
    restricted: bool = False,
    now: datetime,
    organiser: Organiser | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The first object of `export_calendars`: the whole PUBLISH calendar, or the REQUEST object
    (the CANCEL object only when every engagement in scope is cancelled)."""
    return export_calendars(
        session,
        visit_id,
        scope=scope,
        method=method,
        restricted=restricted,
        now=now,
        organiser=organiser,
        progress=progress,
        cancelled=cancelled,
    )[0].data


def cancel_path(path: Path) -> Path:
    """Where the cancellations of a REQUEST export to `path` go: "visit.ics" -> "visit-cancel.ics"."""
    return path.with_name(f"{path.stem}{CANCEL_SUFFIX}{path.suffix or '.ics'}")


_WHAT = {"PUBLISH": "event", "REQUEST": "invitation", "CANCEL": "cancellation"}


def report_written(path: Path, written: Sequence[WrittenCalendar]) -> list[str]:
    """What a `write_calendar` to `path` did, in lines for the officer: each file written, the
    advice to send both files of a REQUEST export, and any file of the pair left from an earlier
    export (not rewritten this time, so out of date)."""
    path = Path(path)
    lines = []
    for item in written:
        noun = _WHAT.get(item.method, "event")
        lines.append(
            f"Wrote {item.events} {noun}{'' if item.events == 1 else 's'} (METHOD:{item.method}) to {item.path}"
        )
    if not written:
        lines.append("Nothing was written: no engagement is in the calendar's scope")
    methods = {item.method for item in written}
    if "REQUEST" in methods and "CANCEL" in methods:
        lines.append("Send or open both files: the first invites, the second removes the cancelled engagements.")
    if methods & {"REQUEST", "CANCEL"} or not written:
        for companion in (path, cancel_path(path)):
            if companion.exists() and companion not in {item.path for item in written}:
                lines.append(
                    f"{companion} is left from an earlier export and was not rewritten: it is out of date, "
                    "so do not send it."
                )
    return lines


def write_calendar(
    session: Session,
    visit_id: int,
    path: Path,
    *,
    scope: Scope = None,
    method: Method = "publish",
    restricted: bool = False,
    now: datetime,
    organiser: Organiser | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[WrittenCalendar, ...]:
    """Export to `path`, replacing it atomically (a failed write leaves no partial file).

    A REQUEST export writes the invitations to `path` and the cancellations, if any, to
    `cancel_path(path)` ("visit-cancel.ics"): send or open both. Files are created readable by
    their owner only (invitations carry e-mail addresses, restricted exports restricted notes).
    """
    path = Path(path)
    keep = sqlite_files(session)
    check_export_target(path, keep)
    if method == "request":
        check_export_target(cancel_path(path), keep)
    written: list[WrittenCalendar] = []
    for item in export_calendars(
        session,
        visit_id,
        scope=scope,
        method=method,
        restricted=restricted,
        now=now,
        organiser=organiser,
        progress=progress,
        cancelled=cancelled,
    ):
        target = cancel_path(path) if item.suffix == CANCEL_SUFFIX else path
        write_atomically(target, item.data, what="the calendar", keep=keep)
        written.append(WrittenCalendar(target, item.method, item.events))
    return tuple(written)


# --- personal invitations (iTIP): one recipient per message ----------------------------------------

#: Lines of a personal event left out of its digest: they change without the recipient seeing a
#: different event (the stamp, the revision number, the row's times) or name the organiser and the
#: recipient, who are digested apart.
_NOT_DIGESTED = ("DTSTAMP:", "SEQUENCE:", "CREATED:", "LAST-MODIFIED:", "ORGANIZER", "ATTENDEE")
_DIGEST_CHARS = 24
_ADDRESS = attrgetter("address")
_OWN = attrgetter("digest")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


@dataclass(frozen=True, slots=True)
class Invitee:
    """A person invited to an engagement, as their personal invitation names them.

    Attributes:
        attendee_id: their attendee row.
        person_id: their address-book entry.
        address: their calendar address (`address_key` of the e-mail address).
        email: the address as written.
        name: their name as shown (CN).
        role: their ROLE at this engagement (CHAIR, REQ-PARTICIPANT, OPT-PARTICIPANT).
        language: the language their messages are written in ("ko"): their attendee's document
            language, else the first of their languages that documents are written in.
    """

    attendee_id: int
    person_id: int
    address: str
    email: str
    name: str
    role: str
    language: str
    digest: str = ""

    @staticmethod
    def of(attendee_id: int, person_id: int, email: str, name: str, role: str, language: str) -> Invitee:
        """The invitee, with the digest of what their ATTENDEE line shows (address, name, role)."""
        digest = _digest(f"{email}\n{name}\n{role}")
        return Invitee(attendee_id, person_id, address_key(email), email, name, role, language, digest)


@dataclass(frozen=True, slots=True)
class InvitationEvent:
    """One engagement of the plan as personal invitations show it.

    Attributes:
        uid: the engagement's uuid.
        title, start_at, end_at: what it is and when.
        sequence: the engagement's own SEQUENCE.
        cancelled: whether it is cancelled.
        location: the LOCATION it shows.
        body_digest: the digest of the event's lines every invitee sees alike.
        invitees: who is invited (attendees with an e-mail address), in ATTENDEE order.
    """

    uid: str
    title: str
    start_at: datetime
    end_at: datetime
    sequence: int
    cancelled: bool
    location: str
    body_digest: str
    invitees: tuple[Invitee, ...]

    def digest_for(self, invitee: Invitee) -> str:
        """The digest of the event as `invitee` sees it: what every invitee sees, and their ATTENDEE."""
        return seen_digest(self.body_digest, invitee.digest)


class Invitations:
    """Personal invitations of one visit: the events as each recipient sees them, and the calendars
    that carry the messages to one recipient (`request`, `cancel`).

    Attributes:
        events: the visit's engagements, in calendar order, with their invitees.
        visit_title: the visit's title (the calendars' X-WR-CALNAME).
    """

    def __init__(self, session: Session, visit_id: int, *, now: datetime, organiser: Organiser | None = None) -> None:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
        guests = _guests(session, visit_id)
        rank = {g.id: n for n, g in enumerate(guests)}
        attendances = _attendances(session, visit_id, rank)
        sender = organiser or _organiser_among(guests)
        if sender is not None:
            if not EMAIL.match(sender.email.strip()):
                raise UserError(f"organiser: {sender.email!r} is not an e-mail address", field="organiser")
            sender = Organiser(sender.email.strip(), sender.name.strip())
        self.organiser = sender
        self.visit_title = visit.title
        self._run = _Export(visit, "request", False, now, None, {g.id: g for g in guests}, attendances, personal=True)
        self._items = {item.uuid: item for item in _engagements(session, visit_id)}
        self._ranks = rank
        # what each (attendee, part) shows as an invitee, worked out once per pair met, not per engagement
        invitable = {g.id: g for g in guests if g.email and EMAIL.match(g.email)}
        keys = [g.email.casefold() for g in invitable.values()]
        #: whether two invitable attendees share an address (then each engagement invites the first only)
        self._shared = len(set(keys)) != len(keys)
        self._invitees: dict[tuple[int, AttendancePart], Invitee | None] = {}
        for attendee_id, part in set(chain.from_iterable(attendances.values())):
            guest = invitable.get(attendee_id)
            self._invitees[attendee_id, part] = (
                None
                if guest is None
                else Invitee.of(
                    guest.id, guest.person_id, guest.email, guest.name, _role_of(guest.principal, part), guest.language
                )
            )
        self.events: list[InvitationEvent] = []
        self.planned: list[PlannedEngagement] = []
        for item in self._items.values():
            event, planned = self._plan(item)
            self.events.append(event)
            self.planned.append(planned)
        self._by_uid = {e.uid: e for e in self.events}

    def _plan(self, item: _Item) -> tuple[InvitationEvent, PlannedEngagement]:
        """The engagement as its invitees see it, and as the pending computation compares it: the
        digest of what all see is computed once per engagement, each invitee's own part once per
        attendee and part."""
        run = self._run
        lines = ContentLines()
        _event(run, lines, item)
        run.zones.clear()
        body = _digest("\n".join(line for line in lines.lines if not line.startswith(_NOT_DIGESTED)))
        invitees = list(filter(None, map(self._invitees.__getitem__, run.attendances.get(item.id, ()))))
        if self._shared:
            seen: set[str] = set()
            unique: list[Invitee] = []
            for invitee in invitees:
                key = invitee.email.casefold()
                if key not in seen:
                    seen.add(key)
                    unique.append(invitee)
            invitees = unique
        cancelled = item.status is EngagementStatus.CANCELLED
        event = InvitationEvent(
            item.uuid,
            item.title,
            item.start_at,
            item.end_at,
            item.sequence,
            cancelled,
            _location(item)[0],
            body,
            tuple(invitees),
        )
        planned = PlannedEngagement(
            item.uuid,
            item.sequence,
            cancelled,
            body,
            tuple(map(_ADDRESS, invitees)),
            tuple(map(_OWN, invitees)),
        )
        return event, planned

    def recipients(self) -> dict[str, Invitee]:
        """Everyone invited to an engagement of the plan, by address: as the first engagement
        (in calendar order) that invites them names them."""
        found: dict[str, Invitee] = {}
        for planned, event in zip(reversed(self.planned), reversed(self.events), strict=True):
            found.update(zip(planned.addresses, event.invitees, strict=True))
        return found

    def rank(self, attendee_id: int) -> int:
        """The attendee's place in the visit's order (side, then precedence)."""
        return self._ranks.get(attendee_id, len(self._ranks))

    def event(self, uid: str) -> InvitationEvent | None:
        return self._by_uid.get(uid)

    def _sender(self) -> Organiser:
        if self.organiser is None:
            raise UserError(
                "organiser: invitations need an organiser: give the visit a staff liaison with an "
                "e-mail address, or name the organiser",
                field="organiser",
            )
        return self.organiser

    def _head(self, method: str, title: str, body: ContentLines) -> bytes:
        head = ContentLines()
        head.add("BEGIN", "VCALENDAR")
        head.add("VERSION", "2.0")
        head.add("PRODID", escape_text(PRODID))
        head.add("CALSCALE", "GREGORIAN")
        head.add("METHOD", method)
        head.text("X-WR-CALNAME", title)
        used = dict(sorted(self._run.zones.items()))
        self._run.zones.clear()
        for tzid, (first, last) in used.items():
            head.extend(vtimezone(tzid, first, last))
        head.extend(body.lines)
        head.add("END", "VCALENDAR")
        return head.to_bytes()

    def request(self, recipient: Invitee, items: Sequence[tuple[str, int]], title: str) -> bytes:
        """A METHOD:REQUEST calendar inviting `recipient` to the engagements `items` names as
        (uid, SEQUENCE to send): each event names the organiser and them only, RSVP requested."""
        organiser = self._sender()
        run = self._run
        run.organiser = organiser
        body = ContentLines()
        try:
            for uid, sequence in items:
                _event(run, body, self._items[uid], only=recipient.attendee_id, sequence=sequence)
        finally:
            run.organiser = None
        return self._head("REQUEST", title, body)

    def cancel(self, email: str, name: str, items: Sequence[CancelItem], title: str) -> bytes:
        """A METHOD:CANCEL calendar telling `email` that the engagements of `items` are off for
        them: STATUS:CANCELLED when the engagement itself is (RFC 5546 3.2.5), without it when
        only this attendee is taken off. Times are written in UTC (no VTIMEZONE needed)."""
        organiser = self._sender()
        body = ContentLines()
        for item in items:
            body.add("BEGIN", "VEVENT")
            body.add("UID", escape_text(engagement_uid(item.uid)))
            body.add("SEQUENCE", str(item.sequence))
            body.add("DTSTAMP", self._run.stamp)
            body.add("DTSTART", utc_stamp(item.start_at))
            body.add("DTEND", utc_stamp(item.end_at))
            if item.whole_event:
                body.add("STATUS", "CANCELLED")
            body.text("SUMMARY", item.title)
            cn = [("CN", param_value(organiser.name, always_quote=True))] if organiser.name else []
            body.add("ORGANIZER", f"mailto:{organiser.email}", cn)
            body.add(
                "ATTENDEE",
                f"mailto:{email}",
                [("CUTYPE", "INDIVIDUAL"), ("CN", param_value(name, always_quote=True))] if name else [],
            )
            body.add("END", "VEVENT")
        return self._head("CANCEL", title, body)


@dataclass(frozen=True, slots=True)
class CancelItem:
    """One engagement of a cancellation message.

    Attributes:
        uid: the engagement's uuid.
        sequence: the SEQUENCE to send.
        title, start_at, end_at: what it was and when (from the plan, or as last sent).
        whole_event: the engagement itself is off (STATUS:CANCELLED), not only this attendee.
    """

    uid: str
    sequence: int
    title: str
    start_at: datetime
    end_at: datetime
    whole_event: bool
