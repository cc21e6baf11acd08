"""Briefing-pack issues: record a numbered issue with a snapshot of the plan it shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.timerange import require_aware
from visitplanner.domain.values import limited
from visitplanner.services.base import get, service
from visitplanner.services.visits import set_issue_number
from visitplanner.store.editions import distribution_of, editions_of
from visitplanner.store.issues import current_snapshot
from visitplanner.store.models import BriefingIssue, Visit


@service
def record_issue(session: Session, visit_id: int, *, now: datetime, issued_by: str = "") -> Changes:
    """Record the next issue of the visit's briefing pack: its number becomes the visit's issue
    number, a snapshot of the plan is kept so the next issue can list what changed since, and the
    numbered copies of each edition showing restricted information are recorded."""
    issued_at = require_aware(now, "now")
    issued_by = limited(issued_by.strip(), "issued_by")
    visit = get(session, Visit, visit_id, "visit")
    recorded = session.scalar(select(func.max(BriefingIssue.number)).where(BriefingIssue.visit_id == visit_id))
    number = max(visit.issue_number, recorded or 0) + 1
    snapshot = current_snapshot(session, visit_id)
    # Each numbered edition's copies, in copy order, as they go out with this issue.
    copies = {e.name: distribution_of(session, visit_id, e) for e in editions_of(session, visit_id) if e.numbered}
    session.add(
        BriefingIssue(
            visit_id=visit_id,
            number=number,
            issued_at=issued_at,
            issued_by=issued_by,
            snapshot=snapshot,
            copies=copies,
        )
    )
    return set_issue_number(session, visit_id, number)


@service
def restore_issues(
    session: Session,
    visit_id: int,
    issues: Sequence[tuple[int, datetime, str, dict[str, list[str]], dict[str, Any]]],
) -> Changes:
    """Put back recorded issues (number, issued at, issued by, copies, snapshot) as a visit file
    carries them (snapshots keyed by this database's attendee ids): a visit moved by visit file
    keeps its issues, so the next issue lists only what changed since the last one."""
    get(session, Visit, visit_id, "visit")
    for number, issued_at, issued_by, copies, snapshot in issues:
        session.add(
            BriefingIssue(
                visit_id=visit_id,
                number=number,
                issued_at=require_aware(issued_at, "issued_at"),
                issued_by=limited(issued_by.strip(), "issued_by"),
                snapshot=snapshot,
                copies=copies,
            )
        )
    return Changes.of_updated(Entity.VISIT, visit_id) if issues else Changes()
