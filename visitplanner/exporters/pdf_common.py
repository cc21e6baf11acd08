"""What every printed document shares: embedded fonts, escaping, styles, page furniture and atomic writes."""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from visitplanner import __version__
from visitplanner.exporters.files import write_atomically
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

# Colours and geometry: one palette and one type scale for every document.
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6573")
RULE = colors.HexColor("#c9ced6")
ACCENT = colors.HexColor("#1f3a5f")
TINT = colors.HexColor("#eef2f7")
ZEBRA = colors.HexColor("#f7f8fa")
ALERT = colors.HexColor("#8a1c1c")
ALERT_TINT = colors.HexColor("#fbf0f0")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ExportCancelled(Exception):
    """The caller's `cancelled()` answered True: nothing was written."""


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


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


@dataclass(frozen=True)
class Styles:
    """The type scale: every paragraph style the documents use."""

    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    body_indent: ParagraphStyle
    list_item: ParagraphStyle
    muted: ParagraphStyle
    small: ParagraphStyle
    small_muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_right: ParagraphStyle
    cell_right_muted: ParagraphStyle
    cell_alert: ParagraphStyle
    label: ParagraphStyle
    name: ParagraphStyle
    notice: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The shared styles (fonts registered first)."""
    global _styles
    fonts()
    if _styles is None:
        base = ParagraphStyle(
            "vp-body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4, bulletFontName=FONT
        )

        def style(name: str, parent: ParagraphStyle = base, **values: Any) -> ParagraphStyle:
            return ParagraphStyle(f"vp-{name}", parent=parent, **values)

        cell = style("cell", fontSize=8.5, leading=11, spaceAfter=0)
        _styles = Styles(
            cover_title=style(
                "cover-title", fontName=FONT_BOLD, fontSize=24, leading=30, textColor=ACCENT, spaceAfter=10
            ),
            cover_subtitle=style("cover-subtitle", fontSize=13, leading=18, textColor=INK, spaceAfter=4),
            cover_label=style("cover-label", fontName=FONT_BOLD, fontSize=8, leading=11, textColor=MUTED, spaceAfter=0),
            cover_value=style("cover-value", fontSize=10.5, leading=14, spaceAfter=0),
            h1=style(
                "h1",
                fontName=FONT_BOLD,
                fontSize=16,
                leading=20,
                textColor=ACCENT,
                spaceBefore=0,
                spaceAfter=10,
                keepWithNext=1,
            ),
            h2=style(
                "h2",
                fontName=FONT_BOLD,
                fontSize=12,
                leading=15.5,
                textColor=ACCENT,
                spaceBefore=12,
                spaceAfter=6,
                keepWithNext=1,
            ),
            h3=style(
                "h3",
                fontName=FONT_BOLD,
                fontSize=10.5,
                leading=13.5,
                textColor=INK,
                spaceBefore=9,
                spaceAfter=3,
                keepWithNext=1,
            ),
            body=base,
            body_indent=style("body-indent", leftIndent=8 * mm),
            list_item=style("list-item", leftIndent=6 * mm, firstLineIndent=-6 * mm, spaceAfter=3),
            muted=style("muted", textColor=MUTED),
            small=style("small", fontSize=8, leading=10.5, spaceAfter=2),
            small_muted=style("small-muted", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2),
            cell=cell,
            cell_bold=style("cell-bold", cell, fontName=FONT_BOLD),
            cell_muted=style("cell-muted", cell, textColor=MUTED),
            cell_head=style("cell-head", cell, fontName=FONT_BOLD, fontSize=7.5, leading=9.5, textColor=ACCENT),
            cell_head_right=style(
                "cell-head-right",
                cell,
                fontName=FONT_BOLD,
                fontSize=7.5,
                leading=9.5,
                textColor=ACCENT,
                alignment=TA_RIGHT,
            ),
            cell_right=style("cell-right", cell, alignment=TA_RIGHT),
            cell_right_muted=style("cell-right-muted", cell, alignment=TA_RIGHT, textColor=MUTED),
            cell_alert=style("cell-alert", cell, textColor=ALERT),
            label=style("label", cell, fontName=FONT_BOLD, fontSize=7.5, leading=11, textColor=MUTED),
            name=style("name", cell, fontName=FONT_BOLD, fontSize=10, leading=13),
            notice=style(
                "notice",
                fontSize=8.5,
                leading=11.5,
                textColor=INK,
                borderColor=RULE,
                borderWidth=0.6,
                borderPadding=(5, 6, 5, 6),
                backColor=ZEBRA,
                spaceBefore=6,
                spaceAfter=10,
            ),
        )
    return _styles


_parsed: dict[tuple[str, int], tuple[ParagraphStyle, list[Any]]] = {}


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of (trusted) markup; the parse of markup seen before is reused, as names, labels
    and parts repeat thousands of times in a large pack."""
    key = (text, id(style))
    parsed = _parsed.get(key)
    if parsed is None:
        result = Paragraph(text, style)
        if len(_parsed) > 50_000:
            _parsed.clear()
        _parsed[key] = (result.style, result.frags)
        return result
    return Paragraph(text, parsed[0], frags=parsed[1])


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text (escaped)."""
    return paragraph(markup(text), style)


def rich(parts: Iterable[tuple[str | None, str]], style: ParagraphStyle, separator: str = "") -> Paragraph:
    """A paragraph of user-text pieces, each escaped and wrapped in a trusted tag template.

    Each part is (text, template) where the template holds `{}` for the escaped text, e.g.
    ("Kim & Lee", "<b>{}</b>"); parts with empty text are left out.
    """
    pieces = [template.format(markup(text)) for text, template in parts if text]
    return paragraph(separator.join(pieces), style)


def table(
    data: Sequence[Sequence[Any]], widths: Sequence[float], commands: Iterable[tuple[Any, ...]] = (), **kwargs: Any
) -> Table:
    """A table in the documents' font (reportlab would set Helvetica, unembedded, for every cell)."""
    result = Table([list(row) for row in data], colWidths=list(widths), hAlign=kwargs.pop("hAlign", "LEFT"), **kwargs)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("TEXTCOLOR", (0, 0), (-1, -1), INK), *commands]))
    return result


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    extra: Sequence[tuple[Any, ...]] = (),
    zebra: bool = True,
    numeric: Sequence[int] = (),
) -> Table:
    """A table with a repeated header row that splits across pages between rows; the headers of
    the `numeric` columns are right-aligned over their figures."""
    st = styles()
    head = [paragraph(escape(h), st.cell_head_right if n in numeric else st.cell_head) for n, h in enumerate(header)]
    data: list[list[Any]] = [head, *[list(r) for r in rows]]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    if zebra and len(data) > 3:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
    return table(data, widths, [*commands, *extra], repeatRows=1)


