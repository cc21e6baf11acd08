"""Recording briefing-pack issues, and the pack's "changes since the previous issue"."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.cli import main
from visitplanner.domain.enums import AttendancePart
from visitplanner.domain.errors import UserError
from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.services import engagements, issues, visits
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.issues import issue_status, issues_of
from visitplanner.store.models import BriefingIssue, Engagement, Visit
from visitplanner.store.queries import attendees_of, engagements_of, find_visit

T0 = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


def squash(text: str) -> str:
    return "".join(text.split())


def changes_page(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return squash(
        "".join(
            p.extract_text()
            for p in reader.pages
            if "Changes since the previous issue" in p.extract_text() and "Contents" not in p.extract_text()
        )
    )


def by_title(session: Session, visit_id: int, title: str) -> Engagement:
    return next(e for e in engagements_of(session, visit_id) if e.title == title)


def test_issues_are_numbered_with_a_snapshot(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG)
    issues.record_issue(session, visit.id, now=T0, issued_by="okafor")
    issues.record_issue(session, visit.id, now=T0 + timedelta(hours=1))
    recorded = issues_of(session, visit.id)
    assert [(i.number, i.issued_by) for i in recorded] == [(1, "okafor"), (2, "")]
    assert visit.issue_number == 2
    snapshot = recorded[0].snapshot
    assert snapshot["format"] == 1 and len(snapshot["engagements"]) == len(engagements_of(session, visit.id))
    mou = next(e for e in snapshot["engagements"].values() if e["title"] == "MOU signing ceremony")
    assert mou["start"] == "2027-05-11T14:15:00+00:00" and mou["room"] == "Atrium"
    assert "signatory" in mou["attendances"].values()
    assert recorded[0].issued_at == T0


def test_issue_numbers_continue_after_a_number_set_by_hand(session: Session, create_visit) -> None:
    visit = create_visit()
    visits.set_issue_number(session, visit, 4)
    issues.record_issue(session, visit, now=T0)
    assert [i.number for i in issues_of(session, visit)] == [5]
    visits.set_issue_number(session, visit, 2)  # e.g. undone by hand: never reuse a recorded number
    issues.record_issue(session, visit, now=T0)
    assert [i.number for i in issues_of(session, visit)] == [5, 6]


def test_record_issue_refuses_bad_input(session: Session, create_visit) -> None:
    with pytest.raises(UserError, match="visit"):
        issues.record_issue(session, 999_999, now=T0)
    with pytest.raises(UserError, match="now"):
        issues.record_issue(session, create_visit(), now=datetime(2027, 5, 1, 9, 0))


def test_issues_go_with_their_visit(session: Session, create_visit) -> None:
    visit = create_visit()
    issues.record_issue(session, visit, now=T0)
    visits.delete_visit(session, visit)
    session.expire_all()
    assert session.scalars(select(BriefingIssue).where(BriefingIssue.visit_id == visit)).all() == []


def test_status_is_current_until_the_plan_changes(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    assert issue_status(session, visit).number == 0 and not issue_status(session, visit).current
    issues.record_issue(session, visit, now=T0)
    assert issue_status(session, visit).current
    engagements.cancel_engagement(session, by_title(session, visit, "Press photocall").id)
    status = issue_status(session, visit)
    assert status.number == 1 and status.issued_at == T0 and not status.current


def test_the_next_issue_lists_what_changed_since_the_previous_one(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    issues.record_issue(session, visit, now=T0)
    first = build_briefing_pack(session, visit, now=T0, draft=False)
    # the first issue has nothing to compare with: no "changes" page at all
    assert changes_page(first) == "" and "Issue1,1May2027" in squash(
        PdfReader(io.BytesIO(first)).pages[0].extract_text()
    )
    assert "Changessince" not in squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(first)).pages))

    lunch = by_title(session, visit, "Working lunch")
    engagements.move_engagement(session, lunch.id, lunch.start_at + timedelta(minutes=30))
    engagements.cancel_engagement(session, by_title(session, visit, "Press photocall").id)
    people = {a.person.family_name: a for a in attendees_of(session, visit)}
    dinner = by_title(session, visit, "Welcome dinner")
    engagements.assign_attendee(session, dinner.id, people["Rahman"].id, AttendancePart.PARTICIPANT)
    engagements.unassign_attendee(session, dinner.id, people["Whitfield"].id)
    tour = by_title(session, visit, "Tour of the Digital Innovation Facility (DIF)")
    engagements.duplicate_engagement(session, tour.id, tour.start_at - timedelta(hours=3))
    transfer = by_title(session, visit, "Transfer: hotel to Mann Island")
    engagements.change_engagement_place(session, transfer.id, tour.venue_id)

    draft = changes_page(build_briefing_pack(session, visit, now=T0 + timedelta(days=1), draft=True))
    assert "ComparedwithIssue1of1May2027" in draft
    issues.record_issue(session, visit, now=T0 + timedelta(days=2), issued_by="okafor")
    second = build_briefing_pack(session, visit, now=T0 + timedelta(days=2))
    text = changes_page(second)
    assert "ComparedwithIssue1" in text and "recordedbyokafor" not in text  # issue 1 had no issuer
    assert squash("MovedWorking lunch") in text and squash("Wed 12 May 12:15–13:15") in text
    assert squash("Wed 12 May 12:45–13:45") in text
    assert squash("CancelledPress photocall") in text
    assert squash("ReassignedWelcome dinner") in text and squash("Tom Whitfield (participant)") in text
    assert squash("Aisha Rahman (participant)") in text
    assert squash("AddedTour of the Digital Innovation Facility (DIF)") in text
    assert squash("Venue changedTransfer: hotel to Mann Island") in text
    assert "Issue2" in squash(PdfReader(io.BytesIO(second)).pages[0].extract_text())


def test_the_public_edition_lists_no_vehicle_changes(session: Session) -> None:
    build_demo(session)
    visit = find_visit(session, SLUG).id
    issues.record_issue(session, visit, now=T0)
    transfer = by_title(session, visit, "Transfer: airport to hotel (Mayor)")
    plan = engagements.engagement_plan(transfer)
    minibus = next(e.vehicle_id for e in engagements_of(session, visit) if e.vehicle and "minibus" in e.vehicle.label)
    engagements.update_engagement(session, transfer.id, replace(plan, data=replace(plan.data, vehicle_id=minibus)))
    restricted = changes_page(build_briefing_pack(session, visit, now=T0, draft=True))
    public = changes_page(build_briefing_pack(session, visit, now=T0, draft=True, edition="public"))
    assert squash("Vehicle changedTransfer: airport to hotel (Mayor)") in restricted
    assert "Vehiclechanged" not in public and "minibus" not in public
    assert "Nochangestotheprogramme" in public


# -- the command line --------------------------------------------------------------------------------


def run(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", f"sqlite:///{db}", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_commands_issue_and_export(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert run(db, "demo")[0] == 0
    code, out, _ = run(db, "export", "briefing", SLUG, "-o", str(tmp_path / "draft.pdf"))
    assert code == 0 and "a draft" in out and "visitplanner issue busan-liverpool" in out
    code, out, _ = run(db, "issue", SLUG)
    assert code == 0 and "Recorded issue 1" in out
    code, out, _ = run(db, "export", "briefing", SLUG, "--edition", "public", "-o", str(tmp_path / "pub.pdf"))
    assert code == 0 and "Public edition" in out and "Issue 1" in out
    assert (tmp_path / "pub.pdf").stat().st_mode & 0o044  # public: readable by others
    assert not (tmp_path / "draft.pdf").stat().st_mode & 0o077  # restricted: owner only
    assert run(db, "issue", SLUG)[1].startswith("Recorded issue 2")
    code, out, _ = run(db, "export", "itinerary", SLUG, "--attendee", "1", "-o", str(tmp_path / "it.pdf"))
    assert code == 0 and "Park Heong-Joon" in out and (tmp_path / "it.pdf").exists()


def test_the_commands_report_bad_attendees_on_stderr(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    run(db, "demo")
    code, _, err = run(db, "export", "itinerary", SLUG, "--attendee", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "no attendee with id 999" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(db, "issue", "no-such-visit")
    assert code == 1 and "no visit" in err


def test_visit_row_keeps_the_issue_number(session: Session, create_visit) -> None:
    visit = create_visit()
    issues.record_issue(session, visit, now=T0)
    row = session.get(Visit, visit)
    assert row is not None and row.issue_number == 1
