"""Calendar export from the database: scopes, methods, privacy, determinism and updates, on both backends.

The golden file (golden/tiny-publish.ics.golden) is rewritten only by hand: run this module with
VISITPLANNER_UPDATE_GOLDEN=1, review the diff, commit. That run skips the test instead of passing it,
and with CI set (CI=true) the variable is refused: in CI a missing or different golden file fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import AttendancePart, EngagementKind, NameOrder, Role, Side
from visitplanner.domain.errors import StorageError, UserError
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VehicleData,
)
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.ical import (
    Organiser,
    cancel_path,
    default_organiser,
    export_calendar,
    export_calendars,
    write_calendar,
)
from visitplanner.services import attendees, engagements, people, vehicles
from visitplanner.store.models import Engagement
from visitplanner.store.queries import attendees_of

NOW = datetime(2027, 5, 1, 9, 30, tzinfo=UTC)
CREATED = datetime(2027, 4, 2, 10, 0, tzinfo=UTC)
GOLDEN = Path(__file__).with_name("golden")
UPDATE_GOLDEN = "VISITPLANNER_UPDATE_GOLDEN"
UIDS = [
    "0b5e9a53-4f0e-4c2a-9a55-1d2f7d1c0001",
    "0b5e9a53-4f0e-4c2a-9a55-1d2f7d1c0002",
    "0b5e9a53-4f0e-4c2a-9a55-1d2f7d1c0003",
    "0b5e9a53-4f0e-4c2a-9a55-1d2f7d1c0004",
]


@dataclass
class Tiny:
    """A small visit: the Mayor, a host without e-mail, a liaison; three engagements and a transfer.

    Attributes:
        visit: visit id.
        mayor, host, liaison, driver: attendee ids.
        hotel, hall: venue ids.
        dinner, signing, transfer, call: engagement ids.
    """

    visit: int
    mayor: int
    host: int
    liaison: int
    driver: int
    hotel: int
    hall: int
    dinner: int
    signing: int
    transfer: int
    call: int


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """11-13 May 2027 in UTC (London is UTC+1)."""
    return datetime(2027, 5, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def tiny(
    session: Session,
    create_visit: Callable[..., int],
    create_venue: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
) -> Tiny:
    monkeypatch.setattr(engagements, "utcnow", lambda: CREATED)
    visit = create_visit(title="Visit of the Mayor of Busan", slug="tiny-busan")

    def attendee(data: PersonData, side: Side, role: Role) -> int:
        person = people.create_person(session, data).created_id(Entity.PERSON)
        return attendees.add_attendee(session, visit, AttendeeData(person, side, role)).created_id(Entity.ATTENDEE)

    mayor = attendee(
        PersonData(
            "Park",
            "Heong-Joon",
            "박형준",
            "Park Heong-Joon",
            NameOrder.FAMILY_FIRST,
            "Mayor",
            email="mayor.office@busan.example",
        ),
        Side.VISITING,
        Role.PRINCIPAL,
    )
    host = attendee(PersonData("Rotheram", "Steve", honorific="Mayor"), Side.HOST, Role.PRINCIPAL)
    liaison = attendee(PersonData("Okafor", "Sam", email="s.okafor@liverpool.example"), Side.STAFF, Role.LIAISON)
    driver = attendee(PersonData("Nair", "Priya", email="p.nair@liverpool.example"), Side.STAFF, Role.DRIVER)
    hotel = create_venue(
        name="Pullman Liverpool",
        code="HOTEL",
        address="King's Dock, Liverpool L3 4FP",
        latitude=53.399,
        longitude=-2.99,
    )
    hall = create_venue(
        name="Town Hall",
        code="TH",
        address="High Street, Liverpool L2 3SW",
        latitude=53.40738291,
        longitude=-2.99138001,
    )
    car = vehicles.create_vehicle(session, visit, VehicleData("Car 1", 4, driver)).created_id(Entity.VEHICLE)

    def add(uid: str, data: EngagementData, *who: tuple[int, AttendancePart]) -> int:
        plan = EngagementPlan(data, tuple(AttendanceData(a, part) for a, part in who))
        return engagements.create_engagement(session, visit, plan, uid=uid).created_id(Entity.ENGAGEMENT)

    P = AttendancePart
    dinner = add(
        UIDS[0],
        EngagementData(
            EngagementKind.MEAL,
            "Welcome dinner: 환영 만찬, with speeches; toasts",
            at(11, 18),
            at(11, 20),
            hotel,
            public_notes="Hosted by the Lord Mayor.\nSeating plan to follow.",
            restricted_notes="The Mayor prefers not to sit near the press table.",
            dress_code="Black tie",
        ),
        (mayor, P.PARTICIPANT),
        (host, P.CHAIR),
        (liaison, P.SUPPORT),
    )
    transfer = add(
        UIDS[1],
        EngagementData(
            EngagementKind.TRANSFER,
            "Transfer: hotel to Town Hall",
            at(12, 8, 30),
            at(12, 8, 50),
            hall,
            origin_venue_id=hotel,
            vehicle_id=car,
        ),
        (mayor, P.PASSENGER),
        (driver, P.DRIVER),
    )
    signing = add(
        UIDS[2],
        EngagementData(
            EngagementKind.CEREMONY, "MOU signing", at(12, 9), at(12, 10), hall, public_notes="Signing and photos."
        ),
        (mayor, P.SIGNATORY),
        (host, P.SIGNATORY),
    )
    call = add(
        UIDS[3],
        EngagementData(EngagementKind.MEETING, "Call with Busan City Hall", at(13, 8), at(13, 9)),
        (liaison, P.PARTICIPANT),
    )
    return Tiny(visit, mayor, host, liaison, driver, hotel, hall, dinner, signing, transfer, call)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in parse(data).walk("VEVENT")}


def uid(n: int) -> str:
    return f"{UIDS[n]}@visitplanner"


# --- scopes --------------------------------------------------------------------------------------


def test_the_whole_visit(session: Session, tiny: Tiny) -> None:
    found = events(export_calendar(session, tiny.visit, now=NOW))
    assert list(found) == [uid(0), uid(1), uid(2), uid(3)]


def test_an_attendee_gets_the_engagements_they_attend_with_their_transfers(session: Session, tiny: Tiny) -> None:
    assert list(events(export_calendar(session, tiny.visit, scope=tiny.mayor, now=NOW))) == [uid(0), uid(1), uid(2)]
    assert list(events(export_calendar(session, tiny.visit, scope=tiny.driver, now=NOW))) == [uid(1)]
    assert list(events(export_calendar(session, tiny.visit, scope=tiny.liaison, now=NOW))) == [uid(0), uid(3)]


def test_a_venue_gets_its_engagements_and_the_transfers_leaving_or_reaching_it(session: Session, tiny: Tiny) -> None:
    assert list(events(export_calendar(session, tiny.visit, scope="HOTEL", now=NOW))) == [uid(0), uid(1)]
    assert list(events(export_calendar(session, tiny.visit, scope="th", now=NOW))) == [uid(1), uid(2)]


def test_unknown_scopes_and_empty_exports_are_user_errors(
    session: Session, tiny: Tiny, create_visit: Callable[..., int]
) -> None:
    with pytest.raises(UserError, match="attendee: there is no attendee with id 999999"):
        export_calendar(session, tiny.visit, scope=999_999, now=NOW)
    with pytest.raises(UserError, match="venue: there is no venue with the code 'NOPE'"):
        export_calendar(session, tiny.visit, scope="NOPE", now=NOW)
    with pytest.raises(UserError, match="no engagements to export in this visit"):
        export_calendar(session, create_visit(), now=NOW)
    with pytest.raises(UserError, match="method: 'invite'"):
        export_calendar(session, tiny.visit, method="invite", now=NOW)  # type: ignore[arg-type]


# --- what an event says ------------------------------------------------------------------------


def test_every_event_carries_identity_times_place_and_description(session: Session, tiny: Tiny) -> None:
    data = export_calendar(session, tiny.visit, now=NOW)
    text = data.decode("utf-8")
    dinner = events(data)[uid(0)]
    assert dinner["SEQUENCE"] == 0
    assert dinner["DTSTAMP"].dt == NOW
    assert dinner["LAST-MODIFIED"].dt == CREATED and dinner["CREATED"].dt == CREATED
    assert dinner["STATUS"] == "CONFIRMED"
    assert dinner["SUMMARY"] == "Welcome dinner: 환영 만찬, with speeches; toasts"
    assert dinner["LOCATION"] == "Pullman Liverpool, King's Dock, Liverpool L3 4FP"
    assert dinner["CATEGORIES"].cats == ["Meal"]
    assert dinner["DTSTART"].params["TZID"] == "Europe/London"
    assert dinner["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 5, 11, 19)
    assert dinner["DTSTART"].dt == at(11, 18) and dinner["DTEND"].dt == at(11, 20)
    assert dinner["DESCRIPTION"] == (
        "Hosted by the Lord Mayor.\nSeating plan to follow.\n\n"
        "Dress code: Black tie\nAttendees: 3\nHome time (Seoul): Wed 03:00–05:00"
    )
    assert "GEO:53.399;-2.99\r\n" in text
    assert "GEO:53.407383;-2.99138\r\n" in text  # rounded to 6 decimals, no float noise
    transfer = events(data)[uid(1)]
    assert transfer["LOCATION"] == "Pullman Liverpool → Town Hall"
    assert "From: Pullman Liverpool\nTo: Town Hall" in transfer["DESCRIPTION"]
    assert "Car 1" not in transfer["DESCRIPTION"]  # the vehicle is internal


def test_one_vtimezone_per_tzid_and_none_without_use(
    session: Session, tiny: Tiny, create_venue: Callable[..., int]
) -> None:
    seoul = create_venue(name="Busan City Hall", code="BCH", time_zone="Asia/Seoul")
    engagements.change_engagement_place(session, tiny.call, seoul)
    calendar = parse(export_calendar(session, tiny.visit, now=NOW))
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Seoul", "Europe/London"]
    call = {str(e["UID"]): e for e in calendar.walk("VEVENT")}[uid(3)]
    assert call["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert call["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 5, 13, 17)
    for zone in calendar.walk("VTIMEZONE"):
        assert "COMMENT" not in zone and all("COMMENT" not in sub for sub in zone.subcomponents)
        assert all(len(sub["RDATE"].dts) == 1 for sub in zone.subcomponents if "RDATE" in sub)


def test_byte_level_crlf_folding_and_escaping(session: Session, tiny: Tiny) -> None:
    long_korean = "부산광역시와 리버풀 시티 리전 간의 디지털 혁신, 스마트 시티; 탄소 중립 협력 " * 8
    engagement = session.get(Engagement, tiny.signing)
    assert engagement is not None
    plan = engagements.engagement_plan(engagement)
    engagements.update_engagement(
        session,
        tiny.signing,
        replace(
            plan, data=replace(plan.data, title="양해각서 서명식 " * 10, public_notes=long_korean + "\\ backslash")
        ),
    )
    data = export_calendar(session, tiny.visit, now=NOW)
    bare = data.replace(b"\r\n", b"")
    assert b"\r" not in bare and b"\n" not in bare  # every line ends with CRLF, no bare CR or LF
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    signing = events(data)[uid(2)]
    assert signing["SUMMARY"] == ("양해각서 서명식 " * 10).strip()
    assert str(signing["DESCRIPTION"]).startswith(long_korean.strip())
    assert "\\\\ backslash" in re.sub(r"\r\n ", "", data.decode("utf-8"))


def test_restricted_notes_and_internal_fields_only_in_restricted_exports(session: Session, tiny: Tiny) -> None:
    public = export_calendar(session, tiny.visit, now=NOW)
    restricted = export_calendar(session, tiny.visit, now=NOW, restricted=True)
    assert b"press table" not in public and b"CLASS:" not in public
    dinner = events(restricted)[uid(0)]
    assert "Restricted: The Mayor prefers not to sit near the press table." in dinner["DESCRIPTION"]
    assert dinner["CLASS"] == "CONFIDENTIAL"
    assert "Vehicle: Car 1" in events(restricted)[uid(1)]["DESCRIPTION"]


# --- methods -------------------------------------------------------------------------------------


def test_publish_has_no_attendees_keeps_cancelled_engagements_and_names_the_organiser(
    session: Session, tiny: Tiny
) -> None:
    engagements.cancel_engagement(session, tiny.signing)
    files = export_calendars(session, tiny.visit, now=NOW)
    assert [f.method for f in files] == ["PUBLISH"]
    calendar = parse(files[0].data)
    assert calendar["METHOD"] == "PUBLISH"
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert found[uid(2)]["STATUS"] == "CANCELLED"
    assert str(found[uid(2)]["DESCRIPTION"]).startswith("CANCELLED")
    assert all("ATTENDEE" not in e for e in found.values())
    assert all(str(e["ORGANIZER"]) == "mailto:s.okafor@liverpool.example" for e in found.values())


def test_request_invites_with_organiser_and_attendees_in_both_scripts(session: Session, tiny: Tiny) -> None:
    files = export_calendars(session, tiny.visit, scope=tiny.mayor, method="request", now=NOW)
    assert [f.method for f in files] == ["REQUEST"]
    dinner = events(files[0].data)[uid(0)]
    organiser = dinner["ORGANIZER"]
    assert str(organiser) == "mailto:s.okafor@liverpool.example" and organiser.params["CN"] == "Sam Okafor"
    attendees_ = {str(a): a.params for a in dinner["ATTENDEE"]}
    assert list(attendees_) == ["mailto:mayor.office@busan.example", "mailto:s.okafor@liverpool.example"]
    mayor = attendees_["mailto:mayor.office@busan.example"]
    assert mayor["CN"] == "Park Heong-Joon (박형준)"
    assert (mayor["ROLE"], mayor["PARTSTAT"], mayor["RSVP"], mayor["CUTYPE"]) == (
        "CHAIR",
        "NEEDS-ACTION",
        "TRUE",
        "INDIVIDUAL",
    )
    liaison = attendees_["mailto:s.okafor@liverpool.example"]
    assert (liaison["ROLE"], liaison["PARTSTAT"]) == ("OPT-PARTICIPANT", "ACCEPTED") and "RSVP" not in liaison
    # the host has no e-mail address: no ATTENDEE, but named in the description
    assert "Not invited (no e-mail address): Steve Rotheram" in dinner["DESCRIPTION"]
    assert 'CN="Park Heong-Joon (박형준)"' in re.sub(r"\r\n ", "", files[0].data.decode("utf-8"))
    # an engagement the organiser does not attend still lists the organiser, as a non-participant
    signing = events(files[0].data)[uid(2)]
    organiser_row = [a.params for a in signing["ATTENDEE"] if str(a) == "mailto:s.okafor@liverpool.example"]
    assert organiser_row == [
        {"CUTYPE": "INDIVIDUAL", "ROLE": "NON-PARTICIPANT", "PARTSTAT": "ACCEPTED", "CN": "Sam Okafor"}
    ]


def test_request_sends_cancellations_as_a_separate_cancel_object(session: Session, tiny: Tiny, tmp_path: Path) -> None:
    engagements.cancel_engagement(session, tiny.signing)
    files = export_calendars(session, tiny.visit, method="request", now=NOW)
    assert [(f.method, f.uids, f.suffix) for f in files] == [
        ("REQUEST", (uid(0), uid(1), uid(3)), ""),
        ("CANCEL", (uid(2),), "-cancel"),
    ]
    cancel = parse(files[1].data)
    assert cancel["METHOD"] == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1 and "ORGANIZER" in event
    written = write_calendar(session, tiny.visit, tmp_path / "visit.ics", method="request", now=NOW)
    assert [(w.path.name, w.method, w.events) for w in written] == [
        ("visit.ics", "REQUEST", 3),
        ("visit-cancel.ics", "CANCEL", 1),
    ]
    assert (tmp_path / "visit-cancel.ics").read_bytes() == files[1].data
    assert cancel_path(Path("out/itinerary")) == Path("out/itinerary-cancel.ics")


def test_the_organiser_can_be_named_and_must_be_an_address(session: Session, tiny: Tiny) -> None:
    data = export_calendar(
        session,
        tiny.visit,
        method="request",
        now=NOW,
        organiser=Organiser("protocol@liverpool.example", "Protocol Office, Liverpool"),
    )
    assert events(data)[uid(0)]["ORGANIZER"].params["CN"] == "Protocol Office, Liverpool"
    with pytest.raises(UserError, match="organiser: 'protocol' is not an e-mail address"):
        export_calendar(session, tiny.visit, method="request", now=NOW, organiser=Organiser("protocol"))
    assert default_organiser(attendees_of(session, tiny.visit)) == Organiser("s.okafor@liverpool.example", "Sam Okafor")


def test_per_event_objects_carry_their_own_timezones(session: Session, tiny: Tiny) -> None:
    files = export_calendars(session, tiny.visit, now=NOW, per_event=True)
    assert [f.uids for f in files] == [(uid(0),), (uid(1),), (uid(2),), (uid(3),)]
    for item in files:
        calendar = parse(item.data)
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]


# --- determinism and updates ---------------------------------------------------------------------


def test_the_same_data_and_now_give_the_same_bytes(session: Session, tiny: Tiny) -> None:
    first = export_calendar(session, tiny.visit, now=NOW, method="request", restricted=True)
    second = export_calendar(session, tiny.visit, now=NOW, method="request", restricted=True)
    assert first == second
    later = export_calendar(session, tiny.visit, now=NOW + timedelta(days=1), method="request", restricted=True)
    assert later != first and later.replace(b"20270502T093000Z", b"20270501T093000Z") == first


def test_golden_publish_file(session: Session, tiny: Tiny) -> None:
    data = export_calendar(session, tiny.visit, now=NOW)
    golden = GOLDEN / "tiny-publish.ics.golden"  # not ".ics": .gitignore drops those
    if os.environ.get(UPDATE_GOLDEN) == "1":
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{UPDATE_GOLDEN}=1 in CI: golden files are rewritten by hand only, and reviewed")
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(data)
        pytest.skip(f"rewrote {golden}: review the diff, then run without {UPDATE_GOLDEN}")
    assert golden.is_file(), f"the golden file {golden} is missing (see this module's docstring)"
    assert data == golden.read_bytes()


def test_moving_and_cancelling_keeps_the_uid_and_raises_the_sequence(session: Session, tiny: Tiny) -> None:
    before = events(export_calendar(session, tiny.visit, now=NOW))
    engagements.move_engagement(session, tiny.signing, at(12, 11))
    engagements.cancel_engagement(session, tiny.dinner)
    after = events(export_calendar(session, tiny.visit, now=NOW))
    assert set(after) == set(before)
    assert after[uid(2)]["SEQUENCE"] == before[uid(2)]["SEQUENCE"] + 1
    assert after[uid(2)]["DTSTART"].dt == at(12, 11)
    assert after[uid(0)]["SEQUENCE"] == before[uid(0)]["SEQUENCE"] + 1
    assert after[uid(0)]["STATUS"] == "CANCELLED"
    assert after[uid(3)]["SEQUENCE"] == before[uid(3)]["SEQUENCE"]


def test_times_in_the_repeated_hour_are_written_in_utc(
    session: Session, create_visit: Callable[..., int], create_engagement: Callable[..., int]
) -> None:
    visit = create_visit(start_date=datetime(2026, 10, 24).date(), end_date=datetime(2026, 10, 26).date())
    create_engagement(
        visit, "First 01:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
    )
    create_engagement(
        visit, "Second 01:30", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    )
    data = export_calendar(session, visit, now=NOW)
    text = data.decode("utf-8")
    assert "DTSTART:20261025T003000Z" in text and "DTEND:20261025T005000Z" in text
    assert "DTSTART:20261025T013000Z" in text and "DTEND;TZID=Europe/London:20261025T030000" in text
    found = {str(e["SUMMARY"]): e for e in parse(data).walk("VEVENT")}
    # (astimezone: PEP 495 makes a time in the repeated hour unequal to every time in another zone)
    assert found["First 01:30"]["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert found["Second 01:30"]["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert found["Second 01:30"]["DTEND"].dt.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)


def test_write_calendar_replaces_the_file_atomically(session: Session, tiny: Tiny, tmp_path: Path) -> None:
    target = tmp_path / "visit.ics"
    target.write_bytes(b"old")
    (written,) = write_calendar(session, tiny.visit, target, now=NOW)
    assert written.events == 4 and target.read_bytes() == export_calendar(session, tiny.visit, now=NOW)
    assert [p.name for p in tmp_path.iterdir()] == ["visit.ics"]
    with pytest.raises(StorageError, match="cannot be written"):
        write_calendar(session, tiny.visit, tmp_path / "missing" / "visit.ics", now=NOW)


def test_progress_is_reported_and_a_cancel_writes_nothing(session: Session, tiny: Tiny, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_calendar(session, tiny.visit, now=NOW, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(4, 4)]
    with pytest.raises(WorkCancelled):
        write_calendar(session, tiny.visit, tmp_path / "visit.ics", now=NOW, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []
