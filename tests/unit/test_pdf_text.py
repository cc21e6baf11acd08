"""PDF building blocks: escaping user text, fonts, field access by privacy class, plan comparison."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from visitplanner.domain.enums import Privacy
from visitplanner.domain.hours import OpeningHours
from visitplanner.exporters.pdf_changes import compare_plans
from visitplanner.exporters.pdf_fonts import fonts
from visitplanner.exporters.pdf_page import Furniture, Metadata, Steps, render
from visitplanner.exporters.pdf_plan import FieldAccess, hours_text
from visitplanner.exporters.pdf_styles import para, styles
from visitplanner.exporters.pdf_text import (
    chunks,
    clean,
    collecting_missing,
    embolden,
    fit_text,
    markup,
    missing_glyphs,
    plain,
)
from visitplanner.store.models import (
    Attendance,
    Attendee,
    Base,
    BriefingIssue,
    Engagement,
    Person,
    Room,
    Vehicle,
    Venue,
)

HOSTILE = [
    "Kim & Lee <Ltd>",
    "<img src=/etc/passwd>",
    "</para>",
    "<b>unclosed",
    "R&D",
    "a < b > c",
    "&amp;",
    '<font color="red">x</font>',
    "<br/>",
    "]]> <![CDATA[",
    "&#0;",
]


def extract(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_escapes_what_reportlab_would_parse(text: str) -> None:
    result = markup(text)
    assert "<" not in result.replace("<br/>", "") or "<font face=" in result
    Paragraph(result, styles().body).wrap(200, 1000)  # parses without raising


def test_hostile_text_prints_literally() -> None:
    data, pages = render(
        [para(text, styles().body) for text in HOSTILE],
        furniture=Furniture("M"),
        metadata=Metadata("t", "s"),
        created=datetime(2027, 5, 1, tzinfo=UTC),
        steps=Steps(),
    )
    text = extract(data)
    assert pages == 1
    for hostile in HOSTILE:
        assert hostile in text


def test_line_breaks_become_breaks_and_control_characters_go() -> None:
    assert markup("one\r\ntwo\rthree\nfour") == "one<br/>two<br/>three<br/>four"
    assert clean("a\x00b\x07c\td") == "abc d"
    assert plain("  a \n b\t c ") == "a b c"


def test_characters_missing_from_the_bundled_font_use_the_fallback_font() -> None:
    if not fonts().fallback:
        pytest.skip("no fallback font (DejaVu Sans) on this machine")
    assert markup("박형준 ✓") == (
        '<font face="VisitPlanner-Hangul">박형준 </font><font face="VisitPlanner-Fallback">✓</font>'
    )
    assert "VisitPlanner-Fallback" not in markup("Kim & Lee 박형준 — “quoted” £81 é")


def test_emoji_keep_their_text_in_the_pdf() -> None:
    if not fonts().fallback:
        pytest.skip("no fallback font (DejaVu Sans) on this machine")
    data, _ = render(
        [para("Cheers 😀 and ✓", styles().body)],
        furniture=Furniture(""),
        metadata=Metadata("t", "s"),
        created=datetime(2027, 5, 1, tzinfo=UTC),
        steps=Steps(),
    )
    assert "Cheers 😀 and ✓" in extract(data)  # the font map writes U+1F600 as UTF-16


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_text_makes_a_valid_paragraph(text: str) -> None:
    Paragraph(markup(text), styles().body).wrap(150, 10_000)


def test_long_text_is_cut_into_rows_at_line_breaks_or_between_words() -> None:
    assert chunks("") == [] and chunks("  \n ") == []
    assert chunks("one\ntwo") == ["one\ntwo"]
    words = " ".join(f"word{n}" for n in range(400))
    pieces = chunks(words, limit=100)
    assert all(len(p) <= 100 for p in pieces) and " ".join(pieces) == words
    lines = "\n".join(["x" * 60] * 5)
    assert chunks(lines, limit=130) == ["\n".join(["x" * 60] * 2)] * 2 + ["x" * 60]
    assert chunks("y" * 250, limit=100) == ["y" * 100, "y" * 100, "y" * 50]  # no space: cut anyway


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=600))
def test_chunks_keep_every_word(text: str) -> None:
    assert "".join("".join(chunks(text, limit=40)).split()) == "".join(text.split())


def test_fit_text_cuts_with_an_ellipsis() -> None:
    assert fit_text("short", 8, 200) == "short"
    cut = fit_text("a very long running header " * 10, 8, 100)
    assert cut.endswith("…") and len(cut) < 60


def test_hours_are_grouped_by_runs_of_days() -> None:
    assert hours_text(OpeningHours.parse("mon-fri 08:00-18:00")) == "Mon–Fri 08:00–18:00"
    assert hours_text(OpeningHours.parse("mon-sun 00:00-00:00")) == "Open all day, every day"
    assert (
        hours_text(OpeningHours.parse("mon-fri 08:00-18:00; sat 10:00-14:00")) == "Mon–Fri 08:00–18:00; Sat 10:00–14:00"
    )
    assert hours_text(OpeningHours({})) == "Closed"
    assert hours_text(OpeningHours({"sat": ((time(22), time(2)),)})) == "Sat 22:00–02:00"


# -- field access ------------------------------------------------------------------------------------


def test_public_access_refuses_every_column_that_is_not_public() -> None:
    public = FieldAccess(Privacy.PUBLIC)
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            assert public.allows_column(column) == (column.info["privacy"] is Privacy.PUBLIC), column


def test_restricted_access_allows_everything() -> None:
    everything = FieldAccess(Privacy.RESTRICTED)
    assert all(everything.allows_column(c) for t in Base.metadata.sorted_tables for c in t.columns)


def test_relationships_follow_the_privacy_of_their_optional_foreign_keys() -> None:
    public = FieldAccess(Privacy.PUBLIC)
    assert public.allows(Engagement, "venue") and public.allows(Engagement, "room")
    assert not public.allows(Engagement, "vehicle")  # which car carries whom is internal
    assert not public.allows(Vehicle, "driver")
    # mandatory links are what a row is: an attendance is an attendee at an engagement
    assert public.allows(Engagement, "attendances") and public.allows(Attendance, "attendee")
    assert public.allows(Attendee, "person") and public.allows(Venue, "rooms") and public.allows(Room, "venue")
    assert FieldAccess(Privacy.INTERNAL).allows(Engagement, "vehicle")


def test_grants_add_single_columns() -> None:
    access = FieldAccess(Privacy.INTERNAL, (Person.phone,))
    assert access.allows(Person, "phone") and access.allows(Person, "email")
    assert not access.allows(Person, "dietary") and not access.allows(Person, "access_needs")
    assert not access.allows(Engagement, "restricted_notes")


def test_withheld_values_read_as_empty() -> None:
    person = Person(family_name="Kim", phone="+82 1", dietary="Vegan", biography="Bio")
    public = FieldAccess(Privacy.PUBLIC)
    assert public.text(person, "phone") == "" and public.text(person, "dietary") == ""
    assert public.text(person, "biography") == "Bio"
    assert public.value(person, "notes") is None


def test_every_snapshot_field_names_a_real_column() -> None:
    access = FieldAccess(Privacy.PUBLIC)
    shown = {name for name, source in BriefingIssue.SNAPSHOT_SOURCES.items() if access.allows_source(source)}
    assert shown == set(BriefingIssue.SNAPSHOT_SOURCES) - {"vehicle", "origin"}  # movements


# -- changes since the previous issue ------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def item(title: str, start: str, end: str, **overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": title,
        "kind": "meeting",
        "status": "confirmed",
        "start": f"2027-05-11T{start}:00+00:00",
        "end": f"2027-05-11T{end}:00+00:00",
        "venue": "Hall (H)",
        "room": None,
        "origin": None,
        "vehicle": None,
        "attendances": {"1": "participant"},
    }
    base.update(overrides)
    return base


OLD = {
    "format": 1,
    "attendees": {"1": "Park", "2": "Kim", "3": "Lee"},
    "engagements": {
        "a": item("Lunch", "11:00", "12:00"),
        "b": item("Tour", "13:00", "14:00"),
        "c": item("Signing", "14:00", "15:00", attendances={"1": "signatory", "2": "witness"}),
        "d": item("Transfer", "15:00", "15:30", kind="transfer", vehicle="Car 1"),
        "e": item("Dinner", "18:00", "20:00"),
    },
}
NEW = {
    "format": 1,
    "attendees": {"1": "Park", "2": "Kim", "4": "Choi"},
    "engagements": {
        "a": item("Lunch", "11:30", "12:30"),  # moved
        "b": item("Tour", "13:00", "14:00", status="cancelled"),
        "c": item("Signing", "14:00", "15:00", attendances={"1": "signatory", "4": "witness"}),
        "d": item("Transfer", "15:00", "15:30", kind="transfer", vehicle="Car 2", venue="Airport (MAN)"),
        "f": item("Press call", "16:00", "16:30"),
    },
}


def test_compare_lists_moves_cancellations_additions_and_reassignments() -> None:
    changes = compare_plans(OLD, NEW, FieldAccess(Privacy.RESTRICTED), LONDON)
    found = {(c.what, c.title) for c in changes}
    assert found == {
        ("Moved", "Lunch"),
        ("Cancelled", "Tour"),
        ("Reassigned", "Signing"),
        ("Vehicle changed", "Transfer"),
        ("Venue changed", "Transfer"),
        ("Added", "Press call"),
        ("Removed", "Dinner"),
        ("Participant added", "Choi"),
        ("Participant removed", "Lee"),
    }
    moved = next(c for c in changes if c.what == "Moved")
    assert moved.before == "Tue 11 May 12:00–13:00" and moved.after == "Tue 11 May 12:30–13:30"  # BST
    reassigned = next(c for c in changes if c.what == "Reassigned")
    assert reassigned.before == "Kim (witness)" and reassigned.after == "Choi (witness)"
    assert [c.title for c in changes][:2] == ["Lunch", "Tour"]  # time order


def test_compare_hides_changes_the_edition_may_not_see() -> None:
    changes = compare_plans(OLD, NEW, FieldAccess(Privacy.PUBLIC), LONDON)
    assert not any(c.what == "Vehicle changed" for c in changes)
    assert not any("Car" in c.before + c.after for c in changes)


def test_compare_of_identical_plans_is_empty() -> None:
    assert compare_plans(NEW, NEW, FieldAccess(Privacy.RESTRICTED), LONDON) == []


def test_each_word_is_set_in_one_font_that_has_all_its_glyphs() -> None:
    assert markup("Recep Erdoğan") == "Recep Erdoğan"  # Latin text is set in Noto Sans, the document face
    # a Cyrillic name stays in one design, even where NanumGothic has some of its letters
    assert markup("Өлзийсайхан Батбаяр") == "Өлзийсайхан Батбаяр"
    assert markup("习近平") == '<font face="VisitPlanner-CJK">习近平</font>'
    assert markup("박형준") == '<font face="VisitPlanner-Hangul">박형준</font>'
    assert markup("박형준 (Park)") == '<font face="VisitPlanner-Hangul">박형준 </font>(Park)'
    assert markup("नरेन्द्र मोदी") == '<font face="VisitPlanner-Devanagari">नरेन्द्र मोदी</font>'
    assert markup("e\u0301") == "é"  # composed first: one glyph, not a combining accent


def test_a_backslash_is_never_set_in_nanumgothic_which_draws_it_as_a_won_sign() -> None:
    assert markup("C:\\Users £5 – ‘quoted’") == "C:\\Users £5 – ‘quoted’"  # all in Noto Sans
    assert markup("부산\\서울") == (
        '<font face="VisitPlanner-Hangul">부산</font>\\<font face="VisitPlanner-Hangul">서울</font>'
    )
    # NanumGothic's en dash is hardly longer than its hyphen: a range's dash is Noto Sans's
    assert markup("11일–12일") == (
        '<font face="VisitPlanner-Hangul">11일</font>–<font face="VisitPlanner-Hangul">12일</font>'
    )


def test_right_to_left_words_are_set_in_drawing_order() -> None:
    # each word stays in reading order (HarfBuzz draws it right to left); the words run right to left
    assert markup("محمد بن سلمان") == '<font face="VisitPlanner-Arabic">سلمان بن محمد</font>'
    assert markup("Ali علي حسن Smith") == 'Ali <font face="VisitPlanner-Arabic">حسن علي </font>Smith'
    # a number after Arabic words reads as part of them (left of them); before them it stays put
    assert markup("شارع 12 London") == '12 <font face="VisitPlanner-Arabic">شارع </font>London'
    assert markup("Flat 12 شارع") == 'Flat 12 <font face="VisitPlanner-Arabic">شارع</font>'
    assert markup("בנימין נתניהו") == '<font face="VisitPlanner-Hebrew">נתניהו בנימין</font>'


def test_bold_text_sets_the_chosen_fonts_bold() -> None:
    assert embolden(f"<b>{markup('박형준')}</b> {markup('박형준')}") == (
        '<b><font face="VisitPlanner-Hangul-Bold">박형준</font></b> <font face="VisitPlanner-Hangul">박형준</font>'
    )
    assert embolden(markup("박형준"), bold=True) == '<font face="VisitPlanner-Hangul-Bold">박형준</font>'


def test_characters_no_font_has_are_reported() -> None:
    assert missing_glyphs("Kim \U0001fae0 박형준") == {"\U0001fae0"}
    assert missing_glyphs("नरेन्द्र मोदी \u200d\ufe0f") == set()  # joiners and variation selectors draw nothing
    with collecting_missing() as found:
        markup("a \U0001fae0")
        markup("fine")
    assert found == {"a \U0001fae0": {"\U0001fae0"}}
