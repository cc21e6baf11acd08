"""Times the restricted briefing pack of a 300-attendee, 5-day visit against the same tables built
directly with reportlab in the same run, and prints both times and their ratio."""

from __future__ import annotations

import argparse
import gc
import io
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, NameOrder, Role, Side, VisitStatus
from visitplanner.domain.formatting import time_span
from visitplanner.domain.timerange import local_datetime, zone
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    OrganisationData,
    PersonData,
    RoomData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.exporters.pdf_fonts import FONT, FONT_BOLD, fonts
from visitplanner.services import attendees, engagements, organisations, people, vehicles, venues, visits
from visitplanner.store.database import open_database
from visitplanner.store.queries import attendees_of, engagements_of, venues_of

TEAMS = 10
DELEGATES, HOSTS = 24, 4  # per team, with an interpreter and a driver: 30 people, 300 in all
DAYS = 5
START = date(2027, 9, 6)
DAY_PLAN = (  # (kind, title, start, end, stop): stop 0 is the hotel
    (EngagementKind.BRIEFING, "Morning briefing", "08:00", "08:45", 0),
    (EngagementKind.TRANSFER, "Transfer to the site", "08:50", "09:20", 1),
    (EngagementKind.MEETING, "Round table on innovation partnerships", "09:30", "11:00", 1),
    (EngagementKind.MEAL, "Working lunch", "12:00", "13:15", 1),
    (EngagementKind.TOUR, "Site tour and demonstrations", "13:30", "15:30", 1),
    (EngagementKind.TRANSFER, "Transfer to the hotel", "15:40", "16:10", 0),
)
BIO = (
    "Leads the organisation's international partnerships and its work on digital innovation, net zero and "
    "health research, and has taken part in several trade and investment missions."
)


def build_visit(url: str) -> int:
    """A 300-attendee, 5-day visit made through the services (as the application would)."""
    db = open_database(url)
    tz = zone("Europe/London")
    with db.session() as s:
        org = organisations.create_organisation(s, OrganisationData("Delegation Org", "대표단")).created_id(
            Entity.ORGANISATION
        )
        host = organisations.create_organisation(s, OrganisationData("Host Org")).created_id(Entity.ORGANISATION)
        visit = visits.create_visit(
            s,
            VisitData(
                "Synthetic trade mission",
                "synthetic-mission",
                START,
                START + timedelta(days=DAYS - 1),
                "Europe/London",
                "Asia/Seoul",
                org,
                host,
                "A large synthetic mission for benchmarking.",
                "1. Meet.\n2. Sign.",
                VisitStatus.CONFIRMED,
                "OFFICIAL",
            ),
        ).created_id(Entity.VISIT)
        hotel = venues.create_venue(
            s,
            VenueData(
                "Grand Hotel",
                "HOTEL",
                "1 Quay, Liverpool",
                capacity=400,
                access_notes="Main entrance",
                site_contact="Duty manager",
                site_contact_phone="+44 151 000 0000",
            ),
        ).created_id(Entity.VENUE)
        venues.add_room(s, hotel, RoomData("Ballroom", 400))
        sites = []
        for t in range(TEAMS):
            site = venues.create_venue(
                s,
                VenueData(
                    f"Innovation Centre {t + 1}",
                    f"SITE{t + 1}",
                    f"{t + 1} Science Park, Liverpool",
                    capacity=60,
                    description="A research and innovation centre.",
                    access_notes="Step-free entrance",
                    site_contact="Reception",
                    site_contact_phone=f"+44 151 000 1{t:03d}",
                ),
            ).created_id(Entity.VENUE)
            room = venues.add_room(s, site, RoomData("Seminar Room", 40)).created_id(Entity.ROOM)
            sites.append((site, room))
        teams: list[tuple[list[int], int, int]] = []
        n = 0
        for t in range(TEAMS):
            members: list[int] = []
            for k in range(DELEGATES + HOSTS + 2):
                n += 1
                side, role = (
                    (Side.VISITING, Role.PRINCIPAL if k == 0 else Role.DELEGATE)
                    if k < DELEGATES
                    else (Side.HOST, Role.HOST)
                    if k < DELEGATES + HOSTS
                    else (Side.STAFF, Role.INTERPRETER if k == DELEGATES + HOSTS else Role.DRIVER)
                )
                korean = side is Side.VISITING
                person = people.create_person(
                    s,
                    PersonData(
                        f"Family{n}",
                        f"Given {n}",
                        f"김민{n}" if korean else "",
                        "",
                        NameOrder.FAMILY_FIRST if korean else NameOrder.GIVEN_FIRST,
                        "Ms",
                        "",
                        f"Title of person {n}",
                        org if korean else host,
                        f"p{n}@example.org",
                        f"+44 7700 9{n:05d}",
                        "ko, en",
                        "Vegetarian" if n % 9 == 0 else "",
                        "",
                        BIO,
                        "",
                    ),
                ).created_id(Entity.PERSON)
                members.append(
                    attendees.add_attendee(
                        s,
                        visit,
                        AttendeeData(person, side, role, arrival="Arrives MAN 09:00", departure="Departs MAN 17:00"),
                    ).created_id(Entity.ATTENDEE)
                )
            vehicle = vehicles.create_vehicle(
                s, visit, VehicleData(f"Coach {t + 1}", 40, members[-1], f"LV27 C{t:02d}")
            ).created_id(Entity.VEHICLE)
            teams.append((members, vehicle, t))
        for day in range(DAYS):
            when = START + timedelta(days=day)
            for members, vehicle, t in teams:
                site, room = sites[(t + day) % TEAMS]
                stops = [(hotel, None), (site, room)]
                previous = hotel
                for kind, title, start, end, stop in DAY_PLAN:
                    venue, room_id = stops[stop]
                    transfer = kind is EngagementKind.TRANSFER
                    parts = [
                        AttendanceData(a, AttendancePart.PASSENGER if transfer else AttendancePart.PARTICIPANT)
                        for a in members[:-1]
                    ]
                    if transfer:
                        parts.append(AttendanceData(members[-1], AttendancePart.DRIVER))
                    engagements.create_engagement(
                        s,
                        visit,
                        EngagementPlan(
                            EngagementData(
                                kind,
                                f"{title} (group {t + 1})",
                                local_datetime(when, clock.fromisoformat(start), tz),
                                local_datetime(when, clock.fromisoformat(end), tz),
                                venue,
                                None if transfer else room_id,
                                previous if transfer else None,
                                vehicle if transfer else None,
                                "Public notes for the engagement.",
                                "Restricted notes for the engagement.",
                                "Business attire",
                            ),
                            tuple(parts),
                        ),
                    )
                    previous = venue
    db.close()
    return visit


