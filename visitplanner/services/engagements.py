"""The itinerary: create, move, resize, re-place, cancel, restore, duplicate and delete engagements."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import local_day_bounds, require_aware, zone
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, GuestData
from visitplanner.services.base import check_version, expire_loaded, for_item, get, insert_rows, service, utcnow
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Engagement,
    EngagementGuest,
    Gift,
    Room,
    Vehicle,
    Venue,
    Visit,
)

#: Fields whose change a calendar client must see: they raise the engagement's sequence.
CALENDAR_FIELDS = ("title", "start_at", "end_at", "venue_id", "room_id", "origin_venue_id", "status")


def _visit_bounds(visit: Visit) -> tuple[datetime, datetime]:
    """The first instant of the visit's first day and the end of its last day, in its local zone."""
    tz = zone(visit.local_time_zone)
    return local_day_bounds(visit.start_date, tz)[0], local_day_bounds(visit.end_date, tz)[1]


def _within_visit(
    visit: Visit, start: datetime, end: datetime, title: str, bounds: tuple[datetime, datetime] | None = None
) -> None:
    first, last = bounds or _visit_bounds(visit)
    if start < first or end > last:
        raise UserError(
            f"start: {title!r} falls outside the visit's dates "
            f"({visit.start_date:%d %b %Y} to {visit.end_date:%d %b %Y})",
            field="start",
        )


#: Rows a batch has read already, by (model, id).
Known = Mapping[tuple[type[Any], int], Any]
M = TypeVar("M")


def _check_places(session: Session, visit: Visit, data: EngagementData, known: Known | None = None) -> None:
    def find(model: type[M], ident: int | None, what: str, field: str) -> M:
        found = known.get((model, ident)) if known is not None and ident is not None else None
        return found if found is not None else get(session, model, ident, what, field)

    if data.venue_id is not None:
        find(Venue, data.venue_id, "venue", "venue")
    if data.room_id is not None:
        room = find(Room, data.room_id, "room", "room")
        if room.venue_id != data.venue_id:
            raise UserError(f"room: {room.name} is not a room of the chosen venue", field="room")
    if data.kind is EngagementKind.TRANSFER:
        if data.origin_venue_id is None or data.venue_id is None:
            raise UserError("origin_venue: a transfer needs an origin and a destination venue", field="origin_venue")
        if data.origin_venue_id == data.venue_id:
            raise UserError("venue: a transfer's destination must differ from its origin", field="venue")
        find(Venue, data.origin_venue_id, "venue", "origin_venue")
    if data.vehicle_id is not None:
        vehicle = find(Vehicle, data.vehicle_id, "vehicle", "vehicle")
        if vehicle.visit_id != visit.id:
            raise UserError(f"vehicle: {vehicle.label} belongs to another visit", field="vehicle")


def _validate(
    session: Session,
    visit: Visit,
    data: EngagementData,
    bounds: tuple[datetime, datetime] | None = None,
    known: Known | None = None,
) -> None:
    data.validate()
    _check_places(session, visit, data, known)
    _within_visit(visit, require_aware(data.start), require_aware(data.end), data.title, bounds)
    if known is None:  # a batch checks the companions itself, from the attendees it read at once
        _check_companions(session, visit.id, data.guests)


def _check_companions(
    session: Session, visit_id: int, guests: Sequence[GuestData], visit_of: Mapping[int, int] | None = None
) -> None:
    """Refuse a guest who accompanies an attendee of another visit (or none that exists)."""
    for guest in guests:
        ident = guest.accompanies_attendee_id
        if ident is None:
            continue
        owner = visit_of.get(ident) if visit_of is not None else None
        if owner is None:
            owner = get(session, Attendee, ident, "attendee", "guests").visit_id
        if owner != visit_id:
            raise UserError(f"guests: guest {guest.number} accompanies someone of another visit", field="guests")


def _guest_values(guest: GuestData) -> dict[str, object]:
    return {
        "number": guest.number,
        "label": guest.label.strip(),
        "accompanies_attendee_id": guest.accompanies_attendee_id,
        "side": guest.side,
    }


def guest_data(row: Any) -> GuestData:
    """A stored guest (an `EngagementGuest` or a row with its columns) as the value services take."""
    return GuestData(row.number, row.label, row.accompanies_attendee_id, row.side)


