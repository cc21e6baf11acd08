"""The itinerary's timeline follows the palette: on a dark desktop its paper, grid, axes, blocks and
the Day / Whole visit / Table switch turn dark, and its text stays readable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.test_palette import DARK, LIGHT, contrast
from visitplanner.ui import style
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = qapp.palette()
    qapp.setPalette(LIGHT if request.param == "light" else DARK)
    yield request.param
    qapp.setPalette(before)


def _shown(qtbot: QtBot, workspace: Workspace, visit_id: int, settings: Settings) -> ItineraryTab:
    tab = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(tab)
    tab.resize(1100, 700)
    tab.set_visit(visit_id)
    tab.show()
    qtbot.wait_exposed(tab)
    return tab


def _image(tab: ItineraryTab) -> QImage:
    return tab.view.viewport().grab().toImage()


def _background(image: QImage) -> QColor:
    """The commonest colour of the picture: the paper the timeline is drawn on."""
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.__getitem__))


def test_the_timelines_paper_follows_the_palette(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings, scheme: str
) -> None:
    tab = _shown(qtbot, workspace, demo_visit_id, settings)
    paper = _background(_image(tab))
    base = QApplication.palette().color(QApplication.palette().ColorRole.Base)
    assert abs(paper.lightness() - base.lightness()) <= 12, (paper.name(), base.name())
    assert (paper.lightness() < 80) is (scheme == "dark")
    text = style.colour(style.TEXT)
    assert contrast(text, paper) >= 7.0
    for shade in (style.MUTED, style.FOCUS, style.ERROR):
        assert contrast(style.colour(shade), paper) >= 3.0, shade


def test_the_view_switch_follows_a_palette_change(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings, qapp: QApplication
) -> None:
    before = qapp.palette()
    tab = _shown(qtbot, workspace, demo_visit_id, settings)
    switch = tab.switch.timeline_button
    tab.switch.visit_button.click()  # the Day segment is not the chosen one: it shows the paper
    try:
        qapp.setPalette(LIGHT)
        qtbot.wait_until(lambda: style.paper().name() in switch.parentWidget().styleSheet())
        light = switch.grab().toImage().pixelColor(QPoint(2, switch.height() // 2))
        qapp.setPalette(DARK)
        qtbot.wait_until(lambda: style.paper().name() in switch.parentWidget().styleSheet())
        dark = switch.grab().toImage().pixelColor(QPoint(2, switch.height() // 2))
    finally:
        qapp.setPalette(before)
    assert light.lightness() > 150 and dark.lightness() < 100, (light.name(), dark.name())
