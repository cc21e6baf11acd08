"""Pieces the pack, the itinerary and the sheets share: names, places and the engagement block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Table

from visitplanner.domain.catalogue import ENGLISH, Words
from visitplanner.domain.enums import AttendancePart, EngagementStatus
from visitplanner.domain.formatting import long_date, place, route, time_span
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.domain.timerange import zone
from visitplanner.exporters.pdf_page import FRAME_WIDTH, PageRef
from visitplanner.exporters.pdf_parties import AttendeeLine
from visitplanner.exporters.pdf_plan import EngagementView, PersonView, Plan, RoomView, VenueView
from visitplanner.exporters.pdf_styles import (
    ACCENT,
    ALERT_HEX,
    ALERT_TINT,
    INK,
    MUTED_HEX,
    RULE,
    TINT,
    para,
    paragraph,
    styles,
    table,
)
from visitplanner.exporters.pdf_text import chunks, markup

TIME_W, LABEL_W, NAME_W, ASIDE_W = 26 * mm, 19 * mm, 46 * mm, 22 * mm
TITLE_W = FRAME_WIDTH - TIME_W - LABEL_W - NAME_W - ASIDE_W


def day_label(day: date, index: int, words: Words = ENGLISH) -> str:
    """ "Day 1: Tuesday 11 May 2027"; "1일차: 2027년 5월 11일 (화)"."""
    return words("day.heading", number=index, date=long_date(day, words.code))


def _native_first(person: PersonView, words: Words) -> tuple[str, str]:
    """(name first, romanised form after) for a reader of `words`' language (not English)."""
    return person.name.native_first(words.honorific(person.name.honorific))


def name_text(person: PersonView, words: Words = ENGLISH) -> str:
    """The romanised name followed by the native script (plain text, for a one-style cell); for a
    reader of another language the native script first ("박형준 시장  Park Heong-Joon")."""
    if words.language is not DocumentLanguage.EN:
        return "  ".join(p for p in _native_first(person, words) if p)
    native = person.name.native_name.strip()
    if native and native != person.name.romanised:
        return f"{person.name.romanised}  {native}"
    return person.name.romanised


def name_markup(person: PersonView, *, bold: bool = True, words: Words = ENGLISH) -> str:
    """Markup: the romanised name (bold) followed by the native script; for a reader of another
    language the native script (bold) first, then the romanised form, muted."""
    if words.language is not DocumentLanguage.EN:
        first, after = _native_first(person, words)
        text = f"<b>{markup(first)}</b>" if bold else markup(first)
        return text + (" " + muted(markup(after)) if after else "")
    romanised = markup(person.name.romanised)
    native = person.name.native_name.strip()
    text = f"<b>{romanised}</b>" if bold else romanised
    if native and native != person.name.romanised:
        text += f"  {markup(native)}"
    return text


def venue_name(venue: VenueView, words: Words = ENGLISH) -> str:
    """The venue's name for the reader: its name in another script when the reader's language is
    not English and the officer gave one, else its name."""
    if words.language is not DocumentLanguage.EN and venue.native_name:
        return venue.native_name
    return venue.name


def room_name(room: RoomView | None, words: Words = ENGLISH) -> str:
    if room is None:
        return ""
    if words.language is not DocumentLanguage.EN and room.native_name:
        return room.native_name
    return room.name


def position(person: PersonView) -> str:
    """ "Title, Organisation" (plain text)."""
    parts = [person.title, person.organisation.display if person.organisation else ""]
    return ", ".join(p for p in parts if p)


def suffix_text(line: AttendeeLine, usual: AttendancePart) -> str:
    """ " · Speaker" when a line's part is not the usual one (plain text)."""
    return "" if line.part is usual else f" · {line.part.label}"


def muted(text_markup: str) -> str:
    return f'<font color="{MUTED_HEX}">{text_markup}</font>'


def status_suffix(e: EngagementView, words: Words = ENGLISH) -> str:
    if e.status is EngagementStatus.CANCELLED:
        return f' <font color="{ALERT_HEX}"><b>{markup(words("status.cancelled"))}</b></font>'
    if e.status is EngagementStatus.TENTATIVE:
        return " " + muted(markup(words("status.tentative")))
    return ""


def title_markup(e: EngagementView) -> str:
    return f"<strike>{markup(e.title)}</strike>" if e.cancelled else markup(e.title)


