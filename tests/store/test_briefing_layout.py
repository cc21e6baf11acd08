"""The briefing pack's typography and layout: the author's paragraphs, the run sheet's cards and
day headings, groups named once, no lonely lines, and the demo's host pack within its page budget."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlalchemy.orm import Session

from visitplanner.exporters.briefing import build_briefing_pack
from visitplanner.exporters.pdf_text import paragraphs
from visitplanner.store.queries import attendees_of

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
