"""Parsing visit files: a valid document's values, and every malformed one refused at its JSON path."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from visitplanner.domain.enums import AttendancePart, EngagementKind, OrganisationKind, Side, TravelMode
from visitplanner.domain.errors import UserError
from visitplanner.domain.timerange import UTC
from visitplanner.exporters import visitfile as exporter
from visitplanner.importers import visitfile as importer
from visitplanner.importers.visitfile import MAX_SIZE, parse_visit_document, read_visit_file

Document = dict[str, Any]
UID1 = "3f2b6c1e-8a4d-4c1b-9e2f-5d6a7b8c9d0e"
UID2 = "b7e1a9d2-0c3f-4e5a-8b6c-7d8e9f0a1b2c"


def valid() -> Document:
    return {
        "format": "visitplanner-visit",
        "version": 1,
        "visit": {
            "title": "Visit of the Mayor of Busan",
            "slug": "busan-liverpool",
            "start_date": "2027-05-11",
            "end_date": "2027-05-12",
            "local_time_zone": "Europe/London",
            "home_time_zone": "Asia/Seoul",
            "visiting_organisation": "org-1",
            "host_organisation": None,
            "purpose": "",
            "objectives": "",
            "status": "confirmed",
            "marking": "OFFICIAL",
            "issue_number": 2,
        },
        "organisations": [
            {
                "key": "org-1",
                "name": "Busan Metropolitan City",
                "native_name": "부산광역시",
                "country": "South Korea",
                "kind": "government",
            },
        ],
        "people": [
            {
                "key": "person-1",
                "family_name": "Park",
                "given_names": "Heong-Joon",
                "native_name": "박형준",
                "name_order": "family_first",
                "organisation": "org-1",
                "email": "mayor@busan.example",
            },
            {"key": "person-2", "family_name": "Nair", "given_names": "Priya", "organisation": None, "email": ""},
        ],
        "venues": [
            {
                "code": "DIF",
                "name": "Digital Innovation Facility",
                "latitude": 53.4066,
                "longitude": -2.9656,
                "time_zone": "Europe/London",
                "capacity": 60,
                "opening_hours": {"mon": [["08:00", "18:00"]]},
                "rooms": [{"name": "Seminar Room", "capacity": 30, "notes": ""}],
            },
            {"code": "HOTEL", "name": "Pullman Liverpool", "opening_hours": None, "rooms": []},
        ],
        "travel_times": [{"from": "HOTEL", "to": "DIF", "minutes": 15, "mode": "car"}],
        "attendees": [
            {
                "key": "attendee-1",
                "person": "person-1",
                "side": "visiting",
                "role": "principal",
                "precedence": 1,
                "arrival": "",
                "departure": "",
            },
            {"key": "attendee-2", "person": "person-2", "side": "staff", "role": "driver", "precedence": 1},
        ],
        "vehicles": [
            {
                "key": "vehicle-1",
                "label": "Car 1",
                "capacity": 4,
                "driver": "attendee-2",
                "registration": "LV27 ABC",
                "notes": "",
            }
        ],
        "engagements": [
            {
                "uid": UID1,
                "sequence": 0,
                "kind": "transfer",
                "title": "Transfer to the DIF",
                "start": "2027-05-11T08:00:00Z",
                "end": "2027-05-11T08:20:00Z",
                "venue": "DIF",
                "room": None,
                "origin_venue": "HOTEL",
                "vehicle": "vehicle-1",
                "public_notes": "",
                "restricted_notes": "",
                "dress_code": "",
                "status": "confirmed",
                "attendances": [
                    {"attendee": "attendee-1", "part": "passenger"},
                    {"attendee": "attendee-2", "part": "driver"},
                ],
            },
            {
                "uid": UID2,
                "sequence": 3,
                "kind": "tour",
                "title": "Tour",
                "start": "2027-05-11T09:30:00+01:00",
                "end": "2027-05-11T09:30:00Z",
                "venue": "DIF",
                "room": "Seminar Room",
                "attendances": [{"attendee": "attendee-1"}],
            },
        ],
    }


def parse(document: Document) -> importer.VisitDocument:
    return parse_visit_document(json.dumps(document, ensure_ascii=False))


def test_a_valid_document_parses_into_domain_values() -> None:
    document = parse(valid())
    assert document.version == 1
    assert document.visit.data.slug == "busan-liverpool"
    assert document.visit.data.start_date == date(2027, 5, 11)
    assert document.visit.visiting_organisation == "org-1" and document.visit.host_organisation is None
    assert document.visit.issue_number == 2
    assert document.organisations[0].data.kind is OrganisationKind.GOVERNMENT
    assert document.people[0].organisation == "org-1" and document.people[1].organisation is None
    dif = document.venues[0]
    assert dif.code == "DIF" and dif.data.latitude == pytest.approx(53.4066)
    assert dif.data.opening_hours is not None
    assert dif.data.opening_hours.spans == {"mon": ((time(8), time(18)),)}
    assert [r.name for r in dif.rooms] == ["Seminar Room"]
    assert document.travel_times[0].mode is TravelMode.CAR
    assert document.attendees[1].side is Side.STAFF
    assert document.vehicles[0].driver == "attendee-2"
    assert document.vehicles[0].data.driver_attendee_id is None
    transfer, tour = document.engagements
    assert transfer.data.kind is EngagementKind.TRANSFER and transfer.origin_venue == "HOTEL"
    assert transfer.data.venue_id is None  # ids are the service's business
    assert [a.part for a in transfer.attendances] == [AttendancePart.PASSENGER, AttendancePart.DRIVER]
    assert tour.data.start == datetime(2027, 5, 11, 8, 30, tzinfo=UTC)  # offsets become UTC instants
    assert tour.data.start.utcoffset() is not None
    assert tour.sequence == 3 and tour.room == "Seminar Room"
    assert tour.attendances[0].part is AttendancePart.PARTICIPANT  # default part


def test_optional_fields_take_their_defaults() -> None:
    document = valid()
    document["people"][1] = {"key": "person-2", "family_name": "Nair"}
    for name in ("purpose", "objectives", "status", "marking", "issue_number", "host_organisation"):
        del document["visit"][name]
    del document["travel_times"]
    parsed = parse(document)
    assert parsed.people[1].data.email == "" and parsed.visit.issue_number == 0
    assert parsed.travel_times == ()


def test_exporter_and_importer_agree_on_the_format() -> None:
    assert exporter.FORMAT == importer.FORMAT
    assert exporter.VERSION == importer.VERSION


Mutation = Callable[[Document], None]


def put(path: str, value: Any) -> Mutation:
    """Set the value at a dotted path ("engagements.1.start") of the document."""
    *parents, last = path.split(".")

    def mutate(document: Document) -> None:
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def drop(path: str) -> Mutation:
    *parents, last = path.split(".")

    def mutate(document: Document) -> None:
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return mutate


def append(path: str, value: Any) -> Mutation:
    def mutate(document: Document) -> None:
        node: Any = document
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        node.append(value)

    return mutate


def same_as(target: str, source: str) -> Mutation:
    """Copy the value at `source` to `target` (to make duplicates)."""

    def mutate(document: Document) -> None:
        node: Any = document
        for part in source.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        put(target, node)(document)

    return mutate


MALFORMED: list[tuple[str, Mutation, str, str]] = [
    # (case, mutation, the exact JSON path the message starts with, a fragment of the message)
    ("wrong format", put("format", "calendar"), "$.format", "not a VisitPlanner visit file"),
    ("missing format", drop("format"), "$.format", "is missing"),
    ("newer version", put("version", importer.VERSION + 1), "$.version", "newer VisitPlanner"),
    ("version zero", put("version", 0), "$.version", "unsupported version 0"),
    ("version as text", put("version", "1"), "$.version", "expected a whole number"),
    ("missing version", drop("version"), "$.version", "is missing"),
    ("unknown top-level field", put("extras", []), "$.extras", "unknown field"),
    ("missing visit", drop("visit"), "$.visit", "is missing"),
    ("visit not an object", put("visit", []), "$.visit", "expected the visit"),
    ("missing title", drop("visit.title"), "$.visit.title", "is missing"),
    ("empty title", put("visit.title", "  "), "$.visit.title", "must not be empty"),
    ("bad slug", put("visit.slug", "Busan Liverpool"), "$.visit.slug", "lower-case"),
    ("impossible date", put("visit.start_date", "2027-13-01"), "$.visit.start_date", "is not a date"),
    ("date with a time", put("visit.end_date", "2027-05-12T00:00:00Z"), "$.visit.end_date", "is not a date"),
    ("ends before it starts", put("visit.end_date", "2027-05-10"), "$.visit.end_date", "ends before"),
    ("unknown zone", put("visit.local_time_zone", "Mars/Olympus"), "$.visit.local_time_zone", "unknown time zone"),
    (
        "bad visit status",
        put("visit.status", "pending"),
        "$.visit.status",
        "is not one of: draft, confirmed, completed, cancelled",
    ),
    (
        "dangling visit organisation",
        put("visit.host_organisation", "org-9"),
        "$.visit.host_organisation",
        'no organisation with key "org-9"',
    ),
    ("negative issue number", put("visit.issue_number", -1), "$.visit.issue_number", "out of range"),
    ("unknown visit field", put("visit.colour", "red"), "$.visit.colour", "unknown field"),
    ("organisations not an array", put("organisations", {}), "$.organisations", "expected an array"),
    (
        "duplicate organisation key",
        append("organisations", {"key": "org-1", "name": "Other"}),
        "$.organisations[1].key",
        'the key "org-1" is already used by $.organisations[0]',
    ),
    (
        "duplicate organisation name",
        append("organisations", {"key": "org-2", "name": "busan metropolitan city"}),
        "$.organisations[1].name",
        '"busan metropolitan city" is already used by $.organisations[0]',
    ),
    ("bad organisation kind", put("organisations.0.kind", "club"), "$.organisations[0].kind", "government, university"),
    ("organisation name too long", put("organisations.0.name", "x" * 201), "$.organisations[0].name", "at most 200"),
    (
        "dangling person organisation",
        put("people.0.organisation", "org-2"),
        "$.people[0].organisation",
        'no organisation with key "org-2"',
    ),
    ("bad e-mail", put("people.0.email", "not-an-address"), "$.people[0].email", "is not an e-mail address"),
    ("shared e-mail", put("people.1.email", "MAYOR@busan.example"), "$.people[1].email", "already used by $.people[0]"),
    (
        "bad name order",
        put("people.0.name_order", "surname_first"),
        "$.people[0].name_order",
        "family_first, given_first",
    ),
    ("name as a number", put("people.1.given_names", 7), "$.people[1].given_names", "expected a string"),
    ("control character", put("people.1.notes", "bell\u0007"), "$.people[1].notes", "a control character"),
    ("unpaired surrogate", put("people.1.notes", "\ud800"), "$.people[1].notes", "surrogate"),
    ("empty person key", put("people.1.key", ""), "$.people[1].key", "must not be empty"),
    ("latitude as text", put("venues.0.latitude", "53.4"), "$.venues[0].latitude", "expected a number"),
    ("latitude alone", put("venues.0.longitude", None), "$.venues[0].latitude", "both latitude and longitude"),
    ("latitude out of range", put("venues.0.latitude", 91), "$.venues[0].latitude", "outside -90..90"),
    ("capacity as boolean", put("venues.0.capacity", True), "$.venues[0].capacity", "expected a whole number"),
    ("capacity as fraction", put("venues.0.capacity", 12.5), "$.venues[0].capacity", "expected a whole number"),
    ("zero capacity", put("venues.0.capacity", 0), "$.venues[0].capacity", "must be a positive number"),
    ("bad venue code", put("venues.1.code", "HOTEL ROOM"), "$.venues[1].code", "letters, digits"),
    ("duplicate venue code", put("venues.1.code", "DIF"), "$.venues[1].code", "already used by $.venues[0]"),
    (
        "unknown weekday",
        put("venues.0.opening_hours", {"monday": []}),
        "$.venues[0].opening_hours.monday",
        "unknown weekday",
    ),
    (
        "half a span",
        put("venues.0.opening_hours", {"mon": [["08:00"]]}),
        "$.venues[0].opening_hours.mon[0]",
        "pair of times",
    ),
    (
        "impossible hour",
        put("venues.0.opening_hours", {"tue": [["08:00", "25:00"]]}),
        "$.venues[0].opening_hours.tue",
        "not a time of day",
    ),
    (
        "hours as text",
        put("venues.0.opening_hours", "mon-fri 08:00-18:00"),
        "$.venues[0].opening_hours",
        "expected an object",
    ),
    (
        "duplicate room",
        append("venues.0.rooms", {"name": "Seminar Room "}),
        "$.venues[0].rooms[1].name",
        "already used by $.venues[0].rooms[0]",
    ),
    ("room without a name", append("venues.0.rooms", {"capacity": 3}), "$.venues[0].rooms[1].name", "is missing"),
    ("unknown room field", put("venues.0.rooms.0.floor", 2), "$.venues[0].rooms[0].floor", "unknown field"),
    ("dangling travel venue", put("travel_times.0.from", "MIF"), "$.travel_times[0].from", 'no venue with code "MIF"'),
    ("travel to itself", put("travel_times.0.to", "HOTEL"), "$.travel_times[0].to", "two different venues"),
    ("negative travel time", put("travel_times.0.minutes", -5), "$.travel_times[0].minutes", "is not a travel time"),
    ("bad travel mode", put("travel_times.0.mode", "horse"), "$.travel_times[0].mode", "car, walk"),
    (
        "duplicate travel time",
        append("travel_times", {"from": "HOTEL", "to": "DIF", "minutes": 9}),
        "$.travel_times[1]",
        "already given by $.travel_times[0]",
    ),
    (
        "dangling attendee person",
        put("attendees.1.person", "person-9"),
        "$.attendees[1].person",
        'no person with key "person-9"',
    ),
    (
        "person attending twice",
        put("attendees.1.person", "person-1"),
        "$.attendees[1].person",
        "already attends as $.attendees[0]",
    ),
    ("bad side", put("attendees.0.side", "guest"), "$.attendees[0].side", "is not one of: visiting, host, staff"),
    ("missing role", drop("attendees.0.role"), "$.attendees[0].role", "is missing"),
    ("zero precedence", put("attendees.0.precedence", 0), "$.attendees[0].precedence", "positive"),
    (
        "dangling driver",
        put("vehicles.0.driver", "attendee-7"),
        "$.vehicles[0].driver",
        'no attendee with key "attendee-7"',
    ),
    ("vehicle without seats", put("vehicles.0.capacity", 0), "$.vehicles[0].capacity", "positive"),
    (
        "duplicate vehicle key",
        append("vehicles", {"key": "vehicle-1", "label": "Car 2", "capacity": 4}),
        "$.vehicles[1].key",
        "already used by $.vehicles[0]",
    ),
    (
        "duplicate vehicle label",
        append("vehicles", {"key": "vehicle-2", "label": "Car 1", "capacity": 4}),
        "$.vehicles[1].label",
        "already used by $.vehicles[0]",
    ),
    (
        "impossible month",
        put("engagements.1.start", "2027-13-01T08:00:00Z"),
        "$.engagements[1].start",
        "is not an ISO date-time with a zone",
    ),
    ("naive start", put("engagements.1.start", "2027-05-11T08:00:00"), "$.engagements[1].start", "has no time zone"),
    (
        "date instead of a time",
        put("engagements.0.end", "2027-05-11"),
        "$.engagements[0].end",
        "is not an ISO date-time",
    ),
    ("time as a number", put("engagements.0.end", 1_800_000_000), "$.engagements[0].end", "expected a string"),
    (
        "ends before it starts",
        put("engagements.1.end", "2027-05-11T08:00:00Z"),
        "$.engagements[1].end",
        "must be after the start",
    ),
    ("empty engagement title", put("engagements.0.title", ""), "$.engagements[0].title", "must not be empty"),
    ("bad kind", put("engagements.0.kind", "party"), "$.engagements[0].kind", "meeting, tour"),
    ("bad status", put("engagements.0.status", "maybe"), "$.engagements[0].status", "tentative, confirmed, cancelled"),
    ("not a UUID", put("engagements.0.uid", "event-1"), "$.engagements[0].uid", "is not a UUID"),
    (
        "duplicate UID",
        put("engagements.1.uid", UID1.upper()),
        "$.engagements[1].uid",
        "already used by $.engagements[0]",
    ),
    ("negative sequence", put("engagements.0.sequence", -1), "$.engagements[0].sequence", "out of range"),
    ("dangling venue", put("engagements.1.venue", "MIF"), "$.engagements[1].venue", 'no venue with code "MIF"'),
    (
        "room of another venue",
        put("engagements.1.room", "Boardroom"),
        "$.engagements[1].room",
        'the venue "DIF" has no room "Boardroom"',
    ),
    ("room without a venue", put("engagements.1.venue", None), "$.engagements[1].room", "choose the venue"),
    (
        "origin on a tour",
        put("engagements.1.origin_venue", "HOTEL"),
        "$.engagements[1].origin_venue",
        "only a transfer",
    ),
    (
        "dangling vehicle",
        put("engagements.0.vehicle", "vehicle-2"),
        "$.engagements[0].vehicle",
        'no vehicle with key "vehicle-2"',
    ),
    (
        "dangling attendance",
        put("engagements.0.attendances.1.attendee", "attendee-3"),
        "$.engagements[0].attendances[1].attendee",
        'no attendee with key "attendee-3"',
    ),
    (
        "attendee listed twice",
        put("engagements.0.attendances.1.attendee", "attendee-1"),
        "$.engagements[0].attendances[1].attendee",
        "is listed twice (also at $.engagements[0].attendances[0])",
    ),
    (
        "bad part",
        put("engagements.0.attendances.0.part", "guest"),
        "$.engagements[0].attendances[0].part",
        "participant, signatory",
    ),
    (
        "attendance with an extra field",
        put("engagements.0.attendances.0.seat", "A1"),
        "$.engagements[0].attendances[0].seat",
        "unknown field",
    ),
    (
        "attendee null",
        put("engagements.0.attendances.0.attendee", None),
        "$.engagements[0].attendances[0].attendee",
        "expected an attendee key, not null",
    ),
    (
        "attendee a number",
        put("engagements.0.attendances.0.attendee", 1),
        "$.engagements[0].attendances[0].attendee",
        "expected a string",
    ),
    (
        "part null",
        put("engagements.0.attendances.0.part", None),
        "$.engagements[0].attendances[0].part",
        "null is not one of",
    ),
    (
        "part an array",
        put("engagements.0.attendances.0.part", ["participant"]),
        "$.engagements[0].attendances[0].part",
        "an array is not one of",
    ),
    (
        "attendance not an object",
        put("engagements.0.attendances.0", "attendee-1"),
        "$.engagements[0].attendances[0]",
        "expected an attendance",
    ),
    (
        "notes too long",
        put("engagements.0.public_notes", "x" * 20_001),
        "$.engagements[0].public_notes",
        "at most 20000",
    ),
    ("extra engagement field", put("engagements.1.location", "DIF"), "$.engagements[1].location", "unknown field"),
    ("integer too large", put("attendees.0.precedence", 10**30), "$.attendees[0].precedence", "out of range"),
    ("copied engagement", same_as("engagements.1", "engagements.0"), "$.engagements[1].uid", "already used"),
]


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_documents_name_the_json_path(mutate: Mutation, path: str, fragment: str) -> None:
    document = valid()
    mutate(document)
    with pytest.raises(UserError) as info:
        parse(document)
    message = info.value.message
    assert message.startswith(f"{path}: "), message
    assert fragment in message, message
    assert info.value.field == path


RAW: list[tuple[str, str, str, str]] = [
    # (case, text, path, fragment)
    ("invalid JSON", '{\n  "format": "visitplanner-visit",\n  "version": 1,\n}', "$", "line 4, column 1"),
    ("truncated", '{"format": "visitplanner-visit", "vers', "$", "Unterminated string starting at (line 1, column 34)"),
    ("empty", "", "$", "line 1, column 1"),
    ("array at the top", "[]", "$", "a visit file is a JSON object"),
    ("a string at the top", '"visit"', "$", "a visit file is a JSON object"),
    (
        "duplicate field",
        '{"format": "visitplanner-visit", "version": 1, "version": 1, "visit": {}}',
        "$.version",
        "given more than once",
    ),
    (
        "duplicate field in an attendance",
        json.dumps(valid()).replace(
            '"attendee": "attendee-1"', '"attendee": "attendee-1", "attendee": "attendee-1"', 1
        ),
        "$.engagements[0].attendances[0].attendee",
        "given more than once",
    ),
    ("NaN", json.dumps(valid()).replace('"latitude": 53.4066', '"latitude": NaN'), "$.venues[0].latitude", "not NaN"),
    (
        "huge exponent",
        json.dumps(valid()).replace('"latitude": 53.4066', '"latitude": 1e400'),
        "$.venues[0].latitude",
        "not 1e400",
    ),
    (
        "thousands of digits",
        '{"format": "visitplanner-visit", "version": ' + "9" * 5000 + "}",
        "$",
        "not valid JSON: a number in it is too long",
    ),
]


@pytest.mark.parametrize(("text", "path", "fragment"), [case[1:] for case in RAW], ids=[case[0] for case in RAW])
def test_malformed_text_names_the_json_path(text: str, path: str, fragment: str) -> None:
    with pytest.raises(UserError) as info:
        parse_visit_document(text)
    assert info.value.message.startswith(f"{path}: "), info.value.message
    assert fragment in info.value.message, info.value.message


def test_deeply_nested_values_are_refused() -> None:
    text = '{"format": "visitplanner-visit", "version": 1, "visit": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(UserError, match=r"^\$: "):
        parse_visit_document(text)


def test_oversized_text_is_refused_before_parsing() -> None:
    with pytest.raises(
        UserError, match=rf"^\$: the file is \d+ MB; a visit file may be at most {MAX_SIZE // 2**20} MB"
    ):
        parse_visit_document(" " * (MAX_SIZE + 1))


def test_read_visit_file(tmp_path: Path) -> None:
    path = tmp_path / "visit.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(valid(), ensure_ascii=False).encode("utf-8"))  # with a BOM
    assert read_visit_file(path) == parse(valid())


def test_read_visit_file_refuses_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "visit.json"
    path.write_bytes(json.dumps(valid(), ensure_ascii=False).encode("euc-kr"))
    with pytest.raises(UserError, match=r"^\$: visit\.json is not UTF-8 text \(byte 0x[0-9a-f]{2} at offset \d+\)"):
        read_visit_file(path)


def test_read_visit_file_names_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(UserError, match=r"missing\.json: the file cannot be read"):
        read_visit_file(path)


def test_read_visit_file_refuses_oversized_files(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_SIZE + 1)  # sparse: no real disk use
    with pytest.raises(UserError, match=rf"^\$: huge\.json is larger than {MAX_SIZE // 2**20} MB"):
        read_visit_file(path)
