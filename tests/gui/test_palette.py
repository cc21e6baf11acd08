"""ui.style follows the palette: a dark window gets the dark variant of every colour, still readable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from visitplanner.domain.findings import Finding, Severity
from visitplanner.ui import style
from visitplanner.ui.checks import FindingsModel

Role = QPalette.ColorRole
TEXT_SHADES = {
    "MUTED": style.MUTED,
    "OK": style.OK,
    "ERROR": style.ERROR,
    "ALERT": style.ALERT,
    "WARNING": style.WARNING,
    "ACCESS": style.ACCESS,
    "FAINT": style.FAINT,
    **{f"side {side}": shade for side, shade in style.SIDES.items()},
}
BACKGROUNDS = {"PANEL": style.PANEL, "ALERT_TINT": style.ALERT_TINT, "DIAGONAL": style.DIAGONAL}


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio: 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette(window: str, text: str) -> QPalette:
    result = QPalette()
    for role, value in ((Role.Window, window), (Role.Base, window), (Role.WindowText, text), (Role.Text, text)):
        result.setColor(role, QColor(value))
    return result


LIGHT, DARK = palette("#ffffff", "#1f1f1f"), palette("#202124", "#e8eaed")


@pytest.fixture
def dark_application(qapp: QApplication) -> Iterator[None]:
    before = qapp.palette()
    qapp.setPalette(DARK)
    yield
    qapp.setPalette(before)


def test_the_palette_decides_light_or_dark(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.add_widget(widget)
    assert not style.is_dark(LIGHT) and style.is_dark(DARK)
    widget.setPalette(DARK)
    assert style.is_dark(widget.palette())


@pytest.mark.parametrize("name", TEXT_SHADES)
def test_text_colours_change_with_a_dark_palette_and_stay_readable(qapp: QApplication, name: str) -> None:
    shade = TEXT_SHADES[name]
    assert style.colour(shade, DARK) != style.colour(shade, LIGHT)
    for background in (LIGHT, DARK):
        assert contrast(style.colour(shade, background), background.color(Role.Window)) >= 3.0, background


@pytest.mark.parametrize("name", BACKGROUNDS)
def test_tinted_backgrounds_keep_the_palettes_text_readable(qapp: QApplication, name: str) -> None:
    shade = BACKGROUNDS[name]
    assert style.colour(shade, DARK) != style.colour(shade, LIGHT)
    for background in (LIGHT, DARK):
        assert contrast(style.colour(shade, background), background.color(Role.Text)) >= 7.0


def test_engagement_blocks_keep_their_hue_and_text_readable_on_dark(qapp: QApplication) -> None:
    for kind in style.KIND_COLOURS:
        light_fill, light_outline = style.kind_colours(kind, LIGHT)
        dark_fill, dark_outline = style.kind_colours(kind, DARK)
        assert dark_fill != light_fill and abs(dark_fill.hslHue() - light_outline.hslHue()) <= 2, kind
        assert contrast(dark_fill, DARK.color(Role.Text)) >= 7.0, kind
        assert contrast(light_fill, LIGHT.color(Role.Text)) >= 7.0, kind
        assert contrast(dark_outline, DARK.color(Role.Base)) >= 3.0, kind
        assert contrast(light_outline, LIGHT.color(Role.Base)) >= 3.0, kind


def test_models_follow_the_application_palette(dark_application: None) -> None:
    model = FindingsModel()
    model.set_rows([Finding("person-double-booked", Severity.WARNING, "Two places at once")])
    brush = model.index(0, FindingsModel.COL_SEVERITY).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == QColor(style.WARNING.dark)
    assert model.index(0, FindingsModel.COL_SEVERITY).data() == "Warning"