def _set_guests(engagement: Engagement, guests: Sequence[GuestData]) -> bool:
    """Make the engagement's described guests exactly `guests`; whether anything changed."""
    current = [guest_data(g) for g in engagement.guests]
    wanted = sorted(guests, key=lambda g: g.number)
    if current == [replace(g, label=g.label.strip()) for g in wanted]:
        return False
    # rows are changed in place by number: a row deleted and one inserted with the same number in
    # one flush would meet the (engagement, number) unique constraint, inserts being flushed first
    rows = {g.number: g for g in engagement.guests}
    numbers = {g.number for g in wanted}
    for number, old in list(rows.items()):
        if number not in numbers:
            engagement.guests.remove(old)
    for guest in wanted:
        values = _guest_values(guest)
        row = rows.get(guest.number)
        if row is None:
            engagement.guests.append(EngagementGuest(**values))
            continue
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    return True


def _fields(data: EngagementData) -> dict[str, object]:
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "start_at": require_aware(data.start),
        "end_at": require_aware(data.end),
        "venue_id": data.venue_id,
        "room_id": data.room_id,
        "origin_venue_id": data.origin_venue_id,
        "vehicle_id": data.vehicle_id,
        "public_notes": data.public_notes,
        "restricted_notes": data.restricted_notes,
        "dress_code": data.dress_code.strip(),
        "status": data.status,
        "interpretation": data.interpretation,
        "is_public": data.is_public,
        "guest_count": data.guest_count,
        "guest_label": data.guest_label.strip(),
    }


def _apply(engagement: Engagement, values: dict[str, object]) -> bool:
    """Write changed fields, raising the sequence when a calendar-visible field changed."""
    changed = {k for k, v in values.items() if getattr(engagement, k) != v}
    for key in changed:
        setattr(engagement, key, values[key])
    if changed & set(CALENDAR_FIELDS):
        engagement.sequence += 1
    if changed:
        engagement.modified_at = utcnow()
    return bool(changed)


def _touch(engagement: Engagement) -> None:
    """Stamp an engagement whose attendances changed, and write its row even when the clock reads
    the same as its stamp: the row's version then says that its attendances changed (the checks
    keep their input by versions, `services/checks.py`)."""
    engagement.modified_at = utcnow()
    flag_modified(engagement, "modified_at")


def _check_attendances(
    session: Session, visit_id: int, attendances: Sequence[AttendanceData], visit_of: Mapping[int, int] | None = None
) -> None:
    """Refuse an attendee listed twice, unknown, or not attending the visit.

    `visit_of` (attendee id -> visit id) answers for the attendees it holds without a query, as
    a batch reads them all at once; others are looked up in the session.
    """
    seen: set[int] = set()
    for attendance in attendances:
        ident = attendance.attendee_id
        if ident in seen:
            raise UserError(f"attendees: attendee {ident} is listed twice", field="attendees")
        seen.add(ident)
        owner = visit_of.get(ident) if visit_of is not None else None
        if owner is None:
            owner = get(session, Attendee, ident, "attendee", "attendees").visit_id
        if owner != visit_id:
            attendee = get(session, Attendee, ident, "attendee", "attendees")
            raise UserError(f"attendees: {attendee.person.name.display} does not attend this visit", field="attendees")


def _set_attendances(session: Session, engagement: Engagement, attendances: Sequence[AttendanceData]) -> bool:
    _check_attendances(session, engagement.visit_id, attendances)
    wanted = {a.attendee_id: a.part for a in attendances}
    changed = False
    for attendance in list(engagement.attendances):
        if attendance.attendee_id not in wanted:
            engagement.attendances.remove(attendance)
            changed = True
        elif attendance.part != wanted[attendance.attendee_id]:
            attendance.part = wanted[attendance.attendee_id]
            changed = True
    present = {a.attendee_id for a in engagement.attendances}
    for attendee_id, part in wanted.items():
        if attendee_id not in present:
            engagement.attendances.append(Attendance(attendee_id=attendee_id, part=part))
            changed = True
    return changed


