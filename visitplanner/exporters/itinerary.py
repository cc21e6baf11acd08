"""One attendee's personal itinerary (PDF): their engagements and transfers, who meets them and where."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from sqlalchemy.orm import Session

from visitplanner.domain.enums import AttendancePart, Privacy, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.files import check_export_target, sqlite_files
from visitplanner.exporters.pdf_blocks import EngagementBlock, day_label, facts_table, muted, name_markup, position
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_movements import day_movements
from visitplanner.exporters.pdf_page import Bookmark, Furniture, Metadata, Steps, render, write_pdf
from visitplanner.exporters.pdf_plan import AttendanceView, EngagementView, FieldAccess, PersonView, Plan, read_plan
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


def build_itinerary(
    session: Session,
    visit_id: int,
    attendee_id: int,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> bytes:
    """The personal itinerary of one attendee of the visit, as PDF bytes (a `UserError` names an
    unknown attendee or one of another visit)."""
    return _build(session, visit_id, attendee_id, now=now, progress=progress, cancelled=cancelled, warn=warn)[0]


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
) -> int:
    """Write the itinerary to `path` atomically (readable by its owner only); returns the page count."""
    keep = sqlite_files(session)
    check_export_target(path, keep)
    data, pages = _build(session, visit_id, attendee_id, now=now, progress=progress, cancelled=cancelled, warn=warn)
    write_pdf(path, data, private=True, keep=keep)
    return pages


def _build(
    session: Session,
    visit_id: int,
    attendee_id: int,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    warn: Warn | None = None,
) -> tuple[bytes, int]:
    now = require_aware(now, "now")
    steps = Steps(progress, cancelled)
    steps.preparing(0, 1)
    _attendee(session, visit_id, attendee_id)
    level, grants = ITINERARY_ACCESS
    plan = read_plan(session, visit_id, FieldAccess(level, grants))
    me = plan.person(attendee_id)
    assert me is not None
    with warning_of_missing_glyphs(plan, warn):
        return _render(plan, me, now, steps)


def _render(plan: Plan, me: PersonView, now: datetime, steps: Steps) -> tuple[bytes, int]:
    story = _story(plan, me, now, steps)
    visit = plan.visit
    local_now = now.astimezone(plan.local)
    furniture = Furniture(
        marking=visit.marking,
        header_left=visit.title,
        header_right=f"Personal itinerary · {me.name.romanised}",
        footer_left=f"Prepared {local_now.day} {local_now:%B %Y %H:%M}",
    )
    metadata = Metadata(
        title=f"Personal itinerary: {me.name.romanised}",
        subject=f"{visit.title}, {date_range(visit.start_date, visit.end_date)}",
        keywords=("itinerary", visit.slug),
    )
    return render(story, furniture=furniture, metadata=metadata, created=now, steps=steps)


def _story(plan: Plan, me: PersonView, now: datetime, steps: Steps) -> list[Flowable]:
    st, visit = styles(), plan.visit
    story: list[Flowable] = [paragraph(muted("PERSONAL ITINERARY"), st.cover_label), Spacer(1, 2 * mm)]
    if me.name.native_name.strip() and me.name.native_name.strip() != me.name.romanised:
        story.append(para(me.name.native_name, st.cover_title))
        story.append(para(me.name.formal, st.cover_subtitle))
    else:
        story.append(para(me.name.formal, st.cover_title))
    if position(me):
        story.append(para(position(me), st.muted))
    story.append(Spacer(1, 3 * mm))
    facts = [
        ("Visit", visit.title),
        ("Dates", date_range(visit.start_date, visit.end_date)),
        ("Times", plan.visit_zone_note()),
        *(("Your journey", journey) for journey in me.journeys),
        ("Your arrival", me.arrival),
        ("Your departure", me.departure),
    ]
    liaisons = [p for p in plan.attendees if p.role is Role.LIAISON and p is not me]
    for liaison in liaisons:
        facts.append(("Liaison", " · ".join(x for x in (liaison.name.romanised, liaison.title, liaison.phone) if x)))
    story.append(facts_table([(k, v) for k, v in facts if v]))
    mine = [e for e in plan.engagements if e.part_of(me) is not None]
    days = plan.days()
    for index, (day, items) in enumerate(days, start=1):
        steps.preparing(index, len(days) + 1)
        story.append(Bookmark(f"day-{index}", day_label(day, index)))
        story.append(paragraph(markup(day_label(day, index)), st.h2))
        story += day_movements(plan, day, me.key)
        own = [e for e in items if e in mine]
        if not own:
            story.append(paragraph("Nothing scheduled for you.", st.muted))
        for e in own:
            story += [CondPageBreak(30 * mm), Spacer(1, 2 * mm), _block(plan, me, e, day)]
    if not mine:
        story.append(Spacer(1, 4 * mm))
        story.append(paragraph("You are not yet assigned to any engagement of this visit.", st.body))
    return story


def _block(plan: Plan, me: PersonView, e: EngagementView, day: date) -> Flowable:
    st = styles()
    block = EngagementBlock(plan, e, day)
    block.places()
    block.vehicle(phones=True)
    part = e.part_of(me)
    if part is not None and part not in (AttendancePart.PARTICIPANT, AttendancePart.PASSENGER):
        block.row("Your part", paragraph(f"<b>{markup(part.label)}</b>", st.cell), wide=True)
    block.text("Dress", e.dress_code)
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
        label = "With" if first else ""
        first = False
        names = [
            name_markup(a.person)
            + (
                muted(f" ({a.part.label.lower()})")
                if a.part not in (AttendancePart.PARTICIPANT, AttendancePart.PASSENGER)
                else ""
            )
            for a in group
        ]
        block.row(label, paragraph(f"{muted(side.group + ':')} " + "; ".join(names), st.cell), wide=True)
    block.text("Notes", e.public_notes)
    return block.build()
