"""The fonts every printed document embeds: Noto Sans for Latin text, NanumGothic for Hangul, a Noto
Sans face per other script, a CJK font and a fallback; text is switched between them per run."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from visitplanner.resources import resource_path

FONT: Final = "VisitPlanner-Sans"
FONT_BOLD: Final = "VisitPlanner-Sans-Bold"
FALLBACK: Final = "VisitPlanner-Fallback"
FALLBACK_BOLD: Final = "VisitPlanner-Fallback-Bold"


@dataclass(frozen=True)
class Bundled:
    """One bundled font (in resources/fonts) and how it is used.

    Attributes:
        name: the registered name of the regular face (the bold one adds "-Bold").
        regular, bold: file names in resources/fonts (bold None: the regular face serves for bold).
        shaped: the script needs shaping (joining, conjuncts, marks) by HarfBuzz.
    """

    name: str
    regular: str
    bold: str | None
    shaped: bool = False


#: The document face: Noto Sans (Latin, Greek, Cyrillic, "£", "\\" and British punctuation).
MAIN: Final = Bundled(FONT, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
#: The bundled fonts after Noto Sans, in the order they are tried for a word it cannot set. All are
#: TrueType-outline (glyf) fonts under the SIL OFL 1.1 (Noto, Nanum) or Apache 2.0 (Droid).
BUNDLED: Final[tuple[Bundled, ...]] = (
    Bundled("VisitPlanner-Hangul", "NanumGothic.ttf", "NanumGothicBold.ttf"),  # Hangul (and its punctuation)
    Bundled("VisitPlanner-Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf", shaped=True),
    Bundled("VisitPlanner-Ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    Bundled("VisitPlanner-Georgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
    Bundled("VisitPlanner-Armenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    Bundled("VisitPlanner-CJK", "DroidSansFallbackFull.ttf", None),  # Chinese (simplified, traditional), Japanese
)
CJK: Final = "VisitPlanner-CJK"
NOTO: Final = FONT
HANGUL: Final = "VisitPlanner-Hangul"
#: Characters a bundled face maps to a glyph that is not theirs: NanumGothic draws the backslash as
#: a Won sign (Korean code pages put ₩ at 0x5C), so a "\\" is always set in Noto Sans; its en and
#: em dashes are barely longer than its hyphen, so the dash of a range ("11일–12일") is Noto's too.
NOT_THEIRS: Final[Mapping[str, frozenset[int]]] = {HANGUL: frozenset({0x5C, 0x2013, 0x2014})}

#: Fonts tried last, in order, for characters no bundled font has (emoji, symbols): they are
#: embedded like the others when present on the machine making the PDF.
FALLBACK_CANDIDATES: Final[tuple[tuple[str, str], ...]] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:\\Windows\\Fonts\\arial.ttf", "C:\\Windows\\Fonts\\arialbd.ttf"),
)


@dataclass(frozen=True)
class Face:
    """A registered font family and the characters it can draw.

    Attributes:
        name, bold: the registered names of its regular and bold faces.
        chars: code point -> glyph of the regular face.
        shaped: text in it is shaped by HarfBuzz (complex scripts).
    """

    name: str
    bold: str
    chars: Mapping[int, int]
    shaped: bool = False

    def has(self, char: str) -> bool:
        return ord(char) in self.chars


@dataclass(frozen=True)
class Fonts:
    """The registered fonts and which characters each can draw.

    Attributes:
        faces: every face in the order tried: Noto Sans first, NanumGothic, the other bundled Noto
            and CJK fonts, then the machine's fallback font when one was found.
        main: code point -> glyph of Noto Sans (the document face).
        fallback: the same for the machine's fallback font, or empty when none was found.
    """

    faces: tuple[Face, ...]
    main: Mapping[int, int]
    fallback: Mapping[int, int]

    def face(self, name: str) -> Face:
        return next(f for f in self.faces if f.name == name)

    def covering(self, char: str) -> Face | None:
        """The first face that has a glyph for `char`, or None."""
        code = ord(char)
        return next((f for f in self.faces if code in f.chars), None)


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


def _shape_each_font(shape: Callable[..., Any]) -> Callable[..., Any]:
    """reportlab (5.1) shapes a word with the font of its first letter, so a word set in two fonts
    ("(محمد)": brackets in NanumGothic, letters in Noto Sans Arabic) prints the second font's letters
    as boxes: shape each font's part of the word on its own and join them."""

    def shape_word(word: Any, *args: Any, **kwargs: Any) -> Any:
        parts = word[1:]
        if len({f.fontName for f, _ in parts if not hasattr(f, "cbDefn")}) < 2 or any(
            hasattr(f, "cbDefn") for f, _ in parts
        ):
            return shape(word, *args, **kwargs)
        from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord

        width, items, any_shaped = 0.0, [], False
        for _font, group in groupby(parts, key=lambda part: part[0].fontName):
            pieces = list(group)
            sub = word.__class__([sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in pieces), *pieces])
            done = shape(sub, *args, **kwargs)
            any_shaped = any_shaped or isinstance(done, ShapedFragWord)
            width += done[0]
            items.extend(done[1:])
        return (makeShapedFragWord(word) if any_shaped else word.__class__)([width, *items])

    shape_word.__wrapped__ = shape  # type: ignore[attr-defined]
    return shape_word


def _fix_mixed_font_shaping() -> None:
    from reportlab.platypus import paragraph

    shape = getattr(paragraph, "shapeFragWord")  # noqa: B009 (types-reportlab does not declare it)
    if not hasattr(shape, "__wrapped__"):
        setattr(paragraph, "shapeFragWord", _shape_each_font(shape))  # noqa: B010 (the same)


_reportlab_cmap: Callable[[str, Sequence[int]], str]
_fonts_lock = threading.Lock()
_fonts: Fonts | None = None


def _family(name: str, regular: str, bold: str | None, shaped: bool) -> Face:
    """Register a regular face and its bold (the regular one when there is none) as a family, so <b> is bold."""
    face = TTFont(name, regular)
    pdfmetrics.registerFont(face)
    bold_name = f"{name}-Bold"
    pdfmetrics.registerFont(TTFont(bold_name, bold or regular))
    pdfmetrics.registerFontFamily(name, normal=name, bold=bold_name, italic=name, boldItalic=bold_name)
    chars: Mapping[int, int] = face.face.charToGlyph
    if name in NOT_THEIRS:
        chars = {code: glyph for code, glyph in chars.items() if code not in NOT_THEIRS[name]}
    return Face(name, bold_name, chars, shaped)


def fonts() -> Fonts:
    """Register the fonts (once per process)."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fix_astral_cmap()
            _fix_mixed_font_shaping()
            main = _family(
                FONT,
                str(resource_path("fonts", MAIN.regular)),
                str(resource_path("fonts", MAIN.bold or MAIN.regular)),
                False,
            )
            faces = [main]
            for font in BUNDLED:
                regular = resource_path("fonts", font.regular)
                bold = resource_path("fonts", font.bold) if font.bold else None
                faces.append(_family(font.name, str(regular), str(bold) if bold else None, font.shaped))
            fallback: Mapping[int, int] = {}
            for regular_path, bold_path in FALLBACK_CANDIDATES:
                if os.path.exists(regular_path) and os.path.exists(bold_path):
                    try:
                        face = _family(FALLBACK, regular_path, bold_path, False)
                    except Exception:
                        continue
                    faces.append(face)
                    fallback = face.chars
                    break
            _fonts = Fonts(tuple(faces), main.chars, fallback)
        return _fonts