class Bookmark(Flowable):
    """A zero-size mark: a PDF outline entry, a link target and the page the contents show."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, plain(title), level
        self.keepWithNext = 1

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, 14)
        canvas.addOutlineEntry(self.title, self.key, level=self.level, closed=False)
        if isinstance(canvas, PagedCanvas):
            canvas.bookmark_pages[self.key] = canvas.getPageNumber()


class ContentsLine(Flowable):
    """One line of the contents: title, dot leaders and the page number, which is a form filled in
    when the document is complete (so the contents need no second layout pass yet read in order);
    the whole line links to its target."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, plain(title), level
        self.size = 10.5 if level == 0 else 9.5
        self.height = 19.0 if level == 0 else 15.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        bold = self.level == 0
        indent = 0 if self.level == 0 else 8 * mm
        baseline, number_space = 5.0, 26.0
        title = fit_text(self.title, self.size, self.width - indent - number_space - 20, bold=bold)
        canvas.setFillColor(ACCENT if bold else INK)
        draw_text(canvas, indent, baseline, title, self.size, bold=bold)
        leader_end = self.width - number_space
        unit = pdfmetrics.stringWidth(" .", FONT, 8)
        dots = int((leader_end - (indent + text_width(title, self.size, bold) + 6)) / unit)
        if dots > 0:
            canvas.setFillColor(RULE)
            canvas.setFont(FONT, 8)
            canvas.drawRightString(leader_end, baseline, " ." * dots)
        canvas.linkRect("", self.key, (0, 0, self.width, self.height - 4), relative=1, thickness=0)
        if isinstance(canvas, PagedCanvas):
            canvas.saveState()
            canvas.translate(self.width, baseline)
            canvas.doForm(canvas.page_number_form(self.key, self.size, bold))
            canvas.restoreState()


