"""What the checks engine reports: findings and their severity, and the engine's options.

Kept apart from the engine (`domain.checks`) so that the views showing findings load without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from visitplanner.domain.enums import Vocabulary

__all__ = ["DEFAULT_OPTIONS", "CheckOptions", "Finding", "Severity"]


class Severity(Vocabulary):
    """How much a finding matters: an error must be fixed, a warning looked at, info noted."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """ "Error", "Warning", "Note"."""
        return "Note" if self is Severity.INFO else super().label

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info (the order findings are listed in)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Settings of the checks.

    Attributes:
        travel_buffer_minutes: slack required on top of every journey's travel time.
        simultaneous_solo_minutes: the longest simultaneous interpretation one interpreter may
            give alone (AIIC: a team of two beyond about 40 minutes).
        interpreting_daily_minutes: the most an interpreter may interpret alone in one local day
            (AIIC: about six hours of consecutive a day).
        arrival_margin_minutes: from landing to the first engagement (immigration, baggage).
        departure_margin_minutes: from the last engagement to take-off (check-in, security),
            on top of the journey to the airport when its travel time is recorded.
        pickup_wait_minutes: how long after the arrival margin a pick-up may still leave.
        greeter_precedence: the lowest host rank suitable to meet a visiting principal.
        declaration_threshold: the value (minor units of `declaration_currency`) above which a
            gift received must be declared (the office's rule; GBP 140 by default).
        declaration_currency: the currency of the threshold.
        declaration_rates: (currency, rate) pairs, the rate a decimal string giving the worth of one
            unit of that currency in the declaration currency ("KRW", "0.00058"); a gift valued in
            a currency with no rate here is not compared with the threshold.
    """

    travel_buffer_minutes: int = 10
    simultaneous_solo_minutes: int = 40
    interpreting_daily_minutes: int = 360
    arrival_margin_minutes: int = 45
    departure_margin_minutes: int = 90
    pickup_wait_minutes: int = 60
    greeter_precedence: int = 3
    declaration_threshold: int = 14000
    declaration_currency: str = "GBP"
    declaration_rates: tuple[tuple[str, str], ...] = ()


DEFAULT_OPTIONS = CheckOptions()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the plan.

    Attributes:
        code: stable code of the rule, e.g. "person-double-booked" (see `RULES`).
        severity: error, warning or info.
        message: what is wrong, in words for a protocol officer.
        engagement_ids: the engagements involved, earliest first.
        attendee_ids: the attendees involved.
    """

    code: str
    severity: Severity
    message: str
    engagement_ids: tuple[int, ...] = ()
    attendee_ids: tuple[int, ...] = ()
