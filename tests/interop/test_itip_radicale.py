"""The issue's proof on a real calendar store: every invitation message sent through the scenario (invite
five; move one; take one attendee off another; delete one; cancel one; add one), applied in order to each
recipient's calendar on Radicale by the iTIP rules, leaves what the server holds equal to their part of
the plan, event for event."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

from icalendar import Calendar
from sqlalchemy.orm import Session

from tests.fixtures_db import at
from tests.fixtures_radicale import Radicale
from tests.itip import StoredEvent, apply_itip, plan_view
from tests.store.test_invitation_scenario import NOW, PEOPLE, _send, _visit
from visitplanner.domain.enums import EngagementKind
from visitplanner.domain.values import AttendanceData, EngagementData, EngagementPlan
from visitplanner.exporters.invitations import SendResult
from visitplanner.services import engagements

Shown = tuple[str, str, datetime | date, datetime | date, str]


class RadicaleCalendar:
    """One recipient's calendar: a CalDAV collection on the test Radicale, as an `ItipCalendar`
    (each event a resource named after its UID; what is stored is read back from the server)."""

    def __init__(self, server: Radicale, user: str, name: str) -> None:
        self.server = server
        self.user = user
        self.path = f"/{user}/{quote(name, safe='')}/"
        status, body, _ = server.request("MKCALENDAR", self.path, user=user)
        assert status == 201, body[:300]

    def _href(self, uid: str) -> str:
        return f"{self.path}{hashlib.sha256(uid.encode()).hexdigest()[:32]}.ics"

    def sequence(self, uid: str) -> int | None:
        status, body, _ = self.server.request("GET", self._href(uid), user=self.user)
        if status == 404:
            return None
        assert status == 200, body[:300]
        (event,) = Calendar.from_ical(body).walk("VEVENT")
        return int(event.get("SEQUENCE", 0))

    def put(self, uid: str, ical: str, event: StoredEvent) -> None:
        status, body, _ = self.server.request(
            "PUT", self._href(uid), ical.encode("utf-8"), {"Content-Type": "text/calendar"}, user=self.user
        )
        assert status in (201, 204), (uid, status, body[:300])

    def delete(self, uid: str) -> None:
        status, body, _ = self.server.request("DELETE", self._href(uid), user=self.user)
        assert status in (200, 204), (uid, status, body[:300])

    def shown(self) -> set[Shown]:
        """What the server holds, read back with a calendar-query (as a client syncing would)."""
        status, body, _ = self.server.request(
            "REPORT",
            self.path,
            b'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            b'<D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>'
            b"</C:calendar-query>",
            {"Depth": "1", "Content-Type": "application/xml"},
            user=self.user,
        )
        assert status == 207, body[:300]
        found: set[Shown] = set()
        for data in ElementTree.fromstring(body).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
            for event in Calendar.from_ical(data.text or "").walk("VEVENT"):
                start, end = event["DTSTART"].dt, event["DTEND"].dt
                found.add(
                    (
                        str(event["UID"]),
                        str(event.get("SUMMARY", "")),
                        start.astimezone(UTC) if isinstance(start, datetime) else start,
                        end.astimezone(UTC) if isinstance(end, datetime) else end,
                        str(event.get("LOCATION", "")),
                    )
                )
        return found


def test_every_recipients_calendar_on_radicale_equals_their_part_of_the_plan(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    radicale: Radicale,
    tmp_path: Path,
) -> None:
    visit_id, ids, plan = _visit(session, create_visit, create_venue)
    user, _ = radicale.new_user()
    addresses = [email for *_, email, _side, _role in PEOPLE] + ["desk@lcr.example"]
    stores = {address: RadicaleCalendar(radicale, user, address) for address in addresses}
    log: list[str] = []

    def deliver(result: SendResult) -> None:
        for item in result.files:  # in the order they were written: requests, then cancellations
            if item.kind == "ics":
                log.extend(apply_itip(stores[item.address], item.path.read_bytes()))

    deliver(_send(session, visit_id, tmp_path / "1", NOW))
    for address in addresses:  # the first round already matches the plan
        assert stores[address].shown() == plan_view(session, visit_id, address), address

    engagements.move_engagement(session, plan["Lunch"], at(13, 30))
    engagements.unassign_attendee(session, plan["Tour"], ids["kim@busan.example"])
    engagements.delete_engagement(session, plan["Press call"])
    engagements.cancel_engagement(session, plan["MOU signing"])
    dinner = EngagementData(EngagementKind.MEAL, "Farewell dinner", at(19), at(21))
    engagements.create_engagement(
        session,
        visit_id,
        EngagementPlan(dinner, (AttendanceData(ids["park@busan.example"]), AttendanceData(ids["marsh@lcr.example"]))),
    )
    deliver(_send(session, visit_id, tmp_path / "2", NOW + timedelta(hours=1)))

    for address in addresses:
        assert stores[address].shown() == plan_view(session, visit_id, address), address
    kim = {event[1] for event in stores["kim@busan.example"].shown()}
    assert kim == {"Welcome, briefing", "Lunch"}  # taken off the tour; the signing cancelled
    assert any(line.startswith("removed ") for line in log) and any(line.startswith("replaced ") for line in log)
    assert not any(line.startswith("ignored ") for line in log)  # SEQUENCE only ever grew
