"""The hostile-text corpus through every create and update service and the visit-file importer, on
SQLite and PostgreSQL: each value is stored and read back as written, or refused with a `UserError`
naming its field; never another exception, and never one database accepting what the other refuses."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.fixtures_db import VISIT_DAY, at
from tests.hostile import CHARACTERS, corpus, lengths
from tests.unit.test_visitfile_parse import valid
from visitplanner.domain import limits
from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, JourneyMode, LegDirection, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.names import parse_languages
from visitplanner.domain.values import (
    AttendeeData,
    EngagementData,
    EngagementPlan,
    GiftData,
    OrganisationData,
    PersonData,
    RoomData,
    TaskData,
    TravelLegData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.importers.visitfile import parse_visit_document
from visitplanner.services import (
    attendees,
    engagements,
    gifts,
    issues,
    organisations,
    people,
    tasks,
    travel,
    vehicles,
    venues,
    visits,
)
from visitplanner.services.visitfile import import_visit
from visitplanner.store.models import (
    Attendee,
    Base,
    BriefingIssue,
    Engagement,
    Gift,
    Organisation,
    Person,
    ReadinessTask,
    Room,
    TravelLeg,
    Vehicle,
    Venue,
    Visit,
)


@dataclass
class Scene:
    """The rows an entity's services need (a visit, a venue), and a counter for unique names."""

    session: Session
    visit_id: int
    venue_id: int
    counter: Iterator[int]

    def n(self) -> int:
        return next(self.counter)

    def person(self) -> int:
        return people.create_person(self.session, PersonData(f"Person {self.n()}")).created_id(Entity.PERSON)


@dataclass(frozen=True)
class Kind:
    """One kind of entity: its values, a valid one, and its create and update services.

    Attributes:
        model: the table its rows go to.
        base: a valid value, unique per call.
        create: the create service; returns the new row's id.
        update: the update service for row `ident`.
    """

    model: type[Base]
    base: Callable[[Scene], Any]
    create: Callable[[Scene, Any], int]
    update: Callable[[Scene, int, Any], object]


def _engagement_base(scene: Scene) -> EngagementData:
    start = at(9) + timedelta(minutes=scene.n() % 600)
    # one unnamed guest, so that the guests' label may hold text (a label without guests is refused)
    return EngagementData(
        EngagementKind.MEETING, f"Meeting {scene.n()}", start, start + timedelta(hours=1), guest_count=1
    )


def _leg_base(scene: Scene) -> TravelLegData:
    traveller = attendees.add_attendee(
        scene.session, scene.visit_id, AttendeeData(scene.person(), Side.VISITING, Role.DELEGATE)
    ).created_id(Entity.ATTENDEE)
    return TravelLegData(
        LegDirection.ARRIVAL,
        JourneyMode.FLIGHT,
        at(1),
        at(9),
        "Asia/Seoul",
        "Europe/London",
        (traveller,),
        number=f"KE {scene.n()}",
    )


def _gift_base(scene: Scene) -> GiftData:
    giver = attendees.add_attendee(
        scene.session, scene.visit_id, AttendeeData(scene.person(), Side.VISITING, Role.DELEGATE)
    ).created_id(Entity.ATTENDEE)
    return GiftData(f"Gift {scene.n()}", giver_attendee_id=giver, recipient_attendee_id=giver)


