"""The main window at 1024×700: no tab forces it wider, and nothing in any tab is cut off."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QSizePolicy, QWidget
from pytestqt.qtbot import QtBot

from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.mainwindow import MainWindow

WIDTH, HEIGHT = 1024, 700
#: where `test_every_tab_fits_1024_by_700` leaves a picture of each tab, to look at
SHOTS = Path("/tmp/visitplanner-1024")


def scrolled(widget: QWidget) -> bool:
    """Whether `widget` sits inside a scroll area's viewport (it may then lie beyond the edge)."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False


def cut_off(window: MainWindow, page: QWidget) -> list[str]:
    """The visible widgets of `page` that end beyond the window's right edge, or are given less
    width than they need (their minimum size hint), as "ClassName objectName: why"."""
    found: list[str] = []
    for widget in [page, *page.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) or scrolled(widget):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if right > window.width():
            found.append(f"{name}: right edge at {right}")
        need = widget.minimumSizeHint().width()
        ignores = widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored  # elides its text
        if not ignores and widget.minimumWidth() == 0 and need > widget.width():
            found.append(f"{name}: {widget.width()} wide, needs {need}")
    return found


def show_at_1024(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(WIDTH, HEIGHT)
    window.show()
    qtbot.waitExposed(window)


def settle(window: MainWindow) -> None:
    """Let the layouts take in a newly shown page (a built tab, a switched view)."""
    for _ in range(3):
        QApplication.processEvents()
        layout = window.layout()
        if layout is not None:
            layout.activate()


@pytest.mark.parametrize(
    "tab", ["Overview", "Itinerary", "Attendees", "Venues", "Tasks", "Gifts", "Invitations", "People"]
)
def test_every_tab_fits_1024_by_700(window: MainWindow, qtbot: QtBot, tab: str) -> None:
    show_at_1024(window, qtbot)
    for page in window.tab_pages:  # every tab built: the widest decides the window's minimum
        assert page is not None
    settle(window)
    assert window.minimumSizeHint().width() <= 1000
    slot = next(s for s in window.slots if s.title == tab)
    window.tabs.setCurrentWidget(slot)
    views = ("day", "visit", "table") if tab == "Itinerary" else ("",)
    SHOTS.mkdir(exist_ok=True)
    for view in views:
        page = slot.page()
        if isinstance(page, ItineraryTab):
            page.show_view(view)
        settle(window)
        assert (window.width(), window.height()) == (WIDTH, HEIGHT)
        assert cut_off(window, slot) == [], view
        assert cut_off(window, window.checks) == []
        window.grab().save(str(SHOTS / f"{tab.lower()}{'-' + view if view else ''}.png"))


def test_the_cut_off_finder_sees_a_squeezed_widget(window: MainWindow, qtbot: QtBot) -> None:
    """Positive control: a window squeezed below its minimum reports the widgets cut off."""
    show_at_1024(window, qtbot)
    window.tabs.setCurrentWidget(window.slots[1])
    settle(window)
    page = window.slots[1]
    page.setMaximumWidth(300)  # narrower than the itinerary's bars need
    settle(window)
    assert cut_off(window, page)


@pytest.mark.parametrize("tab", ["Attendees", "People"])
def test_long_text_columns_stay_readable_at_1024(window: MainWindow, qtbot: QtBot, tab: str) -> None:
    """Title and organisation keep room to be read; the table scrolls sideways instead of
    cutting them to "T…" (found by a newcomer at 1024 px)."""
    show_at_1024(window, qtbot)
    slot = next(s for s in window.slots if s.title == tab)
    window.tabs.setCurrentWidget(slot)
    settle(window)
    page = slot.page()
    view = page.view  # type: ignore[attr-defined]
    header = view.horizontalHeader()
    model = view.model()
    names = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(header.count())}
    for name in ("Title", "Organisation"):
        assert header.sectionSize(names[name]) >= 120, (name, header.sectionSize(names[name]))
