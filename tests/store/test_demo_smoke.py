"""The demo visit builds through the services, on every backend, and rebuilds to the same visit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.exporters.visitfile import export_visit_document
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.models import Organisation, Person, Room, TravelTime, Venue
from visitplanner.store.queries import attendees_of, engagements_of, find_visit


def shared_rows(session: Session) -> dict[str, int]:
    """How many rows the demo shares with other visits (it reuses them by email, code or name)."""
    models: list[type[Any]] = [Organisation, Person, Venue, Room, TravelTime]
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models}


def without_uids(document: dict[str, Any]) -> dict[str, Any]:
    """The visit file without the engagements' calendar UIDs: a recreated engagement gets a new one
    (gifts name their engagement by UID: by its title here)."""
    engagements = [{k: v for k, v in e.items() if k != "uid"} for e in document["engagements"]]
    titles = {e["uid"]: e["title"] for e in document["engagements"]}
    gifts = [{**g, "engagement": titles.get(g["engagement"])} for g in document.get("gifts", [])]
    return {**document, "engagements": engagements, "gifts": gifts}


def test_demo_builds_and_rebuilds(session: Session) -> None:
    build_demo(session)
    first = export_visit_document(session, find_visit(session, SLUG).id)
    shared = shared_rows(session)
    build_demo(session)  # recreating reuses people and venues instead of duplicating them
    visit = find_visit(session, SLUG)
    again = export_visit_document(session, visit.id)
    assert without_uids(again) == without_uids(first)  # the same visit, field by field
    assert shared_rows(session) == shared
    assert len(first["engagements"]) > 10 and len(first["attendees"]) == 16
    titles = [e.title for e in engagements_of(session, visit.id)]
    assert "MOU signing ceremony" in titles
    assert any("Digital Innovation Facility" in t for t in titles)
    assert any("Materials Innovation Factory" in t for t in titles)
    names = [a.person.native_name for a in attendees_of(session, visit.id)]
    assert "박형준" in names
