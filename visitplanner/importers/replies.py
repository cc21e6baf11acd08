"""iTIP replies (METHOD:REPLY) read from .ics files or from the e-mail messages (.eml) carrying them."""

from __future__ import annotations

import email
from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import PartStat, ReplyItem, address_key, uuid_of

#: The largest reply file read: replies are small; anything larger is not one.
MAX_BYTES = 16 * 1024 * 1024
_CALENDAR_TYPES = ("text/calendar", "application/ics", "text/x-vcalendar", "application/x-ics")


def _decode(data: bytes, name: str) -> str:
    for codec in ("utf-8-sig", "cp949"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{name}: the file is neither UTF-8 nor CP949 text", field="file")


def _calendars_in_mail(data: bytes, name: str) -> list[str]:
    """The calendar parts of an e-mail message (text/calendar, or an attached .ics)."""
    message = email.message_from_bytes(data, policy=default_policy)
    found: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = (part.get_filename() or "").lower()
        if part.get_content_type() in _CALENDAR_TYPES or filename.endswith(".ics"):
            found.append(_part_text(part, name))
    if not found:
        raise UserError(f"{name}: the message holds no calendar (no text/calendar part or .ics attachment)")
    # Outlook sends the same calendar as the alternative and as an attachment: read it once
    return list(dict.fromkeys(found))


def _part_text(part: Message, name: str) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise UserError(f"{name}: a calendar part of the message cannot be read")
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(payload, name)


def _instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def _attendees(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def parse_replies(text: str, name: str = "reply") -> list[ReplyItem]:
    """The answers in one iCalendar object's text: one per ATTENDEE with a PARTSTAT in each VEVENT.

    The object must be an iTIP REPLY (METHOD:REPLY): an invitation or a published calendar is
    refused, naming the method. UIDs are mapped back to engagement uuids (`uuid_of`)."""
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        raise UserError(f"{name}: not a readable calendar ({exc})", field="file") from None
    items: list[ReplyItem] = []
    for calendar in calendars:
        method = str(calendar.get("METHOD", "")).strip().upper()
        if method != "REPLY":
            shown = method or "none"
            raise UserError(
                f"{name}: METHOD is {shown}, not REPLY: this is not an answer to an invitation", field="file"
            )
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID", "")).strip()
            if not uid:
                raise UserError(f"{name}: an event of the reply has no UID", field="file")
            try:
                sequence = int(str(event.get("SEQUENCE", 0)))
            except ValueError:
                raise UserError(f"{name}: the SEQUENCE of {uid} is not a number", field="file") from None
            stamp = _instant(getattr(event.get("DTSTAMP"), "dt", None))
            for attendee in _attendees(event.get("ATTENDEE")):
                params = getattr(attendee, "params", {})
                answer = PartStat.from_ical(str(params.get("PARTSTAT", "")))
                if answer is None:
                    continue
                items.append(
                    ReplyItem(
                        address_key(str(attendee)),
                        uuid_of(uid),
                        answer,
                        max(sequence, 0),
                        stamp,
                        name,
                        str(params.get("CN", "")),
                    )
                )
    return items


def read_reply_files(paths: Iterable[Path]) -> list[ReplyItem]:
    """The answers in every file (.ics, or an .eml holding replies), all read before any is used:
    a file that cannot be read stops the whole import with its name and the reason."""
    items: list[ReplyItem] = []
    for path in paths:
        path = Path(path)
        name = path.name
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise UserError(f"{path}: the file cannot be read ({exc.strerror or exc})", field="file") from exc
        if len(data) > MAX_BYTES:
            raise UserError(f"{name}: larger than {MAX_BYTES // 2**20} MB, too large for a reply", field="file")
        calendar = data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")
        texts = [_decode(data, name)] if calendar else _calendars_in_mail(data, name)
        found: list[ReplyItem] = []
        for text in texts:
            found += parse_replies(text, name)
        if not found:
            raise UserError(f"{name}: the reply holds no answer (no ATTENDEE with a PARTSTAT)", field="file")
        items += found
    return items
