"""`visitplanner tasks` (and the logistics commands) on a demo database file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.store.test_cli import db, run
from visitplanner.domain.enums import TaskStatus
from visitplanner.services.people import person_data, update_person
from visitplanner.services.tasks import read_tasks, update_task
from visitplanner.store.database import open_database
from visitplanner.store.models import Person

__all__ = ["db"]  # the demo database fixture, shared with test_cli
DIETARY = "Catering numbers and dietary list sent to the caterer"
#: The date these tests run at: before the demo's first task falls due (12 March 2027).
TODAY = "2026-12-01"


def test_tasks_lists_the_checklist_by_due_date(db: Path) -> None:
    code, out, _ = run(db, "tasks", "busan-liverpool", "--today", TODAY)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["Due", "Status", "Owner", "Task"]
    assert lines[1].startswith("2027-03-12  Done") and lines[1].endswith("Invitation letter sent")
    assert lines[-1] == "busan-liverpool: 11 tasks, 2 done, 0 needing attention (overdue or reopened)"


def test_a_reopened_task_shows_in_json_and_sets_the_exit_status(db: Path) -> None:
    database = open_database(f"sqlite:///{db}")
    with database.session() as session:
        row = next(r for r in read_tasks(session, 1) if r.data.title == DIETARY)
        update_task(session, row.id, replace(row.data, status=TaskStatus.DONE))
    with database.session() as session:
        kim = next(p for p in session.scalars(select(Person).where(Person.family_name == "Kim")))
        update_person(session, kim.id, replace(person_data(kim), dietary="Vegan"))
    database.close()
    code, out, _ = run(db, "tasks", "busan-liverpool", "--format", "json", "--today", TODAY)
    document = json.loads(out)
    assert code == 1 and document["visit"] == "busan-liverpool" and document["today"] == TODAY
    [task] = [t for t in document["tasks"] if t["title"] == DIETARY]
    assert (
        task["status"] == "reopened" and task["due"] == "2027-05-04" and task["due_rule"] == "7 days before the visit"
    )
    code, out, _ = run(db, "tasks", "busan-liverpool", "--today", TODAY)
    assert code == 1 and "Reopened" in out and "1 needing attention" in out


def test_tasks_are_overdue_against_the_date_given(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--today` pins the date tasks are due against: the output never depends on the real date."""
    code, out, _ = run(db, "tasks", "busan-liverpool", "--today", "2027-04-21")
    assert code == 1 and "Open (overdue)" in out
    assert out.splitlines()[-1].endswith("needing attention (overdue or reopened)") and " 0 needing" not in out
    code, out, _ = run(db, "check", "busan-liverpool", "--today", "2027-04-21")
    assert code == 0 and "task-overdue" in out  # overdue tasks are warnings: the plan has no error
    code, out, _ = run(db, "check", "busan-liverpool", "--today", TODAY)
    assert "task-overdue" not in out
    with pytest.raises(SystemExit) as stopped:
        run(db, "tasks", "busan-liverpool", "--today", "11/05/2027")
    assert stopped.value.code == 2 and "'11/05/2027' is not a date like 2027-05-11" in capsys.readouterr().err


def test_gifts_prints_and_writes_the_register(db: Path, tmp_path: Path) -> None:
    code, out, _ = run(db, "gifts", "busan-liverpool")
    assert code == 0 and out.splitlines()[-1] == "busan-liverpool: 2 gifts"
    assert "KRW 450,000" in out and "GBP 120.00" in out
    code, out, _ = run(db, "gifts", "busan-liverpool", "--format", "json")
    sides = {(g["giver_side"], g["recipient_side"]) for g in json.loads(out)["gifts"]}
    assert sides == {("visiting", "host"), ("host", "visiting")}
    for suffix in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"register.{suffix}"
        code, out, _ = run(db, "gifts", "busan-liverpool", "-o", str(target))
        assert code == 0 and out.startswith("Wrote 2 gifts") and target.stat().st_size > 0
    code, _, err = run(db, "gifts", "busan-liverpool", "-o", str(tmp_path / "register.doc"))
    assert code == 1 and "not a register format" in err
