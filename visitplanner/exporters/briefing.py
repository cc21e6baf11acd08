"""The briefing pack (PDF): one edition of the visit's (Host, Delegation, Public...), sections in the
protocol office's order; what each edition shows is data (`BriefingEdition`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import SetTopFlowables
from sqlalchemy.orm import Session

from visitplanner.domain.editions import Audience, CopyEntry, EditionData
from visitplanner.domain.editions import copies as number_copies
from visitplanner.domain.emergency import emergency_number
from visitplanner.domain.enums import AttendancePart, Privacy, Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import date_range
from visitplanner.domain.timerange import require_aware
from visitplanner.exporters.pdf_blocks import (
    EngagementBlock,
    day_label,
    facts_table,
    muted,
    name_markup,
    name_text,
    position,
    status_suffix,
    title_markup,
    where_markup,
)
from visitplanner.exporters.pdf_changes import PlanChange, compare_plans
from visitplanner.exporters.pdf_glyphs import Warn, warning_of_missing_glyphs
from visitplanner.exporters.pdf_movements import day_movements
from visitplanner.exporters.pdf_page import (
    FRAME_WIDTH,
    Anchor,
    Bookmark,
    ContentsLine,
    Furniture,
    Kept,
    Metadata,
    PreparedPdf,
    Steps,
    prepare_pdf,
    render,
)
from visitplanner.exporters.pdf_parties import Party, attendee_lines, find_parties
from visitplanner.exporters.pdf_plan import EngagementView, FieldAccess, PersonView, Plan, RoomView, read_plan
from visitplanner.exporters.pdf_styles import (
    ACCENT,
    ALERT,
    ALERT_TINT,
    MUTED_HEX,
    RULE,
    TINT,
    grid,
    para,
    paragraph,
    rich,
    styles,
    table,
)
from visitplanner.exporters.pdf_text import chunks, markup, paragraphs
from visitplanner.exporters.protocol_lines import engagement_lines
from visitplanner.store.editions import distribution_of, find_edition
from visitplanner.store.issues import current_snapshot, issue_of
from visitplanner.store.models import Visit


class Section(StrEnum):
    """The pack's sections, in the order they are printed."""

    COVER = "cover"
    CONTENTS = "contents"
    PURPOSE = "purpose"
    GLANCE = "glance"
    RUN_SHEET = "run_sheet"
    PARTICIPANTS = "participants"
    VENUES = "venues"
    CONTACTS = "contacts"
    CHANGES = "changes"

    @property
    def heading(self) -> str:
        return SECTION_HEADINGS[self]


SECTION_HEADINGS = {
    Section.COVER: "Cover and distribution",
    Section.CONTENTS: "Contents",
    Section.PURPOSE: "Purpose and objectives",
    Section.GLANCE: "Programme at a glance",
    Section.RUN_SHEET: "Day-by-day run sheet",
    Section.PARTICIPANTS: "Participants",
    Section.VENUES: "Venues",
    Section.CONTACTS: "Contacts and emergency",
    Section.CHANGES: "Changes since the previous issue",
}

#: The sections that always start a page (after the cover); the others start one only when less
#: than `SECTION_ROOM` is left on the page.
NEW_PAGE = frozenset({Section.CONTENTS, Section.RUN_SHEET})
SECTION_ROOM = 90 * mm

SIDE_HEADINGS = {Side.VISITING: "Visiting delegation", Side.HOST: "Hosts", Side.STAFF: "Visit staff and support"}


@dataclass(frozen=True)
class IssueRecord:
    """A recorded issue as the pack shows it: number, date, who recorded it (restricted) and snapshot."""

    number: int
    issued_at: datetime
    issued_by: str
    snapshot: Mapping[str, Any]


def _issue(session: Session, visit_id: int, number: int, access: FieldAccess) -> IssueRecord | None:
    row = issue_of(session, visit_id, number)
    if row is None:
        return None
    # The snapshot is read whole, but compare_plans shows a field only if `access` may see its
    # source column (BriefingIssue.SNAPSHOT_SOURCES).
    return IssueRecord(row.number, row.issued_at, access.text(row, "issued_by"), row.snapshot)


@dataclass(frozen=True)
class _Context:
    plan: Plan
    edition: EditionData
    draft: bool
    now: datetime
    version: str
    base: IssueRecord | None  # the issue the changes section compares with
    base_number: int  # its number (0: none)
    steps: Steps
    copies: tuple[CopyEntry, ...]  # the numbered copies (numbered editions only)
    copy: CopyEntry | None  # the copy this file is

    def shows(self, privacy: Privacy) -> bool:
        return self.plan.access.shows(privacy)

    @property
    def attendees(self) -> list[PersonView]:
        """The attendees this edition names: who drives whom is a movement, so drivers only where
        movements are shown."""
        movements = self.shows(Privacy.MOVEMENTS)
        return [p for p in self.plan.attendees if movements or p.role is not Role.DRIVER]


