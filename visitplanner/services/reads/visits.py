"""A visit read for its editor."""

from __future__ import annotations

from visitplanner.domain.values import VisitData
from visitplanner.services.visits import visit_data
from visitplanner.store.database import Session
from visitplanner.store.models import Visit


def read_visit_data(session: Session, visit_id: int) -> tuple[VisitData, int] | None:
    """The visit's fields as its editor takes them, with the row version read; None when it is gone."""
    visit = session.get(Visit, visit_id)
    return None if visit is None else (visit_data(visit), visit.version)
