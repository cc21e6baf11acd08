"""`visitplanner limits` shows and changes the office's limits; `visitplanner check` applies them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.store.test_cli import db, run

__all__ = ["db"]  # the demo database fixture, shared with test_cli


def test_limits_shows_the_defaults_with_their_meaning(db: Path) -> None:
    code, out, _ = run(db, "limits")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["travel_buffer_minutes", "10", "min"]
    assert any(line.startswith("interpreting_daily_minutes") and "360 min" in line and "AIIC" in line for line in lines)
    assert any(line.startswith("declaration_threshold") and "GBP 140.00" in line for line in lines)
    assert "(default" not in out and lines[-1].startswith("The office's limits in cli.sqlite3")


def test_set_changes_the_limits_every_command_then_uses(db: Path) -> None:
    code, out, _ = run(db, "check", "busan-liverpool")
    assert "interpreter-overworked" in out
    code, out, err = run(
        db,
        "limits",
        "--set",
        "interpreting_daily_minutes=780",
        "--set",
        "declaration_threshold=250",
        "--format",
        "json",
    )
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["limits"]["interpreting_daily_minutes"] == 780
    assert document["limits"]["declaration_threshold"] == 25000
    assert document["defaults"]["interpreting_daily_minutes"] == 360
    code, out, _ = run(db, "limits")
    assert "780 min" in out and "(default 360 min)" in out and "GBP 250.00" in out
    code, out, _ = run(db, "check", "busan-liverpool")
    assert "interpreter-overworked" not in out


def test_buffer_still_overrides_the_office_travel_buffer(db: Path) -> None:
    assert run(db, "limits", "--set", "travel_buffer_minutes=600")[0] == 0
    code, out, _ = run(db, "check", "busan-liverpool")
    assert code == 1 and "impossible-travel" in out  # ten hours between venues: nothing is reachable
    code, out, _ = run(db, "check", "busan-liverpool", "--buffer", "10")
    assert "impossible-travel" not in out


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        (["colour=blue"], "'colour' is not an office limit; the limits are: travel_buffer_minutes,"),
        (["greeter_precedence=0"], "greeter_precedence: 0 is not a precedence rank from 1 to 999"),
        (["pickup_wait_minutes=soon"], "pickup_wait_minutes: 'soon' is not a whole number of minutes"),
        (["declaration_currency=pounds"], "declaration_currency: 'pounds' is not a three-letter currency code"),
        (["arrival_margin_minutes"], "write NAME=VALUE"),
    ],
)
def test_bad_values_are_refused_all_or_nothing(db: Path, assignments: list[str], message: str) -> None:
    args = [a for assignment in ["arrival_margin_minutes=50", *assignments] for a in ("--set", assignment)]
    code, out, err = run(db, "limits", *args)
    assert code == 1 and out == "" and message in err and err.startswith("visitplanner: error: ")
    assert "50 min" not in run(db, "limits")[1]  # the good assignment before it was not kept either


def test_rates_let_check_compare_a_gift_in_won(db: Path) -> None:
    from dataclasses import replace

    from visitplanner.domain.enums import GiftStatus
    from visitplanner.services.gifts import read_gifts, update_gift
    from visitplanner.store.database import open_database

    database = open_database(f"sqlite:///{db}")
    with database.session() as session:
        vase = next(r for r in read_gifts(session, 1) if r.data.currency == "KRW")
        update_gift(session, vase.id, replace(vase.data, status=GiftStatus.RECEIVED))
    database.close()
    out = run(db, "check", "busan-liverpool")[1]
    assert "gift-not-declared" not in out
    assert "gift-not-compared" in out and "no exchange rate for KRW" in out
    code, out, _ = run(db, "limits", "--set", "declaration_rates=KRW=0.00058, EUR=0.86", "--format", "json")
    assert code == 0 and json.loads(out)["limits"]["declaration_rates"] == {"EUR": "0.86", "KRW": "0.00058"}
    assert "EUR=0.86, KRW=0.00058" in run(db, "limits")[1]
    code, out, _ = run(db, "check", "busan-liverpool")
    assert "gift-not-declared" in out and "about GBP 261.00 at the office's rate of 0.00058" in out
    assert "gift-not-compared" not in out
