"""The Attendees tab (placeholder until built)."""

from __future__ import annotations

from visitplanner.ui.tabs import VisitTab


class AttendeesTab(VisitTab):
    """The Attendees tab."""

    title = "Attendees"