def direct_tables(url: str, visit_id: int) -> Callable[[], bytes]:
    """The same tables as the pack (programme, run sheet, participants, venues, contacts), built
    straight with reportlab from plain strings read beforehand (reading is not timed)."""
    fonts()
    db = open_database(url)
    with db.session() as s:
        local, home = zone("Europe/London"), zone("Asia/Seoul")
        rows = [
            (
                e.start_at.astimezone(local).date(),
                time_span(e.start_at, e.end_at, local),
                time_span(e.start_at, e.end_at, home),
                e.title,
                e.venue.name if e.venue else "",
                e.room.name if e.room else "",
                e.public_notes,
                e.restricted_notes,
                e.dress_code,
                [(a.attendee.person.name.display, a.attendee.person.title, a.part.value) for a in e.attendances],
            )
            for e in engagements_of(s, visit_id)
        ]
        persons = [
            (
                a.precedence,
                a.person.name.display,
                a.person.title,
                a.person.biography,
                a.person.phone,
                a.person.email,
                a.person.dietary,
                a.arrival,
                a.departure,
                a.role.value,
            )
            for a in attendees_of(s, visit_id)
        ]
        places = [
            (
                v.name,
                v.address,
                v.description,
                v.access_notes,
                v.site_contact,
                v.site_contact_phone,
                [(r.name, str(r.capacity)) for r in v.rooms],
            )
            for v in venues_of(s, visit_id)
        ]
    db.close()
    body = ParagraphStyle("b", fontName=FONT, fontSize=8.5, leading=11)
    bold = ParagraphStyle("bb", parent=body, fontName=FONT_BOLD)
    h1 = ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=16, leading=20)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, "#1f3a5f"),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, "#ccc"),
        ]
    )

    def p(text: str, st: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), st)

    def build() -> bytes:
        story: list[Any] = [p("Programme at a glance", h1)]
        days = sorted({r[0] for r in rows})
        for day in days:
            data = [[p("London", bold), p("Seoul", bold), p("Engagement", bold), p("Where", bold)]]
            data += [[p(r[1]), p(r[2]), p(r[3]), p(f"{r[4]}, {r[5]}")] for r in rows if r[0] == day]
            story.append(Table(data, colWidths=[25 * mm, 28 * mm, 69 * mm, 52 * mm], repeatRows=1, style=style))
        for day in days:
            story += [PageBreak(), p(f"Run sheet {day}", h1)]
            for r in (r for r in rows if r[0] == day):
                data = [
                    [p(r[1], bold), p(r[3], bold), "", p("Kind")],
                    ["", p("Where"), p(f"{r[4]}, {r[5]}"), ""],
                    ["", p("Dress"), p(r[8]), ""],
                ]
                data += [["", p("Attending"), p(f"{name}, {title}"), p(part)] for name, title, part in r[9]]
                data += [["", p("Notes"), p(r[6]), ""], ["", p("Restricted"), p(r[7]), ""]]
                story += [
                    Spacer(1, 3 * mm),
                    Table(data, colWidths=[27 * mm, 21 * mm, 98 * mm, 28 * mm], repeatRows=1, style=style),
                ]
        story += [PageBreak(), p("Participants", h1)]
        for person in persons:
            data = [
                [p(str(person[0])), p(person[1], bold), p(person[9])],
                ["", p(person[2]), ""],
                ["", p(person[3]), ""],
                ["", p(f"{person[4]} · {person[5]}"), ""],
                ["", p(person[6]), ""],
                ["", p(person[7]), ""],
                ["", p(person[8]), ""],
            ]
            story.append(Table(data, colWidths=[9 * mm, 135 * mm, 30 * mm], style=style))
        story += [PageBreak(), p("Venues", h1)]
        for place in places:
            story.append(p(place[0], bold))
            story.append(
                Table(
                    [
                        [p("Address"), p(place[1])],
                        [p("About"), p(place[2])],
                        [p("Access"), p(place[3])],
                        [p("Site contact"), p(f"{place[4]} · {place[5]}")],
                    ],
                    colWidths=[30 * mm, 144 * mm],
                    style=style,
                )
            )
            story.append(
                Table(
                    [[p("Room", bold), p("Capacity", bold)], *[[p(a), p(b)] for a, b in place[6]]],
                    colWidths=[60 * mm, 22 * mm],
                    repeatRows=1,
                    style=style,
                )
            )
        story += [
            PageBreak(),
            p("Contacts", h1),
            Table(
                [
                    [p("Name", bold), p("Role", bold), p("Phone", bold), p("E-mail", bold)],
                    *[[p(x[1]), p(x[9]), p(x[4]), p(x[5])] for x in persons if x[9] in ("interpreter", "driver")],
                ],
                colWidths=[62 * mm, 28 * mm, 36 * mm, 48 * mm],
                repeatRows=1,
                style=style,
            ),
        ]
        buffer = io.BytesIO()

        def footer(canvas: Any, doc: Any) -> None:
            canvas.setFont(FONT, 7.5)
            canvas.drawRightString(190 * mm, 14 * mm, f"Page {doc.page}")
            canvas.drawCentredString(105 * mm, 8 * mm, "OFFICIAL")

        SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT).build(
            story, onFirstPage=footer, onLaterPages=footer
        )
        return buffer.getvalue()

    return build


