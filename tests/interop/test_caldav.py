"""A real CalDAV server (Radicale, started on 127.0.0.1 for these tests): every event PUT, read back unchanged."""

from __future__ import annotations

import base64
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.interop.conftest import NOW, Exports
from visitplanner.exporters.ical import CalendarFile, export_calendars
from visitplanner.store.database import Database
from visitplanner.store.models import Visit

pytest.importorskip("radicale", reason="the CalDAV tests need Radicale (pip install radicale)")

USER = "visitplanner"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{USER}:unused".encode()).decode()}
TIMEOUT = 10.0


@dataclass(frozen=True)
class Server:
    """A running Radicale: where to reach it."""

    host: str
    port: int

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers={**AUTH, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[rights]\ntype = authenticated\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n[web]\ntype = none\n"
        "[logging]\nlevel = warning\n",
        "utf-8",
    )
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=log, stderr=subprocess.STDOUT, cwd=folder
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"Radicale exited at start: {(folder / 'radicale.log').read_text('utf-8')[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Radicale did not start listening within 30 s")
                time.sleep(0.1)
        yield Server("127.0.0.1", port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _calendar(server: Server, name: str) -> str:
    server.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})  # creates the user's principal
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
        b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>'
        + name.encode()
        + b"</D:displayname></D:prop></D:set></C:mkcalendar>"
    )
    status, answer = server.request("MKCALENDAR", f"/{USER}/{name}/", body, {"Content-Type": "application/xml"})
    assert status == 201, answer[:500]
    return f"/{USER}/{name}/"


def _event(data: bytes) -> dict[str, object]:
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    attendees = event.get("ATTENDEE", [])
    return {
        "uid": str(event["UID"]),
        "sequence": int(event["SEQUENCE"]),
        "summary": str(event["SUMMARY"]),
        "start": event["DTSTART"].dt.timestamp(),
        "end": event["DTEND"].dt.timestamp(),
        "status": str(event["STATUS"]),
        "location": str(event.get("LOCATION", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "organizer": str(event.get("ORGANIZER", "")),
        "attendees": [
            (str(a), a.params.get("CN")) for a in (attendees if isinstance(attendees, list) else [attendees])
        ],
    }


def _objects(database: Database, slug: str, **options: object) -> list[CalendarFile]:
    with database.session() as session:
        visit = session.scalars(select(Visit).where(Visit.slug == slug)).one()
        return list(export_calendars(session, visit.id, now=NOW, per_event=True, **options))  # type: ignore[arg-type]


def _put_and_get(server: Server, collection: str, objects: list[CalendarFile]) -> None:
    for item in objects:
        (uid,) = item.uids
        path = f"{collection}{uid.split('@')[0]}.ics"
        status, answer = server.request("PUT", path, item.data, {"Content-Type": "text/calendar; charset=utf-8"})
        assert status == 201, f"{uid}: {status} {answer[:300]!r}"
        status, stored = server.request("GET", path)
        assert status == 200, uid
        assert _event(stored) == _event(item.data), uid
        assert (b"BEGIN:VTIMEZONE" in stored) == (b"BEGIN:VTIMEZONE" in item.data), uid


def test_every_demo_event_survives_a_round_trip_through_radicale(
    radicale: Server, exports: Exports, interop_database: Database
) -> None:
    objects = _objects(interop_database, "busan-liverpool")
    assert len(objects) == 20
    _put_and_get(radicale, _calendar(radicale, "demo"), objects)


def test_invitations_and_cancellations_survive_too(
    radicale: Server, exports: Exports, interop_database: Database
) -> None:
    objects = _objects(interop_database, "busan-liverpool", method="request", restricted=True)
    assert {o.method for o in objects} == {"REQUEST", "CANCEL"}
    _put_and_get(radicale, _calendar(radicale, "invitations"), objects)


def test_the_clock_change_and_seoul_through_radicale_and_its_time_range_query(
    radicale: Server, exports: Exports, interop_database: Database
) -> None:
    collection = _calendar(radicale, "autumn")
    _put_and_get(radicale, collection, _objects(interop_database, "autumn-exchange"))
    # Radicale answers a time-range query by reading the stored events' zones itself (with vobject)
    query = (
        b'<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
        b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter>'
        b'<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
        b'<C:time-range start="20261025T005000Z" end="20261025T014500Z"/>'
        b"</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
    )
    status, answer = radicale.request("REPORT", collection, query, {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207, answer[:500]
    hrefs = sorted(Path(href.text or "").name for href in ElementTree.fromstring(answer).iter("{DAV:}href"))
    with interop_database.session() as session:
        visit = session.scalars(select(Visit).where(Visit.slug == "autumn-exchange")).one()
        expected = sorted(
            f"{e.uuid}.ics"
            for e in visit.engagements
            if e.title.startswith(("Night session, first", "Night session, second", "Vigil"))
        )
    # 00:50-01:45 UTC: the end of the first 01:30 (BST), the second 01:30 (GMT) and the vigil across both
    assert hrefs == expected
