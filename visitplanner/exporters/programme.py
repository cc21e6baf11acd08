"""The visit's programme (PDF): day by day, each engagement's time, title and place, in one
language or in English and Korean side by side, showing what one edition of the visit may show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from visitplanner.domain.catalogue import ENGLISH, Words, words
from visitplanner.domain.enums import Privacy
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range, date_time
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.pdf_blocks import day_label, facts_table, muted, status_suffix, title_markup, where_markup
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_language import organisation_name
from visitplanner.exporters.pdf_page import (
    FRAME_WIDTH,
    Bookmark,
    Furniture,
    Metadata,
    PreparedPdf,
    Steps,
    prepare_pdf,
    render,
)
from visitplanner.exporters.pdf_plan import EngagementView, FieldAccess, Plan, read_plan
from visitplanner.exporters.pdf_styles import grid, para, paragraph, styles
from visitplanner.exporters.pdf_text import markup
from visitplanner.store.editions import find_edition
from visitplanner.store.models import Visit

#: The edition a programme shows unless another is named: the one shared with the visiting side.
DEFAULT_EDITION = "Delegation"
#: The language set beside English in a bilingual programme when English is the one asked for.
SECOND_LANGUAGE = DocumentLanguage.KO


def build_programme(
    session: Session,
    visit_id: int,
    *,
    now: datetime,
    edition: str = DEFAULT_EDITION,
    language: DocumentLanguage | str = DocumentLanguage.EN,
    bilingual: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> bytes:
    """The programme as PDF bytes.

    Args:
        edition: the edition whose classes of information and marking it takes ("Delegation":
            engagements and transfers, no restricted notes; "Public": only engagements cleared
            for the public, unmarked).
        language: the language of its fixed text, dates and the names of places ("en", "ko").
        bilingual: English and the other language side by side (Korean when `language` is English).
    """
    return _build(
        session,
        visit_id,
        now=now,
        edition=edition,
        language=language,
        bilingual=bilingual,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
    )[0]


def prepare_programme(
    session: Session,
    visit_id: int,
    *,
    target: Path | str | None = None,
    now: datetime,
    edition: str = DEFAULT_EDITION,
    language: DocumentLanguage | str = DocumentLanguage.EN,
    bilingual: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> PreparedPdf:
    """The programme built to be written (for its owner only unless the edition shows public
    information only): what a preview shows and its Save writes. `target`: the file it is for,
    refused before the build if it must not be replaced. Other arguments as for `build_programme`."""
    return prepare_pdf(
        session,
        target,
        lambda: _build(
            session,
            visit_id,
            now=now,
            edition=edition,
            language=language,
            bilingual=bilingual,
            progress=progress,
            cancelled=cancelled,
            warn=warn,
        ),
        private=lambda: find_edition(session, visit_id, edition).classes != {Privacy.PUBLIC},
    )


def write_programme(
    session: Session,
    visit_id: int,
    path: Path | str,
    *,
    now: datetime,
    edition: str = DEFAULT_EDITION,
    language: DocumentLanguage | str = DocumentLanguage.EN,
    bilingual: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> int:
    """Write the programme to `path` atomically (readable by its owner only unless the edition shows
    public information only); returns the page count."""
    return prepare_programme(
        session,
        visit_id,
        target=path,
        now=now,
        edition=edition,
        language=language,
        bilingual=bilingual,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
    ).write(path)


def languages_of(language: DocumentLanguage | str, bilingual: bool) -> tuple[Words, ...]:
    """The languages a programme is written in, English first when it is bilingual."""
    w = words(language)
    if not bilingual:
        return (w,)
    other = w if w.language is not DocumentLanguage.EN else words(SECOND_LANGUAGE)
    return (ENGLISH, other)


def _build(
    session: Session,
    visit_id: int,
    *,
    now: datetime,
    edition: str,
    language: DocumentLanguage | str,
    bilingual: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    warn: Warn | None,
) -> tuple[bytes, int]:
    now = require_aware(now, "now")
    if session.get(Visit, visit_id) is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    chosen = find_edition(session, visit_id, str(edition))
    langs = languages_of(language, bilingual)
    steps = Steps(progress, cancelled)
    steps.preparing(0, 1)
    plan = read_plan(session, visit_id, FieldAccess(chosen.classes), langs[-1])
    with warning_of_missing_glyphs(plan, warn):
        story = _story(plan, langs, steps)
        visit = plan.visit
        local_now = now.astimezone(plan.local)
        main = langs[-1]  # the reader's language sets the running text of a bilingual programme
        both = " · ".join(dict.fromkeys(w("programme.header") for w in langs))
        furniture = Furniture(
            marking=chosen.marking,
            header_left=visit.title,
            header_right=both,
            footer_left=_joined(langs, lambda w: w("doc.prepared", when=date_time(local_now, w.code))),
            page_label=_joined(langs, lambda w: w("page.number")),  # both: the page furniture too
        )
        metadata = Metadata(
            title=" · ".join(dict.fromkeys(w("programme.title", visit=visit.title) for w in langs)),
            subject=f"{visit.title}, {date_range(visit.start_date, visit.end_date, main.code)}",
            keywords=("programme", visit.slug, *(w.code for w in langs)),
            lang=main.pdf_tag,
        )
        return render(story, furniture=furniture, metadata=metadata, created=now, steps=steps)


def _joined(langs: tuple[Words, ...], text: Callable[[Words], str], separator: str = " · ") -> str:
    """The same text in each language, each once ("Programme · 방문 일정")."""
    return separator.join(dict.fromkeys(text(w) for w in langs))


def _story(plan: Plan, langs: tuple[Words, ...], steps: Steps) -> list[Flowable]:
    st, visit = styles(), plan.visit
    story: list[Flowable] = [
        paragraph(muted(markup(_joined(langs, lambda w: w("programme.cover")))), st.cover_label),
        Spacer(1, 2 * mm),
        para(visit.title, st.cover_title),
    ]
    organisations = [
        " / ".join(
            dict.fromkeys(org.name if w.language is DocumentLanguage.EN else organisation_name(org, w) for w in langs)
        )
        for org in (visit.visiting, visit.host)
        if org
    ]
    if organisations:
        story.append(para(" — ".join(organisations), st.cover_subtitle))
    story.append(Spacer(1, 3 * mm))
    facts = [
        (_joined(langs, lambda w: w("programme.dates")), _joined(langs, lambda w: _dates(plan, w), "\n")),
        (_joined(langs, lambda w: w("programme.times")), _joined(langs, plan_zones(plan), "\n")),
    ]
    story.append(facts_table([(markup(k), v) for k, v in facts if v], label_width=34 * mm))
    days = plan.days()
    for index, (day, items) in enumerate(days, start=1):
        steps.preparing(index, len(days) + 1)
        heading = " · ".join(dict.fromkeys(day_label(day, index, w) for w in langs))
        story.append(Bookmark(f"day-{index}", heading))
        story.append(paragraph(markup(heading), st.h2))
        if not items:
            story.append(paragraph(markup(_joined(langs, lambda w: w("programme.nothing"))), st.muted))
            continue
        story.append(_day_table(plan, day, items, langs))
    return story


def _dates(plan: Plan, w: Words) -> str:
    return date_range(plan.visit.start_date, plan.visit.end_date, w.code)


def plan_zones(plan: Plan) -> Callable[[Words], str]:
    """The visit's zones over its days, in a language."""
    return lambda w: plan.visit_zone_note(w.code)


