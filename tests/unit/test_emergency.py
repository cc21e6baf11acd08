"""The emergency number printed in the briefing pack and the sheets, by the visit's local zone."""

from __future__ import annotations

import pytest

from visitplanner.domain.emergency import emergency_number


@pytest.mark.parametrize(
    ("zone", "number"),
    [
        ("Europe/London", "999 (or 112)"),  # the zone itself beats the "Europe/" prefix
        ("Europe/Paris", "112"),
        ("Asia/Seoul", "112 (police), 119 (fire and ambulance)"),
        ("America/New_York", "911"),
        ("Africa/Nairobi", "112 (from a mobile phone in most countries)"),
    ],
)
def test_the_longest_matching_zone_prefix_wins(zone: str, number: str) -> None:
    assert emergency_number(zone) == number
