"""iTIP as a calendar applies it, for tests: a recipient's calendar store fed with the messages sent.

RFC 5546 semantics as the issue states them: a REQUEST creates the event, or replaces the one
with its UID when its SEQUENCE is not lower than the stored one; a CANCEL removes the event with
its UID (when its SEQUENCE is not lower). `apply_itip` works on any `ItipCalendar`: the in-memory
`MemoryCalendar` here, or a CalDAV collection (a Radicale test implements the same three
methods: `sequence`, `put`, `delete`). Messages are parsed with icalendar or, independently,
with vobject (`parser="vobject"`). `plan_view` is what a recipient's calendar must hold: their
part of the plan.

Also here: `reply_ics` and `reply_eml`, iTIP REPLY messages as a recipient's client writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any, Literal, Protocol

Parser = Literal["icalendar", "vobject"]


@dataclass(frozen=True)
class StoredEvent:
    """What a recipient's calendar shows of one event (the comparison's unit).

    Attributes:
        uid: the UID.
        sequence: its SEQUENCE.
        summary: the title.
        start, end: the instants (UTC) or, for an all-day event, the dates.
        location: the LOCATION text.
        status: the STATUS ("" when absent).
    """

    uid: str
    sequence: int
    summary: str
    start: datetime | date
    end: datetime | date
    location: str = ""
    status: str = ""

    @property
    def shown(self) -> tuple[str, str, datetime | date, datetime | date, str]:
        """What the recipient sees (without the revision number)."""
        return (self.uid, self.summary, self.start, self.end, self.location)


class ItipCalendar(Protocol):
    """A calendar iTIP messages are applied to (one recipient's)."""

    def sequence(self, uid: str) -> int | None:
        """The SEQUENCE of the stored event with `uid` (None: no such event)."""

    def put(self, uid: str, ical: str, event: StoredEvent) -> None:
        """Store (create or replace) the event: `ical` is a VCALENDAR without METHOD holding only it
        (and its VTIMEZONEs), as a CalDAV resource must be."""

    def delete(self, uid: str) -> None:
        """Remove the event with `uid`."""


@dataclass
class MemoryCalendar:
    """An `ItipCalendar` in memory: uid -> the stored event (and its text)."""

    events: dict[str, StoredEvent] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def sequence(self, uid: str) -> int | None:
        event = self.events.get(uid)
        return event.sequence if event is not None else None

    def put(self, uid: str, ical: str, event: StoredEvent) -> None:
        self.events[uid] = event
        self.texts[uid] = ical

    def delete(self, uid: str) -> None:
        self.events.pop(uid, None)
        self.texts.pop(uid, None)

    def shown(self) -> set[tuple[str, str, datetime | date, datetime | date, str]]:
        return {e.shown for e in self.events.values()}


def _instant(value: Any) -> datetime | date:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"naive time {value!r}: the parser did not find the zone"
        return value.astimezone(UTC)
    assert isinstance(value, date)
    return value


def _icalendar_events(data: bytes) -> tuple[str, list[tuple[StoredEvent, str]]]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    method = str(calendar.get("METHOD", "")).upper()
    zones = [z.to_ical().decode("utf-8") for z in calendar.walk("VTIMEZONE")]
    found: list[tuple[StoredEvent, str]] = []
    for event in calendar.walk("VEVENT"):
        stored = StoredEvent(
            str(event["UID"]),
            int(event.get("SEQUENCE", 0)),
            str(event.get("SUMMARY", "")),
            _instant(event["DTSTART"].dt),
            _instant(event["DTEND"].dt) if "DTEND" in event else _instant(event["DTSTART"].dt),
            str(event.get("LOCATION", "")),
            str(event.get("STATUS", "")),
        )
        found.append((stored, _resource(zones, event.to_ical().decode("utf-8"))))
    return method, found


def _vobject_events(data: bytes) -> tuple[str, list[tuple[StoredEvent, str]]]:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    method = str(calendar.method.value).upper() if hasattr(calendar, "method") else ""
    zones = [z.serialize() for z in getattr(calendar, "vtimezone_list", [])]
    found: list[tuple[StoredEvent, str]] = []
    for event in calendar.vevent_list:

        def text(name: str, component: Any = event) -> str:
            child = getattr(component, name, None)
            return str(child.value) if child is not None else ""

        end = event.dtend.value if hasattr(event, "dtend") else event.dtstart.value
        stored = StoredEvent(
            text("uid"),
            int(text("sequence") or 0),
            text("summary"),
            _instant(event.dtstart.value),
            _instant(end),
            text("location"),
            text("status"),
        )
        found.append((stored, _resource(zones, event.serialize())))
    return method, found


def _resource(zones: list[str], event: str) -> str:
    body = "".join(z if z.endswith("\r\n") else z + "\r\n" for z in zones) + (
        event if event.endswith("\r\n") else event + "\r\n"
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//VisitPlanner tests//iTIP store//EN\r\n{body}END:VCALENDAR\r\n"


def apply_itip(calendar: ItipCalendar, data: bytes, *, parser: Parser = "icalendar") -> list[str]:
    """Apply one iTIP message (its bytes) to `calendar`; returns what was done, one line per event
    ("created uid", "replaced uid", "ignored uid (sequence 2 < 3)", "removed uid")."""
    method, events = (_icalendar_events if parser == "icalendar" else _vobject_events)(data)
    if method not in ("REQUEST", "CANCEL"):
        raise AssertionError(f"not an iTIP message for a calendar store: METHOD {method or 'missing'}")
    done: list[str] = []
    for event, resource in events:
        stored = calendar.sequence(event.uid)
        if stored is not None and event.sequence < stored:
            done.append(f"ignored {event.uid} (sequence {event.sequence} < {stored})")
            continue
        if method == "REQUEST":
            calendar.put(event.uid, resource, event)
            done.append(f"{'replaced' if stored is not None else 'created'} {event.uid}")
        elif stored is not None:
            calendar.delete(event.uid)
            done.append(f"removed {event.uid}")
    return done


def plan_view(session: Any, visit_id: int, address: str) -> set[tuple[str, str, datetime | date, datetime | date, str]]:
    """What `address`'s calendar must show: the engagements of the plan they attend that are not
    cancelled, as their personal invitation shows each (UID, title, times, location)."""
    from visitplanner.exporters.ical import engagement_uid
    from visitplanner.exporters.invitations import invitation_status

    status = invitation_status(session, visit_id, now=datetime.now(UTC), details=False)
    wanted: set[tuple[str, str, datetime | date, datetime | date, str]] = set()
    for event in status.invitations.events:
        if event.cancelled or not any(i.address == address for i in event.invitees):
            continue
        wanted.add(
            (
                engagement_uid(event.uid),
                event.title,
                event.start_at.astimezone(UTC),
                event.end_at.astimezone(UTC),
                event.location,
            )
        )
    return wanted


def reply_ics(uid: str, address: str, partstat: str, sequence: int, *, name: str = "", organiser: str = "") -> bytes:
    """An iTIP REPLY as a recipient's client writes it: their ATTENDEE with PARTSTAT."""
    cn = f';CN="{name}"' if name else ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test client//EN",
        "METHOD:REPLY",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        "DTSTAMP:20270420T120000Z",
        *([f"ORGANIZER:mailto:{organiser}"] if organiser else []),
        f"ATTENDEE;PARTSTAT={partstat}{cn}:mailto:{address}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def reply_eml(calendar: bytes, *, sender: str, to: str = "visits@example.org") -> bytes:
    """An e-mail message carrying a REPLY as Outlook sends one (text/calendar; method=REPLY)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Declined: MOU signing ceremony"
    message.set_content("Declined.")
    message.add_alternative(calendar.decode("utf-8"), subtype="calendar", params={"method": "REPLY"})
    return message.as_bytes()
