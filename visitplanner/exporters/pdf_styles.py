"""One palette and one type scale for every printed document: colours, paragraph styles, paragraphs and tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from visitplanner.exporters.pdf_fonts import FONT, FONT_BOLD, fonts
from visitplanner.exporters.pdf_text import embolden, markup, shaped

# one palette for every document
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6573")
RULE = colors.HexColor("#c9ced6")
ACCENT = colors.HexColor("#1f3a5f")
TINT = colors.HexColor("#eef2f7")
ZEBRA = colors.HexColor("#f7f8fa")
ALERT = colors.HexColor("#8a1c1c")
#: The same colours for rich-text markup (`<font color="#rrggbb">`).
MUTED_HEX = f"#{MUTED.hexval()[2:]}"
ALERT_HEX = f"#{ALERT.hexval()[2:]}"
ALERT_TINT = colors.HexColor("#fbf0f0")


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
    biography: ParagraphStyle
    h2_continued: ParagraphStyle
    party: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The shared styles (fonts registered first)."""
    global _styles
    fonts()
    if _styles is None:
        base = ParagraphStyle(
            "vp-body",
            fontName=FONT,
            fontSize=9.5,
            leading=13,
            textColor=INK,
            spaceAfter=4,
            bulletFontName=FONT,
            allowWidows=0,  # a paragraph split by a page never leaves one line alone on either page
            allowOrphans=0,
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
            # a person's biography in the participants' list: under the name, the author's own
            # paragraphs, flowing across pages between lines but never leaving one line alone
            biography=style(
                "biography",
                cell,
                leftIndent=9 * mm + 3,
                rightIndent=3,
                spaceBefore=1.5,
                spaceAfter=2,
                allowWidows=0,
                allowOrphans=0,
            ),
            # a day's heading repeated at the top of the pages its run sheet runs on to
            h2_continued=style(
                "h2-continued", fontName=FONT_BOLD, fontSize=10.5, leading=13.5, textColor=ACCENT, spaceAfter=2
            ),
            # a party of the run sheet with its members
            party=style("party", fontSize=8.5, leading=11.5, leftIndent=4 * mm, firstLineIndent=-4 * mm, spaceAfter=3),
        )
    return _styles


_parsed: dict[tuple[str, int], tuple[ParagraphStyle, list[Any]]] = {}
_shaping: dict[int, ParagraphStyle] = {}


def _shaping_style(style: ParagraphStyle) -> ParagraphStyle:
    """`style` with HarfBuzz shaping on (joined Arabic, Indic conjuncts, Thai marks), used only for
    paragraphs that hold such text: shaping every word would slow a large pack down."""
    found = _shaping.get(id(style))
    if found is None or found.parent is not style:
        found = _shaping[id(style)] = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    return found


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of (trusted) markup; the parse of markup seen before is reused, as names, labels
    and parts repeat thousands of times in a large pack."""
    text = embolden(text, style.fontName == FONT_BOLD)
    if shaped(text):
        style = _shaping_style(style)
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
    head = [paragraph(markup(h), st.cell_head_right if n in numeric else st.cell_head) for n, h in enumerate(header)]
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
