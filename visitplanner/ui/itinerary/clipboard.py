"""Engagements on the clipboard: a private JSON format for pasting, and plain text for people.

Restricted notes leave the application only when the officer asks for it ("Copy with restricted
notes"). Any program can read every format on the system clipboard, the private one included
(clipboard managers keep them all), so an ordinary copy leaves the restricted notes out of both
formats; it keeps them in this process instead (`_held`, one slot), under a random token the
private format carries, so a paste inside the running application still restores them.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMimeData

from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, InterpretationMode, Side
from visitplanner.domain.formatting import time_span
from visitplanner.domain.timerange import local_datetime
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan, GuestData
from visitplanner.services.reads.itinerary import EngagementChoices, EngagementRow

MIME_TYPE = "application/x-visitplanner-engagement"
FORMAT_VERSION = 1

#: The restricted notes of the last ordinary copy, by its token: they never reach the system clipboard.
_held: dict[str, str] = {}


@dataclass(frozen=True)
class CopiedEngagement:
    """An engagement read back from the clipboard.

    Attributes:
        visit_id: the visit it was copied from (its attendees and vehicles only apply there).
        local_time_zone: that visit's local zone (the wall-clock times are kept on paste).
        plan: the engagement as it was.
    """

    visit_id: int
    local_time_zone: str
    plan: EngagementPlan


def plain_text(row: EngagementRow, tz: ZoneInfo) -> str:
    """ "Welcome dinner, 19:00–21:00, Pullman Liverpool"."""
    parts = [row.title, time_span(row.start, row.end, tz)]
    if row.place:
        parts.append(row.place)
    return ", ".join(parts)


def encode(row: EngagementRow, visit_id: int, local_time_zone: str, *, restricted: bool = False) -> QMimeData:
    """The engagement as clipboard data. Its restricted notes are in it only when `restricted`
    (the officer chose "Copy with restricted notes"); otherwise they stay in this process."""
    data = row.plan.data
    token = secrets.token_hex(16)
    _held.clear()
    if not restricted and data.restricted_notes:
        _held[token] = data.restricted_notes
    document: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "visit_id": visit_id,
        "local_time_zone": local_time_zone,
        "kind": data.kind.value,
        "title": data.title,
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "venue_id": data.venue_id,
        "room_id": data.room_id,
        "origin_venue_id": data.origin_venue_id,
        "vehicle_id": data.vehicle_id,
        "public_notes": data.public_notes,
        "restricted_notes": data.restricted_notes if restricted else "",
        "held": token,
        "dress_code": data.dress_code,
        "status": data.status.value,
        "interpretation": data.interpretation.value,
        "guest_count": data.guest_count,
        "guest_label": data.guest_label,
        "guests": [[g.number, g.label, g.accompanies_attendee_id, g.side.value] for g in data.guests],
        "attendances": [[a.attendee_id, a.part.value] for a in row.plan.attendances],
    }
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    text = plain_text(row, ZoneInfo(local_time_zone))
    if restricted and data.restricted_notes:
        text += f"\nRestricted notes: {data.restricted_notes}"
    mime.setText(text)
    return mime


def decode(mime: QMimeData | None) -> CopiedEngagement | None:
    """The engagement on the clipboard, or None when there is none (or it is unreadable)."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        doc = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        if doc.get("format") != FORMAT_VERSION:
            return None

        def optional(key: str) -> int | None:
            value = doc.get(key)
            return None if value is None else int(value)

        data = EngagementData(
            kind=EngagementKind(doc["kind"]),
            title=str(doc["title"]),
            start=datetime.fromisoformat(doc["start"]),
            end=datetime.fromisoformat(doc["end"]),
            venue_id=optional("venue_id"),
            room_id=optional("room_id"),
            origin_venue_id=optional("origin_venue_id"),
            vehicle_id=optional("vehicle_id"),
            public_notes=str(doc.get("public_notes", "")),
            restricted_notes=str(doc.get("restricted_notes", "")) or _held.get(str(doc.get("held", "")), ""),
            dress_code=str(doc.get("dress_code", "")),
            status=EngagementStatus(doc["status"]),
            interpretation=InterpretationMode(doc.get("interpretation", InterpretationMode.CONSECUTIVE.value)),
            guest_count=int(doc.get("guest_count", 0)),
            guest_label=str(doc.get("guest_label", "")),
            guests=tuple(
                GuestData(int(n), str(label), None if a is None else int(a), Side(side))
                for n, label, a, side in doc.get("guests", [])
            ),
        )
        attendances = tuple(AttendanceData(int(i), AttendancePart(p)) for i, p in doc.get("attendances", []))
        ZoneInfo(str(doc["local_time_zone"]))
        return CopiedEngagement(int(doc["visit_id"]), str(doc["local_time_zone"]), EngagementPlan(data, attendances))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def pasted_plan(copied: CopiedEngagement, visit_id: int, day: date, choices: EngagementChoices) -> EngagementPlan:
    """The copied engagement placed on `day` at the same local wall-clock time, keeping its length.

    From another visit, only this visit's attendees and vehicles are kept; a cancelled
    engagement comes back as tentative.
    """
    data = copied.plan.data
    source_tz = ZoneInfo(copied.local_time_zone)
    start = local_datetime(day, data.start.astimezone(source_tz).time(), choices.local_zone)
    end = start + (data.end - data.start)
    attendances = copied.plan.attendances
    vehicle_id = data.vehicle_id
    if copied.visit_id != visit_id:
        known = {a.id for a in choices.attendees}
        attendances = tuple(a for a in attendances if a.attendee_id in known)
        data = replace(
            data,
            guests=tuple(
                g if g.accompanies_attendee_id in known else replace(g, accompanies_attendee_id=None)
                for g in data.guests
            ),
        )
        if vehicle_id not in {v.id for v in choices.vehicles}:
            vehicle_id = None
    status = EngagementStatus.TENTATIVE if data.status is EngagementStatus.CANCELLED else data.status
    return EngagementPlan(replace(data, start=start, end=end, vehicle_id=vehicle_id, status=status), attendances)
