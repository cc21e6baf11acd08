"""The UI is drawn in the desktop's own font; the bundled Hangul font only fills in what it lacks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontInfo, QGlyphRun, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from visitplanner.ui.fonts import register_fonts

HANGUL = "NanumGothic"
NAME = "박형준"


@pytest.fixture
def fonts_registered(qapp: QApplication) -> Iterator[str]:
    """Register the fonts as the app does at start-up; yields the desktop's family (what the
    application font resolved to before), and puts the application font back after."""
    before = qapp.font()
    system = QFontInfo(before).family()
    assert system != HANGUL  # the registration under test has not run yet in this process
    assert HANGUL in register_fonts(qapp)
    yield system
    QFont.removeSubstitutions(system)
    qapp.setFont(before)


def glyph_runs(text: str, font: QFont) -> list[QGlyphRun]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout.glyphRuns()


def test_the_application_font_is_the_desktops(qapp: QApplication, fonts_registered: str, qtbot: QtBot) -> None:
    families = qapp.font().families()
    assert families[0] == fonts_registered != HANGUL
    assert HANGUL in families[1:]  # a fallback
    label = QLabel(f"{NAME} … Park")
    qtbot.add_widget(label)
    assert QFontInfo(label.font()).family() == fonts_registered  # what the whole UI is drawn in


def test_hangul_is_drawn_from_a_font_that_has_it(qapp: QApplication, fonts_registered: str, qtbot: QtBot) -> None:
    label = QLabel(f"{NAME} … Park")
    qtbot.add_widget(label)
    runs = glyph_runs(label.text(), label.font())
    hangul = [run for run in runs if run.rawFont().supportsCharacter(ord(NAME[0]))]
    assert hangul, [run.rawFont().familyName() for run in runs]
    for run in hangul:
        assert all(run.rawFont().supportsCharacter(ord(ch)) for ch in NAME)
        assert 0 not in run.glyphIndexes()  # no "missing glyph" box
    latin = [run for run in runs if run.rawFont().familyName() == fonts_registered]
    assert latin  # "…" and "Park" in the desktop's font, not a centred "···" from the Hangul one
    if not QRawFont.fromFont(QFont(fonts_registered)).supportsCharacter(ord(NAME[0])):  # no Korean on this desktop
        assert {run.rawFont().familyName() for run in hangul} == {HANGUL}
