"""The demo visit builds through the services, on every backend."""

from __future__ import annotations

from sqlalchemy.orm import Session

from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.queries import attendees_of, engagements_of, find_visit


def test_demo_builds_and_rebuilds(session: Session) -> None:
    build_demo(session)
    build_demo(session)  # recreating reuses people and venues instead of duplicating them
    visit = find_visit(session, SLUG)
    titles = [e.title for e in engagements_of(session, visit.id)]
    assert "MOU signing ceremony" in titles
    assert any("Digital Innovation Facility" in t for t in titles)
    assert any("Materials Innovation Factory" in t for t in titles)
    names = [a.person.native_name for a in attendees_of(session, visit.id)]
    assert "박형준" in names
