"""The portable visit file (versioned JSON): one visit with everything it refers to, deterministically."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy.orm import Session

from visitplanner.domain.errors import UserError
from visitplanner.domain.filesizes import VISIT_FILE_MAX_BYTES
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.timerange import UTC
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.store.models import Attendee, Engagement, Organisation, Person, Room, Vehicle, Venue, Visit
from visitplanner.store.queries import (
    SIDE_ORDER,
    attendees_of,
    engagements_of,
    travel_times_between,
    vehicles_of,
    venues_of,
)

#: The value of the document's "format" field (the importer checks the same value).
FORMAT: Final = "visitplanner-visit"
#: The version of the format written.
VERSION: Final = 2

Document = dict[str, Any]
#: How many engagements are written between two progress reports (and checks for a cancel).
_REPORT_EVERY = 50


def _instant(value: datetime) -> str:
    """An aware instant as ISO 8601 in UTC with a Z: "2027-05-11T08:00:00Z"."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _keys(prefix: str, rows: Iterable[Any]) -> dict[int, str]:
    """Keys "prefix-1", "prefix-2", ... for rows in the given (already stable) order, by row id."""
    return {row.id: f"{prefix}-{n}" for n, row in enumerate(rows, start=1)}


def _ref(keys: dict[int, str], ident: int | None) -> str | None:
    """The key of the row with id `ident`, or None for no row."""
    return keys[ident] if ident is not None else None


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _visit(visit: Visit, org_keys: dict[int, str]) -> Document:
    return {
        "title": visit.title,
        "slug": visit.slug,
        "start_date": visit.start_date.isoformat(),
        "end_date": visit.end_date.isoformat(),
        "local_time_zone": visit.local_time_zone,
        "home_time_zone": visit.home_time_zone,
        "visiting_organisation": _ref(org_keys, visit.visiting_organisation_id),
        "host_organisation": _ref(org_keys, visit.host_organisation_id),
        "purpose": visit.purpose,
        "objectives": visit.objectives,
        "status": visit.status.value,
        "marking": visit.marking,
        "issue_number": visit.issue_number,
    }


def _organisation(row: Organisation) -> Document:
    return {"name": row.name, "native_name": row.native_name, "country": row.country, "kind": row.kind.value}


def _person(row: Person, org_keys: dict[int, str]) -> Document:
    return {
        "family_name": row.family_name,
        "given_names": row.given_names,
        "native_name": row.native_name,
        "romanised_name": row.romanised_name,
        "name_order": row.name_order.value,
        "honorific": row.honorific,
        "form_of_address": row.form_of_address,
        "title": row.title,
        "organisation": _ref(org_keys, row.organisation_id),
        "email": row.email,
        "phone": row.phone,
        "languages": row.languages,
        "dietary": row.dietary,
        "access_needs": row.access_needs,
        "biography": row.biography,
        "notes": row.notes,
    }


def _room(row: Room) -> Document:
    return {"name": row.name, "capacity": row.capacity, "notes": row.notes}


def _venue(row: Venue) -> Document:
    hours = OpeningHours.from_json(row.opening_hours).to_json() if row.opening_hours is not None else None
    return {
        "code": row.code,
        "name": row.name,
        "address": row.address,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "time_zone": row.time_zone,
        "capacity": row.capacity,
        "opening_hours": hours,
        "access_notes": row.access_notes,
        "site_contact": row.site_contact,
        "site_contact_phone": row.site_contact_phone,
        "description": row.description,
        "rooms": [_room(room) for room in sorted(row.rooms, key=lambda r: (r.name, r.id))],
    }


def _attendee(row: Attendee, person_keys: dict[int, str]) -> Document:
    return {
        "person": person_keys[row.person_id],
        "side": row.side.value,
        "role": row.role.value,
        "precedence": row.precedence,
        "arrival": row.arrival,
        "departure": row.departure,
    }


def _vehicle(row: Vehicle, attendee_keys: dict[int, str]) -> Document:
    return {
        "label": row.label,
        "capacity": row.capacity,
        "driver": _ref(attendee_keys, row.driver_attendee_id),
        "registration": row.registration,
        "notes": row.notes,
    }


def _engagement(
    row: Engagement,
    venue_codes: dict[int, str],
    vehicle_keys: dict[int, str],
    attendee_keys: dict[int, str],
    attendee_rank: dict[int, int],
) -> Document:
    attendances = sorted(row.attendances, key=lambda a: attendee_rank[a.attendee_id])
    return {
        "uid": row.uuid,
        "sequence": row.sequence,
        "kind": row.kind.value,
        "title": row.title,
        "start": _instant(row.start_at),
        "end": _instant(row.end_at),
        "venue": _ref(venue_codes, row.venue_id),
        "room": row.room.name if row.room is not None else None,
        "origin_venue": _ref(venue_codes, row.origin_venue_id),
        "vehicle": _ref(vehicle_keys, row.vehicle_id),
        "public_notes": row.public_notes,
        "restricted_notes": row.restricted_notes,
        "dress_code": row.dress_code,
        "status": row.status.value,
        "interpretation": row.interpretation.value,
        "attendances": [{"attendee": attendee_keys[a.attendee_id], "part": a.part.value} for a in attendances],
    }