@service
def create_engagement(
    session: Session, visit_id: int, plan: EngagementPlan, *, uid: str | None = None, sequence: int = 0
) -> Changes:
    """Add an engagement (with its attendances); `uid` keeps a known calendar identity."""
    visit = get(session, Visit, visit_id, "visit")
    _validate(session, visit, plan.data)
    if uid is not None:
        uid = _canonical_uid(uid)
        if session.scalars(select(Engagement.id).where(Engagement.uuid == uid)).first() is not None:
            raise UserError(f"uid: an engagement with the UID {uid} already exists", field="uid")
    now = utcnow()
    engagement = Engagement(
        visit_id=visit_id,
        uuid=uid or str(uuidlib.uuid4()),
        sequence=sequence,
        created_at=now,
        modified_at=now,
        attendances=[],  # a new engagement has none yet: no query to load them
        guests=[EngagementGuest(**_guest_values(g)) for g in plan.data.guests],
        **_fields(plan.data),
    )
    session.add(engagement)
    session.flush()
    _set_attendances(session, engagement, plan.attendances)
    return Changes.of_created(Entity.ENGAGEMENT, engagement.id)


def check_engagement(session: Session, visit_id: int, data: EngagementData) -> None:
    """Raise the `UserError` `create_engagement` would raise for `data` in the visit (no change made)."""
    _validate(session, get(session, Visit, visit_id, "visit"), data)


class EngagementChecker:
    """`check_engagement` for many engagements of one visit (a calendar import): the visit and its
    days are looked up once, not once per engagement, so checking grows linearly and stays cheap."""

    def __init__(self, session: Session, visit_id: int) -> None:
        self.session = session
        self.visit = get(session, Visit, visit_id, "visit")
        self.bounds = _visit_bounds(self.visit)

    def check(self, data: EngagementData) -> None:
        """Raise the `UserError` `create_engagement` would raise for `data` (no change made)."""
        _validate(self.session, self.visit, data, self.bounds)


@dataclass(frozen=True)
class NewEngagement:
    """One engagement for `create_engagements`: its plan, a known calendar UID (or None) and sequence."""

    plan: EngagementPlan
    uid: str | None = None
    sequence: int = 0


def _canonical_uid(uid: str) -> str:
    try:
        return str(uuidlib.UUID(uid))
    except ValueError as exc:
        raise UserError(f"uid: {uid!r} is not a UUID", field="uid") from exc


def _places(session: Session, items: Sequence[NewEngagement]) -> dict[tuple[type[Any], int], Any]:
    """The venues, rooms and vehicles `items` refer to, read with one query per kind, so the
    checks of each item find them without a query of their own."""
    wanted: dict[type[Any], set[int]] = {Venue: set(), Room: set(), Vehicle: set()}
    for entry in items:
        data = entry.plan.data
        wanted[Venue].update(i for i in (data.venue_id, data.origin_venue_id) if i is not None)
        if data.room_id is not None:
            wanted[Room].add(data.room_id)
        if data.vehicle_id is not None:
            wanted[Vehicle].add(data.vehicle_id)
    known: dict[tuple[type[Any], int], Any] = {}
    for model, ids in wanted.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), _BATCH):
            column = model.__table__.c.id
            for row in session.scalars(select(model).where(column.in_(ordered[start : start + _BATCH]))):
                known[model, row.id] = row
    return known


#: How many values one IN (...) list of a batch check holds.
_BATCH = 500


