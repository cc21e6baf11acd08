"""The visit file carries interpretation (version 2) and travel legs (version 3), and still reads older files."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import InterpretationMode
from visitplanner.domain.errors import UserError
from visitplanner.exporters.visitfile import VERSION, dump_visit_document, export_visit_document
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import engagements
from visitplanner.services.demo import build_demo
from visitplanner.services.engagements import engagement_plan
from visitplanner.services.visitfile import import_visit
from visitplanner.store.models import Engagement
from visitplanner.store.queries import engagements_of


def _meeting(session: Session, visit_id: int) -> Engagement:
    return next(e for e in engagements_of(session, visit_id) if e.title.startswith("Meeting with senior"))


def test_interpretation_round_trips(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    meeting = _meeting(session, visit_id)
    plan = engagement_plan(meeting)
    from dataclasses import replace

    engagements.update_engagement(
        session, meeting.id, replace(plan, data=replace(plan.data, interpretation=InterpretationMode.SIMULTANEOUS))
    )
    document = export_visit_document(session, visit_id)
    assert document["version"] == VERSION >= 4
    [row] = [e for e in document["engagements"] if e["title"] == meeting.title]
    assert row["interpretation"] == "simultaneous"
    parsed = parse_visit_document(dump_visit_document(document).replace('"slug": "busan-liverpool"', '"slug": "copy"'))
    [entry] = [e for e in parsed.engagements if e.data.title == meeting.title]
    assert entry.data.interpretation is InterpretationMode.SIMULTANEOUS


def test_a_version_1_file_is_still_read(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    document["version"] = 1
    for newer in ("travel_legs", "tasks", "gifts"):  # sections of later versions
        del document[newer]
    for row in document["engagements"]:
        del row["interpretation"]
        row.pop("seating", None)
    document["visit"]["slug"] = "older-copy"
    for row in document["engagements"]:
        row["uid"] = row["uid"][:-4] + "abcd"
    text = json.dumps(document, ensure_ascii=False)
    changes = import_visit(session, parse_visit_document(text))
    copy_id = changes.created_id(Entity.VISIT)
    assert {e.interpretation for e in engagements_of(session, copy_id)} == {InterpretationMode.CONSECUTIVE}


def test_the_itinerary_read_keeps_the_interpretation(session: Session) -> None:
    from dataclasses import replace

    from visitplanner.services.reads.itinerary import read_itinerary

    visit_id = build_demo(session).created_id(Entity.VISIT)
    meeting = _meeting(session, visit_id)
    plan = engagement_plan(meeting)
    engagements.update_engagement(
        session, meeting.id, replace(plan, data=replace(plan.data, interpretation=InterpretationMode.SIMULTANEOUS))
    )
    itinerary = read_itinerary(session, visit_id)
    assert itinerary is not None
    [row] = [r for r in itinerary.rows if r.id == meeting.id]
    assert row.plan.data.interpretation is InterpretationMode.SIMULTANEOUS


def test_the_demo_flights_travel_in_the_file(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    arrival, departure = document["travel_legs"]
    assert (arrival["number"], arrival["direction"], arrival["venue"]) == ("KE 9021", "arrival", "MAN")
    assert (departure["number"], departure["direction"]) == ("KE 9022", "departure")
    assert arrival["arrives"] == "2027-05-11T07:15:00Z" and arrival["arrives_zone"] == "Europe/London"
    assert arrival["departs_zone"] == "Asia/Seoul"
    assert len(arrival["travellers"]) == 5 and arrival["met_by"] not in arrival["travellers"]
    parsed = parse_visit_document(dump_visit_document(document))
    assert [leg.travellers for leg in parsed.travel_legs] == [
        tuple(arrival["travellers"]),
        tuple(departure["travellers"]),
    ]


def test_a_version_2_file_without_travel_legs_is_still_read(session: Session) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    document["version"] = 2
    for newer in ("travel_legs", "tasks", "gifts"):
        del document[newer]
    for row in document["engagements"]:
        row.pop("seating", None)
    parsed = parse_visit_document(json.dumps(document, ensure_ascii=False))
    assert parsed.version == 2 and parsed.travel_legs == ()


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda leg: leg["travellers"].append("attendee-99"), "$.travel_legs[0].travellers[5]", "no attendee"),
        (lambda leg: leg.update(travellers=[]), "$.travel_legs[0].travellers", "at least one"),
        (lambda leg: leg.update(venue="NOPE"), "$.travel_legs[0].venue", "no venue with code"),
        (lambda leg: leg.update(arrives="2027-05-10T07:15:00Z"), "$.travel_legs[0].arrives", "after the departure"),
        (lambda leg: leg.update(departs_zone="Mars/Base"), "$.travel_legs[0].departs_zone", "unknown time zone"),
        (lambda leg: leg.update(met_by=leg["travellers"][0]), "$.travel_legs[0].met_by", "cannot also meet"),
    ],
)
def test_a_bad_travel_leg_is_refused_by_path(session: Session, mutate: Any, path: str, message: str) -> None:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    document = export_visit_document(session, visit_id)
    mutate(document["travel_legs"][0])
    with pytest.raises(UserError) as caught:
        parse_visit_document(json.dumps(document, ensure_ascii=False))
    assert str(caught.value).startswith(path) and message in str(caught.value)
