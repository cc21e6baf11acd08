"""The briefing pack's typography and layout: the author's paragraphs, the run sheet's cards and
day headings, groups named once, no lonely lines, and the demo's host pack within its page budget."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from visitplanner.domain.enums import Side
from visitplanner.domain.timerange import zone
from visitplanner.exporters import briefing
from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.exporters.pdf_text import paragraphs
from visitplanner.services import issues
from visitplanner.services.demo import SLUG, build_demo
from visitplanner.store.queries import attendees_of, engagements_of, find_visit

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)


def squash(text: str) -> str:
    return "".join(text.split())


def line_positions(data: bytes, needle: str) -> list[tuple[int, float, str]]:
    """(page, baseline y, text) of every text line of the PDF holding `needle`, in reading order."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, _size: object, page_no: int = number
        ) -> None:
            if needle in text:  # the baseline on the page: the text matrix through the current matrix
                found.append((page_no, round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1), text))

        page.extract_text(visitor_text=visit)
    return found


def test_paragraphs_are_the_authors_blank_line_separated_blocks() -> None:
    assert paragraphs("") == [] and paragraphs(" \n\n \t\n") == []
    assert paragraphs("one\ntwo") == ["one\ntwo"]  # a line break stays inside its paragraph
    assert paragraphs("one\n\ntwo\n \n\n\nthree") == ["one", "two", "three"]
    assert paragraphs("a\r\n\r\nb") == ["a", "b"]
    long = "word " * 400
    assert paragraphs(long + "\n\nend") == [long.strip(), "end"]  # never cut, however long


def test_a_biography_keeps_the_authors_paragraphs_and_no_others(
    session: Session, create_visit, create_attendee
) -> None:
    visit = create_visit()
    create_attendee(visit, "Bio")
    first = " ".join(f"first{n:03d}" for n in range(150))  # about 1,300 characters: once cut every ~480
    second = " ".join(f"second{n:03d}" for n in range(20))
    attendees_of(session, visit)[0].person.biography = f"{first}\n\n{second}"
    session.flush()
    data = build_briefing_pack(session, visit, sections={"participants"}, now=NOW)
    lines = [(page, y) for page, y, _ in line_positions(data, "first")]
    assert len(lines) >= 8
    gaps = {round(a[1] - b[1], 1) for a, b in itertools.pairwise(lines) if a[0] == b[0]}
    assert len(gaps) == 1, gaps  # one paragraph: every line at the same leading, no fake paragraph gap
    (leading,) = gaps
    last_first = lines[-1]
    (first_second,) = {(p, y) for p, y, _ in line_positions(data, "second000")}
    assert first_second[0] == last_first[0]
    assert last_first[1] - first_second[1] > leading + 1  # the author's break shows as a paragraph break


# -- the demo's packs ---------------------------------------------------------------------------------

FURNITURE = re.compile(r"^(OFFICIAL(-SENSITIVE)?|Page \d+ of \d+|DRAFT)$")


@dataclass(frozen=True)
class Pack:
    pages: list[str]
    outline: dict[str, int]  # bookmark title -> page index

    @classmethod
    def of(cls, data: bytes) -> Pack:
        reader = PdfReader(io.BytesIO(data))
        outline: dict[str, int] = {}

        def walk(items: list[Any]) -> None:
            for entry in items:
                if isinstance(entry, list):
                    walk(entry)
                else:
                    outline.setdefault(entry.title, reader.get_destination_page_number(entry))

        walk(reader.outline)
        return cls([p.extract_text() for p in reader.pages], outline)

    def section(self, first: str, last: str) -> list[str]:
        """The pages from bookmark `first` up to and including the page bookmark `last` starts on."""
        return self.pages[self.outline[first] : self.outline[last] + 1]


