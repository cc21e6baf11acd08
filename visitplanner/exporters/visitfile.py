"""The portable visit file (versioned JSON): one visit with everything it refers to, deterministically."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from visitplanner.domain.editions import Audience
from visitplanner.domain.errors import UserError
from visitplanner.domain.filesizes import VISIT_FILE_MAX_BYTES
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.seating import SeatingLayout
from visitplanner.domain.timerange import UTC
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.store.models import (
    Attendance,
    Attendee,
    BriefingEdition,
    BriefingIssue,
    Engagement,
    EngagementGuest,
    Gift,
    InvitationReply,
    InvitationSent,
    Organisation,
    Person,
    ReadinessTask,
    Room,
    TravelLeg,
    TravelLegTraveller,
    TravelTime,
    Vehicle,
    Venue,
    Visit,
)
from visitplanner.store.queries import SIDE_ORDER, table
from visitplanner.store.seating import visit_plans

#: The value of the document's "format" field (the importer checks the same value).
FORMAT: Final = "visitplanner-visit"
#: The version of the format written.
VERSION: Final = 11

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


def _visit(visit: Any, org_keys: dict[int, str]) -> Document:
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


def _organisation(row: Any) -> Document:
    return {"name": row.name, "native_name": row.native_name, "country": row.country, "kind": row.kind.value}


def _person(row: Any, org_keys: dict[int, str]) -> Document:
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


def _room(row: Any) -> Document:
    return {"name": row.name, "native_name": row.native_name, "capacity": row.capacity, "notes": row.notes}


def _venue(row: Any, rooms: list[Any]) -> Document:
    hours = OpeningHours.from_json(row.opening_hours).to_json() if row.opening_hours is not None else None
    return {
        "code": row.code,
        "name": row.name,
        "native_name": row.native_name,
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
        "rooms": [_room(room) for room in sorted(rooms, key=lambda r: (r.name, r.id))],
    }


def _attendee(row: Any, person_keys: dict[int, str]) -> Document:
    return {
        "person": person_keys[row.person_id],
        "side": row.side.value,
        "role": row.role.value,
        "precedence": row.precedence,
        "arrival": row.arrival,
        "departure": row.departure,
        "document_language": row.document_language,
    }


def _vehicle(row: Any, attendee_keys: dict[int, str]) -> Document:
    return {
        "label": row.label,
        "capacity": row.capacity,
        "driver": _ref(attendee_keys, row.driver_attendee_id),
        "registration": row.registration,
        "notes": row.notes,
    }


def _engagement(
    row: Any,
    attendances: list[tuple[int, int, str]],
    room_names: dict[int, str],
    venue_codes: dict[int, str],
    vehicle_keys: dict[int, str],
    attendee_keys: dict[int, str],
    guests: list[Any] | None = None,
) -> Document:
    attendances.sort()  # (rank of the attendee, attendee id, part)
    described = sorted(guests or (), key=lambda g: g.number)
    return {
        "uid": row.uuid,
        "sequence": row.sequence,
        "kind": row.kind.value,
        "title": row.title,
        "start": _instant(row.start_at),
        "end": _instant(row.end_at),
        "venue": _ref(venue_codes, row.venue_id),
        "room": room_names[row.room_id] if row.room_id is not None else None,
        "origin_venue": _ref(venue_codes, row.origin_venue_id),
        "vehicle": _ref(vehicle_keys, row.vehicle_id),
        "public_notes": row.public_notes,
        "restricted_notes": row.restricted_notes,
        "dress_code": row.dress_code,
        "status": row.status.value,
        "interpretation": row.interpretation.value,
        "is_public": row.is_public,
        "guest_count": row.guest_count,
        "guest_label": row.guest_label,
        "attendances": [{"attendee": attendee_keys[ident], "part": part} for _, ident, part in attendances],
        # version 11: the unnamed guests with something particular (whom they accompany, their label)
        "guests": [
            {
                "number": g.number,
                "label": g.label,
                "accompanies": _ref(attendee_keys, g.accompanies_attendee_id),
                "side": g.side.value,
            }
            for g in described
        ],
    }


def _seating(layout: SeatingLayout, attendee_keys: dict[int, str]) -> Document:
    """A seating plan: tables numbered from 1 in the order of the list; seats by table and number."""
    return {
        "style": layout.style.value,
        "tables": [
            {
                "label": t.label,
                "shape": t.shape.value,
                "seats": t.seats,
                "x": round(t.x, 3),
                "y": round(t.y, 3),
                "rotation": t.rotation,
            }
            for t in layout.tables
        ],
        "seats": [
            {"table": p.table + 1, "seat": p.seat, "attendee": attendee_keys[p.attendee_id], "locked": p.locked}
            if p.attendee_id is not None
            # version 11: one of the engagement's unnamed guests, by number
            else {"table": p.table + 1, "seat": p.seat, "guest": p.guest, "locked": p.locked}
            for p in sorted(layout.placements, key=lambda p: (p.table, p.seat))
            if p.attendee_id in attendee_keys or (p.attendee_id is None and p.guest is not None)
        ],
    }


def _leg(
    row: Any, travellers: list[tuple[int, int]], venue_codes: dict[int, str], attendee_keys: dict[int, str]
) -> Document:
    travellers.sort()  # (rank of the attendee, attendee id)
    return {
        "direction": row.direction.value,
        "mode": row.mode.value,
        "carrier": row.carrier,
        "number": row.number,
        "from_place": row.from_place,
        "from_terminal": row.from_terminal,
        "to_place": row.to_place,
        "to_terminal": row.to_terminal,
        "departs": _instant(row.departs_at),
        "departs_zone": row.departs_zone,
        "arrives": _instant(row.arrives_at),
        "arrives_zone": row.arrives_zone,
        "venue": _ref(venue_codes, row.venue_id),
        "met_by": _ref(attendee_keys, row.met_by_attendee_id),
        "travellers": [attendee_keys[ident] for _, ident in travellers],
        "notes": row.notes,
    }


def _task(row: Any) -> Document:
    return {
        "title": row.title,
        "owner": row.owner,
        "due_date": row.due_date.isoformat() if row.due_date is not None else None,
        "due_days": row.due_days,
        "due_anchor": row.due_anchor.value,
        "status": row.status.value,
        "watch": row.watch.value,
        "notes": row.notes,
        "done_on": row.done_on,
    }


def _gift(row: Any, attendee_keys: dict[int, str], org_keys: dict[int, str], uids: dict[int, str]) -> Document:
    return {
        "description": row.description,
        "giver": _ref(attendee_keys, row.giver_attendee_id),
        "giver_organisation": _ref(org_keys, row.giver_organisation_id),
        "recipient": _ref(attendee_keys, row.recipient_attendee_id),
        "recipient_organisation": _ref(org_keys, row.recipient_organisation_id),
        "engagement": _ref(uids, row.engagement_id),
        "value": row.value,
        "currency": row.currency,
        "photo": row.photo,
        "status": row.status.value,
        "notes": row.notes,
    }


def _in_chunks(session: Session, query: Select[Any], column: ColumnElement[int], ids: Iterable[int]) -> list[Any]:
    """The rows of `query` whose `column` is one of `ids`, with one IN list per 500 ids."""
    ordered = sorted(set(ids))
    rows: list[Any] = []
    for start in range(0, len(ordered), 500):
        rows += session.execute(query.where(column.in_(ordered[start : start + 500]))).all()
    return rows


def _edition(row: Any) -> Document:
    return {
        "name": row.name,
        "audience": Audience(row.audience).value,
        "marking": row.marking,
        "classes": [c for c in row.classes.split(",") if c],
        "distribution": [line for line in row.distribution.split("\n") if line.strip()],
    }


def _issues(session: Session, visit_id: int, attendee_keys: dict[int, str]) -> list[Document]:
    """The recorded briefing-pack issues, their snapshots keyed by attendee key instead of id.

    An attendee a snapshot names who has since left the visit gets a key "former-N" (numbered by
    id, the same in every snapshot of the file), so the next issue still lists them as removed.
    """
    rows = session.execute(
        select(
            BriefingIssue.number,
            BriefingIssue.issued_at,
            BriefingIssue.issued_by,
            BriefingIssue.snapshot,
            BriefingIssue.copies,
        )
        .where(BriefingIssue.visit_id == visit_id)
        .order_by(BriefingIssue.number)
    ).all()
    former: set[int] = set()
    for row in rows:
        snapshot = row.snapshot or {}
        named = set(snapshot.get("attendees", {}))
        for engagement in snapshot.get("engagements", {}).values():
            named |= set(engagement.get("attendances", {}))
        former |= {int(i) for i in named if _is_id(i) and int(i) not in attendee_keys}
    keys = {str(ident): key for ident, key in attendee_keys.items()}
    keys.update({str(ident): f"former-{n}" for n, ident in enumerate(sorted(former), start=1)})

    def key(ident: str) -> str:
        return keys.get(ident, ident)

    documents: list[Document] = []
    for row in rows:
        snapshot = dict(row.snapshot or {})
        snapshot["attendees"] = {key(i): name for i, name in snapshot.get("attendees", {}).items()}
        snapshot["engagements"] = {
            uid: {**e, "attendances": {key(i): part for i, part in e.get("attendances", {}).items()}}
            for uid, e in snapshot.get("engagements", {}).items()
        }
        documents.append(
            {
                "number": row.number,
                "issued_at": _instant(row.issued_at),
                "issued_by": row.issued_by,
                "copies": row.copies or {},
                "snapshot": snapshot,
            }
        )
    return documents


def _is_id(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _invitations(session: Session, visit_id: int, person_keys: dict[int, str]) -> list[Document]:
    """The last message sent per recipient and UID (the record that keeps calendars in step)."""
    rows = session.execute(select(InvitationSent).where(InvitationSent.visit_id == visit_id)).scalars()
    return sorted(
        (
            {
                "address": row.address,
                "name": row.name,
                "person": person_keys.get(row.person_id) if row.person_id is not None else None,
                "uid": row.uid,
                "method": row.method.value,
                "sequence": row.sequence,
                "digest": row.digest,
                "title": row.title,
                "start": _instant(row.start_at),
                "end": _instant(row.end_at),
                "sent_at": _instant(row.sent_at),
            }
            for row in rows
        ),
        key=lambda d: (d["address"], d["uid"]),
    )


def _replies(session: Session, visit_id: int) -> list[Document]:
    rows = session.execute(select(InvitationReply).where(InvitationReply.visit_id == visit_id)).scalars()
    return sorted(
        (
            {
                "address": row.address,
                "uid": row.uid,
                "partstat": row.partstat.value,
                "sequence": row.sequence,
                "received_at": _instant(row.received_at),
            }
            for row in rows
        ),
        key=lambda d: (d["address"], d["uid"]),
    )


def export_visit_document(
    session: Session,
    visit_id: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Document:
    """The visit as a visit-file document (version `VERSION`) (a JSON-ready dict).

    It holds the visit, the organisations the visit or its attendees' people belong to, those
    people, the venues its engagements and travel legs use (with all their rooms) and the travel
    times between them, its attendees, vehicles, engagements, travel legs, readiness tasks and gifts,
    its briefing editions and recorded issues (with their snapshots), and the invitations record
    (the last message sent per recipient and engagement UID) with the replies.
    Keys are numbered in a stable order that depends only on the exported values, so exporting
    an imported copy gives the same document.
    `progress` is called with (engagements done, engagements in all); when `cancelled` answers
    True, `WorkCancelled` is raised.

    The rows are read with a few Core queries per kind of row (plain rows, no ORM objects), so
    the time grows with the rows, not with queries per row.
    """
    visits, engagement, attendance = table(Visit), table(Engagement), table(Attendance)
    edition = table(BriefingEdition)
    attendee, person, organisation = table(Attendee), table(Person), table(Organisation)
    venue, room, vehicle, travel_time = table(Venue), table(Room), table(Vehicle), table(TravelTime)
    visit = session.execute(select(visits).where(visits.c.id == visit_id)).first()
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    attendees = session.execute(select(attendee).where(attendee.c.visit_id == visit_id).order_by(attendee.c.id)).all()
    people = _in_chunks(session, select(person), person.c.id, (a.person_id for a in attendees))
    engagements = session.execute(select(engagement).where(engagement.c.visit_id == visit_id)).all()
    attendances = session.execute(
        select(attendance.c.engagement_id, attendance.c.attendee_id, attendance.c.part)
        .join(engagement, engagement.c.id == attendance.c.engagement_id)
        .where(engagement.c.visit_id == visit_id)
    ).all()
    described = table(EngagementGuest)
    guests_of: dict[int, list[Any]] = {}
    for g in session.execute(
        select(described)
        .join(engagement, engagement.c.id == described.c.engagement_id)
        .where(engagement.c.visit_id == visit_id)
    ):
        guests_of.setdefault(g.engagement_id, []).append(g)
    vehicles = list(session.execute(select(vehicle).where(vehicle.c.visit_id == visit_id)))
    leg, traveller, task = table(TravelLeg), table(TravelLegTraveller), table(ReadinessTask)
    legs = session.execute(select(leg).where(leg.c.visit_id == visit_id)).all()
    leg_travellers = session.execute(
        select(traveller.c.leg_id, traveller.c.attendee_id)
        .join(leg, leg.c.id == traveller.c.leg_id)
        .where(leg.c.visit_id == visit_id)
    ).all()
    used = {e.venue_id for e in engagements if e.venue_id is not None}
    used |= {e.origin_venue_id for e in engagements if e.origin_venue_id is not None}
    used |= {row.venue_id for row in legs if row.venue_id is not None}
    venues = _in_chunks(session, select(venue), venue.c.id, used)
    rooms = _in_chunks(session, select(room), room.c.venue_id, used)
    travel = _in_chunks(
        session,
        select(travel_time).where(travel_time.c.to_venue_id.in_(sorted(used))),
        travel_time.c.from_venue_id,
        used,
    )
    gift_table = table(Gift)
    gift_rows = session.execute(select(gift_table).where(gift_table.c.visit_id == visit_id)).all()
    org_ids = {visit.visiting_organisation_id, visit.host_organisation_id}
    org_ids |= {p.organisation_id for p in people}
    org_ids |= {g.giver_organisation_id for g in gift_rows} | {g.recipient_organisation_id for g in gift_rows}
    organisations = _in_chunks(session, select(organisation), organisation.c.id, (i for i in org_ids if i is not None))

    ordered_orgs = sorted(organisations, key=lambda o: (o.name, o.id))
    org_keys = _keys("org", ordered_orgs)

    people.sort(key=lambda p: p.id)
    person_docs = {p.id: _person(p, org_keys) for p in people}
    people.sort(key=lambda p: (p.family_name, p.given_names, p.email, p.native_name, _canonical(person_docs[p.id])))
    person_keys = _keys("person", people)
    person_of = {p.id: p for p in people}

    attendee_docs = {a.id: _attendee(a, person_keys) for a in attendees}
    ordered_attendees = sorted(
        attendees,
        key=lambda a: (
            SIDE_ORDER[a.side],
            a.precedence,
            person_of[a.person_id].family_name.casefold(),
            person_of[a.person_id].given_names.casefold(),
            _canonical(attendee_docs[a.id]),
        ),
    )
    attendee_keys = _keys("attendee", ordered_attendees)
    attendee_rank = {a.id: n for n, a in enumerate(ordered_attendees)}

    vehicles.sort(key=lambda v: (v.label, v.id))
    vehicle_keys = _keys("vehicle", vehicles)
    venues.sort(key=lambda v: (v.code, v.id))
    venue_codes = {v.id: v.code for v in venues}
    rooms_of: dict[int, list[Any]] = {}
    for r in rooms:
        rooms_of.setdefault(r.venue_id, []).append(r)
    room_names = {r.id: r.name for r in rooms}
    travel.sort(key=lambda t: (venue_codes[t.from_venue_id], venue_codes[t.to_venue_id]))
    attended: dict[int, list[tuple[int, int, str]]] = {e.id: [] for e in engagements}
    for engagement_id, attendee_id, part in attendances:
        attended[engagement_id].append((attendee_rank[attendee_id], attendee_id, part.value))

    on_leg: dict[int, list[tuple[int, int]]] = {row.id: [] for row in legs}
    for leg_id, attendee_id in leg_travellers:
        on_leg[leg_id].append((attendee_rank[attendee_id], attendee_id))

    plans = {engagement_id: layout for engagement_id, _uid, layout in visit_plans(session, visit_id)}
    ordered_engagements = sorted(engagements, key=lambda e: (e.start_at, e.end_at, e.title, e.uuid))
    engagement_docs: list[Document] = []
    for n, row in enumerate(ordered_engagements):
        if n % _REPORT_EVERY == 0:
            if cancelled is not None and cancelled():
                raise WorkCancelled("the visit file export was cancelled: nothing was written")
            if progress is not None:
                progress(n, len(ordered_engagements))
        doc = _engagement(
            row, attended[row.id], room_names, venue_codes, vehicle_keys, attendee_keys, guests_of.get(row.id)
        )
        if row.id in plans:
            doc["seating"] = _seating(plans[row.id], attendee_keys)
        engagement_docs.append(doc)

    return {
        "format": FORMAT,
        "version": VERSION,
        "visit": _visit(visit, org_keys),
        "organisations": [{"key": org_keys[o.id], **_organisation(o)} for o in ordered_orgs],
        "people": [{"key": person_keys[p.id], **person_docs[p.id]} for p in people],
        "venues": [_venue(v, rooms_of.get(v.id, [])) for v in venues],
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
        "travel_legs": sorted(
            (_leg(row, on_leg[row.id], venue_codes, attendee_keys) for row in legs),
            key=lambda d: (d["arrives"], d["departs"], d["direction"], d["number"], _canonical(d)),
        ),
        "tasks": sorted(
            (_task(row) for row in session.execute(select(task).where(task.c.visit_id == visit_id))),
            key=_canonical,
        ),
        "gifts": sorted(
            (_gift(g, attendee_keys, org_keys, {e.id: e.uuid for e in engagements}) for g in gift_rows),
            key=_canonical,
        ),
        "editions": [
            _edition(e)
            for e in session.execute(
                select(edition).where(edition.c.visit_id == visit_id).order_by(edition.c.position, edition.c.id)
            )
        ],
        "briefing_issues": _issues(session, visit_id, attendee_keys),
        "invitations": _invitations(session, visit_id, person_keys),
        "replies": _replies(session, visit_id),
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
