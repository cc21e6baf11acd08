"""The reads that run before the window's first frame: right answers, on SQLite and
PostgreSQL, and no mapper configuration (so it can wait until after the first paint)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import VisitStatus
from visitplanner.domain.values import OrganisationData
from visitplanner.services.organisations import create_organisation
from visitplanner.store.queries import visit_id_by_slug, visit_rows, visit_summary

ROOT = Path(__file__).resolve().parents[2]


def test_visit_rows_list_every_visit_by_start_date_then_title(
    session: Session, create_visit: Callable[..., int]
) -> None:
    late = create_visit(title="Zeta", slug="zeta", start_date=date(2027, 9, 1), end_date=date(2027, 9, 2))
    early_b = create_visit(title="Beta", slug="beta", start_date=date(2027, 3, 1), end_date=date(2027, 3, 4))
    early_a = create_visit(
        title="Alpha",
        slug="alpha",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 2),
        status=VisitStatus.CONFIRMED,
    )
    rows = [r for r in visit_rows(session) if r.id in {late, early_a, early_b}]
    assert [r.id for r in rows] == [early_a, early_b, late]
    first = rows[0]
    assert isinstance(first.status, VisitStatus)
    assert (first.title, first.slug, first.start_date, first.end_date, first.status) == (
        "Alpha",
        "alpha",
        date(2027, 3, 1),
        date(2027, 3, 2),
        VisitStatus.CONFIRMED,
    )


def test_visit_id_by_slug(session: Session, create_visit: Callable[..., int]) -> None:
    visit_id = create_visit(slug="found-here")
    assert visit_id_by_slug(session, "found-here") == visit_id
    assert visit_id_by_slug(session, "nowhere") is None


def test_visit_summary_counts_and_names(
    session: Session,
    create_visit: Callable[..., int],
    create_engagement: Callable[..., int],
    create_attendee: Callable[..., int],
) -> None:
    guests = create_organisation(session, OrganisationData("Guest City 게스트")).created_id(Entity.ORGANISATION)
    visit_id = create_visit(visiting_organisation_id=guests, purpose="Sign an MOU")
    other = create_visit()
    for n in range(3):
        create_engagement(visit_id, title=f"Meeting {n}")
    create_engagement(other)
    create_attendee(visit_id, family_name="Kim")
    row = visit_summary(session, visit_id)
    assert row is not None
    assert (row.id, row.visiting, row.host, row.engagements, row.attendees, row.purpose) == (
        visit_id,
        "Guest City 게스트",
        None,
        3,
        1,
        "Sign an MOU",
    )
    empty = visit_summary(session, other)
    assert empty is not None and (empty.engagements, empty.attendees, empty.visiting) == (1, 0, None)
    assert visit_summary(session, 987_654) is None


def test_the_start_up_reads_leave_the_mappers_unconfigured(tmp_path: Path) -> None:
    """Checked in a fresh interpreter: in this one, earlier tests have configured the mappers."""
    url = f"sqlite:///{tmp_path / 'startup.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "visitplanner", "--database", url, "demo"], check=True, cwd=ROOT, capture_output=True
    )
    script = textwrap.dedent(f"""
        from sqlalchemy import inspect
        from visitplanner.app import DEMO_SLUG
        from visitplanner.store.database import open_database
        from visitplanner.store.models import Visit
        from visitplanner.store.queries import visit_id_by_slug, visit_rows, visit_summary
        db = open_database({url!r})
        with db.session() as session:
            visit_id = visit_id_by_slug(session, DEMO_SLUG)
            assert visit_id is not None
            assert [r.id for r in visit_rows(session)] == [visit_id]
            assert visit_summary(session, visit_id).engagements > 0
        print("configured" if inspect(Visit).configured else "unconfigured")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unconfigured"


def test_row_versions_reads_many_rows_in_bounded_queries(session: Session, create_visit: Callable[..., int]) -> None:
    from visitplanner.store.queries import row_versions

    visits = [create_visit() for _ in range(1201)]
    found = row_versions(session, [(Entity.VISIT, v) for v in visits] + [(Entity.VISIT, 10**9), (Entity.ATTENDANCE, 1)])
    assert found == {(Entity.VISIT, v): 1 for v in visits}  # missing rows and unversioned kinds left out