def build_briefing_pack(
    session: Session,
    visit_id: int,
    *,
    edition: str = "Host",
    sections: Iterable[Section | str] | None = None,
    draft: bool = False,
    copy: int | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> bytes:
    """The briefing pack as PDF bytes.

    Args:
        edition: the name of one of the visit's editions ("Host", "Delegation", "Public"; the old
            names "restricted" and "public" mean Host and Public); it decides the marking, the
            classes of information shown and the distribution list.
        copy: for a numbered edition, the number of the copy this file is ("Copy 3 of 12 — name"
            on every page); the copies are those recorded with the issue (a draft: the current list).
        sections: the sections to include (None: all), printed in `Section` order.
        draft: mark the pack DRAFT (compared with the last issue) instead of the visit's last issue
            number (compared with the issue before it). A visit never issued is always a draft.
        now: when the pack is made (printed on drafts and used as the PDF's date).
        progress: called with (done, total) as the work advances.
        cancelled: polled during the work; when it answers True, `WorkCancelled` is raised.
        warn: called with a line per person's field printed with characters no font has.
    """
    return _build(
        session,
        visit_id,
        edition=edition,
        sections=sections,
        draft=draft,
        copy=copy,
        now=now,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
    )[0]


def prepare_briefing_pack(
    session: Session,
    visit_id: int,
    *,
    target: Path | str | None = None,
    edition: str = "Host",
    sections: Iterable[Section | str] | None = None,
    draft: bool = False,
    copy: int | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> PreparedPdf:
    """The pack built to be written (an edition showing more than public information is for its
    owner only): what a preview shows and its Save writes. `target`: the file it is for, refused
    before the build if it must not be replaced. Other arguments as for `build_briefing_pack`."""
    return prepare_pdf(
        session,
        target,
        lambda: _build(
            session,
            visit_id,
            edition=edition,
            sections=sections,
            draft=draft,
            copy=copy,
            now=now,
            progress=progress,
            cancelled=cancelled,
            warn=warn,
        ),
        private=lambda: find_edition(session, visit_id, edition).classes != {Privacy.PUBLIC},
    )


def write_briefing_pack(
    session: Session,
    visit_id: int,
    path: Path | str,
    *,
    edition: str = "Host",
    sections: Iterable[Section | str] | None = None,
    draft: bool = False,
    copy: int | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> int:
    """Write the pack to `path` atomically (an edition showing more than public information is
    readable by its owner only);
    returns the number of pages. The open database is never the target (`check_export_target`)."""
    return prepare_briefing_pack(
        session,
        visit_id,
        target=path,
        edition=edition,
        sections=sections,
        draft=draft,
        copy=copy,
        now=now,
        progress=progress,
        cancelled=cancelled,
        warn=warn,
    ).write(path)


def _parse_sections(sections: Iterable[Section | str] | None) -> list[Section]:
    if sections is None:
        return list(Section)
    chosen = set()
    for item in sections:
        try:
            chosen.add(Section(item))
        except ValueError:
            names = ", ".join(s.value for s in Section)
            raise UserError(
                f"sections: {item!r} is not a section of the pack (choose from {names})", field="sections"
            ) from None
    if not chosen:
        raise UserError("sections: choose at least one section", field="sections")
    return [s for s in Section if s in chosen]


def _build(
    session: Session,
    visit_id: int,
    *,
    edition: str,
    sections: Iterable[Section | str] | None,
    draft: bool,
    copy: int | None = None,
    now: datetime,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    warn: Warn | None = None,
) -> tuple[bytes, int]:
    chosen = _parse_sections(sections)
    now = require_aware(now, "now")
    if session.get(Visit, visit_id) is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    chosen_edition = find_edition(session, visit_id, str(edition))
    steps = Steps(progress, cancelled)
    steps.preparing(0, 1)
    access = FieldAccess(chosen_edition.classes)
    plan = read_plan(session, visit_id, access)
    number = plan.visit.issue_number
    draft = draft or number == 0
    local_now = now.astimezone(plan.local)
    if draft:
        version = (
            "DRAFT"
            + (f" (after Issue {number})" if number else "")
            + f", prepared {local_now.day} {local_now:%B %Y %H:%M}"
        )
        base_number = number
    else:
        issued = _issue(session, visit_id, number, access)
        when = (issued.issued_at if issued else now).astimezone(plan.local)
        version = f"Issue {number}, {when.day} {when:%B %Y}"
        base_number = number - 1
    base = _issue(session, visit_id, base_number, access)
    copies: tuple[CopyEntry, ...] = ()
    if chosen_edition.numbered:
        recorded = None if draft else issue_of(session, visit_id, number)
        names = (
            recorded.copies.get(chosen_edition.name)
            if recorded is not None and chosen_edition.name in (recorded.copies or {})
            else distribution_of(session, visit_id, chosen_edition)
        )
        copies = number_copies(names or [])
    if copy is not None and not 1 <= copy <= len(copies):
        what = f"{len(copies)} numbered copies" if copies else "no numbered copies"
        raise UserError(f"copy: the {chosen_edition.label} has {what}", field="copy")
    this_copy = copies[copy - 1] if copy is not None else None
    ctx = _Context(plan, chosen_edition, draft, now, version, base, base_number, steps, copies, this_copy)
    edition_label = chosen_edition.label
    if base_number <= 0 and len(chosen) > 1:  # the first issue has nothing to compare with: no empty page
        chosen = [s for s in chosen if s is not Section.CHANGES]

    with warning_of_missing_glyphs(plan, warn):
        story: list[Flowable] = []
        builders: dict[Section, Callable[[_Context], list[Flowable]]] = {
            Section.COVER: _cover,
            Section.CONTENTS: lambda c: _contents(c, chosen),
            Section.PURPOSE: _purpose,
            Section.GLANCE: _glance,
            Section.RUN_SHEET: _run_sheet,
            Section.PARTICIPANTS: _participants,
            Section.VENUES: _venues,
            Section.CONTACTS: _contacts,
            Section.CHANGES: lambda c: _changes(c, session),
        }
        for index, section in enumerate(chosen):
            steps.preparing(index + 1, len(chosen) + 1)
            if story:
                after_cover = chosen[index - 1] is Section.COVER  # the cover is a page of its own
                story.append(PageBreak() if section in NEW_PAGE or after_cover else CondPageBreak(SECTION_ROOM))
            story.extend(builders[section](ctx))
        story = keep_headings(story)
        visit = plan.visit
        furniture = Furniture(
            marking=chosen_edition.marking,
            header_left=visit.title,
            header_right=f"Briefing pack · {edition_label}",
            footer_left=" · ".join(x for x in (edition_label, version) if x),
            footer_copy=this_copy.label if this_copy else "",
            header_note=f"Times: {plan.visit_zone_note()}" if plan.clocks_change else "",
            watermark="DRAFT" if draft else "",
        )
        metadata = Metadata(
            title=f"{visit.title}: briefing pack",
            subject=f"{edition_label}, {version}; {date_range(visit.start_date, visit.end_date)}",
            keywords=("briefing pack", visit.slug, edition_label),
        )
        return render(
            story, furniture=furniture, metadata=metadata, created=now, steps=steps, cover=chosen[0] is Section.COVER
        )


def keep_headings(story: list[Flowable]) -> list[Flowable]:
    """`story` with the headings (and bookmarks) before a `KeepTogether` moved into it: reportlab
    keeps a heading with the next flowable, but not with a KeepTogether, so a heading could end a
    page with its content on the next."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            run = 0
            while run < len(out) and _kept_with_next(out[-1 - run]):
                run += 1
            if run:
                content = [*out[-run:], *getattr(flowable, "_content")]  # noqa: B009 (not in the stubs)
                del out[-run:]
                flowable = Kept(content)
        out.append(flowable)
    return out


def _kept_with_next(flowable: Flowable) -> bool:
    return not isinstance(flowable, KeepTogether) and bool(flowable.getKeepWithNext())  # type: ignore[no-untyped-call]


def _key(*parts: object) -> str:
    return "-".join(str(p) for p in parts)


def _h1(section: Section) -> list[Flowable]:
    return [Bookmark(_key(section.value), section.heading, 0), paragraph(section.heading, styles().h1)]


# -- cover -------------------------------------------------------------------------------------------


def _cover(ctx: _Context) -> list[Flowable]:
    st, plan, visit = styles(), ctx.plan, ctx.plan.visit
    story: list[Flowable] = [
        Bookmark(_key(Section.COVER.value), "Cover"),
        Spacer(1, 8 * mm),
        paragraph(f'<font color="{MUTED_HEX}">BRIEFING PACK</font>', st.cover_label),
        Spacer(1, 2 * mm),
        para(visit.title, st.cover_title),
    ]
    orgs = [o.display for o in (visit.visiting, visit.host) if o is not None]
    if visit.visiting and visit.host:
        story.append(
            rich([(visit.visiting.display, "{}"), (visit.host.display, "hosted by {}")], st.cover_subtitle, "<br/>")
        )
    elif orgs:
        story.append(para(orgs[0], st.cover_subtitle))
    story.append(para(date_range(visit.start_date, visit.end_date), st.cover_subtitle))
    story.append(Spacer(1, 6 * mm))
    story.append(_band(ctx.edition.label.upper(), _edition_note(ctx), alert=ctx.shows(Privacy.RESTRICTED)))
    story.append(Spacer(1, 5 * mm))
    facts = [
        ("Version", ctx.version),
        ("Copy", ctx.copy.label if ctx.copy else ""),
        ("Times", plan.visit_zone_note()),
        ("Marking", ctx.edition.marking),
    ]
    rows = [[paragraph(label.upper(), st.cover_label), para(value, st.cover_value)] for label, value in facts if value]
    story.append(
        table(
            rows,
            [32 * mm, FRAME_WIDTH - 32 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ],
        )
    )
    story.extend(_distribution(ctx))
    story.append(NextPageTemplate("body"))
    return story


#: What the cover says each class brings, when the edition shows it and when it does not.
CLASS_NOTES = {
    Privacy.INTERNAL: ("the full programme and working details", "engagements not cleared for release"),
    Privacy.MOVEMENTS: (
        "movements (arrivals, departures, transfers, vehicles and drivers)",
        "movements (hotel, arrival and departure times, transfers, vehicles and drivers)",
    ),
    Privacy.RESTRICTED: (
        "personal and sensitive information (telephone numbers, dietary and access needs, restricted notes)",
        "personal needs, telephone numbers and restricted notes",
    ),
}


def _edition_note(ctx: _Context) -> str:
    """ "Shows ...; leaves out ...", from the classes the edition shows."""
    audience = {
        Audience.HOST: "For the host side only.",
        Audience.DELEGATION: "Shared with the visiting delegation.",
        Audience.PUBLIC: "Cleared for public release.",
    }[ctx.edition.audience]
    shown = [on for c, (on, _off) in CLASS_NOTES.items() if ctx.shows(c)]
    left = [off for c, (_on, off) in CLASS_NOTES.items() if not ctx.shows(c)]
    text = audience
    if shown:
        text += " Contains " + "; ".join(shown) + "."
    if left:
        text += " Leaves out " + "; ".join(left) + "."
    if ctx.shows(Privacy.RESTRICTED):
        text += " Keep it secure and do not forward it."
    return markup(text)


def _band(title: str, text: str, *, alert: bool) -> Table:
    st = styles()
    colour = ALERT if alert else ACCENT
    cell = [
        paragraph(f'<font color="#{colour.hexval()[2:]}"><b>{title}</b></font>', st.cover_value),
        paragraph(text, st.small),
    ]
    return table(
        [[cell]],
        [FRAME_WIDTH],
        [
            ("BACKGROUND", (0, 0), (-1, -1), ALERT_TINT if alert else TINT),
            ("LINEBEFORE", (0, 0), (0, -1), 3, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ],
    )


def _distribution(ctx: _Context) -> list[Flowable]:
    """Who receives this edition: a numbered edition lists its copies ("Copy 3 of 12"), recorded
    with the issue; another lists its audience's attendees; a public edition has no list."""
    st = styles()
    if ctx.copies:
        rows = [[paragraph(f"{c.number} of {c.of}", st.cell_muted), para(c.name, st.cell)] for c in ctx.copies]
        return [
            Spacer(1, 7 * mm),
            paragraph("Distribution (numbered copies)", st.h2),
            grid(["Copy", "Recipient"], rows, [22 * mm, FRAME_WIDTH - 22 * mm]),
        ]
    sides = ctx.edition.audience.sides
    people = [p for p in ctx.plan.attendees if p.role is not Role.DRIVER and p.side in sides]
    listed = ctx.edition.distribution
    if listed:
        rows = [[para(name, st.cell)] for name in listed]
        table_ = grid(["Recipient"], rows, [FRAME_WIDTH])
    elif people:
        rows = [
            [paragraph(name_markup(p), st.cell), para(p.title, st.cell_muted), paragraph(p.side.label, st.cell_muted)]
            for p in people
        ]
        table_ = grid(["Name", "Title", "Side"], rows, [62 * mm, FRAME_WIDTH - 84 * mm, 22 * mm])
    else:
        return []
    return [Spacer(1, 7 * mm), paragraph("Distribution", st.h2), table_]


# -- contents ----------------------------------------------------------------------------------------


def _contents(ctx: _Context, chosen: list[Section]) -> list[Flowable]:
    story: list[Flowable] = _h1(Section.CONTENTS)
    days = ctx.plan.days()
    for section in chosen:
        if section in (Section.COVER, Section.CONTENTS):
            continue
        story.append(ContentsLine(_key(section.value), section.heading, 0))
        if section is Section.RUN_SHEET:
            for index, (day, _items) in enumerate(days, start=1):
                story.append(ContentsLine(_key(section.value, index), day_label(day, index), 1))
    story.append(Spacer(1, 8 * mm))
    story.append(
        paragraph(
            f"Times are given in {markup(ctx.plan.local_name)} time"
            + (f" with the delegation's home time ({markup(ctx.plan.home_name)})" if ctx.plan.two_zones else "")
            + ". Names are given in precedence order within each side.",
            styles().small_muted,
        )
    )
    return story


# -- purpose -----------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^\s*(\d+[.)]|[-•*])\s+(.*)$")


def _text_blocks(text: str) -> list[Flowable]:
    """Paragraphs for free text: blank lines separate paragraphs; numbered or bulleted lines become
    list items with a hanging indent."""
    st = styles()
    out: list[Flowable] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and all(_LIST_ITEM.match(line) for line in lines if line.strip()):
            for line in lines:
                match = _LIST_ITEM.match(line)
                if match:
                    out.append(
                        Paragraph(
                            markup(match.group(2)),
                            st.list_item,
                            bulletText=match.group(1).replace("*", "•").replace("-", "•"),
                        )
                    )
        elif block.strip():
            out.append(para(block, st.body))
    return out


def _purpose(ctx: _Context) -> list[Flowable]:
    st, plan, visit = styles(), ctx.plan, ctx.plan.visit
    story = _h1(Section.PURPOSE)
    facts = [
        ("Visiting", visit.visiting.display if visit.visiting else ""),
        ("Host", visit.host.display if visit.host else ""),
        ("Dates", date_range(visit.start_date, visit.end_date)),
        ("Time zones", plan.visit_zone_note()),
    ]
    story.append(facts_table([(k, v) for k, v in facts if v]))
    story.append(Spacer(1, 4 * mm))
    story.append(paragraph("Purpose", st.h2))
    story.extend(_text_blocks(visit.purpose) or [paragraph("No purpose has been recorded.", st.muted)])
    story.append(paragraph("Objectives", st.h2))
    story.extend(_text_blocks(visit.objectives) or [paragraph("No objectives have been recorded.", st.muted)])
    return story


# -- programme at a glance ----------------------------------------------------------------------------


def _glance(ctx: _Context) -> list[Flowable]:
    st, plan = styles(), ctx.plan
    story = _h1(Section.GLANCE)
    two = plan.two_zones
    widths = [25 * mm, 28 * mm, 69 * mm] if two else [25 * mm, 97 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    for index, (day, items) in enumerate(plan.days(), start=1):
        story.append(Bookmark(_key(Section.GLANCE.value, index), day_label(day, index), 1))
        story.append(paragraph(markup(day_label(day, index)), st.h2))
        if not items:
            story.append(paragraph("No engagements.", st.muted))
            continue
        rows = []
        for e in items:
            style = st.cell_muted if e.cancelled else st.cell
            row = [para(plan.local_span(e, day), st.cell_bold)]
            if two:
                row.append(para(plan.home_span(e, day), st.cell_muted))
            suffix = status_suffix(e)
            row += [
                paragraph(title_markup(e) + suffix, style) if suffix else para(e.title, style),
                paragraph(where_markup(e), style),
            ]
            rows.append(row)
        header = [plan.local_name, plan.home_name] if two else [plan.local_name]
        story.append(grid([*header, "Engagement", "Where"], rows, widths))
    return story


# -- run sheet ---------------------------------------------------------------------------------------


def _run_sheet(ctx: _Context) -> list[Flowable]:
    """Each day under its heading (repeated, "continued", on the pages the day runs on to), each
    engagement a card kept on one page where it fits; parties that attend whole are named once
    and listed at the start."""
    st, plan = styles(), ctx.plan
    story = _h1(Section.RUN_SHEET)
    story.append(
        paragraph(
            f"Times in <b>{markup(plan.local_name)}</b>"
            + (f", with the delegation's home time in {markup(plan.home_name)} beneath" if plan.two_zones else "")
            + ". Attendees are listed by side and precedence, with their part when they are not simply"
            " participants (passengers, on a transfer); a party attending whole is named once.",
            st.small_muted,
        )
    )
    parties = find_parties(ctx.attendees, plan.engagements)
    if parties:
        story.append(paragraph("Parties", st.h3))
        for party in parties:
            names = ", ".join(name_markup(p, bold=False) for p in party.members)
            story.append(Anchor(party.key))
            story.append(paragraph(f"<b>{markup(party.name)}</b> ({len(party.members)}): {names}", st.party))
    days = plan.days()
    for index, (day, items) in enumerate(days, start=1):
        label = day_label(day, index)
        heading: list[Flowable] = [
            CondPageBreak(60 * mm),
            Bookmark(_key(Section.RUN_SHEET.value, index), label, 1),
            paragraph(markup(label), st.h2),
            paragraph(markup(plan.zone_note(day)), st.small_muted),
            *day_movements(plan, day),  # only in editions that show movements
        ]
        if not items:
            story += [*heading, paragraph("No engagements.", st.muted)]
            continue
        for n, e in enumerate(items):
            if n % 20 == 0:
                ctx.steps.check()
            card = _engagement_block(ctx, e, day, parties)
            card.spaceBefore = 3 * mm
            if n == 0:  # the day's heading stays with its first card; later pages repeat it
                story += [*heading[:1], Kept([*heading[1:], card])]
                story.append(SetTopFlowables([paragraph(markup(f"{label} (continued)"), st.h2_continued)]))
            else:
                story.append(Kept([card]))
        story.append(SetTopFlowables([]))
    return story


def _engagement_block(ctx: _Context, e: EngagementView, day: date, parties: list[Party]) -> Table:
    st = styles()
    block = EngagementBlock(ctx.plan, e, day)
    block.where_line()
    block.vehicle_line(phones=True)
    block.text("Dress", e.dress_code)
    driver = e.vehicle.driver if e.vehicle is not None else None
    if e.is_transfer and driver is None:  # no vehicle (or not in this edition): the driver by their part
        for attendance in (a for a in e.attendances if a.part is AttendancePart.DRIVER):
            block.person("Driver", attendance.person, "")
    lines = attendee_lines(e, parties)
    label = "Passengers" if e.is_transfer else "Attending"
    block.people(label, lines, AttendancePart.PASSENGER if e.is_transfer else AttendancePart.PARTICIPANT)
    if not lines and not e.guest_count:
        block.row(label, paragraph(muted("Nobody assigned yet"), st.cell), wide=True)
    block.text("" if lines else label, e.guests)
    for line, text in engagement_lines(ctx.plan, e):  # receiving line, photo line-up, signing, speaking
        block.text(line, text)
    block.text("Notes", e.public_notes)
    block.text("Restricted", e.restricted_notes, alert=True)  # "" unless the edition shows restricted notes
    return block.build()


# -- participants ------------------------------------------------------------------------------------


def _participants(ctx: _Context) -> list[Flowable]:
    st = styles()
    story = _h1(Section.PARTICIPANTS)
    first_with: dict[tuple[str, tuple[str, ...]], PersonView] = {}  # travel details -> who has them first
    for side in Side:
        people = [p for p in ctx.attendees if p.side is side]
        if not people:
            continue
        story.append(Bookmark(_key(Section.PARTICIPANTS.value, side.value), SIDE_HEADINGS[side], 1))
        story.append(paragraph(SIDE_HEADINGS[side], st.h2))
        for n, person in enumerate(people):
            if n % 25 == 0:
                ctx.steps.check()
            story.append(Kept(_person_block(ctx, person, first_with)))
    return story


def _person_block(
    ctx: _Context, p: PersonView, first_with: dict[tuple[str, tuple[str, ...]], PersonView]
) -> list[Flowable]:
    """A person: name, role and position in a table, the biography in the author's own paragraphs
    (flowing text that may split across pages between lines, never one line alone), then the
    details this edition shows in a second table. Travel details someone listed earlier has too
    (the delegation's flights, arrival and departure arrangements) are printed once, then named:
    "As for Park Heong-Joon, above" (`first_with` remembers who had them first)."""
    st = styles()
    num_w, label_w, role_w = 9 * mm, 24 * mm, 30 * mm
    widths = [num_w, label_w, FRAME_WIDTH - num_w - label_w - role_w, role_w]
    padding = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    rows: list[list[Any]] = [
        [
            paragraph(str(p.precedence), st.cell_muted),
            para(name_text(p), st.name),
            "",
            paragraph(p.role.label, st.cell_right),
        ]
    ]
    spans: list[tuple[Any, ...]] = [("SPAN", (1, 0), (2, 0))]

    def line(content: Paragraph) -> None:
        spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append(["", content, "", ""])

    addressed = " ".join(x for x in (p.name.form_of_address.strip(), p.name.formal) if x)
    if p.name.form_of_address.strip() or p.name.honorific.strip():
        line(paragraph(f"Address as <b>{markup(addressed)}</b>", st.cell))
    where = position(p)
    if where:
        line(para(where, st.cell_muted))
    head = table(
        rows,
        widths,
        [*padding, ("TOPPADDING", (0, 0), (-1, 0), 6), ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE), *spans],
    )
    story: list[Flowable] = [head]
    story += [para(text, st.biography) for text in paragraphs(p.biography)]

    details: list[list[Any]] = []
    detail_spans: list[tuple[Any, ...]] = []

    def detail(label: str, value: str, alert: bool = False) -> None:
        for n, piece in enumerate(chunks(value)):
            detail_spans.append(("SPAN", (2, len(details)), (3, len(details))))
            details.append(
                ["", paragraph(label if n == 0 else "", st.cell_alert if alert else st.label), para(piece, st.cell), ""]
            )

    # Each field is "" unless the edition shows its class.
    detail("Contact", " · ".join(x for x in (p.phone, p.email) if x))
    detail("Languages", p.languages)

    def travel(label: str, texts: tuple[str, ...]) -> None:
        if not any(texts):
            return
        earlier = first_with.setdefault((label, texts), p)
        if earlier is not p:
            detail(label, f"As for {earlier.name.romanised}, above")
            return
        for text in texts:
            detail(label, text)

    whole = (*p.journeys, p.arrival, p.departure)
    earlier = first_with.setdefault(("Travel", whole), p) if any(whole) else p
    if earlier is not p:  # the same journeys, arrival and departure as someone above: one line
        detail("Travel", f"As for {earlier.name.romanised}, above")
    else:
        travel("Journey", p.journeys)
        travel("Arrival", (p.arrival,))
        travel("Departure", (p.departure,))
    detail("Dietary", p.dietary, alert=True)
    detail("Access needs", p.access_needs, alert=True)
    detail("Notes", p.notes, alert=True)
    if details:
        story.append(table(details, widths, [*padding, *detail_spans]))
    story[-1].spaceAfter = 5.5
    return story


# -- venues ------------------------------------------------------------------------------------------


def _venues(ctx: _Context) -> list[Flowable]:
    st, plan = styles(), ctx.plan
    story = _h1(Section.VENUES)
    if not plan.venues:
        story.append(paragraph("No venues are used yet.", st.muted))
    for venue in plan.venues:
        block: list[Flowable] = [
            Bookmark(_key(Section.VENUES.value, venue.key), venue.label, 1),
            para(venue.label, st.h2),
        ]
        facts = [("Address", venue.address), ("About", venue.description)]
        if venue.time_zone and venue.time_zone != plan.visit.local_time_zone:
            facts.append(("Time zone", venue.time_zone))
        if venue.opening_hours:
            facts.append(("Opening hours", venue.opening_hours))
        if venue.capacity:
            facts.append(("Capacity", f"{venue.capacity} people"))
        facts += [
            ("Access", venue.access_notes),
            ("Site contact", " · ".join(x for x in (venue.site_contact, venue.site_contact_phone) if x)),
        ]
        # the rooms on one line each ("Atrium, 200 seats: notes"), not a table of their own
        facts += [("Room" if n == 0 else "", _room_line(r)) for n, r in enumerate(venue.rooms)]
        shown = [(k, v) for k, v in facts if v]
        if shown:  # a venue known by its name only has no facts (an empty table would not build)
            block.append(facts_table(shown))
        used = [e for e in plan.engagements if e.venue is venue and not e.is_transfer]
        if used:
            block.append(paragraph("Engagements here", st.h3))
            for e in used:
                block.append(
                    rich(
                        [
                            (plan.when(e.start, e.end), "{}"),
                            (e.title, " <b>{}</b>"),
                            (e.room.name if e.room else "", f' <font color="{MUTED_HEX}">({{}})</font>'),
                        ],
                        st.small,
                    )
                )
        story.append(Kept(block))  # a venue on one page where it fits: no line left behind
    return story


def _room_line(room: RoomView) -> str:
    """ "Atrium, 200 seats: notes"."""
    text = room.name + (f", {room.capacity} seats" if room.capacity else "")
    return f"{text}: {room.notes}" if room.notes else text


# -- contacts ----------------------------------------------------------------------------------------

CONTACT_ROLES = {Role.LIAISON, Role.INTERPRETER, Role.DRIVER, Role.SECURITY, Role.PHOTOGRAPHER}


def _contacts(ctx: _Context) -> list[Flowable]:
    st, plan = styles(), ctx.plan
    story = _h1(Section.CONTACTS)
    team = [p for p in ctx.attendees if p.side is Side.STAFF or p.role in CONTACT_ROLES]
    lead = min(
        (p for p in team if p.role is Role.LIAISON), key=lambda p: (p.side is not Side.STAFF, p.sort_key), default=None
    )
    number = markup(emergency_number(plan.visit.local_time_zone))
    text = f"<b>In an emergency</b> call the emergency services on <b>{number}</b>"
    if lead is not None:
        text += f", then contact the visit's liaison officer, <b>{markup(lead.name.romanised)}</b>"
        text += f" ({markup(lead.title)})" if lead.title else ""
        text += f" on <b>{markup(lead.phone)}</b>" if lead.phone else ""
    story.append(paragraph(text + ".", st.notice))
    if team:
        story.append(paragraph("Visit team", st.h2))
        if ctx.shows(Privacy.RESTRICTED):
            rows = [
                [
                    paragraph(name_markup(p), st.cell),
                    paragraph(p.role.label, st.cell_muted),
                    para(p.phone or "–", st.cell),
                    para(p.email or "–", st.cell_muted),
                ]
                for p in team
            ]
            story.append(
                grid(["Name", "Role", "Phone", "E-mail"], rows, [62 * mm, 28 * mm, 36 * mm, FRAME_WIDTH - 126 * mm])
            )
        else:
            rows = [
                [
                    paragraph(name_markup(p), st.cell),
                    paragraph(p.role.label, st.cell_muted),
                    para(position(p), st.cell_muted),
                ]
                for p in team
            ]
            story.append(grid(["Name", "Role", "Position"], rows, [62 * mm, 28 * mm, FRAME_WIDTH - 90 * mm]))
    if plan.vehicles:
        story.append(paragraph("Vehicles and drivers", st.h2))
        rows = [
            [
                para(v.label, st.cell),
                para(v.registration or "–", st.cell),
                paragraph(str(v.capacity) if v.capacity else "–", st.cell_right),
                paragraph(name_markup(v.driver, bold=False), st.cell) if v.driver else paragraph("–", st.cell),
                para(v.driver.phone if v.driver and v.driver.phone else "–", st.cell),
            ]
            for v in plan.vehicles
        ]
        story.append(
            grid(
                ["Vehicle", "Registration", "Seats", "Driver", "Driver's phone"],
                rows,
                [48 * mm, 26 * mm, 14 * mm, 50 * mm, FRAME_WIDTH - 138 * mm],
                numeric=(2,),
            )
        )
    sites = [v for v in plan.venues if v.site_contact or v.site_contact_phone]
    if sites:
        story.append(paragraph("Venue site contacts", st.h2))
        rows = [
            [para(v.label, st.cell), para(v.site_contact or "–", st.cell), para(v.site_contact_phone or "–", st.cell)]
            for v in sites
        ]
        story.append(grid(["Venue", "Contact", "Phone"], rows, [72 * mm, 58 * mm, FRAME_WIDTH - 130 * mm]))
    if not ctx.shows(Privacy.RESTRICTED):
        story.append(Spacer(1, 4 * mm))
        story.append(paragraph("Telephone numbers are not given in this edition.", st.small_muted))
    return story


# -- changes -----------------------------------------------------------------------------------------


def _changes(ctx: _Context, session: Session) -> list[Flowable]:
    st, plan = styles(), ctx.plan
    story = _h1(Section.CHANGES)
    if ctx.base_number <= 0:
        story.append(
            paragraph(
                "This is the first issue of the pack: there is no earlier issue to compare with."
                if not ctx.draft
                else "No issue of the pack has been recorded yet: this draft will become the first issue.",
                st.body,
            )
        )
        return story
    if ctx.base is None:
        story.append(
            paragraph(
                f"Issue {ctx.base_number} was not recorded with a snapshot of the plan, so the "
                "changes since it cannot be listed.",
                st.body,
            )
        )
        return story
    base = ctx.base
    when = base.issued_at.astimezone(plan.local)
    intro = f"Compared with <b>Issue {base.number}</b> of {when.day} {when:%B %Y}"
    if base.issued_by:  # "" unless the edition shows internal information
        intro += f" (recorded by {markup(base.issued_by)})"
    story.append(paragraph(intro + ".", st.body))
    changes: list[PlanChange] = compare_plans(
        base.snapshot, current_snapshot(session, plan.visit.id), plan.access, plan.local
    )
    if not changes:
        story.append(paragraph("No changes to the programme since that issue.", st.muted))
        return story
    rows = [
        [
            paragraph(f"<b>{markup(c.what)}</b>", st.cell),
            paragraph(markup(c.title) + (f"<br/>{muted(markup(c.day))}" if c.day else ""), st.cell),
            para(c.before or "–", st.cell_muted),
            para(c.after or "–", st.cell),
        ]
        for c in changes
    ]
    story.append(
        grid(["Change", "Engagement", "Before", "Now"], rows, [27 * mm, 55 * mm, 46 * mm, FRAME_WIDTH - 128 * mm])
    )
    return story


__all__ = [
    "Section",
    "build_briefing_pack",
    "write_briefing_pack",
]
