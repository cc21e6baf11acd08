"""The pages of every printed document: A4 geometry, furniture (marking, headers, footers, page
numbers, watermark), bookmarks and contents, layout with progress and cancellation, and the write."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate

from visitplanner import __version__
from visitplanner.domain.work import Cancelled, Progress, WorkCancelled
from visitplanner.exporters.files import check_export_target, sqlite_files, write_atomically
from visitplanner.exporters.pdf_fonts import FONT, fonts
from visitplanner.exporters.pdf_styles import ACCENT, INK, MUTED, RULE
from visitplanner.exporters.pdf_text import draw_text, fit_text, plain, text_width

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


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


class Kept(KeepTogether):
    """Flowables kept on one page when they fit on one. reportlab's KeepTogether leaves out of its
    height the space before its first visible flowable and after its last, which the frame then
    adds: content it judged to fit ran a row onto the next page. This one counts them."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        result = super().wrap(aW, aH)
        content = getattr(self, "_content")  # noqa: B009 (not in the stubs)
        visible = [f for f in content if not isinstance(f, Bookmark | Anchor) and not getattr(f, "_ZEROSIZE", 0)]
        if visible:
            slack = visible[0].getSpaceBefore() + visible[-1].getSpaceAfter()
            setattr(self, "_H", getattr(self, "_H") + slack)  # noqa: B009, B010 (reportlab's own field)
        return result


class Anchor(Flowable):
    """A zero-size link target whose page `PageRef`s print (no outline entry)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, 14)
        if isinstance(canvas, PagedCanvas):
            canvas.bookmark_pages[self.key] = canvas.getPageNumber()


class PageRef(Flowable):
    """One line of text ending with the page of an `Anchor` or `Bookmark` ("see page 5"), filled
    in when the document is complete; the line links to its target."""

    def __init__(self, text: str, key: str, size: float = 8.5, colour: Any = INK, *, bold: bool = False) -> None:
        super().__init__()
        self.text, self.key, self.size, self.colour, self.bold = plain(text), key, size, colour, bold

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.3

    def draw(self) -> None:
        canvas = self.canv
        baseline = self.size * 0.3
        text = fit_text(self.text, self.size, self.width - 3 * self.size, bold=self.bold)
        canvas.setFillColor(self.colour)
        draw_text(canvas, 0, baseline, text, self.size, bold=self.bold)
        end = text_width(text, self.size, self.bold) + pdfmetrics.stringWidth(" ", FONT, self.size)
        canvas.linkRect(
            "", self.key, (0, 0, min(self.width, end + 2 * self.size), self.size * 1.3), relative=1, thickness=0
        )
        if isinstance(canvas, PagedCanvas):
            canvas.saveState()
            canvas.translate(end, baseline)
            canvas.doForm(canvas.page_number_form(self.key, self.size, self.bold, align="left"))
            canvas.restoreState()


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
        footer_copy: the numbered copy this file is ("Copy 3 of 12 — name"), on a line of its own
            under the footer (so a long name is not cut short), or "".
        watermark: large diagonal text behind the content ("DRAFT"), or "".
        header_note: a line under the running header, right-aligned (e.g. that the clocks change
            during the visit), or "".
        page_label: the page number at the foot, with `{number}` and `{pages}` fields, in the
            document's language ("Page 1 of 5", "1 / 5쪽").
    """

    marking: str
    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    footer_copy: str = ""
    watermark: str = ""
    header_note: str = ""
    page_label: str = "Page {number} of {pages}"


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
        self._number_forms: dict[str, tuple[str, float, bool, str]] = {}
        self._pages = 0
        set_creation_date(self, created)

    def page_number_form(self, key: str, size: float, bold: bool, align: str = "right") -> str:
        """The name of a form showing, aligned on its origin (`align` "right" or "left"), the page
        of bookmark `key` (defined when the document is complete)."""
        name = f"vp-page-of-{key}-{size}-{int(bold)}-{align}"
        self._number_forms[name] = (key, size, bold, align)
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
            label = self.furniture.page_label.format(number=number, pages=self._pages)
            draw_text(self, 0, 0, label, 7.5, align="right")
            self.endForm()
        for name, (key, size, bold, align) in self._number_forms.items():
            if align == "right":
                self.beginForm(name, lowerx=-60, lowery=-6, upperx=2, uppery=size + 4)
            else:
                self.beginForm(name, lowerx=-2, lowery=-6, upperx=60, uppery=size + 4)
            self.setFillColor(ACCENT if bold else INK)
            draw_text(self, 0, 0, str(self.bookmark_pages.get(key, "")), size, bold=bold, align=align)
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
            if f.header_note:
                note = fit_text(f.header_note, 7, FRAME_WIDTH)
                draw_text(self, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 23 * mm, note, 7, align="right")
        # a numbered copy's line goes under the footer: the rule and the footer move up to make room
        rule_y, footer_y = (21.5 * mm, 17.5 * mm) if f.footer_copy else (18.5 * mm, 14 * mm)
        self.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)
        draw_text(self, MARGIN_X, footer_y, fit_text(f.footer_left, 7.5, FRAME_WIDTH - 32 * mm), 7.5)
        if f.footer_copy:
            self.setFillColor(INK)
            copy_line = fit_text(f.footer_copy, 7.5, FRAME_WIDTH, bold=True)
            draw_text(self, MARGIN_X, 13.5 * mm, copy_line, 7.5, bold=True)
            self.setFillColor(MUTED)
        self.translate(PAGE_WIDTH - MARGIN_X, footer_y)
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
            raise WorkCancelled("the export was cancelled")

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
    keepTogetherClass = Kept  # headings kept with what follows, counting the space around them

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
    #: The document's language, as a BCP 47 tag ("en-GB", "ko-KR").
    lang: str = "en-GB"


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
        lang=metadata.lang,
    )
    if cover:
        doc.pageTemplates.reverse()

    def canvas_maker(*args: Any, **kwargs: Any) -> PagedCanvas:
        return PagedCanvas(*args, furniture=furniture, created=created, **kwargs)

    doc.build(story, canvasmaker=canvas_maker)
    steps.report(steps.total)
    return buffer.getvalue(), doc.page


