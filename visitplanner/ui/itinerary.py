"""The Itinerary tab (placeholder until built)."""

from __future__ import annotations

from visitplanner.ui.tabs import VisitTab


class ItineraryTab(VisitTab):
    """The Itinerary tab."""

    title = "Itinerary"