@dataclass(frozen=True)
class Furniture:
    """What is printed around the content of every page.

    Attributes:
        marking: the visit's marking, centred at the top and bottom of every page.
        header_left: running header on the left (e.g. the visit's title).
        header_right: running header on the right (e.g. the edition).
        footer_left: footer on the left (e.g. the issue).
        watermark: large diagonal text behind the content ("DRAFT"), or "".
    """

    marking: str
    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    watermark: str = ""


def set_creation_date(canvas: Canvas, created: datetime) -> None:
    """Date the PDF `created` (not the clock), so the same input gives the same file."""
    stamp = created.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    cast(Any, canvas)._doc.setDateFormatter(lambda *_: stamp)


class PagedCanvas(Canvas):
    """A canvas that adds the page furniture (marking, headers, "Page X of Y") as each page ends.

    What is known only when the document is complete (the page count, the contents' page numbers)
    is drawn through PDF forms referenced on the page and defined at the end, so one layout pass is
    enough and text extraction still reads them in place.
    """

    def __init__(self, *args: Any, furniture: Furniture, created: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.furniture = furniture
        self.page_kind = "body"
        self.bookmark_pages: dict[str, int] = {}
        self._number_forms: dict[str, tuple[str, float, bool]] = {}
        self._pages = 0
        set_creation_date(self, created)

    def page_number_form(self, key: str, size: float, bold: bool) -> str:
        """The name of a form showing, right-aligned on its origin, the page of bookmark `key`
        (defined when the document is complete)."""
        name = f"vp-page-of-{key}-{size}-{int(bold)}"
        self._number_forms[name] = (key, size, bold)
        return name

    def showPage(self) -> None:
        self._pages += 1
        self._draw_furniture(self._pages)
        super().showPage()
        self.page_kind = "body"

    def save(self) -> None:
        if cast(Any, self)._code:  # something drawn since the last page ended
            self.showPage()
        for number in range(1, self._pages + 1):
            self.beginForm(f"vp-page-label-{number}", lowerx=-120, lowery=-4, upperx=2, uppery=12)
            self.setFillColor(MUTED)
            draw_text(self, 0, 0, f"Page {number} of {self._pages}", 7.5, align="right")
            self.endForm()
        for name, (key, size, bold) in self._number_forms.items():
            self.beginForm(name, lowerx=-60, lowery=-6, upperx=2, uppery=size + 4)
            self.setFillColor(ACCENT if bold else INK)
            draw_text(self, 0, 0, str(self.bookmark_pages.get(key, "")), size, bold=bold, align="right")
            self.endForm()
        super().save()

    def _draw_furniture(self, number: int) -> None:
        f = self.furniture
        self.saveState()
        if f.watermark:
            self.saveState()
            self.setFillColor(colors.Color(0.55, 0.1, 0.1, alpha=0.07))
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(45)
            draw_text(self, 0, -40, f.watermark, 120, bold=True, align="centre")
            self.restoreState()
        self.setFillColor(INK)
        marking = fit_text(f.marking, 8.5, FRAME_WIDTH, bold=True)
        if marking:
            draw_text(self, PAGE_WIDTH / 2, PAGE_HEIGHT - 11 * mm, marking, 8.5, bold=True, align="centre")
            draw_text(self, PAGE_WIDTH / 2, 8 * mm, marking, 8.5, bold=True, align="centre")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.setFillColor(MUTED)
        if self.page_kind != "cover":
            right = fit_text(f.header_right, 7.5, FRAME_WIDTH * 0.45)
            left = fit_text(f.header_left, 7.5, FRAME_WIDTH - text_width(right, 7.5) - 12 * mm)
            draw_text(self, MARGIN_X, PAGE_HEIGHT - 18 * mm, left, 7.5)
            draw_text(self, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 18 * mm, right, 7.5, align="right")
            self.line(MARGIN_X, PAGE_HEIGHT - 19.8 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 19.8 * mm)
        self.line(MARGIN_X, 18.5 * mm, PAGE_WIDTH - MARGIN_X, 18.5 * mm)
        draw_text(self, MARGIN_X, 14 * mm, fit_text(f.footer_left, 7.5, FRAME_WIDTH - 32 * mm), 7.5)
        self.translate(PAGE_WIDTH - MARGIN_X, 14 * mm)
        self.doForm(f"vp-page-label-{number}")
        self.restoreState()


@dataclass
class Steps:
    """Progress and cancellation: preparing the content is the first fifth, laying out pages the rest."""

    progress: Progress | None = None
    cancelled: Cancelled | None = None
    total: int = 1000
    _last: int = field(default=-1, repr=False)

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("the export was cancelled")

    def report(self, done: int) -> None:
        done = max(0, min(done, self.total))
        if self.progress is not None and done != self._last:
            self._last = done
            self.progress(done, self.total)

    def preparing(self, index: int, count: int) -> None:
        self.check()
        self.report(self.total // 5 * index // max(count, 1))

    def laying_out(self, index: int, count: int) -> None:
        self.check()
        self.report(self.total // 5 + (self.total - self.total // 5) * index // max(count, 1))


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, steps: Steps, story_length: int, **kwargs: Any) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            initialFontName=FONT,
            initialFontSize=9.5,
            **kwargs,
        )
        self._steps, self._story_length, self._handled = steps, story_length, 0
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="content",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

        def kind(name: str) -> Callable[[Canvas, BaseDocTemplate], None]:
            def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
                if isinstance(canvas, PagedCanvas):
                    canvas.page_kind = name

            return on_page

        self.addPageTemplates(
            [PageTemplate("body", [frame], onPage=kind("body")), PageTemplate("cover", [frame], onPage=kind("cover"))]
        )

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        self._handled += 1
        self._steps.laying_out(min(self._handled, self._story_length), self._story_length)
        super().handle_flowable(flowables)


@dataclass(frozen=True)
class Metadata:
    """The PDF document information: never restricted data (viewers and search engines show it)."""

    title: str
    subject: str
    keywords: tuple[str, ...] = ()


def render(
    story: list[Flowable],
    *,
    furniture: Furniture,
    metadata: Metadata,
    created: datetime,
    steps: Steps,
    cover: bool = False,
) -> tuple[bytes, int]:
    """Lay out `story` on A4 pages; returns the PDF and its page count.

    With `cover` the first page uses the cover template (no running header); the story must
    switch to the "body" template itself (NextPageTemplate) after the cover.
    """
    fonts()
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        steps,
        len(story),
        title=plain(metadata.title),
        subject=plain(metadata.subject),
        author="VisitPlanner",
        creator=f"VisitPlanner {__version__}",
        keywords=[plain(k) for k in metadata.keywords],
        invariant=1,
        lang="en-GB",
    )
    if cover:
        doc.pageTemplates.reverse()

    def canvas_maker(*args: Any, **kwargs: Any) -> PagedCanvas:
        return PagedCanvas(*args, furniture=furniture, created=created, **kwargs)

    doc.build(story, canvasmaker=canvas_maker)
    steps.report(steps.total)
    return buffer.getvalue(), doc.page


def write_pdf(path: Path | str, data: bytes, *, private: bool) -> None:
    """Replace `path` with the PDF atomically; a `private` one is readable by its owner only."""
    write_atomically(path, data, what="the PDF", private=private)


__all__ = [
    "ACCENT",
    "ALERT",
    "ALERT_TINT",
    "FRAME_WIDTH",
    "INK",
    "MUTED",
    "RULE",
    "TA_CENTER",
    "TA_LEFT",
    "TINT",
    "ZEBRA",
    "Bookmark",
    "ContentsLine",
    "ExportCancelled",
    "Furniture",
    "Metadata",
    "PagedCanvas",
    "Steps",
    "Styles",
    "clean",
    "draw_text",
    "fit_text",
    "fonts",
    "grid",
    "markup",
    "para",
    "plain",
    "render",
    "rich",
    "styles",
    "text_width",
    "write_pdf",
]