@service
def create_engagements(session: Session, visit_id: int, items: Sequence[NewEngagement]) -> tuple[Changes, list[int]]:
    """Add many engagements at once (a calendar or visit-file import): each checked as by
    `create_engagement` (places, vehicle, attendances, the visit's dates, UIDs unique among them
    and in the database), then one insert for the engagements and one for their attendances, so
    the time grows linearly with their number. Returns the `Changes` and the new ids in the order
    of `items`; a bad item raises an `ItemError` naming its position."""
    visit = get(session, Visit, visit_id, "visit")
    known = _places(session, items)
    attendee_ids = sorted(
        {a.attendee_id for entry in items for a in entry.plan.attendances}
        | {
            g.accompanies_attendee_id
            for entry in items
            for g in entry.plan.data.guests
            if g.accompanies_attendee_id is not None
        }
    )
    visit_of: dict[int, int] = {}
    for start in range(0, len(attendee_ids), _BATCH):
        chunk = attendee_ids[start : start + _BATCH]
        visit_of.update(
            (a, v) for a, v in session.execute(select(Attendee.id, Attendee.visit_id).where(Attendee.id.in_(chunk)))
        )
    uids: list[str] = []
    given: dict[str, int] = {}
    bounds = _visit_bounds(visit)
    for index, entry in enumerate(items):
        with for_item(index):
            _validate(session, visit, entry.plan.data, bounds, known)
            _check_attendances(session, visit_id, entry.plan.attendances, visit_of)
            _check_companions(session, visit_id, entry.plan.data.guests, visit_of)
            uid = str(uuidlib.uuid4()) if entry.uid is None else _canonical_uid(entry.uid)
            if uid in given:
                raise UserError("uid: the same UID is given to two new engagements", field="uid")
            given[uid] = index
            uids.append(uid)
    del known
    for start in range(0, len(uids), _BATCH):
        taken = session.scalars(
            select(Engagement.uuid).where(Engagement.uuid.in_(uids[start : start + _BATCH]))
        ).first()
        if taken is not None:
            with for_item(given[taken]):
                raise UserError(f"uid: an engagement with the UID {taken} already exists", field="uid")
    now = utcnow()
    ids = insert_rows(
        session,
        Engagement,
        [
            {
                "visit_id": visit_id,
                "uuid": uid,
                "sequence": entry.sequence,
                "created_at": now,
                "modified_at": now,
                **_fields(entry.plan.data),
            }
            for entry, uid in zip(items, uids, strict=True)
        ],
    )
    insert_rows(
        session,
        Attendance,
        [
            {"engagement_id": ident, "attendee_id": a.attendee_id, "part": a.part}
            for entry, ident in zip(items, ids, strict=True)
            for a in entry.plan.attendances
        ],
        ids=False,
    )
    insert_rows(
        session,
        EngagementGuest,
        [
            {"engagement_id": ident, **_guest_values(g)}
            for entry, ident in zip(items, ids, strict=True)
            for g in entry.plan.data.guests
        ],
        ids=False,
    )
    expire_loaded(session, Visit, [visit_id], "engagements")
    return Changes.of_created(Entity.ENGAGEMENT, *ids), ids


@service
def update_engagement(
    session: Session, engagement_id: int, plan: EngagementPlan, expected_version: int | None = None
) -> Changes:
    """Replace an engagement's fields and attendances (as the editor dialog does)."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    _validate(session, engagement.visit, plan.data)
    changed = _apply(engagement, _fields(plan.data))
    if _set_guests(engagement, plan.data.guests) and not changed:
        engagement.modified_at = utcnow()
        changed = True
    if _set_attendances(session, engagement, plan.attendances):
        if not changed:
            _touch(engagement)
        changed = True
    return Changes.of_updated(Entity.ENGAGEMENT, engagement_id) if changed else Changes()


def _same_day_later(session: Session, engagement: Engagement) -> list[Engagement]:
    tz = zone(engagement.visit.local_time_zone)
    _, day_end = local_day_bounds(engagement.start_at.astimezone(tz).date(), tz)
    return list(
        session.scalars(
            select(Engagement).where(
                Engagement.visit_id == engagement.visit_id,
                Engagement.id != engagement.id,
                Engagement.start_at >= engagement.end_at,
                Engagement.start_at < day_end,
            )
        ).all()
    )


@service
def move_engagement(
    session: Session,
    engagement_id: int,
    new_start: datetime,
    *,
    ripple: bool = False,
    expected_version: int | None = None,
) -> Changes:
    """Move an engagement keeping its length; with `ripple`, the same day's later engagements
    (those starting at or after its old end) move by the same offset."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    delta = require_aware(new_start, "start") - engagement.start_at
    if not delta:
        return Changes()
    moved = [engagement, *(_same_day_later(session, engagement) if ripple else [])]
    for item in moved:
        start, end = item.start_at + delta, item.end_at + delta
        _within_visit(engagement.visit, start, end, item.title)
        _apply(item, {"start_at": start, "end_at": end})
    return Changes.of_updated(Entity.ENGAGEMENT, *(e.id for e in moved))


