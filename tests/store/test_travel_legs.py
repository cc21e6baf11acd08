"""Travel legs on real databases: create, edit, delete, undo (with attendees and visits), and the checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import JourneyMode, LegDirection
from visitplanner.domain.errors import ConflictError, UserError
from visitplanner.services import attendees, engagements, snapshots, travel
from visitplanner.services.checks import check_visit
from visitplanner.services.demo import build_demo
from visitplanner.store.models import Attendee, Engagement, TravelLeg, Venue
from visitplanner.store.queries import travel_legs_of


def _demo(session: Session) -> tuple[int, TravelLeg, TravelLeg]:
    visit_id = build_demo(session).created_id(Entity.VISIT)
    arrival, departure = travel_legs_of(session, visit_id)
    return visit_id, arrival, departure


def _attendee(session: Session, visit_id: int, family: str) -> Attendee:
    return next(
        a
        for a in session.scalars(select(Attendee).where(Attendee.visit_id == visit_id))
        if a.person.family_name == family
    )


def _engagement(session: Session, title: str) -> Engagement:
    return session.scalars(select(Engagement).where(Engagement.title == title)).one()


def test_the_demo_has_its_flights_and_no_travel_findings(session: Session) -> None:
    visit_id, arrival, departure = _demo(session)
    assert (arrival.number, arrival.direction, departure.number) == ("KE 9021", LegDirection.ARRIVAL, "KE 9022")
    assert len(arrival.travellers) == 5
    travel_codes = {
        "engagement-before-arrival",
        "engagement-after-departure",
        "pickup-mismatch",
        "arrival-without-transfer",
        "departure-without-transfer",
        "principal-not-met",
    }
    assert not [f for f in check_visit(session, visit_id) if f.code in travel_codes]


def test_moving_the_farewell_past_the_departure_names_the_flight(session: Session) -> None:
    visit_id, _, _ = _demo(session)
    farewell = _engagement(session, "Farewell and departure")
    engagements.move_engagement(session, farewell.id, farewell.start_at + timedelta(hours=2))
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "engagement-after-departure"]
    assert finding.severity.value == "error" and finding.engagement_ids == (farewell.id,)
    assert "KE 9022" in finding.message and "Wed 12 May 18:00" in finding.message
    assert finding.message.startswith("Park Heong-Joon")  # the principal first


def test_an_early_start_and_a_late_pickup_and_a_missing_transfer(session: Session) -> None:
    visit_id, _, _ = _demo(session)
    car = _engagement(session, "Transfer: airport to hotel (Mayor)")
    engagements.move_engagement(session, car.id, car.start_at + timedelta(hours=1))
    codes = {f.code: f for f in check_visit(session, visit_id)}
    assert "leaves 1 h 35 min after they are through arrivals" in codes["pickup-mismatch"].message
    bus = _engagement(session, "Transfer: Foresight Centre to Manchester Airport (delegation)")
    engagements.delete_engagement(session, bus.id)
    missing = [f for f in check_visit(session, visit_id) if f.code == "departure-without-transfer"]
    assert len(missing) == 1 and "with no transfer to Manchester Airport planned" in missing[0].message
    assert len(missing[0].attendee_ids) == 3  # the delegation's minibus riders


def test_a_principal_met_by_a_junior_or_by_nobody(session: Session) -> None:
    visit_id, arrival, _ = _demo(session)
    whitfield = _attendee(session, visit_id, "Whitfield")
    data = travel.leg_data(arrival)
    travel.update_leg(session, arrival.id, replace(data, met_by_attendee_id=whitfield.id))
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "principal-not-met"]
    assert "Tom Whitfield (host side, rank 6)" in finding.message and "ranked 1–3" in finding.message
    travel.update_leg(session, arrival.id, replace(data, met_by_attendee_id=None))
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "principal-not-met"]
    assert "nobody is down to meet them" in finding.message


def test_bad_legs_are_refused_by_field(session: Session) -> None:
    visit_id, arrival, _ = _demo(session)
    data = travel.leg_data(arrival)
    with pytest.raises(UserError, match="travellers: choose at least one"):
        travel.create_leg(session, visit_id, replace(data, traveller_ids=()))
    with pytest.raises(UserError, match="met_by: someone on the journey"):
        travel.create_leg(session, visit_id, replace(data, met_by_attendee_id=data.traveller_ids[0]))
    with pytest.raises(UserError, match="arrives: must be after"):
        travel.create_leg(session, visit_id, replace(data, arrives=data.departs))
    with pytest.raises(UserError, match="does not attend this visit"):
        travel.create_leg(session, visit_id, replace(data, traveller_ids=(999_999,)))
    with pytest.raises(UserError, match="number: give the flight's number"):
        travel.create_leg(session, visit_id, replace(data, number="", carrier=""))
    assert len(travel_legs_of(session, visit_id)) == 2


def test_a_group_leg_edit_moves_the_version_and_a_stale_edit_is_refused(session: Session) -> None:
    _, arrival, _ = _demo(session)
    version = arrival.version
    data = travel.leg_data(arrival)
    changes = travel.update_leg(session, arrival.id, replace(data, traveller_ids=data.traveller_ids[:2]), version)
    assert (Entity.TRAVEL_LEG, arrival.id) in changes.updated
    session.refresh(arrival)
    assert arrival.version == version + 1 and len(arrival.travellers) == 2
    with pytest.raises(ConflictError):
        travel.update_leg(session, arrival.id, data, version)
    assert travel.update_leg(session, arrival.id, travel.leg_data(arrival)) == type(changes)()


def test_undo_of_a_leg_delete_puts_it_back(session: Session) -> None:
    visit_id, arrival, _ = _demo(session)
    before = travel.leg_data(arrival)
    snap = snapshots.snapshot(session, Entity.TRAVEL_LEG, arrival.id)
    snapshots.delete(session, Entity.TRAVEL_LEG, arrival.id)
    assert len(travel_legs_of(session, visit_id)) == 1
    changes = snapshots.restore(session, snap)
    restored = session.get(TravelLeg, changes.created_id(Entity.TRAVEL_LEG))
    assert restored is not None and travel.leg_data(restored) == before


def test_undo_of_removing_an_attendee_puts_them_back_on_their_legs_and_as_greeter(session: Session) -> None:
    visit_id, arrival, departure = _demo(session)
    park = _attendee(session, visit_id, "Park")
    marsh = _attendee(session, visit_id, "Marsh")
    taken = [snapshots.snapshot(session, Entity.ATTENDEE, a.id) for a in (park, marsh)]
    changes = attendees.remove_attendee(session, park.id) | attendees.remove_attendee(session, marsh.id)
    assert {arrival.id, departure.id} <= changes.ids(Entity.TRAVEL_LEG)
    session.expire_all()
    assert len(arrival.travellers) == 4 and arrival.met_by_attendee_id is None
    restored = snapshots.restore(session, *taken)
    new_ids = {old: new for entity, old, new in restored.replaced if entity is Entity.ATTENDEE}
    session.expire_all()
    assert new_ids[park.id] in {t.attendee_id for t in arrival.travellers}
    assert new_ids[park.id] in {t.attendee_id for t in departure.travellers}
    assert arrival.met_by_attendee_id == new_ids[marsh.id]


def test_deleting_and_restoring_the_visit_keeps_its_legs(session: Session) -> None:
    visit_id, arrival, _ = _demo(session)
    before = [travel.leg_data(leg).number for leg in travel_legs_of(session, visit_id)]
    snap = snapshots.snapshot(session, Entity.VISIT, visit_id)
    deleted = snapshots.delete(session, Entity.VISIT, visit_id)
    assert (Entity.TRAVEL_LEG, arrival.id) in deleted.deleted
    changes = snapshots.restore(session, snap)
    new_visit = changes.created_id(Entity.VISIT)
    assert [leg.number for leg in travel_legs_of(session, new_visit)] == before
    assert travel_legs_of(session, new_visit)[0].met_by_attendee_id is not None


def test_a_venue_an_arrival_uses_cannot_be_deleted(session: Session) -> None:
    from visitplanner.services import venues

    _demo(session)
    man = session.scalars(select(Venue).where(Venue.code == "MAN")).one()
    for e in session.scalars(
        select(Engagement).where((Engagement.venue_id == man.id) | (Engagement.origin_venue_id == man.id))
    ):
        engagements.delete_engagement(session, e.id)
    with pytest.raises(UserError, match="KE 9021"):
        venues.delete_venue(session, man.id)


def test_a_train_leg_without_a_venue_still_checks_times(session: Session) -> None:
    visit_id, arrival, _ = _demo(session)
    data = replace(
        travel.leg_data(arrival),
        mode=JourneyMode.TRAIN,
        number="",
        carrier="Avanti West Coast",
        venue_id=None,
        arrives=arrival.arrives_at + timedelta(hours=6, minutes=45),  # 15:00 BST
        departs=arrival.arrives_at + timedelta(hours=4, minutes=45),
        to_place="Liverpool Lime Street",
        to_terminal="",
        departs_zone="Europe/London",
        traveller_ids=(_attendee(session, visit_id, "Rotheram").id,),
        met_by_attendee_id=None,
    )
    travel.create_leg(session, visit_id, data)
    [finding] = [f for f in check_visit(session, visit_id) if f.code == "engagement-before-arrival"]
    assert "Steve Rotheram arrives on Avanti West Coast (arrives at Liverpool Lime Street Tue 11 May 15:00)" in (
        finding.message
    )
    assert "'MOU signing ceremony' (Tue 11 May 15:15" in finding.message and "45 min after arrival" in finding.message
