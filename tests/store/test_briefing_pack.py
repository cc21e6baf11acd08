"""The briefing pack read back with pypdf: content, hostile text, editions and their classes, fonts,
pages, bookmarks."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import String, Text
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.editions import default_editions
from visitplanner.domain.enums import (
    AttendancePart,
    EngagementKind,
    JourneyMode,
    LegDirection,
    NameOrder,
    Privacy,
    Role,
    Side,
)
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import local_datetime, zone
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    OrganisationData,
    PersonData,
    RoomData,
    TravelLegData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.briefing import Section, build_briefing_pack, write_briefing_pack
from visitplanner.exporters.pdf_fonts import fonts
from visitplanner.services import (
    attendees,
    editions,
    engagements,
    issues,
    organisations,
    people,
    travel,
    vehicles,
    venues,
    visits,
)
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.services.editions import editions_of
from visitplanner.store.database import Database
from visitplanner.store.issues import issue_of
from visitplanner.store.models import Base, Visit
from visitplanner.store.queries import attendees_of, engagements_of, find_visit

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
TAG = "7f3"

#: One canary per text column that is not public, and per kind of row whose class is not public
#: (an engagement not cleared for release, a transfer and the hotel it goes to): each must appear
#: exactly in the editions showing its class.
CANARIES: dict[str, str] = {
    "person.email": f"canary-email-{TAG}@example.org",
    "person.phone": f"CANARY-PHONE-{TAG}",
    "person.languages": f"canary-lang-{TAG}",
    "person.dietary": f"CANARY-DIETARY-{TAG}",
    "person.access_needs": f"CANARY-ACCESS-{TAG}",
    "person.notes": f"CANARY-PERSON-NOTE-{TAG}",
    "attendee.arrival": f"CANARY-ARRIVAL-{TAG}",
    "attendee.departure": f"CANARY-DEPARTURE-{TAG}",
    "venue.access_notes": f"CANARY-ACCESS-NOTES-{TAG}",
    "venue.site_contact": f"CANARY-SITE-CONTACT-{TAG}",
    "venue.site_contact_phone": f"CANARY-SITE-PHONE-{TAG}",
    "room.notes": f"CANARY-ROOM-NOTE-{TAG}",
    "vehicle.label": f"CANARY-CAR-{TAG}",
    "vehicle.registration": f"CANARY-REG-{TAG}",
    "vehicle.notes": f"CANARY-VEHICLE-NOTE-{TAG}",
    "engagement.restricted_notes": f"CANARY-RESTRICTED-NOTE-{TAG}",
    "engagement.guest_label": f"CANARY-GUESTS-{TAG}",
    "briefing_issue.issued_by": f"CANARY-ISSUER-{TAG}",
    "travel_leg.carrier": f"CANARY-CARRIER-{TAG}",
    "travel_leg.number": f"CANARY-NUMBER-{TAG}"[:40],
    "travel_leg.from_place": f"CANARY-FROM-{TAG}",
    "travel_leg.from_terminal": f"CANARY-FT-{TAG}"[:40],
    "travel_leg.to_place": f"CANARY-TO-{TAG}",
    "travel_leg.to_terminal": f"CANARY-TT-{TAG}"[:40],
    "travel_leg.notes": f"CANARY-LEG-NOTES-{TAG}",
    # enum and zone columns print as words the canary visit has nowhere else ("Departure by
    # train: ..."; the flattened text has no spaces)
    "travel_leg.direction": "Departureby",
    "travel_leg.mode": "bytrain:",
    "travel_leg.departs_zone": "Ushuaia",
    "travel_leg.arrives_zone": "Chatham",
    "briefing_edition.distribution": f"CANARY-DISTRIBUTION-{TAG}",
    "engagement (not public)": f"CANARY-INTERNAL-TITLE-{TAG}",
    "engagement (transfer)": f"CANARY-TRANSFER-TITLE-{TAG}",
    "venue (the hotel)": f"CANARY-HOTEL-{TAG}",
}
#: Non-public columns no briefing edition prints at all, and why.
NOT_PRINTED: dict[str, str] = {
    **dict.fromkeys(
        ("readiness_task." + c for c in ("title", "owner", "due_anchor", "status", "watch", "notes", "done_on")),
        "the readiness checklist is the office's, not the delegation's",
    ),
    **dict.fromkeys(
        ("task_template." + c for c in ("title", "owner", "due_anchor", "watch", "notes")),
        "the office's task template",
    ),
    **dict.fromkeys(
        ("sheet_mapping." + c for c in ("key", "targets")),
        "the spreadsheet mappings are the import's memory, not the visit's",
    ),
    **dict.fromkeys(
        ("gift." + c for c in ("description", "currency", "photo", "status", "notes")),
        "the gift register is a document of its own (visitplanner gifts)",
    ),
    **dict.fromkeys(
        ("invitation_sent." + c for c in ("address", "name", "method", "digest")),
        "the record of invitations sent is the office's, shown in the Invitations view",
    ),
    **dict.fromkeys(
        ("invitation_reply." + c for c in ("address", "partstat")),
        "replies are shown in the Invitations view and the Attendees tab, not printed",
    ),
    **dict.fromkeys(
        ("caldav_copy." + c for c in ("calendar", "href", "etag", "digest")),
        "bookkeeping of what a CalDAV server holds, never printed",
    ),
    **dict.fromkeys(
        ("engagement_guest." + c for c in ("label", "side")),
        "guests' own entries are printed on the seating chart and the caterer sheet, not in the briefing pack "
        "(which gives an engagement's guests by its guest_label)",
    ),
    **dict.fromkeys(
        ("office_setting." + c for c in ("name", "value")),
        "the office's limits the checks apply: shown by Edit ▸ Office limits… and visitplanner limits",
    ),
}
#: The class of the rows behind the canaries that are not columns.
ROW_CLASSES = {
    "engagement (not public)": Privacy.INTERNAL,
    "engagement (transfer)": Privacy.MOVEMENTS,
    "venue (the hotel)": Privacy.MOVEMENTS,
}
#: Non-public text columns holding a vocabulary, which cannot hold a canary.
VOCABULARY_COLUMNS = {"briefing_edition.classes", "attendee.document_language"}


def canary_class(key: str) -> Privacy:
    if key in ROW_CLASSES:
        return ROW_CLASSES[key]
    table, column = key.split(".")
    privacy = Base.metadata.tables[table].columns[column].info["privacy"]
    assert isinstance(privacy, Privacy)
    return privacy


EDITION_NAMES = ("Host", "Delegation", "Public")
#: Text in the public columns that reportlab's markup parser would eat, garble or act on.
HOSTILE = {
    "visit.title": "Visit <of> Kim & Lee",
    "visit.marking": "OFFICIAL <SENSITIVE> & more",
    "organisation.name": "Kim & Lee <Ltd>",
    "person.family_name": "Kim & Lee <Ltd>",
    "person.given_names": "</para>",
    "person.title": "R&D <Director>",
    "person.form_of_address": "<b>unclosed",
    "person.biography": "<img src=/etc/passwd> reads & writes",
    "venue.name": "Hall <A> & B",
    "venue.address": "1 <Main> St & Co",
    "room.name": "Room <1>",
    "engagement.title": "Signing <MOU> & dinner",
    "engagement.public_notes": "<img src=x> then </para> and <b>unclosed",
    "engagement.dress_code": "Black & white <tie>",
}
EMOJI, HEBREW, ARABIC = "😀", "עברית", "مرحبا"


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class Pdf:
    """A generated PDF and what pypdf reads from it."""

    data: bytes
    pages: list[str]
    outline: list[tuple[str, int, int]]  # (title, level, page index)
    metadata: dict[str, str]
    annotations: list[str]  # every string of every link annotation (URIs, destinations, contents)

    @classmethod
    def of(cls, data: bytes) -> Pdf:
        reader = PdfReader(io.BytesIO(data))
        outline: list[tuple[str, int, int]] = []

        def walk(items: list[Any], level: int) -> None:
            for entry in items:
                if isinstance(entry, list):
                    walk(entry, level + 1)
                else:
                    outline.append((entry.title, level, reader.get_destination_page_number(entry)))

        walk(reader.outline, 0)
        meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
        annotations: list[str] = []

        def strings(value: Any, depth: int = 0) -> None:
            value = value.get_object() if hasattr(value, "get_object") and depth < 6 else value
            if isinstance(value, str):
                annotations.append(str(value))
            elif isinstance(value, dict) and depth < 6:
                for key, item in value.items():
                    if key not in ("/P", "/Parent"):
                        strings(item, depth + 1)
            elif isinstance(value, list) and depth < 6:
                for item in value:
                    strings(item, depth + 1)

        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                strings(annotation)
        return cls(data, [p.extract_text() for p in reader.pages], outline, meta, annotations)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text without whitespace (pypdf breaks lines where reportlab wrapped them)."""
        return squash(self.text)

    def everything(self) -> str:
        """Text, metadata, outline titles and link annotations, without whitespace."""
        return (
            self.flat
            + squash(" ".join(self.metadata.values()))
            + squash(" ".join(t for t, _, _ in self.outline))
            + squash(" ".join(self.annotations))
        )


