"""The People tab (placeholder until built)."""

from __future__ import annotations

from visitplanner.ui.tabs import VisitTab


class PeopleTab(VisitTab):
    """The People tab."""

    title = "People"
