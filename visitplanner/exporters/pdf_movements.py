"""Arrivals and departures in the documents: the day's list on the run sheet and the personal
itinerary, and the flight a driver's pick-up meets (only where the document may see journeys)."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from visitplanner.domain.catalogue import ENGLISH, Words
from visitplanner.domain.checks_text import join_names
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.exporters.pdf_blocks import muted
from visitplanner.exporters.pdf_plan import EngagementView, MovementView, Plan, person_name
from visitplanner.exporters.pdf_styles import paragraph, styles
from visitplanner.exporters.pdf_text import markup

#: How far from a landing a pick-up, or before a take-off a drop-off, still serves it.
SERVES_WITHIN = timedelta(hours=4)


def movement_line(m: MovementView, names: bool = True, words: Words = ENGLISH) -> str:
    """ "<b>Flight KE 9021 lands 08:15 MAN T2</b> · Park Heong-Joon and 4 others · met by Helen Marsh";
    for a reader of another language, who meets them as it writes it ("영접: Helen Marsh 교수")."""
    parts = [f"<b>{markup(m.text)}</b>"]
    if names and m.travellers:
        parts.append(markup(join_names([p.name.romanised for p in m.travellers])))
    if m.met_by is not None:
        if words.language is DocumentLanguage.EN:
            parts.append(markup(f"{'met' if m.arriving else 'seen off'} by {m.met_by.name.romanised}"))
        else:
            key = "journey.met" if m.arriving else "journey.seen_off"
            parts.append(markup(words(key, name=person_name(m.met_by, words))))
    return " · ".join(parts)


def day_movements(plan: Plan, day: date, holder: int | None = None, words: Words = ENGLISH) -> list[Flowable]:
    """The day's arrivals and departures (only `holder`'s journeys when given): a heading and a
    line each, in the language of `words` (the plan read in it too); nothing when there are none
    or the document may not see journeys."""
    st = styles()
    shown = [
        m
        for m in plan.movements
        if plan.local_day(m.at) == day and (holder is None or any(p.key == holder for p in m.travellers))
    ]
    if not shown:
        return []
    heading = markup(_heading(shown, holder is not None, words))
    story: list[Flowable] = [Spacer(1, 2 * mm), paragraph(muted(heading), st.small_muted)]
    story += [paragraph(movement_line(m, names=holder is None, words=words), st.cell) for m in shown]
    return story


def _heading(shown: list[MovementView], own: bool, w: Words = ENGLISH) -> str:
    """ "ARRIVALS AND DEPARTURES", "ARRIVAL", "YOUR DEPARTURE"…: what the list holds ("도착 일정")."""
    arriving = [m.arriving for m in shown]
    plural = not own and len(shown) > 1
    kinds = []
    if any(arriving):
        kinds.append(w("movements.arrivals" if plural and arriving.count(True) > 1 else "movements.arrival"))
    if not all(arriving):
        kinds.append(w("movements.departures" if plural and arriving.count(False) > 1 else "movements.departure"))
    text = w("movements.both", first=kinds[0], second=kinds[1]) if len(kinds) == 2 else kinds[0]
    return (w("movements.own", what=text) if own else text).upper()


def served_by(plan: Plan, e: EngagementView) -> MovementView | None:
    """The arrival a transfer picks up (it leaves from the airport or station within a few hours
    after the landing, with someone off that journey) or the departure it takes people to."""
    if not e.is_transfer or not plan.movements:
        return None
    riding = {a.person.key for a in e.attendances}
    for m in plan.movements:
        if not riding & {p.key for p in m.travellers} or m.venue is None:
            continue
        if m.arriving and e.origin is m.venue and timedelta(0) <= e.start - m.at <= SERVES_WITHIN:
            return m
        if not m.arriving and e.venue is m.venue and timedelta(0) <= m.at - e.end <= SERVES_WITHIN:
            return m
    return None


def serves_line(plan: Plan, e: EngagementView) -> str:
    """ "Meets Flight KE 9021 lands 08:15 MAN T2" for a driver's pick-up ("For …" for a drop-off), or ""."""
    m = served_by(plan, e)
    if m is None:
        return ""
    return f"{'Meets' if m.arriving else 'For'} <b>{markup(m.text)}</b>"
