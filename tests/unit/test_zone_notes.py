"""How a visit's time zones are written when the clocks change during it."""

from __future__ import annotations

from datetime import date, timedelta

from visitplanner.domain.formatting import utc_offset, zone_over


def test_a_change_of_the_clocks_mid_visit_is_named_with_the_first_day_on_the_new_time() -> None:
    assert zone_over("Europe/London", date(2026, 10, 23), date(2026, 10, 27)) == (
        "London: BST (UTC+1) until Sun 25 Oct, then GMT (UTC+0)"
    )
    assert zone_over("Europe/London", date(2027, 3, 26), date(2027, 3, 29)) == (
        "London: GMT (UTC+0) until Sun 28 Mar, then BST (UTC+1)"
    )


def test_no_change_one_offset() -> None:
    assert zone_over("Asia/Seoul", date(2026, 10, 23), date(2026, 10, 27)) == "Seoul: KST (UTC+9)"
    assert zone_over("Europe/London", date(2027, 5, 11), date(2027, 5, 12)) == "London: BST (UTC+1)"


def test_southern_and_half_hour_zones() -> None:
    assert zone_over("Australia/Sydney", date(2026, 4, 3), date(2026, 4, 6)) == (
        "Sydney: AEDT (UTC+11) until Sun 5 Apr, then AEST (UTC+10)"
    )
    assert zone_over("America/St_Johns", date(2026, 3, 6), date(2026, 3, 9)).endswith("then NDT (UTC−2:30)")
    assert utc_offset(timedelta(hours=5, minutes=45)) == "UTC+5:45" and utc_offset(None) == "UTC+0"