def where_markup(e: EngagementView, words: Words = ENGLISH) -> str:
    """ "Origin → Destination" for a transfer, else "Room, Venue" (in the reader's language: the
    names the officer gave in its script, the larger place first in Korean)."""
    if e.is_transfer and e.origin is not None:
        destination = venue_name(e.venue, words) if e.venue else "?"
        return markup(route(venue_name(e.origin, words), destination))  # the arrow in a face that has it
    if e.venue is None:
        return muted(markup(words("block.no_venue")))
    return markup(place(venue_name(e.venue, words), room_name(e.room, words), words.code))


def address_markup(
    venue: VenueView | None, room: str = "", words: Words = ENGLISH, room_view: RoomView | None = None
) -> str:
    """ "Room, Venue" with the venue's address beneath, muted. For a reader of another language,
    the place in its script where the officer gave one ("리버풀 시청 회의실"), then the English
    place, muted, so it can be matched with signs and other documents."""
    if venue is None:
        return muted(markup(words("block.no_venue")))
    text = place(markup(venue.name), markup(room))
    if words.language is not DocumentLanguage.EN:
        local = place(venue_name(venue, words), room_name(room_view, words) or room, words.code)
        english = place(venue.name, room)
        text = markup(local) + ("<br/>" + muted(markup(english)) if local != english else "")
    if venue.address:
        text += "<br/>" + muted(markup(venue.address))
    return text


