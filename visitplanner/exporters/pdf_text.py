"""User text in print: cleaned, escaped as markup, set per word in a font that has its glyphs, drawn and fitted."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

from visitplanner.exporters.pdf_fonts import CJK, FALLBACK, NOTO, Face, fonts

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"(\s+)")


def clean(text: str | None) -> str:
    """User text in composed form (NFC), line breaks normalised, tabs as spaces and other control
    characters dropped."""
    if not text:
        return ""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def plain(text: str | None) -> str:
    """User text on one line (for metadata, bookmarks and page headers)."""
    return " ".join(clean(text).split())


# -- which font sets which word ---------------------------------------------------------------


def _cjk(char: str) -> bool:
    """Chinese characters, kana and CJK punctuation (not Hangul)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x30FF
        or 0x31F0 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def _needs_no_glyph(char: str) -> bool:
    """Characters that draw nothing themselves: format controls (joiners, bidi marks) and variation selectors."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _direction(word: str) -> str:
    """ "R" when the word's first strong letter is right-to-left, "L" when left-to-right, else "N"."""
    for char in word:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "N"


def _visual(tokens: list[str]) -> list[str]:
    """Words and spaces of one line in drawing order: on the documents' left-to-right lines, each
    stretch of right-to-left words (with the spaces between them and the numbers among or after
    them) runs from right to left. A word itself stays in logical order: HarfBuzz shapes it and
    draws its glyphs right to left."""
    out = list(tokens)
    directions = [_direction(t) if t.strip() else "N" for t in tokens]
    i = 0
    while i < len(out):
        if directions[i] != "R":
            i += 1
            continue
        end = i
        j = i + 1
        while j < len(out) and directions[j] != "L":
            # a number after right-to-left words belongs to them (UAX #9 rules W2, W7 and N1)
            if directions[j] == "R" or any(unicodedata.category(c) == "Nd" for c in out[j]):
                end = j
            j += 1
        out[i : end + 1] = out[i : end + 1][::-1]
        i = end + 1
    return out


def _greek_or_cyrillic(char: str) -> bool:
    return 0x0370 <= ord(char) <= 0x052F


def _word_pieces(word: str, faces: tuple[Face, ...]) -> list[tuple[Face, str]]:
    """One word in the first bundled face that has every glyph it needs (Greek and Cyrillic words try
    Noto Sans first, CJK words without Hangul the CJK font); split by character only when no one
    bundled face has them all, the machine's fallback font last."""
    bundled = tuple(f for f in faces if f.name != FALLBACK)
    if any(_cjk(c) for c in word) and not any(_hangul(c) for c in word):
        bundled = (*(f for f in bundled if f.name == CJK), *(f for f in bundled if f.name != CJK))
    elif any(_greek_or_cyrillic(c) for c in word):
        bundled = (*(f for f in bundled if f.name == NOTO), *(f for f in bundled if f.name != NOTO))
    drawn = [c for c in word if any(f.has(c) for f in bundled)]
    face = next((f for f in bundled if all(f.has(c) for c in drawn)), None)
    if face is None:
        face = max(bundled, key=lambda f: sum(f.has(c) for c in drawn))
    if all(face.has(c) or _needs_no_glyph(c) for c in word):
        return [(face, word)]
    pieces: list[tuple[Face, str]] = []
    for char in word:
        chosen = face if face.has(char) else next((f for f in faces if f.has(char)), face)
        if pieces and pieces[-1][0] is chosen:
            pieces[-1] = (chosen, pieces[-1][1] + char)
        else:
            pieces.append((chosen, char))
    return pieces


@functools.lru_cache(maxsize=20_000)
def _set(text: str) -> tuple[tuple[tuple[Face, str], ...], frozenset[str]]:
    """One line of text as (face, text) runs in drawing order, and the characters no font has."""
    faces = fonts().faces
    main = faces[0]
    if text.isascii():
        return ((main, text),), frozenset()
    runs: list[tuple[Face, str]] = []
    for token in _visual([t for t in _SPACES.split(text) if t]):
        if token.isspace():
            face = runs[-1][0] if runs and all(runs[-1][0].has(c) for c in token) else main
            pieces = [(face, token)]
        else:
            pieces = _word_pieces(token, faces)
        for face, piece in pieces:
            if runs and runs[-1][0] is face:
                runs[-1] = (face, runs[-1][1] + piece)
            else:
                runs.append((face, piece))
    missing = frozenset(
        c for c in text if not c.isspace() and not _needs_no_glyph(c) and not any(f.has(c) for f in faces)
    )
    return tuple(runs), missing


# -- characters no font has: collected for the export's warnings --------------------------------

_missing: ContextVar[dict[str, frozenset[str]] | None] = ContextVar("missing_glyphs", default=None)


@contextmanager
def collecting_missing() -> Iterator[dict[str, frozenset[str]]]:
    """Collect, while the block runs, every text set in print with characters no font has a glyph
    for (text -> those characters)."""
    found: dict[str, frozenset[str]] = {}
    token = _missing.set(found)
    try:
        yield found
    finally:
        _missing.reset(token)


