"""Printed sheets (PDF): driver sheets per vehicle, the caterer sheet, and folded name cards."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer
from sqlalchemy.orm import Session

from visitplanner import __version__
from visitplanner.domain.car_order import Passenger, car_order, car_seats, drives_on_left
from visitplanner.domain.catalogue import Words, words
from visitplanner.domain.emergency import emergency_number
from visitplanner.domain.enums import AttendancePart, EngagementKind, Privacy, Role
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range, long_date
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.domain.seating import SeatingLayout
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.pdf_blocks import (
    address_markup,
    facts_table,
    muted,
    name_markup,
    name_text,
    status_suffix,
    title_markup,
)
from visitplanner.exporters.pdf_fonts import FONT, fonts
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_language import cover_names, organisation_name
from visitplanner.exporters.pdf_movements import serves_line
from visitplanner.exporters.pdf_page import (
    FRAME_WIDTH,
    Bookmark,
    Furniture,
    Metadata,
    PreparedPdf,
    Steps,
    prepare_pdf,
    render,
    set_creation_date,
)
from visitplanner.exporters.pdf_plan import EngagementView, FieldAccess, PersonView, Plan, VehicleView, read_plan
from visitplanner.exporters.pdf_styles import ACCENT, INK, MUTED, RULE, TINT, grid, para, paragraph, styles, table
from visitplanner.exporters.pdf_text import chunks, draw_text, markup, plain, text_width
from visitplanner.store.models import Engagement, Person, TravelLeg
from visitplanner.store.seating import visit_plans


class SheetKind(StrEnum):
    DRIVERS = "drivers"
    CATERING = "catering"
    NAMECARDS = "namecards"


#: Driver sheets: internal fields (vehicles, drivers, venue access notes) and telephone numbers,
#: nothing else restricted: no dietary, access (medical) needs or restricted notes.
DRIVER_ACCESS = (
    Privacy.INTERNAL,
    (
        Person.phone,
        # the flight or train a pick-up meets, or a drop-off is for (not the journeys' notes)
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
        TravelLeg.venue_id,
        TravelLeg.met_by_attendee_id,
    ),
)
#: The caterer sheet: public fields, dietary requirements (named only in the restricted variant)
#: and the unnamed guests to cater for.
CATERING_ACCESS = (Privacy.PUBLIC, (Person.dietary, Engagement.guest_count, Engagement.guest_label))
#: Name cards: public fields only.
NAMECARD_ACCESS = (Privacy.PUBLIC, ())
#: Meals the caterer serves.
MEAL_KINDS = (EngagementKind.MEAL, EngagementKind.RECEPTION)
#: Who gets no place card: those who do not sit at the table.
NO_CARD_ROLES = (Role.DRIVER, Role.PHOTOGRAPHER, Role.SECURITY)


def build_sheets(
    session: Session,
    visit_id: int,
    kind: SheetKind | str,
    *,
    now: datetime,
    restricted: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> bytes:
    """Driver sheets, the caterer sheet (`restricted`: with guests' names) or name cards, as PDF bytes.

    `language`: the language of name cards ("ko": for Korean readers, names in Hangul first and
    organisations by their Korean names); None or English for the other sheets.
    """
    return _build(
        session,
        visit_id,
        kind,
        now=now,
        restricted=restricted,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
        language=language,
    )[0]


def prepare_sheets(
    session: Session,
    visit_id: int,
    kind: SheetKind | str,
    *,
    target: Path | str | None = None,
    now: datetime,
    restricted: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> PreparedPdf:
    """The sheets built to be written: what a preview shows and its Save writes. Sheets holding
    restricted fields (driver sheets, the restricted caterer sheet) are for their owner only.
    `target`: the file they are for, refused before the build if it must not be replaced."""
    kind = _kind(kind)
    return prepare_pdf(
        session,
        target,
        lambda: _build(
            session,
            visit_id,
            kind,
            now=now,
            restricted=restricted,
            progress=progress,
            cancelled=cancelled,
            warn=warn,
            language=language,
        ),
        private=kind is SheetKind.DRIVERS or (kind is SheetKind.CATERING and restricted),
    )


def write_sheets(
    session: Session,
    visit_id: int,
    kind: SheetKind | str,
    path: Path | str,
    *,
    now: datetime,
    restricted: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> int:
    """Write the sheets to `path` atomically; returns the page count. Sheets holding restricted
    fields (driver sheets, the restricted caterer sheet) are readable by their owner only.
    `language` as for `build_sheets`."""
    return prepare_sheets(
        session,
        visit_id,
        kind,
        target=path,
        now=now,
        restricted=restricted,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
        language=language,
    ).write(path)


def _kind(kind: SheetKind | str) -> SheetKind:
    try:
        return SheetKind(kind)
    except ValueError:
        raise UserError(
            f"kind: {kind!r} is not a kind of sheet (drivers, catering or namecards)", field="kind"
        ) from None


def _build(
    session: Session,
    visit_id: int,
    kind: SheetKind | str,
    *,
    now: datetime,
    restricted: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    warn: Warn | None = None,
    language: DocumentLanguage | str | None = None,
) -> tuple[bytes, int]:
    kind = _kind(kind)
    if restricted and kind is not SheetKind.CATERING:
        raise UserError("restricted: only the caterer sheet has a restricted variant", field="restricted")
    w = words(language or DocumentLanguage.EN)
    if w.language is not DocumentLanguage.EN and kind is not SheetKind.NAMECARDS:
        raise UserError(
            f"lang: only name cards are written in {w.language.label}; driver sheets and the caterer "
            "sheet are in English",
            field="lang",
        )
    now = require_aware(now, "now")
    steps = Steps(progress, cancelled)
    steps.preparing(0, 2)
    level, grants = {
        SheetKind.DRIVERS: DRIVER_ACCESS,
        SheetKind.CATERING: CATERING_ACCESS,
        SheetKind.NAMECARDS: NAMECARD_ACCESS,
    }[kind]
    plan = read_plan(session, visit_id, FieldAccess(level, grants, every_engagement=True), w)
    steps.preparing(1, 2)
    layouts = {uid: layout for _, uid, layout in visit_plans(session, visit_id)} if kind is SheetKind.CATERING else {}
    with warning_of_missing_glyphs(plan, warn):
        return _document(plan, kind, restricted, now, steps, w, layouts)


def _document(
    plan: Plan,
    kind: SheetKind,
    restricted: bool,
    now: datetime,
    steps: Steps,
    w: Words,
    layouts: Mapping[str, SeatingLayout] | None = None,
) -> tuple[bytes, int]:
    if kind is SheetKind.NAMECARDS:
        return _name_cards(plan, now, steps, w)
    visit = plan.visit
    local_now = now.astimezone(plan.local)
    prepared = f"Prepared {local_now.day} {local_now:%B %Y %H:%M}"
    if kind is SheetKind.DRIVERS:
        story, title = _driver_sheets(plan, steps), "Driver sheets"
    else:
        story = _caterer_sheet(plan, restricted, layouts or {})
        title = "Caterer sheet" + (" (restricted: with names)" if restricted else "")
    furniture = Furniture(marking=visit.marking, header_left=visit.title, header_right=title, footer_left=prepared)
    metadata = Metadata(
        title=f"{visit.title}: {title.lower()}",
        subject=f"{title}, {date_range(visit.start_date, visit.end_date)}",
        keywords=(kind.value, visit.slug),
    )
    return render(story, furniture=furniture, metadata=metadata, created=now, steps=steps)


# -- driver sheets -----------------------------------------------------------------------------------


def _liaisons(plan: Plan) -> list[PersonView]:
    return [p for p in plan.attendees if p.role is Role.LIAISON]


def _driver_sheets(plan: Plan, steps: Steps) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = []
    transfers = [e for e in plan.engagements if e.is_transfer]
    if not plan.vehicles:
        story += [paragraph("Driver sheets", st.h1), paragraph("The visit has no vehicles yet.", st.muted)]
    for vehicle in plan.vehicles:
        steps.check()
        if story:
            story.append(PageBreak())
        story += _vehicle_sheet(plan, vehicle, [e for e in transfers if e.vehicle is vehicle])
    unassigned = [e for e in transfers if e.vehicle is None]
    if unassigned:
        story += [
            PageBreak(),
            Bookmark("unassigned", "Transfers without a vehicle"),
            paragraph("Transfers without a vehicle", st.h1),
            paragraph(
                "These transfers have no vehicle yet: assign one before the sheets are handed out.", st.small_muted
            ),
            Spacer(1, 3 * mm),
            _legs(plan, unassigned),
        ]
    return story


def _vehicle_sheet(plan: Plan, vehicle: VehicleView, legs: list[EngagementView]) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [
        Bookmark(f"vehicle-{vehicle.key}", vehicle.label),
        paragraph(muted("DRIVER SHEET"), st.cover_label),
        para(vehicle.label, st.h1),
    ]
    driver = vehicle.driver
    facts = [
        (
            "Driver",
            " · ".join(
                x for x in (driver.name.romanised if driver else "Not assigned", driver.phone if driver else "") if x
            ),
        ),
        (
            "Vehicle",
            " · ".join(x for x in (vehicle.registration, f"{vehicle.capacity} seats" if vehicle.capacity else "") if x),
        ),
        ("Notes", vehicle.notes),
    ]
    for liaison in _liaisons(plan):
        facts.append(("Liaison", " · ".join(x for x in (liaison.name.romanised, liaison.title, liaison.phone) if x)))
    facts.append(("Emergency", emergency_number(plan.visit.local_time_zone)))
    facts.append(("Times", f"{plan.local_name} time"))
    story.append(facts_table([(k, v) for k, v in facts if v]))
    if not legs:
        story += [Spacer(1, 4 * mm), paragraph("No legs are assigned to this vehicle.", st.muted)]
        return story
    story += [Spacer(1, 5 * mm), _legs(plan, legs)]
    return story


def _stop(plan: Plan, e: EngagementView, at: datetime, venue_is_origin: bool) -> str:
    venue = e.origin if venue_is_origin else e.venue
    text = f"<b>{markup(at.astimezone(plan.local).strftime('%H:%M'))}</b>  " + address_markup(venue)
    if venue is not None and venue.access_notes:
        text += "<br/>" + muted(markup(venue.access_notes))
    return text


def _passengers(e: EngagementView) -> list[PersonView]:
    driver = e.vehicle.driver if e.vehicle is not None else None
    return [a.person for a in e.attendances if not (a.part is AttendancePart.DRIVER and a.person is driver)]


def _passenger(p: PersonView) -> Passenger:
    return Passenger(p.key, p.name.romanised, p.side, p.role, p.precedence)


def _car_order(plan: Plan, e: EngagementView) -> list[str]:
    """The vehicles leaving with `e` (same place, same time), in car order (see `domain/car_order.py`)."""
    together = [
        x
        for x in plan.engagements
        if x.kind is EngagementKind.TRANSFER
        and x.vehicle is not None
        and x.start == e.start
        and x.origin is e.origin
        and not x.cancelled
    ]
    return car_order([(x.vehicle.label, [_passenger(p) for p in _passengers(x)]) for x in together if x.vehicle])


def _legs(plan: Plan, legs: list[EngagementView]) -> Flowable:
    """Legs by day: the leg's title (and public notes) across the table, then pick-up, drop-off and
    the passengers in precedence order."""
    st = styles()
    rows: list[list[Any]] = [
        [paragraph(h, st.cell_head) for h in ("Pick-up", "Drop-off", "Passengers and their seats")]
    ]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
    ]
    current: date | None = None
    for e in legs:
        day = plan.local_day(e.start)
        if day != current:
            current = day
            here = len(rows)
            commands += [("SPAN", (0, here), (-1, here)), ("TOPPADDING", (0, here), (-1, here), 8)]
            rows.append([para(long_date(day), st.h3), "", ""])
        here = len(rows)
        commands += [
            ("SPAN", (0, here), (-1, here)),
            ("LINEABOVE", (0, here), (-1, here), 0.6, RULE),
            ("TOPPADDING", (0, here), (-1, here), 5),
        ]
        rows.append([paragraph(f"<b>{title_markup(e)}</b>{status_suffix(e)}", st.cell), "", ""])
        serves = serves_line(plan, e)
        if serves:
            commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            rows.append([paragraph(serves, st.cell), "", ""])
        for piece in chunks(e.public_notes):
            commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            rows.append([para(piece, st.cell_muted), "", ""])
        passengers = _passengers(e)
        count = f"{len(passengers)} passenger" + ("s" if len(passengers) != 1 else "")
        order = _car_order(plan, e)
        if len(order) > 1 and e.vehicle is not None:
            count += f" · car {order.index(e.vehicle.label) + 1} of {len(order)}"
        zone = e.origin.time_zone if e.origin is not None and e.origin.time_zone else plan.visit.local_time_zone
        by_id = {p.key: p for p in passengers}
        seated = car_seats([_passenger(p) for p in passengers], left_hand_traffic=drives_on_left(zone))
        who = "<br/>".join(
            f"{markup(name_text(by_id[s.passenger.attendee_id]))} {muted(markup(s.seat.lower()))}" for s in seated
        ) or muted("No passengers")
        rows.append(
            [
                paragraph(_stop(plan, e, e.start, True), st.cell),
                paragraph(_stop(plan, e, e.end, False), st.cell),
                paragraph(f"{muted(count)}<br/>{who}", st.cell),
            ]
        )
    return table(
        rows,
        [66 * mm, 56 * mm, FRAME_WIDTH - 122 * mm],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *commands,
        ],
        repeatRows=1,
    )


# -- caterer sheet -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Requirement:
    code: str
    text: str


def _requirements(plan: Plan, meals: list[EngagementView]) -> dict[str, _Requirement]:
    """Each distinct dietary requirement (case and spacing ignored), coded D1, D2, ... in order of
    first appearance."""
    found: dict[str, _Requirement] = {}
    for e in meals:
        for a in e.attendances:
            key = " ".join(a.person.dietary.split()).casefold()
            if key and key not in found:
                found[key] = _Requirement(f"D{len(found) + 1}", " ".join(a.person.dietary.split()))
    return found


def _caterer_sheet(plan: Plan, restricted: bool, layouts: Mapping[str, SeatingLayout]) -> list[Flowable]:
    st = styles()
    meals = [e for e in plan.engagements if e.kind in MEAL_KINDS]
    story: list[Flowable] = [
        Bookmark("catering", "Caterer sheet"),
        paragraph(muted("CATERER SHEET"), st.cover_label),
        para(plan.visit.title, st.h1),
    ]
    story.append(
        paragraph(
            "Headcount and dietary requirements for every meal and reception. "
            + (
                "This restricted variant names the guests with each requirement: keep it secure."
                if restricted
                else "Guests with a requirement are counted, not named."
            ),
            st.small_muted,
        )
    )
    if not meals:
        story.append(paragraph("The visit has no meals or receptions.", st.muted))
        return story
    codes = _requirements(plan, meals)
    if codes:
        story.append(paragraph("Dietary requirements", st.h2))
        totals = {
            r.code: len(
                {
                    a.person.key
                    for e in meals
                    for a in e.attendances
                    if " ".join(a.person.dietary.split()).casefold() == key
                }
            )
            for key, r in codes.items()
        }
        story.append(
            grid(
                ["Code", "Requirement", "Guests"],
                [
                    [
                        paragraph(f"<b>{r.code}</b>", st.cell),
                        para(r.text, st.cell),
                        paragraph(str(totals[r.code]), st.cell_right),
                    ]
                    for r in codes.values()
                ],
                [18 * mm, FRAME_WIDTH - 40 * mm, 22 * mm],
                numeric=(2,),
            )
        )
    story.append(paragraph("Meals", st.h2))
    rows = []
    for e in meals:
        counts: dict[str, int] = {}
        for a in e.attendances:
            key = " ".join(a.person.dietary.split()).casefold()
            if key:
                counts[codes[key].code] = counts.get(codes[key].code, 0) + 1
        special = sum(counts.values())
        when = f"<b>{markup(plan.when(e.start, e.end))}</b>"
        rows.append(
            [
                paragraph(when, st.cell),
                paragraph(
                    f"<b>{title_markup(e)}</b>{status_suffix(e)}<br/>{muted(markup(e.place))}"
                    + (f"<br/>{markup(e.guests)}" if e.guest_count else ""),
                    st.cell,
                ),
                paragraph(f"<b>{e.headcount}</b>", st.cell_right),
                paragraph(str(e.headcount - special), st.cell_right),
                paragraph(
                    ", ".join(f"{code} × {n}" for code, n in sorted(counts.items(), key=lambda i: int(i[0][1:])))
                    or muted("none"),
                    st.cell,
                ),
            ]
        )
    story.append(
        grid(
            ["When", "Meal and place", "Guests", "Standard", "Special"],
            rows,
            [36 * mm, 74 * mm, 16 * mm, 18 * mm, FRAME_WIDTH - 144 * mm],
            numeric=(2, 3),
        )
    )
    if restricted and codes:
        story.append(CondPageBreak(40 * mm))
        story.append(paragraph("Guests with requirements", st.h2))
        rows = []
        for e in meals:
            for a in e.attendances:
                key = " ".join(a.person.dietary.split()).casefold()
                if key:
                    rows.append(
                        [
                            para(e.title, st.cell_muted),
                            paragraph(name_markup(a.person), st.cell),
                            paragraph(f"<b>{codes[key].code}</b> {markup(codes[key].text)}", st.cell),
                        ]
                    )
        story.append(grid(["Meal", "Guest", "Requirement"], rows, [60 * mm, 60 * mm, FRAME_WIDTH - 120 * mm]))
    for e in meals:
        if e.uid in layouts and not e.cancelled:
            story += _seat_by_seat(e, layouts[e.uid], codes, restricted)
    return story


def _seat_by_seat(
    e: EngagementView, layout: SeatingLayout, codes: Mapping[str, _Requirement], restricted: bool
) -> list[Flowable]:
    """A seated meal, seat by seat: what each seat is served (standard, or the requirement's code
    and text), table by table; the restricted variant names who sits there."""
    st = styles()
    attending = {a.person.key: a.person for a in e.attendances}
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = []
    for t, data in enumerate(layout.tables):
        seats = sorted(
            (
                p
                for p in layout.placements
                if p.table == t
                and (p.attendee_id in attending if p.attendee_id is not None else 1 <= (p.guest or 0) <= e.guest_count)
            ),
            key=lambda p: p.seat,
        )
        if not seats:
            continue
        special = 0
        first = len(rows) + 1
        for p in seats:
            if p.attendee_id is None:  # one of the unnamed guests: served the standard meal
                row = [
                    para(data.label, st.cell_bold) if p is seats[0] else "",
                    paragraph(str(p.seat), st.cell_right),
                    paragraph(muted("standard"), st.cell),
                ]
                if restricted:
                    row.append(paragraph(muted(f"unnamed guest {p.guest}"), st.cell))
                rows.append(row)
                continue
            person = attending[p.attendee_id]
            key = " ".join(person.dietary.split()).casefold()
            requirement = codes.get(key)
            special += requirement is not None
            row = [
                para(data.label, st.cell_bold) if p is seats[0] else "",
                paragraph(str(p.seat), st.cell_right),
                paragraph(f"<b>{requirement.code}</b> {markup(requirement.text)}", st.cell_alert)
                if requirement is not None
                else paragraph(muted("standard"), st.cell),
            ]
            if restricted:
                row.append(paragraph(name_markup(person, bold=False), st.cell))
            rows.append(row)
        extra.append(("LINEABOVE", (0, first), (-1, first), 0.8, ACCENT))
        rows[first - 1][0] = paragraph(
            f"<b>{markup(data.label)}</b><br/>{muted(f'{len(seats)} seated, {special} special')}", st.cell
        )
    if not rows:
        return []
    header = ["Table", "Seat", "Serve", *(["Guest"] if restricted else [])]
    widths = [40 * mm, 14 * mm, FRAME_WIDTH - 54 * mm - (60 * mm if restricted else 0)]
    if restricted:
        widths.append(60 * mm)
    return [
        CondPageBreak(50 * mm),
        paragraph(f"Seat by seat: {title_markup(e)}", st.h2),
        paragraph(
            "Seats are numbered as on the seating chart. "
            + ("Guests are named: keep this secure." if restricted else "Guests are not named."),
            st.small_muted,
        ),
        grid(header, rows, widths, extra=extra, numeric=(1,), zebra=False),
    ]


# -- name cards --------------------------------------------------------------------------------------


def card_holders(plan: Plan) -> list[PersonView]:
    """Who gets a place card: every attendee who sits at the table (not drivers, photographers or
    security), by side and precedence."""
    return [p for p in plan.attendees if p.role not in NO_CARD_ROLES]


def _fitted(text: str, size: float, width: float, bold: bool, smallest: float) -> float:
    while size > smallest and text_width(text, size, bold) > width:
        size -= 0.5
    return size


def _card_face(canvas: Canvas, person: PersonView, width: float, height: float, w: Words) -> None:
    """One face of a tent card in the rectangle (0, 0, width, height), reading upright: the name
    as the card's readers write it (`cover_names`), the title, the organisation (for Korean
    readers by its Korean name where given)."""
    inner = width - 30 * mm
    large, under = cover_names(person, w)
    lines: list[tuple[str, float, bool, colors.Color]] = []
    if under:
        lines.append((large, _fitted(large, 44, inner, True, 18), True, INK))
        lines.append((under, _fitted(under, 24, inner, True, 12), True, INK))
    else:
        lines.append((large, _fitted(large, 38, inner, True, 16), True, INK))
    if person.title:
        lines.append((person.title, _fitted(person.title, 13, inner, False, 8), False, MUTED))
    if person.organisation:
        org = (
            person.organisation.name if w.language is DocumentLanguage.EN else organisation_name(person.organisation, w)
        )
        lines.append((org, _fitted(org, 11, inner, False, 7), False, MUTED))
    gaps = [size * 1.35 for _text, size, _bold, _colour in lines]
    block = sum(gaps)
    y = height * 0.50 + block / 2
    for (text, size, bold, colour), gap in zip(lines, gaps, strict=True):
        y -= gap
        canvas.setFillColor(colour)
        shown = text if text_width(text, size, bold) <= inner else _ellipsis(text, size, inner, bold)
        draw_text(canvas, width / 2, y + (gap - size) / 2, shown, size, bold=bold, align="centre")
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(width / 2 - 20 * mm, 22 * mm, width / 2 + 20 * mm, 22 * mm)


def _ellipsis(text: str, size: float, width: float, bold: bool) -> str:
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text + "…"


def _name_cards(plan: Plan, now: datetime, steps: Steps, w: Words) -> tuple[bytes, int]:
    visit = plan.visit
    return name_cards_pdf(
        [(p, "") for p in card_holders(plan)],
        title=w("namecards.title", visit=visit.title),
        subject=w("namecards.subject", dates=date_range(visit.start_date, visit.end_date, w.code)),
        now=now,
        steps=steps,
        w=w,
    )


def name_cards_pdf(
    cards: Sequence[tuple[PersonView, str]], *, title: str, subject: str, now: datetime, steps: Steps, w: Words
) -> tuple[bytes, int]:
    """One A4 page per card, folded across the middle into a tent: the lower half reads upright on
    the table and the upper half is printed upside down, so both faces read correctly when folded.
    Each card's `mark` (e.g. "Top table · seat 3", for whoever sets the tables) is printed small
    in the corner at the foot of one face."""
    fonts()
    buffer = io.BytesIO()
    width, height = A4
    # types-reportlab declares initialFontName as a float; reportlab takes a font name
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT, lang=w.pdf_tag)  # type: ignore[arg-type]
    set_creation_date(canvas, now)
    canvas.setTitle(plain(title))
    canvas.setSubject(plain(subject))
    canvas.setAuthor("VisitPlanner")
    canvas.setCreator(f"VisitPlanner {__version__}")
    half = height / 2
    for index, (person, mark) in enumerate(cards):
        steps.laying_out(index, len(cards))
        _card_face(canvas, person, width, half, w)
        canvas.saveState()
        canvas.translate(width, height)
        canvas.rotate(180)
        _card_face(canvas, person, width, half, w)
        canvas.restoreState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.setDash(3, 3)
        canvas.line(8 * mm, half, width - 8 * mm, half)
        canvas.setDash()
        canvas.setFillColor(MUTED)
        draw_text(canvas, 8 * mm, half + 2 * mm, w("namecards.fold"), 6.5)
        if mark:
            draw_text(canvas, width - 8 * mm, 6 * mm, plain(mark), 7, align="right")
        canvas.bookmarkPage(f"card-{index}")
        outline = person.name.romanised if w.language is DocumentLanguage.EN else cover_names(person, w)[0]
        outline += f" ({mark})" if mark else ""
        canvas.addOutlineEntry(plain(outline), f"card-{index}", level=0)
        canvas.showPage()
    if not cards:
        canvas.setFillColor(INK)
        draw_text(canvas, width / 2, height / 2, w("namecards.none"), 12, align="centre")
        canvas.showPage()
    canvas.save()
    steps.report(steps.total)
    return buffer.getvalue(), max(len(cards), 1)


def build_driver_sheets_each(
    session: Session,
    visit_id: int,
    *,
    now: datetime,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> list[tuple[str, str, bytes, int]]:
    """One driver sheet per vehicle (the plan read once): (vehicle, its driver or "", PDF, pages)."""
    from dataclasses import replace

    now = require_aware(now, "now")
    level, grants = DRIVER_ACCESS
    w = words(DocumentLanguage.EN)  # driver sheets are in English
    plan = read_plan(session, visit_id, FieldAccess(level, grants, every_engagement=True), w)
    result: list[tuple[str, str, bytes, int]] = []
    with warning_of_missing_glyphs(plan, warn):
        for vehicle in plan.vehicles:
            steps = Steps(None, cancelled)
            steps.check()
            data, pages = _document(replace(plan, vehicles=(vehicle,)), SheetKind.DRIVERS, False, now, steps, w)
            driver = vehicle.driver.name.romanised if vehicle.driver is not None else ""
            result.append((vehicle.label, driver, data, pages))
    return result
