"""The fonts every printed document embeds: the bundled NanumGothic (Latin and Hangul) and a fallback for the rest."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from visitplanner.resources import HANGUL_FONT, HANGUL_FONT_BOLD

FONT: Final = "VisitPlanner-Sans"
FONT_BOLD: Final = "VisitPlanner-Sans-Bold"
FALLBACK: Final = "VisitPlanner-Fallback"
FALLBACK_BOLD: Final = "VisitPlanner-Fallback-Bold"

#: Fonts tried, in order, for characters the bundled NanumGothic lacks (emoji, Arabic, Hebrew,
#: symbols): they are embedded like the main font when present on the machine making the PDF.
FALLBACK_CANDIDATES: Final[tuple[tuple[str, str], ...]] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:\\Windows\\Fonts\\arial.ttf", "C:\\Windows\\Fonts\\arialbd.ttf"),
)


@dataclass(frozen=True)
class Fonts:
    """The registered fonts and which characters each can draw.

    Attributes:
        main: code point -> glyph of the bundled font (NanumGothic: Latin and Hangul).
        fallback: the same for the fallback font, or empty when none was found.
    """

    main: Mapping[int, int]
    fallback: Mapping[int, int]


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs."""
    text: str = _reportlab_cmap(fontname, subset)
    head, _sep, tail = text.partition("beginbfchar")
    _body, _sep, rest = tail.partition("endbfchar")
    lines = [f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)]
    return f"{head}beginbfchar\n" + "\n".join(lines) + f"\nendbfchar{rest}"


def _fix_astral_cmap() -> None:
    """reportlab (5.1) writes an emoji's code point into the font's ToUnicode map as five hex digits,
    which PDF readers reject (text extraction and copy-paste lose it): use UTF-16 instead, until
    reportlab does so itself."""
    global _reportlab_cmap
    from reportlab.pdfbase import ttfonts

    if "1F600" not in ttfonts.makeToUnicodeCMap("probe", [0x1F600]):
        return  # reportlab writes UTF-16 already
    _reportlab_cmap = ttfonts.makeToUnicodeCMap
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


_reportlab_cmap: Callable[[str, Sequence[int]], str]
_fonts_lock = threading.Lock()
_fonts: Fonts | None = None


def fonts() -> Fonts:
    """Register the bundled fonts (once per process) with their bold faces as a family, so <b> is bold."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fix_astral_cmap()
            main = TTFont(FONT, str(HANGUL_FONT))
            pdfmetrics.registerFont(main)
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(HANGUL_FONT_BOLD)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
            fallback: Mapping[int, int] = {}
            for regular, bold in FALLBACK_CANDIDATES:
                if os.path.exists(regular) and os.path.exists(bold):
                    try:
                        face = TTFont(FALLBACK, regular)
                        pdfmetrics.registerFont(face)
                        pdfmetrics.registerFont(TTFont(FALLBACK_BOLD, bold))
                    except Exception:
                        continue
                    pdfmetrics.registerFontFamily(
                        FALLBACK, normal=FALLBACK, bold=FALLBACK_BOLD, italic=FALLBACK, boldItalic=FALLBACK_BOLD
                    )
                    fallback = face.face.charToGlyph
                    break
            _fonts = Fonts(main.face.charToGlyph, fallback)
        return _fonts