@service
def resize_engagement(
    session: Session,
    engagement_id: int,
    new_start: datetime | None = None,
    new_end: datetime | None = None,
    expected_version: int | None = None,
) -> Changes:
    """Change an engagement's start and/or end."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    start = require_aware(new_start, "start") if new_start is not None else engagement.start_at
    end = require_aware(new_end, "end") if new_end is not None else engagement.end_at
    if end <= start:
        raise UserError("end: must be after the start", field="end")
    _within_visit(engagement.visit, start, end, engagement.title)
    changed = _apply(engagement, {"start_at": start, "end_at": end})
    return Changes.of_updated(Entity.ENGAGEMENT, engagement_id) if changed else Changes()


@service
def change_engagement_place(
    session: Session,
    engagement_id: int,
    venue_id: int | None,
    room_id: int | None = None,
    expected_version: int | None = None,
) -> Changes:
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    data = EngagementData(
        engagement.kind,
        engagement.title,
        engagement.start_at,
        engagement.end_at,
        venue_id,
        room_id,
        engagement.origin_venue_id,
        engagement.vehicle_id,
    )
    _check_places(session, engagement.visit, data)
    changed = _apply(engagement, {"venue_id": venue_id, "room_id": room_id})
    return Changes.of_updated(Entity.ENGAGEMENT, engagement_id) if changed else Changes()


@service
def cancel_engagement(session: Session, engagement_id: int, expected_version: int | None = None) -> Changes:
    """Mark an engagement cancelled: the row stays (calendars need the cancellation)."""
    return set_engagement_status(session, engagement_id, EngagementStatus.CANCELLED, expected_version)


@service
def restore_engagement(
    session: Session,
    engagement_id: int,
    status: EngagementStatus = EngagementStatus.CONFIRMED,
    expected_version: int | None = None,
) -> Changes:
    """Bring a cancelled engagement back as `status` (confirmed unless told)."""
    if status is EngagementStatus.CANCELLED:
        raise UserError("status: restore to tentative or confirmed", field="status")
    return set_engagement_status(session, engagement_id, status, expected_version)


@service
def set_engagement_status(
    session: Session, engagement_id: int, status: EngagementStatus, expected_version: int | None = None
) -> Changes:
    """Set the status as it is (cancelling keeps the row: calendars need the cancellation)."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    changed = _apply(engagement, {"status": status})
    return Changes.of_updated(Entity.ENGAGEMENT, engagement_id) if changed else Changes()


@service
def duplicate_engagement(
    session: Session, engagement_id: int, new_start: datetime | None = None, *, uid: str | None = None
) -> Changes:
    """Copy an engagement with its attendances under a new UID (`uid`, or a fresh one; by default straight after it)."""
    source = get(session, Engagement, engagement_id, "engagement")
    start = require_aware(new_start, "start") if new_start is not None else source.end_at
    end = start + (source.end_at - source.start_at)
    _within_visit(source.visit, start, end, source.title)
    now = utcnow()
    copy = Engagement(
        visit_id=source.visit_id,
        uuid=uid or str(uuidlib.uuid4()),
        kind=source.kind,
        title=source.title,
        start_at=start,
        end_at=end,
        venue_id=source.venue_id,
        room_id=source.room_id,
        origin_venue_id=source.origin_venue_id,
        vehicle_id=source.vehicle_id,
        public_notes=source.public_notes,
        restricted_notes=source.restricted_notes,
        dress_code=source.dress_code,
        interpretation=source.interpretation,
        is_public=source.is_public,
        guest_count=source.guest_count,
        guest_label=source.guest_label,
        status=(EngagementStatus.TENTATIVE if source.status is EngagementStatus.CANCELLED else source.status),
        sequence=0,
        created_at=now,
        modified_at=now,
        attendances=[Attendance(attendee_id=a.attendee_id, part=a.part) for a in source.attendances],
        guests=[EngagementGuest(**_guest_values(guest_data(g))) for g in source.guests],
    )
    session.add(copy)
    session.flush()
    return Changes.of_created(Entity.ENGAGEMENT, copy.id)


@service
def delete_engagement(session: Session, engagement_id: int, expected_version: int | None = None) -> Changes:
    """Remove an engagement for good with its attendances (cancel it instead when calendars already have it)."""
    engagement = get(session, Engagement, engagement_id, "engagement")
    check_version(engagement, expected_version, f"Engagement {engagement.title!r}")
    attended = [a.id for a in engagement.attendances]
    presented = session.scalars(select(Gift).where(Gift.engagement_id == engagement_id)).all()
    session.delete(engagement)
    session.flush()
    for gift in presented:  # the database cleared their engagement
        session.expire(gift)
    return (
        Changes.of_deleted(Entity.ENGAGEMENT, engagement_id)
        | Changes.of_deleted(Entity.ATTENDANCE, *attended)
        | Changes.of_updated(Entity.GIFT, *(g.id for g in presented))
    )


