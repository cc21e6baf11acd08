"""Issue 4's acceptance: drag the MIF tour onto the DIF tour on the timeline; the checks panel reports
the Mayor's double booking and impossible travel naming both tours; undo clears them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog, centre_of, drag
from visitplanner.domain.checks import Severity
from visitplanner.services.reads.itinerary import read_itinerary
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.mainwindow import MainWindow


def test_overlapping_tours_are_reported_and_undo_clears_them(
    qtbot: QtBot, window: MainWindow, errors: ErrorLog, demo_visit_id: int
) -> None:
    page = window.itinerary_tab()
    assert isinstance(page, ItineraryTab)
    window.resize(1400, 900)
    window.show()
    qtbot.wait_exposed(window)
    qtbot.wait_until(lambda: window.checks.findings != [] or window.status_label.text() != "", timeout=5000)
    assert not [f for f in window.checks.findings if f.severity is Severity.ERROR]

    assert page.itinerary is not None
    dif = next(r for r in page.itinerary.rows if r.title.startswith("Tour of the Digital"))
    mif = next(r for r in page.itinerary.rows if r.title.startswith("Tour of the Materials"))
    window.show_engagement(mif.id)  # the itinerary tab, on the tours' day
    delta = (dif.plan.data.start + timedelta(minutes=30)) - mif.plan.data.start  # MIF tour now starts at 09:45
    start = centre_of(page, mif.uuid)
    end = start + QPoint(0, round(delta / timedelta(hours=1) * page.timeline.pixels_per_hour))
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        drag(qtbot, page, start, end)  # straight up its own venue's lane
    assert errors == []
    itinerary = window.workspace.read(lambda s: read_itinerary(s, demo_visit_id))
    moved = itinerary.by_uuid(mif.uuid) if itinerary is not None else None
    assert moved is not None and moved.start == dif.start + timedelta(minutes=30)
    assert (moved.venue_id, moved.end - moved.start) == (mif.venue_id, mif.end - mif.start)
    findings = [f for f in window.checks.findings if f.severity is Severity.ERROR]
    finding = next(
        f for f in findings if f.code == "person-double-booked" and set(f.engagement_ids) == {dif.id, mif.id}
    )
    assert "Park Heong-Joon" in finding.message
    assert "Digital Innovation Facility" in finding.message and "Materials Innovation Factory" in finding.message
    # one clash is reported once: the double booking is not also impossible travel
    assert not [f for f in findings if f.code == "impossible-travel" and set(f.engagement_ids) == {dif.id, mif.id}]
    assert not window.status_label.text().startswith("0 errors")
    assert window.marks.get(dif.id) == "error" and window.marks.get(mif.id) == "error"

    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.undo_action.trigger()
    assert not [f for f in window.checks.findings if f.severity is Severity.ERROR]
    assert window.status_label.text().startswith("0 errors")