def timed(runs: int, work: Callable[[], bytes]) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="best of this many builds of each (default 3)")
    args = parser.parse_args(argv)
    print(f"briefing-pack benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        visit_id = build_visit(url)
        print(
            f"synthetic visit: {TEAMS * (DELEGATES + HOSTS + 2)} attendees, {DAYS} days, "
            f"{TEAMS * DAYS * len(DAY_PLAN)} engagements, built through the services in "
            f"{time.perf_counter() - started:.1f} s"
        )
        baseline = direct_tables(url, visit_id)
        db = open_database(url)
        now = datetime(2027, 9, 1, 9, 0, tzinfo=UTC)

        def pack() -> bytes:
            with db.session() as session:
                return build_briefing_pack(session, visit_id, edition="restricted", now=now)

        fonts()  # font registration is a one-off cost of either; not timed
        direct_s, direct_pdf = timed(args.runs, baseline)
        pack_s, pack_pdf = timed(args.runs, pack)
        db.close()
    direct_pages, pack_pages = len(PdfReader(io.BytesIO(direct_pdf)).pages), len(PdfReader(io.BytesIO(pack_pdf)).pages)
    ratio = pack_s / direct_s
    print(f"{'build':<44} {'seconds':>8} {'pages':>6} {'KB':>6}")
    print(f"{'direct reportlab tables (baseline)':<44} {direct_s:>8.2f} {direct_pages:>6} {len(direct_pdf) // 1024:>6}")
    print(
        f"{'briefing pack, restricted (reads the store)':<44} {pack_s:>8.2f} {pack_pages:>6} {len(pack_pdf) // 1024:>6}"
    )
    print(f"ratio pack / baseline: {ratio:.2f}x (target: within 1.30x) -> {'OK' if ratio <= 1.3 else 'OVER'}")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