def engagement_id(session: Session, uid: str) -> int:
    """The id of the engagement whose calendar UID is `uid`, or a `UserError`."""
    found = session.scalars(select(Engagement.id).where(Engagement.uuid == uid)).one_or_none()
    if found is None:
        raise UserError("engagement: it no longer exists (someone else may have deleted it)", field="engagement")
    return found


@service
def assign_attendee(
    session: Session, engagement_id: int, attendee_id: int, part: AttendancePart = AttendancePart.PARTICIPANT
) -> Changes:
    engagement = get(session, Engagement, engagement_id, "engagement")
    current = [AttendanceData(a.attendee_id, a.part) for a in engagement.attendances if a.attendee_id != attendee_id]
    if _set_attendances(session, engagement, [*current, AttendanceData(attendee_id, part)]):
        _touch(engagement)
        return Changes.of_updated(Entity.ENGAGEMENT, engagement_id)
    return Changes()


@service
def unassign_attendee(session: Session, engagement_id: int, attendee_id: int) -> Changes:
    engagement = get(session, Engagement, engagement_id, "engagement")
    current = [AttendanceData(a.attendee_id, a.part) for a in engagement.attendances if a.attendee_id != attendee_id]
    if _set_attendances(session, engagement, current):
        _touch(engagement)
        return Changes.of_updated(Entity.ENGAGEMENT, engagement_id)
    return Changes()


def companions_of(session: Session, attendee_id: int) -> tuple[tuple[str, int], ...]:
    """The unnamed guests who accompany the attendee: (engagement UID, guest number) of each."""
    return companions_of_many(session, [attendee_id]).get(attendee_id, ())


def companions_of_many(session: Session, ids: Sequence[int]) -> dict[int, tuple[tuple[str, int], ...]]:
    """`companions_of` for many attendees (those accompanied only), one query per 500 of them."""
    ordered = sorted(set(ids))
    found: dict[int, list[tuple[str, int]]] = {}
    for start in range(0, len(ordered), 500):
        rows = session.execute(
            select(EngagementGuest.accompanies_attendee_id, Engagement.uuid, EngagementGuest.number)
            .join(Engagement, Engagement.id == EngagementGuest.engagement_id)
            .where(EngagementGuest.accompanies_attendee_id.in_(ordered[start : start + 500]))
            .order_by(Engagement.uuid, EngagementGuest.number)
        )
        for attendee_id, uid, number in rows:
            assert attendee_id is not None  # the query names an id
            found.setdefault(attendee_id, []).append((uid, number))
    return {attendee_id: tuple(guests) for attendee_id, guests in found.items()}


@service
def reaccompany(session: Session, engagement_id: int, number: int, attendee_id: int) -> Changes:
    """Give unnamed guest `number` of the engagement its companion back (what undoing the
    companion's removal does), if the guest is still described and accompanies nobody."""
    row = session.scalars(
        select(EngagementGuest).where(EngagementGuest.engagement_id == engagement_id, EngagementGuest.number == number)
    ).first()
    if row is None or row.accompanies_attendee_id is not None:
        return Changes()
    row.accompanies_attendee_id = attendee_id
    engagement = get(session, Engagement, engagement_id, "engagement")
    _touch(engagement)
    return Changes.of_updated(Entity.ENGAGEMENT, engagement_id)


def engagement_plan(engagement: Engagement) -> EngagementPlan:
    """The engagement as the plain value its editor and undo commands work with."""
    data = EngagementData(
        kind=engagement.kind,
        title=engagement.title,
        start=engagement.start_at,
        end=engagement.end_at,
        venue_id=engagement.venue_id,
        room_id=engagement.room_id,
        origin_venue_id=engagement.origin_venue_id,
        vehicle_id=engagement.vehicle_id,
        public_notes=engagement.public_notes,
        restricted_notes=engagement.restricted_notes,
        dress_code=engagement.dress_code,
        status=engagement.status,
        interpretation=engagement.interpretation,
        is_public=engagement.is_public,
        guest_count=engagement.guest_count,
        guest_label=engagement.guest_label,
        guests=tuple(guest_data(g) for g in engagement.guests),
    )
    attendances = tuple(
        AttendanceData(a.attendee_id, a.part) for a in sorted(engagement.attendances, key=lambda a: a.attendee_id)
    )
    return EngagementPlan(data, attendances)
