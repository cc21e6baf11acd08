"""Content lines at the byte level: folding at 75 octets without splitting UTF-8, escaping, quoting."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from visitplanner.exporters.ical_text import ContentLines, escape_text, fold, param_value

HANGUL = "부산광역시장 박형준 리버풀 시티 리전 방문 양해각서 서명식 "


def unfold(text: str) -> str:
    return re.sub(r"\r\n[ \t]", "", text)


def physical_lines(folded: str) -> list[bytes]:
    return folded.encode("utf-8").split(b"\r\n")


def test_short_lines_are_left_alone() -> None:
    assert fold("SUMMARY:Welcome dinner") == "SUMMARY:Welcome dinner"
    line = "X" * 75
    assert fold(line) == line


def test_a_76_octet_line_folds_into_75_and_a_continuation() -> None:
    folded = fold("X" * 76)
    assert physical_lines(folded) == [b"X" * 75, b" X"]


def test_hangul_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + HANGUL * 6
    folded = fold(line)
    pieces = physical_lines(folded)
    assert len(pieces) > 3
    for piece in pieces:
        assert len(piece) <= 75
        piece.decode("utf-8")  # each physical line is whole UTF-8 on its own
    assert all(p.startswith(b" ") for p in pieces[1:])
    assert unfold(folded) == line
    # every physical line but the last is filled as far as a whole character allows
    for piece in pieces[:-1]:
        assert len(piece) >= 73


def test_a_fold_never_lands_inside_a_three_octet_character_at_any_offset() -> None:
    for prefix in range(0, 6):
        line = "D" * prefix + "한" * 60
        for piece in physical_lines(fold(line)):
            assert len(piece) <= 75
            piece.decode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400))
def test_folding_any_text_round_trips_and_respects_the_limit(text: str) -> None:
    line = "DESCRIPTION:" + text
    folded = fold(line)
    for piece in physical_lines(folded):
        assert len(piece) <= 75
        piece.decode("utf-8")
    assert unfold(folded) == line


def test_text_escaping_follows_rfc_5545() -> None:
    assert escape_text("a,b;c\\d") == "a\\,b\\;c\\\\d"
    assert escape_text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour"
    assert escape_text("tab\there") == "tab\there"
    assert escape_text("bell\x07 and del\x7f dropped") == "bell and del dropped"
    assert escape_text('박형준: "quoted"') == '박형준: "quoted"'


def test_parameter_values_are_quoted_when_needed_and_encoded_as_rfc_6868_says() -> None:
    assert param_value("Park Heong-Joon (박형준)") == "Park Heong-Joon (박형준)"
    assert param_value("Park Heong-Joon (박형준)", always_quote=True) == '"Park Heong-Joon (박형준)"'
    assert param_value("Smith, Jane") == '"Smith, Jane"'
    assert param_value('The "Boss"; CEO') == "\"The ^'Boss^'; CEO\""
    assert param_value("two\nlines\r\nand^caret\x07") == "two^nlines^nand^^caret"
    assert param_value("back\\slash\\") == "back\uff3cslash\uff3c"


def test_content_lines_end_every_line_with_crlf() -> None:
    lines = ContentLines()
    lines.add("BEGIN", "VCALENDAR")
    lines.text("SUMMARY", "가" * 40)
    lines.add("END", "VCALENDAR")
    data = lines.to_bytes()
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
