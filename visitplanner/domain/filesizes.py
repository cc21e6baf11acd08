"""How large the files VisitPlanner reads may be, and the largest visit the visit file is built to carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class VisitEnvelope:
    """The largest visit the app is built for, by counts of each kind of row.

    Attributes:
        engagements, people, organisations, venues, rooms_per_venue, vehicles: how many.
        attendees_per_engagement: how many attend each engagement.
    """

    engagements: int
    people: int
    organisations: int
    venues: int
    rooms_per_venue: int
    vehicles: int
    attendees_per_engagement: int


#: A state visit at its largest, with every text field at its longest in four-byte characters:
#: tests/store/test_visitfile_largest.py computes its export from the longest entry of each kind
#: and checks it stays under `VISIT_FILE_MAX_BYTES`.
#: (About 77 MB: 160 KB per engagement, 185 KB per person, 400 KB per venue with its rooms.)
LARGEST_VISIT: Final = VisitEnvelope(
    engagements=200,
    people=150,
    organisations=50,
    venues=40,
    rooms_per_venue=10,
    vehicles=30,
    attendees_per_engagement=50,
)
#: The largest visit file read, in bytes; the exporter refuses to write a larger one, so that
#: what the app writes, it reads back.
VISIT_FILE_MAX_BYTES: Final = 128 * 1024 * 1024
#: The largest calendar (.ics) file read, in bytes: 100,000 plain events take about 25 MB.
CALENDAR_FILE_MAX_BYTES: Final = 64 * 1024 * 1024
