"""A one-line label that ends in an ellipsis when its space is too narrow for the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from visitplanner.ui.models.base import plain_tooltip


class ElidedLabel(QLabel):
    """Shows as much of its text as fits, then "…"; the whole text is its tooltip.

    It never asks for more width than it is given, so a long text does not widen the window.

    Attributes:
        full_text: the text set, before any shortening.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def set_full_text(self, text: str, tooltip: str | None = None) -> None:
        self.full_text = text
        self.setToolTip(plain_tooltip(text if tooltip is None else tooltip))
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(width, 0))
        if shown != self.text():
            self.setText(shown)
