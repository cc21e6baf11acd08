"""Printed lists of one engagement's seating: place cards in seat order and the table list for the door.

Both read the visit through `read_plan` with public fields only (names, titles, organisations):
who sits at which table is public (it stands on the easel at the door), dietary needs are not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from visitplanner.domain.catalogue import words
from visitplanner.domain.enums import Privacy
from visitplanner.domain.errors import UserError
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.pdf_blocks import muted
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_page import FRAME_WIDTH, Furniture, Metadata, PreparedPdf, Steps, prepare_pdf, render
from visitplanner.exporters.pdf_plan import FieldAccess, PersonView, Plan, read_plan
from visitplanner.exporters.pdf_styles import RULE, para, paragraph, styles, table
from visitplanner.exporters.pdf_text import markup
from visitplanner.exporters.sheets import NO_CARD_ROLES, name_cards_pdf
from visitplanner.store.models import Engagement
from visitplanner.store.seating import SeatingView, seating_view

#: A door list longer than this is divided by initial letter.
LETTERED = 25
#: Public fields only: names, titles, organisations.
ACCESS = FieldAccess(Privacy.PUBLIC, (), every_engagement=True)


class SeatingList(StrEnum):
    PLACE_CARDS = "placecards"
    DOOR_LIST = "doorlist"

    @property
    def label(self) -> str:
        return "Place cards" if self is SeatingList.PLACE_CARDS else "Table list for the door"


def _read(session: Session, engagement_id: int) -> tuple[Plan, SeatingView, dict[int, PersonView]]:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise UserError("engagement: it no longer exists (someone else may have deleted it)", field="engagement")
    view = seating_view(session, engagement_id)
    plan = read_plan(session, engagement.visit_id, ACCESS)
    return plan, view, {p.key: p for p in plan.attendees}


def place_cards(view: SeatingView, people: dict[int, PersonView]) -> list[tuple[PersonView, str]]:
    """(person, mark) of each card: with a plan, the seated in table and seat order ("Top table ·
    seat 3"), then those who sit but have no seat yet; without one, everyone who sits at the table
    by side and precedence. Drivers, photographers and security get no card, nor do unnamed
    guests (their seats show on the chart and the caterer sheet)."""
    cards: list[tuple[PersonView, str]] = []
    seated: set[int] = set()
    for p in sorted(view.layout.placements, key=lambda p: (p.table, p.seat)):
        if p.attendee_id is None:
            continue
        person = people.get(p.attendee_id)
        if person is not None and view.people.get(p.attendee_id) is not None and view.people[p.attendee_id].attends:
            cards.append((person, f"{view.layout.tables[p.table].label.strip()} · seat {p.seat}"))
            seated.add(p.attendee_id)
    rest = [
        people[a]
        for a, p in view.people.items()
        if p.to_seat and a not in seated and a in people and people[a].role not in NO_CARD_ROLES
    ]
    cards += [(p, "no seat yet" if view.plan_id is not None else "") for p in sorted(rest, key=lambda p: p.sort_key)]
    return cards


def door_list(view: SeatingView, people: dict[int, PersonView]) -> list[tuple[PersonView, str]]:
    """(person, table label) of everyone seated who attends, alphabetically by family name
    (unnamed guests have no name to look up: they come with whom they accompany)."""
    rows = [
        (people[p.attendee_id], view.layout.tables[p.table].label.strip())
        for p in view.layout.placements
        if p.attendee_id is not None
        and p.attendee_id in people
        and p.attendee_id in view.people
        and view.people[p.attendee_id].attends
    ]
    return sorted(rows, key=lambda r: (r[0].name.sort_key, r[0].name.native_name, r[0].key))


def _door_story(plan: Plan, view: SeatingView, people: dict[int, PersonView]) -> list[Flowable]:
    st = styles()
    rows = door_list(view, people)
    when = next((plan.when(e.start, e.end) for e in plan.engagements if e.uid == view.engagement_uid), "")
    story: list[Flowable] = [
        paragraph(muted("TABLE LIST"), st.cover_label),
        para(view.title, st.h1),
        paragraph(markup(when) + " · " + muted("Find your name: your table is on the right."), st.small_muted),
        Spacer(1, 4 * mm),
    ]
    if not rows:
        story.append(paragraph("Nobody is seated yet.", st.muted))
        return story
    data: list[list[object]] = []
    letter = ""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    lettered = len(rows) > LETTERED
    for person, label in rows:
        first = person.name.listed[:1].upper()
        if lettered and first != letter:
            letter = first
            commands.append(("LINEABOVE", (0, len(data)), (-1, len(data)), 0.6, st.h2.textColor))
            data.append([paragraph(f"<b>{markup(letter)}</b>", st.h2), "", ""])
        native = person.name.native_name.strip()
        data.append(
            [
                para(person.name.listed, st.name),
                para(native if native != person.name.romanised else "", st.name),
                para(label, st.name),
            ]
        )
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.25, RULE))
    story.append(table(data, [FRAME_WIDTH * 0.5, FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.28], commands, repeatRows=0))
    return story


def build_seating_list(
    session: Session,
    engagement_id: int,
    kind: SeatingList | str,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> tuple[bytes, int]:
    """Place cards or the door list of the engagement as PDF bytes and the page count."""
    try:
        kind = SeatingList(kind)
    except ValueError:
        raise UserError(f"kind: {kind!r} is not a seating list (placecards or doorlist)", field="kind") from None
    now = require_aware(now, "now")
    steps = Steps(progress, cancelled)
    steps.preparing(0, 2)
    plan, view, people = _read(session, engagement_id)
    steps.preparing(1, 2)
    with warning_of_missing_glyphs(plan, warn):
        if kind is SeatingList.PLACE_CARDS:
            return name_cards_pdf(
                place_cards(view, people),
                title=f"{view.title}: place cards",
                subject=f"Place cards, {plan.visit.title}",
                now=now,
                steps=steps,
                w=words(DocumentLanguage.EN),
            )
        if view.plan_id is None:
            raise UserError(f"engagement: {view.title!r} has no seating plan yet", field="engagement")
        local_now = now.astimezone(plan.local)
        furniture = Furniture(
            marking=plan.visit.marking,
            header_left=plan.visit.title,
            header_right="Table list",
            footer_left=f"Prepared {local_now.day} {local_now:%B %Y %H:%M}",
        )
        metadata = Metadata(title=f"{view.title}: table list", subject=f"Table list, {plan.visit.title}")
        return render(_door_story(plan, view, people), furniture=furniture, metadata=metadata, created=now, steps=steps)


def prepare_seating_list(
    session: Session,
    engagement_id: int,
    kind: SeatingList | str,
    *,
    target: Path | str | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> PreparedPdf:
    """Place cards or the door list built to be written: what a preview shows and its Save writes.
    `target`: refused before the build if it must not be replaced."""
    return prepare_pdf(
        session,
        target,
        lambda: build_seating_list(
            session, engagement_id, kind, now=now, progress=progress, cancelled=cancelled, warn=warn
        ),
        private=False,
    )


def write_seating_list(
    session: Session,
    engagement_id: int,
    kind: SeatingList | str,
    path: Path | str,
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> int:
    """Write place cards or the door list to `path` atomically; returns the page count."""
    return prepare_seating_list(
        session, engagement_id, kind, target=path, now=now, progress=progress, cancelled=cancelled, warn=warn
    ).write(path)
