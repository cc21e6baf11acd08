"""User text in print: cleaned, escaped as Paragraph markup, cut into chunks, drawn and fitted on one line."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from visitplanner.exporters.pdf_fonts import FALLBACK, FALLBACK_BOLD, FONT, FONT_BOLD, fonts

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str | None) -> str:
    """User text with line breaks normalised, tabs as spaces and other control characters dropped."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def plain(text: str | None) -> str:
    """User text on one line (for metadata, bookmarks and page headers)."""
    return " ".join(clean(text).split())


def _runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut into runs, each flagged True when it needs the fallback font."""
    if text.isascii():
        return [(False, text)]
    known = fonts()
    runs: list[tuple[bool, str]] = []
    start, current = 0, False
    for index, char in enumerate(text):
        code = ord(char)
        needs = code not in known.main and code in known.fallback and char != "\n"
        if needs != current and index > start:
            runs.append((current, text[start:index]))
            start = index
        current = needs
    runs.append((current, text[start:]))
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


def markup(text: str | None) -> str:
    """User text as safe Paragraph markup: escaped (so `<b>`, `&` and `<img>` print literally), line
    breaks as <br/>, and characters the bundled font lacks set in the fallback font."""
    parts = []
    for fallback, run in _runs(clean(text)):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(f'<font face="{FALLBACK}">{safe}</font>' if fallback else safe)
    return "".join(parts)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of user text as `draw_text` draws it."""
    return sum(pdfmetrics.stringWidth(run, _face(fallback, bold), size) for fallback, run in _runs(plain(text)))


def _face(fallback: bool, bold: bool) -> str:
    if fallback:
        return FALLBACK_BOLD if bold else FALLBACK
    return FONT_BOLD if bold else FONT


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left"
) -> None:
    """Draw one line of user text (no markup) at baseline `y`, aligned on `x`."""
    text = plain(text)
    if align != "left":
        width = text_width(text, size, bold)
        x -= width if align == "right" else width / 2
    for fallback, run in _runs(text):
        canvas.setFont(_face(fallback, bold), size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, _face(fallback, bold), size)


def fit_text(text: str, size: float, width: float, bold: bool = False) -> str:
    """`text` on one line, cut with an ellipsis to fit `width` points."""
    text = plain(text)
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"
