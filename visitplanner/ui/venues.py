"""The Venues tab (placeholder until built)."""

from __future__ import annotations

from visitplanner.ui.tabs import VisitTab


class VenuesTab(VisitTab):
    """The Venues tab."""

    title = "Venues"