KINDS: dict[str, Kind] = {
    "organisation": Kind(
        Organisation,
        lambda s: OrganisationData(f"Organisation {s.n()}"),
        lambda s, d: organisations.create_organisation(s.session, d).created_id(Entity.ORGANISATION),
        lambda s, i, d: organisations.update_organisation(s.session, i, d),
    ),
    "visit": Kind(
        Visit,
        lambda s: VisitData(f"Visit {s.n()}", f"hostile-{s.n()}", VISIT_DAY, VISIT_DAY + timedelta(days=2)),
        lambda s, d: visits.create_visit(s.session, d).created_id(Entity.VISIT),
        lambda s, i, d: visits.update_visit(s.session, i, d),
    ),
    "person": Kind(
        Person,
        lambda s: PersonData(f"Person {s.n()}"),
        lambda s, d: people.create_person(s.session, d).created_id(Entity.PERSON),
        lambda s, i, d: people.update_person(s.session, i, d),
    ),
    "attendee": Kind(
        Attendee,
        lambda s: AttendeeData(s.person(), Side.HOST, Role.HOST),
        lambda s, d: attendees.add_attendee(s.session, s.visit_id, d).created_id(Entity.ATTENDEE),
        lambda s, i, d: attendees.update_attendee(s.session, i, d),
    ),
    "venue": Kind(
        Venue,
        lambda s: VenueData(f"Venue {s.n()}", f"V{s.n()}"),
        lambda s, d: venues.create_venue(s.session, d).created_id(Entity.VENUE),
        lambda s, i, d: venues.update_venue(s.session, i, d),
    ),
    "room": Kind(
        Room,
        lambda s: RoomData(f"Room {s.n()}"),
        lambda s, d: venues.add_room(s.session, s.venue_id, d).created_id(Entity.ROOM),
        lambda s, i, d: venues.update_room(s.session, i, d),
    ),
    "vehicle": Kind(
        Vehicle,
        lambda s: VehicleData(f"Car {s.n()}", 4),
        lambda s, d: vehicles.create_vehicle(s.session, s.visit_id, d).created_id(Entity.VEHICLE),
        lambda s, i, d: vehicles.update_vehicle(s.session, i, d),
    ),
    "engagement": Kind(
        Engagement,
        _engagement_base,
        lambda s, d: engagements.create_engagement(s.session, s.visit_id, EngagementPlan(d)).created_id(
            Entity.ENGAGEMENT
        ),
        lambda s, i, d: engagements.update_engagement(s.session, i, EngagementPlan(d)),
    ),
    "travel_leg": Kind(
        TravelLeg,
        _leg_base,
        lambda s, d: travel.create_leg(s.session, s.visit_id, d).created_id(Entity.TRAVEL_LEG),
        lambda s, i, d: travel.update_leg(s.session, i, d),
    ),
    "task": Kind(
        ReadinessTask,
        lambda s: TaskData(f"Task {s.n()}", due_days=7),
        lambda s, d: tasks.create_task(s.session, s.visit_id, d).created_id(Entity.TASK),
        lambda s, i, d: tasks.update_task(s.session, i, d),
    ),
    "gift": Kind(
        Gift,
        _gift_base,
        lambda s, d: gifts.create_gift(s.session, s.visit_id, d).created_id(Entity.GIFT),
        lambda s, i, d: gifts.update_gift(s.session, i, d),
    ),
}

#: The value class of each kind: its `TEXT` rules name every text field and its limit.
VALUES: dict[str, Any] = {
    "organisation": OrganisationData,
    "visit": VisitData,
    "person": PersonData,
    "attendee": AttendeeData,
    "venue": VenueData,
    "room": RoomData,
    "vehicle": VehicleData,
    "engagement": EngagementData,
    "travel_leg": TravelLegData,
    "task": TaskData,
    "gift": GiftData,
}
TEXT_FIELDS = [(kind, name) for kind, cls in VALUES.items() for name in cls.TEXT]


def _stored_forms(field: str, value: str) -> set[str]:
    """What a service may store for `value`: it as given, or stripped (names), or written out
    ("ko,en" -> "ko, en")."""
    forms = {value, value.strip()}
    if field == "languages":
        forms.add(", ".join(parse_languages(value)))
    return forms


@pytest.fixture
def scene(session: Session, create_visit: Callable[..., int], create_venue: Callable[..., int]) -> Scene:
    return Scene(session, create_visit(), create_venue(), iter(range(1, 1_000_000)))


#: Fields with a format of their own (a language code among them): a value of the right length may
#: still be refused.
FORMATTED = frozenset(
    {
        "slug",
        "code",
        "local_time_zone",
        "home_time_zone",
        "time_zone",
        "email",
        "departs_zone",
        "arrives_zone",
        "done_on",
        "currency",
        "document_language",
    }
)


def _expected(field: str, value: str, limit: int) -> str | None:
    """ "refused" over the limit (on every database alike), "stored" for free text at the limit."""
    if len(value) > limit:
        return "refused"
    if len(value) == limit and field not in FORMATTED:
        return "stored"
    return None


