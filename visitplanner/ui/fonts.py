"""Registers the bundled Hangul font so Korean names render without a system CJK font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from visitplanner.resources import HANGUL_FONT, HANGUL_FONT_BOLD


def register_fonts(app: QApplication) -> list[str]:
    """Add the bundled fonts and make the Hangul family a fallback of the UI font.

    Returns the registered family names (empty if the files are missing).
    """
    families: list[str] = []
    for path in (HANGUL_FONT, HANGUL_FONT_BOLD):
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    if families:
        font = app.font()
        base = font.family()
        font.setFamilies([base, *families])
        app.setFont(font)
        QFont.insertSubstitutions(base, families)
    return families