def write_pdf(path: Path | str, data: bytes, *, private: bool, keep: Iterable[Path] = ()) -> None:
    """Replace `path` with the PDF atomically; a `private` one is readable by its owner only.
    `keep`: the database files it must not replace (`sqlite_files(session)`)."""
    write_atomically(path, data, what="the PDF", private=private, keep=keep)


@dataclass(frozen=True)
class PreparedPdf:
    """A PDF built and not yet written: what a preview shows and its Save then writes, so the file
    is byte for byte the document the officer looked at (it is not built a second time).

    Attributes:
        data: the PDF.
        pages: its page count (what the `write_…` functions return).
        private: the file must be readable by its owner only (it shows restricted or internal fields).
        keep: the database files it must never replace (`sqlite_files` of the session it was built in).
        what: the document, as error messages name it.
    """

    data: bytes
    pages: int
    private: bool
    keep: tuple[Path, ...] = ()
    what: str = "the PDF"

    def write(self, path: Path | str) -> int:
        """Replace `path` with the PDF atomically (as `write_pdf`); returns the page count."""
        write_atomically(path, self.data, what=self.what, private=self.private, keep=self.keep)
        return self.pages


def prepare_pdf(
    session: Session,
    target: Path | str | None,
    build: Callable[[], tuple[bytes, int]],
    private: bool | Callable[[], bool],
) -> PreparedPdf:
    """Build a PDF to be written (`build` gives its bytes and page count) as a `PreparedPdf`.

    `target`: the file it is for; a target that must not be replaced (the open database, a folder…)
    is refused at once, before the build. `private`: whether the file is for its owner only (or a
    function deciding it once the document is built).
    """
    keep = sqlite_files(session)
    if target is not None:
        check_export_target(target, keep)
    data, pages = build()
    return PreparedPdf(data, pages, private() if callable(private) else private, keep)