def _outcome(
    session: Session,
    label: str,
    field: str,
    value: str,
    call: Callable[[], int],
    read: Callable[[int], str],
    expect: str | None = None,
) -> str | None:
    """None when `call` stored `value` (as a service may write it) or refused it naming `field`,
    as `expect`ed; otherwise what went wrong."""
    try:
        ident = call()
    except UserError as exc:
        if exc.field != field:
            return f"{label}: refused naming {exc.field!r}, not {field!r}: {exc}"
        return f"{label}: refused, though it should be stored: {exc}" if expect == "stored" else None
    except Exception as exc:  # the point of the test: nothing else may escape
        return f"{label}: {type(exc).__name__}: {str(exc)[:200]}"
    if expect == "refused":
        return f"{label}: stored, though it is {len(value)} characters long"
    session.expire_all()
    stored = read(ident)
    if stored not in _stored_forms(field, value):
        return f"{label}: stored {stored[:40]!r}, given {value[:40]!r}"
    return None


@pytest.mark.parametrize(("kind", "field"), TEXT_FIELDS, ids=[f"{k}.{f}" for k, f in TEXT_FIELDS])
def test_every_service_stores_or_names_the_field(scene: Scene, kind: str, field: str) -> None:
    spec = KINDS[kind]
    session = scene.session
    original = spec.base(scene)
    row_id = spec.create(scene, original)

    def read(ident: int) -> str:
        row = session.get(spec.model, ident)
        assert row is not None
        value = getattr(row, field)
        assert isinstance(value, str)
        return value

    def updated(data: Any) -> int:
        spec.update(scene, row_id, data)
        return row_id

    failures: list[str | None] = []
    limit = VALUES[kind].TEXT[field].limit
    for label, value in corpus(limit):
        expect = _expected(field, value, limit)
        same = dataclasses.replace(original, **{field: value})
        failures.append(_outcome(session, f"update {label}", field, value, partial(updated, same), read, expect))
        spec.update(scene, row_id, original)  # so the new row below may take a unique name
        fresh = dataclasses.replace(spec.base(scene), **{field: value})
        create = partial(spec.create, scene, fresh)
        failures.append(_outcome(session, f"create {label}", field, value, create, read, expect))
    assert [f for f in failures if f] == []


def test_a_briefing_issue_stores_or_names_who_issued_it(scene: Scene) -> None:
    session = scene.session

    def record(value: str) -> int:
        issues.record_issue(session, scene.visit_id, now=at(8), issued_by=value)
        row = session.scalars(
            select(BriefingIssue).where(BriefingIssue.visit_id == scene.visit_id).order_by(BriefingIssue.number.desc())
        ).first()
        assert row is not None
        return row.id

    def read(ident: int) -> str:
        row = session.get(BriefingIssue, ident)
        assert row is not None
        return row.issued_by

    failures = [
        _outcome(session, label, "issued_by", value, partial(record, value), read, _expected("", value, limits.LINE))
        for label, value in corpus(limits.LINE)
    ]
    assert [f for f in failures if f] == []


# --- the visit file ------------------------------------------------------------------------------

#: Text fields of the visit file (dotted paths into `valid()`), and the limit of each.
VISIT_FILE_FIELDS: dict[str, int] = {
    **{f"visit.{name}": VisitData.TEXT[name].limit for name in VisitData.TEXT},
    **{f"organisations.0.{name}": OrganisationData.TEXT[name].limit for name in OrganisationData.TEXT},
    **{f"people.0.{name}": PersonData.TEXT[name].limit for name in PersonData.TEXT},
    **{f"venues.0.{name}": VenueData.TEXT[name].limit for name in VenueData.TEXT},
    **{f"venues.0.rooms.0.{name}": RoomData.TEXT[name].limit for name in RoomData.TEXT},
    **{f"attendees.0.{name}": AttendeeData.TEXT[name].limit for name in AttendeeData.TEXT},
    **{f"vehicles.0.{name}": VehicleData.TEXT[name].limit for name in VehicleData.TEXT},
    **{f"engagements.1.{name}": EngagementData.TEXT[name].limit for name in EngagementData.TEXT},
}


def _json_path(path: str) -> str:
    """ "people.0.email" -> "$.people[0].email"."""
    out = "$"
    for part in path.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def _put(document: dict[str, Any], path: str, value: str) -> None:
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value