def export_visit_document(
    session: Session,
    visit_id: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Document:
    """The visit as a visit-file document (version `VERSION`) (a JSON-ready dict).

    It holds the visit, the organisations the visit or its attendees' people belong to, those
    people, the venues its engagements use (with all their rooms) and the travel times between
    them, its attendees, vehicles and engagements. Keys are numbered in a stable order that
    depends only on the exported values, so exporting an imported copy gives the same document.
    `progress` is called with (engagements done, engagements in all); when `cancelled` answers
    True, `WorkCancelled` is raised.
    """
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    attendees = attendees_of(session, visit_id)
    engagements = engagements_of(session, visit_id)
    vehicles = sorted(vehicles_of(session, visit_id), key=lambda v: (v.label, v.id))
    venues = sorted(venues_of(session, visit_id), key=lambda v: (v.code, v.id))

    organisations: dict[int, Organisation] = {}
    for org in (visit.visiting_organisation, visit.host_organisation, *(a.person.organisation for a in attendees)):
        if org is not None:
            organisations[org.id] = org
    ordered_orgs = sorted(organisations.values(), key=lambda o: (o.name, o.id))
    org_keys = _keys("org", ordered_orgs)

    people = sorted({a.person.id: a.person for a in attendees}.values(), key=lambda p: p.id)
    person_docs = {p.id: _person(p, org_keys) for p in people}
    people.sort(key=lambda p: (p.family_name, p.given_names, p.email, p.native_name, _canonical(person_docs[p.id])))
    person_keys = _keys("person", people)

    attendee_docs = {a.id: _attendee(a, person_keys) for a in attendees}
    ordered_attendees = sorted(attendees, key=lambda a: a.id)
    ordered_attendees.sort(
        key=lambda a: (
            SIDE_ORDER[a.side],
            a.precedence,
            a.person.family_name.casefold(),
            a.person.given_names.casefold(),
            _canonical(attendee_docs[a.id]),
        )
    )
    attendee_keys = _keys("attendee", ordered_attendees)
    attendee_rank = {a.id: n for n, a in enumerate(ordered_attendees)}

    vehicle_keys = _keys("vehicle", vehicles)
    venue_codes = {v.id: v.code for v in venues}
    travel = sorted(
        travel_times_between(session, set(venue_codes)),
        key=lambda t: (venue_codes[t.from_venue_id], venue_codes[t.to_venue_id]),
    )
    ordered_engagements = sorted(engagements, key=lambda e: (e.start_at, e.end_at, e.title, e.uuid))
    engagement_docs: list[Document] = []
    for n, engagement in enumerate(ordered_engagements):
        if n % _REPORT_EVERY == 0:
            if cancelled is not None and cancelled():
                raise WorkCancelled("the visit file export was cancelled: nothing was written")
            if progress is not None:
                progress(n, len(ordered_engagements))
        engagement_docs.append(_engagement(engagement, venue_codes, vehicle_keys, attendee_keys, attendee_rank))

    return {
        "format": FORMAT,
        "version": VERSION,
        "visit": _visit(visit, org_keys),
        "organisations": [{"key": org_keys[o.id], **_organisation(o)} for o in ordered_orgs],
        "people": [{"key": person_keys[p.id], **person_docs[p.id]} for p in people],
        "venues": [_venue(v) for v in venues],
        "travel_times": [
            {
                "from": venue_codes[t.from_venue_id],
                "to": venue_codes[t.to_venue_id],
                "minutes": t.minutes,
                "mode": t.mode.value,
            }
            for t in travel
        ],
        "attendees": [{"key": attendee_keys[a.id], **attendee_docs[a.id]} for a in ordered_attendees],
        "vehicles": [{"key": vehicle_keys[v.id], **_vehicle(v, attendee_keys)} for v in vehicles],
        "engagements": engagement_docs,
    }


def dump_visit_document(document: Document) -> str:
    """The document as the text of a visit file: indented JSON (non-ASCII kept as it is, fields in
    the documented order) with a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_visit_file(
    session: Session,
    visit_id: int,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Export the visit to `path`, replacing it atomically: a failed or cancelled write leaves no
    partial file (`progress` and `cancelled` as for `export_visit_document`).

    The file is created readable by its owner only, as it carries restricted fields.
    """
    keep = sqlite_files(session)
    check_export_target(path, keep)
    document = export_visit_document(session, visit_id, progress=progress, cancelled=cancelled)
    data = dump_visit_document(document).encode("utf-8")
    if len(data) > VISIT_FILE_MAX_BYTES:  # what the app writes, it must read back
        raise UserError(
            f"the visit file would be {len(data) / 2**20:.0f} MB, more than the {VISIT_FILE_MAX_BYTES // 2**20} MB "
            "a visit file may be (it could not be imported again): shorten the longest notes and biographies",
            field="file",
        )
    write_atomically(path, data, what="the visit file", keep=keep)
