"""The demo visit: the Mayor of Busan's visit to the Liverpool City Region, built through services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    EngagementStatus,
    GiftStatus,
    JourneyMode,
    LegDirection,
    NameOrder,
    OrganisationKind,
    Role,
    Side,
    TaskStatus,
    TravelMode,
    VisitStatus,
)
from visitplanner.domain.hours import OpeningHours
from visitplanner.domain.seating import SeatingStyle, TableData, TableShape
from visitplanner.domain.timerange import local_datetime, zone
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    GiftData,
    OrganisationData,
    PersonData,
    RoomData,
    TravelLegData,
    TravelTimeData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.services import (
    attendees,
    engagements,
    gifts,
    organisations,
    people,
    seating,
    tasks,
    travel,
    vehicles,
    venues,
    visits,
)
from visitplanner.services.base import service
from visitplanner.store.models import Engagement, Organisation, Person, Room, Venue, Visit

SLUG = "busan-liverpool"
DAY1 = date(2027, 5, 11)
DAY2 = date(2027, 5, 12)
P = AttendancePart

ORGANISATIONS = {
    "busan": OrganisationData("Busan Metropolitan City", "부산광역시", "South Korea", OrganisationKind.GOVERNMENT),
    "lcrca": OrganisationData(
        "Liverpool City Region Combined Authority",
        "리버풀 시티리전 광역연합청",
        "United Kingdom",
        OrganisationKind.GOVERNMENT,
    ),
    "uol": OrganisationData("University of Liverpool", "리버풀 대학교", "United Kingdom", OrganisationKind.UNIVERSITY),
    "cpc": OrganisationData(
        "Connected Places Catapult", "커넥티드 플레이시스 캐터펄트", "United Kingdom", OrganisationKind.AGENCY
    ),
}

FICTIONAL = "A fictional person created for the demonstration plan."

# key: (organisation, person data without organisation, side, role)
PEOPLE: dict[str, tuple[str, PersonData, Side, Role]] = {
    "park": (
        "busan",
        PersonData(
            "Park",
            "Heong-Joon",
            "박형준",
            "Park Heong-Joon",
            NameOrder.FAMILY_FIRST,
            "Mayor",
            "His Honour",
            "Mayor of Busan Metropolitan City",
            email="mayor.office@busan.example",
            phone="+82 51 000 0001",
            languages="ko",
            biography="Mayor of Busan Metropolitan City, leading a high-level delegation to the "
            "Liverpool City Region under the UK–South Korea Innovation Twinning Programme.",
        ),
        Side.VISITING,
        Role.PRINCIPAL,
    ),
    "kim": (
        "busan",
        PersonData(
            "Kim",
            "Min-seo",
            "김민서",
            "",
            NameOrder.FAMILY_FIRST,
            "Ms",
            "",
            "Director-General for Innovation Policy",
            email="ms.kim@busan.example",
            phone="+82 51 000 0002",
            languages="ko, en",
            dietary="No pork",
            biography=f"Leads Busan's digital innovation and smart-city policy. {FICTIONAL}",
        ),
        Side.VISITING,
        Role.DELEGATE,
    ),
    "lee": (
        "busan",
        PersonData(
            "Lee",
            "Ji-hoon",
            "이지훈",
            "",
            NameOrder.FAMILY_FIRST,
            "Mr",
            "",
            "Director of International Relations",
            email="jh.lee@busan.example",
            phone="+82 51 000 0003",
            languages="ko, en",
            biography=f"Responsible for Busan's sister-city and twinning partnerships. {FICTIONAL}",
        ),
        Side.VISITING,
        Role.DELEGATE,
    ),
    "choi": (
        "busan",
        PersonData(
            "Choi",
            "Yu-na",
            "최유나",
            "",
            NameOrder.FAMILY_FIRST,
            "Ms",
            "",
            "Senior Officer, Net Zero and Clean Energy",
            email="yn.choi@busan.example",
            phone="+82 51 000 0004",
            languages="ko",
            dietary="Vegetarian",
            biography=f"Works on Busan's carbon-neutrality programme. {FICTIONAL}",
        ),
        Side.VISITING,
        Role.DELEGATE,
    ),
    "jung": (
        "busan",
        PersonData(
            "Jung",
            "Hae-won",
            "정해원",
            "",
            NameOrder.FAMILY_FIRST,
            "Mr",
            "",
            "Official Photographer, Busan City Hall",
            email="hw.jung@busan.example",
            phone="+82 51 000 0005",
            languages="ko",
            biography=FICTIONAL,
        ),
        Side.VISITING,
        Role.PHOTOGRAPHER,
    ),
    "rotheram": (
        "lcrca",
        PersonData(
            "Rotheram",
            "Steve",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Mayor",
            "",
            "Mayor of the Liverpool City Region",
            email="mayor.office@lcrca.example",
            languages="en",
            biography="Mayor of the Liverpool City Region and co-signatory of the Memorandum of Understanding.",
        ),
        Side.HOST,
        Role.PRINCIPAL,
    ),
    "marsh": (
        "uol",
        PersonData(
            "Marsh",
            "Helen",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Professor",
            "",
            "Pro-Vice-Chancellor for Research and Impact",
            email="h.marsh@liverpool.example",
            phone="+44 151 000 1001",
            languages="en",
            access_needs="Wheelchair user: step-free routes and accessible parking",
            biography=f"Leads the University's research and impact strategy and its role as an anchor "
            f"institution. {FICTIONAL}",
        ),
        Side.HOST,
        Role.HOST,
    ),
    "rahman": (
        "uol",
        PersonData(
            "Rahman",
            "Aisha",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Professor",
            "",
            "Director, Materials Innovation Factory",
            email="a.rahman@liverpool.example",
            languages="en",
            dietary="Halal",
            biography=f"Directs the £81 million Materials Innovation Factory, developed with Unilever. {FICTIONAL}",
        ),
        Side.HOST,
        Role.HOST,
    ),
    "pritchard": (
        "uol",
        PersonData(
            "Pritchard",
            "Owen",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Dr",
            "",
            "Director, Digital Innovation Facility",
            email="o.pritchard@liverpool.example",
            languages="en, cy",
            biography=f"Directs the £13 million Digital Innovation Facility. {FICTIONAL}",
        ),
        Side.HOST,
        Role.HOST,
    ),
    "lloyd": (
        "uol",
        PersonData(
            "Lloyd",
            "Gareth",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Dr",
            "",
            "Lead, Civic Data Cooperative",
            email="g.lloyd@liverpool.example",
            languages="en",
            biography=f"Leads the Civic Data Cooperative, which brings residents, research, care and business "
            f"organisations together on data for health and social problems. {FICTIONAL}",
        ),
        Side.HOST,
        Role.HOST,
    ),
    "whitfield": (
        "cpc",
        PersonData(
            "Whitfield",
            "Tom",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Mr",
            "",
            "Innovation Twinning Programme Lead",
            email="t.whitfield@cpc.example",
            phone="+44 20 0000 2001",
            languages="en",
            biography=f"Coordinates the UK–South Korea Innovation Twinning Programme nationally. {FICTIONAL}",
        ),
        Side.HOST,
        Role.LIAISON,
    ),
    "seo": (
        "uol",
        PersonData(
            "Seo",
            "Ji-yeon",
            "서지연",
            "",
            NameOrder.FAMILY_FIRST,
            "Ms",
            "",
            "Korean–English Interpreter",
            email="interpreter@liverpool.example",
            phone="+44 7700 900101",
            languages="ko, en",
            biography=FICTIONAL,
        ),
        Side.STAFF,
        Role.INTERPRETER,
    ),
    "okafor": (
        "uol",
        PersonData(
            "Okafor",
            "Sam",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Mr",
            "",
            "International Relations Officer",
            email="s.okafor@liverpool.example",
            phone="+44 7700 900102",
            languages="en, fr",
            biography=f"Protocol lead for the visit. {FICTIONAL}",
        ),
        Side.STAFF,
        Role.LIAISON,
    ),
    "evans": (
        "uol",
        PersonData(
            "Evans",
            "Rachel",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Ms",
            "",
            "University Photographer",
            email="r.evans@liverpool.example",
            phone="+44 7700 900103",
            languages="en",
            biography=FICTIONAL,
        ),
        Side.STAFF,
        Role.PHOTOGRAPHER,
    ),
    "hughes": (
        "uol",
        PersonData(
            "Hughes",
            "Daniel",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Mr",
            "",
            "Driver",
            email="d.hughes@liverpool.example",
            phone="+44 7700 900104",
            languages="en",
            biography=FICTIONAL,
        ),
        Side.STAFF,
        Role.DRIVER,
    ),
    "nair": (
        "uol",
        PersonData(
            "Nair",
            "Priya",
            "",
            "",
            NameOrder.GIVEN_FIRST,
            "Ms",
            "",
            "Driver",
            email="p.nair@liverpool.example",
            phone="+44 7700 900105",
            languages="en",
            biography=FICTIONAL,
        ),
        Side.STAFF,
        Role.DRIVER,
    ),
}

WEEKDAYS = OpeningHours.parse("mon-fri 08:00-18:00")
ALWAYS = OpeningHours.parse("mon-sun 00:00-00:00")

VENUES: dict[str, tuple[VenueData, list[RoomData]]] = {
    "MAN": (
        VenueData(
            "Manchester Airport",
            "MAN",
            "Terminal 2, Manchester Airport, Manchester M90 1QX",
            53.3650,
            -2.2727,
            "Europe/London",
            None,
            ALWAYS,
            "Meet-and-greet at the Terminal 2 VIP suite; step-free throughout.",
            "Airport VIP Services",
            "+44 161 000 3001",
            "Arrival and departure airport.",
            native_name="맨체스터 공항",
        ),
        [],
    ),
    "HOTEL": (
        VenueData(
            "Pullman Liverpool",
            "HOTEL",
            "King's Dock, Liverpool Waterfront, Liverpool L3 4FP",
            53.3990,
            -2.9900,
            "Europe/London",
            200,
            ALWAYS,
            "Drop-off at the main entrance on Monarchs Quay; step-free.",
            "Duty Manager",
            "+44 151 000 3002",
            "The delegation's hotel on the waterfront.",
            native_name="풀만 리버풀 호텔",
        ),
        [
            RoomData("Meeting Room 1", 20, native_name="제1회의실"),
            RoomData("Private Dining Room", 30, native_name="별실"),
        ],
    ),
    "LCRCA": (
        VenueData(
            "No 1 Mann Island (Combined Authority)",
            "LCRCA",
            "No 1 Mann Island, Liverpool L3 1BP",
            53.4029,
            -2.9958,
            "Europe/London",
            150,
            OpeningHours.parse("mon-fri 08:00-18:30"),
            "Security check at reception; lift to all floors.",
            "Head of Protocol, LCRCA",
            "+44 151 000 3003",
            "Headquarters of the Liverpool City Region Combined Authority.",
            native_name="리버풀 시티리전 광역연합청 (맨 아일랜드 1번지)",
        ),
        [RoomData("Atrium", 80, native_name="아트리움"), RoomData("Boardroom", 30, native_name="대회의실")],
    ),
    "DIF": (
        VenueData(
            "Digital Innovation Facility",
            "DIF",
            "University of Liverpool, Brownlow Hill, Liverpool L69 3GJ",
            53.4066,
            -2.9656,
            "Europe/London",
            60,
            WEEKDAYS,
            "Step-free entrance on the east side; visitor lanyards at reception.",
            "DIF Facility Manager",
            "+44 151 000 3004",
            "A £13 million Centre of Excellence in emerging digital technologies, co-funded by "
            "the Liverpool City Region Combined Authority's Local Growth Fund.",
            native_name="디지털 혁신 시설",
        ),
        [
            RoomData("Immersive Lab", 15, native_name="몰입형 실험실"),
            RoomData("Seminar Room", 30, native_name="세미나실"),
        ],
    ),
    "MIF": (
        VenueData(
            "Materials Innovation Factory",
            "MIF",
            "51 Oxford Street, Liverpool L7 3NY",
            53.4037,
            -2.9640,
            "Europe/London",
            80,
            WEEKDAYS,
            "Laboratory areas: safety glasses provided, closed shoes required.",
            "MIF Operations Manager",
            "+44 151 000 3005",
            "An £81 million centre for materials chemistry research and development, developed "
            "in partnership with Unilever.",
            native_name="소재 혁신 팩토리",
        ),
        [
            RoomData("Open Lab Gallery", 20, native_name="오픈 랩 갤러리"),
            RoomData("Boardroom", 16, native_name="회의실"),
        ],
    ),
    "FC": (
        VenueData(
            "Foresight Centre",
            "FC",
            "University of Liverpool, 1 Brownlow Street, Liverpool L69 3GL",
            53.4065,
            -2.9685,
            "Europe/London",
            120,
            OpeningHours.parse("mon-fri 08:00-20:00"),
            "Ramp at the Brownlow Street entrance.",
            "Foresight Centre Events Team",
            "+44 151 000 3006",
            "The University's conference centre.",
            native_name="포사이트 센터",
        ),
        [
            RoomData("Leverhulme Suite", 40, native_name="리버흄 스위트"),
            RoomData("Meeting Room 2", 14, native_name="제2회의실"),
        ],
    ),
}

TRAVEL = [
    ("MAN", "HOTEL", 55),
    ("HOTEL", "LCRCA", 10),
    ("HOTEL", "DIF", 15),
    ("DIF", "MIF", 8),
    ("MIF", "FC", 8),
    ("DIF", "FC", 5),
    ("FC", "MAN", 60),
    ("LCRCA", "DIF", 15),
    ("HOTEL", "FC", 15),
    ("HOTEL", "MIF", 15),
    ("LCRCA", "MAN", 60),
]

VISITING = ["park", "kim", "lee", "choi", "jung"]
#: Readiness tasks the demo has done already.
DEMO_DONE_TASKS = frozenset({"Invitation letter sent", "Visa support letters sent"})
PARTY = [*VISITING, "seo", "okafor"]


def _ensure_organisation(session: Session, data: OrganisationData) -> int:
    row = session.scalars(select(Organisation).where(Organisation.name == data.name)).first()
    if row is None:
        return organisations.create_organisation(session, data).created_id(Entity.ORGANISATION)
    organisations.update_organisation(session, row.id, data)
    return row.id


def _ensure_person(session: Session, data: PersonData) -> int:
    row = session.scalars(select(Person).where(Person.email == data.email)).first()
    if row is None:
        return people.create_person(session, data).created_id(Entity.PERSON)
    people.update_person(session, row.id, data)
    return row.id


def _ensure_venue(session: Session, data: VenueData) -> int:
    row = session.scalars(select(Venue).where(Venue.code == data.code)).first()
    if row is None:
        return venues.create_venue(session, data).created_id(Entity.VENUE)
    venues.update_venue(session, row.id, data)
    return row.id


def _ensure_room(session: Session, venue_id: int, data: RoomData) -> int:
    row = session.scalars(select(Room).where(Room.venue_id == venue_id, Room.name == data.name)).first()
    if row is None:
        return venues.add_room(session, venue_id, data).created_id(Entity.ROOM)
    venues.update_room(session, row.id, data)
    return row.id


@service
def build_demo(session: Session) -> Changes:
    """Create (or recreate) the `busan-liverpool` visit; people and venues are reused by email/code."""
    existing = session.scalars(select(Visit).where(Visit.slug == SLUG)).first()
    if existing is not None:
        visits.delete_visit(session, existing.id)
        session.flush()
    org = {key: _ensure_organisation(session, data) for key, data in ORGANISATIONS.items()}
    visit_id = visits.create_visit(
        session,
        VisitData(
            title="Visit of the Mayor of Busan to the Liverpool City Region",
            slug=SLUG,
            start_date=DAY1,
            end_date=DAY2,
            local_time_zone="Europe/London",
            home_time_zone="Asia/Seoul",
            visiting_organisation_id=org["busan"],
            host_organisation_id=org["lcrca"],
            purpose="To sign a Memorandum of Understanding between the Liverpool City Region and Busan "
            "Metropolitan City under the FCDO-led UK–South Korea Innovation Twinning Programme, "
            "coordinated nationally by the Connected Places Catapult, and to show the delegation the "
            "University of Liverpool's flagship innovation centres.",
            objectives="1. Sign the MOU on digital innovation & smart cities, net zero & clean energy, and health "
            "innovation.\n2. Foster a strategic innovation partnership promoting science, education, "
            "trade and investment exchanges.\n3. Tour the Digital Innovation Facility and the Materials "
            "Innovation Factory.\n4. Meet senior University representatives on the University as an "
            "anchor institution, Net Zero targets and the Civic Data Cooperative.",
            status=VisitStatus.CONFIRMED,
            marking="OFFICIAL-SENSITIVE",
        ),
    ).created_id(Entity.VISIT)

    att: dict[str, int] = {}
    for key, (org_key, person_values, side, role) in PEOPLE.items():
        person_id = _ensure_person(session, replace(person_values, organisation_id=org[org_key]))
        att[key] = attendees.add_attendee(
            session,
            visit_id,
            AttendeeData(
                person_id,
                side,
                role,
                arrival="VIP fast-track through Border Force; luggage follows in the minibus"
                if side is Side.VISITING
                else "",
                departure="Check-in at the Terminal 2 VIP suite" if side is Side.VISITING else "",
                # the Busan delegation reads its documents in Korean
                document_language="ko" if org_key == "busan" else "",
            ),
        ).created_id(Entity.ATTENDEE)

    venue: dict[str, int] = {}
    room: dict[tuple[str, str], int] = {}
    for code, (venue_values, rooms) in VENUES.items():
        venue[code] = _ensure_venue(session, venue_values)
        for room_data in rooms:
            room[code, room_data.name] = _ensure_room(session, venue[code], room_data)
    for a, b, minutes in TRAVEL:
        venues.set_travel_time(session, TravelTimeData(venue[a], venue[b], minutes, TravelMode.CAR))

    car = vehicles.create_vehicle(
        session, visit_id, VehicleData("Car 1 (Mayor)", 4, att["hughes"], "LV27 ABC", "Executive saloon")
    ).created_id(Entity.VEHICLE)
    bus = vehicles.create_vehicle(
        session,
        visit_id,
        VehicleData("Delegation minibus", 16, att["nair"], "LV27 DEF", "16-seat minibus with luggage space"),
    ).created_id(Entity.VEHICLE)

    tz = zone("Europe/London")

    def at(day: date, hhmm: str) -> datetime:
        return local_datetime(day, time.fromisoformat(hhmm), tz)

    def add(
        kind: EngagementKind,
        title: str,
        day: date,
        start: str,
        end: str,
        place: str,
        who: list[str] | dict[str, AttendancePart],
        *,
        room_name: str | None = None,
        origin: str | None = None,
        vehicle: int | None = None,
        public: str = "",
        restricted: str = "",
        dress: str = "",
        cleared: bool = False,
    ) -> int:
        parts = who if isinstance(who, dict) else dict.fromkeys(who, P.PARTICIPANT)
        return engagements.create_engagement(
            session,
            visit_id,
            EngagementPlan(
                EngagementData(
                    kind,
                    title,
                    at(day, start),
                    at(day, end),
                    venue[place],
                    room[place, room_name] if room_name else None,
                    venue[origin] if origin else None,
                    vehicle,
                    public,
                    restricted,
                    dress,
                    EngagementStatus.CONFIRMED,
                    is_public=cleared,
                ),
                tuple(AttendanceData(att[k], part) for k, part in parts.items()),
            ),
        ).created_id(Entity.ENGAGEMENT)

    def riders(names: list[str], driver: str) -> dict[str, AttendancePart]:
        return {**dict.fromkeys(names, P.PASSENGER), driver: P.DRIVER}

    T, K = EngagementKind, P
    # Day 1
    add(
        T.OTHER,
        "Arrival at Manchester Airport",
        DAY1,
        "09:00",
        "09:30",
        "MAN",
        [*PARTY, "marsh"],
        public="The delegation is met at the Terminal 2 VIP suite by Professor Helen Marsh and the "
        "International Relations Officer.",
        restricted="Flight KE 9021 (fictional number); VIP fast-track arranged with Border Force.",
    )
    add(
        T.TRANSFER,
        "Transfer: airport to hotel (Mayor)",
        DAY1,
        "09:35",
        "10:35",
        "HOTEL",
        riders(["park", "kim", "seo", "marsh"], "hughes"),
        origin="MAN",
        vehicle=car,
    )
    add(
        T.TRANSFER,
        "Transfer: airport to hotel (delegation)",
        DAY1,
        "09:35",
        "10:35",
        "HOTEL",
        riders(["lee", "choi", "jung", "okafor"], "nair"),
        origin="MAN",
        vehicle=bus,
    )
    add(T.FREE_TIME, "Hotel check-in and rest", DAY1, "10:45", "13:00", "HOTEL", PARTY)
    add(
        T.BRIEFING,
        "Welcome briefing",
        DAY1,
        "13:30",
        "14:30",
        "HOTEL",
        [*PARTY, "whitfield"],
        room_name="Meeting Room 1",
        public="Programme overview and the UK–South Korea Innovation Twinning Programme, presented by the "
        "Connected Places Catapult.",
    )
    add(
        T.TRANSFER,
        "Transfer: hotel to Mann Island",
        DAY1,
        "14:45",
        "15:00",
        "LCRCA",
        riders([*PARTY, "whitfield"], "nair"),
        origin="HOTEL",
        vehicle=bus,
    )
    add(
        T.CEREMONY,
        "MOU signing ceremony",
        DAY1,
        "15:15",
        "16:00",
        "LCRCA",
        {
            "park": K.SIGNATORY,
            "rotheram": K.SIGNATORY,
            "kim": K.WITNESS,
            "marsh": K.WITNESS,
            "lee": K.PARTICIPANT,
            "choi": K.PARTICIPANT,
            "whitfield": K.PARTICIPANT,
            "seo": K.INTERPRETER,
            "okafor": K.SUPPORT,
            "jung": K.SUPPORT,
            "evans": K.SUPPORT,
        },
        room_name="Atrium",
        dress="Lounge suit",
        public="The two Mayors sign the Memorandum of Understanding on digital innovation & smart cities, "
        "net zero & clean energy, and health innovation.",
        restricted="Gift exchange after signing: Busan presents a celadon vase; LCR presents a Liver Bird "
        "sculpture. LCRCA security on site from 14:30.",
        cleared=True,
    )
    add(
        T.PRESS,
        "Press photocall",
        DAY1,
        "16:00",
        "16:30",
        "LCRCA",
        {
            "park": K.SPEAKER,
            "rotheram": K.SPEAKER,
            "seo": K.INTERPRETER,
            "jung": K.SUPPORT,
            "evans": K.SUPPORT,
            "okafor": K.SUPPORT,
        },
        room_name="Atrium",
        dress="Lounge suit",
        cleared=True,
    )
    add(
        T.TRANSFER,
        "Transfer: Mann Island to hotel",
        DAY1,
        "16:45",
        "17:00",
        "HOTEL",
        riders([*PARTY, "whitfield", "marsh", "rotheram"], "nair"),
        origin="LCRCA",
        vehicle=bus,
    )
    dinner = add(
        T.MEAL,
        "Welcome dinner",
        DAY1,
        "19:00",
        "21:00",
        "HOTEL",
        [*PARTY, "rotheram", "whitfield", "marsh"],
        room_name="Private Dining Room",
        dress="Business attire",
        public="Hosted by the Mayor of the Liverpool City Region with the Pro-Vice-Chancellor for Research and Impact.",
    )
    plan = seating.create_plan(
        session, dinner, SeatingStyle.CENTRE, (TableData("Top table", TableShape.BANQUET_ENDS, 12, 0.0, 0.0),)
    ).created_id(Entity.SEATING_PLAN)
    seating.auto_seat_plan(session, plan)
    # Day 2
    campus = [*PARTY, "whitfield", "marsh", "evans"]
    add(
        T.TRANSFER,
        "Transfer: hotel to the Digital Innovation Facility",
        DAY2,
        "08:40",
        "09:00",
        "DIF",
        riders([*PARTY, "whitfield", "marsh"], "nair"),
        origin="HOTEL",
        vehicle=bus,
    )
    add(
        T.TOUR,
        "Tour of the Digital Innovation Facility (DIF)",
        DAY2,
        "09:15",
        "10:15",
        "DIF",
        {**dict.fromkeys(campus, K.PARTICIPANT), "pritchard": K.GUIDE, "seo": K.INTERPRETER},
        room_name="Immersive Lab",
        dress="Business attire",
        public="Demonstrations of immersive, AI and high-performance computing work with regional industry.",
        cleared=True,
    )
    add(
        T.TRANSFER,
        "Transfer: DIF to the Materials Innovation Factory",
        DAY2,
        "10:20",
        "10:30",
        "MIF",
        riders(campus, "nair"),
        origin="DIF",
        vehicle=bus,
    )
    add(
        T.TOUR,
        "Tour of the Materials Innovation Factory (MIF)",
        DAY2,
        "10:40",
        "11:50",
        "MIF",
        {**dict.fromkeys(campus, K.PARTICIPANT), "rahman": K.GUIDE, "seo": K.INTERPRETER},
        room_name="Open Lab Gallery",
        dress="Business attire; closed shoes in the laboratories",
        public="Robotic chemistry and materials discovery laboratories developed with Unilever.",
        restricted="No photography in Lab 2 (commercial partner work).",
        cleared=True,
    )
    add(
        T.TRANSFER,
        "Transfer: MIF to the Foresight Centre",
        DAY2,
        "11:55",
        "12:05",
        "FC",
        riders(campus, "nair"),
        origin="MIF",
        vehicle=bus,
    )
    add(
        T.MEAL,
        "Working lunch",
        DAY2,
        "12:15",
        "13:15",
        "FC",
        [*campus, "lloyd"],
        room_name="Leverhulme Suite",
        public="Buffet lunch with University colleagues.",
    )
    add(
        T.MEETING,
        "Meeting with senior University representatives and the Civic Data Cooperative",
        DAY2,
        "13:15",
        "14:30",
        "FC",
        {**dict.fromkeys(campus, K.PARTICIPANT), "marsh": K.CHAIR, "lloyd": K.PRESENTER, "seo": K.INTERPRETER},
        room_name="Leverhulme Suite",
        public="The University as an anchor institution, its Net Zero targets, and a presentation of the Civic "
        "Data Cooperative.",
        restricted="Busan may raise a joint research-funding bid; the University's position is to welcome it "
        "in principle only.",
        cleared=True,
    )
    add(
        T.TRANSFER,
        "Transfer: Foresight Centre to Manchester Airport (Mayor)",
        DAY2,
        "14:45",
        "15:50",
        "MAN",
        riders(["park", "kim", "seo"], "hughes"),
        origin="FC",
        vehicle=car,
    )
    add(
        T.TRANSFER,
        "Transfer: Foresight Centre to Manchester Airport (delegation)",
        DAY2,
        "14:45",
        "15:50",
        "MAN",
        riders(["lee", "choi", "jung", "okafor"], "nair"),
        origin="FC",
        vehicle=bus,
    )
    add(
        T.OTHER,
        "Farewell and departure",
        DAY2,
        "16:00",
        "16:30",
        "MAN",
        PARTY,
        public="Farewell at the Terminal 2 VIP suite.",
    )
    seoul = zone("Asia/Seoul")
    delegation = tuple(att[k] for k in VISITING)
    travel.create_leg(  # Incheon to Manchester: 14 h 30 min
        session,
        visit_id,
        TravelLegData(
            LegDirection.ARRIVAL,
            JourneyMode.FLIGHT,
            local_datetime(DAY1, time(1, 45), seoul),
            at(DAY1, "08:15"),
            "Asia/Seoul",
            "Europe/London",
            delegation,
            carrier="Korean Air",
            number="KE 9021",
            from_place="Seoul Incheon (ICN)",
            from_terminal="T2",
            to_place="Manchester Airport (MAN)",
            to_terminal="T2",
            venue_id=venue["MAN"],
            met_by_attendee_id=att["marsh"],
            notes="Fictional flight number. Met at the aircraft door; VIP fast-track.",
        ),
    )
    travel.create_leg(  # Manchester to Incheon: 11 h
        session,
        visit_id,
        TravelLegData(
            LegDirection.DEPARTURE,
            JourneyMode.FLIGHT,
            at(DAY2, "18:00"),
            local_datetime(DAY2 + timedelta(days=1), time(13, 0), seoul),
            "Europe/London",
            "Asia/Seoul",
            delegation,
            carrier="Korean Air",
            number="KE 9022",
            from_place="Manchester Airport (MAN)",
            from_terminal="T2",
            to_place="Seoul Incheon (ICN)",
            to_terminal="T2",
            venue_id=venue["MAN"],
            met_by_attendee_id=att["okafor"],
            notes="Fictional flight number. Seen off by the International Relations Officer.",
        ),
    )
    mou = session.scalars(
        select(Engagement.id).where(Engagement.visit_id == visit_id, Engagement.title == "MOU signing ceremony")
    ).one()
    gifts.create_gift(  # the exchange after signing (restricted notes of the ceremony), both ways
        session,
        visit_id,
        GiftData(
            "Celadon vase (Goryeo-style, in a paulownia box)",
            giver_attendee_id=att["park"],
            recipient_attendee_id=att["rotheram"],
            engagement_id=mou,
            value=450_000,
            currency="KRW",
            status=GiftStatus.PLANNED,
            notes="Busan's gift to the City Region; to be declared on receipt (valued by Busan City Hall).",
        ),
    )
    gifts.create_gift(
        session,
        visit_id,
        GiftData(
            "Liver Bird sculpture (silver-plated, on a slate base)",
            giver_attendee_id=att["rotheram"],
            recipient_attendee_id=att["park"],
            engagement_id=mou,
            value=12_000,
            currency="GBP",
            status=GiftStatus.BOUGHT,
            notes="Engraved with the date of signing.",
        ),
    )
    tasks.add_tasks_from_template(session, visit_id)
    for row in tasks.read_tasks(session, visit_id):
        if row.data.title in DEMO_DONE_TASKS:  # what the office had done when the demo was written
            tasks.update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    return Changes.of_created(Entity.VISIT, visit_id)
