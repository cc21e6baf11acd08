"""The Itinerary tab: the visit's engagements on a day timeline and in a table."""

from __future__ import annotations

from visitplanner.ui.itinerary.tab import ItineraryTab

__all__ = ["ItineraryTab"]
