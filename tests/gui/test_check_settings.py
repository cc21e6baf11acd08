"""The office's limits for the checks are settings: read into the checks' options, bad values ignored."""

from __future__ import annotations

from visitplanner.domain.findings import CheckOptions
from visitplanner.ui import settings as S


def test_check_options_come_from_the_settings(settings: S.Settings) -> None:
    assert S.check_options(settings) == CheckOptions()
    settings.set(S.INTERPRETING_DAILY_MINUTES, 300)
    settings.set(S.SIMULTANEOUS_SOLO_MINUTES, 30)
    settings.set(S.TRAVEL_BUFFER_MINUTES, 15)
    assert S.check_options(settings) == CheckOptions(
        travel_buffer_minutes=15, simultaneous_solo_minutes=30, interpreting_daily_minutes=300
    )
    settings.set(S.INTERPRETING_DAILY_MINUTES, -5)
    assert S.check_options(settings).interpreting_daily_minutes == 360
