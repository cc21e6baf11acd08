"""ElidedLabel: shortened with an ellipsis to its width, whole text kept and in the tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from visitplanner.ui.elided import ElidedLabel
from visitplanner.ui.models.base import plain_tooltip

TEXT = "10 engagements  ·  09:00–21:00  ·  Seoul is 8 h ahead  ·  clocks change: a 25-hour day"


def test_a_narrow_label_ends_in_an_ellipsis_and_a_wide_one_shows_everything(qtbot: QtBot) -> None:
    label = ElidedLabel(TEXT)
    qtbot.addWidget(label)
    label.resize(120, 30)
    label.show()
    qtbot.waitExposed(label)
    assert label.text().endswith("…") and len(label.text()) < len(TEXT)
    assert label.full_text == TEXT and label.toolTip() == plain_tooltip(TEXT)
    label.resize(label.fontMetrics().horizontalAdvance(TEXT) + 20, 30)
    qtbot.waitUntil(lambda: label.text() == TEXT)


def test_it_does_not_widen_its_window(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    label = ElidedLabel()
    layout.addWidget(label)
    before = window.minimumSizeHint().width()
    label.set_full_text(TEXT * 10, tooltip="custom")
    assert window.minimumSizeHint().width() == before
    assert label.toolTip() == plain_tooltip("custom")


def test_hostile_text_is_plain_text(qtbot: QtBot) -> None:
    label = ElidedLabel("<b>not bold</b> & <img src=x>")
    qtbot.addWidget(label)
    label.resize(1000, 30)
    label.show()
    qtbot.waitExposed(label)
    assert label.text() == "<b>not bold</b> & <img src=x>"
    assert label.toolTip() == "<p style='white-space:pre-wrap'>&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;img src=x&gt;</p>"
