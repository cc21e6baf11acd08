"""Names written in one cell: Hangul family-first, two-syllable family names, romanised orders, titles."""

from __future__ import annotations

import pytest

from visitplanner.domain.enums import NameOrder
from visitplanner.domain.name_parsing import split_korean, split_name, take_leading


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("박형준", "박", "형준"),
        ("김영", "김", "영"),
        ("남궁민수", "남궁", "민수"),
        ("남궁민", "남궁", "민"),
        ("선우진", "선", "우진"),  # 선 is the usual reading of a three-syllable name
        ("선우용녀", "선우", "용녀"),
        ("황보 관", "황보", "관"),  # the writer's space decides
        ("박형준 님", "박", "형준"),
    ],
)
def test_korean_names_split_family_first(name: str, family: str, given: str) -> None:
    assert split_korean(name) == (family, given)


def test_a_hangul_full_name_is_family_first() -> None:
    parsed = split_name("박형준")
    assert (parsed.family_name, parsed.given_names, parsed.order) == ("박", "형준", NameOrder.FAMILY_FIRST)


@pytest.mark.parametrize(
    ("written", "native", "family", "given", "order"),
    [
        ("Jane Smith", "", "Smith", "Jane", NameOrder.GIVEN_FIRST),
        ("Smith, Jane", "", "Smith", "Jane", NameOrder.GIVEN_FIRST),
        ("PARK Heong-Joon", "", "Park", "Heong-Joon", NameOrder.FAMILY_FIRST),
        ("Heong-Joon PARK", "", "Park", "Heong-Joon", NameOrder.GIVEN_FIRST),
        ("Park Heong-Joon", "박형준", "Park", "Heong-Joon", NameOrder.FAMILY_FIRST),
        ("Heong-Joon Park", "박형준", "Park", "Heong-Joon", NameOrder.GIVEN_FIRST),
        ("Namgung Minsu", "남궁민수", "Namgung", "Minsu", NameOrder.FAMILY_FIRST),
        ("Jean-Paul de la Tour", "", "Tour", "Jean-Paul de la", NameOrder.GIVEN_FIRST),
    ],
)
def test_romanised_orders(written: str, native: str, family: str, given: str, order: NameOrder) -> None:
    parsed = split_name(written, native)
    assert (parsed.family_name, parsed.given_names, parsed.order) == (family, given, order)


def test_leading_titles_and_forms_of_address_are_taken_off() -> None:
    assert take_leading("His Excellency Dr Kim Min-seo") == ("His Excellency", "Dr", "Kim Min-seo")
    assert take_leading("Professor Helen Marsh") == ("", "Professor", "Helen Marsh")
    assert take_leading("Drew Barrymore") == ("", "", "Drew Barrymore")  # not "Dr" + "ew"
    assert take_leading("Lord") == ("", "", "Lord")  # a one-word name stays a name
    parsed = split_name("Dr. Jane Smith")
    assert (parsed.honorific, parsed.family_name) == ("Dr.", "Smith")


def test_a_title_is_looked_for_only_after_a_character_one_can_begin_with() -> None:
    """take_leading skips its patterns for a name whose first character no title begins with:
    that set is exactly what the patterns' case-insensitive matching lets begin one."""
    import re

    from visitplanner.domain.name_parsing import _INITIALS, FORMS_OF_ADDRESS, HONORIFICS

    firsts = "".join(sorted({w[0] for w in FORMS_OF_ADDRESS + HONORIFICS}))
    pattern = re.compile(f"[{re.escape(firsts)}]", re.IGNORECASE)
    matching = {chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and pattern.match(chr(c))}
    assert matching <= _INITIALS
    assert take_leading("ſir John Smith") == ("", "ſir", "John Smith")  # the long s, as the pattern reads it
    assert take_leading("  박형준\t 님 ") == ("", "", "박형준 님")