def _day_table(plan: Plan, day: date, items: list[EngagementView], langs: tuple[Words, ...]) -> Flowable:
    """One day's engagements: local time (and home time), then per language the engagement (its
    kind in that language) and its place as that language names it."""
    st = styles()
    main = langs[-1]
    two = plan.two_zones
    time_widths = [24 * mm, 27 * mm] if two else [24 * mm]
    rest = FRAME_WIDTH - sum(time_widths)

    def zone_head(name: str) -> str:
        if len(langs) == 1:
            return main("programme.home_time", zone=main.zone(name))
        return " · ".join(dict.fromkeys(w.zone(name) for w in langs))  # "London · 런던"

    header = [zone_head(plan.visit.local_time_zone)]
    if two:
        header.append(zone_head(plan.visit.home_time_zone))
    if len(langs) == 1:
        widths = [*time_widths, rest * 0.55, rest * 0.45]
        header += [main("programme.engagement"), main("programme.place")]
    else:
        widths = [*time_widths, rest / 2, rest / 2]
        header += [f"{w('programme.engagement')} · {w('programme.place')}" for w in langs]
    rows: list[list[Flowable]] = []
    for e in items:
        style = st.cell_muted if e.cancelled else st.cell
        row: list[Flowable] = [para(plan.local_span(e, day, main.code), st.cell_bold)]
        if two:
            row.append(para(plan.home_span(e, day, main.code), st.cell_muted))
        if len(langs) == 1:
            row += [_engagement(e, main, style), paragraph(where_markup(e, main), style)]
        else:
            # the title is the officer's, in one language: printed once, in the first column
            row += [_engagement(e, w, style, place=True, title=n == 0) for n, w in enumerate(langs)]
        rows.append(row)
    return grid(header, rows, widths)


def _engagement(
    e: EngagementView, w: Words, style: ParagraphStyle, *, place: bool = False, title: bool = True
) -> Flowable:
    """The engagement's title (unless not `title`) with its kind and status in `w`'s language, and
    with `place` its place after them."""
    kind = muted(markup(w.kind(e.kind)))
    text = f"<b>{title_markup(e)}</b>{status_suffix(e, w)}<br/>{kind}" if title else kind + status_suffix(e, w)
    if place:
        text += " · " + where_markup(e, w)
    return paragraph(text, style)
