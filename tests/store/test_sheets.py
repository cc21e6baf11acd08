"""Personal itineraries, driver sheets, the caterer sheet and name cards, read back with pypdf."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.store.test_briefing_pack import CANARIES, MISDASHED, NOW, TAG, build_canary_visit, squash
from visitplanner.cli_briefing import export_sheets
from visitplanner.domain.errors import UserError
from visitplanner.exporters.itinerary import build_itinerary
from visitplanner.exporters.sheets import build_sheets
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.database import Database, open_database
from visitplanner.store.queries import attendees_of, find_visit


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@dataclass(frozen=True)
class Sheets:
    park_itinerary: list[str]
    rotheram_itinerary: list[str]
    drivers: list[str]
    catering: list[str]
    catering_restricted: list[str]
    namecards: list[str]
    canary_drivers: list[str]
    canary_catering: list[str]
    canary_itinerary: list[str]
    card_names: list[str]
    names: list[str]


@pytest.fixture(scope="module")
def sheets(database: Database) -> Iterator[Sheets]:
    connection = database.engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        build_demo(session)
        demo = find_visit(session, SLUG).id
        people = {a.person.family_name: a for a in attendees_of(session, demo)}
        canary = build_canary_visit(session)
        result = Sheets(
            # the Mayor reads Korean (his document language): the English itinerary is asked for
            park_itinerary=pages(build_itinerary(session, demo, people["Park"].id, now=NOW, language="en")),
            rotheram_itinerary=pages(build_itinerary(session, demo, people["Rotheram"].id, now=NOW)),
            drivers=pages(build_sheets(session, demo, "drivers", now=NOW)),
            catering=pages(build_sheets(session, demo, "catering", now=NOW)),
            catering_restricted=pages(build_sheets(session, demo, "catering", now=NOW, restricted=True)),
            namecards=pages(build_sheets(session, demo, "namecards", now=NOW)),
            canary_drivers=pages(build_sheets(session, canary["visit"], "drivers", now=NOW)),
            canary_catering=pages(build_sheets(session, canary["visit"], "catering", now=NOW)),
            canary_itinerary=pages(build_itinerary(session, canary["visit"], canary["guest"], now=NOW)),
            card_names=[
                a.person.name.romanised
                for a in attendees_of(session, demo)
                if a.role.value not in ("driver", "photographer", "security")
            ],
            names=[a.person.name.romanised for a in attendees_of(session, demo)],
        )
    finally:
        session.close()
        transaction.rollback()
        connection.close()
    yield result


def flat(texts: list[str]) -> str:
    return squash("".join(texts))


# -- itinerary ---------------------------------------------------------------------------------------


def test_itinerary_holds_only_the_attendees_engagements(sheets: Sheets) -> None:
    text = flat(sheets.park_itinerary)
    assert "박형준" in text and squash("Park Heong-Joon") in text
    assert squash("MOU signing ceremony") in text and squash("Transfer: airport to hotel (Mayor)") in text
    assert squash("Transfer: airport to hotel (delegation)") not in text  # the minibus, not his car
    assert squash("Car 1 (Mayor)") in text and squash("Daniel Hughes") in text
    assert "15:15–16:00" in text and squash("23:15–Wed 00:00") in text  # London and Seoul


def test_sheets_write_places_and_time_ranges_as_everywhere_else(sheets: Sheets) -> None:
    texts = [*sheets.park_itinerary, *sheets.drivers, *sheets.catering]
    assert not [t for t in texts if MISDASHED.search(t)] and any("–" in t for t in texts)
    assert squash("Private Dining Room, Pullman Liverpool") in flat(sheets.park_itinerary)


def test_itinerary_names_who_meets_them_hosts_first(sheets: Sheets) -> None:
    text = flat(sheets.park_itinerary)
    mou = text[text.index(squash("MOU signing ceremony")) :]
    assert mou.index("Hosts:") < mou.index("Delegation:") < mou.index("Support:")
    assert mou.index(squash("Steve Rotheram")) < mou.index("Delegation:")
    assert squash("Your partSignatory") in text
    host = flat(sheets.rotheram_itinerary)
    mou = host[host.index(squash("MOU signing ceremony")) :]
    assert mou.index("Delegation:") < mou.index("Hosts:")  # a host meets the visitors first


def test_itinerary_shows_no_restricted_data(sheets: Sheets) -> None:
    text = flat(sheets.canary_itinerary)
    for column in (
        "person.dietary",
        "person.access_needs",
        "person.notes",
        "engagement.restricted_notes",
        "venue.site_contact_phone",
    ):
        assert CANARIES[column] not in text, column
    assert CANARIES["attendee.arrival"] in text  # their own travel plans
    assert CANARIES["travel_leg.number"] in text and CANARIES["travel_leg.to_place"] in text  # and journeys

    assert f"CANARY-LIAISON-PHONE-{TAG}" in text and f"CANARY-DRIVER-PHONE-{TAG}" in text


def test_itinerary_shows_the_delegates_flights(sheets: Sheets) -> None:
    text = flat(sheets.park_itinerary)
    assert "KE9021(KoreanAir)" in text and "KE9022(KoreanAir)" in text and "metbyHelenMarsh" in text
    assert "KE9021" not in flat(sheets.rotheram_itinerary)  # not someone else's


def test_itinerary_refuses_unknown_attendees_and_those_of_another_visit(session: Session) -> None:
    build_demo(session)
    demo = find_visit(session, SLUG).id
    other = build_canary_visit(session)
    with pytest.raises(UserError, match="no attendee with id 999999"):
        build_itinerary(session, demo, 999_999, now=NOW)
    with pytest.raises(UserError, match="attends 'canary-visit', not 'busan-liverpool'"):
        build_itinerary(session, demo, other["guest"], now=NOW)


# -- driver sheets -----------------------------------------------------------------------------------


def test_driver_sheets_one_per_vehicle_with_legs_passengers_and_contacts(sheets: Sheets) -> None:
    text = flat(sheets.drivers)
    assert squash("Car 1 (Mayor)") in text and squash("Delegation minibus") in text
    assert squash("+44 7700 900104") in text and squash("+44 7700 900105") in text  # drivers
    assert squash("+44 7700 900102") in text  # the liaison officer
    assert squash("Terminal 2, Manchester Airport, Manchester M90 1QX") in text
    assert "09:35" in text and "10:35" in text
    car = flat([p for p in sheets.drivers if "Car 1 (Mayor)" in p])
    # passengers in their seats: the seat of honour, beside it, the front passenger, the middle
    assert car.index(squash("Park Heong-Joon")) < car.index(squash("Seo Ji-yeon")) < car.index(squash("Kim Min-seo"))
    assert squash("rear left (seat of honour)") in car


def test_driver_sheets_carry_no_dietary_or_medical_data(sheets: Sheets) -> None:
    for text in (flat(sheets.drivers), flat(sheets.canary_drivers)):
        for secret in (
            "Nopork",
            "Vegetarian",
            "Halal",
            "Wheelchair",
            CANARIES["person.dietary"],
            CANARIES["person.access_needs"],
            CANARIES["person.notes"],
            CANARIES["engagement.restricted_notes"],
        ):
            assert secret not in text, secret
    canary = flat(sheets.canary_drivers)
    assert CANARIES["vehicle.registration"] in canary and f"CANARY-DRIVER-PHONE-{TAG}" in canary
    assert CANARIES["venue.access_notes"] in canary  # where to drop off is for the driver


# -- caterer sheet -----------------------------------------------------------------------------------


def test_caterer_sheet_counts_requirements_without_names(sheets: Sheets) -> None:
    text = flat(sheets.catering)
    assert squash("Welcome dinner") in text and squash("Working lunch") in text
    assert "Nopork" in text and "Vegetarian" in text and squash("D1 × 1, D2 × 1") in text
    for name in sheets.names:
        assert squash(name) not in text, name
    assert CANARIES["person.dietary"] in flat(sheets.canary_catering)


def test_restricted_caterer_sheet_names_the_guests(sheets: Sheets) -> None:
    text = flat(sheets.catering_restricted)
    assert squash("Kim Min-seo") in text and squash("Choi Yu-na") in text
    assert squash("Kim Min-seo김민서D1No pork") in text


# -- name cards --------------------------------------------------------------------------------------


def test_one_folded_card_per_seated_attendee(sheets: Sheets) -> None:
    assert len(sheets.namecards) == len(sheets.card_names)
    for page, name in zip(sheets.namecards, sheets.card_names, strict=True):
        assert squash(page).count(squash(name)) == 2  # both faces of the tent
    first = sheets.namecards[0]
    assert first.count("박형준") == 2 and "Mayor of Busan Metropolitan City" in first
    assert not any("Hughes" in page or "Nair" in page for page in sheets.namecards)  # drivers


def test_the_back_face_is_printed_upside_down(session: Session) -> None:
    build_demo(session)
    reader = PdfReader(io.BytesIO(build_sheets(session, find_visit(session, SLUG).id, "namecards", now=NOW)))
    content = reader.pages[0].get_contents()
    assert content is not None
    assert b"-1 0 0 -1" in content.get_data()  # a 180-degree rotation


# -- the command's handler ---------------------------------------------------------------------------


def test_export_sheets_handler_writes_each_kind(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        with db.session() as session:
            build_demo(session)
        for kind in ("drivers", "catering", "namecards"):
            out = io.StringIO()
            target = tmp_path / f"{kind}.pdf"
            args = argparse.Namespace(visit=SLUG, kind="sheets", sheet_kind=kind, restricted=False, output=target)
            assert export_sheets(db, args, out) == 0
            assert target.read_bytes().startswith(b"%PDF") and str(target) in out.getvalue()
        with pytest.raises(UserError, match="only the caterer sheet"):
            export_sheets(
                db,
                argparse.Namespace(visit=SLUG, kind="drivers", restricted=True, output=tmp_path / "x.pdf"),
                io.StringIO(),
            )
        assert not (tmp_path / "x.pdf").exists()
    finally:
        db.close()


def test_arrivals_and_departures_in_the_itinerary_and_the_driver_sheets(sheets: Sheets) -> None:
    """The traveller's own flights are listed on their days; the driver of a pick-up sees the flight
    it meets (and of a drop-off the one it is for), without the journeys' notes."""
    park = flat(sheets.park_itinerary)
    assert squash("YOUR ARRIVALFlight KE 9021 lands 08:15 MAN T2 · met by Helen Marsh") in park
    assert squash("YOUR DEPARTUREFlight KE 9022 takes off 18:00 MAN T2 · seen off by Sam Okafor") in park
    assert squash("KE 9021 lands") not in flat(sheets.rotheram_itinerary)  # the host flies nowhere
    drivers = flat(sheets.drivers)
    mayor = drivers[drivers.index(squash("Transfer: airport to hotel (Mayor)")) :]
    assert mayor.startswith(squash("Transfer: airport to hotel (Mayor)Meets Flight KE 9021 lands 08:15 MAN T2"))
    assert drivers.count(squash("Meets Flight KE 9021 lands 08:15 MAN T2")) == 2  # the car and the minibus
    assert drivers.count(squash("For Flight KE 9022 takes off 18:00 MAN T2")) == 2
    assert squash("hotel to Mann IslandMeets") not in drivers  # a transfer in town meets no flight
    assert CANARIES["travel_leg.notes"] not in flat(sheets.canary_drivers)