def build_canary_visit(session: Session) -> dict[str, int]:
    """A visit with a canary in every non-public column and hostile text in public ones; an issue is
    recorded (by the canary issuer) and the plan changed after it, so the draft lists the change."""
    h, c = HOSTILE, CANARIES
    org = organisations.create_organisation(
        session, OrganisationData(h["organisation.name"], "<b>unclosed 부산", "Korea")
    ).created_id(Entity.ORGANISATION)
    visit = visits.create_visit(
        session,
        VisitData(
            h["visit.title"],
            "canary-visit",
            date(2027, 5, 11),
            date(2027, 5, 12),
            "Europe/London",
            "Asia/Seoul",
            org,
            org,
            purpose="Purpose with <b>unclosed & </para>\nsecond line",
            objectives="1. First <objective> & more\n2. Second",
            marking=h["visit.marking"],
        ),
    ).created_id(Entity.VISIT)

    def person(family: str, role: Role, side: Side, suffix: str = "", **extra: str) -> int:
        data = PersonData(
            family,
            h["person.given_names"] if not suffix else f"Given{suffix}",
            native_name=f"박형준 {EMOJI} {HEBREW} {ARABIC}" if not suffix else "",
            name_order=NameOrder.FAMILY_FIRST,
            honorific="Dr",
            form_of_address=h["person.form_of_address"],
            title=h["person.title"],
            organisation_id=org,
            email=extra.get("email", f"p{suffix}@example.org"),
            phone=extra.get("phone", ""),
            languages=extra.get("languages", ""),
            dietary=extra.get("dietary", ""),
            access_needs=extra.get("access_needs", ""),
            biography=h["person.biography"],
            notes=extra.get("notes", ""),
        )
        person_id = people.create_person(session, data).created_id(Entity.PERSON)
        return attendees.add_attendee(
            session,
            visit,
            AttendeeData(
                person_id,
                side,
                role,
                arrival=extra.get("arrival", ""),
                departure=extra.get("departure", ""),
            ),
        ).created_id(Entity.ATTENDEE)

    guest = person(
        h["person.family_name"],
        Role.PRINCIPAL,
        Side.VISITING,
        email=c["person.email"],
        phone=c["person.phone"],
        languages=c["person.languages"],
        dietary=c["person.dietary"],
        access_needs=c["person.access_needs"],
        notes=c["person.notes"],
        arrival=c["attendee.arrival"],
        departure=c["attendee.departure"],
    )
    host = person("Hostington", Role.HOST, Side.HOST, "H")
    liaison = person("Liaise", Role.LIAISON, Side.STAFF, "L", phone=f"CANARY-LIAISON-PHONE-{TAG}")
    driver = person("Drivewell", Role.DRIVER, Side.STAFF, "D", phone=f"CANARY-DRIVER-PHONE-{TAG}")
    travel.create_leg(
        session,
        visit,
        TravelLegData(
            LegDirection.DEPARTURE,
            JourneyMode.TRAIN,
            local_datetime(date(2027, 5, 12), time(18), zone("America/Argentina/Ushuaia")),
            local_datetime(date(2027, 5, 14), time(9), zone("Pacific/Chatham")),
            "America/Argentina/Ushuaia",
            "Pacific/Chatham",
            (guest,),
            carrier=c["travel_leg.carrier"],
            number=c["travel_leg.number"],
            from_place=c["travel_leg.from_place"],
            from_terminal=c["travel_leg.from_terminal"],
            to_place=c["travel_leg.to_place"],
            to_terminal=c["travel_leg.to_terminal"],
            notes=c["travel_leg.notes"],
        ),
    )
    hall = venues.create_venue(
        session,
        VenueData(
            h["venue.name"],
            "HALL",
            h["venue.address"],
            access_notes=c["venue.access_notes"],
            site_contact=c["venue.site_contact"],
            site_contact_phone=c["venue.site_contact_phone"],
            description="<b>Described</b> & <i>",
        ),
    ).created_id(Entity.VENUE)
    room = venues.add_room(session, hall, RoomData(h["room.name"], 20, c["room.notes"])).created_id(Entity.ROOM)
    hotel = venues.create_venue(session, VenueData(c["venue (the hotel)"], "HOTEL-C", "2 Quay")).created_id(
        Entity.VENUE
    )
    car = vehicles.create_vehicle(
        session, visit, VehicleData(c["vehicle.label"], 4, driver, c["vehicle.registration"], c["vehicle.notes"])
    ).created_id(Entity.VEHICLE)
    tz = zone("Europe/London")

    def at(day: int, hhmm: str) -> datetime:
        return local_datetime(date(2027, 5, 11) + timedelta(days=day), time.fromisoformat(hhmm), tz)

    everyone = (
        AttendanceData(guest, AttendancePart.SIGNATORY),
        AttendanceData(host, AttendancePart.SIGNATORY),
        AttendanceData(liaison, AttendancePart.SUPPORT),
    )
    meeting = engagements.create_engagement(
        session,
        visit,
        EngagementPlan(
            EngagementData(
                EngagementKind.CEREMONY,
                h["engagement.title"],
                at(0, "10:00"),
                at(0, "11:00"),
                hall,
                room,
                public_notes=h["engagement.public_notes"],
                restricted_notes=c["engagement.restricted_notes"],
                dress_code=h["engagement.dress_code"],
                is_public=True,
                guest_count=2,
                guest_label=c["engagement.guest_label"],
            ),
            everyone,
        ),
    ).created_id(Entity.ENGAGEMENT)
    engagements.create_engagement(
        session,
        visit,
        EngagementPlan(
            EngagementData(
                EngagementKind.MEAL, c["engagement (not public)"], at(0, "12:00"), at(0, "13:00"), hall, room
            ),
            everyone,
        ),
    )
    engagements.create_engagement(
        session,
        visit,
        EngagementPlan(
            EngagementData(
                EngagementKind.TRANSFER,
                c["engagement (transfer)"],
                at(1, "09:00"),
                at(1, "09:30"),
                hotel,
                None,
                hall,
                car,
            ),
            (AttendanceData(guest, AttendancePart.PASSENGER), AttendanceData(driver, AttendancePart.DRIVER)),
        ),
    )
    host_edition, *others = editions_of(session, visit)
    distribution = (c["briefing_edition.distribution"], "Hostington GivenH, Host")
    editions.set_editions(session, visit, [replace(host_edition, distribution=distribution), *others])
    issues.record_issue(session, visit, now=NOW - timedelta(days=1), issued_by=c["briefing_issue.issued_by"])
    engagements.move_engagement(session, meeting, at(0, "10:30"))
    return {"visit": visit, "guest": guest, "host": host, "driver": driver, "liaison": liaison}


@dataclass(frozen=True)
class Packs:
    demo_host: Pdf
    demo_delegation: Pdf
    demo_public: Pdf
    canary_host: Pdf
    canary_delegation: Pdf
    canary_public: Pdf
    titles: list[str]
    public_titles: list[str]
    names: list[tuple[str, str]]  # (romanised, native) of every demo attendee


@pytest.fixture(scope="module")
def packs(database: Database) -> Iterator[Packs]:
    """Both editions of the demo and of the canary visit, made once per backend (then rolled back)."""
    connection = database.engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        build_demo(session)
        demo = find_visit(session, SLUG).id
        canary = build_canary_visit(session)["visit"]

        def pack(visit_id: int, edition: str, draft: bool) -> Pdf:
            return Pdf.of(build_briefing_pack(session, visit_id, edition=edition, draft=draft, now=NOW))

        result = Packs(
            demo_host=pack(demo, "Host", False),
            demo_delegation=pack(demo, "Delegation", False),
            demo_public=pack(demo, "public", False),  # the name the command line used before editions
            canary_host=pack(canary, "restricted", True),
            canary_delegation=pack(canary, "delegation", True),
            canary_public=pack(canary, "Public", True),
            titles=[e.title for e in engagements_of(session, demo)],
            public_titles=[e.title for e in engagements_of(session, demo) if e.is_public],
            names=[(a.person.name.romanised, a.person.name.native_name) for a in attendees_of(session, demo)],
        )
    finally:
        session.close()
        transaction.rollback()
        connection.close()
    yield result


