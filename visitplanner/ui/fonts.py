"""Registers the bundled Hangul font as a fallback of the desktop's own font, for Korean names."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from visitplanner.resources import HANGUL_FONT, HANGUL_FONT_BOLD


def register_fonts(app: QApplication) -> list[str]:
    """Add the bundled fonts and make them fallbacks of the UI font, which stays the desktop's.

    The desktop's font is named by what it resolves to ("Noto Sans", "Segoe UI"), not by an
    alias such as "Sans Serif": a substitution on an alias would replace the whole UI font.
    Characters the desktop's font lacks (Hangul on a machine without a Korean font) are drawn
    from the bundled one. Returns the registered family names (empty if the files are missing).
    """
    system = QFontInfo(app.font()).family()
    families: list[str] = []
    for path in (HANGUL_FONT, HANGUL_FONT_BOLD):
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    fallbacks = [family for family in families if family != system]
    if fallbacks:
        font = app.font()
        font.setFamilies([system, *fallbacks])
        app.setFont(font)
        QFont.insertSubstitutions(system, fallbacks)
    return families
