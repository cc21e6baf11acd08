"""Briefing-pack issues as recorded: a visit's issues, the plan's snapshot now, and where its pack stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.errors import UserError
from visitplanner.store.models import BriefingIssue, Visit
from visitplanner.store.queries import attendees_of, engagements_of


@dataclass(frozen=True)
class IssueStatus:
    """Where a visit's pack stands.

    Attributes:
        number: the last recorded issue (0: none yet).
        issued_at: when it was recorded (None when no issue, or an issue number without a record).
        current: True when the plan is exactly what the last issue showed, so an export is that
            issue; False when it has changed since (an export is then a draft).
    """

    number: int
    issued_at: datetime | None
    current: bool


def issues_of(session: Session, visit_id: int) -> list[BriefingIssue]:
    """The visit's recorded issues, oldest first."""
    return list(
        session.scalars(select(BriefingIssue).where(BriefingIssue.visit_id == visit_id).order_by(BriefingIssue.number))
    )


def issue_of(session: Session, visit_id: int, number: int) -> BriefingIssue | None:
    """The recorded issue `number` of the visit (None for 0, or a number set without a record)."""
    if number <= 0:
        return None
    return session.scalars(
        select(BriefingIssue).where(BriefingIssue.visit_id == visit_id, BriefingIssue.number == number)
    ).one_or_none()


def current_snapshot(session: Session, visit_id: int) -> dict[str, Any]:
    """The plan as it is now, in the form an issue records."""
    return BriefingIssue.snapshot_of(attendees_of(session, visit_id), engagements_of(session, visit_id))


def issue_status(session: Session, visit_id: int) -> IssueStatus:
    """The last recorded issue and whether the plan still matches it (the CLI exports a draft if not)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    record = issue_of(session, visit_id, visit.issue_number)
    if record is None:
        return IssueStatus(visit.issue_number, None, False)
    return IssueStatus(record.number, record.issued_at, dict(record.snapshot) == current_snapshot(session, visit_id))


@dataclass(frozen=True)
class IssueRecord:
    """What a recorded issue keeps of the pack it goes out with: its number, the plan's snapshot
    (the next issue lists what changed since) and each numbered edition's copies."""

    number: int
    snapshot: dict[str, Any]
    copies: dict[str, list[str]]


def last_issue_record(session: Session, visit_id: int) -> IssueRecord | None:
    """The visit's last recorded issue (None when there is none)."""
    record = session.scalars(
        select(BriefingIssue).where(BriefingIssue.visit_id == visit_id).order_by(BriefingIssue.number.desc()).limit(1)
    ).one_or_none()
    if record is None:
        return None
    return IssueRecord(record.number, dict(record.snapshot), {k: list(v) for k, v in (record.copies or {}).items()})