def body_lines(page: str, visit_title: str) -> list[str]:
    """A page's lines without its furniture (marking, running header, footer, page number)."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not FURNITURE.match(line)
        and visit_title not in line
        and not line.startswith("Briefing pack ·")
        and " edition · " not in line
    ]


@pytest.fixture
def demo(session: Session) -> int:
    build_demo(session)
    return find_visit(session, SLUG).id


def test_the_demo_host_pack_is_two_thirds_of_its_old_length_and_drops_nothing(session: Session, demo: int) -> None:
    """21 pages before the run sheet named parties once and kept its cards whole; at most 14 now,
    drafted and issued, with every engagement, attendee and marking still there."""
    draft = build_briefing_pack(session, demo, edition="Host", now=NOW)
    issues.record_issue(session, demo, now=NOW)
    issued = build_briefing_pack(session, demo, edition="Host", now=NOW)
    for data in (draft, issued):
        pack = Pack.of(data)
        assert len(pack.pages) <= 14, len(pack.pages)
        flat = squash("".join(pack.pages))
        for e in engagements_of(session, demo):
            assert squash(e.title) in flat, e.title
        for a in attendees_of(session, demo):
            assert squash(a.person.name.romanised) in flat, a.person.name.romanised
            if a.person.name.native_name:
                assert a.person.name.native_name in flat
        assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pack.pages)


@pytest.mark.parametrize("edition", ["Host", "Delegation", "Public"])
def test_no_page_holds_a_single_line(session: Session, demo: int, edition: str) -> None:
    pack = Pack.of(build_briefing_pack(session, demo, edition=edition, now=NOW))
    title = find_visit(session, SLUG).title
    for number, page in enumerate(pack.pages, start=1):
        assert len(body_lines(page, title)) >= 3, (number, body_lines(page, title))


def test_the_run_sheet_repeats_the_day_on_every_page_and_keeps_each_card_whole(session: Session, demo: int) -> None:
    pack = Pack.of(build_briefing_pack(session, demo, edition="Host", now=NOW))
    pages = pack.section("Day-by-day run sheet", "Participants")
    assert len(pages) >= 3
    for number, page in enumerate(pages[:-1]):
        assert re.search(r"Day \d: \w+day \d+ May 2027", page), number  # the heading, or "(continued)"
    assert sum("(continued)" in page for page in pages) >= len(pages) - 3  # beyond each day's first page
    run_sheet = squash("".join(pages))
    for e in engagements_of(session, demo):
        start = e.start_at.astimezone(zone("Europe/London"))
        end = e.end_at.astimezone(zone("Europe/London"))
        head = squash(f"{start:%H:%M}–{end:%H:%M}{e.title}")
        assert run_sheet.count(head) == 1, e.title  # a card cut by a page would repeat its first row


def test_parties_are_named_once_and_point_to_their_members(
    session: Session, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = Pack.of(build_briefing_pack(session, demo, edition="Host", now=NOW))
    pages = pack.section("Day-by-day run sheet", "Participants")
    first = squash(pages[0])
    visiting = [a for a in attendees_of(session, demo) if a.side is Side.VISITING]
    members = ",".join(squash(a.person.name.romanised) for a in visiting)
    assert f"Fulldelegation({len(visiting)}):" in first
    assert all(squash(a.person.name.romanised) in first for a in visiting), members
    page_of_list = pack.outline["Day-by-day run sheet"] + 1
    run_sheet = squash("".join(pages))
    named = run_sheet.count(squash(f"Full delegation, {len(visiting)} people, see page {page_of_list}"))
    assert named >= 5  # the delegation goes about together
    # the same pack without parties lists Kim Min-seo on each of those cards again
    monkeypatch.setattr(briefing, "find_parties", lambda *_: [])
    plain = Pack.of(build_briefing_pack(session, demo, edition="Host", now=NOW))
    without = squash("".join(plain.section("Day-by-day run sheet", "Participants")))
    assert "Fulldelegation" not in without
    assert run_sheet.count("KimMin-seo") <= without.count("KimMin-seo") - named + 1
