"""One attendee's personal itinerary (PDF): their engagements and transfers, who meets them and where."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from sqlalchemy.orm import Session

from visitplanner.domain.catalogue import Words, words
from visitplanner.domain.enums import AttendancePart, Privacy, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range, date_time
from visitplanner.domain.languages import DocumentLanguage, document_language
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.pdf_blocks import EngagementBlock, day_label, facts_table, muted, name_markup
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_language import cover_names, position_for
from visitplanner.exporters.pdf_movements import day_movements
from visitplanner.exporters.pdf_page import Bookmark, Furniture, Metadata, PreparedPdf, Steps, prepare_pdf, render
from visitplanner.exporters.pdf_plan import (
    AttendanceView,
    EngagementView,
    FieldAccess,
    PersonView,
    Plan,
    person_name,
    read_plan,
)
from visitplanner.exporters.pdf_styles import para, paragraph, styles
from visitplanner.exporters.pdf_text import markup
from visitplanner.store.models import Attendee, Person, TravelLeg, Visit

#: The itinerary shows internal fields (vehicles, drivers, the attendee's own travel) but no
#: restricted ones, except telephone numbers: it prints those of the visit's liaison officers and
#: of the driver of each of the attendee's vehicles, so the traveller can call them.
#: A personal itinerary shows internal fields (movements among them), liaisons' phones and the
#: journeys (flights, trains) of the visit, granted by name: the holder's own are printed.
ITINERARY_ACCESS = (
    Privacy.INTERNAL,
    (
        Person.phone,
        TravelLeg.direction,
        TravelLeg.mode,
        TravelLeg.carrier,
        TravelLeg.number,
        TravelLeg.from_place,
        TravelLeg.from_terminal,
        TravelLeg.to_place,
        TravelLeg.to_terminal,
        TravelLeg.departs_zone,
        TravelLeg.arrives_zone,
        TravelLeg.met_by_attendee_id,
    ),
)


def _side_order(me: PersonView) -> list[Side]:
    """Who meets the attendee, listed in this order: the other side first, then their own, then staff."""
    if me.side is Side.VISITING:
        return [Side.HOST, Side.VISITING, Side.STAFF]
    if me.side is Side.HOST:
        return [Side.VISITING, Side.HOST, Side.STAFF]
    return [Side.VISITING, Side.HOST, Side.STAFF]


def _attendee(session: Session, visit_id: int, attendee_id: int) -> Attendee:
    attendee = session.get(Attendee, attendee_id)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    if attendee is None:
        raise UserError(
            f"attendee: there is no attendee with id {attendee_id} "
            f"(list them with 'visitplanner attendees {visit.slug}')",
            field="attendee",
        )
    if attendee.visit_id != visit_id:
        other = session.get(Visit, attendee.visit_id)
        raise UserError(
            f"attendee: attendee {attendee_id} ({attendee.person.name.display}) attends "
            f"{other.slug if other else 'another visit'!r}, not {visit.slug!r}",
            field="attendee",
        )
    return attendee


def itinerary_language(session: Session, attendee_id: int) -> DocumentLanguage:
    """The language of the attendee's documents: the one chosen for them, else the usual one for
    their languages (English for an unknown attendee: the export then names the error)."""
    attendee = session.get(Attendee, attendee_id)
    if attendee is None:
        return DocumentLanguage.EN
    return document_language(attendee.document_language, attendee.person.languages)


def build_itinerary(
    session: Session,
    visit_id: int,
    attendee_id: int,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> bytes:
    """The personal itinerary of one attendee of the visit, as PDF bytes (a `UserError` names an
    unknown attendee or one of another visit).

    `language`: the language it is written in ("en", "ko"); None: the attendee's document
    language (`itinerary_language`).
    """
    return _build(
        session,
        visit_id,
        attendee_id,
        now=now,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
        language=language,
    )[0]


def prepare_itinerary(
    session: Session,
    visit_id: int,
    attendee_id: int,
    *,
    target: Path | str | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> PreparedPdf:
    """The itinerary built to be written (readable by its owner only): what a preview shows and
    its Save writes. `target`: the file it is for, refused before the build if it must not be
    replaced. Other arguments as for `build_itinerary`."""
    return prepare_pdf(
        session,
        target,
        lambda: _build(
            session,
            visit_id,
            attendee_id,
            now=now,
            progress=progress,
            cancelled=cancelled,
            warn=warn,
            language=language,
        ),
        private=True,
    )


def write_itinerary(
    session: Session,
    visit_id: int,
    attendee_id: int,
    path: Path | str,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> int:
    """Write the itinerary to `path` atomically (readable by its owner only); returns the page count.
    `language` as for `build_itinerary` (None: the attendee's document language)."""
    return prepare_itinerary(
        session,
        visit_id,
        attendee_id,
        target=path,
        now=now,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
        language=language,
    ).write(path)


def _build(
    session: Session,
    visit_id: int,
    attendee_id: int,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> tuple[bytes, int]:
    now = require_aware(now, "now")
    steps = Steps(progress, cancelled)
    steps.preparing(0, 1)
    _attendee(session, visit_id, attendee_id)
    w = words(itinerary_language(session, attendee_id) if language is None else language)
    level, grants = ITINERARY_ACCESS
    plan = read_plan(session, visit_id, FieldAccess(level, grants), w)
    me = plan.person(attendee_id)
    assert me is not None
    with warning_of_missing_glyphs(plan, warn):
        return _render(plan, me, now, steps, w)


def _render(plan: Plan, me: PersonView, now: datetime, steps: Steps, w: Words) -> tuple[bytes, int]:
    story = _story(plan, me, steps, w)
    visit = plan.visit
    local_now = now.astimezone(plan.local)
    # the running header and the title: the name as the reader writes it (English: romanised)
    name = me.name.romanised if w.language is DocumentLanguage.EN else cover_names(me, w)[0]
    furniture = Furniture(
        marking=visit.marking,
        header_left=visit.title,
        header_right=w("itinerary.header", name=name),
        footer_left=w("doc.prepared", when=date_time(local_now, w.code)),
        page_label=w("page.number"),
    )
    metadata = Metadata(
        title=w("itinerary.title", name=name),
        subject=f"{visit.title}, {date_range(visit.start_date, visit.end_date, w.code)}",
        keywords=("itinerary", visit.slug),
        lang=w.pdf_tag,
    )
    return render(story, furniture=furniture, metadata=metadata, created=now, steps=steps)


def _story(plan: Plan, me: PersonView, steps: Steps, w: Words) -> list[Flowable]:
    st, visit = styles(), plan.visit
    story: list[Flowable] = [paragraph(muted(markup(w("itinerary.cover"))), st.cover_label), Spacer(1, 2 * mm)]
    title, subtitle = cover_names(me, w)
    story.append(para(title, st.cover_title))
    if subtitle:
        story.append(para(subtitle, st.cover_subtitle))
    if position_for(me, w):
        story.append(para(position_for(me, w), st.muted))
    story.append(Spacer(1, 3 * mm))
    facts = [
        (w("itinerary.visit"), visit.title),
        (w("itinerary.dates"), date_range(visit.start_date, visit.end_date, w.code)),
        (w("itinerary.times"), plan.visit_zone_note(w.code)),
        *((w("itinerary.journey"), journey) for journey in me.journeys),
        (w("itinerary.arrival"), me.arrival),
        (w("itinerary.departure"), me.departure),
    ]
    liaisons = [p for p in plan.attendees if p.role is Role.LIAISON and p is not me]
    for liaison in liaisons:
        who = person_name(liaison, w) if w.language is not DocumentLanguage.EN else liaison.name.romanised
        facts.append((w("itinerary.liaison"), " · ".join(x for x in (who, liaison.title, liaison.phone) if x)))
    story.append(facts_table([(markup(k), v) for k, v in facts if v]))
    mine = [e for e in plan.engagements if e.part_of(me) is not None]
    days = plan.days()
    for index, (day, items) in enumerate(days, start=1):
        steps.preparing(index, len(days) + 1)
        story.append(Bookmark(f"day-{index}", day_label(day, index, w)))
        story.append(paragraph(markup(day_label(day, index, w)), st.h2))
        story += day_movements(plan, day, me.key, w)
        own = [e for e in items if e in mine]
        if not own:
            story.append(paragraph(markup(w("itinerary.nothing_today")), st.muted))
        for e in own:
            story += [CondPageBreak(30 * mm), Spacer(1, 2 * mm), _block(plan, me, e, day, w)]
    if not mine:
        story.append(Spacer(1, 4 * mm))
        story.append(paragraph(markup(w("itinerary.not_assigned")), st.body))
    return story


def _block(plan: Plan, me: PersonView, e: EngagementView, day: date, w: Words) -> Flowable:
    st = styles()
    block = EngagementBlock(plan, e, day, w)
    block.places()
    block.vehicle(phones=True)
    part = e.part_of(me)
    if part is not None and part not in (AttendancePart.PARTICIPANT, AttendancePart.PASSENGER):
        label = markup(w("itinerary.your_part"))
        block.row(label, paragraph(f"<b>{markup(w.part(part).capitalize())}</b>", st.cell), wide=True)
    block.text(markup(w("block.dress")), e.dress_code)
    driver = e.vehicle.driver if e.vehicle is not None else None
    others = [
        a for a in e.attendances if a.person is not me and not (a.part is AttendancePart.DRIVER and a.person is driver)
    ]
    order = _side_order(me)
    first = True
    for side in order:
        group: list[AttendanceView] = [a for a in others if a.person.side is side]
        if not group:
            continue
        label = markup(w("itinerary.with")) if first else ""
        first = False
        names = [
            name_markup(a.person, words=w)
            + (
                muted(f" ({markup(w.part(a.part))})")
                if a.part not in (AttendancePart.PARTICIPANT, AttendancePart.PASSENGER)
                else ""
            )
            for a in group
        ]
        block.row(label, paragraph(f"{muted(markup(w.side(side)) + ':')} " + "; ".join(names), st.cell), wide=True)
    block.text(markup(w("block.notes")), e.public_notes)
    return block.build()