def facts_table(rows: list[tuple[str, str]], label_width: float = 30 * mm, width: float = FRAME_WIDTH) -> Table:
    """Label/value rows (labels are ours, values user text)."""
    st = styles()
    data = [
        [paragraph(label if n == 0 else "", st.label), para(piece, st.cell)]
        for label, value in rows
        for n, piece in enumerate(chunks(value))
    ]
    return table(
        data,
        [label_width, width - label_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
    )


class EngagementBlock:
    """An engagement as a table: time and title on a tinted first row (repeated when the table
    splits across pages), then label/content rows; the home time sits under the local time.

    Columns: time, label, name, title, aside (part or kind); "wide" content spans name to aside.
    Cells hold one style each where they can: a paragraph of one style lays out much faster.
    """

    def __init__(self, plan: Plan, e: EngagementView, day: date, words: Words = ENGLISH) -> None:
        st = styles()
        self.plan, self.e, self.words = plan, e, words
        lang = words.code
        if e.cancelled or e.status is EngagementStatus.TENTATIVE:
            aside = paragraph(muted(markup(words.kind(e.kind))) + status_suffix(e, words), st.cell_right)
            title = paragraph(f"<b>{title_markup(e)}</b>", st.cell_bold)
        else:
            aside = paragraph(markup(words.kind(e.kind)), st.cell_right_muted)
            title = para(e.title, st.cell_bold)
        self.rows: list[list[Any]] = [[para(plan.local_span(e, day, lang), st.cell_bold), title, "", "", aside]]
        self.commands: list[tuple[Any, ...]] = [("SPAN", (1, 0), (3, 0))]
        home_name = words.zone(plan.visit.home_time_zone)
        self.home = para(f"{home_name} {plan.home_span(e, day, lang)}", st.cell_muted) if plan.two_zones else None

    def row(self, label: str, content: Any, aside: Any = "", *, wide: bool = False, alert: bool = False) -> None:
        st = styles()
        index = len(self.rows)
        self.rows.append(["", paragraph(label, st.cell_alert if alert else st.label), content, "", aside])
        self.commands.append(("SPAN", (2, index), (4 if wide else 3, index)))
        if alert:
            self.commands.append(("BACKGROUND", (1, index), (4, index), ALERT_TINT))

    def person(self, label: str, person: PersonView, aside: str) -> None:
        """A person's row: name (romanised and native) and title in their own columns, then `aside`."""
        st = styles()
        self.rows.append(
            [
                "",
                paragraph(label, st.label),
                para(name_text(person, self.words), st.cell_bold),
                para(person.title, st.cell_muted),
                para(aside, st.cell_muted),
            ]
        )

    def people(self, label: str, lines: Sequence[AttendeeLine], usual: AttendancePart) -> None:
        """The run sheet's attendees: each party that attends whole on a row of its own ("Full
        delegation, 5 people, see page 4"), then the others two to a row, romanised and native
        name, with their part when it is not the `usual` one."""
        st = styles()
        wide = NAME_W + TITLE_W + ASIDE_W
        first = True
        singles: list[Any] = []
        for line in lines:
            suffix = "" if line.part is usual else " · " + muted(escape(line.part.label))
            if line.party is not None:
                count = f"{line.party.name}, {len(line.party.members)} people{suffix_text(line, usual)}, see page"
                self.row(label if first else "", PageRef(count, line.party.key, 8.5, INK, bold=True), wide=True)
                first = False
            elif line.person is not None:
                singles.append(paragraph(name_markup(line.person) + suffix, st.cell))
        if singles:
            half = (len(singles) + 1) // 2  # down the first column, then the second, in precedence order
            pairs = [[singles[n], singles[n + half] if n + half < len(singles) else ""] for n in range(half)]
            grid_ = table(
                pairs,
                [wide / 2, wide / 2],
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ],
            )
            self.row(label if first else "", grid_, wide=True)

    def text(self, label: str, value: str, *, alert: bool = False) -> None:
        """Wide rows of user text (long text over several rows), left out when empty."""
        for n, piece in enumerate(chunks(value)):
            self.row(label if n == 0 else "", para(piece, styles().cell), wide=True, alert=alert)

    def places(self) -> None:
        """Where rows: From/To for a transfer, else Where; the venue's own time when its zone differs."""
        st, e, w = styles(), self.e, self.words
        if e.is_transfer:
            self.row(markup(w("block.from")), paragraph(address_markup(e.origin, words=w), st.cell), wide=True)
            self.row(markup(w("block.to")), paragraph(address_markup(e.venue, words=w), st.cell), wide=True)
        else:
            where = address_markup(e.venue, e.room.name if e.room else "", w, e.room)
            self.row(markup(w("block.where")), paragraph(where, st.cell), wide=True)
        if e.venue is not None and e.venue.time_zone and e.venue.time_zone != self.plan.visit.local_time_zone:
            venue_span = time_span(e.start, e.end, zone(e.venue.time_zone), None, w.code)
            self.text(markup(w("block.venue_time")), f"{venue_span} ({e.venue.time_zone})")

    def where_line(self) -> None:
        """The run sheet's one row of place: "Room, Venue · address", or a transfer's route
        ("Origin → Destination": the addresses are in the venues section); the venue's own time
        when its zone differs."""
        st, e = styles(), self.e
        if e.is_transfer:
            self.row("Route", paragraph(where_markup(e), st.cell), wide=True)
        elif e.venue is None:
            self.row("Where", paragraph(muted("No venue"), st.cell), wide=True)
        else:
            text = markup(e.place) + (" · " + muted(markup(e.venue.address)) if e.venue.address else "")
            self.row("Where", paragraph(text, st.cell), wide=True)
        if e.venue is not None and e.venue.time_zone and e.venue.time_zone != self.plan.visit.local_time_zone:
            self.text("Venue time", f"{time_span(e.start, e.end, zone(e.venue.time_zone))} ({e.venue.time_zone})")

    def vehicle_line(self, *, phones: bool) -> None:
        """The run sheet's one row of vehicle: "Car 1 · LV27 ABC · Daniel Hughes +44 … · notes"."""
        st, vehicle = styles(), self.e.vehicle
        if vehicle is None:
            return
        parts = [markup(vehicle.label)]
        if vehicle.registration:
            parts.append(markup(vehicle.registration))
        if vehicle.driver is not None:
            driver = name_text(vehicle.driver)
            if phones and vehicle.driver.phone:
                driver += f" {vehicle.driver.phone}"
            parts.append("driver " + markup(driver))
        if vehicle.notes:
            parts.append(muted(markup(vehicle.notes)))
        self.row("Vehicle", paragraph(" · ".join(parts), st.cell), wide=True)

    def vehicle(self, *, phones: bool) -> None:
        """Vehicle and driver rows (when the document may see them)."""
        st, vehicle = styles(), self.e.vehicle
        if vehicle is None:
            return
        text = markup(vehicle.label) + (f" · {markup(vehicle.registration)}" if vehicle.registration else "")
        if vehicle.notes:
            text += "<br/>" + muted(markup(vehicle.notes))
        self.row(markup(self.words("block.vehicle")), paragraph(text, st.cell), wide=True)
        if vehicle.driver is not None:
            driver = name_text(vehicle.driver, self.words)
            if phones and vehicle.driver.phone:
                driver += f" · {vehicle.driver.phone}"
            self.row(markup(self.words("block.driver")), para(driver, st.cell), wide=True)

    def build(self) -> Table:
        if self.home is not None and len(self.rows) > 1:
            self.rows[1][0] = self.home
        elif self.home is not None:
            self.rows.append([self.home, "", "", "", ""])
        return table(
            self.rows,
            [TIME_W, LABEL_W, NAME_W, TITLE_W, ASIDE_W],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("LINEABOVE", (0, 0), (-1, 0), 1, ACCENT),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
                ("LINEBELOW", (0, -1), (-1, -1), 0.4, RULE),
                *self.commands,
            ],
            repeatRows=1,
        )