def missing_glyphs(text: str | None) -> frozenset[str]:
    """The characters of `text` no embedded font can draw."""
    result: set[str] = set()
    for line in clean(text).split("\n"):
        result |= _set(line)[1]
    return frozenset(result)


def _runs(text: str) -> list[tuple[Face, str]]:
    """`text` (possibly several lines) cut into runs of one face each, "\n" kept in the runs."""
    runs: list[tuple[Face, str]] = []
    found = _missing.get()
    for index, line in enumerate(text.split("\n")):
        line_runs, missing = _set(line)
        if missing and found is not None:
            found[line] = missing
        if index:
            runs.append((fonts().faces[0], "\n"))
        runs.extend(line_runs)
    return [run for run in runs if run[1]]


def chunks(text: str | None, limit: int = 480) -> list[str]:
    """User text cut into pieces of at most about `limit` characters, at line breaks where it can,
    else between words, so a long note becomes several table rows (a table splits across pages
    only between rows)."""
    pieces: list[str] = []
    current = ""
    for line in clean(text).strip().split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, line = line[:cut], line[cut:].lstrip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + len(line) + 1 > limit:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current.strip():
        pieces.append(current)
    return pieces


def paragraphs(text: str | None) -> list[str]:
    """The author's paragraphs of user text: blocks separated by a blank line (a line of spaces
    counts as blank), each with its own line breaks kept and the spaces around it dropped. Long
    paragraphs are never cut: set them as flowing `Paragraph`s, which split across pages by line."""
    return [block.strip() for block in re.split(r"\n[ \u00a0]*\n", clean(text).strip()) if block.strip()]


def markup(text: str | None) -> str:
    """User text as safe Paragraph markup: escaped (so `<b>`, `&` and `<img>` print literally), line
    breaks as <br/>, each word in a font that has its glyphs and right-to-left words in drawing order."""
    parts = []
    main = fonts().faces[0]
    for face, run in _runs(clean(text)):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(f'<font face="{face.name}">{safe}</font>' if face is not main else safe)
    return "".join(parts)


def shaped(markup_text: str) -> bool:
    """Whether markup made by `markup` sets text in a font that needs shaping."""
    if 'face="' not in markup_text:
        return False
    return any(
        f'face="{name}"' in markup_text for face in fonts().faces if face.shaped for name in (face.name, face.bold)
    )


_BOLD_TAGS = re.compile(r'<(/?)(?:b|strong)>|<font face="([^"]+)">')


def embolden(markup_text: str, bold: bool = False) -> str:
    """Markup with the fonts `markup` chose set bold inside <b> (or everywhere when the paragraph's
    own font is `bold`): reportlab's <font face> would otherwise set them regular in bold text."""
    if 'face="' not in markup_text or not (bold or "<b>" in markup_text or "<strong>" in markup_text):
        return markup_text
    bold_of = {face.name: face.bold for face in fonts().faces}
    depth = 1 if bold else 0
    out: list[str] = []
    position = 0
    for match in _BOLD_TAGS.finditer(markup_text):
        closing, face = match.group(1), match.group(2)
        if face is None:
            depth += -1 if closing else 1
            continue
        if depth > 0 and face in bold_of:
            out.append(markup_text[position : match.start(2)] + bold_of[face])
            position = match.end(2)
    out.append(markup_text[position:])
    return "".join(out)


def _canvas_pieces(text: str, bold: bool) -> Iterator[tuple[str, str, bool]]:
    """One line as (font name, text, shape it) pieces: shaped runs word by word, as HarfBuzz would
    otherwise draw a whole run of right-to-left words backwards."""
    for face, run in _runs(plain(text)):
        name = face.bold if bold else face.name
        if not face.shaped:
            yield name, run, False
            continue
        for token in _SPACES.split(run):
            if token:
                yield name, token, not token.isspace()


def _shape(name: str, text: str, size: float, shaping: bool) -> tuple[str, float]:
    """The text to draw (shaped by HarfBuzz when `shaping`: glyphs in drawing order) and its width."""
    if shaping:
        result = shapeStr(text, name, size)
        if isinstance(result, ShapedStr):
            glyphs = getattr(result, "__shapeData__")  # noqa: B009 (types-reportlab does not declare it)
            return result, sum(glyph.x_advance for glyph in glyphs) * size / 1000
    return text, pdfmetrics.stringWidth(text, name, size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of user text as `draw_text` draws it."""
    return sum(_shape(name, piece, size, shaping)[1] for name, piece, shaping in _canvas_pieces(text, bold))


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left"
) -> None:
    """Draw one line of user text (no markup) at baseline `y`, aligned on `x`."""
    text = plain(text)
    if align != "left":
        width = text_width(text, size, bold)
        x -= width if align == "right" else width / 2
    for name, piece, shaping in _canvas_pieces(text, bold):
        drawn, width = _shape(name, piece, size, shaping)
        canvas.setFont(name, size)
        canvas.drawString(x, y, drawn)
        x += width


def fit_text(text: str, size: float, width: float, bold: bool = False) -> str:
    """`text` on one line, cut with an ellipsis to fit `width` points."""
    text = plain(text)
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"