def _document(n: int, values: dict[str, str]) -> dict[str, Any]:
    """The valid document, made unique (slug, codes, names, e-mails, UIDs) so nothing is reused
    from an earlier import, with `values` put at their paths."""
    document = valid()
    document["visit"]["slug"] = f"hostile-file-{n}"
    document["organisations"][0]["name"] = f"Organisation file {n}"
    for i, person in enumerate(document["people"]):
        person["email"] = f"person{i}-{n}@example.org"
    codes = {"DIF": f"D{n}", "HOTEL": f"H{n}"}
    for venue in document["venues"]:
        venue["code"] = codes[venue["code"]]
    for journey in document["travel_times"]:
        journey["from"], journey["to"] = codes[journey["from"]], codes[journey["to"]]
    for engagement in document["engagements"]:
        engagement["uid"] = str(uuid.uuid4())
        for name in ("venue", "origin_venue"):
            if engagement.get(name):
                engagement[name] = codes[engagement[name]]
    document["engagements"][1]["guest_count"] = 1  # so that the guests' label may hold text
    for path, value in values.items():
        _put(document, path, value)
        if path == "venues.0.code":  # what refers to the venue follows its code
            document["engagements"][0]["venue"] = document["engagements"][1]["venue"] = value
            document["travel_times"][0]["to"] = value
        if path == "venues.0.rooms.0.name":
            document["engagements"][1]["room"] = value
    return document


def _stored(session: Session, slug: str, uid: str) -> dict[str, str]:
    """The text fields of an imported document, read back from the database by path."""
    session.expire_all()
    visit = session.scalars(select(Visit).where(Visit.slug == slug)).one()
    principal = next(a for a in visit.attendees if a.side is Side.VISITING)
    engagement = session.scalars(select(Engagement).where(Engagement.uuid == uid)).one()
    assert engagement.venue is not None
    venue = engagement.venue
    room = engagement.room
    rows: dict[str, Any] = {
        "visit": visit,
        "organisations.0": visit.visiting_organisation,
        "people.0": principal.person,
        "venues.0": venue,
        "venues.0.rooms.0": room,
        "attendees.0": principal,
        "vehicles.0": visit.vehicles[0],
        "engagements.1": engagement,
    }
    return {path: getattr(rows[path.rsplit(".", 1)[0]], path.rsplit(".", 1)[1]) for path in VISIT_FILE_FIELDS}


def test_the_visit_file_stores_or_names_the_path(session: Session) -> None:
    """Each value is tried in each field alone: a refusal must name that field's JSON path; the
    values every field accepts are then imported together and read back."""
    failures: list[str] = []
    trials = [(label, value, list(VISIT_FILE_FIELDS)) for label, value in CHARACTERS.items()]
    for limit in sorted(set(VISIT_FILE_FIELDS.values())):  # each length in the fields of that limit
        paths = [path for path, own in VISIT_FILE_FIELDS.items() if own == limit]
        trials.extend((f"{label} at {limit}", value, paths) for label, value in lengths(limit))
    for n, (label, value, paths) in enumerate(trials):
        accepted: dict[str, str] = {}
        for path in paths:
            text = json.dumps(_document(n, {path: value}))
            expect = _expected(path.rsplit(".", 1)[1], value, VISIT_FILE_FIELDS[path])
            try:
                parse_visit_document(text)
            except UserError as exc:
                if exc.field is None or not exc.field.startswith(_json_path(path)):
                    failures.append(f"{label} at {path}: refused naming {exc.field!r}: {exc}")
                elif expect == "stored":
                    failures.append(f"{label} at {path}: refused, though the services accept it: {exc}")
                continue
            except Exception as exc:
                failures.append(f"{label} at {path}: {type(exc).__name__}: {exc}")
                continue
            if expect == "refused":
                failures.append(f"{label} at {path}: accepted, though it is {len(value)} characters long")
                continue
            accepted[path] = value
        if not accepted:
            continue
        document = _document(n, accepted)
        try:
            import_visit(session, parse_visit_document(json.dumps(document)))
        except Exception as exc:  # every value was accepted alone: together they must import
            failures.append(f"{label}: import of {sorted(accepted)} failed: {type(exc).__name__}: {exc}")
            continue
        stored = _stored(session, document["visit"]["slug"], document["engagements"][1]["uid"])
        for path, given in accepted.items():
            if stored[path] not in _stored_forms(path.rsplit(".", 1)[1], given):
                failures.append(f"{label} at {path}: stored {stored[path][:40]!r}, given {given[:40]!r}")
    assert failures == []
