"""Issue 4's acceptance: drag the MIF tour onto the DIF tour on the timeline; the checks panel reports
the Mayor's double booking and impossible travel naming both tours; undo clears them."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from visitplanner.domain.checks import Severity
from visitplanner.domain.gestures import LaneKey
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.mainwindow import MainWindow


def test_overlapping_tours_are_reported_and_undo_clears_them(
    qtbot: QtBot, window: MainWindow, errors: ErrorLog
) -> None:
    page = window.itinerary_tab()
    assert isinstance(page, ItineraryTab)
    window.tabs.setCurrentWidget(page)
    qtbot.wait_until(lambda: window.checks.findings != [] or window.status_label.text() != "", timeout=5000)
    assert not [f for f in window.checks.findings if f.severity is Severity.ERROR]

    assert page.itinerary is not None
    dif = next(r for r in page.itinerary.rows if r.title.startswith("Tour of the Digital"))
    mif = next(r for r in page.itinerary.rows if r.title.startswith("Tour of the Materials"))
    delta = (dif.plan.data.start + timedelta(minutes=30)) - mif.plan.data.start  # MIF tour now starts at 09:45
    lane: LaneKey = ("venue", mif.plan.data.venue_id)
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        page.timeline.move_requested.emit(mif, delta, lane)  # what dropping the dragged block does
    assert errors == []
    findings = [f for f in window.checks.findings if f.severity is Severity.ERROR]
    for code in ("person-double-booked", "impossible-travel"):
        finding = next(f for f in findings if f.code == code and set(f.engagement_ids) == {dif.id, mif.id})
        assert "Park Heong-Joon" in finding.message
        assert "Digital Innovation Facility" in finding.message and "Materials Innovation Factory" in finding.message
    assert not window.status_label.text().startswith("0 errors")
    assert window.marks.get(dif.id) == "error" and window.marks.get(mif.id) == "error"

    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.undo_action.trigger()
    assert not [f for f in window.checks.findings if f.severity is Severity.ERROR]
    assert window.status_label.text().startswith("0 errors")