EDITIONS = ["demo_host", "demo_public"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_engagement_the_edition_shows_and_every_attendee_of_the_demo_appears(packs: Packs, edition: str) -> None:
    pdf: Pdf = getattr(packs, edition)
    assert len(packs.titles) >= 20 and 3 <= len(packs.public_titles) < len(packs.titles)
    for title in packs.titles if edition == "demo_host" else packs.public_titles:
        assert squash(title) in pdf.flat, title
    if edition == "demo_public":
        for title in set(packs.titles) - set(packs.public_titles):
            assert squash(title) not in pdf.everything(), title
    drivers = {"Daniel Hughes", "Priya Nair"}
    for romanised, native in packs.names:
        if edition == "demo_public" and romanised in drivers:  # who drives is a movement
            assert squash(romanised) not in pdf.everything(), romanised
            continue
        assert squash(romanised) in pdf.flat, romanised
        if native:
            assert native in pdf.text, native
    for must in (
        "박형준",
        "Steve Rotheram",
        "MOU signing ceremony",
        "Digital Innovation Facility",
        "Materials Innovation Factory",
        "부산광역시",
    ):
        assert squash(must) in pdf.flat, must


def test_times_are_given_in_london_and_in_seoul(packs: Packs) -> None:
    text = packs.demo_host.text
    assert "London" in text and "Seoul" in text and "BST" in text and "KST" in text
    assert "15:15–16:00" in text and "23:15–Wed 00:00" in text  # the MOU signing, both zones
    assert "09:15–10:15" in text and "17:15–18:15" in text  # the DIF tour


def test_the_signing_card_gives_the_receiving_line_photo_line_up_and_signing_order(packs: Packs) -> None:
    flat = packs.demo_host.flat
    assert squash("Receiving line 1. Steve Rotheram, 2. Park Heong-Joon, 3. Helen Marsh, 4. Kim Min-seo") in flat
    assert squash("left to right: Choi Yu-na, Lee Ji-hoon, Kim Min-seo, Park Heong-Joon, Steve Rotheram, Helen") in flat
    # each side signs its own copy first
    assert squash("1. Park Heong-Joon signs the Busan Metropolitan City copy (witness: Kim Min-seo)") in flat
    assert squash("2. Park Heong-Joon signs the Liverpool City Region Combined Authority copy") in flat
    # the press call: the host speaks first, the chief guest replies
    assert squash("Speaking order 1. Steve Rotheram, 2. Park Heong-Joon") in flat


#: Two times joined by anything but the en dash ("09:00-10:00", "09:00—10:00", "09:00 - 10:00").
MISDASHED = re.compile(r"\d{1,2}:\d\d\s*[-—−]\s*\d{1,2}:\d\d")


def test_no_character_is_drawn_without_a_glyph(packs: Packs) -> None:
    """A character set in a face that lacks it extracts as NUL (e.g. "→" in Noto Sans)."""
    for name in ("demo_host", "demo_delegation", "demo_public", "canary_host", "canary_public"):
        assert "\x00" not in getattr(packs, name).text, name


def test_places_and_time_ranges_are_written_as_everywhere_else(packs: Packs) -> None:
    for pdf in (packs.demo_host, packs.demo_public, packs.canary_host):
        assert not MISDASHED.findall(pdf.text)
        assert re.search(r"\d\d:\d\d–\d\d:\d\d", pdf.text)  # the scan sees ranges at all
    flat = packs.demo_host.flat
    assert squash("Meeting Room 1, Pullman Liverpool") in flat  # room first, as in the app
    assert squash("Pullman Liverpool → No 1 Mann Island (Combined Authority)") in flat
    assert MISDASHED.findall("09:00-10:00") and MISDASHED.findall("09:00 — 10:00")


@pytest.mark.parametrize("edition", ["canary_host", "canary_public"])
def test_hostile_text_in_every_public_field_prints_literally(packs: Packs, edition: str) -> None:
    pdf: Pdf = getattr(packs, edition)
    for column, hostile in HOSTILE.items():
        if column == "visit.marking" and edition == "canary_public":
            continue  # the visit's marking is the host edition's; a public edition has none
        assert squash(hostile) in pdf.flat, column
    assert "<b>unclosed부산" in pdf.flat  # the organisation's native name
    assert squash("Purpose with <b>unclosed & </para>") in pdf.flat
    assert "<b>Described</b>&<i>" in pdf.flat


def test_other_scripts_and_emoji_survive(packs: Packs) -> None:
    text = packs.canary_public.text
    assert "박형준" in text
    if fonts().fallback:  # emoji come from the machine's fallback font (DejaVu Sans)
        assert EMOJI in text
    # right-to-left words come back in reading or in drawing order, depending on the extractor;
    # Arabic is shaped (joined), so it comes back as presentation forms, which NFKC folds back
    folded = unicodedata.normalize("NFKC", text)
    for word in (HEBREW, ARABIC):
        assert word in folded or word[::-1] in folded, word
    assert ARABIC not in text and ARABIC[::-1] not in text  # not its unjoined letters


def test_every_non_public_text_column_has_a_canary() -> None:
    """Adding a non-public column without a canary here would leave it untested."""
    columns = {
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if c.info["privacy"] is not Privacy.PUBLIC and isinstance(c.type, String | Text)
    }
    assert columns - VOCABULARY_COLUMNS == (set(CANARIES) - set(ROW_CLASSES)) | set(NOT_PRINTED)
    assert {canary_class(key) for key in CANARIES} == set(Privacy) - {Privacy.PUBLIC}  # every class planted


def edition_classes(name: str) -> frozenset[Privacy]:
    return next(e.classes for e in default_editions("OFFICIAL-SENSITIVE") if e.name == name)


@pytest.mark.parametrize("canary", sorted(CANARIES))
def test_each_canary_appears_exactly_in_the_editions_showing_its_class(packs: Packs, canary: str) -> None:
    """Text, metadata, bookmarks and link annotations of every edition; the host edition shows
    every class, so every canary must be printed there (a canary never printed proves nothing)."""
    value, privacy = CANARIES[canary], canary_class(canary)
    assert value in packs.canary_host.flat, canary
    for name in EDITION_NAMES:
        pdf: Pdf = getattr(packs, f"canary_{name.lower()}")
        if privacy not in edition_classes(name):
            assert value not in pdf.everything(), (canary, name)
        for where in (pdf.metadata.values(), pdf.annotations):  # never in metadata or links
            assert value not in squash(" ".join(where)), (canary, name)


@pytest.mark.parametrize("name", EDITION_NAMES)
@pytest.mark.parametrize("privacy", [p for p in Privacy if p is not Privacy.PUBLIC])
def test_each_class_appears_in_every_edition_showing_it(packs: Packs, name: str, privacy: Privacy) -> None:
    pdf: Pdf = getattr(packs, f"canary_{name.lower()}")
    found = [key for key, value in CANARIES.items() if canary_class(key) is privacy and value in pdf.flat]
    assert bool(found) == (privacy in edition_classes(name)), (privacy, name, found)


def test_the_canary_packs_have_link_annotations_to_check(packs: Packs) -> None:
    assert packs.canary_host.annotations  # the contents link to their pages


def test_the_public_edition_leaves_out_phones_vehicles_and_demo_restricted_data(packs: Packs) -> None:
    public = packs.demo_public.everything()
    for secret in (
        "+82510000001",
        "+447700900104",
        "Nopork",
        "Vegetarian",
        "Halal",
        "Wheelchair",
        "LV27ABC",
        "Giftexchange",
        "FlightKE9021",
        "VIPServices",
        "VIPfast-track",
        "mayor.office@busan.example",
        "Car1(Mayor)",
        "Deliberately",
    ):
        assert secret not in public, secret
    for movement in ("Pullman", "ManchesterAirport", "Transfer:", "Hotelcheck-in", "DanielHughes", "PriyaNair"):
        assert movement not in public, movement
    assert "OFFICIAL" not in public  # no protective marking at all
    restricted = packs.demo_host.flat
    for shown in ("+82510000001", "Nopork", "LV27ABC", "Giftexchange", "Wheelchair", "Pullman"):
        assert shown in restricted, shown
    assert "PUBLICEDITION" in packs.demo_public.flat and "HOSTEDITION" in restricted


def test_every_font_is_embedded(packs: Packs, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for name in ("demo_host", "canary_public"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(getattr(packs, name).data)
        result = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        rows = result.stdout.splitlines()[2:]
        assert rows and result.stderr == "", result.stderr
        assert any("NanumGothic" in row for row in rows) and any("NanumGothicBold" in row for row in rows)
        for row in rows:
            assert row.split()[-5] == "yes", row  # the "emb" column


@pytest.mark.parametrize("edition", ["demo_host", "canary_host", "canary_public"])
def test_page_x_of_y_and_the_marking_on_every_page(packs: Packs, edition: str) -> None:
    pdf: Pdf = getattr(packs, edition)
    total = len(pdf.pages)
    marking = "OFFICIAL-SENSITIVE" if edition.startswith("demo") else squash(HOSTILE["visit.marking"])
    for number, page in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in page
        if edition == "canary_public":
            assert marking not in squash(page), number  # a public edition carries no marking
        else:
            assert squash(page).count(marking) >= 2, number  # top and bottom


def test_page_count_is_sane(packs: Packs) -> None:
    assert 12 <= len(packs.demo_host.pages) <= 30
    assert len(packs.demo_public.pages) <= len(packs.demo_host.pages)


def test_bookmarks_for_every_section_and_day(packs: Packs) -> None:
    outline = packs.demo_host.outline
    top = [title for title, level, _ in outline if level == 0]
    # never issued: nothing to compare with, so no (empty) changes section
    assert top == ["Cover", *(s.heading for s in Section if s not in (Section.COVER, Section.CHANGES))]
    canary = [title for title, level, _ in packs.canary_host.outline if level == 0]  # a draft after issue 1
    assert canary == ["Cover", *(s.heading for s in Section if s is not Section.COVER)]
    days = [title for title, level, _ in outline if level == 1 and title.startswith("Day ")]
    assert days.count("Day 1: Tuesday 11 May 2027") == 2 and days.count("Day 2: Wednesday 12 May 2027") == 2
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages)


def test_contents_show_the_pages_the_bookmarks_point_to(packs: Packs) -> None:
    pdf = packs.demo_host
    contents = next(page for page in pdf.pages if "Contents" in page and "Participants" in page)
    for title, _level, page in pdf.outline:
        if title in {s.heading for s in Section} - {"Contents", "Cover and distribution"}:
            match = re.search(re.escape(title) + r"[\s.]*(\d+)", contents)
            assert match is not None, title
            assert int(match.group(1)) == page + 1, title
            assert squash(title) in squash(pdf.pages[page])


def test_metadata_names_the_visit_and_edition_only(packs: Packs) -> None:
    meta = packs.demo_public.metadata
    assert meta["/Author"] == "VisitPlanner"
    assert meta["/Title"].startswith("Visit of the Mayor of Busan")
    assert "Public edition" in meta["/Subject"] and "Issue" not in meta["/Subject"]  # never issued: a draft
    assert "DRAFT" in packs.demo_public.pages[0]


def test_draft_of_the_canary_visit_lists_the_move_since_issue_one(packs: Packs) -> None:
    restricted = packs.canary_host
    assert "DRAFT (after Issue 1)" in restricted.text
    assert "Moved" in restricted.text and squash("Tue 11 May 10:00–11:00") in restricted.flat
    assert squash("Tue 11 May 10:30–11:30") in restricted.flat


# -- single builds (function-scoped session) -----------------------------------------------------------


def test_the_same_plan_and_time_give_the_same_file(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    first = build_briefing_pack(session, visit, sections={"cover", "contents", "glance"}, now=NOW)
    assert build_briefing_pack(session, visit, sections={"cover", "contents", "glance"}, now=NOW) == first
    assert PdfReader(io.BytesIO(first)).metadata["/CreationDate"].startswith("D:20270510090000")


def test_a_subset_of_sections(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    pdf = Pdf.of(build_briefing_pack(session, visit, sections={"participants", "venues"}, now=NOW))
    assert [title for title, level, _ in pdf.outline if level == 0] == ["Participants", "Venues"]
    assert "Participants" in pdf.pages[0] and "Contents" not in pdf.text
    with pytest.raises(UserError, match="sections"):
        build_briefing_pack(session, visit, sections={"gossip"}, now=NOW)
    with pytest.raises(UserError, match="edition"):
        build_briefing_pack(session, visit, edition="secret", now=NOW)


def test_progress_reaches_the_end_and_cancel_writes_nothing(session: Session, tmp_path: Path) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    seen: list[tuple[int, int]] = []
    write_briefing_pack(session, visit, tmp_path / "pack.pdf", now=NOW, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert (tmp_path / "pack.pdf").stat().st_mode & 0o077 == 0  # restricted: owner only
    calls = iter(range(1000))
    with pytest.raises(WorkCancelled):
        write_briefing_pack(session, visit, tmp_path / "cancelled.pdf", now=NOW, cancelled=lambda: next(calls) > 5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_very_long_notes_and_biographies_flow_across_pages(
    session: Session, create_visit, create_attendee, create_engagement
) -> None:
    visit = create_visit()
    sentence = "A long paragraph & <more> of notes. "
    long_text = (sentence * 40 + "\n") * 14  # about 20,000 characters

    def field(marker: str) -> str:
        return long_text[:19_950] + f" {marker}"

    attendee = create_attendee(visit, "Longbio")
    create_engagement(
        visit,
        "Long",
        attendee_ids=(attendee,),
        public_notes=field("END-PUBLIC"),
        restricted_notes=field("END-RESTRICTED"),
    )
    attendees_of(session, visit)[0].person.biography = field("END-BIOGRAPHY")
    session.flush()
    pdf = Pdf.of(build_briefing_pack(session, visit, now=NOW))
    for marker in ("END-PUBLIC", "END-RESTRICTED", "END-BIOGRAPHY"):
        assert marker in pdf.text
    expected = 3 * field("").count(sentence.strip())
    # a sentence cut by a page break is interleaved with the page's footer and header
    assert expected - len(pdf.pages) <= pdf.flat.count(squash(sentence)) <= expected
    assert len(pdf.pages) < 30  # about 4,000 characters a page, not a few lines


def test_the_host_edition_lists_host_staff_only_with_numbered_copies_recorded_with_the_issue(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    host, *others = editions_of(session, visit)
    with pytest.raises(UserError, match="visiting side"):
        editions.set_editions(
            session, visit, [replace(host, distribution=("Office of the Mayor", "Park Heong-joon")), *others]
        )
    issues.record_issue(session, visit, now=NOW)
    record = session.get(Visit, visit)
    assert record is not None
    recorded = issue_of(session, visit, 1)
    assert recorded is not None and set(recorded.copies) == {"Host"}  # only the numbered edition
    copies = recorded.copies["Host"]
    visiting = [a.person.name.display for a in attendees_of(session, visit) if a.side is Side.VISITING]
    assert copies and not any(name in line for line in copies for name in visiting)
    pdf = Pdf.of(build_briefing_pack(session, visit, edition="Host", copy=3, now=NOW))
    label = f"Copy 3 of {len(copies)} — {copies[2]}"
    assert all(squash(label) in squash(page) for page in pdf.pages[1:])
    assert squash(f"3 of {len(copies)}") in squash(pdf.pages[0])  # the cover's numbered list
    # a later change to the list does not renumber the copies already issued
    editions.set_editions(session, visit, [replace(host, distribution=("Chief of staff",)), *others])
    again = Pdf.of(build_briefing_pack(session, visit, edition="Host", copy=3, now=NOW))
    assert squash(label) in squash(again.pages[1])
    with pytest.raises(UserError, match="copy"):
        build_briefing_pack(session, visit, edition="Host", copy=len(copies) + 1, now=NOW)
    with pytest.raises(UserError, match="copy"):
        build_briefing_pack(session, visit, edition="Public", copy=1, now=NOW)


def test_a_visit_across_the_end_of_summer_time_says_so_on_the_cover_and_every_page(session: Session) -> None:
    visit = visits.create_visit(
        session,
        VisitData("Autumn visit", "autumn", date(2026, 10, 23), date(2026, 10, 27), "Europe/London", "Asia/Seoul"),
    ).created_id(Entity.VISIT)
    pdf = Pdf.of(build_briefing_pack(session, visit, now=NOW))
    note = squash("London: BST (UTC+1) until Sun 25 Oct, then GMT (UTC+0); Seoul: KST (UTC+9)")
    assert note in squash(pdf.pages[0])
    assert all(note in squash(page) for page in pdf.pages[1:])  # under the running header
    steady = Pdf.of(build_briefing_pack(session, visits_id_of(session, "autumn-steady"), now=NOW))
    assert "until" not in steady.pages[1]


def visits_id_of(session: Session, slug: str) -> int:
    return visits.create_visit(
        session, VisitData("Steady", slug, date(2027, 5, 11), date(2027, 5, 12), "Europe/London", "Asia/Seoul")
    ).created_id(Entity.VISIT)


def test_the_run_sheet_lists_each_days_arrivals_and_departures_where_movements_show(packs: Packs) -> None:
    arrival = squash("ARRIVALFlight KE 9021 lands 08:15 MAN T2 · Park Heong-Joon, Kim Min-seo")
    departure = squash("DEPARTUREFlight KE 9022 takes off 18:00 MAN T2")
    for pdf in (packs.demo_host, packs.demo_delegation):  # both show the movements class
        sheet = pdf.flat[pdf.flat.rindex(squash("Day-by-day run sheet")) :]  # past the contents
        assert sheet.index(squash("Day 1: Tuesday")) < sheet.index(arrival) < sheet.index(squash("Day 2: Wednesday"))
        assert sheet.index(squash("Day 2: Wednesday")) < sheet.index(departure)
    assert "KE9021" not in packs.demo_public.flat and "ARRIVAL" not in packs.demo_public.flat
